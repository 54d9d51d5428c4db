"""What Korean Excel and admin sites do to an export: ₩ saved as a backslash, accounting zeros, times without
their leading zero, totals rows, row numbers, a sheet per month, two-level headers, a shop's own order list."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from fixtures_ingest.builders import tid
from hypothesis import given
from hypothesis import strategies as st
from test_ingest_sheets import tx, write_xlsx

from smartro_desk.ingest import import_file, parse_worker
from smartro_desk.ingest.headers import guess_kind, guess_mapping, header_candidates
from smartro_desk.ingest.report import FileReport
from smartro_desk.ingest.sheetvalues import cell_amount, parse_datetime, parse_time
from smartro_desk.ledger import Ledger
from smartro_desk.protocol.amounts import parse_amount


@pytest.fixture
def ledger(ledger_location: str | Path) -> Ledger:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def counts(report: FileReport) -> tuple[int, int, int, int, int]:
    assert report.records == report.imported + report.duplicates + report.rejected + report.skipped
    return report.records, report.imported, report.duplicates, report.rejected, report.skipped


def write_csv(path: Path, lines: list[str], encoding: str = "cp949") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


# -- 1. ₩ as a backslash, accounting zeros ------------------------------------------------------------


def test_cp949_backslash_won_and_accounting_zeros(ledger: Ledger, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [
        "거래번호,승인일시,거래상태,승인금액,취소금액",
        f'{tid(1)},2024-03-05 14:31:00,승인,"\\1,004", \\ -   ',
        f'{tid(2)},2024-03-05 14:32:00,승인,"\\55,000",-',
        f'{tid(3)},2024-03-05 14:33:00,승인,"￦12,000",￦-',  # CP949's own won sign
        f'{tid(4)},2024-03-05 14:34:00,부분취소,"\\20,000","\\5,000"',
    ])
    report = import_file(ledger, path)
    assert counts(report) == (4, 4, 0, 0, 0) and report.rejects == ()  # the partial cancel's row: one record
    assert tx(ledger, tid(1))[:3] == (1004, 0, 1004) and tx(ledger, tid(2))[:3] == (55000, 0, 55000)
    assert tx(ledger, tid(3))[:3] == (12000, 0, 12000) and tx(ledger, tid(4))[:3] == (20000, 5000, 15000)


@given(st.integers(-10**12, 10**12))
def test_a_leading_backslash_is_the_won_sign(won: int) -> None:
    sign = "-" if won < 0 else ""
    assert parse_amount(f"{sign}\\{abs(won):,}") == won == parse_amount(f"\\{won:,}")
    assert cell_amount(f"\\{won:,}", "금액") == won


@pytest.mark.parametrize("text", ["-", "₩ -", "₩-", "\\ -", " ￦  -  "])
def test_an_accounting_zero_is_zero(text: str) -> None:
    assert cell_amount(text, "취소금액") == 0


@pytest.mark.parametrize("text", ["\\", "1\\004", "\\1,004.5", "--"])
def test_a_backslash_is_no_amount_on_its_own(text: str) -> None:
    with pytest.raises(ValueError):
        cell_amount(text, "금액")


# -- 2. times that lost their leading zero ------------------------------------------------------------


def test_times_before_ten_that_lost_their_leading_zero(ledger: Ledger, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [
        "거래일자,거래시간,거래번호,승인금액,거래상태",
        f'20240305,93100,{tid(1)},"9,100",승인',
        f'20240305,5959,{tid(2)},"9,200",승인',
        f'20240305,143100,{tid(3)},"9,300",승인',
    ])
    report = import_file(ledger, path)
    assert counts(report) == (3, 3, 0, 0, 0)
    assert [tx(ledger, tid(n))[4] for n in (1, 2, 3)] == [
        "2024-03-05 09:31:00", "2024-03-05 00:59:59", "2024-03-05 14:31:00"]


@given(st.times().filter(lambda t: t >= time(1)))
def test_a_time_of_its_own_reads_back_without_its_leading_zeros(at: time) -> None:
    digits = str(int(at.strftime("%H%M%S")))  # as Excel saves the number 093100: 93100
    assert parse_time(digits) == parse_time(float(digits)) == at.replace(microsecond=0)


def test_three_or_four_digits_are_hhmm_when_they_can_be() -> None:
    """An HHMM column (1431, 931 for 09:31) is far commoner than an HHMMSS time in the first hour after
    midnight; digits that are no HHMM (5959) are that first hour's MMSS."""
    assert [parse_time(d) for d in ("1431", "931", "5959", "0745", "2400")] == [
        time(14, 31), time(9, 31), time(0, 59, 59), time(7, 45), time(0, 24)]


def test_after_a_date_in_the_same_cell_five_digits_are_hmmss_and_four_hhmm() -> None:
    assert str(parse_datetime("2024-03-05 93100")) == "2024-03-05 09:31:00"
    assert str(parse_datetime("2024-03-05 1431")) == "2024-03-05 14:31:00"


# -- 3. totals rows -------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["총 5건", "합계: 5건", "합계 5건", "소계", "Total", "Grand total", "합 계"])
@pytest.mark.parametrize("column", ["first", "tid"])
def test_totals_rows_are_skipped_not_rejected(ledger: Ledger, tmp_path: Path, label: str, column: str) -> None:
    totals = f'{label},,,,"8,004"' if column == "first" else f'5,{label},,,"8,004"'
    path = write_csv(tmp_path / "export.csv", [
        "No,거래번호,승인일시,상품명,승인금액",
        f'1,{tid(1)},2024-03-05 14:31:00,합계 세트,"1,004"',
        f'2,{tid(2)},2024-03-05 14:32:00,겨울 점퍼,"7,000"',
        totals,
    ])
    report = import_file(ledger, path)
    assert counts(report) == (3, 2, 0, 0, 1) and report.rejects == ()
    assert tx(ledger, tid(1))[0] == 1004


# -- 4. row numbers are no part of a record's identity --------------------------------------------------


def test_overlapping_exports_numbered_differently_are_duplicates(ledger: Ledger, tmp_path: Path) -> None:
    def export(name: str, numbers: list[int], header: str) -> Path:
        rows: list[list[Any]] = [[header, "거래번호", "승인일시", "승인금액", "거래상태"]]
        rows += [[i, tid(n), f"2024-03-05 14:{30 + n}:00", 1000 * n, "승인"] for i, n in enumerate(numbers, 1)]
        return write_xlsx(tmp_path / name, rows)

    assert counts(import_file(ledger, export("a.xlsx", [1, 2, 3, 4, 5], "No"))) == (5, 5, 0, 0, 0)
    assert counts(import_file(ledger, export("b.xlsx", [3, 4, 5], "No."))) == (3, 0, 3, 0, 0)
    assert counts(import_file(ledger, export("c.xlsx", [5, 6], "순번"))) == (2, 1, 1, 0, 0)
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 6
    fields, raw = ledger.db.query_one("SELECT fields, raw FROM events WHERE tid = ?", (tid(6),))
    assert "순번" not in json.loads(fields) and raw.startswith("2\t")  # the row number stays in the raw text


# -- 5. every sheet of a workbook -----------------------------------------------------------------------


def monthly_workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    header = ["거래번호", "주문번호", "승인일시", "카드사", "승인금액", "거래상태"]
    for month, numbers in (("1월", (71, 72)), ("2월", (73, 74, 0)), ("3월", (75,))):
        sheet = book.add_worksheet(month)
        sheet.write_row(0, 0, header)
        for r, n in enumerate(numbers, 1):
            if n:
                sheet.write_row(r, 0, [tid(n), f"ORD-{n:06d}", f"2024-03-05 16:{n - 60:02d}:00", "현대", 1000 * n, "승인"])
            else:
                sheet.write_row(r, 0, [tid(79), "ORD-000079", "2024-03-05 16:19:00", "현대", "만원", "승인"])
    book.add_worksheet("빈 시트")
    book.add_worksheet("메모").write_row(0, 0, ["3월 마감", "담당: 김똠얌"])
    orders = book.add_worksheet("주문")
    orders.write_row(0, 0, ["주문번호", "주문금액", "주문일시"])
    orders.write_row(1, 0, ["ORD-000071", 71000, "2024-03-05 16:11:00"])
    book.close()
    return path


def test_every_recognised_sheet_is_imported_and_the_others_reported(ledger: Ledger, tmp_path: Path) -> None:
    report = import_file(ledger, monthly_workbook(tmp_path / "monthly.xlsx"))
    assert (report.kind, *counts(report)) == ("export", 8, 5, 0, 3, 0)
    assert ledger.db.scalar("SELECT SUM(amount) FROM transactions") == 71000 + 72000 + 73000 + 74000 + 75000
    assert [(r.line, r.reason) for r in report.rejects] == [
        (4, "'2월' 시트: 금액이 숫자가 아닙니다: '만원'"),
        (None, "'메모' 시트의 머리글을 알 수 없어 가져오지 않았습니다"),
        (None, "'주문' 시트는 첫 시트와 목록의 종류가 달라 가져오지 않았습니다"),
    ]
    source = str(tmp_path / "monthly.xlsx")  # each event and its receipt name the sheet beside the line
    assert ledger.db.query("SELECT tid, source_file, source_line FROM events ORDER BY tid") == [
        (tid(n), f"{source} [{month}]", line)
        for n, month, line in ((71, "1월", 2), (72, "1월", 3), (73, "2월", 2), (74, "2월", 3), (75, "3월", 2))]
    event = ledger.event_rows(tid(74))[0]
    assert ledger.receipts(event["id"]) == [(f"{source} [2월]", 3, None, "")]


def test_a_workbook_read_by_the_worker_gives_what_reading_it_here_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = monthly_workbook(tmp_path / "monthly.xlsx")
    seen = []
    for where, threshold in (("here", 1 << 62), ("worker", 0)):
        monkeypatch.setattr(parse_worker, "SHEET_PARALLEL_FROM", threshold)
        ledger = Ledger.open(tmp_path / f"{where}.sqlite")
        try:
            report = import_file(ledger, path)
            seen.append((counts(report), report.rejects, ledger.db.query(
                "SELECT fingerprint, raw, source_line, source_file FROM events ORDER BY id"), ledger.db.query(
                "SELECT line, outcome, reason, raw FROM batch_issues ORDER BY id")))
        finally:
            ledger.close()
    assert seen[0] == seen[1] and seen[0][0] == (8, 5, 0, 3, 0)


# -- 6. a two-level header ------------------------------------------------------------------------------


TWO_LEVEL: list[list[Any]] = [
    ["거래내역"],
    ["거래번호", "주문번호", "거래상태", "승인", None, None, "취소", None, None, "카드사"],
    [None, None, None, "일자", "시간", "금액", "일자", "시간", "금액", None],
    [tid(41), "ORD-000041", "승인", "2024-03-05", "14:41:00", "10,000", None, None, None, "삼성"],
    [tid(42), "ORD-000042", "부분취소", "2024-03-05", "14:42:00", "5,000", "2024-03-06", "10:00:00", "2,000", "삼성"],
    [tid(43), "ORD-000043", "취소", "2024-03-05", "14:43:00", "7,000", "2024-03-06", "11:00:00", "7,000", "삼성"],
    ["합계", None, None, None, None, "22,000", None, None, "9,000", None],
]


def test_a_group_header_over_date_time_and_amount_is_read_with_them(ledger: Ledger, tmp_path: Path) -> None:
    merges = ((0, 0, 0, 9, "거래내역"), (1, 3, 1, 5, "승인"), (1, 6, 1, 8, "취소"),
              *((1, c, 2, c, TWO_LEVEL[1][c]) for c in (0, 1, 2, 9)))
    report = import_file(ledger, write_xlsx(tmp_path / "two_level.xlsx", TWO_LEVEL, merges=merges))
    assert counts(report) == (4, 3, 0, 0, 1)  # three rows (two with a cancel beside the approval), a totals row
    assert tx(ledger, tid(41))[:4] == (10000, 0, 10000, "approved")
    assert tx(ledger, tid(42))[:4] == (5000, 2000, 3000, "partially_cancelled")
    assert tx(ledger, tid(43))[:4] == (7000, 7000, 0, "cancelled")
    assert ledger.db.scalar("SELECT occurred_at FROM events WHERE tid = ? AND kind = 'cancel'", (tid(42),)) \
        == "2024-03-06 10:00:00"


def test_two_level_header_names() -> None:
    rows = [[c or "" for c in row] for row in TWO_LEVEL[1:3]]
    headers = header_candidates(rows)[1][1]
    assert headers == ["거래번호", "주문번호", "거래상태", "승인 일자", "승인 시간", "승인 금액",
                       "취소 일자", "취소 시간", "취소 금액", "카드사"]
    assert set(guess_mapping(headers).values()) >= {"TradeDate", "TradeTime", "Amt", "CancelDate", "CancelTime",
                                                    "CancelAmt"}
    # a lone title above is no group: its words are not read into the header under it
    assert header_candidates([["취소"], ["일자", "금액", "거래번호"]])[1][1] == ["일자", "금액", "거래번호"]


# -- 7. a shop's own order list with the PG's TID --------------------------------------------------------


SHOP_HEADERS = ["주문번호", "주문일시", "주문자명", "상품명", "결제수단", "결제금액", "PG거래번호", "승인번호", "주문상태"]


def test_a_shop_order_list_with_pg_tid_and_approval_number_is_an_order_list(ledger: Ledger, tmp_path: Path) -> None:
    rows: list[list[Any]] = [SHOP_HEADERS]
    rows += [["ORD-000061", "2024-03-05 15:31:00", "홍길동", "점퍼", "신용카드", "61,000", tid(61), "30000061", "배송완료"],
             ["ORD-000063", "2024-03-05 15:33:00", "홍길동", "점퍼", "무통장입금", "63,000", "", "", "입금전"]]
    report = import_file(ledger, write_xlsx(tmp_path / "shop.xlsx", rows))
    assert (report.kind, *counts(report)) == ("orders", 2, 2, 0, 0, 0)
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 0
    assert ledger.db.query("SELECT order_id, amount, status FROM orders ORDER BY order_id") == [
        ("ORD-000061", 61000, "배송완료"), ("ORD-000063", 63000, "입금전")]


@pytest.mark.parametrize("headers, kind", [
    (SHOP_HEADERS, "orders"),
    (["주문번호", "주문금액", "주문일시", "거래번호"], "orders"),
    (["주문번호", "주문상태", "결제금액", "거래번호", "카드사", "할부"], "export"),  # one order word, gateway columns
    (["거래일자", "거래번호", "주문번호", "구매자명", "카드사", "할부", "승인번호", "승인금액", "취소금액"], "export"),
])
def test_kind_guess(headers: list[str], kind: str) -> None:
    assert guess_kind(guess_mapping(headers)) == kind
