"""Table models of the reconciliation view: findings, one settlement table (day, method, card), and
the notification delivery figures per kind.

They hold the engine's plain records as they are (``Finding``, ``SettlementRow``, ``DeliveryHealth``);
display text and sort keys are kept apart (money sorts as an int, severity by rank).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from smartro_desk.labels import EVENT_KIND
from smartro_desk.recon import COPY_BUCKETS, SETTLEMENT_COLUMNS, DeliveryHealth, Finding, SettlementRow, severity_label
from smartro_desk.recon.kinds import RESOLUTION_LABELS, severity_rank
from smartro_desk.ui.record_model import money

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

# Severity colours: (strong, pale background). Shared with the summary cards.
SEVERITY_COLOURS: dict[str, tuple[str, str]] = {
    "high": ("#c62828", "#fdecea"),
    "medium": ("#e08a00", "#fff4e0"),
    "low": ("#1565c0", "#e8f0fb"),
    "info": ("#607d8b", "#eef2f4"),
}
RESOLVED_TEXT = "#8a8a8a"
DIFF_BACKGROUND = "#fdecea"


def pick(ko: str, en: str, lang: str) -> str:
    return en if lang == "en" else ko


class FindingColumn(NamedTuple):
    key: str
    money: bool
    width: int
    text: Callable[[Finding, str], str]
    sort_key: Callable[[Finding], Any]


def _status_text(f: Finding, lang: str) -> str:
    label = RESOLUTION_LABELS.get(f.status, (f.status, f.status))
    text = pick(label[0], label[1], lang)
    if f.resolution is not None and f.resolution.note:
        text += f" — {f.resolution.note}"
    return text


FINDING_COLUMNS: tuple[FindingColumn, ...] = (
    FindingColumn("severity", False, 60, lambda f, lang: severity_label(f.severity, lang),
                  lambda f: severity_rank(f.severity)),
    FindingColumn("kind", False, 210, lambda f, lang: pick(f.label_ko, f.label_en, lang), lambda f: f.kind),
    FindingColumn("tid", False, 250, lambda f, _l: f.tid, lambda f: f.tid),
    FindingColumn("order_id", False, 150, lambda f, _l: f.order_id, lambda f: f.order_id),
    FindingColumn("requested", True, 90, lambda f, _l: money(f.requested),
                  lambda f: (f.requested is None, f.requested or 0)),
    FindingColumn("returned", True, 90, lambda f, _l: money(f.returned),
                  lambda f: (f.returned is None, f.returned or 0)),
    FindingColumn("detail", False, 320, lambda f, lang: f.detail(lang), lambda f: f.detail_ko),
    FindingColumn("status", False, 140, _status_text, lambda f: (f.status != "open", f.status)),
)


class FindingsModel(QAbstractTableModel):
    """The findings of one run, optionally only one kind and/or only the open ones."""

    def __init__(self, parent: QObject | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.lang = lang
        self._all: list[Finding] = []
        self._rows: list[Finding] = []
        self.kind_filter: str | None = None
        self.open_only = False
        self._sort: tuple[int, bool] | None = None

    # -- data in ---------------------------------------------------------------------

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self._all = list(findings)
        self._apply()

    def set_kind_filter(self, kind: str | None) -> None:
        self.kind_filter = kind
        self._apply()

    def set_open_only(self, open_only: bool) -> None:
        self.open_only = open_only
        self._apply()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(FINDING_COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(FINDING_COLUMNS) - 1))

    def _apply(self) -> None:
        self.beginResetModel()
        rows = [f for f in self._all if (self.kind_filter is None or f.kind == self.kind_filter)
                and (not self.open_only or f.resolution is None)]
        if self._sort is not None:
            column, descending = self._sort
            rows.sort(key=FINDING_COLUMNS[column].sort_key, reverse=descending)
        self._rows = rows
        self.endResetModel()

    # -- data out --------------------------------------------------------------------

    def finding(self, row: int) -> Finding | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows_of(self, keys: set[str]) -> list[int]:
        """The rows (as shown) of the findings with these keys."""
        return [n for n, f in enumerate(self._rows) if f.key in keys] if keys else []

    @property
    def findings(self) -> list[Finding]:
        """The rows as shown (filtered and sorted): what an export writes."""
        return list(self._rows)

    def headers(self) -> list[str]:
        return [self.tr("심각도"), self.tr("종류"), "TID", self.tr("주문번호"), self.tr("요청금액"),
                self.tr("결과금액"), self.tr("설명"), self.tr("처리")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FINDING_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FINDING_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and FINDING_COLUMNS[section].money:
            return _RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(FINDING_COLUMNS):  # no column: the engine's order (severity, kind, time)
            self._sort = None
            self._apply()
            return
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=FINDING_COLUMNS[column].sort_key, reverse=self._sort[1])
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        column = FINDING_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(f, self.lang)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.money else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if f.resolution is not None:
                return QBrush(QColor(RESOLVED_TEXT))
            if column.key == "severity":
                return QBrush(QColor(SEVERITY_COLOURS.get(f.severity, ("#000000", ""))[0]))
        if role == Qt.ItemDataRole.FontRole and column.key == "severity" and f.resolution is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.key in ("kind", "detail"):
                return f"{f.detail(self.lang)}\n\n{f.advice(self.lang)}".strip()
            if column.key == "status" and f.resolution is not None:
                r = f.resolution
                return f"{_status_text(f, self.lang)}\n{r.actor} · {r.at}"
        if role == Qt.ItemDataRole.UserRole:
            return f
        return None


class SettlementModel(QAbstractTableModel):
    """One settlement table: rows of one dimension, then the month's total (bold); differences tinted."""

    def __init__(self, parent: QObject | None = None, *, lang: str = "ko", with_total: bool = True) -> None:
        super().__init__(parent)
        self.lang = lang
        self.with_total = with_total
        self.has_export = False
        self._rows: list[SettlementRow] = []
        self._total: SettlementRow | None = None
        self._prefix: dict[str, str] = {}

    @property
    def columns(self) -> list[Any]:
        return [c for c in SETTLEMENT_COLUMNS if self.has_export or not (c.key.startswith("x_") or c.key == "diff_net")]

    def set_rows(self, rows: Sequence[SettlementRow], total: SettlementRow | None, has_export: bool,
                 prefix: dict[str, str] | None = None) -> None:
        """``prefix``: dimension -> text put before each label (the differences table names its table)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = total if self.with_total else None
        self.has_export = has_export
        self._prefix = prefix or {}
        self.endResetModel()

    def set_language(self, lang: str) -> None:
        self.beginResetModel()
        self.lang = lang
        self.endResetModel()

    def row(self, row: int) -> SettlementRow | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return self._total if row == len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._total is not None and self._rows else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        columns = self.columns
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return columns[section].header(self.lang)
        if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
            return _RIGHT
        return None

    def value(self, row: int, key: str) -> Any:
        found = self.row(row)
        return None if found is None else found.values()[key]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self.row(index.row()) if index.isValid() else None
        if found is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column.key == "label":
                label = pick(found.label_ko, found.label_en, self.lang)
                return self._prefix.get(found.dimension, "") + label
            value = found.values()[column.key]
            return "" if value is None else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column.key == "label" else _RIGHT
        if role == Qt.ItemDataRole.FontRole and found.dimension == "total":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and found.differs:
            return QBrush(QColor(DIFF_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "diff_net" and found.differs:
            return QBrush(QColor(SEVERITY_COLOURS["high"][0]))
        if role == Qt.ItemDataRole.ToolTipRole and found.differs:
            d = found.difference
            if d is not None:
                return self.tr("차이 (원장 − PG): 승인 {a}건 {aa}원, 취소 {c}건 {cc}원").format(
                    a=f"{d.approvals:,}", aa=f"{d.approved:,}", c=f"{d.cancels:,}", cc=f"{d.cancelled:,}")
        return None


class DeliveryModel(QAbstractTableModel):
    """Per notification kind: how many notifications arrived once, twice, 3–5 and 6 or more times, and the
    longest span over which copies of one of them arrived; a total row last."""

    def __init__(self, parent: QObject | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.lang = lang
        self._rows: list[tuple[str, list[int], int | None]] = []  # (kind or "", counts per bucket, minutes)

    def set_health(self, health: DeliveryHealth | None) -> None:
        self.beginResetModel()
        self._rows = []
        if health is not None and health.by_kind:
            for kind, buckets in health.by_kind.items():
                self._rows.append((kind, [buckets.get(b, 0) for b in COPY_BUCKETS],
                                   health.longest_by_kind.get(kind)))
            totals = [sum(r[1][n] for r in self._rows) for n in range(len(COPY_BUCKETS))]
            self._rows.append(("", totals, health.longest_minutes or None))
        self.endResetModel()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    def headers(self) -> list[str]:
        return [self.tr("통보 종류"), self.tr("1회"), self.tr("2회"), self.tr("3–5회"), self.tr("6회 이상"),
                self.tr("합계"), self.tr("가장 긴 재전송 (분)")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COPY_BUCKETS) + 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
            return _RIGHT
        return None

    def value(self, row: int, column: int) -> int | None:
        """The number shown at (row, column): a count, or the minutes (None: no repeated copies)."""
        kind, counts, minutes = self._rows[row]
        if column <= len(COPY_BUCKETS):
            return counts[column - 1]
        if column == len(COPY_BUCKETS) + 1:
            return sum(counts)
        return minutes

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, counts, _ = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if not kind:
                    return self.tr("합계")
                pair = EVENT_KIND.get(kind, (kind, kind))
                return pick(pair[0], pair[1], self.lang)
            value = self.value(index.row(), column)
            return "-" if value is None else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column == 0 else _RIGHT
        if role == Qt.ItemDataRole.FontRole and not kind:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and 2 <= column <= len(COPY_BUCKETS) and counts[column - 1]:
            return QBrush(QColor(SEVERITY_COLOURS["medium"][0]))
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return self.tr("한 번만 받은 통보는 이 달의 결제 수에서 재전송된 통보를 빼서 셉니다 (추정)")
        return None
