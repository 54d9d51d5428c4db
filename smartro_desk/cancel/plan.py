"""``CancelPlan``: everything a cancel dialog (or the CLI's confirmation) shows before sending.

A plan is a read-only snapshot: the transaction's amounts and deadline, the
request exactly as it will be sent (secrets masked), every problem in Korean
and English, and the confirmation sentence in either. A dialog only renders it;
``CancelService.execute`` re-checks everything when the user confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.cancel.rules import (
    CancelAsk, Deadline, Problem, amount_words, approved_day, check, deadline_of, is_english, method_of,
    resolved_amount, sub_mall_choices, sub_mall_left,
)
from smartro_desk.ledger.cancels import CancelTarget
from smartro_desk.protocol import fields as F
from smartro_desk.protocol.amounts import AmountError, parse_amount
from smartro_desk.protocol.divide import DivideInfoError, decode_divide_info
from smartro_desk.protocol.records import CancelRequest
from smartro_desk.secrets import MerchantSecrets

MASK = "******"
# What the preview shows for a secret not set: (Korean, English), by field.
UNSET: dict[str, tuple[str, str]] = {F.CANCEL_PW: ("(없음)", "(none)"), F.HASH_DATA: ("(상점키 없음)", "(no merchant key)")}
KIND_LABELS: dict[bool, tuple[str, str]] = {False: ("전체취소", "Full cancel"), True: ("부분취소", "Partial cancel")}


def kind_label(partial: bool, lang: str = "ko") -> str:
    """"전체취소"/"부분취소", or "Full cancel"/"Partial cancel" in English."""
    ko, en = KIND_LABELS[partial]
    return en if is_english(lang) else ko


def stand_in_tid(tid: str, attempt_id: int) -> str:
    """The event TID of a partial cancel whose PTID is not known (yet)."""
    return f"{tid}#A{attempt_id}"


@dataclass(frozen=True, slots=True)
class CancelPlan:
    ask: CancelAsk
    amount: int | None  # what will be sent (a full cancel without an amount: the remaining)
    endpoint: Endpoint
    target: CancelTarget | None
    problems: tuple[Problem, ...]
    deadline: Deadline | None
    request_preview: tuple[tuple[str, str], ...] = field(default=())  # (field, value), secrets masked

    @property
    def tid(self) -> str:
        return self.ask.tid

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def sendable(self) -> bool:
        return not self.errors

    @property
    def blocked(self) -> bool:
        """The TID is on hold ("결과 확인 필요") or another cancel of it is in flight."""
        return any(p.blocks_tid for p in self.errors)

    @property
    def needs_retyped_amount(self) -> bool:
        """Production: the user must type the amount again (``confirms``)."""
        return self.endpoint.is_production

    def confirms(self, typed: str) -> bool:
        """Whether ``typed`` ("12,000", "12000원") is this plan's amount."""
        try:
            return self.amount is not None and parse_amount(typed) == self.amount
        except AmountError:
            return False

    @property
    def sub_malls(self) -> tuple[tuple[str, int | None], ...]:
        """For the split editor: each sub-mall a split may name, with what is left of its share
        (None when the original split is not known). Empty for other merchants."""
        if self.target is None:
            return ()
        left = sub_mall_left(self.target)
        return tuple((mid, left.get(mid, 0) if left else None) for mid in sub_mall_choices(self.target))

    @property
    def kind_ko(self) -> str:
        return self.kind()

    def kind(self, lang: str = "ko") -> str:
        return kind_label(self.ask.partial, lang)

    @property
    def confirmation_ko(self) -> str:
        return self.confirmation()

    def confirmation(self, lang: str = "ko") -> str:
        """The sentence the user confirms: TID and amount in figures and in words."""
        amount = self.amount or 0
        if is_english(lang):
            text = (
                f"{self.kind(lang)} of {amount:,} won ({amount_words(amount, lang)}) on transaction TID {self.tid}. "
                f"Reason: {self.ask.reason or '(none)'}. Sent to: {self.endpoint}."
            )
            if self.endpoint.is_production:
                text += " This is the production server: the customer is really refunded. Type the amount again."
            return text
        text = (
            f"TID {self.tid} 거래에서 {amount:,}원({amount_words(amount)})을 {self.kind()}합니다. "
            f"사유: {self.ask.reason or '(없음)'}. 보낼 곳: {self.endpoint}."
        )
        if self.endpoint.is_production:
            text += " 운영 서버이므로 실제로 환불됩니다. 확인하려면 금액을 다시 입력하세요."
        return text

    def preview(self, lang: str = "ko") -> tuple[tuple[str, str], ...]:
        """``request_preview`` with the notes on secrets not set in ``lang``; the request itself is the same."""
        if not is_english(lang):
            return self.request_preview
        return tuple((k, UNSET[k][1] if k in UNSET and v == UNSET[k][0] else v) for k, v in self.request_preview)


def build_plan(
    target: CancelTarget | None, ask: CancelAsk, endpoint: Endpoint, secrets: MerchantSecrets, today: date,
) -> CancelPlan:
    """Check ``ask`` against ``target`` and prepare the preview."""
    ask = _with_goods_names(ask, target)
    problems = tuple(check(target, ask, secrets=secrets, endpoint=endpoint, today=today))
    amount = resolved_amount(ask, target)
    deadline = deadline_of(method_of(target), approved_day(target), today) if target is not None else None
    return CancelPlan(ask, amount, endpoint, target, problems, deadline, _preview(ask, amount, endpoint, secrets))


def _with_goods_names(ask: CancelAsk, target: CancelTarget | None) -> CancelAsk:
    """Sub-mall shares typed as MID=AMT get the goods name of the original split."""
    if target is None or not ask.shares or all(s.goods_name for s in ask.shares):
        return ask
    try:
        names = {s.mid: s.goods_name for s in decode_divide_info(target.divide_info)}
    except DivideInfoError:
        names = {}
    shares = tuple(s if s.goods_name else replace(s, goods_name=names.get(s.mid, "")) for s in ask.shares)
    return replace(ask, shares=shares)


def _preview(ask: CancelAsk, amount: int | None, endpoint: Endpoint, secrets: MerchantSecrets) -> tuple[tuple[str, str], ...]:
    """The form as it will be posted, Cancelpw and hashData masked ("" fields kept)."""
    if amount is None:
        return ()
    try:
        request = CancelRequest.build(
            ask.tid, secrets.merchant_key or "", secrets.cancel_password or "", amount, ask.reason, ask.partial,
            ask.shares,
        )
    except ValueError:  # no TID or no positive amount: the problems say so
        return ()
    fields = request.to_fields()
    masked = {
        F.CANCEL_PW: MASK if secrets.cancel_password else UNSET[F.CANCEL_PW][0],
        F.HASH_DATA: MASK if secrets.merchant_key else UNSET[F.HASH_DATA][0],
    }
    return (("URL", endpoint.cancel_url),) + tuple((k, masked.get(k, v)) for k, v in fields.items())
