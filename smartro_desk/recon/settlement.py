"""The monthly settlement: approvals, cancels and net per day, pay method and card company.

The ledger's side is what the merchant's own records show (notifications,
ReturnURL results, cancel answers; never the gateway's export): a payment on
the day it was approved, a virtual account on the day its deposit was
logged (issued and not deposited it is no sale, in any month), a cancel on
its own day, so a cancel on the 1st of the next month belongs to the next
month's settlement and this month's cancel of an earlier payment to this
one. Transactions flagged for tampering or disagreeing copies stay out of
the sums (``excluded``) until resolved.

The export's side sums only the gateway export's rows of the month, each
side counted on its own (a virtual account on its deposit row's day), so
the differences are the gateway's word against the ledger's: a payment known
only from the export shows as one.

``settlement_lines`` gives, on the same snapshot, every amount the ledger's
side books (they add up to its totals) and what it leaves out, with why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from smartro_desk.ledger import Ledger
from smartro_desk.protocol import codes
from smartro_desk.recon.findings import Month, Words
from smartro_desk.recon.scope import Scope, reading, sql_list
from smartro_desk.tasks import CancelToken

DIMENSIONS: dict[str, tuple[str, str]] = {
    "day": ("일자", "Day"), "method": ("결제수단", "Pay method"), "card": ("카드사", "Card company"),
    "total": ("합계", "Total"),
}

_SALE_STATES = sql_list(("approved", "partially_cancelled", "cancelled"))
_CANCEL_STATES = sql_list(("partially_cancelled", "cancelled", "cancel_only"))
# Whether a payment's approval is in the merchant's own records. A signed transaction's own record (the
# ledger's first choice among its records) is one of them, the export carrying no SignValue: the events are
# asked only about the others (a virtual account's own record may be its issue).
_LOGGED = (
    "((t.sign_status IN ('verified', 'no_key') AND t.pay_method <> 'VBANK') OR EXISTS (SELECT 1 FROM events a "
    "WHERE a.otid = t.tid AND a.kind = 'approval' AND a.channel <> 'export'))"
)
_LINE = "t.tid, t.order_id, t.mid, t.pay_method, t.fn_cd, t.fn_name, t.buyer, t.goods"

# The ledger's sales. A payment with a logged approval counts on its approval (``_APPROVED``); a virtual
# account without one on its first logged deposit (``_DEPOSITED``: one row each, found among the accounts
# issued up to the month's end). Lines (``_LINES``) are ``SettlementLine``'s fields; the totals sum the same rows.
_APPROVED = f"""
FROM transactions t
WHERE t.approved_at >= :start AND t.approved_at < :end AND t.flagged = 0 AND t.state IN {_SALE_STATES}
  AND {_LOGGED}
"""
_DEPOSITED = f"""
SELECT 'deposit' AS kind, MIN(e.occurred_at) AS at, {_LINE}, MAX(e.amount) AS amount, t.approved_at AS approved
FROM transactions t CROSS JOIN events e
WHERE t.pay_method = 'VBANK' AND t.approved_at < :end AND t.flagged = 0 AND t.state IN {_SALE_STATES}
  AND e.otid = t.tid AND e.kind = 'vbank_deposit' AND e.channel <> 'export' AND NOT {_LOGGED}
GROUP BY {_LINE}, t.approved_at
HAVING MIN(e.occurred_at) >= :start AND MIN(e.occurred_at) < :end
"""

# The ledger's cancels of the month, one row per cancel (its copies in the logs and the cancel answer
# count once; a record whose SignValue failed never does), in the columns of ``_DEPOSITED``.
_CANCELLED = f"""
SELECT 'cancel' AS kind, c.at, {_LINE}, c.amount, t.approved_at AS approved
FROM (SELECT e.otid, e.fact_key, MAX(e.amount) AS amount, MIN(e.occurred_at) AS at
      FROM transactions t CROSS JOIN events e
      WHERE t.state IN {_CANCEL_STATES} AND t.approved_at < :end AND t.flagged = 0
        AND e.otid = t.tid AND e.kind = 'cancel' AND e.channel <> 'export' AND e.sign_status <> 'mismatch'
      GROUP BY e.otid, e.fact_key) AS c
CROSS JOIN transactions t
WHERE t.tid = c.otid AND c.at >= :start AND c.at < :end
"""

_SUMS = ("SELECT {what}, substr({at}, 1, 10), {t}pay_method, {t}fn_cd, {t}fn_name, COUNT(*), SUM({t}amount) {rows} "
         "GROUP BY 2, 3, 4, 5")
_APPROVALS = _SUMS.format(what="'a'", at="t.approved_at", t="t.", rows=_APPROVED)  # summed as read: no subquery
_DEPOSITS = _SUMS.format(what="'a'", at="at", t="", rows=f"FROM ({_DEPOSITED}) AS deposits")
_CANCELS = _SUMS.format(what="'c'", at="at", t="", rows=f"FROM ({_CANCELLED}) AS cancels")
_LINES = f"""
SELECT * FROM (SELECT 'approval' AS kind, t.approved_at AS at, {_LINE}, t.amount, t.approved_at AS approved {_APPROVED}
               UNION ALL {_DEPOSITED} UNION ALL {_CANCELLED}) AS lines
ORDER BY at, tid, kind
"""

# What the ledger's side leaves out of the month, with what decides why (``_why``): the transactions approved
# (issued) in the month without an approval there — cancel-only ones have their cancels — then the cancels
# of the month it does not count (of a flagged transaction, failing their SignValue, or known only from the
# export while the logs hold no cancel of that payment), one per cancel and side.
_LEFT_OUT = f"""
SELECT * FROM (
SELECT 'payment' AS kind, t.approved_at AS at, {_LINE}, t.amount, t.approved_at AS approved, t.flagged,
       t.sign_status, t.state, CASE WHEN t.pay_method = 'VBANK' THEN (
           SELECT MIN(d.occurred_at) FROM events d
           WHERE d.otid = t.tid AND d.kind = 'vbank_deposit' AND d.channel <> 'export') END AS deposited, 0 AS x
FROM transactions t
WHERE t.approved_at >= :start AND t.approved_at < :end AND t.state <> 'cancel_only'
  AND (t.flagged = 1 OR t.state NOT IN {_SALE_STATES} OR NOT {_LOGGED})
UNION ALL
SELECT 'cancel', c.at, {_LINE}, c.amount, t.approved_at, t.flagged, t.sign_status, t.state, NULL, c.x
FROM (SELECT e.otid, e.fact_key, CASE WHEN e.channel = 'export' THEN 1 ELSE 0 END AS x,
             MAX(CASE WHEN e.sign_status <> 'mismatch' THEN 1 ELSE 0 END) AS ok,
             MAX(e.amount) AS amount, MIN(e.occurred_at) AS at
      FROM transactions t CROSS JOIN events e
      WHERE t.state IN {_CANCEL_STATES} AND t.approved_at < :end AND e.otid = t.tid AND e.kind = 'cancel'
      GROUP BY e.otid, e.fact_key, CASE WHEN e.channel = 'export' THEN 1 ELSE 0 END) AS c
CROSS JOIN transactions t
WHERE t.tid = c.otid AND c.at >= :start AND c.at < :end
  AND ((c.x = 0 AND (t.flagged = 1 OR c.ok = 0))
       OR (c.x = 1 AND NOT EXISTS (SELECT 1 FROM events k WHERE k.otid = t.tid AND k.kind = 'cancel'
                                                          AND k.channel <> 'export')))
) AS left_out ORDER BY at, tid, kind
"""

REASONS: dict[str, Words] = {
    "tampering": Words("위변조 의심(SignValue 불일치): 확인될 때까지 합계에서 뺌",
                       "Suspected tampering (SignValue mismatch): left out until resolved"),
    "conflict": Words("기록끼리 금액이 다름: 확인될 때까지 합계에서 뺌",
                      "Its records disagree on the amount: left out until resolved"),
    "failed": Words("결제 실패: 매출 아님", "Payment failed: not a sale"),
    "unpaid": Words("입금 전 가상계좌: 입금된 날의 매출", "Virtual account not deposited yet: a sale on the day it is"),
    "export_only": Words("PG 엑셀에만 있음(상점 로그에 기록 없음): PG 쪽에만 집계",
                         "Only in the gateway export, not in the merchant's logs: counted on the gateway side only"),
}


def deposited_in(day: str) -> Words:
    """Why an account issued in one month counts in another."""
    return Words(f"가상계좌 입금 {day}: {day[:7]} 정산에 포함",
                 f"Virtual account deposited on {day}: in the {day[:7]} settlement")


@dataclass(frozen=True, slots=True)
class SettlementLine:
    """One amount of the month on the ledger's side: booked (``reason`` None) or left out, with why."""

    kind: str  # approval | deposit | cancel (booked); payment | cancel (left out)
    at: str | None  # when it counts: the approval, the deposit, the cancel (left out: the approval, the cancel)
    tid: str
    order_id: str
    mid: str
    pay_method: str
    fn_cd: str
    fn_name: str
    buyer: str
    goods: str
    amount: int | None
    approved_at: str | None  # the payment's approval (a virtual account's issue)
    reason: Words | None = None


def _why(month: Month, kind: str, flagged: int, sign: str, state: str, deposited: str | None,
         exported: int) -> Words | None:
    """Why ``_LEFT_OUT``'s row is left out; None for a virtual account that counts on its deposit this month."""
    if flagged:
        return REASONS["tampering" if sign == "mismatch" else "conflict"]
    if kind == "cancel":
        return REASONS["export_only" if exported else "tampering"]
    if state == "failed":
        return REASONS["failed"]
    if state == "vbank_issued":
        return REASONS["unpaid"]
    if deposited:
        return None if month.start <= deposited < month.end else deposited_in(deposited[:10])
    return REASONS["export_only"]


class SettlementLines:
    """The ledger side's lines of one month, read on the settlement's snapshot (``settlement_lines``)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def booked(self) -> Iterator[SettlementLine]:
        """Every approval, deposit and cancel the ledger's side counts, in time order: they add up to its totals."""
        for row in self.scope.rows(_LINES):
            yield SettlementLine(*row)

    def left_out(self) -> Iterator[SettlementLine]:
        """What the ledger's side leaves out of the month, in time order, each with its reason."""
        month = self.scope.month
        for *line, flagged, sign, state, deposited, exported in self.scope.rows(_LEFT_OUT):
            reason = _why(month, line[0], flagged, sign, state, deposited, exported)
            if reason is not None:
                yield SettlementLine(*line, reason=reason)


# The export side reads only the export's own index (migration 0008: kind, day, pay method, card company,
# TID...), never the table. An export row dated in the month belongs to an export batch, or to none.
_DAY = "substr(occurred_at, 1, 10)"  # as the index has it, so the index serves it
_EXPORTED = (
    f"channel = 'export' AND {_DAY} >= :start AND {_DAY} < :end "
    "AND (+batch_id IN (SELECT id FROM batches WHERE kind = 'export') OR +batch_id IS NULL)"
)
_APPROVAL_KINDS = "('approval', 'vbank_issued', 'vbank_deposit')"

# Every approval row, summed in the index's order (no sort): each transaction once, unless it is special.
_EXPORT_APPROVALS = f"""
SELECT 'a', {_DAY}, pay_method, fn_cd, fn_name, COUNT(*), SUM(amount) FROM events
WHERE {_EXPORTED} AND kind = 'approval'
GROUP BY {_DAY}, pay_method, fn_cd, fn_name
"""

# Special transactions: listed more than once (two exports of one payment that differ), or a virtual
# account (its issue and its deposit). Their rows are summed per transaction in Python instead.
_EXPORT_SPECIAL = f"""
SELECT otid FROM events WHERE {_EXPORTED} AND kind IN {_APPROVAL_KINDS}
GROUP BY otid HAVING COUNT(*) > 1 OR MAX(CASE WHEN kind <> 'approval' THEN 1 ELSE 0 END) = 1
"""

_EXPORT_SPECIAL_ROWS = f"""
SELECT e.otid, e.kind, substr(e.occurred_at, 1, 10), e.pay_method, e.fn_cd, e.fn_name, e.amount
FROM temp._sx s CROSS JOIN events e
WHERE e.otid = s.id AND e.channel = 'export' AND e.kind IN {_APPROVAL_KINDS}
  AND e.occurred_at >= :start AND e.occurred_at < :end
  AND (e.batch_id IN (SELECT id FROM batches WHERE kind = 'export') OR e.batch_id IS NULL)
ORDER BY e.otid
"""

# Cancels. An export row's cancel amount is its transaction's cancels so far (ledger.recompute): downloads
# taken after each of two partial cancels list 1,000 on the 14th, then 2,000 on the 15th. Each amount counts
# what it adds to the largest smaller one of the same cancel (of any month), on its own day; one amount in
# two exports counts once.
_EXPORT_CANCELS = f"""
SELECT 'c', day, pm, cd, nm, COUNT(*), SUM(amount - before)
FROM (SELECT s.day, s.pm, s.cd, s.nm, s.amount, COALESCE((
          SELECT MAX(p.amount) FROM events p
          WHERE p.otid = s.otid AND p.fact_key = s.fact_key AND p.kind = 'cancel' AND p.channel = 'export'
            AND p.amount < s.amount
            AND (p.batch_id IN (SELECT id FROM batches WHERE kind = 'export') OR p.batch_id IS NULL)), 0) AS before
      FROM (SELECT otid, fact_key, amount, substr(MIN(occurred_at), 1, 10) AS day, MAX(pay_method) AS pm,
                   MAX(fn_cd) AS cd, MAX(fn_name) AS nm
            FROM events WHERE {_EXPORTED} AND kind = 'cancel' GROUP BY otid, fact_key, amount) AS s) AS cancels
WHERE amount > before
GROUP BY 2, 3, 4, 5
"""


def _export_rows(scope: Scope) -> list[tuple[Any, ...]]:
    """The export side as rows of ``_groups``: approvals per transaction (its first day, a virtual account
    its deposit's; its largest amount; an account issued and not deposited is none) and cancels per cancel."""
    rows = list(scope.rows(_EXPORT_APPROVALS)) + list(scope.rows(_EXPORT_CANCELS))
    special = [otid for (otid,) in scope.rows(_EXPORT_SPECIAL)]
    if not special:
        return rows
    scope.temp_ids("_sx", special)
    for _, group in groupby(scope.rows(_EXPORT_SPECIAL_ROWS), key=lambda r: r[0]):
        listed = list(group)  # (otid, kind, day, pay method, card code, card name, amount)
        for _, kind, day, method, fn_cd, fn_name, amount in listed:
            if kind == "approval":  # already summed on its own: take it back
                rows.append(("a", day, method, fn_cd, fn_name, -1, -(amount or 0)))
        booking = [r for r in listed if r[1] == "vbank_deposit"] or [r for r in listed if r[1] == "approval"]
        if booking:  # a virtual account on its deposit's day, anything else on its first approval's
            amounts = [r[6] for r in listed if r[6] is not None]
            rows.append(("a", min(r[2] for r in booking), min(r[3] for r in listed), min(r[4] for r in listed),
                         min(r[5] for r in listed), 1, max(amounts) if amounts else 0))
    return rows


@dataclass(frozen=True, slots=True)
class Totals:
    approvals: int = 0
    approved: int = 0
    cancels: int = 0
    cancelled: int = 0

    @property
    def net(self) -> int:
        return self.approved - self.cancelled

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.approvals + other.approvals, self.approved + other.approved,
                      self.cancels + other.cancels, self.cancelled + other.cancelled)

    def __sub__(self, other: Totals) -> Totals:
        return Totals(self.approvals - other.approvals, self.approved - other.approved,
                      self.cancels - other.cancels, self.cancelled - other.cancelled)

    def to_json(self) -> dict[str, int]:
        return {"approvals": self.approvals, "approved": self.approved, "cancels": self.cancels,
                "cancelled": self.cancelled, "net": self.net}


@dataclass(frozen=True, slots=True)
class SettlementColumn:
    key: str
    ko: str
    en: str
    money: bool  # a won amount (else a count or text)

    def header(self, lang: str = "ko") -> str:
        return self.en if lang[:2].lower() == "en" else self.ko


SETTLEMENT_COLUMNS: tuple[SettlementColumn, ...] = (
    SettlementColumn("label", "구분", "Group", False),
    SettlementColumn("approvals", "승인 건수", "Approvals", False),
    SettlementColumn("approved", "승인 금액", "Approved", True),
    SettlementColumn("cancels", "취소 건수", "Cancels", False),
    SettlementColumn("cancelled", "취소 금액", "Cancelled", True),
    SettlementColumn("net", "순매출", "Net", True),
    SettlementColumn("x_approvals", "PG 승인 건수", "Gateway approvals", False),
    SettlementColumn("x_approved", "PG 승인 금액", "Gateway approved", True),
    SettlementColumn("x_cancels", "PG 취소 건수", "Gateway cancels", False),
    SettlementColumn("x_cancelled", "PG 취소 금액", "Gateway cancelled", True),
    SettlementColumn("x_net", "PG 순매출", "Gateway net", True),
    SettlementColumn("diff_net", "차이(순매출)", "Difference (net)", True),
)


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """One line of a settlement table: the ledger's totals and, when there is an export, the gateway's."""

    dimension: str  # day | method | card | total
    key: str  # the raw value: ISO date, PayMethod code, card company code
    label_ko: str
    label_en: str
    ledger: Totals
    export: Totals | None = None

    @property
    def difference(self) -> Totals | None:
        """Ledger minus export, or None without an export."""
        return None if self.export is None else self.ledger - self.export

    @property
    def differs(self) -> bool:
        return self.export is not None and self.export != self.ledger

    def values(self) -> dict[str, Any]:
        """The row keyed by ``SETTLEMENT_COLUMNS`` (export columns None without an export)."""
        x, d = self.export, self.difference
        return {
            "label": self.label_ko, "approvals": self.ledger.approvals, "approved": self.ledger.approved,
            "cancels": self.ledger.cancels, "cancelled": self.ledger.cancelled, "net": self.ledger.net,
            "x_approvals": x and x.approvals, "x_approved": x and x.approved, "x_cancels": x and x.cancels,
            "x_cancelled": x and x.cancelled, "x_net": x and x.net, "diff_net": d and d.net,
        }

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "label": self.label_ko, "ledger": self.ledger.to_json()}
        if self.export is not None:
            out["export"] = self.export.to_json()
            out["difference"] = (self.ledger - self.export).to_json()
        return out


@dataclass(frozen=True, slots=True)
class Settlement:
    month: str
    by_day: tuple[SettlementRow, ...]
    by_method: tuple[SettlementRow, ...]
    by_card: tuple[SettlementRow, ...]
    total: SettlementRow
    has_export: bool
    excluded: Totals = field(default_factory=Totals)  # flagged transactions of the month, out of the sums

    def table(self, dimension: str) -> tuple[SettlementRow, ...]:
        return {"day": self.by_day, "method": self.by_method, "card": self.by_card, "total": (self.total,)}[dimension]

    @property
    def differences(self) -> tuple[SettlementRow, ...]:
        """Every row, of every table, where the ledger and the export disagree."""
        return tuple(r for d in DIMENSIONS for r in self.table(d) if r.differs)

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month, "has_export": self.has_export, "excluded": self.excluded.to_json(),
            **{f"by_{d}": [r.to_json() for r in self.table(d)] for d in ("day", "method", "card")},
            "total": self.total.to_json(), "differences": [f"{r.dimension}:{r.key}" for r in self.differences],
        }


def _card_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, entry in codes.table("card").items():
        names.setdefault(_plain(entry.ko), code)
    return names


def _plain(name: str) -> str:
    return "".join(name.split()).replace("카드", "").lower()


_CARD_BY_NAME = _card_names()


def card_key(fn_cd: str, fn_name: str) -> str:
    """The card company code of a record (from its code, else from its name), or its name."""
    found = codes.lookup("card", fn_cd) if fn_cd else None
    if found is not None and found.known:
        return found.code
    return _CARD_BY_NAME.get(_plain(fn_name or ""), fn_name or fn_cd or "")


def _label(dimension: str, key: str) -> tuple[str, str]:
    if dimension == "method":
        found = codes.lookup("pay_method", key)
        return (found.ko, found.en) if key else ("(없음)", "(none)")
    if dimension == "card":
        found = codes.lookup("card", key)
        return (found.ko, found.en) if found.known else (key or "(없음)", key or "(none)")
    if dimension == "total":
        return DIMENSIONS["total"]
    return key, key


Groups = dict[str, dict[str, Totals]]


def _groups(rows: Iterable[tuple[Any, ...]]) -> Groups:
    out: Groups = {d: {} for d in DIMENSIONS}
    for what, day, method, fn_cd, fn_name, count, amount in rows:
        add = Totals(count, amount or 0) if what == "a" else Totals(0, 0, count, amount or 0)
        keys = {"day": day or "", "method": method or "", "total": ""}
        if method == "CARD":
            keys["card"] = card_key(fn_cd or "", fn_name or "")
        for dimension, key in keys.items():
            table = out[dimension]
            table[key] = table.get(key, Totals()) + add
    return out


def _settle(scope: Scope, other: Scope | None) -> Settlement:
    """The settlement of ``scope``'s month; the export is summed on ``other`` (the same snapshot's second
    connection, on a worker thread) while the ledger's side is summed on ``scope``."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        later = pool.submit(_export_rows, other) if other is not None else None
        approvals = list(scope.rows(_APPROVALS)) + list(scope.rows(_DEPOSITS))
        excluded = scope.one(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM transactions "
            "WHERE approved_at >= :start AND approved_at < :end AND flagged = 1 AND amount IS NOT NULL"
        )
        cancels = list(scope.rows(_CANCELS))
        exported = later.result() if later is not None else _export_rows(scope)
    mine = _groups(approvals + cancels)
    theirs = {d: {k: t for k, t in table.items() if t != Totals()} for d, table in _groups(exported).items()}
    has_export = bool(theirs["total"])

    def rows(dimension: str) -> tuple[SettlementRow, ...]:
        keys = sorted(set(mine[dimension]) | set(theirs[dimension]))
        return tuple(
            SettlementRow(dimension, key, *_label(dimension, key), mine[dimension].get(key, Totals()),
                          theirs[dimension].get(key, Totals()) if has_export else None)
            for key in keys
        )

    total = rows("total") or (SettlementRow("total", "", *DIMENSIONS["total"], Totals()),)
    return Settlement(
        str(scope.month), rows("day"), rows("method"), rows("card"), total[0], has_export,
        Totals(excluded[0], excluded[1]),
    )


@contextmanager
def settlement_lines(
    ledger: Ledger, month: str, *, cancel: CancelToken | None = None,
) -> Iterator[tuple[Settlement, SettlementLines]]:
    """The month's settlement and its lines, both read on one snapshot (held until the block ends).

    Raises ValueError for a malformed month and ``Cancelled`` when ``cancel`` is set.
    """
    parsed = Month.parse(month)
    with reading(ledger.db, cancel, second=True) as (conn, other):
        scope = Scope(conn, parsed)
        yield _settle(scope, Scope(other, parsed) if other is not None else None), SettlementLines(scope)


def monthly_settlement(ledger: Ledger, month: str, *, cancel: CancelToken | None = None) -> Settlement:
    """The month's settlement (see the module docstring).

    Raises ValueError for a malformed month and ``Cancelled`` when ``cancel`` is set.
    """
    with settlement_lines(ledger, month, cancel=cancel) as (settlement, _):
        return settlement
