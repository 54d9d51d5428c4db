"""Won amounts: always ``int``, parsed straight from text; a float never holds money."""

from __future__ import annotations

import re

_STRIP = re.compile(r"[\s,₩￦원]|KRW", re.IGNORECASE)
# Korean Windows shows the byte 0x5C as ₩: Excel's CP949 files and typed amounts write "\1,004" for ₩1,004.
_BACKSLASH_WON = re.compile(r"^(\s*[+-]?)\s*\\")
_INT = re.compile(r"[+-]?\d+")
_WHOLE_DECIMAL = re.compile(r"([+-]?\d+)\.0*")


class AmountError(ValueError):
    """A value that is not a whole number of won."""


def parse_amount(value: object) -> int:
    """Parse ``1,004``, ``₩1,004``, ``\\1,004``, ``1004원``, ``1004.0``, ``1004`` (int) into won.

    Spreadsheet readers hand over floats: a float with a fraction is refused,
    never rounded.
    """
    if isinstance(value, bool):
        raise AmountError(f"금액이 숫자가 아닙니다: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise AmountError(f"금액이 원 단위 정수가 아닙니다: {value!r}")
        return int(value)
    if value is None:
        raise AmountError("금액이 비어 있습니다")
    text = str(value)
    if "\\" in text:
        text = _BACKSLASH_WON.sub(r"\1", text, count=1)
    text = _STRIP.sub("", text)
    if not text:
        raise AmountError("금액이 비어 있습니다")
    if _INT.fullmatch(text):
        return int(text)
    whole = _WHOLE_DECIMAL.fullmatch(text)
    if whole:
        return int(whole.group(1))
    raise AmountError(f"금액이 숫자가 아닙니다: {str(value)[:40]!r}")


def format_amount(value: int | None) -> str:
    """Thousands separators, no currency sign: ``1,234,000``."""
    return "" if value is None else f"{value:,}"
