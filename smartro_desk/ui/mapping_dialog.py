"""Column mapping for a spreadsheet the importer did not recognise; saved as a profile for next time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QRadioButton, QScrollArea, QVBoxLayout, QWidget,
)

from smartro_desk.ingest import UnknownLayout
from smartro_desk.ingest.headers import SHEET_FIELDS, SYNONYMS, guess_kind, missing_fields

SAMPLES_SHOWN = 3


def field_label(field: str) -> str:
    """"거래번호 (TID)": the first Korean synonym and the field's own name."""
    korean = next((n for n in SYNONYMS.get(field, ()) if not n.isascii()), "")
    return f"{korean} ({field})" if korean else field


@dataclass(frozen=True, slots=True)
class MappingChoice:
    name: str  # profile name
    kind: str  # "export" or "orders"
    mapping: dict[str, str]  # header -> field ("" = keep as an extra column)


class MappingDialog(QDialog):
    def __init__(self, layout_error: UnknownLayout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = layout_error
        self.setWindowTitle(self.tr("열 지정 — {name}").format(name=Path(layout_error.path).name))
        intro = QLabel(self.tr(
            "이 파일의 열 구성을 알아보지 못했습니다. 각 열이 무엇인지 골라 주세요. "
            "지정한 내용은 프로필로 저장되어 같은 모양의 파일은 다음부터 바로 가져옵니다."), self)
        intro.setWordWrap(True)
        self.kind_export = QRadioButton(self.tr("결제 내역 (게이트웨이 관리자 화면에서 받은 엑셀)"), self)
        self.kind_orders = QRadioButton(self.tr("주문 목록 (우리 쇼핑몰의 주문 엑셀)"), self)
        kinds = QButtonGroup(self)
        kinds.addButton(self.kind_export)
        kinds.addButton(self.kind_orders)
        (self.kind_orders if guess_kind(layout_error.guess) == "orders" else self.kind_export).setChecked(True)
        self.name = QLineEdit(Path(layout_error.path).stem, self)
        self.combos: dict[str, QComboBox] = {}
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color:#8a1111")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("저장하고 가져오기"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("가져오지 않기"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_export)
        kind_row.addWidget(self.kind_orders)
        kind_row.addStretch(1)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel(self.tr("프로필 이름"), self))
        name_row.addWidget(self.name, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(kind_row)
        layout.addWidget(self._columns(), 1)
        layout.addLayout(name_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for button in (self.kind_export, self.kind_orders):
            button.toggled.connect(self._check)
        self.name.textChanged.connect(self._check)
        self.resize(760, 560)
        self._check()

    def _columns(self) -> QWidget:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        inner = QWidget(area)
        grid = QGridLayout(inner)
        for col, title in enumerate((self.tr("열 머리글"), self.tr("예시 값"), self.tr("항목"))):
            head = QLabel(f"<b>{title}</b>", inner)
            grid.addWidget(head, 0, col)
        for row, header in enumerate(self.error.headers, 1):
            samples = [r[row - 1] for r in self.error.samples[:SAMPLES_SHOWN] if row - 1 < len(r)]
            grid.addWidget(QLabel(header, inner), row, 0)
            sample = QLabel(" · ".join(s for s in samples if s), inner)
            sample.setStyleSheet("color:#555")
            grid.addWidget(sample, row, 1)
            combo = QComboBox(inner)
            combo.addItem(self.tr("(그대로 보관)"), "")
            for field in SHEET_FIELDS:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(self.error.guess.get(header, ""))))
            combo.currentIndexChanged.connect(self._check)
            grid.addWidget(combo, row, 2)
            self.combos[header] = combo
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(self.error.headers) + 1, 1)
        area.setWidget(inner)
        return area

    def choice(self) -> MappingChoice:
        mapping = {h: str(c.currentData() or "") for h, c in self.combos.items()}
        kind = "orders" if self.kind_orders.isChecked() else "export"
        return MappingChoice(self.name.text().strip(), kind, {h: f for h, f in mapping.items() if f})

    def problems(self) -> list[str]:
        choice = self.choice()
        out = []
        if not choice.name:
            out.append(self.tr("프로필 이름을 입력하세요."))
        missing = missing_fields(choice.mapping, choice.kind)
        if missing:
            out.append(self.tr("꼭 필요한 항목을 지정하세요: {fields}").format(
                fields=", ".join(field_label(f) for f in missing)))
        fields = [f for f in choice.mapping.values()]
        doubled = sorted({f for f in fields if fields.count(f) > 1})
        if doubled:
            out.append(self.tr("한 항목을 두 열에 지정했습니다: {fields}").format(
                fields=", ".join(field_label(f) for f in doubled)))
        return out

    def _check(self) -> None:
        problems = self.problems()
        self.problem.setText("\n".join(problems))
        self.ok_button.setEnabled(not problems)


def ask_mapping(parent: QWidget | None, layout_error: UnknownLayout) -> MappingChoice | None:
    """Open the mapping dialog; the choice, or None if the user declined."""
    dialog = MappingDialog(layout_error, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
