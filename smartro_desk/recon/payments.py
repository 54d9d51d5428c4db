"""Checks of the month's transactions on their own (no order list needed).

* SignValue mismatches (the ledger flags them) and unverified transactions;
* copies of one record (result and notification) that disagree on the amount;
* DivideInfo splits of payments and of the app's own cancels;
* virtual accounts past their deposit deadline: ``VbankExpDate`` of the issue
  record (YYYYMMDD…), else ``ReconSettings.vbank_expiry_days`` after issue,
  overdue once ``as_of`` is past that day;
* more than one live approval for one order id, in any months (fully
  cancelled extra payments are settled and not reported);
* transactions seen only as a ReturnURL result or only as a notification —
  only when the month has both kinds of record at all (a merchant who logs one
  channel would otherwise see every payment listed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from smartro_desk.labels import CHANNEL, EVENT_KIND
from smartro_desk.recon.findings import Finding, Words
from smartro_desk.recon.scan import Plain, TxRow, any_channels
from smartro_desk.recon.scope import LIVE_STATES, PAID, Scope, field_of, json_fields, split_problem, won

# Facts whose copies disagree on the amount (a fact key names its kind: grouping by it too changes no group).
_CONFLICTS = """
SELECT e.otid, e.kind, GROUP_CONCAT(DISTINCT e.channel || '=' || e.amount), MIN(e.amount), MAX(e.amount)
FROM temp._conf c CROSS JOIN events e
WHERE e.otid = c.id AND e.sign_status <> 'mismatch' AND e.channel <> 'export' AND e.amount IS NOT NULL
GROUP BY e.otid, e.fact_key, e.kind HAVING COUNT(DISTINCT e.amount) > 1
ORDER BY e.otid
"""

# Order ids with two or more live approvals, one of them in the month: candidates from the order id
# index (every order id listed twice, a cheap index-only pass), then their transactions.
_MULTIPLE = f"""
WITH listed AS MATERIALIZED (
    SELECT order_id FROM transactions WHERE order_id <> '' GROUP BY order_id HAVING COUNT(*) > 1),
dup AS MATERIALIZED (
    SELECT t.order_id FROM listed CROSS JOIN transactions t
    WHERE t.order_id = listed.order_id AND t.state IN {LIVE_STATES}
    GROUP BY t.order_id
    HAVING COUNT(*) > 1
       AND MAX(CASE WHEN t.approved_at >= :start AND t.approved_at < :end THEN 1 ELSE 0 END) = 1)
SELECT t.order_id, t.tid, t.amount, t.remaining, t.approved_at,
       (SELECT o.amount FROM orders o WHERE o.order_id = t.order_id ORDER BY o.id DESC LIMIT 1)
FROM dup CROSS JOIN transactions t
WHERE t.order_id = dup.order_id AND t.state IN {LIVE_STATES}
ORDER BY t.order_id, t.approved_at, t.tid
"""

_DIGITS = re.compile(r"\D")


class PaymentChecks:
    """signature_mismatch, unverified, conflict, divide_sum_mismatch, vbank_not_deposited and
    single_channel (``multiple_approvals`` runs on its own)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.notifications_seen, self.one_channel = _channels_seen(scope)
        self.params: dict[str, Any] = {"one_channel": self.one_channel}  # a bool: SQLite binds 1/0
        self.condition = (
            "t.sign_status <> 'verified' OR t.flagged = 1 OR t.divide_info <> '' OR t.state = 'vbank_issued' "
            "OR (:one_channel AND t.channels NOT IN ('notification,result', 'result,notification') "
            "AND (instr(t.channels, 'notification') > 0) <> (instr(t.channels, 'result') > 0))"
        )
        self.plain = Plain(
            ("t.state = 'approved'", "t.sign_status = 'verified'", "t.flagged = 0", "t.divide_info = ''"),
            _same_channels if self.one_channel else any_channels,
        )
        self.conflicts: list[str] = []
        self.cancels_split: list[str] = []
        self.pending: dict[str, tuple[str, int | None]] = {}

    def classify(self, row: TxRow) -> Iterator[Finding]:
        tid, amount, sign = row.tid, row.amount, row.sign_status
        common = {"tid": tid, "order_id": row.order_id, "returned": amount, "at": row.approved_at}
        if sign == "mismatch":
            yield Finding.of("signature_mismatch", amount=amount, flag_key=f"signature_mismatch:{tid}",
                             detail=Words("SignValue가 상점키로 계산한 값과 다른 기록이 있습니다",
                                          "A record's SignValue differs from the one the merchant key gives"),
                             **common)
        elif sign in ("no_key", "absent") and (row.notified or row.returned):
            why = Words("SignValue가 없는 기록뿐입니다", "Only records without a SignValue")
            if sign == "no_key":
                why = Words(f"상점키가 없어 검증하지 못했습니다 (MID {row.mid})",
                            f"Not verified: no merchant key (MID {row.mid})")
            yield Finding.of("unverified", amount=amount, detail=why, **common)
        if row.flagged:
            self.conflicts.append(tid)
        if row.divide_info:
            problem = split_problem(row.divide_info, amount, "payment")
            if problem is not None:
                yield Finding.of("divide_sum_mismatch", amount=problem[1], detail=problem[0], **common)
            if row.cancelled:
                self.cancels_split.append(tid)
        if row.state == "vbank_issued":
            self.pending[tid] = (row.order_id, amount)
        if self.one_channel and row.notified != row.returned and row.state in PAID:
            ko, en = CHANNEL["notification" if row.notified else "result"]
            yield Finding.of("single_channel", amount=amount, **common,
                             detail=Words(f"{ko}로만 확인된 거래입니다", f"Seen as a {en.lower()} only"))

    def after(self) -> Iterator[Finding]:
        self.conflicts += [r[0] for r in self.scope.rows(
            "SELECT t.tid FROM resolutions r JOIN transactions t ON t.tid = substr(r.finding_key, 10) "
            "WHERE r.finding_key LIKE 'conflict:%' AND t.approved_at >= :start AND t.approved_at < :end"
        )]
        yield from _conflicts(self.scope, self.conflicts)
        yield from _cancel_splits(self.scope, self.cancels_split)
        yield from _overdue(self.scope, self.pending)


def _same_channels(channels: frozenset[str]) -> bool:
    """Seen both as a result and as a notification, or as neither (never "single_channel")."""
    return ("notification" in channels) == ("result" in channels)


def _channels_seen(scope: Scope) -> tuple[bool, bool]:
    """(whether the month has any notification, whether it has both notifications and results)."""
    seen = [
        scope.one(f"SELECT EXISTS (SELECT 1 FROM transactions WHERE approved_at >= :start AND approved_at < :end "
                  f"AND instr(channels, '{channel}') > 0)")[0]
        for channel in ("result", "notification")
    ]
    if any(seen) and not all(seen):
        scope.notes.append(Words(
            "이 달에는 결제 결과(ReturnURL)와 통보 중 한쪽 기록만 있어 '한쪽으로만 확인' 검사를 하지 않았습니다.",
            "This month has only one of payment results (ReturnURL) and notifications: the 'seen through one "
            "channel only' check did not run.",
        ))
    return seen[1], all(seen)


def _conflicts(scope: Scope, tids: list[str]) -> Iterator[Finding]:
    if not tids:
        return
    scope.temp_ids("_conf", tids)
    by_tid: dict[str, list[tuple[str, str, int, int]]] = {}
    for otid, kind, variants, low, high in scope.rows(_CONFLICTS):
        by_tid.setdefault(otid, []).append((kind, variants, low, high))
    for tid, facts in by_tid.items():
        row = scope.one("SELECT order_id, amount, approved_at FROM transactions WHERE tid = :tid", {"tid": tid})
        parts = []
        for kind, variants, _, _ in facts:
            pairs = sorted(v.split("=", 1) for v in variants.split(","))
            amounts = Words.join(", ", [Words(f"{CHANNEL.get(c, (c, c))[0]} {won(int(a))}",
                                              f"{CHANNEL.get(c, (c, c))[1]} {won(int(a), 'en')}") for c, a in pairs])
            name = EVENT_KIND.get(kind, (kind, kind))
            parts.append(Words(f"{name[0]}: {amounts.ko}", f"{name[1]}: {amounts.en}"))
        yield Finding.of(
            "conflict", tid=tid, order_id=row[0], returned=row[1], at=row[2], flag_key=f"conflict:{tid}",
            amount=sum(high - low for _, _, low, high in facts), detail=Words.join("; ", parts),
        )


def _cancel_splits(scope: Scope, tids: list[str]) -> Iterator[Finding]:
    """Cancels that carry their own DivideInfo (the app's partial cancels of sub-mall payments)."""
    if not tids:
        return
    scope.temp_ids("_split", tids)
    for tid, otid, order_id, amount, divide_info, at in scope.rows(
        "SELECT MIN(e.tid), e.otid, MIN(e.order_id), MAX(e.amount), MIN(e.divide_info), MIN(e.occurred_at) "
        "FROM temp._split c CROSS JOIN events e "
        "WHERE e.otid = c.id AND e.kind = 'cancel' AND e.divide_info <> '' AND e.sign_status <> 'mismatch' "
        "GROUP BY e.otid, e.fact_key ORDER BY e.otid, MIN(e.occurred_at)"  # a cancel's fact: one payment's
    ):
        problem = split_problem(divide_info, amount, "cancel")
        if problem is not None:
            key = f"divide_sum_mismatch:{tid}" + ("#cancel" if tid == otid else "")
            yield Finding.of("divide_sum_mismatch", key=key, tid=tid, order_id=order_id, returned=amount,
                             amount=problem[1], at=at,
                             detail=Words(f"취소({otid}): {problem[0].ko}", f"Cancel of {otid}: {problem[0].en}"))


def _expiry_of(fields_text: str, issued_at: str | None, default_days: int) -> date | None:
    """The last day a virtual account takes a deposit."""
    digits = _DIGITS.sub("", field_of(json_fields(fields_text), "VbankExpDate", "입금기한", "입금만료일"))
    if len(digits) >= 8:
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        except ValueError:
            pass
    if not issued_at:
        return None
    return date.fromisoformat(issued_at[:10]) + timedelta(days=default_days)


def _overdue(scope: Scope, pending: dict[str, tuple[str, int | None]]) -> Iterator[Finding]:
    if not pending:
        return
    scope.temp_ids("_vb", pending)
    seen: set[str] = set()
    for tid, fields_text, issued_at in scope.rows(
        "SELECT e.otid, e.fields, e.occurred_at FROM temp._vb c CROSS JOIN events e "
        "WHERE e.otid = c.id AND e.kind = 'vbank_issued' ORDER BY e.otid, e.id"
    ):
        if tid in seen:
            continue
        seen.add(tid)
        expiry = _expiry_of(fields_text, issued_at, scope.settings.vbank_expiry_days)
        if expiry is None or scope.as_of <= expiry:
            continue
        order_id, amount = pending[tid]
        yield Finding.of(
            "vbank_not_deposited", tid=tid, order_id=order_id, requested=amount, amount=amount, at=issued_at,
            detail=Words(f"입금기한 {expiry.isoformat()}이 지났는데 입금 통보가 없습니다 ({won(amount)})",
                         f"No deposit notification, and the deadline {expiry.isoformat()} has passed "
                         f"({won(amount, 'en')})"),
        )


def multiple_approvals(scope: Scope) -> Iterator[Finding]:
    """Order ids with two or more live approvals, one of them in the month (needs nothing from the scan)."""
    for order_id, rows in groupby(scope.rows(_MULTIPLE), key=lambda r: r[0]):
        group = list(rows)  # (order_id, tid, amount, remaining, approved_at, ordered amount), oldest first
        yield Finding.of(
            "multiple_approvals", key=f"multiple_approvals:{order_id}", tid=group[-1][1], order_id=order_id,
            requested=group[0][5], returned=sum(g[2] or 0 for g in group),
            amount=sum(g[3] or 0 for g in group[1:]), at=group[-1][4],
            detail=Words(f"승인 {len(group)}건: " + ", ".join(f"{g[1]} {won(g[2])}" for g in group),
                         f"{len(group)} approvals: " + ", ".join(f"{g[1]} {won(g[2], 'en')}" for g in group)),
        )
