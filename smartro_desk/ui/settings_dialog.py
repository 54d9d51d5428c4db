"""The settings dialog: merchants and their secrets (상점), audit name and language (일반),
where cancels are sent (연결) and where the ledger lives (원장).

Merchants go to the ledger, secrets to the OS keyring (or, where this PC has no
keyring, to memory for this session only: never to a file), everything else to
the settings file. ``open_settings_dialog`` runs it and says what changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields

from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QRadioButton, QTabWidget,
    QVBoxLayout, QWidget,
)

from smartro_desk.cancel.endpoints import PRODUCTION, TEST, EndpointKind, parse_endpoint
from smartro_desk import paths
from smartro_desk.cli_common import actor_name
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.backend import database_errors
from smartro_desk.secrets import KeyringSecrets, Secrets, SecretsError, SecretStore, SessionSecrets
from smartro_desk.ui import messages
from smartro_desk.ui import settings_store as S
from smartro_desk.ui.endpoint import EndpointSettings
from smartro_desk.ui.ledger_tab import LedgerTab
from smartro_desk.ui.merchant_drafts import apply, load_drafts
from smartro_desk.ui.merchant_editor import RED, MerchantsTab

log = logging.getLogger(__name__)

ACTOR_NAME: S.Key[str] = S.Key("audit/actor", "")  # "" = the operating system's user name
LANGUAGE_NAMES = (("ko", "한국어"), ("en", "English"))


def audit_name(store: S.SettingsStore) -> str:
    """The name written to the audit log: the one set in the settings, else the OS user."""
    return store.get(ACTOR_NAME).strip() or actor_name()


class TypedSessionSecrets(SessionSecrets):
    """Secrets typed in the settings dialog on a PC without a keyring: memory only, this run only."""


def writable_store(secrets: Secrets) -> tuple[SecretStore, bool]:
    """Where the dialog saves secrets, and whether they outlive this run.

    The OS keyring when it has a backend; otherwise a ``TypedSessionSecrets`` that
    is added to the app's chain ``secrets`` itself, so a cancel finds what was typed.
    """
    for store in secrets.stores:
        if isinstance(store, KeyringSecrets):
            return store, True
    keyring_store = KeyringSecrets()
    if keyring_store.available():
        secrets.stores.append(keyring_store)
        return keyring_store, True
    for store in secrets.stores:
        if isinstance(store, TypedSessionSecrets):
            return store, False
    session = TypedSessionSecrets()
    secrets.stores.append(session)
    return session, False


@dataclass
class SettingsChanges:
    """What a save changed; true when anything did."""

    merchants: bool = False
    secrets: bool = False
    actor: bool = False
    language: bool = False
    endpoint: bool = False
    ledger: bool = False  # takes effect at the next start

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


class GeneralTab(QWidget):
    def __init__(self, actor: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.actor_edit = QLineEdit(actor, self)
        self.actor_edit.setPlaceholderText(actor_name())
        self.actor_edit.setMaxLength(60)
        form.addRow(self.tr("감사 기록에 남길 이름"), self.actor_edit)
        form.addRow("", _hint(self.tr(
            "가져오기, 취소, 설정 변경 기록에 이 이름이 남습니다. 비워 두면 Windows 사용자 이름({user})을 씁니다."
        ).format(user=actor_name()), self))
        self.language_combo = QComboBox(self)
        for code, label in LANGUAGE_NAMES:
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        form.addRow(self.tr("언어 (Language)"), self.language_combo)
        form.addRow("", _hint(self.tr("저장하면 메뉴와 표의 글자가 바로 바뀝니다."), self))

    @property
    def language(self) -> str:
        return str(self.language_combo.currentData())


class ConnectionTab(QWidget):
    """One radio per endpoint; the custom address is checked as it is typed."""

    def __init__(self, choice: EndpointSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("취소 요청을 보낼 서버"), self))
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        options: tuple[tuple[EndpointKind, str, str, str], ...] = (
            ("sandbox", self.tr("로컬 샌드박스 (기본)"), self.tr(
                "이 PC 안에서 돌아가는 연습용 서버입니다. 실제 결제는 취소되지 않으므로 계약 없이 모든 기능을 "
                "시험해 볼 수 있습니다."), "#555555"),
            ("test", self.tr("스마트로 테스트"), self.tr(
                "{url} — 스마트로의 시험 서버입니다. 시험용 MID의 거래만 취소됩니다.").format(url=TEST), "#555555"),
            ("production", self.tr("스마트로 운영"), self.tr(
                "{url} — 실제 서버입니다. 여기로 보낸 취소는 고객에게 실제로 환불되며 되돌릴 수 없습니다."
            ).format(url=PRODUCTION), RED),
            ("custom", self.tr("직접 입력 URL"), self.tr(
                "scheme://호스트[:포트] 형식, 경로 없이 (예: https://tpay.smilepay.co.kr)"), "#555555"),
        )
        for kind, label, note, color in options:
            radio = QRadioButton(label, self)
            self.radios[kind] = radio
            self.group.addButton(radio)
            layout.addWidget(radio)
            hint = _hint(note, self)
            hint.setStyleSheet(f"color:{color}; margin-left:24px;" + ("font-weight:700;" if color == RED else ""))
            layout.addWidget(hint)
        self.url_edit = QLineEdit(choice.custom_url, self)
        self.url_edit.setPlaceholderText("https://")
        self.url_edit.textChanged.connect(self.check)
        self.url_status = _hint("", self)
        for widget in (self.url_edit, self.url_status):
            widget.setContentsMargins(24, 0, 0, 0)
            layout.addWidget(widget)
        layout.addStretch(1)
        self.radios[choice.kind].setChecked(True)
        self.group.buttonToggled.connect(lambda _button, _on: self.check())
        self.check()

    @property
    def kind(self) -> EndpointKind:
        checked = next((k for k, r in self.radios.items() if r.isChecked()), "sandbox")
        return checked  # type: ignore[return-value]

    def choice(self) -> EndpointSettings:
        custom = self.url_edit.text().strip()
        if self.kind == "custom":
            custom = parse_endpoint(custom).base_url  # normalised; raises ValueError
        return EndpointSettings(self.kind, custom)

    def check(self) -> str:
        """Show what the custom address means (or what is wrong with it); returns the error, if any."""
        self.url_edit.setEnabled(self.kind == "custom")
        text = self.url_edit.text().strip()
        if self.kind != "custom":
            self.url_status.setText("")
            return ""
        try:
            endpoint = parse_endpoint(text)
        except ValueError as exc:
            self.url_status.setText(str(exc))
            self.url_status.setStyleSheet(f"color:{RED};")
            return str(exc)
        meaning = {
            "production": self.tr("스마트로 운영 서버입니다 — 취소가 실제로 환불됩니다"),
            "test": self.tr("스마트로 테스트 서버입니다"),
        }.get(endpoint.kind, self.tr("직접 입력한 서버"))
        self.url_status.setText(f"{endpoint.base_url} — {meaning}")
        self.url_status.setStyleSheet(
            f"color:{RED if endpoint.is_production else '#1d6b2c'}; font-weight:600;")
        return ""


class SettingsDialog(QDialog):
    def __init__(self, ledger: Ledger, settings: S.SettingsStore, secrets: Secrets,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("설정"))
        self.ledger, self.settings, self.secrets = ledger, settings, secrets
        self.store, self.persistent = writable_store(secrets)
        self.changes = SettingsChanges()
        self.endpoint_before = EndpointSettings.load(settings)
        self.tabs = QTabWidget(self)
        self.merchants = MerchantsTab(load_drafts(ledger, self.store), persistent=self.persistent, parent=self)
        self.general = GeneralTab(settings.get(ACTOR_NAME), settings.get(S.LANGUAGE), self)
        self.connection = ConnectionTab(self.endpoint_before, self)
        self.ledger_tab = LedgerTab(settings.get(S.LEDGER_LOCATION), str(paths.resolve().ledger), self.store, self)
        self.tabs.addTab(self.merchants, self.tr("상점"))
        self.tabs.addTab(self.general, self.tr("일반"))
        self.tabs.addTab(self.connection, self.tr("연결"))
        self.tabs.addTab(self.ledger_tab, self.tr("원장"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("저장"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("취소"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(920, 620)

    def accept(self) -> None:
        if self.save():
            super().accept()

    def save(self) -> bool:
        """Check everything, then write; False (with the reason shown) when nothing could be saved."""
        title = self.tr("설정 저장")
        problems = self.merchants.check()
        if problems:
            self.tabs.setCurrentWidget(self.merchants)
            lead = self.tr("상점 정보에 고칠 곳이 있어 저장하지 않았습니다.")
            messages.warn(self, title, lead + "\n\n" + "\n".join(problems))
            return False
        try:
            choice = self.connection.choice()
        except ValueError as exc:
            self.tabs.setCurrentWidget(self.connection)
            messages.warn(self, title, self.tr("취소 서버 주소를 고쳐 주세요.") + "\n\n" + str(exc))
            return False
        if _is_production(choice) and not _is_production(self.endpoint_before) and not messages.ask(
            self, self.tr("운영 서버 사용"),
            self.tr("취소 요청을 스마트로 운영 서버({url})로 보냅니다.\n\n이제부터 취소하면 고객에게 실제로 환불되며 "
                    "되돌릴 수 없습니다. 운영 서버를 쓰는 동안 창 위쪽에 빨간 띠가 표시됩니다.\n\n운영 서버로 바꿀까요?"
                    ).format(url=_base(choice)),
            yes=self.tr("운영 서버로 바꾸기"), no=self.tr("바꾸지 않기")):
            return False
        problem = self.ledger_tab.check()
        if problem:
            self.tabs.setCurrentWidget(self.ledger_tab)
            messages.warn(self, title, problem)
            return False
        actor = self.general.actor_edit.text().strip()
        previous_actor = self.ledger.actor
        self.ledger.actor = actor or actor_name()
        try:
            applied = apply(self.merchants.drafts, self.ledger, self.store,
                            store_kind="keyring" if self.persistent else "session")
            self.ledger_tab.save_password()
        except (SecretsError, OSError, RuntimeError, *database_errors()) as exc:  # RuntimeError: LedgerBusy
            self.ledger.actor = previous_actor
            log.warning("settings not saved: %s", type(exc).__name__)  # never the message: it may quote a value
            messages.error(self, title, self.tr("저장하지 못했습니다.") + "\n\n" + messages.describe(exc))
            return False
        self.merchants.model.layoutChanged.emit()
        self.merchants.check()
        changes = self.changes
        changes.merchants |= bool(applied.merchants)
        changes.secrets |= bool(applied.secrets)
        changes.actor |= actor != self.settings.get(ACTOR_NAME)
        changes.language |= self.general.language != self.settings.get(S.LANGUAGE)
        changes.endpoint |= choice != self.endpoint_before
        changes.ledger |= self.ledger_tab.setting() != self.settings.get(S.LEDGER_LOCATION)
        self.settings.set(ACTOR_NAME, actor)
        self.settings.set(S.LEDGER_LOCATION, self.ledger_tab.setting())
        self.settings.set(S.LANGUAGE, self.general.language)
        choice.save(self.settings)
        self.settings.sync()
        self.endpoint_before = choice
        log.info("settings saved: %s", changes)
        return True


def _is_production(choice: EndpointSettings) -> bool:
    try:
        return choice.kind != "sandbox" and choice.resolve("").is_production
    except ValueError:
        return False


def _base(choice: EndpointSettings) -> str:
    return choice.resolve("").base_url if choice.kind != "sandbox" else ""


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color:#555555;")
    return label


def open_settings_dialog(parent: QWidget | None, *, ledger: Ledger, settings: S.SettingsStore,
                         secrets: Secrets) -> SettingsChanges:
    """Run the settings dialog (modal); what changed (falsy when nothing was saved)."""
    dialog = SettingsDialog(ledger, settings, secrets, parent)
    try:
        dialog.exec()
        return dialog.changes
    finally:
        dialog.deleteLater()


__all__ = [
    "ACTOR_NAME", "ConnectionTab", "GeneralTab", "SettingsChanges", "SettingsDialog", "TypedSessionSecrets",
    "audit_name", "open_settings_dialog", "writable_store",
]
