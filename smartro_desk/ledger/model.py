"""Plain records the ledger takes in and hands out (no SQL, no Qt)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal["approval", "cancel", "vbank_issued", "vbank_deposit", "failure"]
Channel = Literal["notification", "result", "export", "cancel_api"]
SignStatus = Literal["verified", "mismatch", "no_key", "absent"]

EVENT_KINDS: tuple[str, ...] = ("approval", "cancel", "vbank_issued", "vbank_deposit", "failure")
CHANNELS: tuple[str, ...] = ("notification", "result", "export", "cancel_api")
TX_STATES: tuple[str, ...] = (
    "approved", "partially_cancelled", "cancelled", "vbank_issued", "failed", "cancel_only",
)


_FIELDS_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # json.dumps(...) builds one a call


def source_of(path: str, sheet: str) -> str:
    """Where a record came from, as the ledger stores it: the file, and its sheet in a workbook of several."""
    return f"{path} [{sheet}]" if sheet else path


@dataclass(slots=True)  # not frozen: built a million times an import, and frozen init costs 4x
class EventRecord:
    """One gateway record (result, notification, export row or cancel answer) ready for the ledger."""

    tid: str
    otid: str
    kind: EventKind
    channel: Channel
    fields: Mapping[str, str]
    raw: str = ""
    mid: str = ""
    pay_method: str = ""
    order_id: str = ""
    amount: int | None = None
    result_code: str = ""
    result_msg: str = ""
    state_cd: str = ""
    occurred_at: str | None = None
    sign_status: SignStatus = "absent"
    buyer: str = ""
    goods: str = ""
    fn_cd: str = ""
    fn_name: str = ""
    card_quota: str = ""
    auth_code: str = ""
    vbank_num: str = ""
    divide_info: str = ""
    source_line: int | None = None
    logged_at: str | None = None
    sender_ip: str = ""
    occurrence: int = 1  # nth time this exact raw text appears in its file
    # The fields already encoded as the ledger stores them, when the record was parsed in another
    # process (ingest.parse_worker): ``fields`` is then empty and this text is what gets stored.
    fields_text: str | None = None
    # (fingerprint, occurrence key), when that other process computed them too.
    keys: tuple[str, str] | None = None
    # The second event of one record (an export row's cancel beside its approval): an import counts the
    # record once, imported if either event is new.
    same_record: bool = False
    sheet: str = ""  # the workbook sheet of a row, when the workbook has several: stored with its file

    def fields_json(self) -> str:
        if self.fields_text is not None:
            return self.fields_text
        return _FIELDS_JSON.encode(self.fields if isinstance(self.fields, dict) else dict(self.fields))

    def fingerprint_of(self, fields_json: str) -> str:
        """Identical content (a retried notification) gives the same fingerprint."""
        return hashlib.sha1(f"{self.channel}\x00{fields_json}".encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def fingerprint(self) -> str:
        return self.fingerprint_of(self.fields_json())

    @property
    def fact_key(self) -> str:
        """The payment fact this record reports, whichever channel it came through."""
        suffix = f"|{self.result_code}" if self.kind == "failure" else ""
        return f"{self.tid}|{self.kind}{suffix}"

    def keys_of(self, fields_json: str) -> tuple[str, str]:
        """(fingerprint, occurrence key)."""
        return self.keys or (self.fingerprint_of(fields_json), self.occurrence_key(fields_json))

    def occurrence_key(self, fields_json: str) -> str:
        """The record's own bytes and the how-many-th time they appear in their file."""
        text = self.raw or fields_json
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{digest}#{self.occurrence}"


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """One row of the merchant's own order list."""

    order_id: str
    amount: int | None
    mid: str = ""
    ordered_at: str | None = None
    status: str = ""
    buyer: str = ""
    goods: str = ""
    divide_info: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    source_line: int | None = None
    sheet: str = ""  # the workbook sheet of the row, when the workbook has several

    @property
    def fingerprint(self) -> str:
        body = json.dumps(
            [self.order_id, self.mid, self.amount, self.ordered_at, self.status, self.divide_info],
            ensure_ascii=False,
        )
        return hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """What happened to one record handed to the ledger."""

    outcome: Literal["imported", "duplicate"]
    event_id: int
    line: int | None


@dataclass(frozen=True, slots=True)
class Issue:
    """A record of a batch that was not imported."""

    line: int | None
    outcome: Literal["rejected", "duplicate", "skipped"]
    reason: str
    event_id: int | None = None
    raw: str = ""


@dataclass(frozen=True, slots=True)
class Batch:
    id: int
    path: str
    content_hash: str
    format: str
    encoding: str
    kind: str
    records: int
    imported: int
    duplicates: int
    rejected: int
    skipped: int
    flagged: int
    status: str
    actor: str
    started_at: str
    finished_at: str | None


ChangeKind = Literal["transactions", "batches", "cancels", "audit", "resolutions", "merchants", "orders"]
CHANGE_KINDS: frozenset[str] = frozenset(ChangeKind.__args__)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Change:
    """Announced after a commit so views can refresh (``tids`` empty: any transaction may have changed)."""

    what: ChangeKind
    tids: frozenset[str] = frozenset()
    external: bool = False  # committed by another connection (another desk or program)
