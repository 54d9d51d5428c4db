"""Deriving transactions: the single-event path gives what the general derivation gives, for any events."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartro_desk.ledger import EventRecord, Ledger
from smartro_desk.ledger.model import CHANNELS, EVENT_KINDS
from smartro_desk.ledger.recompute import recompute

SIGNS = ("verified", "mismatch", "no_key", "absent")
NOW = "2024-04-01 00:00:00"


@st.composite
def events(draw: st.DrawFn) -> EventRecord:
    otid = draw(st.sampled_from([f"SMTPAY001m0101240305{n:06d}0001" for n in range(6)]))
    partial = draw(st.booleans())
    kind = draw(st.sampled_from(EVENT_KINDS))
    tid = otid if not (kind == "cancel" and partial) else otid[:-4] + draw(st.sampled_from(["0002", "0003"]))
    amount = draw(st.one_of(st.none(), st.integers(0, 50_000)))
    return EventRecord(
        tid=tid, otid=otid, kind=kind, channel=draw(st.sampled_from(CHANNELS)),
        fields={"TID": tid, "n": str(draw(st.integers(0, 3)))}, mid="SMTPAY001m",
        pay_method=draw(st.sampled_from(["CARD", "BANK", "VBANK"])), order_id=draw(st.sampled_from(["", "O-1"])),
        amount=amount, result_code=draw(st.sampled_from(["3001", "2001", "4110", "9999"])),
        occurred_at=draw(st.one_of(st.none(), st.sampled_from(["2024-03-05 10:00:00", "2024-03-06 09:00:00"]))),
        sign_status=draw(st.sampled_from(SIGNS)), buyer=draw(st.sampled_from(["", "김민준"])),
        fn_cd=draw(st.sampled_from(["", "02"])), vbank_num=draw(st.sampled_from(["", "123-456"])),
    )


def derived(batch: list[EventRecord], resolved: list[str], *, fast: bool) -> list[tuple[object, ...]]:
    ledger = Ledger.open(":memory:")
    try:
        with ledger.write():
            for key in resolved:
                ledger.db.execute("INSERT INTO resolutions (finding_key, status, at) VALUES (?, 'resolved', ?) "
                                  "ON CONFLICT DO NOTHING", (key, NOW))
        with ledger.importing("t.log", "h") as session:
            session.add_events(batch)
        with ledger.write():
            ledger.db.execute("DELETE FROM transactions")
            recompute(ledger.db, {e.otid for e in batch}, NOW, fast=fast)
        return ledger.db.query("SELECT * FROM transactions ORDER BY tid")
    finally:
        ledger.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), min_size=1, max_size=8),
       st.lists(st.sampled_from([f"{kind}:SMTPAY001m0101240305{n:06d}0001" for kind in ("signature_mismatch",
                                 "conflict") for n in range(6)]), max_size=3))
def test_the_single_event_path_derives_what_the_general_one_does(batch: list[EventRecord], resolved: list[str]) -> None:
    assert derived(batch, resolved, fast=True) == derived(batch, resolved, fast=False)


def test_every_kind_alone_goes_the_single_event_path() -> None:
    for kind in EVENT_KINDS:
        for sign in SIGNS:
            one = EventRecord(tid="SMTPAY001m01012403050000010001", otid="SMTPAY001m01012403050000010001",
                              kind=kind, channel="notification", fields={"k": kind + sign}, amount=1_000,
                              occurred_at="2024-03-05 10:00:00", sign_status=sign)
            assert derived([one], [], fast=True) == derived([one], [], fast=False), (kind, sign)


def test_each_chunk_reads_only_its_own_transactions_events(tmp_path: Path) -> None:
    """The general derivation looks each chunk's events up by original TID: scanning every event for each
    chunk of 20,000 transactions made a million-line import quadratic (measured: 5.9 s of 37 at 300,000 lines,
    1.1 s after)."""
    from smartro_desk.ledger.recompute import _RECOMPUTE

    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    try:
        ledger.add_events([EventRecord(tid=f"SMTPAY001m0101240305{n:06d}0001", otid=f"SMTPAY001m0101240305{n:06d}0001",
                                       kind="approval", channel="notification", fields={"n": str(n)}, amount=n)
                           for n in range(300)])
        with ledger.write():
            ledger.db.execute("CREATE TEMP TABLE IF NOT EXISTS _touched (tid TEXT PRIMARY KEY)")
            ledger.db.execute("INSERT INTO _touched SELECT otid FROM events LIMIT 20")
            ledger.db.execute("ANALYZE")  # with the tables' real sizes known, as after a long life
            plan = [row[-1] for row in ledger.db.query("EXPLAIN QUERY PLAN " + _RECOMPUTE, (NOW,))]
            ledger.db.execute("DELETE FROM _touched")
    finally:
        ledger.close()
    assert "SEARCH e USING INDEX events_otid (otid=?)" in plan and "SCAN e" not in plan, plan


def test_two_downloads_of_the_gateway_export_either_side_of_a_partial_cancel_do_not_conflict() -> None:
    """The export gives each transaction's cancels so far: 1,000 on the 14th, 2,000 on the 31st. That is the
    total growing, not two copies that disagree: the payment stays unflagged, with 2,000 cancelled."""
    otid = "SMTPAY001m01012403131000000012"

    def row(kind: str, amount: int, batch: int) -> EventRecord:
        return EventRecord(tid=otid, otid=otid, kind=kind, channel="export",  # type: ignore[arg-type]
                           fields={"TID": otid, "download": str(batch), "kind": kind}, mid="SMTPAY001m",
                           pay_method="CARD", amount=amount, occurred_at="2024-03-13 10:00:00", sign_status="absent")

    ledger = Ledger.open(":memory:")
    try:
        for batch, cancelled in ((1, 1_000), (2, 2_000)):
            with ledger.importing(f"pg_{batch}.csv", f"h{batch}", kind="export") as session:
                session.add_events([row("approval", 40_000, batch), row("cancel", cancelled, batch)])
        assert ledger.db.query("SELECT cancelled, remaining, state, flagged FROM transactions") == [
            (2_000, 38_000, "partially_cancelled", 0)]
        with ledger.write():  # a notification of another amount for the approval still disagrees
            ledger.db.execute("UPDATE events SET amount = 45000 WHERE kind = 'approval' AND fields LIKE '%\"2\"%'")
            recompute(ledger.db, [otid], NOW)
        assert ledger.db.query("SELECT flagged FROM transactions") == [(1,)]
    finally:
        ledger.close()
