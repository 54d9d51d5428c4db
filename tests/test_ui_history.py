"""The import history tab: a real import listed with its rejects, undone through the button, exported."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import openpyxl  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel  # noqa: E402

from fixtures_ingest.builders import form, notification  # noqa: E402
from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.ledger.model import Batch  # noqa: E402
from smartro_desk.ui.history_view import HistoryView, UndoDialog, ask_undo  # noqa: E402
from smartro_desk.ui.workers import TaskRunner  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, ledger, make_window, user, write_log  # noqa: E402,F401

pytestmark = OFFSCREEN
COLUMNS = ["가져온 시각", "파일", "형식", "인코딩", "종류", "건수", "가져옴", "중복", "거부", "건너뜀", "위변조 의심",
           "상태", "작업자"]


def log_with_reject(path: Path) -> Path:
    """Three approvals, a line without a TID (rejected on line 3) and a retried copy (a duplicate)."""
    lines = [form(notification(1, amount=1000)), form(notification(2, amount=2000)), b"TID=&Amt=1",
             form(notification(3, amount=3000)), form(notification(1, amount=1000))]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def texts(view: HistoryView, row: int) -> dict[str, str]:
    model = view.model
    return {model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data() for c in range(model.columnCount())}


@pytest.fixture
def window(make_window: Any, tmp_path: Path, qtbot: Any) -> Any:
    made = make_window()
    made.imports.show_reports = False
    made.imports.import_paths([log_with_reject(tmp_path / "inform.log")])
    qtbot.waitUntil(lambda: made.extras.history.model.rowCount() == 1)  # the change reaches the tab queued
    return made


def test_the_tab_lists_the_import_and_its_rejects(window: Any) -> None:
    view = window.extras.history
    window.extras.actions["history"].trigger()
    assert window.tabs.currentWidget() is view
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "가져오기 기록"
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())] == COLUMNS
    assert view.model.rowCount() == 1
    row = texts(view, 0)
    assert row["파일"] == "inform.log" and row["형식"] == "LOG" and row["종류"] == "통보·결과 로그"
    assert (row["건수"], row["가져옴"], row["중복"], row["거부"]) == ("5", "3", "1", "1")
    assert row["상태"] == "완료" and row["작업자"] == "tester"
    assert view.selected_batch() is not None  # the newest is selected
    assert [(r.line, r.reason) for r in view.rejects.records] == [(3, "거래번호(TID)가 없습니다")]
    assert "거부된 기록 1건" in view.rejects_title.text()
    assert view.undo_button.isEnabled() and view.export_button.isEnabled()


def test_undo_through_the_button(window: Any, ledger: Ledger, qtbot: Any) -> None:
    view = window.extras.history
    asked: list[Batch] = []
    view.ask_undo = lambda parent, batch: asked.append(batch) or "잘못 받은 파일"
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 3
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert [Path(b.path).name for b in asked] == ["inform.log"]
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 0
    assert ledger.db.scalar("SELECT COUNT(*) FROM tx_search WHERE tx_search MATCH '\"ORD-\"'") == 0  # the index too
    (entry,) = [e for e in ledger.audit_entries() if e.action == "import_undone"]
    assert entry.details["note"] == "잘못 받은 파일" and entry.details["batch"] == asked[0].id
    assert entry.details["events_removed"] == 3 and entry.actor == "tester"
    assert ledger.verify_audit().ok
    assert texts(view, 0)["상태"] == "되돌림" and "되돌렸습니다" in view.status.text()
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)  # the ledger tab follows too

    # An undone batch stays listed, and cannot be undone again.
    assert not view.undo_button.isEnabled() and view.export_button.isEnabled()
    view.undo_selected()
    assert len(asked) == 1 and ledger.batch(asked[0].id).status == "undone"


def test_a_declined_undo_changes_nothing(window: Any, ledger: Ledger, qtbot: Any) -> None:
    view = window.extras.history
    view.ask_undo = lambda parent, batch: None
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 3
    assert not [e for e in ledger.audit_entries() if e.action == "import_undone"]
    assert texts(view, 0)["상태"] == "완료" and view.undo_button.isEnabled()


def test_export_writes_the_selected_batch_report(window: Any, user: FakeUser, tmp_path: Path, qtbot: Any) -> None:
    window.imports.import_paths([write_log(tmp_path / "second.log", 2, forged=None, retried=None, start=50)])
    view = window.extras.history
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert [texts(view, r)["파일"] for r in range(view.model.rowCount())] == ["second.log", "inform.log"]
    view.select_batch(view.model.records[1].id)
    assert "inform.log" in view.rejects_title.text()
    user.save_as.append(str(tmp_path / "out" / "report"))
    (tmp_path / "out").mkdir()
    with qtbot.waitSignal(view.finished):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    path = tmp_path / "out" / "report.xlsx"
    assert user.shown[-1][:2] == ("info", "내보내기 완료") and str(path) in user.shown[-1][2]
    book = openpyxl.load_workbook(path)
    batches = [r for r in book.worksheets[0].iter_rows(values_only=True) if r and str(r[1]).endswith("inform.log")]
    issues = [r for r in book.worksheets[1].iter_rows(values_only=True) if r and str(r[1]).endswith("inform.log")]
    assert len(batches) == 1 and {r[3] for r in issues} == {"거부", "중복"}
    assert not [r for r in book.worksheets[0].iter_rows(values_only=True) if r and str(r[1]).endswith("second.log")]


def test_imports_on_a_worker_thread_appear(make_window: Any, tmp_path: Path, qtbot: Any) -> None:
    runner = TaskRunner()
    try:
        made = make_window(runner=runner)
        made.imports.show_reports = False
        view = made.extras.history
        assert view.model.rowCount() == 0 and not view.undo_button.isEnabled()
        assert view.status.text() == "아직 가져온 파일이 없습니다."
        with qtbot.waitSignal(made.imports.finished, timeout=30_000):
            made.imports.import_paths([log_with_reject(tmp_path / "a.log")])
        qtbot.waitUntil(lambda: view.model.rowCount() == 1)
        view.ask_undo = lambda parent, batch: ""
        with qtbot.waitSignal(view.finished, timeout=30_000):
            view.undo_selected()
        qtbot.waitUntil(lambda: texts(view, 0)["상태"] == "되돌림")
    finally:
        runner.cancel_all()
        runner.wait(20_000)


def test_the_confirmation_dialog(qtbot: Any, window: Any) -> None:
    batch = window.extras.history.model.records[0]
    seen: list[str] = []

    def answer(note: str | None) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UndoDialog)
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        if note is None:
            dialog.reject()
            return
        dialog.note.setText(note)
        next(b for b in dialog.findChild(QDialogButtonBox).buttons() if b.text() == "되돌리기").click()

    QTimer.singleShot(0, lambda: answer("  메모  "))
    assert ask_undo(window, batch) == "메모"
    assert any("inform.log" in text and "되돌릴까요" in text for text in seen)
    QTimer.singleShot(0, lambda: answer(None))
    assert ask_undo(window, batch) is None


def test_the_tab_speaks_english(make_window: Any, qtbot: Any, qapp: Any, tmp_path: Path) -> None:
    from smartro_desk.ui.i18n import Translations

    translations = Translations(qapp)
    window = make_window(translations=translations)
    view = window.extras.history
    try:
        window.set_language("en")
        qtbot.waitUntil(lambda: view.undo_button.text() == "Undo…")
        assert window.tabs.tabText(window.tabs.indexOf(view)) == "Import history"
        assert window.extras.actions["history"].text() == "Import history"
        assert view.model.headerData(0, Qt.Orientation.Horizontal) == "Imported at"
        assert view.status.text() == "No files imported yet."
        recon = window.extras.recon  # the reconcile tab's own models follow too
        assert recon.settlement_models["day"].headerData(2, Qt.Orientation.Horizontal) == "Approved"
    finally:
        translations.switch("ko")
