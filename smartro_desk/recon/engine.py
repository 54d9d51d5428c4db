"""Reconcile one month: every check in SQL over the indexed ledger, findings as plain records.

``reconcile`` reads one consistent snapshot of the ledger and never writes to
it. The month scan and the checks that depend on it run on the ledger's own
connection; the passes that stand alone (orders listed twice, double
payments, notification delivery, counts and, when an export is compared, the
order list's own pass) run meanwhile on a second connection to the same
snapshot, in a worker thread: SQLite works without the GIL, so a two-core
machine does both at once. The run holds the ledger's
connection: an app should give it a worker with its own ``Ledger.open``.
It can be cancelled between and inside queries. Resolutions are looked up by
finding key, so a finding resolved in one run comes back resolved in the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from smartro_desk.ledger import Ledger
from smartro_desk.recon.delivery import Delivery
from smartro_desk.recon.findings import (
    DeliveryHealth, Finding, KindSummary, Month, ReconResult, ReconSettings, Resolution, empty_summary,
)
from smartro_desk.recon.gateway import ExportChecks
from smartro_desk.recon.kinds import KINDS, severity_rank
from smartro_desk.recon.orders import OrderChecks, listed_twice
from smartro_desk.recon.payments import PaymentChecks, multiple_approvals
from smartro_desk.recon.scan import Check, month_scan
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
        orders, export = OrderChecks(scope), ExportChecks(scope)
        checks: tuple[Check, ...] = (orders, PaymentChecks(scope), export)
        # Comparing with an export is the heaviest pass of the scan's side: the order list's own
        # pass then moves to the second connection, to keep the two cores evenly busy.
        orders_aside = other is not None and orders.active and export.coverage is not None
        _step(progress, cancel, 1)
        with ThreadPoolExecutor(max_workers=1) as pool:
            later = pool.submit(_standalone, own, side, orders_aside) if other is not None else None
            rows = month_scan(scope, checks, with_orders=orders.active)
            main.add(finding for row in rows for check in checks for finding in check.classify(row))
            _step(progress, cancel, 2)
            for done, check in enumerate(checks, 3):
                if not (check is orders and orders_aside):
                    main.add(check.after())
                _step(progress, cancel, done)
            health, totals = later.result() if later is not None else _standalone(own, side, False)
    main.merge(side)
    _step(progress, cancel, _STEPS)
    main.findings.sort(key=lambda f: (severity_rank(f.severity), _KIND_ORDER[f.kind], f.at or "", f.key))
    notes = tuple(dict.fromkeys(scope.notes + (own.notes if own is not scope else [])))
    return ReconResult(str(parsed), main.findings, main.summary, totals, health, notes)


def _standalone(scope: Scope, into: _Collector, orders: bool) -> tuple[DeliveryHealth, dict[str, Any]]:
    """The passes that need nothing from the month scan: duplicates, delivery health, counts, and
    (``orders``) the order list's own pass."""
    if orders:
        into.add(OrderChecks(scope).after())
    into.add(listed_twice(scope))
    into.add(multiple_approvals(scope))
    delivery = Delivery(scope)
    into.add(delivery.findings())
    return delivery.health(), _totals(scope)


def _step(progress: Progress | None, cancel: CancelToken | None, done: int) -> None:
    if progress is not None:
        progress(done, _STEPS)
    if cancel is not None:
        cancel.raise_if_cancelled()


def _totals(scope: Scope) -> dict[str, Any]:
    """How many transactions and order rows the month has (the money is in the monthly settlement)."""
    return {
        "transactions": scope.one(
            "SELECT COUNT(*) FROM transactions WHERE approved_at >= :start AND approved_at < :end")[0],
        "orders": scope.one("SELECT COUNT(*) FROM orders WHERE ordered_at >= :start AND ordered_at < :end")[0],
    }


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
