"""The table writer, read back with openpyxl: values, formats, dates, formulas, panes, filters, splitting."""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartro_desk.export.csvfile import csv_text, csv_value
from smartro_desk.export.output import ExportError
from smartro_desk.export.sheet import Field, Heading, excel_book, excel_serial, heading, sheet_name, text_width
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


# -- the direct row path -------------------------------------------------------------------

TRICKY = [
    "a&b<c>d", " leading", "trailing ", "\u3000전각 공백", "_x0041_ looks escaped", "ctl\x01\x1fchars", "tab\tin",
    "line\nbreak", "x\ufffey", "=1+1", "-3", "@x", "<b>bold?</b>", "😀 emoji", "가" * 20_000, "", "0001234",
    "x" * 40_000,  # past Excel's 32,767 characters: cut there, as XlsxWriter cuts it
]


def tricky_rows(count: int) -> Iterator[list[Any]]:
    for n in range(count):
        yield [
            datetime(2024, 5, 1, 10, 0, 5, 123_000) if n % 5 == 0 else ("어제" if n % 7 == 0 else f"2024-05-{n % 28 + 1:02d} 10:{n % 60:02d}:05"),
            "2024-02-30" if n % 6 == 0 else date(2024, 5, n % 28 + 1),
            TRICKY[n % len(TRICKY)],
            [12_345_678_901_234_567, -500, 1.5, 0, True][n % 5] if n % 3 else None,
            1, n + 1,
        ]


def sheet_xml(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("xl/")}


def test_direct_rows_write_what_xlsxwriter_itself_writes(tmp_path: Path) -> None:
    """Data rows go straight to XML; byte for byte what ``write_string``/``write_number`` produce."""
    written = {}
    for direct in (True, False):
        path = tmp_path / f"{direct}.xlsx"
        with excel_book(path, max_rows=40, direct_rows=direct) as book:
            table = book.table("거래내역", FIELDS, HEAD)
            table.write_rows(tricky_rows(70))
            table.write_rows(tricky_rows(3))  # a second batch carries on where the first stopped
            result = table.finish()
            assert table.direct is direct  # the installed XlsxWriter has what the direct path needs
        written[direct] = sheet_xml(path)
        assert result.rows == 73 and len(result.sheets) == 3
    assert written[True] == written[False]
    ws = openpyxl.load_workbook(tmp_path / "True.xlsx")["거래내역"]
    cells = [ws.cell(HEADER_ROW + 1 + n, 3) for n in range(len(TRICKY))]
    assert [c.value for c in cells if c.value is not None][:4] == ["a&b<c>d", " leading", "trailing ", "\u3000전각 공백"]
    assert all(c.quotePrefix == (str(c.value)[:1] in "=-@") for c in cells if c.value is not None)
    assert ws.cell(HEADER_ROW + 1, 1).value == datetime(2024, 5, 1, 10, 0, 5, 123_000)
    assert ws.cell(HEADER_ROW + 8, 1).value == "어제" and ws.cell(HEADER_ROW + 7, 2).value == "2024-02-30"
    assert ws.cell(HEADER_ROW + 15, 3).value == "가" * 20_000


@pytest.mark.parametrize("direct", [True, False])
def test_text_shaped_like_xml_markup_cannot_add_cells(tmp_path: Path, direct: bool) -> None:
    """XlsxWriter copies "<r>...</r>" text into the sheet unescaped; a buyer name must not smuggle in a formula."""
    evil = '<r><t>a</t></r></is></c><c r="B7"><f>HYPERLINK("http://evil","x")</f></c><c r="C7" t="inlineStr"><is><r><t>b</t></r>'
    path = tmp_path / "out.xlsx"
    with excel_book(path, direct_rows=direct) as book:
        table = book.table("표", [Field("구매자"), Field("상품"), Field("금액", "money", total=True)],
                           heading(evil, period="p", mid=evil, exported_at=datetime(2024, 6, 1)), totals_label=evil)
        table.write_rows([[evil, "<r>x</r>", 1]])
        table.finish()
    ws = openpyxl.load_workbook(path)["표"]
    values = [(c.coordinate, c.value, c.data_type) for row in ws.iter_rows() for c in row if c.value is not None]
    assert ("A7", evil, "s") in values and ("B7", "<r>x</r>", "s") in values and ("A8", evil, "s") in values
    assert ws["A1"].value == evil and ws["A3"].value == f"MID: {evil}"
    assert [v for v in values if v[2] == "f"] == [("C8", "=SUM(C7:C7)", "f")]


@pytest.mark.parametrize("direct", [True, False])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1,000"])
def test_a_number_column_refuses_what_is_not_a_number(tmp_path: Path, direct: bool, bad: Any) -> None:
    with pytest.raises(TypeError), excel_book(tmp_path / "out.xlsx", direct_rows=direct) as book:
        book.table("표", [Field("금액", "money", total=True)], HEAD).write_rows([[1], [bad]])
    assert not (tmp_path / "out.xlsx").exists()


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)), st.sampled_from([" ", "T"]))
def test_ledger_text_reads_as_the_same_excel_serial_as_a_datetime(moment: datetime, sep: str) -> None:
    moment = moment.replace(microsecond=0)
    assert excel_serial(moment.isoformat(sep)) == excel_serial(moment) == (moment - datetime(1899, 12, 30)) / timedelta(days=1)
    assert excel_serial(moment.date().isoformat()) == excel_serial(moment.date())


@pytest.mark.parametrize("text", ["2024-13-01 10:00:00", "2024-05-01 24:00:00", "2024-05-01 10:60:00", "2024-05-01 10:00:60",
                                  "2024-05-01 ١٠:00:00", "2024-05-0110:00:00", "2024/05/01", "20240501", "2024-05-32"])
def test_text_that_is_not_a_ledger_time_is_judged_as_before(text: str) -> None:
    try:
        expected = (datetime.fromisoformat(text).replace(tzinfo=None) - datetime(1899, 12, 30)) / timedelta(days=1)
    except ValueError:
        expected = None
    assert excel_serial(text) == expected


# -- CSV: digits-only text --------------------------------------------------------------------

CSV_FIELDS = [Field("주문번호"), Field("승인번호"), Field("금액", "money", total=True), Field("행", "int")]


def test_csv_digit_only_text_stays_text_and_formulas_stay_defused(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    hyperlink = '=HYPERLINK("http://evil","클릭")'
    export_table(path, "표", CSV_FIELDS, HEAD, [
        ["0001234", "00012345", 12_000, 1],
        ["12345678901234567890", 42, -500, 2],  # > 15 digits; a number handed to a text column
        ["=1+1", hyperlink, 0, 3],
        ['="0001234"', "-0012", 1, 4],  # the wrapper itself, as data, is defused like any formula
        ["12a", "１２３", None, 5],  # not only ASCII digits: written as it is
        ["", None, 2, 6],
        ["0" * 256, "0" * 255, 3, 7],  # Excel takes at most 255 characters of text in a formula
    ])
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[:7] == [
        "주문번호,승인번호,금액,행",
        '"=""0001234""","=""00012345""",12000,1',
        '"=""12345678901234567890""","=""42""",-500,2',
        "'=1+1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"클릭\"\")\",0,3",
        "\"'=\"\"0001234\"\"\",'-0012,1,4",
        "12a,１２３,,5",
        ",,2,6",
    ]
    assert lines[7] == f'{"0" * 256},"=""{"0" * 255}""",3,7' and lines[8:] == [""]
    with path.open(encoding="utf-8-sig", newline="") as stream:
        cells = list(csv.reader(stream))[1:]
    assert [c[0] for c in cells[:2]] == ['="0001234"', '="12345678901234567890"']
    wrapped = [c for row in cells for c in row[:2] if c.startswith('="')]
    assert all(c.endswith('"') and c[2:-1].isdigit() for c in wrapped) and len(wrapped) == 5
    assert [row[0][:1] for row in cells[2:4]] == ["'", "'"] and cells[2][1] == "'" + hyperlink
    assert csv_text(7) == '="7"' and csv_text("홍길동") == "홍길동" and csv_value("0001234") == "0001234"
