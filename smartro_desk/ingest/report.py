"""What an import tells the person who ran it: one ``FileReport`` per file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Formats ``detect_format`` names.
LOG, XLSX, XLS, HTML, CSV = "log", "xlsx", "xls", "html", "csv"

# Kinds of batch: gateway records from logs or exports, or the merchant's own orders.
RESULTS, EXPORT, ORDERS = "results", "export", "orders"


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that was not imported, and why, in words a person can act on."""

    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class FileReport:
    """The outcome of importing one file.

    ``records == imported + duplicates + rejected + skipped``. ``flagged`` counts
    imported records whose SignValue did not match (suspected tampering).
    ``rejects`` holds at most ``MAX_REJECTS_IN_REPORT`` entries; the ledger keeps
    them all (``Ledger.batch_issues``). ``error`` is set, and nothing imported,
    when the file could not be read at all.
    """

    path: str
    format: str = ""
    encoding: str = ""
    kind: str = ""
    records: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    flagged: int = 0
    rejects: tuple[Reject, ...] = ()
    batch_id: int | None = None
    already_imported_as: int | None = None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """The shape ``smartro-desk import --json`` prints for a file."""
        out: dict[str, Any] = {
            "path": self.path, "format": self.format, "encoding": self.encoding,
            "records": self.records, "imported": self.imported, "duplicates": self.duplicates,
            "rejected": self.rejected, "skipped": self.skipped, "flagged": self.flagged,
            "kind": self.kind, "batch_id": self.batch_id,
            "rejects": [{"line": r.line, "reason": r.reason} for r in self.rejects],
        }
        if self.error:
            out["error"] = self.error
        if self.already_imported_as is not None:
            out["already_imported_as"] = self.already_imported_as
        return out


MAX_REJECTS_IN_REPORT = 1000


def unexpected(exc: BaseException) -> str:
    """The reject reason for a record that hit a bug: the record is kept as rejected, never lost."""
    return f"읽는 중 예기치 않은 오류가 났습니다 ({type(exc).__name__})"


class ImportFailed(Exception):
    """A file that cannot be read at all (missing, unreadable, not a known format)."""


class UnknownLayout(Exception):
    """A spreadsheet whose columns were not recognised: the app opens a column-mapping step.

    ``headers`` are the header row's cells (made unique), ``header_row`` its
    1-based row number (None when no header row was found), ``samples`` a few
    data rows as text, ``guess`` the columns that were recognised
    (header -> field) to pre-fill the step.
    """

    def __init__(
        self, path: str, headers: Sequence[str], *, header_row: int | None = None,
        samples: Sequence[Sequence[str]] = (), guess: Mapping[str, str] | None = None,
    ) -> None:
        self.path = path
        self.headers = tuple(headers)
        self.header_row = header_row
        self.samples = tuple(tuple(row) for row in samples)
        self.guess = dict(guess or {})
        shown = ", ".join(self.headers[:8]) or "없음"
        super().__init__(
            f"열 구성을 알 수 없습니다. 앱에서 열을 지정해 프로필로 저장하거나 --kind를 지정하세요 "
            f"(찾은 머리글: {shown})"
        )
