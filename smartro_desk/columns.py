"""The transaction table's columns, declared once.

Read by the Qt table model, the header layout save/restore and the Excel
exporter alike, so the three cannot drift. ``sql`` is the sort key (raw value);
``display`` turns a row into the text a person reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from smartro_desk import labels
from smartro_desk.protocol import codes

Kind = Literal["text", "money", "datetime", "code"]
Row = Mapping[str, Any]

# Columns of ``transactions`` every row carries (display needs more than the sort key).
ROW_FIELDS: tuple[str, ...] = (
    "tid", "mid", "pay_method", "order_id", "approved_at", "amount", "cancelled", "remaining", "state",
    "fn_cd", "fn_name", "card_quota", "auth_code", "buyer", "goods", "result_code", "result_msg",
    "sign_status", "channels", "event_count", "flagged", "cancel_hold",
)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    ko: str
    en: str
    kind: Kind
    width: int  # characters
    sql: str  # sort expression over ``transactions``
    display: Callable[[Row, str], str]
    tooltip: Callable[[Row, str], str] | None = None

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko


def _text(field: str) -> Callable[[Row, str], str]:
    return lambda row, lang: str(row.get(field) or "")


def _money(field: str) -> Callable[[Row, str], str]:
    return lambda row, lang: "" if row.get(field) is None else f"{row[field]:,}"


def _method(row: Row, lang: str) -> str:
    return codes.lookup("pay_method", row.get("pay_method") or "").label(lang) if row.get("pay_method") else ""


def _state(row: Row, lang: str) -> str:
    return labels.state_label(row["state"], flagged=bool(row.get("flagged")), hold=bool(row.get("cancel_hold")), lang=lang)


def _issuer(row: Row, lang: str) -> str:
    """Card company for cards, bank for transfers and virtual accounts."""
    code = row.get("fn_cd") or ""
    if not code:
        return str(row.get("fn_name") or "")
    kind = "card" if row.get("pay_method") == "CARD" else "bank"
    found = codes.lookup(kind, code)
    return found.label(lang) if found.known else str(row.get("fn_name") or found.label(lang))


def _quota(row: Row, lang: str) -> str:
    if row.get("pay_method") != "CARD" or not row.get("card_quota"):
        return ""
    return codes.card_quota(row["card_quota"]).label(lang)


def _result(row: Row, lang: str) -> str:
    code = row.get("result_code") or ""
    if not code:
        return ""
    found = codes.result(code, row.get("pay_method"))
    return f"{code} {found.label(lang) if found.known else row.get('result_msg') or found.label(lang)}"


def _sign(row: Row, lang: str) -> str:
    return labels.pick(labels.SIGN_STATUS.get(row.get("sign_status") or "absent", ("", "")), lang)


def _sources(row: Row, lang: str) -> str:
    return labels.channels_label(row.get("channels") or "", lang)


def _raw_code(field: str, kind: str) -> Callable[[Row, str], str]:
    return lambda row, lang: f"{kind}: {row.get(field) or '-'}"


TRANSACTION_COLUMNS: tuple[Column, ...] = (
    Column("approved_at", "승인일시", "Approved at", "datetime", 19, "approved_at", _text("approved_at")),
    Column("tid", "TID", "TID", "text", 32, "tid", _text("tid")),
    Column("order_id", "주문번호", "Order ID", "text", 20, "order_id", _text("order_id")),
    Column("mid", "MID", "MID", "text", 12, "mid", _text("mid")),
    Column("pay_method", "결제수단", "Method", "code", 10, "pay_method", _method, _raw_code("pay_method", "PayMethod")),
    Column("state", "상태", "State", "code", 12, "state", _state, _raw_code("state", "state")),
    Column("issuer", "카드사/은행", "Card/Bank", "code", 12, "fn_cd", _issuer, _raw_code("fn_cd", "FnCd")),
    Column("card_quota", "할부", "Installments", "code", 8, "card_quota", _quota, _raw_code("card_quota", "CardQuota")),
    Column("amount", "승인금액", "Approved", "money", 12, "amount", _money("amount")),
    Column("cancelled", "취소금액", "Cancelled", "money", 12, "cancelled", _money("cancelled")),
    Column("remaining", "잔액", "Remaining", "money", 12, "remaining", _money("remaining")),
    Column("buyer", "구매자", "Buyer", "text", 10, "buyer", _text("buyer")),
    Column("goods", "상품명", "Goods", "text", 20, "goods", _text("goods")),
    Column("result", "결과", "Result", "code", 24, "result_code", _result, _raw_code("result_code", "ResultCode")),
    Column("sign_status", "검증", "Signature", "code", 10, "sign_status", _sign, _raw_code("sign_status", "SignValue")),
    Column("sources", "출처", "Sources", "text", 14, "channels", _sources),
)

COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in TRANSACTION_COLUMNS}
