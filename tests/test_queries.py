"""Filtering, sorting and summing transactions in SQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from smartro_desk.ledger import EventRecord, Ledger
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries


def approval(n: int, amount: int, *, day: int, method: str = "CARD", buyer: str = "홍길동", sign: str = "verified") -> EventRecord:
    tid = f"SMTPAY001m0101171101{n:06d}{n:04d}"
    return EventRecord(
        tid=tid, otid=tid, kind="approval", channel="notification", fields={"TID": tid, "Amt": str(amount)},
        mid="SMTPAY001m", pay_method=method, order_id=f"ORD-{n}", amount=amount, buyer=buyer,
        occurred_at=f"2017-11-{day:02d} 10:00:00", sign_status=sign, fn_cd="04", result_code="3001",
    )


@pytest.fixture
def queries(tmp_path: Path) -> TransactionQueries:
    ledger = Ledger.open(tmp_path / "q.sqlite")
    ledger.add_events([
        approval(1, 1_000, day=1),
        approval(2, 5_000, day=2, method="BANK", buyer="김철수"),
        approval(3, 3_000, day=30),
        approval(4, 7_000, day=15, sign="mismatch"),
    ])
    ledger.add_events([EventRecord(
        tid="SMTPAY001m0101171101000001ZZZZ", otid=approval(1, 0, day=1).tid, kind="cancel", channel="notification",
        fields={"x": "1"}, amount=400, occurred_at="2017-11-03 09:00:00", sign_status="verified",
    )])
    yield TransactionQueries(ledger.db)
    ledger.close()


def test_sort_and_fetch_window(queries: TransactionQueries) -> None:
    ids = queries.ordered_ids(TransactionFilter(), "amount", descending=False)
    rows = queries.rows_by_ids(ids)
    assert [r["amount"] for r in rows] == [1_000, 3_000, 5_000, 7_000]
    assert [r["amount"] for r in queries.rows_by_ids(ids[1:3])] == [3_000, 5_000]


def test_filters(queries: TransactionQueries) -> None:
    flt = TransactionFilter(date_from=date(2017, 11, 1), date_to=date(2017, 11, 2))
    assert len(queries.ordered_ids(flt)) == 2
    assert len(queries.ordered_ids(TransactionFilter(pay_methods=("BANK",)))) == 1
    assert len(queries.ordered_ids(TransactionFilter(text="김철"))) == 1
    assert len(queries.ordered_ids(TransactionFilter(text="ORD-3"))) == 1
    assert len(queries.ordered_ids(TransactionFilter(text="%"))) == 0
    assert len(queries.ordered_ids(TransactionFilter(states=("flagged",)))) == 1
    assert len(queries.ordered_ids(TransactionFilter(states=("partially_cancelled",)))) == 1
    assert len(queries.ordered_ids(TransactionFilter(amount_min=3_000, amount_max=5_000))) == 2


def test_summary_leaves_flagged_out(queries: TransactionQueries) -> None:
    s = queries.summary(TransactionFilter())
    assert (s.count, s.approved, s.cancelled, s.net, s.flagged) == (4, 9_000, 400, 8_600, 1)
