"""Saving import reports to Excel from the window (.xlsx: the batches, then every record not imported, and why).

The history tab saves its selected batch's report; the report shown after an import, that run's batches.
Either way the user picks the file here, the workbook is written on a worker, on a read connection of its
own (a million-line import has tens of thousands of duplicates to list), and the outcome is told here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from smartro_desk.ledger import Ledger
from smartro_desk.ui import messages
from smartro_desk.ui.settings_store import EXPORT_FOLDER, LAST_FOLDER, SettingsStore
from smartro_desk.ui.workers import Done, Failed, Outcome, TaskContext

if TYPE_CHECKING:
    from smartro_desk.export.output import ExportResult

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


def ask_report_path(parent: QWidget, settings: SettingsStore | None, name: str) -> str | None:
    """The .xlsx file the user picks (the export folder remembered), or None."""
    folder = ""
    if settings is not None:
        folder = settings.get(EXPORT_FOLDER) or settings.get(LAST_FOLDER)
    path = messages.choose_save_file(parent, translate("report_export", "내보낼 파일"), str(Path(folder or Path.home()) / name),
                                     translate("report_export", "엑셀 통합 문서 (*.xlsx)"))
    if not path:
        return None
    if not Path(path).suffix:
        path += ".xlsx"
    if settings is not None:
        settings.set(EXPORT_FOLDER, str(Path(path).parent))
    return path


def report_work(ledger: Ledger, path: str, batch_ids: Sequence[int], lang: str) -> Callable[[TaskContext], ExportResult]:
    """The worker's part: the import report of ``batch_ids`` written to ``path``."""
    ids = list(batch_ids)

    def work(_ctx: TaskContext) -> ExportResult:
        from smartro_desk.export.reports import export_import_report

        reader, own = ledger.separate()
        try:
            return export_import_report(reader, path, batch_ids=ids, lang=lang)
        finally:
            if own:
                reader.close()

    return work


def tell_exported(parent: QWidget, path: str, outcome: Outcome) -> None:
    if isinstance(outcome, Done):
        messages.inform(parent, translate("report_export", "내보내기 완료"),
                        translate("report_export", "{path} 파일로 내보냈습니다.").format(path=path))
    elif isinstance(outcome, Failed):
        log.error("import report export failed: %s", outcome.trace)
        messages.error(parent, translate("report_export", "내보내기 실패"), messages.describe(outcome.error))
