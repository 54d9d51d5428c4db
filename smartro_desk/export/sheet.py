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

Speed. Everything around the data rows (title block, header, totals, widths,
filters, print set-up, charts) goes through XlsxWriter's public API. The data
rows themselves are the hot path (a million rows of 20 columns is twenty
million cells), and XlsxWriter spends most of its time per cell in generic
bookkeeping: argument conversion, a cell tuple stored and read back, attribute
lists, three regular expressions per string. So each column gets, once per
sheet, a function that turns a value straight into the cell's XML, in exactly
the form XlsxWriter writes in constant-memory mode (``<c r=.. s=..>`` with
``<v>`` for numbers and an inline string for text, the same escaping of XML
and control characters), and a row goes as one string into the row file
XlsxWriter assembles the sheet from. Before and after, XlsxWriter's own row
bookkeeping (``previous_row``, the used range) is brought up to date, so its
API carries on as if it had written the rows itself. Should an XlsxWriter
release change those internals, ``ExcelBook`` notices and every row goes
through ``write_string``/``write_number`` instead (slower, same workbook).
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import chain, islice
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
_EPOCH_ORDINAL = _EPOCH.toordinal()
_DAY = timedelta(days=1)
_EXCEL_STRMAX = 32_767  # UTF-16 units in one cell
_DANGER = frozenset(FORMULA_STARTS)  # first characters that make text a formula in Excel

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


# -- Excel day numbers -------------------------------------------------------------------

_DAYS: dict[str, int | None] = {}  # 'YYYY-MM-DD' -> Excel day number (None: not a date)
_HOURS = {f"{n:02d}": n * 3600 for n in range(24)}
_MINUTES = {f"{n:02d}": n * 60 for n in range(60)}
_SECONDS = {f"{n:02d}": n for n in range(60)}


def _day_number(text: str) -> int | None:
    """Excel's day number for 'YYYY-MM-DD' (cached: a month of ledger rows has few distinct days)."""
    try:
        return _DAYS[text]
    except KeyError:
        pass
    try:
        day: int | None = date.fromisoformat(text).toordinal() - _EPOCH_ORDINAL if text[4:5] == "-" else None
    except ValueError:
        day = None
    if len(_DAYS) >= 8_192:
        _DAYS.clear()
    _DAYS[text] = day
    return day


def _text_serial(text: str) -> float | int | None:
    """``excel_serial`` of ledger text, 'YYYY-MM-DD HH:MM:SS' and 'YYYY-MM-DD' read by slicing."""
    size = len(text)
    if size == 19 and text[10] in " T" and text[13] == ":" and text[16] == ":":
        day = _day_number(text[:10])
        hours, minutes, seconds = _HOURS.get(text[11:13]), _MINUTES.get(text[14:16]), _SECONDS.get(text[17:19])
        if day is not None and hours is not None and minutes is not None and seconds is not None:
            # The same division as (datetime - epoch) / one day: both exact in microseconds' ratio.
            return (day * 86_400 + hours + minutes + seconds) / 86_400
    elif size == 10:
        day = _day_number(text)
        if day is not None:
            return day
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (value.replace(tzinfo=None) - _EPOCH) / _DAY


def excel_serial(value: datetime | date | str) -> float | None:
    """Excel's day number for a datetime, a date, or ledger text 'YYYY-MM-DD[ HH:MM:SS]'.

    ``None`` for text that is not a date (the caller writes it as text instead).
    """
    if isinstance(value, str):
        return _text_serial(value)
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - _EPOCH) / _DAY
    return value.toordinal() - _EPOCH_ORDINAL


# -- text --------------------------------------------------------------------------------


def text_width(text: str) -> int:
    """Columns of a text in Excel's character units: Hangul (three UTF-8 bytes) counts two, ASCII one."""
    return (len(text.encode("utf-8", "surrogatepass")) + len(text)) // 2


def _fit_excel(text: str) -> str:
    """At most Excel's 32,767 UTF-16 units in a cell (as XlsxWriter cuts it, never inside a pair)."""
    if len(text) <= _EXCEL_STRMAX // 2 or len(text.encode("utf-16-le", "surrogatepass")) // 2 <= _EXCEL_STRMAX:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > _EXCEL_STRMAX:
            return text[:index]
    return text


# What XlsxWriter does to an inline string in constant-memory mode: a literal "_xHHHH_" gets its
# underscore escaped, control characters (but tab and newline) become "_xHHHH_", the two
# non-characters too, leading or trailing whitespace asks for xml:space="preserve", and & < > are
# entities. ``_SPECIAL`` finds text that needs any of it; most cells need none.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_LEADING_SPACE = re.compile(r"^\s")
_TRAILING_SPACE = re.compile(r"\s$")
_PRESERVE = ' xml:space="preserve"'


def _inline_text(text: str) -> tuple[str, str]:
    """(XML of ``text`` inside ``<t>``, the ``<t>`` tag's attribute) for text ``_SPECIAL`` matched."""
    text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = _PRESERVE if _LEADING_SPACE.search(text) or _TRAILING_SPACE.search(text) else ""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), preserve


def _number_text(value: Any) -> str:
    """A number as XlsxWriter writes it (``%.16G``); NaN, infinity and text refused as it refuses them."""
    if value.__class__ is int:
        return f"{value:.16G}"
    if isinstance(value, str | bytes):
        raise TypeError(f"not a number: {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise TypeError("NAN/INF not supported in write_number()")
    return f"{number:.16G}"


def sheet_name(base: str, part: int) -> str:
    """Excel's sheet name rules: at most 31 characters, none of ``[]:*?/\\``."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in base).strip("'") or "Sheet"
    suffix = f" ({part})" if part > 1 else ""
    return clean[: 31 - len(suffix)] + suffix


def _direct_rows_possible(ws: Any) -> bool:
    """Whether ``ws`` has the XlsxWriter internals the direct row path relies on (3.x constant memory)."""
    needed = ("_write_single_row", "_check_dimensions", "previous_row", "table", "fh", "row_data_fh")
    return (
        all(hasattr(ws, name) for name in needed) and getattr(ws, "constant_memory", False)
        and ws.fh is ws.row_data_fh and ws.row_data_fh is not None
        and getattr(ws, "default_row_height", None) == getattr(ws, "original_row_height", 0)
    )


class ExcelBook:
    """One .xlsx being written; use through ``excel_book``.

    ``direct_rows=False`` writes data rows through XlsxWriter's public API only (the fallback path).
    """

    def __init__(
        self, path: Path, *, max_rows: int = EXCEL_MAX_ROWS, scratch: str | None = None, direct_rows: bool = True,
    ) -> None:
        self.max_rows = max_rows
        self.direct_rows = direct_rows
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
        # Style numbers fixed now, in this order, whichever path writes the cells: both give the same XML.
        try:
            self._styles = {
                kind: (f' s="{fmt._get_xf_index()}"' if fmt is not None else "") for kind, fmt in self.formats.items()
            }
        except AttributeError:  # an XlsxWriter without it: the public API writes every cell
            self._styles = {}
            self.direct_rows = False
        self._names: set[str] = set()
        self._plain: Any = None  # the default font as a rich-string run (made when first needed)

    def style(self, kind: str) -> str:
        """The ``s="N"`` attribute (with its leading space) of format ``kind``, empty for none."""
        return self._styles[kind]

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
        self.write_text(ws, 0, 0, heading.title, "title")
        ws.set_row(0, 21)
        for row, (label, value) in enumerate(heading.lines, start=1):
            self.write_text(ws, row, 0, f"{label}: {value}", "meta")

    def write_text(self, ws: Any, row: int, col: int, text: str, kind: str = "text") -> None:
        """``write_string`` that also keeps text shaped like ``<r>...</r>`` a plain string.

        XlsxWriter, in constant-memory mode, copies such text into the sheet's XML unescaped (it takes
        it for its own rich-string markup), so a buyer name could close the cell and add a formula
        cell of its own. Written as a rich string of two runs in the cell's font, it is escaped.
        """
        fmt = self.formats[kind]
        if text.startswith("<r>") and text.endswith("</r>") and (text := _fit_excel(text)).endswith("</r>"):
            run = fmt or self._plain_run()
            ws.write_rich_string(row, col, run, text[:1], run, text[1:], *((fmt,) if fmt else ()))
        else:
            ws.write_string(row, col, text, fmt)

    def _plain_run(self) -> Any:
        if self._plain is None:
            self._plain = self.workbook.add_format({})
        return self._plain


@contextmanager
def excel_book(path: Path, *, max_rows: int = EXCEL_MAX_ROWS, direct_rows: bool = True) -> Iterator[ExcelBook]:
    """An ``ExcelBook`` written to a temporary file that replaces ``path`` only if the block succeeds."""
    with atomic_output(path) as temp, tempfile.TemporaryDirectory(
        prefix="smartro-xlsx-", ignore_cleanup_errors=True,
    ) as scratch:
        book = ExcelBook(temp, max_rows=max_rows, scratch=scratch, direct_rows=direct_rows)
        try:
            yield book
        except BaseException:
            book.abandon()
            raise
        book.workbook.close()


_END = object()
_MEMO_SIZE, _MEMO_TEXT = 2_048, 40  # per text column: how many distinct short texts keep their XML, how short
_FLUSH_ROWS = 512  # rows joined into one write to the row file


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
        self.direct = False  # data rows of the current sheet go straight to XlsxWriter's row file
        self._ws: Any = None
        self._row = 0  # next row to write on the current sheet
        self._left = 0  # rows still free on the current sheet
        self._seen = [(0, 0)] * len(self.fields)  # least and greatest number written per column
        self._writers: list[Callable[[int, Any], None]] = []
        self._cells: list[Callable[[str, Any], str]] = []

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Append rows: one value per field, ``None`` or ``""`` for an empty cell."""
        remaining: Iterator[Sequence[Any]] = iter(rows)
        while True:
            if self._left == 0:
                first = next(remaining, _END)
                if first is _END:
                    return
                self._new_sheet()
                remaining = chain((first,), remaining)  # type: ignore[arg-type]
            room = self._left
            part = islice(remaining, room)
            written = self._write_direct(part) if self.direct else self._write_api(part)
            if written < room:
                return

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

    def _write_api(self, rows: Iterable[Sequence[Any]]) -> int:
        """The fallback: every cell through ``write_string``/``write_number``."""
        writers, row, count = self._writers, self._row, 0
        try:
            for values in rows:
                for write, value in zip(writers, values):
                    if value is not None:
                        write(row, value)
                row += 1
                count += 1
        finally:
            self._advance(row, count)
        return count

    def _write_direct(self, rows: Iterable[Sequence[Any]]) -> int:
        """Each row as one ``<row>`` of XML appended to the sheet's row file (see the module's docstring)."""
        ws, cells, row, count = self._ws, self._cells, self._row, 0
        out = ws.fh.write
        pending: list[str] = []
        add = pending.append
        try:
            for values in rows:
                number = str(row + 1)
                body = "".join([cell(number, value) for cell, value in zip(cells, values) if value is not None])
                if body:
                    add(f'<row r="{number}">{body}</row>')
                    if len(pending) >= _FLUSH_ROWS:
                        out("".join(pending))
                        pending.clear()
                row += 1
                count += 1
        finally:
            if pending:
                out("".join(pending))
            if row > self._row:  # XlsxWriter's used range and "rows up to here are written"
                ws.previous_row = row - 1
                ws._check_dimensions(row - 1, len(cells) - 1)
                ws.previous_row = row
            self._advance(row, count)
        return count

    def _advance(self, row: int, count: int) -> None:
        self._row = row
        self._left -= count
        self.rows += count

    def _new_sheet(self) -> None:
        if self._ws is not None:
            self._close_part()
        ws = self.book.add_sheet(self.name)
        self.book.write_heading(ws, self.heading)
        for col, field in enumerate(self.fields):
            self.book.write_text(ws, self.header_row, col, field.header, "header")
        ws.freeze_panes(self.header_row + 1, 0)
        ws.repeat_rows(self.header_row)
        self.sheets.append(ws)
        self._ws = ws
        self._row = self.header_row + 1
        self._left = self.capacity
        self.direct = self.book.direct_rows and _direct_rows_possible(ws)
        if self.direct:
            ws._write_single_row(self._row)  # the header row goes out; the data rows follow it in the file
            self._cells = [self._cell(i, f) for i, f in enumerate(self.fields)]
        else:
            self._writers = [self._writer(ws, i, f) for i, f in enumerate(self.fields)]

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
            self.book.write_text(ws, row, label_col, self.totals_label, "total_label")
        return row

    def _track_text(self, col: int, value: str) -> None:
        """Widen column ``col`` to fit ``value`` (only text at least half the width can need it)."""
        widths = self.widths
        if 2 * len(value) >= widths[col] and widths[col] < _MAX_WIDTH:
            size = len(value) + 1 if value.isascii() else text_width(value) + 1
            if size > widths[col]:
                widths[col] = size

    def _track_number(self, col: int, value: Any, grouped: bool) -> None:
        low, high = self._seen[col]
        if value > high or value < low:
            self._seen[col] = (min(low, value), max(high, value))
            size = len(f"{value:,}" if grouped else str(value)) + 1
            self.widths[col] = max(self.widths[col], size)

    def _cell(self, col: int, field: Field) -> Callable[[str, Any], str]:
        """The function that turns one value of ``field`` into its cell's XML (``""`` for an empty text)."""
        ref = xl_col_to_name(col)
        style, quoted = self.book.style(field.kind), self.book.style("quoted")
        grouped = self.book.formats[field.kind] is not None
        widths, sums, seen, total = self.widths, self.sums, self._seen, field.total
        track_number = self._track_number

        known: dict[str, str] = {}  # short text already written in this column -> its cell's XML after the ref

        def text(row: str, value: Any) -> str:
            if value.__class__ is not str:
                value = str.__str__(value) if isinstance(value, str) else str(value)
            tail = known.get(value)
            if tail is not None:
                return f'<c r="{ref}{row}"{tail}'
            if not value:
                return ""
            original = value
            shown = quoted if value[0] in _DANGER else ""
            if 2 * len(value) >= widths[col] and widths[col] < _MAX_WIDTH:
                size = len(value) + 1 if value.isascii() else text_width(value) + 1
                if size > widths[col]:
                    widths[col] = size
            if len(value) > _EXCEL_STRMAX // 2:
                value = _fit_excel(value)
            if _SPECIAL.search(value) is None:
                tail = f'{shown} t="inlineStr"><is><t>{value}</t></is></c>'
            else:
                value, preserve = _inline_text(value)
                tail = f'{shown} t="inlineStr"><is><t{preserve}>{value}</t></is></c>'
            if len(original) <= _MEMO_TEXT:
                if len(known) >= _MEMO_SIZE:
                    known.clear()
                known[original] = tail
            return f'<c r="{ref}{row}"{tail}'

        def number(row: str, value: Any) -> str:
            shown = _number_text(value)  # refuses what is not a number before it counts
            if total:
                sums[col] += value
            low, high = seen[col]
            if value > high or value < low:
                track_number(col, value, grouped)
            return f'<c r="{ref}{row}"{style}><v>{shown}</v></c>'

        datetime_kind = field.kind == "datetime"

        def when(row: str, value: Any) -> str:
            serial = _text_serial(value) if value.__class__ is str else excel_serial(value)
            if serial is None:
                return text(row, value)
            if not datetime_kind:
                serial = int(serial)
            return f'<c r="{ref}{row}"{style}><v>{serial:.16G}</v></c>'

        if field.kind in ("datetime", "date"):
            return when
        return number if field.kind in ("money", "count", "int") else text

    def _writer(self, ws: Any, col: int, field: Field) -> Callable[[int, Any], None]:
        """The function that writes one value of ``field`` on ``ws``, keeping widths and sums as it goes."""
        fmt, quoted = self.book.formats[field.kind], self.book.formats["quoted"]
        write_string, write_number, write_text = ws.write_string, ws.write_number, self.book.write_text
        sums, seen = self.sums, self._seen
        track_text, track_number = self._track_text, self._track_number

        def text(row: int, value: Any) -> None:
            value = value if isinstance(value, str) else str(value)
            if not value:
                return
            if value[0] in _DANGER:
                write_string(row, col, value, quoted)
            elif value[0] == "<":
                write_text(ws, row, col, value)
            else:
                write_string(row, col, value)
            track_text(col, value)

        def number(row: int, value: Any) -> None:
            write_number(row, col, value, fmt)
            if field.total:
                sums[col] += value
            low, high = seen[col]
            if value > high or value < low:
                track_number(col, value, fmt is not None)

        def when(row: int, value: Any) -> None:
            serial = excel_serial(value)
            if serial is None:
                text(row, value)
            else:
                write_number(row, col, serial if field.kind == "datetime" else int(serial), fmt)

        if field.kind in ("datetime", "date"):
            return when
        return number if field.kind in ("money", "count", "int") else text

