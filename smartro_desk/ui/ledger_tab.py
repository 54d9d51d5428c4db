"""Settings → 원장: this PC's ledger file, or the team's shared PostgreSQL ledger.

The URL is saved without its password; the password goes to the OS keyring
(``ledger.location``). The choice takes effect at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from shiboken6 import isValid
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget

from smartro_desk.ledger.backend import display_location, is_postgres_url, open_database
from smartro_desk.ledger.location import SECRET_SLOT, split_password, with_password
from smartro_desk.secrets import SecretStore
from smartro_desk.ui.workers import Done, Failed, Outcome, TaskRunner

OK_COLOR, BAD_COLOR = "#1d6b2c", "#b3261e"


class LedgerTab(QWidget):
    def __init__(self, setting: str, default_file: str, store: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.before = setting
        bare, _ = split_password(setting) if is_postgres_url(setting) else (setting, None)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("거래 원장을 어디에 둘까요?"), self))
        self.group = QButtonGroup(self)
        self.local = QRadioButton(self.tr("이 PC의 원장 (기본)"), self)
        self.shared = QRadioButton(self.tr("팀 공유 원장 (PostgreSQL)"), self)
        for radio, note in (
            (self.local, self.tr("{path} — 한 사람이 쓰는 SQLite 파일입니다.").format(path=default_file)),
            (self.shared, self.tr(
                "여러 사람이 한 원장을 봅니다: 한 사람의 가져오기·취소·대사 처리가 모두에게 바로 보이고, 같은 결제를 "
                "두 사람이 동시에 취소할 수 없습니다. 기존 원장은 `smartro-desk ledger copy --from 파일 --to URL`로 "
                "옮깁니다.")),
        ):
            self.group.addButton(radio)
            layout.addWidget(radio)
            hint = QLabel(note, self)
            hint.setWordWrap(True)
            hint.setStyleSheet("color:#555555; margin-left:24px;")
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(hint)
        self.url_edit = QLineEdit(bare if is_postgres_url(bare) else "", self)
        self.url_edit.setPlaceholderText(self.tr("postgresql://사용자@서버:5432/데이터베이스"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("암호 (운영체제 키 저장소에 보관, 비워 두면 그대로)"))
        self.test_button = QPushButton(self.tr("연결 시험"), self)
        self.runner = TaskRunner(self, max_threads=1)
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        indented = QWidget(self)
        box = QVBoxLayout(indented)
        box.setContentsMargins(24, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.test_button)
        box.addWidget(self.url_edit)
        box.addLayout(row)
        box.addWidget(self.status)
        layout.addWidget(indented)
        restart = QLabel(self.tr("원장 위치는 프로그램을 다시 시작하면 바뀝니다."), self)
        restart.setStyleSheet("color:#555555;")
        layout.addWidget(restart)
        layout.addStretch(1)
        (self.shared if is_postgres_url(setting) else self.local).setChecked(True)
        self.group.buttonToggled.connect(lambda _button, _on: self._enable())
        self._enable()

    def _enable(self) -> None:
        on = self.shared.isChecked()
        for widget in (self.url_edit, self.password_edit, self.test_button):
            widget.setEnabled(on)
        if not on:
            self.status.setText("")

    def check(self) -> str:
        """What is wrong with the choice ("" when nothing)."""
        if self.shared.isChecked() and not is_postgres_url(self.url_edit.text().strip()):
            return self.tr("PostgreSQL 주소는 postgresql:// 로 시작해야 합니다.")
        return ""

    def setting(self) -> str:
        """The value for the settings file: "" (this PC) or the URL without a password."""
        if not self.shared.isChecked():
            return ""
        return split_password(self.url_edit.text().strip())[0]

    def save_password(self) -> None:
        """Keep a typed password (or one written into the URL) in the keyring, never in the settings."""
        bare, in_url = split_password(self.url_edit.text().strip())
        typed = self.password_edit.text() or in_url
        if self.shared.isChecked() and typed:
            self.store.set(SECRET_SLOT, bare, typed)

    def location(self) -> str:
        bare, in_url = split_password(self.url_edit.text().strip())
        return with_password(bare, self.password_edit.text() or in_url or self.store.get(SECRET_SLOT, bare))

    def test_connection(self) -> None:
        """Connect and read the schema version on a worker thread (an unreachable server takes seconds)."""
        problem = self.check()
        if problem:
            self._show(problem, ok=False)
            return
        location = _with_timeout(self.location())
        self.test_button.setEnabled(False)
        self.status.setStyleSheet("color:#555555;")
        self.status.setText(self.tr("연결하는 중…"))
        self.runner.run_task(lambda _ctx: _schema_version(location), self._tested)

    def _tested(self, outcome: Outcome) -> None:
        if not isValid(self.status):  # the dialog was closed while the test ran
            return
        self.test_button.setEnabled(self.shared.isChecked())
        if isinstance(outcome, Failed):  # the server's own reason, never the password
            self._show(self.tr("연결하지 못했습니다: {reason}").format(
                reason=display_location(str(outcome.error))), ok=False)
        elif isinstance(outcome, Done):
            version = outcome.value
            self._show(self.tr("연결되었습니다 (원장 스키마 {version}).").format(version=version) if version else
                       self.tr("연결되었습니다. 빈 데이터베이스: 처음 열 때 원장이 만들어집니다."), ok=True)

    def _show(self, text: str, *, ok: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color:{OK_COLOR if ok else BAD_COLOR}; font-weight:600;")


def _schema_version(location: str) -> int:
    db = open_database(location)
    try:
        return db.schema_version()
    finally:
        db.close()


def _with_timeout(url: str) -> str:
    return url if "connect_timeout=" in url else url + ("&" if "?" in url else "?") + "connect_timeout=5"
