"""Record what the gateway's admin site shows for a cancel whose answer was lost.

A transaction in "결과 확인 필요" cannot be cancelled again until this is
recorded (or the gateway's cancel notification arrives). The user picks what
they saw — cancelled (with the amount and, for a partial, the PTID) or not
cancelled — and leaves a note; ``CancelService.settle`` writes it and lifts the hold.
The recorded hold and errors (Korean in the ledger) are shown in the window's ``lang``.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
    QVBoxLayout, QWidget,
)

from smartro_desk.cancel.plan import kind_label
from smartro_desk.cancel.wording import error_text, hold_text
from smartro_desk.cancel.service import CancelService
from smartro_desk.ledger import cancels
from smartro_desk.ledger.backend import LedgerBusy
from smartro_desk.ledger.cancels import Attempt
from smartro_desk.ui import messages
from smartro_desk.ui.cancel_widgets import RED, failure_text, money_spin, won, words_of


class SettleDialog(QDialog):
    settled = Signal(object)  # the settled Attempt

    def __init__(self, service: CancelService, tid: str, parent: QWidget | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.service = service
        self.tid = tid
        self.lang = lang
        self.setWindowTitle(self.tr("관리자 사이트에서 확인한 결과 기록 — {tid}").format(tid=tid))
        target = cancels.read_target(service.ledger, tid)
        unknown = cancels.attempts(service.ledger, tid, statuses=cancels.HOLD_STATUSES)
        self.attempt: Attempt | None = unknown[-1] if unknown else None
        self.remaining = target.remaining if target is not None else None

        intro = QLabel(self.tr(
            "이 거래의 취소 요청을 보냈지만 결과를 받지 못했습니다. 게이트웨이에서는 취소되었을 수도, 아닐 수도 있습니다.\n"
            "스마트로 상점관리자 사이트에서 이 TID의 취소 내역을 확인하고 본 그대로 기록하세요. "
            "확실하지 않으면 기록하지 말고 취소 통보가 들어오기를 기다리세요 (통보가 오면 저절로 정리됩니다)."), self)
        intro.setWordWrap(True)
        held = target.cancel_hold if target is not None else None
        hold = QLabel(hold_text(held, lang) if held else self.tr("이 거래는 '결과 확인 필요' 상태가 아닙니다."), self)
        hold.setWordWrap(True)
        hold.setStyleSheet(f"color:{RED}; font-weight:600;")
        facts = QGroupBox(self.tr("결과를 모르는 요청"), self)
        form = QFormLayout(facts)
        a = self.attempt
        form.addRow("TID", QLabel(tid, facts))
        if a is not None:
            asked = f"#{a.id} · {won(a.amount)} {kind_label(a.partial, lang).lower()} · {a.requested_at}"
            form.addRow(self.tr("요청"), QLabel(asked, facts))
            form.addRow(self.tr("보낸 곳 / 보낸 사람"), QLabel(f"{a.endpoint} / {a.actor or a.owner}", facts))
            form.addRow(self.tr("사유"), QLabel(a.reason, facts))
            if a.error or a.http_status:
                status = f"HTTP {a.http_status} " if a.http_status else ""
                form.addRow(self.tr("연결 문제"), QLabel(status + error_text(a.error, lang), facts))
        form.addRow(self.tr("원장의 남은 금액"), QLabel(won(self.remaining), facts))

        seen = QGroupBox(self.tr("관리자 사이트에서 본 것"), self)
        self.cancelled_radio = QRadioButton(self.tr("취소되었음 — 관리자 사이트에 이 취소 내역이 있습니다"), seen)
        self.not_cancelled_radio = QRadioButton(self.tr("취소되지 않았음 — 관리자 사이트에 이 취소 내역이 없습니다"), seen)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.cancelled_radio)
        self.choice.addButton(self.not_cancelled_radio)
        self.amount_spin = money_spin(seen)
        self.amount_spin.setValue(a.amount if a is not None else 0)
        self.amount_words = QLabel(seen)
        self.ptid_edit = QLineEdit(seen)
        self.ptid_edit.setPlaceholderText(self.tr("부분취소면 관리자 사이트에 보이는 부분취소 TID (모르면 비워 두세요)"))
        self.note_edit = QLineEdit(seen)
        self.note_edit.setPlaceholderText(self.tr("예: 상점관리자 사이트 취소 내역에서 확인 (확인한 사람, 시각)"))
        seen_form = QFormLayout(seen)
        seen_form.addRow(self.cancelled_radio)
        seen_form.addRow(self.not_cancelled_radio)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_spin)
        amount_row.addWidget(self.amount_words, 1)
        seen_form.addRow(self.tr("확인한 취소 금액"), amount_row)
        seen_form.addRow(self.tr("부분취소 TID"), self.ptid_edit)
        seen_form.addRow(self.tr("메모 (필수)"), self.note_edit)

        self.record_button = QPushButton(self.tr("기록하고 막힘 풀기"), self)
        self.close_button = QPushButton(self.tr("닫기"), self)
        for button in (self.record_button, self.close_button):
            button.setAutoDefault(False)
        self.record_button.clicked.connect(self.record)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.record_button)

        layout = QVBoxLayout(self)
        for widget in (intro, hold, facts, seen):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        for signal in (self.cancelled_radio.toggled, self.not_cancelled_radio.toggled):
            signal.connect(self._update)
        self.amount_spin.valueChanged.connect(self._update)
        self.note_edit.textChanged.connect(self._update)
        self.resize(640, self.sizeHint().height())  # the wrapped texts' full height, not the minimum
        self._update()

    @property
    def outcome(self) -> Literal["cancelled", "not-cancelled"] | None:
        if self.cancelled_radio.isChecked():
            return "cancelled"
        return "not-cancelled" if self.not_cancelled_radio.isChecked() else None

    def _update(self) -> None:
        cancelled = self.outcome == "cancelled"
        self.amount_spin.setEnabled(cancelled)
        self.ptid_edit.setEnabled(cancelled and self.attempt is not None and self.attempt.partial)
        self.amount_words.setText(f"({words_of(self.amount_spin.value(), self.lang)})" if cancelled else "")
        ready = (self.attempt is not None and self.outcome is not None and bool(self.note_edit.text().strip())
                 and (not cancelled or self.amount_spin.value() > 0))
        self.record_button.setEnabled(ready)

    def record(self) -> None:
        outcome = self.outcome
        if outcome is None or self.attempt is None or not self.record_button.isEnabled():
            return
        amount = self.amount_spin.value() if outcome == "cancelled" else None
        if amount is not None:
            what = self.tr("{amount}({words}) 취소되었음").format(amount=won(amount), words=words_of(amount, self.lang))
        else:
            what = self.tr("취소되지 않았음")
        question = self.tr("TID {tid}: 관리자 사이트에서 '{what}'을 확인했다고 기록합니다. "
                           "기록하면 이 거래의 '결과 확인 필요'가 풀리고 원장 금액이 그에 맞게 바뀝니다. 기록할까요?"
                           ).format(tid=self.tid, what=what)
        if not messages.ask(self, self.tr("확인한 결과 기록"), question, yes=self.tr("기록"), no=self.tr("돌아가기")):
            return
        try:
            settled = self.service.settle(self.tid, outcome=outcome, note=self.note_edit.text(), amount=amount,
                                          ptid=self.ptid_edit.text() if self.ptid_edit.isEnabled() else "")
        except (ValueError, LedgerBusy) as exc:
            messages.error(self, self.tr("기록하지 못했습니다"), failure_text(exc, self.lang))
            return
        self.settled.emit(settled)
        self.accept()
