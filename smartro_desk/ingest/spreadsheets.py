"""Rows of a spreadsheet file: ``.xlsx``/``.xls`` (python-calamine, fast), CSV, HTML tables.

Every reader yields ``(row_number, cells)`` with 1-based row numbers as the
sheet shows them. python-calamine reads a 100,000-row sheet in about 2 s where
openpyxl read-only takes about 20 s, so openpyxl and xlrd are only fallbacks
for workbooks calamine refuses. CSV and HTML stream from disk; text is UTF-8
(with or without BOM), UTF-16 (Excel's "Unicode text") or CP949, detected, and a
UTF-8 file's odd CP949 cell is still read as CP949.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartro_desk.ingest.detect import SAMPLE, delimiters, read_sample, text_encoding
from smartro_desk.ingest.htmltable import html_rows
from smartro_desk.ingest.report import CSV, HTML, XLS, ImportFailed
from smartro_desk.ingest.text import decode_value

Row = list[Any]
MAX_CELL = 1 << 24  # characters in one CSV cell (the csv module's default, 128 KiB, is too small)


@dataclass
class Table:
    """One sheet's rows; ``position(last_row_number)`` is ``(done, total)`` for progress (rows or bytes).

    ``sheet`` is the sheet's name in a workbook of several sheets, each of which may be imported; it is
    blank for a file of one table (a CSV's tables are that one read with each likely separator).
    """

    name: str
    encoding: str
    rows: Iterator[tuple[int, Row]]
    position: Callable[[int], tuple[int, int]]
    sheet: str = ""


def _by_rows(total: int) -> Callable[[int], tuple[int, int]]:
    return lambda row: (min(row, total), total)


@contextmanager
def open_tables(path: Path, fmt: str) -> Iterator[Iterator[Table]]:
    """The file's sheets in order (HTML has one, CSV one read several ways); files are closed when the
    block ends."""
    with ExitStack() as stack:
        if fmt == CSV:
            yield _csv_tables(path, stack)
        elif fmt == HTML:
            yield iter([_html_table(path, stack)])
        else:
            yield _workbook_tables(path, fmt, stack)


# -- workbooks ----------------------------------------------------------------------


def _workbook_tables(path: Path, fmt: str, stack: ExitStack) -> Iterator[Table]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises its own and OS errors for damaged files
        yield from (_xlrd_tables if fmt == XLS else _openpyxl_tables)(path, exc, stack)
        return
    stack.callback(book.close)
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception as exc:
            raise ImportFailed(f"'{name}' 시트를 읽을 수 없습니다: {_reason(exc)}") from None
        first = sheet.start[0] + 1 if sheet.start else 1
        yield Table(name, "", zip(itertools.count(first), sheet.iter_rows()), _by_rows(first + sheet.height - 1),
                    name if len(names) > 1 else "")


def _xlrd_tables(path: Path, error: Exception, stack: ExitStack) -> Iterator[Table]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception:
        raise ImportFailed(f"엑셀(.xls) 파일을 읽을 수 없습니다: {_reason(error)}") from None
    stack.callback(book.release_resources)
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)

        def rows(sheet: Any = sheet) -> Iterator[tuple[int, Row]]:
            for r in range(sheet.nrows):
                cells = []
                for cell in sheet.row(r):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                    else:
                        cells.append(cell.value)
                yield r + 1, cells

        yield Table(sheet.name, "", rows(), _by_rows(sheet.nrows), sheet.name if book.nsheets > 1 else "")


def _openpyxl_tables(path: Path, error: Exception, stack: ExitStack) -> Iterator[Table]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception:
        raise ImportFailed(f"엑셀(.xlsx) 파일을 읽을 수 없습니다: {_reason(error)}") from None
    stack.callback(book.close)
    for sheet in book.worksheets:
        rows = ((number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), 1))
        several = len(book.worksheets) > 1
        yield Table(sheet.title, "", rows, _by_rows(sheet.max_row or 0), sheet.title if several else "")


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


# -- text tables ----------------------------------------------------------------------


def _text_stream(path: Path, stack: ExitStack) -> tuple[io.BufferedReader, io.TextIOWrapper, str]:
    encoding = text_encoding(read_sample(path, SAMPLE))
    binary = stack.enter_context(open(path, "rb"))
    errors = "surrogateescape" if encoding.startswith("utf-8") else "replace"
    text = io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline="")
    stack.callback(text.detach)  # the binary file is closed by its own context
    return binary, text, encoding


def _fix(cell: str) -> str:
    """A UTF-8 file's cell whose bytes were not UTF-8: read them as CP949."""
    if cell.isascii():
        return cell
    try:
        cell.encode("utf-8")
    except UnicodeEncodeError:
        return decode_value(cell.encode("utf-8", "surrogateescape"))[0]
    return cell


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _csv_tables(path: Path, stack: ExitStack) -> Iterator[Table]:
    """The file read with each separator it may use, likeliest first: the importer takes the
    first reading whose header it recognises (a few malformed rows can mislead the guess)."""
    binary, text, encoding = _text_stream(path, stack)
    seps = delimiters(text.read(SAMPLE)) or [","]
    if csv.field_size_limit() < MAX_CELL:
        csv.field_size_limit(MAX_CELL)

    def rows(sep: str) -> Iterator[tuple[int, Row]]:
        text.seek(0)
        try:
            for number, cells in enumerate(csv.reader(text, delimiter=sep), 1):
                yield number, [_fix(c) for c in cells]
        except csv.Error as exc:
            raise ImportFailed(f"CSV 파일을 읽을 수 없습니다: {exc}") from None

    for sep in seps:
        yield Table(path.name, encoding, rows(sep), _by_bytes(binary, _size(path)))


def _by_bytes(binary: io.BufferedReader, size: int) -> Callable[[int], tuple[int, int]]:
    return lambda row: (min(binary.tell(), size), size)


def _html_table(path: Path, stack: ExitStack) -> Table:
    binary, text, encoding = _text_stream(path, stack)

    def rows() -> Iterator[tuple[int, Row]]:
        for number, cells in enumerate(html_rows(iter(lambda: text.read(1 << 16), "")), 1):
            yield number, [_fix(c) for c in cells]

    return Table(path.name, encoding, rows(), _by_bytes(binary, _size(path)))
