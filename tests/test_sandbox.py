"""The sandbox over real HTTP on 127.0.0.1: cancel rules, format, faults, state, notifications."""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartro_desk.protocol.divide import SubMallShare, encode_divide_info
from smartro_desk.protocol.formcodec import decode_form, decode_response, encode_form
from smartro_desk.protocol.hashes import hash_data, verify_sign_value
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.sandbox import CANCEL_PATH, Sandbox, add_sandbox_parser, demo_month, post_notification, run_sandbox

NOW = datetime(2024, 5, 20, 14, 30, 5)
KEY = TEST_MERCHANTS["SMTPAY001m"].merchant_key
SUB_KEY = TEST_MERCHANTS["SMTSUB001m"].merchant_key


class Clock:
    def __init__(self, value: datetime) -> None:
        self.value = value

    def __call__(self) -> datetime:
        return self.value


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def sandbox(clock: Clock) -> Iterator[Sandbox]:
    with Sandbox(now=clock) as sb:
        yield sb


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


def pay(sb: Sandbox, method: str = "CARD", amount: int = 10_000, **kw: Any) -> str:
    kw.setdefault("order_id", "ORD-1")
    kw.setdefault("goods", "유기농 사과")
    kw.setdefault("buyer", "홍길동")
    return sb.create_payment(kw.pop("mid", "SMTPAY001m"), method, amount, **kw)["tid"]


def request_fields(
    tid: str, amount: int | str, partial: str = "0", *, key: str = KEY, pw: str = "123456",
    msg: str = "고객 변심", shares: tuple[SubMallShare, ...] = (), mode: str = "",
) -> dict[str, str]:
    fields = {
        "TID": tid, "Cancelpw": pw, "CancelAmt": str(amount), "CancelMSG": msg,
        "PartialCancelCode": partial, "hashData": hash_data(tid, key, amount, partial),
    }
    if mode:
        fields["MerchantMode"] = mode
    if shares:
        fields["DivideInfo"] = encode_divide_info(shares)
    return fields


def post(http: httpx.Client, sb: Sandbox, fields: dict[str, str]) -> dict[str, str]:
    reply = http.post(sb.base_url + CANCEL_PATH, content=encode_form(fields, "euc-kr"))
    assert reply.status_code == 200
    return decode_response(reply.content).fields


# -- format --------------------------------------------------------------------


def test_full_cancel_answer_has_the_gateways_format_and_euc_kr(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox, order_id="ORD-77")
    fields = request_fields(tid, 10_000, msg="배송 지연으로 똠 고객 요청")
    reply = http.post(
        sandbox.base_url + CANCEL_PATH,
        content=encode_form(fields, "euc-kr"),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=euc-kr"},
    )
    assert reply.headers["content-type"] == "text/html; charset=euc-kr"
    names = [part.split(b"=", 1)[0].decode() for part in reply.content.split(b"&")]
    assert names == ["PayMethod", "PayName", "MID", "TID", "CancelAmt", "CancelMSG", "ResultCode",
                     "ResultMsg", "CancelDate", "CancelTime", "CancelNum", "Moid", "PTID"]
    assert "%B9%E8%BC%DB" in reply.text  # 배송 in EUC-KR
    answer = decode_form(reply.content)
    got = answer.fields
    assert got["CancelMSG"] == "배송 지연으로 똠 고객 요청"
    assert answer.encodings["CancelMSG"] == "cp949"
    assert (got["ResultCode"], got["ResultMsg"], got["PayName"]) == ("2001", "취소 성공", "신용카드")
    assert (got["CancelDate"], got["CancelTime"], got["OID"], got["PTID"]) == ("20240520", "143005", "ORD-77", "")
    assert len(got["CancelNum"]) == 8 and got["CancelNum"].isdigit()
    assert sandbox.payment(tid)["remaining"] == 0 and sandbox.payment(tid)["state"] == "cancelled"
    assert sandbox.requests_received == 1
    assert sandbox.received_requests[0]["Cancelpw"] == "******"


def test_partial_cancels_then_the_rest_then_already_cancelled(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox, amount=10_000)
    first = post(http, sandbox, request_fields(tid, 3_000, "1"))
    second = post(http, sandbox, request_fields(tid, 2_000, "1"))
    assert first["ResultCode"] == second["ResultCode"] == "2001"
    for ptid in (first["PTID"], second["PTID"]):
        assert len(ptid) == 30 and ptid[:12] == tid[:12] and ptid != tid
        assert ptid[14:26] == NOW.strftime("%y%m%d%H%M%S")
    assert first["PTID"] != second["PTID"]
    assert post(http, sandbox, request_fields(tid, 6_000, "1"))["ResultCode"] == "2032"
    assert post(http, sandbox, request_fields(tid, 4_000, "0"))["ResultCode"] == "2011"
    rest = post(http, sandbox, request_fields(tid, 5_000, "0"))
    assert (rest["ResultCode"], rest["PTID"]) == ("2001", "")
    assert post(http, sandbox, request_fields(tid, 5_000, "0"))["ResultCode"] == "2013"
    stored = sandbox.payment(tid)
    assert [c["amount"] for c in stored["cancels"]] == [3_000, 2_000, 5_000]
    assert sandbox.requests_received == 6


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"Cancelpw": "654321"}, "2024"),
        ({"Cancelpw": ""}, "2025"),
        ({"hashData": "bm90IHRoZSByaWdodCBoYXNo"}, "2041"),
        ({"TID": "SMTPAY001m01012405201430059999"}, "2012"),
    ],
)
def test_refusals_before_anything_is_applied(
    sandbox: Sandbox, http: httpx.Client, change: dict[str, str], code: str
) -> None:
    tid = pay(sandbox)
    answer = post(http, sandbox, request_fields(tid, 10_000) | change)
    assert answer["ResultCode"] == code
    assert answer["CancelNum"] == answer["CancelDate"] == ""
    assert sandbox.payment(tid)["remaining"] == 10_000
    assert sandbox.requests_received == 1


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1,000"])
def test_non_positive_or_non_numeric_amount_is_2010(sandbox: Sandbox, http: httpx.Client, amount: str) -> None:
    tid = pay(sandbox)
    assert post(http, sandbox, request_fields(tid, amount, "1"))["ResultCode"] == "2010"


def test_hash_signed_with_another_merchants_key_is_refused(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox)
    other = TEST_MERCHANTS["SMTPAY002m"].merchant_key
    answer = post(http, sandbox, request_fields(tid, 10_000, key=other))
    assert answer["ResultCode"] == "2041" and "hashData" in answer["ResultMsg"]


def test_bank_transfer_refund_is_2211(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox, "BANK", 20_000, bank_code="004")
    answer = post(http, sandbox, request_fields(tid, 5_000, "1"))
    assert (answer["ResultCode"], answer["ResultMsg"], answer["PayName"]) == ("2211", "환불 요청 성공", "계좌이체")
    assert answer["PTID"][10:12] == "02"


def test_virtual_account_cannot_be_cancelled(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox, "VBANK", 30_000, deposited_at=NOW - timedelta(hours=1))
    answer = post(http, sandbox, request_fields(tid, 30_000))
    assert answer["ResultCode"] == "2029" and "환불" in answer["ResultMsg"]


def test_cellphone_partial_cancel_is_2029(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox, "CELLPHONE", 9_000)
    assert post(http, sandbox, request_fields(tid, 1_000, "1"))["ResultCode"] == "2029"
    assert post(http, sandbox, request_fields(tid, 9_000, "0"))["ResultCode"] == "2001"


@pytest.mark.parametrize(
    ("method", "approved", "code"),
    [
        ("CARD", NOW - timedelta(days=90), "2001"),
        ("CARD", NOW - timedelta(days=91), "2016"),
        ("BANK", NOW - timedelta(days=180), "2211"),
        ("BANK", NOW - timedelta(days=181), "2016"),
        ("CELLPHONE", datetime(2024, 5, 1, 0, 0, 1), "2001"),
        ("CELLPHONE", datetime(2024, 4, 30, 23, 59, 59), "2016"),
        ("CLGIFT", NOW - timedelta(days=3 * 365), "2001"),
    ],
)
def test_deadlines(sandbox: Sandbox, http: httpx.Client, method: str, approved: datetime, code: str) -> None:
    tid = pay(sandbox, method, 5_000, approved_at=approved)
    answer = post(http, sandbox, request_fields(tid, 5_000))
    assert answer["ResultCode"] == code, answer["ResultMsg"]


# -- sub-malls -------------------------------------------------------------------

SPLIT = (SubMallShare("SMTSUB002m", 6_000, "주방용품"), SubMallShare("SMTSUB003m", 4_000, "생활잡화"))


@pytest.fixture
def sub_tid(sandbox: Sandbox) -> str:
    return pay(sandbox, amount=10_000, mid="SMTSUB001m", divide=SPLIT)


def test_sub_mall_partial_cancel_with_right_split(sandbox: Sandbox, http: httpx.Client, sub_tid: str) -> None:
    shares = (SubMallShare("SMTSUB002m", 1_000, "주방용품"), SubMallShare("SMTSUB003m", 500, "생활잡화"))
    answer = post(http, sandbox, request_fields(sub_tid, 1_500, "1", key=SUB_KEY, mode="T", shares=shares))
    assert answer["ResultCode"] == "2001"
    left = {d["mid"]: d["remaining"] for d in sandbox.payment(sub_tid)["divide"]}
    assert left == {"SMTSUB002m": 5_000, "SMTSUB003m": 3_500}


@pytest.mark.parametrize(
    ("shares", "amount", "mode", "code"),
    [
        ((), 1_000, "T", "2002"),  # DivideInfo missing
        ((SubMallShare("SMTSUB002m", 1_000, "a"),), 1_000, "", "2002"),  # MerchantMode missing
        ((SubMallShare("SMTSUB002m", 900, "a"),), 1_000, "T", "2011"),  # does not add up
        ((SubMallShare("SMTPAY002m", 1_000, "a"),), 1_000, "T", "2011"),  # not a registered sub-mall
        ((SubMallShare("SMTSUB004m", 1_000, "a"),), 1_000, "T", "2011"),  # not in the payment
        ((SubMallShare("SMTSUB003m", 5_000, "a"),), 5_000, "T", "2032"),  # more than its share
    ],
)
def test_sub_mall_partial_cancel_refusals(
    sandbox: Sandbox, http: httpx.Client, sub_tid: str,
    shares: tuple[SubMallShare, ...], amount: int, mode: str, code: str,
) -> None:
    answer = post(http, sandbox, request_fields(sub_tid, amount, "1", key=SUB_KEY, mode=mode, shares=shares))
    assert answer["ResultCode"] == code, answer["ResultMsg"]
    assert sandbox.payment(sub_tid)["remaining"] == 10_000
    if code == "2002":
        assert "MerchantMode=T와 DivideInfo" in answer["ResultMsg"]


def test_sub_mall_full_cancel_needs_no_split(sandbox: Sandbox, http: httpx.Client, sub_tid: str) -> None:
    assert post(http, sandbox, request_fields(sub_tid, 10_000, key=SUB_KEY))["ResultCode"] == "2001"
    assert all(d["remaining"] == 0 for d in sandbox.payment(sub_tid)["divide"])


# -- faults over HTTP, JSON API, state ------------------------------------------


def test_faults_one_shot_and_sticky_over_http(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox, amount=10_000)
    url = sandbox.base_url + CANCEL_PATH
    body = encode_form(request_fields(tid, 1_000, "1"), "euc-kr")
    assert http.post(sandbox.base_url + "/sandbox/faults", json={"http_500": True, "times": 1}).status_code == 200
    assert http.post(url, content=body).status_code == 500
    assert sandbox.payment(tid)["remaining"] == 10_000  # nothing applied
    assert http.post(url, content=body).status_code == 200  # one-shot is spent
    sandbox.set_fault("garbage")
    for _ in range(2):
        reply = http.post(url, content=body)
        assert b"Service Temporarily Unavailable" in reply.content
        assert "ResultCode" not in decode_response(reply.content).fields
    assert sandbox.payment(tid)["remaining"] == 7_000  # garbage applies the cancel
    assert http.post(sandbox.base_url + "/sandbox/faults", json={"clear": True}).json() == {}
    assert http.post(sandbox.base_url + "/sandbox/faults", json={"bogus": True}).status_code == 400
    assert sandbox.requests_received == 4


def test_drop_after_apply_closes_without_answer(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox)
    sandbox.set_fault("drop_after_apply", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(sandbox.base_url + CANCEL_PATH, content=encode_form(request_fields(tid, 10_000), "euc-kr"))
    assert sandbox.payment(tid)["remaining"] == 0
    assert sandbox.faults == {}


def test_payments_json_api(sandbox: Sandbox, http: httpx.Client) -> None:
    reply = http.post(sandbox.base_url + "/sandbox/payments", json={
        "mid": "SMTSUB001m", "pay_method": "CARD", "amount": 3_000, "order_id": "A-1", "goods": "식품",
        "buyer": "김똠순", "approved_at": "2024-05-01T10:00:00", "fn_cd": "06",
        "divide": [{"mid": "SMTSUB004m", "amt": 3_000, "goods_name": "식품"}],
    })
    assert reply.status_code == 201
    created = reply.json()
    assert created["tid"].startswith("SMTSUB001m0101240501100000") and created["fn_name"] == "신한"
    assert http.get(sandbox.base_url + f"/sandbox/payments/{created['tid']}").json()["buyer"] == "김똠순"
    bad = http.post(sandbox.base_url + "/sandbox/payments", json={"mid": "NOPE000000", "pay_method": "CARD"})
    assert bad.status_code == 400 and "error" in bad.json()
    assert sandbox.requests_received == 0  # admin calls are not cancel requests


def test_tids_are_unique_and_follow_the_layout(sandbox: Sandbox) -> None:
    tids = {pay(sandbox, m) for m in ("CARD", "BANK", "VBANK") for _ in range(50)}
    assert len(tids) == 150
    assert {t[10:12] for t in tids} == {"01", "02", "03"}
    assert all(len(t) == 30 and t[14:26] == "240520143005" for t in tids)


def test_state_file_survives_a_restart(tmp_path: Path, clock: Clock, http: httpx.Client) -> None:
    state = tmp_path / "state" / "sandbox.json"
    with Sandbox(state_file=state, now=clock) as first:
        tid = pay(first, amount=10_000)
        assert post(http, first, request_fields(tid, 4_000, "1"))["ResultCode"] == "2001"
    assert [p.name for p in state.parent.iterdir()] == ["sandbox.json"]  # no temp files left
    with Sandbox(state_file=state, now=clock) as second:
        assert second.requests_received == 0
        assert second.payment(tid)["remaining"] == 6_000
        assert second.payment(tid)["approved_at"] == NOW
        assert post(http, second, request_fields(tid, 6_000, "0"))["ResultCode"] == "2001"
        assert pay(second) != tid
    assert json.loads(state.read_text(encoding="utf-8"))["payments"][0]["state"] == "cancelled"


def test_cli_parser_registers_sandbox() -> None:
    parser = argparse.ArgumentParser()
    add_sandbox_parser(parser.add_subparsers())
    args = parser.parse_args(["sandbox", "--port", "0", "--state", "s.json"])
    assert (args.func, args.port, args.host, args.state) == (run_sandbox, 0, "127.0.0.1", Path("s.json"))


# -- notifications -------------------------------------------------------------


def test_notification_fields_for_approval_and_partial_cancel(sandbox: Sandbox, http: httpx.Client) -> None:
    tid = pay(sandbox, amount=50_000, fn_cd="02", card_quota="03", buyer="이햏숙", mall_user_id="u1")
    approval = sandbox.notification_fields(tid)
    assert (approval["state_cd"], approval["ResultCode"], approval["fn_cd"], approval["fn_name"]) == (
        "0", "3001", "02", "국민")
    assert approval["AuthDate"] == "240520143005" and approval["OTID"] == tid
    assert approval["pinNo"][:4] == "5409" and approval["pinNo"][4:12] == "********"
    assert verify_sign_value(tid, "3001", KEY, approval["SignValue"])
    ptid = post(http, sandbox, request_fields(tid, 20_000, "1"))["PTID"]
    cancel = sandbox.notification_fields(tid, "cancel")
    assert (cancel["TID"], cancel["OTID"], cancel["Amt"], cancel["state_cd"]) == (ptid, tid, "20000", "1")
    assert verify_sign_value(ptid, "2001", KEY, cancel["SignValue"])
    body = sandbox.notification_body(tid, "approval")
    decoded = decode_form(body)
    assert decoded.fields["Name"] == "이햏숙" and decoded.encodings["Name"] == "cp949"


def test_virtual_account_notifications(sandbox: Sandbox) -> None:
    tid = pay(sandbox, "VBANK", 70_000, bank_code="088", deposited_at=NOW + timedelta(hours=3))
    issued = sandbox.notification_fields(tid, "vbank_issued")
    deposit = sandbox.notification_fields(tid, "vbank_deposit")
    assert (issued["state_cd"], issued["ResultCode"], issued["VbankName"]) == ("3", "4100", "신한은행")
    assert (deposit["state_cd"], deposit["ResultCode"], deposit["AuthDate"]) == ("0", "4110", "240520173005")
    waiting = pay(sandbox, "VBANK", 1_000)
    with pytest.raises(ValueError):
        sandbox.notification_fields(waiting, "vbank_deposit")


class Receiver:
    """A tiny merchant web server answering from a script of (status, body)."""

    def __init__(self, answers: Callable[[int], tuple[int, bytes]]) -> None:
        self.bodies: list[bytes] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                receiver.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
                status, body = answers(len(receiver.bodies))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/inform"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def test_post_notification_retries_until_ok(sandbox: Sandbox) -> None:
    body = sandbox.notification_body(pay(sandbox))
    waits: list[float] = []
    with Receiver(lambda n: (500, b"error") if n <= 2 else (200, b"<html>OK</html>")) as receiver:
        report = post_notification(receiver.url, body, interval_seconds=60.0, sleep=waits.append)
    assert (report.delivered, report.attempts, report.statuses) == (True, 3, (500, 500, 200))
    assert waits == [60.0, 60.0]
    assert receiver.bodies == [body] * 3


def test_post_notification_without_ok_gives_up_after_max(sandbox: Sandbox) -> None:
    body = sandbox.notification_body(pay(sandbox))
    with Receiver(lambda n: (200, b"received")) as receiver:
        report = post_notification(receiver.url, body, max_attempts=4, interval_seconds=0)
    assert (report.delivered, report.attempts, len(receiver.bodies)) == (False, 4, 4)
    assert "OK" in report.errors[-1] and "4번" in report.outcome


def test_post_notification_counts_connection_errors(sandbox: Sandbox) -> None:
    body = sandbox.notification_body(pay(sandbox))
    report = post_notification(_closed_port_url(), body, max_attempts=2, interval_seconds=0)
    assert (report.delivered, report.statuses) == (False, (None, None))


def _closed_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/inform"


# -- demo month ------------------------------------------------------------------


def test_demo_month_is_deterministic_and_realistic() -> None:
    bodies = demo_month(2024, 3, seed=7, count=120)
    assert bodies == demo_month(2024, 3, seed=7, count=120)
    assert bodies != demo_month(2024, 3, seed=8, count=120)
    records = [decode_form(b).fields for b in bodies]
    assert len(bodies) - len(set(bodies)) >= 2  # retried duplicates, byte for byte
    bad = [r for r in records if not verify_sign_value(
        r["TID"], r["ResultCode"], TEST_MERCHANTS[r["MID"]].merchant_key, r["SignValue"])]
    assert len(bad) == 1 and bad[0]["ResultCode"] == "3001"
    twin = [r for r in records if r["TID"] == bad[0]["TID"] and r["SignValue"] != bad[0]["SignValue"]]
    assert twin and {k: v for k, v in twin[0].items() if k != "SignValue"} == {
        k: v for k, v in bad[0].items() if k != "SignValue"}
    kinds = {(r["PayMethod"], r["StateCd"], r["ResultCode"]) for r in records}
    assert {("CARD", "0", "3001"), ("BANK", "0", "4000"), ("VBANK", "3", "4100"), ("VBANK", "0", "4110"),
            ("CELLPHONE", "0", "A000"), ("CARD", "1", "2001"), ("CELLPHONE", "1", "2001")} <= kinds
    issued = {r["TID"] for r in records if r["ResultCode"] == "4100"}
    deposited = {r["TID"] for r in records if r["ResultCode"] == "4110"}
    assert len(issued - deposited) == 1
    partial = [r for r in records if r["StateCd"] == "1" and r["TID"] != r["OTID"]]
    assert partial and all(r["OTID"] in {x["TID"] for x in records if x["StateCd"] == "0"} for r in partial)
    assert any("똠" in r["Name"] or "햏" in r["Name"] for r in records)
    assert any(r["MID"] == "SMTSUB001m" for r in records)
    assert all(r["AuthDate"].startswith("2403") for r in records)
    assert len({r["OID"] for r in records if r["StateCd"] == "0"}) >= 118
