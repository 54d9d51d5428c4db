"""Shared by the cancel tests: a sandbox on 127.0.0.1, a ledger fed from its notifications,
and a ``CancelService`` wired to both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from smartro_desk.cancel.client import CancelClient
from smartro_desk.cancel.endpoints import Endpoint, parse_endpoint
from smartro_desk.cancel.plan import CancelPlan
from smartro_desk.cancel.service import CancelResult, CancelService
from smartro_desk.ingest.classify import gateway_event
from smartro_desk.ledger import Ledger, cancels
from smartro_desk.ledger.model import EventRecord
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info
from smartro_desk.protocol.formcodec import decode_form
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.sandbox import Sandbox
from smartro_desk.secrets import Secrets

NOW = datetime.now().replace(microsecond=0)  # the sandbox and the ledger share the real clock
FAST = httpx.Timeout(connect=1.0, read=0.5, write=1.0, pool=1.0)


def key_for(mid: str) -> str | None:
    merchant = TEST_MERCHANTS.get(mid)
    return merchant.merchant_key if merchant else None


@dataclass
class Rig:
    sandbox: Sandbox
    ledger: Ledger
    service: CancelService
    endpoint: Endpoint

    def pay(self, method: str = "CARD", amount: int = 10_000, *, mid: str = "SMTPAY001m",
            divide: tuple[SubMallShare, ...] = (), **kw: Any) -> str:
        """A payment at the sandbox, and its approval in the ledger (as the gateway notified it)."""
        payment = self.sandbox.create_payment(
            mid, method, amount, order_id="ORD-1", goods="무선 이어폰", buyer="홍길동", divide=divide, **kw,
        )
        tid = payment["tid"]
        if method in ("CLGIFT", "VBANK"):  # no approval notification in the manual / a deposit
            fields = {"TID": tid, "MID": mid, "PayMethod": method, "Amt": str(amount), "ResultCode": "3001",
                      "AuthDate": f"{payment['approved_at']:%y%m%d%H%M%S}", "OID": "ORD-1"}
        else:
            fields = self.notification_fields(tid, "approval")
        if divide:
            fields["DivideInfo"] = encode_divide_info(divide)
        self.ledger.add_events([gateway_event(fields, hint="result", key_for=key_for, line=None, raw="")])
        return tid

    def notification_fields(self, tid: str, event: str = "approval", cancel: int = -1) -> dict[str, str]:
        return dict(decode_form(self.sandbox.notification_body(tid, event, cancel)).fields)  # type: ignore[arg-type]

    def import_notification(self, tid: str, event: str = "cancel", cancel: int = -1) -> EventRecord:
        record = gateway_event(self.notification_fields(tid, event, cancel), hint="notification", key_for=key_for,
                               line=None, raw="")
        self.ledger.add_events([record])
        return record

    def plan(self, tid: str, amount: int | None, *, partial: bool = False, reason: str = "고객 변심",
             shares: tuple[SubMallShare, ...] = ()) -> CancelPlan:
        return self.service.plan(tid, amount=amount, reason=reason, partial=partial, endpoint=self.endpoint,
                                 shares=shares)

    def cancel(self, tid: str, amount: int | None, *, partial: bool = False, **kw: Any) -> CancelResult:
        return self.service.execute(self.plan(tid, amount, partial=partial, **kw))

    def tx(self, tid: str) -> dict[str, Any]:
        names, rows = self.ledger.db.columns(
            "SELECT amount, cancelled, remaining, state, cancel_hold FROM transactions WHERE tid = ?", (tid,))
        return dict(zip(names, rows[0]))

    def statuses(self, tid: str) -> list[str]:
        return [a.status for a in cancels.attempts(self.ledger, tid)]

    def actions(self, tid: str) -> list[str]:
        return [e.action for e in self.ledger.audit_entries(tid=tid)]


def service_for(ledger: Ledger, timeout: httpx.Timeout = FAST) -> CancelService:
    return CancelService(
        ledger, Secrets(), connect=lambda endpoint: CancelClient(endpoint, timeout=timeout),
        actor="tester",
    )


@contextmanager
def rig(location: str | Path, timeout: httpx.Timeout = FAST) -> Iterator[Rig]:
    """A sandbox and a ledger at ``location`` (the ``ledger_location`` fixture: SQLite, then PostgreSQL)."""
    with Sandbox() as sandbox:
        ledger = Ledger.open(location, actor="tester")
        try:
            endpoint = parse_endpoint(sandbox.base_url)
            yield Rig(sandbox, ledger, service_for(ledger, timeout), endpoint)
        finally:
            ledger.close()
