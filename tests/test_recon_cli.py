"""``smartro-desk reconcile``: headless runs, files imported first, JSON for scripts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from recon_support import add, add_orders, event, order, paid, plant_deliveries, tid

from smartro_desk.ledger import Ledger
from smartro_desk.recon.cli import add_reconcile_parser


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="smartro-desk")
    add_reconcile_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["reconcile", *argv])
    return int(args.func(args))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.sqlite"
    ledger = Ledger.open(path, actor="tester")
    add_orders(ledger, [order("ORD-1", 10_000), order("ORD-2", 5_000)])
    add(ledger, paid(tid(1), 1_000, "ORD-1") + paid(tid(2), 5_000, "ORD-2")
        + [event("cancel", tid(2), 5_000, at="2024-04-01 00:10:00")])
    ledger.close()
    return path


def test_json_has_the_issue_shape(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "--month", "2024-03", "--json", "--as-of", "2024-04-20"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["month"] == "2024-03"
    assert [(f["kind"], f["severity"], f["tid"], f["order_id"], f["requested"], f["returned"])
            for f in out["findings"]] == [("amount_mismatch", "high", tid(1), "ORD-1", 10_000, 1_000)]
    assert out["totals"]["transactions"] == 2 and out["totals"]["by_kind"]["amount_mismatch"]["sum"] == 9_000
    assert out["imports"] == [] and "settlement" not in out


def test_orders_and_exports_named_on_the_command_line_are_imported_first(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text("주문번호,주문금액,주문일시,주문상태\nORD-7,7000,2024-03-15 10:00:00,결제완료\n", "utf-8")
    export = tmp_path / "smartro.csv"
    export.write_text(
        "거래번호,주문번호,승인금액,승인일시,거래상태,결제수단,카드사\n"
        f"{tid(1)},ORD-1,1000,2024-03-10 12:00:00,승인,신용카드,비씨\n"
        f"{tid(8)},ORD-8,8000,2024-03-10 12:00:00,승인,신용카드,비씨\n", "utf-8",
    )
    code = main(["--db", str(db), "--month", "2024-03", "--orders", str(orders), "--export", str(export),
                 "--json", "--settlement", "--as-of", "2024-04-20"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["imported"] for r in out["imports"]] == [1, 2]
    found = {(f["kind"], f["tid"] or f["order_id"]) for f in out["findings"]}
    assert ("order_without_payment", "ORD-7") in found and ("missing_in_ledger", tid(8)) in found
    assert ("missing_in_export", tid(2)) in found
    assert out["settlement"]["has_export"] and out["settlement"]["total"]["ledger"]["approvals"] == 2  # tid(8) is in the export only


def test_text_output_for_people(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "--month", "2024-03", "--settlement", "--as-of", "2024-04-20"]) == 0
    text = capsys.readouterr().out
    assert "[높음] 요청 금액과 승인 금액이 다름: 1건" in text and "주문 금액 10,000원, 결제된 금액 1,000원" in text
    assert "카드사별" in text and "비씨" in text
    assert main(["--db", str(db), "--month", "2024-04", "--settlement"]) == 0
    assert "-5,000" in capsys.readouterr().out  # the cancel on April 1st is April's


def test_bad_month_and_unreadable_files_exit_2(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "--month", "2024-3"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err
    assert main(["--db", str(db), "--month", "2024-03", "--orders", str(tmp_path / "missing.xlsx")]) == 2
    assert "missing.xlsx" in capsys.readouterr().err


def test_delivery_figures_in_the_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deliveries.sqlite"
    ledger = Ledger.open(path, actor="tester")
    plant_deliveries(ledger)
    ledger.close()
    assert main(["--db", str(path), "--month", "2024-03", "--as-of", "2024-04-20"]) == 0
    text = capsys.readouterr().out
    assert "통보 받은 결제 5건, 재전송된 통보 3건" in text and "재시도 한도(10회)까지 받은 결제 1건" in text
    assert "승인 통보: 1회 1 · 2회 1 · 3–5회 1 · 6회 이상 1" in text and "10.9.8.7 1회" in text
    assert main(["--db", str(path), "--month", "2024-03", "--as-of", "2024-04-20", "--retry-limit", "4"]) == 0
    assert "재시도 한도(4회)까지 받은 결제 2건" in capsys.readouterr().out
