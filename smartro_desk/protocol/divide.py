"""DivideInfo: the sub-mall split of a payment or cancel (§3.1.4, §5.2 Note).

On the wire it is base64 of the UTF-8 JSON
``{"DivideInfo":[{"Amt":"502","MID":"SMTSUB002m","GoodsName":"상품1"}, ...]}``.
Reading is lenient, because the manual itself prints the JSON with single quotes
and merchants' logs hold it URL-encoded, URL-safe, unpadded or wrapped.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from smartro_desk.protocol.amounts import format_amount, parse_amount

__all__ = [
    "DivideInfoError",
    "SubMallShare",
    "decode_divide_info",
    "encode_divide_info",
    "validate_divide",
]

_PREFIX = "서브몰 정보(DivideInfo)를 해석할 수 없습니다"
_PREFIX_EN = "DivideInfo (sub-mall split) cannot be read"
_WHITESPACE = re.compile(r"\s+")
# A single-quoted or a double-quoted JSON string, as written in the manual's examples.
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)


class DivideInfoError(ValueError):
    """A DivideInfo value that cannot be read; the message is for the user (Korean), ``english`` its English."""

    def __init__(self, message: str, english: str) -> None:
        super().__init__(message)
        self.english = english


@dataclass(frozen=True, slots=True)
class SubMallShare:
    """One sub-mall's part of the amount."""

    mid: str
    amt: int
    goods_name: str = ""


def encode_divide_info(shares: Sequence[SubMallShare]) -> str:
    """The DivideInfo value: base64 of compact UTF-8 JSON, Amt written as a string."""
    items = []
    for share in shares:
        item = {"Amt": str(share.amt), "MID": share.mid}
        if share.goods_name:
            item["GoodsName"] = share.goods_name
        items.append(item)
    text = json.dumps({"DivideInfo": items}, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode_divide_info(value: str) -> tuple[SubMallShare, ...]:
    """Read a DivideInfo value in any form seen in practice; blank means no split.

    Accepts base64 (standard or URL-safe, padded or not, with line breaks),
    URL-encoded base64, JSON with double or single quotes, and a bare list.
    Raises ``DivideInfoError`` (and nothing else) for anything unreadable.
    """
    if not isinstance(value, str):
        raise DivideInfoError(f"{_PREFIX}: 문자열이 아닙니다 ({type(value).__name__})",
                              f"{_PREFIX_EN}: not a string ({type(value).__name__})")
    text = value.strip()
    if not text:
        return ()
    if "%" in text and not text.startswith(("{", "[")):
        text = unquote(text, errors="replace").strip()
    if text.startswith(("{", "[")):
        return _shares(_load_json(text))
    for candidate in _base64_texts(text):
        try:
            data = _load_json(candidate)
        except DivideInfoError:
            continue
        return _shares(data)
    raise DivideInfoError(f"{_PREFIX}: base64로 인코딩된 JSON이 아닙니다 ({text[:40]!r})",
                          f"{_PREFIX_EN}: not base64-encoded JSON ({text[:40]!r})")


def _base64_texts(text: str) -> Iterator[str]:
    """JSON-looking texts inside base64. Whitespace is dropped (line breaks from
    documents); failing that, a space is read as the ``+`` a form turned into one."""
    candidates = [_WHITESPACE.sub("", text)]
    if " " in text:
        candidates.append(_WHITESPACE.sub("", text.replace(" ", "+")))
    for candidate in candidates:
        data = _b64decode(candidate)
        if data is None:
            continue
        for encoding in ("utf-8", "cp949"):
            try:
                decoded = data.decode(encoding).strip()
            except UnicodeDecodeError:
                continue
            if decoded.startswith(("{", "[")):
                yield decoded


def _b64decode(text: str) -> bytes | None:
    if not text.isascii():
        return None
    text = text.replace("-", "+").replace("_", "/").rstrip("=")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _load_json(text: str) -> Any:
    """JSON, or the manual's single-quoted variant of it."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    try:
        return json.loads(_QUOTED.sub(_requote, text))
    except (ValueError, RecursionError) as exc:
        raise DivideInfoError(f"{_PREFIX}: JSON 형식이 아닙니다 ({text[:40]!r})",
                              f"{_PREFIX_EN}: not JSON ({text[:40]!r})") from exc


def _requote(match: re.Match[str]) -> str:
    """A single-quoted string as a JSON string; a double-quoted one unchanged."""
    inner = match.group(1)
    if inner is None:
        return match.group(0)
    return json.dumps(inner.replace("\\'", "'"), ensure_ascii=False)


def _shares(data: Any) -> tuple[SubMallShare, ...]:
    if isinstance(data, dict):
        by_lower = {str(k).lower(): v for k, v in data.items()}
        data = by_lower["divideinfo"] if "divideinfo" in by_lower else [data]
    if not isinstance(data, list):
        raise DivideInfoError(f"{_PREFIX}: 서브몰 목록이 없습니다", f"{_PREFIX_EN}: no list of sub-malls")
    return tuple(_share(item) for item in data)


def _share(item: Any) -> SubMallShare:
    if not isinstance(item, dict):
        raise DivideInfoError(f"{_PREFIX}: 서브몰 항목이 객체가 아닙니다 ({str(item)[:40]!r})",
                              f"{_PREFIX_EN}: a sub-mall entry is not an object ({str(item)[:40]!r})")
    fields = {str(k).lower(): v for k, v in item.items()}
    mid = _text(fields.get("mid"))
    if not mid:
        raise DivideInfoError("서브몰 MID가 비어 있습니다", "A sub-mall MID is empty")
    raw_amt = fields.get("amt")
    try:
        amt = parse_amount(raw_amt)
    except ValueError:
        raise DivideInfoError(f"서브몰 금액이 숫자가 아닙니다: {str(raw_amt)[:40]!r}",
                              f"A sub-mall amount is not a number: {str(raw_amt)[:40]!r}") from None
    return SubMallShare(mid=mid, amt=amt, goods_name=_text(fields.get("goodsname")))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def validate_divide(
    shares: Sequence[SubMallShare], total: int, allowed_mids: Collection[str] | None = None
) -> list[str]:
    """Problems (Korean) of a split for ``total`` won; an empty split has none."""
    if not shares:
        return []
    problems: list[str] = []
    for share in shares:
        if share.amt <= 0:
            problems.append(f"서브몰 {share.mid}의 금액이 0원보다 커야 합니다 ({format_amount(share.amt)}원)")
    counts = Counter(share.mid for share in shares)
    problems += [f"서브몰 MID가 두 번 이상 있습니다: {mid}" for mid, n in counts.items() if n > 1]
    if allowed_mids is not None:
        problems += [
            f"상점에 등록된 서브몰이 아닙니다: {mid}" for mid in counts if mid not in allowed_mids
        ]
    subtotal = sum(share.amt for share in shares)
    if subtotal != total:
        problems.append(
            f"서브몰 금액 합계 {format_amount(subtotal)}원이 취소 금액 {format_amount(total)}원과 다릅니다"
        )
    return problems
