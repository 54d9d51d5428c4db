"""Bulk cancel: selected transactions or a loaded Excel/CSV list, validated row by row,
run with progress and a stop button, results filling in live, exported to Excel.

The rules are ``smartro_desk.cancel.bulk``'s: each row goes through the same
``CancelService`` as a single cancel; stop takes effect between rows; the run
stops itself after a lost answer; production needs the total typed again.
After a run only the rows that were not sent can be checked and run again, so
no row is ever sent twice from here. Texts are in the window's ``lang``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from smartro_desk.cancel import bulk
from smartro_desk.cancel.bulk import BulkItem, BulkRow, BulkRowResult
from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.cancel.plan import kind_label
from smartro_desk.cancel.service import CancelService
from smartro_desk.export.output import ExportResult
from smartro_desk.ledger.store import Ledger
from smartro_desk.protocol.amounts import AmountError, parse_amount
from smartro_desk.secrets import Secrets
from smartro_desk.tasks import CancelToken
from smartro_desk.ui import messages
from smartro_desk.ui.bulk_cancel_model import BulkLine, BulkModel
from smartro_desk.ui.cancel_dialog import open_cancel_dialog
from smartro_desk.ui.cancel_widgets import (
    GREY, RED, endpoint_banner, endpoint_name, failure_text, fit_to_screen, won, words_of,
)
from smartro_desk.ui.workers import Done, Failed, Outcome, ProgressUpdate, Runner, TaskContext, TaskRunner


class _Either(CancelToken):
    """Stopped by the stop button or by the runner (e.g. the window closing): between rows either way."""

    def __init__(self, *tokens: CancelToken) -> None:
        super().__init__()
        self._tokens = tokens

    @property
    def cancelled(self) -> bool:
        return any(token.cancelled for token in self._tokens)


class BulkCancelDialog(QDialog):
    previewed = Signal(list)  # the BulkItems now shown
    row_done = Signal(int, object)  # (row, BulkRowResult), from the worker thread: queued to the UI
    run_finished = Signal(list)  # the BulkRowResults of the run
    exported = Signal(object)  # ExportResult or the exception

    def __init__(self, service: CancelService, endpoint: Endpoint, *, tids: Sequence[str] = (),
                 runner: Runner | None = None, lang: str = "ko", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.endpoint = endpoint
        self.lang = lang
        self.runner: Runner = runner if runner is not None else TaskRunner(self)
        self.items: list[BulkItem] = []
        self.results: list[BulkRowResult] = []
        self._tids = list(tids)  # the rows come from: a retry of unsent rows, else a file, else the selection
        self._path: Path | None = None
        self._retry: list[BulkRow] | None = None
        self._token: CancelToken | None = None
        self._state = "idle"  # idle | previewing | ready | running | finished
        self.setWindowTitle(self.tr("일괄 취소"))
        self.model = BulkModel(self, lang=lang)
        self._build()
        self.row_done.connect(self._on_row)
        self.load_rows()

    def _build(self) -> None:
        self.banner = endpoint_banner(self.endpoint, self)
        self.source_label = QLabel(self)
        self.load_button = QPushButton(self.tr("목록 파일 불러오기 (Excel/CSV)…"), self)
        self.load_button.setToolTip(self.tr(
            "열: TID, 금액, 사유 (선택: 서브몰 MID=금액;MID=금액). 금액이 비면 남은 금액 전체를 취소합니다."))
        self.load_button.clicked.connect(self.choose_list)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("기본 사유 (사유가 빈 행에 씀)"))
        self.reason_edit.editingFinished.connect(self._reason_changed)
        self.recheck_button = QPushButton(self.tr("다시 검증"), self)
        self.recheck_button.clicked.connect(self.recheck)
        top = QHBoxLayout()
        top.addWidget(self.source_label, 1)
        top.addWidget(QLabel(self.tr("기본 사유"), self))
        top.addWidget(self.reason_edit, 1)
        top.addWidget(self.recheck_button)
        top.addWidget(self.load_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()

        def fit(texts: Sequence[str], least: int, margin: int = 16) -> int:
            return max(least, *(metrics.horizontalAdvance(text) + margin for text in texts))

        tid_width = fit(["SMTPAY001m01012405011200001234"], 0, 24)
        kinds = fit([kind_label(partial, self.lang) for partial in (False, True)], 64)
        outcomes = fit([bulk.outcome_label(key, self.lang) for key in bulk.OUTCOME_LABELS], 130)
        check = max(140, 200 - (kinds - 64) - (outcomes - 130))  # the check's long text gives room (tooltip: whole)
        for col, width in enumerate((40, tid_width, kinds, 96, 96, 100, check, outcomes)):
            header.resizeSection(col, width)  # a TID, a kind and an outcome always show whole
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setToolTip(self.tr("행을 두 번 누르면 그 거래의 취소 창이 열립니다 (결과 확인 필요인 행의 결과 기록 등)."))
        self.table.doubleClicked.connect(self._open_row)

        self.total_label = QLabel(self)
        self.total_label.setWordWrap(True)
        self.retype_label = QLabel(self.tr("운영 서버: 보낼 금액 합계를 다시 입력"), self)
        self.retype_label.setStyleSheet(f"color:{RED}; font-weight:700;")
        self.retype_edit = QLineEdit(self)
        self.retype_edit.setPlaceholderText(self.tr("예: 1,234,000"))
        self.retype_edit.textChanged.connect(self._update_buttons)
        totals = QHBoxLayout()
        totals.addWidget(self.total_label, 1)
        totals.addWidget(self.retype_label)
        totals.addWidget(self.retype_edit)
        for widget in (self.retype_label, self.retype_edit):
            widget.setVisible(self.endpoint.is_production)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.run_button = QPushButton(self.tr("일괄 취소 실행"), self)
        self.run_button.setStyleSheet(f"QPushButton:enabled {{ color:{RED}; font-weight:700; }}")
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton(self.tr("중지"), self)
        self.stop_button.clicked.connect(self.stop)
        self.export_button = QPushButton(self.tr("결과를 엑셀로 저장…"), self)
        self.export_button.clicked.connect(self.choose_export)
        self.close_button = QPushButton(self.tr("닫기"), self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        for button in (self.stop_button, self.export_button, self.close_button, self.run_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        for button in (self.load_button, self.recheck_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(totals)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        fit_to_screen(self, 1180, 640)

    # -- the list ----------------------------------------------------------------------

    @property
    def state(self) -> str:
        """idle (nothing to check), previewing, ready, running or finished."""
        return self._state

    @property
    def running(self) -> bool:
        return self._state == "running"

    def choose_list(self) -> None:
        paths = messages.choose_open_files(self, self.tr("취소 목록 불러오기"), "",
                                           self.tr("취소 목록 (*.xlsx *.xlsm *.csv *.txt);;모든 파일 (*)"))
        if paths:
            self.load_file(paths[0])

    def load_file(self, path: str | Path) -> None:
        self._path, self._retry = Path(path), None
        self.load_rows()

    def _reason_changed(self) -> None:
        if self._state in ("idle", "ready"):
            self.load_rows()

    def load_rows(self) -> None:
        """Read the source again (selection or file) and validate every row on a worker."""
        if self._state in ("running", "previewing"):
            return
        reason = self.reason_edit.text().strip()
        if self._retry is not None:
            rows = [replace(row, reason=row.reason or reason) for row in self._retry]
            self.source_label.setText(self.tr("보내지 않은 행 {n}건 (앞 실행에서 남은 것)").format(n=len(rows)))
        elif self._path is not None:
            try:
                rows = bulk.load_list(self._path, default_reason=reason)
            except bulk.BulkListError as exc:
                messages.error(self, self.tr("목록을 읽을 수 없습니다"), failure_text(exc, self.lang))
                return
            self.source_label.setText(self.tr("파일: {name} ({n}행)").format(name=self._path.name, n=len(rows)))
        elif self._tids:
            rows = bulk.rows_for_selection(self._tids, reason)
            self.source_label.setText(self.tr("선택한 거래 {n}건 (각각 남은 금액 전체 취소)").format(n=len(rows)))
        else:
            self.source_label.setText(self.tr("선택한 거래가 없습니다. 취소 목록 파일을 불러오세요."))
            self._set_state("idle")
            return
        self.results = []
        self._set_state("previewing")
        self.status_label.setText(self.tr("행마다 게이트웨이가 거절할 만한 것을 확인하는 중…"))
        service, endpoint = self.service, self.endpoint
        self.runner.run_task(lambda _ctx: bulk.preview(service, rows, endpoint), self._on_previewed)

    def _on_previewed(self, outcome: Outcome) -> None:
        if not isinstance(outcome, Done):
            self._set_state("idle")
            error = outcome.error if isinstance(outcome, Failed) else RuntimeError(self.tr("중지되었습니다"))
            messages.error(self, self.tr("목록을 검증하지 못했습니다"), failure_text(error, self.lang))
            return
        self.items = list(outcome.value)
        self.model.set_records([BulkLine(item) for item in self.items])
        self.retype_edit.clear()
        self._set_state("ready")
        self.status_label.setText(self.tr("검증이 끝났습니다. 빨간 행은 보내지 않습니다."))
        self.previewed.emit(self.items)

    @property
    def total(self) -> int:
        return bulk.total_to_send(self.items)

    def _show_totals(self) -> None:
        ok = sum(1 for item in self.items if item.ok)
        bad = len(self.items) - ok
        total = self.total
        color = RED if bad else GREY
        self.total_label.setText(self.tr(
            '보낼 행 <b>{ok}건</b> · <span style="color:{color}">보내지 않을 행 {bad}건</span> · '
            '보낼 금액 합계 <b>{total}원</b> ({words}) · 보낼 곳 {endpoint}',
        ).format(ok=ok, color=color, bad=bad, total=f"{total:,}", words=words_of(total, self.lang) or won(0),
                 endpoint=endpoint_name(self.endpoint)))

    def _retyped_total(self) -> int | None:
        try:
            return parse_amount(self.retype_edit.text())
        except AmountError:
            return None

    def can_run(self) -> bool:
        if self._state != "ready" or not any(item.ok for item in self.items):
            return False
        return not self.endpoint.is_production or self._retyped_total() == self.total

    # -- the run -----------------------------------------------------------------------

    def run(self) -> None:
        if not self.can_run():
            return
        ok = [item for item in self.items if item.ok]
        total = self.total
        text = self.tr("{n}건, 합계 {total}원({words})을 {endpoint}에서 취소합니다. "
                       "검증에 실패한 {bad}건은 보내지 않습니다. "
                       "중지를 누르면 지금 보내는 행이 끝난 뒤에 멈춥니다.").format(
            n=len(ok), total=f"{total:,}", words=words_of(total, self.lang), endpoint=endpoint_name(self.endpoint),
            bad=len(self.items) - len(ok))
        if self.endpoint.is_production:
            text += self.tr(" 운영 서버이므로 실제로 환불됩니다.")
        answer = messages.show(self, "warning", self.tr("일괄 취소 확인"), text,
                               buttons=(("send", self.tr("일괄 취소 실행")), ("cancel", self.tr("돌아가기"))),
                               default="cancel")
        if answer != "send":
            return
        items, service = list(self.items), self.service
        confirmed = self._retyped_total() if self.endpoint.is_production else None
        token = self._token = CancelToken()
        emit = self.row_done.emit

        def work(ctx: TaskContext) -> list[BulkRowResult]:
            position = iter(range(len(items)))
            return bulk.run(service, items, token=_Either(token, ctx.cancel), progress=ctx.progress,
                            confirmed_total=confirmed, on_row=lambda row: emit(next(position), row))

        self.results = []
        self.progress.setRange(0, len(items))
        self.progress.setValue(0)
        self._set_state("running")
        self.status_label.setText(self.tr("보내는 중… 중지를 누르면 지금 보내는 행이 끝난 뒤에 멈춥니다."))
        self.runner.run_task(work, self._on_run_done, on_progress=self._on_progress)

    def _on_progress(self, update: ProgressUpdate) -> None:
        self.progress.setValue(min(update.done, self.progress.maximum()))

    def _on_row(self, row: int, result: BulkRowResult) -> None:
        self.results.append(result)
        self.model.set_result(row, result)
        self.progress.setValue(max(self.progress.value(), row + 1))
        self.table.scrollTo(self.model.index(row, 0))

    def _open_row(self, index: QModelIndex) -> None:
        """A row's own cancel dialog: its details, and for a held TID the way to record what was seen."""
        line = self.model.record(index.row())
        if line is None or self.running or not line.item.row.tid:
            return
        service = self.service
        open_cancel_dialog(self, service.ledger, service.secrets, line.item.row.tid, self.endpoint, service=service,
                           lang=self.lang)

    def stop(self) -> None:
        if self._token is not None and self.running:
            self._token.cancel()
            self.stop_button.setEnabled(False)
            self.status_label.setText(self.tr("중지 요청됨: 지금 보내는 행이 끝나면 멈춥니다. 나머지는 보내지 않습니다."))

    def _on_run_done(self, outcome: Outcome) -> None:
        self._token = None
        done = len(self.results)
        if isinstance(outcome, Done):
            summary = bulk.summary(self.results, self.lang)
            self._set_state("finished")
            lost = any(r.outcome in ("unknown", "not_sent") for r in self.results)
            why = self.tr(" 응답을 받지 못한 행이 있어 그 뒤의 행은 보내지 않았습니다. '결과 확인 필요' 행은 두 번 눌러 "
                          "상점관리자 사이트에서 확인한 결과를 기록하세요.") if lost else ""
            self.status_label.setText(self.tr("끝났습니다: {summary}.").format(summary=summary) + why)
            clean = all(r.outcome in ("cancelled", "already_cancelled") for r in self.results)
            messages.show(self, "info" if clean else "warning", self.tr("일괄 취소 결과"), summary)
        else:
            # The run broke outside a row's own handling: the first valid row after the reported ones may have
            # been under way, so it is "unknown" (never offered again); the rest were not reached.
            in_flight = next((row for row in range(done, len(self.items)) if self.items[row].ok), None)
            for row in range(done, len(self.items)):
                self._on_row(row, BulkRowResult(self.items[row], "unknown" if row == in_flight else "stopped"))
            self._set_state("finished")
            error = outcome.error if isinstance(outcome, Failed) else RuntimeError(self.tr("중지되었습니다"))
            cause = failure_text(error, self.lang)
            self.status_label.setText(self.tr("실행이 {n}행에서 멈췄습니다: {cause}").format(n=done, cause=cause))
            messages.error(self, self.tr("일괄 취소가 멈췄습니다"), cause + "\n" + self.tr(
                "{n}행까지의 결과는 표에 있습니다. 나머지 행은 보내지 않았습니다.").format(n=done))
        self.run_finished.emit(self.results)

    def recheck(self) -> None:
        """Before a run: validate again. After one: only the rows that were not sent."""
        if self._state == "finished":
            self.retry_unsent()
        else:
            self.load_rows()

    def retry_unsent(self) -> None:
        """Check again only the rows that were not sent (stopped or invalid)."""
        rows = [r.item.row for r in self.results if r.status in bulk.UNSENT]
        if rows:
            self._retry = rows
            self._set_state("idle")
            self.load_rows()

    # -- export and closing ------------------------------------------------------------

    def choose_export(self) -> None:
        if not self.results:
            return
        name = self.tr("일괄취소_결과_{stamp}.xlsx").format(stamp=f"{datetime.now():%Y%m%d_%H%M}")
        path = messages.choose_save_file(self, self.tr("일괄 취소 결과 저장"), name,
                                         self.tr("Excel 통합 문서 (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_to(path if Path(path).suffix else path + ".xlsx")

    def export_to(self, path: str | Path) -> None:
        results, lang = list(self.results), self.lang

        def work(_ctx: TaskContext) -> ExportResult:
            from smartro_desk.export.reports import export_bulk_results  # loaded when first needed

            return export_bulk_results(path, results, lang=lang)

        self.export_button.setEnabled(False)
        self.runner.run_task(work, self._on_exported)

    def _on_exported(self, outcome: Outcome) -> None:
        self._update_buttons()
        if isinstance(outcome, Done):
            written: ExportResult = outcome.value
            saved = self.tr("{path} ({n}행)").format(path=written.path, n=written.rows)
            messages.inform(self, self.tr("저장했습니다"), saved)
            self.exported.emit(written)
        else:
            error = outcome.error if isinstance(outcome, Failed) else RuntimeError(self.tr("중지되었습니다"))
            messages.error(self, self.tr("저장하지 못했습니다"), failure_text(error, self.lang))
            self.exported.emit(error)

    def _set_state(self, state: str) -> None:
        self._state = state
        self._show_totals()
        self._update_buttons()

    def _update_buttons(self) -> None:
        state = self._state
        self.run_button.setEnabled(self.can_run())
        self.stop_button.setEnabled(state == "running" and self._token is not None and not self._token.cancelled)
        self.export_button.setEnabled(state == "finished" and bool(self.results))
        idle = state in ("idle", "ready", "finished")
        for widget in (self.load_button, self.reason_edit, self.close_button):
            widget.setEnabled(idle)
        unsent = state == "finished" and any(r.status in bulk.UNSENT for r in self.results)
        finished = state == "finished"
        self.recheck_button.setText(self.tr("보내지 않은 행만 다시 검증") if finished else self.tr("다시 검증"))
        self.recheck_button.setEnabled(unsent or state in ("idle", "ready"))
        self.retype_edit.setEnabled(state == "ready")

    def reject(self) -> None:
        if self._state in ("running", "previewing"):
            messages.warn(self, self.tr("실행 중입니다"),
                          self.tr("일괄 취소가 진행 중입니다. 중지를 누르고 끝날 때까지 기다린 뒤 닫으세요."))
            return
        super().reject()


def open_bulk_cancel_dialog(parent: QWidget | None, ledger: Ledger, secrets: Secrets, tids: Sequence[str],
                            endpoint: Endpoint, *, service: CancelService | None = None,
                            runner: Runner | None = None, lang: str = "ko") -> BulkCancelDialog:
    """Show the bulk cancel dialog in ``lang`` (not modal) for the selected ``tids``; a list file can be loaded in it."""
    dialog = BulkCancelDialog(service or CancelService(ledger, secrets), endpoint, tids=tids, runner=runner,
                              lang=lang, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
