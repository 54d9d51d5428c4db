"""Reconcile one month: every check in SQL over the indexed ledger, findings as plain records.

``reconcile`` reads one consistent snapshot of the ledger (a read transaction
on the ledger's connection, held for the run: give a worker thread its own
``Ledger.open``), never writes to it, and can be cancelled between and inside
queries. Resolutions are looked up by finding key, so a finding resolved in
one run comes back resolved in the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from smartro_desk.ledger import Ledger
from smartro_desk.recon.delivery import Delivery
from smartro_desk.recon.findings import (
    Finding, KindSummary, Month, ReconResult, ReconSettings, Resolution, empty_summary,
)
from smartro_desk.recon.gateway import ExportChecks
from smartro_desk.recon.kinds import KINDS, severity_rank
from smartro_desk.recon.orders import OrderChecks
from smartro_desk.recon.payments import PaymentChecks
from smartro_desk.recon.scan import Check, month_scan
from smartro_desk.recon.scope import Scope, reading
from smartro_desk.secrets import Secrets
from smartro_desk.tasks import CancelToken, Progress

_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_STEPS = 7  # set up, month scan, three checks' own passes, delivery, totals


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
    scope = Scope(
        ledger.db, Month.parse(month), settings, settings.as_of or date.today(),
        secrets.merchant_key if secrets is not None else None,
    )
    resolutions = {key: Resolution(*values) for key, values in ledger.resolutions().items()}
    summary = empty_summary()
    findings: list[Finding] = []

    def collect(found: Iterable[Finding]) -> None:
        _collect(found, resolutions, summary, findings, scope.settings.max_listed_per_kind, cancel)

    with reading(ledger.db, cancel):
        orders = OrderChecks(scope)
        checks: tuple[Check, ...] = (orders, PaymentChecks(scope), ExportChecks(scope))
        _step(progress, cancel, 1, _STEPS)
        rows = month_scan(scope, checks, with_orders=orders.active)
        collect(finding for row in rows for check in checks for finding in check.classify(row))
        _step(progress, cancel, 2, _STEPS)
        for done, check in enumerate(checks, 3):
            collect(check.after())
            _step(progress, cancel, done, _STEPS)
        delivery = Delivery(scope)
        health = delivery.health()
        collect(delivery.findings())
        _step(progress, cancel, 6, _STEPS)
        totals = _totals(scope)
    _step(progress, cancel, _STEPS, _STEPS)
    findings.sort(key=lambda f: (severity_rank(f.severity), _KIND_ORDER[f.kind], f.at or "", f.key))
    return ReconResult(str(scope.month), findings, summary, totals, health, tuple(scope.notes))


def _collect(
    found: Iterable[Finding], resolutions: dict[str, Resolution], summary: dict[str, KindSummary],
    into: list[Finding], cap: int | None, cancel: CancelToken | None,
) -> None:
    for count, finding in enumerate(found):
        resolution = resolutions.get(finding.key)
        if resolution is not None:
            finding = replace(finding, resolution=resolution)
        kind = summary[finding.kind]
        kind.add(finding)
        if cap is None or kind.listed < cap:
            into.append(finding)
            kind.listed += 1
        if cancel is not None and count % 10_000 == 9_999:
            cancel.raise_if_cancelled()


def _step(progress: Progress | None, cancel: CancelToken | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
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
