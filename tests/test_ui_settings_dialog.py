"""The settings dialog: merchants to the ledger, secrets to the keyring only (masked, never shown),
a session-only store where no keyring exists, the endpoint choice with its production warning."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backends import fail  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, ledger, user  # noqa: E402,F401

from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.logsetup import configure  # noqa: E402
from smartro_desk.secrets import CANCEL_PASSWORD, MERCHANT_KEY, KeyringSecrets, Secrets  # noqa: E402
from smartro_desk.ui import settings_store as S  # noqa: E402
from smartro_desk.ui.endpoint import EndpointSettings, current_endpoint  # noqa: E402
from smartro_desk.ui.settings_dialog import (  # noqa: E402
    ACTOR_NAME, SettingsDialog, TypedSessionSecrets, audit_name, open_settings_dialog, writable_store,
)

KEY = "bXktcmVhbC1tZXJjaGFudC1rZXktZm9yLXRlc3Rz+/AbCdEf=="
PASSWORD = "cancel-pw-9876"
MID = "MYSHOP001m"
pytestmark = OFFSCREEN


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def settings(home: Path) -> S.SettingsStore:
    return S.SettingsStore.in_folder(home)


@pytest.fixture
def log_file(home: Path) -> Iterator[Path]:
    path = home / "logs" / "smartro_desk.log"
    handler = configure(path, level=logging.DEBUG)
    yield path
    handler.close()
    logging.getLogger("smartro_desk").removeHandler(handler)


def make_dialog(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                secrets: Secrets | None = None) -> SettingsDialog:
    dialog = SettingsDialog(ledger, settings, secrets if secrets is not None else Secrets())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(edit: QLineEdit, text: str) -> None:
    """Replace the text as a user would: keys for ASCII, an input-method commit for Hangul."""
    edit.selectAll()
    if text.isascii():
        QTest.keyClicks(edit, text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)


def add_merchant(dialog: SettingsDialog, mid: str, name: str, subs: str = "", key: str = "", pw: str = "") -> None:
    tab = dialog.merchants
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    type_into(tab.mid_edit, mid)
    type_into(tab.name_edit, name)
    if subs:
        type_into(tab.subs_edit, subs)
    if key:
        type_into(tab.key_field.edit, key)
    if pw:
        type_into(tab.password_field.edit, pw)


def every_file_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_secrets_go_to_the_keyring_and_nowhere_else(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                    home: Path, log_file: Path, memory_keyring: Any,
                                                    user: FakeUser) -> None:
    dialog = make_dialog(qtbot, ledger, settings)
    add_merchant(dialog, MID, "우리 쇼핑몰", "MYSUB0001m, MYSUB0002m", KEY, PASSWORD)
    assert dialog.merchants.check() == []
    assert dialog.save(), user.shown
    assert memory_keyring.values[("smartro_desk", f"{MID}:{MERCHANT_KEY}")] == KEY
    assert memory_keyring.values[("smartro_desk", f"{MID}:{CANCEL_PASSWORD}")] == PASSWORD
    assert ledger.merchants() == [(MID, "우리 쇼핑몰", None), ("MYSUB0001m", "", MID), ("MYSUB0002m", "", MID)]
    actions = [e.action for e in ledger.audit_entries()]
    assert actions.count("merchant_saved") == 3 and actions.count("secret_changed") == 2
    logging.getLogger("smartro_desk.test").info("a line with %s and %s", KEY, PASSWORD)  # scrubbed: registered
    settings.sync()
    on_disk = every_file_bytes(home)
    assert (home / "settings.ini").exists() and log_file.exists()
    for secret in (KEY, PASSWORD):
        assert secret.encode() not in on_disk
        assert secret.encode("utf-16-le") not in on_disk
    assert b"MYSUB0002m" in on_disk and "우리 쇼핑몰".encode() in on_disk  # the scan does see the ledger


def test_stored_secrets_are_masked_and_never_shown(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                   user: FakeUser) -> None:
    KeyringSecrets().set(MID, MERCHANT_KEY, KEY)
    ledger.upsert_merchant(MID, "우리 쇼핑몰")
    ledger.upsert_merchant("SMTPAY001m", "테스트 상점")
    dialog = make_dialog(qtbot, ledger, settings)
    tab = dialog.merchants
    model = tab.model
    texts = [str(model.data(model.index(r, c))) for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert KEY not in "".join(texts)
    row = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    assert model.data(model.index(row[MID], 3)) == "설정됨" and model.data(model.index(row[MID], 4)) == "없음"
    assert model.data(model.index(row["SMTPAY001m"], 3)) == "공개 테스트 키"
    tab.table.selectRow(row[MID])
    assert tab.key_field.edit.echoMode() == QLineEdit.EchoMode.Password and tab.key_field.edit.text() == ""
    assert tab.mid_edit.isReadOnly() and not tab.remove_button.isEnabled()
    assert all(KEY not in edit.text() for edit in dialog.findChildren(QLineEdit))
    # replace the password, delete the key
    type_into(tab.password_field.edit, PASSWORD)
    QTest.mouseClick(tab.key_field.clear_button, Qt.MouseButton.LeftButton)
    assert model.data(model.index(row[MID], 3)) == "저장하면 지워짐"
    assert model.data(model.index(row[MID], 4)) == "저장하면 바뀜"
    assert dialog.save()
    assert KeyringSecrets().get(MID, MERCHANT_KEY) is None and KeyringSecrets().get(MID, CANCEL_PASSWORD) == PASSWORD
    assert dialog.changes.secrets and not dialog.changes.endpoint
    assert model.data(model.index(row[MID], 3)) == "없음" and tab.key_field.edit.text() == ""


def test_without_a_keyring_secrets_are_kept_for_the_session_only(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                                 home: Path, user: FakeUser) -> None:
    keyring.set_keyring(fail.Keyring())
    app_secrets = Secrets()
    dialog = make_dialog(qtbot, ledger, settings, app_secrets)
    assert not dialog.persistent
    notice = dialog.merchants.notice
    assert notice.isVisibleTo(dialog) and "저장할 수 없습니다" in notice.text() and "끝낼 때까지만" in notice.text()
    add_merchant(dialog, MID, "우리 쇼핑몰", key=KEY, pw=PASSWORD)
    assert dialog.save()
    assert app_secrets.merchant(MID).merchant_key == KEY  # the app's own chain sees it at once
    assert app_secrets.merchant(MID).cancel_password == PASSWORD
    assert [type(s) for s in app_secrets.stores] == [TypedSessionSecrets]
    assert ledger.audit_entries()[-1].details["store"] == "session"
    settings.sync()
    assert KEY.encode() not in every_file_bytes(home)
    again = make_dialog(qtbot, ledger, settings, app_secrets)
    assert writable_store(app_secrets)[0] is app_secrets.stores[0]
    assert again.merchants.model.data(again.merchants.model.index(0, 3)) == "설정됨 (이번 실행만)"


@pytest.mark.parametrize(("mid", "subs", "expected"), [
    ("SHORT", "", "10자리"),
    ("MYSHOP001!", "", "10자리"),
    (MID, "MYSHOP001m", "자신을 서브몰"),
    (MID, "MYSUB0001m, MYSUB0001m", "두 번"),
    (MID, "MYSUB01", "서브몰 MID는"),
])
def test_invalid_merchants_are_refused_and_nothing_is_written(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                              user: FakeUser, memory_keyring: Any, mid: str,
                                                              subs: str, expected: str) -> None:
    dialog = make_dialog(qtbot, ledger, settings)
    add_merchant(dialog, mid, "이름", subs, key=KEY)
    assert not dialog.save()
    assert user.shown and user.shown[-1][0] == "warning" and expected in user.shown[-1][2]
    assert expected in dialog.merchants.problems.text()
    assert ledger.merchants() == [] and memory_keyring.values == {}


def test_every_mistake_has_its_wording_and_the_english_window_shows_it(
        qtbot: Any, qapp: Any, ledger: Ledger, settings: S.SettingsStore, user: FakeUser) -> None:
    import re
    from typing import get_args

    from smartro_desk.ui.i18n import Translations
    from smartro_desk.ui.merchant_drafts import ProblemKind
    from smartro_desk.ui.merchant_editor import PROBLEM_TEXTS

    assert set(PROBLEM_TEXTS) == set(get_args(ProblemKind))
    translations = Translations(qapp)
    translations.switch("en")
    try:
        dialog = make_dialog(qtbot, ledger, settings)
        add_merchant(dialog, "SHORT", "name", "SHORT00001, SHORT00001", key=KEY)
        text = dialog.merchants.problems.text()
        assert "A MID is 10 letters and digits: 'SHORT'" in text
        assert "Sub-mall SHORT00001 is listed twice under the same merchant" in text
        assert not re.search("[\uac00-\ud7a3]", text)
        model = dialog.merchants.model
        assert [model.headerData(n, Qt.Orientation.Horizontal) for n in range(5)] == [
            "MID", "Display name", "Sub-mall MID", "Merchant key", "Cancel password"]
        assert {model.data(model.index(0, n)) for n in (3, 4)} <= {"Changes on save", "Not set"}
    finally:
        translations.switch("ko")


def test_new_rows_can_be_removed_saved_ones_cannot(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                   user: FakeUser) -> None:
    ledger.upsert_merchant("SMTSUB001m", "서브몰 상점")
    for sub in ("SMTSUB002m", "SMTSUB003m"):
        ledger.upsert_merchant(sub, "", "SMTSUB001m")
    dialog = make_dialog(qtbot, ledger, settings)
    tab = dialog.merchants
    assert tab.subs_edit.text() == "SMTSUB002m, SMTSUB003m"
    type_into(tab.subs_edit, "SMTSUB002m, SMTSUB004m")  # 003 leaves, 004 joins
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.remove_button.isEnabled() and tab.model.rowCount() == 2
    QTest.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1
    assert dialog.save()
    assert ledger.sub_mall_mids("SMTSUB001m") == ["SMTSUB002m", "SMTSUB004m"]
    assert ("SMTSUB003m", "", None) in ledger.merchants()


def test_general_tab_sets_the_audit_name_and_language(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                      user: FakeUser) -> None:
    dialog = make_dialog(qtbot, ledger, settings)
    type_into(dialog.general.actor_edit, "재무팀 김지현")
    dialog.general.language_combo.setCurrentIndex(dialog.general.language_combo.findData("en"))
    assert dialog.save()
    assert settings.get(ACTOR_NAME) == "재무팀 김지현" and audit_name(settings) == "재무팀 김지현"
    assert ledger.actor == "재무팀 김지현" and settings.get(S.LANGUAGE) == "en"
    assert dialog.changes.actor and dialog.changes.language and not dialog.changes.merchants
    settings.set(ACTOR_NAME, "  ")
    assert audit_name(settings)  # falls back to the OS user


def test_endpoint_choice_with_production_confirmation(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                      user: FakeUser) -> None:
    dialog = make_dialog(qtbot, ledger, settings)
    tab = dialog.connection
    assert tab.radios["sandbox"].isChecked() and not tab.url_edit.isEnabled()
    tab.radios["production"].setChecked(True)
    user.answers = ["no"]
    assert not dialog.save()
    assert user.shown[-1][0] == "question" and "실제로 환불" in user.shown[-1][2]
    assert EndpointSettings.load(settings).kind == "sandbox"
    user.answers = ["yes"]
    assert dialog.save() and dialog.changes.endpoint
    assert current_endpoint(settings, "http://127.0.0.1:1").is_production
    shown = len(user.shown)
    assert dialog.save() and len(user.shown) == shown  # already production: not asked again


def test_custom_url_is_checked_and_normalised(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                              user: FakeUser) -> None:
    dialog = make_dialog(qtbot, ledger, settings)
    tab = dialog.connection
    tab.radios["custom"].setChecked(True)
    assert tab.url_edit.isEnabled()
    type_into(tab.url_edit, "https://pg.example.co.kr/cancel")
    assert "경로" in tab.url_status.text()
    assert not dialog.save() and "경로" in user.shown[-1][2]
    type_into(tab.url_edit, "HTTPS://PG.Example.co.kr:443")
    assert "https://pg.example.co.kr" in tab.url_status.text()
    assert dialog.save()
    assert EndpointSettings.load(settings) == EndpointSettings("custom", "https://pg.example.co.kr")
    type_into(tab.url_edit, "https://pay.smilepay.co.kr")  # production hidden behind "custom"
    assert "운영" in tab.url_status.text()
    user.answers = ["yes"]
    assert dialog.save() and user.shown[-1][0] == "question"
    assert current_endpoint(settings, "http://127.0.0.1:1").is_production


def test_open_settings_dialog_reports_changes(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                              user: FakeUser) -> None:
    def interact() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialog.connection.radios["test"].setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, interact)
    changes = open_settings_dialog(None, ledger=ledger, settings=settings, secrets=Secrets())
    assert changes and changes.endpoint and not changes.secrets
    assert current_endpoint(settings, "http://127.0.0.1:1").kind == "test"

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    assert not open_settings_dialog(None, ledger=ledger, settings=settings, secrets=Secrets())


def test_a_keyring_that_refuses_leaves_the_ledger_untouched(qtbot: Any, ledger: Ledger, settings: S.SettingsStore,
                                                            user: FakeUser, memory_keyring: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = make_dialog(qtbot, ledger, settings)
    add_merchant(dialog, MID, "우리 쇼핑몰", key=KEY)
    assert not dialog.save()
    assert user.shown[-1][0] == "error" and "키 저장소에 저장하지 못했습니다" in user.shown[-1][2]
    assert KEY not in user.shown[-1][2]
    assert ledger.merchants() == [] and not dialog.changes
