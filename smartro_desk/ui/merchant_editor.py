"""The 상점 tab of the settings dialog: the merchants table and the editor of the selected one.

Secrets are shown only as a state (설정됨 / 없음 / 공개 테스트 키 / 저장하면 바뀜 ...);
the password fields start empty and are never filled with a stored value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QRegularExpression,
    Qt,
)
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from smartro_desk.secrets import CANCEL_PASSWORD, MERCHANT_KEY
from smartro_desk.ui.merchant_drafts import (
    DraftProblem, MerchantDraft, SecretState, clean_secret, split_mids, validate,
)

Index = QModelIndex | QPersistentModelIndex
RED, GREEN, GREY, BLUE = "#b00000", "#1d6b2c", "#666666", "#1f4e9a"
STATE_COLORS = {"stored": GREEN, "session": BLUE, "test": GREY, "missing": RED, "new": BLUE, "cleared": RED}


def _tr(text: str) -> str:
    return QCoreApplication.translate("MerchantEditor", text)


PROBLEM_TEXTS: dict[str, str] = {  # merchant_drafts.DraftProblem kinds, worded
    "bad_mid": QT_TRANSLATE_NOOP("MerchantEditor", "MID는 영문과 숫자 10자리여야 합니다: '{mid}'"),
    "repeated_mid": QT_TRANSLATE_NOOP("MerchantEditor", "같은 MID가 두 번 있습니다: {mid}"),
    "bad_sub_mall": QT_TRANSLATE_NOOP("MerchantEditor", "{mid}의 서브몰 MID는 영문과 숫자 10자리여야 합니다: '{sub}'"),
    "self_sub_mall": QT_TRANSLATE_NOOP("MerchantEditor", "{mid}: 상점 자신을 서브몰로 넣을 수 없습니다"),
    "listed_merchant": QT_TRANSLATE_NOOP("MerchantEditor", "{sub}는 상점 목록에 따로 있어 {mid}의 서브몰이 될 수 없습니다"),
    "sub_mall_repeated": QT_TRANSLATE_NOOP("MerchantEditor", "서브몰 {sub}가 같은 상점에 두 번 들어 있습니다"),
    "sub_mall_shared": QT_TRANSLATE_NOOP("MerchantEditor", "서브몰 {sub}가 {other}와 {mid} 두 상점에 들어 있습니다"),
    "empty_secret": QT_TRANSLATE_NOOP("MerchantEditor", "{mid}: 빈 값은 저장할 수 없습니다 (지우려면 '지우기'를 누르세요)"),
}


def problem_text(problem: DraftProblem) -> str:
    return _tr(PROBLEM_TEXTS[problem.kind]).format(**problem.values)


_STATE_TEXTS = {
    "stored": QT_TRANSLATE_NOOP("MerchantEditor", "설정됨"),
    "session": QT_TRANSLATE_NOOP("MerchantEditor", "설정됨 (이번 실행만)"),
    "test": QT_TRANSLATE_NOOP("MerchantEditor", "공개 테스트 키"),
    "missing": QT_TRANSLATE_NOOP("MerchantEditor", "없음"),
    "new": QT_TRANSLATE_NOOP("MerchantEditor", "저장하면 바뀜"),
    "cleared": QT_TRANSLATE_NOOP("MerchantEditor", "저장하면 지워짐"),
}
_HEADERS = (
    QT_TRANSLATE_NOOP("MerchantEditor", "MID"), QT_TRANSLATE_NOOP("MerchantEditor", "표시 이름"),
    QT_TRANSLATE_NOOP("MerchantEditor", "서브몰 MID"), QT_TRANSLATE_NOOP("MerchantEditor", "상점키"),
    QT_TRANSLATE_NOOP("MerchantEditor", "취소 비밀번호"),
)


def state_text(state: SecretState) -> str:
    return _tr(_STATE_TEXTS[state])


def headers() -> tuple[str, ...]:
    return tuple(_tr(header) for header in _HEADERS)


class MerchantTableModel(QAbstractTableModel):
    """One row a merchant: MID, name, sub-malls, and the two secrets' states (never the values)."""

    def __init__(self, drafts: list[MerchantDraft], *, persistent: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self.drafts = drafts
        self.persistent = persistent

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.drafts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        draft, column = self.drafts[index.row()], index.column()
        if column >= 3:
            state = draft.secret_state((MERCHANT_KEY, CANCEL_PASSWORD)[column - 3], persistent=self.persistent)
            if role == Qt.ItemDataRole.DisplayRole:
                return state_text(state)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(STATE_COLORS[state])
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (draft.mid, draft.name, ", ".join(draft.sub_malls))[column]
        return None

    def row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def append(self, draft: MerchantDraft) -> int:
        row = len(self.drafts)
        self.beginInsertRows(QModelIndex(), row, row)
        self.drafts.append(draft)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.drafts[row]
        self.endRemoveRows()


class SecretField(QWidget):
    """A masked field for one secret: its state, an empty password box to replace it, a delete button.

    Whoever shows the state elsewhere connects to ``edit.textEdited`` and ``clear_button.clicked``
    after this widget did (Qt calls slots in connection order, so the draft is already updated).
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.draft: MerchantDraft | None = None
        self.persistent = True
        self.state = QLabel(self)
        self.state.setMinimumWidth(150)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)  # no copy, no cut, dots only
        self.edit.setPlaceholderText(self.tr("바꾸려면 새 값을 입력하세요"))
        self.edit.textEdited.connect(self._typed)
        self.clear_button = QPushButton(self.tr("지우기"), self)
        self.clear_button.clicked.connect(self._toggle_clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.state)

    def load(self, draft: MerchantDraft | None, *, persistent: bool) -> None:
        self.draft, self.persistent = draft, persistent
        pending = draft.pending.get(self.name) if draft is not None else None
        self.edit.setText(pending or "")  # only a value typed in this dialog, never a stored one
        self.setEnabled(draft is not None)
        self._show_state()

    def _typed(self, text: str) -> None:
        if self.draft is None:
            return
        value = clean_secret(self.name, text)
        if value:
            self.draft.pending[self.name] = value
        else:
            self.draft.pending.pop(self.name, None)
        self._show_state()

    def _toggle_clear(self) -> None:
        if self.draft is None:
            return
        if self.name in self.draft.pending and self.draft.pending[self.name] is None:
            del self.draft.pending[self.name]  # undo
        else:
            self.draft.pending[self.name] = None
            self.edit.clear()
        self._show_state()

    def _show_state(self) -> None:
        if self.draft is None:
            self.state.setText("")
            return
        state = self.draft.secret_state(self.name, persistent=self.persistent)
        self.state.setText(state_text(state))
        self.state.setStyleSheet(f"color:{STATE_COLORS[state]}; font-weight:600;")
        self.clear_button.setText(self.tr("되돌리기") if state == "cleared" else self.tr("지우기"))
        self.clear_button.setEnabled(state in ("stored", "session", "new", "cleared"))


class MerchantsTab(QWidget):
    """The merchants table, add/remove buttons and the editor of the selected merchant."""

    def __init__(self, drafts: list[MerchantDraft], *, persistent: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.persistent = persistent
        self.model = MerchantTableModel(drafts, persistent=persistent, parent=self)
        layout = QVBoxLayout(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setObjectName("sessionNotice")
        if not persistent:
            self.notice.setText(self.tr(
                "이 PC에서는 운영체제의 키 저장소(Windows 자격 증명 관리자)를 쓸 수 없어 상점키와 취소 비밀번호를 "
                "저장할 수 없습니다. 여기에 입력한 값은 프로그램을 끝낼 때까지만 기억되며, "
                "어떤 파일에도 쓰지 않습니다. "
                "다음에 실행하면 다시 입력해야 합니다."))
            self.notice.setStyleSheet("background:#fff0c2; color:#6b4600; padding:6px; border:1px solid #e0c070;")
        else:
            self.notice.setText(self.tr(
                "상점키와 취소 비밀번호는 운영체제의 키 저장소(Windows 자격 증명 관리자)에만 저장되며 화면에 다시 "
                "표시되지 않습니다. 스마트로 시험용 MID는 공개 테스트 키를 자동으로 씁니다."))
            self.notice.setStyleSheet(f"color:{GREY};")
        layout.addWidget(self.notice)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((115, 190, 270, 125)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("상점 추가"), self)
        self.add_button.clicked.connect(self.add_merchant)
        self.remove_button = QPushButton(self.tr("목록에서 빼기"), self)
        self.remove_button.clicked.connect(self.remove_current)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self._build_editor())
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color:{RED};")
        layout.addWidget(self.problems)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._select(current.row()))
        if drafts:
            self.table.selectRow(0)
        else:
            self._select(-1)

    def _build_editor(self) -> QGroupBox:
        box = QGroupBox(self.tr("고른 상점"), self)
        box.setStyleSheet('QLineEdit[readOnly="true"] { background: palette(window); color: palette(text); }')
        form = QFormLayout(box)
        self.mid_edit = QLineEdit(box)
        self.mid_edit.setMaxLength(10)
        self.mid_edit.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z0-9]{0,10}"), self.mid_edit))
        self.mid_edit.setPlaceholderText(self.tr("영문·숫자 10자리, 예: SMTPAY001m"))
        self.name_edit = QLineEdit(box)
        self.name_edit.setPlaceholderText(self.tr("화면과 엑셀에 보일 이름"))
        self.subs_edit = QLineEdit(box)
        self.subs_edit.setPlaceholderText(self.tr("쉼표로 구분, 예: SMTSUB002m, SMTSUB003m (없으면 비워 두세요)"))
        self.key_field = SecretField(MERCHANT_KEY, box)
        self.password_field = SecretField(CANCEL_PASSWORD, box)
        form.addRow(self.tr("MID"), self.mid_edit)
        form.addRow(self.tr("표시 이름"), self.name_edit)
        form.addRow(self.tr("서브몰 MID"), self.subs_edit)
        form.addRow(self.tr("상점키"), self.key_field)
        form.addRow(self.tr("취소 비밀번호"), self.password_field)
        # Each keystroke updates the draft, the problems and the painted row; the model
        # announces the row once, when the field is left (or a secret is deleted).
        for edit in (self.mid_edit, self.name_edit, self.subs_edit):
            edit.textEdited.connect(self._edited)
            edit.editingFinished.connect(self._row_done)
        for secret in (self.key_field, self.password_field):
            secret.edit.textEdited.connect(self._secret_edited)
            secret.edit.editingFinished.connect(self._row_done)
            secret.clear_button.clicked.connect(self._row_done)
        self.editor = box
        return box

    @property
    def drafts(self) -> list[MerchantDraft]:
        return self.model.drafts

    @property
    def row(self) -> int:
        return self.table.currentIndex().row()

    def current(self) -> MerchantDraft | None:
        return self.drafts[self.row] if 0 <= self.row < len(self.drafts) else None

    def _select(self, row: int) -> None:
        draft = self.drafts[row] if 0 <= row < len(self.drafts) else None
        self.editor.setEnabled(draft is not None)
        self.mid_edit.setText(draft.mid if draft else "")
        fixed = bool(draft and draft.saved)
        self.mid_edit.setReadOnly(fixed)
        self.mid_edit.style().unpolish(self.mid_edit)  # the read-only look follows the property
        self.mid_edit.style().polish(self.mid_edit)
        self.mid_edit.setToolTip(self.tr("원장에 저장된 상점의 MID는 바꿀 수 없습니다") if fixed else "")
        self.name_edit.setText(draft.name if draft else "")
        self.subs_edit.setText(", ".join(draft.sub_malls) if draft else "")
        self.key_field.load(draft, persistent=self.persistent)
        self.password_field.load(draft, persistent=self.persistent)
        self.remove_button.setEnabled(draft is not None and not fixed)
        self.remove_button.setToolTip("" if not fixed else self.tr(
            "원장에 기록된 상점은 목록에서 뺄 수 없습니다. 키와 비밀번호는 '지우기'로 지울 수 있습니다."))
        self.check()

    def _edited(self) -> None:
        draft = self.current()
        if draft is None:
            return
        if not draft.saved:
            draft.mid = self.mid_edit.text().strip()
        draft.name = self.name_edit.text()
        draft.sub_malls = split_mids(self.subs_edit.text())
        self._secret_edited()

    def _secret_edited(self) -> None:
        self.table.viewport().update()
        self.check()

    def _row_done(self) -> None:
        if 0 <= self.row < len(self.drafts):
            self.model.row_changed(self.row)
        self.check()

    def add_merchant(self) -> None:
        row = self.model.append(MerchantDraft(""))
        self.table.selectRow(row)
        self.mid_edit.setFocus()

    def remove_current(self) -> None:
        draft = self.current()
        if draft is not None and not draft.saved:
            self.model.remove(self.row)
            self._select(self.row)

    def check(self) -> list[str]:
        """Validate every merchant and show the problems under the editor."""
        problems = [problem_text(p) for p in validate(self.drafts)]
        self.problems.setText("\n".join(problems[:4]) + ("\n…" if len(problems) > 4 else ""))
        return problems
