"""The two storage backends behind one surface: SQL translation, constraints, snapshots, news of other desks.

Every test taking ``ledger_location`` runs on SQLite and again on PostgreSQL (conftest).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fixtures_ingest.builders import KEY, MID, form, notification
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.ledger import Change, EventRecord, Ledger
from smartro_desk.ledger.backend import LedgerBusy, display_location, is_postgres_url
from smartro_desk.ledger.postgres_db import PostgresDatabase, pg_sql
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries
from smartro_desk.ledger.sqlite_db import SQLiteDatabase
from smartro_desk.tasks import CancelToken, Cancelled

# -- SQL translation (no server needed) ------------------------------------------------------


def test_parameter_marks_become_psycopg_ones_outside_quotes_and_comments() -> None:
    sql = "SELECT '?', \"a?\", x FROM t WHERE a = ? AND b LIKE '100%' AND c = :start -- why? 50%\nAND d = ?"
    assert pg_sql(sql) == (
        "SELECT '?', \"a?\", x FROM t WHERE a = %s AND b LIKE '100%%' AND c = %(start)s -- why? 50%%\nAND d = %s"
    )
    assert pg_sql("SELECT 'it''s ?' || ?") == "SELECT 'it''s ?' || %s"
    assert pg_sql("SELECT a::text FROM t") == "SELECT a::text FROM t"  # a cast is not a named parameter
    assert pg_sql("DROP TABLE IF EXISTS temp.x") == "DROP TABLE IF EXISTS pg_temp.x"
    assert pg_sql("CREATE TEMP TABLE _t (id TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID") == (
        'CREATE TEMP TABLE _t (id TEXT COLLATE "C" PRIMARY KEY, n BIGINT)'
    )
    assert pg_sql("SELECT '%' || ?", with_params=False) == "SELECT '%' || ?"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_a_quoted_literal_survives_translation(text: str) -> None:
    literal = "'" + text.replace("'", "''") + "'"
    translated = pg_sql(f"SELECT {literal} AS v WHERE x = ?")
    assert translated == f"SELECT {literal.replace('%', '%%')} AS v WHERE x = %s"


def test_a_password_never_shows_in_the_displayed_location() -> None:
    assert display_location("postgresql://kim:s3cr3t@db.example:5432/ledger") == "postgresql://kim:***@db.example:5432/ledger"
    assert display_location("postgresql://kim@db.example/ledger") == "postgresql://kim@db.example/ledger"


def test_a_sqlite_commit_is_on_disk_before_the_next_statement(tmp_path: Path) -> None:
    """synchronous=FULL: a cancel's intent, once committed, survives a power cut that follows the send."""
    db = SQLiteDatabase(tmp_path / "ledger.sqlite")
    try:
        assert db.scalar("PRAGMA journal_mode") == "wal"
        assert db.scalar("PRAGMA synchronous") == 2  # FULL (NORMAL, 1, may lose the last commits in WAL mode)
    finally:
        db.close()


# -- both backends ---------------------------------------------------------------------------------

T1 = "SMTPAY001m01012403051000000001"


def approval(tid_: str = T1, amount: int = 10_000, *, raw: str = "") -> EventRecord:
    return EventRecord(
        tid=tid_, otid=tid_, kind="approval", channel="notification", fields={"TID": tid_, "Amt": str(amount)},
        raw=raw or f"TID={tid_}&Amt={amount}", mid=tid_[:10], pay_method="CARD", order_id="ORD-1",
        amount=amount, occurred_at="2024-03-05 10:00:00", sign_status="verified",
    )


@pytest.fixture
def ledger(ledger_location: str | Path) -> Ledger:
    led = Ledger.open(ledger_location, actor="kim")
    yield led
    led.close()


def test_the_unique_constraint_not_a_lookup_keeps_an_event_single(ledger: Ledger) -> None:
    ledger.add_events([approval()])
    columns = ("fingerprint", "tid", "otid", "kind", "fact_key", "channel", "fields", "sign_status", "created_at")
    stored = ledger.db.query_one(f"SELECT {', '.join(columns)} FROM events")
    other = (*stored[:6], "{}", *stored[7:])
    with ledger.write():  # another desk's row with the same content won the race: skipped, not returned
        assert ledger.db.insert_new("events", columns, [other], "fingerprint") == {}
    with pytest.raises(Exception, match="(?i)unique"), ledger.write():  # a plain insert is refused outright
        ledger.db.executemany(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})", [other]
        )
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 1
    assert [o.outcome for o in ledger.add_events([approval(), approval(raw="again")])] == ["duplicate", "duplicate"]


def test_two_processes_importing_the_same_log_at_once_store_each_event_once(ledger: Ledger, tmp_path: Path) -> None:
    log = tmp_path / "inform.log"
    log.write_bytes(b"\n".join(form(notification(n, amount=1_000 * n)) for n in range(1, 301)) + b"\n")
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({MID: {"merchant_key": KEY}}), "utf-8")
    script = "import sys; from smartro_desk.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = [sys.executable, "-c", script, "import", str(log), "--db", str(ledger.location), "--keys", str(keys), "--json"]
    # Two copies of the file under different names: the second is not skipped as "the same file" before it starts.
    copy = tmp_path / "inform-copy.log"
    copy.write_bytes(log.read_bytes())
    procs = [subprocess.Popen(a, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for a in (argv, [*argv[:4], str(copy), *argv[5:]])]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    reports = [json.loads(out)["files"][0] for out, _ in outs]
    assert sorted(r["imported"] for r in reports) == [0, 300]
    assert sum(r["duplicates"] for r in reports) == 300
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 300
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 300


def test_a_long_read_stops_when_cancelled(ledger: Ledger) -> None:
    slow = ("SELECT pg_sleep(20)" if ledger.db.dialect == "postgresql" else
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n")
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled), ledger.db.snapshot(token) as (conn, _):
        conn.execute(slow).fetchone()
    assert time.monotonic() - started < 5
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 0  # the connection is usable afterwards


def test_a_second_connection_reads_the_same_snapshot(ledger: Ledger) -> None:
    ledger.add_events([approval()])
    other = Ledger.open(ledger.location, actor="lee")
    try:
        with ledger.db.snapshot(second=True) as (conn, second):
            other.add_events([approval("SMTPAY001m01012403051000000002")])  # committed during the read
            seen = [c.execute("SELECT COUNT(*) FROM transactions").fetchone()[0] for c in (conn, second) if c]
        assert seen and set(seen) == {1}
        assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 2
    finally:
        other.close()


class Heard:
    """The changes a ledger's listeners hear; ``arrived`` is set at each."""

    def __init__(self, ledger: Ledger) -> None:
        self.changes: list[Change] = []
        self.arrived = threading.Event()
        ledger.subscribe(self.hear)

    def hear(self, change: Change) -> None:
        self.changes.append(change)
        self.arrived.set()

    def clear(self) -> None:
        self.changes.clear()
        self.arrived.clear()


def another_desk_adds_a_payment(location: str) -> None:
    other = Ledger.open(location, actor="lee")
    try:
        other.add_events([approval("SMTPAY001m01012403051000000002")])
    finally:
        other.close()


def test_other_desks_changes_reach_an_open_ledger_but_its_own_do_not_echo(ledger: Ledger) -> None:
    listened = Heard(ledger)
    heard, arrived = listened.changes, listened.arrived
    stop = ledger.watch_others(interval=0.1)
    try:
        time.sleep(0.3)
        ledger.add_events([approval()])  # its own write: heard once, directly
        time.sleep(0.5)
        assert [c.what for c in heard] == ["transactions"]
        listened.clear()
        another_desk_adds_a_payment(ledger.location)
        assert arrived.wait(5)
        assert "transactions" in {c.what for c in heard}
    finally:
        stop()


def test_a_writer_waits_for_another_desk_then_gives_up_with_a_clear_error(ledger: Ledger) -> None:
    location = ledger.location
    impatient = Ledger(PostgresDatabase(str(location), lock_timeout_ms=100) if is_postgres_url(location)
                       else SQLiteDatabase(location, busy_timeout_ms=100), actor="lee")
    try:
        with ledger.write():
            with pytest.raises(LedgerBusy):
                impatient.audit("note")
        impatient.audit("note")  # free again
    finally:
        impatient.close()
    assert [e.actor for e in ledger.audit_entries()] == ["lee"]


def test_audit_chain_holds_when_two_desks_append_at_once(ledger: Ledger) -> None:
    others = [Ledger.open(ledger.location, actor=name) for name in ("kim", "lee")]
    try:
        threads = [threading.Thread(target=lambda led=led: [led.audit("note", details={"n": n}) for n in range(25)])
                   for led in others]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for led in others:
            led.close()
    check = ledger.verify_audit()
    assert check.ok and check.entries == 50
    assert {e.actor for e in ledger.audit_entries()} == {"kim", "lee"}


def test_search_is_a_case_insensitive_substring_match_on_both_backends(ledger: Ledger) -> None:
    values = ["김민준", "Kim MinJun", "100%_off", "a\\b", "겨울 점퍼 3호", "ORD-0012", ""]
    rows = [(f"SMTPAY001m010124030510{n:04d}0001", values[n], values[-1 - n], values[(n + 3) % len(values)])
            for n in range(len(values))]
    with ledger.write():
        ledger.db.executemany(
            "INSERT INTO transactions (tid, order_id, buyer, goods, approved_at, state, updated_at) "
            "VALUES (?, ?, ?, ?, '2024-03-05 10:00:00', 'approved', '2024-03-05 10:00:00')", rows)
    queries = TransactionQueries(ledger.db)
    for term in ("민준", "kim", "MINJUN", "%_", "0%", "a\\b", "점퍼 3", "0012", "m010", "없는말", "n\x1fK"):
        expected = {tid for tid, *texts in rows if any(term.lower() in t.lower() for t in (tid, *texts))}
        found = {r["tid"] for r in queries.rows_by_ids(queries.ordered_ids(TransactionFilter(text=term)))}
        assert found == expected, term
        assert queries.summary(TransactionFilter(text=term)).count == len(expected), term


# -- PostgreSQL: a dropped connection --------------------------------------------------------------


@pytest.fixture
def pg_ledger(pg_location: str) -> Ledger:
    led = Ledger.open(pg_location, actor="kim")
    yield led
    led.close()


def _drop_connections(location: str, where: str) -> int:
    """Have the server end this ledger's connections matching ``where`` (as a restart or a network cut would)."""
    import psycopg

    with psycopg.connect(location, autocommit=True) as conn:
        ended = conn.execute(
            "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            f"WHERE application_name = 'smartro_desk' AND pid <> pg_backend_pid() AND {where}"
        ).fetchone()[0]
    time.sleep(0.2)
    return int(ended)


def test_a_dropped_connection_is_made_again_for_the_next_read_and_write(pg_ledger: Ledger) -> None:
    pg_ledger.add_events([approval()])
    pid = pg_ledger.db.scalar("SELECT pg_backend_pid()")
    assert _drop_connections(pg_ledger.location, f"pid = {int(pid)}") == 1
    assert pg_ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 1  # the read is tried again, on a new one
    assert pg_ledger.db.scalar("SELECT pg_backend_pid()") != pid
    pid = pg_ledger.db.scalar("SELECT pg_backend_pid()")
    _drop_connections(pg_ledger.location, f"pid = {int(pid)}")
    pg_ledger.audit("note")  # a write starts on a new connection
    assert [e.action for e in pg_ledger.audit_entries()][-1:] == ["note"]
    assert pg_ledger.verify_audit().ok


def test_a_transaction_whose_connection_drops_fails_and_the_next_one_works(pg_ledger: Ledger) -> None:
    import psycopg

    with pytest.raises(psycopg.OperationalError):
        with pg_ledger.write():
            pg_ledger.db.execute("INSERT INTO merchants (mid, name, created_at) VALUES ('SMTPAY009m', 'x', 'now')")
            _drop_connections(pg_ledger.location, f"pid = {int(pg_ledger.db.scalar('SELECT pg_backend_pid()'))}")
            pg_ledger.db.execute("INSERT INTO merchants (mid, name, created_at) VALUES ('SMTPAY008m', 'y', 'now')")
    assert pg_ledger.merchants() == []  # neither insert landed: the transaction died with its connection
    pg_ledger.upsert_merchant("SMTPAY001m", "본점")
    assert [m[0] for m in pg_ledger.merchants()] == ["SMTPAY001m"]


def test_the_watch_listens_again_after_its_connection_drops(pg_ledger: Ledger) -> None:
    listened = Heard(pg_ledger)
    heard, arrived = listened.changes, listened.arrived
    stop = pg_ledger.watch_others(interval=0.1)
    try:
        time.sleep(0.3)
        assert _drop_connections(pg_ledger.location, "query LIKE 'LISTEN%'") == 1
        assert arrived.wait(5)  # listening again: what changed meanwhile is unknown, so everything is news
        assert {c.what for c in heard} >= {"transactions", "batches", "cancels"}
        time.sleep(0.3)
        listened.clear()
        another_desk_adds_a_payment(pg_ledger.location)
        assert arrived.wait(5)
        assert {c.what for c in heard} == {"transactions"}
    finally:
        stop()
