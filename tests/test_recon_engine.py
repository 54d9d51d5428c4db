"""Reconciliation runs: resolutions across runs, the result's shape, progress, cancel, limits."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest
from recon_support import add, add_orders, event, only, order, paid, run, tid

from smartro_desk.ledger import Ledger
from smartro_desk.recon import KIND_INFO, KINDS, Month, ReconSettings, reconcile, resolve_finding
from smartro_desk.tasks import CancelToken, Cancelled

ISSUE_KINDS = (
    "amount_mismatch", "paid_without_order", "order_without_payment", "multiple_approvals", "signature_mismatch",
    "unverified", "divide_sum_mismatch", "vbank_not_deposited", "cancelled_but_counted", "missing_in_ledger",
    "missing_in_export", "export_differs", "single_channel",
)


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def test_every_kind_named_in_the_issue_exists_with_korean_words() -> None:
    assert set(ISSUE_KINDS) <= set(KINDS)
    assert {"excess_notifications", "unknown_sender"} <= set(KINDS)
    for kind in KINDS:
        info = KIND_INFO[kind]
        assert info.ko and info.en and info.advice_ko and info.severity in ("high", "medium", "low", "info")
    assert KIND_INFO["amount_mismatch"].severity == "high" and KIND_INFO["unverified"].severity == "info"


def test_resolutions_survive_a_rerun_and_new_data(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000), order("ORD-2", 5_000)])
    add(ledger, paid(tid(1), 1_000, "ORD-1") + paid(tid(2), 500, "ORD-2"))
    first = run(ledger)
    target = next(f for f in first.findings if f.tid == tid(1))
    resolve_finding(ledger, target, status="acknowledged", note="고객과 통화: 할인 적용")
    add(ledger, paid(tid(3), 700, "ORD-3"))  # new data arrives; the resolved finding stays resolved
    again = run(ledger)
    by_tid = {f.tid: f for f in again.findings}
    assert by_tid[tid(1)].status == "acknowledged" and by_tid[tid(1)].resolution.note == "고객과 통화: 할인 적용"  # type: ignore[union-attr]
    assert by_tid[tid(2)].resolution is None
    summary = again.summary["amount_mismatch"]
    assert (summary.count, summary.open, summary.acknowledged, summary.amount, summary.open_amount) == (
        2, 1, 1, 9_000 + 4_500, 4_500)
    assert ledger.verify_audit().ok


def test_resolving_needs_a_known_status(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 1_000, "ORD-1", sign="no_key"))
    with pytest.raises(ValueError):
        resolve_finding(ledger, only(run(ledger), "unverified"), status="ignored")


def test_findings_are_sorted_and_the_json_has_the_issue_shape(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000), order("ORD-2", 5_000)])
    add(ledger, paid(tid(1), 10_000, "ORD-1", sign="no_key") + paid(tid(2), 500, "ORD-2"))
    result = run(ledger)
    assert [f.kind for f in result.findings] == ["amount_mismatch", "unverified"]
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert data["month"] == "2024-03"
    assert set(data["findings"][0]) >= {"kind", "severity", "tid", "order_id", "requested", "returned"}
    assert data["findings"][0] | {} == data["findings"][0] and data["findings"][0]["requested"] == 5_000
    assert data["totals"]["by_kind"]["amount_mismatch"] == {
        "count": 1, "sum": 4_500, "open": 1, "open_sum": 4_500, "resolved": 0, "acknowledged": 0, "listed": 1}
    assert data["totals"]["transactions"] == 2 and data["totals"]["open"] == 2


def test_listing_is_capped_per_kind_but_everything_is_counted(ledger: Ledger) -> None:
    add(ledger, [r for n in range(1, 6) for r in paid(tid(n), 1_000 * n, f"ORD-{n}", sign="no_key")])
    result = run(ledger, max_listed_per_kind=2)
    summary = result.summary["unverified"]
    assert (summary.count, summary.listed, summary.amount, len(result.findings)) == (5, 2, 15_000, 2)


def test_progress_is_reported_and_a_cancel_stops_the_run(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 1_000, "ORD-1"))
    seen: list[tuple[int, int]] = []
    reconcile(ledger, "2024-03", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 3
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        reconcile(ledger, "2024-03", cancel=token)
    assert run(ledger).month == "2024-03"  # the connection is usable again


class LateToken(CancelToken):
    """Reads as cancelled from its third look on: the database looks while a query runs, so a query is cut short."""

    def __init__(self) -> None:
        super().__init__()
        self.looks = 0

    @property
    def cancelled(self) -> bool:
        self.looks += 1
        return self.looks >= 3


@contextmanager
def transactions_held(ledger: Ledger) -> Iterator[None]:
    """PostgreSQL: another desk holds the transactions table, so the run's first query on it waits (until
    the cancel stops it: the snapshot looks at the token every 0.1 s). The other desk gives up after 10 s,
    so a cancel that never comes fails the test instead of hanging it."""
    import psycopg

    with psycopg.connect(ledger.location, autocommit=True) as other:
        other.execute("SET idle_in_transaction_session_timeout = '10s'")
        other.execute("BEGIN")
        other.execute("LOCK TABLE transactions IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            if not other.closed:
                other.execute("ROLLBACK")


def test_a_cancel_interrupts_a_running_query(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    add(ledger, [r for n in range(1, 100) for r in paid(tid(n), n, f"ORD-{n}")])
    token = LateToken()
    sqlite = ledger.db.dialect == "sqlite"
    if sqlite:
        monkeypatch.setattr("smartro_desk.ledger.sqlite_db._CHECK_EVERY", 100)  # SQLite looks every 100 steps
    with nullcontext() if sqlite else transactions_held(ledger), pytest.raises(Cancelled):
        reconcile(ledger, "2024-03", cancel=token)
    assert token.looks >= 3
    assert run(ledger).month == "2024-03"


def test_months_are_checked(ledger: Ledger) -> None:
    for bad in ("2024-13", "2024/03", "24-03", ""):
        with pytest.raises(ValueError, match="YYYY-MM"):
            reconcile(ledger, bad)
    assert (Month.parse("2024-12").start, Month.parse("2024-12").end) == ("2024-12-01", "2025-01-01")


def test_reconcile_does_not_run_inside_a_write(ledger: Ledger) -> None:
    with ledger.write(), pytest.raises(RuntimeError):
        reconcile(ledger, "2024-03")


def test_reconcile_writes_nothing(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000)])
    add(ledger, paid(tid(1), 1_000, "ORD-1") + [event("approval", tid(2), 5, sign="mismatch")])
    temporary = {"sqlite": "SELECT name FROM sqlite_temp_master ORDER BY name",
                 "postgresql": "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() ORDER BY 1"}
    state = ("SELECT COUNT(*), MAX(id) FROM audit_log", "SELECT tid, flagged, updated_at FROM transactions",
             temporary[ledger.db.dialect])
    before = [ledger.db.query(sql) for sql in state]
    reconcile(ledger, "2024-03", settings=ReconSettings())
    assert [ledger.db.query(sql) for sql in state] == before  # temporary tables included


def test_the_engine_and_its_cli_never_load_qt() -> None:
    code = ("import sys, smartro_desk.recon, smartro_desk.recon.cli\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_an_in_memory_ledger_reconciles_on_one_connection(ledger: Ledger) -> None:
    memory = Ledger.open(":memory:", actor="tester")
    for led in (ledger, memory):
        add_orders(led, [order("ORD-1", 10_000), order("ORD-2", 5_000)])
        add(led, paid(tid(1), 1_000, "ORD-1") + paid(tid(3), 700, "ORD-3", sign="no_key")
            + [event("approval", tid(4), 9, sign="mismatch")])
    on_file, in_memory = run(ledger), run(memory)
    memory.close()
    assert [f.key for f in in_memory.findings] == [f.key for f in on_file.findings]
    assert len(on_file.findings) == 7 and in_memory.totals == on_file.totals


def test_a_writer_holding_the_ledger_neither_stops_the_run_nor_shows_in_it(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another program in the middle of an import: SQLite's run gives up waiting for it to pause (and reads
    on one connection), PostgreSQL's never waits; either reads what was committed before."""
    monkeypatch.setattr("smartro_desk.ledger.sqlite_db._GATE_WAIT", 0.05)
    add_orders(ledger, [order("ORD-1", 10_000)])
    add(ledger, paid(tid(1), 1_000, "ORD-1"))
    writer = Ledger.open(ledger.location, actor="importer")
    try:
        with writer.write():
            writer.db.execute("UPDATE transactions SET amount = 10000")  # not committed yet
            assert [f.kind for f in run(ledger).findings] == ["amount_mismatch"]
    finally:
        writer.close()
