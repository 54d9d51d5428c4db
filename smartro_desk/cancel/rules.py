"""What the gateway would refuse, checked before anything is sent, said in plain Korean (and English).

Pure functions over a ``CancelTarget`` (the ledger's view of one transaction)
and what the user asked for. Each finding is a ``Problem``: an error stops the
cancel, a warning is shown and confirmed. ``field`` names the input a dialog
should point at; ``gateway_code`` is what the gateway would have answered.
Every text is Korean (the CLI's, the audit log's) with its English beside it
(``message_en``, ``text_en``, ``CancelError.en``) for the English window.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.ledger.cancels import CancelTarget
from smartro_desk.protocol.amounts import AmountError, parse_amount
from smartro_desk.protocol.divide import DivideInfoError, SubMallShare, decode_divide_info, validate_divide
from smartro_desk.protocol.tid import decode_tid
from smartro_desk.secrets import MerchantSecrets

Severity = Literal["error", "warning"]
Field = Literal["tid", "amount", "partial", "divide", "reason", "secrets", "endpoint", "confirm"]

PARTIAL_METHODS = frozenset({"CARD", "BANK", "VBANK"})  # samples; VBANK is refused anyway
DEADLINE_DAYS = {"CARD": 90, "BANK": 180}
REASON_MAX_BYTES = 100  # §5.2.1: CancelMSG 100, Hangul counted as 3 bytes
BLOCKING_KEYS = frozenset({"hold", "locked"})


def is_english(lang: str) -> bool:
    """Whether ``lang`` ("ko", "en", "en_US"…) asks for English; anything else is Korean."""
    return lang[:2].lower() == "en"


class CancelError(ValueError):
    """A refusal said in Korean (``str(exc)``: the CLI's, the log's) and in English (``en``)."""

    def __init__(self, message: str, en: str) -> None:
        super().__init__(message)
        self.en = en


def exception_text(exc: BaseException, lang: str = "ko") -> str:
    """What ``exc`` says in ``lang``: the English of an error that carries it (``en``, as ``CancelError``'s),
    an amount's reason in English, else its text."""
    text, en = str(exc), getattr(exc, "en", "")
    if not is_english(lang):
        return text
    if en:
        return str(en)
    if isinstance(exc, AmountError):  # worded by the protocol core; the importer's reasons have its English
        from smartro_desk.ingest.reasons import reason_text  # here: the importer imports the cancel core

        return reason_text(text, lang)
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    key: str
    message: str  # Korean
    field: Field
    severity: Severity = "error"
    gateway_code: str = ""
    message_en: str = ""

    @property
    def blocks_tid(self) -> bool:
        """The TID itself is blocked (unknown outcome, or a cancel in flight)."""
        return self.key in BLOCKING_KEYS

    def text(self, lang: str = "ko") -> str:
        """The message in ``lang`` (Korean when no English was given)."""
        return self.message_en if is_english(lang) and self.message_en else self.message


@dataclass(frozen=True, slots=True)
class CancelAsk:
    """What the user asked for. ``amount=None`` means "whatever remains" (full cancel)."""

    tid: str
    amount: int | None
    reason: str
    partial: bool
    shares: tuple[SubMallShare, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Deadline:
    last_day: date | None  # the last day the gateway accepts a cancel; None: no limit or unknown
    text: str  # Korean
    passed: bool = False
    text_en: str = ""

    def label(self, lang: str = "ko") -> str:
        """The text in ``lang``."""
        return self.text_en if is_english(lang) and self.text_en else self.text


def method_of(target: CancelTarget) -> str:
    """The pay method, from the ledger or else decoded from the TID (01 card, 02 bank, 03 vbank)."""
    return (target.pay_method or decode_tid(target.tid).method).upper()


def approved_day(target: CancelTarget) -> date | None:
    try:
        return datetime.strptime((target.approved_at or "")[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def deadline_of(method: str, approved: date | None, today: date) -> Deadline:
    """The cancel window of §5.1 for a payment of ``method`` approved on ``approved``."""
    if method == "VBANK":
        return Deadline(None, "취소 불가 (가상계좌는 상점이 직접 환불)", True,
                        "Cannot be cancelled (the merchant refunds a virtual account directly)")
    if method == "CLGIFT":
        return Deadline(None, "제한 없음", text_en="No limit")
    if approved is None:
        return Deadline(None, "알 수 없음 (승인일 모름)", text_en="Unknown (approval date unknown)")
    if method in DEADLINE_DAYS:
        last, days = approved + timedelta(days=DEADLINE_DAYS[method]), DEADLINE_DAYS[method]
        return Deadline(last, f"{last:%Y-%m-%d}까지 (결제일로부터 {days}일)", today > last,
                        f"Until {last:%Y-%m-%d} ({days} days from payment)")
    if method == "CELLPHONE":
        last = approved.replace(day=monthrange(approved.year, approved.month)[1])
        return Deadline(last, f"{last:%Y-%m-%d}까지 (결제한 달 안)", today > last,
                        f"Until {last:%Y-%m-%d} (within the month of payment)")
    return Deadline(None, f"알 수 없음 ({method or '결제수단 모름'})", text_en=f"Unknown ({method or 'pay method unknown'})")


def resolved_amount(ask: CancelAsk, target: CancelTarget | None) -> int | None:
    """The amount to send: as asked, or (full cancel without one) what remains."""
    if ask.amount is not None or target is None or ask.partial:
        return ask.amount
    return target.remaining


def check(
    target: CancelTarget | None, ask: CancelAsk, *, secrets: MerchantSecrets, endpoint: Endpoint, today: date,
) -> list[Problem]:
    """Every reason the gateway would refuse this cancel, or this app will not send it."""
    problems = _reason_problems(ask.reason)
    if not secrets.merchant_key:
        problems.append(Problem(
            "no_key", "이 상점(MID)의 상점키가 없습니다. 설정의 상점 키 관리에서 입력하세요.", "secrets",
            message_en="This merchant (MID) has no merchant key. Enter it under merchant keys in Settings.",
        ))
    if not secrets.cancel_password:
        problems.append(Problem(
            "no_password", "취소 비밀번호가 없습니다. 상점관리자 사이트에서 정한 취소 비밀번호를 설정에 입력하세요.",
            "secrets", gateway_code="2025",
            message_en="No cancel password. Enter in Settings the cancel password set on the merchant admin site.",
        ))
    if endpoint.is_production:
        problems.append(Problem(
            "production", "운영 서버로 보냅니다: 실제로 고객에게 환불됩니다.", "endpoint", "warning",
            message_en="Sending to the production server: the customer is really refunded.",
        ))
    if not ask.tid.strip():
        return [Problem("no_tid", "취소할 거래의 TID를 입력하세요.", "tid",
                        message_en="Enter the TID of the transaction to cancel."), *problems]
    if target is None:
        return [Problem(
            "unknown_tid", f"원장에 없는 TID입니다 ({ask.tid}). 결제 통보나 결제 내역을 먼저 가져오세요.",
            "tid", gateway_code="2012",
            message_en=f"This TID is not in the ledger ({ask.tid}). Import its payment notification or the "
                       "payment history first.",
        ), *problems]
    return _target_problems(target) + _amount_problems(target, ask, today) + _divide_problems(target, ask) + problems


def _target_problems(target: CancelTarget) -> list[Problem]:
    out: list[Problem] = []
    if target.cancel_hold is not None:
        out.append(Problem(
            "hold",
            "결과 확인 필요: 이 거래의 이전 취소 요청이 처리되었는지 알 수 없어 새 취소를 막았습니다. "
            "상점관리자 사이트에서 취소 여부를 확인해 결과를 기록하거나, 취소 통보가 들어오기를 기다리세요.",
            "tid",
            message_en="Outcome unknown: whether the previous cancel request of this transaction went through is "
                       "not known, so new cancels are blocked. Check on the merchant admin site whether it was "
                       "cancelled and record the outcome, or wait for the cancel notification.",
        ))
    if target.lock is not None:
        out.append(Problem(
            "locked",
            f"{target.lock.owner}이(가) {target.lock.since}부터 이 거래의 취소 요청을 보내는 중입니다. "
            "그 결과가 나온 뒤 다시 확인하세요.",
            "tid",
            message_en=f"{target.lock.owner} has been sending a cancel request for this transaction since "
                       f"{target.lock.since}. Check again once it has its answer.",
        ))
    if target.flagged or target.sign_status == "mismatch":
        out.append(Problem(
            "flagged",
            "이 거래에는 위변조가 의심되거나 서로 다른 기록이 있어 남은 금액이 틀릴 수 있습니다. "
            "상점관리자 사이트에서 금액을 확인한 뒤 진행하세요.",
            "tid", "warning",
            message_en="This transaction is suspected of tampering or has conflicting records, so its remaining "
                       "amount may be wrong. Check the amount on the merchant admin site before going on.",
        ))
    if target.state == "failed":
        out.append(Problem(
            "failed_tx", "승인되지 않은(실패한) 거래라 취소할 것이 없습니다.", "tid", gateway_code="2012",
            message_en="This transaction was never approved (it failed): there is nothing to cancel.",
        ))
    method = method_of(target)
    if method == "VBANK":
        out.append(Problem(
            "vbank", "가상계좌 결제는 게이트웨이로 취소할 수 없습니다. 고객 계좌로 직접 환불하세요.",
            "tid", gateway_code="2029",
            message_en="A virtual account payment cannot be cancelled through the gateway. Refund the customer's "
                       "account directly.",
        ))
    return out


def _amount_problems(target: CancelTarget, ask: CancelAsk, today: date) -> list[Problem]:
    method = method_of(target)
    if method == "VBANK" or target.state == "failed":
        return []
    if target.amount is None or target.remaining is None:
        return [Problem(
            "no_approval",
            "원장에 이 거래의 승인 기록이 없어 남은 금액을 알 수 없습니다. 승인 통보나 결제 내역을 먼저 가져오세요.",
            "tid",
            message_en="The ledger has no approval of this transaction, so its remaining amount is unknown. Import "
                       "its approval notification or the payment history first.",
        )]
    if target.remaining <= 0:
        return [Problem(
            "nothing_left", "이미 전액 취소된 거래입니다. 더 취소할 금액이 없습니다.", "amount", gateway_code="2013",
            message_en="This transaction is already fully cancelled. There is nothing left to cancel.",
        )]
    out: list[Problem] = []
    amount = resolved_amount(ask, target)
    if amount is None or amount <= 0:
        out.append(Problem("amount", "취소 금액은 1원 이상이어야 합니다.", "amount", gateway_code="2010",
                           message_en="The cancel amount must be at least 1 won."))
    elif amount > target.remaining:
        out.append(Problem(
            "over_remaining",
            f"취소 금액 {amount:,}원이 남은 금액 {target.remaining:,}원보다 큽니다.", "amount", gateway_code="2032",
            message_en=f"The cancel amount of {amount:,} won is more than the {target.remaining:,} won remaining.",
        ))
    elif not ask.partial and amount != target.remaining:
        out.append(Problem(
            "full_not_remaining",
            f"전체취소는 남은 금액 {target.remaining:,}원 그대로여야 합니다. 일부만 돌려주려면 부분취소를 고르세요.",
            "amount", gateway_code="2011",
            message_en=f"A full cancel must be for exactly the {target.remaining:,} won remaining. To give back "
                       "only part of it, choose a partial cancel.",
        ))
    if ask.partial and method not in PARTIAL_METHODS:
        out.append(Problem(
            "partial_method",
            f"{method or '이'} 결제는 부분취소할 수 없습니다 (신용카드·계좌이체만 가능). 전체취소를 이용하세요.",
            "partial", gateway_code="2029",
            message_en=f"{f'A {method} payment' if method else 'This payment'} cannot be partially cancelled "
                       "(card and bank transfer only). Use a full cancel.",
        ))
    deadline = deadline_of(method, approved_day(target), today)
    return out + _deadline_problems(deadline, method)


def _deadline_problems(deadline: Deadline, method: str) -> list[Problem]:
    if deadline.passed:
        return [Problem(
            "deadline", f"취소 기한이 지났습니다 ({deadline.text}). 고객 계좌로 직접 환불하세요.",
            "tid", gateway_code="2016",
            message_en=f"The cancel deadline has passed ({deadline.text_en}). Refund the customer's account directly.",
        )]
    if deadline.last_day is None and method != "CLGIFT":
        return [Problem("deadline_unknown", f"취소 기한을 확인할 수 없습니다: {deadline.text}.", "tid", "warning",
                        message_en=f"The cancel deadline cannot be told: {deadline.text_en}.")]
    return []


def sub_mall_left(target: CancelTarget) -> dict[str, int]:
    """Per sub-mall of the original split: what is left to give back (empty without a known split).

    The original DivideInfo less the splits of this app's completed cancels.
    """
    left: dict[str, int] = {}
    for share in _decoded(target.divide_info):
        left[share.mid] = left.get(share.mid, 0) + share.amt
    for info in target.done_divide_infos if left else ():
        for share in _decoded(info):
            left[share.mid] = left.get(share.mid, 0) - share.amt
    return left


def sub_mall_choices(target: CancelTarget) -> tuple[str, ...]:
    """The sub-malls a split may name: the merchant's registered ones and those of the original split."""
    return tuple(sorted(set(target.sub_mall_mids) | {s.mid for s in _decoded(target.divide_info)}))


def _divide_problems(target: CancelTarget, ask: CancelAsk) -> list[Problem]:
    allowed = sub_mall_choices(target)
    if not allowed:
        if ask.shares:
            return [Problem(
                "not_sub_mall", "서브몰 정산 상점이 아니므로 서브몰별 금액을 넣지 마세요.", "divide", gateway_code="2002",
                message_en="This merchant does not settle by sub-mall: leave out the per-sub-mall amounts.",
            )]
        return []
    if not ask.shares:
        if ask.partial:
            return [Problem(
                "divide_missing",
                "서브몰 정산 상점의 부분취소에는 서브몰별 취소 금액이 꼭 필요합니다 (합계 = 취소 금액).",
                "divide", gateway_code="2002",
                message_en="A partial cancel of a sub-mall merchant needs the cancel amount of each sub-mall "
                           "(their sum = the cancel amount).",
            )]
        return []
    amount = resolved_amount(ask, target) or 0
    out = [Problem("divide", text, "divide", gateway_code="2011", message_en=_divide_en(text))
           for text in validate_divide(list(ask.shares), amount, allowed)]
    left = sub_mall_left(target)
    if out or not left:
        return out
    asked: dict[str, int] = {}
    for share in ask.shares:
        asked[share.mid] = asked.get(share.mid, 0) + share.amt
    for mid, amt in asked.items():
        if mid not in left:
            out.append(Problem("divide_foreign", f"원거래에 없는 서브몰입니다: {mid}", "divide", gateway_code="2011",
                               message_en=f"Not a sub-mall of the original payment: {mid}"))
        elif amt > left[mid]:
            out.append(Problem(
                "divide_over", f"서브몰 {mid}에서 돌려줄 수 있는 금액은 {max(left[mid], 0):,}원입니다 ({amt:,}원 요청).",
                "divide", gateway_code="2032",
                message_en=f"Sub-mall {mid} can give back at most {max(left[mid], 0):,} won ({amt:,} won asked).",
            ))
    return out


_DIVIDE_EN: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(ko), en) for ko, en in (
    (r"서브몰 (.+)의 금액이 0원보다 커야 합니다 \((.+)원\)", "The amount of sub-mall {0} must be more than 0 won ({1} won)"),
    (r"서브몰 MID가 두 번 이상 있습니다: (.+)", "A sub-mall MID is given more than once: {0}"),
    (r"상점에 등록된 서브몰이 아닙니다: (.+)", "Not a sub-mall registered to the merchant: {0}"),
    (r"서브몰 금액 합계 (.+)원이 취소 금액 (.+)원과 다릅니다",
     "The sub-mall amounts add up to {0} won, not the cancel amount of {1} won"),
))


def _divide_en(text: str) -> str:
    """A problem of ``validate_divide`` (worded in Korean by the protocol core) in English."""
    for pattern, english in _DIVIDE_EN:
        if found := pattern.fullmatch(text):
            return english.format(*found.groups())
    return ""


def _decoded(info: str) -> tuple[SubMallShare, ...]:
    """A stored DivideInfo's shares; nothing when it is blank or unreadable."""
    try:
        return decode_divide_info(info)
    except DivideInfoError:
        return ()


def _reason_problems(reason: str) -> list[Problem]:
    text = reason.strip()
    if not text:
        return [Problem("reason_missing", "취소 사유를 입력하세요 (감사 기록과 게이트웨이에 남습니다).", "reason",
                        message_en="Enter a cancel reason (it is kept in the audit log and sent to the gateway).")]
    try:
        text.encode("cp949")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        return [Problem("reason_encoding", f"취소 사유의 글자 {bad!r}는 보낼 수 없습니다.", "reason",
                        message_en=f"The character {bad!r} of the cancel reason cannot be sent.")]
    if len(text.encode("utf-8")) > REASON_MAX_BYTES:
        return [Problem("reason_long", "취소 사유가 너무 깁니다 (한글 33자, 영문·숫자 100자까지).", "reason",
                        message_en="The cancel reason is too long (33 Korean or 100 Latin letters and digits at most).")]
    return []


def parse_share(text: str) -> SubMallShare:
    """``MID=AMT`` (e.g. ``SMTSUB002m=5,000``) as a share; ``CancelError`` (a ``ValueError``) otherwise."""
    mid, sep, amount = text.partition("=")
    if not sep or not mid.strip():
        raise CancelError(f"서브몰 금액은 MID=금액 형식이어야 합니다: {text!r}",
                          f"A sub-mall amount must be written MID=AMOUNT: {text!r}")
    try:
        return SubMallShare(mid.strip(), parse_amount(amount), "")
    except AmountError as exc:
        raise CancelError(f"서브몰 {mid.strip()}의 금액을 읽을 수 없습니다: {exc}",
                          f"Cannot read the amount of sub-mall {mid.strip()}: {exception_text(exc, 'en')}") from None


def amount_words(amount: int, lang: str = "ko") -> str:
    """Won in words, as read aloud: 12,500 → "만 이천오백 원" (``lang`` "en": "twelve thousand five hundred won")."""
    if is_english(lang):
        return ("minus " if amount < 0 else "") + _english_number(abs(amount)) + " won"
    if amount == 0:
        return "영 원"
    digits = "영일이삼사오육칠팔구"
    groups: list[str] = []
    for unit_index, unit in enumerate(("", "만", "억", "조")):
        part = (abs(amount) // 10_000**unit_index) % 10_000
        if not part:
            continue
        words = ""
        for place, name in ((1000, "천"), (100, "백"), (10, "십"), (1, "")):
            d = part // place % 10
            if d:
                words += ("" if d == 1 and name else digits[d]) + name
        if unit == "만" and part == 1:
            words = ""
        groups.append(words + unit)
    return ("마이너스 " if amount < 0 else "") + " ".join(reversed(groups)) + " 원"


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def _english_number(n: int) -> str:
    """``n`` >= 0 in English words: 12500 → "twelve thousand five hundred"."""
    for size, name in _SCALES:
        if n >= size:
            rest = n % size
            return f"{_english_number(n // size)} {name}" + (f" {_english_number(rest)}" if rest else "")
    if n >= 100:
        return f"{_ONES[n // 100]} hundred" + (f" {_english_number(n % 100)}" if n % 100 else "")
    if n >= 20:
        return _TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")
    return _ONES[n]


def errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
