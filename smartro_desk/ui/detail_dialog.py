"""One transaction in full: decoded fields, the TID taken apart, history, SignValue, split, raw records."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelection, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QPlainTextEdit, QPushButton, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from smartro_desk import labels
from smartro_desk.protocol import codes
from smartro_desk.ui import messages
from smartro_desk.ui.detail_data import TransactionDetail, sign_label, summary_rows
from smartro_desk.ui.detail_models import ArrivalsModel, EventsModel, FieldsModel, SharesModel, ShareRow
from smartro_desk.ui.record_model import money
from smartro_desk.ui.settings_store import DETAIL_GEOMETRY, SettingsStore

_SIGN_NOTE = {
    "verified": QT_TRANSLATE_NOOP("DetailDialog", "가맹점 키로 계산한 SignValue와 일치합니다: 게이트웨이가 보낸 기록입니다."),
    "mismatch": QT_TRANSLATE_NOOP(
        "DetailDialog", "SignValue가 맞지 않습니다: 누군가 만들었거나 고친 기록일 수 있습니다 (위변조 의심)."),
    "no_key": QT_TRANSLATE_NOOP(
        "DetailDialog", "이 가맹점의 키가 없어 SignValue를 확인하지 못했습니다. 설정에서 가맹점 키를 넣으세요."),
    "absent": QT_TRANSLATE_NOOP("DetailDialog", "기록에 SignValue가 없습니다 (엑셀 내역 등)."),
}
CANCEL_BLOCKS = {  # TransactionDetail.cancel_block: why nothing can (or should) be cancelled now
    "held": QT_TRANSLATE_NOOP("DetailDialog", "결과 확인 필요: 먼저 이전 취소 요청의 결과를 확인하세요."),
    "state": QT_TRANSLATE_NOOP("DetailDialog", "취소할 수 있는 상태가 아닙니다."),
    "deadline": QT_TRANSLATE_NOOP("DetailDialog", "취소 기한이 지났습니다."),
    "flagged": QT_TRANSLATE_NOOP("DetailDialog", "위변조 의심 거래입니다: 원본을 확인하기 전에는 취소하지 마세요."),
}


def _table(model: object, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class DetailDialog(QDialog):
    def __init__(self, detail: TransactionDetail, *, lang: str = "ko", settings: SettingsStore | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.lang = lang
        self.settings = settings
        self.setWindowTitle(self.tr("거래 상세 — {tid}").format(tid=detail.tid))
        self.events_model = EventsModel(lang, self)
        self.arrivals_model = ArrivalsModel(self)
        self.fields_model = FieldsModel(self)
        self.shares_model = SharesModel(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._info_tab(), self.tr("거래 정보"))
        self.tabs.addTab(self._history_tab(), self.tr("이력 ({n})").format(n=len(detail.events)))
        self.tabs.addTab(self._split_tab(), self.tr("서브몰 분할"))
        self.tabs.addTab(self._raw_tab(), self.tr("원본 기록"))
        self.slip_button = QPushButton(self.tr("매출전표 열기"), self)
        self.slip_button.setToolTip(detail.sales_slip_url)
        self.slip_button.clicked.connect(self.open_sales_slip)
        copy = QPushButton(self.tr("TID 복사"), self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(detail.tid))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.slip_button)
        bottom.addWidget(copy)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self._header())
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(980, 680)
        if settings is not None and settings.get(DETAIL_GEOMETRY):
            self.restoreGeometry(settings.get(DETAIL_GEOMETRY))

    # -- sections -------------------------------------------------------------------

    def _header(self) -> QWidget:
        d, row = self.detail, self.detail.row
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        state = labels.state_label(row.get("state", ""), flagged=bool(row.get("flagged")),
                                   hold=bool(row.get("cancel_hold")), lang=self.lang)
        warn = bool(row.get("flagged") or row.get("cancel_hold"))
        color = "#b00000" if warn else "#1f5fa8"
        method = codes.lookup("pay_method", row.get("pay_method") or "").label(self.lang) if row.get("pay_method") else ""
        title = QLabel(
            f'<span style="font-size:15pt; font-weight:600">{html.escape(d.tid)}</span> &nbsp; '
            f'<span style="color:{color}; font-size:13pt; font-weight:600">{html.escape(state)}</span><br>'
            f'{html.escape(method)} · {html.escape(str(row.get("order_id") or ""))} · '
            f'{html.escape(str(row.get("approved_at") or ""))} · {html.escape(str(row.get("mid") or ""))}', box)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(title, 0, 0, 1, 6)
        deadline = d.deadline
        if deadline is None or deadline.last_day is None:
            deadline_text = deadline.text if deadline is not None else ""
        else:
            deadline_text = self.tr("{day} 까지").format(day=deadline.last_day.isoformat())
            if deadline.passed:
                deadline_text += self.tr(" (지남)")
        figures = [
            (self.tr("승인금액"), money(row.get("amount"))), (self.tr("취소금액"), money(row.get("cancelled"))),
            (self.tr("잔액"), money(row.get("remaining"))), (self.tr("취소 가능 금액"), money(d.cancellable)),
            (self.tr("취소 기한"), deadline_text), (self.tr("SignValue"), sign_label(row.get("sign_status", ""), self.lang)),
        ]
        for i, (name, value) in enumerate(figures):
            cell = QLabel(f'<span style="color:#666">{html.escape(name)}</span><br>'
                          f'<span style="font-size:12pt; font-weight:600">{html.escape(value)}</span>', box)
            grid.addWidget(cell, 1, i)
        if d.cancel_block:
            note = QLabel(html.escape(self.tr(CANCEL_BLOCKS[d.cancel_block])), box)
            note.setStyleSheet("color:#8a1111")
            note.setWordWrap(True)
            grid.addWidget(note, 2, 0, 1, 6)
        return box

    def _info_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QHBoxLayout(page)
        fields = QGroupBox(self.tr("거래 항목"), page)
        form = QFormLayout(fields)
        for label, value, raw in summary_rows(self.detail, self.lang):
            cell = QLabel(html.escape(value) + (f' <span style="color:#888">[{html.escape(raw)}]</span>' if raw else ""))
            cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, cell)
        right = QVBoxLayout()
        parts = self.detail.tid_parts
        tid_box = QGroupBox(self.tr("TID 분해"), page)
        tid_form = QFormLayout(tid_box)
        method = codes.lookup("pay_method", parts.method).label(self.lang) if parts.method else self.tr("알 수 없음")
        tid_form.addRow(self.tr("MID (1~10)"), QLabel(parts.mid))
        tid_form.addRow(self.tr("결제수단 (11~12)"), QLabel(f"{parts.method_code} · {method}"))
        tid_form.addRow(self.tr("구분 (13~14)"), QLabel(parts.extra))
        stamp = parts.timestamp.strftime("%Y-%m-%d %H:%M:%S") if parts.timestamp else self.tr("알 수 없음")
        tid_form.addRow(self.tr("시각 (15~26)"), QLabel(stamp))
        tid_form.addRow(self.tr("일련번호 (27~30)"), QLabel(parts.sequence))
        for problem in parts.problems:
            warn = QLabel(problem)
            warn.setStyleSheet("color:#8a1111")
            tid_form.addRow(self.tr("주의"), warn)
        right.addWidget(tid_box)
        sign_box = QGroupBox(self.tr("SignValue 검증"), page)
        sign_layout = QVBoxLayout(sign_box)
        status = str(self.detail.row.get("sign_status") or "absent")
        sign_text = QLabel(f"<b>{html.escape(sign_label(status, self.lang))}</b><br>"
                           + html.escape(self.tr(_SIGN_NOTE[status]) if status in _SIGN_NOTE else ""))
        sign_text.setWordWrap(True)
        sign_layout.addWidget(sign_text)
        right.addWidget(sign_box)
        right.addStretch(1)
        layout.addWidget(fields, 3)
        layout.addLayout(right, 2)
        return page

    def _history_tab(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Vertical, self)
        self.events_view = _table(self.events_model, page)
        self.events_model.set_records(self.detail.events)
        self.events_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.events_view.horizontalHeader().setStretchLastSection(True)
        below = QTabWidget(page)
        self.arrivals_view = _table(self.arrivals_model, below)
        self.fields_view = _table(self.fields_model, below)
        self.fields_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.fields_view.horizontalHeader().setStretchLastSection(True)
        below.addTab(self.fields_view, self.tr("필드"))
        below.addTab(self.arrivals_view, self.tr("수신 기록 (중복 포함)"))
        self.events_view.selectionModel().selectionChanged.connect(self._event_chosen)
        if self.detail.events:
            self.events_view.selectRow(0)
        page.setSizes([260, 300])
        return page

    def _event_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.events_view.selectionModel().selectedRows()
        event = self.events_model.record(rows[0].row()) if rows else None
        self.arrivals_model.set_records(event.arrivals if event else ())
        self.fields_model.show_event(event, str(self.detail.row.get("pay_method") or ""), self.lang)

    def _split_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        d = self.detail
        if d.shares_error:
            note = QLabel(d.shares_error, page)
            note.setStyleSheet("color:#8a1111")
        elif not d.shares:
            note = QLabel(self.tr("이 거래에는 서브몰 분할(DivideInfo)이 없습니다."), page)
        else:
            total = sum(s.amt for s in d.shares)
            note = QLabel(self.tr("서브몰 {n}곳, 합계 {total}원").format(n=len(d.shares), total=money(total)), page)
        layout.addWidget(note)
        self.shares_model.set_records([ShareRow(s, d.sub_mall_left.get(s.mid)) for s in d.shares])
        self.shares_view = _table(self.shares_model, page)
        layout.addWidget(self.shares_view, 1)
        return page

    def _raw_tab(self) -> QWidget:
        text = QPlainTextEdit(self)
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        blocks = []
        for n, e in enumerate(self.detail.events, 1):
            where = f"{e.source_file}:{e.source_line}" if e.source_line is not None else e.source_file
            body = e.raw or "\n".join(f"{k}={v}" for k, v in e.fields.items())
            blocks.append(f"# {n} · {e.kind} · {e.channel} · {e.occurred_at} · {where}\n{body}")
        text.setPlainText("\n\n".join(blocks) or self.tr("원본 기록이 없습니다."))
        self.raw_text = text
        return text

    # -- actions ------------------------------------------------------------------------

    def open_sales_slip(self) -> None:
        messages.open_url(self.detail.sales_slip_url)

    def done(self, result: int) -> None:
        if self.settings is not None:
            self.settings.set(DETAIL_GEOMETRY, bytes(self.saveGeometry().data()))
        super().done(result)
