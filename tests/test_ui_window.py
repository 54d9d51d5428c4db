"""The real window, driven like a user: drop a file, filter, sort, open a detail, switch language."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402

from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries  # noqa: E402
from smartro_desk.ui import settings_store as S  # noqa: E402
from smartro_desk.ui.detail_data import sales_slip_url  # noqa: E402
from smartro_desk.ui.presets import FilterState  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, ledger, make_window, user, write_log  # noqa: E402,F401

pytestmark = OFFSCREEN
ALL_DATES = FilterState("all")


def drop(window: Any, paths: list[Path]) -> None:
    """What Qt does when files are dropped on the window."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


@pytest.fixture
def imported(make_window: Any, tmp_path: Path, qtbot: Any) -> Any:
    """A window after dropping a 12-payment log (one retry, one forged copy) on it."""
    window = make_window()
    window.ledger_view.apply_filter(ALL_DATES)
    with qtbot.waitSignal(window.model.refreshed, timeout=5000):
        drop(window, [write_log(tmp_path / "inform.log")])
    return window


def test_drop_imports_and_reports(imported: Any, ledger: Ledger, qtbot: Any) -> None:
    report = imported.imports.report_dialog
    assert report is not None and report.isVisible()
    (file_report,) = report.reports
    assert (file_report.records, file_report.imported, file_report.duplicates, file_report.flagged) == (14, 13, 1, 1)
    assert "13건 가져옴" in report.summary.text()
    assert imported.model.rowCount() == 12
    qtbot.waitUntil(lambda: imported.model.summary is not None and imported.model.summary.count == 12)
    assert imported.model.summary == TransactionQueries(ledger.db).summary(TransactionFilter())
    assert imported.model.summary.flagged == 1
    assert "위변조 의심 <b>1</b>건" in imported.summary_bar.text.text()


def test_the_same_file_again_adds_nothing(imported: Any, tmp_path: Path) -> None:
    imported.imports.import_paths([tmp_path / "inform.log"])
    (again,) = imported.imports.report_dialog.reports
    assert again.already_imported_as is not None and again.imported == 0
    assert "이미 가져온 파일" in imported.imports.report_dialog.reports_model.outcome(again)


def test_filter_by_text_and_state(imported: Any, qtbot: Any) -> None:
    bar = imported.ledger_view.filter_bar
    with qtbot.waitSignal(imported.model.refreshed, timeout=5000):
        qtbot.keyClicks(bar.search, "ORD-000003")
    assert imported.model.rowCount() == 1
    assert imported.model.row_values(0)["order_id"] == "ORD-000003"
    with qtbot.waitSignal(imported.model.refreshed, timeout=5000):
        bar.search.clear()
    with qtbot.waitSignals([imported.model.refreshed, imported.model.summaryChanged], timeout=5000):
        bar.state.setCurrentIndex(bar.state.findText("위변조 의심"))  # the rows first, then their sums
    assert imported.model.rowCount() == 1 and imported.model.row_values(0)["flagged"] == 1
    assert imported.model.summary.count == 1


def test_quick_search_shortcut_focuses_the_search_box(imported: Any, qtbot: Any) -> None:
    imported.imports.report_dialog.close()
    imported.activateWindow()
    qtbot.waitActive(imported)
    imported.ledger_view.table.setFocus()
    imported.actions["find"].trigger()
    assert imported.actions["find"].shortcut().toString() == "Ctrl+F"
    qtbot.waitUntil(imported.ledger_view.filter_bar.search.hasFocus)
    imported.tabs.setCurrentWidget(imported.extras.recon)  # from another tab: back to the ledger's search
    imported.actions["find"].trigger()
    assert imported.tabs.currentWidget() is imported.ledger_view
    qtbot.waitUntil(imported.ledger_view.filter_bar.search.hasFocus)


def click_header(qtbot: Any, window: Any, key: str) -> None:
    table = window.ledger_view.table
    column = window.model.column_index(key)
    table.scrollTo(window.model.index(0, column))
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_sort_by_clicking_a_header(imported: Any, qtbot: Any) -> None:
    with qtbot.waitSignal(imported.model.refreshed, timeout=5000):
        click_header(qtbot, imported, "amount")
    first = [imported.model.row_values(r)["amount"] for r in range(imported.model.rowCount())]
    assert first in (sorted(first), sorted(first, reverse=True))
    with qtbot.waitSignal(imported.model.refreshed, timeout=5000):
        click_header(qtbot, imported, "amount")
    second = [imported.model.row_values(r)["amount"] for r in range(imported.model.rowCount())]
    assert second == list(reversed(first))
    assert imported.current_view().sort_key == "amount"


def test_enter_opens_the_detail(imported: Any, qtbot: Any, user: FakeUser) -> None:
    view = imported.ledger_view
    view.apply_filter(FilterState("all", flt=TransactionFilter(states=("flagged",))))
    view.table.setFocus()
    view.table.selectRow(0)
    tid = imported.model.tid_at(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = imported.detail_dialog
    assert dialog is not None and dialog.isVisible() and dialog.detail.tid == tid
    events = dialog.detail.events
    assert {e.sign_status for e in events} == {"verified", "mismatch"}
    assert dialog.detail.tid_parts.mid == "SMTPAY001m" and dialog.detail.tid_parts.method == "CARD"
    assert dialog.events_model.rowCount() == 2
    assert dialog.fields_model.rowCount() > 20  # every field of the selected event
    assert "SignValue" in dialog.raw_text.toPlainText()
    qtbot.mouseClick(dialog.slip_button, Qt.MouseButton.LeftButton)
    assert user.opened == [sales_slip_url(tid)]
    assert user.opened[0] == f"https://www.smilepay.co.kr/issue/IssueLoader.jsp?TID={tid}&type=0"


def test_retried_notification_shows_two_arrivals(imported: Any) -> None:
    imported.ledger_view.filter_bar.search.setText("ORD-000002")
    imported.ledger_view.filter_bar._emit()
    dialog = imported.open_detail(imported.model.tid_at(0))
    (event,) = dialog.detail.events
    assert len(event.arrivals) == 2 and event.duplicates == 1
    assert [a.line for a in event.arrivals] == [2, 13]
    assert dialog.arrivals_model.rowCount() == 2


def test_language_switch(make_window: Any, qtbot: Any, qapp: Any) -> None:
    from smartro_desk.ui.i18n import Translations

    translations = Translations(qapp)
    window = make_window(translations=translations)
    try:
        window.set_language("en")
        qtbot.waitUntil(lambda: window.menus["file"].title() == "&File")
        assert window.tabs.tabText(0) == "Ledger"
        assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Approved at"
        assert window.ledger_view.filter_bar.period.itemText(0) == "This month"
        assert window.actions["import"].text() == "Import…"
        assert window.ctx.settings.get(S.LANGUAGE) == "en"
        window.set_language("ko")
        qtbot.waitUntil(lambda: window.menus["file"].title() == "파일(&F)")
        assert window.model.headerData(0, Qt.Orientation.Horizontal) == "승인일시"
    finally:
        translations.switch("ko")


def test_layout_filter_and_sort_are_remembered(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    view = window.ledger_view
    goods = window.model.column_index("goods")
    header = view.table.horizontalHeader()
    header.setSectionHidden(goods, True)
    header.moveSection(header.visualIndex(window.model.column_index("amount")), 0)
    header.resizeSection(window.model.column_index("tid"), 333)
    view.apply_filter(FilterState("last_month", flt=TransactionFilter(pay_methods=("BANK",), issuers=("02",),
                                                                      text="김")))
    window.model.sort(window.model.column_index("buyer"), Qt.SortOrder.AscendingOrder)
    window.close()
    again = make_window()
    h = again.ledger_view.table.horizontalHeader()
    assert h.isSectionHidden(goods)
    assert h.logicalIndex(0) == again.model.column_index("amount")
    assert h.sectionSize(again.model.column_index("tid")) == 333
    assert again.ledger_view.filter_state.period == "last_month"
    assert again.model.query.flt.text == "김" and again.model.query.flt.pay_methods == ("BANK",)
    assert (again.model.query.sort_key, again.model.query.descending) == ("buyer", False)
    assert again.ledger_view.filter_bar.search.text() == "김"
    bar = again.ledger_view.filter_bar  # the bar shows the filter the table applies, before the pick-lists load
    shown, applied = bar.state_now().flt, again.model.query.flt
    assert (shown.pay_methods, shown.issuers, shown.states, shown.mids) == (
        applied.pay_methods, applied.issuers, applied.states, applied.mids) == (("BANK",), ("02",), (), ())
    assert bar.pay_method.currentText() == "계좌이체" and bar.issuer.currentText().startswith("국민")
    assert "goods" not in again.current_view().column_keys


def test_presets_save_and_apply(make_window: Any, user: FakeUser) -> None:
    window = make_window()
    bar = window.ledger_view.filter_bar
    window.ledger_view.apply_filter(FilterState("today", flt=TransactionFilter(states=("flagged",))))
    user.texts.append("위변조만")
    window.save_preset()
    assert bar.presets.findText("위변조만") > 0
    window.ledger_view.apply_filter(FilterState())
    window.choose_preset("위변조만")
    assert window.model.query.flt.states == ("flagged",)
    assert window.ledger_view.filter_state.period == "today"
    user.answers.append("yes")
    window.delete_preset("위변조만")
    assert bar.presets.findText("위변조만") < 0


def find(combo: Any, value: tuple[str, ...]) -> int:
    return next(i for i in range(combo.count()) if tuple(combo.itemData(i) or ()) == value)


def test_pick_lists_come_from_the_ledger_and_are_remembered(imported: Any, make_window: Any, qtbot: Any) -> None:
    bar = imported.ledger_view.filter_bar
    qtbot.waitUntil(lambda: bar.issuer.count() > 1)
    assert bar.pay_method.findText("신용카드") > 0
    assert bar.issuer.itemText(find(bar.issuer, ("01",))) == "비씨 (01)"
    with qtbot.waitSignal(imported.model.refreshed, timeout=5000):
        bar.merchant.setCurrentIndex(find(bar.merchant, ("SMTPAY001m",)))
    assert imported.model.rowCount() == 12
    with qtbot.waitSignal(imported.model.refreshed, timeout=5000):
        bar.amount_min.setText("5000")
        bar.amount_min.editingFinished.emit()
    assert imported.model.rowCount() == 8 and imported.model.query.flt.amount_min == 5000
    imported.close()
    again = make_window()
    assert again.ledger_view.filter_bar.pay_method.findText("신용카드") > 0  # the last lists, before any scan


def test_hooks_for_other_modules(make_window: Any, qtbot: Any) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel

    window = make_window()
    assert {"cancel", "bulk_cancel", "settings"} <= set(window.extras.actions)
    assert all(a in window.menus["tools"].actions() for a in window.extras.actions.values())
    action = QAction("대사…", window)
    window.add_action("tools", action, toolbar=True)
    assert window.menus["tools"].menuAction().isVisible() and action in window.toolbar.actions()
    index = window.add_tab(QLabel("대사"), lambda: window.tr("대사"))
    assert window.tabs.indexOf(window.extras.recon) == 1  # the reconciliation view is built in
    assert window.tabs.tabText(index) == "대사" and window.tabs.count() == 4
    view = window.current_view()
    assert (view.sort_key, view.descending, view.lang) == ("approved_at", True, "ko")
    assert view.filter == window.model.query.flt and view.column_keys == window.ledger_view.visible_column_keys()
    assert window.ledger_view.selected_tids() == [] and window.ledger_view.current_tid() == ""
