"""The cancel safety state machine: preview → lock + intent → send → answer.

1. ``plan`` reads the transaction and runs the rules: a ``CancelPlan`` is what
   a dialog shows (amounts, deadline, masked request, every problem in Korean and English).
2. ``execute`` re-reads and re-checks inside ONE write transaction that also
   takes the TID's lock and writes the intent (and the audit entry); a plan
   made stale by another cancel or a notification is refused, not sent.
3. The request is sent once, never retried.
4. The answer is recorded in ONE write transaction: the attempt's status, the
   cancel event (so the transaction updates at once, and the gateway's later
   notification of the same cancel is the same fact), or for a lost answer the
   hold "결과 확인 필요" that blocks further cancels; the lock is released.

A sender that dies between 2 and 4 leaves its lock: ``recover_stale`` turns it
into a hold. A hold ends with ``settle`` (what the user saw on the admin site)
or ``settle_from_events`` (the gateway's own cancel record was imported).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from smartro_desk.cancel.client import (
    ADVICE_NOT_SENT, ADVICE_NOT_SENT_EN, ADVICE_UNKNOWN, ADVICE_UNKNOWN_EN, CancelClient, CancelOutcome,
)
from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.cancel.plan import CancelPlan, build_plan, kind_label, stand_in_tid
from smartro_desk.cancel.recovery import recover_stale, settle, settle_from_events
from smartro_desk.cancel.wording import HOLD_TEXT, NO_ANSWER, error_text
from smartro_desk.cancel.rules import CancelAsk, Problem, check, errors, is_english, resolved_amount
from smartro_desk.ledger import cancels
from smartro_desk.ledger.backend import LedgerBusy
from smartro_desk.ledger.cancels import Attempt, CancelTarget
from smartro_desk.ledger.model import EventRecord
from smartro_desk.ledger.store import Ledger
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info
from smartro_desk.protocol.records import CancelRequest
from smartro_desk.secrets import Secrets

__all__ = [
    "AnswerNotRecorded", "CancelResult", "CancelService", "Outcome", "recover_stale", "settle", "settle_from_events",
]

Outcome = Literal["cancelled", "already_cancelled", "refused", "unknown", "blocked", "not_sent"]

RECORD_TRIES = 6  # x the ledger's busy timeout (10 s) to record an answer before giving up


class AnswerNotRecorded(RuntimeError):
    """The request was sent but its answer could not be written (the ledger stayed busy).

    The lock and intent remain, so the TID stays blocked and ``recover_stale``
    later marks it "결과 확인 필요"; ``outcome`` is what the gateway answered.
    """

    def __init__(self, tid: str, outcome: CancelOutcome) -> None:
        self.tid = tid
        self.outcome = outcome
        super().__init__(
            f"{tid} 취소 요청은 보냈지만(게이트웨이 결과: {outcome.status} {outcome.code}) 원장이 계속 사용 중이라 "
            "결과를 기록하지 못했습니다. 이 거래는 '결과 확인 필요'로 막혀 있으니 상점관리자 사이트에서 확인해 기록하세요."
        )
        self.en = (
            f"The cancel request of {tid} was sent (the gateway answered: {outcome.status} {outcome.code}), but the "
            "ledger stayed busy and the answer could not be recorded. The transaction is blocked as 'Outcome unknown': "
            "check it on the merchant admin site and record what you see."
        )


@dataclass(frozen=True, slots=True)
class CancelResult:
    """What became of one cancel, for a dialog, a bulk row or the CLI's ``--json``."""

    tid: str
    outcome: Outcome
    amount: int | None
    partial: bool
    code: str = ""
    message: str = ""
    advice_ko: str = ""
    remaining: int | None = None
    ptid: str = ""
    attempt_id: int | None = None
    problems: tuple[Problem, ...] = field(default=())
    http_status: int | None = None
    error: str = ""
    message_en: str = ""
    advice_en: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome in ("cancelled", "already_cancelled")

    def message_text(self, lang: str = "ko") -> str:
        """The gateway's answer (or the problems) in ``lang``."""
        return self.message_en if is_english(lang) and self.message_en else self.message

    def advice(self, lang: str = "ko") -> str:
        """What to do next, in ``lang``."""
        return self.advice_en if is_english(lang) and self.advice_en else self.advice_ko

    def error_text(self, lang: str = "ko") -> str:
        """The technical cause in ``lang`` (this app's own wordings in English)."""
        return error_text(self.error, lang)

    def as_json(self) -> dict[str, Any]:
        return {
            "tid": self.tid, "outcome": self.outcome, "code": self.code, "message": self.message,
            "remaining": self.remaining, "amount": self.amount, "partial": self.partial, "ptid": self.ptid,
            "advice": self.advice_ko, "attempt": self.attempt_id,
            "problems": [{"key": p.key, "severity": p.severity, "message": p.message} for p in self.problems],
        }


class CancelService:
    """Cancels for one ledger. Safe to share between threads and dialogs."""

    def __init__(
        self, ledger: Ledger, secrets: Secrets, *,
        connect: Callable[[Endpoint], CancelClient] = CancelClient,
        today: Callable[[], date] = date.today, actor: str | None = None,
    ) -> None:
        self.ledger = ledger
        self.secrets = secrets
        self.connect = connect
        self.today = today
        self.actor = actor if actor is not None else ledger.actor
        self.owner = f"{self.actor or '알 수 없는 사용자'}@{socket.gethostname()} (pid {os.getpid()})"

    # -- preview -----------------------------------------------------------------

    def plan(
        self, tid: str, *, amount: int | None, reason: str, partial: bool, endpoint: Endpoint,
        shares: Sequence[SubMallShare] = (),
    ) -> CancelPlan:
        """Everything a dialog shows before sending; nothing is sent or locked.

        (A hold the gateway's own records have settled meanwhile is lifted first.)
        """
        tid = tid.strip()
        settle_from_events(self.ledger, [tid])
        target = cancels.read_target(self.ledger, tid)
        ask = CancelAsk(tid, amount, reason.strip(), partial, tuple(shares))
        return build_plan(target, ask, endpoint, self.secrets.merchant(_mid(target, tid)), self.today())

    # -- sending -----------------------------------------------------------------

    def execute(self, plan: CancelPlan, *, confirmed_amount: int | None = None) -> CancelResult:
        """Send the cancel of ``plan`` once, with every safety step; a gateway's trouble is an outcome.

        In production ``confirmed_amount`` (the amount the user typed again) must
        equal the plan's amount. Raises ``LedgerBusy`` when the ledger stays busy
        before sending (nothing sent) and ``AnswerNotRecorded`` after sending.
        """
        ask = plan.ask
        secrets = self.secrets.merchant(_mid(plan.target, ask.tid))
        with self.ledger.write():
            settle_from_events(self.ledger, [ask.tid])
            target = cancels.read_target(self.ledger, ask.tid)
            problems = check(target, ask, secrets=secrets, endpoint=plan.endpoint, today=self.today())
            problems += _drift(plan, target) + _unconfirmed(plan, confirmed_amount)
            amount = resolved_amount(ask, target)
            if errors(problems) or target is None or amount is None:
                return self._not_sent(plan, problems, target)
            assert secrets.merchant_key and secrets.cancel_password  # checked by the rules
            request = CancelRequest.build(
                ask.tid, secrets.merchant_key, secrets.cancel_password, amount, ask.reason, ask.partial, ask.shares,
            )
            divide_info = encode_divide_info(ask.shares) if ask.shares else ""
            attempt_id = cancels.begin_attempt(
                self.ledger, tid=ask.tid, endpoint=str(plan.endpoint), amount=amount, partial=ask.partial,
                reason=ask.reason, divide_info=divide_info, actor=self.actor, owner=self.owner,
                host=socket.gethostname(), pid=os.getpid(), details=_details(plan, amount),
            )
        outcome = self._send(plan.endpoint, request, attempt_id, target, amount, ask.partial)
        return self._result(ask.tid, outcome, amount, ask.partial, attempt_id)

    def _send(
        self, endpoint: Endpoint, request: CancelRequest, attempt_id: int, target: CancelTarget,
        amount: int, partial: bool,
    ) -> CancelOutcome:
        try:
            client = self.connect(endpoint)
        except Exception as exc:  # e.g. an unreadable certificate store: nothing left
            outcome = CancelOutcome("not_sent", advice_ko=ADVICE_NOT_SENT, error=_describe(exc),
                                    advice_en=ADVICE_NOT_SENT_EN)
        else:
            try:
                outcome = client.send(request)
            except BaseException as exc:  # the request may have left: unknown, and say so
                lost = CancelOutcome("unknown", advice_ko=ADVICE_UNKNOWN, error=_describe(exc),
                                     advice_en=ADVICE_UNKNOWN_EN)
                self._record(attempt_id, lost, target, amount, partial)
                raise
            finally:
                client.close()
        self._record(attempt_id, outcome, target, amount, partial)
        return outcome

    def _record(self, attempt_id: int, outcome: CancelOutcome, target: CancelTarget, amount: int, partial: bool) -> None:
        ptid = _ptid(outcome)
        event = _cancel_event(target, outcome, amount, partial, attempt_id) if outcome.status == "cancelled" else None
        hold = None
        if outcome.status == "unknown":
            why = outcome.error or (f"HTTP {outcome.http_status}" if outcome.http_status else NO_ANSWER[0])
            hold = HOLD_TEXT.format(id=attempt_id, amount=amount, kind=kind_label(partial), why=why)
        for tries_left in range(RECORD_TRIES - 1, -1, -1):
            try:
                cancels.finish_attempt(
                    self.ledger, attempt_id, status=outcome.status, code=outcome.code, message=outcome.message,
                    ptid=ptid, http_status=outcome.http_status, error=outcome.error, event=event, hold=hold,
                    actor=self.actor, details={"advice": outcome.advice_ko},
                )
                return
            except LedgerBusy as exc:  # e.g. a long import holds the ledger: wait, then give up loudly
                if not tries_left:
                    raise AnswerNotRecorded(target.tid, outcome) from exc

    def _result(self, tid: str, outcome: CancelOutcome, amount: int, partial: bool, attempt_id: int) -> CancelResult:
        target = cancels.read_target(self.ledger, tid)
        return CancelResult(
            tid, outcome.status, amount, partial, outcome.code, outcome.message, outcome.advice_ko,
            target.remaining if target else None, _ptid(outcome), attempt_id, (), outcome.http_status, outcome.error,
            outcome.message_en, outcome.advice_en,
        )

    def _not_sent(self, plan: CancelPlan, problems: list[Problem], target: CancelTarget | None) -> CancelResult:
        """Refused before sending: audited, nothing locked, nothing on the network."""
        errs = errors(problems)
        blocked = any(p.blocks_tid for p in errs)
        cancels.audit_only(
            self.ledger, "cancel_blocked" if blocked else "cancel_refused_before_send", tid=plan.ask.tid,
            amount=plan.amount, actor=self.actor,
            details={**_details(plan, plan.amount), "problems": [p.key for p in errs]},
        )
        return CancelResult(
            plan.ask.tid, "blocked" if blocked else "refused", plan.amount, plan.ask.partial,
            message=" ".join(p.message for p in errs), remaining=target.remaining if target else None,
            problems=tuple(problems),
            advice_ko="보내지 않았습니다. 위의 문제를 해결한 뒤 다시 시도하세요.",
            message_en=" ".join(p.text("en") for p in errs),
            advice_en="Not sent. Solve the problems above, then try again.",
        )

    # -- unknown outcomes ----------------------------------------------------------

    def settle(self, tid: str, *, outcome: Literal["cancelled", "not-cancelled"], note: str,
               amount: int | None = None, ptid: str = "") -> Attempt:
        """Record what the user saw on the admin site for a held TID, and lift the hold."""
        return settle(self.ledger, tid, outcome=outcome, note=note, amount=amount, ptid=ptid, actor=self.actor)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _mid(target: CancelTarget | None, tid: str) -> str:
    return target.mid if target is not None and target.mid else tid[:10]


def _details(plan: CancelPlan, amount: int | None) -> dict[str, Any]:
    return {
        "endpoint": str(plan.endpoint), "partial": plan.ask.partial, "amount": amount, "reason": plan.ask.reason,
        "divide": [[s.mid, s.amt] for s in plan.ask.shares],
    }


def _drift(plan: CancelPlan, target: CancelTarget | None) -> list[Problem]:
    before = plan.target
    if before is None or target is None or (before.cancelled, before.remaining) == (target.cancelled, target.remaining):
        return []
    return [Problem(
        "stale",
        f"확인한 뒤에 이 거래의 취소 금액이 바뀌었습니다 (남은 금액 {before.remaining or 0:,}원 → "
        f"{target.remaining or 0:,}원). 다시 열어 확인하세요.",
        "amount",
        message_en=f"The cancelled amount of this transaction changed after it was checked (remaining "
                   f"{before.remaining or 0:,} won → {target.remaining or 0:,} won). Open it again and check.",
    )]


def _unconfirmed(plan: CancelPlan, confirmed_amount: int | None) -> list[Problem]:
    if not plan.endpoint.is_production or (confirmed_amount is not None and confirmed_amount == plan.amount):
        return []
    return [Problem("unconfirmed", "운영 서버로 보내려면 취소 금액을 다시 입력해 확인해야 합니다.", "confirm",
                    message_en="To send to the production server, type the cancel amount again to confirm it.")]


def _ptid(outcome: CancelOutcome) -> str:
    return outcome.response.ptid if outcome.response is not None else ""


def _cancel_event(target: CancelTarget, outcome: CancelOutcome, amount: int, partial: bool, attempt_id: int) -> EventRecord:
    """The app's own record of a successful cancel: fact ``PTID|cancel`` (partial) or ``TID|cancel`` (full)."""
    response = outcome.response
    fields = dict(response.fields) if response is not None else {}
    ptid = _ptid(outcome)
    tid = ptid or (stand_in_tid(target.tid, attempt_id) if partial else target.tid)
    at = (response.cancelled_at if response is not None else None) or datetime.now()
    return EventRecord(
        tid=tid, otid=target.tid, kind="cancel", channel="cancel_api",
        fields={**fields, "AttemptId": str(attempt_id)}, mid=target.mid, pay_method=target.pay_method,
        order_id=target.order_id, amount=amount, result_code=outcome.code, result_msg=outcome.message,
        state_cd="1", occurred_at=at.strftime("%Y-%m-%d %H:%M:%S"), goods=target.goods, buyer=target.buyer,
    )
