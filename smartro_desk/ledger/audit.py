"""The append-only, hash-chained audit log.

Each entry carries the hash of the one before; altering or removing an entry
breaks the chain at that point, and ``verify`` names the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from smartro_desk.ledger.backend import Database

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    tid: str
    amount: int | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class AuditCheck:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    problem: str = ""


def entry_hash(prev_hash: str, at: str, actor: str, action: str, tid: str, amount: int | None, details: str) -> str:
    payload = json.dumps([prev_hash, at, actor, action, tid, amount, details], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    db: Database, *, at: str, actor: str, action: str, tid: str = "", amount: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> int:
    """Append one entry; must run inside a write transaction (which serialises the chain)."""
    prev = db.scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") or GENESIS
    text = json.dumps(dict(details or {}), ensure_ascii=False, sort_keys=True)
    digest = entry_hash(prev, at, actor, action, tid, amount, text)
    return db.insert(
        "INSERT INTO audit_log (at, actor, action, tid, amount, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, tid, amount, text, prev, digest),
    )


def entries(db: Database, *, tid: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT id, at, actor, action, tid, amount, details, prev_hash, hash FROM audit_log"
    params: list[Any] = []
    if tid is not None:
        sql += " WHERE tid = ?"
        params.append(tid)
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6] or "{}"), r[7], r[8])
        for r in db.query(sql, params)
    ]


def verify(db: Database) -> AuditCheck:
    """Walk the chain; report the first entry that was altered, or that follows a removed one."""
    prev = GENESIS
    count = 0
    expected_id: int | None = None
    for row in db.query(
        "SELECT id, at, actor, action, tid, amount, details, prev_hash, hash FROM audit_log ORDER BY id"
    ):
        entry_id, at, actor, action, tid, amount, details, prev_hash, digest = row
        count += 1
        if expected_id is not None and entry_id != expected_id:
            return AuditCheck(False, count, entry_id, f"항목 {expected_id}부터 {entry_id - 1}까지가 삭제되었습니다")
        if prev_hash != prev:
            return AuditCheck(False, count, entry_id, f"항목 {entry_id} 앞의 항목이 삭제되었거나 바뀌었습니다")
        if entry_hash(prev_hash, at, actor, action, tid, amount, details) != digest:
            return AuditCheck(False, count, entry_id, f"항목 {entry_id}의 내용이 바뀌었습니다")
        prev = digest
        expected_id = entry_id + 1
    return AuditCheck(True, count)
