"""The transaction export: the table's columns, filter and order, typed cells, progress and cancel."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from smartro_desk.columns import TRANSACTION_COLUMNS
from smartro_desk.export.transactions import describe_filter, export_transactions
from smartro_desk.ledger import EventRecord, Ledger
from smartro_desk.ledger.queries import TransactionFilter
from smartro_desk.tasks import CancelToken, Cancelled

AT = datetime(2024, 6, 1, 9, 0)


def approval(n: int, amount: int, *, day: int, method: str = "CARD", buyer: str = "홍길동") -> EventRecord:
    tid = f"SMTPAY001m0101240501{n:06d}{n:04d}"
    return EventRecord(
        tid=tid, otid=tid, kind="approval", channel="notification", fields={"TID": tid, "Amt": str(amount)},
        mid="SMTPAY001m", pay_method=method, order_id=f"ORD-{n}", amount=amount, buyer=buyer,
        occurred_at=f"2024-05-{day:02d} 10:00:0{n % 10}", sign_status="verified", fn_cd="04", result_code="3001",
        card_quota="00", goods="무선 이어폰",
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    ledger.add_events([
        approval(1, 1_000, day=1), approval(2, 5_000, day=2, method="BANK", buyer="김철수"),
        approval(3, 3_000, day=30, buyer="=HYPERLINK(\"http://evil\")"), approval(4, 7_000, day=15),
    ])
    ledger.add_events([EventRecord(
        tid="SMTPAY001m0101240501000001ZZZZ", otid=approval(1, 0, day=1).tid, kind="cancel",
        channel="notification", fields={"x": "1"}, amount=400, occurred_at="2024-05-03 09:00:00",
        sign_status="verified",
    )])
    yield ledger
    ledger.close()


def sheet_rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = next(r for r in range(1, 12) if ws.cell(r, 2).value in ("TID", "승인금액", "Approved"))
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=header)]


def test_visible_columns_in_display_order_with_typed_cells(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "tx.xlsx"
    keys = ["approved_at", "amount", "pay_method", "issuer", "buyer", "state", "result", "cancelled"]
    result = export_transactions(
        ledger, path, TransactionFilter(), "amount", False, keys, progress=None, exported_at=AT,
    )
    assert (result.rows, result.sheets) == (4, ("거래내역",))
    rows = sheet_rows(path)
    assert rows[0] == ("승인일시", "승인금액", "결제수단", "카드사/은행", "구매자", "상태", "결과", "취소금액")
    assert rows[1] == (datetime(2024, 5, 1, 10, 0, 1), 1_000, "신용카드", "삼성", "홍길동", "부분취소", "3001 카드 결제 성공", 400)
    assert [r[1] for r in rows[1:5]] == [1_000, 3_000, 5_000, 7_000]  # sorted as the table was
    assert rows[5][0] == "합계" and rows[5][1] == "=SUM(B8:B11)" and rows[5][7] == "=SUM(H8:H11)"
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["B8"].number_format == "#,##0" and ws["A8"].is_date and ws["A8"].number_format == "yyyy-mm-dd hh:mm:ss"
    buyer = ws["E9"]
    assert buyer.value == "=HYPERLINK(\"http://evil\")" and buyer.data_type == "s" and buyer.quotePrefix


def test_filter_sort_and_title_block(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "tx.xlsx"
    flt = TransactionFilter(date_from=date(2024, 5, 1), date_to=date(2024, 5, 20), pay_methods=("CARD",), mids=("SMTPAY001m",))
    export_transactions(ledger, path, flt, "approved_at", True, ["tid", "amount"], exported_at=AT)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert [ws.cell(r, 1).value for r in range(1, 7)] == [
        "거래내역", "기간: 2024-05-01 ~ 2024-05-20", "MID: SMTPAY001m", "조건: 결제수단 신용카드",
        "정렬: 승인일시 내림차순", "내보낸 시각: 2024-06-01 09:00:00",
    ]
    assert [ws.cell(r, 2).value for r in range(9, 11)] == [7_000, 1_000]
    assert ws.cell(11, 1).value == "합계"


def test_english_headers_and_labels(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "tx.xlsx"
    export_transactions(ledger, path, TransactionFilter(), "amount", False, ["pay_method", "amount"], lang="en", exported_at=AT)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Transactions"]
    rows = sheet_rows(path)
    assert rows[0] == ("Method", "Approved") and rows[1] == ("Credit card", 1_000) and rows[-1][0] == "Total"
    assert book.worksheets[0]["A2"].value == "Period: All"


def test_every_column_by_default_and_csv(ledger: Ledger, tmp_path: Path) -> None:
    result = export_transactions(ledger, tmp_path / "tx.csv", TransactionFilter(), "amount", False)
    lines = (tmp_path / "tx.csv").read_text(encoding="utf-8-sig").splitlines()
    assert result.rows == 4 and lines[0].split(",") == [c.ko for c in TRANSACTION_COLUMNS]
    assert lines[1].startswith("2024-05-01 10:00:01,SMTPAY001m0101240501000001")
    assert ",1000,400,600," in lines[1]
    assert "'=HYPERLINK(\"\"http://evil\"\")" in lines[2]


def test_rows_split_across_sheets(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "tx.xlsx"
    result = export_transactions(ledger, path, TransactionFilter(), "amount", False, ["tid", "amount"], max_rows=10)
    assert result.sheets == ("거래내역", "거래내역 (2)")  # 10 rows - 7 down to the header - 1 for totals = 2 a sheet
    ws = openpyxl.load_workbook(path, data_only=True)["거래내역 (2)"]
    assert (ws.max_row, ws.cell(10, 1).value, ws.cell(10, 2).value) == (10, "합계", 16_000)


def test_progress_and_cancel(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smartro_desk.export.transactions.CHUNK", 2)
    seen: list[tuple[int, int]] = []
    export_transactions(ledger, tmp_path / "tx.xlsx", TransactionFilter(), progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 4), (2, 4), (4, 4)]

    target = tmp_path / "tx.xlsx"
    before = target.read_bytes()
    token = CancelToken()

    def cancel_after_first_chunk(done: int, total: int) -> None:
        if done:
            token.cancel()

    with pytest.raises(Cancelled):
        export_transactions(ledger, target, TransactionFilter(), progress=cancel_after_first_chunk, cancel=token)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".sqlite" and "sqlite" not in p.name) == ["tx.xlsx"]


def test_unknown_columns_are_refused_and_filters_described(ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_transactions(ledger, tmp_path / "tx.xlsx", TransactionFilter(), column_keys=["nope"])
    flt = TransactionFilter(states=("flagged", "cancelled"), amount_min=1_000, text=" 홍 ", tids=("a", "b"))
    assert describe_filter(flt) == "상태 위변조 의심, 전체취소 · 금액 1,000 ~  · 검색어 \"홍\" · TID 2건"
    assert describe_filter(TransactionFilter()) == ""
