"""The export's own read of the ledger: the filtered, sorted transactions in one ordered SELECT.

The window's table asks for a filter's rowids and then for the rows in sight
(``TransactionQueries``); an export wants every row once, in order, as fast as
it can take them. So it opens a read-only connection of its own to the ledger
and starts a read transaction on it (one snapshot for the whole
export, however long, while imports keep committing through the ledger's
connection, which the export never holds), counts the matching rows for the
progress bar and streams one ``SELECT ... ORDER BY`` a page at a time, as plain
tuples of just the columns asked for. The order is the table's: the sort
column, then rowid, in the same direction.

An in-memory ledger (tests) has one connection only; its pages come from
``LIMIT``/``OFFSET`` queries under the ledger's lock instead.

The pages are fetched on the exporting thread. Fetching them on a second
thread (SQLite steps without the GIL) was measured and gained nothing
measurable: the fetch is about a tenth of a transaction export's time, and
turning rows into Python tuples needs the GIL anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from smartro_desk.columns import COLUMN_BY_KEY, ROW_FIELDS
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.queries import TransactionFilter, where_clause
from smartro_desk.tasks import CancelToken, Cancelled

_CACHE_KIB = 16_384  # page cache of the export's connection; a sort larger than this spills to temp files


def order_by(sort_key: str, descending: bool) -> str:
    """The table's ORDER BY for ``sort_key`` (a ``COLUMN_BY_KEY`` key; unknown keys sort by approval time)."""
    column = COLUMN_BY_KEY[sort_key].sql if sort_key in COLUMN_BY_KEY else "approved_at"
    direction = "DESC" if descending else "ASC"
    return f" ORDER BY {column} {direction}, rowid {direction}"


@contextmanager
def transaction_pages(
    ledger: Ledger, flt: TransactionFilter, sort_key: str, descending: bool, fields: Sequence[str], page: int,
    cancel: CancelToken | None = None,
) -> Iterator[tuple[int, Iterator[list[tuple[Any, ...]]]]]:
    """``(count, pages)``: how many transactions match, and lists of up to ``page`` row tuples of ``fields``.

    ``fields`` are names from ``ROW_FIELDS``; the connection closes when the block ends. A ``cancel``
    also stops the database mid-statement (a sort of a million rows takes a while before the first row).
    """
    unknown = [f for f in fields if f not in ROW_FIELDS]
    if unknown or not fields:
        raise ValueError(f"not transaction fields: {unknown or 'none'}")
    where, params = where_clause(flt, ledger.db.dialect)
    select = f"SELECT {', '.join(fields)} FROM transactions{where}{order_by(sort_key, descending)}"
    count_sql = f"SELECT COUNT(*) FROM transactions{where}"
    db = ledger.db
    if db.in_memory:
        yield int(db.scalar(count_sql, params) or 0), _paged(ledger, select, params, page)
        return
    reader = db.reader(cache_kib=_CACHE_KIB)
    try:
        with reader.snapshot(cancel) as (conn, _):  # one snapshot: the count and the rows agree
            count = conn.execute(count_sql, params).fetchone()[0]
            yield count, _streamed(conn.execute(select, params), page)
    except Cancelled:
        raise Cancelled("사용자가 내보내기를 취소했습니다") from None
    finally:
        reader.close()


def _streamed(cursor: Any, page: int) -> Iterator[list[tuple[Any, ...]]]:
    while rows := cursor.fetchmany(page):
        yield rows


def _paged(ledger: Ledger, select: str, params: list[Any], page: int) -> Iterator[list[tuple[Any, ...]]]:
    offset = 0
    while rows := ledger.db.query(f"{select} LIMIT ? OFFSET ?", [*params, page, offset]):
        yield [tuple(r) for r in rows]
        offset += len(rows)
