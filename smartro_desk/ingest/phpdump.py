"""PHP ``print_r($_REQUEST)`` and ``var_export($_REQUEST)`` dumps, several lines per record.

print_r::

    Array
    (
        [PayMethod] => CARD
        [GoodsName] => 상품
    )

var_export::

    array (
      'PayMethod' => 'CARD',
      'GoodsName' => '상품',
    )

Either may follow a log prefix on its first line. The top-level closing
parenthesis sits at column 0; nested arrays are indented and kept as JSON text.
Values are bytes as PHP received them (EUC-KR or UTF-8) and are decoded per field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TypeAlias

from smartro_desk.ingest.text import decode_value

PRINT_R, VAR_EXPORT = "print_r", "var_export"

# The first line of a dump: "Array" or "array (" at the end of a line, after an optional prefix.
START = re.compile(rb"(?:^|(?<=[\s:\]>|=-]))(?:(Array)|(array) ?\()\s*$")
_PR_ENTRY = re.compile(rb"^ {4}\[(.*?)\] => ?(.*)$", re.DOTALL)
_CLOSE = re.compile(rb"^\)[;,]?\s*$")
# A line at column 0 that starts another record: a log time stamp, a form body, JSON or a Java map.
_NEXT_RECORD = re.compile(rb"^(?:\[?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\{|[A-Za-z_][\w.\-]*=)")
_VE_SCALAR = re.compile(rb"[^\s,)=]*")
_WS = re.compile(rb"\s*")

MAX_LINES = 5000  # a dump longer than this is not a request: the block is abandoned as damaged


PhpValue: TypeAlias = "bytes | list[tuple[bytes, PhpValue]]"


class DumpError(ValueError):
    """A dump that cannot be read (damaged or cut short)."""


@dataclass(slots=True)
class Block:
    """The lines of one dump, from its first line (the one that says Array)."""

    style: str
    line: int
    prefix: bytes
    lines: list[bytes] = field(default_factory=list)

    def feed(self, line: bytes) -> bool:
        """Add a line (without its line break); True when the dump is complete."""
        if not self.lines and self.style == PRINT_R and line.strip() != b"(":
            raise DumpError("'Array' 다음에 '('가 없습니다")
        if line[:1] not in (b"", b" ", b"\t", b"(", b")") and (START.search(line) or _NEXT_RECORD.match(line)):
            raise DumpError("다음 기록이 시작될 때까지 끝나지 않았습니다 (잘린 기록)")
        self.lines.append(line)
        if len(self.lines) > MAX_LINES:
            raise DumpError(f"PHP 출력이 {MAX_LINES}줄을 넘어 끝나지 않습니다")
        return _CLOSE.match(line) is not None and (self.style == VAR_EXPORT or len(self.lines) > 1)

    def raw(self, first_line: bytes) -> bytes:
        return b"\n".join([first_line, *self.lines])

    def pairs(self, seen: set[str]) -> list[tuple[str, str]]:
        """The dump's ``(name, value)`` pairs, values decoded per field (encodings added to ``seen``)."""
        if self.style == PRINT_R:
            return _print_r_pairs(self.lines[1:-1], seen)
        return _var_export_pairs(b"\n".join([b"array (", *self.lines]), seen)


def start_of(line: bytes) -> tuple[str, bytes] | None:
    """``(style, prefix)`` when ``line`` opens a dump."""
    match = START.search(line)
    if match is None:
        return None
    return (PRINT_R if match.group(1) else VAR_EXPORT), line[: match.start()]


def _text(value: bytes, seen: set[str]) -> str:
    text, encoding, _ = decode_value(value)
    seen.add(encoding)
    return text


def _print_r_pairs(lines: list[bytes], seen: set[str]) -> list[tuple[str, str]]:
    entries: list[tuple[bytes, list[bytes]]] = []
    for line in lines:
        match = _PR_ENTRY.match(line)
        if match is not None:
            entries.append((match.group(1), [match.group(2)]))
        elif entries:
            entries[-1][1].append(line)
        elif line.strip():
            raise DumpError("print_r 출력의 첫 항목을 읽을 수 없습니다")
    pairs = []
    for key, parts in entries:
        if parts[0] == b"Array" and len(parts) > 1:
            pairs.append((_text(key, seen), _nested_print_r(parts[1:], seen)))
        else:
            pairs.append((_text(key, seen), _text(b"\n".join(parts).rstrip(b"\n"), seen)))
    return pairs


def _nested_print_r(lines: list[bytes], seen: set[str]) -> str:
    """A nested print_r array, dedented and read as a JSON object."""
    body = [line for line in lines if line.strip()]
    if len(body) < 2:
        return _text(b"\n".join(lines).strip(), seen)
    indent = len(body[0]) - len(body[0].lstrip())
    inner = [line[indent:] for line in body[1:-1]]
    return json.dumps(dict(_print_r_pairs(inner, seen)), ensure_ascii=False)


class _VarExport:
    """A small reader of var_export's grammar: arrays, quoted strings, scalars."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def _skip(self) -> None:
        self.pos = _WS.match(self.data, self.pos).end()  # type: ignore[union-attr]

    def _expect(self, token: bytes) -> None:
        self._skip()
        if not self.data.startswith(token, self.pos):
            raise DumpError(f"var_export 출력이 {self.pos}번째 글자에서 끊겼거나 손상되었습니다")
        self.pos += len(token)

    def array(self) -> list[tuple[bytes, PhpValue]]:
        self._expect(b"array")
        self._expect(b"(")
        items: list[tuple[bytes, PhpValue]] = []
        while True:
            self._skip()
            if self.data.startswith(b")", self.pos):
                self.pos += 1
                return items
            key = self.value()
            if isinstance(key, list):
                raise DumpError("var_export 출력의 키가 배열입니다")
            self._expect(b"=>")
            items.append((key, self.value()))
            self._skip()
            if self.data.startswith(b",", self.pos):
                self.pos += 1

    def value(self) -> PhpValue:
        self._skip()
        data, pos = self.data, self.pos
        if data.startswith(b"'", pos):
            return self._quoted()
        if data.startswith(b"array", pos):
            return self.array()
        if data.startswith(b"\\", pos) and b"::__set_state(" in data[pos:pos + 200]:
            self.pos = data.index(b"::__set_state(", pos) + len(b"::__set_state(")
            inner = self.array()
            self._expect(b")")
            return inner
        end = _VE_SCALAR.match(data, pos).end()  # type: ignore[union-attr]
        if end == pos:
            raise DumpError(f"var_export 출력이 {pos}번째 글자에서 끊겼거나 손상되었습니다")
        self.pos = end
        token = data[pos:end].strip()
        return b"" if token == b"NULL" else token

    def _quoted(self) -> bytes:
        data, pos = self.data, self.pos + 1
        out = bytearray()
        while True:
            quote = data.find(b"'", pos)
            slash = data.find(b"\\", pos)
            if quote < 0:
                raise DumpError("var_export 출력의 문자열이 끝나지 않았습니다")
            if 0 <= slash < quote:
                out += data[pos:slash]
                nxt = data[slash + 1:slash + 2]
                out += nxt if nxt in (b"'", b"\\") else b"\\" + nxt
                pos = slash + 2
                continue
            out += data[pos:quote]
            self.pos = quote + 1
            return bytes(out)


def _plain(value: PhpValue, seen: set[str]) -> object:
    if isinstance(value, list):
        return {_text(k, seen): _plain(v, seen) for k, v in value}
    return _text(value, seen)


def _var_export_pairs(data: bytes, seen: set[str]) -> list[tuple[str, str]]:
    pairs = []
    for key, value in _VarExport(data).array():
        if isinstance(value, list):
            pairs.append((_text(key, seen), json.dumps(_plain(value, seen), ensure_ascii=False)))
        else:
            pairs.append((_text(key, seen), _text(value, seen)))
    return pairs
