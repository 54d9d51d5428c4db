"""Accounting for every record: duplicates, re-imports, overlaps, tampering, cancel, undo, progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from fixtures_ingest.builders import KEY, MID, UNKNOWN_MID, form, notification, result, tid

from smartro_desk.ingest import FileReport, import_file, import_files
from smartro_desk.ingest import pipeline
from smartro_desk.ledger import Ledger
from smartro_desk.protocol.hashes import encrypt_data
from smartro_desk.secrets import Secrets
from smartro_desk.tasks import CancelToken, Cancelled


@pytest.fixture
def ledger(ledger_location: str | Path) -> Ledger:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def write(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def snapshot(ledger: Ledger) -> tuple[Any, ...]:
    db = ledger.db
    return (
        db.query("SELECT * FROM events ORDER BY id"), db.query("SELECT * FROM transactions ORDER BY tid"),
        db.query("SELECT * FROM receipts ORDER BY id"), db.query("SELECT * FROM orders ORDER BY id"),
        db.query("SELECT id, status FROM batches ORDER BY id"),
    )


def balanced(report: FileReport) -> bool:
    return report.records == report.imported + report.duplicates + report.rejected + report.skipped


def test_every_record_is_accounted_for_and_retries_are_duplicates_with_receipts(ledger: Ledger, tmp_path: Path) -> None:
    n1 = form(notification(1))
    path = write(tmp_path / "inform.log", n1, b"", b"2024-03-05 15:31:00 retry " + n1, n1, form(result(1)),
                 b"TID=&Amt=1", form(notification(2)))
    report = import_file(ledger, path, secrets=Secrets())
    assert balanced(report)
    assert (report.records, report.imported, report.duplicates, report.rejected, report.skipped) == (7, 3, 2, 1, 1)
    assert report.rejects[0].line == 6 and "TID" in report.rejects[0].reason
    event_id = ledger.db.scalar("SELECT id FROM events WHERE tid = ? AND channel = 'notification'", (tid(1),))
    assert [r[1] for r in ledger.receipts(event_id)] == [1, 3, 4]
    issues = ledger.batch_issues(report.batch_id)
    assert {(i.line, i.outcome, i.event_id) for i in issues if i.outcome == "duplicate"} == {
        (3, "duplicate", event_id), (4, "duplicate", event_id)}
    assert ledger.db.query_one("SELECT amount, channels, sign_status FROM transactions WHERE tid = ?", (tid(1),)) == (
        1004, "notification,result", "verified")


def test_reimporting_the_same_file_changes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "inform.log", form(notification(1)), form(notification(1)), b"junk \x01", b"")
    first = import_file(ledger, path, secrets=Secrets())
    before = snapshot(ledger)
    again = import_file(ledger, path, secrets=Secrets())
    assert snapshot(ledger) == before
    assert (again.already_imported_as, again.batch_id, again.imported) == (first.batch_id, None, 0)
    assert (first.imported, first.duplicates, first.rejected, first.skipped) == (1, 1, 1, 1)
    assert (again.records, again.duplicates, again.rejected, again.skipped) == (first.records, 2, 1, 1)
    assert again.rejects == first.rejects  # the same line, for the same reason: a bad file still says so
    assert ledger.audit_entries()[-1].action == "import_repeated"


def test_overlapping_files_add_only_what_is_new(ledger: Ledger, tmp_path: Path) -> None:
    lines = [form(notification(n)) for n in range(1, 6)]
    import_file(ledger, write(tmp_path / "a.log", *lines[:3]), secrets=Secrets())
    before = ledger.db.scalar("SELECT COUNT(*) FROM receipts")
    report = import_file(ledger, write(tmp_path / "b.log", *lines[1:]), secrets=Secrets())
    assert (report.imported, report.duplicates) == (2, 2)
    assert ledger.db.scalar("SELECT COUNT(*) FROM receipts") == before + 2  # overlap counted once
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 5


def test_repeats_between_new_records_name_the_earlier_event_and_new_ones_keep_their_lines(
        ledger: Ledger, tmp_path: Path) -> None:
    """The unique constraint turns the repeats away in the middle of a chunk: each names the event an earlier
    file stored, and the new records after it get their own events, receipts and lines."""
    import_file(ledger, write(tmp_path / "a.log", form(notification(2)), form(notification(3))), secrets=Secrets())
    earlier = dict(ledger.db.query("SELECT tid, id FROM events"))
    report = import_file(ledger, write(tmp_path / "b.log", *(form(notification(n)) for n in (4, 2, 5, 3, 6))),
                         secrets=Secrets())
    assert (report.imported, report.duplicates) == (3, 2)
    issues = ledger.batch_issues(report.batch_id)
    assert [(i.line, i.outcome, i.event_id) for i in issues] == [
        (2, "duplicate", earlier[tid(2)]), (4, "duplicate", earlier[tid(3)])]
    arrivals = ledger.db.query(
        "SELECT r.source_line, e.tid, e.batch_id, e.source_line FROM receipts r JOIN events e ON e.id = r.event_id "
        "WHERE r.batch_id = ? ORDER BY r.source_line", (report.batch_id,))
    assert arrivals == [  # a repeat's arrival is the earlier file's own (the same text, first time in its file)
        (1, tid(4), report.batch_id, 1), (3, tid(5), report.batch_id, 3), (5, tid(6), report.batch_id, 5)]
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 5


def test_one_payment_from_a_log_and_an_export_is_one_transaction_with_both_sources(ledger: Ledger,
                                                                                   tmp_path: Path) -> None:
    import_file(ledger, write(tmp_path / "inform.log", form(notification(1))), secrets=Secrets())
    book = xlsxwriter.Workbook(str(tmp_path / "export.xlsx"))
    sheet = book.add_worksheet()
    for c, (head, value) in enumerate([("거래번호", tid(1)), ("승인일시", "2024-03-05 14:31:00"), ("거래상태", "승인"),
                                       ("승인금액", "1,004"), ("주문번호", "ORD-000001")]):
        sheet.write(0, c, head)
        sheet.write(1, c, value)
    book.close()
    report = import_file(ledger, tmp_path / "export.xlsx")
    assert report.imported == 1
    amount, remaining, channels, count = ledger.db.query_one(
        "SELECT amount, remaining, channels, event_count FROM transactions")
    assert (amount, remaining, set(channels.split(",")), count) == (1004, 1004, {"export", "notification"}, 2)


def test_tampered_signature_is_kept_flagged_and_left_out_of_totals(ledger: Ledger, tmp_path: Path) -> None:
    forged_cancel = notification(9, state_cd="2", result_code="2001", amount=1004, otid=tid(1), key=None)
    unknown = notification(3, mid=UNKNOWN_MID, key="whatever")
    path = write(tmp_path / "inform.log", form(notification(1)), form(forged_cancel), form(unknown))
    report = import_file(ledger, path, secrets=Secrets())
    assert (report.imported, report.flagged) == (3, 1)
    assert ledger.db.query_one(
        "SELECT cancelled, remaining, state, flagged, sign_status FROM transactions WHERE tid = ?", (tid(1),)
    ) == (0, 1004, "approved", 1, "mismatch")
    assert ledger.db.scalar("SELECT sign_status FROM events WHERE mid = ?", (UNKNOWN_MID,)) == "no_key"


def test_keys_come_from_the_secrets_chain(ledger: Ledger, tmp_path: Path) -> None:
    from smartro_desk.secrets import SessionSecrets

    own = notification(1, mid="OWNSHOP01m", key="own-key")
    secrets = Secrets(SessionSecrets({("OWNSHOP01m", "merchant_key"): "own-key"}))
    import_file(ledger, write(tmp_path / "own.log", form(own)), secrets=secrets)
    assert ledger.db.scalar("SELECT sign_status FROM events") == "verified"
    assert ledger.db.scalar("SELECT mid FROM events") == "OWNSHOP01m" != MID


def test_cancelled_import_leaves_the_ledger_as_it_was(ledger: Ledger, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", 10)
    import_file(ledger, write(tmp_path / "first.log", form(notification(100))), secrets=Secrets())
    before = snapshot(ledger)
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) == 2:
            token.cancel()

    path = write(tmp_path / "big.log", *(form(notification(n)) for n in range(1, 60)))
    with pytest.raises(Cancelled):
        import_file(ledger, path, secrets=Secrets(), progress=progress, cancel=token)
    assert snapshot(ledger) == before
    assert len(seen) == 2 and seen[0][1] == path.stat().st_size and 0 < seen[0][0] < seen[1][0]
    report = import_file(ledger, path, secrets=Secrets())  # not mistaken for an earlier import
    assert report.imported == 59


def test_a_file_read_in_chunks_derives_what_one_chunk_would(ledger: Ledger, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chunk's transactions are derived as soon as its events are in: approvals in one chunk, their
    cancels (and a retry) in later ones, end as they do when the whole file is one chunk."""
    lines = [form(notification(n, amount=1000 * n)) for n in range(1, 9)]
    lines += [form(notification(20 + n, state_cd="2", result_code="2001", amount=100 * n, otid=tid(n))) for n in (1, 2, 3)]
    lines += [lines[0], form(notification(30, state_cd="1", result_code="2001", amount=8000, otid=tid(8)))]
    path = write(tmp_path / "inform.log", *lines)
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    report = import_file(ledger, path, secrets=Secrets())
    assert (report.imported, report.duplicates) == (12, 1)
    monkeypatch.setattr(pipeline, "CHUNK", 5000)
    whole = Ledger.open(tmp_path / "whole.sqlite")
    import_file(whole, path, secrets=Secrets())
    query = "SELECT tid, amount, cancelled, remaining, state, event_count, flagged FROM transactions ORDER BY tid"
    assert [tuple(r) for r in ledger.db.query(query)] == [tuple(r) for r in whole.db.query(query)]
    whole.close()
    state = "SELECT remaining, state, event_count FROM transactions WHERE tid = ?"
    assert tuple(ledger.db.query_one(state, (tid(1),))) == (900, "partially_cancelled", 2)  # its retry: no event
    assert tuple(ledger.db.query_one(state, (tid(8),))) == (0, "cancelled", 2)
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 8  # the cancels joined their approvals


def test_the_planner_hears_of_the_tables_each_time_an_import_has_doubled_them(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not once per chunk: on PostgreSQL that is an ANALYZE of events and transactions each time."""
    from smartro_desk.ledger import store

    monkeypatch.setattr(pipeline, "CHUNK", 3)
    monkeypatch.setattr(store, "_STATISTICS_FROM", 2)
    told: list[int] = []
    original = ledger.db.refresh_statistics
    monkeypatch.setattr(ledger.db, "refresh_statistics", lambda tables: (
        told.append(ledger.db.scalar("SELECT COUNT(*) FROM events")), original(tables)))
    import_file(ledger, write(tmp_path / "inform.log", *(form(notification(n)) for n in range(1, 31))), secrets=Secrets())
    assert told == [3, 6, 12, 24]  # events in the ledger each time: ten chunks, four refreshes


def test_progress_reaches_the_end(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", 7)
    path = write(tmp_path / "inform.log", *(form(notification(n)) for n in range(1, 30)))
    seen: list[tuple[int, int]] = []
    import_file(ledger, path, progress=lambda d, t: seen.append((d, t)))
    assert len(seen) >= 4 and seen[-1] == (path.stat().st_size,) * 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_undo_removes_the_batch_and_is_audited(ledger: Ledger, tmp_path: Path) -> None:
    import_file(ledger, write(tmp_path / "a.log", form(notification(1))), secrets=Secrets())
    cancel = notification(5, state_cd="2", result_code="2001", amount=400, otid=tid(1))
    report = import_file(ledger, write(tmp_path / "b.log", form(cancel)), secrets=Secrets())
    assert ledger.db.scalar("SELECT remaining FROM transactions WHERE tid = ?", (tid(1),)) == 604
    ledger.undo_batch(report.batch_id)
    assert ledger.db.scalar("SELECT remaining FROM transactions WHERE tid = ?", (tid(1),)) == 1004
    assert ledger.audit_entries()[-1].action == "import_undone"
    assert import_file(ledger, tmp_path / "b.log", secrets=Secrets()).imported == 1  # undone: may come back


def test_undoing_a_file_keeps_what_a_later_overlapping_file_also_holds(ledger: Ledger, tmp_path: Path) -> None:
    """A log that grows (or rotated copies that overlap): a.log has payments 1–5, b.log 3–7, so b's 3–5 are
    duplicates of a's. Undoing a keeps 3–5, now b's (its receipts and lines); undoing b too leaves nothing.
    The same holds for order lists."""
    a = import_file(ledger, write(tmp_path / "a.log", *(form(notification(n)) for n in range(1, 6))))
    b = import_file(ledger, write(tmp_path / "b.log", *(form(notification(n)) for n in range(3, 8))))
    assert (b.imported, b.duplicates) == (2, 3)
    assert ledger.undo_batch(a.batch_id) == 2  # only 1 and 2 were a's alone
    assert [r[0] for r in ledger.db.query("SELECT tid FROM transactions ORDER BY tid")] == [tid(n) for n in range(3, 8)]
    event = ledger.event_rows(tid(3))[0]
    assert (event["batch_id"], event["source_file"], event["source_line"]) == (b.batch_id, str(tmp_path / "b.log"), 1)
    assert ledger.receipts(event["id"]) == [(str(tmp_path / "b.log"), 1, None, "")]
    assert ledger.undo_batch(b.batch_id) == 5
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 0
    assert ledger.db.scalar("SELECT COUNT(*) FROM receipts") == 0

    header = "주문번호,주문금액,주문일시\n"
    rows = [f"ORD-{n},{n}000,2024-03-05 10:00:00\n" for n in range(1, 8)]
    (tmp_path / "o1.csv").write_text(header + "".join(rows[0:5]), encoding="utf-8")
    (tmp_path / "o2.csv").write_text(header + "".join(rows[2:7]), encoding="utf-8")
    first = import_file(ledger, tmp_path / "o1.csv", kind="orders")
    second = import_file(ledger, tmp_path / "o2.csv", kind="orders")
    assert (first.imported, second.imported, second.duplicates) == (5, 2, 3)
    ledger.undo_batch(first.batch_id)
    kept = ledger.db.query("SELECT order_id, batch_id, source_line FROM orders ORDER BY order_id")
    assert kept == [(f"ORD-{n}", second.batch_id, n - 1) for n in range(3, 8)]


def test_unknown_fields_are_kept_with_the_event(ledger: Ledger, tmp_path: Path) -> None:
    fields = {**notification(1), "CancelSeq": "", "SmartroNewParam": "abc", "NewParam": "값"}
    import_file(ledger, write(tmp_path / "new.log", form(fields)))
    stored = ledger.event_rows(tid(1))[0]["fields"]
    assert stored["NewParam"] == "값" and stored["SmartroNewParam"] == "abc" and stored["CancelSeq"] == ""


def test_a_logged_cancel_password_never_reaches_the_ledger(ledger: Ledger, tmp_path: Path) -> None:
    with_secret = form({**notification(1), "CancelPwd": "s3cret99"})
    rejected = b"TID=&Cancelpw=s3cret99&CancelAmt=100"
    import_file(ledger, write(tmp_path / "cancels.log", with_secret, rejected))
    row = ledger.event_rows(tid(1))[0]
    assert row["fields"]["Cancelpw"] == "******" and "s3cret99" not in row["raw"]
    assert all("s3cret99" not in issue.raw for issue in ledger.batch_issues(ledger.batches()[0].id))


def test_files_that_cannot_be_read_are_reported_not_raised(ledger: Ledger, tmp_path: Path) -> None:
    good = write(tmp_path / "ok.log", form(notification(1)))
    binary = tmp_path / "photo.log"
    binary.write_bytes(bytes(range(256)) * 64)
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    reports = import_files(ledger, [good, tmp_path / "missing.log", binary, odd, tmp_path])
    assert [bool(r.error) for r in reports] == [False, True, True, True, True]
    assert "열 수 없습니다" in reports[1].error and "이진" in reports[2].error and "열 구성" in reports[3].error
    assert reports[0].imported == 1


def test_orders_kind_on_a_log_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    report = import_file(ledger, write(tmp_path / "inform.log", form(notification(1))), kind="orders")
    assert report.error and report.format == "log"


def test_report_json_shape(ledger: Ledger, tmp_path: Path) -> None:
    report = import_file(ledger, write(tmp_path / "inform.log", form(notification(1)), b"TID=&x=1"))
    out = report.to_json()
    assert {"path", "format", "encoding", "records", "imported", "duplicates", "rejected", "flagged",
            "rejects"} <= set(out)
    assert out["rejects"] == [{"line": 2, "reason": "거래번호(TID)가 없습니다"}]
    assert out["encoding"] == "cp949"


def test_utf16_log_from_notepad(ledger: Ledger, tmp_path: Path) -> None:
    text = "\r\n".join(form(notification(n), "utf-8").decode() for n in (1, 2)) + "\r\n"
    path = tmp_path / "inform.txt"
    path.write_bytes(text.encode("utf-16"))
    report = import_file(ledger, path)
    assert (report.format, report.encoding, report.imported) == ("log", "utf-16", 2)


def payment_request(n: int, *, amount: int = 1004, **extra: str) -> dict[str, str]:
    """The merchant's own payment request form (§3.1) as its server logs it: no TID yet."""
    edi = "20240305143100"
    fields = {
        "PayMethod": "CARD", "GoodsCnt": "1", "GoodsName": f"겨울 점퍼 {n}호", "Amt": str(amount),
        "Moid": f"ORD-{n:06d}", "Mid": MID, "BuyerName": "김똠얌", "BuyerTel": "01012345678",
        "ediDate": edi, "EncryptData": encrypt_data(edi, MID, amount, KEY),
    }
    fields.update(extra)
    return fields


def test_logged_payment_requests_become_the_orders_they_request(ledger: Ledger, tmp_path: Path) -> None:
    """A log mixing the merchant's requests and the gateway's notifications: requests are orders
    (EncryptData kept for reconciliation), notifications are events, nothing is rejected."""
    no_moid = payment_request(3)
    del no_moid["Moid"]
    path = write(
        tmp_path / "pay.log",
        b"2024-03-05 14:31:00 INFO [request] " + form(payment_request(1)),
        form(notification(1)),
        form(payment_request(2, amount=50000)),
        form(payment_request(1)),  # the browser re-posted the same request
        form(no_moid),
    )
    report = import_file(ledger, path, secrets=Secrets())
    assert balanced(report) and not report.error
    assert (report.records, report.imported, report.duplicates, report.rejected) == (5, 3, 1, 1)
    assert report.rejects[0].line == 5 and "주문번호" in report.rejects[0].reason
    orders = ledger.db.query("SELECT order_id, mid, amount, ordered_at, buyer, goods, fields FROM orders ORDER BY order_id")
    assert [o[:6] for o in orders] == [
        ("ORD-000001", MID, 1004, "2024-03-05 14:31:00", "김똠얌", "겨울 점퍼 1호"),
        ("ORD-000002", MID, 50000, "2024-03-05 14:31:00", "김똠얌", "겨울 점퍼 2호"),
    ]
    assert '"EncryptData"' in orders[0][6] and '"ediDate": "20240305143100"' in orders[0][6]
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 1
    before = snapshot(ledger)
    again = tmp_path / "pay-again.log"
    again.write_bytes(path.read_bytes() + b"\n")  # other bytes, same records: nothing changes
    assert import_file(ledger, again, secrets=Secrets()).imported == 0
    assert snapshot(ledger)[:4] == before[:4]


def test_a_big_import_finds_its_transactions_in_the_ledger_instead_of_holding_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past _NAMED_UP_TO transactions an import stops naming them (memory flat with the file's size): the same
    ledger comes out, and listeners are told that any transaction may have changed."""
    from test_ingest_parse_worker import contents, mixed_log

    from smartro_desk.ledger import store

    first = mixed_log(tmp_path / "first.log", 30)
    second = mixed_log(tmp_path / "second.log", 120)  # repeats the first's records, and more
    seen: list[Any] = []
    heard: list[frozenset[str]] = []
    added: list[set[str]] = []
    for named_up_to in (1 << 62, 5):
        monkeypatch.setattr(store, "_NAMED_UP_TO", named_up_to)
        ledger = Ledger.open(tmp_path / f"named-{named_up_to}.sqlite")
        try:
            import_file(ledger, first, secrets=Secrets())
            changes: list[Any] = []
            ledger.subscribe(changes.append)
            batch = import_file(ledger, second, secrets=Secrets()).batch_id
            heard.append({c.what: c.tids for c in changes}["transactions"])
            added.append({r[0] for r in ledger.db.query("SELECT otid FROM events WHERE batch_id = ?", (batch,))})
            seen.append(contents(ledger))
        finally:
            ledger.close()
    assert seen[0] == seen[1] and seen[0][1]
    assert heard[0] == added[0] and len(added[0]) > 90 and heard[1] == frozenset()  # named, then "any"


def test_records_seen_again_later_leave_their_transactions_untouched(ledger: Ledger, tmp_path: Path) -> None:
    """A repeat adds only its arrival: the transaction is not derived again, not even its updated_at."""
    import time

    path = write(tmp_path / "inform.log", *(form(notification(n)) for n in range(1, 6)))
    import_file(ledger, path, secrets=Secrets())
    before = snapshot(ledger)[:2]
    time.sleep(1.1)  # a new second on the clock: a derivation would show in updated_at
    again = write(tmp_path / "retries.log", b"2024-03-05 15:00:00 INFO [inform] 211.193.35.11 " + form(notification(3)))
    report = import_file(ledger, again, secrets=Secrets())
    assert (report.imported, report.duplicates) == (0, 1)
    assert snapshot(ledger)[:2] == before
    assert ledger.db.scalar("SELECT COUNT(*) FROM receipts") == 6
