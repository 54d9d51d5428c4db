"""Bytes to text for the importers: UTF-8 when valid, else CP949, one field at a time.

Merchant logs mix UTF-8 and EUC-KR (often with CP949-only syllables such as 똠);
a value is read on its own, so one odd field never garbles the rest of a record.
(Percent-encoded form bodies are decoded by ``protocol.formcodec`` with the same rule.)
"""

from __future__ import annotations

import codecs
import re

ASCII, UTF8, CP949 = "ascii", "utf-8", "cp949"

_cp949 = codecs.getdecoder(CP949)
_SURROGATES = range(0xDC80, 0xDD00)
_SECRET = re.compile(
    r"(?i)(cancel_?pwd?|cancel_?password|merchant_?key)"
    r"(['\"\]]?\s*(?:=>|[=:])\s*['\"]?)([^&\s'\",}\]]+)"
)
MASK = "******"


def decode_value(data: bytes) -> tuple[str, str, bool]:
    """``(text, encoding, damaged)``: ASCII, else UTF-8, else CP949 (with U+FFFD where even that fails)."""
    if data.isascii():
        return data.decode(ASCII), ASCII, False
    try:
        return data.decode(UTF8), UTF8, False
    except UnicodeDecodeError:
        pass
    try:
        return _cp949(data)[0], CP949, False
    except UnicodeDecodeError:
        return _cp949(data, "replace")[0], CP949, True


def display_text(data: bytes) -> str:
    """A record's raw bytes as text for people (never raises)."""
    return decode_value(data)[0]


def repair_escaped(text: str) -> tuple[str, str]:
    """Undo ``surrogateescape`` per value: the escaped bytes were not UTF-8, so read them as CP949."""
    if not any(ord(ch) in _SURROGATES for ch in text):
        return text, UTF8 if not text.isascii() else ASCII
    text, encoding, _ = decode_value(text.encode(UTF8, "surrogateescape"))
    return text, encoding


def is_printable_text(text: str) -> bool:
    """No control characters (other than tab) and no replacement characters."""
    return "\ufffd" not in text and all(ch >= " " or ch == "\t" for ch in text)


def summarize_encodings(seen: set[str]) -> str:
    """One word for a file's encodings: "cp949", "utf-8", "utf-8+cp949" or "ascii"."""
    found = [enc for enc in (UTF8, CP949) if enc in seen]
    if not found:
        return ASCII if seen else ""
    return "+".join(found)


def scrub_secrets(text: str) -> str:
    """``text`` with the values of cancel passwords and merchant keys masked, in any log shape."""
    return _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
