"""Findings, audit log, import report and bulk-cancel results exports; the ``export`` command."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from recon_support import add, event, paid, run, tid

from smartro_desk.cancel.bulk import BulkItem, BulkRow, BulkRowResult
from smartro_desk.cancel.rules import Problem
from smartro_desk.cancel.service import CancelResult
from smartro_desk.export.cli import add_export_parser
from smartro_desk.export.reports import (
    details_text, export_audit, export_bulk_results, export_findings, export_import_report,
)
from smartro_desk.ledger import Issue, Ledger

AT = datetime(2024, 4, 2, 9, 0)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger.open(tmp_path / "ledger.sqlite", actor="회계팀")
    t1, t2, t3 = tid(1, at="240305100000"), tid(2, at="240306100000"), tid(3, at="240307100000")
    add(ledger, paid(t1, 10_000, "ORD-1", at="2024-03-05 10:00:00") + paid(t2, 20_000, "ORD-2", at="2024-03-06 10:00:00"))
    add(ledger, [event("approval", t1, 10_000, channel="export", at="2024-03-05 10:00:00"),
                 event("approval", t3, 30_000, channel="export", at="2024-03-07 10:00:00")], kind="export")
    with ledger.importing("requests.log", "h-req") as session:
        session.add_issues([Issue(7, "rejected", "알 수 없는 형식", raw="TID=x&Cancelpw=123456&Amt=1000")])
    ledger.audit("cancel_sent", tid=t1, amount=10_000,
                 details={"Cancelpw": "123456", "note": "merchant_key=SECRETKEY99 고객 요청", "rows": [1, 2]})
    yield ledger
    ledger.close()


def header_row(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    """The header follows the blank row under the title block."""
    return next(r for r in range(2, 12) if ws.cell(r, 1).value is None) + 1


def cells(path: Path, sheet: int = 0) -> list[tuple]:
    ws = openpyxl.load_workbook(path).worksheets[sheet]
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=header_row(ws))]


def test_findings_export(ledger: Ledger, tmp_path: Path) -> None:
    recon = run(ledger)
    path = tmp_path / "findings.xlsx"
    result = export_findings(path, recon.findings, month="2024-03", mid="SMTPAY001m", exported_at=AT)
    assert result.rows == len(recon.findings) > 0 and result.sheets == ("불일치",)
    rows = cells(path)
    assert rows[0][:6] == ("심각도", "종류", "처리", "TID", "주문번호", "일시")
    missing = next(r for r in rows[1:] if r[1] == "원장에만 있는 거래")
    assert missing[2] == "미처리" and missing[3] == tid(2, at="240306100000") and missing[5] == datetime(2024, 3, 6, 10)
    assert rows[-1][0] == "합계" and str(rows[-1][8]).startswith("=SUM(I7:")
    assert "PG 엑셀에만 있는 거래" in [r[1] for r in rows]
    assert export_findings(tmp_path / "f.csv", recon.findings, month="2024-03").rows == len(recon.findings)


def test_audit_export_masks_secrets_and_states_integrity(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    result = export_audit(ledger, path, exported_at=AT)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A4"].value.startswith("무결성: 정상 (") and header_row(ws) == 7
    rows = cells(path)
    assert rows[0] == ("번호", "시각", "사용자", "작업", "TID", "금액", "내용", "해시")
    sent = next(r for r in rows if r[3] == "cancel_sent")
    assert sent[2] == "회계팀" and sent[5] == 10_000 and isinstance(sent[1], datetime)
    assert "123456" not in sent[6] and "SECRETKEY99" not in sent[6] and "Cancelpw=******" in sent[6]
    assert "고객 요청" in sent[6] and 'rows=[1, 2]' in sent[6]
    text = (tmp_path / "audit.csv")
    export_audit(ledger, text)
    assert "123456" not in text.read_text(encoding="utf-8-sig") and result.rows == len(ledger.audit_entries())
    assert export_audit(ledger, tmp_path / "none.xlsx", month="2001-01").rows == 0
    assert details_text({"merchantKey": "abc", "x": 1}) == "merchantKey=******, x=1"


def test_import_report_two_sheets_without_secrets(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "imports.xlsx"
    result = export_import_report(ledger, path, exported_at=AT)
    assert result.sheets == ("가져오기", "문제 기록")
    batches = cells(path, 0)
    assert batches[0][:7] == ("묶음", "파일", "형식", "인코딩", "종류", "기록", "가져옴")
    assert [r[1] for r in batches[1:4]] == [b.path for b in reversed(ledger.batches())]
    assert batches[4][0] == "합계" and batches[4][5].startswith("=SUM(F7:F9)")
    issues = cells(path, 1)
    assert issues[1][:5] == (3, "requests.log", 7, "rejected", "알 수 없는 형식")
    assert "123456" not in issues[1][5] and "Cancelpw=******" in issues[1][5]
    assert export_import_report(ledger, path, batch_ids=[1]).rows == 1  # one batch, no issues


def test_bulk_results(tmp_path: Path) -> None:
    row = BulkRow(2, "SMTPAY001m01012403051000000001", 4_000, "고객 변심")
    done = BulkRowResult(BulkItem(row, None, ()), "done", CancelResult(
        row.tid, "cancelled", 4_000, True, code="2001", message="취소 성공", remaining=6_000))
    bad = BulkRowResult(BulkItem(BulkRow(3, "-bad", None, "=1+1"), None,
                                 (Problem("tid", "TID 형식이 아닙니다", "tid"),)), "invalid")
    path = tmp_path / "bulk.xlsx"
    result = export_bulk_results(path, [done, bad], exported_at=AT, period="2024-04-02")
    assert result.rows == 2
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A4"].value.startswith("결과: 취소됨 1건, 검증 실패 (보내지 않음) 1건 — 취소된 금액 4,000원")
    rows = cells(path)
    assert rows[1][:6] == (2, row.tid, 4_000, "전체취소", "고객 변심", "취소됨") and rows[1][8] == 6_000
    assert ws.cell(9, 2).quotePrefix and ws.cell(9, 5).quotePrefix
    assert ws.cell(8, 3).number_format == "#,##0"


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_export_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_exports_each_kind(ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ledger.location if Path(ledger.location).exists() else str(tmp_path / "ledger.sqlite")
    for what, name in [("transactions", "t.xlsx"), ("transactions", "t.csv"), ("findings", "f.xlsx"),
                       ("settlement", "s.xlsx"), ("audit", "a.csv"), ("imports", "i.xlsx")]:
        assert run_cli(["export", "--db", db, "--what", what, "--month", "2024-03", "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).exists()
    out = capsys.readouterr().out
    assert "t.xlsx: 3행, 시트 1개" in out and "s.xlsx:" in out
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.worksheets[0]["A2"].value == "기간: 2024-03-01 ~ 2024-03-31"


def test_cli_refuses_with_a_reason(ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "ledger.sqlite")
    assert run_cli(["export", "--db", db, "--what", "settlement", "-o", str(tmp_path / "s.xlsx")]) == 2
    assert run_cli(["export", "--db", db, "--what", "settlement", "--month", "2024-03", "-o", str(tmp_path / "s.csv")]) == 2
    assert run_cli(["export", "--db", db, "--what", "audit", "--month", "03/2024", "-o", str(tmp_path / "a.xlsx")]) == 2
    assert run_cli(["export", "--db", db, "--what", "transactions", "--columns", "tid,nope", "-o",
                    str(tmp_path / "t.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "--month YYYY-MM이 필요합니다" in err and ".xlsx 파일로만" in err and "nope" in err
    assert sorted(p.name for p in tmp_path.iterdir() if "sqlite" not in p.name) == []
