"""The window on a shared ledger: another desk's change shows up by itself, and Settings → 원장
keeps the URL in the settings and its password in the keyring only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, make_context, user  # noqa: E402,F401

from smartro_desk.ledger import EventRecord, Ledger  # noqa: E402
from smartro_desk.ledger.location import SECRET_SLOT, resolve  # noqa: E402
from smartro_desk.secrets import KeyringSecrets, Secrets  # noqa: E402
from smartro_desk.ui import settings_store as S  # noqa: E402
from smartro_desk.ui.settings_dialog import SettingsDialog  # noqa: E402

pytestmark = OFFSCREEN


def approval(n: int) -> EventRecord:
    """An approval dated today (the window's default filter is this month)."""
    now = datetime.now()
    tid = f"SMTPAY001m0101{now:%y%m%d%H%M%S}{n:04d}"
    return EventRecord(tid=tid, otid=tid, kind="approval", channel="notification", fields={"TID": tid},
                       mid="SMTPAY001m", pay_method="CARD", order_id=f"ORD-{n}", amount=1_000 * n,
                       occurred_at=f"{now:%Y-%m-%d %H:%M:%S}", sign_status="verified")


@pytest.fixture
def shared(ledger_location: str | Path) -> Iterator[Ledger]:
    opened = Ledger.open(ledger_location, actor="kim")
    yield opened
    opened.close()


def test_another_desks_import_reaches_the_open_window(qtbot: Any, shared: Ledger, tmp_path: Path, user: FakeUser) -> None:
    from smartro_desk.ui.main_window import MainWindow

    shared.add_events([approval(1)])
    window = MainWindow(make_context(shared, tmp_path / "home"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5_000)
    assert window.remote_label.text() == ""
    other_desk = Ledger.open(shared.location, actor="lee")
    try:
        other_desk.add_events([approval(2), approval(3)])
    finally:
        other_desk.close()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)
    assert "다른 사용자" in window.remote_label.text()
    window.close()


def test_the_ledger_tab_keeps_the_password_out_of_the_settings(qtbot: Any, tmp_path: Path, memory_keyring: Any,
                                                               user: FakeUser) -> None:
    settings = S.SettingsStore.in_folder(tmp_path / "home")
    ledger = Ledger.open(tmp_path / "home" / "ledger.sqlite")
    dialog = SettingsDialog(ledger, settings, Secrets(KeyringSecrets()))
    qtbot.addWidget(dialog)
    tab = dialog.ledger_tab
    assert tab.local.isChecked() and not tab.url_edit.isEnabled()
    tab.shared.setChecked(True)
    tab.url_edit.setText("mysql://team")
    assert not dialog.save()
    assert "postgresql://" in user.shown[-1][2] and settings.get(S.LEDGER_LOCATION) == ""
    tab.url_edit.setText("postgresql://kim:s3cret@db.example:5432/ledger")
    assert dialog.save() and dialog.changes.ledger
    settings.sync()
    bare = "postgresql://kim@db.example:5432/ledger"
    assert settings.get(S.LEDGER_LOCATION) == bare
    assert "s3cret" not in (tmp_path / "home" / "settings.ini").read_text("utf-8")
    assert memory_keyring.values[("smartro_desk", f"{SECRET_SLOT}:{bare}")] == "s3cret"
    assert resolve(bare, Path("x.sqlite"), KeyringSecrets()) == "postgresql://kim:s3cret@db.example:5432/ledger"
    tab.local.setChecked(True)
    assert dialog.save() and settings.get(S.LEDGER_LOCATION) == ""
    ledger.close()


def test_the_connection_test_runs_off_the_ui_thread_and_reports(qtbot: Any, tmp_path: Path) -> None:
    settings = S.SettingsStore.in_folder(tmp_path / "home")
    ledger = Ledger.open(tmp_path / "home" / "ledger.sqlite")
    dialog = SettingsDialog(ledger, settings, Secrets(KeyringSecrets()))
    qtbot.addWidget(dialog)
    tab = dialog.ledger_tab
    tab.shared.setChecked(True)
    tab.url_edit.setText("postgresql://nobody:secret@127.0.0.1:9/none")
    tab.test_button.click()
    assert tab.status.text() == "연결하는 중…" and not tab.test_button.isEnabled()  # the click returned at once
    qtbot.waitUntil(lambda: "연결하지 못했습니다" in tab.status.text(), timeout=10_000)
    assert "secret" not in tab.status.text() and tab.test_button.isEnabled()
    if os.environ.get("SMARTRO_TEST_PG_URL"):
        tab.url_edit.setText(os.environ["SMARTRO_TEST_PG_URL"])
        tab.test_button.click()
        qtbot.waitUntil(lambda: tab.status.text().startswith("연결되었습니다"), timeout=10_000)
    ledger.close()
