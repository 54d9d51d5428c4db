"""Pre-send checks, pure: windows, amounts, sums, methods, secrets, holds, words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.cancel.endpoints import parse_endpoint
from smartro_desk.cancel.rules import CancelAsk, Problem, amount_words, check, deadline_of, parse_share
from smartro_desk.ledger.cancels import CancelTarget, LockInfo
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info
from smartro_desk.secrets import MerchantSecrets

TODAY = date(2024, 5, 20)
KEYS = MerchantSecrets("key", "123456")
SANDBOX = parse_endpoint("sandbox")
TARGET = CancelTarget(
    tid="SMTPAY001m01012405011200001234", mid="SMTPAY001m", pay_method="CARD", order_id="O", approved_at="2024-05-01 12:00:00",
    amount=10_000, cancelled=0, remaining=10_000, state="approved", flagged=False, sign_status="verified", cancel_hold=None,
    divide_info="", goods="", buyer="", sub_mall_mids=(), lock=None, done_divide_infos=(),
)


def keys(target: CancelTarget = TARGET, amount: int | None = 10_000, *, partial: bool = False, reason: str = "고객 변심",
         shares: tuple[SubMallShare, ...] = (), secrets: MerchantSecrets = KEYS, today: date = TODAY,
         endpoint: str = "sandbox") -> list[str]:
    ask = CancelAsk(target.tid, amount, reason, partial, shares)
    return [p.key for p in check(target, ask, secrets=secrets, endpoint=parse_endpoint(endpoint), today=today)]


def test_a_clean_full_cancel_has_no_problem() -> None:
    assert keys() == []
    assert keys(amount=None) == []  # full cancel of whatever remains


@pytest.mark.parametrize(
    ("method", "approved", "today", "passed"),
    [
        ("CARD", "2024-01-01", date(2024, 3, 31), False),  # day 90
        ("CARD", "2024-01-01", date(2024, 4, 1), True),  # day 91
        ("BANK", "2024-01-01", date(2024, 6, 29), False),
        ("BANK", "2024-01-01", date(2024, 6, 30), True),
        ("CELLPHONE", "2024-02-01", date(2024, 2, 29), False),
        ("CELLPHONE", "2024-02-29", date(2024, 3, 1), True),
        ("CLGIFT", "2019-01-01", date(2024, 3, 1), False),
    ],
)
def test_deadlines(method: str, approved: str, today: date, passed: bool) -> None:
    deadline = deadline_of(method, date.fromisoformat(approved), today)
    assert deadline.passed is passed
    target = replace(TARGET, pay_method=method, approved_at=approved + " 10:00:00")
    assert ("deadline" in keys(target, today=today)) is passed


def test_unknown_deadline_is_a_warning_and_method_comes_from_the_tid() -> None:
    assert keys(replace(TARGET, pay_method="TOSS")) == ["deadline_unknown"]
    assert keys(replace(TARGET, approved_at=None)) == ["deadline_unknown"]
    bank_tid = replace(TARGET, pay_method="", tid="SMTPAY001m02012405011200001234")
    assert keys(bank_tid, 3_000, partial=True) == []


def test_amounts() -> None:
    assert keys(amount=0, partial=True) == ["amount"]
    assert keys(amount=10_001, partial=True) == ["over_remaining"]
    assert keys(amount=4_000) == ["full_not_remaining"]
    assert keys(replace(TARGET, cancelled=10_000, remaining=0, state="cancelled")) == ["nothing_left"]
    assert keys(replace(TARGET, amount=None, remaining=None, state="cancel_only")) == ["no_approval"]
    assert keys(replace(TARGET, state="failed")) == ["failed_tx"]


def test_partial_only_for_card_and_bank_and_never_a_virtual_account() -> None:
    assert keys(replace(TARGET, pay_method="CELLPHONE", approved_at="2024-05-02 00:00:00"), 1_000, partial=True) == ["partial_method"]
    assert keys(replace(TARGET, pay_method="CLGIFT"), 1_000, partial=True) == ["partial_method"]
    vbank = keys(replace(TARGET, pay_method="VBANK"), 1_000, partial=True)
    assert vbank == ["vbank"]


def test_sub_mall_split() -> None:
    original = (SubMallShare("SMTSUB002m", 7_000, "a"), SubMallShare("SMTSUB003m", 3_000, "b"))
    sub = replace(TARGET, mid="SMTSUB001m", sub_mall_mids=("SMTSUB002m", "SMTSUB003m", "SMTSUB004m"),
                  divide_info=encode_divide_info(original))
    assert keys(sub, 1_000, partial=True) == ["divide_missing"]
    assert keys(sub) == []  # a full cancel may go without a split
    assert keys(sub, 1_000, partial=True, shares=(SubMallShare("SMTSUB002m", 1_000, ""),)) == []
    assert keys(sub, 1_000, partial=True, shares=(SubMallShare("SMTSUB002m", 900, ""),)) == ["divide"]
    assert keys(sub, 1_000, partial=True, shares=(SubMallShare("SMTPAY002m", 1_000, ""),)) == ["divide"]
    assert keys(sub, 1_000, partial=True, shares=(SubMallShare("SMTSUB004m", 1_000, ""),)) == ["divide_foreign"]
    already = replace(sub, done_divide_infos=(encode_divide_info((SubMallShare("SMTSUB003m", 2_500, ""),)),))
    assert keys(already, 1_000, partial=True, shares=(SubMallShare("SMTSUB003m", 1_000, ""),)) == ["divide_over"]
    assert keys(TARGET, 1_000, partial=True, shares=(SubMallShare("SMTSUB002m", 1_000, ""),)) == ["not_sub_mall"]


def test_secrets_reason_and_endpoint() -> None:
    assert keys(secrets=MerchantSecrets("key", None)) == ["no_password"]
    assert keys(secrets=MerchantSecrets(None, "pw")) == ["no_key"]
    assert keys(reason="  ") == ["reason_missing"]
    assert keys(reason="가" * 34) == ["reason_long"]
    assert keys(reason="가" * 33) == []
    assert keys(reason="환불 \U0001F600") == ["reason_encoding"]
    assert keys(endpoint="production") == ["production"]


def test_hold_lock_and_flag() -> None:
    held = check(replace(TARGET, cancel_hold="결과 확인 필요"), CancelAsk(TARGET.tid, 10_000, "x", False),
                 secrets=KEYS, endpoint=SANDBOX, today=TODAY)
    assert [p.key for p in held] == ["hold"] and held[0].blocks_tid
    lock = LockInfo(TARGET.tid, "kim@PC-7 (pid 42)", "2024-05-20 10:00:00", 3, "PC-7", 42)
    locked = check(replace(TARGET, lock=lock), CancelAsk(TARGET.tid, 10_000, "x", False),
                   secrets=KEYS, endpoint=SANDBOX, today=TODAY)
    assert "kim@PC-7 (pid 42)" in locked[0].message and "2024-05-20 10:00:00" in locked[0].message
    flagged = check(replace(TARGET, flagged=True), CancelAsk(TARGET.tid, 10_000, "x", False),
                    secrets=KEYS, endpoint=SANDBOX, today=TODAY)
    assert [(p.key, p.severity) for p in flagged] == [("flagged", "warning")]


def test_unknown_tid() -> None:
    problems = check(None, CancelAsk("SMTPAY001m0101", 1, "x", False), secrets=KEYS, endpoint=SANDBOX, today=TODAY)
    assert [p.key for p in problems] == ["unknown_tid"]
    assert [p.key for p in check(None, CancelAsk(" ", 1, "x", False), secrets=KEYS, endpoint=SANDBOX, today=TODAY)] == ["no_tid"]


@pytest.mark.parametrize(
    ("amount", "words"),
    [(0, "영 원"), (502, "오백이 원"), (10_000, "만 원"), (12_500, "만 이천오백 원"), (110_000, "십일만 원"),
     (1_234_500, "백이십삼만 사천오백 원"), (100_000_000, "일억 원"), (300_000_001, "삼억 일 원")],
)
def test_amount_words(amount: int, words: str) -> None:
    assert amount_words(amount) == words


def test_parse_share() -> None:
    assert parse_share("SMTSUB002m=5,000") == SubMallShare("SMTSUB002m", 5_000, "")
    for bad in ("SMTSUB002m", "=100", "SMTSUB002m=abc", "SMTSUB002m=1.5"):
        with pytest.raises(ValueError):
            parse_share(bad)


@given(st.integers(min_value=-5, max_value=30_000), st.booleans())
def test_amount_rules_match_the_gateway(amount: int, partial: bool) -> None:
    found = keys(amount=amount, partial=partial)
    assert ("over_remaining" in found) == (amount > 10_000)
    assert ("amount" in found) == (amount <= 0)
    assert all(isinstance(p, str) for p in found)
    assert (found == []) == (0 < amount <= 10_000 and (partial or amount == 10_000))


def test_problem_is_plain_data() -> None:
    problem = Problem("hold", "x", "tid")
    assert problem.severity == "error" and problem.blocks_tid
