"""The demo month (the sandbox's notifications, imported as a new user would) reconciles cleanly."""

from __future__ import annotations

from pathlib import Path

from smartro_desk.ingest import import_file
from smartro_desk.ledger import Ledger
from smartro_desk.recon import reconcile
from smartro_desk.sandbox import demo_month
from smartro_desk.secrets import Secrets


def test_demo_month_reconciles_and_finds_the_tampered_record(tmp_path: Path) -> None:
    log = tmp_path / "notifications.log"
    log.write_bytes(b"".join(body.rstrip(b"\r\n") + b"\n" for body in demo_month(2026, 10, seed=0, count=120)))
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    try:
        report = import_file(ledger, log, secrets=Secrets())
        assert report.rejected == 0 and report.flagged == 1
        result = reconcile(ledger, "2026-10")  # receipts without log times must not break delivery health
        kinds = {f.kind for f in result.findings}
        assert "signature_mismatch" in kinds
        assert result.health.resent >= 1  # the demo's retried duplicates are seen as re-sent
    finally:
        ledger.close()
