"""Read-side queries over transactions: filter and sort in SQL, fetch only what is shown.

A view asks ``ordered_ids`` once per filter/sort (a compact array of rowids,
8 bytes a row) and then ``rows_by_ids`` for the rows in sight, so a million
transactions never sit in Python as tuples.

The free-text search is a case-insensitive (ASCII, as LIKE) substring match over
TID, order id, buyer and goods. A term of three characters or more asks the
trigram index ``tx_search`` (migration 0007) for a phrase; a two-character term
asks it for the rows holding any indexed trigram that begins with the term. Both
only narrow the rows: the LIKE still decides, so the answer is the scan's. One
character (it is in almost every TID), control characters, and a two-character
term with a cased non-ASCII letter (whose index folding SQLite does not expose)
keep the plain LIKE scan. On PostgreSQL the same match is an ILIKE that pg_trgm's
index serves (migration 0007's PostgreSQL script).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from smartro_desk.columns import COLUMN_BY_KEY, ROW_FIELDS
from smartro_desk.ledger.backend import Database

_FETCH_CHUNK = 500
_SAMPLE = 400  # rows looked at to judge how much of the table a search term matches
_PICK_FROM = 0.25  # from this share of matching rows, walking the order beats sorting the matches


@dataclass(frozen=True, slots=True)
class TransactionFilter:
    """What the user narrowed the table to. Empty tuples and ``None`` mean "any"."""

    date_from: date | None = None
    date_to: date | None = None  # inclusive
    pay_methods: tuple[str, ...] = ()
    states: tuple[str, ...] = ()  # tx states, plus "flagged" and "cancel_hold"
    issuers: tuple[str, ...] = ()  # card company or bank codes (fn_cd)
    mids: tuple[str, ...] = ()
    amount_min: int | None = None
    amount_max: int | None = None
    text: str = ""
    tids: tuple[str, ...] = field(default=())  # explicit selection (e.g. drill-down)

    def with_text(self, text: str) -> TransactionFilter:
        return replace(self, text=text)

    @staticmethod
    def this_month(today: date | None = None) -> TransactionFilter:
        today = today or date.today()
        first = today.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return TransactionFilter(date_from=first, date_to=last)


@dataclass(frozen=True, slots=True)
class Summary:
    count: int
    approved: int
    cancelled: int
    net: int
    flagged: int


def where_clause(flt: TransactionFilter, dialect: str = "sqlite") -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if flt.date_from:
        parts.append("approved_at >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        parts.append("approved_at < ?")
        params.append((flt.date_to + timedelta(days=1)).isoformat())
    for column, values in (("pay_method", flt.pay_methods), ("fn_cd", flt.issuers), ("mid", flt.mids), ("tid", flt.tids)):
        if values:
            parts.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if flt.states:
        ors = []
        plain = [s for s in flt.states if s not in ("flagged", "cancel_hold")]
        if plain:
            ors.append(f"state IN ({','.join('?' * len(plain))})")
            params.extend(plain)
        if "flagged" in flt.states:
            ors.append("flagged = 1")
        if "cancel_hold" in flt.states:
            ors.append("cancel_hold IS NOT NULL")
        parts.append("(" + " OR ".join(ors) + ")")
    if flt.amount_min is not None:
        parts.append("amount >= ?")
        params.append(flt.amount_min)
    if flt.amount_max is not None:
        parts.append("amount <= ?")
        params.append(flt.amount_max)
    text = flt.text.strip()
    if text:
        sql, values = text_clause(text, dialect)
        parts.append(sql)
        params.extend(values)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


_SCAN = (
    "(tid LIKE ? ESCAPE '\\' OR order_id LIKE ? ESCAPE '\\' OR buyer LIKE ? ESCAPE '\\' "
    "OR goods LIKE ? ESCAPE '\\')"
)
_PG_JOINED = "(tid || chr(31) || order_id || chr(31) || buyer || chr(31) || goods) ILIKE ? ESCAPE '\\'"
_PHRASE = "rowid IN (SELECT rowid FROM tx_search WHERE tx_search MATCH ?)"
# Every indexed trigram in [?, ?) (those starting with the term), each quoted, ORed: '""' matches nothing.
_PREFIX = (
    "rowid IN (SELECT rowid FROM tx_search WHERE tx_search MATCH coalesce((SELECT group_concat("
    "'\"' || replace(term, '\"', '\"\"') || '\"', ' OR ') FROM tx_search_terms WHERE term >= ? AND term < ?), '\"\"'))"
)


def _scan_params(text: str) -> list[str]:
    """The four LIKE patterns of ``_SCAN`` for ``text`` (its wildcards escaped)."""
    return ["%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"] * 4


def text_clause(text: str, dialect: str = "sqlite") -> tuple[str, list[Any]]:
    """SQL and parameters for a non-empty, stripped search ``text``: the LIKE scan, narrowed by the index when it can."""
    scan = _scan_params(text)
    like = scan[0]
    if dialect == "postgresql":
        if "\x1f" in text:  # the separator of the indexed expression: match column by column
            return _SCAN.replace(" LIKE ", " ILIKE "), scan
        return _PG_JOINED, [like]
    if len(text) < 2 or any(ch < " " for ch in text):
        return _SCAN, scan
    if len(text) >= 3:
        return f"{_PHRASE} AND {_SCAN}", ['"' + text.replace('"', '""') + '"', *scan]
    if any(not ch.isascii() and ch.lower() != ch.upper() for ch in text) or text[-1] == chr(0x10FFFF):
        return _SCAN, scan
    folded = text.lower()  # ASCII letters only, as the index folds them
    after = ord(folded[1]) + 1
    after += 0x800 if after == 0xD800 else 0  # no surrogates in text
    return f"{_PREFIX} AND {_SCAN}", [folded, folded[0] + chr(after), *scan]


def _joined_rowids(sql: str) -> str:
    """A query's rowids as one comma-separated text, in its order (SQLite's group_concat keeps the order of an
    ordered subquery; tests/test_queries.py holds the answers to the plain query's)."""
    return f"SELECT group_concat(rowid) FROM ({sql})"


def _parsed_rowids(joined: str | None) -> list[int]:
    return json.loads(f"[{joined}]") if joined else []


class TransactionQueries:
    """Counting, summing, ordering and fetching transactions for views and exports."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # The last display order asked for on SQLite: (query, parameters, the ledger's state then, rowids). A search
        # typed over the rows on screen reuses it (their order with the other filters) instead of walking it again.
        self._last_order: tuple[str, tuple[Any, ...], tuple[int, int], array] | None = None

    def ordered_ids(self, flt: TransactionFilter, sort_key: str = "approved_at", descending: bool = True) -> array:
        """Rowids of the matching transactions in display order."""
        column = COLUMN_BY_KEY[sort_key].sql if sort_key in COLUMN_BY_KEY else "approved_at"
        direction = "DESC" if descending else "ASC"
        where, params = where_clause(flt, self.db.dialect)
        text = flt.text.strip()
        if self.db.dialect == "sqlite" and text:
            share, unindexed = self._share_matching(text), text_clause(text)[0] == _SCAN
            if share > 0.5 or (share >= _PICK_FROM and unindexed):
                return self._walk_and_pick(replace(flt, text=""), column, direction, text, share > 0.5)
            if unindexed:
                # A rarer term the index cannot narrow: scan the table in its own order and sort the few matches
                # (0.6 s at a million rows) instead of walking the sort column's index and fetching each row
                # through it (1.9 s). "+column" keeps other filters' indexes usable.
                column = f"+{column}"
        sql = f"SELECT rowid FROM transactions{where} ORDER BY {column} {direction}, rowid {direction}"
        if self.db.dialect == "sqlite":
            with self.db.snapshot() as (conn, _):
                return array("q", self._order(conn, sql, params))  # a copy: the cached one stays as it is
        ids = array("q")
        for batch in self.db.stream(sql, params):  # straight into the array
            ids.extend(r[0] for r in batch)
        return ids

    def _walk_and_pick(self, rest: TransactionFilter, column: str, direction: str, text: str, mostly: bool) -> array:
        """A search that matches most rows, or a good share of them without the trigram index's help (one character).

        Two statements, each returning one text of rowids: the other filters' rows in display order (a walk
        of the sort column's index, no sort) and a scan of the table for the rows that match (or, when most
        do, the rows that don't); Python keeps the first list's rows that the second marks. One read snapshot
        holds both; the first is usually the order already on screen (``_order``). At a million rows: 0.25 s
        (none when on screen), 0.35–0.45 s and 0.1 s, against 1.0–1.5 s for sorting the matches in SQL or
        probing the non-matching rows from the index walk. (Measured: the two statements on two connections at
        once took longer, not shorter.)
        """
        where, params = where_clause(rest, "sqlite")
        walk = f"SELECT rowid FROM transactions{where} ORDER BY {column} {direction}, rowid {direction}"
        test = f"COALESCE({_SCAN}, 0)" if mostly else _SCAN
        pick = _joined_rowids(f"SELECT rowid FROM transactions WHERE {'NOT ' if mostly else ''}{test}")
        with self.db.snapshot() as (conn, _):
            order = self._order(conn, walk, params)
            marked = _parsed_rowids(conn.execute(pick, _scan_params(text)).fetchone()[0])
        if not order:
            return array("q")
        flags = bytearray(max(max(order), max(marked, default=0)) + 1)
        for rowid in marked:
            flags[rowid] = 1
        if mostly:
            return array("q", [rowid for rowid in order if not flags[rowid]])
        return array("q", [rowid for rowid in order if flags[rowid]])

    def _order(self, conn: Any, sql: str, params: Sequence[Any]) -> array:
        """The rowids of an ordering query, as one text (a million rows: 0.25 s, not 0.45 s as rows), or the
        last answer when it was the same query and nothing was written since (no other connection committed,
        ``PRAGMA data_version``, and this one changed nothing, ``total_changes``)."""
        state = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)  # read before the rows
        last = self._last_order
        if last is not None and last[:3] == (sql, tuple(params), state):
            return last[3]
        ids = array("q", _parsed_rowids(conn.execute(_joined_rowids(sql), params).fetchone()[0]))  # 8 bytes a row
        self._last_order = (sql, tuple(params), state, ids)
        return ids

    def _share_matching(self, text: str) -> float:
        """The share of a sample of rows (spread over the table by rowid) that holds ``text``; 0 for a small table."""
        low, high = self.db.query_one(  # two subqueries: each is one step down the b-tree, together a scan
            "SELECT (SELECT MIN(rowid) FROM transactions), (SELECT MAX(rowid) FROM transactions)"
        ) or (None, None)
        if low is None or high - low < _SAMPLE * 4:
            return 0.0  # a small table: any plan is quick
        step = (high - low) / _SAMPLE
        sample = [int(low + step * n) for n in range(_SAMPLE)]
        marks = ",".join("?" * len(sample))
        seen, matching = self.db.query_one(
            f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {_SCAN} THEN 1 ELSE 0 END), 0) FROM transactions "
            f"WHERE rowid IN ({marks})", [*_scan_params(text), *sample],
        ) or (0, 0)
        return matching / seen if seen else 0.0

    def rows_by_ids(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Rows (as dicts of ROW_FIELDS) for these rowids, in the order given."""
        found: dict[int, dict[str, Any]] = {}
        select = ", ".join(ROW_FIELDS)
        for start in range(0, len(ids), _FETCH_CHUNK):
            chunk = list(ids[start:start + _FETCH_CHUNK])
            for row in self.db.query(
                f"SELECT rowid, {select} FROM transactions WHERE rowid IN ({','.join('?' * len(chunk))})", chunk
            ):
                found[row[0]] = dict(zip(ROW_FIELDS, row[1:]))
        return [found[i] for i in ids if i in found]

    def row(self, tid: str) -> dict[str, Any] | None:
        found = self.db.query_one(f"SELECT {', '.join(ROW_FIELDS)} FROM transactions WHERE tid = ?", (tid,))
        return dict(zip(ROW_FIELDS, found)) if found else None

    def summary(self, flt: TransactionFilter) -> Summary:
        """건수, 승인합계, 취소합계, 순매출, flagged count. Flagged rows stay out of the sums."""
        where, params = where_clause(flt, self.db.dialect)
        count, approved, cancelled, flagged = self.db.query_one(
            "SELECT COUNT(*), "
            "COALESCE(SUM(CASE WHEN flagged = 0 AND state <> 'failed' AND state <> 'vbank_issued' THEN amount END), 0), "
            "COALESCE(SUM(CASE WHEN flagged = 0 THEN cancelled END), 0), "
            f"COALESCE(SUM(flagged), 0) FROM transactions{where}",
            params,
        ) or (0, 0, 0, 0)
        return Summary(count, approved, cancelled, approved - cancelled, flagged)

    def distinct(self, column: str) -> list[str]:
        """Values present in a code column (for filter pick-lists)."""
        if column not in ("pay_method", "fn_cd", "mid", "state"):
            raise ValueError(column)
        return [r[0] for r in self.db.query(f"SELECT DISTINCT {column} FROM transactions WHERE {column} <> '' ORDER BY 1")]
