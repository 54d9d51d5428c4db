"""What a file is, from its bytes (extensions lie: many admin sites' ".xls" are HTML or text)."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from pathlib import Path

from smartro_desk.ingest import phpdump
from smartro_desk.ingest.headers import HEADER_SCAN, find_header
from smartro_desk.ingest.report import CSV, HTML, LOG, XLS, XLSX, ImportFailed

SAMPLE = 1 << 16
_ZIP, _OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"<\s*(?:table|html|!doctype\s+html|meta|tr)[\s>]", re.IGNORECASE)
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)
_MARK_NAMES = rb"(?:TID|MID|PayMethod|ResultCode|StateCd|state_cd|OID|Moid)"
# A form pair (TID=...), a JSON key ("TID": ...) or a Java map pair ({TID=...): a log, not a table.
_LOG_MARK = re.compile(rb"(?:^|[\s&?{,])" + _MARK_NAMES + rb"=|[\"']" + _MARK_NAMES + rb"[\"']\s*:", re.IGNORECASE)
_KOREAN_CODECS = {"euc-kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "cp949", "ms949", "x-windows-949", "uhc"}
DELIMITERS = ("\t", ",", ";", "|")
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r\x0c\x1b")  # the rest are control bytes
_ESCAPED = re.compile("[\udc80-\udcff]")
_WIDE = re.compile("[\u0800-\ud7ff\ue000-\uffff]")


def read_sample(path: Path, size: int = SAMPLE) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(size)
    except OSError as exc:
        raise ImportFailed(f"파일을 열 수 없습니다: {exc.strerror or type(exc).__name__}") from None


def detect_format(path: Path | str) -> str:
    """"xlsx", "xls", "html" (an HTML table, whatever its extension), "csv" or "log"."""
    path = Path(path)
    if path.is_dir():
        raise ImportFailed("폴더는 가져올 수 없습니다. 파일을 고르세요")
    sample = read_sample(path)
    if sample.startswith(_ZIP):
        return XLSX
    if sample.startswith(_OLE2):
        return XLS
    encoding = text_encoding(sample)
    if encoding.startswith("utf-16"):
        text = sample.decode(encoding, "replace").encode("utf-8")
    else:
        text = sample
        if len(text.translate(None, _TEXT_BYTES)) > len(text) // 20 + 2:
            raise ImportFailed("로그나 엑셀·CSV 파일이 아닙니다 (이진 파일)")
    if _HTML.search(text[:4096]) and text.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return HTML
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return CSV
    lines = text.splitlines()[:200]
    if any(_LOG_MARK.search(line) or phpdump.start_of(line.strip()) for line in lines):
        return LOG
    if _has_sheet_header(text.decode(encoding if not encoding.startswith("utf-16") else "utf-8", "replace")):
        return CSV
    return LOG


def _has_sheet_header(text: str) -> bool:
    sep = delimiter(text)
    if sep is None:
        return False
    try:
        rows = list(itertools.islice(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=sep), HEADER_SCAN))
    except csv.Error:
        return False
    return find_header(rows) is not None


def text_encoding(sample: bytes) -> str:
    """"utf-8-sig", "utf-16", "utf-8" or "cp949" for a text file's first bytes."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    meta = _CHARSET.search(sample[:4096])
    if meta is not None and meta.group(1).decode("ascii").lower() in _KOREAN_CODECS:
        return "cp949"
    text = sample.decode("utf-8", "surrogateescape")
    # a character cut by the sample's end is no sign of CP949
    undecodable = len(_ESCAPED.findall(text, 0, max(len(text) - 3, 0)))
    # A UTF-8 file may hold a stray CP949 cell (read per cell later); a CP949 file has few valid
    # 3-byte UTF-8 sequences, and only by chance.
    return "cp949" if undecodable > len(_WIDE.findall(text)) else "utf-8"


def delimiter(text: str) -> str | None:
    """The separator of a delimited text: the one that splits the first lines most evenly."""
    found = delimiters(text)
    return found[0] if found else None


def delimiters(text: str) -> list[str]:
    """The separators found in the first lines, the one splitting them most evenly first."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    scored = []
    for order, sep in enumerate(DELIMITERS):
        counts = [line.count(sep) for line in lines]
        if not counts or max(counts) == 0:
            continue
        common = max(set(counts), key=counts.count)
        scored.append((-(common * counts.count(common)), order, sep))
    return [sep for _, _, sep in sorted(scored)]
