"""Spreadsheet rows to ledger records: gateway export rows to events, order-list rows to orders.

A gateway admin export comes in two shapes, and both are read:

* one row per transaction, with 거래상태 and a 취소금액 column: a 취소/부분취소 row
  gives the approval (승인금액) *and* a cancel (취소금액) of the same TID;
* separate 승인 and 취소 rows: a cancel row that names its original TID
  (원거래번호) is a cancel of that transaction (its own TID is the cancel's);
  a 취소 row without 원거래번호 and without a 취소금액 column is a full cancel of
  its TID (approval and cancel of that amount; the approval row elsewhere is the
  same fact, so nothing counts twice); a 부분취소 row without either is a cancel
  on its own.

A cancel derived from a transaction row carries ``_event: cancel`` in its fields
so it is not mistaken for the row's approval. Negative amounts on cancel rows
are read as positive cancels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from smartro_desk.ingest import headers as H
from smartro_desk.ingest.classify import (
    EXPORT, KeyLookup, RecordRejected, check_tid, event_kind, sign_status, tid_time,
)
from smartro_desk.ingest.sheetvalues import ValueRejected, cell_amount, cell_text, combine
from smartro_desk.ledger import EventRecord, OrderRecord
from smartro_desk.protocol import codes
from smartro_desk.protocol import fields as F
from smartro_desk.protocol.tid import decode_tid

DERIVED = "_event"
TOTALS, HEADER_AGAIN, NOT_DATA = "합계 줄", "머리글이 반복된 줄", "자료가 아닌 줄 (제목·메모)"

_PAY_METHODS: dict[str, str] = {H.normalize(code): code for code in codes.table("pay_method")}
_PAY_METHODS.update({H.normalize(c.ko): c.code for c in codes.table("pay_method").values()})
_PAY_METHODS.update({"카드": "CARD", "신용체크카드": "CARD", "체크카드": "CARD", "실시간계좌이체": "BANK",
                     "무통장입금": "VBANK", "무통장": "VBANK", "휴대폰결제": "CELLPHONE"})

# 거래상태 words, checked in this order (취소완료 is a cancel, 결제실패 a failure).
_STATE_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("부분취소", "부분환불", "partialcancel"), "partial_cancel"),
    (("취소", "환불", "cancel", "refund"), "cancel"),
    (("실패", "거절", "오류", "fail", "declin", "error"), "failure"),
    (("입금완료", "입금확인", "deposit"), "vbank_deposit"),
    (("입금대기", "미입금", "채번", "발급", "issued"), "vbank_issued"),
    (("승인", "정상", "완료", "성공", "결제", "approv", "paid", "success"), "approval"),
)


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a sheet's header is and what its columns hold."""

    header_row: int
    headers: tuple[str, ...]
    mapping: Mapping[str, str]
    kind: str  # "export" or "orders"


def _maybe_totals(text: str) -> bool:
    return len(text) <= 16 and ("계" in text or text[:1] in "TtSsGg총")


@lru_cache(maxsize=256)
def state_of(text: str) -> str | None:
    key = H.normalize(text)
    for words, state in _STATE_WORDS:
        if any(word in key for word in words):
            return state
    return None


def pay_method_of(text: str, tid: str) -> str:
    return _pay_method(text) or decode_tid(tid).method


@lru_cache(maxsize=256)
def _pay_method(text: str) -> str:
    code = _PAY_METHODS.get(H.normalize(text))
    if code is not None:
        return code
    return text.strip().upper() if text.strip().isascii() else ""


class RowReader:
    """Reads the data rows of one sheet whose layout is known.

    Per row: ``texts(cells)`` once, then ``skip_reason(texts)`` and, for a data
    row, ``order(...)`` or ``events(...)``.
    """

    def __init__(self, layout: Layout, key_for: KeyLookup, sheet: str = "") -> None:
        self.layout = layout
        self.key_for = key_for
        self.sheet = sheet  # named on every record when the workbook has several sheets
        self.keys = [layout.mapping.get(h, h) for h in layout.headers]
        self.index = {field: i for i, field in enumerate(self.keys) if field in H.SYNONYMS}
        self.header_texts = list(layout.headers)
        self.ident = self.index[F.TID if layout.kind == "export" else F.OID]
        # kept in an event's raw text but not in its fields: two downloads number the same row differently
        self.row_numbers = frozenset(k for k in self.keys if k not in H.SYNONYMS and H.is_row_number(k))

    @staticmethod
    def texts(cells: Sequence[Any]) -> list[str]:
        """Every cell as text (``cell_text``; plain strings inline, as they are most cells)."""
        return [c.strip() if type(c) is str and c[:2] != '="' else cell_text(c) for c in cells]

    def cell(self, cells: Sequence[Any], field: str) -> Any:
        i = self.index.get(field)
        return cells[i] if i is not None and i < len(cells) else None

    def text(self, texts: Sequence[str], field: str) -> str:
        i = self.index.get(field)
        return texts[i] if i is not None and i < len(texts) else ""

    def fields(self, texts: Sequence[str]) -> dict[str, str]:
        """Every cell under its field or header; cells beyond the header are kept too, never dropped."""
        out = dict(zip(self.keys, texts, strict=False))
        if len(texts) < len(self.keys):
            out.update(dict.fromkeys(self.keys[len(texts):], ""))
        for i in range(len(self.keys), len(texts)):
            if texts[i]:
                out[f"열{i + 1}"] = texts[i]
        return out

    def skip_reason(self, texts: Sequence[str]) -> str | None:
        """Why a row is not a record (blank, totals, header again, a title or note), or None."""
        ident = texts[self.ident] if self.ident < len(texts) else ""
        if ident and ident != self.header_texts[self.ident] and not _maybe_totals(ident):
            return None  # the common case, decided cheaply
        filled = [t for t in texts if t]
        if not filled:
            return "빈 줄"
        if H.is_totals_row(texts, ident):
            return TOTALS
        if sum(1 for t, h in zip(texts, self.header_texts, strict=False) if t and t == h) >= 2:
            return HEADER_AGAIN
        if not ident and not self.text(texts, F.AMT) and len(filled) <= 2:
            return NOT_DATA
        return None

    # -- dates -----------------------------------------------------------------------

    def _when(self, cells: Sequence[Any], tid: str = "") -> str | None:
        try:
            at = combine(self.cell(cells, F.AUTH_DATE), self.cell(cells, H.TRADE_TIME))
            if at is None:
                at = combine(self.cell(cells, H.TRADE_DATE), self.cell(cells, H.TRADE_TIME))
        except ValueRejected as exc:
            raise RecordRejected(f"거래일시를 알 수 없습니다: {exc}") from None
        return at or (tid_time(tid) if tid else None)

    def _cancel_when(self, cells: Sequence[Any], default: str | None) -> str | None:
        try:
            return combine(self.cell(cells, F.CANCEL_DATE), self.cell(cells, H.CANCEL_TIME)) or default
        except ValueRejected as exc:
            raise RecordRejected(f"취소일시를 알 수 없습니다: {exc}") from None

    def _amount(self, cells: Sequence[Any], field: str, label: str) -> int | None:
        try:
            return cell_amount(self.cell(cells, field), label)
        except ValueRejected as exc:
            raise RecordRejected(str(exc)) from None

    # -- records ---------------------------------------------------------------------

    def order(self, number: int, cells: Sequence[Any], texts: Sequence[str]) -> OrderRecord:
        order_id = self.text(texts, F.OID)
        if not order_id:
            raise RecordRejected("주문번호가 없습니다")
        amount = self._amount(cells, F.AMT, "주문금액")
        if amount is None:
            raise RecordRejected("주문금액이 비어 있습니다")
        return OrderRecord(
            order_id=order_id, amount=amount, mid=self.text(texts, F.MID), ordered_at=self._when(cells),
            status=self.text(texts, H.TRADE_STATE), buyer=self.text(texts, F.NAME),
            goods=self.text(texts, F.GOODS_NAME), divide_info=self.text(texts, F.DIVIDE_INFO),
            fields=self.fields(texts), source_line=number, sheet=self.sheet,
        )

    def events(self, number: int, cells: Sequence[Any], texts: Sequence[str]) -> list[EventRecord]:
        """The events of one gateway export row (see the module docstring)."""
        row = self.fields(texts)
        raw = "\t".join(row.values())
        fields = {k: v for k, v in row.items() if k not in self.row_numbers} if self.row_numbers else row
        tid = check_tid(fields.get(F.TID, ""))
        otid = fields.get(F.OTID, "") or tid
        state = self._state(fields)
        amount = self._amount(cells, F.AMT, "금액")
        has_cancel_column = F.CANCEL_AMT in self.index
        cancel_amount = self._amount(cells, F.CANCEL_AMT, "취소금액") if has_cancel_column else None
        at = self._when(cells, tid)
        if state in ("cancel", "partial_cancel"):
            cancelled = abs(cancel_amount or amount or 0)
            if not cancelled:
                raise RecordRejected("취소 금액이 비어 있습니다")
            if otid != tid or (state == "partial_cancel" and not has_cancel_column):
                return [self._record(number, fields, raw, tid, otid, "cancel", cancelled, self._cancel_when(cells, at))]
            if amount is None:
                raise RecordRejected("승인 금액이 비어 있습니다")
            approval = self._record(number, fields, raw, tid, otid, "approval", abs(amount), at)
            return [approval, self._cancel(approval, cells, cancelled, at)]
        if amount is None and state != "failure":
            raise RecordRejected("금액이 비어 있습니다")
        if amount is not None and amount < 0:
            raise RecordRejected(f"승인 금액이 음수입니다: {amount:,}")
        record = self._record(number, fields, raw, tid, otid, state, amount, at)
        if cancel_amount and otid == tid:
            return [record, self._cancel(record, cells, abs(cancel_amount), at)]
        return [record]

    def _state(self, fields: Mapping[str, str]) -> str:
        text = fields.get(H.TRADE_STATE, "")
        state_cd = fields.get(F.STATE_CD, "")
        result_code = fields.get(F.RESULT_CODE, "").upper()
        if state_cd or (result_code and not text):
            return event_kind(state_cd, result_code, fields.get(F.PAY_METHOD, ""))
        if not text:
            return "approval"
        state = state_of(text)
        if state is None:
            raise RecordRejected(f"거래상태를 알 수 없습니다: {text[:40]!r}")
        return state

    def _record(self, number: int, fields: dict[str, str], raw: str, tid: str, otid: str, kind: str,
                amount: int | None, at: str | None) -> EventRecord:
        get = fields.get
        mid = get(F.MID, "") or tid[:10]
        result_code = get(F.RESULT_CODE, "")
        return EventRecord(
            tid=tid, otid=otid, kind=kind, channel=EXPORT, fields=fields, amount=amount,  # type: ignore[arg-type]
            raw=raw, mid=mid, pay_method=pay_method_of(get(F.PAY_METHOD, ""), tid),
            order_id=get(F.OID, ""), result_code=result_code, result_msg=get(F.RESULT_MSG, ""),
            state_cd=get(F.STATE_CD, ""), occurred_at=at,
            sign_status=sign_status(tid, result_code, get(F.SIGN_VALUE, ""), self.key_for(mid)),  # type: ignore[arg-type]
            buyer=get(F.NAME, ""), goods=get(F.GOODS_NAME, ""), fn_cd=get(F.FN_CD, ""),
            fn_name=get(F.FN_NAME, ""), card_quota=get(F.CARD_QUOTA, ""), auth_code=get(F.AUTH_CODE, ""),
            vbank_num=get(F.VBANK_NUM, ""), divide_info=get(F.DIVIDE_INFO, ""), source_line=number,
            sheet=self.sheet,
        )

    def _cancel(self, base: EventRecord, cells: Sequence[Any], amount: int, at: str | None) -> EventRecord:
        fields = {**base.fields, DERIVED: "cancel"}
        return replace(
            base, kind="cancel", amount=amount, fields=fields, raw=f"{base.raw}\t{DERIVED}=cancel",
            occurred_at=self._cancel_when(cells, at), same_record=True,
        )
