"""Importing from the window: menu, toolbar and drag-and-drop all call ``import_paths``.

Files are imported one after another on a worker thread (``import_file``, one
ledger transaction per file), with progress and a cancel button in the status
bar. A spreadsheet whose columns are unknown pauses the queue for the column
mapping dialog; the mapping is saved as a profile and the file retried. At the
end the import report opens (not modal).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from smartro_desk.ledger import Ledger
from smartro_desk.secrets import Secrets
from smartro_desk.ui import messages
from smartro_desk.ui.progress_panel import ProgressPanel
from smartro_desk.ui.report_export import ask_report_path, report_work, tell_exported
from smartro_desk.ui.settings_store import LANGUAGE, LAST_FOLDER, SettingsStore
from smartro_desk.ui.workers import Done, Failed, Outcome, ProgressUpdate, Runner, TaskContext

if TYPE_CHECKING:  # the importers load spreadsheet libraries: imported when first used
    from smartro_desk.ingest import FileReport, UnknownLayout
    from smartro_desk.ui.import_report_dialog import ImportReportDialog
    from smartro_desk.ui.mapping_dialog import MappingChoice

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Item:
    path: str
    choice: MappingChoice | None = None  # a column mapping to save before importing
    headers: tuple[str, ...] = ()  # the sheet's headers the mapping is for


def ask_mapping(parent: QWidget, error: UnknownLayout) -> MappingChoice | None:
    from smartro_desk.ui.mapping_dialog import ask_mapping as ask

    return ask(parent, error)


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files as given; a folder stands for the files directly inside it."""
    out: list[str] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith("."))
        else:
            out.append(str(path))
    return out


class ImportController(QObject):
    started = Signal()
    finished = Signal(list)  # the FileReports of the run
    exported = Signal(object)  # the Outcome of saving a run's report (tests wait for it)
    settled = Signal(object)  # the Outcome of the checkpoint after a run that imported something

    def __init__(self, ledger: Ledger, runner: Runner, panel: ProgressPanel, settings: SettingsStore,
                 secrets: Callable[[], Secrets], parent: QWidget) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.runner = runner
        self.panel = panel
        self.settings = settings
        self.secrets = secrets
        self.window = parent
        self.ask_mapping: Callable[[QWidget, UnknownLayout], MappingChoice | None] = ask_mapping
        self.show_reports = True
        self.report_dialog: ImportReportDialog | None = None
        self._queue: deque[_Item] = deque()
        self._reports: list[FileReport] = []
        self._count = 0
        self._running = False

    @property
    def busy(self) -> bool:
        return self._running

    def choose_and_import(self) -> None:
        """The menu and toolbar action: pick files, then the same path as a drop."""
        paths = messages.choose_open_files(
            self.window, self.tr("가져올 파일 선택"), self.settings.get(LAST_FOLDER),
            self.tr("통보 로그와 엑셀 (*.log *.txt *.csv *.xlsx *.xls *.htm *.html);;모든 파일 (*)"))
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: Iterable[str | Path]) -> None:
        """Queue files for import (drag-and-drop, the menu and demo data all come here)."""
        files = expand_paths(paths)
        if not files:
            return
        self.settings.set(LAST_FOLDER, str(Path(files[0]).parent))
        self._queue.extend(_Item(p) for p in files)
        self._count += len(files)
        if not self._running:
            self._running = True
            self._reports = []
            self.started.emit()
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._finish()
            return
        item = self._queue.popleft()
        number = self._count - len(self._queue)
        text = self.tr("가져오는 중 ({n}/{total}): {name}").format(n=number, total=self._count, name=Path(item.path).name)
        ledger, secrets = self.ledger, self.secrets()

        def work(ctx: TaskContext) -> FileReport:
            from smartro_desk.ingest import import_file, save_profile

            profile = None
            if item.choice is not None:
                c = item.choice
                profile = save_profile(ledger, c.name, item.headers, c.kind, c.mapping).name
            with ledger.db.checkpoints_deferred():  # the report first; the file settles afterwards (_finish)
                return import_file(ledger, item.path, secrets=secrets, progress=ctx.progress, cancel=ctx.cancel,
                                   profile=profile)

        handle = self.runner.run_task(work, lambda outcome: self._done(item, outcome), on_progress=self._progress)
        if not handle.finished:
            self.panel.start(text, handle)

    def _progress(self, update: ProgressUpdate) -> None:
        self.panel.update_progress(update)

    def _done(self, item: _Item, outcome: Outcome) -> None:
        from smartro_desk.ingest import FileReport, UnknownLayout

        if isinstance(outcome, Done):
            self._reports.append(outcome.value)
        elif isinstance(outcome, Failed) and isinstance(outcome.error, UnknownLayout):
            self.panel.finish()
            choice = self.ask_mapping(self.window, outcome.error)
            if choice is not None:
                self._queue.appendleft(_Item(item.path, choice, outcome.error.headers))
                self._count += 1
            else:
                self._reports.append(FileReport(item.path, error=self.tr("열을 지정하지 않아 가져오지 않았습니다.")))
        elif isinstance(outcome, Failed):
            log.error("import of %s failed: %s", item.path, outcome.trace)
            self._reports.append(FileReport(item.path, error=messages.describe(outcome.error)))
        else:  # Stopped: this file was rolled back; the rest are not started
            self._reports.append(FileReport(item.path, error=self.tr("취소했습니다: 이 파일은 원장에 넣지 않았습니다.")))
            while self._queue:
                rest = self._queue.popleft()
                self._reports.append(FileReport(rest.path, error=self.tr("취소해서 가져오지 않았습니다.")))
        self._next()

    def _finish(self) -> None:
        self.panel.finish()
        self._running = False
        self._count = 0
        reports, self._reports = self._reports, []
        self.finished.emit(reports)
        if any(r.batch_id is not None for r in reports):
            self._settle()
        if self.show_reports and reports:
            from smartro_desk.ui.import_report_dialog import ImportReportDialog

            if self.report_dialog is not None:
                self.report_dialog.close()
            self.report_dialog = ImportReportDialog(reports, settings=self.settings, export=self.export_report,
                                                    lang=self._lang(), parent=self.window)
            self.report_dialog.show()

    def _settle(self) -> None:
        """The run's writes, committed without a checkpoint, moved into the ledger file on a worker (readers and
        writers go on meanwhile)."""
        db = self.ledger.db

        def settled(outcome: Outcome) -> None:
            if isinstance(outcome, Failed):  # the WAL stays valid; SQLite checkpoints again at a later commit
                log.warning("checkpoint after import failed: %s", outcome.trace)
            self.settled.emit(outcome)

        self.runner.run_task(lambda _ctx: db.checkpoint(), settled)

    def export_report(self, dialog: ImportReportDialog) -> None:
        """The report dialog's button: the run's batches saved as the history tab saves one, on a worker."""
        ids = dialog.batch_ids
        numbers = str(ids[0]) if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"
        path = ask_report_path(dialog, self.settings, self.tr("가져오기보고서-{n}.xlsx").format(n=numbers))
        if path is None:
            return
        dialog.set_exporting(True)

        def done(outcome: Outcome) -> None:
            dialog.set_exporting(False)
            tell_exported(dialog, path, outcome)
            self.exported.emit(outcome)

        self.runner.run_task(report_work(self.ledger, path, ids, self._lang()), done)

    def _lang(self) -> str:
        return "en" if self.settings.get(LANGUAGE) == "en" else "ko"

    def cancel(self) -> None:
        self.panel.cancel()
