"""The monthly settlement workbook, read back with openpyxl and rendered by LibreOffice as a person sees it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from recon_support import add, event, exported, paid, run, tid

from smartro_desk.export import settlement as settlement_export
from smartro_desk.export.output import ExportError
from smartro_desk.export.settlement import export_settlement
from smartro_desk.ledger import Ledger
from smartro_desk.recon import Totals, monthly_settlement
from smartro_desk.tasks import CancelToken, Cancelled

AT = datetime(2024, 4, 2, 9, 0)
SHEETS = ["요약", "일별", "결제수단별", "카드사별", "상세", "제외", "불일치"]
HEADER = 6  # title, 기간, MID, 내보낸 시각, blank, header
LINES = HEADER + 1  # 상세 and 제외 say what they hold under 기간 and MID


def month_of_sales(ledger: Ledger, *, export: bool) -> None:
    """Three days of card and bank sales, a partial cancel, a buyer name that looks like a formula,
    and (``export``) the gateway's export missing one approval."""
    records, exported = [], []
    sales = [(1, "04", "삼성", 10_000), (1, "01", "비씨", 20_000), (2, "04", "삼성", 30_000), (3, "004", "국민은행", 5_000)]
    for n, (day, code, name, amount) in enumerate(sales, start=1):
        at = f"2024-03-{day:02d} 10:00:00"
        method = "BANK" if code == "004" else "CARD"
        t = tid(n, at=f"2403{day:02d}100000")
        records += paid(t, amount, f"ORD-{n}", at=at, method=method, fn_cd=code, fn_name=name)
        if n != 3:
            exported.append(event("approval", t, amount, channel="export", at=at, method=method, fn_cd=code, fn_name=name))
    records.append(event("cancel", tid(2, at="240301100000") + "C", 5_000, otid=tid(2, at="240301100000"),
                         at="2024-03-02 15:00:00", fn_cd="01", fn_name="비씨"))
    add(ledger, records)
    if export:
        add(ledger, exported, kind="export")
    ledger.db.execute("UPDATE transactions SET buyer = '=cmd|'' /C calc''!A0' WHERE order_id = 'ORD-1'")


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    ledger = Ledger.open(ledger_location)
    month_of_sales(ledger, export=True)
    yield ledger
    ledger.close()


def test_sheets_totals_and_dates(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "settlement.xlsx"
    result = export_settlement(ledger, path, "2024-03", recon=run(ledger), exported_at=AT)
    assert list(result.sheets) == SHEETS
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    daily = book["일별"]
    assert daily["A1"].value == "2024-03 정산 — 일별" and daily["A2"].value == "기간: 2024-03-01 ~ 2024-03-31"
    header = [c.value for c in daily[HEADER]]
    assert header[:6] == ["일자", "승인 건수", "승인 금액", "취소 건수", "취소 금액", "순매출"]
    assert header[6:] == ["PG 승인 건수", "PG 승인 금액", "PG 취소 건수", "PG 취소 금액", "PG 순매출", "차이(순매출)"]
    first = daily[HEADER + 1]
    assert first[0].value == datetime(2024, 3, 1) and first[0].number_format == "yyyy-mm-dd"
    assert [c.value for c in first[1:6]] == [2, 30_000, 0, 0, 30_000]
    assert first[2].number_format == "#,##0" and first[1].number_format == "#,##0"
    totals = daily[HEADER + 4]
    assert totals[0].value == "합계" and totals[2].value == f"=SUM(C{HEADER + 1}:C{HEADER + 3})"
    assert daily.freeze_panes == f"A{HEADER + 1}" and daily.auto_filter.ref == f"A{HEADER}:L{HEADER + 3}"
    cached = openpyxl.load_workbook(path, data_only=True)["일별"][HEADER + 4]
    s = monthly_settlement(ledger, "2024-03").total
    assert s.export is not None and s.difference is not None
    assert [cached[i].value for i in (2, 4, 5, 10, 11)] == [
        s.ledger.approved, s.ledger.cancelled, s.ledger.net, s.export.net, s.difference.net,
    ]
    methods = [r[0].value for r in book["결제수단별"].iter_rows(min_row=HEADER + 1, max_row=HEADER + 2)]
    assert methods == ["계좌이체", "신용카드"]
    cards = [r[0].value for r in book["카드사별"].iter_rows(min_row=HEADER + 1, max_row=HEADER + 2)]
    assert cards == ["비씨", "삼성"]


def test_summary_and_chart_of_daily_net(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "settlement.xlsx"
    export_settlement(ledger, path, "2024-03", recon=run(ledger), exported_at=AT)
    summary = openpyxl.load_workbook(path)["요약"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in summary.iter_rows(min_row=HEADER + 1, max_row=HEADER + 9)}
    s = monthly_settlement(ledger, "2024-03").total
    assert rows["승인 금액"] == [s.ledger.approved, s.export.approved, s.difference.approved]  # type: ignore[union-attr]
    assert rows["순매출"][0] == 60_000 and rows["취소 금액"][0] == 5_000
    assert "불일치 건수" in rows and summary.cell(HEADER + 2, 2).number_format == "#,##0"
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "<c:barChart>" in chart and "일별 순매출" in chart
    assert f"일별!$A${HEADER + 1}:$A${HEADER + 3}" in chart and f"일별!$F${HEADER + 1}:$F${HEADER + 3}" in chart
    assert f"일별!$K${HEADER + 1}:$K${HEADER + 3}" in chart  # the gateway's net beside the ledger's
    assert "drawing1.xml" in rels


def test_detail_and_findings_sheets(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "settlement.xlsx"
    recon = run(ledger)
    export_settlement(ledger, path, "2024-03", recon=recon, exported_at=AT)
    book = openpyxl.load_workbook(path)
    detail = book["상세"]
    assert detail.cell(LINES, 1).value == "일시" and detail.cell(LINES + 1, 1).value == datetime(2024, 3, 1, 10)
    assert detail.cell(LINES, 12).value == "구매자"
    buyers = [detail.cell(r, 12) for r in range(LINES + 1, LINES + 6)]
    risky = next(c for c in buyers if c.value)
    assert risky.value == "=cmd|' /C calc'!A0" and risky.data_type == "s" and risky.quotePrefix
    assert detail.cell(LINES + 6, 1).value == "합계"
    findings = book["불일치"]
    listed = [findings.cell(r, 2).value for r in range(HEADER + 1, HEADER + 1 + len(recon.findings))]
    assert listed == [f.label_ko for f in recon.findings] and "원장에만 있는 거래" in listed


def month_to_explain(ledger: Ledger) -> dict[str, str]:
    """The reviewer's month: sales beside a payment suspected of tampering, an unpaid virtual account, one
    deposited, a cancel dated the next month, this month's cancel of February's payment, a partial cancel
    and a payment only the gateway's export knows. Returns the TIDs by name."""
    t = {"plain": tid(1, at="240305100000"), "late": tid(4, at="240331235000"), "february": tid(5, at="240225100000"),
         "forged": tid(6, at="240308100000"), "unpaid": tid(15, method="03", at="240301100000"),
         "deposited": tid(10, method="03", at="240310100000"), "partial": tid(12, at="240313100000"),
         "gateway": tid(20, at="240322100000")}
    at = {"plain": "2024-03-05 10:00:00", "late": "2024-03-31 23:50:00", "february": "2024-02-25 10:00:00",
          "forged": "2024-03-08 10:00:00", "partial": "2024-03-13 10:00:00"}
    amounts = {"plain": 10_000, "late": 15_000, "february": 7_000, "forged": 50_000, "partial": 40_000}
    logs = [r for name in ("plain", "late", "february", "partial") for r in paid(t[name], amounts[name], name,
                                                                                   at=at[name])]
    logs += [event("approval", t["forged"], 50_000, order="forged", at=at["forged"], sign="mismatch"),
             event("cancel", t["late"], 15_000, at="2024-04-01 00:10:00"),
             event("cancel", t["february"], 7_000, at="2024-03-03 10:00:00"),
             event("cancel", t["partial"] + "P", 1_000, otid=t["partial"], at="2024-03-14 10:00:00")]
    account = {"method": "VBANK", "fn_cd": "004", "fn_name": "국민은행", "VbankExpDate": "20240410"}
    logs += [event("vbank_issued", t["unpaid"], 4_000, at="2024-03-01 10:00:00", **account),
             event("vbank_issued", t["deposited"], 9_000, at="2024-03-10 10:00:00", **account),
             event("vbank_deposit", t["deposited"], 9_000, at="2024-03-11 10:00:00", **account)]
    add(ledger, logs)
    rows = [exported("approval", t[name], amounts[name], at=at[name])
            for name in ("plain", "late", "forged", "partial")]
    rows += [exported("approval", t["gateway"], 2_500, at="2024-03-22 10:00:00", fn_cd="", fn_name="현대"),
             exported("cancel", t["february"], 7_000, at="2024-03-03 10:00:00"),
             exported("vbank_issued", t["unpaid"], 4_000, at="2024-03-01 10:00:00", method="VBANK"),
             exported("vbank_deposit", t["deposited"], 9_000, at="2024-03-11 10:00:00", method="VBANK")]
    add(ledger, rows, kind="export")
    return t


def sheet_rows(ws: Any, first: int) -> list[list[Any]]:
    """The data rows from ``first`` up to the totals row."""
    out = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if row[0] in ("합계", "Total"):
            break
        out.append(list(row))
    return out


def test_details_add_up_to_the_summary_and_what_is_left_out_is_listed(ledger_location: str | Path,
                                                                      tmp_path: Path) -> None:
    ledger = Ledger.open(ledger_location)
    t = month_to_explain(ledger)
    path = tmp_path / "settlement.xlsx"
    reports: list[tuple[int, int]] = []
    export_settlement(ledger, path, "2024-03", exported_at=AT, progress=lambda d, n: reports.append((d, n)))
    total = monthly_settlement(ledger, "2024-03").total
    ledger.close()
    assert total.ledger == Totals(4, 74_000, 2, 8_000) and total.export == Totals(6, 126_500, 1, 7_000)
    book, cached = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    summary = {r[0]: r[1] for r in cached["요약"].iter_rows(min_row=HEADER + 1, values_only=True)}
    detail = book["상세"]
    rows = sheet_rows(detail, LINES + 1)
    end = LINES + len(rows) + 1  # the totals row
    assert [(r[1], r[2]) for r in rows] == [
        ("취소", t["february"]), ("승인", t["plain"]), ("가상계좌 입금", t["deposited"]), ("승인", t["partial"]),
        ("취소", t["partial"]), ("승인", t["late"])]
    assert rows[0][10] == datetime(2024, 2, 25, 10) and all(r[0].month == 3 for r in rows)
    # the totals tie: as formulas, as Excel shows them, and cell by cell
    assert [detail.cell(end, c).value for c in (8, 9, 10)] == [f"=SUM({x}{LINES + 1}:{x}{end - 1})" for x in "HIJ"]
    shown = [cached["상세"].cell(end, c).value for c in (8, 9, 10)]
    assert shown == [summary["승인 금액"], summary["취소 금액"], summary["순매출"]] == [74_000, 8_000, 66_000]
    assert [sum(r[c] or 0 for r in rows) for c in (7, 8, 9)] == shown
    assert sum(1 for r in rows if r[7]) == summary["승인 건수"] and sum(1 for r in rows if r[8]) == summary["취소 건수"]
    # the workbook's usual quality
    assert detail.freeze_panes == f"A{LINES + 1}" and detail.auto_filter.ref == f"A{LINES}:M{end - 1}"
    assert detail.cell(LINES + 1, 1).number_format == "yyyy-mm-dd hh:mm:ss"
    assert {detail.cell(LINES + 1, c).number_format for c in (9, 10)} == {"#,##0"}
    assert detail["A4"].value.startswith("설명: 요약의 원장 합계에 든") and detail.column_dimensions["C"].width >= 30
    # what the ledger's totals leave out, each with its reason
    left = book["제외"]
    assert [c.value for c in left[LINES]][-1] == "사유"
    assert [(r[2], r[7], r[12]) for r in sheet_rows(left, LINES + 1)] == [
        (t["unpaid"], 4_000, "입금 전 가상계좌: 입금된 날의 매출"),
        (t["forged"], 50_000, "위변조 의심(SignValue 불일치): 확인될 때까지 합계에서 뺌"),
        (t["gateway"], 2_500, "PG 엑셀에만 있음(상점 로그에 기록 없음): PG 쪽에만 집계")]
    assert left.cell(LINES + 4, 8).value == f"=SUM(H{LINES + 1}:H{LINES + 3})"
    assert reports[0] == (0, 6) and reports[-1] == (6, 6)


def test_details_and_what_is_left_out_in_english(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    t = month_to_explain(ledger)
    path = tmp_path / "settlement.xlsx"
    export_settlement(ledger, path, "2024-03", exported_at=AT, lang="en")
    ledger.close()
    book = openpyxl.load_workbook(path)
    kinds = [r[1] for r in sheet_rows(book["Details"], LINES + 1)]
    assert kinds == ["Cancel", "Approval", "Virtual account deposit", "Approval", "Cancel", "Approval"]
    reasons = {r[2]: r[12] for r in sheet_rows(book["Left out"], LINES + 1)}
    assert reasons[t["gateway"]] == ("Only in the gateway export, not in the merchant's logs: counted on the gateway "
                                     "side only")
    assert reasons[t["unpaid"]].startswith("Virtual account not deposited yet")
    assert all(not re.search("[\uac00-\ud7a3]", text) for text in reasons.values())


def test_a_cancelled_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    month_to_explain(ledger)
    monkeypatch.setattr(settlement_export, "CHUNK", 2)
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done:
            token.cancel()

    with pytest.raises(Cancelled):
        export_settlement(ledger, tmp_path / "s.xlsx", "2024-03", recon=run(ledger), progress=progress, cancel=token)
    ledger.close()
    assert list(tmp_path.glob("s.*")) == []


def test_without_export_only_the_ledger_side(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    month_of_sales(ledger, export=False)
    path = tmp_path / "settlement.xlsx"
    export_settlement(ledger, path, "2024-03", exported_at=AT, lang="en")
    ledger.close()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Daily", "By method", "By card", "Details", "Left out", "Findings"]
    assert [c.value for c in book["Daily"][HEADER]] == ["Day", "Approvals", "Approved", "Cancels", "Cancelled", "Net"]
    assert [c.value for c in book["Summary"][HEADER]] == ["Item", "Ledger"]
    assert [c.value for c in book["Details"][LINES]] == [
        "At", "Kind", "TID", "Order ID", "MID", "Method", "Card/Bank", "Approved", "Cancelled", "Net",
        "Payment approved at", "Buyer", "Goods"]
    assert book["Details"]["A4"].value.startswith("Note: The approvals, virtual-account deposits and cancels")
    assert [c.value for c in book["Left out"][LINES]][-1] == "Reason"
    assert {book["Details"].cell(r, 2).value for r in range(LINES + 1, LINES + 6)} == {"Approval", "Cancel"}


def test_an_empty_month_still_makes_a_whole_workbook(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path / "empty.sqlite")
    result = export_settlement(ledger, tmp_path / "s.xlsx", "2024-02", exported_at=AT)
    ledger.close()
    assert list(result.sheets) == SHEETS and result.rows == 9  # the nine lines of 요약
    daily = openpyxl.load_workbook(tmp_path / "s.xlsx")["일별"]
    assert daily.cell(HEADER + 2, 1).value == "합계" and daily.cell(HEADER + 2, 3).value == "=SUM(C7:C7)"


def test_settlement_is_xlsx_only_and_month_checked(ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        export_settlement(ledger, tmp_path / "s.csv", "2024-03")
    with pytest.raises(ValueError):
        export_settlement(ledger, tmp_path / "s.xlsx", "2024-13")
    assert list(tmp_path.glob("s.*")) == []


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed: apt-get install poppler-utils")
def test_renders_to_pdf_and_png_with_a_korean_font(ledger: Ledger, tmp_path: Path) -> None:
    """What a person sees: LibreOffice prints the workbook; the PNG of page 1 is kept for a look."""
    path = tmp_path / "settlement.xlsx"
    export_settlement(ledger, path, "2024-03", recon=run(ledger), exported_at=AT)
    env = dict(os.environ, HOME=str(tmp_path))  # a private LibreOffice profile
    subprocess.run(
        [str(OFFICE), f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=100, env=env,
    )
    pdf = tmp_path / "settlement.pdf"
    assert pdf.stat().st_size > 10_000
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 5_000 for p in pages)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "2024-03 정산 — 요약" in text and "일별 순매출" in text and "60,000" in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert any(name in fonts for name in ("Nanum", "CJK", "Malgun", "Un", "Baekmuk")), fonts
