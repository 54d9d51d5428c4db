"""Every question the app puts to the user goes through here, so tests patch one place.

``show`` is the one message box; ``inform``/``warn``/``error``/``ask`` call it.
File pickers (``choose_open_files``, ``choose_save_file``) and ``open_url`` (the
browser) live here for the same reason. Patch ``smartro_desk.ui.messages.show``
(and friends) in tests; nothing else in the UI opens a modal box of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

log = logging.getLogger(__name__)

Kind = Literal["info", "warning", "error", "question"]
Button = tuple[str, str]  # (key returned by ``show``, label)

translate = QCoreApplication.translate

_ICONS = {
    "info": QMessageBox.Icon.Information,
    "warning": QMessageBox.Icon.Warning,
    "error": QMessageBox.Icon.Critical,
    "question": QMessageBox.Icon.Question,
}


def show(
    parent: QWidget | None, kind: Kind, title: str, text: str, *, details: str = "",
    buttons: Sequence[Button] = (), default: str | None = None,
) -> str:
    """A modal message box; returns the key of the button pressed ("" if closed otherwise)."""
    box = QMessageBox(parent)
    box.setIcon(_ICONS[kind])
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    if not buttons:
        if kind == "question":
            buttons = (("yes", translate("messages", "예")), ("no", translate("messages", "아니요")))
        else:
            buttons = (("ok", translate("messages", "확인")),)
    made = {}
    for key, label in buttons:
        role = QMessageBox.ButtonRole.RejectRole if key in ("no", "cancel") else QMessageBox.ButtonRole.AcceptRole
        made[key] = box.addButton(label, role)
    chosen_default = default or buttons[0][0]
    box.setDefaultButton(made[chosen_default])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in made.items() if button is clicked), "")


def inform(parent: QWidget | None, title: str, text: str, *, details: str = "") -> None:
    show(parent, "info", title, text, details=details)


def warn(parent: QWidget | None, title: str, text: str, *, details: str = "") -> None:
    show(parent, "warning", title, text, details=details)


def error(parent: QWidget | None, title: str, text: str, *, details: str = "") -> None:
    show(parent, "error", title, text, details=details)


def ask(parent: QWidget | None, title: str, text: str, *, yes: str = "", no: str = "") -> bool:
    """A yes/no question; True for yes."""
    buttons = (("yes", yes or translate("messages", "예")), ("no", no or translate("messages", "아니요")))
    return show(parent, "question", title, text, buttons=buttons) == "yes"


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str:
    """A line of text from the user; "" if cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value.strip() if ok else ""


def describe(exc: BaseException) -> str:
    """An exception as a sentence; our own errors already speak Korean, others get their type."""
    text = str(exc).strip()
    if isinstance(exc, (OSError,)) and getattr(exc, "strerror", None):
        return translate("messages", "파일을 다룰 수 없습니다: {reason}").format(reason=exc.strerror)
    return text or type(exc).__name__


def choose_open_files(parent: QWidget | None, title: str, folder: str, filters: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
    return list(paths)


def choose_save_file(parent: QWidget | None, title: str, path: str, filters: str) -> str:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, path, filters)
    return chosen


def open_url(url: str) -> bool:
    """Open ``url`` in the user's browser (or a local file in its program)."""
    ok = QDesktopServices.openUrl(QUrl(url))
    if not ok:
        log.warning("could not open %s", url)
    return ok
