"""The ledger's own records (logs and cancel answers) against the gateway admin site's export.

The export is every event of channel ``export`` (rows of a batch the importer
marked ``export``). For a month it *covers* the days from the first to the
last exported transaction of the month and the MIDs it lists: only
ledger transactions of those days and MIDs can be "missing in the export".
Each side is summed on its own (the export may give one row per transaction
with a total cancel, the logs one record per partial cancel): approved
amount, cancelled total and state; a cancel or deposit the logs saw after the
export's last day is not a difference. Records whose SignValue failed never
count as the ledger's side.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any, NamedTuple

from smartro_desk.labels import TX_STATE
from smartro_desk.recon.findings import Finding, Words
from smartro_desk.recon.scan import Plain, TxRow
from smartro_desk.recon.scope import PAID, PAID_STATES, Scope, day_after, sql_list, won

# Every record of the transactions to compare, a transaction's together (``_sides`` sums each side).
_RECORDS = """
SELECT e.otid, e.channel, e.kind, e.fact_key, e.occurred_at, e.amount
FROM temp._xo c CROSS JOIN events e
WHERE e.otid = c.id AND e.sign_status <> 'mismatch'
ORDER BY c.id
"""
_APPROVED = ("approval", "vbank_deposit", "vbank_issued")

STATE_WORDS = {
    "approved": Words("승인", "approved"), "deposited": Words("입금완료", "deposited"),
    "issued": Words("입금대기", "awaiting deposit"), "failed": Words("실패", "failed"),
    "cancel_only": Words("취소만", "cancel only"),
}


def _logged_and_exported(channels: frozenset[str]) -> bool:
    return "export" in channels and ("notification" in channels or "result" in channels)


def _has_export(scope: Scope) -> bool:
    return bool(scope.one(
        "SELECT EXISTS (SELECT 1 FROM batches WHERE kind = 'export') "
        "OR EXISTS (SELECT 1 FROM events WHERE batch_id IS NULL AND channel = 'export')"
    )[0])


# Transactions whose state can differ from the export's without a flag: cancelled, virtual accounts,
# failed, cancels alone. Found through the state and pay method indexes (``listed``), beside the scan.
_LISTED_STATES = ("partially_cancelled", "cancelled", "vbank_issued", "failed", "cancel_only")
_LISTED = f"""
SELECT tid, order_id, approved_at FROM transactions
WHERE approved_at >= :start AND approved_at < :end
  AND (state IN {sql_list(_LISTED_STATES)} OR pay_method = 'VBANK')
  AND instr(channels, 'export') > 0 AND (instr(channels, 'notification') > 0 OR instr(channels, 'result') > 0)
"""


def _listed(state: str, pay_method: str, channels: str) -> bool:
    """Whether ``_LISTED`` selects a transaction (it is compared by ``ExportChecks.compare_listed``)."""
    return ((state in _LISTED_STATES or pay_method == "VBANK") and "export" in channels
            and ("notification" in channels or "result" in channels))


class ExportChecks:
    """missing_in_ledger, missing_in_export and export_differs.

    Every exported transaction that could differ from the export is compared
    record by record: known only from the export (the month scan reports
    those), or cancelled, a virtual account, failed (``compare_listed``, on
    the second connection while the scan runs), flagged or unverified (the
    scan brings those; any other difference in amount flags the transaction).
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.condition = ""
        self.plain: Plain | None = None
        self.params: dict[str, Any] = {}
        self.candidates: dict[str, tuple[str, str]] = {}  # TID -> (order id, approval time)
        self.coverage: tuple[str, str] | None = None
        self.mids: dict[str, bool] = {}
        first = last = None
        if _has_export(scope):
            exported = ("SELECT approved_at FROM transactions WHERE approved_at >= :start AND approved_at < :end "
                        "AND instr(channels, 'export') > 0 ORDER BY approved_at {} LIMIT 1")
            first = (scope.one(exported.format("ASC")) or (None,))[0]
            if first is not None:  # a month without export rows is read through once, not twice
                last = (scope.one(exported.format("DESC")) or (None,))[0]
        if first is None or last is None:
            scope.notes.append(Words(
                "이 달의 PG 거래내역 엑셀이 원장에 없어 원장-엑셀 대사를 하지 않았습니다.",
                "No gateway export for this month in the ledger: the ledger was not reconciled with it.",
            ))
            return
        if first[:10] != scope.month.start or day_after(last) != scope.month.end:
            scope.notes.append(Words(
                f"PG 엑셀이 {first[:10]}부터 {last[:10]}까지만 있어 그 기간만 원장과 대사했습니다.",
                f"The gateway export covers {first[:10]} to {last[:10]} only: only that period was reconciled.",
            ))
        self.coverage = (first[:10], day_after(last))
        self.params = {"x_first": self.coverage[0], "x_end": self.coverage[1]}
        self.condition = (  # a cancel that left the state alone is compared here, not among the listed
            f"(t.cancelled > 0 AND t.pay_method <> 'VBANK' AND t.state NOT IN {sql_list(_LISTED_STATES)} "
            "AND instr(t.channels, 'export') > 0) "
            "OR (instr(t.channels, 'notification') = 0 AND instr(t.channels, 'result') = 0 "
            "AND instr(t.channels, 'export') > 0) "
            f"OR (instr(t.channels, 'export') = 0 AND t.state IN {PAID_STATES} "
            "AND t.approved_at >= :x_first AND t.approved_at < :x_end)"
        )
        self.plain = Plain(("t.cancelled = 0",), _logged_and_exported)

    def _covers(self, mid: str) -> bool:
        """Whether the export lists any of this MID's transactions of the month (asked once per MID)."""
        if mid not in self.mids:
            self.mids[mid] = bool(self.scope.one(
                "SELECT EXISTS (SELECT 1 FROM transactions WHERE mid = :mid AND approved_at >= :start "
                "AND approved_at < :end AND instr(channels, 'export') > 0)", {"mid": mid},
            )[0])
        return self.mids[mid]

    def classify(self, row: TxRow) -> Iterator[Finding]:
        if self.coverage is None:
            return
        common = {"tid": row.tid, "order_id": row.order_id, "at": row.approved_at}
        if not row.exported:
            covered = self.coverage[0] <= row.approved_at < self.coverage[1]
            if row.state in PAID and covered and self._covers(row.mid):
                yield Finding.of("missing_in_export", requested=row.amount, amount=row.amount, **common,
                                 detail=Words(f"원장에는 {won(row.amount)} 거래가 있는데 PG 엑셀에 없습니다",
                                              f"A {won(row.amount, 'en')} payment in the ledger is not in the "
                                              "gateway export"))
        elif not (row.notified or row.returned):
            if row.state != "failed":
                state = TX_STATE.get(row.state, (row.state, row.state))
                ko = f" (취소 {won(row.cancelled)})" if row.cancelled else ""
                en = f" ({won(row.cancelled, 'en')} cancelled)" if row.cancelled else ""
                yield Finding.of("missing_in_ledger", returned=row.amount, amount=row.amount, **common, detail=Words(
                    f"PG 엑셀에는 {state[0]} {won(row.amount)}{ko}으로 있는데 결과·통보 기록이 없습니다",
                    f"The gateway export has it as {state[1].lower()}, {won(row.amount, 'en')}{en}, but no result "
                    "or notification was logged"))
        elif ((row.cancelled or row.flagged or row.sign_status != "verified")
              and not _listed(row.state, row.pay_method, row.channels)):
            self.candidates[row.tid] = (row.order_id, row.approved_at)

    def after(self) -> Iterator[Finding]:
        """export_differs among the scan's candidates and the transactions whose difference was resolved
        (so that it stays resolved, or shows again once it changes)."""
        if self.coverage is None:
            return
        for tid, order_id, at, state, method, channels in self.scope.rows(
            "SELECT t.tid, t.order_id, t.approved_at, t.state, t.pay_method, t.channels FROM resolutions r "
            "JOIN transactions t ON t.tid = substr(r.finding_key, 16) "
            "WHERE r.finding_key LIKE 'export_differs:%' AND t.approved_at >= :start AND t.approved_at < :end"
        ):
            if not _listed(state, method, channels):
                self.candidates.setdefault(tid, (order_id, at))
        if self.candidates:
            yield from _compare(self.scope, self.coverage[1], self.candidates)

    def compare_listed(self, scope: Scope) -> Iterator[Finding]:
        """export_differs among the month's cancelled, virtual-account, failed and cancel-only transactions,
        on ``scope`` (the second connection: this needs nothing from the month scan)."""
        if self.coverage is None:
            return
        listed = {tid: (order_id, at) for tid, order_id, at in scope.rows(_LISTED)}
        if listed:
            yield from _compare(scope, self.coverage[1], listed)


class _Side(NamedTuple):
    """One side (the ledger's own records, or the export's) of one transaction, summed per fact."""

    approved: int | None
    cancelled: int | None
    early: int | None  # cancelled before the export's last day ends
    state: str
    early_state: str  # the state as of the export's last day


def _sides(records: list[tuple[Any, ...]], end: str) -> tuple[_Side | None, _Side | None]:
    """(the ledger's side, the export's side) of one transaction's records, each summed per fact: a fact's
    amount is the notification's word first, as the ledger ranks its records; sums follow SQL's rules
    (a missing amount is left out, a sum of nothing but missing amounts is missing)."""
    facts: dict[tuple[bool, str, str], list[Any]] = {}  # (export?, fact, kind) -> [first time, notified, result, any]
    for _, channel, kind, fact, at, amount in records:
        key = (channel == "export", fact, kind)
        found = facts.get(key)
        if found is None:
            facts[key] = [at, amount if channel == "notification" else None,
                          amount if channel == "result" else None, amount]
            continue
        if at is not None and (found[0] is None or at < found[0]):
            found[0] = at
        if amount is not None:
            slot = 1 if channel == "notification" else 2 if channel == "result" else 0
            if slot and (found[slot] is None or amount > found[slot]):
                found[slot] = amount
            if found[3] is None or amount > found[3]:
                found[3] = amount
    # per side: [approved, cancelled, any summed, early cancelled, any early summed, kinds, deposited early]
    sums: list[list[Any] | None] = [None, None]
    for (x, _, kind), (at, notified, returned, anyone) in facts.items():
        side = sums[x]
        if side is None:
            side = sums[x] = [None, 0, False, 0, False, set(), False]
        amount = notified if notified is not None else returned if returned is not None else anyone
        side[5].add(kind)
        if kind == "cancel":
            early = at is not None and at < end
            if amount is not None:
                side[1] += amount
                side[2] = side[4] = True  # early: the amount, or 0 when later
                if early:
                    side[3] += amount
            elif not early:
                side[4] = True  # 0 as of the end, whatever its amount
            continue
        side[2] = side[4] = True  # another fact adds 0
        if kind in _APPROVED and amount is not None and (side[0] is None or amount > side[0]):
            side[0] = amount
        if kind == "vbank_deposit" and at is not None and at < end:
            side[6] = True
    return _finish(sums[0]), _finish(sums[1])


def _finish(side: list[Any] | None) -> _Side | None:
    if side is None:
        return None
    approved, cancelled, summed, early, early_summed, kinds, deposited_early = side

    def state(deposited: bool, issued: bool) -> str:
        if deposited:
            return "deposited"
        if "approval" in kinds:
            return "approved"
        if issued:
            return "issued"
        return "failed" if "failure" in kinds else "cancel_only"

    return _Side(approved, cancelled if summed else None, early if early_summed else None,
                 state("vbank_deposit" in kinds, "vbank_issued" in kinds),
                 state(deposited_early, bool(kinds & {"vbank_issued", "vbank_deposit"})))


def _differs(a: int | None, b: int | None) -> bool:
    """SQL's ``a <> b``: unknown (false) when either is NULL."""
    return a is not None and b is not None and a != b


def _compare(scope: Scope, end: str, candidates: dict[str, tuple[str, str]]) -> Iterator[Finding]:
    """Each candidate's two sides, summed on their own; a later cancel or deposit than the export's last
    day (``end``) is no difference. ``candidates``: TID -> (order id, approval time)."""
    scope.temp_ids("_xo", candidates)
    differing = []
    for otid, records in groupby(scope.rows(_RECORDS), key=lambda r: r[0]):
        mine, theirs = _sides(list(records), end)
        if mine is None or theirs is None:
            continue  # known only from the export: the month scan reported it
        if (theirs.approved != mine.approved
                or (_differs(theirs.cancelled, mine.cancelled) and _differs(theirs.cancelled, mine.early))
                or (theirs.state != mine.state and theirs.state != mine.early_state)):
            differing.append((candidates[otid][1] or "", otid, mine, theirs))
    differing.sort(key=lambda d: (d[0], d[1]))
    for at, otid, mine, theirs in differing:
        x_amt, x_cxl, x_state = theirs.approved, theirs.cancelled, theirs.state
        l_amt, l_cxl, l_state = mine.approved, mine.cancelled, mine.state
        common = {"tid": otid, "order_id": candidates[otid][0], "requested": l_amt, "returned": x_amt,
                  "at": at or None}
        parts = []
        cancels_differ = x_cxl not in (l_cxl, mine.early)
        if x_amt != l_amt:
            parts.append(Words(f"금액: 원장 {won(l_amt)} / 엑셀 {won(x_amt)}",
                               f"Amount: ledger {won(l_amt, 'en')} / export {won(x_amt, 'en')}"))
        if cancels_differ:
            parts.append(Words(f"취소: 원장 {won(l_cxl)} / 엑셀 {won(x_cxl)}",
                               f"Cancelled: ledger {won(l_cxl, 'en')} / export {won(x_cxl, 'en')}"))
        if x_state not in (l_state, mine.early_state):
            mine_word, theirs_word = STATE_WORDS[l_state], STATE_WORDS[x_state]
            parts.append(Words(f"상태: 원장 {mine_word.ko} / 엑셀 {theirs_word.ko}",
                               f"State: ledger {mine_word.en} / export {theirs_word.en}"))
        amounts_differ = x_amt != l_amt and x_amt is not None and l_amt is not None
        yield Finding.of(
            "export_differs", severity="high" if x_amt != l_amt or cancels_differ else "medium",
            amount=abs((x_amt or 0) - (l_amt or 0)) + (abs((x_cxl or 0) - (l_cxl or 0)) if cancels_differ else 0),
            flag_key=f"conflict:{otid}" if amounts_differ else "", detail=Words.join("; ", parts), **common,
        )
