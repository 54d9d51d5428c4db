"""Bulk cancels: reading lists, the preview, a run with stop and auto-stop, the results table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from cancel_support import Rig, rig

from smartro_desk.cancel import bulk
from smartro_desk.cancel.endpoints import parse_endpoint
from smartro_desk.tasks import CancelToken


@pytest.fixture
def r(ledger_location: str | Path, tmp_path: Path) -> Iterator[Rig]:
    with rig(ledger_location) as made:
        yield made


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    book.close()
    return path


def test_load_csv_in_utf8_and_cp949_with_korean_headers(tmp_path: Path) -> None:
    text = "거래번호,취소 금액,취소사유,서브몰\nT1,\"1,000\",고객 변심,\nT2,500원,,SMTSUB002m=300;SMTSUB003m=200\nT3,abc,x,\n\n"
    for encoding in ("utf-8-sig", "cp949"):
        path = tmp_path / f"list-{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        rows = bulk.load_list(path, default_reason="일괄 환불")
        assert [(r.line, r.tid, r.amount, r.reason) for r in rows] == [
            (2, "T1", 1_000, "고객 변심"), (3, "T2", 500, "일괄 환불"), (4, "T3", None, "x"),
        ]
        assert [s.amt for s in rows[1].shares] == [300, 200]
        assert "숫자" in rows[2].error


def test_load_xlsx_with_floats_and_without_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", [["SMTPAY001m01012405011200001234", 1500.0, "반품"], [None, None, None],
                                               ["SMTPAY001m01012405011200001235", 2.5, "x"]])
    rows = bulk.load_list(path)
    assert (rows[0].tid, rows[0].amount, rows[0].reason, rows[0].line) == ("SMTPAY001m01012405011200001234", 1_500, "반품", 1)
    assert rows[1].line == 3 and rows[1].error


def test_a_blank_amount_cancels_all_that_remains(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("TID,금액,사유\nT1,,반품\nT2,  ,\n", encoding="utf-8")
    assert [(r.tid, r.amount, r.error) for r in bulk.load_list(path)] == [("T1", None, ""), ("T2", None, "")]
    path.write_text("TID\nT1\nT2\n", encoding="utf-8")  # no amount column at all: full cancels
    assert [(r.tid, r.amount, r.error) for r in bulk.load_list(path)] == [("T1", None, ""), ("T2", None, "")]


def test_a_row_wider_than_its_header_is_refused_not_cut(tmp_path: Path) -> None:
    """An unquoted thousands comma splits the amount: "12,000" read as 12 would refund 12원."""
    path = tmp_path / "list.csv"
    path.write_text("TID,금액,사유\nT1,12,000,반품\nT2,\"12,000\",반품\n", encoding="utf-8")
    first, second = bulk.load_list(path)
    assert first.tid == "T1" and first.amount is None and "칸이 많습니다" in first.error
    assert (second.amount, second.error) == (12_000, "")
    path.write_text("T1,12,000,반품\n", encoding="utf-8")  # no header: TID, amount, reason
    assert "칸이 많습니다" in bulk.load_list(path)[0].error
    sheet = write_xlsx(tmp_path / "list.xlsx", [["TID", "금액"], ["T1", 12, "000"], ["T2", 500, None]])
    assert [bool(r.error) for r in bulk.load_list(sheet)] == [True, False]


def test_unusable_lists(tmp_path: Path) -> None:
    with pytest.raises(bulk.BulkListError, match="TID"):
        bulk.load_list(write_xlsx(tmp_path / "a.xlsx", [["금액", "사유"], [1, "x"]]))
    with pytest.raises(bulk.BulkListError, match="xlsx"):
        bulk.load_list(tmp_path / "a.xls")
    (tmp_path / "empty.csv").write_text("\n\n")
    with pytest.raises(bulk.BulkListError, match="빈 목록"):
        bulk.load_list(tmp_path / "empty.csv")


def test_preview_run_and_results(r: Rig, tmp_path: Path) -> None:
    full, part, rest = r.pay(amount=10_000), r.pay(amount=8_000), r.pay(amount=5_000)
    path = write_xlsx(tmp_path / "list.xlsx", [
        ["TID", "금액", "사유"], [full, 10_000, "반품"], [part, 3_000, "부분 반품"], [part, 1_000, "중복"],
        [rest, 6_000, "초과"], ["SMTPAY001m01019901010000009999", 1_000, "없는 거래"], [full, "x", "읽기 실패"],
    ])
    items = bulk.preview(r.service, bulk.load_list(path), r.endpoint)
    assert [i.ok for i in items] == [True, True, False, False, False, False]
    assert items[1].plan is not None and items[1].plan.ask.partial and not items[0].plan.ask.partial
    assert "3행에도" in items[2].message and "남은 금액" in items[3].message and "원장에 없는" in items[4].message
    assert bulk.total_to_send(items) == 13_000
    heard: list[str] = []
    progress: list[tuple[int, int]] = []
    results = bulk.run(r.service, items, progress=lambda d, t: progress.append((d, t)),
                       on_row=lambda row: heard.append(row.outcome))
    assert heard == ["cancelled", "cancelled", "invalid", "invalid", "invalid", "invalid"]
    assert progress[-1] == (6, 6)
    assert r.tx(full)["remaining"] == 0 and r.tx(part)["remaining"] == 5_000 and r.tx(rest)["remaining"] == 5_000
    assert r.sandbox.requests_received == 2
    headers, rows = bulk.results_table(results)
    assert headers[:3] == ["행", "TID", "취소 금액"]
    assert rows[0][:7] == [2, full, 10_000, "전체취소", "반품", "취소됨", "2001"]
    assert rows[1][3] == "부분취소" and rows[1][8] == 5_000
    assert rows[2][5] == "검증 실패 (보내지 않음)" and "보내지 않았습니다" in rows[2][9]
    assert "취소됨 2건" in bulk.summary(results) and "13,000원" in bulk.summary(results)


def test_a_row_whose_answer_could_not_be_recorded_is_unknown_never_unsent(
        r: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    """The request left, then the ledger stayed busy: the row may have refunded, so it is "결과 확인 필요",
    not "보내지 않음", is never offered again, and the run stops."""
    from smartro_desk.ledger import cancels
    from smartro_desk.ledger.backend import LedgerBusy

    tids = [r.pay(amount=1_000 * n) for n in (1, 2, 3)]
    items = bulk.preview(r.service, bulk.rows_for_selection(tids, "반품"), r.endpoint)
    finish = cancels.finish_attempt

    def busy_for_the_second(ledger: object, attempt_id: int, **kw: object) -> None:
        if r.sandbox.requests_received == 2:
            raise LedgerBusy("원장을 다른 프로그램이 사용 중입니다")
        finish(ledger, attempt_id, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(cancels, "finish_attempt", busy_for_the_second)
    results = bulk.run(r.service, items)
    assert [x.outcome for x in results] == ["cancelled", "unknown", "stopped"]
    assert r.sandbox.requests_received == 2  # the second did leave; the third never did
    assert [x.status in bulk.UNSENT for x in results] == [False, False, True]
    _, rows = bulk.results_table(results)
    assert rows[1][5] == "결과 확인 필요" and "다시 보내지 말고" in rows[1][9]


def test_a_ledger_busy_before_sending_stops_the_run_with_nothing_sent(
        r: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    from smartro_desk.ledger import cancels
    from smartro_desk.ledger.backend import LedgerBusy

    tids = [r.pay(amount=1_000 * n) for n in (1, 2)]
    items = bulk.preview(r.service, bulk.rows_for_selection(tids, "반품"), r.endpoint)

    def busy(*_args: object, **_kw: object) -> int:
        raise LedgerBusy("원장을 다른 프로그램이 사용 중입니다")

    monkeypatch.setattr(cancels, "begin_attempt", busy)
    results = bulk.run(r.service, items)
    assert [x.outcome for x in results] == ["stopped", "stopped"] and r.sandbox.requests_received == 0
    assert all(x.status in bulk.UNSENT for x in results)


def test_selection_stop_button_and_auto_stop_after_a_lost_answer(r: Rig) -> None:
    tids = [r.pay(amount=1_000 * (n + 1)) for n in range(4)]
    items = bulk.preview(r.service, bulk.rows_for_selection(tids, "일괄 취소"), r.endpoint)
    assert [i.plan.amount for i in items if i.plan] == [1_000, 2_000, 3_000, 4_000]
    token = CancelToken()
    stopped = bulk.run(r.service, items[:2], token=token, on_row=lambda row: token.cancel())
    assert [row.outcome for row in stopped] == ["cancelled", "stopped"]
    r.sandbox.set_fault("garbage", times=1)
    rest = bulk.run(r.service, bulk.preview(r.service, bulk.rows_for_selection(tids[1:], "일괄 취소"), r.endpoint))
    assert [row.outcome for row in rest] == ["unknown", "stopped", "stopped"]
    assert r.sandbox.requests_received == 2
    assert bulk.results_table(rest)[1][1][5] == "중지됨 (보내지 않음)"


def test_production_run_needs_the_total_retyped(r: Rig) -> None:
    tid = r.pay(amount=1_000)
    items = bulk.preview(r.service, bulk.rows_for_selection([tid], "x"), parse_endpoint("production"))
    with pytest.raises(ValueError, match="합계"):
        bulk.run(r.service, items, confirmed_total=999)
    assert r.sandbox.requests_received == 0
