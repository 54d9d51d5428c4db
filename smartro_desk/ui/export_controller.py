"""Ctrl+E: the table as shown (filter, order, visible columns) to .xlsx or .csv, on a worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from smartro_desk.ledger import Ledger
from smartro_desk.ledger.queries import TransactionFilter
from smartro_desk.ui import messages
from smartro_desk.ui.progress_panel import ProgressPanel
from smartro_desk.ui.settings_store import EXPORT_FOLDER, LAST_FOLDER, SettingsStore
from smartro_desk.ui.workers import Done, Failed, Outcome, Runner, TaskContext

log = logging.getLogger(__name__)


class CurrentView(NamedTuple):
    """What the table shows: what an export must reproduce."""

    filter: TransactionFilter
    sort_key: str
    descending: bool
    column_keys: list[str]
    lang: str


def export_function() -> Callable[..., Any]:
    """``export_transactions``, imported on first use (it loads XlsxWriter)."""
    from smartro_desk.export.transactions import export_transactions

    return export_transactions


class ExportController(QObject):
    finished = Signal(object)  # Outcome

    def __init__(self, ledger: Ledger, runner: Runner, panel: ProgressPanel, settings: SettingsStore,
                 view: Callable[[], CurrentView], parent: QWidget) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.runner = runner
        self.panel = panel
        self.settings = settings
        self.view = view
        self.window = parent
        self._running = False

    def export(self) -> None:
        if self._running:
            messages.inform(self.window, self.tr("내보내기"), self.tr("내보내기가 이미 진행 중입니다."))
            return
        folder = self.settings.get(EXPORT_FOLDER) or self.settings.get(LAST_FOLDER) or str(Path.home())
        suggested = str(Path(folder) / self.tr("거래내역-{day}.xlsx").format(day=date.today().strftime("%Y%m%d")))
        path = messages.choose_save_file(self.window, self.tr("내보낼 파일"), suggested,
                                         self.tr("엑셀 통합 문서 (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str, function: Callable[..., Any] | None = None) -> None:
        function = function or export_function()
        if not Path(path).suffix:
            path += ".xlsx"
        self.settings.set(EXPORT_FOLDER, str(Path(path).parent))
        view, ledger = self.view(), self.ledger

        def work(ctx: TaskContext) -> Any:
            return function(ledger, path, view.filter, view.sort_key, view.descending, view.column_keys, view.lang,
                            progress=ctx.progress, cancel=ctx.cancel)

        self._running = True
        handle = self.runner.run_task(work, lambda outcome: self._done(path, outcome),
                                      on_progress=self.panel.update_progress)
        if not handle.finished:
            self.panel.start(self.tr("내보내는 중: {name}").format(name=Path(path).name), handle)

    def _done(self, path: str, outcome: Outcome) -> None:
        self._running = False
        self.panel.finish()
        self.finished.emit(outcome)
        if isinstance(outcome, Done):
            rows = getattr(outcome.value, "rows", None)
            text = self.tr("{path} 파일로 {rows}행을 내보냈습니다.").format(
                path=path, rows=f"{rows:,}" if isinstance(rows, int) else "?")
            messages.inform(self.window, self.tr("내보내기 완료"), text)
        elif isinstance(outcome, Failed):
            log.error("export failed: %s", outcome.trace)
            messages.error(self.window, self.tr("내보내기 실패"), messages.describe(outcome.error))
        else:
            messages.inform(self.window, self.tr("내보내기"), self.tr("내보내기를 취소했습니다. 파일은 만들지 않았습니다."))
