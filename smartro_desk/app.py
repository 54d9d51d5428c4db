"""Start the window: QApplication, Korean font, translations, the ledger, the main window."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from smartro_desk import paths
from smartro_desk.cli_common import location_of
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.backend import display_location
from smartro_desk.ledger.location import resolve as resolve_location
from smartro_desk.secrets import KeyringSecrets

log = logging.getLogger(__name__)

ORGANIZATION = "smartro_desk"
APPLICATION = "smartro_desk"
# Fonts that draw Hangul well, in order of preference on each platform.
KOREAN_FONTS = {
    "win32": ("Malgun Gothic", "맑은 고딕", "Gulim", "Noto Sans KR"),
    "darwin": ("Apple SD Gothic Neo", "AppleGothic", "Noto Sans CJK KR"),
    "other": ("NanumGothic", "나눔고딕", "Noto Sans CJK KR", "Noto Sans KR", "UnDotum", "Baekmuk Gulim"),
}


def korean_families(platform: str | None = None) -> list[str]:
    """The installed Korean fonts to use, best first (empty if none is installed)."""
    key = platform or sys.platform
    wanted = KOREAN_FONTS.get(key, KOREAN_FONTS["other"])
    installed = set(QFontDatabase.families())
    return [f for f in wanted if f in installed]


def app_icon() -> QIcon:
    """The window icon: the SVG, with the rendered PNG for builds without the SVG plugin."""
    icons = paths.resource_dir() / "icons"
    icon = QIcon(str(icons / "smartro_desk.png"))
    icon.addFile(str(icons / "smartro_desk.svg"))
    return icon


def configure_application(app: QApplication) -> None:
    """Names, icon and a font that renders Korean (with the platform font as fallback)."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app.setWindowIcon(app_icon())
    families = korean_families()
    if families:
        font = QFont(app.font())
        font.setFamilies([*families, *font.families()])
        app.setFont(font)
    else:
        log.warning("no Korean font found; Hangul may not render")


def run_app(args: argparse.Namespace) -> int:
    """The window (the command line's default). Returns the exit code."""
    from smartro_desk.cancel.service import recover_stale
    from smartro_desk.logsetup import configure
    from smartro_desk.ui import messages, settings_store as S
    from smartro_desk.ui.crash import install_excepthook
    from smartro_desk.ui.endpoint import EmbeddedSandbox
    from smartro_desk.ui.settings_dialog import audit_name
    from smartro_desk.ui.i18n import Translations
    from smartro_desk.ui.main_window import AppContext, MainWindow
    from smartro_desk.ui.workers import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    app_paths = paths.resolve().ensure()
    log_handler = configure(app_paths.log_file)
    crash = install_excepthook(app_paths.log_file)
    settings = S.SettingsStore.in_folder(app_paths.data)
    translations = Translations(app)
    translations.switch(settings.get(S.LANGUAGE))
    given = getattr(args, "db", None)
    location = location_of(given) if given else resolve_location(
        settings.get(S.LEDGER_LOCATION), app_paths.ledger, KeyringSecrets())
    try:
        try:
            ledger = Ledger.open(location, actor=audit_name(settings))
        except Exception as exc:  # shown to the user; the details go to the log
            log.exception("cannot open ledger %s", display_location(location))
            messages.error(None, QCoreApplication.translate("app", "원장을 열 수 없습니다"),
                           QCoreApplication.translate("app", "{path} 원장을 열지 못했습니다.\n{reason}").format(
                               path=display_location(location), reason=display_location(messages.describe(exc))))
            return 1
        recover_stale(ledger)  # a cancel cut off by a crash stays blocked as "결과 확인 필요"
        runner = TaskRunner(app)
        sandbox = EmbeddedSandbox(app_paths.sandbox_state)
        window = MainWindow(AppContext(ledger, settings, runner, app_paths, translations, sandbox=sandbox))
        window.show()
        QTimer.singleShot(0, lambda: window.offer_demo(first_start=True))
        try:
            return app.exec()
        finally:
            # Not close(): closing the last window after exec() would queue another quit.
            window.shutdown()
            window.hide()
            window.deleteLater()
            runner.cancel_all()
            runner.wait(10_000)
            sandbox.stop()
            ledger.close()
    finally:
        crash.uninstall()
        translations.uninstall()
        logging.getLogger("smartro_desk").removeHandler(log_handler)
        log_handler.close()
