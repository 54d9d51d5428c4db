"""The window's money actions and settings: cancel, bulk cancel, settings, about, production banner;
the reconciliation and import history tabs.

Kept out of ``main_window`` so that module stays the table's home; ``install``
adds these to a built ``MainWindow``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from smartro_desk.secrets import KeyringSecrets
from smartro_desk.ui import messages
from smartro_desk.ui import settings_store as S
from smartro_desk.ui.endpoint import ProductionBanner

if TYPE_CHECKING:
    from smartro_desk.ui.main_window import MainWindow


class WindowExtras(QObject):
    """Owns the extra actions of one window and keeps the production banner current."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.banner = ProductionBanner.attach(window)
        self.banner.set_endpoint(window.ctx.endpoint())
        self.actions: dict[str, QAction] = {}
        self._add("cancel", self.cancel_current, "Ctrl+K")
        self._add("bulk_cancel", self.bulk_cancel, "Ctrl+Shift+K")
        self._add("settings", self.settings, "Ctrl+,")  # the standard Preferences key is none on Windows
        self._add("history", self.show_history, "Ctrl+H")
        self.retranslate()
        from smartro_desk.ui.history_view import add_history_tab
        from smartro_desk.ui.recon_view import add_recon_tab

        self.recon = add_recon_tab(window)
        self.history = add_history_tab(window)

    def _add(self, key: str, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | str) -> None:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.actions[key] = self.window.add_action("tools", action, toolbar=key == "cancel")

    def retranslate(self) -> None:
        self.actions["cancel"].setText(self.tr("결제 취소…"))
        self.actions["cancel"].setStatusTip(self.tr("선택한 거래를 전체 또는 부분 취소합니다"))
        self.actions["bulk_cancel"].setText(self.tr("일괄 취소…"))
        self.actions["settings"].setText(self.tr("설정…"))
        self.actions["history"].setText(self.tr("가져오기 기록"))
        self.actions["history"].setStatusTip(self.tr("가져온 파일 목록: 거부된 기록, 되돌리기, 보고서 내보내기"))

    def cancel_current(self) -> None:
        from smartro_desk.ui.cancel_dialog import open_cancel_dialog

        tid = self.window.ledger_view.current_tid()
        if not tid:
            messages.inform(self.window, self.tr("결제 취소"), self.tr("취소할 거래를 먼저 선택하세요."))
            return
        ctx = self.window.ctx
        open_cancel_dialog(self.window, ctx.ledger, ctx.secrets(), tid, ctx.endpoint(), lang=self.window.lang)

    def bulk_cancel(self) -> None:
        from smartro_desk.ui.bulk_cancel_dialog import open_bulk_cancel_dialog

        ctx = self.window.ctx
        open_bulk_cancel_dialog(self.window, ctx.ledger, ctx.secrets(), self.window.ledger_view.selected_tids(),
                                ctx.endpoint(), lang=self.window.lang)

    def settings(self) -> None:
        from smartro_desk.ui.settings_dialog import open_settings_dialog

        ctx = self.window.ctx
        changes = open_settings_dialog(self.window, ledger=ctx.ledger, settings=ctx.settings, secrets=ctx.secrets())
        if changes.language:
            self.window.set_language(ctx.settings.get(S.LANGUAGE))
        if changes.endpoint:
            self.banner.set_endpoint(ctx.endpoint())
        if changes.merchants:
            self.window.load_choices()
        if changes.ledger:
            messages.inform(self.window, self.tr("원장 위치"), self.tr("새 원장 위치는 프로그램을 다시 시작하면 적용됩니다."))

    def show_history(self) -> None:
        self.window.tabs.setCurrentWidget(self.history)

    def shutdown(self) -> None:
        """The window is closing: the history tab stops reading the ledger."""
        self.history.unsubscribe()

    def about(self) -> None:
        from smartro_desk.ui.about_dialog import open_about_dialog

        ctx = self.window.ctx
        open_about_dialog(self.window, ledger_location=ctx.ledger.location, paths=ctx.paths,
                          endpoint=ctx.endpoint(), keyring_available=KeyringSecrets().available())


def install(window: MainWindow) -> WindowExtras:
    return WindowExtras(window)
