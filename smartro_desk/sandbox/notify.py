"""Payment-data notifications (§6.4) as the gateway posts them to a merchant's RetryURL.

Field spellings follow Smartro's inform.php sample where it differs from the
manual (``name``, ``state_cd``, ``fn_cd``, ``fn_name``, ``mallUserID``, SPEC.md).
Delivery retries until the merchant answers HTTP 200 with ``OK`` in the body (§6.5).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import httpx

from smartro_desk.protocol.codes import result
from smartro_desk.protocol.hashes import sign_value
from smartro_desk.sandbox.store import Payment

Event = Literal["approval", "cancel", "vbank_issued", "vbank_deposit"]

# Result code of an approval notification per method (§7.1-7.4). The manual
# lists none for CLGIFT, so the sandbox sends no approval notification for it.
APPROVAL_CODES = {"CARD": "3001", "BANK": "4000", "VBANK": "4110", "CELLPHONE": "A000"}
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=euc-kr"


def build_fields(payment: Payment, merchant_key: str, event: Event, cancel: int = -1) -> dict[str, str]:
    """The §6.4 fields of one event of ``payment``.

    ``cancel`` picks the cancel (index into ``payment.cancels``) for ``event="cancel"``.
    StateCd: 0 approval / deposit, 1 cancel, 3 virtual account issued.
    A partial cancel is sent with TID = its PTID, OTID = the original TID and
    Amt = the cancelled amount.
    """
    tid, amount = payment.tid, payment.amount
    if event == "cancel":
        if not payment.cancels:
            raise ValueError(f"취소된 적 없는 거래입니다: {payment.tid}")
        record = payment.cancels[cancel]
        code, state, at = record.result_code, "1", record.at
        tid, amount = record.ptid or payment.tid, record.amount
    elif event == "vbank_issued":
        _require_vbank(payment, event)
        code, state, at = "4100", "3", payment.approved_at
    elif event == "vbank_deposit" or (event == "approval" and payment.pay_method == "VBANK"):
        _require_vbank(payment, event)
        if payment.deposited_at is None:
            raise ValueError(f"아직 입금되지 않은 가상계좌입니다: {payment.tid}")
        code, state, at = "4110", "0", payment.deposited_at
    elif event == "approval":
        if payment.pay_method not in APPROVAL_CODES:
            raise ValueError(f"{payment.pay_method} 결제의 승인 통보 결과코드는 매뉴얼에 없습니다")
        code, state, at = APPROVAL_CODES[payment.pay_method], "0", payment.approved_at
    else:
        raise ValueError(f"알 수 없는 통보 종류입니다: {event}")
    is_card = payment.pay_method == "CARD"
    is_vbank = payment.pay_method == "VBANK"
    return {
        "PayMethod": payment.pay_method,
        "MID": payment.mid,
        "mallUserID": payment.mall_user_id,
        "Amt": str(amount),
        "name": payment.buyer,
        "GoodsName": payment.goods,
        "TID": tid,
        "OTID": payment.tid,
        "OID": payment.order_id,
        "AuthDate": f"{at:%y%m%d%H%M%S}",
        "AuthCode": payment.auth_code,
        "ResultCode": code,
        "ResultMsg": result(code, payment.pay_method).ko,
        "state_cd": state,
        "fn_cd": payment.fn_cd,
        "fn_name": payment.fn_name,
        "pinNo": payment.card_no if is_card else "",
        "CardQuota": payment.card_quota if is_card else "",
        "BuyerEmail": payment.buyer_email,
        "BuyerTel": payment.buyer_tel,
        "BuyerAuthNum": "",
        "VbankNum": payment.vbank_num if is_vbank else "",
        "VbankName": payment.fn_name if is_vbank else "",
        "ReceiptType": "0",  # the sandbox issues no cash receipts
        "RcptAppNo": "",
        "RcptCcNo": "",
        "CardUsePoint": "0" if is_card else "",
        "SignValue": sign_value(tid, code, merchant_key),
    }


def _require_vbank(payment: Payment, event: str) -> None:
    if payment.pay_method != "VBANK":
        raise ValueError(f"{event} 통보는 가상계좌 거래에만 있습니다: {payment.tid}")


@dataclass(frozen=True)
class DeliveryReport:
    """How a notification delivery went: one entry per attempt in ``statuses``/``errors``."""

    url: str
    delivered: bool
    attempts: int
    statuses: tuple[int | None, ...]  # HTTP status per attempt, None when no answer
    errors: tuple[str, ...]  # why each failed attempt failed ("" for the successful one)

    @property
    def outcome(self) -> str:
        if self.delivered:
            return f"{self.attempts}번째 시도에 전달됨 (HTTP 200, OK)"
        last = self.errors[-1] if self.errors else ""
        return f"{self.attempts}번 시도했지만 전달되지 않음: {last}"


def post_notification(
    url: str,
    body: bytes,
    *,
    max_attempts: int = 10,
    interval_seconds: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    timeout: float = 10.0,
) -> DeliveryReport:
    """POST ``body`` like the gateway: retry until HTTP 200 with ``OK`` in the body.

    At most ``max_attempts`` tries, ``interval_seconds`` apart (tests pass 0 or a
    fake ``sleep``). Connection errors count as failed attempts.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts는 1 이상이어야 합니다")
    statuses: list[int | None] = []
    errors: list[str] = []
    headers = {"Content-Type": FORM_CONTENT_TYPE}
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for attempt in range(1, max_attempts + 1):
            try:
                response = client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                statuses.append(None)
                errors.append(f"{type(exc).__name__}: {exc}")
            else:
                statuses.append(response.status_code)
                if response.status_code == 200 and b"OK" in response.content:
                    errors.append("")
                    return DeliveryReport(url, True, attempt, tuple(statuses), tuple(errors))
                errors.append(
                    f"HTTP {response.status_code}"
                    + ("" if response.status_code != 200 else ", 응답에 OK 없음")
                )
            if attempt < max_attempts:
                sleep(interval_seconds)
    return DeliveryReport(url, False, max_attempts, tuple(statuses), tuple(errors))
