"""The shape every small table in the app shares: a list of records and declared columns.

Each table (events, arrivals, fields, sub-mall split, import reports, rejects)
is its own subclass that declares its ``Col``s; data, alignment, colours and
tooltips are answered here, the same way for all of them. The big ledger table
has its own model (``transactions_model``) because it pages from SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
WARN_BACKGROUND = QColor("#fbd5d5")
NOTE_BACKGROUND = QColor("#fff4cc")


@dataclass(frozen=True, slots=True)
class Col(Generic[R]):
    title: Callable[[], str]  # called when the header is drawn, so it follows the language
    text: Callable[[R], str]
    money: bool = False
    tooltip: Callable[[R], str] | None = None


class RecordsModel(QAbstractTableModel, Generic[R]):
    """Rows are records; ``cols`` say what each column shows."""

    def __init__(self, cols: Sequence[Col[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cols = tuple(cols)
        self.records: list[R] = []

    def set_records(self, records: Sequence[R]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> R | None:
        return self.records[row] if 0 <= row < len(self.records) else None

    def background(self, record: R) -> QColor | None:
        """Subclasses colour rows that need attention."""
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cols)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.cols):
            return self.cols[section].title()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        col = self.cols[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if col.money else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(record) if col.tooltip is not None else (col.text(record) or None)
        if role == Qt.ItemDataRole.BackgroundRole:
            color = self.background(record)
            return QBrush(color) if color is not None else None
        if role == RECORD_ROLE:
            return record
        return None

    def retranslate(self) -> None:
        if self.cols:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.cols) - 1)


def money(value: int | None) -> str:
    return "" if value is None else f"{value:,}"
