"""The "대사" tab: pick a month, run the reconciliation on a worker, read the findings and the settlement.

    view = add_recon_tab(window)

Summary cards count and sum each kind of finding (clicking one filters the
table); a double-click opens the transaction's detail; 해결/확인 record a
person's resolution with a note (the audit log keeps it, later runs show it);
the 정산 sub-tab shows the month per day, pay method and card company beside
the gateway export's figures; the 통보 상태 sub-tab shows how the month's
notifications arrived (copies per kind, the longest re-sending, payments
re-sent up to the gateway's retry limit, unknown sender addresses). Findings
and settlement export to Excel. The engine runs on its own read connection,
so the ledger tab keeps working meanwhile.

Once a month is shown it stays current: the view hears the ledger's changes
(an import, a cancel, an undo, a resolution, from this window or another, on
whatever thread committed them), waits for a quiet moment (``REFRESH_DELAY_MS``,
so a burst of changes is one run) and runs the month again on a worker,
keeping the selection and the scroll position. While the tab is hidden it
only remembers that it is out of date and runs when shown; a change heard
during a run gives one more run after it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QAbstractScrollArea, QCheckBox, QDateEdit, QFrame, QGridLayout, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from smartro_desk.ledger import Change, Ledger
from smartro_desk.recon import (
    DeliveryHealth, KindSummary, ReconResult, ReconSettings, Settlement, monthly_settlement, reconcile,
)
from smartro_desk.recon.engine import resolve_finding
from smartro_desk.recon.findings import Finding
from smartro_desk.ui import messages
from smartro_desk.ui.recon_models import (
    FINDING_COLUMNS, SEVERITY_COLOURS, DeliveryModel, FindingsModel, SettlementModel, pick,
)
from smartro_desk.ui.record_model import money
from smartro_desk.ui.settings_store import EXPORT_FOLDER, LAST_FOLDER, SettingsStore
from smartro_desk.ui.workers import Done, Failed, Outcome, ProgressUpdate, Runner, TaskContext, TaskHandle

if TYPE_CHECKING:
    from smartro_desk.secrets import Secrets
    from smartro_desk.ui.main_window import MainWindow
    from smartro_desk.ui.progress_panel import ProgressPanel

log = logging.getLogger(__name__)
CARD_COLUMNS = 6
# Quiet time after the last ledger change before the month runs again; never shorter than the last run
# took (a month of a million payments takes seconds: an import of many files, a change each, must not
# share the machine with back-to-back refreshes). A steady stream of changes still refreshes after
# REFRESH_MAX_WAIT_S.
REFRESH_DELAY_MS = 500
REFRESH_MAX_WAIT_S = 3.0
# Ledger changes that can change a month's findings or settlement.
WATCHED_CHANGES = frozenset({"transactions", "batches", "cancels", "resolutions", "orders"})


def last_month(today: date | None = None) -> str:
    today = today or date.today()
    return f"{today.year - 1}-12" if today.month == 1 else f"{today.year:04d}-{today.month - 1:02d}"


class _ChangeCounter:
    """Numbers the ledger changes as they are committed (on any thread): a run started after change
    ``n`` was numbered sees it, so only a change numbered after a run's start makes it out of date."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def next(self) -> int:
        with self._lock:
            self.value += 1
            return self.value


def _subscribe(ledger: Ledger, counter: _ChangeCounter, notify: Callable[[int], None]) -> Callable[[], None]:
    """Hear ``WATCHED_CHANGES`` of ``ledger`` from any thread; returns the (idempotent) unsubscribe."""

    def listener(change: Change) -> None:
        if change.what in WATCHED_CHANGES:
            try:
                notify(counter.next())  # a queued signal: the view hears it on the UI thread
            except RuntimeError:  # the view's C++ side is already gone
                pass

    return ledger.subscribe(listener)


class SummaryCard(QFrame):
    """One kind's count and sum; a click chooses it as the table's filter."""

    clicked = Signal(object)  # kind, or None for the "all" card

    def __init__(self, kind: str | None, severity: str, parent: QWidget | None = None, *,
                 clickable: bool = True) -> None:
        super().__init__(parent)
        self.kind = kind
        self.severity = severity
        self.clickable = clickable
        self.setObjectName("reconCard")
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.count = QLabel(self)
        self.amount = QLabel(self)
        self.detail = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        for label in (self.title, self.count, self.amount, self.detail):
            layout.addWidget(label)
        self.set_selected(False)

    def set_texts(self, title: str, count: str, amount: str, detail: str) -> None:
        self.title.setText(title)
        self.count.setText(count)
        self.amount.setText(amount)
        self.detail.setText(detail)

    def set_selected(self, selected: bool) -> None:
        strong, pale = SEVERITY_COLOURS.get(self.severity, ("#455a64", "#f5f5f5"))
        width = 3 if selected else 1
        self.setStyleSheet(
            f"#reconCard {{ background: {pale}; border: {width}px solid {strong}; border-left: 6px solid {strong};"
            f" border-radius: 4px; }} QLabel {{ background: transparent; border: none; }}")
        self.count.setStyleSheet(f"font-size: 16pt; font-weight: bold; color: {strong};")
        self.title.setStyleSheet("font-weight: bold;")

    def set_severity(self, severity: str) -> None:
        self.severity = severity
        self.set_selected(False)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.clickable:
            self.clicked.emit(self.kind)
        super().mouseReleaseEvent(event)


class HealthPanel(QWidget):
    """The month's notification delivery figures: cards, copies per kind, unknown senders."""

    kindChosen = Signal(str)  # the finding kind a card stands for (shown in the findings table)

    def __init__(self, parent: QWidget | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.health: DeliveryHealth | None = None
        grid = QGridLayout()
        grid.setSpacing(6)
        # key -> card; the finding kind a click shows, if any
        specs = (("notified", None), ("resent", "excess_notifications"), ("at_limit", "excess_notifications"),
                 ("longest", None), ("foreign", "unknown_sender"))
        self.cards: dict[str, SummaryCard] = {}
        for n, (key, kind) in enumerate(specs):
            card = SummaryCard(kind, "info", self, clickable=kind is not None)
            card.clicked.connect(lambda chosen: self.kindChosen.emit(chosen) if chosen else None)
            grid.addWidget(card, 0, n)
            grid.setColumnStretch(n, 1)
            self.cards[key] = card
        self.model = DeliveryModel(self, lang=lang)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.senders = QLabel(self)
        self.senders.setWordWrap(True)
        self.senders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #607d8b;")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.table)
        layout.addWidget(self.senders)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set_health(self, health: DeliveryHealth | None) -> None:
        self.health = health
        self.model.set_health(health)
        self.render()

    def set_language(self, lang: str) -> None:
        self.model.set_language(lang)
        self.render()

    def render(self) -> None:
        h = self.health or DeliveryHealth()
        cards = self.cards
        cards["notified"].set_texts(
            self.tr("통보 받은 결제"), self.tr("{count}건").format(count=f"{h.notified:,}"),
            self.tr("이 달 결제 중 통보가 온 것"), "")
        cards["resent"].set_severity("low" if h.resent else "info")
        cards["resent"].set_texts(
            self.tr("재전송된 통보"), self.tr("{count}건").format(count=f"{h.resent:,}"),
            self.tr("받은 사본 {arrivals}개").format(arrivals=f"{h.arrivals:,}"),
            self.tr("가장 많이 {copies}회").format(copies=h.max_copies) if h.resent else "")
        cards["at_limit"].set_severity("medium" if h.at_limit else "info")
        cards["at_limit"].set_texts(
            self.tr("재시도 한도까지 재전송"), self.tr("{count}건").format(count=f"{h.at_limit:,}"),
            self.tr("{limit}회 이상 받은 결제").format(limit=h.retry_limit),
            self.tr("통보 페이지가 OK를 응답하지 않습니다") if h.at_limit else "")
        cards["longest"].set_texts(
            self.tr("가장 긴 재전송"), self.tr("{minutes}분").format(minutes=f"{h.longest_minutes:,}"),
            self.tr("한 통보의 첫 사본부터 마지막 사본까지"), "")
        foreign = bool(h.foreign_notifications or h.senders)
        cards["foreign"].set_severity("medium" if foreign else "info")
        cards["foreign"].set_texts(
            self.tr("공지되지 않은 주소"), self.tr("{count}건").format(count=f"{h.foreign_notifications:,}"),
            self.tr("결제 {count}건의 통보").format(count=f"{h.foreign_transactions:,}"),
            self.tr("주소 {count}개").format(count=len(h.senders)) if h.senders else "")
        for card in cards.values():
            if card.clickable:
                card.setToolTip(self.tr("누르면 이 종류의 불일치가 표에 보입니다"))
        if not h.senders_logged:
            self.senders.setText(self.tr("통보 로그에 보낸 곳 주소가 없어 발신 주소는 확인하지 못했습니다."))
        elif h.senders:
            listed = ", ".join(self.tr("{ip} ({count}회)").format(ip=ip, count=f"{n:,}") for ip, n in h.senders.items())
            self.senders.setText(self.tr("공지된 재통보 주소가 아닌 곳에서 온 통보: {listed}").format(listed=listed))
        else:
            self.senders.setText(self.tr("모든 통보가 공지된 재통보 주소에서 왔습니다."))
        self.note.setText(self.tr(
            "PG는 상점 통보 페이지가 OK를 응답할 때까지 같은 통보를 최대 {limit}회 다시 보냅니다. "
            "1회 칸은 이 달 결제 수에서 재전송된 통보를 빼서 셉니다.").format(limit=h.retry_limit))


class ReconView(QWidget):
    finished = Signal(object)  # Outcome of a run (tests wait for it)
    _changed = Signal(int)  # a ledger change's number, from whatever thread committed it

    def __init__(
        self, ledger: Ledger, runner: Runner, *, lang: str = "ko", settings: SettingsStore | None = None,
        secrets: Callable[[], Secrets] | None = None, panel: ProgressPanel | None = None,
        open_detail: Callable[[str], object] | None = None, recon_settings: ReconSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.runner = runner
        self.lang = lang
        self.settings = settings
        self.secrets = secrets
        self.panel = panel
        self.open_detail = open_detail
        self.recon_settings = recon_settings
        self.result: ReconResult | None = None
        self.settlement: Settlement | None = None
        self.busy = False
        self.cards: list[SummaryCard] = []
        # Staying current: changes are numbered as committed; ``_covered`` is the newest one the shown
        # result includes, ``_heard`` the newest one heard on the UI thread.
        self._changes = _ChangeCounter()
        self._heard = self._covered = 0
        self._pending_since = 0.0
        self._last_run_ms = 0  # how long the last run took
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh)
        self._changed.connect(self._ledger_changed, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = _subscribe(ledger, self._changes, self._changed.emit)
        self.destroyed.connect(self._unsubscribe)

        self.month_label = QLabel(self)
        self.month = QDateEdit(self)
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setMinimumDate(QDate(2000, 1, 1))
        self.set_month(last_month())
        self.run_button = QPushButton(self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(lambda: self.run())
        self.status = QLabel(self)
        self.export_findings_button = QPushButton(self)
        self.export_findings_button.clicked.connect(self.export_findings)
        self.export_settlement_button = QPushButton(self)
        self.export_settlement_button.clicked.connect(self.export_settlement)
        top = QHBoxLayout()
        for widget in (self.month_label, self.month, self.run_button):
            top.addWidget(widget)
        top.addWidget(self.status, 1)
        top.addWidget(self.export_findings_button)
        top.addWidget(self.export_settlement_button)

        # findings page
        self.cards_box = QWidget(self)
        self.cards_grid = QGridLayout(self.cards_box)
        self.cards_grid.setContentsMargins(0, 0, 0, 0)
        self.cards_grid.setSpacing(6)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a5a00;")
        self.model = FindingsModel(self, lang=lang)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the engine's order
        self.model.sort(-1)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for n, column in enumerate(FINDING_COLUMNS):
            self.table.setColumnWidth(n, column.width)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.open_only = QCheckBox(self)
        self.open_only.toggled.connect(self.model.set_open_only)
        self.detail_button = QPushButton(self)
        self.detail_button.clicked.connect(lambda: self.open_row(self.table.currentIndex().row()))
        self.resolve_button = QPushButton(self)
        self.resolve_button.clicked.connect(lambda: self.resolve_selected("resolved"))
        self.ack_button = QPushButton(self)
        self.ack_button.clicked.connect(lambda: self.resolve_selected("acknowledged"))
        actions = QHBoxLayout()
        actions.addWidget(self.open_only)
        actions.addStretch(1)
        for button in (self.detail_button, self.resolve_button, self.ack_button):
            actions.addWidget(button)
        findings_page = QWidget(self)
        page = QVBoxLayout(findings_page)
        page.addWidget(self.cards_box)
        page.addWidget(self.notes)
        page.addWidget(self.table, 1)
        page.addLayout(actions)

        # settlement page
        self.settlement_info = QLabel(self)
        self.settlement_info.setWordWrap(True)
        self.settlement_tabs = QTabWidget(self)
        self.settlement_models: dict[str, SettlementModel] = {}
        self.settlement_tables: dict[str, QTableView] = {}
        for key in ("day", "method", "card", "diff"):
            model = SettlementModel(self, lang=lang, with_total=key != "diff")
            table = QTableView(self)
            table.setModel(model)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            self.settlement_models[key] = model
            self.settlement_tables[key] = table
            self.settlement_tabs.addTab(table, "")
        settlement_page = QWidget(self)
        s_layout = QVBoxLayout(settlement_page)
        s_layout.addWidget(self.settlement_info)
        s_layout.addWidget(self.settlement_tabs, 1)

        # delivery health page
        self.health = HealthPanel(self, lang=lang)
        self.health.kindChosen.connect(self.show_kind)

        self.pages = QTabWidget(self)
        self.pages.addTab(findings_page, "")
        self.pages.addTab(settlement_page, "")
        self.pages.addTab(self.health, "")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.retranslate()
        self._enable()

    # -- month ---------------------------------------------------------------------------

    def month_text(self) -> str:
        d = self.month.date()
        return f"{d.year():04d}-{d.month():02d}"

    def set_month(self, month: str) -> None:
        year, number = month.split("-")
        self.month.setDate(QDate(int(year), int(number), 1))

    # -- running -------------------------------------------------------------------------

    def run(self, month: str | None = None, *, auto: bool = False) -> None:
        """Reconcile ``month`` (default: the chosen one) and total its settlement, on a worker.

        ``auto``: a refresh after ledger changes — no progress panel, no message box on failure.
        """
        if self.busy:
            return
        month = month or self.month_text()
        ledger, settings = self.ledger, self.recon_settings
        secrets = self.secrets() if self.secrets is not None else None
        self._refresh_timer.stop()
        covers = self._changes.value  # every change numbered so far is committed: this run sees it
        began = time.monotonic()

        def work(ctx: TaskContext) -> tuple[ReconResult, Settlement]:
            reader, own = ledger.separate()
            try:
                result = reconcile(reader, month, settings=settings, secrets=secrets,
                                   progress=ctx.progress, cancel=ctx.cancel)
                return result, monthly_settlement(reader, month, cancel=ctx.cancel)
            finally:
                if own:
                    reader.close()

        text = (self.tr("원장이 바뀌어 {month}을(를) 다시 대사하는 중…") if auto
                else self.tr("{month} 대사 중…")).format(month=month)
        def done(outcome: Outcome) -> None:
            self._last_run_ms = int((time.monotonic() - began) * 1000)
            self._run_done(outcome, covers, auto)

        self._start(text, work, done, quiet=auto)

    def _start(self, text: str, work: Callable[[TaskContext], Any], done: Callable[[Outcome], None], *,
               quiet: bool = False) -> None:
        """Run ``work`` on the runner; ``quiet`` keeps it off the progress panel (an automatic refresh
        must not take the panel from an import that is still running)."""
        self.busy = True
        self._enable()
        self.status.setText(text)
        panel = None if quiet else self.panel

        def finish(outcome: Outcome) -> None:
            self.busy = False
            if panel is not None:
                panel.finish()
            self._enable()
            done(outcome)
            self._schedule()  # changes heard meanwhile: one more run

        handle: TaskHandle = self.runner.run_task(work, finish, on_progress=None if quiet else self._progress)
        if not handle.finished and panel is not None:
            panel.start(text, handle)

    def _progress(self, update: ProgressUpdate) -> None:
        if self.panel is not None:
            self.panel.update_progress(update)

    def _run_done(self, outcome: Outcome, covers: int = 0, auto: bool = False) -> None:
        if isinstance(outcome, Done):
            self._covered = max(self._covered, covers)
            self.show_result(*outcome.value)
        elif isinstance(outcome, Failed):
            log.error("reconciliation failed: %s", outcome.trace)
            self.status.setText(self.tr("대사 실패"))
            if not auto:
                messages.error(self, self.tr("대사 실패"), messages.describe(outcome.error))
        elif auto:
            self._render_texts()  # the shown result stays; a later change or showing the tab runs again
        else:
            self.status.setText(self.tr("대사를 취소했습니다."))
        self.finished.emit(outcome)

    def show_result(self, result: ReconResult, settlement: Settlement) -> None:
        """Show a run's result, keeping the chosen card, the selected findings and the scroll position
        when it is the month already shown."""
        same = self.result is not None and self.result.month == result.month
        selected = {f.key for f in self.selected_findings()} if same else set()
        current = self.model.finding(self.table.currentIndex().row()) if same else None
        scroll = (self.table.verticalScrollBar().value(), self.table.horizontalScrollBar().value())
        self.result, self.settlement = result, settlement
        if self.model.kind_filter is not None and not result.summary[self.model.kind_filter].count:
            self.model.kind_filter = None
        self.model.set_findings(result.findings)
        self._build_cards()
        self._show_settlement()
        self.health.set_health(result.health)
        if same:
            self._restore(selected, current.key if current is not None else None, scroll)
        self._render_texts()
        self._enable()

    def _restore(self, keys: set[str], current: str | None, scroll: tuple[int, int]) -> None:
        rows = self.model.rows_of(keys)
        if rows:
            selection = QItemSelection()
            last = self.model.columnCount() - 1
            for row in rows:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(selection, flags)
        at = self.model.rows_of({current}) if current is not None else []
        if at:
            self.table.selectionModel().setCurrentIndex(self.model.index(at[0], 0),
                                                         QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.verticalScrollBar().setValue(scroll[0])
        self.table.horizontalScrollBar().setValue(scroll[1])

    # -- staying current ------------------------------------------------------------------

    @property
    def stale(self) -> bool:
        """Whether the ledger changed after the shown result was read."""
        return self.result is not None and self._heard > self._covered

    def _ledger_changed(self, number: int) -> None:
        self._heard = max(self._heard, number)
        self._schedule()

    def _schedule(self) -> None:
        """Run the shown month again after a quiet moment, if it is out of date and can be seen."""
        if not self.stale or self.busy or not self.isVisible():
            return  # a run under way looks again when it ends; a hidden tab when shown
        now = time.monotonic()
        if not self._refresh_timer.isActive():
            self._pending_since = now
        if now - self._pending_since < REFRESH_MAX_WAIT_S or not self._refresh_timer.isActive():
            self._refresh_timer.start(max(REFRESH_DELAY_MS, self._last_run_ms))

    def _refresh(self) -> None:
        if self.stale and not self.busy and self.isVisible() and self.result is not None:
            self.run(self.result.month, auto=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._schedule()

    def show_kind(self, kind: str) -> None:
        """Show the findings of ``kind`` (from the delivery figures)."""
        self.pages.setCurrentIndex(0)
        if self.model.kind_filter != kind:
            self.filter_kind(kind)

    # -- cards ---------------------------------------------------------------------------

    def _build_cards(self) -> None:
        for card in self.cards:
            self.cards_grid.removeWidget(card)
            card.deleteLater()
        self.cards = []
        if self.result is None:
            return
        worst = next((s.severity for s in self.result.summary.values() if s.open), "info")
        kinds: list[str | None] = [None] + [k for k, s in self.result.summary.items() if s.count]
        for n, kind in enumerate(kinds):
            severity = worst if kind is None else self.result.summary[kind].severity
            card = SummaryCard(kind, severity, self.cards_box)
            card.clicked.connect(self.filter_kind)
            self.cards_grid.addWidget(card, n // CARD_COLUMNS, n % CARD_COLUMNS)
            self.cards.append(card)
        for column in range(CARD_COLUMNS):
            self.cards_grid.setColumnStretch(column, 1)

    def card(self, kind: str | None) -> SummaryCard | None:
        return next((c for c in self.cards if c.kind == kind), None)

    def filter_kind(self, kind: str | None) -> None:
        """Show only ``kind`` (None: every kind); clicking the chosen card again shows all."""
        if kind is not None and kind == self.model.kind_filter:
            kind = None
        self.model.set_kind_filter(kind)
        for card in self.cards:
            card.set_selected(card.kind == kind and kind is not None)
        self._enable()

    def _card_texts(self, card: SummaryCard) -> None:
        assert self.result is not None
        summaries = list(self.result.summary.values())
        if card.kind is None:
            total = KindSummary("", "", "", "", sum(s.count for s in summaries), sum(s.amount for s in summaries),
                                sum(s.open for s in summaries), sum(s.open_amount for s in summaries),
                                sum(s.resolved for s in summaries), sum(s.acknowledged for s in summaries))
            title = self.tr("전체")
        else:
            total = self.result.summary[card.kind]
            title = pick(total.label_ko, total.label_en, self.lang)
        card.setToolTip(self.tr("누르면 이 종류만 표에 보입니다") if card.kind else self.tr("누르면 모든 종류가 보입니다"))
        card.set_texts(
            title, self.tr("{count}건").format(count=f"{total.count:,}"),
            self.tr("합계 {amount}원").format(amount=money(total.amount)),
            self.tr("미처리 {open}건 · 해결 {done}건").format(open=f"{total.open:,}",
                                                          done=f"{total.resolved + total.acknowledged:,}"))

    # -- settlement ----------------------------------------------------------------------

    def _show_settlement(self) -> None:
        s = self.settlement
        if s is None:
            return
        for key in ("day", "method", "card"):
            self.settlement_models[key].set_rows(s.table(key), s.total, s.has_export)
        self.settlement_models["diff"].set_rows(s.differences, None, s.has_export, self._dimension_prefix())

    def _dimension_prefix(self) -> dict[str, str]:
        return {"day": self.tr("일별") + " · ", "method": self.tr("결제수단별") + " · ",
                "card": self.tr("카드사별") + " · ", "total": ""}

    # -- drill-down and resolutions ----------------------------------------------------

    def selected_findings(self) -> list[Finding]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [f for f in (self.model.finding(r) for r in rows) if f is not None]

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def open_row(self, row: int) -> None:
        finding = self.model.finding(row)
        if finding is None:
            return
        if not finding.tid:
            messages.inform(self, self.tr("거래 상세"), self.tr(
                "이 항목은 결제가 아니라 주문({order})에 관한 것이라 열 거래가 없습니다.").format(order=finding.order_id))
            return
        if self.open_detail is not None:
            self.open_detail(finding.tid.split("#", 1)[0])

    def resolve_selected(self, status: str) -> None:
        findings = self.selected_findings()
        if not findings or self.busy:
            return
        title = self.tr("해결로 표시") if status == "resolved" else self.tr("확인으로 표시")
        note = messages.ask_text(self, title, self.tr("{count}건에 남길 메모 (감사 기록에 남습니다):").format(
            count=len(findings)))
        if not note:
            return
        ledger = self.ledger

        def work(_ctx: TaskContext) -> int:
            for finding in findings:
                resolve_finding(ledger, finding, status=status, note=note)
            return len(findings)

        def done(outcome: Outcome) -> None:
            if isinstance(outcome, Failed):
                log.error("resolving failed: %s", outcome.trace)
                messages.error(self, title, messages.describe(outcome.error))
            if self.result is not None:
                self.run(self.result.month)

        self._start(self.tr("처리 결과를 기록하는 중…"), work, done)

    # -- exports -------------------------------------------------------------------------

    def _save_path(self, name: str, filters: str) -> str:
        folder = ""
        if self.settings is not None:
            folder = self.settings.get(EXPORT_FOLDER) or self.settings.get(LAST_FOLDER)
        path = messages.choose_save_file(self, self.tr("내보낼 파일"), str(Path(folder or Path.home()) / name), filters)
        if path and not Path(path).suffix:
            path += ".xlsx"
        if path and self.settings is not None:
            self.settings.set(EXPORT_FOLDER, str(Path(path).parent))
        return path

    def export_findings(self) -> None:
        if self.result is None or self.busy:
            return
        from smartro_desk.export.reports import export_findings

        result, findings, lang = self.result, self.model.findings, self.lang
        path = self._save_path(self.tr("대사결과-{month}.xlsx").format(month=result.month),
                               self.tr("엑셀 통합 문서 (*.xlsx);;CSV (*.csv)"))
        if path:
            self._start(self.tr("내보내는 중: {name}").format(name=Path(path).name),
                        lambda _ctx: export_findings(path, findings, month=result.month, lang=lang,
                                                     health=result.health),
                        lambda outcome: self._exported(path, outcome))

    def export_settlement(self) -> None:
        if self.result is None or self.busy:
            return
        from smartro_desk.export.settlement import export_settlement

        result, ledger, lang = self.result, self.ledger, self.lang
        path = self._save_path(self.tr("정산-{month}.xlsx").format(month=result.month),
                               self.tr("엑셀 통합 문서 (*.xlsx)"))
        if not path:
            return

        def work(ctx: TaskContext) -> Any:
            reader, own = ledger.separate()
            try:
                return export_settlement(reader, path, result.month, recon=result, lang=lang,
                                         progress=ctx.progress, cancel=ctx.cancel)
            finally:
                if own:
                    reader.close()

        self._start(self.tr("내보내는 중: {name}").format(name=Path(path).name), work,
                    lambda outcome: self._exported(path, outcome))

    def _exported(self, path: str, outcome: Outcome) -> None:
        self._render_texts()
        if isinstance(outcome, Done):
            messages.inform(self, self.tr("내보내기 완료"), self.tr("{path} 파일로 내보냈습니다.").format(path=path))
        elif isinstance(outcome, Failed):
            log.error("export failed: %s", outcome.trace)
            messages.error(self, self.tr("내보내기 실패"), messages.describe(outcome.error))
        else:
            messages.inform(self, self.tr("내보내기"), self.tr("내보내기를 취소했습니다."))

    # -- texts ---------------------------------------------------------------------------

    def _enable(self) -> None:
        has = self.result is not None
        selected = bool(self.table.selectionModel().selectedRows()) if has else False
        self.run_button.setEnabled(not self.busy)
        self.month.setEnabled(not self.busy)
        for button in (self.resolve_button, self.ack_button):
            button.setEnabled(selected and not self.busy)
        self.detail_button.setEnabled(selected)
        self.export_findings_button.setEnabled(has and not self.busy)
        self.export_settlement_button.setEnabled(has and not self.busy)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.model.set_language(lang)
        for model in self.settlement_models.values():
            model.set_language(lang)
        self.health.set_language(lang)
        self._show_settlement()
        self._render_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.month_label.setText(self.tr("대사 월"))
        self.run_button.setText(self.tr("실행"))
        self.run_button.setToolTip(self.tr("고른 달의 주문·결제·PG 엑셀을 대사합니다"))
        self.export_findings_button.setText(self.tr("불일치 엑셀로 내보내기"))
        self.export_settlement_button.setText(self.tr("정산 엑셀로 내보내기"))
        self.open_only.setText(self.tr("미처리만 보기"))
        self.detail_button.setText(self.tr("거래 상세"))
        self.resolve_button.setText(self.tr("해결"))
        self.resolve_button.setToolTip(self.tr("고른 항목을 해결됨으로 표시합니다 (메모와 함께 감사 기록에 남습니다)"))
        self.ack_button.setText(self.tr("확인"))
        self.ack_button.setToolTip(self.tr("고른 항목을 확인함으로 표시합니다 (문제가 아님을 알고 넘어갈 때)"))
        self.pages.setTabText(0, self.tr("불일치"))
        self.pages.setTabText(1, self.tr("정산"))
        self.pages.setTabText(2, self.tr("통보 상태"))
        self.health.render()
        for n, text in enumerate((self.tr("일별"), self.tr("결제수단별"), self.tr("카드사별"), self.tr("차이"))):
            self.settlement_tabs.setTabText(n, text)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(FINDING_COLUMNS) - 1)
        self._show_settlement()
        self._render_texts()

    def _render_texts(self) -> None:
        result, s = self.result, self.settlement
        if result is None or s is None:
            if not self.busy:
                self.status.setText(self.tr("달을 고르고 실행을 누르세요."))
            return
        total = sum(k.count for k in result.summary.values())
        opened = sum(k.open for k in result.summary.values())
        self.status.setText(self.tr("{month}: 거래 {tx}건, 불일치 {count}건 (미처리 {open}건)").format(
            month=result.month, tx=f"{result.totals.get('transactions', 0):,}", count=f"{total:,}",
            open=f"{opened:,}"))
        self.notes.setText("\n".join(note.text(self.lang) for note in result.notes))
        self.notes.setVisible(bool(result.notes))
        for card in self.cards:
            self._card_texts(card)
        diff = len(s.differences)
        parts = [self.tr("{month} 순매출 {net}원 (승인 {a}건 {aa}원, 취소 {c}건 {cc}원)").format(
            month=s.month, net=money(s.total.ledger.net), a=f"{s.total.ledger.approvals:,}",
            aa=money(s.total.ledger.approved), c=f"{s.total.ledger.cancels:,}", cc=money(s.total.ledger.cancelled))]
        if s.has_export:
            parts.append(self.tr("PG 엑셀과 다른 줄 {count}개 (차이 탭)").format(count=diff) if diff
                         else self.tr("PG 엑셀과 모두 일치합니다."))
        else:
            parts.append(self.tr("이 달의 PG 엑셀을 가져오지 않아 원장 쪽만 보입니다."))
        if s.excluded.approvals:
            parts.append(self.tr("위변조 의심 등으로 제외된 거래 {count}건 {amount}원").format(
                count=f"{s.excluded.approvals:,}", amount=money(s.excluded.approved)))
        self.settlement_info.setText(" · ".join(parts))
        self.settlement_tabs.setTabText(3, self.tr("차이 ({count})").format(count=diff) if diff else self.tr("차이"))

    def tab_title(self) -> str:
        return self.tr("대사")


def add_recon_tab(window: MainWindow) -> ReconView:
    """Build the reconciliation view and add it to ``window`` as the "대사" tab."""
    ctx = window.ctx
    view = ReconView(ctx.ledger, ctx.runner, lang=window.lang, settings=ctx.settings, secrets=ctx.secrets,
                     panel=window.progress, open_detail=window.open_detail, parent=window)
    window.add_tab(view, view.tab_title)
    window.languageChanged.connect(view.set_language)
    return view
