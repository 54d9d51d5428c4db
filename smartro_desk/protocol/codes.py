"""Look up Smartro codes (manual §7 and friends) for people: Korean, English, next step.

Every lookup is total: ``None``, ints, floats from Excel, odd whitespace,
full-width digits, lower case and missing leading zeros are all accepted, and
an unknown code comes back as a :class:`Code` with ``known=False`` instead of
an exception. Known codes hit a dict on the first try, so callers may use
these functions per row of a million-row import.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from smartro_desk.protocol import code_tables as _t

RESULT_KINDS: tuple[str, ...] = tuple(_t.RESULT_TABLES)
KINDS: tuple[str, ...] = RESULT_KINDS + (
    "card", "bank", "courier", "pay_method", "kakao_pay_type", "state_cd", "receipt_type",
)
KIND_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(_t.KIND_LABELS)


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a code table, or an unknown value (``known=False``)."""

    kind: str
    code: str
    ko: str
    en: str
    known: bool = True
    hint_ko: str = ""
    hint_en: str = ""

    def label(self, lang: str = "ko") -> str:
        """The label in ``lang`` ("ko" or "en"; anything else is Korean)."""
        return self.en if lang[:2].lower() == "en" else self.ko


@dataclass(frozen=True, slots=True)
class CardCompany:
    """A row of §7.10. ``code`` is the issuer code (the ``fn_cd`` of a card payment)."""

    code: str
    ko: str
    en: str
    issuer_code: str
    acquirer_code: str
    acquirer_ko: str
    auth_method: str
    issuer_ko: str = ""
    acquirer_en: str = ""
    auth_method_en: str = ""


def _code(kind: str, row: tuple[str, ...]) -> Code:
    hint_ko, hint_en = row[3:5] if len(row) >= 5 else ("", "")
    return Code(kind, row[0], row[1], row[2], True, hint_ko, hint_en)


def _build(kind: str, rows: tuple[tuple[str, ...], ...]) -> dict[str, Code]:
    return {row[0]: _code(kind, row) for row in rows}


_TABLES: dict[str, dict[str, Code]] = {k: _build(k, rows) for k, rows in _t.RESULT_TABLES.items()}
_TABLES.update(
    card=_build("card", tuple(row[:3] for row in _t.CARD_COMPANIES)),
    bank=_build("bank", _t.BANKS),
    courier=_build("courier", _t.COURIERS),
    pay_method=_build("pay_method", _t.PAY_METHODS),
    kakao_pay_type=_build("kakao_pay_type", _t.KAKAO_PAY_TYPES),
    state_cd=_build("state_cd", _t.STATE_CDS),
    receipt_type=_build("receipt_type", _t.RECEIPT_TYPES),
)
_VIEWS: dict[str, Mapping[str, Code]] = {k: MappingProxyType(v) for k, v in _TABLES.items()}
# Lengths of the all-digit keys of each table, for zero-padding "4" → "04".
_WIDTHS: dict[str, tuple[int, ...]] = {
    k: tuple(sorted({len(c) for c in v if c.isdigit()})) for k, v in _TABLES.items()
}

_CARD_COMPANIES: dict[str, CardCompany] = {
    code: CardCompany(
        code, ko, en, code, acq, acq_ko, auth, issuer_ko,
        _TABLES["card"][acq].en if acq else "", _t.AUTH_METHODS_EN.get(auth, auth),
    )
    for code, ko, en, issuer_ko, acq, acq_ko, auth in _t.CARD_COMPANIES
}

_METHOD_TABLE: dict[str, str] = {
    "CARD": "card_result", "BANK": "bank_result", "VBANK": "vbank_result",
    "CELLPHONE": "cellphone_result", "TOSS": "toss_result", "KAKAO": "kakao_result",
    "KPCD": "kakao_result", "KPMY": "kakao_result",
}


def _merged(first: str | None) -> dict[str, Code]:
    """All result codes; on a clash the earlier table in the preference order wins."""
    head = [first] if first else []
    order = list(dict.fromkeys([*head, "cancel_result", "refund_result", *RESULT_KINDS]))
    merged: dict[str, Code] = {}
    for kind in reversed(order):
        merged.update(_TABLES[kind])
    return merged


_RESULTS: dict[str | None, dict[str, Code]] = {None: _merged(None)}
for _method_name, _kind in _METHOD_TABLE.items():
    _RESULTS[_method_name] = _merged(_kind)

_QUOTAS: dict[str, Code] = {
    f"{n:02d}": Code(
        "card_quota", f"{n:02d}",
        "일시불" if n == 0 else f"{n}개월 할부",
        "Lump sum" if n == 0 else ("1 month" if n == 1 else f"{n} months"),
    )
    for n in range(100)
}

# explain() kind names: every kind plus short aliases.
_ALIASES: dict[str, tuple[str, ...]] = {k: (k,) for k in KINDS}
_ALIASES.update(
    result=RESULT_KINDS, results=RESULT_KINDS, card_company=("card",), cancel=("cancel_result",),
    refund=("refund_result",), vbank=("vbank_result",), cellphone=("cellphone_result",),
    phone=("cellphone_result",), cash_receipt=("cash_receipt_result",),
    account_check=("account_check_result",), transfer=("transfer_result",), toss=("toss_result",),
    kakao=("kakao_result",), method=("pay_method",), pay_type=("kakao_pay_type",),
    state=("state_cd",), receipt=("receipt_type",), quota=("card_quota",), card_quota=("card_quota",),
)
EXPLAIN_KINDS: tuple[str, ...] = tuple(sorted(_ALIASES))

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _text(value: object) -> str:
    """``value`` as stripped text; never raises."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    try:
        return str(value).strip()
    except Exception:  # a hostile __str__ must not break an import
        return ""


def _key(raw: str) -> str:
    """Canonical spelling: NFKC (full-width → ASCII), no zero-width marks, upper case."""
    return unicodedata.normalize("NFKC", raw).translate(_ZERO_WIDTH).strip().upper()


def _find(kind: str, raw: str) -> Code | None:
    table = _TABLES[kind]
    key = _key(raw)
    hit = table.get(key)
    if hit is None and key.isdigit() and key.isascii():
        for width in _WIDTHS[kind]:
            if len(key) < width and (hit := table.get(key.zfill(width))) is not None:
                break
    return hit


def _unknown(kind: str, raw: str) -> Code:
    return Code(kind, raw, f"알 수 없음 ({raw})", f"Unknown ({raw})", known=False)


@lru_cache(maxsize=8192)
def _resolve(kind: str, raw: str) -> Code:
    return _find(kind, raw) or _unknown(kind, raw)


def lookup(kind: str, code: object) -> Code:
    """The entry for ``code`` in table ``kind``; unknown codes give ``known=False``.

    Raises ValueError only for a ``kind`` not in :data:`KINDS`.
    """
    table = _TABLES.get(kind)
    if table is None:
        raise ValueError(f"unknown code table: {kind!r} (expected one of {', '.join(KINDS)})")
    if isinstance(code, str) and (hit := table.get(code)) is not None:
        return hit
    return _resolve(kind, _text(code))


def _method(pay_method: object) -> str | None:
    """``pay_method`` as a key of ``_RESULTS`` ("card " → "CARD"), None if absent."""
    if pay_method is None or (isinstance(pay_method, str) and pay_method in _RESULTS):
        return pay_method
    return _key(_text(pay_method)) or None


def result(code: object, pay_method: str | None = None) -> Code:
    """A result code from whichever table holds it.

    The table of ``pay_method`` (CARD, BANK, VBANK, CELLPHONE, TOSS, KAKAO) is
    preferred, then the cancel and refund tables, then the rest. Unknown codes
    get the pay method's table as kind, or ``"result"`` without one.
    """
    method = _method(pay_method)
    merged = _RESULTS.get(method) or _RESULTS[None]
    if isinstance(code, str) and (hit := merged.get(code)) is not None:
        return hit
    raw = _text(code)
    hit = merged.get(_key(raw))
    return hit or _unknown(_METHOD_TABLE.get(method or "", "result"), raw)


def is_success(code: object, pay_method: str | None = None) -> bool:
    """Whether ``code`` reports success (approval, issue, deposit, cancel, refund…).

    ``2013`` (already cancelled) is not a success here; the manual lets a
    merchant treat it as one, which is the caller's decision.
    """
    hit = result(code, pay_method)
    return hit.known and hit.code in _t.SUCCESS_CODES[hit.kind]


def card_company(code: object) -> CardCompany | None:
    """The §7.10 row of an issuer code (``fn_cd``), or None."""
    hit = lookup("card", code)
    return _CARD_COMPANIES[hit.code] if hit.known else None


def card_quota(value: object) -> Code:
    """CardQuota wording: "00" → 일시불 / Lump sum, "3" or "03" → 3개월 할부 / 3 months."""
    if isinstance(value, str) and (hit := _QUOTAS.get(value)) is not None:
        return hit
    raw = _text(value)
    key = _key(raw)
    if key.isdigit() and key.isascii():
        hit = _QUOTAS.get(key.lstrip("0").zfill(2))
        if hit is not None:
            return hit
    return _unknown("card_quota", raw)


def _kinds(kind: str | None) -> tuple[str, ...]:
    if kind is None:
        return KINDS
    kinds = _ALIASES.get(kind.strip().lower().replace("-", "_"))
    if kinds is None:
        raise ValueError(f"unknown code kind: {kind!r} (expected one of {', '.join(EXPLAIN_KINDS)})")
    return kinds


def explain(code: object, kind: str | None = None) -> list[Code]:
    """Every table entry for ``code`` (case-insensitive, zero-padding numeric codes).

    ``kind`` narrows the search: a kind of :data:`KINDS` or an alias of
    :data:`EXPLAIN_KINDS` ("card" is the card company table, "result" all
    result tables, "cancel" the cancel table, "quota" the CardQuota wording).
    Instalment wording is only consulted when asked for.
    """
    raw = _text(code)
    found: list[Code] = []
    for k in _kinds(kind):
        hit = card_quota(raw) if k == "card_quota" else _resolve(k, raw)
        if hit.known:
            found.append(hit)
    return found


def table(kind: str) -> Mapping[str, Code]:
    """A read-only view of table ``kind`` (code → Code), in the manual's order."""
    view = _VIEWS.get(kind)
    if view is None:
        raise ValueError(f"unknown code table: {kind!r} (expected one of {', '.join(KINDS)})")
    return view
