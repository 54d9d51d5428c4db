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
from typing import Any

from smartro_desk.labels import TX_STATE
from smartro_desk.recon.findings import Finding
from smartro_desk.recon.scan import TxRow
from smartro_desk.recon.scope import PAID, PAID_STATES, Scope, day_after, won


def export_events(columns: str) -> str:
    """SQL for ``columns`` of the month's export rows (found through their batches, or batchless)."""
    return (
        f"SELECT {columns} FROM events WHERE batch_id IN (SELECT id FROM batches WHERE kind = 'export') "
        "AND channel = 'export' AND occurred_at >= :start AND occurred_at < :end "
        f"UNION ALL SELECT {columns} FROM events WHERE batch_id IS NULL AND channel = 'export' "
        "AND occurred_at >= :start AND occurred_at < :end"
    )


# Each side of each exported transaction: approved amount (a notification's word first, as the ledger
# ranks its records), cancelled total, state; for the ledger also as of the export's last day (``early``).
_SIDES = """
INSERT INTO temp._xs
SELECT otid, x,
       MAX(CASE WHEN kind IN ('approval', 'vbank_deposit', 'vbank_issued') THEN amount END),
       SUM(CASE WHEN kind = 'cancel' THEN amount ELSE 0 END),
       SUM(CASE WHEN kind = 'cancel' AND at < :cov_end THEN amount ELSE 0 END),
       CASE WHEN MAX(kind = 'vbank_deposit') THEN 'deposited'
            WHEN MAX(kind = 'approval') THEN 'approved'
            WHEN MAX(kind = 'vbank_issued') THEN 'issued'
            WHEN MAX(kind = 'failure') THEN 'failed' ELSE 'cancel_only' END,
       CASE WHEN MAX(kind = 'vbank_deposit' AND at < :cov_end) THEN 'deposited'
            WHEN MAX(kind = 'approval') THEN 'approved'
            WHEN MAX(kind IN ('vbank_issued', 'vbank_deposit')) THEN 'issued'
            WHEN MAX(kind = 'failure') THEN 'failed' ELSE 'cancel_only' END
FROM (SELECT e.otid, e.channel = 'export' AS x, e.kind, MIN(e.occurred_at) AS at,
             COALESCE(MAX(CASE WHEN e.channel = 'notification' THEN e.amount END),
                      MAX(CASE WHEN e.channel = 'result' THEN e.amount END), MAX(e.amount)) AS amount
      FROM temp._xo c CROSS JOIN events e ON e.otid = c.id
      WHERE e.sign_status <> 'mismatch'
      GROUP BY e.otid, x, e.fact_key, e.kind)
GROUP BY otid, x
"""

# Differences, where a later cancel or deposit than the export's last day does not count as one.
_COMPARE = """
SELECT g.otid, g.approved, g.cancelled, g.state, l.otid IS NOT NULL, l.approved, l.cancelled, l.state,
       COALESCE(t.order_id, ''), COALESCE(t.approved_at, ''), l.early, l.early_state
FROM temp._xs g
LEFT JOIN temp._xs l ON l.otid = g.otid AND l.x = 0
LEFT JOIN transactions t ON t.tid = g.otid
WHERE g.x = 1 AND (l.otid IS NULL OR g.approved IS NOT l.approved
                   OR (g.cancelled <> l.cancelled AND g.cancelled <> l.early)
                   OR (g.state <> l.state AND g.state <> l.early_state))
ORDER BY t.approved_at, g.otid
"""

STATE_WORDS = {
    "approved": "승인", "deposited": "입금완료", "issued": "입금대기", "failed": "실패", "cancel_only": "취소만",
}


def _has_export(scope: Scope) -> bool:
    return bool(scope.one(
        "SELECT EXISTS (SELECT 1 FROM batches WHERE kind = 'export') "
        "OR EXISTS (SELECT 1 FROM events WHERE batch_id IS NULL AND channel = 'export')"
    )[0])


class ExportChecks:
    """missing_in_ledger, missing_in_export and export_differs.

    The month scan brings every exported transaction that could differ from
    the export: known only from the export, or cancelled, a virtual account,
    failed, flagged or unverified (any other difference in amount flags the
    transaction); those are then compared record by record.
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.condition = ""
        self.params: dict[str, Any] = {}
        self.candidates: list[str] = []
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
            scope.notes.append("이 달의 PG 거래내역 엑셀이 원장에 없어 원장-엑셀 대사를 하지 않았습니다.")
            return
        if first[:10] != scope.month.start or day_after(last) != scope.month.end:
            scope.notes.append(f"PG 엑셀이 {first[:10]}부터 {last[:10]}까지만 있어 그 기간만 원장과 대사했습니다.")
        self.coverage = (first[:10], day_after(last))
        self.params = {"x_first": self.coverage[0], "x_end": self.coverage[1]}
        self.condition = (  # cheap tests first: most rows are exported, logged, paid by card, not cancelled
            "((t.cancelled > 0 OR t.pay_method = 'VBANK' OR t.state IN ('vbank_issued', 'failed', "
            "'cancel_only')) AND instr(t.channels, 'export') > 0) "
            "OR (instr(t.channels, 'notification') = 0 AND instr(t.channels, 'result') = 0 "
            "AND instr(t.channels, 'export') > 0) "
            f"OR (instr(t.channels, 'export') = 0 AND t.state IN {PAID_STATES} "
            "AND t.approved_at >= :x_first AND t.approved_at < :x_end)"
        )

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
                yield Finding.of("missing_in_export", requested=row.amount, amount=row.amount,
                                 detail_ko=f"원장에는 {won(row.amount)} 거래가 있는데 PG 엑셀에 없습니다", **common)
        elif not (row.notified or row.returned):
            if row.state != "failed":
                state = TX_STATE.get(row.state, (row.state,))[0]
                cancelled = f" (취소 {won(row.cancelled)})" if row.cancelled else ""
                yield Finding.of("missing_in_ledger", returned=row.amount, amount=row.amount, **common,
                                 detail_ko=f"PG 엑셀에는 {state} {won(row.amount)}{cancelled}으로 있는데 "
                                           "결과·통보 기록이 없습니다")
        elif (row.cancelled or row.pay_method == "VBANK" or row.flagged or row.sign_status != "verified"
              or row.state in ("vbank_issued", "failed", "cancel_only")):
            self.candidates.append(row.tid)

    def after(self) -> Iterator[Finding]:
        if self.coverage is None:
            return
        self.candidates += [r[0] for r in self.scope.rows(
            "SELECT t.tid FROM resolutions r JOIN transactions t ON t.tid = substr(r.finding_key, 16) "
            "WHERE r.finding_key LIKE 'export_differs:%' AND t.approved_at >= :start AND t.approved_at < :end"
        )]
        if self.candidates:
            self.scope.temp_ids("_xo", self.candidates)
            yield from _compare(self.scope, self.coverage[1])


def _compare(scope: Scope, end: str) -> Iterator[Finding]:
    scope.run("DROP TABLE IF EXISTS temp._xs")
    scope.run(
        "CREATE TEMP TABLE _xs (otid TEXT, x INTEGER, approved INTEGER, cancelled INTEGER, early INTEGER, "
        "state TEXT, early_state TEXT, PRIMARY KEY (otid, x)) WITHOUT ROWID"
    )
    scope.run(_SIDES, {"cov_end": end})
    rows = scope.rows(_COMPARE)
    for otid, x_amt, x_cxl, x_state, logged, l_amt, l_cxl, l_state, order_id, at, early, early_state in rows:
        if not logged:
            continue  # known only from the export: the month scan reported it
        common = {"tid": otid, "order_id": order_id, "requested": l_amt, "returned": x_amt, "at": at or None}
        parts = []
        cancels_differ = x_cxl not in (l_cxl, early)
        if x_amt != l_amt:
            parts.append(f"금액: 원장 {won(l_amt)} / 엑셀 {won(x_amt)}")
        if cancels_differ:
            parts.append(f"취소: 원장 {won(l_cxl)} / 엑셀 {won(x_cxl)}")
        if x_state not in (l_state, early_state):
            parts.append(f"상태: 원장 {STATE_WORDS[l_state]} / 엑셀 {STATE_WORDS[x_state]}")
        amounts_differ = x_amt != l_amt and x_amt is not None and l_amt is not None
        yield Finding.of(
            "export_differs", severity="high" if x_amt != l_amt or cancels_differ else "medium",
            amount=abs((x_amt or 0) - (l_amt or 0)) + (abs(x_cxl - l_cxl) if cancels_differ else 0),
            flag_key=f"conflict:{otid}" if amounts_differ else "", detail_ko="; ".join(parts), **common,
        )
