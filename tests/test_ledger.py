"""The ledger: schema, dedupe, derived amounts, undo, audit chain, atomic imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartro_desk.ledger import EventRecord, Issue, Ledger, OrderRecord

TID = "SMTPAY001m01011711011200001234"


def ev(tid: str, kind: str, amount: int, *, otid: str = TID, channel: str = "notification", n: int = 1,
       sign: str = "verified", at: str = "2017-11-01 12:00:00", **extra: str) -> EventRecord:
    fields = {"TID": tid, "OTID": otid, "Amt": str(amount), "kind": kind, "n": str(n), **extra}
    return EventRecord(
        tid=tid, otid=otid, kind=kind, channel=channel, fields=fields, raw=f"{tid}&{kind}&{amount}&{n}",
        mid=TID[:10], pay_method="CARD", order_id="ORD-1", amount=amount, occurred_at=at, sign_status=sign,
        result_code="3001" if kind == "approval" else "2001", source_line=n,
    )


@pytest.fixture
def ledger(ledger_location: str | Path) -> Ledger:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def tx(ledger: Ledger, tid: str = TID) -> tuple:
    return ledger.db.query_one(
        "SELECT amount, cancelled, remaining, state, flagged, event_count FROM transactions WHERE tid = ?", (tid,)
    )


def test_schema_is_versioned_and_wal(ledger: Ledger) -> None:
    assert ledger.db.schema_version() >= 1
    if ledger.db.dialect == "sqlite":
        assert ledger.db.scalar("PRAGMA journal_mode") == "wal"
    assert ledger.db.migrate() == ledger.db.schema_version()  # idempotent


def test_remaining_after_partials_and_final_full_cancel(ledger: Ledger) -> None:
    ptid1, ptid2 = TID[:-4] + "0001", TID[:-4] + "0002"
    ledger.add_events([ev(TID, "approval", 10_000)])
    assert tx(ledger)[:4] == (10_000, 0, 10_000, "approved")
    ledger.add_events([ev(ptid1, "cancel", 3_000, n=2)])
    assert tx(ledger)[:4] == (10_000, 3_000, 7_000, "partially_cancelled")
    ledger.add_events([ev(ptid2, "cancel", 3_000, n=3)])  # same amount, different partial: counts
    assert tx(ledger)[:4] == (10_000, 6_000, 4_000, "partially_cancelled")
    ledger.add_events([ev(TID, "cancel", 4_000, n=4)])  # the rest, full cancel
    assert tx(ledger)[:4] == (10_000, 10_000, 0, "cancelled")


def test_retried_notification_is_one_event_with_every_receipt(ledger: Ledger) -> None:
    first = ev(TID, "approval", 5_000)
    retry = EventRecord(**{**{f: getattr(first, f) for f in first.__dataclass_fields__}, "occurrence": 2, "source_line": 9})
    with ledger.importing("log.txt", "h1") as session:
        outcomes = session.add_events([first, retry])
    assert [o.outcome for o in outcomes] == ["imported", "duplicate"]
    assert outcomes[1].event_id == outcomes[0].event_id
    assert tx(ledger)[5] == 1
    assert len(ledger.receipts(outcomes[0].event_id)) == 2
    batch = ledger.batches()[0]
    assert (batch.records, batch.imported, batch.duplicates) == (2, 1, 1)


def test_cancel_seen_through_two_channels_counts_once(ledger: Ledger) -> None:
    ptid = TID[:-4] + "0009"
    ledger.add_events([ev(TID, "approval", 8_000), ev(ptid, "cancel", 2_000, channel="cancel_api")])
    ledger.add_events([ev(ptid, "cancel", 2_000, channel="notification", n=5)])
    assert tx(ledger)[:3] == (8_000, 2_000, 6_000)


def test_tampered_record_is_kept_flagged_and_not_summed(ledger: Ledger) -> None:
    ptid = TID[:-4] + "0003"
    ledger.add_events([ev(TID, "approval", 8_000), ev(ptid, "cancel", 8_000, sign="mismatch")])
    amount, cancelled, remaining, state, flagged, count = tx(ledger)
    assert (amount, cancelled, state, flagged, count) == (8_000, 0, "approved", 1, 2)
    ledger.resolve(f"signature_mismatch:{TID}", note="확인함", tid=TID)
    assert tx(ledger)[4] == 0


def test_import_is_atomic(ledger: Ledger) -> None:
    with pytest.raises(RuntimeError):
        with ledger.importing("bad.txt", "h2") as session:
            session.add_events([ev(TID, "approval", 1_000)])
            raise RuntimeError("cancelled by the user")
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 0
    assert ledger.db.scalar("SELECT COUNT(*) FROM batches") == 0
    assert tx(ledger) is None


def test_undo_batch_recomputes_and_audits(ledger: Ledger) -> None:
    ledger.add_events([ev(TID, "approval", 9_000)])
    with ledger.importing("cancels.txt", "h3") as session:
        session.add_events([ev(TID[:-4] + "0004", "cancel", 1_000)])
        session.add_issues([Issue(7, "rejected", "TID가 없습니다", raw="garbage")])
    assert tx(ledger)[2] == 8_000
    batch_id = ledger.batches()[0].id
    assert ledger.batch_issues(batch_id)[0].reason == "TID가 없습니다"
    assert ledger.undo_batch(batch_id) == 1
    assert tx(ledger)[:4] == (9_000, 0, 9_000, "approved")
    assert ledger.audit_entries()[-1].action == "import_undone"
    assert ledger.verify_audit().ok


def test_orders_dedupe(ledger: Ledger) -> None:
    order = OrderRecord("ORD-1", 1_004, mid="SMTPAY001m", ordered_at="2017-11-01 11:59:00", source_line=2)
    with ledger.importing("orders.xlsx", "h4", kind="orders") as session:
        first = session.add_orders([order, order])
    assert [o.outcome for o in first] == ["imported", "duplicate"]
    assert ledger.db.scalar("SELECT COUNT(*) FROM orders") == 1


def test_audit_chain_detects_alteration_and_removal(ledger: Ledger) -> None:
    for n in range(4):
        ledger.audit("cancel_sent", tid=TID, amount=n, details={"n": n})
    assert ledger.verify_audit().ok
    ledger.db.execute("UPDATE audit_log SET amount = 999 WHERE id = 2")
    check = ledger.verify_audit()
    assert not check.ok and check.first_bad_id == 2
    ledger.db.execute("UPDATE audit_log SET amount = 1 WHERE id = 2")
    assert ledger.verify_audit().ok
    ledger.db.execute("DELETE FROM audit_log WHERE id = 3")
    check = ledger.verify_audit()
    assert not check.ok and check.first_bad_id == 4


def test_change_announced_after_commit(ledger: Ledger) -> None:
    heard = []
    ledger.subscribe(heard.append)
    ledger.add_events([ev(TID, "approval", 1_000)])
    assert any(c.what == "transactions" and TID in c.tids for c in heard)


def test_export_cancel_total_does_not_add_to_logged_partial_cancels(ledger: Ledger) -> None:
    ptid = TID[:-4] + "0005"
    ledger.add_events([ev(TID, "approval", 10_000), ev(ptid, "cancel", 3_000)])
    export_total = ev(TID, "cancel", 3_000, channel="export", n=7)
    ledger.add_events([export_total])  # the admin site's row: one cancel total under the original TID
    assert tx(ledger)[:3] == (10_000, 3_000, 7_000)


def test_export_alone_still_counts_its_cancels(ledger: Ledger) -> None:
    ledger.add_events([ev(TID, "approval", 10_000, channel="export"), ev(TID, "cancel", 4_000, channel="export", n=2)])
    assert tx(ledger)[:4] == (10_000, 4_000, 6_000, "partially_cancelled")


def test_receipts_keyed_by_event_after_the_upgrade_keep_every_arrival(tmp_path: Path) -> None:
    """Migration 0009 rebuilds receipts (unique per event and occurrence key) and keeps every row and id."""
    from smartro_desk.ledger.backend import migration_scripts
    from smartro_desk.ledger.sqlite_db import SQLiteDatabase

    db = SQLiteDatabase(tmp_path / "old.sqlite")
    for number, script in sorted(migration_scripts("sqlite").items()):
        if number < 9:
            db._conn.executescript(script)
    db.execute("PRAGMA user_version = 8")
    db.execute("INSERT INTO batches (id, path, content_hash, started_at) VALUES (1, 'a.log', 'h', 'now')")
    for n in (1, 2):
        db.execute("INSERT INTO events (id, fingerprint, tid, otid, kind, fact_key, channel, sign_status, fields, "
                   "batch_id, created_at) VALUES (?, ?, ?, ?, 'approval', ?, 'notification', 'verified', '{}', 1, 'now')",
                   (n, f"fp{n}", f"T{n}", f"T{n}", f"T{n}|approval"))
    arrivals = [(10, 1, "k1#1", ""), (11, 1, "k1#2", "211.193.35.11"), (12, 2, "k2#1", "10.0.0.9")]
    for rid, event, key, ip in arrivals:
        db.execute("INSERT INTO receipts (id, event_id, batch_id, source_file, occurrence_key, sender_ip) "
                   "VALUES (?, ?, 1, 'a.log', ?, ?)", (rid, event, key, ip))
    assert db.migrate() >= 9
    assert db.query("SELECT id, event_id, occurrence_key, sender_ip FROM receipts ORDER BY id") == [
        (rid, event, key, ip) for rid, event, key, ip in arrivals]
    db.execute("INSERT INTO receipts (event_id, occurrence_key) VALUES (1, 'k1#1') "
               "ON CONFLICT (event_id, occurrence_key) DO NOTHING")  # the same arrival: nothing added
    assert db.scalar("SELECT COUNT(*) FROM receipts") == 3
    indexes = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'receipts'")}
    assert "receipts_event" not in indexes and {"receipts_batch", "receipts_foreign_sender"} <= indexes
    assert db.scalar("PRAGMA foreign_key_check") is None and db.scalar("PRAGMA integrity_check") == "ok"
    db.close()


def test_events_keep_only_the_indexes_some_query_uses(ledger: Ledger) -> None:
    """Migration 0010 drops the fact-key and order-id indexes (no statement searches events by either; every
    logged record paid for both) and keeps the ones the derivation, undo and the settlement read through."""
    if ledger.db.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'events' AND schemaname = current_schema()"
    names = {r[0] for r in ledger.db.query(sql)}
    assert not names & {"events_fact", "events_order"}, names
    assert {"events_otid", "events_batch", "events_export_day"} <= names, names
    assert ledger.db.schema_version() >= 10


def test_a_separate_connection_reads_the_same_ledger_and_closes_on_its_own(ledger: Ledger) -> None:
    ledger.upsert_merchant("SMTPAY001m", "본점")
    other, own = ledger.separate()
    assert own and other is not ledger and other.db is not ledger.db
    assert other.merchants() == [("SMTPAY001m", "본점", None)] and other.actor == ledger.actor
    other.close()
    ledger.upsert_merchant("SMTPAY002m", "지점")  # the ledger's own connection is untouched
    assert len(ledger.merchants()) == 2
    memory = Ledger.open(":memory:")
    assert memory.separate() == (memory, False)  # its data lives on its one connection
    memory.close()


def test_commits_can_leave_the_checkpoint_for_later(tmp_path: Path) -> None:
    """A big import's commit need not copy its WAL into the file (the window does that once the report is
    up); readers see the commit either way; without deferral SQLite checkpoints at the commit, as ever."""
    from smartro_desk.ledger.sqlite_db import SQLiteDatabase

    path = tmp_path / "ledger.sqlite"
    db = SQLiteDatabase(path)
    db.migrate()
    db.execute("CREATE TABLE blobs (b BLOB)")
    db.checkpoint()
    base = path.stat().st_size
    with db.checkpoints_deferred(), db.transaction():
        db.execute("INSERT INTO blobs VALUES (randomblob(8000000))")  # 2,000 pages: past SQLite's 1,000
    assert path.stat().st_size < base + 1_000_000 < 8_000_000 < Path(f"{path}-wal").stat().st_size
    other = SQLiteDatabase(path)
    assert other.scalar("SELECT SUM(length(b)) FROM blobs") == 8_000_000
    other.close()
    db.checkpoint()
    assert path.stat().st_size > base + 7_500_000
    with db.transaction():
        db.execute("INSERT INTO blobs VALUES (randomblob(8000000))")
    assert path.stat().st_size > base + 15_000_000  # the commit checkpointed
    db.close()
