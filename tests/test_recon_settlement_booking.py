"""The monthly settlement books what the merchant's own records show, on the day it counts, and its lines
(the workbook's 상세 and 제외) add up to its totals and leave nothing out silently."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recon_support import add, event, exported, paid, tid

from smartro_desk.ledger import EventRecord, Ledger
from smartro_desk.recon import Month, Totals, monthly_settlement
from smartro_desk.recon.settlement import REASONS, Settlement, SettlementLine, settlement_lines


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def lines(ledger: Ledger, month: str) -> tuple[Settlement, list[SettlementLine], list[SettlementLine]]:
    with settlement_lines(ledger, month) as (settlement, found):
        return settlement, list(found.booked()), list(found.left_out())


def vbank(kind: str, t: str, at: str) -> EventRecord:
    return event(kind, t, 12_000, at=at, method="VBANK", fn_cd="004", fn_name="국민은행", order="O9",
                 VbankExpDate="20240410")


def as_exported(record: EventRecord) -> EventRecord:
    """The same record as a row of the gateway's export."""
    return exported(record.kind, record.tid, record.amount, at=record.occurred_at or "", method=record.pay_method,
                    fn_cd=record.fn_cd, fn_name=record.fn_name, order=record.order_id)


# -- 1. a virtual account counts on its deposit's day, on both sides -----------------------------------------


def test_an_account_issued_in_march_and_deposited_in_april_is_april_s_sale_on_both_sides(ledger: Ledger) -> None:
    """The reviewer's case: March closes at 0, stays 0 once April is imported; April is 12,000 on both sides."""
    t = tid(9, method="03", at="240328100000")
    issued = vbank("vbank_issued", t, "2024-03-28 10:00:00")
    deposited = vbank("vbank_deposit", t, "2024-04-02 10:00:00")
    add(ledger, [issued])
    add(ledger, [as_exported(issued)], kind="export")
    closed = monthly_settlement(ledger, "2024-03")
    assert closed.total.ledger == Totals() and (closed.total.export or Totals()) == Totals()
    add(ledger, [deposited])
    add(ledger, [as_exported(deposited)], kind="export")
    march, april = monthly_settlement(ledger, "2024-03"), monthly_settlement(ledger, "2024-04")
    assert march.total.ledger == closed.total.ledger == Totals() and march.differences == ()
    assert april.total.ledger == april.total.export == Totals(1, 12_000) and april.differences == ()
    assert [(r.key, r.ledger, r.export) for r in april.by_day] == [("2024-04-02", Totals(1, 12_000), Totals(1, 12_000))]
    _, booked, _ = lines(ledger, "2024-04")
    assert [(b.kind, b.at, b.approved_at) for b in booked] == [
        ("deposit", "2024-04-02 10:00:00", "2024-03-28 10:00:00")]
    _, booked, left = lines(ledger, "2024-03")
    assert booked == [] and [x.tid for x in left] == [t]
    assert left[0].reason == ("가상계좌 입금 2024-04-02: 2024-04 정산에 포함",
                              "Virtual account deposited on 2024-04-02: in the 2024-04 settlement")


def test_an_account_deposited_later_in_the_month_counts_on_the_deposit_day_on_both_sides(ledger: Ledger) -> None:
    t = tid(10, method="03", at="240310100000")
    logged = [vbank("vbank_issued", t, "2024-03-10 10:00:00"), vbank("vbank_deposit", t, "2024-03-12 09:00:00")]
    add(ledger, logged)
    add(ledger, [as_exported(r) for r in logged], kind="export")
    s = monthly_settlement(ledger, "2024-03")
    assert [(r.key, r.ledger, r.export) for r in s.by_day] == [("2024-03-12", Totals(1, 12_000), Totals(1, 12_000))]
    assert s.differences == ()


def test_an_account_never_deposited_is_no_sale_in_any_month(ledger: Ledger) -> None:
    t = tid(15, method="03", at="240301100000")
    add(ledger, [vbank("vbank_issued", t, "2024-03-01 10:00:00")])
    for month in ("2024-03", "2024-04"):
        settlement, booked, left = lines(ledger, month)
        assert settlement.total.ledger == Totals() and booked == []
    assert [(x.kind, x.reason) for x in lines(ledger, "2024-03")[2]] == [("payment", REASONS["unpaid"])]


# -- 3. the ledger's side is the merchant's own records --------------------------------------------------------


def test_a_payment_known_only_from_the_export_shows_as_a_difference(ledger: Ledger) -> None:
    known, only = tid(1), tid(20, at="240322100000")
    add(ledger, paid(known, 10_000, "ORD-1"))
    add(ledger, [exported("approval", known, 10_000),
                 exported("approval", only, 2_500, at="2024-03-22 10:00:00", fn_cd="", fn_name="현대")], kind="export")
    s = monthly_settlement(ledger, "2024-03")
    assert s.total.ledger == Totals(1, 10_000) and s.total.export == Totals(2, 12_500)
    assert s.total.difference is not None and s.total.difference.net == -2_500
    day = {r.key: r for r in s.by_day}["2024-03-22"]
    assert (day.ledger, day.export) == (Totals(), Totals(1, 2_500))
    _, booked, left = lines(ledger, "2024-03")
    assert [b.tid for b in booked] == [known]
    assert [(x.tid, x.amount, x.reason) for x in left] == [(only, 2_500, REASONS["export_only"])]


def test_a_cancel_known_only_from_the_export_is_on_the_gateway_side_only(ledger: Ledger) -> None:
    t = tid(3)
    add(ledger, paid(t, 10_000, "ORD-3"))
    add(ledger, [exported("approval", t, 10_000),
                 exported("cancel", t + "C", 4_000, otid=t, at="2024-03-15 10:00:00")], kind="export")
    s = monthly_settlement(ledger, "2024-03")
    assert s.total.ledger == Totals(1, 10_000) and s.total.export == Totals(1, 10_000, 1, 4_000)
    assert [(x.kind, x.amount, x.reason) for x in lines(ledger, "2024-03")[2]] == [
        ("cancel", 4_000, REASONS["export_only"])]


def test_downloads_either_side_of_a_partial_cancel_book_each_cancel_on_its_day(ledger: Ledger) -> None:
    """The export's cancel amount is the total so far: 1,000 downloaded after the 14th's cancel, 2,000 after
    the 15th's. The gateway side books 1,000 on each day, as the logs do; a snapshot from February books only
    what March added."""
    t = tid(4, at="240213100000")
    add(ledger, paid(t, 40_000, "ORD-4", at="2024-02-13 10:00:00")
        + [event("cancel", t[:-4] + f"09{d}", 1_000, otid=t, at=f"2024-{m}-{d} 10:00:00")
           for m, d in (("02", "28"), ("03", "14"), ("03", "15"))])
    for n, (at, total) in enumerate((("2024-02-28", 1_000), ("2024-03-14", 2_000), ("2024-03-15", 3_000),
                                     ("2024-03-15", 3_000))):
        add(ledger, [exported("approval", t, 40_000, at="2024-02-13 10:00:00", extra=str(n)),
                     exported("cancel", t, total, at=f"{at} 10:00:00", _event="cancel", extra=str(n))],
            kind="export")  # the last is the same download taken twice, in another layout
    s = monthly_settlement(ledger, "2024-03")
    days = {r.key: (r.ledger, r.export) for r in s.by_day}
    assert days == {"2024-03-14": (Totals(0, 0, 1, 1_000), Totals(0, 0, 1, 1_000)),
                    "2024-03-15": (Totals(0, 0, 1, 1_000), Totals(0, 0, 1, 1_000))}
    assert s.total.difference is not None and s.total.difference.net == 0


def test_any_logged_record_of_the_approval_counts_whatever_its_signature(ledger: Ledger) -> None:
    """A ReturnURL result without SignValue, an approval logged before its merchant key was known, and a
    virtual account whose payment was logged as an approval: all the merchant's own records."""
    unsigned, keyless, account = tid(1), tid(2), tid(3, method="03")
    add(ledger, [event("approval", unsigned, 1_000, channel="result", sign="absent"),
                 event("approval", keyless, 2_000, sign="no_key"),
                 event("vbank_issued", account, 4_000, method="VBANK", at="2024-03-09 10:00:00"),
                 event("approval", account, 4_000, method="VBANK", channel="result", sign="absent")])
    add(ledger, [exported("approval", t, amount) for t, amount in ((unsigned, 1_000), (keyless, 2_000))]
        + [exported("vbank_issued", account, 4_000, method="VBANK", at="2024-03-09 10:00:00")], kind="export")
    s = monthly_settlement(ledger, "2024-03")
    assert s.total.ledger == Totals(3, 7_000)


# -- 2. the lines are the totals -------------------------------------------------------------------------------


def test_lines_tie_to_the_totals_and_say_why_the_rest_is_left_out(ledger: Ledger) -> None:
    """The reviewer's workbook: a payment suspected of tampering, an unpaid account, a cancel dated the next
    month, and this month's cancel of last month's payment."""
    last_month, late = tid(5, at="240225100000"), tid(4, at="240331235000")
    add(ledger, paid(tid(1), 10_000, "O1", at="2024-03-05 10:00:00")
        + paid(late, 15_000, "O4", at="2024-03-31 23:50:00")
        + paid(last_month, 7_000, "O5", at="2024-02-25 10:00:00")
        + [event("approval", tid(6), 50_000, order="O6", sign="mismatch", at="2024-03-08 10:00:00"),
           event("failure", tid(7), None, order="O7", at="2024-03-09 10:00:00"),
           vbank("vbank_issued", tid(15, method="03"), "2024-03-01 10:00:00"),
           event("cancel", late, 15_000, at="2024-04-01 00:10:00"),
           event("cancel", last_month, 7_000, at="2024-03-03 10:00:00")])
    settlement, booked, left = lines(ledger, "2024-03")
    assert settlement.total.ledger == Totals(2, 25_000, 1, 7_000)
    assert [(b.kind, b.tid, b.at) for b in booked] == [
        ("cancel", last_month, "2024-03-03 10:00:00"), ("approval", tid(1), "2024-03-05 10:00:00"),
        ("approval", late, "2024-03-31 23:50:00")]
    assert booked[0].approved_at == "2024-02-25 10:00:00"
    assert [(x.tid, x.reason) for x in left] == [
        (tid(15, method="03"), REASONS["unpaid"]), (tid(6), REASONS["tampering"]), (tid(7), REASONS["failed"])]
    assert all(x.reason is not None and x.reason.en and x.reason.ko != x.reason.en for x in left)
    assert lines(ledger, "2024-04")[1][0].kind == "cancel"  # the next month's


# -- the same, for any month -------------------------------------------------------------------------------------

START = datetime(2001, 1, 1)
_months = itertools.count()
_tids = itertools.count(1)


@dataclass
class Payment:
    """One generated payment and what the merchant's logs and the gateway's export hold of it."""

    method: str  # CARD | VBANK
    amount: int
    at: datetime  # approval (a virtual account's issue)
    logged: bool
    in_export: bool
    sign: str  # its logged approval's SignValue: verified, no_key, absent or mismatch (forged)
    export_differs: bool  # the export lists another amount (disagreeing copies)
    deposit: datetime | None  # a virtual account's
    cancels: list[tuple[int, datetime, str]] = field(default_factory=list)  # (amount, at, logged|export|both)


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@st.composite
def payments(draw: st.DrawFn, base: datetime) -> Payment:
    method = draw(st.sampled_from(["CARD", "VBANK"]))
    amount = draw(st.integers(1, 50)) * 1_000
    at = base + timedelta(minutes=draw(st.integers(0, 60 * 24 * 58)))  # the month before, or the month itself
    logged, in_export = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    sign = draw(st.sampled_from(["verified", "no_key", "absent", "mismatch"]))
    differs = method == "CARD" and logged and in_export and draw(st.integers(0, 5)) == 0
    deposit = at + timedelta(hours=draw(st.integers(1, 24 * 40))) if method == "VBANK" and draw(st.booleans()) else None
    payment = Payment(method, amount, at, logged, in_export, sign, differs, deposit)
    if method == "CARD":
        left = amount
        for _ in range(draw(st.integers(0, 2))):
            part = draw(st.integers(1, left // 1_000)) * 1_000 if left >= 1_000 else 0
            if part:
                when = at + timedelta(hours=draw(st.integers(1, 24 * 40)))
                payment.cancels.append((part, when, draw(st.sampled_from(["logged", "export", "both"]))))
                left -= part
    return payment


def records(payment: Payment) -> tuple[list[EventRecord], list[EventRecord]]:
    """(the logs' records, the export's rows) of ``payment``."""
    n = next(_tids)
    code = "01" if payment.method == "CARD" else "03"
    t = tid(n, method=code, at=payment.at.strftime("%y%m%d%H%M%S"))
    common = {"method": payment.method, "order": f"ORD-{n}"}
    logs: list[EventRecord] = []
    rows: list[EventRecord] = []
    first = "approval" if payment.method == "CARD" else "vbank_issued"
    if payment.logged:
        logs.append(event(first, t, payment.amount, at=_text(payment.at), sign=payment.sign, **common))
        if payment.deposit:
            logs.append(event("vbank_deposit", t, payment.amount, at=_text(payment.deposit), **common))
    if payment.in_export:
        shown = payment.amount + (500 if payment.export_differs else 0)
        rows.append(exported(first, t, shown, at=_text(payment.at), **common))
        if payment.deposit:
            rows.append(exported("vbank_deposit", t, payment.amount, at=_text(payment.deposit), **common))
    for k, (amount, at, where) in enumerate(payment.cancels):
        cancel = {"otid": t, "at": _text(at), **common}
        if where != "export":
            logs.append(event("cancel", f"{t}C{k}", amount, **cancel))
        if where != "logged":
            rows.append(exported("cancel", f"{t}C{k}", amount, **cancel))
    return logs, rows


def expected(made: list[Payment], month: Month) -> tuple[Counter[str], Counter[str]]:
    """(the ledger's side, the export's side) of ``month`` per day, as ``'a:day'``/``'A:day'`` (approvals, amount)
    and ``'c:day'``/``'C:day'`` (cancels, amount) counters, straight from how the payments were made."""
    mine: Counter[str] = Counter()
    theirs: Counter[str] = Counter()

    def book(side: Counter[str], what: str, at: datetime, amount: int) -> None:
        day = _text(at)[:10]
        if month.start <= day < month.end:
            side[f"{what}:{day}"] += 1
            side[f"{what.upper()}:{day}"] += amount

    for p in made:
        forged = p.logged and p.sign == "mismatch"
        counted = p.deposit if p.method == "VBANK" else p.at
        if p.logged and not forged and not p.export_differs and counted is not None:
            book(mine, "a", counted, p.amount)
        if p.in_export and counted is not None:
            book(theirs, "a", counted, p.amount + (500 if p.export_differs else 0))
        for amount, at, where in p.cancels:
            if where != "export" and not forged and not p.export_differs:
                book(mine, "c", at, amount)
            if where != "logged":
                book(theirs, "c", at, amount)
    return mine, theirs


def per_day(settlement: Settlement, side: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for row in settlement.by_day:
        totals = getattr(row, side) or Totals()
        for what, count, amount in (("a", totals.approvals, totals.approved), ("c", totals.cancels, totals.cancelled)):
            if count:
                out[f"{what}:{row.key}"] += count
                out[f"{what.upper()}:{row.key}"] += amount
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_month_books_what_the_logs_show_and_its_lines_add_up(ledger: Ledger, data: st.DataObject) -> None:
    index = next(_months) * 4 + 1  # months of their own for every example
    before = Month(START.year + index // 12, index % 12 + 1)
    month = before.next()
    made = data.draw(st.lists(payments(datetime(before.year, before.month, 1)), min_size=1, max_size=8))
    logs, rows = [], []
    for payment in made:
        mine, theirs = records(payment)
        logs += mine
        rows += theirs
    if logs:
        add(ledger, logs)
    if rows:
        add(ledger, rows, kind="export")
    settlement, booked, left = lines(ledger, str(month))
    mine, theirs = expected(made, month)
    assert per_day(settlement, "ledger") == mine
    assert per_day(settlement, "export") == theirs
    # the lines are the ledger's totals, each on its day
    counted: Counter[str] = Counter()
    for line in booked:
        assert line.at is not None and month.start <= line.at[:10] < month.end and line.reason is None
        what = "c" if line.kind == "cancel" else "a"
        counted[f"{what}:{line.at[:10]}"] += 1
        counted[f"{what.upper()}:{line.at[:10]}"] += line.amount or 0
    assert counted == mine
    # every payment of the month the totals leave out is listed, with its reason
    approved = {b.tid for b in booked if b.kind != "cancel"}
    listed = {x.tid for x in left if x.kind == "payment"}
    assert all(x.reason is not None for x in left) and not approved & listed
    of_month = {r.otid for r in logs + rows if r.kind in ("approval", "vbank_issued")
                and month.start <= (r.occurred_at or "")[:10] < month.end}
    assert of_month <= approved | listed
