"""The "거래 원장" tab: filter bar, the transaction table and a preview of the current row."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QMenu, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from smartro_desk import labels
from smartro_desk.ledger.queries import TransactionFilter
from smartro_desk.ui.filter_bar import FilterBar
from smartro_desk.ui.presets import FilterState
from smartro_desk.ui.record_model import money
from smartro_desk.ui.transactions_model import Query, TransactionsModel


FIT_ROWS = 200  # rows looked at when widening columns to their text
MAX_FIT_WIDTH = 420


class LedgerTable(QTableView):
    """The table; Enter opens the detail of the current row."""

    activatedRow = Signal(int)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activatedRow.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class LedgerView(QWidget):
    detailRequested = Signal(str)  # TID
    filterChanged = Signal(object)  # FilterState

    def __init__(self, model: TransactionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_state = FilterState()
        self.filter_bar = FilterBar(self, lang=model.lang)
        self.table = LedgerTable(self)
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(lambda _url: self.open_current())
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([600, 130])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        self._place: tuple[str, int, int] | None = None
        self._fit_pending = False
        self._setup_table()
        self.filter_bar.changed.connect(self._filter_changed)
        self.model.modelAboutToBeReset.connect(self._remember_place)
        self.model.modelReset.connect(self._restore_place)
        self.model.refreshed.connect(self._fit_columns)
        self._show_preview(None)

    def _setup_table(self) -> None:
        t = self.table
        t.setModel(self.model)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setWordWrap(False)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
        t.setAlternatingRowColors(True)
        t.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = t.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # a million rows: never measure them
        vh.setDefaultSectionSize(t.fontMetrics().height() + 8)
        hh = t.horizontalHeader()
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setSortIndicatorShown(True)
        hh.setStretchLastSection(False)
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)
        self.default_layout()
        t.doubleClicked.connect(lambda index: self.open_row(index.row()))
        t.activatedRow.connect(self.open_row)
        t.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_preview(cur))

    # -- columns --------------------------------------------------------------------

    def default_layout(self) -> None:
        """Declared order and widths; widened to the first rows' text once they arrive."""
        hh = self.table.horizontalHeader()
        digit = self.table.fontMetrics().horizontalAdvance("0")
        for logical, column in enumerate(self.model.columns):
            hh.moveSection(hh.visualIndex(logical), logical)
            hh.setSectionHidden(logical, column.key == "mid")  # the TID begins with it; a filter picks it
            header = self.table.fontMetrics().horizontalAdvance(column.header(self.model.lang)) + 28
            # Decoded codes are mostly Hangul, about 1.3 digits wide a letter on average.
            unit = digit * 1.3 if column.kind == "code" else digit
            hh.resizeSection(logical, max(header, int(column.width * unit) + 12))
        self._fit_pending = True
        self._fit_columns()

    def _fit_columns(self) -> None:
        # Only once shown: an invisible table would measure every row (a million of them).
        if not self._fit_pending or self.model.rowCount() == 0 or not self.table.isVisible():
            return
        self._fit_pending = False
        hh = self.table.horizontalHeader()
        hh.setResizeContentsPrecision(FIT_ROWS)
        for logical in range(hh.count()):
            hint = min(self.table.sizeHintForColumn(logical), MAX_FIT_WIDTH)
            if hint > hh.sectionSize(logical):
                hh.resizeSection(logical, hint)

    def column_layout(self) -> list[dict[str, Any]]:
        """[{key, width, hidden}] in visual order (saved in the settings)."""
        hh = self.table.horizontalHeader()
        out = []
        for visual in range(hh.count()):
            logical = hh.logicalIndex(visual)
            out.append({"key": self.model.columns[logical].key, "width": hh.sectionSize(logical),
                        "hidden": hh.isSectionHidden(logical)})
        return out

    def restore_columns(self, layout: Sequence[Any]) -> None:
        self._fit_pending = False
        hh = self.table.horizontalHeader()
        position = 0
        for entry in layout:
            if not isinstance(entry, dict):
                continue
            logical = self.model.column_index(str(entry.get("key")))
            if logical < 0:
                continue  # a column that no longer exists
            hh.moveSection(hh.visualIndex(logical), position)
            position += 1
            width = entry.get("width")
            if isinstance(width, int) and 20 <= width <= 2000:
                hh.resizeSection(logical, width)
            hh.setSectionHidden(logical, bool(entry.get("hidden")))

    def visible_column_keys(self) -> list[str]:
        return [c["key"] for c in self.column_layout() if not c["hidden"]]

    def _header_menu(self, pos: QPoint) -> None:
        self.columns_menu(self).exec(self.table.horizontalHeader().mapToGlobal(pos))

    def columns_menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(self.tr("열 표시"), parent)
        hh = self.table.horizontalHeader()
        for logical, column in enumerate(self.model.columns):
            action = menu.addAction(column.header(self.model.lang))
            action.setCheckable(True)
            action.setChecked(not hh.isSectionHidden(logical))
            action.toggled.connect(lambda on, i=logical: self._set_column_shown(i, on))
        menu.addSeparator()
        menu.addAction(self.tr("기본 열 배치로 되돌리기"), self.default_layout)
        return menu

    def _set_column_shown(self, logical: int, shown: bool) -> None:
        hh = self.table.horizontalHeader()
        if not shown and hh.count() - hh.hiddenSectionCount() <= 1:
            return  # keep at least one column
        hh.setSectionHidden(logical, not shown)

    # -- query ------------------------------------------------------------------------

    def start(self, state: FilterState, sort_key: str, descending: bool) -> None:
        """Show ``state`` sorted by ``sort_key`` (called once the window is built)."""
        self.filter_state = state
        self.filter_bar.set_state(state)
        column = max(0, self.model.column_index(sort_key))
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.model.set_query(Query(state.resolve(), self.model.columns[column].key, descending))
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.setSortingEnabled(True)  # asks the model to sort by the indicator: same query, no work

    def apply_filter(self, state: FilterState) -> None:
        self.filter_bar.set_state(state)
        self._filter_changed(state)

    def _filter_changed(self, state: FilterState) -> None:
        self.filter_state = state
        self.model.set_filter(state.resolve())
        self.filterChanged.emit(state)

    def current_filter(self) -> TransactionFilter:
        return self.model.query.flt

    # -- rows -------------------------------------------------------------------------

    def _remember_place(self) -> None:
        current = self.table.currentIndex()
        tid = self.model.tid_at(current.row()) if current.isValid() else ""
        self._place = (tid, current.row(), self.table.verticalScrollBar().value())

    def _restore_place(self) -> None:
        place, self._place = self._place, None
        if place is None or not self.model.reloading:
            self.table.scrollToTop()
            self._show_preview(None)
            return
        tid, row, scroll = place
        self.table.verticalScrollBar().setValue(scroll)
        found = self.model.find_tid(tid, row) if tid else -1
        if found >= 0:
            index = self.model.index(found, max(0, self.table.horizontalHeader().logicalIndex(0)))
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self._show_preview(None)

    def current_tid(self) -> str:
        index = self.table.currentIndex()
        return self.model.tid_at(index.row()) if index.isValid() else ""

    def selected_tids(self) -> list[str]:
        """TIDs of the selected rows, in table order (for actions on a selection)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [tid for tid in (self.model.tid_at(r) for r in rows) if tid]

    def open_row(self, row: int) -> None:
        tid = self.model.tid_at(row)
        if tid:
            self.detailRequested.emit(tid)

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def _show_preview(self, index: QModelIndex | None) -> None:
        values = self.model.row_values(index.row()) if index is not None and index.isValid() else None
        if values is None:
            hint = self.tr("거래를 고르면 여기에 요약이 보입니다. Enter 또는 두 번 클릭하면 상세를 엽니다.")
            self.preview.setHtml(f'<p style="color:#777">{html.escape(hint)}</p>')
            return
        lang = self.model.lang
        texts = {c.key: c.display(values, lang) for c in self.model.columns}
        state = labels.state_label(values.get("state", ""), flagged=bool(values.get("flagged")),
                                   hold=bool(values.get("cancel_hold")), lang=lang)
        warn = ' style="color:#b00000"' if values.get("flagged") or values.get("cancel_hold") else ""
        link = self.tr("상세 보기 (Enter)")
        lines = [
            f"<b>{html.escape(str(values.get('tid')))}</b> &nbsp; <b{warn}>{html.escape(state)}</b> &nbsp; "
            f"{html.escape(texts['pay_method'])} {html.escape(texts['issuer'])} {html.escape(texts['card_quota'])}",
            html.escape(self.tr("승인 {amount}원 · 취소 {cancelled}원 · 잔액 {remaining}원").format(
                amount=money(values.get("amount")), cancelled=money(values.get("cancelled")),
                remaining=money(values.get("remaining")))),
            html.escape(f"{texts['approved_at']} · {texts['order_id']} · {texts['buyer']} · {texts['goods']}"),
            html.escape(f"{texts['result']} · {texts['sign_status']} · {texts['sources']}"),
            f'<a href="detail">{html.escape(link)}</a>',
        ]
        self.preview.setHtml("<br>".join(lines))

    def set_language(self, lang: str) -> None:
        self.model.set_language(lang)
        self.filter_bar.set_language(lang)
        self._show_preview(self.table.currentIndex())
        self._fit_pending = True  # words differ in length: widen the columns the new words do not fit
        self._fit_columns()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_columns)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show_preview(self.table.currentIndex())
        super().changeEvent(event)
