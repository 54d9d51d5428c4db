"""Builders for reconciliation tests: gateway records, orders and exports straight into a ledger."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from smartro_desk.ledger import EventRecord, Ledger, OrderRecord
from smartro_desk.recon import DEFAULT_NOTIFY_SENDERS, Finding, ReconResult, ReconSettings, reconcile

MID = "SMTPAY001m"
MONTH = "2024-03"
AS_OF = date(2024, 4, 20)
SMARTRO = DEFAULT_NOTIFY_SENDERS[0]  # a published re-notify sender
_seq = itertools.count(1)
_batches = itertools.count(1)


def tid(n: int, *, method: str = "01", at: str = "240310120000", mid: str = MID) -> str:
    return f"{mid}{method}01{at}{n % 10000:04d}"


def event(
    kind: str, tid: str, amount: int | None, *, otid: str | None = None, channel: str = "notification",
    at: str = "2024-03-10 12:00:00", order: str = "", sign: str = "verified", method: str = "CARD",
    fn_cd: str = "01", fn_name: str = "비씨", divide: str = "", logged_at: str | None = None, sender_ip: str = "",
    occurrence: int = 1, mid: str = MID, **extra: str,
) -> EventRecord:
    fields = {"TID": tid, "OTID": otid or tid, "kind": kind, "Amt": str(amount), "OID": order, "at": at, **extra}
    return EventRecord(
        tid=tid, otid=otid or tid, kind=kind, channel=channel, fields=fields,  # type: ignore[arg-type]
        raw="&".join(f"{k}={v}" for k, v in fields.items()), mid=mid, pay_method=method, order_id=order,
        amount=amount, occurred_at=at, sign_status=sign, fn_cd=fn_cd, fn_name=fn_name,  # type: ignore[arg-type]
        result_code="3001" if kind == "approval" else "", divide_info=divide, logged_at=logged_at or at,
        sender_ip=sender_ip, occurrence=occurrence, source_line=next(_seq),
    )


def paid(tid: str, amount: int, order: str, *, at: str = "2024-03-10 12:00:00", both: bool = True,
         **kw: Any) -> list[EventRecord]:
    """An approval as the merchant's logs hold it: a notification and (``both``) the ReturnURL result."""
    records = [event("approval", tid, amount, order=order, at=at, **kw)]
    if both:
        records.append(event("approval", tid, amount, order=order, at=at, channel="result", **kw))
    return records


def order(order_id: str, amount: int, *, at: str | None = "2024-03-10 11:59:00", status: str = "",
          divide: str = "", **fields: str) -> OrderRecord:
    return OrderRecord(order_id, amount, mid=MID, ordered_at=at, status=status, divide_info=divide,
                       fields={"OID": order_id, "Amt": str(amount), **fields}, source_line=next(_seq))


def exported(kind: str, tid: str, amount: int | None, **kw: Any) -> EventRecord:
    """A row of the gateway admin site's export (no SignValue)."""
    return event(kind, tid, amount, channel="export", sign="absent", **kw)


def add(ledger: Ledger, records: Sequence[EventRecord], *, kind: str = "results") -> None:
    """Import records as one batch (``kind`` "export" for gateway export rows)."""
    with ledger.importing(f"{kind}-{next(_batches)}.txt", f"h{next(_batches)}", kind=kind) as session:
        session.add_events(records)


def add_orders(ledger: Ledger, orders: Sequence[OrderRecord]) -> None:
    with ledger.importing(f"orders-{next(_batches)}.xlsx", f"o{next(_batches)}", kind="orders") as session:
        session.add_orders(orders)


def run(ledger: Ledger, month: str = MONTH, **settings: Any) -> ReconResult:
    return reconcile(ledger, month, settings=ReconSettings(as_of=AS_OF, **settings))


def kinds(result: ReconResult) -> dict[str, list[str]]:
    """kind -> the TIDs (or order ids) of its findings."""
    out: dict[str, list[str]] = {}
    for f in result.findings:
        out.setdefault(f.kind, []).append(f.tid or f.order_id)
    return out


def only(result: ReconResult, kind: str) -> Finding:
    found = [f for f in result.findings if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


def copies(first: EventRecord, times: list[str], senders: list[str] | None = None) -> list[EventRecord]:
    """``first`` arriving once per time in ``times`` (the gateway re-sending it), from ``senders``."""
    senders = senders or [SMARTRO] * len(times)
    return [replace(first, occurrence=n, logged_at=at, sender_ip=ip)
            for n, (at, ip) in enumerate(zip(times, senders), 1)]


def plant_deliveries(ledger: Ledger) -> None:
    """March 2024: an approval notified 4 times over 20 minutes (one copy from a foreign address), one
    re-sent up to the retry limit (10 times, 63 minutes), one notified twice, one once, and a virtual
    account issued once; each payment also has its ReturnURL result."""
    four = event("approval", tid(1), 10_000, order="ORD-1", sender_ip=SMARTRO)
    ten = event("approval", tid(2), 20_000, order="ORD-2", at="2024-03-11 09:00:00", sender_ip=SMARTRO)
    two = event("approval", tid(4), 40_000, order="ORD-4", at="2024-03-12 09:00:00", sender_ip=SMARTRO)
    vbank = tid(5, method="03")
    add(ledger, copies(four, ["2024-03-10 12:00:00", "2024-03-10 12:05:00", "2024-03-10 12:12:00",
                              "2024-03-10 12:20:00"], [SMARTRO, SMARTRO, "10.9.8.7", SMARTRO])
        + copies(ten, [f"2024-03-11 {9 + 7 * n // 60:02d}:{7 * n % 60:02d}:00" for n in range(10)])
        + copies(two, ["2024-03-12 09:00:00", "2024-03-12 09:01:00"])
        + [event("approval", tid(3), 30_000, order="ORD-3", sender_ip=SMARTRO),
           event("vbank_issued", vbank, 50_000, method="VBANK", order="ORD-5", sender_ip=SMARTRO,
                 VbankExpDate="20990101")]
        + [event("approval", tid(n), 10_000 * n, order=f"ORD-{n}", channel="result") for n in (1, 2, 3, 4)]
        + [event("vbank_issued", vbank, 50_000, method="VBANK", order="ORD-5", channel="result",
                 VbankExpDate="20990101")])
