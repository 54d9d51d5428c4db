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
from smartro_desk.recon.findings import DeliveryHealth

AT = datetime(2024, 4, 2, 9, 0)


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    ledger = Ledger.open(ledger_location, actor="회계팀")
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
    assert issues[1][:5] == (3, "requests.log", 7, "거부", "알 수 없는 형식")
    assert "123456" not in issues[1][5] and "Cancelpw=******" in issues[1][5]
    export_import_report(ledger, path, lang="en", exported_at=AT)
    assert cells(path, 1)[1][3:5] == ("Rejected", "알 수 없는 형식")  # a wording not the importer's stays as kept
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
    english = tmp_path / "bulk-en.xlsx"
    export_bulk_results(english, [done, bad], exported_at=AT, period="2024-04-02", lang="en")
    book = openpyxl.load_workbook(english)
    assert book.sheetnames == ["Bulk cancel"] and book.worksheets[0]["A1"].value == "Bulk cancel results"
    en_rows = cells(english)
    assert en_rows[0][:6] == ("Row", "TID", "Cancel amount", "Kind", "Reason", "Outcome")
    assert en_rows[1][3] == "Full cancel" and en_rows[1][5] == "Cancelled" and en_rows[2][5] == "Failed checks (not sent)"


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_export_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_exports_each_kind(ledger: Ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ledger.location  # the SQLite file or the PostgreSQL URL: the command reads the same ledger
    for what, name in [("transactions", "t.xlsx"), ("transactions", "t.csv"), ("findings", "f.xlsx"),
                       ("settlement", "s.xlsx"), ("audit", "a.csv"), ("imports", "i.xlsx")]:
        assert run_cli(["export", "--db", db, "--what", what, "--month", "2024-03", "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).exists()
    out = capsys.readouterr().out
    assert "t.xlsx: 3행, 시트 1개" in out and "s.xlsx:" in out
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.worksheets[0]["A2"].value == "기간: 2024-03-01 ~ 2024-03-31"
    assert openpyxl.load_workbook(tmp_path / "f.xlsx").sheetnames == ["불일치", "통보 상태"]


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


def planted_health() -> DeliveryHealth:
    return DeliveryHealth(
        resent=3, arrivals=16, max_copies=10, longest_minutes=63, copies={2: 1, 4: 1, 10: 1},
        senders={"10.9.8.7": 1, "=1+1": 2}, senders_logged=True, notified=1_205,
        by_kind={"approval": {"1": 1_200, "2": 1, "3-5": 1, "6+": 1}, "cancel": {"1": 4, "2": 1, "3-5": 0, "6+": 0}},
        longest_by_kind={"approval": 63, "cancel": 2}, retry_limit=10, at_limit=1,
        foreign_notifications=2, foreign_transactions=1,
    )


def test_findings_export_with_delivery_health(ledger: Ledger, tmp_path: Path) -> None:
    recon = run(ledger)
    path = tmp_path / "findings.xlsx"
    result = export_findings(path, recon.findings, month="2024-03", exported_at=AT, health=planted_health())
    assert result.sheets == ("불일치", "통보 상태") and result.rows == len(recon.findings)
    ws = openpyxl.load_workbook(path)["통보 상태"]
    assert ws["A1"].value == "통보 상태" and ws["A2"].value == "기간: 2024-03-01 ~ 2024-03-31"
    block = [ws.cell(r, 1).value for r in range(2, 10)]
    assert "통보 받은 결제: 1,205건" in block and "재전송된 통보: 3건" in block
    assert "재시도 한도(10회)까지 재전송: 1건" in block and "가장 긴 재전송: 63분" in block
    assert "공지되지 않은 주소에서 온 통보: 2건" in block and block[-1].startswith("내보낸 시각: 2024-04-02")
    top = header_row(ws)
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=top, max_row=top + 3)]
    assert rows[0] == ("종류", "1회", "2회", "3–5회", "6회 이상", "합계", "가장 긴 재전송 (분)")
    assert rows[1] == ("승인", 1_200, 1, 1, 1, 1_203, 63) and rows[2] == ("취소", 4, 1, 0, 0, 5, 2)
    assert rows[3][0] == "합계" and rows[3][1] == f"=SUM(B{top + 1}:B{top + 2})"
    assert rows[3][5] == f"=SUM(F{top + 1}:F{top + 2})" and rows[3][6] is None
    assert ws.cell(top + 1, 2).number_format == "#,##0" and ws.cell(top + 1, 7).number_format == "#,##0"
    assert ws.freeze_panes == f"A{top + 1}" and ws.auto_filter.ref == f"A{top}:G{top + 2}"
    assert ws.cell(top, 1).font.name == "맑은 고딕"
    assert ws.cell(top + 5, 1).value == "공지되지 않은 발신 주소"
    assert (ws.cell(top + 6, 1).value, ws.cell(top + 6, 2).value) == ("10.9.8.7", 1)
    assert (ws.cell(top + 7, 1).value, ws.cell(top + 7, 2).value) == ("=1+1", 2)
    assert ws.cell(top + 7, 1).data_type == "s" and ws.cell(top + 7, 1).quotePrefix
    assert ws.cell(top + 7, 2).number_format == "#,##0"
    assert "1회 칸은 추정치" in ws.cell(top + 9, 1).value


def test_findings_export_without_health_or_to_csv_has_no_delivery_sheet(ledger: Ledger, tmp_path: Path) -> None:
    recon = run(ledger)
    export_findings(tmp_path / "f.xlsx", recon.findings, month="2024-03")
    assert openpyxl.load_workbook(tmp_path / "f.xlsx").sheetnames == ["불일치"]
    assert export_findings(tmp_path / "f.csv", recon.findings, health=planted_health()).sheets == ()
    path = tmp_path / "empty.xlsx"
    export_findings(path, [], lang="en", health=DeliveryHealth())
    ws = openpyxl.load_workbook(path)["Delivery"]
    assert ws["A1"].value == "Notification delivery"
    assert any("not checked" in str(c.value) for row in ws.iter_rows() for c in row)
