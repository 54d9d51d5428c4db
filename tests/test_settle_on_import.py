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
