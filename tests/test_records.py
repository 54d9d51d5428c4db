from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.protocol.divide import SubMallShare, decode_divide_info
from smartro_desk.protocol.formcodec import decode_form, decode_response
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.protocol.records import (
    CancelRequest,
    CancelResponse,
    Notification,
    PaymentResult,
    RecordError,
    parse_auth_date,
)

KEY = TEST_MERCHANTS["SMTPAY001m"].merchant_key
TID = "SMTPAY001m01011708181134147103"


def test_cancel_request_known_answer() -> None:
    request = CancelRequest.build(TID, KEY, "123456", 502, "부분취소", partial=True)
    assert request.to_fields() == {
        "TID": TID,
        "Cancelpw": "123456",
        "CancelAmt": "502",
        "CancelMSG": "부분취소",
        "PartialCancelCode": "1",
        "hashData": "MjU5NDU2YWVkMWIyOTJhZjMwMGY2ZDZkYzI4NjEyZTE=",
    }


def test_full_cancel_known_answer() -> None:
    request = CancelRequest.build(TID, KEY, "123456", 1004, "고객 요청", partial=False)
    assert request.to_fields()["hashData"] == "ZGUyNWFlNjBhNTE2ZmFhMzIxYTE2NmU0MjM3MTllYTg="
    assert request.partial_cancel_code == "0"


def test_cancel_request_with_shares() -> None:
    shares = (SubMallShare("SMTSUB002m", 502), SubMallShare("SMTSUB003m", 502))
    request = CancelRequest.build(TID, KEY, "pw", 1004, "x", partial=False, shares=shares)
    fields = request.to_fields()
    assert fields["MerchantMode"] == "T"
    assert decode_divide_info(fields["DivideInfo"]) == shares


def test_cancel_request_repr_hides_secrets() -> None:
    request = CancelRequest.build(TID, KEY, "s3cr3t-pw", 502, "x", partial=True)
    text = repr(request)
    assert "s3cr3t-pw" not in text
    assert KEY not in text
    assert TID in text


@pytest.mark.parametrize(("tid", "amount"), [("", 100), (TID, 0), (TID, -5)])
def test_cancel_request_refuses_unusable(tid: str, amount: int) -> None:
    with pytest.raises(RecordError):
        CancelRequest.build(tid, KEY, "pw", amount, "x", partial=False)


def test_payment_result_from_form() -> None:
    body = (
        "PayMethod=CARD&MID=SMTPAY001m&Amt=1004&BuyerName=%C8%AB%B1%E6%B5%BF&GoodsName=test"
        f"&mallUserID=u1&TID={TID}&OID=ORD1&AuthDate=170818113414&AuthCode=12345678"
        "&ResultCode=3001&ResultMsg=%C4%AB%B5%E5+%B0%E1%C1%A6+%BC%BA%B0%F8&SignValue=abc%3D"
        "&fn_cd=04&fn_name=%BB%EF%BC%BA&AcquCardCode=04&CardQuota=00&SvcAmt=&Tax=91&NewField=kept"
    )
    result = PaymentResult.from_fields(decode_form(body).fields)
    assert result.tid == TID
    assert result.amt == 1004
    assert result.buyer_name == "홍길동"
    assert result.mall_user_id == "u1"
    assert result.result_msg == "카드 결제 성공"
    assert (result.fn_cd, result.fn_name) == ("04", "삼성")
    assert result.svc_amt is None
    assert result.tax == 91
    assert result.sign_value == "abc="
    assert result.auth_datetime == datetime(2017, 8, 18, 11, 34, 14)
    assert result.extra == {"NewField": "kept"}
    assert result.fields["NewField"] == "kept"
    assert result.fields["Name"] == "홍길동"


def test_notification_from_sample_spellings() -> None:
    fields = {
        "tid": TID, "OTID": TID, "Amt": "1,004", "name": "홍길동", "state_cd": "2",
        "fn_cd": "04", "fn_name": "삼성", "pinNo": "536148******1234", "CardUsePoint": "0",
        "ReceiptType": "0", "AuthDate": "170818113414", "CancelSeq": "1",
    }
    notification = Notification.from_fields(fields)
    assert notification.amt == 1004
    assert notification.name == "홍길동"
    assert notification.state_cd == "2"
    assert notification.card_use_point == 0
    assert notification.extra == {"CancelSeq": "1"}
    assert notification.auth_datetime == datetime(2017, 8, 18, 11, 34, 14)


@pytest.mark.parametrize("cls", [PaymentResult, Notification])
def test_unusable_records(cls: type[PaymentResult] | type[Notification]) -> None:
    with pytest.raises(RecordError, match="거래번호"):
        cls.from_fields({"Amt": "1004"})
    with pytest.raises(RecordError, match="숫자가 아닙니다"):
        cls.from_fields({"TID": TID, "Amt": "1OO4"})
    assert cls.from_fields({"TID": TID, "Amt": ""}).amt is None
    assert cls.from_fields({"TID": TID}).amt is None


def test_cancel_response_from_html_answer() -> None:
    body = (
        b"<html><body>\r\nPayMethod=CARD&PayName=%BD%C5%BF%EB%C4%AB%B5%E5&MID=SMTPAY001m"
        b"&TID=" + TID.encode() + b"&CancelAmt=502&CancelMSG=%BA%CE%BA%D0%C3%EB%BC%D2"
        b"&ResultCode=2001&ResultMsg=%C3%EB%BC%D2+%BC%BA%B0%F8&CancelDate=20240318"
        b"&CancelTime=113414&CancelNum=12345678&Moid=ORD1&PTID=\r\n</body></html>"
    )
    response = CancelResponse.from_fields(decode_response(body).fields)
    assert response.result_code == "2001"
    assert response.cancel_amt == 502
    assert response.pay_name == "신용카드"
    assert response.oid == "ORD1"
    assert response.ptid == ""
    assert response.cancelled_at == datetime(2024, 3, 18, 11, 34, 14)
    assert response.extra == {}


def test_cancel_response_failure_without_tid() -> None:
    response = CancelResponse.from_fields({"ResultCode": "2012", "ResultMsg": "해당 거래 없음"})
    assert response.tid == ""
    assert response.cancelled_at is None
    with pytest.raises(RecordError, match="결과코드"):
        CancelResponse.from_fields({"TID": TID})
    with pytest.raises(RecordError, match="CancelAmt"):
        CancelResponse.from_fields({"ResultCode": "2001", "CancelAmt": "abc"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("170818113414", datetime(2017, 8, 18, 11, 34, 14)),
        ("20170818113414", datetime(2017, 8, 18, 11, 34, 14)),
        ("2017-08-18 11:34:14", datetime(2017, 8, 18, 11, 34, 14)),
        (" 2017-08-18T11:34:14 ", datetime(2017, 8, 18, 11, 34, 14)),
        ("2017-08-18 11:34", datetime(2017, 8, 18, 11, 34)),
        ("171318113414", None),
        ("", None),
        ("1708181134", None),
        ("１７０８１８１１３４１４", None),
    ],
)
def test_parse_auth_date(text: str, expected: datetime | None) -> None:
    assert parse_auth_date(text) == expected


@given(st.text(max_size=30))
def test_parse_auth_date_never_raises(text: str) -> None:
    assert parse_auth_date(text) is None or isinstance(parse_auth_date(text), datetime)


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=12), max_size=10))
def test_records_never_lose_fields(fields: dict[str, str]) -> None:
    try:
        record = Notification.from_fields(fields)
    except RecordError:
        return
    assert set(record.extra) <= set(record.fields)
    assert all(record.fields[key] == value for key, value in record.extra.items())
