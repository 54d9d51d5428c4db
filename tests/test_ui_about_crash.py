"""The About dialog, and the crash hook: logged (scrubbed), explained in a dialog, the app goes on."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, user  # noqa: E402,F401

from smartro_desk import __version__  # noqa: E402
from smartro_desk.cancel.endpoints import PRODUCTION, Endpoint  # noqa: E402
from smartro_desk.cli import main  # noqa: E402
from smartro_desk.logsetup import configure  # noqa: E402
from smartro_desk.paths import AppPaths  # noqa: E402
from smartro_desk.ui.about_dialog import AboutDialog, open_about_dialog  # noqa: E402
from smartro_desk.ui.crash import CrashHandler, CrashReport, install_excepthook, show_crash_dialog  # noqa: E402


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "logs" / "smartro_desk.log"
    handler = configure(path)
    yield path
    handler.close()
    logging.getLogger("smartro_desk").removeHandler(handler)


@pytest.fixture
def shown() -> list[tuple[CrashReport, bool]]:
    return []


@pytest.fixture
def hook(log_file: Path, shown: list[tuple[CrashReport, bool]]) -> Iterator[CrashHandler]:
    def show(report: CrashReport) -> None:
        shown.append((report, threading.current_thread() is threading.main_thread()))

    handler = install_excepthook(log_file, show=show)
    yield handler
    handler.uninstall()


def test_version_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.strip() == f"smartro-desk {__version__}"


@OFFSCREEN
def test_about_shows_version_paths_and_endpoint(qtbot: Any, tmp_path: Path, user: FakeUser) -> None:
    paths = AppPaths(tmp_path / "데이터")
    dialog = AboutDialog(ledger_location=paths.ledger, paths=paths, endpoint=Endpoint("production", PRODUCTION),
                         keyring_available=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    v = {key: label.text() for key, label in dialog.values.items()}
    assert v["version"].startswith(__version__)
    assert v["ledger"] == str(paths.ledger) and v["data"] == str(paths.data) and v["log"] == str(paths.log_file)
    assert v["endpoint"] == f"스마트로 운영 — {PRODUCTION}" and "700" in dialog.values["endpoint"].styleSheet()
    assert "이번 실행" in v["keyring"]
    dialog.open_folder.click()
    assert user.opened and user.opened[0].startswith("file://") and user.opened[0].endswith("/데이터")


@OFFSCREEN
def test_open_about_dialog_is_modal_and_closes(qtbot: Any, tmp_path: Path) -> None:
    seen: list[str] = []

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        seen.append(dialog.values["endpoint"].text())
        dialog.reject()

    QTimer.singleShot(0, close)
    open_about_dialog(None, ledger_location="/x/ledger.sqlite", paths=AppPaths(tmp_path),
                      endpoint=Endpoint("sandbox", "http://127.0.0.1:5000"))
    assert seen == ["로컬 샌드박스 — http://127.0.0.1:5000"]


def test_an_exception_in_a_slot_is_logged_and_shown_and_the_app_goes_on(
        qtbot: Any, hook: CrashHandler, log_file: Path, shown: list[tuple[CrashReport, bool]]) -> None:
    def broken_slot() -> None:
        raise ValueError("could not post merchantKey=topsecret-key-42")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: len(shown) == 1)
    report, on_ui_thread = shown[0]
    assert on_ui_thread and str(log_file) in report.text and "원장" in report.text
    assert "ValueError" in report.details and "topsecret" not in report.details
    text = log_file.read_text("utf-8")
    assert "CRITICAL smartro_desk.crash" in text and "Traceback" in text and "broken_slot" in text
    assert "topsecret" not in text
    done: list[bool] = []
    QTimer.singleShot(0, lambda: done.append(True))  # the event loop still runs
    qtbot.waitUntil(lambda: done == [True])


def test_a_worker_thread_exception_is_shown_on_the_ui_thread(
        qtbot: Any, hook: CrashHandler, log_file: Path, shown: list[tuple[CrashReport, bool]]) -> None:
    def work() -> None:
        raise RuntimeError("worker failed")

    worker = threading.Thread(target=work, name="import-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    report, on_ui_thread = shown[0]
    assert on_ui_thread and report.thread == "import-worker"
    assert "[import-worker]" in log_file.read_text("utf-8") or "import-worker" in log_file.read_text("utf-8")


def test_reports_arriving_while_a_dialog_is_open_are_logged_not_stacked(log_file: Path, qtbot: Any) -> None:
    handler: CrashHandler | None = None
    reports: list[CrashReport] = []

    def show(report: CrashReport) -> None:
        reports.append(report)
        assert handler is not None
        try:
            raise KeyError("second")
        except KeyError:
            handler.handle(*sys.exc_info())  # type: ignore[arg-type]

    handler = install_excepthook(log_file, show=show)
    try:
        try:
            raise KeyError("first")
        except KeyError:
            handler.handle(*sys.exc_info())  # type: ignore[arg-type]  # no event loop: shown at once
    finally:
        handler.uninstall()
    assert len(reports) == 1 and handler.dropped == 1 and len(handler.reports) == 2
    assert log_file.read_text("utf-8").count("CRITICAL") == 2


def test_uninstall_restores_the_previous_hooks(log_file: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    handler = install_excepthook(log_file, show=lambda r: None)
    assert sys.excepthook == handler.handle
    handler.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


@OFFSCREEN
def test_default_dialog_goes_through_messages_and_opens_the_log_folder(user: FakeUser, log_file: Path) -> None:
    user.answers = ["open"]
    show_crash_dialog(CrashReport("예상하지 못한 오류", "설명", "Traceback", log_file, "MainThread"))
    assert user.shown == [("error", "예상하지 못한 오류", "설명")]
    assert user.opened and user.opened[0].endswith("/logs")
