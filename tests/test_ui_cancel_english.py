"""The money dialogs in the English window: no Hangul in any title, label, button, header, status line,
outcome, problem or advice, for data that has none of its own. Over real HTTP against the sandbox."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cancel_support import Rig, key_for, rig
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox, QGroupBox, QLabel, QLineEdit,
    QPlainTextEdit, QSpinBox, QWidget,
)
from pytestqt.qtbot import QtBot
from test_ui_cancel_dialog import Boxes, boxes, send  # noqa: F401 (boxes: a fixture)
from ui_support import OFFSCREEN, insert_transactions, ledger, make_window, tx_row, user  # noqa: F401

from smartro_desk.ingest.classify import gateway_event
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.protocol.records import CancelRequest
from smartro_desk.ui.bulk_cancel_dialog import BulkCancelDialog
from smartro_desk.ui.cancel_dialog import CancelDialog
from smartro_desk.ui.i18n import Translations

pytestmark = [OFFSCREEN, pytest.mark.qt_log_ignore(r"This plugin does not support raise\(\)")]
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
UNKNOWN_TID = "SMTPAY001m01019901010000009999"
REASON = "Customer request"


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The English translator installed, as the window's View → Language does."""
    translations = Translations(qapp)
    translations.switch("en")
    yield
    translations.switch("ko")


@pytest.fixture
def r(ledger_location: str | Path) -> Iterator[Rig]:
    with rig(ledger_location, httpx.Timeout(connect=1.0, read=5.0, write=1.0, pool=1.0)) as made:
        yield made


def pay(r: Rig, amount: int) -> str:
    """A card payment whose goods and buyer are not Korean (``Rig.pay``'s are), approved in the ledger."""
    tid = r.sandbox.create_payment("SMTPAY001m", "CARD", amount, order_id="ORD-1", goods="Earbuds", buyer="Kim")["tid"]
    r.ledger.add_events([gateway_event(r.notification_fields(tid), hint="result", key_for=key_for, line=None, raw="")])
    return tid


def texts(root: QWidget) -> list[str]:
    """Every text ``root`` and its children show or can show: titles, labels, buttons, fields, tips, tables."""
    found = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        found.append(w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            found.append(w.text())
        if isinstance(w, QGroupBox):
            found.append(w.title())
        if isinstance(w, QLineEdit):
            found += [w.text(), w.placeholderText()]
        if isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QAbstractSpinBox):
            found += [w.text(), w.specialValueText()]
        if isinstance(w, QSpinBox):
            found.append(w.suffix())
        if isinstance(w, QPlainTextEdit):
            found.append(w.toPlainText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            found += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
            found += [str(model.index(row, c).data() or "") for row in range(model.rowCount())
                      for c in range(model.columnCount())]
    return [t for t in found if t]


def assert_english(root: QWidget, boxes: Boxes) -> None:
    korean = [t for t in texts(root) if HANGUL.search(t)]
    korean += [f"{b['title']}: {b['text']}" for b in boxes.shown if HANGUL.search(b["title"] + b["text"])]
    assert korean == [], korean


def opened(qtbot: QtBot, r: Rig, tid: str) -> CancelDialog:
    d = CancelDialog(r.service, tid, r.endpoint, lang="en")
    qtbot.addWidget(d)
    return d


def test_cancel_refused_before_sending_and_by_the_gateway(qtbot: QtBot, r: Rig, english: None, boxes: Boxes) -> None:
    tid = pay(r, 10_000)
    d = opened(qtbot, r, tid)
    assert d.windowTitle() == f"Cancel payment — {tid}" and "Enter a cancel reason" in d.problems.text()
    assert d.amounts.remaining.text() == "10,000 won" and "Until " in d.amounts.deadline.text()
    assert_english(d, boxes)
    d.reason_edit.setEditText(REASON)
    d.partial_radio.setChecked(True)
    d.amount_spin.setValue(12_000)  # more than remains: refused here, never sent
    assert not d.send_button.isEnabled() and "more than the 10,000 won remaining" in d.problems.text()
    assert d.amount_words.text() == "(twelve thousand won)"
    assert_english(d, boxes)

    key = TEST_MERCHANTS["SMTPAY001m"].merchant_key
    r.sandbox.cancel(CancelRequest.build(tid, key, "123456", 5_000, "admin site", True).to_fields())
    d.amount_spin.setValue(8_000)  # the ledger does not know of that cancel yet: the gateway refuses
    result = send(qtbot, d)
    assert (result.outcome, result.code) == ("refused", "2032") and r.sandbox.requests_received == 1
    assert "Cancel amount exceeds the cancellable amount" in d.result_panel.body.text()
    assert d.result_panel.title.text() == "Result: Refused (not cancelled)"
    assert [b["title"] for b in boxes.shown] == ["Confirm cancel request", "Not cancelled"]
    assert "Partial cancel of 8,000 won (eight thousand won)" in boxes.shown[0]["text"]
    assert_english(d, boxes)
    d.reject()


def test_lost_answer_and_settling_it(qtbot: QtBot, r: Rig, english: None, boxes: Boxes) -> None:
    tid = pay(r, 10_000)
    r.sandbox.set_fault("drop_after_apply", times=1)
    d = opened(qtbot, r, tid)
    d.reason_edit.setEditText(REASON)
    d.partial_radio.setChecked(True)
    d.amount_spin.setValue(3_000)
    assert send(qtbot, d).outcome == "unknown"
    assert d.result_panel.title.text() == "Result: Outcome unknown" and "refund twice" in d.result_panel.body.text()
    assert boxes.shown[-1]["title"] == "Outcome unknown" and "Outcome unknown" in d.header.text()
    assert HANGUL.search(r.tx(tid)["cancel_hold"])  # the ledger keeps its Korean
    assert_english(d, boxes)

    again = opened(qtbot, r, tid)  # a new dialog: blocked, saying why in English
    assert not again.send_button.isEnabled() and "new cancels are blocked" in again.problems.text()
    assert_english(again, boxes)
    settle = again.open_settle()
    assert settle.windowTitle() == f"Record what the admin site shows — {tid}"
    assert any("3,000 won, partial cancel" in t for t in texts(settle))  # the recorded hold, in English
    settle.cancelled_radio.setChecked(True)
    settle.note_edit.setText("Seen on the admin site")
    assert settle.amount_words.text() == "(three thousand won)"
    assert_english(settle, boxes)
    with qtbot.waitSignal(again.planned, timeout=5_000):
        settle.record_button.click()
    assert boxes.shown[-1]["title"] == "Record the outcome seen" and "cancelled 3,000 won" in boxes.shown[-1]["text"]
    assert r.tx(tid)["cancel_hold"] is None and again.amounts.remaining.text() == "7,000 won"
    assert_english(again, boxes)
    d.reject()
    again.reject()


def bulk_dialog(qtbot: QtBot, r: Rig, tids: list[str]) -> BulkCancelDialog:
    d = BulkCancelDialog(r.service, r.endpoint, tids=tids, lang="en")
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.state in ("idle", "ready"), timeout=5_000)
    return d


def run_bulk(qtbot: QtBot, d: BulkCancelDialog, reason: str) -> list[Any]:
    d.reason_edit.setText(reason)
    with qtbot.waitSignal(d.previewed, timeout=5_000):
        d.reason_edit.editingFinished.emit()
    with qtbot.waitSignal(d.run_finished, timeout=15_000) as blocker:
        qtbot.mouseClick(d.run_button, Qt.MouseButton.LeftButton)
    return list(blocker.args[0])


def column(d: BulkCancelDialog, header: str) -> list[str]:
    col = [c.title() for c in d.model.cols].index(header)
    return [str(d.model.index(row, col).data()) for row in range(d.model.rowCount())]


def test_bulk_run(qtbot: QtBot, r: Rig, english: None, boxes: Boxes) -> None:
    tids = [pay(r, 1_000), pay(r, 2_000)]
    d = bulk_dialog(qtbot, r, [*tids, UNKNOWN_TID, tids[0]])
    assert d.windowTitle() == "Bulk cancel" and "Enter a cancel reason" in column(d, "Check")[0]
    assert_english(d, boxes)
    results = run_bulk(qtbot, d, "Bulk return")
    assert [row.outcome for row in results] == ["cancelled", "cancelled", "invalid", "invalid"]
    assert column(d, "Outcome") == ["Cancelled"] * 2 + ["Failed checks (not sent)"] * 2
    assert "not in the ledger" in column(d, "Check")[2] and "also on row 1" in column(d, "Check")[3]
    assert column(d, "Kind")[:2] == ["Full cancel"] * 2 and column(d, "Remaining")[:2] == ["0 won"] * 2
    assert d.status_label.text() == "Done: Cancelled: 2, Failed checks (not sent): 2 — 3,000 won cancelled."
    assert [b["title"] for b in boxes.shown] == ["Confirm bulk cancel", "Bulk cancel results"]
    assert "3,000 won in all (three thousand won)" in boxes.shown[0]["text"]
    assert_english(d, boxes)


def test_bulk_lost_answer_and_its_row(qtbot: QtBot, r: Rig, english: None, boxes: Boxes) -> None:
    tids = [pay(r, 2_000) for _ in range(3)]
    d = bulk_dialog(qtbot, r, tids)
    r.sandbox.set_fault("drop_after_apply", times=1)
    assert [row.outcome for row in run_bulk(qtbot, d, "Bulk return")] == ["unknown", "stopped", "stopped"]
    assert column(d, "Outcome") == ["Outcome unknown", "Stopped (not sent)", "Stopped (not sent)"]
    assert "got no answer" in d.status_label.text() and r.sandbox.requests_received == 1
    assert_english(d, boxes)
    d.table.doubleClicked.emit(d.model.index(0, 1))  # the held row opens its own cancel dialog, in English
    [single] = d.findChildren(CancelDialog)
    assert single.lang == "en" and not single.settle_button.isHidden()
    assert_english(single, boxes)
    single.reject()


def test_the_window_opens_the_money_dialogs_in_its_language(make_window: Any, ledger: Any, qtbot: QtBot,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    from smartro_desk.ui import bulk_cancel_dialog, cancel_dialog

    opened_with: list[str] = []
    monkeypatch.setattr(cancel_dialog, "open_cancel_dialog", lambda *a, lang="ko", **k: opened_with.append(lang))
    monkeypatch.setattr(bulk_cancel_dialog, "open_bulk_cancel_dialog",
                        lambda *a, lang="ko", **k: opened_with.append(lang))
    insert_transactions(ledger, [tx_row(1, when=datetime.now(), amount=1_000, buyer="Kim", goods="Coat")])
    window = make_window()
    window.set_language("en")
    window.ledger_view.table.selectRow(0)
    window.extras.actions["cancel"].trigger()
    window.extras.actions["bulk_cancel"].trigger()
    assert opened_with == ["en", "en"]
