"""The reconciliation tab, driven like a user: run a month, filter by a card, drill down, resolve, export;
it stays current as the ledger changes, and shows how the month's notifications arrived."""

from __future__ import annotations

import re

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import openpyxl  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from recon_support import AS_OF, MONTH, add, add_orders, exported, order, paid, plant_deliveries, tid  # noqa: E402

from fixtures_ingest.builders import form, notification  # noqa: E402
from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.recon import ReconSettings  # noqa: E402
from smartro_desk.ui import recon_view  # noqa: E402
from smartro_desk.ui.recon_models import FINDING_COLUMNS, DeliveryModel, FindingsModel, SettlementModel  # noqa: E402
from smartro_desk.ui.recon_view import REFRESH_DELAY_MS, ReconView, last_month  # noqa: E402
from smartro_desk.ui.workers import Done, InlineRunner, TaskRunner  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, ledger, make_window, user  # noqa: E402,F401

pytestmark = OFFSCREEN


def plant(ledger: Ledger) -> None:
    """March 2024: two orders paid short (amount mismatch), one payment without an order, one order never
    paid, and a gateway export that misses one payment and reports another at a different amount."""
    add_orders(ledger, [order("ORD-1", 10_000), order("ORD-2", 5_000), order("ORD-3", 7_000),
                         order("ORD-4", 3_000, at="2024-03-12 18:00:00")])
    add(ledger, paid(tid(1), 1_000, "ORD-1", at="2024-03-10 12:00:00")
        + paid(tid(2), 500, "ORD-2", at="2024-03-11 12:00:00", fn_cd="04", fn_name="삼성")
        + paid(tid(3), 7_000, "ORD-3", at="2024-03-12 12:00:00")
        + paid(tid(5), 2_000, "ORD-5", at="2024-03-12 13:00:00"))
    add(ledger, [exported("approval", tid(1), 1_000, at="2024-03-10 12:00:00"),
                 exported("approval", tid(2), 500, at="2024-03-11 12:00:00", fn_cd="04", fn_name="삼성"),
                 exported("approval", tid(3), 7_700, at="2024-03-12 12:00:00")], kind="export")


@pytest.fixture
def view(make_window: Any, ledger: Ledger, qtbot: Any) -> ReconView:
    plant(ledger)
    window = make_window()
    recon = window.extras.recon  # the window adds the tab itself
    recon.recon_settings = ReconSettings(as_of=AS_OF)
    show_tab(window, recon, qtbot)
    recon.set_month(MONTH)
    with qtbot.waitSignal(recon.finished, timeout=5000):
        qtbot.mouseClick(recon.run_button, Qt.MouseButton.LeftButton)
    return recon


def show_tab(window: Any, view: ReconView, qtbot: Any) -> None:
    """Bring the tab forward, once the window has restored the tab it last showed."""
    qtbot.wait(1)
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(view.isVisible, timeout=2_000)


def kinds_shown(view: ReconView) -> list[str]:
    return [view.model.finding(r).kind for r in range(view.model.rowCount())]  # type: ignore[union-attr]


def test_default_month_is_last_month() -> None:
    from datetime import date

    assert last_month(date(2024, 1, 15)) == "2023-12"
    assert last_month(date(2024, 4, 1)) == "2024-03"


def test_run_shows_findings_cards_and_settlement(view: ReconView) -> None:
    result = view.result
    assert result is not None and result.month == MONTH
    shown = kinds_shown(view)
    assert shown.count("amount_mismatch") == 2
    assert {"paid_without_order", "order_without_payment", "export_differs", "missing_in_export"} <= set(shown)
    assert view.model.rowCount() == len(result.findings)
    # cards: "all" first, then one per kind found, with count and sum
    assert view.cards[0].kind is None
    assert {c.kind for c in view.cards[1:]} == {k for k, s in result.summary.items() if s.count}
    card = view.card("amount_mismatch")
    assert card is not None and card.count.text() == "2건"
    assert card.amount.text() == "합계 13,500원"  # 9,000 + 4,500 short
    assert view.cards[0].count.text() == f"{len(result.findings)}건"
    assert "불일치" in view.status.text() and "거래 4건" in view.status.text()
    # headers of the issue, in its order
    assert [view.model.headerData(n, Qt.Orientation.Horizontal) for n in range(len(FINDING_COLUMNS))] == [
        "심각도", "종류", "TID", "주문번호", "요청금액", "결과금액", "설명", "처리"]
    # settlement beside the export, the differences listed
    s = view.settlement
    assert s is not None and s.has_export
    day = view.settlement_models["day"]
    assert day.rowCount() == 3 + 1  # three days and the total
    assert day.value(3, "approved") == 3_500 and day.value(3, "x_approved") == 9_200
    diff = view.settlement_models["diff"]
    assert diff.rowCount() == len(s.differences) > 0
    assert diff.data(diff.index(0, 0)).startswith("일별 · ")
    assert "PG 엑셀과 다른 줄" in view.settlement_info.text()


def test_clicking_a_card_filters_the_table(view: ReconView, qtbot: Any) -> None:
    card = view.card("amount_mismatch")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert kinds_shown(view) == ["amount_mismatch", "amount_mismatch"]
    assert {view.model.finding(r).tid for r in range(2)} == {tid(1), tid(2)}  # type: ignore[union-attr]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)  # again: everything
    assert view.model.rowCount() == len(view.result.findings)  # type: ignore[union-attr]
    qtbot.mouseClick(view.card("paid_without_order"), Qt.MouseButton.LeftButton)
    assert kinds_shown(view) == ["paid_without_order"]
    qtbot.mouseClick(view.cards[0], Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == len(view.result.findings)  # type: ignore[union-attr]


def test_double_click_opens_the_transaction_detail(view: ReconView, qtbot: Any) -> None:
    view.filter_kind("paid_without_order")
    window = view.window()
    rect = view.table.visualRect(view.model.index(0, 2))
    qtbot.mousePress(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # as a real double-click
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail_dialog is not None and window.detail_dialog.isVisible()
    assert window.detail_dialog.detail.tid == tid(5)
    window.detail_dialog.close()


def test_an_order_finding_has_no_transaction_to_open(view: ReconView, user: FakeUser) -> None:
    view.filter_kind("order_without_payment")
    view.open_row(0)
    assert user.shown and "ORD-4" in user.shown[-1][2]


def test_resolve_with_a_note_is_audited_and_stays_resolved(view: ReconView, ledger: Ledger, user: FakeUser,
                                                            qtbot: Any) -> None:
    view.filter_kind("amount_mismatch")
    row = next(r for r in range(2) if view.model.finding(r).tid == tid(1))  # type: ignore[union-attr]
    view.select_row(row)
    assert view.resolve_button.isEnabled()
    user.texts.append("고객과 통화: 할인 적용")
    with qtbot.waitSignal(view.finished, timeout=5000):  # resolving runs the month again
        qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    entries = [e for e in ledger.audit_entries() if e.action == "finding_resolved"]
    assert len(entries) == 1 and entries[0].tid == tid(1) and "고객과 통화" in str(entries[0].details)
    found = {f.tid: f for f in view.result.findings if f.kind == "amount_mismatch"}  # type: ignore[union-attr]
    assert found[tid(1)].status == "resolved" and found[tid(2)].status == "open"
    status = FINDING_COLUMNS.index(next(c for c in FINDING_COLUMNS if c.key == "status"))
    texts = [view.model.data(view.model.index(r, status)) for r in range(view.model.rowCount())]
    assert "해결됨 — 고객과 통화: 할인 적용" in texts
    assert view.card("amount_mismatch").detail.text() == "미처리 1건 · 해결 1건"  # type: ignore[union-attr]
    # a fresh run (another day) still shows it resolved
    with qtbot.waitSignal(view.finished, timeout=5000):
        view.run()
    again = {f.tid: f for f in view.result.findings if f.kind == "amount_mismatch"}  # type: ignore[union-attr]
    assert again[tid(1)].status == "resolved" and again[tid(1)].resolution.note == "고객과 통화: 할인 적용"  # type: ignore[union-attr]
    view.open_only.setChecked(True)
    assert [view.model.finding(r).tid for r in range(view.model.rowCount())] == [tid(2)]  # type: ignore[union-attr]
    assert ledger.verify_audit().ok


def test_acknowledge_without_a_note_does_nothing(view: ReconView, ledger: Ledger, user: FakeUser) -> None:
    view.select_row(0)
    view.resolve_selected("acknowledged")  # the note dialog was cancelled
    assert not [e for e in ledger.audit_entries() if e.action.startswith("finding_")]


def test_export_findings_to_xlsx(view: ReconView, user: FakeUser, tmp_path: Path) -> None:
    view.filter_kind("amount_mismatch")
    target = tmp_path / "findings"
    user.save_as.append(str(target))
    view.export_findings_button.click()
    assert user.shown[-1][:2] == ("info", "내보내기 완료")
    book = openpyxl.load_workbook(tmp_path / "findings.xlsx")
    sheet = book.active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    tids = [v for row in values for v in row if isinstance(v, str) and v in (tid(1), tid(2))]
    assert sorted(tids) == sorted([tid(1), tid(2)])  # only what the table shows
    assert any("요청 금액" in row for row in values)


def test_export_settlement_workbook(view: ReconView, user: FakeUser, tmp_path: Path) -> None:
    user.save_as.append(str(tmp_path / "settle.xlsx"))
    view.export_settlement_button.click()
    assert user.shown[-1][:2] == ("info", "내보내기 완료")
    book = openpyxl.load_workbook(tmp_path / "settle.xlsx")
    assert book.sheetnames[:4] == ["요약", "일별", "결제수단별", "카드사별"]


def test_english_labels(view: ReconView) -> None:
    view.set_language("en")
    kind = FINDING_COLUMNS.index(next(c for c in FINDING_COLUMNS if c.key == "kind"))
    texts = {view.model.data(view.model.index(r, kind)) for r in range(view.model.rowCount())}
    assert "Requested and returned Amt differ" in texts
    assert view.settlement_models["day"].headerData(2, Qt.Orientation.Horizontal) == "Approved"
    detail = FINDING_COLUMNS.index(next(c for c in FINDING_COLUMNS if c.key == "detail"))
    for r in range(view.model.rowCount()):
        finding = view.model.index(r, 0).data(Qt.ItemDataRole.UserRole)
        assert view.model.index(r, detail).data() == finding.detail_en
        assert finding.advice("en") in view.model.index(r, detail).data(Qt.ItemDataRole.ToolTipRole)
    assert view.notes.text() and not re.search("[\uac00-\ud7a3]", view.notes.text())


def test_runs_on_a_worker_thread_on_its_own_connection(ledger: Ledger, qtbot: Any, user: FakeUser) -> None:
    plant(ledger)
    runner = TaskRunner()
    view = ReconView(ledger, runner, recon_settings=ReconSettings(as_of=AS_OF))
    qtbot.addWidget(view)
    view.set_month(MONTH)
    with qtbot.waitSignal(view.finished, timeout=10_000) as blocker:
        view.run()
        assert view.busy and not view.run_button.isEnabled()
    assert isinstance(blocker.args[0], Done)
    assert not view.busy and view.run_button.isEnabled()
    assert view.model.rowCount() == len(view.result.findings) > 0  # type: ignore[union-attr]
    assert runner.wait(5000)


def test_models_without_a_window(qtmodeltester: Any) -> None:
    from recon_support import run

    led = Ledger.open(":memory:", actor="tester")
    try:
        plant(led)
        result = run(led)
        model = FindingsModel()
        model.set_findings(result.findings)
        qtmodeltester.check(model)
        model.sort(4, Qt.SortOrder.DescendingOrder)  # 요청금액, as integers
        requested = [model.finding(r).requested for r in range(model.rowCount())]  # type: ignore[union-attr]
        numbers = [v for v in requested if v is not None]
        assert numbers == sorted(numbers, reverse=True)
        from smartro_desk.recon import monthly_settlement

        s = monthly_settlement(led, MONTH)
        settle = SettlementModel()
        settle.set_rows(s.by_card, s.total, s.has_export)
        qtmodeltester.check(settle)
        assert settle.columnCount() == 12
    finally:
        led.close()



# -- staying current ------------------------------------------------------------------------


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.cancel_all()
    made.wait(20_000)


def runs_of(view: ReconView) -> list[Any]:
    """The outcomes of the view's runs from now on."""
    seen: list[Any] = []
    view.finished.connect(seen.append)
    return seen


def test_an_import_while_shown_refreshes_the_month_and_keeps_the_selection(
        make_window: Any, ledger: Ledger, runner: TaskRunner, qtbot: Any, tmp_path: Path) -> None:
    plant(ledger)
    window = make_window(runner=runner)
    view = window.extras.recon
    view.recon_settings = ReconSettings(as_of=AS_OF)
    show_tab(window, view, qtbot)
    view.set_month(MONTH)
    with qtbot.waitSignal(view.finished, timeout=10_000):
        view.run()
    view.filter_kind("amount_mismatch")
    view.select_row(1)
    kept = view.selected_findings()[0].key
    runs = runs_of(view)
    log = tmp_path / "more.log"  # three March payments the ledger has not seen, through the real importer
    log.write_bytes(b"\n".join(form(notification(n, amount=1_000 * n)) for n in (1, 2, 3)) + b"\n")
    window.imports.import_paths([log])
    qtbot.waitUntil(lambda: bool(runs) and view.result.totals["transactions"] == 7,  # type: ignore[union-attr]
                    timeout=15_000)
    assert len(runs) == 1 and isinstance(runs[0], Done)  # the import's changes came as one run
    assert view.model.kind_filter == "amount_mismatch"
    assert [f.key for f in view.selected_findings()] == [kept]
    assert "거래 7건" in view.status.text() and not view.stale
    assert window.progress.isHidden()  # the refresh kept off the progress panel


def test_a_hidden_tab_runs_again_only_when_shown(view: ReconView, ledger: Ledger, qtbot: Any) -> None:
    window = view.window()
    runs = runs_of(view)
    window.tabs.setCurrentWidget(window.ledger_view)
    assert not view.isVisible()
    add(ledger, paid(tid(7), 7_000, "ORD-7", at="2024-03-13 12:00:00"))
    qtbot.waitUntil(lambda: view.stale, timeout=2_000)  # heard, on the UI thread
    qtbot.wait(REFRESH_DELAY_MS * 2)
    assert runs == [] and view.result.totals["transactions"] == 4  # type: ignore[union-attr]
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: len(runs) == 1, timeout=5_000)
    assert view.result.totals["transactions"] == 5 and not view.stale  # type: ignore[union-attr]


def test_a_burst_of_changes_is_one_run(view: ReconView, ledger: Ledger, qtbot: Any) -> None:
    runs = runs_of(view)
    for n in range(6, 11):  # five imports, closer together than the quiet time
        add(ledger, paid(tid(n), 1_000 * n, f"ORD-{n}", at="2024-03-13 12:00:00"))
        qtbot.wait(REFRESH_DELAY_MS // 5)
    qtbot.waitUntil(lambda: len(runs) == 1, timeout=5_000)
    qtbot.wait(REFRESH_DELAY_MS * 2)
    assert len(runs) == 1 and view.result.totals["transactions"] == 9  # type: ignore[union-attr]


def test_changes_the_view_does_not_watch_run_nothing(view: ReconView, ledger: Ledger, qtbot: Any) -> None:
    runs = runs_of(view)
    ledger.upsert_merchant("SMTPAY001m", "테스트 상점")
    ledger.audit("note")
    qtbot.wait(REFRESH_DELAY_MS * 2)
    assert runs == [] and not view.stale


def test_a_change_during_a_run_gives_one_more_run(ledger: Ledger, runner: TaskRunner, qtbot: Any, user: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    plant(ledger)
    view = ReconView(ledger, runner, recon_settings=ReconSettings(as_of=AS_OF))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.set_month(MONTH)
    with qtbot.waitSignal(view.finished, timeout=10_000):
        view.run()
    held = threading.Event()
    engine = recon_view.reconcile

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert held.wait(10)
        return engine(*args, **kwargs)

    monkeypatch.setattr(recon_view, "reconcile", slow)
    runs = runs_of(view)
    view.run()
    assert view.busy
    add(ledger, paid(tid(8), 8_000, "ORD-8", at="2024-03-14 12:00:00"))  # committed while the run waits
    qtbot.waitUntil(lambda: view.stale, timeout=2_000)
    held.set()
    qtbot.waitUntil(lambda: len(runs) == 2, timeout=10_000)
    qtbot.wait(REFRESH_DELAY_MS * 2)
    assert len(runs) == 2 and view.result.totals["transactions"] == 5 and not view.stale  # type: ignore[union-attr]


def test_the_view_stops_listening_once_gone(ledger: Ledger, qtbot: Any) -> None:
    view = ReconView(ledger, InlineRunner())
    listening = len(ledger._listeners)
    view.deleteLater()
    qtbot.waitUntil(lambda: len(ledger._listeners) == listening - 1, timeout=2_000)
    add(ledger, paid(tid(9), 9_000, "ORD-9"))  # nobody left to hear it: no error


# -- delivery health ------------------------------------------------------------------------


def test_delivery_figures_for_a_planted_month(ledger: Ledger, qtbot: Any, qtmodeltester: Any) -> None:
    plant_deliveries(ledger)  # 4 copies over 20 minutes (one from 10.9.8.7), 10 copies, 2 copies, once
    view = ReconView(ledger, InlineRunner(), recon_settings=ReconSettings(as_of=AS_OF))
    qtbot.addWidget(view)
    view.set_month(MONTH)
    view.run()
    panel = view.health
    cards = panel.cards
    assert view.pages.tabText(2) == "통보 상태"
    assert cards["notified"].count.text() == "5건"
    assert cards["resent"].count.text() == "3건" and cards["resent"].detail.text() == "가장 많이 10회"
    assert cards["at_limit"].count.text() == "1건" and cards["at_limit"].amount.text() == "10회 이상 받은 결제"
    assert cards["longest"].count.text() == "63분"
    assert cards["foreign"].count.text() == "1건" and "10.9.8.7 (1회)" in panel.senders.text()
    model = panel.model
    qtmodeltester.check(model)
    rows = {model.data(model.index(r, 0)): [model.value(r, c) for c in range(1, 7)] for r in range(model.rowCount())}
    assert rows == {"승인": [1, 1, 1, 1, 4, 63], "가상계좌 채번": [1, 0, 0, 0, 1, None], "합계": [2, 1, 1, 1, 5, 63]}
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(1, 5)] == ["1회", "2회", "3–5회", "6회 이상"]
    # a card leads to its findings
    view.pages.setCurrentWidget(panel)
    qtbot.mouseClick(cards["foreign"], Qt.MouseButton.LeftButton)
    assert view.pages.currentIndex() == 0 and kinds_shown(view) == ["unknown_sender"]
    qtbot.mouseClick(cards["notified"], Qt.MouseButton.LeftButton)  # no findings behind it: nothing happens
    assert view.pages.currentIndex() == 0 and kinds_shown(view) == ["unknown_sender"]
    view.set_language("en")
    assert model.data(model.index(0, 0)) == "Approval"


def test_delivery_model_without_a_run(qtmodeltester: Any) -> None:
    model = DeliveryModel()
    model.set_health(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_refreshes_wait_at_least_as_long_as_the_last_run_took(view: ReconView, ledger: Ledger, qtbot: Any) -> None:
    view._last_run_ms = 4 * REFRESH_DELAY_MS  # a month that took that long to run
    add(ledger, paid(tid(6), 6_000, "ORD-6", at="2024-03-13 12:00:00"))
    qtbot.waitUntil(lambda: view.stale, timeout=2_000)
    assert view._refresh_timer.isActive() and view._refresh_timer.interval() == 4 * REFRESH_DELAY_MS
