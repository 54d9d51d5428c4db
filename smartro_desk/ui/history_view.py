"""The "가져오기 기록" tab: every import batch, its rejected records, undo and the import report.

    view = add_history_tab(window)

The table lists the ledger's batches, newest first (an undone one stays, marked
"되돌림", and cannot be undone again); below it, the rejected records of the
selected batch (line and reason). 되돌리기 asks for a confirmation and an
optional note, then ``Ledger.undo_batch`` removes the batch's records on a worker
(audited; its transactions are recomputed). 내보내기 writes the batch's import
report (.xlsx: the batch, then every record not imported) on a worker, on a read
connection of its own. The list follows the ledger: a change to the batches (an
import or an undo, from this window or another, on whatever thread committed it)
reloads it on the UI thread, keeping the selection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

from smartro_desk.ledger import Change, Ledger
from smartro_desk.ledger.model import Batch
from smartro_desk.ui import messages
from smartro_desk.ui.import_report_dialog import RejectsModel
from smartro_desk.ui.record_model import NOTE_BACKGROUND, WARN_BACKGROUND, Col, RecordsModel, money
from smartro_desk.ui.report_export import ask_report_path, report_work, tell_exported
from smartro_desk.ui.settings_store import SettingsStore
from smartro_desk.ui.workers import Done, Failed, Outcome, Runner, TaskContext

if TYPE_CHECKING:
    from smartro_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
UNDONE_BACKGROUND = QColor("#e6e6e6")


class BatchesModel(RecordsModel[Batch]):
    """One row per import batch."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            Col(lambda: self.tr("가져온 시각"), lambda b: b.started_at),
            Col(lambda: self.tr("파일"), lambda b: Path(b.path).name, tooltip=lambda b: b.path),
            Col(lambda: self.tr("형식"), lambda b: b.format.upper()),
            Col(lambda: self.tr("인코딩"), lambda b: b.encoding),
            Col(lambda: self.tr("종류"), self.kind_text),
            Col(lambda: self.tr("건수"), lambda b: money(b.records), money=True),
            Col(lambda: self.tr("가져옴"), lambda b: money(b.imported), money=True),
            Col(lambda: self.tr("중복"), lambda b: money(b.duplicates), money=True),
            Col(lambda: self.tr("거부"), lambda b: money(b.rejected), money=True),
            Col(lambda: self.tr("건너뜀"), lambda b: money(b.skipped), money=True),
            Col(lambda: self.tr("위변조 의심"), lambda b: money(b.flagged), money=True),
            Col(lambda: self.tr("상태"), self.status_text, tooltip=self.status_tip),
            Col(lambda: self.tr("작업자"), lambda b: b.actor),
        ), parent)

    def kind_text(self, batch: Batch) -> str:
        kinds = {"results": self.tr("통보·결과 로그"), "notifications": self.tr("통보 로그"),
                 "export": self.tr("PG 결제 엑셀"), "orders": self.tr("주문 목록")}
        return kinds.get(batch.kind, batch.kind)

    def status_text(self, batch: Batch) -> str:
        return self.tr("되돌림") if batch.status == "undone" else self.tr("완료")

    def status_tip(self, batch: Batch) -> str:
        if batch.status == "undone":
            return self.tr("되돌린 가져오기입니다: 이 파일로 들어온 기록은 원장에 없습니다.")
        return self.tr("가져오기 #{n}").format(n=batch.id)

    def background(self, record: Batch) -> QColor | None:
        if record.status == "undone":
            return UNDONE_BACKGROUND
        if record.flagged:
            return WARN_BACKGROUND
        return NOTE_BACKGROUND if record.rejected else None

    def row_of(self, batch_id: int) -> int:
        """The row showing batch ``batch_id``, or -1."""
        return next((n for n, b in enumerate(self.records) if b.id == batch_id), -1)


class UndoDialog(QDialog):
    """Asks whether to undo a batch, with an optional note for the audit log."""

    def __init__(self, batch: Batch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("가져오기 되돌리기"))
        text = QLabel(self.tr(
            "'{file}' 가져오기(#{n}, {at})를 되돌릴까요?\n\n이 파일로 들어온 기록 {imported}건이 원장에서 빠지고 "
            "관련 거래를 다시 계산합니다. 다른 파일에도 있던 기록은 남습니다. 되돌린 일은 감사 기록에 남고, "
            "다시 되돌릴 수 없습니다 (파일을 다시 가져올 수는 있습니다).").format(
            file=Path(batch.path).name, n=batch.id, at=batch.started_at, imported=money(batch.imported)), self)
        text.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("메모 (선택): 왜 되돌리는지"))
        buttons = QDialogButtonBox(self)
        undo = buttons.addButton(self.tr("되돌리기"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("취소"), QDialogButtonBox.ButtonRole.RejectRole).setDefault(True)
        undo.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())


def ask_undo(parent: QWidget, batch: Batch) -> str | None:
    """The note typed (perhaps empty) when the user confirms the undo of ``batch``; None when not."""
    dialog = UndoDialog(batch, parent)
    try:
        return dialog.note.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class HistoryView(QWidget):
    finished = Signal(object)  # Outcome of an undo or an export (tests wait for it)
    _changed = Signal()  # the batches changed, from whatever thread committed

    def __init__(self, ledger: Ledger, reader: Ledger, runner: Runner, *, lang: str = "ko",
                 settings: SettingsStore | None = None, parent: QWidget | None = None) -> None:
        """``ledger`` is written (undo); ``reader`` is read on the UI thread (the window's display connection)."""
        super().__init__(parent)
        self.ledger = ledger
        self.reader = reader
        self.runner = runner
        self.lang = lang
        self.settings = settings
        self.busy = False
        self.ask_undo: Callable[[QWidget, Batch], str | None] = ask_undo
        self.listening = True
        self._changed.connect(self.reload, Qt.ConnectionType.QueuedConnection)
        self._stop_listening = ledger.subscribe(self._heard)
        self.destroyed.connect(self._stop_listening)

        self.undo_button = QPushButton(self)
        self.undo_button.clicked.connect(self.undo_selected)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export_selected)
        self.status = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.export_button)

        self.model = BatchesModel(self)
        self.table = self._table(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the file name takes the room left
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.rejects_title = QLabel(self)
        self.rejects_title.setWordWrap(True)
        self.rejects = RejectsModel(self, lang=lang)
        self.rejects_table = self._table(self.rejects)
        self.rejects_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.rejects_title)
        lower_layout.addWidget(self.rejects_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.retranslate()
        self.reload()

    def _table(self, model: RecordsModel) -> QTableView:  # type: ignore[type-arg]
        view = QTableView(self)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    # -- staying current ------------------------------------------------------------------

    def _heard(self, change: Change) -> None:
        if change.what == "batches":
            try:
                self._changed.emit()  # queued: reloaded on the UI thread
            except RuntimeError:  # the view's C++ side is already gone
                pass

    def unsubscribe(self) -> None:
        """Stop hearing and reading the ledger (the window calls it when it closes)."""
        self.listening = False
        self._stop_listening()

    def reload(self) -> None:
        """Read the batches again, keeping the selected one selected."""
        if not self.listening:
            return
        chosen = self.selected_batch()
        self.model.set_records(self.reader.batches())
        row = self.model.row_of(chosen.id) if chosen is not None else -1
        if row < 0 and self.model.records:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    def selected_batch(self) -> Batch | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_batch(self, batch_id: int) -> None:
        row = self.model.row_of(batch_id)
        if row >= 0:
            self.table.selectRow(row)

    def _show_selected(self) -> None:
        batch = self.selected_batch()
        issues = self.reader.batch_issues(batch.id) if batch is not None else []
        self.rejects.set_records([i for i in issues if i.outcome == "rejected"])
        self._render_texts()

    # -- undo and export ------------------------------------------------------------------

    def undo_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.status != "done" or self.busy:
            return
        note = self.ask_undo(self, batch)
        if note is None:
            return
        ledger = self.ledger
        self._start(self.tr("되돌리는 중: {file}").format(file=Path(batch.path).name),
                    lambda _ctx: ledger.undo_batch(batch.id, note=note),
                    lambda outcome: self._undone(batch, outcome))

    def _undone(self, batch: Batch, outcome: Outcome) -> None:
        self.reload()
        if isinstance(outcome, Done):
            self.status.setText(self.tr("'{file}' 가져오기를 되돌렸습니다: 기록 {n}건을 뺐습니다.").format(
                file=Path(batch.path).name, n=money(outcome.value)))
        elif isinstance(outcome, Failed):
            log.error("undo of batch %s failed: %s", batch.id, outcome.trace)
            messages.error(self, self.tr("되돌리기 실패"), messages.describe(outcome.error))

    def export_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or self.busy:
            return
        path = ask_report_path(self, self.settings, self.tr("가져오기보고서-{n}.xlsx").format(n=batch.id))
        if path is None:
            return
        self._start(self.tr("내보내는 중: {name}").format(name=Path(path).name),
                    report_work(self.ledger, path, [batch.id], self.lang),
                    lambda outcome: tell_exported(self, path, outcome))

    def _start(self, text: str, work: Callable[[TaskContext], object], done: Callable[[Outcome], None]) -> None:
        self.busy = True
        self.status.setText(text)
        self._enable()

        def finish(outcome: Outcome) -> None:
            self.busy = False
            self._render_texts()
            done(outcome)
            self.finished.emit(outcome)

        self.runner.run_task(work, finish)

    # -- texts ----------------------------------------------------------------------------

    def _enable(self) -> None:
        batch = self.selected_batch()
        self.undo_button.setEnabled(batch is not None and batch.status == "done" and not self.busy)
        self.export_button.setEnabled(batch is not None and not self.busy)
        if batch is not None and batch.status != "done":
            self.undo_button.setToolTip(self.tr("이미 되돌린 가져오기입니다."))
        else:
            self.undo_button.setToolTip(self.tr("고른 가져오기로 들어온 기록을 원장에서 뺍니다 (감사 기록에 남습니다)"))

    def _render_texts(self) -> None:
        self._enable()
        batch = self.selected_batch()
        if not self.busy:
            batches = self.model.records
            undone = sum(1 for b in batches if b.status == "undone")
            self.status.setText(self.tr("가져오기 {n}번 (되돌림 {undone}번)").format(n=len(batches), undone=undone)
                                if batches else self.tr("아직 가져온 파일이 없습니다."))
        if batch is None:
            self.rejects_title.setText("")
        elif not batch.rejected:
            self.rejects_title.setText(self.tr("#{n} {file}: 거부된 기록이 없습니다.").format(
                n=batch.id, file=Path(batch.path).name))
        else:
            self.rejects_title.setText(self.tr("#{n} {file}: 거부된 기록 {count}건 (줄 번호와 이유)").format(
                n=batch.id, file=Path(batch.path).name, count=money(batch.rejected)))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.rejects.set_language(lang)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.undo_button.setText(self.tr("되돌리기…"))
        self.export_button.setText(self.tr("내보내기…"))
        self.export_button.setToolTip(self.tr("고른 가져오기의 보고서(거부·중복 기록 포함)를 엑셀로 내보냅니다"))
        self.model.retranslate()
        self.rejects.retranslate()
        self.table.viewport().update()
        self._render_texts()

    def tab_title(self) -> str:
        return self.tr("가져오기 기록")


def add_history_tab(window: MainWindow) -> HistoryView:
    """Build the import history view and add it to ``window`` as the "가져오기 기록" tab."""
    ctx = window.ctx
    view = HistoryView(ctx.ledger, window.readers.history, ctx.runner, lang=window.lang, settings=ctx.settings,
                       parent=window)
    window.add_tab(view, view.tab_title)
    window.languageChanged.connect(view.set_language)
    return view
