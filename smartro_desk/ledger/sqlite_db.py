"""The single-desk ledger: a SQLite file in WAL mode (the default)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from smartro_desk.ledger.backend import EVERY_KIND, Database, LedgerBusy, Listener, Row
from smartro_desk.tasks import CancelToken, Cancelled

_CHECK_EVERY = 20_000  # SQLite virtual machine steps between cancel checks
_GATE_WAIT = 2.0  # seconds to wait for writers to pause before reading on two connections
_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default


class SQLiteDatabase(Database):
    """One SQLite connection; SQLite's own locking serialises several processes on one file."""

    dialect = "sqlite"

    def __init__(self, path: Path | str, *, busy_timeout_ms: int = 10_000, read_only: bool = False,
                 cache_kib: int = 65_536) -> None:
        super().__init__()
        self.path = str(path)
        self._conn = _connect(self.path, busy_timeout_ms / 1000, cache_kib)
        self._deferring = 0  # checkpoints_deferred blocks open
        self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if self.path != ":memory:" and not read_only:
            self._conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit is on disk before the statement after it runs. With NORMAL, WAL commits since the last
        # checkpoint may roll back after a power cut, and a cancel's intent (committed, then sent) with them:
        # the TID would come back cancellable and a partial cancel could be sent twice.
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        if read_only:
            self._conn.execute("PRAGMA query_only = 1")

    @property
    def url(self) -> str:
        return self.path

    @property
    def in_memory(self) -> bool:
        return self.path == ":memory:"

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def checkpoints_deferred(self) -> Iterator[None]:
        # SQLite copies the WAL into the file at the commit that grows it past 1,000 pages: for a million-line
        # import, 2 GB and 11 s of the import's time (measured), while the person waits for the report.
        if self.in_memory:
            yield
            return
        with self._lock:
            self._deferring += 1
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            with self._lock:
                self._deferring -= 1
                if not self._deferring:
                    self._conn.execute(f"PRAGMA wal_autocheckpoint = {_AUTOCHECKPOINT_PAGES}")

    def checkpoint(self) -> None:
        if self.in_memory:
            return
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # as far as readers allow, waiting for no one
        finally:
            conn.close()

    def _begin_write(self) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LedgerBusy(f"원장을 다른 프로그램이 사용 중입니다: {exc}") from exc

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            return int(self._conn.execute(sql, params).lastrowid or 0)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        with self._lock:
            return self._conn.executemany(sql, rows).rowcount

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[Row]]:
        with self._lock:
            cur = self._conn.execute(sql, params)
            return [d[0] for d in cur.description or ()], cur.fetchall()

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 65_536) -> Iterator[list[Row]]:
        with self._lock:
            cur = self._conn.execute(sql, params)
            while batch := cur.fetchmany(size):
                yield batch

    def insert_new(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], key: str) -> dict[Any, int]:
        # Writers are serialised (BEGIN IMMEDIATE), so ids are handed out here: no lookup after the insert
        # unless the constraint skipped a row (the count says so).
        at = columns.index(key)
        with self._lock:
            next_id = int(self._conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]) + 1
            ids = {row[at]: next_id + n for n, row in enumerate(rows)}
            marks = ",".join("?" * (len(columns) + 1))
            added = self._conn.executemany(
                f"INSERT INTO {table} (id, {', '.join(columns)}) VALUES ({marks}) ON CONFLICT ({key}) DO NOTHING",
                ((ids[row[at]], *row) for row in rows),
            ).rowcount
            if added < len(ids):
                stored = dict(self._conn.execute(
                    f"SELECT {key}, id FROM {table} WHERE id >= ?", (next_id,)
                ).fetchall())
                ids = {k: i for k, i in ids.items() if stored.get(k) == i}
        return ids

    def insert_or_ignore(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], key: str) -> None:
        marks = ",".join("?" * len(columns))
        self.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT ({key}) DO NOTHING", rows
        )

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows)

    def reader(self, *, cache_kib: int = 16_384) -> Database:
        if self.in_memory:
            return self
        return SQLiteDatabase(self.path, read_only=True, cache_kib=cache_kib)

    def interrupt(self) -> None:
        self._conn.interrupt()

    @contextmanager
    def snapshot(
        self, cancel: CancelToken | None = None, *, second: bool = False,
    ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection | None]]:
        """With ``second``, a second connection to the same file reads the very same snapshot (for a worker
        thread: SQLite runs queries without the GIL, so two passes share the machine's cores); it is None
        for an in-memory ledger or when writers could not be held off for a moment."""
        with self._lock:
            if self.in_transaction:
                raise RuntimeError("a long read cannot run inside a ledger write")
            other = _connect(self.path, 10, 65_536) if second and not self.in_memory else None
            if other is not None and not _begin_together(self.path, self._conn, other):
                other.close()
                other = None
            if other is None:
                self._conn.execute("BEGIN")
            conns = [c for c in (self._conn, other) if c is not None]
            if cancel is not None:
                for conn in conns:
                    conn.set_progress_handler(lambda: int(cancel.cancelled), _CHECK_EVERY)
            try:
                yield self._conn, other
            except sqlite3.OperationalError:
                if cancel is not None and cancel.cancelled:
                    raise Cancelled("사용자가 작업을 취소했습니다") from None
                raise
            finally:
                for conn in conns:
                    conn.set_progress_handler(None, 0)  # first: a cancelled token would stop the rollback too
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                if other is not None:
                    other.close()

    def watch(self, listener: Listener, *, interval: float = 1.0) -> Callable[[], None]:
        """Polls ``PRAGMA data_version`` on this connection: it changes when another connection commits
        (this one's own writes do not count). SQLite cannot say what changed: every kind is announced."""
        if self.in_memory:
            return lambda: None
        stop = threading.Event()
        seen: list[int] = []

        def version() -> int | None:
            if not self._lock.acquire(blocking=False):
                return None  # busy (a long import): ask again next time
            try:
                return None if self._depth else int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                return None
            finally:
                self._lock.release()

        def poll() -> None:
            while not stop.wait(interval):
                now = version()
                if now is None:
                    continue
                if seen and now != seen[0]:
                    listener(EVERY_KIND)
                seen[:] = [now]

        first = version()
        seen.extend(() if first is None else (first,))
        threading.Thread(target=poll, name="ledger-watch", daemon=True).start()
        return stop.set

    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version") or 0)

    def _apply(self, number: int, script: str) -> None:
        with self._lock:
            try:
                self._conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
            except sqlite3.Error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise


def _connect(path: str, timeout: float, cache_kib: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _begin_together(path: str, *conns: sqlite3.Connection) -> bool:
    """Start each connection's read transaction on one snapshot (no writer can commit in between).

    False, with nothing started, when writers cannot be held off for that moment (a long import
    under way, a read-only file): the run then uses one connection.
    """
    gate = sqlite3.connect(path, timeout=_GATE_WAIT, isolation_level=None)
    try:
        gate.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        gate.close()
        return False
    try:
        for conn in conns:
            conn.execute("BEGIN")
            conn.execute("SELECT COUNT(*) FROM batches").fetchone()  # a read fixes the snapshot
    finally:
        gate.execute("ROLLBACK")
        gate.close()
    return True
