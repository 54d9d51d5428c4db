"""Reconciliation (no Qt): orders vs payments, the ledger vs the gateway's export, delivery health,
and the monthly settlement. ``reconcile`` and ``monthly_settlement`` read the ledger;
``resolve_finding`` is the one write.
"""

from smartro_desk.recon.engine import reconcile, resolve_finding
from smartro_desk.recon.findings import (
    COPY_BUCKETS, DEFAULT_NOTIFY_SENDERS, DeliveryHealth, Finding, KindSummary, Month, ReconResult, ReconSettings,
    Resolution,
)
from smartro_desk.recon.kinds import KIND_INFO, KINDS, SEVERITIES, KindInfo, severity_label
from smartro_desk.recon.settlement import SETTLEMENT_COLUMNS, Settlement, SettlementRow, Totals, monthly_settlement

__all__ = [
    "COPY_BUCKETS", "DEFAULT_NOTIFY_SENDERS", "DeliveryHealth", "Finding", "KIND_INFO", "KINDS", "KindInfo",
    "KindSummary", "Month", "ReconResult", "ReconSettings", "Resolution", "SETTLEMENT_COLUMNS", "SEVERITIES",
    "Settlement", "SettlementRow", "Totals", "monthly_settlement", "reconcile", "resolve_finding", "severity_label",
]
