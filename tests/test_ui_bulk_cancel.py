"""The bulk cancel dialog over real HTTP against the sandbox on 127.0.0.1, on a real worker thread:
preview, run with live rows, stop between rows, production total, export to Excel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import openpyxl
import pytest
from cancel_support import Rig, rig
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_ui_cancel_dialog import Boxes, boxes  # noqa: F401 (boxes: a fixture)

from smartro_desk.cancel.bulk import BulkRowResult
from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.ledger import cancels
from smartro_desk.ui import messages
from smartro_desk.ui.bulk_cancel_dialog import BulkCancelDialog
from smartro_desk.ui.cancel_dialog import CancelDialog
from smartro_desk.ui.cancel_widgets import RED

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")  # offscreen platform
SLOW = httpx.Timeout(connect=1.0, read=5.0, write=1.0, pool=1.0)
UNKNOWN_TID = "SMTPAY001m01019901010000009999"


@pytest.fixture
def r(ledger_location: str | Path, tmp_path: Path) -> Iterator[Rig]:
    with rig(ledger_location, SLOW) as made:
        yield made


def opened(qtbot: QtBot, r: Rig, tids: list[str], endpoint: Endpoint | None = None) -> BulkCancelDialog:
    d = BulkCancelDialog(r.service, endpoint or r.endpoint, tids=tids)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.state in ("idle", "ready"), timeout=5_000)
    return d


def set_reason(qtbot: QtBot, d: BulkCancelDialog, reason: str) -> None:
    d.reason_edit.setText(reason)
    with qtbot.waitSignal(d.previewed, timeout=5_000):
        d.reason_edit.editingFinished.emit()


def cell(d: BulkCancelDialog, row: int, header: str) -> str:
    col = [c.title() for c in d.model.cols].index(header)
    return str(d.model.index(row, col).data())


def run(qtbot: QtBot, d: BulkCancelDialog) -> list[BulkRowResult]:
    with qtbot.waitSignal(d.run_finished, timeout=15_000) as blocker:
        qtbot.mouseClick(d.run_button, Qt.MouseButton.LeftButton)
    results: list[BulkRowResult] = blocker.args[0]
    return results


def test_selection_preview_run_live_rows_and_export(qtbot: QtBot, r: Rig, boxes: Boxes, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tids = [r.pay(amount=1_000 * (n + 1)) for n in range(3)]
    d = opened(qtbot, r, [*tids, UNKNOWN_TID])
    assert d.model.rowCount() == 4 and not d.run_button.isEnabled()  # no reason yet: every row refused
    assert "사유" in cell(d, 0, "검증")
    set_reason(qtbot, d, "일괄 반품")
    assert [item.ok for item in d.items] == [True, True, True, False]
    assert cell(d, 0, "검증") == "보낼 수 있음" and "원장에 없는" in cell(d, 3, "검증")
    assert cell(d, 2, "취소 금액") == "3,000원" and cell(d, 2, "구분") == "전체취소"
    assert "6,000원" in d.total_label.text() and "육천 원" in d.total_label.text()
    assert d.run_button.isEnabled() and not d.export_button.isEnabled() and d.retype_edit.isHidden()
    live: list[int] = []
    d.row_done.connect(lambda row, _result: live.append(row))
    results = run(qtbot, d)
    confirm = boxes.shown[0]
    assert confirm["default"] == "cancel" and "3건, 합계 6,000원(육천 원)" in confirm["text"]
    assert live == [0, 1, 2, 3]
    assert [row.outcome for row in results] == ["cancelled", "cancelled", "cancelled", "invalid"]
    assert [cell(d, n, "결과") for n in range(4)] == ["취소됨", "취소됨", "취소됨", "검증 실패 (보내지 않음)"]
    assert "2001" in cell(d, 0, "응답 / 안내") and cell(d, 0, "남은 금액") == "0원"
    assert all(r.tx(tid)["remaining"] == 0 for tid in tids) and r.sandbox.requests_received == 3
    assert d.progress.value() == d.progress.maximum() == 4
    assert "취소됨 3건" in d.status_label.text() and boxes.shown[-1]["title"] == "일괄 취소 결과"
    assert not d.run_button.isEnabled() and d.export_button.isEnabled()  # one run per preview

    target = tmp_path / "결과.xlsx"
    monkeypatch.setattr(messages, "choose_save_file", lambda *args: str(target))
    with qtbot.waitSignal(d.exported, timeout=10_000) as blocker:
        qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].rows == 4
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if row and row[1] == "TID")
    assert list(rows[header][:6]) == ["행", "TID", "취소 금액", "구분", "사유", "결과"]
    assert [row[1] for row in rows[header + 1:header + 5]] == [*tids, UNKNOWN_TID]
    assert rows[header + 1][2] == 1_000 and rows[header + 1][5] == "취소됨"
    assert r.sandbox.requests_received == 3


def test_stop_between_rows_then_run_only_the_unsent(qtbot: QtBot, r: Rig, boxes: Boxes) -> None:
    tids = [r.pay(amount=1_000 * (n + 1)) for n in range(4)]
    d = opened(qtbot, r, tids)
    set_reason(qtbot, d, "일괄 취소")
    r.sandbox.set_fault("delay_seconds", 1.0, times=1)  # the first row stays in flight for a second
    with qtbot.waitSignal(d.run_finished, timeout=15_000) as blocker:
        qtbot.mouseClick(d.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: cancels.locks(r.ledger) != [], timeout=5_000)
        assert d.running and d.stop_button.isEnabled() and not d.close_button.isEnabled()
        d.reject()  # closing is refused while it runs
        assert boxes.shown[-1]["title"] == "실행 중입니다"
        qtbot.mouseClick(d.stop_button, Qt.MouseButton.LeftButton)
        assert not d.stop_button.isEnabled() and "중지 요청됨" in d.status_label.text()
    outcomes = [row.outcome for row in blocker.args[0]]
    assert outcomes == ["cancelled", "stopped", "stopped", "stopped"]
    assert [cell(d, n, "결과") for n in range(4)] == ["취소됨"] + ["중지됨 (보내지 않음)"] * 3
    assert r.sandbox.requests_received == 1
    assert [r.tx(tid)["remaining"] for tid in tids] == [0, 2_000, 3_000, 4_000]
    assert d.recheck_button.isEnabled() and d.recheck_button.text() == "보내지 않은 행만 다시 검증"

    with qtbot.waitSignal(d.previewed, timeout=5_000):
        qtbot.mouseClick(d.recheck_button, Qt.MouseButton.LeftButton)
    assert [item.row.tid for item in d.items] == tids[1:]  # the row already sent is not offered again
    assert all(item.ok for item in d.items) and "9,000원" in d.total_label.text()
    assert [row.outcome for row in run(qtbot, d)] == ["cancelled"] * 3
    assert r.sandbox.requests_received == 4 and all(r.tx(tid)["remaining"] == 0 for tid in tids)


def test_lost_answer_stops_the_run_and_holds_the_row(qtbot: QtBot, r: Rig, boxes: Boxes) -> None:
    tids = [r.pay(amount=2_000) for _ in range(3)]
    d = opened(qtbot, r, tids)
    set_reason(qtbot, d, "일괄 취소")
    r.sandbox.set_fault("drop_after_apply", times=1)
    assert [row.outcome for row in run(qtbot, d)] == ["unknown", "stopped", "stopped"]
    assert cell(d, 0, "결과") == "결과 확인 필요" and boxes.shown[-1]["kind"] == "warning"
    assert r.tx(tids[0])["cancel_hold"].startswith("결과 확인 필요") and r.sandbox.requests_received == 1
    assert "응답을 받지 못한 행" in d.status_label.text()
    d.table.doubleClicked.emit(d.model.index(0, 1))  # the held row opens its own cancel dialog
    single = d.findChildren(CancelDialog)
    assert [c.tid for c in single] == [tids[0]] and not single[0].settle_button.isHidden()
    assert not single[0].send_button.isEnabled()
    single[0].reject()
    with qtbot.waitSignal(d.previewed, timeout=5_000):
        d.recheck_button.click()
    assert [item.row.tid for item in d.items] == tids[1:]  # the held row is not offered again either


def test_a_run_that_breaks_midway_never_calls_the_row_in_flight_unsent(
        qtbot: QtBot, r: Rig, boxes: Boxes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever stops the run outside a row's own handling, the row that may have been under way shows
    "결과 확인 필요" and is not offered again; only the rows after it are "not sent"."""
    from smartro_desk.cancel import bulk

    tids = [r.pay(amount=2_000) for _ in range(3)]
    d = opened(qtbot, r, tids)
    set_reason(qtbot, d, "일괄 취소")
    real_run = bulk.run

    def breaks_after_the_first(service, items, **kw):  # type: ignore[no-untyped-def]
        real_run(service, items[:1], **{**kw, "progress": lambda *_: None})
        raise RuntimeError("worker broke")

    monkeypatch.setattr(bulk, "run", breaks_after_the_first)
    outcomes = [row.outcome for row in run(qtbot, d)]
    assert outcomes == ["cancelled", "unknown", "stopped"]
    assert [cell(d, n, "결과") for n in range(3)] == ["취소됨", "결과 확인 필요", "중지됨 (보내지 않음)"]
    with qtbot.waitSignal(d.previewed, timeout=5_000):
        d.recheck_button.click()
    assert [item.row.tid for item in d.items] == tids[2:]


def test_loaded_list_in_production_needs_the_total_typed_again(qtbot: QtBot, r: Rig, boxes: Boxes,
                                                               tmp_path: Path) -> None:
    full, part = r.pay(amount=10_000), r.pay(amount=8_000)
    path = tmp_path / "취소목록.xlsx"
    book = openpyxl.Workbook()
    for row in (["TID", "금액", "사유"], [full, 10_000, "반품"], [part, 3_000, ""], [part, 1_000, "중복"],
                [full, "x", "읽기 실패"]):
        book.active.append(row)
    book.save(path)
    production = Endpoint("production", r.sandbox.base_url)  # production rules, sandbox address
    d = opened(qtbot, r, [], production)
    assert "운영 서버" in d.banner.text() and RED in d.banner.styleSheet() and not d.retype_edit.isHidden()
    d.reason_edit.setText("부분 반품")
    with qtbot.waitSignal(d.previewed, timeout=5_000):
        d.load_file(path)
    assert "취소목록.xlsx (4행)" in d.source_label.text()
    assert [item.ok for item in d.items] == [True, True, False, False]
    assert cell(d, 1, "구분") == "부분취소" and cell(d, 1, "사유") == "부분 반품"
    assert "3행에도" in cell(d, 2, "검증") and "5행" in cell(d, 3, "검증")
    assert d.items[1].plan is not None and d.items[1].plan.ask.partial
    assert not d.run_button.isEnabled()
    d.retype_edit.setText("10,000")
    assert not d.run_button.isEnabled()
    d.retype_edit.setText("13,000원")
    assert d.run_button.isEnabled()
    results = run(qtbot, d)
    assert "실제로 환불" in boxes.shown[0]["text"]
    assert [row.outcome for row in results] == ["cancelled", "cancelled", "invalid", "invalid"]
    assert r.tx(full)["remaining"] == 0 and r.tx(part)["remaining"] == 5_000 and r.sandbox.requests_received == 2
