"""Starting the app: Korean font, the ledger from --db, the first-start offer, a ledger that cannot open."""

from __future__ import annotations

import argparse
import os
import sqlite3
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from smartro_desk import app as app_module  # noqa: E402
from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.ui import settings_store as S  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, user  # noqa: E402,F401

pytestmark = OFFSCREEN


def test_korean_font_preference(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QFontDatabase

    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: ["Arial", "NanumGothic", "Malgun Gothic"]))
    assert app_module.korean_families("win32") == ["Malgun Gothic"]
    assert app_module.korean_families("linux") == ["NanumGothic"]
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: ["Arial"]))
    assert app_module.korean_families("linux") == []


def test_icons_exist(qapp: Any) -> None:
    assert not app_module.app_icon().isNull()
    ico = Path(app_module.paths.resource_dir()) / "icons" / "smartro_desk.ico"
    assert ico.read_bytes()[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico.read_bytes()[4:6], "little") >= 5


def test_run_app_opens_the_ledger_and_offers_demo_data(qapp: Any, user: FakeUser, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ledger_path = tmp_path / "elsewhere" / "원장.sqlite"
    seen: list[Any] = []

    def answer(parent: Any, kind: str, title: str, text: str, **_: Any) -> str:
        seen.append((kind, text, [w for w in QApplication.topLevelWidgets() if w.isVisible()]))
        QTimer.singleShot(0, QApplication.quit)
        return "no"

    from smartro_desk.ui import messages

    monkeypatch.setattr(messages, "show", answer)
    # The test's quit closes the window; with quit-on-last-window-closed Qt would queue one more quit,
    # which would stop the event loops of the tests that follow (the real app ends here anyway).
    qapp.setQuitOnLastWindowClosed(False)
    try:
        assert app_module.run_app(argparse.Namespace(db=str(ledger_path))) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    (kind, text, windows), = seen
    assert kind == "question" and "원장이 비어 있습니다" in text
    main = [w for w in windows if type(w).__name__ == "MainWindow"]
    assert main and "원장.sqlite" in main[0].windowTitle()
    assert ledger_path.exists()
    settings = S.SettingsStore.in_folder(Path(os.environ["SMARTRO_DESK_HOME"]))
    assert settings.get(S.DEMO_OFFERED)
    assert (Path(os.environ["SMARTRO_DESK_HOME"]) / "logs" / "smartro_desk.log").exists()


def test_a_ledger_that_cannot_open_is_explained(qapp: Any, user: FakeUser, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    Ledger.open(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 999")
    assert app_module.run_app(argparse.Namespace(db=str(newer))) == 1
    (kind, title, text), = user.shown
    assert kind == "error" and "원장" in title and "newer.sqlite" in text and "더 새로운 버전" in text
