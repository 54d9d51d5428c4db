"""About: the version, where the ledger, data folder and log are, and where cancels go."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from smartro_desk import __version__
from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.paths import AppPaths
from smartro_desk.ui import messages

RED = "#b00000"


class AboutDialog(QDialog):
    def __init__(self, *, ledger_location: str | Path, paths: AppPaths, endpoint: Endpoint | None,
                 keyring_available: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setWindowTitle(self.tr("이 프로그램에 대하여"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("스마트로 결제 원장 (smartro-desk) {version}").format(version=__version__), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("스마트로 WEBLink 가맹점의 결제 원장, 취소, 정산 대사를 위한 프로그램"), self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        kinds = {"sandbox": self.tr("로컬 샌드박스"), "test": self.tr("스마트로 테스트"),
                 "production": self.tr("스마트로 운영"), "custom": self.tr("직접 입력 URL")}
        kind = kinds.get(endpoint.kind, endpoint.kind) if endpoint else self.tr("알 수 없음")
        rows = [
            ("version", self.tr("버전"), f"{__version__}  (Python {platform.python_version()}, Qt {pyside_version})"),
            ("endpoint", self.tr("취소 서버"), f"{kind} — {endpoint.base_url}" if endpoint else kind),
            ("ledger", self.tr("원장 파일"), str(ledger_location)),
            ("data", self.tr("데이터 폴더"), str(paths.data)),
            ("log", self.tr("로그 파일"), str(paths.log_file)),
        ]
        if keyring_available is not None:
            rows.append(("keyring", self.tr("키 저장소"), self.tr("운영체제 키 저장소") if keyring_available
                         else self.tr("없음 — 상점키와 비밀번호는 이번 실행에만 기억됩니다")))
        for key, label, value in rows:
            shown = QLabel(value, self)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            self.values[key] = shown
            form.addRow(label, shown)
        if endpoint is not None and endpoint.is_production:
            self.values["endpoint"].setStyleSheet(f"color:{RED}; font-weight:700;")
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("닫기"))
        self.open_folder = QPushButton(self.tr("데이터 폴더 열기"), self)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.clicked.connect(self.open_data_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def open_data_folder(self) -> bool:
        return messages.open_url(QUrl.fromLocalFile(str(self.paths.data)).toString())


def open_about_dialog(parent: QWidget | None, *, ledger_location: str | Path, paths: AppPaths,
                      endpoint: Endpoint | None, keyring_available: bool | None = None) -> None:
    """Show the About dialog (modal)."""
    dialog = AboutDialog(ledger_location=ledger_location, paths=paths, endpoint=endpoint,
                         keyring_available=keyring_available, parent=parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
