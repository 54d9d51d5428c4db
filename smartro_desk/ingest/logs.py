"""Merchant server logs of payment results and notifications, read as a stream.

Each line is recognised on its own, so one file may mix every shape:

1. a raw request body ``PayMethod=CARD&MID=...`` (percent-encoded EUC-KR/CP949 or UTF-8);
2. the same behind a log prefix (date, time, level, logger, thread, client IP);
3. a PHP ``print_r`` / ``var_export`` dump spanning several lines (see ``phpdump``);
4. a Java ``Map.toString()`` line ``{PayMethod=CARD, MID=SMTPAY001m, ...}``;
5. a JSON object per line, keys in any alias spelling (possibly a structured-log
   wrapper holding the request under ``params``/``body`` or as a form string;
   the wrapper's own keys — time, level, logger, IP, URL — give the line's time,
   sender and page and stay in the raw line, not among the gateway's fields).

A line with no payment field at all (other log noise) is *skipped*; blank and
comment lines too. A record that is cut short or unreadable is *rejected* with
its line number and a reason. The reader never raises for bad content.

A UTF-8 byte order mark at the start of a line (the file's, or that of a log
appended to another) is not part of the line. The file's last line, when no line
break follows it, may have been cut while being written: its record is rejected
as cut short when the cut shows (a SignValue shorter than a whole one at its end,
a value ending inside a %-escape or a character, or a record ending before the
SignValue the record before it had); a whole last line is read as any other.
"""

from __future__ import annotations

import ast
import base64
import binascii
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import unquote_to_bytes

from smartro_desk.ingest import logprefix, phpdump
from smartro_desk.ingest.classify import is_cancel_answer, is_payment_request
from smartro_desk.ingest.report import unexpected
from smartro_desk.ingest.text import ASCII, decode_value, display_text, is_printable_text, repair_escaped
from smartro_desk.ledger import Issue
from smartro_desk.protocol.fields import CANONICAL, SIGN_VALUE, canonical_name, canonicalize
from smartro_desk.protocol.formcodec import decode_fields, decode_form

log = logging.getLogger(__name__)

KNOWN_FIELDS = frozenset(CANONICAL)
MAX_LINE = 1 << 20  # a longer "line" is damage (or a file with no line breaks), not a request
BOM = b"\xef\xbb\xbf"
WHOLE_SIGN_VALUE = 44  # base64 of an md5 digest's 32 hex characters (SPEC.md)

_IDENT_START = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_LEAD_NAME = re.compile(rb"[A-Za-z_][\w.\-\[\]]*=")
_NAME_EQ = re.compile(rb"(?<![\w%.\-])([A-Za-z_]\w*)=")
_PAIRS_BEFORE = re.compile(rb"(?:^|(?<=[^\w%.\-]))((?:[A-Za-z_][\w.\-\[\]]*=[^\s&=]*&)+)$")
_JAVA_KEY = re.compile(rb"\{\s*[A-Za-z_][\w.\-]*=")
_JAVA_SPLIT = re.compile(rb", (?=[A-Za-z_][\w.\-]*=)")
_CLOSERS = {ord('"'): b'"', ord("'"): b"'", ord("["): b"]", ord("("): b")", ord("<"): b">"}
_JSON_META = frozenset({
    "time", "timestamp", "@timestamp", "ts", "datetime", "logged_at", "level", "severity",
    "loglevel", "logger", "logger_name", "thread", "thread_name", "ip", "remote_addr",
    "remoteaddr", "client_ip", "clientip", "remote_ip", "x-forwarded-for", "message", "msg",
    "uri", "url", "path", "method", "@version", "pid", "hostname", "host",
})
_JSON_TIME_KEYS = ("time", "timestamp", "@timestamp", "ts", "datetime", "logged_at")
_JSON_IP_KEYS = ("ip", "remote_addr", "remoteaddr", "client_ip", "clientip", "remote_ip", "x-forwarded-for")

_JSON = json.JSONDecoder()
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*")
_ESCAPE_CUT = re.compile(rb"%[0-9A-Fa-f]?\Z")
_FORM_PAIR = re.compile(rb"([A-Za-z_][\w.\-\[\]]*)?(?:=([^\s&=\"'{}]*))?")  # a form body's last, perhaps cut short
_HEX = frozenset(b"0123456789abcdef")

BLANK, COMMENT, NOISE = "빈 줄", "주석 줄", "결제 기록이 아닌 줄"


@dataclass(slots=True)
class LogEntry:
    """One record found in a log, before it is classified."""

    line: int
    fields: dict[str, str]
    raw: str
    raw_key: int  # hash of the record's bytes: repeats of the same text share it
    logged_at: str | None = None
    sender_ip: str = ""
    hint: str = ""


class _Reject(Exception):
    pass


def _has_known(fields: dict[str, str]) -> bool:
    return not KNOWN_FIELDS.isdisjoint(fields)


class LogReader:
    """Iterates a log's records (``LogEntry``) and its non-records (ledger ``Issue``)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.bytes_done = 0
        self.encodings: set[str] = set()

    def __iter__(self) -> Iterator[LogEntry | Issue]:
        readline = self.stream.readline
        block: phpdump.Block | None = None
        block_first = b""
        number = 0
        previous: LogEntry | None = None  # the last record read
        while True:
            data = readline(MAX_LINE)
            if not data:
                break
            number += 1
            self.bytes_done += len(data)
            if len(data) == MAX_LINE and not data.endswith(b"\n"):
                yield self._overlong(number, data)
                continue
            if data[0] == 0xEF and data.startswith(BOM):
                data = data[3:]
            if block is not None:
                line = data.rstrip(b"\r\n")
                try:
                    done = block.feed(line)
                except phpdump.DumpError as exc:
                    failed, block = block, None
                    if failed.lines:
                        yield Issue(failed.line, "rejected", f"PHP 출력을 읽을 수 없습니다: {exc}",
                                    raw=display_text(failed.raw(block_first))[:2000])
                    else:  # "Array" was only a word at the end of a log line
                        yield self._line(failed.line, block_first)
                    # the current line is read on its own below
                else:
                    if done:
                        item = self._dump(block, block_first)
                        block = None
                        if type(item) is LogEntry:
                            previous = item
                        yield item
                    continue
            stripped = data.strip()
            start = phpdump.start_of(stripped) if stripped.endswith((b"Array", b"y (", b"y(")) else None
            if start is not None:
                block = phpdump.Block(start[0], number, start[1])
                block_first = stripped
                continue
            item = self._line(number, stripped)
            if data[-1:] != b"\n":  # the file's last line: perhaps cut short while being written
                item = _unless_cut(item, stripped, previous)
            elif type(item) is LogEntry:
                previous = item
            yield item
        if block is not None and not block.lines:  # "Array" was only a word at the end of the last line
            yield self._line(block.line, block_first)
        elif block is not None:
            yield Issue(block.line, "rejected", "PHP 출력이 끝나기 전에 파일이 끝났습니다 (잘린 기록)",
                        raw=display_text(block.raw(block_first))[:2000])

    # -- one line -----------------------------------------------------------------

    def _line(self, number: int, s: bytes) -> LogEntry | Issue:
        if not s:
            return Issue(number, "skipped", BLANK)
        if s[0] in _IDENT_START and b" " not in s and _LEAD_NAME.match(s):
            fields, used = decode_fields(s)
            if _has_known(fields):
                self.encodings |= used
                return LogEntry(number, fields, s.decode(ASCII) if s.isascii() else display_text(s), hash(s))
        try:
            return self._slow(number, s)
        except _Reject as exc:
            return Issue(number, "rejected", str(exc), raw=display_text(s)[:2000])
        except Exception as exc:  # a bug must not lose the line or stop the import: rejected and logged
            log.warning("line %s: %s", number, type(exc).__name__, exc_info=True)
            return Issue(number, "rejected", unexpected(exc), raw=display_text(s)[:2000])

    def _slow(self, number: int, s: bytes) -> LogEntry | Issue:
        if s[:1] == b"#" or s[:2] == b"//":
            return Issue(number, "skipped", COMMENT)
        anchor = _form_anchor(s)
        brace = s.find(b"{")
        if brace >= 0 and (anchor < 0 or brace < anchor):
            after = s[brace + 1:].lstrip()[:1]
            if after in (b'"', b"'", b"}"):
                return self._json(number, s, brace)
            if _JAVA_KEY.match(s, brace):
                return self._java(number, s, brace)
        if anchor >= 0:
            return self._form(number, s, anchor)
        return self._noise(number, s)

    def _noise(self, number: int, s: bytes) -> Issue:
        text, _, damaged = decode_value(s)
        if damaged or not is_printable_text(text):
            raise _Reject("읽을 수 없는 줄입니다 (손상된 데이터)")
        return Issue(number, "skipped", NOISE)

    def _entry(self, number: int, s: bytes, fields: dict[str, str], prefix: bytes) -> LogEntry:
        at, ip, hint = logprefix.describe(prefix)
        return LogEntry(number, fields, display_text(s), hash(s), at, ip, hint)

    def _form(self, number: int, s: bytes, anchor: int) -> LogEntry | Issue:
        prefix, body = s[:anchor], s[anchor:]
        opener = prefix[-1:]
        if opener == b"?":  # a query string inside an access-log request line
            body = body.split(None, 1)[0].rstrip(b'"')
        elif opener and opener[0] in _CLOSERS:
            end = body.rfind(_CLOSERS[opener[0]])
            if end > 0:
                body = body[:end]
        fields, used = decode_fields(body.rstrip())
        if not _has_known(fields):
            return self._noise(number, s)
        self.encodings |= used
        return self._entry(number, s, fields, prefix)

    def _json(self, number: int, s: bytes, brace: int) -> LogEntry | Issue:
        payload = s[brace:]
        try:
            text, exact = payload.decode("utf-8"), True
        except UnicodeDecodeError:
            text, exact = payload.decode("utf-8", "surrogateescape"), False
        obj = _load_object(text)
        record, meta = _json_record(obj)
        if record is None:
            return self._noise(number, s)
        pairs = []
        for key, value in record:
            value_text = _json_text(value)
            if not exact:
                value_text, encoding = repair_escaped(value_text)
                self.encodings.add(encoding)
            elif not value_text.isascii():
                self.encodings.add("utf-8")
            pairs.append((key, value_text))
        fields = canonicalize(pairs)
        if not _has_known(fields):
            return self._noise(number, s)
        entry = self._entry(number, s, fields, s[:brace])
        for key in _JSON_TIME_KEYS:
            if key in meta and entry.logged_at is None:
                entry.logged_at = logprefix.logged_at(str(meta[key]).encode("utf-8", "replace"))
        for key in _JSON_IP_KEYS:
            if key in meta and not entry.sender_ip:
                entry.sender_ip = logprefix.sender_ip(str(meta[key]).encode("utf-8", "replace"))
        if not entry.hint:
            where = " ".join(str(meta.get(k, "")) for k in ("uri", "url", "path", "logger", "message"))
            entry.hint = logprefix.hint(where.encode("utf-8", "replace"), entry.sender_ip)
        return entry

    def _java(self, number: int, s: bytes, brace: int) -> LogEntry | Issue:
        payload = s[brace:].rstrip()
        if not payload.endswith(b"}"):
            raise _Reject("Java Map 기록이 잘렸습니다 ('}'로 끝나지 않음)")
        parts = [part.partition(b"=") for part in _JAVA_SPLIT.split(payload[1:-1].strip())]
        values = [value for _, _, value in parts]
        if any(value.startswith(b"[Ljava.lang.String;@") for value in values):
            raise _Reject("Java 배열 주소만 기록되어 값이 없습니다 ([Ljava.lang.String;@…)")
        if all(v[:1] == b"[" and v[-1:] == b"]" for v in values if v):
            values = [v[1:-1] if v else v for v in values]
        pairs = []
        for (name, _, _), value in zip(parts, values, strict=True):
            text, encoding, _ = decode_value(value)
            self.encodings.add(encoding)
            pairs.append((decode_value(name.strip())[0], "" if text == "null" else text))
        fields = canonicalize(pairs)
        if not _has_known(fields):
            return self._noise(number, s)
        return self._entry(number, s, fields, s[:brace])

    def _dump(self, block: phpdump.Block, first: bytes) -> LogEntry | Issue:
        raw = block.raw(first)
        try:
            pairs = block.pairs(self.encodings)
        except phpdump.DumpError as exc:
            return Issue(block.line, "rejected", f"PHP 출력을 읽을 수 없습니다: {exc}", raw=display_text(raw)[:2000])
        except Exception as exc:  # a bug must not stop the import: rejected and logged
            log.warning("dump at line %s: %s", block.line, type(exc).__name__, exc_info=True)
            return Issue(block.line, "rejected", unexpected(exc), raw=display_text(raw)[:2000])
        fields = canonicalize(pairs)
        if not _has_known(fields):
            return Issue(block.line, "skipped", NOISE)
        return self._entry(block.line, raw, fields, block.prefix)

    def _overlong(self, number: int, data: bytes) -> Issue:
        rest = data
        while rest and not rest.endswith(b"\n"):
            rest = self.stream.readline(MAX_LINE)
            self.bytes_done += len(rest)
        return Issue(number, "rejected", f"줄이 {MAX_LINE // 1024}KB를 넘습니다 (손상되었거나 줄바꿈이 없는 파일)",
                     raw=display_text(data[:2000]))


def _unless_cut(item: LogEntry | Issue, s: bytes, previous: LogEntry | None) -> LogEntry | Issue:
    """The record of the file's last line ``s`` (no line break after it), or its rejection when
    the line shows it was cut short; ``previous`` is the record before it."""
    if type(item) is not LogEntry:
        return item
    try:
        _check_not_cut(item.fields, s, previous)
    except _Reject as exc:
        return Issue(item.line, "rejected", str(exc), raw=display_text(s)[:2000])
    return item


def _check_not_cut(fields: dict[str, str], s: bytes, previous: LogEntry | None) -> None:
    """``_Reject`` when ``s`` ends in a form body that shows a cut (see the module docstring)."""
    end = _FORM_PAIR.fullmatch(s, s.rfind(b"&") + 1)
    if end is None:  # no form pair at its end: a JSON object, Java map or dump cut short does not parse
        return
    name, value = end.group(1) or b"", end.group(2)  # the value is None when the cut came inside the name
    if canonical_name(name.decode("ascii")) == SIGN_VALUE and (value is None or _part_of_sign_value(
            unquote_to_bytes(value))):
        raise _Reject("파일 끝에서 마지막 줄이 잘렸습니다: SignValue가 끝까지 기록되지 않았습니다")
    if value and (_ESCAPE_CUT.search(value) or _ends_inside_character(unquote_to_bytes(value))):
        raise _Reject("파일 끝에서 마지막 줄이 잘렸습니다: 값이 %-인코딩이나 글자 중간에서 끊겼습니다")
    if (SIGN_VALUE not in fields and previous is not None and previous.fields.get(SIGN_VALUE)
            and not is_cancel_answer(fields) and not is_payment_request(fields)):
        raise _Reject("파일 끝에서 마지막 줄이 잘렸습니다: 기록이 SignValue 앞에서 끊겼습니다")


def _part_of_sign_value(value: bytes) -> bool:
    """The start of a SignValue but not all of it: base64 of lowercase hex, shorter than a whole one."""
    if len(value) >= WHOLE_SIGN_VALUE or not _BASE64.fullmatch(value):
        return False
    try:
        return _HEX.issuperset(base64.b64decode(value[: len(value) // 4 * 4]))
    except binascii.Error:
        return False


def _ends_inside_character(data: bytes) -> bool:
    """Bytes readable but for a multi-byte character cut at their end: UTF-8 (after other UTF-8) or CP949."""
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and not data[: exc.start].isascii():
            return True
    try:
        data.decode("cp949")
        return False
    except UnicodeDecodeError as exc:
        return exc.reason == "incomplete multibyte sequence"


def _form_anchor(s: bytes) -> int:
    """Where a form body starts: its first known field, or unknown pairs joined to it by '&'."""
    for match in _NAME_EQ.finditer(s):
        if canonical_name(match.group(1).decode("ascii")) in KNOWN_FIELDS:
            anchor = match.start(1)
            before = _PAIRS_BEFORE.search(s, 0, anchor)
            return before.start(1) if before is not None else anchor
    return -1


def _load_object(text: str) -> dict[str, object]:
    """A JSON object (trailing log text ignored), or a Python dict's repr as Django/Flask log it."""
    try:
        obj, _ = _JSON.raw_decode(text)
    except (ValueError, RecursionError):
        end = text.rfind("}")
        try:
            obj = ast.literal_eval(text[: end + 1]) if text[1:].lstrip()[:1] == "'" and end > 0 else None
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            obj = None
        if obj is None:
            raise _Reject("JSON 기록이 잘렸거나 손상되었습니다") from None
        if isinstance(obj, dict):  # QueryDict: every value a one-element list
            obj = {str(k): (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in obj.items()}
    if not isinstance(obj, dict):
        raise _Reject("JSON 기록이 객체가 아닙니다")
    return obj


def _json_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _json_record(obj: dict[str, object]) -> tuple[list[tuple[str, object]] | None, dict[str, object]]:
    """The request's ``(name, value)`` pairs and the log's own metadata (time, IP, URL)."""
    meta = {k.lower(): v for k, v in obj.items() if k.lower() in _JSON_META}
    own = [(k, v) for k, v in obj.items() if k.lower() not in _JSON_META]
    if any(canonical_name(k) in KNOWN_FIELDS for k, _ in own):
        return own, meta
    for value in obj.values():
        if isinstance(value, dict) and any(canonical_name(str(k)) in KNOWN_FIELDS for k in value):
            return [(str(k), v) for k, v in value.items()], meta
    for value in obj.values():
        if isinstance(value, str) and "=" in value:
            raw = value.encode("utf-8", "surrogateescape")
            anchor = _form_anchor(raw)
            if anchor >= 0:
                form = decode_form(raw[anchor:])
                return list(form.fields.items()), meta
    return None, meta
