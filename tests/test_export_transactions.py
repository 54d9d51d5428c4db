"""The transaction export: the table's columns, filter and order, typed cells, progress and cancel."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartro_desk import labels
from smartro_desk.columns import COLUMN_BY_KEY, ROW_FIELDS, TRANSACTION_COLUMNS, Column
from smartro_desk.export.ledger_read import transaction_pages
from smartro_desk.export.transactions import (
    DISPLAY_INPUTS, PLAIN_TEXT, _getter, describe_filter, export_transactions, transaction_rows,
)
from smartro_desk.ledger import EventRecord, Ledger
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries
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
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    ledger = Ledger.open(ledger_location)
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
    assert rows[5][0] == "목록 합계" and rows[5][1] == "=SUM(B9:B12)" and rows[5][7] == "=SUM(H9:H12)"
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["B9"].number_format == "#,##0" and ws["A9"].is_date and ws["A9"].number_format == "yyyy-mm-dd hh:mm:ss"
    buyer = ws["E10"]
    assert buyer.value == "=HYPERLINK(\"http://evil\")" and buyer.data_type == "s" and buyer.quotePrefix


def test_filter_sort_and_title_block(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "tx.xlsx"
    flt = TransactionFilter(date_from=date(2024, 5, 1), date_to=date(2024, 5, 20), pay_methods=("CARD",), mids=("SMTPAY001m",))
    export_transactions(ledger, path, flt, "approved_at", True, ["tid", "amount"], exported_at=AT)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert [ws.cell(r, 1).value for r in range(1, 8)] == [
        "거래내역", "기간: 2024-05-01 ~ 2024-05-20", "MID: SMTPAY001m", "조건: 결제수단 신용카드",
        "정렬: 승인일시 내림차순",
        "합계: 2건 · 승인 8,000원 · 취소 400원 · 순매출 7,600원 (위변조 의심 0건·실패·입금 전 가상계좌 제외)",
        "내보낸 시각: 2024-06-01 09:00:00",
    ]  # the window's totals (its status bar), apart from the sum of the listed rows at the foot
    assert [ws.cell(r, 2).value for r in range(10, 12)] == [7_000, 1_000]
    assert ws.cell(12, 1).value == "목록 합계"


def test_english_headers_and_labels(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "tx.xlsx"
    export_transactions(ledger, path, TransactionFilter(), "amount", False, ["pay_method", "amount"], lang="en", exported_at=AT)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Transactions"]
    rows = sheet_rows(path)
    assert rows[0] == ("Method", "Approved") and rows[1] == ("Credit card", 1_000) and rows[-1][0] == "Sum of the rows"
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
    result = export_transactions(ledger, path, TransactionFilter(), "amount", False, ["tid", "amount"], max_rows=11)
    assert result.sheets == ("거래내역", "거래내역 (2)")  # 11 rows - 8 down to the header - 1 for totals = 2 a sheet
    ws = openpyxl.load_workbook(path, data_only=True)["거래내역 (2)"]
    assert (ws.max_row, ws.cell(11, 1).value, ws.cell(11, 2).value) == (11, "목록 합계", 16_000)


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
    assert describe_filter(TransactionFilter(issuers=("02", "088"))) == "카드사/은행 국민 (02), 신한은행 (088)"
    assert describe_filter(TransactionFilter(issuers=("02",)), "en").startswith("Card/Bank KB Kookmin")


# -- how rows are read and decoded ------------------------------------------------------------

SAMPLES: dict[str, list[Any]] = {
    "tid": ["SMTPAY001m0101240501000001", "", None, "0001234"], "mid": ["SMTPAY001m", None],
    "pay_method": ["CARD", "BANK", "VBANK", "CELLPHONE", "", None, "XYZ"], "order_id": ["ORD-1", "0001234", None, ""],
    "approved_at": ["2024-05-01 10:00:00", None], "amount": [1_000, 0, None], "cancelled": [0, 400], "remaining": [600, None],
    "state": [*labels.TX_STATE, "weird"], "fn_cd": ["04", "01", "088", "99", "", None],
    "fn_name": ["신한", "", None, "엉뚱은행"], "card_quota": ["00", "03", "3", "99", "", None],
    "auth_code": ["00012345", None], "buyer": ["홍길동", "=1+1", None], "goods": ["무선 이어폰", None],
    "result_code": ["3001", "2001", "4000", "9999", "", None], "result_msg": ["메시지", "", None],
    "sign_status": [*labels.SIGN_STATUS, "absent", "x", None, ""],
    "channels": ["", "notification", "notification,export", "result,x", None], "event_count": [1, 3],
    "flagged": [0, 1], "cancel_hold": [None, "", "2024-05-02 09:00:00", "intent-7"],
}


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({f: st.sampled_from(SAMPLES[f]) for f in ROW_FIELDS}), st.sampled_from(["ko", "en"]))
def test_fast_getters_give_what_the_table_columns_show(row: dict[str, Any], lang: str) -> None:
    """``DISPLAY_INPUTS`` and ``PLAIN_TEXT`` must match what ``columns.py`` reads: any drift shows here."""
    assert set(DISPLAY_INPUTS) | PLAIN_TEXT == {c.key for c in TRANSACTION_COLUMNS if c.kind not in ("money", "datetime")}
    at = {f: i for i, f in enumerate(ROW_FIELDS)}
    raw = tuple(row[f] for f in ROW_FIELDS)
    for column in TRANSACTION_COLUMNS:
        get = _getter(column, lang, at)
        for _ in range(2):  # decoded, then from the memo
            value = get(raw)
            if column.kind in ("money", "datetime"):
                assert value == row.get(column.sql)
            else:
                assert str(value or "") == column.display(row, lang), column.key


def test_a_column_the_exporter_does_not_know_is_displayed_row_by_row() -> None:
    odd = Column("odd", "이상", "Odd", "code", 8, "mid", lambda row, lang: f"{row['buyer']}/{row['flagged']}")
    at = {f: i for i, f in enumerate(ROW_FIELDS)}
    get = _getter(odd, "ko", at)
    row = {f: None for f in ROW_FIELDS} | {"buyer": "홍길동", "flagged": 1}
    assert get(tuple(row[f] for f in ROW_FIELDS)) == "홍길동/1"


@pytest.mark.parametrize("key", ["approved_at", "amount", "buyer", "issuer", "goods", "sources", "state", "result"])
@pytest.mark.parametrize("descending", [False, True])
def test_rows_come_in_the_tables_order(ledger: Ledger, key: str, descending: bool) -> None:
    ledger.add_events([approval(n, 2_000, day=n % 3 + 1, buyer="같은 이름") for n in range(5, 12)])  # ties: rowid decides
    expected = [r["tid"] for r in TransactionQueries(ledger.db).rows_by_ids(
        TransactionQueries(ledger.db).ordered_ids(TransactionFilter(), key, descending))]
    rows = list(transaction_rows(ledger, TransactionFilter(), key, descending, [COLUMN_BY_KEY["tid"]]))
    assert [r[0] for r in rows] == expected and len(expected) == 11


def test_an_in_memory_ledger_pages_through_its_one_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smartro_desk.export.transactions.CHUNK", 2)
    memory = Ledger.open(":memory:")
    try:
        memory.add_events([approval(n, 1_000 * n, day=n) for n in range(1, 6)])
        seen: list[tuple[int, int]] = []
        rows = list(transaction_rows(memory, TransactionFilter(), "amount", True, [COLUMN_BY_KEY["amount"]],
                                     progress=lambda d, t: seen.append((d, t))))
    finally:
        memory.close()
    assert rows == [[5_000], [4_000], [3_000], [2_000], [1_000]]
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_writes_during_an_export_neither_wait_for_it_nor_change_it(ledger: Ledger, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The export reads one snapshot on its own connection; the ledger's connection stays free for imports."""
    monkeypatch.setattr("smartro_desk.export.transactions.CHUNK", 1)
    added: list[int] = []

    def import_meanwhile(done: int, total: int) -> None:
        if done == 2:
            ledger.add_events([approval(50, 99_000, day=3)])
            added.append(done)

    result = export_transactions(ledger, tmp_path / "tx.xlsx", TransactionFilter(), "amount", False, ["tid", "amount"],
                                 progress=import_meanwhile)
    assert added == [2] and result.rows == 4
    assert [r[1] for r in sheet_rows(tmp_path / "tx.xlsx")[1:6]] == [1_000, 3_000, 5_000, 7_000, "=SUM(B9:B12)"]
    assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 5


def test_a_cancel_stops_the_export_query(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite checks the token between steps of the query; PostgreSQL before it starts (and cancels a running
    one from a watcher thread: tests/test_ledger_backends.py)."""
    monkeypatch.setattr("smartro_desk.ledger.sqlite_db._CHECK_EVERY", 1)  # a few rows: check at every step
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled), transaction_pages(ledger, TransactionFilter(), "goods", False, ["tid"], 10, token) as (
        _total, pages,
    ):
        next(pages)


# -- CSV -------------------------------------------------------------------------------------


def test_csv_keeps_digit_only_text_as_text(ledger: Ledger, tmp_path: Path) -> None:
    ledger.add_events([EventRecord(
        tid="00012345678901234567", otid="00012345678901234567", kind="approval", channel="notification",
        fields={"TID": "x"}, mid="SMTPAY001m", pay_method="CARD", order_id="0001234", amount=12_000,
        buyer="=1+1", occurred_at="2024-05-20 10:00:00", sign_status="verified", goods="1234567890123456",
    )])
    path = tmp_path / "tx.csv"
    export_transactions(ledger, path, TransactionFilter(date_from=date(2024, 5, 20), date_to=date(2024, 5, 20)),
                        column_keys=["tid", "order_id", "amount", "buyer", "goods"])
    assert path.read_bytes() == (
        "\ufeffTID,주문번호,승인금액,구매자,상품명\r\n"
        '"=""00012345678901234567""","=""0001234""",12000,\'=1+1,"=""1234567890123456"""\r\n'
    ).encode("utf-8")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        header, row = list(csv.reader(stream))
    assert row == ['="00012345678901234567"', '="0001234"', "12000", "'=1+1", '="1234567890123456"']


@pytest.mark.parametrize("flt", [
    TransactionFilter(text="길동"), TransactionFilter(text="ORD-1"), TransactionFilter(amount_min=3_000, pay_methods=("CARD",)),
    TransactionFilter(states=("partially_cancelled",)), TransactionFilter(date_from=date(2024, 5, 2), date_to=date(2024, 5, 15)),
])
def test_the_export_query_selects_what_the_table_shows(ledger: Ledger, flt: TransactionFilter) -> None:
    queries = TransactionQueries(ledger.db)
    expected = [r["tid"] for r in queries.rows_by_ids(queries.ordered_ids(flt, "approved_at", True))]
    assert expected  # each filter matches something
    assert [r[0] for r in transaction_rows(ledger, flt, "approved_at", True, [COLUMN_BY_KEY["tid"]])] == expected
