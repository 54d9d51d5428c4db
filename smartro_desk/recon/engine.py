"""Reconcile one month: every check in SQL over the indexed ledger, findings as plain records.

``reconcile`` reads one consistent snapshot of the ledger and never writes to
it. The month scan and the checks that depend on it run on the ledger's own
connection; the passes that stand alone (double payments, notification
delivery, counts, the export's cancelled and virtual-account transactions
and, without an export to compare, the orders listed twice) run meanwhile on
a second connection to the same snapshot, in a worker thread: SQLite works
without the GIL, so a two-core machine does both at once. The run holds the
ledger's connection: an app should give it a worker with its own ``Ledger.open``.
It can be cancelled between and inside queries. Resolutions are looked up by
finding key, so a finding resolved in one run comes back resolved in the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from smartro_desk.ledger import Ledger
from smartro_desk.recon.delivery import Delivery, MonthCounts, month_counts
from smartro_desk.recon.findings import (
    Finding, KindSummary, Month, ReconResult, ReconSettings, Resolution, empty_summary,
)
from smartro_desk.recon.gateway import ExportChecks
from smartro_desk.recon.kinds import KINDS, severity_rank
from smartro_desk.recon.orders import OrderChecks, listed_twice
from smartro_desk.recon.payments import PaymentChecks, multiple_approvals
from smartro_desk.recon.scan import Check, Plain, TxRow, month_scan
from smartro_desk.recon.scope import Scope, reading
from smartro_desk.secrets import Secrets
from smartro_desk.tasks import CancelToken, Progress

_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_STEPS = 6  # set up, month scan, three checks' own passes, the second connection's passes


@dataclass(slots=True)
class _Collector:
    """Findings of one thread: resolutions attached, counted per kind, listed up to the cap."""

    resolutions: dict[str, Resolution]
    cap: int | None
    cancel: CancelToken | None
    summary: dict[str, KindSummary] = field(default_factory=empty_summary)
    findings: list[Finding] = field(default_factory=list)

    def add(self, found: Iterable[Finding]) -> None:
        for count, finding in enumerate(found):
            resolution = self.resolutions.get(finding.key)
            if resolution is not None:
                finding = replace(finding, resolution=resolution)
            kind = self.summary[finding.kind]
            kind.add(finding)
            if self.cap is None or kind.listed < self.cap:
                self.findings.append(finding)
                kind.listed += 1
            if self.cancel is not None and count % 10_000 == 9_999:
                self.cancel.raise_if_cancelled()

    def merge(self, other: _Collector) -> None:
        for kind, theirs in other.summary.items():
            mine = self.summary[kind]
            for name in ("count", "amount", "open", "open_amount", "resolved", "acknowledged"):
                setattr(mine, name, getattr(mine, name) + getattr(theirs, name))
            room = len(other.findings) if self.cap is None else max(0, self.cap - mine.listed)
            taken = [f for f in other.findings if f.kind == kind][:room]
            self.findings += taken
            mine.listed += len(taken)


def reconcile(
    ledger: Ledger, month: str, *, settings: ReconSettings | None = None, secrets: Secrets | None = None,
    progress: Progress | None = None, cancel: CancelToken | None = None,
) -> ReconResult:
    """Every finding of ``month`` ('YYYY-MM'), with counts and sums per kind and the month's totals.

    ``secrets`` supplies merchant keys for checking EncryptData of payment
    requests kept with the orders. Raises ValueError for a malformed month and
    ``Cancelled`` when ``cancel`` is set.
    """
    settings = settings or ReconSettings()
    parsed = Month.parse(month)
    resolutions = {key: Resolution(*values) for key, values in ledger.resolutions().items()}
    main = _Collector(resolutions, settings.max_listed_per_kind, cancel)
    side = _Collector(resolutions, settings.max_listed_per_kind, cancel)
    with reading(ledger.db, cancel, second=True) as (conn, other):
        scope = Scope(conn, parsed, settings, settings.as_of or date.today(),
                      secrets.merchant_key if secrets is not None else None)
        own = replace(scope, conn=other, notes=[]) if other is not None else scope
        orders, payments, export = OrderChecks(scope), PaymentChecks(scope), ExportChecks(scope)
        checks: tuple[Check, ...] = (orders, payments, export)
        notified = Notified(payments.notifications_seen)
        # Comparing the listed transactions with an export is the heaviest pass beside the scan: the
        # orders listed twice then stay on this connection, to keep the two cores evenly busy.
        listed_here = other is not None and export.coverage is not None
        _step(progress, cancel, 1)
        with ThreadPoolExecutor(max_workers=1) as pool:
            later = pool.submit(_standalone, own, side, export, not listed_here) if other is not None else None
            rows = notified.counting(month_scan(scope, (*checks, notified), with_orders=orders.active))
            main.add(finding for row in rows for check in checks for finding in check.classify(row))
            _step(progress, cancel, 2)
            for done, check in enumerate(checks, 3):
                main.add(check.after())
                _step(progress, cancel, done)
            if listed_here:
                main.add(listed_twice(scope))
            delivery, counts, orders_listed = (
                later.result() if later is not None else _standalone(own, side, export, True))
            with_notification = notified.of(counts.transactions)
            health = delivery.health(with_notification, counts.expected_with(with_notification))
    totals = {"transactions": counts.transactions, "orders": orders_listed}
    main.merge(side)
    _step(progress, cancel, _STEPS)
    main.findings.sort(key=lambda f: (severity_rank(f.severity), _KIND_ORDER[f.kind], f.at or "", f.key))
    notes = tuple(dict.fromkeys(scope.notes + (own.notes if own is not scope else [])))
    return ReconResult(str(parsed), main.findings, main.summary, totals, health, notes)


def _standalone(scope: Scope, into: _Collector, export: ExportChecks,
                listed: bool) -> tuple[Delivery, MonthCounts, int]:
    """The passes that need nothing from the month scan: double payments, delivery, the export's listed
    transactions, counts (transactions and order rows of the month; the money is in the monthly
    settlement) and (``listed``) the orders listed twice."""
    if listed:
        into.add(listed_twice(scope))
    into.add(multiple_approvals(scope))
    delivery = Delivery(scope)
    into.add(delivery.findings())
    into.add(export.compare_listed(scope))
    orders = scope.one("SELECT COUNT(*) FROM orders WHERE ordered_at >= :start AND ordered_at < :end")[0]
    return delivery, month_counts(scope), orders


def _notified(channels: frozenset[str]) -> bool:
    return "notification" in channels


@dataclass(slots=True)
class Notified:
    """Counts, during the month scan, the transactions without any notification (the scan brings every
    one of those, and only them besides the checks' rows), so that no pass of its own is needed."""

    seen: bool  # whether the month has notifications at all (if not, no transaction has one)
    params: dict[str, Any] = field(default_factory=dict)
    missing: int = 0

    @property
    def condition(self) -> str:
        return "instr(t.channels, 'notification') = 0" if self.seen else ""

    @property
    def plain(self) -> Plain | None:
        return Plain((), _notified) if self.seen else None

    def counting(self, rows: Iterator[TxRow]) -> Iterator[TxRow]:
        for row in rows:
            self.missing += not row.notified
            yield row

    def classify(self, row: TxRow) -> Iterator[Finding]:
        return iter(())

    def after(self) -> Iterator[Finding]:
        return iter(())

    def of(self, transactions: int) -> int:
        """How many of the month's ``transactions`` have a notification."""
        return transactions - self.missing if self.seen else 0


def _step(progress: Progress | None, cancel: CancelToken | None, done: int) -> None:
    if progress is not None:
        progress(done, _STEPS)
    if cancel is not None:
        cancel.raise_if_cancelled()


def resolve_finding(ledger: Ledger, finding: Finding, *, status: str = "resolved", note: str = "") -> None:
    """Resolve (or acknowledge) a finding with a note, in the audit log; it stays so in later runs.

    Resolving a finding that flags its transaction (tampering, disagreeing
    copies) also clears the flag, so the amount counts in the ledger's sums again.
    """
    if status not in ("resolved", "acknowledged"):
        raise ValueError(f"status must be 'resolved' or 'acknowledged', not {status!r}")
    with ledger.write():
        ledger.resolve(finding.key, status=status, note=note, tid=finding.tid)
        if finding.flag_key and finding.flag_key != finding.key:
            ledger.resolve(finding.flag_key, status=status, note=note, tid=finding.tid)
