"""The database connection behind the ledger: SQLite now, one small surface.

Everything above this module speaks through ``Database``: ``execute``,
``executemany``, ``query``, ``transaction()``. A PostgreSQL implementation of
the same surface can follow without touching the ledger's logic.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

Row = tuple[Any, ...]


class LedgerBusy(RuntimeError):
    """Another writer held the ledger for longer than the busy timeout."""


class Database:
    """A SQLite connection in WAL mode; every write inside ``transaction()``.

    One connection per ``Database``; a lock serialises its use across threads,
    and SQLite's own locking serialises several processes on one file.
    """

    def __init__(self, path: Path | str, *, busy_timeout_ms: int = 10_000) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        self._conn = sqlite3.connect(
            self.path, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
        self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA temp_store = MEMORY")
        self._conn.execute("PRAGMA cache_size = -65536")

    @property
    def lock(self) -> threading.RLock:
        """Held by whoever is using the connection; re-entrant."""
        return self._lock

    @property
    def url(self) -> str:
        return self.path

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise LedgerBusy(f"원장을 다른 프로그램이 사용 중입니다: {exc}") from exc
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                self._conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self._conn.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns lastrowid (for INSERT) or rowcount."""
        with self._lock:
            cur = self._conn.execute(sql, params)
            return cur.lastrowid if sql.lstrip()[:6].upper() == "INSERT" and cur.rowcount == 1 else cur.rowcount

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        with self._lock:
            return self._conn.executemany(sql, rows).rowcount

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.query_one(sql, params)
        return row[0] if row else None

    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[Row]]:
        """Rows with their column names."""
        with self._lock:
            cur = self._conn.execute(sql, params)
            return [d[0] for d in cur.description or ()], cur.fetchall()

    # -- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version") or 0)

    def migrate(self) -> int:
        """Apply the numbered scripts in ``ledger/migrations`` newer than the ledger; returns the version."""
        scripts = sorted(
            (int(p.name.split("_", 1)[0]), p)
            for p in resources.files("smartro_desk.ledger").joinpath("migrations").iterdir()
            if p.name.endswith(".sql")
        )
        current = self.schema_version()
        newest = scripts[-1][0] if scripts else 0
        if current > newest:
            raise RuntimeError(
                f"이 원장은 더 새로운 버전의 프로그램으로 만들어졌습니다 (스키마 {current} > {newest})."
            )
        for number, script in scripts:
            if number <= current:
                continue
            with self._lock:
                try:
                    self._conn.executescript(
                        "BEGIN IMMEDIATE;\n" + script.read_text("utf-8") + f"\nPRAGMA user_version = {number};\nCOMMIT;"
                    )
                except sqlite3.Error:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            current = number
        return current
