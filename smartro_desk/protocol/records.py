"""Typed records of the gateway's messages, built from canonical fields.

``PaymentResult`` (ReturnURL, §3.2), ``Notification`` (RetryURL / inform, §6.4),
``CancelRequest`` (§5.2.1) and ``CancelResponse`` (§5.3). Every record keeps the
full canonical field dict in ``fields`` and every field it does not model in
``extra``: nothing received is ever dropped.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from smartro_desk.protocol import fields as f
from smartro_desk.protocol.amounts import AmountError, parse_amount
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info
from smartro_desk.protocol.hashes import hash_data

__all__ = [
    "CancelRequest",
    "CancelResponse",
    "Notification",
    "PaymentResult",
    "RecordError",
    "parse_auth_date",
]

_R = TypeVar("_R")
_LABELS = {f.TID: "거래번호(TID)", f.RESULT_CODE: "결과코드(ResultCode)"}
_DASHED = re.compile(
    r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?", re.ASCII
)


class RecordError(ValueError):
    """A message that cannot be used; the message is for the user (Korean)."""


def parse_auth_date(text: str) -> datetime | None:
    """``yyMMddHHmmss`` (as the gateway sends), ``yyyyMMddHHmmss`` or
    ``YYYY-MM-DD HH:MM[:SS]`` as a datetime; None when it is none of these."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) in (12, 14):
        century = 2000 if len(text) == 12 else 0
        year, rest = int(text[:-10]) + century, text[-10:]
        parts = [year, *(int(rest[i : i + 2]) for i in range(0, 10, 2))]
    else:
        match = _DASHED.fullmatch(text)
        if match is None:
            return None
        parts = [int(group or 0) for group in match.groups()]
    try:
        return datetime(*parts)
    except ValueError:
        return None


def _text(source: str) -> Any:
    """A modelled text field read from canonical field ``source``."""
    return dataclasses.field(default="", metadata={"source": source})


def _amount(source: str) -> Any:
    """A modelled won amount read from canonical field ``source``."""
    return dataclasses.field(default=None, metadata={"source": source, "amount": True})


def _extra() -> Any:
    return dataclasses.field(default_factory=dict, repr=False)


@functools.cache
def _specs(cls: Any) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, canonical source field, is an amount) of a record class."""
    return tuple(
        (spec.name, spec.metadata["source"], bool(spec.metadata.get("amount")))
        for spec in dataclasses.fields(cls)
        if "source" in spec.metadata
    )


def _build(
    cls: Callable[..., _R], fields: Mapping[str, str], required: str, what: str, strict: str
) -> _R:
    """``cls`` from fields under any spelling.

    Raises ``RecordError`` when ``required`` is blank or the amount ``strict`` is
    present but not a number; other unreadable amounts become None (the text
    stays in ``fields``).
    """
    canon = f.canonicalize(fields)
    if not canon.get(required, "").strip():
        raise RecordError(f"{what}에 {_LABELS[required]}가 없습니다")
    values: dict[str, Any] = {}
    modelled: set[str] = set()
    for attribute, source, is_amount in _specs(cls):
        modelled.add(source)
        text = canon.get(source, "").strip()
        if not is_amount:
            values[attribute] = text
        elif text:
            try:
                values[attribute] = parse_amount(text)
            except ValueError:
                if source == strict:
                    raise RecordError(f"{what}의 금액({source})이 숫자가 아닙니다: {text[:40]!r}") from None
    extra = {key: value for key, value in canon.items() if key not in modelled}
    return cls(**values, extra=extra, fields=canon)


@dataclasses.dataclass(frozen=True, slots=True)
class PaymentResult:
    """The payment result posted to ReturnURL (§3.2)."""

    tid: str = _text(f.TID)
    pay_method: str = _text(f.PAY_METHOD)
    mid: str = _text(f.MID)
    amt: int | None = _amount(f.AMT)
    buyer_name: str = _text(f.NAME)
    goods_name: str = _text(f.GOODS_NAME)
    mall_user_id: str = _text(f.MALL_USER_ID)
    oid: str = _text(f.OID)
    auth_date: str = _text(f.AUTH_DATE)
    auth_code: str = _text(f.AUTH_CODE)
    result_code: str = _text(f.RESULT_CODE)
    result_msg: str = _text(f.RESULT_MSG)
    buyer_tel: str = _text(f.BUYER_TEL)
    buyer_email: str = _text(f.BUYER_EMAIL)
    buyer_auth_num: str = _text(f.BUYER_AUTH_NUM)
    sign_value: str = _text(f.SIGN_VALUE)
    divide_info: str = _text(f.DIVIDE_INFO)
    tax_cd: str = _text(f.TAX_CD)
    svc_amt: int | None = _amount(f.SVC_AMT)
    tax: int | None = _amount(f.TAX)
    acqu_card_code: str = _text(f.ACQU_CARD_CODE)
    fn_cd: str = _text(f.FN_CD)
    fn_name: str = _text(f.FN_NAME)
    card_quota: str = _text(f.CARD_QUOTA)
    bank_code: str = _text(f.BANK_CODE)
    bank_name: str = _text(f.BANK_NAME)
    vbank_num: str = _text(f.VBANK_NUM)
    vbank_name: str = _text(f.VBANK_NAME)
    extra: Mapping[str, str] = _extra()
    fields: Mapping[str, str] = _extra()

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> PaymentResult:
        """Build from form fields; ``RecordError`` without TID or with a non-numeric Amt."""
        return _build(cls, fields, f.TID, "결제 결과", f.AMT)

    @property
    def auth_datetime(self) -> datetime | None:
        return parse_auth_date(self.auth_date)


@dataclasses.dataclass(frozen=True, slots=True)
class Notification:
    """A payment or cancel notification posted to RetryURL (§6.4)."""

    tid: str = _text(f.TID)
    pay_method: str = _text(f.PAY_METHOD)
    mid: str = _text(f.MID)
    mall_user_id: str = _text(f.MALL_USER_ID)
    amt: int | None = _amount(f.AMT)
    name: str = _text(f.NAME)
    goods_name: str = _text(f.GOODS_NAME)
    otid: str = _text(f.OTID)
    oid: str = _text(f.OID)
    auth_date: str = _text(f.AUTH_DATE)
    auth_code: str = _text(f.AUTH_CODE)
    result_code: str = _text(f.RESULT_CODE)
    result_msg: str = _text(f.RESULT_MSG)
    state_cd: str = _text(f.STATE_CD)
    fn_cd: str = _text(f.FN_CD)
    fn_name: str = _text(f.FN_NAME)
    pin_no: str = _text(f.PIN_NO)
    card_quota: str = _text(f.CARD_QUOTA)
    buyer_email: str = _text(f.BUYER_EMAIL)
    buyer_tel: str = _text(f.BUYER_TEL)
    buyer_auth_num: str = _text(f.BUYER_AUTH_NUM)
    vbank_num: str = _text(f.VBANK_NUM)
    vbank_name: str = _text(f.VBANK_NAME)
    receipt_type: str = _text(f.RECEIPT_TYPE)
    rcpt_app_no: str = _text(f.RCPT_APP_NO)
    rcpt_cc_no: str = _text(f.RCPT_CC_NO)
    card_use_point: int | None = _amount(f.CARD_USE_POINT)
    sign_value: str = _text(f.SIGN_VALUE)
    extra: Mapping[str, str] = _extra()
    fields: Mapping[str, str] = _extra()

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> Notification:
        """Build from form fields; ``RecordError`` without TID or with a non-numeric Amt."""
        return _build(cls, fields, f.TID, "결제 통보", f.AMT)

    @property
    def auth_datetime(self) -> datetime | None:
        """Approval time, or the cancel time for a cancel notification (§6.4 #10)."""
        return parse_auth_date(self.auth_date)


@dataclasses.dataclass(frozen=True, slots=True)
class CancelResponse:
    """The gateway's answer to a cancel URLCall (§5.3).

    A refused cancel may come without a TID, so only ResultCode is required.
    """

    result_code: str = _text(f.RESULT_CODE)
    result_msg: str = _text(f.RESULT_MSG)
    tid: str = _text(f.TID)
    ptid: str = _text(f.PTID)
    pay_method: str = _text(f.PAY_METHOD)
    pay_name: str = _text(f.PAY_NAME)
    mid: str = _text(f.MID)
    cancel_amt: int | None = _amount(f.CANCEL_AMT)
    cancel_msg: str = _text(f.CANCEL_MSG)
    cancel_date: str = _text(f.CANCEL_DATE)
    cancel_time: str = _text(f.CANCEL_TIME)
    cancel_num: str = _text(f.CANCEL_NUM)
    oid: str = _text(f.OID)
    extra: Mapping[str, str] = _extra()
    fields: Mapping[str, str] = _extra()

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> CancelResponse:
        """Build from the answer's fields; ``RecordError`` without ResultCode or
        with a non-numeric CancelAmt."""
        return _build(cls, fields, f.RESULT_CODE, "취소 응답", f.CANCEL_AMT)

    @property
    def cancelled_at(self) -> datetime | None:
        """CancelDate (YYYYMMDD) + CancelTime (HHMMSS), when both are there."""
        if len(self.cancel_date) != 8 or len(self.cancel_time) != 6:
            return None
        return parse_auth_date(self.cancel_date + self.cancel_time)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class CancelRequest:
    """A cancel URLCall request (§5.2.1). Holds the cancel password, so its repr masks it."""

    tid: str
    cancel_pw: str
    cancel_amt: int
    cancel_msg: str
    partial: bool
    hash_data: str
    shares: tuple[SubMallShare, ...] = ()

    @classmethod
    def build(
        cls,
        tid: str,
        merchant_key: str,
        cancel_pw: str,
        amount: int,
        reason: str,
        partial: bool,
        shares: Sequence[SubMallShare] = (),
    ) -> CancelRequest:
        """A request with its hashData (TID + key + CancelAmt + PartialCancelCode)."""
        tid = tid.strip()
        if not tid:
            raise RecordError("취소할 거래번호(TID)가 비어 있습니다")
        try:
            won = parse_amount(amount)
        except AmountError as exc:
            raise RecordError(f"취소 금액이 올바르지 않습니다: {exc}") from None
        if won <= 0:
            raise RecordError(f"취소 금액은 0원보다 커야 합니다 ({won}원)")
        code = "1" if partial else "0"
        hashed = hash_data(tid, merchant_key, won, code)
        return cls(tid, cancel_pw, won, reason, partial, hashed, tuple(shares))

    @property
    def partial_cancel_code(self) -> str:
        return "1" if self.partial else "0"

    def to_fields(self) -> dict[str, str]:
        """The form fields, in the gateway's spellings."""
        out = {
            f.TID: self.tid,
            f.CANCEL_PW: self.cancel_pw,
            f.CANCEL_AMT: str(self.cancel_amt),
            f.CANCEL_MSG: self.cancel_msg,
            f.PARTIAL_CANCEL_CODE: self.partial_cancel_code,
            f.HASH_DATA: self.hash_data,
        }
        if self.shares:
            out[f.MERCHANT_MODE] = "T"
            out[f.DIVIDE_INFO] = encode_divide_info(self.shares)
        return out

    def __repr__(self) -> str:
        return (
            f"CancelRequest(tid={self.tid!r}, cancel_pw='******', cancel_amt={self.cancel_amt!r}, "
            f"cancel_msg={self.cancel_msg!r}, partial={self.partial!r}, shares={self.shares!r})"
        )
