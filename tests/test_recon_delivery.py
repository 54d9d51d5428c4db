"""Notification delivery health: copies per kind, the longest re-sending, the retry limit, unknown senders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from recon_support import SMARTRO, add, copies, event, paid, plant_deliveries, run, tid

from smartro_desk.ledger import Ledger
from smartro_desk.recon import DEFAULT_NOTIFY_SENDERS
from smartro_desk.recon.delivery import _strangers_sql
from smartro_desk.recon.findings import copy_bucket


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def test_copies_per_kind_the_longest_span_the_retry_limit_and_foreign_senders(ledger: Ledger) -> None:
    plant_deliveries(ledger)
    health = run(ledger).health
    assert health.notified == 5
    assert health.by_kind == {"approval": {"1": 1, "2": 1, "3-5": 1, "6+": 1},
                              "vbank_issued": {"1": 1, "2": 0, "3-5": 0, "6+": 0}}
    assert (health.resent, health.arrivals, health.max_copies) == (3, 16, 10)
    assert health.longest_minutes == 63 and health.longest_by_kind == {"approval": 63}
    assert (health.retry_limit, health.at_limit) == (10, 1)
    assert health.senders == {"10.9.8.7": 1} and health.senders_logged
    assert (health.foreign_notifications, health.foreign_transactions) == (1, 1)
    shown = health.to_json()
    assert shown["by_kind"]["approval"]["3-5"] == 1 and shown["at_retry_limit"] == 1
    assert shown["unknown_senders"] == {"10.9.8.7": 1}


def test_the_four_copies_over_twenty_minutes_are_one_finding(ledger: Ledger) -> None:
    plant_deliveries(ledger)
    result = run(ledger)
    excess = {f.tid: f.detail_ko for f in result.findings if f.kind == "excess_notifications"}
    assert excess[tid(1)] == "승인 통보 4회 (20분 동안)"
    assert excess[tid(2)] == "승인 통보 10회 (63분 동안)"
    assert [f.tid for f in result.findings if f.kind == "unknown_sender"] == [tid(1)]


def test_retry_limit_is_a_setting(ledger: Ledger) -> None:
    plant_deliveries(ledger)
    assert run(ledger, retry_limit=4).health.at_limit == 2
    assert run(ledger, retry_limit=11).health.at_limit == 0


def test_a_month_without_notifications_has_empty_figures(ledger: Ledger) -> None:
    add(ledger, [event("approval", tid(1), 1_000, channel="result")])
    health = run(ledger).health
    assert health.notified == 0 and health.by_kind == {} and health.resent == 0


def test_cancel_notifications_count_per_cancelled_payment(ledger: Ledger) -> None:
    cancel = event("cancel", tid(1)[:-4] + "0901", 4_000, otid=tid(1), at="2024-03-12 10:00:00", sender_ip=SMARTRO)
    add(ledger, paid(tid(1), 10_000, "ORD-1", sender_ip=SMARTRO) + paid(tid(2), 5_000, "ORD-2", sender_ip=SMARTRO)
        + copies(cancel, ["2024-03-12 10:00:00", "2024-03-12 10:03:00"]))
    health = run(ledger).health
    assert health.by_kind["approval"] == {"1": 2, "2": 0, "3-5": 0, "6+": 0}
    assert health.by_kind["cancel"] == {"1": 0, "2": 1, "3-5": 0, "6+": 0}


def test_copy_buckets() -> None:
    assert [copy_bucket(n) for n in (1, 2, 3, 5, 6, 10)] == ["1", "2", "3-5", "3-5", "6+", "6+"]


def test_unknown_senders_are_read_from_their_own_index(tmp_path: Path) -> None:
    """SQLite's plans (PostgreSQL's planner decides from the table's size)."""
    ledger = Ledger.open(tmp_path / "plans.sqlite")

    def plan(senders: tuple[str, ...]) -> str:
        return " ".join(str(r) for r in ledger.db.query("EXPLAIN QUERY PLAN " + _strangers_sql(senders, "sqlite"),
                                                        {f"ip{i}": ip for i, ip in enumerate(senders)}))

    assert "receipts_foreign_sender" in plan(DEFAULT_NOTIFY_SENDERS)
    assert "INDEX" not in plan(DEFAULT_NOTIFY_SENDERS[:3])  # every arrival, read in the table's order
    ledger.close()


def test_a_sender_list_without_the_published_ones_still_finds_them(ledger: Ledger) -> None:
    """Leaving Smartro's test server out of the senders makes its arrivals unknown: every arrival is read."""
    add(ledger, [event("approval", tid(1), 10_000, sender_ip="211.193.35.11")])
    assert run(ledger).health.senders == {}
    assert run(ledger, notify_senders=DEFAULT_NOTIFY_SENDERS[:3]).health.senders == {"211.193.35.11": 1}
