"""The cancel rules of §5 as the sandbox applies them, answering with §7.6/§7.7 codes.

Checks run in this order (the first failure answers):

1. unknown TID, or a TID whose MID is not a known merchant -> 2012
2. Cancelpw empty -> 2025; wrong -> 2024
3. hashData not ``TID + key + CancelAmt + PartialCancelCode`` -> 2041
   (원거래 승인데이터와 상이함: the request does not match the original deal);
   PartialCancelCode neither 0 nor 1 -> 2002
4. CancelAmt not a whole number, or <= 0 -> 2010
5. virtual account -> 2029 (it cannot be cancelled: the merchant refunds)
6. nothing left to cancel -> 2013; CancelAmt > remaining -> 2032
7. partial cancel of a method other than CARD/BANK/VBANK -> 2029
8. full cancel (PartialCancelCode=0) of an amount other than what remains -> 2011
9. deadline (§5.1): CARD 90 days, BANK 180 days after the approval date,
   CELLPHONE within the calendar month, CLGIFT unlimited -> 2016
10. sub-mall merchants: a partial cancel needs MerchantMode=T and DivideInfo
    (-> 2002); DivideInfo must decode (-> 2002), name registered sub-malls and
    add up to CancelAmt (-> 2011), and no sub-mall may get back more than is
    left of its share of the payment (-> 2032).

Success is 2001 (BANK: 2211 환불 요청 성공). A partial cancel gets a new PTID.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime

from smartro_desk.protocol import fields as F
from smartro_desk.protocol.codes import result
from smartro_desk.protocol.divide import DivideInfoError, decode_divide_info, validate_divide
from smartro_desk.protocol.hashes import verify_hash_data
from smartro_desk.protocol.merchants import TestMerchant
from smartro_desk.sandbox.store import PAY_METHODS, CancelRecord, Payment, Store, digits

RESPONSE_ORDER: tuple[str, ...] = (
    F.PAY_METHOD, F.PAY_NAME, F.MID, F.TID, F.CANCEL_AMT, F.CANCEL_MSG, F.RESULT_CODE,
    F.RESULT_MSG, F.CANCEL_DATE, F.CANCEL_TIME, F.CANCEL_NUM, "Moid", F.PTID,
)
PARTIAL_METHODS = frozenset({"CARD", "BANK", "VBANK"})
DEADLINE_DAYS = {"CARD": 90, "BANK": 180}
_NUMBER = re.compile(r"[+-]?\d{1,15}")


class Refusal(Exception):
    """A rule failed: the code and an optional explanation for ResultMsg."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


def process_cancel(
    store: Store,
    merchant_of: Callable[[str], TestMerchant | None],
    request: Mapping[str, str],
    at: datetime,
) -> dict[str, str]:
    """Check and apply one cancel request; the response fields in the gateway's order."""
    fields = F.canonicalize(request)
    tid = fields.get(F.TID, "").strip()
    payment = store.payments.get(tid)
    try:
        amount = _check(payment, merchant_of, fields, at)
    except Refusal as refusal:
        return _answer(fields, payment, refusal.code, refusal.detail)
    assert payment is not None
    record = _apply(store, payment, fields, amount, at)
    return _answer(fields, payment, record.result_code, "", record)


def _check(
    payment: Payment | None,
    merchant_of: Callable[[str], TestMerchant | None],
    fields: dict[str, str],
    at: datetime,
) -> int:
    """Run the rules in order; the cancel amount, or a ``Refusal``."""
    if payment is None:
        raise Refusal("2012")
    merchant = merchant_of(payment.mid)
    if merchant is None:
        raise Refusal("2012", f"등록되지 않은 상점의 거래입니다 ({payment.mid})")
    password = fields.get(F.CANCEL_PW, "")
    if not password:
        raise Refusal("2025")
    if password != merchant.cancel_password:
        raise Refusal("2024")
    amount_text = fields.get(F.CANCEL_AMT, "").strip()
    partial_code = fields.get(F.PARTIAL_CANCEL_CODE, "").strip()
    if not verify_hash_data(
        payment.tid, merchant.merchant_key, amount_text, partial_code, fields.get(F.HASH_DATA)
    ):
        raise Refusal("2041", "hashData가 원거래(TID, 상점키, 취소금액, 취소타입)와 맞지 않습니다")
    if partial_code not in ("0", "1"):
        raise Refusal("2002", "PartialCancelCode는 0(전체) 또는 1(부분)이어야 합니다")
    if not _NUMBER.fullmatch(amount_text) or int(amount_text) <= 0:
        raise Refusal("2010")
    amount = int(amount_text)
    method = payment.pay_method
    if method == "VBANK":
        raise Refusal(
            "2029", "가상계좌 결제는 취소할 수 없습니다. 상점이 구매자 계좌로 직접 환불하세요"
        )
    if payment.remaining <= 0:
        raise Refusal("2013")
    if amount > payment.remaining:
        raise Refusal("2032", f"취소 가능 금액 {payment.remaining:,}원")
    if partial_code == "1" and method not in PARTIAL_METHODS:
        raise Refusal("2029", f"{PAY_METHODS[method][1]} 결제는 부분취소할 수 없습니다")
    if partial_code == "0" and amount != payment.remaining:
        raise Refusal(
            "2011", f"전체취소 금액은 남은 금액 {payment.remaining:,}원과 같아야 합니다"
        )
    _check_deadline(payment, at)
    if merchant.sub_mall_mids:
        _check_sub_malls(payment, merchant, fields, amount, partial_code == "1")
    return amount


def _check_deadline(payment: Payment, at: datetime) -> None:
    method, approved = payment.pay_method, payment.approved_at
    if method in DEADLINE_DAYS:
        days = DEADLINE_DAYS[method]
        if (at.date() - approved.date()).days > days:
            raise Refusal("2016", f"결제일로부터 {days}일이 지났습니다")
    elif method == "CELLPHONE" and (at.year, at.month) != (approved.year, approved.month):
        raise Refusal("2016", "휴대폰 결제는 결제한 달에만 취소할 수 있습니다")


def _check_sub_malls(
    payment: Payment, merchant: TestMerchant, fields: dict[str, str], amount: int, partial: bool
) -> None:
    info = fields.get(F.DIVIDE_INFO, "").strip()
    mode = fields.get(F.MERCHANT_MODE, "").strip().upper()
    if partial and (mode != "T" or not info):
        raise Refusal(
            "2002", "서브몰 정산 상점의 부분취소에는 MerchantMode=T와 DivideInfo가 꼭 필요합니다"
        )
    if not info:
        return
    try:
        shares = decode_divide_info(info)
    except DivideInfoError as exc:
        raise Refusal("2002", f"DivideInfo를 읽을 수 없습니다: {exc}") from None
    problems = validate_divide(shares, amount, merchant.sub_mall_mids)
    if problems:
        raise Refusal("2011", "; ".join(problems))
    if not payment.divide:
        return
    left = {entry["mid"]: entry["remaining"] for entry in payment.divide}
    asked: dict[str, int] = {}
    for share in shares:
        asked[share.mid] = asked.get(share.mid, 0) + share.amt
    for mid, amt in asked.items():
        if mid not in left:
            raise Refusal("2011", f"원거래에 없는 서브몰입니다: {mid}")
        if amt > left[mid]:
            raise Refusal("2032", f"서브몰 {mid}의 취소 가능 금액은 {left[mid]:,}원입니다")


def _apply(
    store: Store, payment: Payment, fields: dict[str, str], amount: int, at: datetime
) -> CancelRecord:
    partial = fields.get(F.PARTIAL_CANCEL_CODE, "").strip() == "1"
    record = CancelRecord(
        amount=amount,
        at=at,
        ptid=store.new_tid(payment.mid, payment.pay_method, at) if partial else "",
        cancel_num=digits(f"{payment.tid}|{len(payment.cancels)}|{at.isoformat()}", 8),
        result_code="2211" if payment.pay_method == "BANK" else "2001",
        reason=fields.get(F.CANCEL_MSG, ""),
        partial=partial,
    )
    payment.remaining -= amount
    payment.cancels.append(record)
    payment.state = "cancelled" if payment.remaining == 0 else "partially_cancelled"
    _reduce_sub_malls(payment, fields, record)
    store.save()
    return record


def _reduce_sub_malls(payment: Payment, fields: dict[str, str], record: CancelRecord) -> None:
    if not payment.divide:
        return
    if not record.partial or payment.remaining == 0:
        for entry in payment.divide:
            entry["remaining"] = 0
        return
    for share in decode_divide_info(fields[F.DIVIDE_INFO]):
        for entry in payment.divide:
            if entry["mid"] == share.mid:
                entry["remaining"] -= share.amt


def _answer(
    fields: dict[str, str],
    payment: Payment | None,
    code: str,
    detail: str,
    record: CancelRecord | None = None,
) -> dict[str, str]:
    method = payment.pay_method if payment else ""
    message = result(code, method).ko
    values = {
        F.PAY_METHOD: method,
        F.PAY_NAME: PAY_METHODS[method][1] if payment else "",
        F.MID: payment.mid if payment else "",
        F.TID: payment.tid if payment else fields.get(F.TID, ""),
        F.CANCEL_AMT: fields.get(F.CANCEL_AMT, ""),
        F.CANCEL_MSG: fields.get(F.CANCEL_MSG, ""),
        F.RESULT_CODE: code,
        F.RESULT_MSG: f"{message}: {detail}" if detail else message,
        F.CANCEL_DATE: f"{record.at:%Y%m%d}" if record else "",
        F.CANCEL_TIME: f"{record.at:%H%M%S}" if record else "",
        F.CANCEL_NUM: record.cancel_num if record else "",
        "Moid": payment.order_id if payment else "",
        F.PTID: record.ptid if record else "",
    }
    return {name: values[name] for name in RESPONSE_ORDER}
