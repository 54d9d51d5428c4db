"""The main window: menus, toolbar, tabs, status bar; the ledger tab is ``LedgerView``.

Adding to it (other modules):

* a tab: ``window.add_tab(widget, title_fn)``; ``title_fn`` returns the
  translated title so it follows a language switch;
* an action: ``window.add_action("tools", action, toolbar=False)``; menus are
  ``file``, ``view``, ``tools``, ``help`` (``window.menus``);
* what the table shows (for exports and cancels): ``window.current_view()``,
  ``window.ledger_view.current_tid()`` and ``window.ledger_view.selected_tids()``;
* background work: ``window.ctx.runner.run_task(...)`` and ``window.progress``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStyle, QTabWidget, QToolBar, QWidget

from smartro_desk.ledger import Ledger
from smartro_desk.ledger.location import title as ledger_title
from smartro_desk.ledger.model import Change
from smartro_desk.paths import AppPaths
from smartro_desk.secrets import Secrets, default_secrets
from smartro_desk.ui import messages, settings_store as S
from smartro_desk.ui.export_controller import CurrentView, ExportController
from smartro_desk.ui.i18n import Translations
from smartro_desk.ui.import_controller import ImportController
from smartro_desk.ui.ledger_view import LedgerView
from smartro_desk.ui.presets import FilterState, state_from_dict, state_to_dict
from smartro_desk.ui.progress_panel import ProgressPanel
from smartro_desk.ui.readers import Readers
from smartro_desk.ui.summary_bar import SummaryBar
from smartro_desk.ui.transactions_model import TransactionsModel
from smartro_desk.ui.endpoint import EmbeddedSandbox, current_endpoint

from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.ui.workers import Done, Runner

if TYPE_CHECKING:  # the detail reads cancel rules (and loads the HTTP client): imported on first use
    from smartro_desk.ui.detail_dialog import DetailDialog

REFRESH_DELAY_MS = 250
CHOICES_DELAY_MS = 5000


@dataclass
class AppContext:
    """What the window works with; tests build one with an ``InlineRunner`` and a temp folder."""

    ledger: Ledger
    settings: S.SettingsStore
    runner: Runner
    paths: AppPaths
    translations: Translations | None = None
    secrets_factory: Callable[[], Secrets] = default_secrets
    sandbox: EmbeddedSandbox | None = None
    _secrets: Secrets | None = field(default=None, repr=False)

    def endpoint(self) -> Endpoint:
        """The cancel endpoint chosen in settings (the embedded sandbox starts on first need)."""
        if self.sandbox is None:
            self.sandbox = EmbeddedSandbox(self.paths.sandbox_state)
        sandbox = self.sandbox
        return current_endpoint(self.settings, lambda: sandbox.base_url)

    def secrets(self) -> Secrets:
        if self._secrets is None:
            self._secrets = self.secrets_factory()
        return self._secrets


class _Relay(QObject):
    """Ledger changes arrive on whatever thread committed; this queues them to the UI thread."""

    changed = Signal(object)


class MainWindow(QMainWindow):
    languageChanged = Signal(str)  # after ``set_language``: every tab follows, whichever way it was chosen

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.lang = ctx.settings.get(S.LANGUAGE) if ctx.settings.get(S.LANGUAGE) in ("ko", "en") else "ko"
        self.readers = Readers(ctx.ledger)
        self.model = TransactionsModel(self.readers, ctx.runner, lang=self.lang, parent=self)
        self.ledger_view = LedgerView(self.model, self)
        self.detail_dialog: DetailDialog | None = None
        self._titles: list[tuple[QWidget, Callable[[], str]]] = []
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.add_tab(self.ledger_view, lambda: self.tr("거래 원장"))
        self.progress = ProgressPanel(self)
        self.summary_bar = SummaryBar(self)
        self.statusBar().addWidget(self.summary_bar, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.imports = ImportController(ctx.ledger, ctx.runner, self.progress, ctx.settings, ctx.secrets, self)
        self.exports = ExportController(ctx.ledger, ctx.runner, self.progress, ctx.settings, self.current_view, self)
        self.menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = {}
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self._build_actions()
        self.setAcceptDrops(True)
        self._closing = False
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._relay = _Relay(self)
        self._relay.changed.connect(self._ledger_changed, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = ctx.ledger.subscribe(self._relay.changed.emit)
        self.remote_label = QLabel(self)  # when another desk's change was last taken in
        self.remote_label.setStyleSheet("color:#1d4f91; padding: 0 6px;")
        self.statusBar().addPermanentWidget(self.remote_label)
        self._stop_watching = ctx.ledger.watch_others()
        self.model.summaryChanged.connect(self.summary_bar.set_summary)
        self.model.busyChanged.connect(self.summary_bar.set_busy)
        self.model.failed.connect(lambda text: messages.error(self, self.tr("조회 실패"), text))
        self.ledger_view.detailRequested.connect(self.open_detail)
        self.ledger_view.filterChanged.connect(self._filter_changed)
        self.ledger_view.filter_bar.savePresetRequested.connect(self.save_preset)
        self.ledger_view.filter_bar.deletePresetRequested.connect(self.delete_preset)
        self.ledger_view.filter_bar.presetChosen.connect(self.choose_preset)
        from smartro_desk.ui.window_extras import WindowExtras  # it imports this module's type

        self.extras = WindowExtras(self)
        self.retranslate()
        self._restore()
        # The pick-lists scan the whole table: start with the last ones seen and read them again a
        # little later, so the scan does not slow the first screen and the first clicks.
        cached = ctx.settings.get(S.CHOICES)
        if self._show_choices(cached):
            QTimer.singleShot(CHOICES_DELAY_MS, self.load_choices)
        elif self.model.loaded_query is not None:  # the rows are in already (an inline runner)
            QTimer.singleShot(0, self.load_choices)
        else:
            self.model.refreshed.connect(self._first_rows_shown)

    def _first_rows_shown(self) -> None:
        self.model.refreshed.disconnect(self._first_rows_shown)
        QTimer.singleShot(0, self.load_choices)

    def _show_choices(self, cached: dict) -> bool:  # type: ignore[type-arg]
        try:
            pay_methods = [str(m) for m in cached["pay_methods"]]
            issuers = [str(i) for i in cached["issuers"]]
            merchants = [(str(mid), tuple(str(s) for s in subs)) for mid, subs in cached["merchants"]]
        except (KeyError, TypeError, ValueError):
            return False
        self.ledger_view.filter_bar.set_choices(pay_methods, issuers, merchants)
        return True

    # -- structure ----------------------------------------------------------------------

    def add_tab(self, widget: QWidget, title: Callable[[], str]) -> int:
        self._titles.append((widget, title))
        return self.tabs.addTab(widget, title())

    def add_action(self, menu: str, action: QAction, *, toolbar: bool = False) -> QAction:
        self.menus[menu].addAction(action)
        self.menus[menu].menuAction().setVisible(True)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    def _action(self, key: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None,
                icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        bar = self.menuBar()
        for key in ("file", "view", "tools", "help"):
            self.menus[key] = bar.addMenu("")
            self.menus[key].menuAction().setVisible(False)  # shown with its first action
        a = self._action
        self.add_action("file", a("import", self.imports.choose_and_import, QKeySequence.StandardKey.Open,
                                  SP.SP_DialogOpenButton), toolbar=True)
        self.add_action("file", a("export", self.exports.export, "Ctrl+E", SP.SP_DialogSaveButton), toolbar=True)
        self.menus["file"].addSeparator()
        self.add_action("file", a("demo", self.offer_demo))
        self.menus["file"].addSeparator()
        self.add_action("file", a("quit", self.close, QKeySequence.StandardKey.Quit))
        self.add_action("view", a("refresh", self.refresh, "F5", SP.SP_BrowserReload), toolbar=True)
        self.add_action("view", a("find", self.find, QKeySequence.StandardKey.Find))
        self.add_action("view", a("detail", self.ledger_view.open_current, None, SP.SP_FileDialogInfoView),
                        toolbar=True)
        self.columns_menu = self.menus["view"].addMenu("")  # the view menu has its actions already
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.language_menu = self.menus["view"].addMenu("")
        group = QActionGroup(self)
        for lang, label in (("ko", "한국어"), ("en", "English")):
            action = self.language_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(lang == self.lang)
            action.triggered.connect(lambda _checked=False, code=lang: self.set_language(code))
            group.addAction(action)
            self.actions[f"lang_{lang}"] = action
        self.add_action("help", a("about", self.about))

    def retranslate(self) -> None:
        titles = {"file": self.tr("파일(&F)"), "view": self.tr("보기(&V)"), "tools": self.tr("도구(&T)"),
                  "help": self.tr("도움말(&H)")}
        for key, menu in self.menus.items():
            menu.setTitle(titles[key])
        texts = {
            "import": (self.tr("가져오기…"), self.tr("통보 로그나 엑셀 파일을 원장에 가져옵니다 (파일을 창에 끌어 놓아도 됩니다)")),
            "export": (self.tr("내보내기…"), self.tr("지금 보이는 표를 엑셀로 내보냅니다")),
            "demo": (self.tr("예시 데이터 만들기…"), self.tr("시험용 상점의 한 달치 거래를 만들어 가져옵니다")),
            "quit": (self.tr("끝내기"), ""),
            "refresh": (self.tr("새로 고침"), self.tr("원장을 다시 읽습니다 (F5)")),
            "find": (self.tr("검색"), self.tr("검색 칸으로 이동 (Ctrl+F)")),
            "detail": (self.tr("상세 보기"), self.tr("고른 거래의 상세 (Enter)")),
            "about": (self.tr("이 프로그램에 대하여"), ""),
        }
        for key, (text, tip) in texts.items():
            self.actions[key].setText(text)
            self.actions[key].setToolTip(tip or text)
            self.actions[key].setStatusTip(tip)
        self.columns_menu.setTitle(self.tr("열 표시"))
        self.language_menu.setTitle(self.tr("언어 (Language)"))
        self.toolbar.setWindowTitle(self.tr("도구 모음"))
        for widget, title in self._titles:
            self.tabs.setTabText(self.tabs.indexOf(widget), title())
        self.setWindowTitle(self.tr("스마트로 결제 원장 — {ledger}").format(ledger=ledger_title(self.ctx.ledger.location)))
        if hasattr(self, "extras"):
            self.extras.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        for action in self.ledger_view.columns_menu(self.columns_menu).actions():
            self.columns_menu.addAction(action)

    # -- settings -----------------------------------------------------------------------

    def _restore(self) -> None:
        s = self.ctx.settings
        if s.get(S.WINDOW_GEOMETRY):
            self.restoreGeometry(s.get(S.WINDOW_GEOMETRY))
        else:
            self.resize(1360, 820)
        if s.get(S.WINDOW_STATE):
            self.restoreState(s.get(S.WINDOW_STATE))
        if s.get(S.SPLITTER):
            self.ledger_view.splitter.restoreState(s.get(S.SPLITTER))
        if s.get(S.COLUMNS):
            self.ledger_view.restore_columns(s.get(S.COLUMNS))
        sort = s.get(S.SORT)
        sort_key = sort[0] if len(sort) == 2 and isinstance(sort[0], str) else "approved_at"
        descending = bool(sort[1]) if len(sort) == 2 else True
        self._presets_changed()
        QTimer.singleShot(0, lambda: self.tabs.setCurrentIndex(s.get(S.CURRENT_TAB)))  # tabs added later count too
        self.ledger_view.start(state_from_dict(s.get(S.FILTER)), sort_key, descending)

    def save_settings(self) -> None:
        s = self.ctx.settings
        s.set(S.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        s.set(S.WINDOW_STATE, bytes(self.saveState().data()))
        s.set(S.SPLITTER, bytes(self.ledger_view.splitter.saveState().data()))
        s.set(S.COLUMNS, self.ledger_view.column_layout())
        s.set(S.SORT, [self.model.query.sort_key, self.model.query.descending])
        s.set(S.FILTER, state_to_dict(self.ledger_view.filter_state))
        s.set(S.LANGUAGE, self.lang)
        s.set(S.CURRENT_TAB, self.tabs.currentIndex())
        s.sync()

    def _filter_changed(self, state: FilterState) -> None:
        self.ctx.settings.set(S.FILTER, state_to_dict(state))

    # -- presets ------------------------------------------------------------------------

    def _presets_changed(self, current: str = "") -> None:
        self.ledger_view.filter_bar.set_presets(sorted(self.ctx.settings.get(S.PRESETS)), current)

    def save_preset(self) -> None:
        name = messages.ask_text(self, self.tr("조건 저장"), self.tr("이 검색 조건의 이름:"))
        if not name:
            return
        presets = dict(self.ctx.settings.get(S.PRESETS))
        presets[name] = state_to_dict(self.ledger_view.filter_state)
        self.ctx.settings.set(S.PRESETS, presets)
        self._presets_changed(name)

    def delete_preset(self, name: str) -> None:
        presets = dict(self.ctx.settings.get(S.PRESETS))
        if name in presets and messages.ask(self, self.tr("조건 삭제"), self.tr("'{name}' 조건을 지울까요?").format(name=name)):
            del presets[name]
            self.ctx.settings.set(S.PRESETS, presets)
            self._presets_changed()

    def choose_preset(self, name: str) -> None:
        saved = self.ctx.settings.get(S.PRESETS).get(name)
        if isinstance(saved, dict):
            self.ledger_view.apply_filter(state_from_dict(saved))

    # -- actions ------------------------------------------------------------------------

    def current_view(self) -> CurrentView:
        """The filter, order and visible columns of the table, for an export or a bulk action."""
        q = self.model.query
        return CurrentView(q.flt, q.sort_key, q.descending, self.ledger_view.visible_column_keys(), self.lang)

    def refresh(self) -> None:
        if self._closing:
            return
        self.model.refresh()
        self.load_choices()

    def load_choices(self) -> None:
        """Fill the filter's pick-lists from the ledger, on a worker (DISTINCT scans the table)."""
        if self._closing:
            return
        readers = self.readers

        def work(_ctx: object) -> tuple[list[str], list[str], list[tuple[str, tuple[str, ...]]]]:
            parent = {mid: up for mid, _name, up in readers.history.merchants() if up}
            present = readers.choices.distinct("mid")
            tops = sorted({parent.get(mid, mid) for mid in present})
            groups = [(top, tuple(sorted(m for m, up in parent.items() if up == top))) for top in tops]
            return readers.choices.distinct("pay_method"), readers.choices.distinct("fn_cd"), groups

        def done(outcome: object) -> None:
            if isinstance(outcome, Done) and not self._closing:
                pay_methods, issuers, merchants = outcome.value
                self.ledger_view.filter_bar.set_choices(pay_methods, issuers, merchants)
                self.ctx.settings.set(S.CHOICES, {"pay_methods": pay_methods, "issuers": issuers,
                                                  "merchants": [[mid, list(subs)] for mid, subs in merchants]})

        self.ctx.runner.run_task(work, done)

    def _ledger_changed(self, change: Change) -> None:
        if change.what in ("transactions", "merchants", "cancels", "resolutions"):
            self._refresh_timer.start()
        if change.external:
            self.remote_label.setText(self.tr("↻ {time} 다른 사용자의 변경을 반영했습니다").format(
                time=datetime.now().strftime("%H:%M:%S")))

    def open_detail(self, tid: str) -> DetailDialog | None:
        from smartro_desk.ui.detail_data import load_detail
        from smartro_desk.ui.detail_dialog import DetailDialog

        detail = load_detail(self.readers.history, tid, lang=self.lang)
        if detail is None:
            messages.warn(self, self.tr("거래 상세"), self.tr("원장에서 {tid} 거래를 찾지 못했습니다.").format(tid=tid))
            return None
        if self.detail_dialog is not None:
            self.detail_dialog.close()
        self.detail_dialog = DetailDialog(detail, lang=self.lang, settings=self.ctx.settings, parent=self)
        self.detail_dialog.show()
        return self.detail_dialog

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.ctx.settings.set(S.LANGUAGE, lang)
        if self.ctx.translations is not None:
            self.ctx.translations.switch(lang)  # Qt sends LanguageChange: texts follow
        self.ledger_view.set_language(lang)
        self.actions[f"lang_{lang}"].setChecked(True)
        self.languageChanged.emit(lang)

    def find(self) -> None:
        """Ctrl+F: the ledger's search box, from whichever tab (typing into a hidden one would filter unseen)."""
        self.tabs.setCurrentWidget(self.ledger_view)
        self.ledger_view.filter_bar.focus_search()

    def offer_demo(self, *, first_start: bool = False) -> None:
        from smartro_desk.ui.demo import offer_demo

        offer_demo(self, first_start=first_start)

    def about(self) -> None:
        self.extras.about()

    # -- drag and drop ------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.import_paths(paths)

    def shutdown(self) -> None:
        """Save the settings, stop background work, let go of the ledger (once; closing calls it)."""
        if self._closing:
            return
        self._closing = True
        self.save_settings()
        self._refresh_timer.stop()
        self._stop_watching()
        self._unsubscribe()
        self.extras.shutdown()
        self.model.shutdown()
        self.ctx.runner.cancel_all()
        self.ctx.runner.wait(10_000)
        self.readers.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
