"""Reconciliation: the ledger's own records against the gateway export, and the monthly settlement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from recon_support import add, event, exported, kinds, only, paid, run, tid

from smartro_desk.ledger import Ledger
from smartro_desk.recon import Totals, monthly_settlement, resolve_finding


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def test_without_an_export_the_comparison_is_skipped_and_said_so(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 1_000, "ORD-1"))
    assert any("PG 거래내역 엑셀이 원장에 없어" in n.ko for n in run(ledger).notes)


def test_present_on_one_side_only(ledger: Ledger) -> None:
    days = {n: f"2024-03-{d:02d} 12:00:00" for n, d in ((1, 10), (5, 12), (6, 15), (7, 20), (8, 25))}
    add(ledger, [r for n in (1, 6, 7, 8) for r in paid(tid(n), 1_000 * n, f"ORD-{n}", at=days[n])])
    add(ledger, paid(tid(9, mid="SMTPAY002m"), 9_000, "ORD-9", mid="SMTPAY002m"))  # a MID the export does not list
    add(ledger, [exported("approval", tid(n), 1_000 * n, at=days[n]) for n in (1, 5, 7)], kind="export")
    result = run(ledger)
    assert kinds(result) == {"missing_in_ledger": [tid(5)], "missing_in_export": [tid(6)]}  # 03-25: after the export
    assert only(result, "missing_in_ledger").returned == 5_000
    assert any("2024-03-10부터 2024-03-20까지만" in n.ko for n in result.notes)


def test_amount_differs_and_resolving_it_clears_the_flag(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 10_000, "ORD-1"))
    add(ledger, [exported("approval", tid(1), 10_100)], kind="export")
    result = run(ledger)
    found = only(result, "export_differs")
    assert (found.requested, found.returned, found.amount, found.severity) == (10_000, 10_100, 100, "high")
    assert "금액: 원장 10,000원 / 엑셀 10,100원" in found.detail_ko and "conflict" not in kinds(result)
    assert ledger.db.scalar("SELECT flagged FROM transactions") == 1
    resolve_finding(ledger, found, note="PG에 문의: 엑셀 오류")
    assert ledger.db.scalar("SELECT flagged FROM transactions") == 0
    assert only(run(ledger), "export_differs").resolution is not None


def test_cancel_totals_compared_side_by_side(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2), 10_000, "ORD-2") + paid(tid(3), 10_000, "ORD-3"))
    add(ledger, [event("cancel", tid(n)[:-4] + f"090{n}", 3_000, otid=tid(n), at="2024-03-11 10:00:00")
                 for n in (1, 2)])
    add(ledger, [event("cancel", tid(3)[:-4] + "0903", 2_000, otid=tid(3), at="2024-04-02 10:00:00")])  # after
    add(ledger, [exported("approval", tid(n), 10_000) for n in (1, 2, 3)]
        + [exported("cancel", tid(1), 3_000, at="2024-03-11 10:00:00", _event="cancel"),  # one total per TID
           exported("cancel", tid(2), 5_000, at="2024-03-11 10:00:00", _event="cancel")], kind="export")
    found = only(run(ledger), "export_differs")
    assert found.tid == tid(2) and found.detail_ko == "취소: 원장 3,000원 / 엑셀 5,000원" and found.amount == 2_000


def test_deposit_state_differs(ledger: Ledger) -> None:
    t = tid(1, method="03")
    add(ledger, [event("vbank_issued", t, 50_000, method="VBANK", VbankExpDate="20990101"),
                 event("vbank_issued", t, 50_000, method="VBANK", channel="result", VbankExpDate="20990101")])
    add(ledger, [exported("vbank_deposit", t, 50_000, method="VBANK")], kind="export")
    found = only(run(ledger), "export_differs")
    assert found.detail_ko == "상태: 원장 입금대기 / 엑셀 입금완료" and found.severity == "medium"


def test_settlement_per_day_method_and_card_across_a_month_boundary(ledger: Ledger) -> None:
    last_day, next_day = "2024-03-31 23:50:00", "2024-04-01 00:10:00"
    add(ledger, paid(tid(1), 10_000, "ORD-1", at="2024-03-10 12:00:00")
        + paid(tid(2), 20_000, "ORD-2", at="2024-03-10 13:00:00", fn_cd="04", fn_name="삼성")
        + paid(tid(3, method="02"), 30_000, "ORD-3", at="2024-03-11 09:00:00", method="BANK", fn_cd="088",
               fn_name="신한은행")
        + paid(tid(4, at="240331235000"), 40_000, "ORD-4", at=last_day))
    add(ledger, [event("cancel", tid(1)[:-4] + "0901", 4_000, otid=tid(1), at="2024-03-12 10:00:00"),
                 event("cancel", tid(4, at="240331235000"), 40_000, at=next_day)])
    march = monthly_settlement(ledger, "2024-03")
    assert march.total.ledger == Totals(4, 100_000, 1, 4_000) and march.total.ledger.net == 96_000
    assert {r.key: r.ledger for r in march.by_day}["2024-03-31"] == Totals(1, 40_000)
    assert {r.key: r.ledger.approved for r in march.by_method} == {"BANK": 30_000, "CARD": 70_000}
    assert {(r.key, r.label_ko): r.ledger.approved for r in march.by_card} == {("01", "비씨"): 50_000,
                                                                              ("04", "삼성"): 20_000}
    assert not march.has_export and march.differences == () and march.total.export is None
    april = monthly_settlement(ledger, "2024-04")
    assert april.total.ledger == Totals(0, 0, 1, 40_000) and april.total.ledger.net == -40_000


def test_settlement_leaves_flagged_transactions_out(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 10_000, "ORD-1") + [event("approval", tid(2), 5_000, sign="mismatch")])
    settlement = monthly_settlement(ledger, "2024-03")
    assert settlement.total.ledger == Totals(1, 10_000) and settlement.excluded == Totals(1, 5_000)


def test_settlement_beside_the_export_lists_the_differences(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2), 20_000, "ORD-2", at="2024-03-11 12:00:00"))
    add(ledger, [exported("approval", tid(1), 10_000, fn_cd="", fn_name="비씨카드")], kind="export")
    settlement = monthly_settlement(ledger, "2024-03")
    assert settlement.has_export and settlement.total.export == Totals(1, 10_000)
    assert settlement.total.difference == Totals(1, 20_000)
    assert [f"{r.dimension}:{r.key}" for r in settlement.differences] == [
        "day:2024-03-11", "method:CARD", "card:01", "total:"]
    row = settlement.by_day[0].values()
    assert (row["label"], row["net"], row["x_net"], row["diff_net"]) == ("2024-03-10", 10_000, 10_000, 0)
    assert settlement.to_json()["total"]["difference"]["net"] == 20_000


def test_settlement_counts_each_exported_payment_once(ledger: Ledger) -> None:
    """Two export layouts listing one payment (one without the card code), and a virtual account issued on
    the 10th and deposited on the 12th: each is one approval, the account on its deposit day."""
    vbank, waiting = tid(2, method="03"), tid(3, method="03")
    add(ledger, paid(tid(1), 10_000, "ORD-1"))
    add(ledger, [exported("approval", tid(1), 10_000)], kind="export")
    add(ledger, [exported("approval", tid(1), 10_000, fn_cd="", fn_name="비씨카드", extra="layout 2"),
                 exported("vbank_issued", vbank, 50_000, method="VBANK", fn_cd="088", fn_name="신한은행",
                          at="2024-03-10 15:00:00"),
                 exported("vbank_deposit", vbank, 50_000, method="VBANK", fn_cd="088", fn_name="신한은행",
                          at="2024-03-12 09:00:00"),
                 exported("vbank_issued", waiting, 70_000, method="VBANK", fn_cd="088", fn_name="신한은행")],
        kind="export")
    settlement = monthly_settlement(ledger, "2024-03")
    assert settlement.total.export == Totals(2, 60_000)
    assert {r.key: r.export for r in settlement.by_day} == {"2024-03-10": Totals(1, 10_000),
                                                            "2024-03-12": Totals(1, 50_000)}
    assert {r.key: r.export for r in settlement.by_method} == {"CARD": Totals(1, 10_000), "VBANK": Totals(1, 50_000)}
    assert {r.key: r.export for r in settlement.by_card} == {"01": Totals(1, 10_000)}


def test_settlement_reads_the_export_from_its_index(tmp_path: Path) -> None:
    """SQLite's plans (PostgreSQL's planner decides from the table's size)."""
    from smartro_desk.recon.settlement import _EXPORT_APPROVALS, _EXPORT_CANCELS, _EXPORT_SPECIAL

    ledger = Ledger.open(tmp_path / "plans.sqlite")
    for sql in (_EXPORT_APPROVALS, _EXPORT_CANCELS, _EXPORT_SPECIAL):
        plan = " ".join(str(r) for r in ledger.db.query("EXPLAIN QUERY PLAN " + sql,
                                                         {"start": "2024-03-01", "end": "2024-04-01"}))
        assert "COVERING INDEX events_export_day" in plan, plan
    approvals = " ".join(str(r) for r in ledger.db.query("EXPLAIN QUERY PLAN " + _EXPORT_APPROVALS,
                                                          {"start": "2024-03-01", "end": "2024-04-01"}))
    assert "TEMP B-TREE" not in approvals  # summed in the index's order
    ledger.close()
