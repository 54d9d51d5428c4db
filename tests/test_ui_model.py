"""The transaction table model against the ledger: counts, sums, order, decoding, paging."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries  # noqa: E402
from smartro_desk.ui import transactions_model as TM  # noqa: E402
from smartro_desk.ui.readers import Readers  # noqa: E402
from smartro_desk.ui.transactions_model import Query, TransactionsModel  # noqa: E402
from smartro_desk.ui.workers import InlineRunner  # noqa: E402
from ui_support import insert_transactions, ledger, tx_row  # noqa: E402,F401

START = datetime(2024, 3, 1, 9, 0, 0)
N = 1234


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    rows = []
    for n in range(N):
        method = ("CARD", "BANK", "VBANK")[n % 3]
        state, cancelled = "approved", 0
        if n % 10 == 3:
            state, cancelled = "partially_cancelled", 300
        elif n % 10 == 7:
            state, cancelled = "cancelled", 1000 + n
        rows.append(tx_row(n, when=START + timedelta(minutes=37 * n), amount=1000 + n, method=method, state=state,
                           cancelled=cancelled, flagged=int(n == 500), buyer=f"구매자{n % 17}",
                           fn_cd="04" if method == "CARD" else "088", hold="unknown" if n == 501 else None))
    insert_transactions(ledger, rows)
    return ledger


@pytest.fixture
def model(qtbot: Any, filled: Ledger) -> TransactionsModel:
    readers = Readers(filled)
    made = TransactionsModel(readers, InlineRunner())
    made.set_query(Query(TransactionFilter()))
    yield made
    readers.close()


def column(model: TransactionsModel, key: str) -> int:
    return model.column_index(key)


def test_counts_and_sums_match_the_ledger(model: TransactionsModel, filled: Ledger) -> None:
    queries = TransactionQueries(filled.db)
    assert model.rowCount() == N
    assert model.summary == queries.summary(TransactionFilter())
    flt = TransactionFilter(pay_methods=("CARD",), date_from=date(2024, 3, 5), date_to=date(2024, 3, 20))
    model.set_filter(flt)
    expected = queries.summary(flt)
    assert model.rowCount() == expected.count == len(queries.ordered_ids(flt))
    assert model.summary == expected
    assert expected.count > 0 and expected.net == expected.approved - expected.cancelled


def test_sort_is_done_by_sql_on_raw_values(model: TransactionsModel) -> None:
    amount = column(model, "amount")
    model.sort(amount, Qt.SortOrder.AscendingOrder)
    values = [model.row_values(r)["amount"] for r in range(model.rowCount())]
    assert values == sorted(values)
    model.sort(amount, Qt.SortOrder.DescendingOrder)
    assert model.row_values(0)["amount"] == 1000 + N - 1
    assert model.data(model.index(0, amount), TM.SORT_ROLE) == 1000 + N - 1


def test_codes_are_decoded_with_the_raw_code_in_the_tooltip(model: TransactionsModel) -> None:
    model.sort(column(model, "approved_at"), Qt.SortOrder.AscendingOrder)
    index = model.index(0, column(model, "pay_method"))
    assert model.data(index) == "신용카드"
    assert "CARD" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    issuer = model.index(0, column(model, "issuer"))
    assert model.data(issuer) == "삼성"
    assert "04" in model.data(issuer, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, column(model, "issuer"))) == "신한은행"


def test_amounts_are_right_aligned_with_thousands_separators(model: TransactionsModel) -> None:
    model.sort(column(model, "amount"), Qt.SortOrder.DescendingOrder)
    index = model.index(0, column(model, "amount"))
    assert model.data(index) == f"{1000 + N - 1:,}"
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    text = model.index(0, column(model, "buyer"))
    assert not model.data(text, Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_suspicious_rows_are_marked(model: TransactionsModel) -> None:
    model.set_filter(TransactionFilter(states=("flagged", "cancel_hold")))
    assert model.rowCount() == 2
    marks = {model.row_values(r)["state"] + str(model.row_values(r)["flagged"]): r for r in range(2)}
    for row in marks.values():
        state = model.index(row, column(model, "state"))
        assert model.data(state, Qt.ItemDataRole.BackgroundRole) is not None
        assert model.data(state, Qt.ItemDataRole.DecorationRole) is not None
        assert model.data(state, Qt.ItemDataRole.ToolTipRole)
    texts = sorted(model.data(model.index(r, column(model, "state"))) for r in range(2))
    assert texts == ["결과 확인 필요", "위변조 의심"]
    model.set_filter(TransactionFilter(states=("approved",)))
    assert model.data(model.index(0, column(model, "state")), Qt.ItemDataRole.BackgroundRole) is None


def test_only_the_pages_in_view_are_fetched(model: TransactionsModel, monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[int] = []
    real = model.readers.display.rows_by_ids
    monkeypatch.setattr(model.readers.display, "rows_by_ids", lambda ids: fetched.append(len(ids)) or real(ids))
    model.refresh()
    assert fetched == []  # a new id list fetches no rows by itself
    model.data(model.index(700, 0))
    model.data(model.index(701, 3))
    assert fetched == [TM.PAGE_SIZE]
    for row in range(0, N, TM.PAGE_SIZE):
        model.data(model.index(row, 0))
    assert len(model._pages) <= TM.CACHE_PAGES
    assert sum(fetched) <= N + TM.PAGE_SIZE


def test_language_switch_changes_headers_and_labels(model: TransactionsModel, qtbot: Any) -> None:
    model.sort(column(model, "approved_at"), Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(model.headerDataChanged):
        model.set_language("en")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Approved at"
    assert model.data(model.index(0, column(model, "pay_method"))) == "Credit card"
    assert model.headerData(column(model, "amount"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "승인금액"


def test_a_newer_query_wins_over_a_stale_answer(filled: Ledger, qtbot: Any) -> None:
    """With a real pool, answers for superseded filters are dropped; the last filter is shown."""
    from smartro_desk.ui.workers import TaskRunner

    runner = TaskRunner()
    readers = Readers(filled)
    made = TransactionsModel(readers, runner)
    try:
        made.set_query(Query(TransactionFilter()))
        made.set_filter(TransactionFilter(pay_methods=("BANK",)))
        last = TransactionFilter(pay_methods=("VBANK",), text="구매자1")
        with qtbot.waitSignal(made.summaryChanged, timeout=10_000, check_params_cb=lambda s: made.query.flt == last):
            made.set_filter(last)
        qtbot.waitUntil(lambda: made.loaded_query == made.query and not made.busy, timeout=10_000)
        expected = TransactionQueries(filled.db).ordered_ids(last)
        assert made.rowCount() == len(expected)
        assert {made.row_values(r)["pay_method"] for r in range(made.rowCount())} == {"VBANK"}
    finally:
        runner.wait(10_000)
        readers.close()


def test_a_row_deleted_meanwhile_shows_as_gone(model: TransactionsModel, filled: Ledger) -> None:
    tid = model.tid_at(5)
    with filled.write():
        filled.db.execute("DELETE FROM transactions WHERE tid = ?", (tid,))
    model.forget_rows()
    assert model.row_values(5) is None
    assert model.data(model.index(5, 0)) == ""
    assert model.tid_at(6)


def test_a_superseded_query_is_interrupted(filled: Ledger) -> None:
    """A long statement on the window's read connection stops when a newer filter comes."""
    import sqlite3
    import threading

    readers = Readers(filled)
    failures: list[BaseException] = []
    started = threading.Event()

    def long_query() -> None:
        started.set()
        try:
            readers.ordering.db.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                      "SELECT COUNT(*) FROM n WHERE i < 1000000000000")
        except sqlite3.OperationalError as exc:
            failures.append(exc)

    worker = threading.Thread(target=long_query)
    worker.start()
    assert started.wait(5)
    while not failures and worker.is_alive():
        readers.interrupt(readers.ordering)
        worker.join(0.05)
    worker.join(10)
    assert failures and "interrupt" in str(failures[0])
    readers.interrupt(readers.ordering)  # nothing running: no effect
    assert readers.ordering.ordered_ids(TransactionFilter())
    readers.close()


def test_a_new_filter_asks_for_its_rows_first_and_its_sums_once_they_are_in(filled: Ledger) -> None:
    """A search scans the table for the rows and for the sums: the rows, which the user waits for, go first."""

    class Queued(InlineRunner):
        def __init__(self) -> None:
            super().__init__()
            self.waiting: list[tuple[Any, Any]] = []

        def run_task(self, work: Any, on_done: Any, **_: Any) -> Any:
            self.waiting.append((work, on_done))

        def next(self) -> None:
            work, on_done = self.waiting.pop(0)
            InlineRunner.run_task(self, work, on_done)

    readers, runner = Readers(filled), Queued()
    made = TransactionsModel(readers, runner)
    try:
        made.set_query(Query(TransactionFilter(text="구매자1")))
        assert len(runner.waiting) == 1 and made.summary is None  # the rows only
        runner.next()
        assert made.rowCount() == len(TransactionQueries(filled.db).ordered_ids(TransactionFilter(text="구매자1")))
        assert len(runner.waiting) == 1 and made.summary is None  # now the sums
        runner.next()
        assert made.summary == TransactionQueries(filled.db).summary(TransactionFilter(text="구매자1"))
        made.set_query(Query(TransactionFilter(text="구매자1"), "amount"))  # same filter, new order: no new sums
        runner.next()
        assert not runner.waiting
    finally:
        readers.close()
