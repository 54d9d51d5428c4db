"""The cancel dialog: one transaction, one request, every check shown before it leaves.

Every edit re-plans (``CancelService.plan``: cheap, sends nothing) and the
dialog renders the plan: amounts and deadline, problems in Korean (errors
disable the send button), the request as it will be posted (secrets masked).
Sending re-plans once more from the ledger, asks for confirmation with the
TID and the amount in words (production: the amount typed again), then runs
``execute`` on a worker. Once a request has left, the dialog only shows its
result: another cancel of the same transaction needs a new dialog.
A lost answer leaves the transaction in "결과 확인 필요"; the settle dialog
records what the admin site shows. Texts are in the window's ``lang`` (set once:
the dialog is opened fresh).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.cancel.plan import CancelPlan
from smartro_desk.cancel.service import CancelResult, CancelService
from smartro_desk.ledger.model import Change
from smartro_desk.ledger.store import Ledger
from smartro_desk.protocol import codes
from smartro_desk.protocol.amounts import parse_amount
from smartro_desk.secrets import Secrets
from smartro_desk.ui import messages
from smartro_desk.ui.cancel_widgets import (
    GREEN, GREY, RED, AmountsBlock, ProblemsView, RequestPreview, ResultPanel, SplitEditor,
    endpoint_banner, failure_text, fit_to_screen, money_spin, result_text, won, words_of,
)
from smartro_desk.ui.settle_dialog import SettleDialog
from smartro_desk.ui.workers import Done, Failed, Outcome, Runner, TaskRunner

REASONS = (  # offered in the window's language: the one picked is the reason sent
    QT_TRANSLATE_NOOP("CancelDialog", "고객 변심"), QT_TRANSLATE_NOOP("CancelDialog", "주문 취소"),
    QT_TRANSLATE_NOOP("CancelDialog", "상품 품절"), QT_TRANSLATE_NOOP("CancelDialog", "반품"),
    QT_TRANSLATE_NOOP("CancelDialog", "중복 결제"), QT_TRANSLATE_NOOP("CancelDialog", "배송 지연"),
)
_MESSAGE_KIND: dict[str, messages.Kind] = {"cancelled": "info", "already_cancelled": "info", "unknown": "error"}
_RESULT_TITLES = {
    "cancelled": QT_TRANSLATE_NOOP("CancelDialog", "취소 완료"),
    "already_cancelled": QT_TRANSLATE_NOOP("CancelDialog", "이미 취소된 거래"),
    "unknown": QT_TRANSLATE_NOOP("CancelDialog", "결과 확인 필요"),
}
_NOT_CANCELLED = QT_TRANSLATE_NOOP("CancelDialog", "취소되지 않았습니다")


class CancelDialog(QDialog):
    planned = Signal(object)  # the CancelPlan now shown
    sent = Signal(object)  # what execute gave: a CancelResult, or the exception it raised
    _ledger_changed = Signal()

    def __init__(self, service: CancelService, tid: str, endpoint: Endpoint, *, runner: Runner | None = None,
                 lang: str = "ko", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.tid = tid.strip()
        self.endpoint = endpoint
        self.lang = lang
        self.runner: Runner = runner if runner is not None else TaskRunner(self)
        self.last_result: CancelResult | None = None
        self.settle_dialog: SettleDialog | None = None
        self._busy = False
        self._closed = False
        self._request_left = False  # a request went out from this dialog: it only shows the result now
        self.plan: CancelPlan = service.plan(self.tid, amount=None, reason="", partial=False, endpoint=endpoint)
        self.setWindowTitle(self.tr("거래 취소 — {tid}").format(tid=self.tid))
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_from_ledger)
        self._ledger_changed.connect(self._refresh_timer.start)
        self._unsubscribe = _subscribe(service.ledger, self.tid, self._ledger_changed.emit)
        self.destroyed.connect(self._unsubscribe)
        self.refresh()

    # -- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = endpoint_banner(self.endpoint, self)
        self.header = QLabel(self)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setWordWrap(True)
        self.amounts = AmountsBlock(self, lang=self.lang)

        form_box = QGroupBox(self.tr("취소 내용"), self)
        self.full_radio = QRadioButton(self.tr("전체취소 (남은 금액 모두)"), form_box)
        self.partial_radio = QRadioButton(self.tr("부분취소 (금액 지정)"), form_box)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.full_radio)
        self.kind_group.addButton(self.partial_radio)
        self.full_radio.setChecked(True)
        self.amount_spin = money_spin(form_box, special=self.tr("금액을 입력하세요"))
        self.amount_words = QLabel(form_box)
        self.amount_words.setStyleSheet(f"color:{GREY};")
        self.reason_edit = QComboBox(form_box)
        self.reason_edit.setEditable(True)
        self.reason_edit.addItems([self.tr(reason) for reason in REASONS])
        self.reason_edit.setCurrentIndex(-1)
        line = self.reason_edit.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("취소 사유 (게이트웨이와 감사 기록에 남습니다)"))
        kinds = QHBoxLayout()
        kinds.addWidget(self.full_radio)
        kinds.addWidget(self.partial_radio)
        kinds.addStretch(1)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_spin, 1)
        amount_row.addWidget(self.amount_words, 1)
        form = QFormLayout(form_box)
        form.addRow(self.tr("구분"), kinds)
        form.addRow(self.tr("취소 금액"), amount_row)
        form.addRow(self.tr("사유"), self.reason_edit)

        self.split = SplitEditor(self)
        self.split.set_choices(self.plan.sub_malls)
        self.split.setVisible(bool(self.plan.sub_malls))

        self.retype_box = QGroupBox(self.tr("운영 서버 확인: 취소 금액을 다시 입력하세요"), self)
        self.retype_box.setStyleSheet(f"QGroupBox {{ color:{RED}; font-weight:700; }}")
        self.retype_edit = QLineEdit(self.retype_box)
        self.retype_edit.setPlaceholderText(self.tr("예: 12,000"))
        self.retype_state = QLabel(self.retype_box)
        retype_row = QHBoxLayout(self.retype_box)
        retype_row.addWidget(self.retype_edit, 1)
        retype_row.addWidget(self.retype_state, 1)
        self.retype_box.setVisible(self.plan.needs_retyped_amount)

        left = QVBoxLayout()
        left.addWidget(self.amounts)
        left.addWidget(form_box)
        left.addWidget(self.split)
        left.addWidget(self.retype_box)
        left.addStretch(1)

        self.problems_box = QGroupBox(self.tr("보내기 전 확인"), self)
        self.problems = ProblemsView(self.problems_box, lang=self.lang)
        QVBoxLayout(self.problems_box).addWidget(self.problems)
        self.preview_box = QGroupBox(self.tr("보낼 요청 (비밀번호·해시는 가림)"), self)
        self.preview = RequestPreview(self.preview_box)
        QVBoxLayout(self.preview_box).addWidget(self.preview)
        self.result_panel = ResultPanel(self, lang=self.lang)
        right = QVBoxLayout()
        right.addWidget(self.result_panel)
        right.addWidget(self.problems_box)
        right.addWidget(self.preview_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)

        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_label = QLabel(self.tr("게이트웨이에 보내는 중입니다… 창을 닫지 마세요."), self)
        self.settle_button = QPushButton(self.tr("관리자 사이트에서 확인한 결과 기록…"), self)
        self.settle_button.clicked.connect(self.open_settle)
        self.close_button = QPushButton(self.tr("닫기"), self)
        self.close_button.clicked.connect(self.reject)
        self.send_button = QPushButton(self.tr("취소 요청 보내기"), self)
        self.send_button.setStyleSheet(f"QPushButton:enabled {{ color:{RED}; font-weight:700; }}")
        self.send_button.clicked.connect(self.send)
        for button in (self.settle_button, self.close_button, self.send_button):
            button.setAutoDefault(False)  # Enter in a field never sends
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy_bar)
        bottom.addWidget(self.busy_label)
        bottom.addStretch(1)
        bottom.addWidget(self.settle_button)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.send_button)
        self._show_busy(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 1040, 660 if self.plan.sub_malls or self.plan.needs_retyped_amount else 600)

        # no maximum at the remaining: a spin box drops keystrokes past it, so 12000 typed would
        # silently become 1,200; an amount over the remaining is shown as a problem instead
        self.full_radio.toggled.connect(self._kind_changed)
        self.amount_spin.valueChanged.connect(self.refresh)
        self.reason_edit.currentTextChanged.connect(self.refresh)
        self.split.changed.connect(self.refresh)
        self.retype_edit.textChanged.connect(self._update_buttons)

    def _header_html(self) -> str:
        t = self.plan.target
        if t is None:
            return f'<span style="font-size:14pt; font-weight:700">{html.escape(self.tid)}</span>'
        method = codes.lookup("pay_method", t.pay_method).label(self.lang) if t.pay_method else self.tr("결제수단 모름")
        state = ""
        if t.cancel_hold is not None:
            state = self.tr("결과 확인 필요")
        elif t.lock is not None:
            state = self.tr("다른 곳에서 취소 보내는 중")
        if state:
            state = f' &nbsp;<span style="color:{RED}; font-weight:700">{html.escape(state)}</span>'
        facts = [f"MID {t.mid}", method, self.tr("승인 {at}").format(at=t.approved_at or self.tr("모름"))]
        order = self.tr("주문 {order}").format(order=t.order_id) if t.order_id else ""
        facts += [v for v in (order, t.goods, t.buyer) if v]
        return (f'<span style="font-size:14pt; font-weight:700">TID {html.escape(t.tid)}</span>{state}<br>'
                f'{html.escape(" · ".join(facts))}')

    # -- planning ----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A request is on its way: the dialog cannot be closed."""
        return self._busy

    def _kind_changed(self) -> None:
        if self.partial_radio.isChecked():
            self.amount_spin.blockSignals(True)
            self.amount_spin.setValue(0)  # partial: the amount is typed, never assumed
            self.amount_spin.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Plan again from the inputs and the ledger, and show it."""
        if self._busy:
            return
        partial = self.partial_radio.isChecked()
        self.plan = self.service.plan(
            self.tid, amount=self.amount_spin.value() if partial else None, reason=self.reason_edit.currentText(),
            partial=partial, endpoint=self.endpoint, shares=self.split.shares(),
        )
        self._show_plan()
        self.planned.emit(self.plan)

    def _refresh_from_ledger(self) -> None:
        if not self._busy and not self._closed:
            self.refresh()

    def _show_plan(self) -> None:
        plan, target = self.plan, self.plan.target
        self.header.setText(self._header_html())
        self.amounts.show_plan(plan)
        partial = plan.ask.partial
        if not partial:
            self.amount_spin.blockSignals(True)
            self.amount_spin.setValue(plan.amount or 0)
            self.amount_spin.blockSignals(False)
        self.amount_words.setText(f"({words_of(plan.amount, self.lang)})" if plan.amount else "")
        self.split.show_sum(plan.amount, partial)
        if not self._request_left:  # after sending, the box shows the request that left
            self.problems.show_problems(plan.problems)
            self.preview.show_preview(plan.preview(self.lang))
        self.problems_box.setVisible(not self._request_left)
        editable = target is not None and not self._request_left and not self._busy
        for widget in (self.full_radio, self.partial_radio, self.reason_edit, self.retype_edit):
            widget.setEnabled(editable)
        self.amount_spin.setEnabled(editable and partial)
        self.split.set_editable(editable, partial=partial)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        if plan.needs_retyped_amount:
            typed = self.retype_edit.text().strip()
            if not typed:
                self.retype_state.setText(self.tr("{amount}을 그대로 입력").format(amount=won(plan.amount)))
                self.retype_state.setStyleSheet(f"color:{GREY};")
            elif plan.confirms(typed):
                self.retype_state.setText(self.tr("✔ 금액이 맞습니다"))
                self.retype_state.setStyleSheet(f"color:{GREEN}; font-weight:600;")
            else:
                self.retype_state.setText(self.tr("✖ 취소 금액과 다릅니다"))
                self.retype_state.setStyleSheet(f"color:{RED}; font-weight:600;")
        self.send_button.setEnabled(self.can_send())
        hold = plan.target is not None and plan.target.cancel_hold is not None
        self.settle_button.setVisible(hold and not self._busy)
        self.close_button.setEnabled(not self._busy)

    def can_send(self) -> bool:
        if self._busy or self._request_left or not self.plan.sendable:
            return False
        return not self.plan.needs_retyped_amount or self.plan.confirms(self.retype_edit.text())

    # -- sending -----------------------------------------------------------------------

    def send(self) -> None:
        """Plan once more from the ledger, confirm with the user, then execute on a worker."""
        if not self.can_send():
            return
        self.refresh()
        plan = self.plan
        if not self.can_send():
            reasons = "\n".join(p.text(self.lang) for p in plan.errors) or self.tr(
                "보내기 조건이 바뀌었습니다. 다시 확인하세요.")
            messages.warn(self, self.tr("보내지 않았습니다"), reasons)
            return
        confirmed = parse_amount(self.retype_edit.text()) if plan.needs_retyped_amount else None
        text = plan.confirmation(self.lang)
        if plan.ask.shares:
            shares = ", ".join(f"{s.mid} {won(s.amt)}" for s in plan.ask.shares)
            text += self.tr(" 서브몰별: {shares}.").format(shares=shares)
        answer = messages.show(
            self, "warning" if plan.endpoint.is_production else "question", self.tr("취소 요청 확인"), text,
            details="\n".join(f"{k}: {v}" for k, v in plan.preview(self.lang)),
            buttons=(("send", self.tr("취소 요청 보내기")), ("cancel", self.tr("돌아가기"))), default="cancel",
        )
        if answer != "send":
            return
        self._show_busy(True)
        service = self.service
        self.runner.run_task(lambda _ctx: service.execute(plan, confirmed_amount=confirmed), self._on_sent)

    def _show_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        if busy:
            for widget in (self.full_radio, self.partial_radio, self.amount_spin, self.reason_edit, self.retype_edit):
                widget.setEnabled(False)
            self.split.set_editable(False, partial=self.partial_radio.isChecked())
        self._update_buttons()

    def _on_sent(self, outcome: Outcome) -> None:
        self._show_busy(False)
        if isinstance(outcome, Done):
            result: CancelResult = outcome.value
            self.last_result = result
            if result.attempt_id is not None:
                self._request_left = True
                self.preview_box.setTitle(self.tr("보낸 요청 (비밀번호·해시는 가림)"))
            self.result_panel.show_result(result)
            self.refresh()
            kind = _MESSAGE_KIND.get(result.outcome, "warning")
            title = self.tr(_RESULT_TITLES.get(result.outcome, _NOT_CANCELLED))
            messages.show(self, kind, title, result_text(result, self.lang))
            self.sent.emit(result)
            return
        error = outcome.error if isinstance(outcome, Failed) else RuntimeError(self.tr("중지되었습니다"))
        self.refresh()  # the ledger says whether it left (a hold) or not
        messages.error(self, self.tr("취소 요청 중 문제가 생겼습니다"), failure_text(error, self.lang),
                       details=outcome.trace if isinstance(outcome, Failed) else "")
        self.sent.emit(error)

    # -- settling and closing ------------------------------------------------------------

    def open_settle(self) -> SettleDialog:
        """The sub-dialog that records what the admin site shows (window-modal, not blocking).

        It stays a hidden child until this dialog closes; the refresh after it is queued,
        so nothing of this dialog changes while the sub-dialog is still on its way out.
        """
        dialog = SettleDialog(self.service, self.tid, self, lang=self.lang)
        dialog.settled.connect(self._refresh_timer.start)
        self.settle_dialog = dialog
        dialog.open()
        return dialog

    def reject(self) -> None:
        if self._busy:
            messages.warn(self, self.tr("보내는 중입니다"),
                          self.tr("게이트웨이의 답을 기다리고 있습니다. 결과가 나온 뒤에 닫으세요."))
            return
        super().reject()

    def done(self, result: int) -> None:
        self._unsubscribe()
        self._refresh_timer.stop()
        self._closed = True
        super().done(result)


def _subscribe(ledger: Ledger, tid: str, notify: Callable[[], None]) -> Callable[[], None]:
    """Hear ledger changes of ``tid`` (from any thread); returns an idempotent unsubscribe."""

    def listener(change: Change) -> None:
        if change.what in ("transactions", "cancels") and (not change.tids or tid in change.tids):
            try:
                notify()  # a queued signal: the refresh runs on the UI thread
            except RuntimeError:  # the dialog's C++ side is already gone
                pass

    return ledger.subscribe(listener)


def open_cancel_dialog(parent: QWidget | None, ledger: Ledger, secrets: Secrets, tid: str, endpoint: Endpoint, *,
                       service: CancelService | None = None, runner: Runner | None = None,
                       lang: str = "ko") -> CancelDialog:
    """Show the cancel dialog of ``tid`` in ``lang`` (not modal); an open one for the same TID is raised instead."""
    if parent is not None:
        for existing in parent.findChildren(CancelDialog):
            if existing.tid == tid.strip() and existing.isVisible():
                existing.raise_()
                existing.activateWindow()
                return existing
    dialog = CancelDialog(service or CancelService(ledger, secrets), tid, endpoint, runner=runner, lang=lang,
                          parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
