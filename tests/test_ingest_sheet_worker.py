"""A big spreadsheet read in a worker process gives exactly what reading it here gives: layouts, profiles,
rejects, unknown layouts, cancels and unreadable files included."""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fixtures_ingest.builders import tid
from test_ingest_sheets import EXPORT_ROWS, FIXTURES, HTML, ORDERS, write_xlsx

from smartro_desk.ingest import UnknownLayout, import_file, parse_worker, save_profile
from smartro_desk.ingest.report import FileReport
from smartro_desk.ledger import Ledger
from smartro_desk.tasks import CancelToken, Cancelled

HERE, ELSEWHERE = 1 << 62, 0  # SHEET_PARALLEL_FROM: never, always


def contents(ledger: Ledger) -> tuple[Any, ...]:
    db = ledger.db
    return (
        db.query("SELECT fingerprint, tid, otid, kind, amount, occurred_at, fields, raw, source_line FROM events ORDER BY id"),
        db.query("SELECT tid, amount, cancelled, state, approved_at, channels FROM transactions ORDER BY tid"),
        db.query("SELECT order_id, amount, ordered_at, status, fields, source_line FROM orders ORDER BY id"),
        db.query("SELECT line, outcome, reason, raw FROM batch_issues ORDER BY id"),
        db.query("SELECT source_line, occurrence_key FROM receipts ORDER BY id"),
        db.query("SELECT format, encoding, kind, records, imported, duplicates, rejected, skipped FROM batches"),
    )


def outcome(report: FileReport) -> tuple[Any, ...]:
    return (report.format, report.encoding, report.kind, report.records, report.imported, report.duplicates,
            report.rejected, report.skipped, report.flagged, report.rejects, report.error)


def sheets(folder: Path) -> list[tuple[Path, str]]:
    xlsx = write_xlsx(folder / "export.xlsx", EXPORT_ROWS + EXPORT_ROWS[4:7],  # the repeated rows: occurrences
                      merges=((0, 0, 0, 10, "스마트로 거래내역 조회"), (2, 5, 2, 6, "금액")))
    html = folder / "거래내역.xls"
    html.write_bytes(HTML.format(charset="euc-kr", tid1=tid(1), tid2=tid(2)).encode("cp949"))
    orders = folder / "orders.csv"
    orders.write_bytes(ORDERS.encode("cp949"))
    return [(xlsx, "auto"), (html, "auto"), (orders, "auto"), (FIXTURES / "gateway_export.xls", "results"),
            (xlsx, "orders")]


def test_the_worker_reads_what_reading_here_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    for where, threshold in (("here", HERE), ("worker", ELSEWHERE)):
        monkeypatch.setattr(parse_worker, "SHEET_PARALLEL_FROM", threshold)
        ledger = Ledger.open(tmp_path / f"{where}.sqlite")
        try:
            reports = []
            for path, kind in sheets(tmp_path):
                try:
                    reports.append(outcome(import_file(ledger, path, kind=kind)))
                except UnknownLayout as exc:
                    reports.append(("unknown", exc.headers, exc.header_row, exc.samples, exc.guess))
            seen.append((reports, contents(ledger)))
        finally:
            ledger.close()
    assert seen[0] == seen[1]
    reports, (events, _, orders, issues, receipts, _) = seen[1]
    assert [r[2] for r in reports[:4]] == ["export", "export", "orders", "export"]
    assert events and orders and issues and len({key[-2:] for _, key in receipts}) == 2  # "#1" and "#2"


def test_an_unknown_layout_and_saved_profiles_reach_the_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_worker, "SHEET_PARALLEL_FROM", ELSEWHERE)
    path = tmp_path / "odd.csv"
    path.write_text("title line\nref,won,when,who\nA-1,1004,2024-03-05 10:00:00,kim\n", encoding="utf-8")
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    try:
        with pytest.raises(UnknownLayout) as caught:
            import_file(ledger, path)
        layout = caught.value
        assert (layout.headers, layout.header_row) == (("ref", "won", "when", "who"), 2)
        assert layout.samples[0] == ("A-1", "1004", "2024-03-05 10:00:00", "kim") and layout.path == str(path)
        assert ledger.batches() == []
        assert "없습니다: 없는 프로필" in import_file(ledger, path, profile="없는 프로필").error
        save_profile(ledger, "쇼핑몰 주문", layout.headers, "orders", {"ref": "OID", "won": "Amt", "when": "AuthDate"})
        report = import_file(ledger, path)
        assert (report.kind, report.imported, report.error) == ("orders", 1, "")
    finally:
        ledger.close()
    assert not [p for p in multiprocessing.active_children() if p.name == "smartro-parse"]


def test_a_cancel_stops_the_sheet_worker_and_leaves_the_ledger_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parse_worker, "SHEET_PARALLEL_FROM", ELSEWHERE)
    rows = [["거래번호", "결제금액", "승인일시"]] + [[tid(n), 1000 + n, datetime(2024, 3, 5)] for n in range(1, 12_001)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    token = CancelToken()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        token.cancel()

    try:
        with pytest.raises(Cancelled):
            import_file(ledger, path, progress=progress, cancel=token)
        assert len(calls) == 1 and 0 < calls[0][0] < calls[0][1] == 12_001  # several of the worker's chunks
        assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 0 and ledger.batches() == []
        assert import_file(ledger, path).imported == 12_000
    finally:
        ledger.close()
    assert not [p for p in multiprocessing.active_children() if p.name == "smartro-parse"]


def test_a_broken_workbook_read_by_the_worker_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parse_worker, "SHEET_PARALLEL_FROM", ELSEWHERE)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a zip header and nothing else
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    try:
        report = import_file(ledger, path)
        assert report.error and report.imported == 0 and ledger.batches() == []
    finally:
        ledger.close()
