"""A lost cancel answer is settled by the gateway's notification as soon as its log is imported."""

from __future__ import annotations

from pathlib import Path

from cancel_support import rig

from smartro_desk.ingest import import_file
from smartro_desk.ledger import cancels
from smartro_desk.secrets import Secrets


def test_importing_the_cancel_notification_lifts_the_hold(ledger_location: str | Path, tmp_path: Path) -> None:
    with rig(ledger_location) as r:
        tid = r.pay(amount=10_000)
        r.sandbox.set_fault("drop_after_apply", times=1)
        assert r.cancel(tid, 4_000, partial=True).outcome == "unknown"
        assert r.tx(tid)["cancel_hold"] is not None
        log = tmp_path / "inform.log"
        log.write_bytes(r.sandbox.notification_body(tid, "cancel") + b"\n")
        report = import_file(r.ledger, log, secrets=Secrets())
        assert (report.imported, report.rejected) == (1, 0)
        assert r.tx(tid)["cancel_hold"] is None  # no plan, no click: the import itself settled it
        assert r.tx(tid)["remaining"] == 6_000
        assert [a.status for a in cancels.attempts(r.ledger, tid)] == ["settled_cancelled"]
        assert r.sandbox.requests_received == 1


def test_a_partial_answered_without_its_ptid_counts_once_when_its_notification_comes(
        ledger_location: str | Path, tmp_path: Path) -> None:
    """The gateway answered 2001 but left PTID out: the app's record of the cancel stands in under
    ``TID#A<n>`` until the notification (with the real PTID) is imported, and then gives way to it."""
    import httpx

    from smartro_desk.cancel.client import CancelClient
    from cancel_support import FAST

    class WithoutPtid(httpx.BaseTransport):
        def __init__(self) -> None:
            self.real = httpx.HTTPTransport()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            answer = self.real.handle_request(request)
            body = b"&".join(p for p in answer.read().split(b"&") if not p.startswith(b"PTID="))
            return httpx.Response(answer.status_code, headers={"content-type": answer.headers["content-type"]},
                                  content=body)

    with rig(ledger_location) as r:
        tid = r.pay(amount=10_000)
        r.service.connect = lambda endpoint: CancelClient(endpoint, timeout=FAST, transport=WithoutPtid())
        result = r.cancel(tid, 3_000, partial=True)
        assert (result.outcome, result.ptid, result.remaining) == ("cancelled", "", 7_000)
        log = tmp_path / "inform.log"
        log.write_bytes(r.sandbox.notification_body(tid, "cancel") + b"\n")
        assert import_file(r.ledger, log, secrets=Secrets()).imported == 1
        assert (r.tx(tid)["cancelled"], r.tx(tid)["remaining"]) == (3_000, 7_000)  # once, as at the gateway
        assert r.sandbox.payment(tid)["remaining"] == 7_000
        ptid = cancels.attempts(r.ledger, tid)[0].ptid
        assert ptid and ptid != tid and "#" not in ptid  # linked to the gateway's PTID
        assert "cancel_settlement_linked" in r.actions(tid)
        rest = r.plan(tid, 7_000, partial=True)  # the genuine refund of the rest is not refused
        assert not [p for p in rest.problems if p.severity == "error"]
