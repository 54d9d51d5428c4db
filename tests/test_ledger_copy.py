"""``smartro-desk ledger copy``: a desk's SQLite ledger into an empty ledger (PostgreSQL, or SQLite), verified."""

from __future__ import annotations

from pathlib import Path

import pytest
from cancel_support import rig
from fixtures_ingest.builders import form, notification

from smartro_desk.cli import main
from smartro_desk.ingest import import_file
from smartro_desk.ledger import Ledger, OrderRecord
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries
from smartro_desk.ledger.sqlite_db import SQLiteDatabase


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A desk's ledger with a bit of everything: a logged import, orders, a partial cancel, a resolution."""
    path = tmp_path / "desk.sqlite"
    with rig(path) as r:
        tid = r.pay(amount=30_000)
        assert r.cancel(tid, 10_000, partial=True).ok
        log = tmp_path / "inform.log"
        log.write_bytes(b"\n".join(form(notification(n, amount=1_000 * n, Name="김민준")) for n in range(1, 41))
                        + b"\n" + form(notification(3, amount=3_000, Name="김민준")) + b"\n")
        assert import_file(r.ledger, log).imported == 40
        with r.ledger.importing("orders.csv", "h1", kind="orders") as session:
            session.add_orders([OrderRecord(f"ORD-{n}", 1_000 * n, mid="SMTPAY001m") for n in range(1, 6)])
        r.ledger.resolve("conflict:X", note="확인함")
    return path


def copy(source: Path, target: str | Path) -> int:
    return main(["ledger", "copy", "--from", str(source), "--to", str(target)])


def counts(location: str | Path) -> tuple[int, ...]:
    ledger = Ledger.open(location)
    try:
        return tuple(ledger.db.scalar(f"SELECT COUNT(*) FROM {t}") for t in (
            "events", "receipts", "transactions", "orders", "cancel_attempts", "batches", "batch_issues", "resolutions",
        ))
    finally:
        ledger.close()


def test_copy_is_verified_and_the_copy_works_on(source: Path, ledger_location: str | Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    before = counts(source)
    assert copy(source, ledger_location) == 0
    out = capsys.readouterr().out
    assert "검증 완료" in out and "transactions.remaining" in out
    assert counts(ledger_location)[:5] == before[:5] and before[0] == 42  # 40 logged, the payment and its cancel
    copied = Ledger.open(ledger_location, actor="lee")
    try:
        assert copied.verify_audit().ok
        assert copied.audit_entries()[-1].action == "ledger_copied"
        queries = TransactionQueries(copied.db)
        assert len(queries.ordered_ids(TransactionFilter(text="김민준"))) == 40  # the search index came along
        summary = queries.summary(TransactionFilter())
        assert (summary.count, summary.cancelled) == (41, 10_000)
        with copied.importing("more.log", "h2") as session:  # new ids continue after the copied ones
            session.add_orders([OrderRecord("ORD-NEW", 500)])
        assert copied.db.scalar("SELECT MAX(id) FROM orders") == 6
    finally:
        copied.close()


def test_a_non_empty_target_is_refused_and_left_alone(source: Path, ledger_location: str | Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert copy(source, ledger_location) == 0
    after_first = counts(ledger_location)
    assert copy(source, ledger_location) == 2
    assert "비어 있지 않습니다" in capsys.readouterr().err
    assert counts(ledger_location) == after_first


def test_a_row_lost_on_the_way_fails_the_verification(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    real = SQLiteDatabase.bulk_insert

    def lossy(self: SQLiteDatabase, table: str, columns, rows) -> None:
        real(self, table, columns, rows[:-1] if table == "orders" else rows)

    monkeypatch.setattr(SQLiteDatabase, "bulk_insert", lossy)
    assert copy(source, tmp_path / "target.sqlite") == 1
    err = capsys.readouterr().err
    assert "검증 실패" in err and "orders: 5 → 4" in err and "orders.amount: 15,000 → 10,000" in err


def test_an_unreachable_target_is_one_line_not_a_traceback(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert copy(source, "postgresql://nobody:secret@127.0.0.1:9/none?connect_timeout=2") == 2
    err = capsys.readouterr().err
    assert "대상 원장을 열 수 없습니다" in err and "secret" not in err
