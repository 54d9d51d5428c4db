"""The ledger side of cancels: locks, attempts, holds and settlements, in SQL.

Every write runs inside ``ledger.write()`` (joining the caller's transaction
when there is one), so "check the lock, take it and write the intent" is one
``BEGIN IMMEDIATE`` transaction that SQLite serialises across processes.
The decisions (rules, what an answer means) live in ``smartro_desk.cancel``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from smartro_desk.ledger import audit
from smartro_desk.ledger.model import Change, EventRecord
from smartro_desk.ledger.recompute import recompute
from smartro_desk.ledger.store import Ledger, now_text
from smartro_desk.protocol.merchants import TEST_MERCHANTS

HOLD_STATUSES = ("unknown",)
DONE_STATUSES = ("cancelled", "settled_cancelled")

_ATTEMPT_COLUMNS = (
    "id, tid, actor, owner, endpoint, amount, partial, reason, divide_info, status, code, message, "
    "ptid, requested_at, answered_at, http_status, error, settled_amount, settled_at, settled_by, settle_note"
)


@dataclass(frozen=True, slots=True)
class LockInfo:
    """A cancel in flight: who sends it, from where, since when."""

    tid: str
    owner: str
    since: str
    attempt_id: int | None
    host: str
    pid: int | None


@dataclass(frozen=True, slots=True)
class Attempt:
    id: int
    tid: str
    actor: str
    owner: str
    endpoint: str
    amount: int
    partial: bool
    reason: str
    divide_info: str
    status: str
    code: str
    message: str
    ptid: str
    requested_at: str
    answered_at: str | None
    http_status: int | None
    error: str
    settled_amount: int | None  # what the user (or a notification) confirmed was cancelled
    settled_at: str | None
    settled_by: str
    settle_note: str


@dataclass(frozen=True, slots=True)
class CancelTarget:
    """What the cancel rules need to know about one transaction, read in one go."""

    tid: str
    mid: str
    pay_method: str
    order_id: str
    approved_at: str | None
    amount: int | None
    cancelled: int
    remaining: int | None
    state: str
    flagged: bool
    sign_status: str
    cancel_hold: str | None
    divide_info: str
    goods: str
    buyer: str
    sub_mall_mids: tuple[str, ...]
    lock: LockInfo | None
    done_divide_infos: tuple[str, ...]  # DivideInfo of this app's completed cancels of the TID


class CancelBlocked(RuntimeError):
    """Another dialog or program is sending a cancel for this TID right now."""

    def __init__(self, lock: LockInfo) -> None:
        self.lock = lock
        super().__init__(
            f"{lock.tid} 거래는 {lock.owner}이(가) {lock.since}부터 취소 요청을 보내는 중입니다. "
            "그 결과가 나온 뒤 다시 확인하세요."
        )


def _attempt(row: Sequence[Any]) -> Attempt:
    values = list(row)
    values[6] = bool(values[6])
    return Attempt(*values)


def _lock(ledger: Ledger, tid: str) -> LockInfo | None:
    row = ledger.db.query_one(
        "SELECT tid, owner, since, attempt_id, host, pid FROM cancel_locks WHERE tid = ?", (tid,)
    )
    return LockInfo(*row) if row else None


def locks(ledger: Ledger) -> list[LockInfo]:
    rows = ledger.db.query("SELECT tid, owner, since, attempt_id, host, pid FROM cancel_locks ORDER BY since")
    return [LockInfo(*r) for r in rows]


def attempts(ledger: Ledger, tid: str | None = None, *, statuses: Sequence[str] = ()) -> list[Attempt]:
    """Cancel attempts, oldest first, of one TID and/or in some statuses."""
    sql, params = f"SELECT {_ATTEMPT_COLUMNS} FROM cancel_attempts WHERE 1 = 1", []
    if tid is not None:
        sql += " AND tid = ?"
        params.append(tid)
    if statuses:
        sql += f" AND status IN ({','.join('?' * len(statuses))})"
        params.extend(statuses)
    return [_attempt(r) for r in ledger.db.query(sql + " ORDER BY id", params)]


def awaiting_gateway_record(ledger: Ledger, tids: Sequence[str] | None = None) -> list[Attempt]:
    """Attempts, oldest first (of ``tids``, or all), that a cancel record of the gateway's is still to settle
    or link: an unknown outcome, and a partial cancel recorded without its PTID (answered without one, or
    settled by hand), whose stand-in event the gateway's record replaces."""
    sql = (f"SELECT {_ATTEMPT_COLUMNS} FROM cancel_attempts WHERE (status = 'unknown' OR "
           "(status IN ('cancelled', 'settled_cancelled') AND partial = 1 AND ptid = ''))")
    if tids is None:
        return [_attempt(r) for r in ledger.db.query(sql + " ORDER BY id")]
    return [_attempt(r) for tid in dict.fromkeys(tids) for r in ledger.db.query(sql + " AND tid = ? ORDER BY id", (tid,))]


def attempt(ledger: Ledger, attempt_id: int) -> Attempt:
    row = ledger.db.query_one(f"SELECT {_ATTEMPT_COLUMNS} FROM cancel_attempts WHERE id = ?", (attempt_id,))
    if row is None:
        raise KeyError(attempt_id)
    return _attempt(row)


def held_tids(ledger: Ledger) -> list[str]:
    """Transactions marked "결과 확인 필요" (a cancel's outcome is unknown)."""
    return [r[0] for r in ledger.db.query("SELECT tid FROM transactions WHERE cancel_hold IS NOT NULL ORDER BY tid")]


def sub_mall_mids(ledger: Ledger, mid: str) -> tuple[str, ...]:
    """Sub-malls of a settlement merchant: the ledger's merchants plus the published test ones."""
    test = TEST_MERCHANTS.get(mid)
    known = set(ledger.sub_mall_mids(mid)) | set(test.sub_mall_mids if test else ())
    return tuple(sorted(known))


def read_target(ledger: Ledger, tid: str) -> CancelTarget | None:
    """The transaction ``tid`` with its lock and sub-malls; ``None`` if the ledger has no such TID."""
    row = ledger.db.query_one(
        "SELECT tid, mid, pay_method, order_id, approved_at, amount, cancelled, remaining, state, flagged, "
        "sign_status, cancel_hold, divide_info, goods, buyer FROM transactions WHERE tid = ?",
        (tid,),
    )
    if row is None:
        return None
    done = tuple(a.divide_info for a in attempts(ledger, tid, statuses=DONE_STATUSES) if a.divide_info)
    (tid_, mid, method, order_id, approved_at, amount, cancelled, remaining, state, flagged,
     sign_status, hold, divide_info, goods, buyer) = row
    return CancelTarget(
        tid_, mid, method, order_id, approved_at, amount, cancelled, remaining, state, bool(flagged),
        sign_status, hold, divide_info, goods, buyer, sub_mall_mids(ledger, mid or tid[:10]),
        _lock(ledger, tid), done,
    )


def _audit(ledger: Ledger, action: str, tid: str, amount: int | None, actor: str, details: Mapping[str, Any]) -> None:
    audit.append(ledger.db, at=now_text(), actor=actor, action=action, tid=tid, amount=amount, details=details)
    ledger.announce(Change("audit"))


def audit_only(ledger: Ledger, action: str, *, tid: str, amount: int | None, actor: str, details: Mapping[str, Any]) -> None:
    """An audit entry with no other change (e.g. a cancel refused before sending)."""
    with ledger.write():
        _audit(ledger, action, tid, amount, actor, details)


def begin_attempt(
    ledger: Ledger, *, tid: str, endpoint: str, amount: int, partial: bool, reason: str, divide_info: str,
    actor: str, owner: str, host: str, pid: int, details: Mapping[str, Any],
) -> int:
    """Take the TID's lock and write the intent, in one transaction; the attempt id.

    Raises ``CancelBlocked`` when another sender holds the lock.
    """
    with ledger.write():
        held = _lock(ledger, tid)
        if held is not None:
            raise CancelBlocked(held)
        now = now_text()
        attempt_id = ledger.db.insert(
            "INSERT INTO cancel_attempts (tid, actor, owner, endpoint, amount, partial, reason, divide_info, "
            "status, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'intent', ?)",
            (tid, actor, owner, endpoint, amount, int(partial), reason, divide_info, now),
        )
        ledger.db.execute(
            "INSERT INTO cancel_locks (tid, owner, since, attempt_id, host, pid) VALUES (?, ?, ?, ?, ?, ?)",
            (tid, owner, now, attempt_id, host, pid),
        )
        _audit(ledger, "cancel_intent", tid, amount, actor, {"attempt": attempt_id, **details})
        ledger.announce(Change("cancels", frozenset({tid})))
    return attempt_id


def finish_attempt(
    ledger: Ledger, attempt_id: int, *, status: str, code: str, message: str, ptid: str,
    http_status: int | None, error: str, event: EventRecord | None, hold: str | None,
    actor: str, details: Mapping[str, Any],
) -> None:
    """Record the answer, update the transaction, release the lock: one transaction."""
    with ledger.write():
        row = attempt(ledger, attempt_id)
        ledger.db.execute(
            "UPDATE cancel_attempts SET status = ?, code = ?, message = ?, ptid = ?, http_status = ?, "
            "error = ?, answered_at = ? WHERE id = ?",
            (status, code, message, ptid, http_status, error, now_text(), attempt_id),
        )
        if event is not None:
            ledger.add_events([event])
        if hold is not None:
            _set_hold(ledger, row.tid, hold)
        elif row.status == "unknown":  # recovered as stale while in flight; the answer settles it
            _set_hold(ledger, row.tid, None)
        ledger.db.execute("DELETE FROM cancel_locks WHERE tid = ? AND attempt_id = ?", (row.tid, attempt_id))
        _audit(ledger, "cancel_answer", row.tid, row.amount, actor, {
            "attempt": attempt_id, "endpoint": row.endpoint, "partial": row.partial, "status": status, "code": code,
            "message": message, "ptid": ptid, "http_status": http_status, "error": error, **details,
        })
        ledger.announce(Change("cancels", frozenset({row.tid})))


def _set_hold(ledger: Ledger, tid: str, hold: str | None) -> None:
    ledger.db.execute("UPDATE transactions SET cancel_hold = ?, updated_at = ? WHERE tid = ?", (hold, now_text(), tid))
    ledger.announce(Change("transactions", frozenset({tid})))


def recover_lock(ledger: Ledger, lock: LockInfo, *, hold: str, actor: str) -> None:
    """A lock left by a sender that died: its attempt becomes unknown and the TID is held."""
    with ledger.write():
        if _lock(ledger, lock.tid) != lock:
            return  # answered or recovered meanwhile
        if lock.attempt_id is not None:
            ledger.db.execute(
                "UPDATE cancel_attempts SET status = 'unknown', error = ?, answered_at = ? "
                "WHERE id = ? AND status = 'intent'",
                ("보낸 프로그램이 결과를 기록하기 전에 종료되었습니다", now_text(), lock.attempt_id),
            )
        _set_hold(ledger, lock.tid, hold)
        ledger.db.execute("DELETE FROM cancel_locks WHERE tid = ?", (lock.tid,))
        _audit(ledger, "cancel_recovered", lock.tid, None, actor, {
            "attempt": lock.attempt_id, "owner": lock.owner, "since": lock.since,
        })
        ledger.announce(Change("cancels", frozenset({lock.tid})))


def settle_attempt(
    ledger: Ledger, attempt_id: int, *, status: str, ptid: str, by: str, note: str, amount: int | None,
    event: EventRecord | None, actor: str, details: Mapping[str, Any],
) -> None:
    """Close an unknown attempt (``settled_cancelled`` with the ``amount`` seen, or
    ``settled_not_cancelled``) and lift the hold."""
    with ledger.write():
        row = attempt(ledger, attempt_id)
        ledger.db.execute(
            "UPDATE cancel_attempts SET status = ?, ptid = ?, settled_amount = ?, settled_at = ?, settled_by = ?, "
            "settle_note = ? WHERE id = ?",
            (status, ptid, amount, now_text(), by, note, attempt_id),
        )
        if event is not None:
            ledger.add_events([event])
        ledger.db.execute("UPDATE transactions SET cancel_hold = NULL, updated_at = ? WHERE tid = ?", (now_text(), row.tid))
        recompute(ledger.db, [row.tid], now_text())
        _audit(ledger, "cancel_settled", row.tid, amount, actor, {
            "attempt": attempt_id, "status": status, "ptid": ptid, "by": by, "note": note, **details,
        })
        ledger.announce(Change("transactions", frozenset({row.tid})))
        ledger.announce(Change("cancels", frozenset({row.tid})))


def gateway_cancel_for(ledger: Ledger, done: Attempt, *, window_minutes: int = 10) -> tuple[int, str] | None:
    """A cancel the gateway reported (notification, result or export) that must be ``done``'s.

    Same TID and amount, a full cancel under the original TID or a partial
    under another (its PTID), dated no earlier than ``window_minutes`` before
    the attempt left, imported after it, and not already another attempt's.
    Returns (event id, the event's TID).
    """
    same_tid = "e.tid = e.otid" if not done.partial else "e.tid <> e.otid"
    amount = done.settled_amount if done.settled_amount is not None else done.amount
    row = ledger.db.query_one(
        f"SELECT e.id, e.tid FROM events e WHERE e.otid = ? AND e.kind = 'cancel' AND e.channel <> 'cancel_api' "
        f"AND e.sign_status <> 'mismatch' AND e.amount = ? AND {same_tid} "
        "AND e.occurred_at IS NOT NULL AND e.occurred_at >= ? AND e.created_at >= ? "
        "AND NOT EXISTS (SELECT 1 FROM cancel_attempts a WHERE a.tid = e.otid AND a.id <> ? AND a.ptid = e.tid "
        "    AND a.status IN ('cancelled', 'settled_cancelled')) "
        "ORDER BY e.occurred_at, e.id LIMIT 1",
        (done.tid, amount, _minutes_before(done.requested_at, window_minutes), done.requested_at, done.id),
    )
    return (row[0], row[1]) if row else None


def _minutes_before(at: str, minutes: int) -> str:
    """The ledger time ``minutes`` before ``at`` (both 'YYYY-MM-DD HH:MM:SS')."""
    return (datetime.strptime(at, "%Y-%m-%d %H:%M:%S") - timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")


def link_settled_partial(ledger: Ledger, done: Attempt, *, stand_in_tid: str, ptid: str, actor: str) -> None:
    """A partial recorded without its PTID (answered without one, or settled by hand) met the gateway's record
    of it: the stand-in event goes, so the cancel counts once."""
    with ledger.write():
        ledger.db.execute(
            "DELETE FROM receipts WHERE event_id IN (SELECT id FROM events WHERE tid = ? AND channel = 'cancel_api')",
            (stand_in_tid,),
        )
        ledger.db.execute("DELETE FROM events WHERE tid = ? AND channel = 'cancel_api'", (stand_in_tid,))
        ledger.db.execute("UPDATE cancel_attempts SET ptid = ? WHERE id = ?", (ptid, done.id))
        recompute(ledger.db, [done.tid], now_text())
        amount = done.settled_amount if done.settled_amount is not None else done.amount
        _audit(ledger, "cancel_settlement_linked", done.tid, amount, actor, {
            "attempt": done.id, "ptid": ptid, "stand_in": stand_in_tid,
        })
        ledger.announce(Change("transactions", frozenset({done.tid})))
