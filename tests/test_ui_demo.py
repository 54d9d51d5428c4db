"""First start with an empty ledger: demo data through the sandbox and the real importer; export; detail."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries  # noqa: E402
from smartro_desk.ui import settings_store as S  # noqa: E402
from smartro_desk.ui.demo import demo_month_of, ledger_is_empty, offer_demo  # noqa: E402
from smartro_desk.ui.detail_data import load_detail  # noqa: E402
from smartro_desk.ui.workers import Done  # noqa: E402
from ui_support import OFFSCREEN, FakeUser, ledger, make_window, user  # noqa: E402,F401

pytestmark = OFFSCREEN
TODAY = date(2024, 4, 10)


@pytest.fixture
def demo(make_window: Any, user: FakeUser, ledger: Ledger) -> Any:
    window = make_window()
    user.answers.append("yes")
    offer_demo(window, first_start=True, today=TODAY)
    return window


def test_demo_month_is_the_last_full_month() -> None:
    assert demo_month_of(date(2024, 4, 10)) == (2024, 3)
    assert demo_month_of(date(2024, 1, 1)) == (2023, 12)


def test_first_start_offers_demo_data_once(demo: Any, user: FakeUser, ledger: Ledger, tmp_path: Path) -> None:
    kind, _title, text = user.shown[0]
    assert kind == "question" and "원장이 비어 있습니다" in text and "2024년 3월" in text
    assert (tmp_path / "home" / "demo" / "notifications-2024-03.log").exists()
    (report,) = demo.imports.report_dialog.reports
    assert report.imported > 250 and report.duplicates > 0 and report.flagged == 1 and not report.rejected
    summary = TransactionQueries(ledger.db).summary(TransactionFilter())
    assert summary.count > 250 and summary.flagged == 1 and summary.cancelled > 0
    assert demo.ledger_view.filter_state.period == "custom"
    assert demo.model.query.flt.date_from == date(2024, 3, 1) and demo.model.query.flt.date_to == date(2024, 3, 31)
    assert demo.model.rowCount() == summary.count
    assert demo.ctx.settings.get(S.DEMO_OFFERED)
    user.shown.clear()
    offer_demo(demo, first_start=True, today=TODAY)
    assert user.shown == []  # asked once only


def test_demo_is_not_offered_when_declined_or_ledger_not_empty(make_window: Any, user: FakeUser, ledger: Ledger) -> None:
    window = make_window()
    offer_demo(window, first_start=True, today=TODAY)  # the fake user says no
    assert len(user.shown) == 1 and ledger_is_empty(ledger)
    assert window.ctx.settings.get(S.DEMO_OFFERED)


def test_demo_detail_shows_states_splits_and_the_forgery(demo: Any, ledger: Ledger) -> None:
    queries = TransactionQueries(ledger.db)
    states = {queries.rows_by_ids([i])[0]["state"] for i in queries.ordered_ids(TransactionFilter())}
    assert {"approved", "partially_cancelled", "cancelled", "vbank_issued"} <= states
    (flagged,) = queries.rows_by_ids(queries.ordered_ids(TransactionFilter(states=("flagged",))))
    detail = load_detail(ledger, flagged["tid"], today=TODAY)
    assert {e.sign_status for e in detail.events} == {"verified", "mismatch"}
    assert detail.cancel_block  # never offered for a cancel without a warning
    if flagged["state"] in ("approved", "partially_cancelled"):
        assert detail.cancel_block == "flagged" and detail.cancellable == flagged["remaining"]
    partial = queries.rows_by_ids(queries.ordered_ids(TransactionFilter(states=("partially_cancelled",))))[0]
    history = load_detail(ledger, partial["tid"], today=TODAY)
    cancels = [e for e in history.events if e.kind == "cancel"]
    assert cancels and all(e.ptid for e in cancels)
    assert history.cancellable == partial["remaining"] and history.deadline.last_day is not None


def test_demo_detail_dialog_opens(demo: Any, qtbot: Any) -> None:
    demo.ledger_view.table.selectRow(0)
    demo.ledger_view.open_current()
    dialog = demo.detail_dialog
    assert dialog.isVisible() and dialog.tabs.count() == 4
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
    dialog.close()


def test_export_writes_the_view_as_shown(demo: Any, user: FakeUser, tmp_path: Path) -> None:
    target = tmp_path / "거래내역.xlsx"
    user.save_as.append(str(target))
    outcomes: list[Any] = []
    demo.exports.finished.connect(outcomes.append)
    demo.actions["export"].trigger()
    assert demo.actions["export"].shortcut().toString() == "Ctrl+E"
    assert isinstance(outcomes[0], Done) and outcomes[0].value.rows == demo.model.rowCount()
    assert target.exists()
    assert any(kind == "info" and "거래내역.xlsx" in text for kind, _t, text in user.shown)
    view = demo.current_view()
    assert view.column_keys[0] == "approved_at" and "mid" not in view.column_keys
