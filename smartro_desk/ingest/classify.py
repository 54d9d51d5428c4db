"""What a gateway record says happened: approval, cancel, virtual account issue/deposit, failure.

Pure functions over canonical fields (``protocol.fields``); no I/O. Rules:

* ``StateCd`` (notifications, §6.4): 0 approval (a VBANK record with ResultCode
  4110 is the deposit), 1 and 2 cancel, 3 virtual account issued.
* No StateCd (ReturnURL results, §3.2): a success code (3001 card, 4000 bank,
  A000 cellphone, TS10 Toss, KP00 Kakao, 7001 cash receipt) is an approval,
  4100 an issued and 4110 a deposited virtual account, 2001/2211/TS20 a cancel,
  anything else a failure. No StateCd and no ResultCode cannot be read.
* ``otid`` is OTID when present (partial cancels), else TID; the event's tid is TID.
* A cancel answer (§5.3: no StateCd; CancelAmt, PTID, CancelDate or CancelNum), as
  the merchant's server logs the gateway's answer to its cancel request, is the
  cancel itself, as the app records its own answers (channel "cancel_api"): a
  partial one (PTID other than TID) is the fact ``PTID|cancel`` of the original
  TID, as the gateway's notification of it is, so the two count once; a full one
  is ``TID|cancel``. Its time is CancelDate + CancelTime, else the log line's,
  else the one inside its (P)TID.
* ``sign_status``: no SignValue "absent", merchant key unknown "no_key", else
  "verified" or "mismatch" (kept, flagged, left out of totals by the ledger).
* ``occurred_at`` from AuthDate; without one, from the time inside the TID,
  then from the log line's own time. An AuthDate that is not a date is rejected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Final

from smartro_desk.ledger import EventRecord, OrderRecord
from smartro_desk.protocol import fields as F
from smartro_desk.protocol.amounts import AmountError, parse_amount
from smartro_desk.protocol.hashes import verify_sign_value
from smartro_desk.protocol.records import parse_auth_date
from smartro_desk.protocol.tid import decode_tid

APPROVAL_CODES = frozenset({"3001", "4000", "A000", "TS10", "KP00", "7001"})
CANCEL_CODES = frozenset({"2001", "2211", "TS20"})
VBANK_ISSUED, VBANK_DEPOSITED = "4100", "4110"
NOTIFICATION: Final = "notification"
RESULT: Final = "result"
CANCEL_API: Final = "cancel_api"
EXPORT: Final = "export"

KeyLookup = Callable[[str], "str | None"]

# ``gateway_event`` builds EventRecord positionally, in this order. With 27 keywords the call
# exceeds CPython's stack-use guideline (30 slots, two a keyword), so it is compiled to build a
# dict and unpack it again: 2-3 µs a record, a tenth of a notification line's import (measured).
# Checked once here, so that a change to these fields fails loudly instead of misfiling values
# (fields added after them keep their defaults).
_EVENT_FIELDS: Final = (
    "tid", "otid", "kind", "channel", "fields", "raw", "mid", "pay_method", "order_id", "amount",
    "result_code", "result_msg", "state_cd", "occurred_at", "sign_status", "buyer", "goods", "fn_cd",
    "fn_name", "card_quota", "auth_code", "vbank_num", "divide_info", "source_line", "logged_at",
    "sender_ip", "occurrence",
)
if tuple(field.name for field in dataclasses.fields(EventRecord))[: len(_EVENT_FIELDS)] != _EVENT_FIELDS:
    raise ImportError("EventRecord's fields changed: update classify._EVENT_FIELDS and gateway_event")


class RecordRejected(ValueError):
    """A record that cannot be imported; the message says why, for a person."""


def event_kind(state_cd: str, result_code: str, pay_method: str) -> str:
    """The ledger event kind of a record (see the module docstring)."""
    if state_cd:
        if state_cd == "0":
            deposit = result_code == VBANK_DEPOSITED and pay_method in ("VBANK", "")
            return "vbank_deposit" if deposit else "approval"
        if state_cd in ("1", "2"):
            return "cancel"
        if state_cd == "3":
            return "vbank_issued"
        raise RecordRejected(f"승인취소구분(StateCd) 값을 알 수 없습니다: {state_cd[:20]!r}")
    if result_code in APPROVAL_CODES:
        return "approval"
    if result_code in CANCEL_CODES:
        return "cancel"
    if result_code == VBANK_ISSUED:
        return "vbank_issued"
    if result_code == VBANK_DEPOSITED:
        return "vbank_deposit"
    if not result_code:
        raise RecordRejected("결과코드(ResultCode)도 승인취소구분(StateCd)도 없어 결과를 알 수 없습니다")
    return "failure"


def check_tid(tid: str) -> str:
    if not tid:
        raise RecordRejected("거래번호(TID)가 없습니다")
    if len(tid) > 64 or not tid.isascii() or not tid.isprintable() or " " in tid:
        raise RecordRejected(f"거래번호(TID) 형식이 올바르지 않습니다: {tid[:40]!r}")
    return tid


def amount_of(text: str, kind: str, name: str = "Amt") -> int | None:
    """Won amount of a record; a cancel's amount is positive however it was written."""
    if text.isdigit() and text.isascii():
        return int(text)
    if not text.strip():
        if kind == "failure":
            return None
        raise RecordRejected(f"금액({name})이 없습니다")
    try:
        value = parse_amount(text)
    except AmountError:
        if kind == "failure":
            return None
        raise RecordRejected(f"금액({name})이 숫자가 아닙니다: {text[:40]!r}") from None
    if value < 0:
        if kind == "cancel":
            return -value
        raise RecordRejected(f"금액({name})이 음수입니다: {text[:40]!r}")
    return value


@lru_cache(maxsize=4096)
def _day(yymmdd: str) -> str:
    """'20yy-MM-dd' for a valid yyMMdd, else ''. A log's records share few days, so this is cached."""
    moment = parse_auth_date(f"{yymmdd}000000")
    return moment.strftime("%Y-%m-%d") if moment is not None else ""


def _auth_time(text: str) -> str | None:
    """Ledger time of an AuthDate. The gateway's own yyMMddHHmmss is read without building a datetime
    (this runs once per record of a million-line log); any other shape goes to ``parse_auth_date``."""
    if len(text) == 12 and text.isdigit() and text.isascii():
        day, hh, mm, ss = _day(text[:6]), text[6:8], text[8:10], text[10:12]
        if day and hh <= "23" and mm <= "59" and ss <= "59":
            return f"{day} {hh}:{mm}:{ss}"
        return None
    moment = parse_auth_date(text)
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment is not None else None


def tid_time(tid: str) -> str | None:
    """The yyMMddHHmmss stamp inside a TID (SPEC.md), as ledger time, if it is one."""
    moment = decode_tid(tid).timestamp
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment is not None else None


def occurred_at(auth_date: str, tid: str, logged_at: str | None) -> str | None:
    if auth_date:
        at = _auth_time(auth_date.strip())
        if at is None:
            raise RecordRejected(f"승인일시(AuthDate)를 날짜로 읽을 수 없습니다: {auth_date[:40]!r}")
        return at
    return tid_time(tid) or logged_at


def cancel_time(date: str, time: str) -> str | None:
    """Ledger time of a cancel answer's CancelDate (YYYYMMDD) and CancelTime (HHMMSS); None without a date."""
    date, time = date.strip(), time.strip() or "000000"
    if not date:
        return None
    if time.isdigit():
        time = time.zfill(6)  # a lost leading zero
    moment = parse_auth_date(date + time) or parse_auth_date(f"{date} {time}")
    if moment is None:
        raise RecordRejected(f"취소일시(CancelDate, CancelTime)를 날짜로 읽을 수 없습니다: {f'{date} {time}'[:40]!r}")
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def sign_status(tid: str, result_code: str, signature: str, key: str | None) -> str:
    if not signature:
        return "absent"
    if key is None:
        return "no_key"
    return "verified" if verify_sign_value(tid, result_code, key, signature) else "mismatch"


def gateway_event(
    fields: Mapping[str, str], *, hint: str, key_for: KeyLookup, line: int | None, raw: str,
    logged_at: str | None = None, sender_ip: str = "", occurrence: int = 1,
) -> EventRecord:
    """The ledger event of one result, notification or cancel answer (``hint``: "notification", "result" or "")."""
    get = fields.get
    tid = check_tid(get(F.TID, "").strip())
    state_cd = get(F.STATE_CD, "").strip()
    code_sent = get(F.RESULT_CODE, "").strip()  # signed as sent
    result_code = code_sent.upper()
    pay_method = get(F.PAY_METHOD, "").strip().upper() or decode_tid(tid).method
    kind = event_kind(state_cd, result_code, pay_method)
    cancel_amt = get(F.CANCEL_AMT, "") if kind == "cancel" else ""
    amount = amount_of(cancel_amt, kind, F.CANCEL_AMT) if cancel_amt else amount_of(get(F.AMT, ""), kind)
    mid = get(F.MID, "").strip() or tid[:10]
    signed = sign_status(tid, code_sent, get(F.SIGN_VALUE, ""), key_for(mid))
    if state_cd or not is_cancel_answer(fields):
        event_tid, otid = tid, get(F.OTID, "").strip() or tid
        channel = NOTIFICATION if state_cd or hint == NOTIFICATION else RESULT
        occurred = occurred_at(get(F.AUTH_DATE, ""), tid, logged_at)
    else:  # a cancel answer: TID is the original, PTID the partial cancel's own
        ptid = get(F.PTID, "").strip()
        event_tid, otid, channel = check_tid(ptid) if ptid and kind == "cancel" else tid, tid, CANCEL_API
        occurred = cancel_time(get(F.CANCEL_DATE, ""), get(F.CANCEL_TIME, "")) or logged_at or tid_time(event_tid)
    return EventRecord(  # positional, in _EVENT_FIELDS order
        event_tid, otid, kind, channel, fields, raw, mid, pay_method, get(F.OID, ""), amount,  # type: ignore[arg-type]
        result_code, get(F.RESULT_MSG, ""), state_cd, occurred, signed,  # type: ignore[arg-type]
        get(F.NAME, ""), get(F.GOODS_NAME, ""), get(F.FN_CD, "") or get(F.BANK_CODE, ""),
        get(F.FN_NAME, "") or get(F.BANK_NAME, ""), get(F.CARD_QUOTA, ""), get(F.AUTH_CODE, ""),
        get(F.VBANK_NUM, ""), get(F.DIVIDE_INFO, ""), line, logged_at, sender_ip, occurrence,
    )


def is_cancel_answer(fields: Mapping[str, str]) -> bool:
    """Holds fields of the gateway's answer to a cancel request (§5.3) that no payment result has.
    (A record with a StateCd is a notification whatever else it holds: ``gateway_event`` asks first.)"""
    return F.CANCEL_AMT in fields or F.PTID in fields or F.CANCEL_DATE in fields or F.CANCEL_NUM in fields


def is_payment_request(fields: Mapping[str, str]) -> bool:
    """A logged payment request (the merchant's own form, EncryptData-signed, before any TID)."""
    return F.ENCRYPT_DATA in fields and not fields.get(F.TID, "").strip()


def request_order(fields: Mapping[str, str], *, line: int | None, logged_at: str | None = None) -> OrderRecord:
    """The requested order (Moid and Amt) of a logged payment request; every field is kept,
    EncryptData and ediDate included, so reconciliation can check the Amt the hash binds."""
    get = fields.get
    order_id = get(F.OID, "").strip()
    if not order_id:
        raise RecordRejected("결제 요청 기록에 주문번호(Moid)가 없습니다")
    amount = amount_of(get(F.AMT, ""), "approval")
    edi = parse_auth_date(get(F.EDI_DATE, ""))
    return OrderRecord(
        order_id=order_id, amount=amount, mid=get(F.MID, "").strip(),
        ordered_at=edi.strftime("%Y-%m-%d %H:%M:%S") if edi is not None else logged_at,
        buyer=get(F.NAME, ""), goods=get(F.GOODS_NAME, ""), divide_info=get(F.DIVIDE_INFO, ""),
        fields=dict(fields), source_line=line,
    )


def key_cache(lookup: KeyLookup | None) -> KeyLookup:
    """``lookup`` (e.g. ``Secrets.merchant_key``) asked once per MID."""
    cache: dict[str, str | None] = {}

    def key_for(mid: str) -> str | None:
        try:
            return cache[mid]
        except KeyError:
            key = cache[mid] = lookup(mid) if lookup is not None else None
            return key

    return key_for
