"""Workbooks an accountant opens as they are, written in constant memory with XlsxWriter.

``ExcelBook`` holds the formats (맑은 고딕 throughout); ``SheetTable`` streams
one table into it: a title block (title, period, MID, export time), a bold
header row that stays frozen, typed cells (amounts as numbers in ``#,##0``,
dates and times as real Excel dates), an autofilter, column widths that fit
the data, and a totals row of ``SUM`` formulas that Excel recalculates. A
table longer than a sheet continues on "name (2)", "name (3)", ... with the
same title block and header; the totals on the last sheet add up every part.

Text that starts like a formula (``= + - @``, tab, carriage return) is written
as a string cell with Excel's quote prefix: it shows exactly as received and
stays text even when someone edits the cell.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from smartro_desk.export.output import atomic_output

EXCEL_MAX_ROWS = 1_048_576
FONT = "맑은 고딕"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
_MAX_WIDTH = 60
_EPOCH = datetime(1899, 12, 30)
_DAY = timedelta(days=1)

Kind = Literal["text", "money", "count", "int", "datetime", "date"]
"""text; money (int won, ``#,##0``); count (``#,##0``); int (plain, e.g. a line number);
datetime (datetime or 'YYYY-MM-DD HH:MM:SS'); date (date or 'YYYY-MM-DD')."""


@dataclass(frozen=True, slots=True)
class Field:
    """One column of an exported table."""

    header: str
    kind: Kind = "text"
    width: int = 8  # the least width, in characters
    total: bool = False  # a SUM in the totals row (money and count columns)


@dataclass(frozen=True, slots=True)
class Heading:
    """The block above the header: a title and ``label: value`` lines (기간, MID, 내보낸 시각)."""

    title: str
    lines: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """Where one sheet's share of a table's data sits (0-based rows, inclusive)."""

    sheet: str
    first_row: int
    last_row: int

    def ref(self, col: int, *, on: str | None = None) -> str:
        """An A1 range of column ``col`` over this part; sheet-qualified unless written ``on`` it."""
        name = xl_col_to_name(col)
        cells = f"{name}{self.first_row + 1}:{name}{self.last_row + 1}"
        return cells if on == self.sheet else f"{quote_sheetname(self.sheet)}!{cells}"


@dataclass(frozen=True, slots=True)
class TableResult:
    rows: int
    parts: tuple[Part, ...]
    totals_row: int | None  # 0-based row of the totals on the last sheet

    @property
    def sheets(self) -> tuple[str, ...]:
        return tuple(p.sheet for p in self.parts)


def heading(
    title: str, *, period: str, mid: str, lang: str = "ko", exported_at: datetime | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> Heading:
    """The usual title block: 기간, MID, any ``extra`` lines, then 내보낸 시각."""
    at = (exported_at or datetime.now()).strftime("%Y-%m-%d %H:%M:%S")
    labels = ("Period", "MID", "Exported at") if lang == "en" else ("기간", "MID", "내보낸 시각")
    return Heading(title, ((labels[0], period), (labels[1], mid), *extra, (labels[2], at)))


def period_text(first: date | None, last: date | None, lang: str = "ko") -> str:
    """'2024-05-01 ~ 2024-05-31', open ends shown as '처음'/'끝', no bounds as '전체'."""
    if first is None and last is None:
        return "All" if lang == "en" else "전체"
    start = first.isoformat() if first else ("start" if lang == "en" else "처음")
    end = last.isoformat() if last else ("end" if lang == "en" else "끝")
    return f"{start} ~ {end}"


def excel_serial(value: datetime | date | str) -> float | None:
    """Excel's day number for a datetime, a date, or ledger text 'YYYY-MM-DD[ HH:MM:SS]'.

    ``None`` for text that is not a date (the caller writes it as text instead).
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    elif not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return (value.replace(tzinfo=None) - _EPOCH) / _DAY


def text_width(text: str) -> int:
    """Columns of a text in Excel's character units: Hangul (three UTF-8 bytes) counts two, ASCII one."""
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) // 2


def sheet_name(base: str, part: int) -> str:
    """Excel's sheet name rules: at most 31 characters, none of ``[]:*?/\\``."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in base).strip("'") or "Sheet"
    suffix = f" ({part})" if part > 1 else ""
    return clean[: 31 - len(suffix)] + suffix


class ExcelBook:
    """One .xlsx being written; use through ``excel_book``."""

    def __init__(self, path: Path, *, max_rows: int = EXCEL_MAX_ROWS, scratch: str | None = None) -> None:
        self.max_rows = max_rows
        self.workbook = xlsxwriter.Workbook(str(path), {
            "constant_memory": True,
            "tmpdir": scratch,
            "default_format_properties": {"font_name": FONT, "font_size": 10, "font_charset": 129},
        })
        add = self.workbook.add_format
        self.formats = {
            "text": None,
            "quoted": add({"quote_prefix": True}),
            "money": add({"num_format": MONEY_FORMAT}),
            "count": add({"num_format": MONEY_FORMAT}),
            "int": None,
            "datetime": add({"num_format": DATETIME_FORMAT}),
            "date": add({"num_format": DATE_FORMAT}),
            "title": add({"bold": True, "font_size": 14}),
            "meta": add({"font_color": "#595959"}),
            "header": add({"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "align": "center", "valign": "vcenter"}),
            "total_label": add({"bold": True, "top": 1, "bottom": 6}),
            "total": add({"bold": True, "top": 1, "bottom": 6, "num_format": MONEY_FORMAT}),
        }
        self._names: set[str] = set()

    def add_sheet(self, base: str) -> Any:
        """A new worksheet named ``base`` (or ``base (2)``... if taken), set up for A4 landscape printing."""
        part = 1
        while (name := sheet_name(base, part)).lower() in self._names:
            part += 1
        self._names.add(name.lower())
        ws = self.workbook.add_worksheet(name)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_footer("&C&P / &N")
        return ws

    def abandon(self) -> None:
        """Give up without assembling the workbook (a cancel must not wait for a zip of what was written).

        Closes XlsxWriter's per-sheet row files; ``excel_book`` then deletes its scratch folder with them.
        """
        for ws in self.workbook.worksheets():
            handle = getattr(ws, "row_data_fh", None)
            if handle is not None and not handle.closed:
                handle.close()

    def table(self, name: str, fields: Sequence[Field], heading: Heading, *, totals_label: str = "합계") -> SheetTable:
        return SheetTable(self, name, fields, heading, totals_label)

    def write_heading(self, ws: Any, heading: Heading) -> None:
        """Write the title block at the top of ``ws`` (a blank row follows it, then the header)."""
        ws.write_string(0, 0, heading.title, self.formats["title"])
        ws.set_row(0, 21)
        for row, (label, value) in enumerate(heading.lines, start=1):
            ws.write_string(row, 0, f"{label}: {value}", self.formats["meta"])


@contextmanager
def excel_book(path: Path, *, max_rows: int = EXCEL_MAX_ROWS) -> Iterator[ExcelBook]:
    """An ``ExcelBook`` written to a temporary file that replaces ``path`` only if the block succeeds."""
    with atomic_output(path) as temp, tempfile.TemporaryDirectory(
        prefix="smartro-xlsx-", ignore_cleanup_errors=True,
    ) as scratch:
        book = ExcelBook(temp, max_rows=max_rows, scratch=scratch)
        try:
            yield book
        except BaseException:
            book.abandon()
            raise
        book.workbook.close()


class SheetTable:
    """Streams rows of ``fields`` into one sheet, and into continuation sheets past ``max_rows``."""

    def __init__(self, book: ExcelBook, name: str, fields: Sequence[Field], heading: Heading, totals_label: str) -> None:
        if not fields:
            raise ValueError("a table needs at least one column")
        self.book = book
        self.name = name
        self.fields = tuple(fields)
        self.heading = heading
        self.totals_label = totals_label
        self.has_totals = any(f.total for f in self.fields)
        self.header_row = len(heading.lines) + 2
        self.capacity = book.max_rows - self.header_row - 1 - (1 if self.has_totals else 0)
        if self.capacity < 1:
            raise ValueError(f"max_rows={book.max_rows} leaves no room for data under the title block")
        least = {"datetime": 20, "date": 11}
        self.widths = [max(f.width, text_width(f.header) + 3, least.get(f.kind, 0)) for f in self.fields]
        self.sums = [0] * len(self.fields)
        self.rows = 0
        self.parts: list[Part] = []
        self.sheets: list[Any] = []
        self._ws: Any = None
        self._row = 0  # next row to write on the current sheet
        self._left = 0  # rows still free on the current sheet
        self._seen = [(0, 0)] * len(self.fields)  # least and greatest number written per column
        self._writers: list[Callable[[int, Any], None]] = []

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Append rows: one value per field, ``None`` or ``""`` for an empty cell."""
        for values in rows:
            if self._left == 0:
                self._new_sheet()
            row = self._row
            for write, value in zip(self._writers, values):
                if value is not None:
                    write(row, value)
            self._row = row + 1
            self._left -= 1
            self.rows += 1

    def finish(self) -> TableResult:
        """Close the last part, write the totals row and set widths; returns where the data sits."""
        if self._ws is None:  # no rows: one blank data row keeps the SUM ranges valid
            self._new_sheet()
            self._row += 1
        self._close_part()
        totals_row = self._write_totals() if self.has_totals else None
        for ws in self.sheets:
            for col, width in enumerate(self.widths):
                ws.set_column(col, col, min(width, _MAX_WIDTH))
        return TableResult(self.rows, tuple(self.parts), totals_row)

    # -- internals -------------------------------------------------------------------

    def _new_sheet(self) -> None:
        if self._ws is not None:
            self._close_part()
        ws = self.book.add_sheet(self.name)
        self.book.write_heading(ws, self.heading)
        header = self.book.formats["header"]
        for col, field in enumerate(self.fields):
            ws.write_string(self.header_row, col, field.header, header)
        ws.freeze_panes(self.header_row + 1, 0)
        ws.repeat_rows(self.header_row)
        self.sheets.append(ws)
        self._ws = ws
        self._writers = [self._writer(ws, i, f) for i, f in enumerate(self.fields)]
        self._row = self.header_row + 1
        self._left = self.capacity

    def _close_part(self) -> None:
        first, last = self.header_row + 1, self._row - 1
        self._ws.autofilter(self.header_row, 0, last, len(self.fields) - 1)
        self.parts.append(Part(self._ws.name, first, last))

    def _write_totals(self) -> int:
        ws, row, formats = self._ws, self._row, self.book.formats
        for col, field in enumerate(self.fields):
            if field.total:
                refs = ",".join(p.ref(col, on=ws.name) for p in self.parts)
                ws.write_formula(row, col, f"=SUM({refs})", formats["total"], self.sums[col])
            else:
                ws.write_blank(row, col, None, formats["total_label"])
        label_col = next((c for c, f in enumerate(self.fields) if not f.total), None)
        if label_col is not None:
            ws.write_string(row, label_col, self.totals_label, formats["total_label"])
        return row

    def _writer(self, ws: Any, col: int, field: Field) -> Callable[[int, Any], None]:
        """The function that writes one value of ``field`` on ``ws``, keeping widths and sums as it goes."""
        fmt, quoted = self.book.formats[field.kind], self.book.formats["quoted"]
        write_string, write_number = ws.write_string, ws.write_number
        widths, sums, seen = self.widths, self.sums, self._seen

        def text(row: int, value: Any) -> None:
            value = value if isinstance(value, str) else str(value)
            if not value:
                return
            if value.startswith(FORMULA_STARTS):
                write_string(row, col, value, quoted)
            else:
                write_string(row, col, value)
            if 2 * len(value) >= widths[col] and widths[col] < _MAX_WIDTH:
                widths[col] = max(widths[col], text_width(value) + 1)

        def number(row: int, value: Any) -> None:
            write_number(row, col, value, fmt)
            if field.total:
                sums[col] += value
            low, high = seen[col]
            if value > high or value < low:
                seen[col] = (min(low, value), max(high, value))
                size = len(f"{value:,}" if fmt is not None else str(value)) + 1
                widths[col] = max(widths[col], size)

        def when(row: int, value: Any) -> None:
            serial = excel_serial(value)
            if serial is None:
                text(row, value)
            else:
                write_number(row, col, serial if field.kind == "datetime" else int(serial), fmt)

        if field.kind in ("datetime", "date"):
            return when
        return number if field.kind in ("money", "count", "int") else text
