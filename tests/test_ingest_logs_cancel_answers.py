"""Logged cancel answers (§5.3): a partial cancel's answer and the gateway's notification of it are one fact."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_ingest.builders import KEY, MID, form, notification, tid
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.ingest import import_file
from smartro_desk.ingest.classify import RecordRejected, gateway_event, key_cache
from smartro_desk.ledger import Ledger
from smartro_desk.protocol.fields import canonicalize
from smartro_desk.protocol.formcodec import encode_form
from smartro_desk.secrets import Secrets

KEYS = key_cache(lambda mid: KEY if mid == MID else None)
T = tid(51)


def answer(ptid: str, amount: int, at: str = "100001", **extra: str) -> dict[str, str]:
    """The gateway's answer to a cancel of ``T`` as the merchant's server logs it (fields in §5.3 order)."""
    return {"PayMethod": "CARD", "PayName": "신용카드", "MID": MID, "TID": T, "CancelAmt": str(amount),
            "CancelMSG": "고객요청", "ResultCode": "2001", "ResultMsg": "취소 성공", "CancelDate": "20240306",
            "CancelTime": at, "CancelNum": "90001", "Moid": "ORD-000051", "PTID": ptid, **extra}


def classify(fields: dict[str, str], logged_at: str | None = None):  # type: ignore[no-untyped-def]
    return gateway_event(canonicalize(fields), hint="", key_for=KEYS, line=3, raw="raw", logged_at=logged_at)


def cancel_notification(ptid: str, amount: int, n: int = 52) -> dict[str, str]:
    return notification(n, state_cd="1", result_code="2001", amount=amount, TID=ptid, otid=T)


def test_a_partial_cancel_answer_is_the_cancel_of_its_ptid_dated_by_cancel_date() -> None:
    event = classify(answer(tid(52), 3000))
    assert (event.tid, event.otid, event.kind, event.channel, event.amount) == (tid(52), T, "cancel", "cancel_api", 3000)
    assert event.occurred_at == "2024-03-06 10:00:01"
    assert (event.order_id, event.mid, event.result_code) == ("ORD-000051", MID, "2001")


@given(st.integers(1, 9999), st.integers(1, 10**7))
def test_the_answer_and_the_notification_of_one_partial_cancel_are_one_fact(n: int, amount: int) -> None:
    ptid = tid(n)
    logged, notified = classify(answer(ptid, amount)), classify(cancel_notification(ptid, amount))
    assert (logged.fact_key, logged.otid, logged.amount) == (notified.fact_key, notified.otid, notified.amount)
    assert logged.fact_key == f"{ptid}|cancel"


@pytest.mark.parametrize("ptid", ["", T, None])
def test_a_full_cancel_answer_stays_the_cancel_of_its_tid(ptid: str | None) -> None:
    fields = answer(ptid or "", 10000)
    if ptid is None:
        del fields["PTID"]
    event = classify(fields)
    assert (event.tid, event.otid, event.kind, event.fact_key) == (T, T, "cancel", f"{T}|cancel")
    assert event.fact_key == classify(notification(51, state_cd="1", result_code="2001", amount=10000)).fact_key


def test_an_answer_without_cancel_date_takes_the_log_lines_time_then_the_ptids() -> None:
    undated = answer(tid(52), 3000, CancelDate="", CancelTime="")
    assert classify(undated, logged_at="2024-03-07 09:00:00").occurred_at == "2024-03-07 09:00:00"
    assert classify(undated).occurred_at == "2024-03-05 15:22:00"  # inside the PTID, not the original's (15:21)
    assert classify(answer(tid(52), 3000, at="90001")).occurred_at == "2024-03-06 09:00:01"  # a lost leading zero
    with pytest.raises(RecordRejected, match="CancelDate"):
        classify(answer(tid(52), 3000, CancelDate="2024-13-45"))


def test_a_refused_cancel_answer_is_a_failure_of_the_original_tid() -> None:
    event = classify(answer("", 3000, ResultCode="2032", ResultMsg="취소 가능 금액 초과", CancelDate="", CancelTime=""))
    assert (event.tid, event.otid, event.kind, event.channel) == (T, T, "failure", "cancel_api")


def test_a_payment_result_is_still_a_result() -> None:
    event = classify({k: v for k, v in notification(1).items() if k != "StateCd"})
    assert (event.channel, event.tid, event.otid) == ("result", tid(1), tid(1))


@pytest.fixture
def ledger(ledger_location: str | Path) -> Ledger:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def line(prefix: str, fields: dict[str, str]) -> bytes:
    return prefix.encode() + b" " + encode_form(fields)


def test_answers_and_notifications_of_two_partial_cancels_count_once_each(ledger: Ledger, tmp_path: Path) -> None:
    """Scenario 10: 3,000 and 2,000 cancelled of 10,000, each seen as the answer and as the notification."""
    p1, p2 = tid(52), tid(53)
    answers = tmp_path / "cancel.log"
    answers.write_bytes(b"\n".join([
        b"2024-03-05 15:21:00 INFO inform " + form(notification(51, amount=10000)),
        line("2024-03-06 10:00:01 INFO cancel response:", answer(p1, 3000, "100001")),
        line("2024-03-06 10:05:02 INFO cancel response:", answer(p2, 2000, "100502")),
    ]) + b"\n")
    notifications = tmp_path / "inform.log"
    notifications.write_bytes(form(cancel_notification(p1, 3000)) + b"\n" + form(cancel_notification(p2, 2000, 53)))
    first = import_file(ledger, answers, secrets=Secrets())
    assert (first.records, first.imported, first.rejected) == (3, 3, 0)
    row = "SELECT amount, cancelled, remaining, state, flagged FROM transactions WHERE tid = ?"
    assert ledger.db.query_one(row, (T,)) == (10000, 5000, 5000, "partially_cancelled", 0)
    second = import_file(ledger, notifications, secrets=Secrets())
    assert (second.records, second.imported, second.rejected) == (2, 2, 0)
    assert ledger.db.query_one(row, (T,)) == (10000, 5000, 5000, "partially_cancelled", 0)
    assert ledger.db.query(
        "SELECT tid, channel, occurred_at FROM events WHERE kind = 'cancel' AND channel = 'cancel_api' ORDER BY tid"
    ) == [(p1, "cancel_api", "2024-03-06 10:00:01"), (p2, "cancel_api", "2024-03-06 10:05:02")]


def test_the_logged_answer_of_the_apps_own_cancel_counts_once_with_the_apps_record(
        ledger_location: str | Path, tmp_path: Path) -> None:
    from cancel_support import rig

    with rig(ledger_location) as r:
        original = r.pay(amount=10_000)
        result = r.cancel(original, 4_000, partial=True)
        assert (result.outcome, result.remaining) == ("cancelled", 6_000) and result.ptid
        own = r.ledger.event_rows(original)[-1]
        assert (own["tid"], own["channel"]) == (result.ptid, "cancel_api")
        logged = {k: v for k, v in own["fields"].items() if k != "AttemptId"}
        log = tmp_path / "cancel.log"
        log.write_bytes(b"cancel answer: " + encode_form(logged) + b"\n"
                        + r.sandbox.notification_body(original, "cancel") + b"\n")
        report = import_file(r.ledger, log, secrets=Secrets())
        assert (report.imported, report.rejected) == (2, 0)
        assert r.ledger.db.query_one("SELECT cancelled, remaining, flagged FROM transactions WHERE tid = ?",
                                     (original,)) == (4_000, 6_000, 0)
        facts = r.ledger.db.query("SELECT DISTINCT fact_key FROM events WHERE otid = ? AND kind = 'cancel'", (original,))
        assert facts == [(f"{result.ptid}|cancel",)]
