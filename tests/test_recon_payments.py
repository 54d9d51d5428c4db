"""Reconciliation: the month's transactions on their own, and notification delivery health."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from recon_support import AS_OF, add, event, kinds, only, paid, run, tid

from smartro_desk.ledger import Ledger
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info
from smartro_desk.recon import resolve_finding


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def flagged(ledger: Ledger, t: str) -> int:
    return ledger.db.scalar("SELECT flagged FROM transactions WHERE tid = ?", (t,))


def test_signature_mismatch_resolved_unflags_and_stays_resolved(ledger: Ledger) -> None:
    add(ledger, [event("approval", tid(1), 10_000, sign="mismatch"),
                 event("approval", tid(1), 10_000, channel="result")])
    found = only(run(ledger), "signature_mismatch")
    assert found.severity == "high" and found.flag_key == found.key == f"signature_mismatch:{tid(1)}"
    assert flagged(ledger, tid(1)) == 1
    resolve_finding(ledger, found, note="상점키를 바꾼 날의 기록, 관리자 사이트와 일치")
    assert flagged(ledger, tid(1)) == 0
    again = run(ledger)
    rerun = only(again, "signature_mismatch")
    assert rerun.resolution is not None and rerun.resolution.note.startswith("상점키")
    assert (again.summary["signature_mismatch"].open, again.summary["signature_mismatch"].resolved) == (0, 1)
    entry = ledger.audit_entries()[-1]
    assert entry.action == "finding_resolved" and entry.tid == tid(1) and entry.details["finding"] == found.key


def test_unverified_records(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 1_000, "ORD-1", sign="no_key") + paid(tid(2), 2_000, "ORD-2", sign="absent")
        + paid(tid(3), 3_000, "ORD-3"))
    found = {f.tid: f for f in run(ledger).findings}
    assert set(found) == {tid(1), tid(2)}
    assert found[tid(1)].severity == "info" and "상점키가 없어" in found[tid(1)].detail_ko
    assert "SignValue가 없는" in found[tid(2)].detail_ko


def test_copies_that_disagree_are_a_conflict_until_resolved(ledger: Ledger) -> None:
    add(ledger, [event("approval", tid(1), 1_000), event("approval", tid(1), 10_000, channel="result")])
    found = only(run(ledger), "conflict")
    assert found.amount == 9_000 and "통보 1,000원" in found.detail_ko and "결과 10,000원" in found.detail_ko
    resolve_finding(ledger, found, status="acknowledged", note="PG 확인: 1,000원")
    assert flagged(ledger, tid(1)) == 0
    assert only(run(ledger), "conflict").resolution.status == "acknowledged"  # type: ignore[union-attr]


def test_divide_info_of_payments_and_of_partial_cancels(ledger: Ledger) -> None:
    good = encode_divide_info([SubMallShare("SMTSUB002m", 502), SubMallShare("SMTSUB003m", 502)])
    bad = encode_divide_info([SubMallShare("SMTSUB002m", 502), SubMallShare("SMTSUB003m", 500)])
    cancel = encode_divide_info([SubMallShare("SMTSUB002m", 300)])
    add(ledger, paid(tid(1), 1_004, "ORD-1", divide=good) + paid(tid(2), 1_004, "ORD-2", divide=bad))
    ledger.add_events([event("cancel", tid(1)[:-4] + "0901", 502, otid=tid(1), channel="cancel_api", divide=cancel)])
    found = {f.key: f for f in run(ledger).findings}
    assert set(found) == {f"divide_sum_mismatch:{tid(2)}", f"divide_sum_mismatch:{tid(1)[:-4]}0901"}
    assert found[f"divide_sum_mismatch:{tid(2)}"].amount == 2
    assert "취소 금액" in found[f"divide_sum_mismatch:{tid(1)[:-4]}0901"].detail_ko


def test_virtual_accounts_not_deposited_by_expiry(ledger: Ledger) -> None:
    def issued(n: int, at: str, **extra: str) -> list:
        t = tid(n, method="03")
        return [event("vbank_issued", t, 50_000, method="VBANK", at=at, **extra),
                event("vbank_issued", t, 50_000, method="VBANK", at=at, channel="result", **extra)]

    add(ledger, issued(1, "2024-03-10 10:00:00", VbankExpDate="20240315")  # overdue by its own date
        + issued(2, "2024-03-30 10:00:00")  # no date: 7 days → 2024-04-06, overdue on 04-20
        + issued(3, "2024-03-30 10:00:00", VbankExpDate="20240425")  # still open
        + issued(4, "2024-03-05 10:00:00", VbankExpDate="20240310")
        + [event("vbank_deposit", tid(4, method="03"), 50_000, method="VBANK", at="2024-03-06 09:00:00")])
    found = {f.tid: f for f in run(ledger).findings if f.kind == "vbank_not_deposited"}
    assert set(found) == {tid(1, method="03"), tid(2, method="03")}
    assert "2024-03-15" in found[tid(1, method="03")].detail_ko and found[tid(1, method="03")].amount == 50_000
    # a record's own VbankExpDate wins over the setting
    assert kinds(run(ledger, vbank_expiry_days=30)) == {"vbank_not_deposited": [tid(1, method="03")]}


def test_default_expiry_days_is_a_setting(ledger: Ledger) -> None:
    t = tid(1, method="03")
    add(ledger, [event("vbank_issued", t, 9_000, method="VBANK", at="2024-03-30 10:00:00")])
    assert kinds(run(ledger)) == {"vbank_not_deposited": [t]}
    assert run(ledger, vbank_expiry_days=30).findings == []


def test_more_than_one_approval_for_one_order(ledger: Ledger) -> None:
    first, second = tid(1), tid(2, at="240310120500")
    add(ledger, paid(first, 10_000, "ORD-1") + paid(second, 10_000, "ORD-1", at="2024-03-10 12:05:00"))
    add(ledger, paid(tid(3), 5_000, "ORD-2") + paid(tid(4), 5_000, "ORD-2"))
    add(ledger, [event("cancel", tid(4), 5_000, order="ORD-2", at="2024-03-10 13:00:00")])  # refunded: settled
    found = only(run(ledger), "multiple_approvals")
    assert (found.key, found.tid, found.returned, found.amount) == ("multiple_approvals:ORD-1", second, 20_000, 10_000)
    assert first in found.detail_ko and second in found.detail_ko


def test_retried_notifications_are_not_double_payments(ledger: Ledger) -> None:
    first = event("approval", tid(1), 10_000, order="ORD-1", logged_at="2024-03-10 12:00:00")
    retries = [replace(first, occurrence=n, logged_at=f"2024-03-10 12:{10 * (n - 1):02d}:00") for n in (2, 3, 4)]
    add(ledger, [first, *retries, event("approval", tid(1), 10_000, order="ORD-1", channel="result")])
    result = run(ledger)
    assert kinds(result) == {"excess_notifications": [tid(1)]}
    assert only(result, "excess_notifications").detail_ko == "승인 통보 4회 (30분 동안)"
    health = result.health
    assert (health.resent, health.arrivals, health.max_copies, health.longest_minutes) == (1, 4, 4, 30)
    assert health.copies == {4: 1}
    assert run(ledger, excess_copies=5).findings == []


def test_retries_added_outside_an_import_are_still_counted(ledger: Ledger) -> None:
    first = event("approval", tid(1), 10_000, order="ORD-1")
    ledger.add_events([first, replace(first, occurrence=2), replace(first, occurrence=3)])
    assert run(ledger).health.copies == {3: 1}


def test_notifications_from_unknown_senders(ledger: Ledger) -> None:
    add(ledger, [event("approval", tid(1), 10_000, sender_ip="211.193.35.215"),
                 event("approval", tid(2), 20_000, sender_ip="10.0.0.9")])
    result = run(ledger)
    found = only(result, "unknown_sender")
    assert found.tid == tid(2) and "10.0.0.9 1회" in found.detail_ko
    assert result.health.senders == {"10.0.0.9": 1} and result.health.senders_logged
    assert run(ledger, notify_senders=("10.0.0.9", "211.193.35.215")).findings == []


def test_result_seen_through_one_channel_only(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 1_000, "ORD-1") + paid(tid(2), 2_000, "ORD-2", both=False)
        + [event("approval", tid(3), 3_000, channel="result")])
    found = {f.tid: f.detail_ko for f in run(ledger).findings}
    assert found == {tid(2): "통보로만 확인된 거래입니다", tid(3): "결과로만 확인된 거래입니다"}


def test_one_channel_logged_at_all_is_not_a_finding(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 1_000, "ORD-1", both=False) + paid(tid(2), 2_000, "ORD-2", both=False))
    result = run(ledger)
    assert result.findings == [] and any("한쪽 기록만" in n.ko for n in result.notes)


def test_partial_and_full_cancels_raise_nothing(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2), 8_000, "ORD-2"))
    add(ledger, [event("cancel", tid(1)[:-4] + "0901", 3_000, otid=tid(1), at="2024-03-11 10:00:00"),
                 event("cancel", tid(1)[:-4] + "0902", 3_000, otid=tid(1), at="2024-03-12 10:00:00"),
                 event("cancel", tid(1)[:-4] + "0902", 3_000, otid=tid(1), at="2024-03-12 10:00:00",
                       channel="cancel_api"),  # the app's own answer for the same cancel
                 event("cancel", tid(2), 8_000, at="2024-03-13 10:00:00")])
    assert run(ledger).findings == []
    assert ledger.db.query("SELECT tid, cancelled, state FROM transactions ORDER BY tid") == [
        (tid(1), 6_000, "partially_cancelled"), (tid(2), 8_000, "cancelled")]


def test_as_of_is_today_by_default(ledger: Ledger) -> None:
    add(ledger, [event("vbank_issued", tid(1, method="03"), 9_000, method="VBANK", at="2024-03-30 10:00:00",
                       VbankExpDate="20990101")])
    assert run(ledger).findings == [] and AS_OF.year == 2024


def test_double_payment_across_a_month_end_is_one_finding_in_both_months(ledger: Ledger) -> None:
    from recon_support import add_orders, order

    add_orders(ledger, [order("ORD-1", 10_000, at="2024-03-31 23:58:00")])
    late = tid(2, at="240401000100")
    add(ledger, paid(tid(1, at="240331235900"), 10_000, "ORD-1", at="2024-03-31 23:59:00")
        + paid(late, 10_000, "ORD-1", at="2024-04-01 00:01:00"))
    march, april = only(run(ledger), "multiple_approvals"), only(run(ledger, "2024-04"), "multiple_approvals")
    assert march.key == april.key == "multiple_approvals:ORD-1" and march.tid == april.tid == late
    assert (march.requested, march.returned, march.amount) == (10_000, 20_000, 10_000)
