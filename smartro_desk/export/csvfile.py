"""CSV for Korean Excel: UTF-8 with a byte-order mark, CRLF lines, formula-like text defused.

Excel reads a CSV without a BOM as the ANSI code page (CP949 on Korean
Windows) and garbles UTF-8 Hangul; with the BOM it opens cleanly. A CSV cell
has no "this is text" flag, so text that starts like a formula gets a leading
apostrophe, the usual guard against CSV injection.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from smartro_desk.export.output import atomic_output
from smartro_desk.export.sheet import FORMULA_STARTS, Field


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


def write_csv(path: Path, fields: Sequence[Field], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header line and ``rows``; returns the number of data rows."""
    count = 0
    with atomic_output(path) as temp:
        with open(temp, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow([csv_value(f.header) for f in fields])
            for values in rows:
                writer.writerow([csv_value(v) for v in values])
                count += 1
    return count
