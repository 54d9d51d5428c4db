"""The cancel safety state machine over real HTTP against the sandbox on 127.0.0.1.

Every case asserts the ledger (remaining, state, hold, attempts, audit), what a
dialog would show (the plan), and how many requests the sandbox received.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from cancel_support import FAST, NOW, Rig, rig, service_for

from smartro_desk.cancel import service as service_module
from smartro_desk.cancel.client import CancelClient
from smartro_desk.cancel.endpoints import Endpoint, parse_endpoint
from smartro_desk.cancel.service import CancelService, recover_stale, settle, settle_from_events
from smartro_desk.ledger import Change, Ledger, cancels
from smartro_desk.ledger.backend import is_postgres_url, open_database
from smartro_desk.ledger.postgres_db import PostgresDatabase
from smartro_desk.ledger.sqlite_db import SQLiteDatabase
from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.secrets import MERCHANT_KEY, Secrets, SessionSecrets


@pytest.fixture
def r(ledger_location: str | Path, tmp_path: Path) -> Iterator[Rig]:
    with rig(ledger_location) as made:
        yield made


def test_full_cancel_updates_at_once_and_its_notification_counts_once(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    heard: list[Change] = []
    r.ledger.subscribe(heard.append)
    result = r.cancel(tid, 10_000)
    assert (result.outcome, result.code, result.remaining, result.ok) == ("cancelled", "2001", 0, True)
    assert r.tx(tid) == {"amount": 10_000, "cancelled": 10_000, "remaining": 0, "state": "cancelled", "cancel_hold": None}
    assert any(c.what == "transactions" and tid in c.tids for c in heard)
    r.import_notification(tid, "cancel")
    assert r.tx(tid)["cancelled"] == 10_000
    assert r.statuses(tid) == ["cancelled"]
    assert r.actions(tid) == ["cancel_intent", "cancel_answer"]
    assert r.sandbox.requests_received == 1
    assert cancels.locks(r.ledger) == []


def test_partial_then_more_partials_then_the_rest(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    first = r.cancel(tid, 2_500, partial=True)
    assert (first.outcome, first.remaining) == ("cancelled", 7_500) and first.ptid and first.ptid != tid
    assert r.cancel(tid, 2_500, partial=True).remaining == 5_000
    assert r.tx(tid)["state"] == "partially_cancelled"
    rest = r.plan(tid, None)  # full cancel of whatever remains
    assert rest.amount == 5_000 and rest.sendable
    assert r.service.execute(rest).remaining == 0
    for index in range(3):
        r.import_notification(tid, "cancel", index)
    assert r.tx(tid) == {"amount": 10_000, "cancelled": 10_000, "remaining": 0, "state": "cancelled", "cancel_hold": None}
    assert r.statuses(tid) == ["cancelled"] * 3
    assert r.sandbox.requests_received == 3 and r.sandbox.payment(tid)["remaining"] == 0


def test_repeat_and_over_the_remaining_never_reach_the_gateway(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    assert r.cancel(tid, 10_000).ok
    again = r.cancel(tid, 10_000)
    assert again.outcome == "refused" and [p.key for p in again.problems if p.severity == "error"] == ["nothing_left"]
    other = r.pay(amount=10_000)
    over = r.cancel(other, 12_000, partial=True)
    assert over.outcome == "refused" and "over_remaining" in [p.key for p in over.problems]
    assert "12,000원" in over.message and "10,000원" in over.message
    full_wrong = r.cancel(other, 4_000)
    assert [p.key for p in full_wrong.problems if p.severity == "error"] == ["full_not_remaining"]
    assert r.sandbox.requests_received == 1
    assert r.actions(other) == ["cancel_refused_before_send", "cancel_refused_before_send"]
    assert r.statuses(other) == []


def test_cancelled_elsewhere_answers_already_cancelled(r: Rig) -> None:
    tid = r.pay(amount=5_000)
    key = TEST_MERCHANTS["SMTPAY001m"].merchant_key
    from smartro_desk.protocol.records import CancelRequest
    r.sandbox.cancel(CancelRequest.build(tid, key, "123456", 5_000, "관리자 사이트", False).to_fields())
    result = r.cancel(tid, 5_000)
    assert (result.outcome, result.code, result.ok) == ("already_cancelled", "2013", True)
    assert r.statuses(tid) == ["already_cancelled"] and r.tx(tid)["cancel_hold"] is None
    assert r.sandbox.requests_received == 1


def test_wrong_password_is_refused_by_the_gateway(ledger_location: str | Path, tmp_path: Path) -> None:
    with rig(ledger_location) as r:
        tid = r.pay()
        r.service.secrets = Secrets(SessionSecrets({("SMTPAY001m", "cancel_password"): "000000"}))
        result = r.cancel(tid, 10_000)
        assert (result.outcome, result.code) == ("refused", "2024")
        assert "비밀번호" in result.advice_ko
        assert r.tx(tid)["remaining"] == 10_000 and r.tx(tid)["cancel_hold"] is None
        assert r.statuses(tid) == ["refused"] and r.sandbox.requests_received == 1
        assert cancels.locks(r.ledger) == []


def test_missing_password_is_refused_before_sending(r: Rig) -> None:
    tid = r.pay()
    key = TEST_MERCHANTS["SMTPAY001m"].merchant_key
    r.service.secrets = Secrets(SessionSecrets({("SMTPAY001m", MERCHANT_KEY): key}), allow_test_keys=False)
    plan = r.plan(tid, 10_000)
    assert not plan.sendable and "no_password" in [p.key for p in plan.errors]
    assert dict(plan.request_preview)["Cancelpw"] == "(없음)"
    assert r.service.execute(plan).outcome == "refused"
    assert r.sandbox.requests_received == 0


@pytest.mark.parametrize(("method", "age"), [("CARD", 91), ("BANK", 181)])
def test_deadline_passed_is_refused_before_sending(r: Rig, method: str, age: int) -> None:
    tid = r.pay(method, 5_000, approved_at=NOW - timedelta(days=age))
    plan = r.plan(tid, 5_000)
    assert [p.key for p in plan.errors] == ["deadline"] and plan.deadline is not None and plan.deadline.passed
    assert r.service.execute(plan).outcome == "refused"
    assert r.sandbox.requests_received == 0


def test_virtual_account_is_refused_before_sending(r: Rig) -> None:
    tid = r.pay("VBANK", 30_000, deposited_at=NOW)
    plan = r.plan(tid, 30_000)
    assert "vbank" in [p.key for p in plan.errors] and "직접 환불" in plan.errors[0].message
    assert r.service.execute(plan).outcome == "refused" and r.sandbox.requests_received == 0


def test_sub_mall_split_right_and_wrong(r: Rig) -> None:
    split = (SubMallShare("SMTSUB002m", 7_000, "주방용품"), SubMallShare("SMTSUB003m", 3_000, "식품"))
    tid = r.pay(amount=10_000, mid="SMTSUB001m", divide=split)
    missing = r.plan(tid, 2_000, partial=True)
    assert [p.key for p in missing.errors] == ["divide_missing"]
    wrong_sum = r.plan(tid, 2_000, partial=True, shares=(SubMallShare("SMTSUB002m", 1_500, ""),))
    assert [p.gateway_code for p in wrong_sum.errors] == ["2011"]
    too_much = r.plan(tid, 3_500, partial=True, shares=(SubMallShare("SMTSUB003m", 3_500, ""),))
    assert [p.key for p in too_much.errors] == ["divide_over"]
    for plan in (missing, wrong_sum, too_much):
        assert r.service.execute(plan).outcome == "refused"
    assert r.sandbox.requests_received == 0
    right = r.cancel(tid, 2_000, partial=True, shares=(SubMallShare("SMTSUB002m", 2_000, ""),))
    assert (right.outcome, right.remaining) == ("cancelled", 8_000)
    assert cancels.attempts(r.ledger, tid)[0].divide_info
    editor = r.plan(tid, 1_000, partial=True).sub_malls  # what the dialog's split editor offers
    assert editor == (("SMTSUB002m", 5_000), ("SMTSUB003m", 3_000), ("SMTSUB004m", 0))
    assert r.sandbox.received_requests[-1]["MerchantMode"] == "T"
    # SMTSUB002m has 5,000 left: 6,000 from it is refused here, before the gateway would say 2032
    over = r.plan(tid, 6_000, partial=True, shares=(SubMallShare("SMTSUB002m", 6_000, ""),))
    assert [p.key for p in over.errors] == ["divide_over"] and "5,000원" in over.errors[0].message
    assert r.sandbox.requests_received == 1


def test_dialog_preview_masks_secrets_and_states_the_amount_in_words(r: Rig) -> None:
    tid = r.pay(amount=12_500)
    plan = r.plan(tid, 12_500)
    preview = dict(plan.request_preview)
    assert preview["URL"].endswith("/cancel/payCancelNVProcess.jsp")
    assert preview["Cancelpw"] == "******" and preview["hashData"] == "******"
    assert (preview["TID"], preview["CancelAmt"], preview["PartialCancelCode"]) == (tid, "12500", "0")
    assert "123456" not in repr(plan) or "Cancelpw" not in repr(plan.request_preview)
    assert tid in plan.confirmation_ko and "12,500원(만 이천오백 원)" in plan.confirmation_ko
    assert plan.target is not None and (plan.target.amount, plan.target.remaining) == (12_500, 12_500)
    assert plan.deadline is not None and "90일" in plan.deadline.text and not plan.needs_retyped_amount


def test_production_needs_the_amount_typed_again_and_sends_nothing_without_it(r: Rig) -> None:
    tid = r.pay(amount=3_000)
    plan = r.service.plan(tid, amount=3_000, reason="환불", partial=False, endpoint=parse_endpoint("production"))
    assert plan.needs_retyped_amount and "production" in [p.key for p in plan.warnings]
    assert plan.confirms("3,000원") and not plan.confirms("300")
    result = r.service.execute(plan, confirmed_amount=300)
    assert result.outcome == "refused" and "unconfirmed" in [p.key for p in result.problems]
    assert r.statuses(tid) == []


def test_plan_made_stale_by_another_cancel_is_not_sent(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    early = r.plan(tid, 4_000, partial=True)
    assert r.cancel(tid, 3_000, partial=True).ok
    late = r.service.execute(early)
    assert late.outcome == "refused" and "stale" in [p.key for p in late.problems]
    assert r.sandbox.requests_received == 1


# -- lost answers ----------------------------------------------------------------------


def test_drop_after_apply_holds_the_tid_until_the_notification_settles_it(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    r.sandbox.set_fault("drop_after_apply", times=1)
    lost = r.cancel(tid, 3_000, partial=True)
    assert lost.outcome == "unknown" and not lost.ok and "두 번 환불" in lost.advice_ko
    assert r.tx(tid)["remaining"] == 10_000 and r.tx(tid)["cancel_hold"].startswith("결과 확인 필요")
    assert r.statuses(tid) == ["unknown"] and cancels.held_tids(r.ledger) == [tid]
    blocked_plan = r.plan(tid, 3_000, partial=True)
    assert blocked_plan.blocked and not blocked_plan.sendable
    blocked = r.service.execute(blocked_plan)
    assert blocked.outcome == "blocked" and "결과 확인 필요" in blocked.message
    assert r.sandbox.requests_received == 1
    r.import_notification(tid, "cancel")  # the gateway did cancel: its notification arrives
    after = r.plan(tid, 1_000, partial=True)
    assert after.sendable and r.tx(tid)["cancel_hold"] is None
    assert r.tx(tid)["remaining"] == 7_000
    done = cancels.attempts(r.ledger, tid)[0]
    assert (done.status, done.settled_by, done.ptid) == ("settled_cancelled", "notification", r.sandbox.payment(tid)["cancels"][0]["ptid"])
    assert r.actions(tid) == ["cancel_intent", "cancel_answer", "cancel_blocked", "cancel_settled"]


def test_http_500_then_settled_not_cancelled_unblocks(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    r.sandbox.set_fault("http_500", times=1)
    result = r.cancel(tid, 10_000)
    assert (result.outcome, result.http_status) == ("unknown", 500)
    assert r.tx(tid)["cancel_hold"] is not None
    with pytest.raises(ValueError, match="메모"):
        settle(r.ledger, tid, outcome="not-cancelled", note=" ")
    attempt = settle(r.ledger, tid, outcome="not-cancelled", note="관리자 사이트에 취소 내역 없음", actor="kim")
    assert (attempt.status, attempt.settled_by) == ("settled_not_cancelled", "kim")
    assert r.tx(tid) == {"amount": 10_000, "cancelled": 0, "remaining": 10_000, "state": "approved", "cancel_hold": None}
    assert r.cancel(tid, 10_000).outcome == "cancelled"
    assert r.sandbox.requests_received == 2
    with pytest.raises(ValueError, match="결과 확인 필요"):
        settle(r.ledger, tid, outcome="cancelled", note="again")


def test_timeout_of_a_partial_is_never_retried_and_a_settlement_is_not_counted_twice(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    r.sandbox.set_fault("delay_seconds", 1.5, times=1)
    result = r.cancel(tid, 4_000, partial=True)
    assert result.outcome == "unknown" and "Timeout" in result.error
    assert r.sandbox.requests_received == 1  # exactly one: never retried
    r.service.settle(tid, outcome="cancelled", note="사이트에서 4,000원 부분취소 확인")
    assert r.tx(tid)["remaining"] == 6_000 and r.tx(tid)["cancel_hold"] is None
    r.import_notification(tid, "cancel")
    assert settle_from_events(r.ledger) == []
    assert r.tx(tid)["remaining"] == 6_000  # linked to the stand-in, not added again
    attempt = cancels.attempts(r.ledger, tid)[0]
    assert attempt.ptid == r.sandbox.payment(tid)["cancels"][0]["ptid"]
    assert "cancel_settlement_linked" in r.actions(tid)


def test_garbage_answer_then_settled_cancelled_with_its_ptid(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    r.sandbox.set_fault("garbage", times=1)
    result = r.cancel(tid, 2_000, partial=True)
    assert result.outcome == "unknown" and "ResultCode" in result.error
    ptid = r.sandbox.payment(tid)["cancels"][0]["ptid"]
    settle(r.ledger, tid, outcome="cancelled", amount=2_000, ptid=ptid, note="사이트에서 확인")
    r.import_notification(tid, "cancel")
    assert r.tx(tid)["remaining"] == 8_000
    assert r.sandbox.requests_received == 1


def test_nothing_listening_is_not_sent_and_not_held(r: Rig, unused_port: int) -> None:
    tid = r.pay()
    plan = r.service.plan(tid, amount=10_000, reason="x", partial=False,
                          endpoint=parse_endpoint(f"http://127.0.0.1:{unused_port}"))
    result = r.service.execute(plan)
    assert result.outcome == "not_sent" and r.tx(tid)["cancel_hold"] is None
    assert r.statuses(tid) == ["not_sent"] and cancels.locks(r.ledger) == []
    assert r.cancel(tid, 10_000).ok


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_crash_between_intent_and_answer_is_recovered_as_unknown(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    cancels.begin_attempt(
        r.ledger, tid=tid, endpoint="sandbox", amount=10_000, partial=False, reason="x", divide_info="",
        actor="kim", owner="kim@pc (pid 1)", host=__import__("socket").gethostname(), pid=int(dead.stdout),
        details={},
    )
    plan = r.plan(tid, 10_000)
    assert plan.blocked and "kim@pc" in plan.errors[0].message
    with pytest.raises(cancels.CancelBlocked, match="kim@pc"):
        cancels.begin_attempt(r.ledger, tid=tid, endpoint="sandbox", amount=1, partial=True, reason="x",
                              divide_info="", actor="lee", owner="lee", host="h", pid=1, details={})
    assert recover_stale(r.ledger) == [tid]
    assert r.statuses(tid) == ["unknown"] and r.tx(tid)["cancel_hold"] is not None
    assert cancels.locks(r.ledger) == [] and "cancel_recovered" in r.actions(tid)
    assert r.sandbox.requests_received == 0


def test_own_live_lock_is_not_stale(r: Rig) -> None:
    tid = r.pay()
    import os
    import socket
    cancels.begin_attempt(r.ledger, tid=tid, endpoint="sandbox", amount=1, partial=True, reason="x", divide_info="",
                          actor="me", owner="me", host=socket.gethostname(), pid=os.getpid(), details={})
    assert recover_stale(r.ledger) == []
    assert recover_stale(r.ledger, now=NOW + timedelta(hours=1)) == [tid]


def test_answer_that_cannot_be_recorded_leaves_the_tid_blocked(r: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    tid = r.pay()
    if is_postgres_url(r.ledger.location):
        impatient = Ledger(PostgresDatabase(str(r.ledger.location), lock_timeout_ms=50), actor="tester")
    else:
        impatient = Ledger(SQLiteDatabase(r.ledger.location, busy_timeout_ms=50), actor="tester")
    blocker = open_database(r.ledger.location)
    long_import = blocker.transaction()
    monkeypatch.setattr(service_module, "RECORD_TRIES", 2)

    def connect_then_block(endpoint: Endpoint) -> CancelClient:
        assert r.statuses(tid) == ["intent"] and cancels.locks(r.ledger)  # written before the request leaves
        long_import.__enter__()  # another program (another desk) starts a long import
        return CancelClient(endpoint, timeout=FAST)

    try:
        service = CancelService(impatient, Secrets(), connect=connect_then_block, actor="tester")
        plan = service.plan(tid, amount=10_000, reason="x", partial=False, endpoint=r.endpoint)
        with pytest.raises(service_module.AnswerNotRecorded, match="결과 확인 필요") as caught:
            service.execute(plan)
        assert caught.value.outcome.status == "cancelled"
    finally:
        long_import.__exit__(None, None, None)
        blocker.close()
        impatient.close()
    assert r.statuses(tid) == ["intent"] and r.plan(tid, 10_000).blocked
    assert recover_stale(r.ledger, now=NOW + timedelta(hours=1)) == [tid]
    assert r.statuses(tid) == ["unknown"] and r.sandbox.requests_received == 1


def test_audit_names_everything_and_no_secret(r: Rig) -> None:
    tid = r.pay(amount=10_000)
    r.cancel(tid, 1_000, partial=True)
    intent, answer = r.ledger.audit_entries(tid=tid)
    assert (intent.actor, intent.amount, intent.details["partial"], intent.details["reason"]) == ("tester", 1_000, True, "고객 변심")
    assert intent.details["endpoint"].startswith("custom (http://127.0.0.1:")
    assert (answer.details["code"], answer.details["message"], answer.details["status"]) == ("2001", "취소 성공", "cancelled")
    text = repr(r.ledger.audit_entries()) + repr(cancels.attempts(r.ledger))
    assert "123456" not in text and TEST_MERCHANTS["SMTPAY001m"].merchant_key not in text
    assert r.ledger.verify_audit().ok


def test_service_with_its_own_ledger_connection_sees_the_same_state(r: Rig) -> None:
    tid = r.pay()
    other = Ledger.open(r.ledger.location, actor="lee")
    try:
        assert service_for(other).execute(r.plan(tid, 10_000)).ok
    finally:
        other.close()
    assert r.tx(tid)["remaining"] == 0
