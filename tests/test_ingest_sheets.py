"""Spreadsheets: xlsx, legacy xls, HTML-as-xls, CSV in every encoding; headers, kinds, profiles."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from fixtures_ingest.builders import tid

from smartro_desk.ingest import (
    UnknownLayout, detect_format, find_profile, guess_mapping, import_file, save_profile,
)
from smartro_desk.ingest.headers import find_header, normalize
from smartro_desk.ledger import Ledger

FIXTURES = Path(__file__).parent / "fixtures_ingest"


@pytest.fixture
def ledger(ledger_location: str | Path) -> Ledger:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def tx(ledger: Ledger, t: str) -> tuple[Any, ...] | None:
    return ledger.db.query_one(
        "SELECT amount, cancelled, remaining, state, approved_at, channels FROM transactions WHERE tid = ?", (t,)
    )


def write_xlsx(path: Path, rows: list[list[Any]], *, merges: tuple[tuple[int, int, int, int, str], ...] = ()) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("거래내역")
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for first_row, first_col, last_row, last_col, text in merges:
        sheet.merge_range(first_row, first_col, last_row, last_col, text)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, stamp)
            else:
                sheet.write(r, c, value)
    book.close()
    return path


EXPORT_ROWS: list[list[Any]] = [
    [None] * 11,
    [None] * 11,
    ["거래일자", "거래시간", "거래상태", "거래번호", "주문번호", None, None, "카드사", "할부", "구매자(명)", "메모"],
    [None, None, None, None, None, "승인", "취소", None, None, None, None],
    ["2024-03-05", "14:31:00", "승인", tid(1), "ORD-000001", "1,004", 0, "비씨", "00", "김똠얌", "첫 주문"],
    ["2024.03.05", "143200", "부분취소", tid(2), "ORD-000002", "₩5,000", "2000원", "국민", "03", "홍길동", ""],
    [datetime(2024, 3, 5, 14, 33), None, "취소", tid(3), "ORD-000003", 3000, 3000, "삼성", "00", "", ""],
    [None] * 11,
    ["거래일자", "거래시간", "거래상태", "거래번호", "주문번호", "승인", "취소", "카드사", "할부", "구매자(명)", "메모"],
    ["2024-03-05", "14:34:00", "승인", "", "ORD-000004", "1000", 0, "", "", "", ""],
    ["2024-03-05", "14:35:00", "승인", tid(5), "ORD-000005", "abc", 0, "", "", "", ""],
    ["2024-03-05", "14:36:00", "보류", tid(6), "ORD-000006", "1000", 0, "", "", "", ""],
    ["2024-13-45", "14:37:00", "승인", tid(7), "ORD-000007", "1000", 0, "", "", "", ""],
    ["합계", None, None, None, None, 10004, 5000, None, None, None, None],
]


def test_xlsx_gateway_export_with_title_merged_two_level_header_and_totals(ledger: Ledger, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", EXPORT_ROWS,
                      merges=((0, 0, 0, 10, "스마트로 거래내역 조회"), (2, 5, 2, 6, "금액")))
    report = import_file(ledger, path)
    assert (report.format, report.kind) == ("xlsx", "export")
    assert [(r.line, r.reason.split(":")[0]) for r in report.rejects] == [
        (10, "거래번호(TID)가 없습니다"), (11, "금액이 숫자가 아닙니다"), (12, "거래상태를 알 수 없습니다"),
        (13, "거래일시를 알 수 없습니다"),
    ]
    # rows 5-7 give 1 + 2 + 2 events, three records; blank, repeated header and totals rows are skipped
    assert (report.records, report.imported, report.rejected, report.skipped) == (10, 3, 4, 3)
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 5
    assert tx(ledger, tid(1)) == (1004, 0, 1004, "approved", "2024-03-05 14:31:00", "export")
    assert tx(ledger, tid(2)) == (5000, 2000, 3000, "partially_cancelled", "2024-03-05 14:32:00", "export")
    assert tx(ledger, tid(3))[:4] == (3000, 3000, 0, "cancelled")
    fields = ledger.event_rows(tid(1))[0]["fields"]
    assert fields["메모"] == "첫 주문" and fields["Name"] == "김똠얌"


def test_legacy_xls_with_separate_cancel_rows(ledger: Ledger) -> None:
    path = FIXTURES / "gateway_export.xls"
    assert detect_format(path) == "xls"
    report = import_file(ledger, path)
    assert (report.imported, report.rejected, report.skipped) == (4, 0, 1)  # 4 rows, 5 events (one also a cancel)
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 5
    first, partial = "SMTPAY001m01012403051431000001", "SMTPAY001m01012403061000000009"
    assert tx(ledger, first)[:4] == (1004, 300, 704, "partially_cancelled")
    assert ledger.db.query_one("SELECT otid FROM events WHERE tid = ?", (partial,)) == (first,)
    assert tx(ledger, "SMTPAY001m01012403071100000010")[:4] == (25000, 25000, 0, "cancelled")


def test_xls_is_read_by_xlrd_when_calamine_refuses(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    import python_calamine

    def refuse(path: str) -> None:
        raise python_calamine.CalamineError("refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)
    assert import_file(ledger, FIXTURES / "gateway_export.xls").imported == 4


def test_xlsx_is_read_by_openpyxl_when_calamine_refuses(ledger: Ledger, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import python_calamine

    path = write_xlsx(tmp_path / "e.xlsx", [["거래번호", "결제금액", "승인일시"], [tid(1), 1004, datetime(2024, 3, 5)]])

    def refuse(path: str) -> None:
        raise python_calamine.CalamineError("refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)
    assert import_file(ledger, path).imported == 1
    assert tx(ledger, tid(1))[4] == "2024-03-05 00:00:00"


HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>
<table border=1><tr><td colspan=4>거래내역 조회</td></tr>
<tr><th rowspan=2>거래번호</th><th rowspan=2>승인일시</th><th colspan=2>금액</th></tr>
<tr><th>승인</th><th>취소</th></tr>
<tr><td>{tid1}</td><td>2024-03-05 14:31:00</td><td>1,004</td><td>0</td></tr>
<tr><td>{tid2}</td><td>2024-03-05 오후 2:32:00</td><td>5,000</td><td>&nbsp;</td></tr>
<tr><td>합 계</td><td></td><td>6,004</td><td>0</td></tr></table></body></html>"""


@pytest.mark.parametrize("charset, encoding", [("euc-kr", "cp949"), ("utf-8", "utf-8")])
def test_xls_that_is_really_an_html_table(ledger: Ledger, tmp_path: Path, charset: str, encoding: str) -> None:
    path = tmp_path / "거래내역.xls"
    path.write_bytes(HTML.format(charset=charset, tid1=tid(1), tid2=tid(2)).encode(encoding))
    assert detect_format(path) == "html"
    report = import_file(ledger, path)
    assert (report.format, report.encoding, report.imported, report.skipped) == ("html", encoding, 2, 1)
    assert tx(ledger, tid(2))[:2] == (5000, 0) and tx(ledger, tid(2))[4] == "2024-03-05 14:32:00"


ORDERS = "주문번호,주문금액,주문일시,구매자,배송메모\nORD-1,\"1,004\",2024-03-05 14:30:00,김똠얌,문 앞\n" \
         "ORD-2,=\"2000\",2024-03-05,홍길동,\n\nORD-3,x,2024-03-05,,\n합계,3004,,,\n"


@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp949", "cp949"), ("utf-16", "utf-16"),
])
def test_csv_order_list_in_every_encoding(ledger: Ledger, tmp_path: Path, encoding: str, detected: str) -> None:
    text = ORDERS.replace(",", "\t") if encoding == "utf-16" else ORDERS
    path = tmp_path / ("orders.txt" if encoding == "utf-16" else "orders.csv")
    path.write_bytes(text.encode(encoding))
    report = import_file(ledger, path)
    assert (report.format, report.encoding, report.kind) == ("csv", detected, "orders")
    assert (report.imported, report.rejected, report.skipped) == (2, 1, 2)
    rows = ledger.db.query("SELECT order_id, amount, ordered_at, buyer, fields FROM orders ORDER BY order_id")
    assert [r[:4] for r in rows] == [("ORD-1", 1004, "2024-03-05 14:30:00", "김똠얌"),
                                    ("ORD-2", 2000, "2024-03-05 00:00:00", "홍길동")]
    assert json.loads(rows[0][4])["배송메모"] == "문 앞"


def test_utf8_csv_with_one_cp949_cell_reads_that_cell_as_cp949(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("주문번호,주문금액,구매자\nORD-1,1004,".encode() + "김똠얌".encode("cp949") + b"\n")
    assert import_file(ledger, path).imported == 1
    assert ledger.db.scalar("SELECT buyer FROM orders") == "김똠얌"


def test_kind_is_guessed_and_can_be_overridden(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_text(f"주문번호,결제금액,거래번호\nORD-1,1004,{tid(1)}\n", encoding="utf-8")
    assert import_file(ledger, path).kind == "export"
    report = import_file(ledger, path, kind="orders")
    assert (report.kind, report.imported, report.already_imported_as) == ("orders", 1, None)
    assert ledger.db.scalar("SELECT COUNT(*) FROM orders") == 1


def test_order_list_that_also_stores_the_tid_reads_as_orders() -> None:
    mapping = guess_mapping(["주문번호", "주문금액", "주문일시", "거래번호"])
    from smartro_desk.ingest.headers import guess_kind

    assert guess_kind(mapping) == "orders"


def test_unknown_layout_asks_for_a_mapping_that_is_then_remembered(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("title line\nref,won,when,who\nA-1,1004,2024-03-05 10:00:00,kim\nA-2,2000,2024-03-05,lee\n",
                    encoding="utf-8")
    with pytest.raises(UnknownLayout) as caught:
        import_file(ledger, path)
    layout = caught.value
    assert layout.headers == ("ref", "won", "when", "who") and layout.header_row == 2
    assert layout.samples[0] == ("A-1", "1004", "2024-03-05 10:00:00", "kim")
    assert ledger.batches() == []
    save_profile(ledger, "쇼핑몰 주문", layout.headers, "orders", {"ref": "OID", "won": "Amt", "when": "AuthDate"})
    assert find_profile(ledger, ["REF", " won", "When", "who"]).name == "쇼핑몰 주문"
    report = import_file(ledger, path)
    assert (report.kind, report.imported, report.skipped) == ("orders", 2, 0)
    other = tmp_path / "odd2.csv"
    other.write_text("ref,won,when,who\nA-3,10,2024-03-06,park\n", encoding="utf-8")
    assert import_file(ledger, other, profile="쇼핑몰 주문").imported == 1


def test_profile_validation(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="항목"):
        save_profile(ledger, "x", ["a"], "orders", {"a": "NoSuchField"})
    with pytest.raises(ValueError, match="머리글"):
        save_profile(ledger, "x", ["a"], "orders", {"b": "OID"})


@pytest.mark.parametrize("header, field", [
    ("주문번호", "OID"), ("OID", "OID"), ("Moid", "OID"), ("거래번호", "TID"), ("TID", "TID"),
    ("승인금액", "Amt"), ("결제금액", "Amt"), ("Amt", "Amt"), ("승인금액(원)", "Amt"), ("카드 승인 금액", "Amt"),
    ("취소금액", "CancelAmt"), ("거래일자", "TradeDate"), ("거래시간", "TradeTime"), ("승인일시", "AuthDate"),
    ("카드사", "FnName"), ("할부", "CardQuota"), ("승인번호", "AuthCode"), ("구매자(명)", "Name"),
    ("구매자명", "Name"), ("상품명", "GoodsName"), ("거래상태", "TradeState"), ("원거래번호", "OTID"),
    ("상점 ID", "MID"),
])
def test_header_synonyms(header: str, field: str) -> None:
    assert guess_mapping([header]) == {header: field}


def test_best_synonym_wins_when_two_columns_claim_a_field() -> None:
    assert guess_mapping(["금액", "승인금액", "봉사료"]) == {"승인금액": "Amt"}


def test_header_is_found_under_title_rows() -> None:
    rows = [["거래내역"], [], ["조회기간", "2024-03"], ["No", "거래번호", "결제금액"], ["1", tid(1), "1004"]]
    index, headers, mapping = find_header(rows)  # type: ignore[misc]
    assert index == 3 and mapping == {"거래번호": "TID", "결제금액": "Amt"} and headers[0] == "No"
    assert normalize(" 구매자 (명) ") == "구매자"


def test_csv_whose_rows_mislead_the_separator_guess_is_read_by_its_header(ledger: Ledger, tmp_path: Path) -> None:
    """Malformed rows full of tabs outvote the commas; the header decides which reading is right."""
    path = tmp_path / "export.csv"
    body = "거래번호,승인일시,거래상태,승인금액\r\n" + f"{tid(1)},2024-03-05 14:31:00,승인,\"1,004\"\r\n" + "0\t\r\n" * 10
    path.write_text(body, encoding="utf-8")
    report = import_file(ledger, path)
    assert not report.error and (report.imported, report.rejected) == (1, 10)
    assert [r.line for r in report.rejects] == list(range(3, 13))
    assert ledger.db.scalar("SELECT amount FROM transactions WHERE tid = ?", (tid(1),)) == 1004


def test_a_row_with_its_cancel_is_one_record_whatever_is_new(ledger: Ledger, tmp_path: Path) -> None:
    """An export row holding an approval and its cancel is one record: imported when either event is new
    (a later download adds the cancel to an approval already imported), a duplicate when neither is; and it
    is never split between two chunks, so the count holds at any chunk size."""
    header = "거래번호,승인일시,거래상태,승인금액,취소금액\n"
    first = tmp_path / "first.csv"
    first.write_text(header + f"{tid(1)},2024-03-05 14:31:00,승인,10000,\n", encoding="utf-8")
    later = tmp_path / "later.csv"
    later.write_text(header + f"{tid(1)},2024-03-05 14:31:00,승인,10000,\n"
                     f"{tid(1)},2024-03-05 14:31:00,부분취소,10000,3000\n", encoding="utf-8")
    assert (import_file(ledger, first).records, ledger.db.scalar("SELECT COUNT(*) FROM events")) == (1, 1)
    report = import_file(ledger, later)
    assert (report.records, report.imported, report.duplicates) == (2, 1, 1)  # row 3's cancel is new
    assert tx(ledger, tid(1))[:4] == (10000, 3000, 7000, "partially_cancelled")
    again = tmp_path / "again.csv"
    again.write_text(later.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes, same rows
    repeat = import_file(ledger, again)
    assert (repeat.records, repeat.imported, repeat.duplicates, repeat.skipped) == (3, 0, 2, 1)  # + the blank line


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_a_record_s_events_share_a_chunk(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         chunk: int) -> None:
    from smartro_desk.ingest import pipeline

    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    path = tmp_path / "export.csv"
    path.write_text("거래번호,승인일시,거래상태,승인금액,취소금액\n" + "".join(
        f"{tid(n)},2024-03-05 14:31:00,부분취소,10000,{n}000\n" for n in range(1, 6)), encoding="utf-8")
    report = import_file(ledger, path)
    assert (report.records, report.imported) == (5, 5)
    assert ledger.db.scalar("SELECT COUNT(*) FROM events") == 10
