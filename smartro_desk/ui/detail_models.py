"""The detail dialog's tables: events, arrivals of an event, fields of an event, sub-mall split."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.ui.detail_data import Arrival, EventView, channel_label, decode_field, event_kind_label, sign_label
from smartro_desk.ui.record_model import NOTE_BACKGROUND, WARN_BACKGROUND, Col, RecordsModel, money


def _source(file: str, line: int | None) -> str:
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name}:{line}" if line is not None else name


class EventsModel(RecordsModel[EventView]):
    def __init__(self, lang: str = "ko", parent: QObject | None = None) -> None:
        self.lang = lang
        super().__init__((
            Col(lambda: self.tr("시각"), lambda e: e.occurred_at),
            Col(lambda: self.tr("종류"), lambda e: event_kind_label(e.kind, self.lang)),
            Col(lambda: self.tr("경로"), lambda e: channel_label(e.channel, self.lang)),
            Col(lambda: self.tr("금액"), lambda e: money(e.amount), money=True),
            Col(lambda: self.tr("PTID"), lambda e: e.ptid),
            Col(lambda: self.tr("결과"), lambda e: f"{e.result_code} {e.result_text}".strip(),
                tooltip=lambda e: f"ResultCode: {e.result_code or '-'}"),
            Col(lambda: self.tr("검증"), lambda e: sign_label(e.sign_status, self.lang),
                tooltip=lambda e: f"SignValue: {e.sign_status}"),
            Col(lambda: self.tr("수신"), lambda e: self.tr("{n}회").format(n=len(e.arrivals)) if e.arrivals else "",
                tooltip=lambda e: self.tr("중복 수신 {n}회").format(n=e.duplicates) if e.duplicates else ""),
            Col(lambda: self.tr("출처"), lambda e: _source(e.source_file, e.source_line), tooltip=lambda e: e.source_file),
        ), parent)

    def background(self, record: EventView) -> QColor | None:
        if record.sign_status == "mismatch":
            return WARN_BACKGROUND
        return NOTE_BACKGROUND if record.duplicates else None


class ArrivalsModel(RecordsModel[Arrival]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            Col(lambda: self.tr("파일"), lambda a: _source(a.source_file, None), tooltip=lambda a: a.source_file),
            Col(lambda: self.tr("줄"), lambda a: "" if a.line is None else str(a.line), money=True),
            Col(lambda: self.tr("기록 시각"), lambda a: a.logged_at or ""),
            Col(lambda: self.tr("보낸 곳"), lambda a: a.sender_ip),
        ), parent)


@dataclass(frozen=True, slots=True)
class FieldRow:
    name: str
    value: str
    meaning: str


class FieldsModel(RecordsModel[FieldRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            Col(lambda: self.tr("항목"), lambda f: f.name),
            Col(lambda: self.tr("값"), lambda f: f.value),
            Col(lambda: self.tr("의미"), lambda f: f.meaning),
        ), parent)

    def show_event(self, event: EventView | None, pay_method: str, lang: str) -> None:
        if event is None:
            self.set_records([])
            return
        self.set_records([FieldRow(k, v, decode_field(k, v, pay_method, lang)) for k, v in event.fields.items()])


@dataclass(frozen=True, slots=True)
class ShareRow:
    share: SubMallShare
    left: int | None


class SharesModel(RecordsModel[ShareRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            Col(lambda: self.tr("서브몰 MID"), lambda r: r.share.mid),
            Col(lambda: self.tr("상품명"), lambda r: r.share.goods_name),
            Col(lambda: self.tr("결제 금액"), lambda r: money(r.share.amt), money=True),
            Col(lambda: self.tr("취소 가능 잔액"), lambda r: money(r.left), money=True),
        ), parent)
