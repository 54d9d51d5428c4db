"""A big log parsed in a worker process gives exactly what parsing it here gives; cancels and failures stop the worker."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from fixtures_ingest.builders import UNKNOWN_MID, form, java_map, notification, print_r, result, tid

from smartro_desk.ingest import import_file, parse_worker
from smartro_desk.ingest.report import ImportFailed
from smartro_desk.ledger import Ledger
from smartro_desk.secrets import Secrets
from smartro_desk.tasks import CancelToken, Cancelled


def mixed_log(path: Path, count: int) -> Path:
    """Every shape, retries, a forged signature, an unknown merchant, a corrupt line and a UTF-8 one."""
    lines = []
    for n in range(1, count + 1):
        lines.append(form(notification(n)))
        if n % 7 == 0:
            lines.append(b"2024-03-05 15:31:00 INFO [inform] 211.193.35.11 " + form(notification(n)))  # a retry
        if n % 11 == 0:
            lines.append(form(notification(n + count, key=None)))  # forged SignValue
        if n % 13 == 0:
            lines.append(form(notification(n + 2 * count, mid=UNKNOWN_MID)))
        if n % 17 == 0:
            lines.append(b"TID=&Amt=abc")
        if n % 19 == 0:
            lines.append(form(result(n + 3 * count), encoding="utf-8"))
    lines += [print_r(notification(4 * count + 1)), java_map(notification(4 * count + 2)), b"# the end"]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def contents(ledger: Ledger) -> tuple[Any, ...]:
    db = ledger.db
    return (
        db.query("SELECT fingerprint, tid, kind, sign_status, amount, fields, raw, source_line FROM events ORDER BY id"),
        db.query("SELECT tid, amount, state, sign_status, flagged, channels FROM transactions ORDER BY tid"),
        db.query("SELECT source_line, logged_at, sender_ip, occurrence_key FROM receipts ORDER BY id"),
        db.query("SELECT line, outcome, reason FROM batch_issues ORDER BY id"),
    )


def test_the_worker_gives_what_parsing_here_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = mixed_log(tmp_path / "inform.log", 300)
    reports, seen = [], []
    for where, threshold in (("here", 1 << 62), ("worker", 0)):
        monkeypatch.setattr(parse_worker, "PARALLEL_FROM", threshold)
        ledger = Ledger.open(tmp_path / f"{where}.sqlite")
        try:
            reports.append(import_file(ledger, log, secrets=Secrets()))
            seen.append(contents(ledger))
        finally:
            ledger.close()
    here, worker = reports
    assert not here.error and not worker.error
    assert [(r.records, r.imported, r.duplicates, r.rejected, r.skipped, r.flagged, r.encoding) for r in reports] == [
        (here.records, here.imported, here.duplicates, here.rejected, here.skipped, here.flagged, here.encoding)] * 2
    assert seen[0] == seen[1]
    statuses = {row[3] for row in seen[1][0]}
    assert {"verified", "mismatch", "no_key"} <= statuses  # the worker asked for keys and got the right ones
    assert json.loads(seen[1][0][0][5])["TID"] == tid(1)


def test_a_cancel_stops_the_worker_and_leaves_the_ledger_as_it_was(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_worker, "PARALLEL_FROM", 0)
    log = mixed_log(tmp_path / "inform.log", 12_000)  # several of the worker's chunks
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    token = CancelToken()
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        token.cancel()

    try:
        with pytest.raises(Cancelled):
            import_file(ledger, log, secrets=Secrets(), progress=progress, cancel=token)
        assert len(calls) == 1 and 0 < calls[0] < log.stat().st_size
        assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 0
        assert ledger.db.scalar("SELECT COUNT(*) FROM batches") == 0
    finally:
        ledger.close()
    assert not [p for p in multiprocessing.active_children() if p.name == "smartro-parse"]


def test_a_worker_that_cannot_read_the_file_says_why(tmp_path: Path) -> None:
    parsed = parse_worker.ParsedElsewhere.log(tmp_path / "gone.log", "gone.log", lambda mid: None)
    with pytest.raises(ImportFailed, match="파일을 읽는 중 오류"):
        list(parsed)
    assert not [p for p in multiprocessing.active_children() if p.name == "smartro-parse"]
