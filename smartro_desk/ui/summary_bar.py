"""The totals of the current filter: 건수, 승인합계, 취소합계, 순매출, 위변조 의심."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from smartro_desk.ledger.queries import Summary
from smartro_desk.protocol.amounts import format_amount


class SummaryBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: Summary | None = None
        self.busy = False
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.text)
        self._render()

    def set_summary(self, summary: Summary) -> None:
        self.summary = summary
        self._render()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        s = self.summary
        if s is None:
            self.text.setText(self.tr("집계 중…"))
            return
        parts = [
            self.tr("건수 <b>{n}</b>").format(n=format_amount(s.count)),
            self.tr("승인합계 <b>{won}</b>원").format(won=format_amount(s.approved)),
            self.tr("취소합계 <b>{won}</b>원").format(won=format_amount(s.cancelled)),
            self.tr("순매출 <b>{won}</b>원").format(won=format_amount(s.net)),
        ]
        flagged = self.tr("위변조 의심 <b>{n}</b>건").format(n=format_amount(s.flagged))
        parts.append(f'<span style="color:#b00000">{flagged}</span>' if s.flagged else flagged)
        if self.busy:
            parts.append(self.tr("<i>조회 중…</i>"))
        self.text.setText(" &nbsp;│&nbsp; ".join(parts))
