"""CSV for Korean Excel: UTF-8 with a byte-order mark, CRLF lines, text kept as text.

Excel reads a CSV without a BOM as the ANSI code page (CP949 on Korean
Windows) and garbles UTF-8 Hangul; with the BOM it opens cleanly.

A CSV cell has no "this is text" flag, and Excel guesses a type for every
cell it opens. Two guesses matter here:

* Formulas. Text that starts like a formula (``= + - @``, tab, carriage
  return) gets a leading apostrophe, the usual guard against CSV injection: a
  buyer name such as ``=HYPERLINK(...)`` or ``=1+1`` shows as written, with
  the apostrophe, and never runs.
* Numbers. In a text column (order ids, approval numbers, TIDs, account
  numbers: every ``Field`` of kind "text"), a value made only of the digits
  0-9 would become a number: ``0001234`` loses its zeros, 16 digits and more
  lose their last digits, 12 and more show as ``1.23457E+11``. Such a value is
  written as ``="0001234"``, a formula whose result is that text: Excel (any
  language edition, the formula names no function) shows ``0001234``, left
  aligned, and its value is the text exactly as received (``=LEN()`` is 7,
  copying the cell gives ``0001234``, lookups match it as text). Amounts,
  counts and other number columns stay plain numbers, and dates stay
  ``YYYY-MM-DD[ HH:MM:SS]``.

Why that formula is not the injection the first rule stops: it is never taken
from the data. The exporter builds it itself, only around a value that is
nothing but ASCII digits; what the formula holds is one string constant, with
no function, reference, operator or quote of the data's own, so it can compute,
fetch or link nothing, whatever the digits are. Any value that itself starts
with ``=`` (``="0001234"`` included) is data and gets the apostrophe.
Excel's limit of 255 characters for text in a formula bounds the wrapper: a
longer run of digits is written plainly (Excel then shows it as a number).

The alternatives were worse for an accountant double-clicking the file: a
leading apostrophe stays visible in a CSV (Excel drops it only when typed),
and a leading tab or zero-width character puts a character into the data that
comes back on every copy and lookup. The price of ``="..."``: a program (not
Excel) reading the CSV sees the wrapper, so such cells are ``="`` + digits +
``"``, nothing else; and LibreOffice shows the wrapper unless "Evaluate
formulas" is ticked when opening. For typed data outside Excel, export .xlsx.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from smartro_desk.export.output import atomic_output
from smartro_desk.export.sheet import FORMULA_STARTS, Field

_DANGER = frozenset(FORMULA_STARTS)
EXCEL_FORMULA_TEXT_MAX = 255  # characters of text Excel takes in one formula string constant


def csv_value(value: Any) -> str:
    """One cell as CSV text: numbers plain, datetimes as 'YYYY-MM-DD HH:MM:SS', risky text quoted."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_text(value: Any) -> str:
    """A cell of a text column: formula-like text defused, digits-only text kept text (``="0001234"``)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text:
        return ""
    if text[0] in _DANGER:
        return "'" + text
    if text.isdigit() and text.isascii() and len(text) <= EXCEL_FORMULA_TEXT_MAX:
        return f'="{text}"'
    return text


def _converter(field: Field) -> Callable[[Any], str]:
    return csv_text if field.kind == "text" else csv_value


def write_csv(path: Path, fields: Sequence[Field], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header line and ``rows``; returns the number of data rows."""
    converters = [_converter(f) for f in fields]
    count = 0
    with atomic_output(path) as temp:
        with open(temp, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow([csv_value(f.header) for f in fields])
            for values in rows:
                writer.writerow([convert(v) for convert, v in zip(converters, values)])
                count += 1
    return count
