"""Percent-encoded form bodies (``application/x-www-form-urlencoded``) as Smartro sends them.

Notifications are EUC-KR, results follow EncodingType, merchants' logs mix both and
often hold CP949-only syllables (똠, 햏). Every field is therefore decoded on its own:
UTF-8 when its bytes are valid UTF-8, else CP949, else CP949 with replacement
characters (the field is then listed in ``undecodable``). Nothing is dropped and
nothing raises: empty values are kept, malformed escapes stay as written.

``decode_form`` (and ``decode_fields``, the log importer's cut-down form of it) is on
the import hot path (a million log lines): a well-formed body is split and unescaped
in a handful of C calls (see ``_split_bulk``), other bodies part by part; a body's
sequence of field names (its layout) and non-ASCII values are decoded once and remembered.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Mapping, Set as AbstractSet
from dataclasses import dataclass, replace
from typing import NamedTuple
from urllib.parse import quote_plus, unquote_to_bytes

from smartro_desk.protocol.fields import canonical_name

__all__ = ["FormFields", "decode_fields", "decode_form", "decode_response", "encode_form"]

ASCII = "ascii"
UTF8 = "utf-8"
CP949 = "cp949"
LATIN1 = "latin-1"

_cp949_decode = codecs.getdecoder(CP949)  # skips the codec-name lookup of bytes.decode

_LAYOUT_CACHE_LIMIT = 1024
_LAYOUT_MAX_PARTS = 200
_layout_cache: dict[tuple[str, ...], _Layout] = {}  # latin-1 names as sent -> their layout
_VALUE_CACHE_LIMIT = 16384
_VALUE_CACHE_MAX_LENGTH = 200
_value_cache: dict[str, tuple[str, str, bool]] = {}  # latin-1 value -> _decode_bytes result
_ASCII_ONLY = frozenset({ASCII})
# Separators (``=``, ``&``) to NUL, ``%`` to ``=`` (so that binascii.a2b_qp decodes escapes), ``+`` to space.
_QP_TABLE = bytes.maketrans(b"=&%+", b"\x00\x00= ")
_NOT_SPECIAL = bytes(b for b in range(256) if b not in b"%=&\r\n\x00")  # deleted by _split_bulk's first look
_ALTERNATING_RAW = b"=&" * 4096  # separators of a body whose every part has one ``=``

_ASCII_LETTER = re.compile(r"[A-Za-z]")
_HANGUL_FIRST, _HANGUL_LAST = "\uac00", "\ud7a3"

# Where the key=value run of a cancel answer (§5.3) starts: one of its own field names.
_RESPONSE_START = re.compile(
    rb"(?<![A-Za-z0-9_])(?:PayMethod|PayName|ResultCode|ResultMsg|TID|PTID|MID|"
    rb"CancelAmt|CancelMSG|CancelDate|CancelTime|CancelNum|Moid)=",
    re.IGNORECASE,
)
_RUN_END = re.compile(rb"[<\r\n]")
_TAG = re.compile(rb"<[^>]*>")


@dataclass(frozen=True, slots=True)
class FormFields:
    """A decoded form body.

    ``fields`` is keyed by canonical names (first non-empty value wins, unknown
    names kept as sent); ``encodings`` says how each field's bytes were read
    ("ascii", "utf-8" or "cp949"); ``undecodable`` lists fields that needed
    replacement characters; ``raw`` is the body exactly as received.
    """

    fields: dict[str, str]
    raw: bytes
    encodings: dict[str, str]
    undecodable: tuple[str, ...] = ()


def _unquote(value: bytes) -> bytes:
    """``urllib.parse.unquote_to_bytes``, fast for well-formed escapes.

    ``binascii.a2b_qp`` decodes ``=XX`` in C. With ``%`` turned into ``=`` (and no
    ``=``, CR or LF of its own in the value) it matches ``unquote_to_bytes`` exactly
    when every escape is well formed, which the output length proves: each valid
    escape shrinks 3 bytes to 1, any malformed one shrinks less.
    """
    if b"=" in value or b"\n" in value or b"\r" in value:
        return unquote_to_bytes(value)
    out = binascii.a2b_qp(value.replace(b"%", b"="))
    if len(out) == len(value) - 2 * value.count(b"%"):
        return out
    return unquote_to_bytes(value)


def _decode_bytes(data: bytes) -> tuple[str, str, bool]:
    """Text, encoding used and whether replacement characters were needed."""
    if data.isascii():
        return data.decode(ASCII), ASCII, False
    text = data.decode(UTF8, "replace")
    if "\ufffd" not in text or (b"\xef\xbf\xbd" in data and _valid_utf8(data)):
        if max(text) >= "\u0800" or _ASCII_LETTER.search(text):
            return text, UTF8, False
        # Only 2-byte UTF-8 characters and no ASCII letters: most likely EUC-KR
        # Hangul whose bytes happen to be valid UTF-8 (책 = C3 A5 reads as "å");
        # a Latin word such as "café" keeps its ASCII letters and stays UTF-8.
        korean = _cp949_hangul(data)
        return (korean, CP949, False) if korean is not None else (text, UTF8, False)
    try:
        return _cp949_decode(data)[0], CP949, False
    except UnicodeDecodeError:
        return _cp949_decode(data, "replace")[0], CP949, True


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode(UTF8)
    except UnicodeDecodeError:
        return False
    return True


def _cp949_hangul(data: bytes) -> str | None:
    """The CP949 reading of ``data`` if it decodes and every non-ASCII character is Hangul."""
    try:
        text: str = _cp949_decode(data)[0]
    except UnicodeDecodeError:
        return None
    if all(_HANGUL_FIRST <= ch <= _HANGUL_LAST for ch in text if ch >= "\x80"):
        return text
    return None


def _decode_value(value: str) -> tuple[str, str, bool]:
    """``_decode_bytes`` of a latin-1 value string, remembered: card company names,
    result messages and goods names repeat across a log."""
    result = _decode_bytes(value.encode(LATIN1))
    if len(value) <= _VALUE_CACHE_MAX_LENGTH:
        if len(_value_cache) >= _VALUE_CACHE_LIMIT:
            _value_cache.clear()
        _value_cache[value] = result
    return result


class _Layout(NamedTuple):
    """What a body's sequence of field names (as sent) decodes to; see ``_layout``."""

    keys: tuple[str, ...]  # canonical name of every part
    unique: bool  # no two parts share a canonical name
    encodings: dict[str, str]  # every field "ascii": copied, then overwritten for non-ASCII values
    bad_names: tuple[str, ...]  # fields whose names as sent needed replacement characters


def _layout(names: tuple[str, ...]) -> _Layout:
    """The layout of ``names`` (latin-1 strings, one char per raw byte), remembered: a log's
    lines share a few layouts, so the names are canonicalised once, not once a line."""
    decoded = [(name, False) if name.isascii() else _decode_bytes(name.encode(LATIN1))[::2] for name in names]
    keys = tuple(canonical_name(text) for text, _ in decoded)
    bad = tuple(key for key, (_, damaged) in zip(keys, decoded) if damaged)
    layout = _Layout(keys, len(set(keys)) == len(keys), dict.fromkeys(keys, ASCII), bad)
    if len(names) <= _LAYOUT_MAX_PARTS:
        if len(_layout_cache) >= _LAYOUT_CACHE_LIMIT:
            _layout_cache.clear()
        _layout_cache[names] = layout
    return layout


_last_layout: tuple[list[str], _Layout] = ([], _layout(()))  # the previous body's names and layout


def _as_bytes(body: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(body, str):
        try:
            return body.encode(UTF8, "surrogateescape")
        except UnicodeEncodeError:
            return body.encode(UTF8, "surrogatepass")
    return bytes(body)


def _split_bulk(raw: bytes) -> tuple[list[str], list[str], bool] | None:
    """Names, values (latin-1 strings, ``+`` read as space) and whether all is ASCII, in a few C calls.

    Every escape is decoded by one ``a2b_qp`` call, with the separators turned into
    NUL so that they survive (and an escaped ``&`` stays text). The result is used
    only when provably the same as the part-by-part decoding: the raw separators
    alternate ``=&=&...=`` (one ``=`` in every part, no empty part) with no CR, LF
    or NUL among them; every escape is well formed (length check); and no escape
    decoded to NUL (item count). Else None. One ``translate`` keeps the few bytes
    these checks need: it replaced five counts and scans of the whole body, a
    quarter of this function's instructions.
    """
    special = raw.translate(None, _NOT_SPECIAL)
    seps = special.replace(b"%", b"")
    if len(seps) % 2 == 0 or seps != _ALTERNATING_RAW[: len(seps)]:
        return None
    escapes = len(special) - len(seps)
    decoded = binascii.a2b_qp(raw.translate(_QP_TABLE)) if escapes else raw.translate(_QP_TABLE)
    if len(decoded) != len(raw) - 2 * escapes:
        return None
    text = decoded.decode(LATIN1)
    items = text.split("\x00")
    if len(items) != len(seps) + 1:
        return None
    return items[0::2], items[1::2], text.isascii()


def _split_parts(raw: bytes) -> tuple[list[str], list[str], bool]:
    """Names and values (latin-1 strings, ``+`` read as space), decoded one part at a time (any input)."""
    data = raw.replace(b"+", b" ")
    names: list[str] = []
    values: list[str] = []
    for part in data.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            names.append((_unquote(name) if b"%" in name else name).decode(LATIN1))
            values.append((_unquote(value) if b"%" in value else value).decode(LATIN1))
    return names, values, False


def _first_non_empty(keys: tuple[str, ...], values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in zip(keys, values):
        if key not in out or (not out[key] and value):
            out[key] = value
    return out


def _parse(raw: bytes) -> tuple[dict[str, str], _Layout, bool]:
    """Fields under canonical names (non-ASCII values still latin-1), their layout, all ASCII?"""
    names, values, ascii_only = _split_bulk(raw) or _split_parts(raw)
    global _last_layout
    last_names, layout = _last_layout
    if names != last_names:  # comparing with the previous body's names costs half a dict lookup
        sent = tuple(names)
        layout = _layout_cache.get(sent) or _layout(sent)
        _last_layout = (names, layout)
    fields = dict(zip(layout.keys, values)) if layout.unique else _first_non_empty(layout.keys, values)
    return fields, layout, ascii_only


def decode_form(body: bytes | str) -> FormFields:
    """Decode ``name=value&...``; never raises. A ``str`` body is read as UTF-8 bytes."""
    raw = _as_bytes(body)
    fields, layout, ascii_only = _parse(raw)
    encodings = layout.encodings.copy()
    if ascii_only:
        return FormFields(fields, raw, encodings)
    undecodable: list[str] = []
    cached = _value_cache.get
    for key in [key for key, value in fields.items() if not value.isascii()]:
        value = fields[key]
        fields[key], encodings[key], bad = cached(value) or _decode_value(value)
        if bad:
            undecodable.append(key)
    undecodable += layout.bad_names
    return FormFields(fields, raw, encodings, tuple(dict.fromkeys(undecodable)))


def decode_fields(body: bytes) -> tuple[dict[str, str], AbstractSet[str]]:
    """``decode_form(body).fields`` and the set of its ``encodings`` values, and nothing else.

    The log importer's hot path: skipping the per-field encodings, the undecodable list
    and the ``FormFields`` saves about 2 µs of ``decode_form``'s 12 on a notification line.
    """
    fields, layout, ascii_only = _parse(body)
    if ascii_only:
        return fields, _ASCII_ONLY if fields else frozenset()
    wide = [key for key, value in fields.items() if not value.isascii()]
    used = {ASCII} if len(wide) < len(fields) else set()
    cached = _value_cache.get
    for key in wide:
        value = fields[key]
        fields[key], encoding, _ = cached(value) or _decode_value(value)
        used.add(encoding)
    return fields, used


def decode_response(body: bytes | str) -> FormFields:
    """Decode a cancel URLCall answer (§5.3) that may be wrapped in whitespace or HTML.

    The ``key=value`` run starts at the first of the answer's own field names
    (PayMethod=, ResultCode=, TID=, ...) and ends at ``<`` or the end of the line.
    ``raw`` keeps the whole body.
    """
    raw = _as_bytes(body)
    start = _RESPONSE_START.search(raw)
    if start is not None:
        end = _RUN_END.search(raw, start.start())
        run = raw[start.start() : end.start() if end else len(raw)]
    else:
        lines = (line.strip() for line in _TAG.sub(b"\n", raw).splitlines())
        run = next((line for line in lines if b"=" in line), b"")
    return replace(decode_form(run.strip()), raw=raw)


def encode_form(fields: Mapping[str, str], encoding: str = "euc-kr") -> bytes:
    """Percent-encode ``fields`` like ``urllib.parse.quote_plus`` with ``encoding``.

    EUC-KR is written as CP949: the bytes are identical for every KS X 1001
    character, and CP949-only syllables (똠, 햏) get the two-byte form the gateway
    reads instead of Python's eight-byte EUC-KR composition sequences.
    A value that cannot be encoded raises ``ValueError`` naming the field.
    """
    codec = codecs.lookup(encoding).name
    if codec == "euc_kr":
        codec = CP949
    parts: list[str] = []
    for name, value in fields.items():
        try:
            parts.append(f"{quote_plus(name, encoding=codec)}={quote_plus(value, encoding=codec)}")
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise ValueError(
                f"'{name}' 항목의 글자 {bad!r}는 {encoding}(으)로 보낼 수 없습니다"
            ) from None
    return "&".join(parts).encode(ASCII)
