"""The cancel dialog over real HTTP against the sandbox on 127.0.0.1, on a real worker thread.

Each case asserts the ledger, what the dialog shows, and how many requests the
sandbox actually received. Message boxes go through one patched helper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cancel_support import NOW, Rig, rig, service_for
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.ledger import cancels
from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.secrets import Secrets
from smartro_desk.ui import messages
from smartro_desk.ui.cancel_dialog import CancelDialog, open_cancel_dialog
from smartro_desk.ui.cancel_widgets import RED

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")  # offscreen platform
SLOW = httpx.Timeout(connect=1.0, read=5.0, write=1.0, pool=1.0)


@dataclass
class Boxes:
    """Stands in for every message box: records it and presses ``answer`` (or yes/ok)."""

    answer: str = "send"
    shown: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, parent: object, kind: str, title: str, text: str, *, details: str = "",
                 buttons: Any = (), default: str | None = None) -> str:
        keys = [key for key, _label in buttons]
        self.shown.append({"kind": kind, "title": title, "text": text, "keys": keys, "default": default})
        if self.answer in keys:
            return self.answer
        return "yes" if "yes" in keys and self.answer == "send" else ("ok" if not keys else "")

    def titles(self) -> list[str]:
        return [box["title"] for box in self.shown]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    fake = Boxes()
    monkeypatch.setattr(messages, "show", fake)
    return fake


@pytest.fixture
def r(ledger_location: str | Path, tmp_path: Path) -> Iterator[Rig]:
    with rig(ledger_location) as made:
        yield made


def dialog(qtbot: QtBot, r: Rig, tid: str, endpoint: Endpoint | None = None, reason: str = "고객 변심") -> CancelDialog:
    d = CancelDialog(r.service, tid, endpoint or r.endpoint)
    qtbot.addWidget(d)
    if reason:
        d.reason_edit.setEditText(reason)
    return d


Opener = Callable[..., CancelDialog]


@pytest.fixture
def open_dialog(qtbot: QtBot, r: Rig) -> Iterator[Opener]:
    """Dialogs on ``r``'s ledger, closed (so they stop listening to it) before the ledger closes."""
    made: list[CancelDialog] = []

    def make(tid: str, endpoint: Endpoint | None = None, reason: str = "고객 변심") -> CancelDialog:
        made.append(dialog(qtbot, r, tid, endpoint, reason))
        return made[-1]

    yield make
    for d in made:
        d.reject()


def send(qtbot: QtBot, d: CancelDialog) -> Any:
    with qtbot.waitSignal(d.sent, timeout=10_000) as blocker:
        qtbot.mouseClick(d.send_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def shown_request(d: CancelDialog) -> dict[str, str]:
    """The "보낼 요청" box as field -> value."""
    return dict(line.split(None, 1) for line in d.preview.toPlainText().splitlines())


def problem_text(d: CancelDialog) -> str:
    return d.problems.text()


def test_full_cancel(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    tid = r.pay(amount=10_000)
    d = open_dialog(tid, reason="")
    assert not d.send_button.isEnabled() and "사유" in problem_text(d)  # the reason is required
    assert (d.amounts.original.text(), d.amounts.cancelled.text(), d.amounts.remaining.text()) == (
        "10,000원", "0원", "10,000원")
    assert d.amounts.original.alignment() & Qt.AlignmentFlag.AlignRight
    assert "90일" in d.amounts.deadline.text() and RED not in d.amounts.deadline.styleSheet()
    assert d.retype_box.isHidden() and d.split.isHidden()
    d.reason_edit.setEditText("고객 변심")
    assert d.send_button.isEnabled() and not d.amount_spin.isEnabled() and d.amount_spin.value() == 10_000
    preview = shown_request(d)
    assert (preview["Cancelpw"], preview["hashData"], preview["CancelAmt"], preview["TID"]) == ("******", "******", "10000", tid)
    assert preview["URL"] == r.endpoint.cancel_url
    result = send(qtbot, d)
    confirm = boxes.shown[0]
    assert f"TID {tid}" in confirm["text"] and "10,000원(만 원)" in confirm["text"] and confirm["default"] == "cancel"
    assert (result.outcome, result.code, result.remaining) == ("cancelled", "2001", 0)
    assert r.tx(tid) == {"amount": 10_000, "cancelled": 10_000, "remaining": 0, "state": "cancelled", "cancel_hold": None}
    assert r.sandbox.requests_received == 1
    assert not d.result_panel.isHidden() and "취소됨" in d.result_panel.title.text()
    assert "남은 금액: 0원" in d.result_panel.body.text()
    assert boxes.shown[-1]["kind"] == "info" and boxes.shown[-1]["title"] == "취소 완료"
    # one dialog, one request: nothing more can be sent from it, and it shows what was sent
    assert not d.send_button.isEnabled() and not d.reason_edit.isEnabled() and d.problems_box.isHidden()
    assert d.preview_box.title().startswith("보낸 요청") and shown_request(d)["CancelAmt"] == "10000"
    d.send()
    assert r.sandbox.requests_received == 1 and cancels.locks(r.ledger) == []


def test_declining_the_confirmation_sends_nothing(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    tid = r.pay(amount=5_000)
    boxes.answer = "cancel"
    d = open_dialog(tid)
    qtbot.mouseClick(d.send_button, Qt.MouseButton.LeftButton)
    assert boxes.titles() == ["취소 요청 확인"] and not d.busy and d.send_button.isEnabled()
    assert r.sandbox.requests_received == 0 and r.statuses(tid) == [] and r.tx(tid)["remaining"] == 5_000


def test_partial_cancel_needs_a_typed_amount(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    tid = r.pay(amount=10_000)
    d = open_dialog(tid)
    d.partial_radio.setChecked(True)
    assert d.amount_spin.isEnabled() and d.amount_spin.value() == 0
    assert not d.send_button.isEnabled() and "1원 이상" in problem_text(d)
    d.amount_spin.lineEdit().selectAll()
    qtbot.keyClicks(d.amount_spin, "12000")  # every keystroke kept: more than remains is a problem, not 1,200
    assert d.amount_spin.value() == 12_000 and not d.send_button.isEnabled()
    assert "12,000원이 남은 금액 10,000원보다 큽니다" in problem_text(d)
    d.amount_spin.setValue(2_500)
    assert d.send_button.isEnabled() and d.amount_words.text() == "(이천오백 원)"
    assert shown_request(d)["PartialCancelCode"] == "1"
    result = send(qtbot, d)
    assert "2,500원(이천오백 원)을 부분취소" in boxes.shown[0]["text"]
    assert (result.outcome, result.remaining) == ("cancelled", 7_500) and result.ptid and result.ptid != tid
    assert r.tx(tid)["remaining"] == 7_500 and r.tx(tid)["state"] == "partially_cancelled"
    assert d.amounts.remaining.text() == "7,500원" and f"PTID): {result.ptid}" in d.result_panel.body.text()
    assert r.sandbox.requests_received == 1


def test_sub_mall_split_must_add_up(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    split = (SubMallShare("SMTSUB002m", 7_000, "주방용품"), SubMallShare("SMTSUB003m", 3_000, "식품"))
    tid = r.pay(amount=10_000, mid="SMTSUB001m", divide=split)
    d = open_dialog(tid)
    assert not d.split.isHidden() and list(d.split.spins) == ["SMTSUB002m", "SMTSUB003m", "SMTSUB004m"]
    d.partial_radio.setChecked(True)
    d.amount_spin.setValue(2_000)
    assert not d.send_button.isEnabled() and "서브몰별 취소 금액" in problem_text(d)
    d.split.spins["SMTSUB002m"].setValue(1_500)
    assert not d.send_button.isEnabled()
    assert "500원 부족" in d.split.sum_label.text() and "합계 1,500원" in problem_text(d)
    d.split.spins["SMTSUB002m"].setValue(0)
    d.split.spins["SMTSUB003m"].setValue(3_500)  # adds up, but SMTSUB003m had only 3,000
    d.amount_spin.setValue(3_500)
    assert d.split.sum_label.text().startswith("✔")
    assert not d.send_button.isEnabled() and "돌려줄 수 있는 금액은 3,000원" in problem_text(d)
    d.split.spins["SMTSUB003m"].setValue(0)
    d.amount_spin.setValue(2_000)
    d.split.spins["SMTSUB002m"].setValue(2_000)
    assert d.send_button.isEnabled() and "✔ 합계 2,000원 = 취소 금액 2,000원" == d.split.sum_label.text()
    assert "DivideInfo" in d.preview.toPlainText()
    assert r.sandbox.requests_received == 0
    result = send(qtbot, d)
    assert "SMTSUB002m 2,000원" in boxes.shown[0]["text"]
    assert (result.outcome, result.remaining) == ("cancelled", 8_000)
    sent = r.sandbox.received_requests[-1]
    assert sent["MerchantMode"] == "T" and sent["DivideInfo"] and sent["CancelAmt"] == "2000"
    assert r.sandbox.requests_received == 1 and r.tx(tid)["remaining"] == 8_000


def test_lost_answer_blocks_the_transaction_until_settled(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    tid = r.pay(amount=10_000)
    r.sandbox.set_fault("drop_after_apply", times=1)
    d = open_dialog(tid)
    d.partial_radio.setChecked(True)
    d.amount_spin.setValue(3_000)
    result = send(qtbot, d)
    assert result.outcome == "unknown"
    assert "결과 확인 필요" in d.result_panel.title.text() and "두 번 환불" in d.result_panel.body.text()
    assert boxes.shown[-1]["kind"] == "error" and boxes.shown[-1]["title"] == "결과 확인 필요"
    assert not d.settle_button.isHidden() and "결과 확인 필요" in d.header.text()
    assert r.tx(tid)["remaining"] == 10_000 and r.tx(tid)["cancel_hold"].startswith("결과 확인 필요")
    assert r.sandbox.requests_received == 1 and r.sandbox.payment(tid)["remaining"] == 7_000  # it did happen

    again = open_dialog(tid)  # a new dialog for the same transaction cannot send
    again.partial_radio.setChecked(True)
    again.amount_spin.setValue(1_000)
    assert not again.send_button.isEnabled() and not again.settle_button.isHidden()
    assert "결과 확인 필요" in problem_text(again) and "결과 확인 필요" in again.header.text()
    again.send()
    qtbot.mouseClick(again.send_button, Qt.MouseButton.LeftButton)
    assert r.sandbox.requests_received == 1 and r.statuses(tid) == ["unknown"]

    settle = again.open_settle()
    assert settle.amount_spin.value() == 3_000  # the amount that was sent
    assert not settle.record_button.isEnabled()  # what was seen must be chosen, and a note left
    settle.cancelled_radio.setChecked(True)
    settle.note_edit.setText("상점관리자 사이트 취소 내역에서 3,000원 부분취소 확인")
    assert settle.record_button.isEnabled()
    with qtbot.waitSignal(again.planned, timeout=5_000):
        settle.record_button.click()
    assert boxes.shown[-1]["title"] == "확인한 결과 기록"
    assert r.tx(tid)["cancel_hold"] is None and r.tx(tid)["remaining"] == 7_000
    assert [a.status for a in cancels.attempts(r.ledger, tid)] == ["settled_cancelled"]
    assert again.send_button.isEnabled() and again.settle_button.isHidden() and again.amounts.remaining.text() == "7,000원"
    assert r.sandbox.requests_received == 1


def test_settled_as_not_cancelled(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    tid = r.pay(amount=4_000)
    r.sandbox.set_fault("http_500", times=1)
    d = open_dialog(tid)
    assert send(qtbot, d).outcome == "unknown" and r.tx(tid)["cancel_hold"]
    settle = d.open_settle()
    settle.not_cancelled_radio.setChecked(True)
    settle.note_edit.setText("관리자 사이트에 취소 내역 없음")
    assert not settle.amount_spin.isEnabled()
    with qtbot.waitSignal(settle.settled, timeout=5_000):
        settle.record_button.click()
    assert r.tx(tid)["cancel_hold"] is None and r.tx(tid)["remaining"] == 4_000
    assert r.statuses(tid) == ["settled_not_cancelled"] and r.sandbox.requests_received == 1


def test_production_needs_the_amount_typed_again(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    tid = r.pay(amount=3_000)
    production = Endpoint("production", r.sandbox.base_url)  # production rules, sandbox address
    d = open_dialog(tid, production)
    assert "운영 서버" in d.banner.text() and RED in d.banner.styleSheet()
    assert not d.retype_box.isHidden() and "실제로 고객에게 환불" in problem_text(d)
    assert not d.send_button.isEnabled()
    d.retype_edit.setText("300")
    assert not d.send_button.isEnabled() and "다릅니다" in d.retype_state.text()
    d.retype_edit.setText("3,000원")
    assert d.send_button.isEnabled() and "맞습니다" in d.retype_state.text()
    d.partial_radio.setChecked(True)
    d.amount_spin.setValue(1_000)  # the amount changed after it was typed: confirm again
    assert not d.send_button.isEnabled()
    d.full_radio.setChecked(True)
    assert d.send_button.isEnabled()
    result = send(qtbot, d)
    confirm = boxes.shown[0]
    assert confirm["kind"] == "warning" and "실제로 환불" in confirm["text"] and "삼천 원" in confirm["text"]
    assert result.outcome == "cancelled" and r.tx(tid)["remaining"] == 0 and r.sandbox.requests_received == 1


def test_deadline_passed_is_red_and_blocks(qtbot: QtBot, r: Rig, boxes: Boxes, open_dialog: Opener) -> None:
    tid = r.pay(amount=5_000, approved_at=NOW - timedelta(days=91))
    d = open_dialog(tid)
    assert RED in d.amounts.deadline.styleSheet() and "지남" in d.amounts.deadline.text()
    assert not d.send_button.isEnabled() and "기한이 지났습니다" in problem_text(d)
    d.send()
    assert r.sandbox.requests_received == 0 and boxes.shown == []


def test_two_dialogs_never_send_the_same_tid_at_once(ledger_location: str | Path, qtbot: QtBot, tmp_path: Path, boxes: Boxes) -> None:
    with rig(ledger_location, SLOW) as r:
        tid = r.pay(amount=8_000)
        first, second = dialog(qtbot, r, tid), dialog(qtbot, r, tid)
        assert first.send_button.isEnabled() and second.send_button.isEnabled()
        r.sandbox.set_fault("delay_seconds", 1.0, times=1)  # the first request stays in flight for a second
        closed: list[int] = []
        first.finished.connect(closed.append)
        with qtbot.waitSignal(first.sent, timeout=10_000) as blocker:
            qtbot.mouseClick(first.send_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: cancels.locks(r.ledger) != [], timeout=5_000)
            assert first.busy and not first.busy_bar.isHidden() and not first.close_button.isEnabled()
            first.reject()  # cannot be closed while its request is out
            assert closed == [] and boxes.shown[-1]["title"] == "보내는 중입니다"
            qtbot.waitUntil(lambda: not second.send_button.isEnabled(), timeout=5_000)  # heard the lock
            assert "보내는 중" in problem_text(second)
            second.send()
            qtbot.mouseClick(second.send_button, Qt.MouseButton.LeftButton)
        assert blocker.args[0].outcome == "cancelled"
        qtbot.waitUntil(lambda: "더 취소할 금액이 없습니다" in problem_text(second), timeout=5_000)
        assert not second.send_button.isEnabled()
        assert r.sandbox.requests_received == 1 and r.statuses(tid) == ["cancelled"] and r.tx(tid)["remaining"] == 0
        first.reject()
        second.reject()  # closed (they stop listening to the ledger) before the ledger closes


def test_entry_point_raises_the_open_dialog_of_the_same_tid(qtbot: QtBot, r: Rig, boxes: Boxes) -> None:
    tid, other = r.pay(amount=1_000), r.pay(amount=2_000)
    window = QWidget()
    qtbot.addWidget(window)
    opened = open_cancel_dialog(window, r.ledger, Secrets(), tid, r.endpoint, service=service_for(r.ledger))
    assert opened.isVisible() and opened.windowTitle() == f"거래 취소 — {tid}"
    assert open_cancel_dialog(window, r.ledger, Secrets(), tid, r.endpoint) is opened
    another = open_cancel_dialog(window, r.ledger, Secrets(), other, r.endpoint)
    assert another is not opened and another.amounts.remaining.text() == "2,000원"
    opened.close()
    another.close()
    qtbot.waitUntil(lambda: window.findChildren(CancelDialog) == [], timeout=5_000)  # closed dialogs are deleted
    reopened = open_cancel_dialog(window, r.ledger, Secrets(), tid, r.endpoint)
    assert window.findChildren(CancelDialog) == [reopened]
    reopened.close()
    qtbot.waitUntil(lambda: window.findChildren(CancelDialog) == [], timeout=5_000)
    assert r.sandbox.requests_received == 0
