"""Notification delivery health: how many copies of each notification arrived, over how long, from where.

A retried notification is identical, so the ledger keeps it as one event with
one receipt per arrival. The gateway re-sends until the merchant's page
answers ``OK``, up to its retry limit (``ReconSettings.retry_limit``, SPEC.md:
10): several copies mean the page did not answer. A sender address outside
``ReconSettings.notify_senders`` (where the log records one) is reported too.
Only notifications dated in the month count (a notification is dated by its
own record: an approval's by the approval, a cancel's by its own date when
the record carries one).

Repeated arrivals are found through the import's duplicate list
(``batch_issues``), which names the event of every repeat; when the receipts
hold more repeats than that list explains (records added outside an import),
all receipts are grouped instead. Only the events found are read in full.
Arrivals from unknown addresses come from a partial index holding only those
(migration 0008), so neither pass reads every arrival ever logged.

The health report gives, per notification kind, how many notifications came
in 1, 2, 3–5 and 6 or more copies. The repeated ones are counted exactly;
those received once are the month's payments that have any notification
(one approval per paid card or bank payment, one issue per virtual account
and one deposit once deposited, one cancel per cancelled payment, one failure
per failed attempt) less the repeated ones: reading every notification of a
month to count them would cost more than the whole reconciliation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from smartro_desk.labels import EVENT_KIND
from smartro_desk.recon.findings import COPY_BUCKETS, DEFAULT_NOTIFY_SENDERS, DeliveryHealth, Finding, Words, copy_bucket
from smartro_desk.recon.scope import Scope, sql_list

DEPOSITED = sql_list(("approved", "partially_cancelled", "cancelled"))  # a virtual account once paid in

# Notifications of the month's transactions among the candidate events: copies, first and last arrival
# (the minutes between them are counted in Python: PostgreSQL has no julianday). An event's own columns
# are grouped by too, which changes no group (``GROUP BY c.event_id`` alone is SQLite's leniency).
_NOTIFICATIONS = """
SELECT e.otid, e.fact_key, e.kind, COUNT(*), MIN(r.logged_at), MAX(r.logged_at), e.order_id
FROM temp._rc c CROSS JOIN events e CROSS JOIN receipts r
WHERE e.id = c.event_id AND e.channel = 'notification' AND e.occurred_at >= :start AND e.occurred_at < :end
  AND r.event_id = c.event_id
GROUP BY c.event_id, e.otid, e.fact_key, e.kind, e.order_id
"""

# Arrivals from unknown addresses, per transaction and address.
_STRANGERS = """
SELECT e.otid, s.sender_ip, SUM(s.arrivals), COUNT(DISTINCT e.fact_key)
FROM temp._rs s CROSS JOIN events e
WHERE e.id = s.event_id AND e.channel = 'notification' AND e.occurred_at >= :start AND e.occurred_at < :end
GROUP BY e.otid, s.sender_ip
"""

# The condition of the partial index ``receipts_foreign_sender``, word for word (SQLite uses a partial
# index only for a query that states its condition).
FOREIGN_SENDER = f"sender_ip NOT IN {sql_list(('', *DEFAULT_NOTIFY_SENDERS))}"

# The notifications the month's payments should have had, per kind: small ranges of the state and pay
# method indexes. How many payments have any notification at all the month scan counts (``Notified``).
_NOTIFIED_IN = "approved_at >= :start AND approved_at < :end AND instr(channels, 'notification') > 0"
_NOTIFIED = f"""
SELECT (SELECT COUNT(*) FROM transactions WHERE approved_at >= :start AND approved_at < :end),
       (SELECT COUNT(*) FROM transactions WHERE pay_method = 'VBANK' AND {_NOTIFIED_IN}),
       (SELECT COUNT(*) FROM transactions WHERE state IN ('failed', 'cancel_only', 'vbank_issued')
                                             AND pay_method <> 'VBANK' AND {_NOTIFIED_IN}),
       (SELECT COUNT(*) FROM transactions WHERE pay_method = 'VBANK' AND state <> 'failed' AND {_NOTIFIED_IN}),
       (SELECT COUNT(*) FROM transactions WHERE pay_method = 'VBANK' AND state IN {DEPOSITED} AND {_NOTIFIED_IN}),
       (SELECT COUNT(*) FROM transactions WHERE state IN ('partially_cancelled', 'cancelled', 'cancel_only')
                                             AND cancelled > 0 AND {_NOTIFIED_IN}),
       (SELECT COUNT(*) FROM transactions WHERE state = 'failed' AND {_NOTIFIED_IN})
"""


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """The month's transactions, and among those with a notification: the virtual accounts, the other
    payments that are no approval, and the notifications expected per kind but approvals."""

    transactions: int
    vbank: int
    not_approval: int
    expected: dict[str, int]

    def expected_with(self, notified: int) -> dict[str, int]:
        """Per kind, the notifications ``notified`` payments should have had (approvals: the paid card
        and bank payments)."""
        return {"approval": max(0, notified - self.vbank - self.not_approval), **self.expected}


def month_counts(scope: Scope) -> MonthCounts:
    total, vbank, other, issued, deposited, cancelled, failed = scope.one(_NOTIFIED)
    return MonthCounts(total, vbank, other, {"vbank_issued": issued, "vbank_deposit": deposited,
                                            "cancel": cancelled, "failure": failed})


class Delivery:
    """Finds the month's re-sent and strangely-sent notifications; gives the health report and the findings."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        scope.run("DROP TABLE IF EXISTS temp._rc")
        scope.run("CREATE TEMP TABLE _rc (event_id INTEGER PRIMARY KEY)")
        scope.run("INSERT INTO temp._rc SELECT event_id FROM batch_issues "
                  "WHERE outcome = 'duplicate' AND event_id IS NOT NULL ON CONFLICT DO NOTHING")
        repeats = scope.one("SELECT (SELECT COUNT(*) FROM receipts) - (SELECT COUNT(*) FROM events)")[0]
        explained = scope.one("SELECT COUNT(*) - (SELECT COUNT(*) FROM temp._rc) FROM temp._rc c "
                              "CROSS JOIN receipts r WHERE r.event_id = c.event_id")[0]
        if repeats > explained:
            scope.run("INSERT INTO temp._rc SELECT event_id FROM receipts "
                      "GROUP BY event_id HAVING COUNT(*) >= 2 ON CONFLICT DO NOTHING")
        self.logged = bool(scope.one("SELECT EXISTS (SELECT 1 FROM receipts WHERE sender_ip <> '')")[0])
        scope.run("DROP TABLE IF EXISTS temp._rs")
        scope.run("CREATE TEMP TABLE _rs (event_id INTEGER, sender_ip TEXT, arrivals INTEGER)")
        if self.logged:
            scope.run(f"INSERT INTO temp._rs {_strangers_sql(scope.settings.notify_senders, scope.dialect)}",
                      {f"ip{i}": ip for i, ip in enumerate(scope.settings.notify_senders)})
        # One row per notification: [otid, fact key, kind, copies, first arrival, minutes first to last, order id]
        merged: dict[tuple[str, str], list[Any]] = {}
        for otid, fact, kind, count, first, last, order_id in scope.rows(_NOTIFICATIONS):
            minutes = _minutes(first, last)
            seen = merged.setdefault((otid, fact), [otid, fact, kind, 0, first, 0, order_id])
            seen[3] += count  # a notification received as several (differing) events counts as one
            if first is not None and (seen[4] is None or first < seen[4]):  # logs without times give None
                seen[4] = first
            seen[5] = max(seen[5], minutes or 0)
        self.rows = sorted(merged.values(), key=lambda r: (r[0], r[4] or ""))
        self.strangers: dict[str, dict[str, int]] = {}
        self.stranger_notifications = 0
        for otid, ip, arrivals, notifications in scope.rows(_STRANGERS):
            self.strangers.setdefault(otid, {})[ip] = arrivals
            self.stranger_notifications += notifications

    def health(self, notified: int = 0, expected: dict[str, int] | None = None) -> DeliveryHealth:
        """The month's figures. ``notified``: the month's payments with any notification; ``expected``:
        the notifications those should have had, per kind (``MonthCounts.expected_with``)."""
        limit = self.scope.settings.retry_limit
        copies: dict[int, int] = {}
        by_kind: dict[str, dict[str, int]] = {}
        longest_by_kind: dict[str, int] = {}
        at_limit: set[str] = set()
        longest = 0
        for otid, _, kind, count, _, minutes, _ in self.rows:
            if count < 2:
                continue
            copies[count] = copies.get(count, 0) + 1
            longest = max(longest, minutes)
            buckets = by_kind.setdefault(kind, dict.fromkeys(COPY_BUCKETS, 0))
            buckets[copy_bucket(count)] += 1
            longest_by_kind[kind] = max(longest_by_kind.get(kind, 0), minutes)
            if count >= limit:
                at_limit.add(otid)
        for kind, count in (expected or {}).items():
            buckets = by_kind.setdefault(kind, dict.fromkeys(COPY_BUCKETS, 0))
            buckets["1"] = max(0, count - sum(buckets.values()))
        senders: dict[str, int] = {}
        for by_ip in self.strangers.values():
            for ip, arrivals in by_ip.items():
                senders[ip] = senders.get(ip, 0) + arrivals
        if not self.logged:
            self.scope.notes.append(Words("통보 로그에 보낸 곳 주소가 없어 통보 발신 주소는 확인하지 못했습니다.",
                                          "The notification logs hold no sender addresses: senders were not checked."))
        order = {k: i for i, k in enumerate(EVENT_KIND)}
        kinds = sorted((k for k, b in by_kind.items() if any(b.values())), key=lambda k: order.get(k, len(order)))
        return DeliveryHealth(
            sum(copies.values()), sum(k * v for k, v in copies.items()), max(copies, default=0), longest,
            dict(sorted(copies.items())), dict(sorted(senders.items())), self.logged,
            notified=notified,
            by_kind={k: by_kind[k] for k in kinds},
            longest_by_kind=longest_by_kind, retry_limit=limit, at_limit=len(at_limit),
            foreign_notifications=self.stranger_notifications, foreign_transactions=len(self.strangers),
        )

    def findings(self) -> Iterator[Finding]:
        """Per transaction: ``excess_notifications`` and ``unknown_sender``."""
        limit = self.scope.settings.excess_copies
        for otid, group in groupby(self.rows, key=lambda r: r[0]):
            excess = [n for n in group if n[3] >= limit]
            if excess:
                yield Finding.of(
                    "excess_notifications", tid=otid, order_id=excess[0][6], at=excess[0][4],
                    detail=Words.join("; ", [_copies(n[2], n[3], n[5] if n[4] else None) for n in excess]),
                )
        for otid, by_ip in sorted(self.strangers.items()):
            row = self.scope.one("SELECT order_id, approved_at FROM transactions WHERE tid = :t", {"t": otid})
            row = row or ("", None)
            ko = ", ".join(f"{ip} {n}회" for ip, n in sorted(by_ip.items()))
            en = ", ".join(f"{ip} {n} {'time' if n == 1 else 'times'}" for ip, n in sorted(by_ip.items()))
            yield Finding.of("unknown_sender", tid=otid, order_id=row[0], at=row[1], detail=Words(
                f"공지된 재통보 주소가 아닌 곳에서 통보를 받았습니다: {ko}",
                f"Notifications came from addresses other than the published re-notify ones: {en}"))


def _copies(kind: str, count: int, minutes: int | None) -> Words:
    """"승인 통보 3회 (12분 동안)": one notification's copies (and the minutes between the first and the last)."""
    name = EVENT_KIND.get(kind, (kind, kind))
    return Words(f"{name[0]} 통보 {count}회" + (f" ({minutes}분 동안)" if minutes is not None else ""),
                 f"{name[1]} notification {count} times" + (f" (over {minutes} min)" if minutes is not None else ""))


def _strangers_sql(senders: tuple[str, ...], dialect: str) -> str:
    """Arrivals per event and unknown address. When the known senders include Smartro's published ones
    (the default), the partial index holding every other address answers; otherwise all arrivals are read
    (SQLite is told so: ``NOT INDEXED``, which it alone knows, keeps it from walking the event index)."""
    known = f"sender_ip IN ({', '.join(f':ip{i}' for i in range(len(senders)))})" if senders else "FALSE"
    if set(DEFAULT_NOTIFY_SENDERS) <= set(senders):
        where = f"{FOREIGN_SENDER} AND NOT {known}"
        return f"SELECT event_id, sender_ip, COUNT(*) FROM receipts WHERE {where} GROUP BY event_id, sender_ip"
    where = f"sender_ip <> '' AND NOT {known}"
    every = "receipts NOT INDEXED" if dialect == "sqlite" else "receipts"
    return f"SELECT event_id, sender_ip, COUNT(*) FROM {every} WHERE {where} GROUP BY event_id, sender_ip"


def _minutes(first: str | None, last: str | None) -> int | None:
    """Whole minutes from ``first`` to ``last`` (ledger times); None when either is missing or unreadable."""
    if not first or not last:
        return None
    try:
        span = datetime.fromisoformat(last) - datetime.fromisoformat(first)
    except (TypeError, ValueError):  # not a time, or one with a zone and one without
        return None
    return int(span.total_seconds() // 60)
