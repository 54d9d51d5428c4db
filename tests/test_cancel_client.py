"""CancelClient against the sandbox over real HTTP on 127.0.0.1, plus endpoint parsing."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from smartro_desk.cancel import CancelClient, CancelOutcome, Endpoint, parse_endpoint
from smartro_desk.cancel.endpoints import PRODUCTION, TEST
from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.protocol.formcodec import encode_form
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.protocol.records import CancelRequest
from smartro_desk.sandbox import Sandbox

NOW = datetime(2024, 5, 20, 14, 30, 5)
MERCHANT = TEST_MERCHANTS["SMTPAY001m"]
SUB = TEST_MERCHANTS["SMTSUB001m"]
FAST = httpx.Timeout(connect=1.0, read=0.5, write=1.0, pool=1.0)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(now=lambda: NOW) as sb:
        yield sb


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[CancelClient]:
    with CancelClient(parse_endpoint("sandbox", sandbox_url=sandbox.base_url), timeout=FAST) as c:
        yield c


def pay(sb: Sandbox, method: str = "CARD", amount: int = 10_000, **kw: object) -> str:
    mid = str(kw.pop("mid", "SMTPAY001m"))
    return sb.create_payment(mid, method, amount, order_id="ORD-1", goods="무선 이어폰", buyer="홍길동", **kw)["tid"]


def cancel(
    tid: str, amount: int, partial: bool = False, *, key: str = MERCHANT.merchant_key, pw: str = "123456",
    shares: tuple[SubMallShare, ...] = (), reason: str = "고객 변심",
) -> CancelRequest:
    return CancelRequest.build(tid, key, pw, amount, reason, partial, shares)


# -- outcomes from real answers ------------------------------------------------


def test_full_cancel(sandbox: Sandbox, client: CancelClient) -> None:
    tid = pay(sandbox)
    outcome = client.send(cancel(tid, 10_000, reason="배송 지연 - 똠양꿍 품절"))
    assert (outcome.status, outcome.code, outcome.message, outcome.http_status) == (
        "cancelled", "2001", "취소 성공", 200)
    assert outcome.sent and outcome.succeeded and outcome.error == ""
    assert outcome.response is not None
    assert sandbox.received_requests[0]["CancelMSG"] == "배송 지연 - 똠양꿍 품절"
    assert sandbox.payment(tid)["remaining"] == 0
    assert sandbox.requests_received == 1


def test_partials_then_the_rest_then_already_cancelled(sandbox: Sandbox, client: CancelClient) -> None:
    tid = pay(sandbox, amount=10_000)
    assert client.send(cancel(tid, 2_500, True)).status == "cancelled"
    assert client.send(cancel(tid, 2_500, True)).status == "cancelled"
    over = client.send(cancel(tid, 6_000, True))
    assert (over.status, over.code) == ("refused", "2032")
    assert "취소가능금액" in over.message and over.advice_ko
    assert client.send(cancel(tid, 5_000, False)).status == "cancelled"
    again = client.send(cancel(tid, 5_000, False))
    assert (again.status, again.code) == ("already_cancelled", "2013")
    assert again.succeeded and "이미 취소" in again.advice_ko
    assert sandbox.payment(tid)["remaining"] == 0
    assert sandbox.requests_received == 5


def test_bank_refund_counts_as_cancelled(sandbox: Sandbox, client: CancelClient) -> None:
    outcome = client.send(cancel(pay(sandbox, "BANK", 8_000), 3_000, True))
    assert (outcome.status, outcome.code, outcome.message) == ("cancelled", "2211", "환불 요청 성공")


@pytest.mark.parametrize(
    ("kwargs", "code", "hint"),
    [
        ({"pw": "000000"}, "2024", "취소 비밀번호"),
        ({"pw": ""}, "2025", "취소 비밀번호"),
        ({"key": TEST_MERCHANTS["SMTPAY002m"].merchant_key}, "2041", "TID"),
    ],
)
def test_refused_requests_change_nothing(
    sandbox: Sandbox, client: CancelClient, kwargs: dict[str, str], code: str, hint: str
) -> None:
    tid = pay(sandbox)
    outcome = client.send(cancel(tid, 10_000, **kwargs))
    assert (outcome.status, outcome.code) == ("refused", code)
    assert hint in outcome.advice_ko and not outcome.succeeded
    assert sandbox.payment(tid)["remaining"] == 10_000
    assert sandbox.requests_received == 1


@pytest.mark.parametrize(
    ("method", "age"),
    [("CARD", timedelta(days=91)), ("BANK", timedelta(days=181)), ("CELLPHONE", timedelta(days=20))],
)
def test_deadline_passed(sandbox: Sandbox, client: CancelClient, method: str, age: timedelta) -> None:
    tid = pay(sandbox, method, 5_000, approved_at=NOW - age)
    outcome = client.send(cancel(tid, 5_000))
    assert (outcome.status, outcome.code) == ("refused", "2016")
    assert "취소 기한 초과" in outcome.message and "직접 환불" in outcome.advice_ko


def test_virtual_account_is_refused_with_refund_advice(sandbox: Sandbox, client: CancelClient) -> None:
    tid = pay(sandbox, "VBANK", 30_000, deposited_at=NOW)
    outcome = client.send(cancel(tid, 30_000))
    assert (outcome.status, outcome.code) == ("refused", "2029")
    assert "가상계좌" in outcome.message and "직접 환불" in outcome.advice_ko


def test_sub_mall_split_right_wrong_and_missing(sandbox: Sandbox, client: CancelClient) -> None:
    split = (SubMallShare("SMTSUB002m", 7_000, "주방용품"), SubMallShare("SMTSUB003m", 3_000, "식품"))
    tid = pay(sandbox, amount=10_000, mid="SMTSUB001m", divide=split)
    key = SUB.merchant_key
    right = client.send(cancel(tid, 2_000, True, key=key, shares=(SubMallShare("SMTSUB002m", 2_000, "주방용품"),)))
    wrong = client.send(cancel(tid, 2_000, True, key=key, shares=(SubMallShare("SMTSUB002m", 1_500, "주방용품"),)))
    missing = client.send(cancel(tid, 2_000, True, key=key))
    assert (right.status, right.code) == ("cancelled", "2001")
    assert (wrong.status, wrong.code) == ("refused", "2011")
    assert (missing.status, missing.code) == ("refused", "2002")
    assert "DivideInfo" in missing.message
    assert sandbox.payment(tid)["remaining"] == 8_000
    assert sandbox.requests_received == 3


# -- faults: the answer is lost or unreadable ------------------------------------


def test_slow_answer_is_unknown_but_the_cancel_happened(sandbox: Sandbox, client: CancelClient) -> None:
    tid = pay(sandbox)
    sandbox.set_fault("delay_seconds", 1.0, times=1)
    outcome = client.send(cancel(tid, 4_000, True))
    assert outcome.status == "unknown" and outcome.sent and outcome.http_status is None
    assert "ReadTimeout" in outcome.error and "결과 확인 필요" in outcome.advice_ko
    assert sandbox.payment(tid)["remaining"] == 6_000
    assert sandbox.requests_received == 1


def test_dropped_connection_after_apply_is_unknown(sandbox: Sandbox, client: CancelClient) -> None:
    tid = pay(sandbox)
    sandbox.set_fault("drop_after_apply", times=1)
    outcome = client.send(cancel(tid, 10_000))
    assert outcome.status == "unknown" and "RemoteProtocolError" in outcome.error
    assert sandbox.payment(tid)["remaining"] == 0
    assert sandbox.requests_received == 1


def test_http_500_is_unknown(sandbox: Sandbox, client: CancelClient) -> None:
    tid = pay(sandbox)
    sandbox.set_fault("http_500", times=1)
    outcome = client.send(cancel(tid, 10_000))
    assert (outcome.status, outcome.http_status, outcome.code) == ("unknown", 500, "")
    assert sandbox.payment(tid)["remaining"] == 10_000  # the sandbox's 500 applies nothing
    assert sandbox.requests_received == 1


def test_garbage_answer_is_unknown(sandbox: Sandbox, client: CancelClient) -> None:
    tid = pay(sandbox)
    sandbox.set_fault("garbage", times=1)
    outcome = client.send(cancel(tid, 10_000))
    assert (outcome.status, outcome.http_status) == ("unknown", 200)
    assert "ResultCode" in outcome.error
    assert sandbox.payment(tid)["remaining"] == 0
    assert sandbox.requests_received == 1


def test_nothing_listening_is_not_sent() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with CancelClient(parse_endpoint(f"http://127.0.0.1:{port}"), timeout=FAST) as client:
        outcome = client.send(cancel("SMTPAY001m01012405201430050001", 1_000))
    assert (outcome.status, outcome.sent, outcome.code) == ("not_sent", False, "")
    assert "ConnectError" in outcome.error and "도달하지 않았" in outcome.advice_ko


def test_unencodable_reason_is_not_sent(sandbox: Sandbox, client: CancelClient) -> None:
    outcome = client.send(cancel(pay(sandbox), 10_000, reason="환불 — 😀"))
    assert (outcome.status, outcome.sent) == ("not_sent", False)
    assert "CancelMSG" in outcome.error and sandbox.requests_received == 0


def test_answer_for_another_tid_is_unknown() -> None:
    tid = "SMTPAY001m01012405201430050001"
    body = encode_form({"TID": "SMTPAY001m01012405201430059999", "ResultCode": "2001", "ResultMsg": "취소 성공"})
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with CancelClient(Endpoint("custom", "http://gw.example"), transport=transport) as client:
        outcome = client.send(cancel(tid, 1_000))
    assert outcome.status == "unknown" and "TID" in outcome.error


def test_unknown_code_keeps_the_gateways_message() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"\r\n  ResultCode=9999&ResultMsg=%C1%A1%B0%CB%C1%DF\r\n")

    with CancelClient(Endpoint("custom", "http://gw.example"), transport=httpx.MockTransport(answer)) as client:
        outcome = client.send(cancel("SMTPAY001m01012405201430050001", 1_000))
    assert (outcome.status, outcome.code, outcome.message) == ("refused", "9999", "점검중")
    assert seen[0].url == "http://gw.example/cancel/payCancelNVProcess.jsp"
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded; charset=euc-kr"


def test_logs_never_hold_secrets(sandbox: Sandbox, client: CancelClient, caplog: pytest.LogCaptureFixture) -> None:
    tid = pay(sandbox)
    request = cancel(tid, 10_000, pw="s3cr3t-pw")
    secrets = ["s3cr3t-pw", request.to_fields()["hashData"], MERCHANT.merchant_key]
    with caplog.at_level(logging.DEBUG):
        outcome = client.send(request)
    assert outcome.code == "2024"
    text = caplog.text
    assert tid in text and "10000" in text and "2024" in text and sandbox.base_url in text
    for secret in secrets:
        assert secret not in text
    assert all("s3cr3t" not in str(r.args) for r in caplog.records)


def test_outcome_is_frozen() -> None:
    outcome = CancelOutcome("not_sent")
    with pytest.raises(AttributeError):
        outcome.status = "cancelled"  # type: ignore[misc]


# -- endpoints -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "base"),
    [
        ("sandbox", "sandbox", "http://127.0.0.1:8765"),
        (" TEST ", "test", TEST),
        ("production", "production", PRODUCTION),
        ("https://PAY.smilepay.co.kr/", "production", PRODUCTION),
        ("https://pay.smilepay.co.kr:443", "production", PRODUCTION),
        ("https://tpay.smilepay.co.kr", "test", TEST),
        ("http://localhost:9000/", "custom", "http://localhost:9000"),
        ("http://[::1]:8080", "custom", "http://[::1]:8080"),
    ],
)
def test_parse_endpoint(text: str, kind: str, base: str) -> None:
    endpoint = parse_endpoint(text)
    assert (endpoint.kind, endpoint.base_url) == (kind, base)
    assert endpoint.cancel_url == base + "/cancel/payCancelNVProcess.jsp"
    assert endpoint.is_production == (kind == "production")


@pytest.mark.parametrize(
    "text",
    ["", "ftp://pay.smilepay.co.kr", "pay.smilepay.co.kr", "https://x.example/cancel", "https://x.example/?a=1",
     "http://pay.smilepay.co.kr", "https://user:pw@x.example", "https://x.example:99999", "http://"],
)
def test_parse_endpoint_rejects_in_korean(text: str) -> None:
    with pytest.raises(ValueError, match="주소"):
        parse_endpoint(text)
