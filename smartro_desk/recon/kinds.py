"""Finding kinds: their names, severities and the words people read (Korean first).

The ``kind`` names are the CLI's ``--json`` vocabulary and the view's keys;
the view shows ``ko`` (or ``en``) and the advice (``advice_ko``/``advice_en``) as the "what to do" line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["high", "medium", "low", "info"]

SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low", "info")
SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "high": ("높음", "High"),
    "medium": ("보통", "Medium"),
    "low": ("낮음", "Low"),
    "info": ("참고", "Info"),
}

RESOLUTION_LABELS: dict[str, tuple[str, str]] = {
    "open": ("미처리", "Open"),
    "resolved": ("해결됨", "Resolved"),
    "acknowledged": ("확인함", "Acknowledged"),
}


@dataclass(frozen=True, slots=True)
class KindInfo:
    kind: str
    severity: Severity
    ko: str
    en: str
    advice_ko: str
    advice_en: str

    def label(self, lang: str = "ko") -> str:
        return self.en if lang[:2].lower() == "en" else self.ko

    def advice(self, lang: str = "ko") -> str:
        return self.advice_en if lang[:2].lower() == "en" else self.advice_ko


_KINDS: tuple[KindInfo, ...] = (
    KindInfo("signature_mismatch", "high", "위변조 의심 (SignValue 불일치)",
             "SignValue mismatch (suspected tampering)",
             "상점키가 맞는지 확인하고, 맞다면 이 기록은 PG가 보낸 것이 아닙니다. 관리자 사이트의 거래와 대조하세요.",
             "Check that the merchant key is right; if it is, this record was not sent by the gateway. Compare it with the transaction on the admin site."),
    KindInfo("conflict", "high", "같은 거래의 기록끼리 금액이 다름", "Copies of one record disagree",
             "결과와 통보의 금액이 다릅니다. 관리자 사이트에서 실제 금액을 확인하세요.",
             "The result and the notification give different amounts. Check the real amount on the admin site."),
    KindInfo("request_hash_mismatch", "high", "요청 금액이 EncryptData와 맞지 않음",
             "Requested Amt not bound by EncryptData",
             "결제 요청 기록의 금액이 서명된 금액과 다릅니다. 요청 기록이 바뀌었거나 상점키가 다릅니다.",
             "The amount in the payment request record is not the signed amount: the request record was changed, or the merchant key differs."),
    KindInfo("amount_mismatch", "high", "요청 금액과 승인 금액이 다름", "Requested and returned Amt differ",
             "주문 금액과 실제 결제 금액이 다릅니다. 금액이 조작된 결제일 수 있으니 출고 전에 확인하세요.",
             "The order amount and the amount paid differ. The payment may have been tampered with: check before shipping."),
    KindInfo("multiple_approvals", "high", "한 주문에 승인이 여러 번", "More than one approval for one order",
             "같은 주문이 두 번 이상 결제되었습니다. 중복 결제를 취소(환불)하세요.",
             "The same order was paid more than once. Cancel (refund) the duplicate payment."),
    KindInfo("paid_but_order_cancelled", "high", "주문은 취소인데 결제는 살아 있음",
             "Order cancelled but payment still live",
             "주문 목록에서는 취소된 주문인데 PG에서는 결제가 취소되지 않았습니다. 환불이 빠졌는지 확인하세요.",
             "The order list has the order cancelled, but the payment was not cancelled at the gateway. Check whether a refund was missed."),
    KindInfo("export_differs", "high", "원장과 PG 엑셀의 금액·상태가 다름", "Ledger and gateway export differ",
             "원장의 기록과 관리자 사이트 엑셀의 금액 또는 상태가 다릅니다. 관리자 사이트에서 확인하세요.",
             "The ledger's record and the admin site's export differ in amount or state. Check on the admin site."),
    KindInfo("paid_without_order", "medium", "주문 없는 결제", "Paid without order",
             "주문 목록에 없는 결제입니다. 주문 목록이 빠졌는지, 테스트 결제인지 확인하세요.",
             "This payment is not in the order list. Check whether the order list is incomplete or this was a test payment."),
    KindInfo("order_without_payment", "medium", "결제 결과 없는 주문", "Order without any payment result",
             "결제 결과가 없는 주문입니다. 결제가 안 된 주문이 출고되지 않았는지 확인하세요.",
             "No payment result for this order. Make sure an unpaid order was not shipped."),
    KindInfo("cancelled_but_counted", "medium", "PG에서 취소됐는데 주문은 판매로 집계",
             "Cancelled at the gateway, still counted as sold",
             "PG에서는 취소된 결제인데 주문 목록은 판매로 남아 있습니다. 주문 상태를 고치세요.",
             "The payment was cancelled at the gateway, but the order list still counts it as sold. Correct the order status."),
    KindInfo("divide_sum_mismatch", "medium", "서브몰 분할 합계가 금액과 다름", "Sub-mall split does not add up",
             "DivideInfo의 서브몰 금액 합계가 결제(취소) 금액과 다릅니다. 정산 금액을 확인하세요.",
             "The sub-mall amounts in DivideInfo do not add up to the payment (or cancel) amount. Check the settlement amounts."),
    KindInfo("vbank_not_deposited", "medium", "가상계좌 기한 내 미입금", "Virtual account not deposited by expiry",
             "입금기한이 지났는데 입금 통보가 없습니다. 주문을 취소하거나 고객에게 안내하세요.",
             "The deposit deadline has passed with no deposit notification. Cancel the order or contact the customer."),
    KindInfo("missing_in_ledger", "medium", "PG 엑셀에만 있는 거래", "In the gateway export only",
             "관리자 사이트에는 있는데 상점 서버 로그에는 없는 거래입니다. 결과·통보 수신을 확인하세요.",
             "The admin site has this transaction but the merchant server's logs do not. Check that results and notifications are received."),
    KindInfo("missing_in_export", "medium", "원장에만 있는 거래", "Missing from the gateway export",
             "로그에는 있는데 관리자 사이트 엑셀에는 없는 거래입니다. 엑셀 기간과 위변조 여부를 확인하세요.",
             "The logs have this transaction but the admin site's export does not. Check the export's period and whether the record was forged."),
    KindInfo("unknown_sender", "medium", "공지되지 않은 주소에서 온 통보", "Notification from an unknown address",
             "스마트로가 공지한 재통보 주소가 아닌 곳에서 통보가 왔습니다. 방화벽·프록시 설정이나 위조를 확인하세요.",
             "A notification came from an address other than Smartro's published re-notify addresses. Check firewall and proxy settings, or forgery."),
    KindInfo("duplicate_order", "low", "주문 목록에 같은 주문이 다른 금액으로 여러 번",
             "Order listed twice with different amounts",
             "같은 주문번호가 다른 금액으로 여러 번 있습니다. 가장 나중에 가져온 금액으로 대사했습니다.",
             "The same order number is listed several times with different amounts. The amount imported last was used."),
    KindInfo("excess_notifications", "low", "통보가 여러 번 재전송됨", "Notification re-sent",
             "상점 통보 페이지가 OK를 응답하지 않아 PG가 다시 보냈습니다. 통보 페이지의 응답을 고치세요.",
             "The merchant's notification page did not answer OK, so the gateway sent it again. Fix the notification page's answer."),
    KindInfo("unverified", "info", "서명 검증 안 됨", "Unverified records",
             "SignValue가 없거나 상점키가 없어 검증하지 못했습니다. 설정에서 상점키를 등록하세요.",
             "No SignValue, or no merchant key, so the record could not be verified. Register the merchant key in Settings."),
    KindInfo("single_channel", "info", "결과·통보 중 한쪽으로만 확인", "Seen through one channel only",
             "결제 결과(ReturnURL)나 통보(RetryURL) 중 한쪽만 받았습니다. 참고용입니다.",
             "Only one of the payment result (ReturnURL) and the notification (RetryURL) was received. For information."),
)

KIND_INFO: dict[str, KindInfo] = {k.kind: k for k in _KINDS}
KINDS: tuple[str, ...] = tuple(KIND_INFO)


def kind_info(kind: str) -> KindInfo:
    return KIND_INFO[kind]


def severity_label(severity: str, lang: str = "ko") -> str:
    pair = SEVERITY_LABELS.get(severity, (severity, severity))
    return pair[1] if lang[:2].lower() == "en" else pair[0]


def severity_rank(severity: str) -> int:
    """0 for high … 3 for info: the sort key of a severity."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
