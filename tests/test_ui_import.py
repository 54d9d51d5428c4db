"""Importing from the window: on a real worker thread, cancelled, and with a column mapping."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from fixtures_ingest.builders import form, notification  # noqa: E402
from smartro_desk.ingest import UnknownLayout, parse_worker  # noqa: E402
from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.ui.mapping_dialog import MappingChoice, MappingDialog  # noqa: E402
from smartro_desk.ui.settings_store import LAST_FOLDER  # noqa: E402
from smartro_desk.ui.workers import TaskRunner  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, ledger, make_window, user, write_log  # noqa: E402,F401

pytestmark = OFFSCREEN

SHEET = (
    "col_a,col_b,col_c,col_d,col_e\n"
    "SMTPAY001m01012403051431000001,15000,2024-03-05 14:31:00,ORD-1,김민준\n"
    "SMTPAY001m01012403051432000002,27000,2024-03-05 14:32:00,ORD-2,이서연\n"
)
MAPPING = {"col_a": "TID", "col_b": "Amt", "col_c": "AuthDate", "col_d": "OID", "col_e": "Name"}


def big_log(path: Path, count: int) -> Path:
    path.write_bytes(b"\n".join(form(notification(n, amount=1000 + n)) for n in range(1, count + 1)) + b"\n")
    return path


@pytest.fixture
def runner(qtbot: Any) -> Any:
    made = TaskRunner()
    yield made
    made.cancel_all()
    made.wait(20_000)


def test_import_runs_on_a_worker_with_progress(make_window: Any, runner: TaskRunner, tmp_path: Path,
                                                qtbot: Any, ledger: Ledger) -> None:
    window = make_window(runner=runner)
    updates: list[Any] = []
    original = window.progress.update_progress
    window.progress.update_progress = lambda update: (updates.append(update), original(update))
    path = big_log(tmp_path / "big.log", 12_000)
    with qtbot.waitSignal(window.imports.finished, timeout=60_000) as finished:
        window.imports.import_paths([path])
        assert window.imports.busy and window.progress.isVisible()
    (report,) = finished.args[0]
    assert report.imported == 12_000 and not report.error
    assert updates and updates[-1].done == updates[-1].total
    assert not window.progress.isVisible() and not window.imports.busy
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 12_000


def test_cancel_leaves_the_ledger_as_it_was(make_window: Any, runner: TaskRunner, tmp_path: Path,
                                             qtbot: Any, ledger: Ledger) -> None:
    window = make_window(runner=runner)
    first, second = big_log(tmp_path / "a.log", 20_000), write_log(tmp_path / "b.log")
    with qtbot.waitSignal(window.imports.finished, timeout=60_000) as finished:
        window.imports.import_paths([first, second])
        window.progress.cancel()
    reports = finished.args[0]
    assert [Path(r.path).name for r in reports] == ["a.log", "b.log"]
    assert "취소" in reports[0].error and "취소" in reports[1].error
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 0
    assert ledger.batches() == []
    assert window.imports.report_dialog.reports == reports


@pytest.mark.parametrize("in_worker", [False, True], ids=["here", "in the parse worker"])
def test_unknown_sheet_asks_for_columns_then_remembers(make_window: Any, tmp_path: Path, ledger: Ledger,
                                                       monkeypatch: pytest.MonkeyPatch, in_worker: bool) -> None:
    if in_worker:  # as a big sheet is read: the layout question comes back from the worker process
        monkeypatch.setattr(parse_worker, "SHEET_PARALLEL_FROM", 0)
    window = make_window()
    asked: list[UnknownLayout] = []

    def answer(parent: Any, error: UnknownLayout) -> MappingChoice:
        asked.append(error)
        return MappingChoice("우리 정산 엑셀", "export", MAPPING)

    window.imports.ask_mapping = answer
    sheet = tmp_path / "정산.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    window.imports.import_paths([sheet])
    (report,) = window.imports.report_dialog.reports
    assert report.imported == 2 and not report.error
    assert asked[0].headers == tuple(MAPPING)
    more = tmp_path / "정산2.csv"
    more.write_text(SHEET + "SMTPAY001m01012403051433000003,5000,2024-03-05 14:33:00,ORD-3,박지훈\n", encoding="utf-8")
    window.imports.import_paths([more])
    assert len(asked) == 1  # the saved profile recognised the layout
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 3


def test_declining_the_mapping_imports_nothing(make_window: Any, tmp_path: Path, ledger: Ledger) -> None:
    window = make_window()
    sheet = tmp_path / "모름.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    window.imports.import_paths([sheet])
    (report,) = window.imports.report_dialog.reports
    assert report.error and report.imported == 0
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 0


def test_menu_import_uses_the_same_path(make_window: Any, tmp_path: Path, user: FakeUser) -> None:
    window = make_window()
    user.files.append([str(write_log(tmp_path / "menu.log"))])
    window.actions["import"].trigger()
    assert window.actions["import"].shortcut().toString() == "Ctrl+O"
    (report,) = window.imports.report_dialog.reports
    assert report.imported == 13
    assert window.ctx.settings.get(LAST_FOLDER) == str(tmp_path)


def test_mapping_dialog(qtbot: Any) -> None:
    error = UnknownLayout("c:/정산.xlsx", ["거래번호", "금액X", "메모"], samples=[["SMTPAY001m01...", "1,000", "a"]],
                          guess={"거래번호": "TID"})
    dialog = MappingDialog(error)
    qtbot.addWidget(dialog)
    assert dialog.combos["거래번호"].currentData() == "TID"
    assert dialog.ok_button.isEnabled()
    assert dialog.name.text() == "정산"
    dialog.combos["거래번호"].setCurrentIndex(0)
    assert not dialog.ok_button.isEnabled() and "TID" in dialog.problem.text()
    dialog.combos["금액X"].setCurrentIndex(dialog.combos["금액X"].findData("TID"))
    dialog.combos["메모"].setCurrentIndex(dialog.combos["메모"].findData("TID"))
    assert "두 열" in dialog.problem.text()
    dialog.combos["메모"].setCurrentIndex(0)
    dialog.kind_orders.setChecked(True)
    assert "OID" in dialog.problem.text()
    dialog.kind_export.setChecked(True)
    assert dialog.choice() == MappingChoice("정산", "export", {"금액X": "TID"})


def test_the_report_shown_after_an_import_saves_to_excel(make_window: Any, runner: TaskRunner, tmp_path: Path,
                                                         qtbot: Any, user: FakeUser) -> None:
    """The dialog at the end of a run saves that run's import report: its files' counts, then every record not
    imported with its line and reason (the same workbook the history tab writes), on a worker."""
    window = make_window(runner=runner)
    lines = [form(notification(1)), b"TID=&Amt=1", form(notification(2)), form(notification(1)), b"\x81\xff\x00"]
    (tmp_path / "inform.log").write_bytes(b"\n".join(lines) + b"\n")
    with qtbot.waitSignal(window.imports.finished, timeout=60_000):
        window.imports.import_paths([tmp_path / "inform.log", tmp_path / "missing.log"])
    dialog = window.imports.report_dialog
    assert dialog.export_button.isEnabled() and dialog.export_button.text() == "엑셀로 내보내기…"
    user.save_as.append(str(tmp_path / "report"))
    with qtbot.waitSignal(window.imports.exported, timeout=30_000):
        dialog.export_button.click()
        assert not dialog.export_button.isEnabled() and dialog.export_button.text() == "내보내는 중…"
    assert dialog.export_button.isEnabled()
    path = tmp_path / "report.xlsx"
    assert user.shown[-1][:2] == ("info", "내보내기 완료") and str(path) in user.shown[-1][2]
    import openpyxl

    book = openpyxl.load_workbook(path)
    files = [r for r in book.worksheets[0].iter_rows(values_only=True) if r and str(r[1]).endswith(".log")]
    assert [(Path(r[1]).name, r[5], r[6], r[7], r[8]) for r in files] == [("inform.log", 5, 2, 1, 2)]
    issues = {r[2]: r[3:5] for r in book.worksheets[1].iter_rows(values_only=True) if r and str(r[1]).endswith("inform.log")}
    assert issues == {2: ("거부", "거래번호(TID)가 없습니다"), 4: ("중복", issues[4][1]),
                      5: ("거부", "읽을 수 없는 줄입니다 (손상된 데이터)")}
    assert issues[4][1] == f"event #{window.ctx.ledger.db.scalar('SELECT MIN(id) FROM events')}"  # line 1's event


def test_a_report_with_nothing_imported_has_nothing_to_save(make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    window.imports.import_paths([tmp_path / "missing.log"])
    dialog = window.imports.report_dialog
    assert dialog.reports[0].error and dialog.batch_ids == []
    assert not dialog.export_button.isEnabled()


def test_the_ledger_file_settles_after_the_run(make_window: Any, tmp_path: Path, qtbot: Any, ledger: Ledger) -> None:
    """An import commits without copying SQLite's WAL into the file; once the run is over a worker does."""
    window = make_window()
    window.imports.show_reports = False
    file = Path(ledger.location)
    before = file.stat().st_size
    with qtbot.waitSignal(window.imports.settled, timeout=30_000) as settled:
        window.imports.import_paths([big_log(tmp_path / "inform.log", 3_000)])
    assert type(settled.args[0]).__name__ == "Done"
    assert file.stat().st_size > before + 1_000_000  # the 3,000 records are in the file itself now


def test_an_english_window_shows_and_saves_the_reasons_in_english(make_window: Any, tmp_path: Path,
                                                                  user: FakeUser, qtbot: Any) -> None:
    """The ledger keeps the importer's reasons in Korean; the English report, its export and the history tab
    show them in English."""
    from smartro_desk.ui.settings_store import LANGUAGE

    window = make_window()
    window.ctx.settings.set(LANGUAGE, "en")
    lines = [form(notification(1)), b"TID=&Amt=1", b"\x81\xff\x00"]
    (tmp_path / "inform.log").write_bytes(b"\n".join(lines) + b"\n")
    window.imports.import_paths([tmp_path / "inform.log", tmp_path / "gone.log"])
    dialog = window.imports.report_dialog
    model = dialog.rejects_model
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [
        "No transaction number (TID)", "Unreadable line (damaged data)"]
    assert window.ctx.ledger.batch_issues(dialog.batch_ids[0])[0].reason == "거래번호(TID)가 없습니다"  # as kept
    assert dialog.reports[1].error == "파일을 열 수 없습니다: No such file or directory"  # as the importer words it
    assert dialog.reports_model.index(1, 8).data() == "Cannot open the file: No such file or directory"
    user.save_as.append(str(tmp_path / "report.xlsx"))
    dialog.export_button.click()
    import openpyxl

    rows = [r for r in openpyxl.load_workbook(tmp_path / "report.xlsx").worksheets[1].iter_rows(values_only=True)
            if r and str(r[1]).endswith("inform.log")]
    assert [(r[3], r[4]) for r in rows] == [("Rejected", "No transaction number (TID)"),
                                           ("Rejected", "Unreadable line (damaged data)")]
    history = window.extras.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)  # the change reaches the tab queued
    window.set_language("en")  # as the settings dialog switches it: every tab follows, not only the menu's
    history.select_batch(dialog.batch_ids[0])
    assert [history.rejects.index(r, 1).data() for r in range(history.rejects.rowCount())] == [
        "No transaction number (TID)", "Unreadable line (damaged data)"]
