"""The database behind the ledger: one small surface, two implementations.

Everything above this module speaks through ``Database``: ``execute``,
``executemany``, ``query``, ``transaction()`` and a few bulk and snapshot
helpers. SQL is written once, in the dialect both engines share, with ``?``
(or ``:name``) parameters; ``SQLiteDatabase`` runs it as is and
``PostgresDatabase`` translates the parameter marks.

``open_database`` picks the implementation from the location: a
``postgresql://`` URL is a shared PostgreSQL ledger, anything else a SQLite
file (or ``:memory:``).
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from smartro_desk.tasks import CancelToken

Row = tuple[Any, ...]
Listener = Callable[[frozenset[str]], None]
EVERY_KIND = frozenset({"transactions", "batches", "cancels", "audit", "resolutions", "merchants", "orders"})
"""What a watcher reports when it cannot tell what another connection changed."""

_POSTGRES = re.compile(r"^postgres(ql)?(\+psycopg)?://", re.IGNORECASE)


class LedgerBusy(RuntimeError):
    """Another writer held the ledger for longer than the busy timeout."""


class SqlConnection(ABC):
    """The part of a DB-API connection a read snapshot hands out (``execute`` returns a cursor)."""

    @abstractmethod
    def execute(self, sql: str, params: Any = ()) -> Any: ...

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any: ...


def database_errors() -> tuple[type[Exception], ...]:
    """What either backend raises for a failed statement (for ``except`` clauses above the ledger)."""
    import sqlite3

    import psycopg

    return (sqlite3.Error, psycopg.Error)


def is_postgres_url(location: str | Path) -> bool:
    return bool(_POSTGRES.match(str(location)))


def open_database(location: str | Path) -> Database:
    """A connection to the ledger at ``location`` (not migrated: ``Ledger.open`` does that)."""
    if is_postgres_url(location):
        from smartro_desk.ledger.postgres_db import PostgresDatabase

        return PostgresDatabase(str(location))
    from smartro_desk.ledger.sqlite_db import SQLiteDatabase

    return SQLiteDatabase(location)


def display_location(location: str | Path) -> str:
    """The location without a password (for titles, logs and error messages)."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", str(location))


class Database(ABC):
    """One connection to the ledger; every write inside ``transaction()``.

    A lock serialises the connection's use across threads. Writers are
    serialised across processes (and, for PostgreSQL, machines): SQLite's
    ``BEGIN IMMEDIATE``, PostgreSQL's ledger-wide advisory lock.
    """

    dialect: str  # "sqlite" | "postgresql"

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0

    @property
    def lock(self) -> threading.RLock:
        """Held by whoever is using the connection; re-entrant."""
        return self._lock

    @property
    @abstractmethod
    def url(self) -> str:
        """Where the ledger lives: a file path, ``:memory:`` or a PostgreSQL URL."""

    @property
    def in_memory(self) -> bool:
        return False

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @abstractmethod
    def close(self) -> None: ...

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction; nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._begin_write()
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                self._rollback()
                raise
            self._depth = 0
            self._commit()

    @abstractmethod
    def _begin_write(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    # -- statements -------------------------------------------------------------

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""

    @abstractmethod
    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one ``INSERT`` of one row into a table with an ``id`` column; returns that id."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int: ...

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.query_one(sql, params)
        return row[0] if row else None

    @abstractmethod
    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[Row]]:
        """Rows with their column names."""

    @abstractmethod
    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 65_536) -> Iterator[list[Row]]:
        """A query's rows in lists of up to ``size`` (the connection is held until exhausted)."""

    # -- bulk writes ----------------------------------------------------------------

    @abstractmethod
    def insert_new(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], key: str) -> dict[Any, int]:
        """Insert rows whose ``key`` value is not in ``table`` yet; returns key -> new id of those inserted.

        ``key`` is a unique column: a row another writer inserted first is skipped (the
        constraint decides, not a prior lookup) and missing from the answer.
        """

    @abstractmethod
    def insert_or_ignore(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], key: str) -> None:
        """Insert rows, skipping those whose unique ``key`` is already present."""

    @abstractmethod
    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows as given, ids included (copying a ledger)."""

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Let the query planner see how big ``tables`` have grown inside this transaction."""

    def after_bulk_insert(self, tables: Sequence[str]) -> None:
        """After ``bulk_insert`` with ids: make new rows' ids continue after the copied ones."""

    @contextmanager
    def checkpoints_deferred(self) -> Iterator[None]:
        """Commits in this block leave what they wrote in the engine's log, for ``checkpoint`` to move into
        the database later (SQLite's WAL; PostgreSQL checkpoints on its own)."""
        yield

    def checkpoint(self) -> None:
        """Move committed writes from the log into the database, on a connection of its own, blocking
        neither readers nor writers (after ``checkpoints_deferred``)."""

    # -- other connections --------------------------------------------------------------

    @abstractmethod
    def reader(self, *, cache_kib: int = 16_384) -> Database:
        """A new read-only connection to the same ledger (``self`` for an in-memory one)."""

    @abstractmethod
    def interrupt(self) -> None:
        """Stop the statement running on this connection (it raises); a no-op when none runs."""

    @abstractmethod
    def snapshot(
        self, cancel: CancelToken | None = None, *, second: bool = False,
    ) -> AbstractContextManager[tuple[SqlConnection, SqlConnection | None]]:
        """One read snapshot on this connection (and, with ``second``, on a second connection when the
        backend can share it) for a long read; a cancel aborts the running statement."""

    @abstractmethod
    def watch(self, listener: Listener, *, interval: float = 1.0) -> Callable[[], None]:
        """Call ``listener(kinds)`` (from a background thread) when another connection commits a change;
        returns a stop function."""

    def announce(self, kinds: Iterable[str]) -> None:
        """Inside a write: tell other connections' watchers, at commit, what changed (if the backend can)."""

    # -- schema -------------------------------------------------------------------------

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def _apply(self, number: int, script: str) -> None:
        """Run one migration script and record ``number`` as the schema version, atomically."""

    def migrate(self) -> int:
        """Apply the numbered scripts in ``ledger/migrations`` newer than the ledger; returns the version."""
        scripts = migration_scripts(self.dialect)
        current = self.schema_version()
        newest = max(scripts, default=0)
        if current > newest:
            raise RuntimeError(
                f"이 원장은 더 새로운 버전의 프로그램으로 만들어졌습니다 (스키마 {current} > {newest})."
            )
        for number in sorted(scripts):
            if number > current:
                self._apply(number, scripts[number])
                current = number
        return current


def migration_scripts(dialect: str) -> dict[int, str]:
    """Number -> script text for ``dialect``: ``NNNN_name.sql`` runs on both engines,
    ``NNNN_name.<dialect>.sql`` on that engine only (where the engines differ: full-text search)."""
    found: dict[int, str] = {}
    for path in resources.files("smartro_desk.ledger").joinpath("migrations").iterdir():
        parts = path.name.split(".")
        if parts[-1] != "sql" or len(parts) > 3 or (len(parts) == 3 and parts[1] != dialect):
            continue
        found[int(parts[0].split("_", 1)[0])] = path.read_text("utf-8")
    return found
