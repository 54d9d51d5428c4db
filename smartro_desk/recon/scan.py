"""The one pass over the month's transactions that every check shares.

Reading a million transactions (and each one's order) is the run's main
cost, so it is done once: each check contributes a SQL condition selecting
the transactions it might report, the scan returns only rows meeting one of
them, and every check then looks at every returned row in Python (so each
check decides for itself, exactly, and never trusts another's condition).
Most transactions interest no check: each check also says, in a few cheap
terms, what it never reports (``Plain``), and the scan tests those first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import combinations, permutations
from typing import Any, NamedTuple, Protocol

from smartro_desk.ledger.model import CHANNELS
from smartro_desk.recon.findings import Finding
from smartro_desk.recon.scope import Scope, sql_list


class TxRow(NamedTuple):
    """A transaction of the month, with the latest copy of its order (``order_row`` None: no order)."""

    tid: str
    order_id: str
    mid: str
    pay_method: str
    amount: int | None
    cancelled: int
    remaining: int | None
    state: str
    sign_status: str
    channels: str
    flagged: int
    divide_info: str
    approved_at: str
    order_row: int | None
    requested: int | None
    status: str | None

    @property
    def notified(self) -> bool:
        return "notification" in self.channels

    @property
    def returned(self) -> bool:
        return "result" in self.channels

    @property
    def exported(self) -> bool:
        return "export" in self.channels


def any_channels(_channels: frozenset[str]) -> bool:
    return True


class Plain(NamedTuple):
    """What a check never reports: every SQL term true (over ``t`` and ``o``) and the transaction's
    channels, as a set, accepted. Most rows are plain for every check, so the scan tests the checks'
    plain terms first, once each, and skips the conditions for those rows (a million rows: every test
    counts). The channels test becomes one ``IN`` list of the accepted ``channels`` texts instead of a
    substring search per channel."""

    terms: tuple[str, ...] = ()
    channels: Callable[[frozenset[str]], bool] = any_channels


class Check(Protocol):
    """A family of findings: a condition on the month scan, a look at each row, then passes of its own."""

    condition: str  # SQL over ``t`` (transactions) and ``o`` (its latest order row); '' for none
    plain: Plain | None  # rows the condition never selects (None: no cheap test)
    params: dict[str, Any]

    def classify(self, row: TxRow) -> Iterator[Finding]: ...

    def after(self) -> Iterator[Finding]: ...


_COLUMNS = (
    "t.tid, t.order_id, t.mid, t.pay_method, t.amount, t.cancelled, t.remaining, t.state, t.sign_status, "
    "t.channels, t.flagged, t.divide_info, t.approved_at"
)
# A plain join (one index probe per transaction): an order listed twice gives a row per copy, and only
# the copy imported last is kept (its id, computed for returned rows only, is the last column).
_WITH_ORDERS = "LEFT JOIN orders o ON o.order_id = t.order_id"
_LATEST = "(SELECT MAX(x.id) FROM orders x WHERE x.order_id = t.order_id)"


def month_scan(scope: Scope, checks: tuple[Check, ...], *, with_orders: bool) -> Iterator[TxRow]:
    """The month's transactions meeting any check's condition (orders joined only when asked)."""
    active = [c for c in checks if c.condition]
    if not active:
        return
    conditions = [f"({c.condition})" for c in active]
    gate = _gate([c.plain for c in active])
    params: dict[str, Any] = {}
    for check in checks:
        params.update(check.params)
    orders = f"o.id, o.amount, o.status, {_LATEST}" if with_orders else "NULL, NULL, NULL, NULL"
    sql = (
        f"SELECT {_COLUMNS}, {orders} FROM transactions t {_WITH_ORDERS if with_orders else ''} "
        f"WHERE t.approved_at >= :start AND t.approved_at < :end AND {gate}({' OR '.join(conditions)})"
    )
    for row in scope.rows(sql, params):
        if row[-4] == row[-1]:  # no order, or its latest copy
            yield TxRow(*row[:-1])


def _gate(plains: list[Plain | None]) -> str:
    """``NOT (every plain term, the channels accepted) AND `` (or '' when some check has no plain test)."""
    if not plains or any(p is None for p in plains):
        return ""
    terms = list(dict.fromkeys(term for p in plains if p is not None for term in p.terms))
    sets = [frozenset(combo) for size in range(1, len(CHANNELS) + 1) for combo in combinations(CHANNELS, size)]
    accepted = [s for s in sets if all(p.channels(s) for p in plains if p is not None)]
    if not accepted:
        return ""
    if len(accepted) < len(sets):  # the ledger writes a transaction's channels comma-joined, in any order
        terms.append(f"t.channels IN {sql_list(','.join(order) for s in accepted for order in permutations(s))}")
    return f"NOT ({' AND '.join(terms)}) AND " if terms else ""
