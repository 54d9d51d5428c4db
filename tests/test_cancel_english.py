"""The cancel core's texts in English: every problem, deadline, refusal, outcome, hold and bulk result has
its English beside the Korean (which the CLI, the audit log and the ledger keep unchanged)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cancel_support import Rig, rig
from test_cancel_rules import KEYS, SANDBOX, TARGET, TODAY

from smartro_desk.cancel import bulk
from smartro_desk.cancel.client import CancelOutcome
from smartro_desk.cancel.endpoints import parse_endpoint
from smartro_desk.cancel.plan import build_plan
from smartro_desk.cancel.wording import ERROR_WORDS, HOLD_TEXT, SENDER_GONE, error_text, hold_text
from smartro_desk.cancel.rules import (
    CancelAsk, CancelError, amount_words, check, deadline_of, exception_text, parse_share,
)
from smartro_desk.cancel.service import CancelResult
from smartro_desk.ledger.cancels import LockInfo
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info, validate_divide
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.protocol.records import CancelRequest
from smartro_desk.secrets import MerchantSecrets

CANCEL = Path(__file__).resolve().parent.parent / "smartro_desk" / "cancel"
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
BILINGUAL = {"Problem": "message_en", "Deadline": "text_en", "CancelError": 1, "BulkListError": 1}


def literal_text(node: ast.expr) -> str | None:
    """The literal parts of a string or f-string (``{}`` for what it formats in); None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(literal_text(v) or "" if not isinstance(v, ast.FormattedValue) else "{}" for v in node.values)
    return None


def bilingual_calls() -> list[tuple[str, int, str, ast.Call]]:
    found = []
    for path in sorted(CANCEL.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            name = getattr(node, "func", None)
            name = getattr(name, "id", None) or getattr(name, "attr", None)
            if isinstance(node, ast.Call) and name in BILINGUAL:
                found.append((path.name, node.lineno, name, node))
    return found


def test_every_problem_deadline_and_refusal_of_the_core_is_built_with_its_english() -> None:
    calls = bilingual_calls()
    keys = {literal_text(c.args[0]) for _f, _l, name, c in calls if name == "Problem"}
    assert len(calls) > 40 and {"hold", "over_remaining", "deadline", "stale", "duplicate_row", "row"} <= keys
    for file, line, name, call in calls:
        where = BILINGUAL[name]
        if isinstance(where, int):
            english = call.args[where] if len(call.args) > where else None
        else:
            english = next((k.value for k in call.keywords if k.arg == where), None)
            if english is None and name == "Deadline" and len(call.args) == 4:
                english = call.args[3]
        assert english is not None, f"{file}:{line}: {name} without its English"
        text = literal_text(english)
        if text is None:  # built by a function: checked by its own test (the divide problems)
            assert isinstance(english, ast.Call), f"{file}:{line}"
            continue
        assert text.strip() and not HANGUL.search(text), f"{file}:{line}: {text!r}"


def english_problems() -> list[tuple[str, str]]:
    """(key, English) of every problem the rules can find, each case built for real (data without Hangul)."""
    ask = CancelAsk(TARGET.tid, 10_000, "Customer request", False)

    def run(target=TARGET, ask=ask, secrets=KEYS, endpoint=SANDBOX, today=TODAY):  # type: ignore[no-untyped-def]
        return check(target, ask, secrets=secrets, endpoint=endpoint, today=today)

    split = encode_divide_info([SubMallShare("SMTSUB002m", 7_000, "Kitchen"), SubMallShare("SMTSUB003m", 3_000, "Food")])
    sub = replace(TARGET, divide_info=split, sub_mall_mids=("SMTSUB002m", "SMTSUB003m"))
    lock = LockInfo(TARGET.tid, "kim@PC-7 (pid 42)", "2024-05-20 10:00:00", 3, "PC-7", 42)
    found = [
        *run(ask=replace(ask, reason="")), *run(ask=replace(ask, reason="\U0001f600")),
        *run(ask=replace(ask, reason="x" * 101)), *run(secrets=MerchantSecrets(None, None)),
        *run(endpoint=parse_endpoint("production")), *run(ask=replace(ask, tid=" ")), *run(None),
        *run(replace(TARGET, cancel_hold="held", lock=lock, flagged=True)), *run(replace(TARGET, state="failed")),
        *run(replace(TARGET, pay_method="VBANK")), *run(replace(TARGET, amount=None, remaining=None)),
        *run(replace(TARGET, remaining=0)), *run(ask=replace(ask, amount=0, partial=True)),
        *run(ask=replace(ask, amount=12_000)), *run(ask=replace(ask, amount=4_000)),
        *run(replace(TARGET, pay_method="CELLPHONE"), replace(ask, amount=1_000, partial=True)),
        *run(today=date(2024, 9, 1)), *run(replace(TARGET, pay_method="TOSS")),
        *run(ask=replace(ask, shares=(SubMallShare("SMTSUB002m", 10_000, ""),))),
        *run(sub, replace(ask, amount=1_000, partial=True)),
        *run(sub, replace(ask, amount=1_000, partial=True, shares=(SubMallShare("SMTSUB002m", 500, ""),))),
        *run(replace(sub, sub_mall_mids=("SMTSUB002m", "SMTSUB003m", "SMTSUB004m")),
             replace(ask, shares=(SubMallShare("SMTSUB004m", 10_000, ""),))),
        *run(sub, replace(ask, amount=8_000, partial=True, shares=(SubMallShare("SMTSUB003m", 8_000, ""),))),
    ]
    return [(p.key, p.text("en")) for p in found]


def test_every_problem_key_of_the_rules_reads_in_english() -> None:
    found = english_problems()
    source = (CANCEL / "rules.py").read_text("utf-8")
    keys = set(re.findall(r'Problem\(\s*"(\w+)"', source)) | {"divide"}
    assert keys <= {key for key, _text in found}, keys - {key for key, _text in found}
    for key, text in found:
        assert text.strip() and not HANGUL.search(text), (key, text)


def test_the_divide_problems_of_the_protocol_core_read_in_english() -> None:
    shares = [SubMallShare("SMTSUB002m", 0, ""), SubMallShare("SMTSUB002m", 5_000, ""), SubMallShare("OTHER", 1, "")]
    ask = CancelAsk(TARGET.tid, 10_000, "Customer request", False, tuple(shares))
    target = replace(TARGET, sub_mall_mids=("SMTSUB002m",))
    problems = [p for p in check(target, ask, secrets=KEYS, endpoint=SANDBOX, today=TODAY) if p.key == "divide"]
    assert len(problems) == len(validate_divide(shares, 10_000, ("SMTSUB002m",))) == 4
    for problem in problems:
        assert problem.text("en") == problem.message_en and not HANGUL.search(problem.message_en), problem


@pytest.mark.parametrize("method", ["CARD", "BANK", "CELLPHONE", "CLGIFT", "VBANK", "TOSS", ""])
def test_deadlines_read_in_english(method: str) -> None:
    for approved in (date(2024, 5, 1), None):
        deadline = deadline_of(method, approved, TODAY)
        assert deadline.label("ko") == deadline.text and HANGUL.search(deadline.text)
        assert deadline.label("en") and not HANGUL.search(deadline.label("en"))


def test_the_korean_stays_as_it_was() -> None:
    ask = CancelAsk(TARGET.tid, 12_000, "고객 변심", True)
    over = check(TARGET, ask, secrets=KEYS, endpoint=SANDBOX, today=TODAY)[0]
    assert over.message == over.text() == over.text("ko") == "취소 금액 12,000원이 남은 금액 10,000원보다 큽니다."
    assert over.text("en") == "The cancel amount of 12,000 won is more than the 10,000 won remaining."
    assert amount_words(12_500) == "만 이천오백 원" and amount_words(12_500, "en") == "twelve thousand five hundred won"
    plan = build_plan(TARGET, replace(ask, amount=2_500), SANDBOX, MerchantSecrets(None, None), TODAY)
    assert plan.confirmation_ko == plan.confirmation("ko") and "2,500원(이천오백 원)을 부분취소합니다" in plan.confirmation_ko
    english = replace(plan, ask=replace(plan.ask, reason="Customer request")).confirmation("en")
    assert "Partial cancel of 2,500 won (two thousand five hundred won)" in english and not HANGUL.search(english)
    assert dict(plan.request_preview)["Cancelpw"] == "(없음)" and dict(plan.preview("en"))["Cancelpw"] == "(none)"
    assert dict(plan.preview("en"))["hashData"] == "(no merchant key)" and plan.kind("en") == "Partial cancel"


def test_refusals_raised_by_the_core_carry_their_english(tmp_path: Path) -> None:
    for text in ("SMTSUB002m", "SMTSUB002m=", "SMTSUB002m=1.5", "=5"):
        with pytest.raises(CancelError) as caught:
            parse_share(text)
        assert HANGUL.search(str(caught.value)) and not HANGUL.search(exception_text(caught.value, "en"))
    (tmp_path / "list.xls").write_bytes(b"")
    (tmp_path / "empty.csv").write_text("\n", encoding="utf-8")
    (tmp_path / "no_tid.csv").write_text("amount\n1000\n", encoding="utf-8")
    for name in ("list.xls", "empty.csv", "no_tid.csv"):
        with pytest.raises(bulk.BulkListError) as listed:
            bulk.load_list(tmp_path / name)
        assert exception_text(listed.value) == str(listed.value) and HANGUL.search(str(listed.value))
        assert name in listed.value.en and not HANGUL.search(listed.value.en)
    (tmp_path / "rows.csv").write_text("TID,amount,reason\nT1,12,000,x\nT2,abc,y\n", encoding="utf-8")
    for row in bulk.load_list(tmp_path / "rows.csv"):
        assert HANGUL.search(row.error) and row.error_en and not HANGUL.search(row.error_en)


def test_recorded_holds_and_errors_read_in_english() -> None:
    samples = {"status": "500", "snippet": "'<html>'", "answered": "T2", "tid": "T1", "name": "CancelMSG",
               "char": "'\U0001f600'", "encoding": "euc-kr"}
    for korean, english in ERROR_WORDS:
        assert error_text(korean.format(**samples), "en") == english.format(**samples)
        assert error_text(korean.format(**samples)) == korean.format(**samples)
    assert error_text("ReadTimeout: timed out", "en") == "ReadTimeout: timed out"
    for why in ("RemoteProtocolError: Server disconnected", SENDER_GONE[0], "HTTP 502"):
        for kind in ("부분취소", "전체취소"):
            hold = HOLD_TEXT.format(id=7, amount=3_000, kind=kind, why=why)
            assert hold_text(hold) == hold
            assert hold_text(hold, "en").startswith("Outcome unknown: ") and not HANGUL.search(hold_text(hold, "en"))
    assert "3,000 won, partial cancel" in hold_text(HOLD_TEXT.format(id=7, amount=3_000, kind="부분취소", why="x"), "en")


@pytest.fixture
def r(ledger_location: str | Path) -> Iterator[Rig]:
    with rig(ledger_location) as made:
        yield made


def test_the_gateways_answers_read_in_english(r: Rig) -> None:
    """A refusal over what the gateway still has, an already-cancelled answer and a lost answer: the code
    table's English name and advice, never the gateway's Korean ResultMsg."""
    tid = r.pay(amount=10_000)
    key = TEST_MERCHANTS["SMTPAY001m"].merchant_key
    r.sandbox.cancel(CancelRequest.build(tid, key, "123456", 5_000, "admin site", True).to_fields())
    refused = r.cancel(tid, 8_000, partial=True, reason="Customer request")
    assert (refused.outcome, refused.code) == ("refused", "2032") and HANGUL.search(refused.message)
    assert refused.message_text("en") == "Cancel amount exceeds the cancellable amount"
    assert refused.advice_ko == refused.advice() and HANGUL.search(refused.advice_ko)
    assert refused.advice("en") and not HANGUL.search(refused.advice("en"))
    before = r.cancel(tid, 12_000, partial=True, reason="Customer request")
    assert before.outcome == "refused" and "12,000 won" in before.message_text("en")
    assert not HANGUL.search(before.message_text("en") + before.advice("en"))
    r.sandbox.set_fault("drop_after_apply", times=1)
    lost = r.cancel(tid, 1_000, partial=True, reason="Customer request")
    assert lost.outcome == "unknown" and not HANGUL.search(lost.advice("en") + lost.error_text("en"))
    assert "twice" in lost.advice("en") and HANGUL.search(r.tx(tid)["cancel_hold"])  # the ledger keeps Korean
    assert not HANGUL.search(hold_text(r.tx(tid)["cancel_hold"], "en"))
    unknown = CancelOutcome("refused", "9999", "점검중", "x", message_en="점검중")
    assert unknown.message_en == "점검중"  # a code the table lacks: the gateway's own words


def test_bulk_results_and_summary_in_english(r: Rig) -> None:
    tids = [r.pay(amount=1_000), r.pay(amount=2_000)]
    rows = bulk.rows_for_selection([*tids, "SMTPAY001m01019901010000009999", tids[0]], "Bulk return")
    items = bulk.preview(r.service, rows, r.endpoint)
    assert [i.ok for i in items] == [True, True, False, False]
    results = bulk.run(r.service, items)
    headers, table = bulk.results_table(results, "en")
    assert headers[:6] == ["Row", "TID", "Cancel amount", "Kind", "Reason", "Outcome"]
    assert [row[5] for row in table] == ["Cancelled"] * 2 + ["Failed checks (not sent)"] * 2
    for row in table:
        assert not any(HANGUL.search(str(value)) for value in row), row
    summary = bulk.summary(results, "en")
    assert summary == "Cancelled: 2, Failed checks (not sent): 2 — 3,000 won cancelled"
    assert bulk.summary(results) == bulk.summary(results, "ko") == "취소됨 2건, 검증 실패 (보내지 않음) 2건 — 취소된 금액 3,000원"
    assert bulk.results_table(results)[1][0][5] == "취소됨" and bulk.outcome_label("unknown", "en") == "Outcome unknown"
    assert CancelResult("T", "cancelled", 1, False).advice("en") == ""
