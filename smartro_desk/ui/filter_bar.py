"""The filter bar above the ledger table: period, codes, merchant, amount, free text, presets.

Emits ``changed(FilterState)`` whenever the user changes something (typing is
debounced). Pick-lists are filled by ``set_choices`` from what the ledger holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget,
)

from smartro_desk import labels
from smartro_desk.ledger.queries import TransactionFilter
from smartro_desk.protocol import codes
from smartro_desk.ui.presets import FilterState, period_dates

TEXT_DELAY_MS = 300
STATE_CHOICES = (
    "approved", "partially_cancelled", "cancelled", "vbank_issued", "failed", "cancel_only", "flagged", "cancel_hold",
)


def state_choice_label(state: str, lang: str) -> str:
    if state == "flagged":
        return labels.pick(labels.FLAGGED, lang)
    if state == "cancel_hold":
        return labels.pick(labels.CANCEL_HOLD, lang)
    return labels.pick(labels.TX_STATE[state], lang)


def _combo_data(combo: QComboBox) -> tuple[str, ...]:
    data = combo.currentData()
    return tuple(data) if isinstance(data, (tuple, list)) else ()


def _select_data(combo: QComboBox, value: tuple[str, ...], label: Callable[[str], str]) -> None:
    """Select ``value``; one the list does not hold (yet: the pick-lists load after a restored filter, or
    no longer) is added, labelled, so the bar always shows the filter the table applies."""
    for i in range(combo.count()):
        data = combo.itemData(i)
        if (tuple(data) if isinstance(data, (tuple, list)) else ()) == value:
            combo.setCurrentIndex(i)
            return
    if value:
        combo.addItem(", ".join(label(v) for v in value), value)
        combo.setCurrentIndex(combo.count() - 1)
    else:
        combo.setCurrentIndex(0)


class FilterBar(QWidget):
    changed = Signal(object)  # FilterState
    choicesChanged = Signal()  # the pick-lists were filled from the ledger
    savePresetRequested = Signal()
    deletePresetRequested = Signal(str)
    presetChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.lang = lang
        self._pay_methods: list[str] = []
        self._issuers: list[str] = []
        self._merchants: list[tuple[str, tuple[str, ...]]] = []  # (mid, sub-mall mids)
        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._emit)

        self.period = QComboBox(self)
        self.date_from = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.pay_method = QComboBox(self)
        self.state = QComboBox(self)
        self.issuer = QComboBox(self)
        self.merchant = QComboBox(self)
        for combo in (self.pay_method, self.state, self.issuer, self.merchant):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.amount_min = QLineEdit(self)
        self.amount_max = QLineEdit(self)
        for edit in (self.amount_min, self.amount_max):
            edit.setValidator(QIntValidator(0, 2_000_000_000, edit))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(110)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.presets = QComboBox(self)
        self.presets.setMinimumWidth(140)
        self.save_preset = QPushButton(self)
        self.delete_preset = QPushButton(self)
        self.reset = QPushButton(self)
        self._labels = {name: QLabel(self) for name in ("period", "method", "state", "issuer", "merchant", "amount",
                                                         "won", "search", "preset", "tilde", "tilde2")}
        self._layout()
        self._fill_fixed()
        self.retranslate()
        self._connect()
        self.set_state(FilterState())

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(6)
        L = self._labels
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        groups1 = ((L["period"], self.period, self.date_from, L["tilde"], self.date_to), (L["method"], self.pay_method),
                   (L["state"], self.state), (L["issuer"], self.issuer), (L["merchant"], self.merchant))
        groups2 = ((L["search"], self.search), (L["amount"], self.amount_min, L["tilde2"], self.amount_max, L["won"]),
                   (L["preset"], self.presets, self.save_preset, self.delete_preset), (self.reset,))
        for row, groups in ((row1, groups1), (row2, groups2)):
            for n, group in enumerate(groups):
                if n:
                    row.addSpacing(14)
                for w in group:
                    row.addWidget(w)
            row.addStretch(1)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)

    def _fill_fixed(self) -> None:
        self.period.clear()
        for key in ("this_month", "last_month", "today", "last_7_days", "last_30_days", "all", "custom"):
            self.period.addItem("", key)

    def retranslate(self) -> None:
        L = self._labels
        L["period"].setText(self.tr("기간"))
        L["method"].setText(self.tr("결제수단"))
        L["state"].setText(self.tr("상태"))
        L["issuer"].setText(self.tr("카드사/은행"))
        L["merchant"].setText(self.tr("가맹점"))
        L["amount"].setText(self.tr("금액"))
        L["won"].setText(self.tr("원"))
        L["search"].setText(self.tr("검색"))
        L["preset"].setText(self.tr("저장한 조건"))
        L["tilde"].setText("~")
        L["tilde2"].setText("~")
        names = [self.tr("이번 달"), self.tr("지난 달"), self.tr("오늘"), self.tr("최근 7일"), self.tr("최근 30일"),
                 self.tr("전체 기간"), self.tr("직접 지정")]
        for i, name in enumerate(names):
            self.period.setItemText(i, name)
        self.search.setPlaceholderText(self.tr("TID, 주문번호, 구매자, 상품명 (Ctrl+F)"))
        self.amount_min.setPlaceholderText(self.tr("최소"))
        self.amount_max.setPlaceholderText(self.tr("최대"))
        self.save_preset.setText(self.tr("조건 저장…"))
        self.delete_preset.setText(self.tr("삭제"))
        self.reset.setText(self.tr("초기화"))
        self.reset.setToolTip(self.tr("이번 달, 모든 조건 해제"))
        if self.presets.count():
            self.presets.setItemText(0, self.tr("(선택)"))
        self._fill_choices()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _connect(self) -> None:
        self.period.currentIndexChanged.connect(self._period_changed)
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)
        for combo in (self.pay_method, self.state, self.issuer, self.merchant):
            combo.currentIndexChanged.connect(self._emit)
        self.amount_min.editingFinished.connect(self._emit)
        self.amount_max.editingFinished.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._text_timer.start())
        self.search.returnPressed.connect(self._emit)
        self.reset.clicked.connect(lambda: self.apply(FilterState()))
        self.save_preset.clicked.connect(self.savePresetRequested)
        self.delete_preset.clicked.connect(
            lambda: self.presets.currentIndex() > 0 and self.deletePresetRequested.emit(self.presets.currentText()))
        self.presets.activated.connect(
            lambda i: i > 0 and self.presetChosen.emit(self.presets.itemText(i)))

    # -- choices ------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._fill_choices()

    def set_choices(self, pay_methods: Sequence[str], issuers: Sequence[str],
                    merchants: Sequence[tuple[str, tuple[str, ...]]]) -> None:
        """What the ledger holds: pay methods, fn_cd codes, merchants with their sub-malls."""
        self._pay_methods, self._issuers, self._merchants = list(pay_methods), list(issuers), list(merchants)
        self._fill_choices()
        self.choicesChanged.emit()

    def _fill_choices(self) -> None:
        lang = self.lang
        state = self.state_now() if self.pay_method.count() else None
        with QSignalBlocker(self.pay_method), QSignalBlocker(self.state), QSignalBlocker(self.issuer), \
                QSignalBlocker(self.merchant):
            everything = self.tr("전체")
            for combo in (self.pay_method, self.state, self.issuer, self.merchant):
                combo.clear()
                combo.addItem(everything, ())
            for code in self._pay_methods:
                self.pay_method.addItem(codes.lookup("pay_method", code).label(lang), (code,))
            for key in STATE_CHOICES:
                self.state.addItem(state_choice_label(key, lang), (key,))
            cards = [c for c in self._issuers if len(c) <= 2]
            banks = [c for c in self._issuers if len(c) > 2]
            for code in sorted(cards, key=lambda c: labels.issuer_label(c, lang)) + sorted(banks, key=lambda c: labels.issuer_label(c, lang)):
                self.issuer.addItem(labels.issuer_label(code, lang), (code,))
            for mid, subs in self._merchants:
                if subs:
                    self.merchant.addItem(self.tr("{mid} 및 서브몰 {n}곳").format(mid=mid, n=len(subs)), (mid, *subs))
                self.merchant.addItem(mid, (mid,))
                for sub in subs:
                    self.merchant.addItem(f"  └ {sub}", (sub,))
            if state is not None:
                self._select(state)

    def set_presets(self, names: Sequence[str], current: str = "") -> None:
        with QSignalBlocker(self.presets):
            self.presets.clear()
            self.presets.addItem(self.tr("(선택)"))
            self.presets.addItems(list(names))
            index = self.presets.findText(current) if current else 0
            self.presets.setCurrentIndex(max(0, index))
        self.delete_preset.setEnabled(bool(names))

    # -- state --------------------------------------------------------------------

    def state_now(self) -> FilterState:
        period = str(self.period.currentData() or "this_month")
        amount_min = int(self.amount_min.text()) if self.amount_min.text().strip() else None
        amount_max = int(self.amount_max.text()) if self.amount_max.text().strip() else None
        return FilterState(
            period=period,
            date_from=self.date_from.date().toPython() if period == "custom" else None,
            date_to=self.date_to.date().toPython() if period == "custom" else None,
            flt=TransactionFilter(
                pay_methods=_combo_data(self.pay_method), states=_combo_data(self.state),
                issuers=_combo_data(self.issuer), mids=_combo_data(self.merchant),
                amount_min=amount_min, amount_max=amount_max, text=self.search.text().strip(),
            ),
        )

    def set_state(self, state: FilterState) -> None:
        """Show ``state`` without emitting ``changed``."""
        blockers = [QSignalBlocker(w) for w in (self.period, self.date_from, self.date_to, self.pay_method,
                                                 self.state, self.issuer, self.merchant, self.search)]
        try:
            self._select(state)
        finally:
            for blocker in blockers:
                blocker.unblock()

    def apply(self, state: FilterState) -> None:
        """Show ``state`` and announce it."""
        self.set_state(state)
        self._emit()

    def _select(self, state: FilterState) -> None:
        index = self.period.findData(state.period)
        self.period.setCurrentIndex(max(0, index))
        self._show_dates(state)
        f = state.flt
        lang = self.lang
        _select_data(self.pay_method, f.pay_methods, lambda code: codes.lookup("pay_method", code).label(lang))
        _select_data(self.state, f.states, lambda key: state_choice_label(key, lang))
        _select_data(self.issuer, f.issuers, lambda code: labels.issuer_label(code, lang))
        _select_data(self.merchant, f.mids, str)
        self.amount_min.setText("" if f.amount_min is None else str(f.amount_min))
        self.amount_max.setText("" if f.amount_max is None else str(f.amount_max))
        if self.search.text() != f.text:
            self.search.setText(f.text)

    def _show_dates(self, state: FilterState) -> None:
        first, last = period_dates(state.period, date.today(), (state.date_from, state.date_to))
        with QSignalBlocker(self.date_from), QSignalBlocker(self.date_to):
            self.date_from.setDate(QDate(first) if first else QDate(2000, 1, 1))
            self.date_to.setDate(QDate(last) if last else QDate.currentDate())

    def _period_changed(self) -> None:
        state = self.state_now()
        if state.period != "custom":
            self._show_dates(state)
        self._emit()

    def _dates_edited(self) -> None:
        with QSignalBlocker(self.period):
            self.period.setCurrentIndex(self.period.findData("custom"))
        self._emit()

    def _emit(self) -> None:
        self._text_timer.stop()
        state = self.state_now()
        if state.period == "custom" and state.date_from and state.date_to and state.date_from > state.date_to:
            state = replace(state, date_from=state.date_to, date_to=state.date_from)
        self.changed.emit(state)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
