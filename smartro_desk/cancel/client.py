"""Send one cancel request (§5 URLCall) and say plainly what happened.

The client never retries: a partial cancel is not idempotent (SPEC.md), so a
lost answer must be settled by a person (the admin site or a notification)
before anything is sent again. Outcomes:

- ``cancelled``: 2001, or 2211 for a bank transfer refund;
- ``already_cancelled``: 2013 (the manual allows treating it as success);
- ``refused``: any other ResultCode — nothing was cancelled;
- ``unknown``: the request left but no trustworthy answer came back (timeout,
  dropped connection, HTTP 5xx, an answer without ResultCode, an answer for
  another TID) — the cancel may or may not have happened;
- ``not_sent``: the request never reached the gateway (connection refused,
  connect/pool timeout, TLS handshake failure) — safe to try again later.

Logs name the endpoint, TID, amount and code; never Cancelpw, hashData or keys.
Messages and advice are Korean (what the ledger records) with their English beside
them; the errors this client words are (Korean, English) templates of ``wording``,
whose ``error_text`` reads a recorded one in English.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

import httpx

from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.cancel.wording import HTTP_ERROR, NO_RESULT_CODE, OTHER_TID, error_text
from smartro_desk.protocol import fields as F
from smartro_desk.protocol.codes import lookup, result
from smartro_desk.protocol.formcodec import decode_response, encode_form
from smartro_desk.protocol.records import CancelRequest, CancelResponse, RecordError

log = logging.getLogger("smartro_desk.cancel")

Status = Literal["cancelled", "already_cancelled", "refused", "unknown", "not_sent"]

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=10.0, pool=5.0)
CONTENT_TYPE = "application/x-www-form-urlencoded; charset=euc-kr"
SUCCESS_CODES = frozenset({"2001", "2211"})
ALREADY_CANCELLED = "2013"

# Failures where nothing can have reached the gateway.
_NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)

ADVICE_CANCELLED = "취소가 완료되었습니다. 원장에 반영되었는지 확인하세요."
ADVICE_CANCELLED_EN = "The cancel went through. Check that the ledger shows it."
ADVICE_ALREADY = (
    "이미 취소된 거래입니다. 매뉴얼에 따라 취소 완료로 처리해도 되며, "
    "상점관리자 사이트에서 취소 내역과 금액을 확인하세요."
)
ADVICE_ALREADY_EN = (
    "The transaction was already cancelled. The manual allows treating it as cancelled; "
    "check the cancel history and amount on the merchant admin site."
)
ADVICE_REFUSED = "취소되지 않았습니다. 메시지를 확인해 원인을 고친 뒤 다시 요청하세요."
ADVICE_REFUSED_EN = "Nothing was cancelled. Read the message, fix the cause, then ask again."
ADVICE_UNKNOWN = (
    "결과 확인 필요: 취소가 되었는지 알 수 없습니다. 다시 보내기 전에 상점관리자 사이트"
    "(https://www.smilepay.co.kr)의 결제내역에서 이 TID의 취소 여부를 먼저 확인하세요. "
    "부분취소를 다시 보내면 두 번 환불될 수 있습니다."
)
ADVICE_UNKNOWN_EN = (
    "Outcome unknown: whether it was cancelled is not known. Before sending again, check in the payment history "
    "of the merchant admin site (https://www.smilepay.co.kr) whether this TID was cancelled. "
    "A partial cancel sent again may refund twice."
)
ADVICE_NOT_SENT = (
    "요청이 게이트웨이에 도달하지 않았습니다(취소되지 않음). 인터넷 연결과 서버 주소를 "
    "확인한 뒤 잠시 후 다시 시도하세요."
)
ADVICE_NOT_SENT_EN = (
    "The request did not reach the gateway (nothing was cancelled). Check the internet connection and the "
    "server address, then try again in a moment."
)


@dataclass(frozen=True)
class CancelOutcome:
    """What became of one cancel request."""

    status: Status
    code: str = ""  # ResultCode, "" when none was received
    message: str = ""  # the manual's text for the code (plus the gateway's words if different)
    advice_ko: str = ""
    response: CancelResponse | None = None
    http_status: int | None = None
    error: str = ""  # the technical cause, for unknown / not_sent (``error_text`` gives its English)
    message_en: str = ""  # the code table's English name; the gateway's words for a code it lacks
    advice_en: str = ""

    @property
    def sent(self) -> bool:
        """False only when the request certainly never reached the gateway."""
        return self.status != "not_sent"

    @property
    def succeeded(self) -> bool:
        return self.status in ("cancelled", "already_cancelled")


class CancelClient:
    """One endpoint, one ``httpx.Client``; ``send`` posts one cancel and never retries."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.endpoint = endpoint
        self._http = httpx.Client(
            verify=True, timeout=timeout, follow_redirects=False, transport=transport
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CancelClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def send(self, request: CancelRequest) -> CancelOutcome:
        """POST the request (EUC-KR form) and classify the answer."""
        fields = request.to_fields()
        tid, amount = fields.get(F.TID, ""), fields.get(F.CANCEL_AMT, "")
        partial = fields.get(F.PARTIAL_CANCEL_CODE, "")
        log.info(
            "cancel request endpoint=%s url=%s TID=%s CancelAmt=%s PartialCancelCode=%s",
            self.endpoint.kind, self.endpoint.cancel_url, tid, amount, partial,
        )
        try:
            body = encode_form(fields, "euc-kr")
        except ValueError as exc:  # a character EUC-KR (CP949) cannot carry, e.g. in CancelMSG
            log.warning("cancel not sent TID=%s: unencodable field", tid)
            return CancelOutcome(
                "not_sent", advice_ko=f"{exc}. 그 글자를 빼거나 바꾼 뒤 다시 요청하세요.", error=str(exc),
                advice_en=f"{error_text(str(exc), 'en')}. Remove or replace that character, then ask again.",
            )
        try:
            reply = self._http.post(
                self.endpoint.cancel_url,
                content=body,
                headers={"Content-Type": CONTENT_TYPE},
            )
        except _NOT_SENT_ERRORS as exc:
            log.warning("cancel not sent TID=%s: %s", tid, type(exc).__name__)
            return CancelOutcome("not_sent", advice_ko=ADVICE_NOT_SENT, error=_describe(exc),
                                 advice_en=ADVICE_NOT_SENT_EN)
        except httpx.HTTPError as exc:
            log.warning("cancel result unknown TID=%s: %s", tid, type(exc).__name__)
            return CancelOutcome("unknown", advice_ko=ADVICE_UNKNOWN, error=_describe(exc),
                                 advice_en=ADVICE_UNKNOWN_EN)
        outcome = _classify(reply, tid)
        log.info(
            "cancel answer TID=%s CancelAmt=%s HTTP=%s code=%s status=%s",
            tid, amount, reply.status_code, outcome.code or "-", outcome.status,
        )
        return outcome


def _classify(reply: httpx.Response, tid: str) -> CancelOutcome:
    """The outcome of an HTTP answer to a cancel request for ``tid``."""
    status = reply.status_code
    if status >= 500:
        return CancelOutcome(
            "unknown", advice_ko=ADVICE_UNKNOWN, http_status=status, error=HTTP_ERROR[0].format(status=status),
            advice_en=ADVICE_UNKNOWN_EN,
        )
    decoded = decode_response(reply.content)
    code = decoded.fields.get(F.RESULT_CODE, "").strip()
    if not code:
        snippet = reply.content[:80].decode("cp949", "replace").strip()
        return CancelOutcome(
            "unknown", advice_ko=ADVICE_UNKNOWN, http_status=status,
            error=NO_RESULT_CODE[0].format(status=status, snippet=repr(snippet)), advice_en=ADVICE_UNKNOWN_EN,
        )
    try:
        response: CancelResponse | None = CancelResponse.from_fields(decoded.fields)
    except RecordError:  # e.g. an unreadable CancelAmt: the ResultCode still decides
        response = None
    answered_tid = decoded.fields.get(F.TID, "").strip()
    if answered_tid and answered_tid != tid:
        return CancelOutcome(
            "unknown", code, advice_ko=ADVICE_UNKNOWN, response=response, http_status=status,
            error=OTHER_TID[0].format(answered=answered_tid, tid=tid), advice_en=ADVICE_UNKNOWN_EN,
        )
    pay_method = decoded.fields.get(F.PAY_METHOD, "").strip()
    known = result(code, pay_method)
    gateway_msg = decoded.fields.get(F.RESULT_MSG, "").strip()
    if not known.known:
        message = gateway_msg or f"알 수 없는 결과코드 {code}"
    elif not gateway_msg or known.ko in gateway_msg:
        message = gateway_msg or known.ko
    else:
        message = f"{known.ko} ({gateway_msg})"
    message_en = known.en if known.known else gateway_msg or f"Unknown result code {code}"
    if code in SUCCESS_CODES:
        kind: Status = "cancelled"
        advice, advice_en = ADVICE_CANCELLED, ADVICE_CANCELLED_EN
    elif code == ALREADY_CANCELLED:
        kind, advice, advice_en = "already_cancelled", ADVICE_ALREADY, ADVICE_ALREADY_EN
    else:  # a virtual account is refunded by hand, whatever the code
        hint = lookup("pay_method", "VBANK") if pay_method == "VBANK" else known
        kind, advice, advice_en = "refused", hint.hint_ko or ADVICE_REFUSED, hint.hint_en or ADVICE_REFUSED_EN
    return CancelOutcome(kind, code, message, advice, response, status, message_en=message_en, advice_en=advice_en)


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
