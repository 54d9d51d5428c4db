"""What every check shares: the month, the settings, the connection, and a few SQL fragments.

The checks' SQL is one text for SQLite and PostgreSQL (``postgres_db.pg_sql`` translates the marks),
so it keeps to what both take: ``a CROSS JOIN b WHERE ...``, never ``ON`` (SQLite keeps ``a`` the
outer loop, PostgreSQL takes no ``ON`` there); comparisons summed or maxed through ``CASE WHEN ...
THEN 1 ELSE 0 END`` and flags as bound bools; every selected column grouped or aggregated; a name
on every subquery in ``FROM``; time arithmetic in Python.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from smartro_desk.ledger.backend import Database, SqlConnection
from smartro_desk.protocol.amounts import format_amount
from smartro_desk.protocol.divide import DivideInfoError, decode_divide_info
from smartro_desk.recon.findings import Month, ReconSettings, Words
from smartro_desk.tasks import CancelToken

KeyLookup = Callable[[str], "str | None"]

# Transactions that took (or still hold) the buyer's money, or promised to (an issued virtual account).
PAID = ("approved", "partially_cancelled", "cancelled", "vbank_issued")
# Approvals still holding money.
LIVE = ("approved", "partially_cancelled")


def sql_list(values: Iterable[str]) -> str:
    """``('a', 'b')`` for constant words (never user input)."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


PAID_STATES = sql_list(PAID)
LIVE_STATES = sql_list(LIVE)

FETCH = 10_000


def reading(
    db: Database, cancel: CancelToken | None = None, *, second: bool = False,
) -> AbstractContextManager[tuple[SqlConnection, SqlConnection | None]]:
    """One read snapshot for a whole run; temporary tables vanish with it; a cancel aborts the running query.

    With ``second``, a second connection reads the very same snapshot (for a worker thread: the
    database runs queries without the GIL, so two passes share the machine's cores); it is None
    when the backend cannot share it (an in-memory ledger, or writers that would not pause).
    """
    return db.snapshot(cancel, second=second)


@dataclass(slots=True)
class Scope:
    """One run's context on one connection. ``notes`` collect what a check could not do and why."""

    conn: SqlConnection
    month: Month
    settings: ReconSettings = field(default_factory=ReconSettings)
    as_of: date = field(default_factory=date.today)
    merchant_key: KeyLookup | None = None
    notes: list[Words] = field(default_factory=list)

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql": the SQL is shared, but for a planner hint only one engine knows."""
        return "sqlite" if isinstance(self.conn, sqlite3.Connection) else "postgresql"

    @property
    def params(self) -> dict[str, Any]:
        return {"start": self.month.start, "end": self.month.end}

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[tuple[Any, ...]]:
        """Stream a query's rows (the caller holds the connection for the whole run)."""
        cur = self.conn.execute(sql, {**self.params, **(params or {})})
        while batch := cur.fetchmany(FETCH):
            yield from batch

    def one(self, sql: str, params: dict[str, Any] | None = None) -> tuple[Any, ...]:
        return self.conn.execute(sql, {**self.params, **(params or {})}).fetchone()

    def run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        self.conn.execute(sql, {**self.params, **(params or {})})

    def temp_ids(self, name: str, ids: Iterable[str]) -> None:
        """A temporary one-column table ``name(id)`` holding ``ids`` (for joins instead of IN lists)."""
        self.conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
        self.conn.execute(f"CREATE TEMP TABLE {name} (id TEXT PRIMARY KEY) WITHOUT ROWID")
        self.conn.executemany(f"INSERT INTO temp.{name} VALUES (?) ON CONFLICT DO NOTHING", ((i,) for i in ids))


def won(amount: int | None, lang: str = "ko") -> str:
    """``1,234원`` (English: ``₩1,234``), or ``-`` for no amount."""
    if amount is None:
        return "-"
    return f"₩{format_amount(amount)}" if lang == "en" else f"{format_amount(amount)}원"


def day_after(day: str) -> str:
    """The ISO date after ``day`` ('YYYY-MM-DD')."""
    return date.fromordinal(date.fromisoformat(day[:10]).toordinal() + 1).isoformat()


def field_of(fields: Mapping[str, str], *names: str) -> str:
    """The first non-empty value among ``names``, matched case-insensitively."""
    lowered = {k.lower(): v for k, v in fields.items()}
    for name in names:
        value = lowered.get(name.lower())
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def json_fields(text: str | None) -> dict[str, str]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=4096)
def _split_total(divide_info: str) -> int | Words:
    """The sub-mall amounts' sum, or the reason the value cannot be read."""
    try:
        return sum(share.amt for share in decode_divide_info(divide_info))
    except DivideInfoError as exc:
        english = exc.english if exc.english.startswith("DivideInfo") else f"DivideInfo cannot be read: {exc.english}"
        return Words(f"DivideInfo를 읽을 수 없습니다: {exc}", english)


SPLIT_OF = {  # what a DivideInfo is split from: split_problem's ``what``
    "payment": Words("결제 금액", "the payment amount"),
    "cancel": Words("취소 금액", "the cancel amount"),
    "order": Words("주문 금액", "the order amount"),
}


def split_problem(divide_info: str, amount: int | None, what: str) -> tuple[Words, int] | None:
    """(detail, money at stake) when a DivideInfo does not add up to ``amount`` (of ``what``, a key of
    ``SPLIT_OF``); None when it does."""
    total = _split_total(divide_info)
    if isinstance(total, Words):
        return total, amount or 0
    if amount is None or total == amount:
        return None
    of = SPLIT_OF[what]
    return Words(f"서브몰 금액 합계 {won(total)}이 {of.ko} {won(amount)}과 다릅니다",
                 f"The sub-malls' amounts add up to {won(total, 'en')}, not {of.en} {won(amount, 'en')}"), \
        abs(total - amount)
