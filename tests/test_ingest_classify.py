"""Classification: kinds, channels, otid, SignValue, amounts and times of gateway records."""

from __future__ import annotations

import pytest
from fixtures_ingest.builders import KEY, MID, UNKNOWN_MID, notification, result, tid

from smartro_desk.ingest.classify import RecordRejected, event_kind, gateway_event, key_cache
from smartro_desk.protocol.fields import canonicalize

KEYS = key_cache(lambda mid: KEY if mid == MID else None)


def classify(fields: dict[str, str], hint: str = "", logged_at: str | None = None):  # type: ignore[no-untyped-def]
    return gateway_event(canonicalize(fields), hint=hint, key_for=KEYS, line=7, raw="raw", logged_at=logged_at)


@pytest.mark.parametrize("state_cd, code, method, kind", [
    ("0", "3001", "CARD", "approval"),
    ("0", "4110", "VBANK", "vbank_deposit"),
    ("1", "2001", "CARD", "cancel"),
    ("2", "2001", "CARD", "cancel"),
    ("3", "4100", "VBANK", "vbank_issued"),
    ("", "3001", "CARD", "approval"),
    ("", "4000", "BANK", "approval"),
    ("", "4100", "VBANK", "vbank_issued"),
    ("", "4110", "VBANK", "vbank_deposit"),
    ("", "A000", "CELLPHONE", "approval"),
    ("", "TS10", "TOSS", "approval"),
    ("", "KP00", "KAKAO", "approval"),
    ("", "7001", "CARD", "approval"),
    ("", "2001", "CARD", "cancel"),
    ("", "2211", "BANK", "cancel"),
    ("", "3011", "CARD", "failure"),
    ("", "2013", "CARD", "failure"),
])
def test_kind_rules(state_cd: str, code: str, method: str, kind: str) -> None:
    assert event_kind(state_cd, code, method) == kind


def test_unknown_state_or_no_result_at_all_is_rejected() -> None:
    with pytest.raises(RecordRejected, match="StateCd"):
        event_kind("9", "3001", "CARD")
    with pytest.raises(RecordRejected, match="ResultCode"):
        event_kind("", "", "CARD")


def test_notification_approval_is_verified_and_timed_from_auth_date() -> None:
    event = classify(notification(1))
    assert (event.kind, event.channel, event.sign_status) == ("approval", "notification", "verified")
    assert (event.tid, event.otid, event.amount, event.mid, event.pay_method) == (tid(1), tid(1), 1004, MID, "CARD")
    assert event.occurred_at == "2024-03-05 14:31:00"
    assert (event.buyer, event.goods, event.fn_name, event.order_id) == ("김똠얌", "겨울 점퍼 1호", "비씨", "ORD-000001")
    assert event.source_line == 7 and event.raw == "raw"


def test_result_without_state_cd_is_a_result_unless_its_page_says_inform() -> None:
    assert classify(result(1)).channel == "result"
    assert classify(result(1), hint="notification").channel == "notification"
    assert classify(result(1)).buyer == "김똠얌"  # BuyerName -> Name


def test_partial_cancel_belongs_to_its_original_tid() -> None:
    event = classify(notification(9, state_cd="2", result_code="2001", amount=300, otid=tid(1)))
    assert (event.kind, event.tid, event.otid, event.amount) == ("cancel", tid(9), tid(1), 300)


@pytest.mark.parametrize("fields, status", [
    (notification(1), "verified"),
    ({**notification(1), "Amt": "1004"}, "verified"),  # SignValue does not cover Amt (SPEC.md)
    ({**notification(1), "ResultCode": "3001", "TID": tid(2)}, "mismatch"),
    (notification(1, key=None), "mismatch"),
    (notification(1, mid=UNKNOWN_MID, key="some-key"), "no_key"),
    ({k: v for k, v in notification(1).items() if k != "SignValue"}, "absent"),
])
def test_sign_status(fields: dict[str, str], status: str) -> None:
    assert classify(fields).sign_status == status


def test_key_is_asked_once_per_mid() -> None:
    asked: list[str] = []
    key_for = key_cache(lambda mid: asked.append(mid) or None)
    for _ in range(3):
        key_for(MID)
    assert asked == [MID]


@pytest.mark.parametrize("amt, expected", [("1004", 1004), ("1,004", 1004), ("₩1,004", 1004), ("1004원", 1004)])
def test_amount_spellings(amt: str, expected: int) -> None:
    assert classify(notification(1, Amt=amt)).amount == expected


@pytest.mark.parametrize("fields, reason", [
    ({**notification(1), "TID": ""}, "TID"),
    ({**notification(1), "TID": "SMT PAY 001"}, "TID"),
    ({**notification(1), "Amt": "12a"}, "숫자"),
    ({**notification(1), "Amt": ""}, "없습니다"),
    ({**notification(1), "Amt": "-5"}, "음수"),
    ({**notification(1), "AuthDate": "2403XX143100"}, "AuthDate"),
    ({**notification(1), "StateCd": "7"}, "StateCd"),
])
def test_rejections_say_why(fields: dict[str, str], reason: str) -> None:
    with pytest.raises(RecordRejected, match=reason):
        classify(fields)


def test_failure_needs_no_amount_and_cancel_amounts_are_positive() -> None:
    failed = classify({**result(1, result_code="3011"), "Amt": ""})
    assert (failed.kind, failed.amount) == ("failure", None)
    cancel = classify(notification(2, state_cd="1", result_code="2001", Amt="-1004"))
    assert cancel.amount == 1004


def test_time_falls_back_to_the_tid_then_to_the_log_line() -> None:
    no_date = {k: v for k, v in notification(3).items() if k != "AuthDate"}
    assert classify(no_date).occurred_at == "2024-03-05 14:33:00"  # from the TID
    odd_tid = {**no_date, "TID": "MANUAL-0001", "OTID": ""}
    assert classify(odd_tid, logged_at="2024-03-06 09:00:00").occurred_at == "2024-03-06 09:00:00"


def test_missing_pay_method_comes_from_the_tid() -> None:
    fields = {k: v for k, v in notification(1).items() if k != "PayMethod"}
    assert classify(fields).pay_method == "CARD"


def test_every_record_attribute_comes_from_its_own_field() -> None:
    # gateway_event builds EventRecord positionally: a shifted argument would show here
    fields = notification(3, VbankNum="56210000000001", DivideInfo="div", CardQuota="03")
    record = gateway_event(canonicalize(fields), hint="", key_for=KEYS, line=9, raw="the raw line",
                           logged_at="2024-03-01 10:00:00", sender_ip="211.193.35.215", occurrence=2)
    assert (record.tid, record.otid, record.kind, record.channel) == (fields["TID"], fields["OTID"], "approval",
                                                                        "notification")
    assert (record.fields, record.raw, record.mid, record.pay_method) == (canonicalize(fields), "the raw line", MID,
                                                                          "CARD")
    assert (record.order_id, record.amount, record.result_code, record.result_msg, record.state_cd) == (
        fields["OID"], 1004, "3001", "정상처리되었습니다", "0")
    assert (record.sign_status, record.buyer, record.goods, record.fn_cd, record.fn_name) == (
        "verified", "김똠얌", "겨울 점퍼 3호", "01", "비씨")
    assert (record.card_quota, record.auth_code, record.vbank_num, record.divide_info) == (
        "03", fields["AuthCode"], "56210000000001", "div")
    assert (record.source_line, record.logged_at, record.sender_ip, record.occurrence) == (
        9, "2024-03-01 10:00:00", "211.193.35.215", 2)
    assert record.occurred_at is not None and record.occurred_at.startswith("20")
