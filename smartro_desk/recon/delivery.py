"""Notification delivery health: how many copies of each notification arrived, over how long, from where.

A retried notification is identical, so the ledger keeps it as one event with
one receipt per arrival. The gateway re-sends until the merchant's page
answers ``OK``: several copies mean the page did not answer. A sender address
outside ``ReconSettings.notify_senders`` (where the log records one) is
reported too. Only notifications dated in the month count (a notification is
dated by its own record: an approval's by the approval, a cancel's by its own
date when the record carries one).

Repeated arrivals are found through the import's duplicate list
(``batch_issues``), which names the event of every repeat; when the receipts
hold more repeats than that list explains (records added outside an import),
all receipts are grouped instead. Only the events found are read in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from smartro_desk.labels import EVENT_KIND
from smartro_desk.recon.findings import DeliveryHealth, Finding
from smartro_desk.recon.scope import Scope

# Notifications of the month's transactions among the candidate events: copies, first and last arrival.
_NOTIFICATIONS = """
SELECT e.otid, e.fact_key, e.kind, COUNT(*), MIN(r.logged_at),
       CAST((julianday(MAX(r.logged_at)) - julianday(MIN(r.logged_at))) * 1440 AS INTEGER), e.order_id
FROM temp._rc c
CROSS JOIN events e ON e.id = c.event_id AND e.channel = 'notification'
                       AND e.occurred_at >= :start AND e.occurred_at < :end
CROSS JOIN receipts r ON r.event_id = c.event_id
GROUP BY c.event_id
"""

# Arrivals from unknown addresses, per transaction and address.
_STRANGERS = """
SELECT e.otid, s.sender_ip, SUM(s.arrivals)
FROM temp._rs s
CROSS JOIN events e ON e.id = s.event_id AND e.channel = 'notification'
                       AND e.occurred_at >= :start AND e.occurred_at < :end
GROUP BY e.otid, s.sender_ip
"""


class Delivery:
    """Finds the month's re-sent and strangely-sent notifications; gives the health report and the findings."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        scope.run("DROP TABLE IF EXISTS temp._rc")
        scope.run("CREATE TEMP TABLE _rc (event_id INTEGER PRIMARY KEY)")
        scope.run("INSERT OR IGNORE INTO temp._rc SELECT event_id FROM batch_issues "
                  "WHERE outcome = 'duplicate' AND event_id IS NOT NULL")
        repeats = scope.one("SELECT (SELECT COUNT(*) FROM receipts) - (SELECT COUNT(*) FROM events)")[0]
        explained = scope.one("SELECT COUNT(*) - (SELECT COUNT(*) FROM temp._rc) FROM temp._rc c "
                              "CROSS JOIN receipts r ON r.event_id = c.event_id")[0]
        if repeats > explained:
            scope.run("INSERT OR IGNORE INTO temp._rc SELECT event_id FROM receipts "
                      "GROUP BY event_id HAVING COUNT(*) >= 2")
        self.logged = bool(scope.one("SELECT EXISTS (SELECT 1 FROM receipts WHERE sender_ip <> '')")[0])
        senders = scope.settings.notify_senders
        params: dict[str, Any] = {f"ip{i}": ip for i, ip in enumerate(senders)}
        known = f"sender_ip IN ({', '.join(f':ip{i}' for i in range(len(senders)))})" if senders else "0"
        scope.run("DROP TABLE IF EXISTS temp._rs")
        scope.run("CREATE TEMP TABLE _rs (event_id INTEGER, sender_ip TEXT, arrivals INTEGER)")
        if self.logged:
            scope.run("INSERT INTO temp._rs SELECT event_id, sender_ip, COUNT(*) FROM receipts NOT INDEXED "
                      f"WHERE sender_ip <> '' AND NOT {known} GROUP BY event_id, sender_ip", params)
        # One row per notification: [otid, fact key, kind, copies, first arrival, minutes first to last, order id]
        merged: dict[tuple[str, str], list[Any]] = {}
        for otid, fact, kind, count, first, minutes, order_id in scope.rows(_NOTIFICATIONS):
            seen = merged.setdefault((otid, fact), [otid, fact, kind, 0, first, 0, order_id])
            seen[3] += count  # a notification received as several (differing) events counts as one
            if first is not None and (seen[4] is None or first < seen[4]):  # logs without times give None
                seen[4] = first
            seen[5] = max(seen[5], minutes or 0)
        self.rows = sorted(merged.values(), key=lambda r: (r[0], r[4] or ""))
        self.strangers: dict[str, dict[str, int]] = {}
        for otid, ip, arrivals in scope.rows(_STRANGERS):
            self.strangers.setdefault(otid, {})[ip] = arrivals

    def health(self) -> DeliveryHealth:
        copies: dict[int, int] = {}
        longest = 0
        for _, _, _, count, _, minutes, _ in self.rows:
            if count >= 2:
                copies[count] = copies.get(count, 0) + 1
                longest = max(longest, minutes)
        senders: dict[str, int] = {}
        for by_ip in self.strangers.values():
            for ip, arrivals in by_ip.items():
                senders[ip] = senders.get(ip, 0) + arrivals
        if not self.logged:
            self.scope.notes.append("통보 로그에 보낸 곳 주소가 없어 통보 발신 주소는 확인하지 못했습니다.")
        return DeliveryHealth(
            sum(copies.values()), sum(k * v for k, v in copies.items()), max(copies, default=0), longest,
            dict(sorted(copies.items())), dict(sorted(senders.items())), self.logged,
        )

    def findings(self) -> Iterator[Finding]:
        """Per transaction: ``excess_notifications`` and ``unknown_sender``."""
        limit = self.scope.settings.excess_copies
        for otid, group in groupby(self.rows, key=lambda r: r[0]):
            excess = [n for n in group if n[3] >= limit]
            if excess:
                yield Finding.of(
                    "excess_notifications", tid=otid, order_id=excess[0][6], at=excess[0][4], detail_ko="; ".join(
                        f"{EVENT_KIND.get(n[2], (n[2],))[0]} 통보 {n[3]}회"
                        + (f" ({n[5]}분 동안)" if n[4] else "") for n in excess
                    ),
                )
        for otid, by_ip in sorted(self.strangers.items()):
            row = self.scope.one("SELECT order_id, approved_at FROM transactions WHERE tid = :t", {"t": otid})
            row = row or ("", None)
            listed = ", ".join(f"{ip} {n}회" for ip, n in sorted(by_ip.items()))
            yield Finding.of("unknown_sender", tid=otid, order_id=row[0], at=row[1],
                             detail_ko=f"공지된 재통보 주소가 아닌 곳에서 통보를 받았습니다: {listed}")
