"""Spreadsheet cells to text, won and ledger time, at the border (no float ever holds money).

Readers hand over ``str``, ``int``, ``float``, ``bool``, ``datetime``, ``date``,
``time`` or ``None``. Dates come as real dates, Excel serial numbers, or text in
the shapes Korean admin sites and Excel's Korean locale write:
``2024-01-31``, ``2024.01.31``, ``2024/1/31``, ``2024년 1월 31일``, ``20240131``,
``240131153000`` (AuthDate), ``2024-01-31 오후 3:30:00``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from smartro_desk.protocol.amounts import AmountError, parse_amount

_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATE = re.compile(
    r"^(\d{4}|\d{2})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?\.?"
    r"(?:[\sT]+(.*))?$"
)
_TIME = re.compile(
    r"^(오전|오후|AM|PM|am|pm)?\s*(\d{1,2})\s*[:시]\s*(\d{1,2})\s*(?:[:분]\s*(\d{1,2})\s*초?)?"
    r"(?:[.,]\d+)?\s*(오전|오후|AM|PM|am|pm)?\s*(?:[+-]\d{2}:?\d{2}|Z)?$"
)
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
_PAREN_NEGATIVE = re.compile(r"^\((.*)\)$")
_DASH_ZERO = re.compile(r"[₩￦\\]?\s*-\s*원?")  # Excel's accounting format shows zero as "₩ -"
_NEGATIVE_MARKS = ("△", "▲")  # Korean accounts write -1,004 as △1,004


class ValueRejected(ValueError):
    """A cell that cannot be read as what its column holds."""


def cell_text(value: object) -> str:
    """A cell as the text a person sees (integral floats without ``.0``, dates in ISO form)."""
    if type(value) is str:
        text = value.strip()
        if text[:2] == '="':
            match = _EXCEL_TEXT.match(text)
            return match.group(1) if match else text
        return text
    if value is None:
        return ""
    if isinstance(value, str):
        return cell_text(str(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return ledger_time(value)
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def cell_amount(value: object, label: str) -> int | None:
    """Won in a cell: ``1,004``, ``₩1,004``, ``\\1,004``, ``1004원``, ``(1,004)``, ``△1,004``, numbers stored as
    text; an accounting zero (``-``, ``₩ -``) → 0; blank → None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = cell_text(value)
        if not text:
            return None
        if "-" in text and _DASH_ZERO.fullmatch(text):
            return 0
        match = _PAREN_NEGATIVE.match(text)
        if match:
            value = f"-{match.group(1)}"
        else:
            value = f"-{text[1:]}" if text.startswith(_NEGATIVE_MARKS) else text
    try:
        return parse_amount(value)
    except AmountError:
        raise ValueRejected(f"{label}이 숫자가 아닙니다: {cell_text(value)[:40]!r}") from None


def _two_digit_year(year: int) -> int:
    return year + 2000 if year < 100 else year


def _clock(hour: int, minute: int, second: int, meridiem: str) -> time:
    if meridiem in ("오후", "PM", "pm") and hour < 12:
        hour += 12
    elif meridiem in ("오전", "AM", "am") and hour == 12:
        hour = 0
    return time(hour, minute, second)


def parse_time(value: object, *, own_cell: bool = True) -> time | None:
    """A time-of-day cell (``15:30:00``, ``오후 3:30``, ``153000``, a day fraction); blank → None.

    Excel drops a number's leading zeros: five digits are HMMSS (``93100`` is 09:31:00); three or four are
    HMM/HHMM when they can be (``931``, ``1431``: an HHMM column), else MMSS of an HHMMSS column's first hour
    (``5959`` is 00:59:59, in a cell of its own; after a date in the same cell they are HHMM only).
    """
    if value is None or value == "":
        return None
    if type(value) is str and len(value) == 8 and value[2] == value[5] == ":" and value.isascii():
        try:
            return time(int(value[:2]), int(value[3:5]), int(value[6:]))
        except ValueError:
            pass
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, timedelta):
        return (datetime.min + value).time() if value < timedelta(days=1) else None
    if isinstance(value, float) and 0 <= value < 1:
        return (_EXCEL_EPOCH + timedelta(seconds=round(value * 86400))).time()
    text = cell_text(value)
    try:
        if text.isdigit() and 3 <= len(text) <= 6:
            if len(text) <= 4:
                hour, minute = int(text[:-2]), int(text[-2:])
                if hour <= 23 and minute <= 59:
                    return time(hour, minute)
                if not own_cell:
                    raise ValueError(text)
            digits = text.zfill(6)
            return time(int(digits[:2]), int(digits[2:4]), int(digits[4:]))
        match = _TIME.match(text)
        if match is not None:
            pre, hour, minute, second, post = match.groups()
            return _clock(int(hour), int(minute), int(second or 0), pre or post or "")
    except ValueError:
        pass
    raise ValueRejected(f"시간을 읽을 수 없습니다: {text[:40]!r}")


def parse_datetime(value: object) -> datetime | None:
    """A date (with or without time) cell; blank → None; unreadable → ``ValueRejected``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueRejected(f"날짜를 읽을 수 없습니다: {value!r}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            if 1 <= value < 2958466:  # an Excel serial date with a time of day
                return _EXCEL_EPOCH + timedelta(seconds=round(value * 86400))
            raise ValueRejected(f"날짜를 읽을 수 없습니다: {value!r}")
        number = int(value)
        if len(str(number)) not in (6, 8, 12, 14) and 1 <= number < 2958466:  # an Excel serial date
            return _EXCEL_EPOCH + timedelta(days=number)
        value = str(number)
    text = cell_text(value)
    try:
        return _parse_text(text)
    except ValueError:
        raise ValueRejected(f"날짜를 읽을 수 없습니다: {text[:40]!r}") from None


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> datetime:
    if text.isdigit() and text.isascii():
        if len(text) == 8:
            return datetime(int(text[:4]), int(text[4:6]), int(text[6:8]))
        if len(text) in (12, 14):  # yyMMddHHmmss (the gateway's AuthDate) or yyyyMMddHHmmss
            year = int(text[:-10]) + (2000 if len(text) == 12 else 0)
            rest = text[-10:]
            return datetime(year, int(rest[:2]), int(rest[2:4]), int(rest[4:6]), int(rest[6:8]), int(rest[8:]))
        if len(text) == 6:
            return datetime(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
        raise ValueError(text)
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    y, m, d, rest = match.groups()
    day_start = datetime(_two_digit_year(int(y)), int(m), int(d))
    if not rest:
        return day_start
    clock = parse_time(rest.strip(), own_cell=False)
    return datetime.combine(day_start.date(), clock) if clock is not None else day_start


def ledger_time(moment: datetime) -> str:
    """'YYYY-MM-DD HH:MM:SS' (``isoformat`` is several times faster than ``strftime``)."""
    if moment.year < 1000:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.replace(microsecond=0).isoformat(" ") if moment.microsecond else moment.isoformat(" ")


def combine(day: object, clock: object) -> str | None:
    """Ledger time from a date cell and an optional time cell (a date cell's own time wins when set)."""
    moment = parse_datetime(day)
    if moment is None:
        return None
    if not (moment.hour or moment.minute or moment.second):
        at = parse_time(clock)
        if at is not None:
            moment = datetime.combine(moment.date(), at)
    return ledger_time(moment)
