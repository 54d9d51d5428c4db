"""Spreadsheet headers: Korean and English synonyms, the header row, the kind of sheet.

A column mapping is ``{header text: field}``. Fields are the protocol's canonical
names (``TID``, ``OID``, ``Amt``...) plus four that only sheets have: ``TradeDate``
(date only), ``TradeTime`` (time only), ``TradeState`` (거래상태 text) and
``CancelDate`` (취소일자/취소일시). ``AuthDate`` is a column holding date and time.
Columns without a field are kept under their header text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence

from smartro_desk.protocol import fields as F

TRADE_DATE, TRADE_TIME, TRADE_STATE = "TradeDate", "TradeTime", "TradeState"
CANCEL_TIME = F.CANCEL_TIME

# field -> synonyms, most specific first; compared after ``normalize``.
SYNONYMS: dict[str, tuple[str, ...]] = {
    F.TID: ("거래번호", "tid", "거래id", "거래아이디", "pg거래번호", "승인거래번호", "거래고유번호", "transactionid"),
    F.OTID: ("원거래번호", "원거래tid", "원tid", "otid", "원거래id", "원승인거래번호", "originaltid"),
    F.PTID: ("취소거래번호", "부분취소거래번호", "ptid", "취소tid"),
    F.OID: ("주문번호", "oid", "moid", "orderid", "주문id", "주문아이디", "가맹점주문번호", "상점주문번호",
            "ordernumber", "orderno", "ordno"),
    F.MID: ("mid", "상점id", "상점아이디", "가맹점id", "가맹점아이디", "merchantid"),
    F.AMT: ("승인금액", "결제금액", "거래금액", "amt", "amount", "주문금액", "요청금액", "결제요청금액",
            "판매금액", "총결제금액", "금액"),
    F.CANCEL_AMT: ("취소금액", "부분취소금액", "누적취소금액", "환불금액", "취소액", "cancelamt", "cancelamount"),
    F.AUTH_DATE: ("승인일시", "거래일시", "결제일시", "주문일시", "승인일자시간", "authdate", "datetime", "일시"),
    TRADE_DATE: ("거래일자", "승인일자", "결제일자", "주문일자", "거래일", "승인일", "결제일", "주문일", "일자",
                 "날짜", "date", "tradedate"),
    TRADE_TIME: ("거래시간", "승인시간", "결제시간", "주문시간", "거래시각", "승인시각", "시간", "time"),
    F.CANCEL_DATE: ("취소일시", "취소일자", "취소일", "환불일자", "canceldate"),
    CANCEL_TIME: ("취소시간", "취소시각", "canceltime"),
    TRADE_STATE: ("거래상태", "결제상태", "승인상태", "주문상태", "처리상태", "거래구분", "승인구분", "상태", "구분",
                  "status", "state"),
    F.STATE_CD: ("statecd", "승인취소구분코드"),
    F.PAY_METHOD: ("결제수단", "지불수단", "결제방법", "결제방식", "paymethod"),
    F.FN_NAME: ("카드사", "카드사명", "발급사", "발급사명", "결제카드사", "카드종류", "fnname", "은행", "은행명"),
    F.FN_CD: ("카드사코드", "발급사코드", "fncd", "은행코드"),
    F.CARD_QUOTA: ("할부", "할부개월", "할부개월수", "할부기간", "cardquota"),
    F.AUTH_CODE: ("승인번호", "authcode"),
    F.NAME: ("구매자명", "구매자", "주문자명", "주문자", "결제자명", "결제자", "고객명", "buyername", "name"),
    F.GOODS_NAME: ("상품명", "상품", "품명", "주문상품", "goodsname"),
    F.RESULT_CODE: ("결과코드", "응답코드", "resultcode"),
    F.RESULT_MSG: ("결과메시지", "응답메시지", "resultmsg"),
    F.VBANK_NUM: ("가상계좌번호", "가상계좌", "vbanknum"),
    F.MALL_USER_ID: ("회원id", "회원아이디", "고객id", "malluserid"),
    F.BUYER_EMAIL: ("이메일", "구매자이메일", "email", "buyeremail"),
    F.BUYER_TEL: ("전화번호", "연락처", "휴대폰번호", "구매자연락처", "buyertel"),
    F.DIVIDE_INFO: ("divideinfo", "서브몰정보"),
    F.SIGN_VALUE: ("signvalue",),
}
SHEET_FIELDS: tuple[str, ...] = tuple(SYNONYMS)

# The first field to claim a synonym keeps it.
_BY_SYNONYM: dict[str, str] = {
    name: field for field, names in reversed(SYNONYMS.items()) for name in names
}

# A totals label, normalised: a word, maybe with a count ("합계: 5건", "총 5건", "Total 5").
_TOTALS_LABEL = re.compile(r"(?:합계|소계|총계|총합계|누계|계|총|total|subtotal|grandtotal|sum)(?:건수)?\d*(?:건|개)?")

# A row-number column ("No", "번호", "순번"): where a row stands in one download, not what it records.
_ROW_NUMBER_HEADERS = frozenset({"no", "번호", "순번", "연번", "행번호"})

_PARENS = re.compile(r"\(.*?\)|\[.*?\]")
_PUNCT = re.compile(r"[\s()\[\]{}<>·.,:;_\-/\\*#'\"~|]+")
HEADER_SCAN = 30  # rows searched for the header


def normalize(text: object) -> str:
    """Header text compared loosely: NFKC, lower case, no brackets' content, no spaces or punctuation."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    stripped = _PARENS.sub("", value)
    return _PUNCT.sub("", stripped or value)


_LOOSE_AMOUNT = re.compile(r"(승인|결제|거래|주문|취소|환불).*(금액|액)$")


def field_of(header: str) -> str | None:
    """The field a header names: by synonym, else "…승인…금액" → Amt and "…취소…금액" → CancelAmt."""
    key = normalize(header)
    hit = _BY_SYNONYM.get(key)
    if hit is not None or not key:
        return hit
    if _LOOSE_AMOUNT.search(key):
        return F.CANCEL_AMT if ("취소" in key or "환불" in key) else F.AMT
    return None


def is_row_number(header: str) -> bool:
    return normalize(header) in _ROW_NUMBER_HEADERS


def unique_headers(cells: Sequence[object]) -> list[str]:
    """Header texts, trailing blanks dropped, blanks named by column, repeats numbered."""
    texts = [str(c).strip() if c is not None else "" for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    out: list[str] = []
    seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        name = text or f"열{index + 1}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        out.append(name if count == 1 else f"{name} ({count})")
    return out


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """``{header: field}`` for the headers recognised; each field taken by its best header."""
    best: dict[str, tuple[int, str]] = {}
    for header in headers:
        field = field_of(header)
        if field is None:
            continue
        rank = _rank(field, header)
        if field not in best or rank < best[field][0]:
            best[field] = (rank, header)
    return {header: field for field, (_, header) in best.items()}


def _rank(field: str, header: str) -> int:
    names = SYNONYMS[field]
    key = normalize(header)
    return names.index(key) if key in names else len(names)


_GATEWAY_ONLY = frozenset({F.AUTH_CODE, F.FN_NAME, F.FN_CD, F.CARD_QUOTA, F.CANCEL_AMT, F.OTID, F.RESULT_CODE})
# Headers of the shop's own side: the gateway knows neither when an order was placed nor where it stands.
_ORDER_WORDS = frozenset({"주문금액", "주문일시", "주문일자", "주문시간", "주문상태", "요청금액", "주문자", "주문자명"})


def guess_kind(mapping: Mapping[str, str]) -> str | None:
    """"export" (a gateway list: TID), "orders" (order id and amount) or None.

    A merchant's order list that also stores the TID (and the card's 승인번호) still
    reads as orders when it speaks of the order: two of 주문일시/주문상태/주문금액/
    주문자..., or one and none of the gateway's own columns.
    """
    fields = set(mapping.values())
    orders = F.OID in fields and F.AMT in fields
    if F.TID in fields:
        order_words = sum(1 for h in mapping if normalize(h) in _ORDER_WORDS)
        shop_side = order_words >= 2 or (order_words == 1 and not fields & _GATEWAY_ONLY)
        return "orders" if orders and shop_side else "export"
    return "orders" if orders else None


def missing_fields(mapping: Mapping[str, str], kind: str) -> list[str]:
    """Fields a sheet of ``kind`` ("export" or "orders") cannot do without."""
    fields = set(mapping.values())
    need = (F.TID,) if kind == "export" else (F.OID, F.AMT)
    return [f for f in need if f not in fields]


def signature(headers: Sequence[str]) -> str:
    """A layout's identity for saved profiles: its normalised header texts, in order."""
    keys = [normalize(h) for h in headers]
    while keys and not keys[-1]:
        keys.pop()
    return hashlib.sha1("\x1f".join(keys).encode("utf-8")).hexdigest()


def header_candidates(rows: Sequence[Sequence[object]]) -> list[tuple[int, list[str]]]:
    """For each of the first rows, ``(index, headers)`` with merged group titles above folded in.

    A column left blank under a vertically merged title takes the title directly
    above; a sub-header that names no field alone ("취소" under a merged "금액")
    is read as "금액 취소"; under a group title merged over several columns of a
    row of titles ("승인" over "일자 / 시간 / 금액"), a sub-header the two name
    together is read so ("승인 일자", "승인 금액").
    """
    out = []
    for index, row in enumerate(rows[:HEADER_SCAN]):
        above = [_cell_text(c) for c in rows[index - 1]] if index else []
        groups = _carried(above)
        names: list[str] = []
        for col, cell in enumerate(row):
            text = _cell_text(cell)
            group, merged = groups[col] if col < len(groups) else ("", False)
            if not text:
                names.append(above[col] if col < len(above) else "")
            elif group and field_of(text) is None and field_of(group) is not None:
                names.append(next(
                    (name for name in (f"{text} {group}", f"{group} {text}") if field_of(name)), text
                ))
            elif merged and field_of(group) is None and normalize(f"{group}{text}") in _BY_SYNONYM:
                names.append(f"{group} {text}")
            else:
                names.append(text)
        out.append((index, unique_headers(names)))
    return out


def _cell_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _carried(texts: Sequence[str]) -> list[tuple[str, bool]]:
    """A title row with each title carried right over the blank cells a merge leaves, and whether it is
    a group title: one of several titles, merged over more than one column."""
    starts = [col for col, text in enumerate(texts) if text]
    out: list[tuple[str, bool]] = [("", False)] * (starts[0] if starts else len(texts))
    for start, end in zip(starts, [*starts[1:], len(texts)]):
        out.extend([(texts[start], len(starts) > 1 and end - start > 1)] * (end - start))
    return out


def find_header(
    rows: Sequence[Sequence[object]], kind: str | None = None,
) -> tuple[int, list[str], dict[str, str]] | None:
    """The most convincing header row among the first rows: ``(index, headers, mapping)``.

    With ``kind`` ("export" or "orders") the row must name that kind's fields.
    """
    best: tuple[int, int, list[str], dict[str, str]] | None = None
    for index, headers in header_candidates(rows):
        mapping = guess_mapping(headers)
        if (missing_fields(mapping, kind) if kind else guess_kind(mapping) is None):
            continue
        score = len(mapping)
        if best is None or score > best[0]:
            best = (score, index, headers, mapping)
    return None if best is None else (best[1], best[2], best[3])


def is_totals_label(text: str) -> bool:
    return _TOTALS_LABEL.fullmatch(normalize(text)) is not None


def is_totals_row(cells: Sequence[str], ident: str = "") -> bool:
    """A 합계/소계/Total row: its first cell with text (numbers passed over) or its identifying
    (TID/order) cell says so."""
    if ident and is_totals_label(ident):
        return True
    first = next((cell for cell in cells if cell and not normalize(cell).isdigit()), "")
    return is_totals_label(first)
