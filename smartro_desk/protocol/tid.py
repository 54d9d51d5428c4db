"""Reading a Smartro TID (SPEC.md, *samples*).

Layout of the 30 characters, e.g. ``SMTPAY001m01011708181134147103``::

    [0:10]  MID              SMTPAY001m
    [10:12] pay-method code  01 (CARD)
    [12:14] two digits       01
    [14:26] yyMMddHHmmss     170818113414 -> 2017-08-18 11:34:14
    [26:30] sequence         7103

A TID is never rejected for looking unusual: ``decode_tid`` decodes what it can and
lists, in Korean, what does not fit the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["METHOD_CODES", "TID_LENGTH", "TidParts", "decode_tid"]

TID_LENGTH = 30

METHOD_CODES: dict[str, str] = {"01": "CARD", "02": "BANK", "03": "VBANK", "05": "CELLPHONE"}


@dataclass(frozen=True, slots=True)
class TidParts:
    """The parts of a TID; ``problems`` says in Korean what does not fit the layout."""

    tid: str
    mid: str
    method_code: str
    method: str
    extra: str
    timestamp: datetime | None
    sequence: str
    valid_shape: bool
    problems: tuple[str, ...]


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _timestamp(text: str) -> datetime | None:
    """``yyMMddHHmmss`` (20yy) as a datetime, or None."""
    if len(text) != 12 or not _digits(text):
        return None
    try:
        return datetime(
            2000 + int(text[0:2]), int(text[2:4]), int(text[4:6]),
            int(text[6:8]), int(text[8:10]), int(text[10:12]),
        )
    except ValueError:
        return None


def decode_tid(tid: str | None) -> TidParts:
    """Split a TID (surrounding whitespace ignored) into its parts; never raises."""
    text = (tid if isinstance(tid, str) else "" if tid is None else str(tid)).strip()
    problems: list[str] = []
    if not text:
        return TidParts("", "", "", "", "", None, "", False, ("TID가 비어 있습니다",))
    if len(text) != TID_LENGTH:
        problems.append(f"TID 길이가 {TID_LENGTH}자가 아닙니다 ({len(text)}자)")
    if not (text.isascii() and text.isalnum()):
        problems.append("TID에 영문자와 숫자가 아닌 문자가 있습니다")
    method_code, extra = text[10:12], text[12:14]
    stamp_text, sequence = text[14:26], text[26:30]
    if len(method_code) == 2 and not _digits(method_code):
        problems.append(f"결제수단 코드(11~12번째 자리)가 숫자가 아닙니다: {method_code!r}")
    if len(extra) == 2 and not _digits(extra):
        problems.append(f"13~14번째 자리가 숫자가 아닙니다: {extra!r}")
    timestamp = _timestamp(stamp_text)
    if len(stamp_text) == 12 and timestamp is None:
        problems.append(f"시각 부분이 날짜가 아닙니다: {stamp_text!r}")
    if len(sequence) == 4 and not _digits(sequence):
        problems.append(f"일련번호(27~30번째 자리)가 숫자가 아닙니다: {sequence!r}")
    return TidParts(
        tid=text,
        mid=text[0:10],
        method_code=method_code,
        method=METHOD_CODES.get(method_code, ""),
        extra=extra,
        timestamp=timestamp,
        sequence=sequence,
        valid_shape=not problems,
        problems=tuple(problems),
    )
