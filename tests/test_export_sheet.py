"""The table writer, read back with openpyxl: values, formats, dates, formulas, panes, filters, splitting."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartro_desk.export.csvfile import csv_value
from smartro_desk.export.output import ExportError
from smartro_desk.export.sheet import Field, Heading, excel_serial, heading, sheet_name, text_width
from smartro_desk.export.table import export_table
from smartro_desk.tasks import CancelToken, Cancelled

FIELDS = [
    Field("승인일시", "datetime"), Field("정산일", "date"), Field("구매자", "text", 10),
    Field("승인금액", "money", total=True), Field("건수", "count", total=True), Field("행", "int"),
]
HEAD = heading("거래내역", period="2024-05-01 ~ 2024-05-31", mid="SMTPAY001m", exported_at=datetime(2024, 6, 1, 9, 30))
HEADER_ROW = 6  # 1-based: title, 기간, MID, 내보낸 시각, blank, header


def rows(count: int) -> Iterator[list[Any]]:
    for n in range(count):
        yield [f"2024-05-{n % 28 + 1:02d} 10:{n % 60:02d}:05", date(2024, 5, n % 28 + 1), f"구매자{n}", 1_000 * (n + 1), 1, n + 1]


def test_values_formats_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    result = export_table(path, "거래내역", FIELDS, HEAD, rows(3))
    assert (result.rows, result.sheets) == (3, ("거래내역",))
    ws = openpyxl.load_workbook(path)["거래내역"]
    assert ws["A1"].value == "거래내역" and ws["A1"].font.b
    assert [ws.cell(r, 1).value for r in range(2, 5)] == [
        "기간: 2024-05-01 ~ 2024-05-31", "MID: SMTPAY001m", "내보낸 시각: 2024-06-01 09:30:00",
    ]
    assert [c.value for c in ws[HEADER_ROW]] == ["승인일시", "정산일", "구매자", "승인금액", "건수", "행"]
    first = ws[HEADER_ROW + 1]
    assert first[0].value == datetime(2024, 5, 1, 10, 0, 5) and first[0].is_date
    assert first[0].number_format == "yyyy-mm-dd hh:mm:ss"
    assert first[1].value == datetime(2024, 5, 1) and first[1].number_format == "yyyy-mm-dd"
    assert first[2].value == "구매자0" and first[2].data_type == "s"
    assert first[3].value == 1_000 and first[3].number_format == "#,##0"
    assert first[5].value == 1 and first[5].number_format == "General"
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:F{HEADER_ROW + 3}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert all(ws.cell(r, c).font.name == "맑은 고딕" for r in (1, HEADER_ROW, HEADER_ROW + 1) for c in (1, 3))


def test_totals_row_is_sum_formulas_excel_recalculates(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_table(path, "거래내역", FIELDS, HEAD, rows(3))
    ws = openpyxl.load_workbook(path)["거래내역"]
    total = HEADER_ROW + 4
    assert ws.cell(total, 1).value == "합계"
    assert ws.cell(total, 4).value == f"=SUM(D{HEADER_ROW + 1}:D{HEADER_ROW + 3})"
    assert ws.cell(total, 5).value == f"=SUM(E{HEADER_ROW + 1}:E{HEADER_ROW + 3})"
    assert ws.cell(total, 4).number_format == "#,##0" and ws.cell(total, 4).font.b
    cached = openpyxl.load_workbook(path, data_only=True)["거래내역"]
    assert cached.cell(total, 4).value == 6_000  # the result stored for viewers that do not recalculate
    assert openpyxl.load_workbook(path).calculation.fullCalcOnLoad


def test_widths_fit_the_data(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    fields = [Field("상품명", "text", 8), Field("금액", "money", 6), Field("TID", "text", 4)]
    long_goods = "유기농 사과 선물세트 특대 5kg"
    export_table(path, "표", fields, HEAD, [[long_goods, 123_456_789, "SMTPAY001m0101171101000001"]])
    ws = openpyxl.load_workbook(path)["표"]
    widths = [ws.column_dimensions[c].width for c in "ABC"]
    assert widths[0] >= text_width(long_goods) + 1
    assert len("123,456,789") + 1 <= widths[1] < 20
    assert widths[2] >= 27
    assert text_width("가나") == 4 and text_width("ab") == 2


@pytest.mark.parametrize("text", ["=1+2", "+82-10", "-5", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\",\"클릭\")"])
def test_formula_like_text_stays_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "out.xlsx"
    export_table(path, "표", [Field("구매자"), Field("금액", "money", total=True)], HEAD, [[text, -500], ["홍길동", 500]])
    ws = openpyxl.load_workbook(path)["표"]
    cell, plain, amount = ws.cell(HEADER_ROW + 1, 1), ws.cell(HEADER_ROW + 2, 1), ws.cell(HEADER_ROW + 1, 2)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert not plain.quotePrefix
    assert (amount.value, amount.data_type) == (-500, "n")  # a negative amount is a number, not neutralised text
    assert csv_value(text) == "'" + text and csv_value("홍길동") == "홍길동" and csv_value(-500) == "-500"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).map(lambda s: "=" + s))
def test_any_formula_text_reads_back_as_the_same_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("prop") / "out.xlsx"
    export_table(path, "표", [Field("값")], HEAD, [[text]])
    cell = openpyxl.load_workbook(path)["표"].cell(HEADER_ROW + 1, 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_rows_continue_on_new_sheets_past_the_row_limit(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    # 12 rows a sheet: 6 above the data, one kept for totals -> 5 data rows a sheet.
    result = export_table(path, "거래내역", FIELDS, HEAD, rows(12), max_rows=12)
    assert result.sheets == ("거래내역", "거래내역 (2)", "거래내역 (3)") and result.rows == 12
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(result.sheets)
    data = []
    for ws in book:
        assert ws.max_row <= 12
        assert [c.value for c in ws[HEADER_ROW]][:3] == ["승인일시", "정산일", "구매자"]
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        data += [ws.cell(r, 3).value for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 6).value]
    assert data == [f"구매자{n}" for n in range(12)]
    assert book["거래내역"].auto_filter.ref == f"A{HEADER_ROW}:F{HEADER_ROW + 5}"
    last = book["거래내역 (3)"]
    total = HEADER_ROW + 3
    assert last.cell(total, 1).value == "합계"
    assert last.cell(total, 4).value == (
        f"=SUM(거래내역!D7:D11,'거래내역 (2)'!D7:D11,D{HEADER_ROW + 1}:D{HEADER_ROW + 2})"
    )
    assert openpyxl.load_workbook(path, data_only=True)["거래내역 (3)"].cell(total, 4).value == sum(
        1_000 * (n + 1) for n in range(12)
    )


def test_a_full_last_sheet_still_has_room_for_totals(tmp_path: Path) -> None:
    result = export_table(tmp_path / "out.xlsx", "표", FIELDS, HEAD, rows(10), max_rows=12)
    assert result.sheets == ("표", "표 (2)")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["표 (2)"]
    assert ws.max_row == 12 and ws.cell(12, 1).value == "합계"


def test_limit_too_small_for_the_title_block_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_table(tmp_path / "out.xlsx", "표", FIELDS, HEAD, rows(1), max_rows=7)


def test_empty_table_keeps_valid_totals(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    result = export_table(path, "표", FIELDS, HEAD, [])
    assert result.rows == 0
    ws = openpyxl.load_workbook(path)["표"]
    assert ws.cell(HEADER_ROW + 2, 4).value == f"=SUM(D{HEADER_ROW + 1}:D{HEADER_ROW + 1})"


def test_cancel_leaves_the_existing_file_untouched_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    scratch = tmp_path / "system-temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where XlsxWriter's row files go
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous export")
    token = CancelToken()

    def cancelled_midway() -> Iterator[list[Any]]:
        yield from rows(3)
        token.cancel()
        token.raise_if_cancelled()

    for target in (path, tmp_path / "out.csv"):
        with pytest.raises(Cancelled):
            export_table(target, "표", FIELDS, HEAD, cancelled_midway())
    assert path.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "system-temp"]
    assert list(scratch.iterdir()) == []
    export_table(path, "표", FIELDS, HEAD, rows(2))
    assert list(scratch.iterdir()) == [] and openpyxl.load_workbook(path)["표"]["A1"].value == "거래내역"


def test_csv_is_utf8_with_bom_and_typed_plainly(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    result = export_table(path, "표", FIELDS, HEAD, [
        [datetime(2024, 5, 1, 10, 0, 5), date(2024, 5, 2), "=cmd|' /C calc'!A0", 1_234_000, 1, 7],
        ["2024-05-03 11:00:00", None, "김민준, 주식회사", -500, 1, 8],
    ])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and result.sheets == ()
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "승인일시,정산일,구매자,승인금액,건수,행"
    assert lines[1] == "2024-05-01 10:00:05,2024-05-02,'=cmd|' /C calc'!A0,1234000,1,7"
    assert lines[2] == '2024-05-03 11:00:00,,"김민준, 주식회사",-500,1,8'


def test_names_dates_and_suffixes() -> None:
    assert sheet_name("a/b:c", 1) == "a_b_c" and sheet_name("가" * 40, 12) == "가" * 26 + " (12)"
    assert excel_serial("2024-05-01 12:00:00") == 45413.5 and excel_serial(date(1900, 3, 1)) == 61
    assert excel_serial("어제") is None
    with pytest.raises(ExportError):
        export_table(Path("out.xls"), "표", FIELDS, Heading("x"), [])


def test_exports_never_load_qt() -> None:
    modules = ("cli", "settlement", "reports", "transactions", "csvfile")
    code = "import sys\n" + "".join(f"import smartro_desk.export.{m}\n" for m in modules) + (
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
