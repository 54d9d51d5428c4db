"""The ledger table's model: SQL sorts and filters, the model keeps rowids and fetches pages in view.

``set_query`` asks a worker for the ordered rowids of a filter (8 bytes a row,
``TransactionQueries.ordered_ids``) and, when the filter changed, another for
its sums once the rows are in (a search scans the table for both: the rows,
which the user waits for, come first). Rows are fetched ``PAGE_SIZE`` at a
time as the view asks for them and kept in a small LRU cache of pages, so a
million transactions never sit in Python. Columns come from ``smartro_desk.columns``; display text is decoded,
sort keys stay raw.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from smartro_desk.columns import TRANSACTION_COLUMNS, Column
from smartro_desk.ledger.queries import Summary, TransactionFilter
from smartro_desk.ui.readers import Readers
from smartro_desk.ui.workers import Done, Failed, Outcome, Runner

PAGE_SIZE = 200
CACHE_PAGES = 40
TID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex

# Row marks, strongest first.
FLAGGED, HOLD, FAILED, CANCELLED = "flagged", "hold", "failed", "cancelled"
_BACKGROUND = {FLAGGED: QColor("#fbd5d5"), HOLD: QColor("#fde9c4")}
_FOREGROUND = {FLAGGED: QColor("#8a1111"), HOLD: QColor("#7a4a00"), FAILED: QColor("#8c8c8c"),
               CANCELLED: QColor("#8c8c8c")}
_BACKGROUND_BRUSH = {mark: QBrush(color) for mark, color in _BACKGROUND.items()}
_FOREGROUND_BRUSH = {mark: QBrush(color) for mark, color in _FOREGROUND.items()}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ROLES_ANSWERED = frozenset({_DISPLAY, _ALIGN, _BACKGROUND_ROLE, _FOREGROUND_ROLE, _DECORATION, _FONT, _TOOLTIP,
                             int(TID_ROLE), int(ROW_ROLE), int(SORT_ROLE)})
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


@dataclass(frozen=True, slots=True)
class Query:
    flt: TransactionFilter
    sort_key: str = "approved_at"
    descending: bool = True


def row_mark(row: dict[str, Any]) -> str:
    if row.get("flagged"):
        return FLAGGED
    if row.get("cancel_hold"):
        return HOLD
    if row.get("state") == "failed":
        return FAILED
    if row.get("state") == "cancelled":
        return CANCELLED
    return ""


class _Row:
    """One fetched row; its display texts are made the first time it is painted."""

    __slots__ = ("values", "mark", "_columns", "_lang", "_texts")

    def __init__(self, values: dict[str, Any], columns: Sequence[Column], lang: str) -> None:
        self.values = values
        self.mark = row_mark(values)
        self._columns = columns
        self._lang = lang
        self._texts: list[str] | None = None

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = [c.display(self.values, self._lang) for c in self._columns]
        return self._texts

    def set_language(self, lang: str) -> None:
        self._lang, self._texts = lang, None


class TransactionsModel(QAbstractTableModel):
    """Rows of ``transactions`` for the current filter and sort."""

    busyChanged = Signal(bool)
    refreshed = Signal()  # new row ids are in place
    summaryChanged = Signal(object)  # Summary
    failed = Signal(str)

    def __init__(self, readers: Readers, runner: Runner, *, lang: str = "ko", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.readers = readers
        self.runner = runner
        self.columns: tuple[Column, ...] = TRANSACTION_COLUMNS
        self.lang = lang
        self.query = Query(TransactionFilter())
        self.summary: Summary | None = None
        self._ids = array("q")
        self._pages: OrderedDict[int, list[_Row]] = OrderedDict()
        self._ids_running = self._ids_again = False
        self._sums_running = self._sums_again = self._sums_after_ids = False
        self._loaded_query: Query | None = None
        self.reloading = False
        self._closed = False
        self._summed_filter: TransactionFilter | None = None
        self._summing_filter: TransactionFilter | None = None
        self._warning_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._alignments = [_RIGHT if c.kind == "money" else _LEFT for c in self.columns]
        self._state_col = next(i for i, c in enumerate(self.columns) if c.key == "state")
        self._last_page: tuple[int, list[_Row]] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # -- queries ----------------------------------------------------------------

    def set_query(self, query: Query) -> None:
        """Show the rows of ``query`` (the current rows stay until the new ones arrive)."""
        self.query = query
        if query.flt not in (self._summed_filter, self._summing_filter):
            self._sums_after_ids = True
        self._start_ids()

    def set_filter(self, flt: TransactionFilter) -> None:
        self.set_query(Query(flt, self.query.sort_key, self.query.descending))

    def refresh(self) -> None:
        """Ask again for the same query (the ledger changed)."""
        self._start_ids()
        self._start_sums()

    @property
    def busy(self) -> bool:
        return self._ids_running

    def shutdown(self) -> None:
        """No more queries (the window is closing and its connections go away)."""
        self._closed = True

    def _start_ids(self) -> None:
        if self._closed:
            return
        if self._ids_running:
            self._ids_again = True
            self.readers.interrupt(self.readers.ordering)  # its answer is stale: stop it, start the newer one
            return
        self._ids_running, self._ids_again = True, False
        self.busyChanged.emit(True)
        query, queries = self.query, self.readers.ordering
        self.runner.run_task(
            lambda ctx: queries.ordered_ids(query.flt, query.sort_key, query.descending),
            lambda outcome: self._ids_done(query, outcome),
        )

    def _ids_done(self, query: Query, outcome: Outcome) -> None:
        self._ids_running = False
        if self._closed:
            return
        if self._ids_again or query != self.query:
            self._start_ids()  # a newer query is waiting: this answer is stale
            return
        if self._sums_after_ids:
            self._sums_after_ids = False
            self._start_sums()
        self.busyChanged.emit(False)
        if isinstance(outcome, Done):
            self.reloading = query == self._loaded_query  # same rows asked again: views keep their place
            self.beginResetModel()
            self._ids = outcome.value
            self.forget_rows()
            self._loaded_query = query
            self.endResetModel()
            self.refreshed.emit()
        elif isinstance(outcome, Failed):
            self.failed.emit(str(outcome.error) or type(outcome.error).__name__)

    def _start_sums(self) -> None:
        if self._closed:
            return
        if self._sums_running:
            self._sums_again = True
            self.readers.interrupt(self.readers.totals)
            return
        self._sums_running, self._sums_again = True, False
        flt, queries = self.query.flt, self.readers.totals
        self._summing_filter = flt
        self.runner.run_task(lambda ctx: queries.summary(flt), lambda outcome: self._sums_done(flt, outcome))

    def _sums_done(self, flt: TransactionFilter, outcome: Outcome) -> None:
        self._sums_running = False
        self._summing_filter = None
        if self._closed:
            return
        if self._sums_again or flt != self.query.flt:
            self._start_sums()
            return
        if isinstance(outcome, Done):
            self.summary = outcome.value
            self._summed_filter = flt
            self.summaryChanged.emit(outcome.value)
        elif isinstance(outcome, Failed):
            self.failed.emit(str(outcome.error) or type(outcome.error).__name__)

    @property
    def loaded_query(self) -> Query | None:
        """The query whose rows are shown (``query`` may be newer while a worker runs)."""
        return self._loaded_query

    # -- rows ---------------------------------------------------------------------

    def _row(self, row: int) -> _Row | None:
        if self._closed or not 0 <= row < len(self._ids):
            return None
        number, offset = divmod(row, PAGE_SIZE)
        last = self._last_page
        if last is not None and last[0] == number:
            return last[1][offset]
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE_SIZE
            ids = self._ids[start:start + PAGE_SIZE]
            page = [_Row(values, self.columns, self.lang) for values in self._fetch(ids)]
            self._pages[number] = page
            if len(self._pages) > CACHE_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        self._last_page = (number, page)
        return page[offset]

    def _fetch(self, ids: array) -> list[dict[str, Any]]:
        """Rows for ``ids``, aligned with them; a row deleted since the id query shows as gone."""
        queries = self.readers.display
        rows = queries.rows_by_ids(ids)
        if len(rows) != len(ids):  # rare: rows vanished meanwhile; match them one by one
            rows = [(queries.rows_by_ids([i]) or [_gone(i)])[0] for i in ids]
        return rows

    def forget_rows(self) -> None:
        """Drop the fetched pages (they are fetched again when next painted)."""
        self._pages.clear()
        self._last_page = None

    def row_values(self, row: int) -> dict[str, Any] | None:
        found = self._row(row)
        return None if found is None or found.values.get("_gone") else found.values

    def tid_at(self, row: int) -> str:
        values = self.row_values(row)
        return str(values["tid"]) if values else ""

    def find_tid(self, tid: str, near: int, span: int = PAGE_SIZE) -> int:
        """The row showing ``tid`` within ``span`` rows of ``near``, or -1."""
        for row in range(max(0, near - span), min(len(self._ids), near + span + 1)):
            if self.tid_at(row) == tid:
                return row
        return -1

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.lang = lang
        for page in self._pages.values():
            for entry in page:
                entry.set_language(lang)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def column_index(self, key: str) -> int:
        return next((i for i, c in enumerate(self.columns) if c.key == key), -1)

    # -- Qt model -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header(self.lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.header("ko" if self.lang == "en" else "en")
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "money":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        query = Query(self.query.flt, self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        if query != self.query:
            self.set_query(query)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every cell painted: plain ints, no enum comparisons.
        role = int(role)
        if role not in _ROLES_ANSWERED:
            return None
        entry = self._row(index.row())
        if entry is None:
            return None
        col = index.column()
        if role == _DISPLAY:
            return entry.texts[col]
        if role == _ALIGN:
            return self._alignments[col]
        mark = entry.mark
        if role == _BACKGROUND_ROLE:
            return _BACKGROUND_BRUSH.get(mark)
        if role == _FOREGROUND_ROLE:
            return _FOREGROUND_BRUSH.get(mark)
        if role == _DECORATION:
            return self._warning_icon if mark in (FLAGGED, HOLD) and col == self._state_col else None
        if role == _FONT:
            return self._bold if mark in (FLAGGED, HOLD) and col == self._state_col else None
        if role == _TOOLTIP:
            return self._tooltip(entry, self.columns[col])
        if role == TID_ROLE:
            return entry.values.get("tid")
        if role == ROW_ROLE:
            return None if entry.values.get("_gone") else entry.values
        if role == SORT_ROLE:
            return entry.values.get(self.columns[col].sql)
        return None

    def _tooltip(self, entry: _Row, column: Column) -> str | None:
        parts = []
        if column.tooltip is not None:
            parts.append(column.tooltip(entry.values, self.lang))
        if column.key == "state" and entry.mark == FLAGGED:
            parts.append(self.tr("SignValue가 맞지 않습니다: 위변조가 의심됩니다. 상세에서 원본을 확인하세요."))
        elif column.key == "state" and entry.mark == HOLD:
            parts.append(self.tr("취소 결과를 받지 못했습니다: 확인 전에는 다시 취소할 수 없습니다."))
        elif not parts and entry.texts[self.columns.index(column)]:
            return entry.texts[self.columns.index(column)]  # long text cut short in the cell
        return "\n".join(p for p in parts if p) or None


def _gone(rowid: int) -> dict[str, Any]:
    """A row that vanished between the id query and the fetch (e.g. an undone import)."""
    return {"_rowid": rowid, "_gone": True, "tid": "", "state": ""}
