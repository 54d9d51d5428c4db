"""Korean by default, English selectable: Qt translation files from ``resources/i18n``.

Source strings are Korean (``self.tr("가져오기")``); ``smartro_desk_en.qm`` holds
the English. Codes, states and column headers come in both languages from the
protocol core and ``columns``, chosen by the ``lang`` the views are given.
Installing a translator makes Qt send every widget a ``LanguageChange`` event;
widgets set their texts again in ``retranslate()``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from smartro_desk.paths import resource_dir

log = logging.getLogger(__name__)

LANGUAGES = ("ko", "en")
APP_CATALOG = "smartro_desk"


def translations_dir() -> Path:
    return resource_dir() / "i18n"


class Translations:
    """The installed translators; ``switch(lang)`` replaces them."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.lang = "ko"
        self._installed: list[QTranslator] = []

    def switch(self, lang: str) -> str:
        lang = lang if lang in LANGUAGES else "ko"
        self.uninstall()
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates) if lang == "en" \
            else QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)
        QLocale.setDefault(locale)
        qt_base = QTranslator(self.app)  # Qt's own dialogs (file picker, calendar)
        if qt_base.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._install(qt_base)
        if lang == "en":
            ours = QTranslator(self.app)
            if ours.load(f"{APP_CATALOG}_en", str(translations_dir())):
                self._install(ours)
            else:
                log.warning("English translation not found in %s", translations_dir())
        self.lang = lang
        return lang

    def uninstall(self) -> None:
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []

    def _install(self, translator: QTranslator) -> None:
        self.app.installTranslator(translator)
        self._installed.append(translator)
