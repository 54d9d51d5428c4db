"""What a log prefix tells: when the line was logged, who sent it, which page received it."""

from __future__ import annotations

import re
from datetime import datetime

NOTIFICATION, RESULT = "notification", "result"

# Smartro's re-notify senders (production .215-.217, test .11), SPEC.md.
SMARTRO_SENDERS = frozenset({"211.193.35.215", "211.193.35.216", "211.193.35.217", "211.193.35.11"})

_ISO = re.compile(
    rb"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T_]+(\d{1,2}):(\d{2}):(\d{2})"
)
_APACHE = re.compile(rb"(?<!\d)(\d{1,2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2})")
_MONTHS = {m: i for i, m in enumerate(
    (b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"), 1
)}
_IPV4 = re.compile(rb"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_NOTIFY_WORDS = re.compile(rb"inform|retry|noti", re.IGNORECASE)
_RESULT_WORDS = re.compile(rb"return", re.IGNORECASE)


def _stamp(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str | None:
    try:
        return datetime(year, month, day, hour, minute, second).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def logged_at(text: bytes) -> str | None:
    """The first date-time in ``text`` as 'YYYY-MM-DD HH:MM:SS', if any."""
    match = _ISO.search(text)
    if match is not None:
        year, month, day, hour, minute, second = (int(g) for g in match.groups())
        return _stamp(year, month, day, hour, minute, second)
    match = _APACHE.search(text)
    if match is not None:
        month_number = _MONTHS.get(match.group(2).lower())
        if month_number is not None:
            d, _, y, hh, mm, ss = match.groups()
            return _stamp(int(y), month_number, int(d), int(hh), int(mm), int(ss))
    return None


def sender_ip(text: bytes) -> str:
    """Smartro's sender address if the prefix names one, else the first IPv4 address."""
    found = []
    for match in _IPV4.finditer(text):
        if all(int(part) <= 255 for part in match.groups()):
            found.append(match.group(0).decode("ascii"))
    for ip in found:
        if ip in SMARTRO_SENDERS:
            return ip
    return found[0] if found else ""


def hint(text: bytes, ip: str) -> str:
    """"notification" for an inform/RetryURL page or a Smartro sender, "result" for a ReturnURL page."""
    if ip in SMARTRO_SENDERS or _NOTIFY_WORDS.search(text):
        return NOTIFICATION
    if _RESULT_WORDS.search(text):
        return RESULT
    return ""


def describe(prefix: bytes) -> tuple[str | None, str, str]:
    """``(logged_at, sender_ip, hint)`` of a log prefix."""
    if not prefix:
        return None, "", ""
    ip = sender_ip(prefix)
    return logged_at(prefix), ip, hint(prefix, ip)
