"""The detail of one transaction: history with PTIDs, the sub-mall split, what is left to cancel and until when."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from smartro_desk.ledger import EventRecord, Ledger  # noqa: E402
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info  # noqa: E402
from smartro_desk.ui.detail_data import decode_field, load_detail, sales_slip_url, summary_rows  # noqa: E402
from smartro_desk.ui.detail_dialog import DetailDialog  # noqa: E402
from ui_support import OFFSCREEN, ledger  # noqa: E402,F401

TID = "SMTSUB001m01012403051431000001"
PTID = "SMTSUB001m01012403061000000002"
SPLIT = (SubMallShare("SMTSUB002m", 6000, "주방용품"), SubMallShare("SMTSUB003m", 4000, "생활잡화"))


def event(kind: str, tid: str, amount: int, at: str, **extra: Any) -> EventRecord:
    fields = {"TID": tid, "OTID": TID, "Amt": str(amount), "MID": "SMTSUB001m", "PayMethod": "CARD", **extra}
    return EventRecord(
        tid=tid, otid=TID, kind=kind, channel="notification", fields=fields, raw="&".join(f"{k}={v}" for k, v in fields.items()),
        mid="SMTSUB001m", pay_method="CARD", order_id="ORD-1", amount=amount,
        result_code="3001" if kind == "approval" else "2001", state_cd="0" if kind == "approval" else "1",
        occurred_at=at, sign_status="verified", buyer="김똠순", goods="주방용품 외 1건", fn_cd="04", card_quota="03",
        divide_info=encode_divide_info(SPLIT) if kind == "approval" else "", source_line=1,
    )


def fill(ledger: Ledger) -> None:
    ledger.add_events([
        event("approval", TID, 10_000, "2024-03-05 14:31:00", CardQuota="03", FnCd="04", StateCd="0"),
        event("cancel", PTID, 2_500, "2024-03-06 10:00:00", StateCd="1"),
    ], source_file="c:/logs/inform.log")


def test_detail_data(ledger: Ledger) -> None:
    fill(ledger)
    detail = load_detail(ledger, TID, today=date(2024, 3, 20))
    assert detail is not None
    assert detail.tid_parts.mid == "SMTSUB001m" and detail.tid_parts.sequence == "0001"
    assert [e.kind for e in detail.events] == ["approval", "cancel"]
    assert detail.events[1].ptid == PTID and detail.events[0].ptid == ""
    assert detail.shares == SPLIT
    assert detail.row["remaining"] == 7_500 and detail.cancellable == 7_500 and not detail.cancel_block
    assert detail.deadline.last_day == date(2024, 6, 3) and not detail.deadline.passed
    assert detail.sales_slip_url == sales_slip_url(TID) == f"https://www.smilepay.co.kr/issue/IssueLoader.jsp?TID={TID}&type=0"
    labels = {label: (value, raw) for label, value, raw in summary_rows(detail)}
    assert labels["할부"] == ("3개월 할부", "03") and labels["상태"][0] == "부분취소"
    late = load_detail(ledger, TID, today=date(2024, 7, 1))
    assert late.deadline.passed and late.cancellable == 0 and late.cancel_block == "deadline"
    assert load_detail(ledger, "SMTPAY001m0101240305143100XXXX") is None


def test_decoded_fields() -> None:
    assert decode_field("FnCd", "04", "CARD") == "삼성"
    assert decode_field("FnCd", "004", "BANK") == "국민은행"
    assert decode_field("StateCd", "1", "CARD")
    assert decode_field("ResultCode", "2001", "CARD")
    assert decode_field("DivideInfo", encode_divide_info(SPLIT), "CARD") == "SMTSUB002m 6,000, SMTSUB003m 4,000"
    assert decode_field("DivideInfo", "not base64 !", "CARD")  # the reason, not an exception
    assert decode_field("GoodsName", "x", "CARD") == ""


@OFFSCREEN
def test_detail_dialog_shows_history_and_split(ledger: Ledger, qtbot: Any) -> None:
    fill(ledger)
    dialog = DetailDialog(load_detail(ledger, TID, today=date(2024, 3, 20)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.events_model.rowCount() == 2
    assert dialog.events_model.data(dialog.events_model.index(1, 4)) == PTID
    assert dialog.events_model.data(dialog.events_model.index(1, 3)) == "2,500"
    assert dialog.events_model.data(dialog.events_model.index(1, 3), Qt.ItemDataRole.TextAlignmentRole) \
        & int(Qt.AlignmentFlag.AlignRight)
    dialog.events_view.selectRow(1)
    assert dialog.arrivals_model.rowCount() == 1
    assert dialog.arrivals_model.data(dialog.arrivals_model.index(0, 0)) == "inform.log"
    assert dialog.shares_model.rowCount() == 2
    assert dialog.shares_model.data(dialog.shares_model.index(0, 2)) == "6,000"
    assert "TID=" + TID in dialog.raw_text.toPlainText()


def test_why_nothing_can_be_cancelled_reads_in_the_window_s_language(ledger: Ledger, qtbot: Any, qapp: Any) -> None:
    from PySide6.QtWidgets import QLabel

    from smartro_desk.ui.i18n import Translations

    fill(ledger)
    late = load_detail(ledger, TID, today=date(2024, 7, 1))
    notes = []
    translations = Translations(qapp)
    for lang in ("ko", "en"):
        translations.switch(lang)
        dialog = DetailDialog(late, lang=lang)
        qtbot.addWidget(dialog)
        notes.append({label.text() for label in dialog.findChildren(QLabel)})
    translations.switch("ko")
    assert "취소 기한이 지났습니다." in notes[0] and "The cancel deadline has passed." in notes[1]
