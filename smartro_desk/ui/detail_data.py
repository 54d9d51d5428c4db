"""Everything the detail dialog shows about one transaction, gathered without Qt.

``load_detail`` reads the transaction, its events (each with every arrival,
duplicates included), the decoded TID, the DivideInfo split, what is left to
cancel and until when. The dialog only lays this out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from smartro_desk import labels
from smartro_desk.columns import TRANSACTION_COLUMNS
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.queries import TransactionQueries
from smartro_desk.protocol import codes
from smartro_desk.protocol import fields as F
from smartro_desk.protocol.divide import DivideInfoError, SubMallShare, decode_divide_info
from smartro_desk.protocol.tid import TidParts, decode_tid

if TYPE_CHECKING:  # the cancel package loads the HTTP client: imported when a detail is first opened
    from smartro_desk.cancel.rules import Deadline

SALES_SLIP_URL = "https://www.smilepay.co.kr/issue/IssueLoader.jsp?TID={tid}&type=0"
CANCELLABLE_STATES = ("approved", "partially_cancelled")


def sales_slip_url(tid: str) -> str:
    """The gateway's sales slip (매출전표) page for a TID."""
    return SALES_SLIP_URL.format(tid=quote(tid, safe=""))


@dataclass(frozen=True, slots=True)
class Arrival:
    """One time a record reached the merchant (a retried notification arrives several times)."""

    source_file: str
    line: int | None
    logged_at: str | None
    sender_ip: str


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    tid: str  # the record's own TID: the PTID of a partial cancel
    kind: str
    channel: str
    occurred_at: str
    amount: int | None
    result_code: str
    result_text: str
    state_cd: str
    sign_status: str
    source_file: str
    source_line: int | None
    fields: dict[str, str]  # secrets masked
    raw: str
    arrivals: tuple[Arrival, ...]

    @property
    def ptid(self) -> str:
        return self.tid if self.kind == "cancel" else ""

    @property
    def duplicates(self) -> int:
        return max(0, len(self.arrivals) - 1)


@dataclass(frozen=True, slots=True)
class TransactionDetail:
    tid: str
    row: dict[str, Any]
    tid_parts: TidParts
    events: tuple[EventView, ...]
    shares: tuple[SubMallShare, ...] = ()
    shares_error: str = ""
    sub_mall_left: dict[str, int] = field(default_factory=dict)
    cancellable: int = 0
    cancel_block: str = ""  # why nothing can (or should) be cancelled now: a key of CANCEL_BLOCKS; "" if something can
    deadline: Deadline | None = None

    @property
    def sales_slip_url(self) -> str:
        return sales_slip_url(self.tid)

    @property
    def arrivals(self) -> int:
        return sum(len(e.arrivals) for e in self.events)


def decode_field(name: str, value: str, pay_method: str, lang: str = "ko") -> str:
    """What a code field means, for the field list ("" when there is nothing to add)."""
    if not value:
        return ""
    if name == F.PAY_METHOD:
        found = codes.lookup("pay_method", value)
    elif name == F.FN_CD:
        found = codes.lookup("card" if pay_method == "CARD" else "bank", value)
    elif name in (F.ACQU_CARD_CODE,):
        found = codes.lookup("card", value)
    elif name == F.BANK_CODE:
        found = codes.lookup("bank", value)
    elif name == F.RESULT_CODE:
        found = codes.result(value, pay_method or None)
    elif name == F.STATE_CD:
        found = codes.lookup("state_cd", value)
    elif name == F.CARD_QUOTA:
        found = codes.card_quota(value)
    elif name == F.RECEIPT_TYPE:
        found = codes.lookup("receipt_type", value)
    elif name == F.DIVIDE_INFO:
        try:
            shares = decode_divide_info(value)
        except DivideInfoError as exc:
            return str(exc)
        return ", ".join(f"{s.mid} {s.amt:,}" for s in shares)
    else:
        return ""
    return found.label(lang) if found.known else ""


def _event(item: dict[str, Any], ledger: Ledger, lang: str) -> EventView:
    code = item.get("result_code") or ""
    found = codes.result(code, item.get("pay_method") or None) if code else None
    result_text = (found.label(lang) if found and found.known else item.get("result_msg") or "") if code else ""
    arrivals = tuple(Arrival(*r) for r in ledger.receipts(item["id"]))
    return EventView(
        id=item["id"], tid=item["tid"], kind=item["kind"], channel=item["channel"],
        occurred_at=item.get("occurred_at") or "", amount=item.get("amount"), result_code=code,
        result_text=result_text, state_cd=item.get("state_cd") or "", sign_status=item.get("sign_status") or "",
        source_file=item.get("source_file") or "", source_line=item.get("source_line"),
        fields=F.mask_secrets(item.get("fields") or {}), raw=item.get("raw") or "", arrivals=arrivals,
    )


def load_detail(ledger: Ledger, tid: str, *, lang: str = "ko", today: date | None = None) -> TransactionDetail | None:
    """The detail of ``tid`` as the ledger knows it now, or None if it is not in the ledger."""
    from smartro_desk.cancel.rules import approved_day, deadline_of, method_of, sub_mall_left
    from smartro_desk.ledger.cancels import read_target

    target = read_target(ledger, tid)
    if target is None:
        return None
    row = TransactionQueries(ledger.db).row(tid) or {}
    events = tuple(_event(item, ledger, lang) for item in ledger.event_rows(tid))
    shares: tuple[SubMallShare, ...] = ()
    shares_error = ""
    if target.divide_info:
        try:
            shares = decode_divide_info(target.divide_info)
        except DivideInfoError as exc:
            shares_error = str(exc)
    deadline = deadline_of(method_of(target), approved_day(target), today or date.today())
    block, hard = "", True
    if target.cancel_hold:
        block = "held"
    elif target.state not in CANCELLABLE_STATES:
        block = "state"
    elif deadline.passed:
        block = "deadline"
    elif target.flagged:
        block, hard = "flagged", False
    return TransactionDetail(
        tid=tid, row=row, tid_parts=decode_tid(tid), events=events, shares=shares, shares_error=shares_error,
        sub_mall_left=sub_mall_left(target) if shares else {},
        cancellable=0 if block and hard else int(target.remaining or 0),
        cancel_block=block, deadline=deadline,
    )


def summary_rows(detail: TransactionDetail, lang: str = "ko") -> list[tuple[str, str, str]]:
    """(label, decoded value, raw value) for every column of the transaction."""
    out = []
    for column in TRANSACTION_COLUMNS:
        raw = "" if column.tooltip is None else str(detail.row.get(column.sql) or "")
        out.append((column.header(lang), column.display(detail.row, lang), raw))
    return out


def event_kind_label(kind: str, lang: str) -> str:
    return labels.pick(labels.EVENT_KIND.get(kind, (kind, kind)), lang)


def channel_label(channel: str, lang: str) -> str:
    return labels.pick(labels.CHANNEL.get(channel, (channel, channel)), lang)


def sign_label(status: str, lang: str) -> str:
    return labels.pick(labels.SIGN_STATUS.get(status, (status, status)), lang)
