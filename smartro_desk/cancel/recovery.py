"""When a cancel's outcome is unknown: recovering dead senders' locks, and settling holds.

- ``recover_stale``: a lock whose sender died (between intent and answer)
  becomes an unknown attempt and a hold "결과 확인 필요". Run at start-up.
- ``settle``: the user records what the gateway's admin site shows.
- ``settle_from_events``: the gateway's own cancel record (an imported
  notification) settles the hold by itself. Run after every import.

The ledger keeps the hold in Korean (``wording.HOLD_TEXT``).
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Literal

from smartro_desk.cancel.plan import kind_label, stand_in_tid
from smartro_desk.cancel.rules import CancelError
from smartro_desk.cancel.wording import HOLD_TEXT, SENDER_GONE
from smartro_desk.ledger import cancels
from smartro_desk.ledger.cancels import Attempt, CancelTarget
from smartro_desk.ledger.model import EventRecord
from smartro_desk.ledger.store import Ledger

STALE_LOCK_SECONDS = 600  # far beyond any request timeout

def recover_stale(ledger: Ledger, *, max_age_seconds: int = STALE_LOCK_SECONDS, now: datetime | None = None) -> list[str]:
    """Locks whose sender is gone (its process ended, or far too old): mark them unknown and hold the TID.

    Call at start-up (the window and the CLI do); returns the TIDs now held.
    """
    now = now or datetime.now()
    host = socket.gethostname()
    recovered = []
    for lock in cancels.locks(ledger):
        age = (now - datetime.strptime(lock.since, "%Y-%m-%d %H:%M:%S")).total_seconds()
        gone = lock.host == host and lock.pid is not None and lock.pid != os.getpid() and not _alive(lock.pid)
        if gone or age > max_age_seconds:
            sent = cancels.attempt(ledger, lock.attempt_id) if lock.attempt_id is not None else None
            hold = HOLD_TEXT.format(
                id=lock.attempt_id, amount=sent.amount if sent else 0,
                kind=kind_label(bool(sent and sent.partial)), why=SENDER_GONE[0],
            )
            cancels.recover_lock(ledger, lock, hold=hold, actor=ledger.actor)
            recovered.append(lock.tid)
    return recovered


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (never signals it; Windows' os.kill would kill)."""
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        try:
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def settle(
    ledger: Ledger, tid: str, *, outcome: Literal["cancelled", "not-cancelled"], note: str,
    amount: int | None = None, ptid: str = "", actor: str | None = None,
) -> Attempt:
    """Record what the user saw on the gateway's admin site for a TID in "결과 확인 필요".

    ``cancelled``: the cancel happened (``amount`` defaults to the attempt's; give
    the PTID of a partial if the admin site shows it) and is added to the ledger.
    ``not-cancelled``: nothing happened. Either way the hold is lifted.
    Raises ``CancelError`` (a ``ValueError``, in Korean and English) when it does not apply.
    """
    actor = actor if actor is not None else ledger.actor
    if not note.strip():
        raise CancelError("무엇을 확인했는지 메모를 남기세요 (예: 상점관리자 사이트에서 취소 내역 확인).",
                          "Leave a note of what you checked (e.g. the cancel history on the merchant admin site).")
    if outcome not in ("cancelled", "not-cancelled"):
        raise CancelError(f"결과는 cancelled 또는 not-cancelled 여야 합니다: {outcome}",
                          f"The outcome must be cancelled or not-cancelled: {outcome}")
    with ledger.write():
        if settle_from_events(ledger, [tid]):  # the gateway's own record arrived meanwhile
            return cancels.attempts(ledger, tid, statuses=("settled_cancelled",))[-1]
        target = cancels.read_target(ledger, tid)
        if target is None or target.cancel_hold is None:
            raise CancelError(f"{tid} 거래는 '결과 확인 필요' 상태가 아닙니다.",
                              f"Transaction {tid} is not in 'Outcome unknown'.")
        unknown = cancels.attempts(ledger, tid, statuses=cancels.HOLD_STATUSES)
        if not unknown:
            raise CancelError(f"{tid} 거래에 결과를 모르는 취소 요청이 없습니다.",
                              f"Transaction {tid} has no cancel request of unknown outcome.")
        last = unknown[-1]
        event = None
        if outcome == "cancelled":
            amount = last.amount if amount is None else amount
            if amount <= 0 or (target.remaining is not None and amount > target.remaining):
                raise CancelError(
                    f"확인한 취소 금액 {amount:,}원이 남은 금액 {target.remaining or 0:,}원을 넘습니다.",
                    f"The cancel amount seen, {amount:,} won, is more than the {target.remaining or 0:,} won remaining.",
                )
            done = replace(last, amount=amount)
            event = _settled_event(target, done, ptid.strip(), note)
        cancels.settle_attempt(
            ledger, last.id, status="settled_cancelled" if outcome == "cancelled" else "settled_not_cancelled",
            ptid=ptid.strip(), by=actor, note=note.strip(), event=event, actor=actor,
            amount=amount if outcome == "cancelled" else None, details={"outcome": outcome},
        )
    return cancels.attempt(ledger, last.id)


def _settled_event(target: CancelTarget, done: Attempt, ptid: str, note: str) -> EventRecord:
    """A cancel the user saw on the admin site. Without its PTID a partial gets a stand-in TID,
    replaced when the gateway's notification of it arrives (``settle_from_events``)."""
    tid = ptid or (stand_in_tid(target.tid, done.id) if done.partial else target.tid)
    return EventRecord(
        tid=tid, otid=target.tid, kind="cancel", channel="cancel_api",
        fields={"TID": tid, "OTID": target.tid, "CancelAmt": str(done.amount), "AttemptId": str(done.id),
                "Settled": "admin_site", "Note": note},
        mid=target.mid, pay_method=target.pay_method, order_id=target.order_id, amount=done.amount,
        state_cd="1", occurred_at=done.requested_at, goods=target.goods, buyer=target.buyer,
    )


def settle_from_events(ledger: Ledger, tids: Iterable[str] | None = None) -> list[str]:
    """Let the gateway's own cancel records (imported notifications) settle unknown outcomes.

    For each held TID (of ``tids``, or all), an imported cancel of the same
    amount dated after the attempt settles it as cancelled and lifts the hold.
    A partial recorded without its PTID (the gateway answered without one, or it
    was settled by hand) is linked to its notification (the stand-in event goes,
    so it is not counted twice). Returns settled TIDs.
    Call after importing notifications (cheap when nothing is held).
    """
    settled = []
    for done in cancels.awaiting_gateway_record(ledger, None if tids is None else list(tids)):
        found = cancels.gateway_cancel_for(ledger, done)
        if found is None:
            continue
        event_id, event_tid = found
        if done.status == "unknown":
            cancels.settle_attempt(
                ledger, done.id, status="settled_cancelled", ptid=event_tid if done.partial else "",
                by="notification", note=f"게이트웨이 취소 기록(이벤트 #{event_id})으로 확인됨", event=None,
                actor=ledger.actor, amount=done.amount, details={"event": event_id},
            )
            settled.append(done.tid)
        else:
            cancels.link_settled_partial(
                ledger, done, stand_in_tid=stand_in_tid(done.tid, done.id), ptid=event_tid, actor=ledger.actor,
            )
    return settled
