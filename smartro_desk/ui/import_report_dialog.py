"""What became of every record of an import: per file counts, and the rejected lines with reasons."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from smartro_desk.ingest.reasons import reason_text
from smartro_desk.ui.record_model import NOTE_BACKGROUND, WARN_BACKGROUND, Col, RecordsModel, money
from smartro_desk.ui.settings_store import REPORT_GEOMETRY, SettingsStore

if TYPE_CHECKING:
    from smartro_desk.ingest import FileReport, Reject


class ReportsModel(RecordsModel["FileReport"]):
    def __init__(self, parent: QObject | None = None, *, lang: str = "ko") -> None:
        self.lang = lang  # the importer's own reasons (a file it could not read) are shown in this language
        super().__init__((
            Col(lambda: self.tr("파일"), lambda r: Path(r.path).name, tooltip=lambda r: r.path),
            Col(lambda: self.tr("형식"), lambda r: " · ".join(p for p in (r.format, r.encoding) if p)),
            Col(lambda: self.tr("기록"), lambda r: money(r.records), money=True),
            Col(lambda: self.tr("가져옴"), lambda r: money(r.imported), money=True),
            Col(lambda: self.tr("중복"), lambda r: money(r.duplicates), money=True),
            Col(lambda: self.tr("거부"), lambda r: money(r.rejected), money=True),
            Col(lambda: self.tr("건너뜀"), lambda r: money(r.skipped), money=True),
            Col(lambda: self.tr("위변조 의심"), lambda r: money(r.flagged), money=True),
            Col(lambda: self.tr("결과"), self.outcome, tooltip=self.outcome),
        ), parent)

    def outcome(self, r: FileReport) -> str:
        if r.error:
            return reason_text(r.error, self.lang)
        if r.already_imported_as is not None:
            return self.tr("이미 가져온 파일입니다 (가져오기 #{n}): 새로 더한 것이 없습니다").format(n=r.already_imported_as)
        return self.tr("완료 (가져오기 #{n})").format(n=r.batch_id) if r.batch_id is not None else self.tr("완료")

    def background(self, record: FileReport) -> QColor | None:
        if record.error or record.flagged:
            return WARN_BACKGROUND
        return NOTE_BACKGROUND if record.rejected else None


class RejectsModel(RecordsModel["Reject"]):
    """Rejected records (line and reason): an import report's, or a ledger batch's ``Issue`` rows."""

    def __init__(self, parent: QObject | None = None, *, lang: str = "ko") -> None:
        self.lang = lang  # the reasons are kept in Korean; shown in this language
        super().__init__((
            Col(lambda: self.tr("줄"), lambda r: "" if r.line is None else str(r.line), money=True),
            Col(lambda: self.tr("이유"), lambda r: reason_text(r.reason, self.lang)),
        ), parent)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self.records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.records) - 1, len(self.cols) - 1))


class ImportReportDialog(QDialog):
    """The end of an import run: counts per file, the rejected lines, and (given ``export``) a button that
    saves the run's import report to Excel."""

    def __init__(self, reports: Sequence[FileReport], *, settings: SettingsStore | None = None,
                 export: Callable[[ImportReportDialog], None] | None = None, lang: str = "ko",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.reports = list(reports)
        self.setWindowTitle(self.tr("가져오기 결과"))
        self.summary = QLabel(self.totals_text(), self)
        self.summary.setWordWrap(True)
        self.reports_model = ReportsModel(self, lang=lang)
        self.reports_model.set_records(self.reports)
        self.rejects_model = RejectsModel(self, lang=lang)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.reports_view = self._table(self.reports_model, split)
        self.reports_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.reports_view.horizontalHeader().setStretchLastSection(True)
        lower = QWidget(split)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.rejects_title = QLabel(lower)
        lower_layout.addWidget(self.rejects_title)
        self.rejects_view = self._table(self.rejects_model, lower)
        self.rejects_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        lower_layout.addWidget(self.rejects_view)
        split.setSizes([200, 200])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        self.export_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setToolTip(self.tr("파일별 건수와 가져오지 않은 기록 모두(줄, 결과, 이유, 원문)를 엑셀 파일로 저장합니다"))
        self.can_export = export is not None and bool(self.batch_ids)
        if export is not None:
            self.export_button.clicked.connect(lambda: export(self))
        self.set_exporting(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.reports_view.selectionModel().selectionChanged.connect(self._chosen)
        self.resize(900, 440)
        if settings is not None and settings.get(REPORT_GEOMETRY):
            self.restoreGeometry(settings.get(REPORT_GEOMETRY))
        if self.reports:
            self.reports_view.selectRow(0)
        else:
            self._show_rejects(None)

    @property
    def batch_ids(self) -> list[int]:
        """The ledger batches of this run (a file already imported, or not read, has none)."""
        return [r.batch_id for r in self.reports if r.batch_id is not None]

    def set_exporting(self, busy: bool) -> None:
        self.export_button.setText(self.tr("내보내는 중…") if busy else self.tr("엑셀로 내보내기…"))
        self.export_button.setEnabled(self.can_export and not busy)

    def totals_text(self) -> str:
        reports = self.reports

        def total(name: str) -> str:
            return money(sum(getattr(r, name) for r in reports))

        text = self.tr("파일 {files}개: {imported}건 가져옴, 중복 {duplicates}건, 거부 {rejected}건, "
                       "건너뜀 {skipped}건, 위변조 의심 {flagged}건").format(
            files=len(reports), imported=total("imported"), duplicates=total("duplicates"),
            rejected=total("rejected"), skipped=total("skipped"), flagged=total("flagged"))
        failed = sum(1 for r in reports if r.error)
        if failed:
            text += self.tr(" — {n}개 파일은 가져오지 못했습니다").format(n=failed)
        text = f"<b>{html.escape(text)}</b>"
        if any(r.flagged for r in reports):
            text += "<br>" + html.escape(self.tr(
                "SignValue가 맞지 않는 기록이 있습니다. 원장의 상태 필터에서 '위변조 의심'을 골라 확인하세요."))
        return text

    def _table(self, model: RecordsModel, parent: QWidget) -> QTableView:  # type: ignore[type-arg]
        view = QTableView(parent)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.reports_view.selectionModel().selectedRows()
        self._show_rejects(self.reports_model.record(rows[0].row()) if rows else None)

    def _show_rejects(self, report: FileReport | None) -> None:
        self.rejects_model.set_records(report.rejects if report else ())
        if report is None or not report.rejected:
            self.rejects_title.setText(self.tr("거부된 기록이 없습니다."))
        elif len(report.rejects) < report.rejected:
            self.rejects_title.setText(self.tr("거부된 기록 {n}건 중 처음 {shown}건 (모두 원장의 가져오기 기록에 있습니다)").format(
                n=money(report.rejected), shown=money(len(report.rejects))))
        else:
            self.rejects_title.setText(self.tr("거부된 기록 {n}건: 줄 번호와 이유").format(n=money(report.rejected)))

    def done(self, result: int) -> None:
        if self.settings is not None:
            self.settings.set(REPORT_GEOMETRY, bytes(self.saveGeometry().data()))
        super().done(result)
