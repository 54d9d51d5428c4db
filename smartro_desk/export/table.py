"""One table to one file: .xlsx through ``SheetTable``, .csv through ``write_csv``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from smartro_desk.export.csvfile import write_csv
from smartro_desk.export.output import ExportResult, check_suffix, is_csv
from smartro_desk.export.sheet import EXCEL_MAX_ROWS, Field, Heading, excel_book


def export_table(
    path: Path | str, name: str, fields: Sequence[Field], heading: Heading, rows: Iterable[Sequence[Any]],
    *, max_rows: int = EXCEL_MAX_ROWS, totals_label: str = "합계",
) -> ExportResult:
    """Write ``rows`` as sheet ``name`` of a new workbook (or as CSV, by the file's suffix).

    ``rows`` may be a generator that raises ``Cancelled``: the target is then left untouched.
    """
    path = check_suffix(path)
    if is_csv(path):
        return ExportResult(path, write_csv(path, fields, rows), ())
    with excel_book(path, max_rows=max_rows) as book:
        table = book.table(name, fields, heading, totals_label=totals_label)
        table.write_rows(rows)
        result = table.finish()
    return ExportResult(path, result.rows, result.sheets)
