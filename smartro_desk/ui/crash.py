"""Unexpected errors: logged with their traceback, then explained in a dialog; the app goes on.

``install_excepthook(log_file)`` replaces ``sys.excepthook`` (an exception in a
Qt slot or event handler) and ``threading.excepthook`` (a worker thread). The
traceback goes to the ``smartro_desk.crash`` logger, so the log file's secret
scrubber applies; the dialog is shown on the UI thread only (a worker's report
is queued there), one at a time, with the log file's path. The ledger needs no
repair: every write is one transaction, so an interrupted one is rolled back.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QUrl, Signal
from PySide6.QtWidgets import QApplication

from smartro_desk.logsetup import SCRUBBER
from smartro_desk.ui import messages

log = logging.getLogger("smartro_desk.crash")
translate = QCoreApplication.translate


@dataclass(frozen=True, slots=True)
class CrashReport:
    title: str
    text: str  # the short explanation, with the log file's path
    details: str  # the traceback, scrubbed of secrets
    log_file: Path
    thread: str


ShowCrash = Callable[[CrashReport], None]


def show_crash_dialog(report: CrashReport) -> None:
    """The default ``show``: an error box (through ``messages``) that can open the log folder."""
    parent = QApplication.activeWindow() if isinstance(QCoreApplication.instance(), QApplication) else None
    choice = messages.show(parent, "error", report.title, report.text, details=report.details, buttons=(
        ("ok", translate("crash", "계속")), ("open", translate("crash", "로그 폴더 열기"))))
    if choice == "open":
        messages.open_url(QUrl.fromLocalFile(str(report.log_file.parent)).toString())


def crash_report(log_file: Path, exc_type: type[BaseException], exc: BaseException | None,
                 tb: TracebackType | None, thread: str) -> CrashReport:
    text = translate(
        "crash",
        "예상하지 못한 오류가 생겨 방금 하던 작업이 끝나지 않았을 수 있습니다.\n"
        "원장은 마지막으로 저장된 상태 그대로이므로 프로그램을 계속 쓸 수 있습니다. "
        "작업 결과를 확인한 뒤 다시 시도해 보세요.\n\n"
        "같은 문제가 되풀이되면 아래 로그 파일을 담당자에게 보내 주세요 (키와 비밀번호는 들어 있지 않습니다):\n{path}",
    ).format(path=log_file)
    details = SCRUBBER.scrub("".join(traceback.format_exception(exc_type, exc, tb)))
    return CrashReport(translate("crash", "예상하지 못한 오류"), text, details, log_file, thread)


class _Relay(QObject):
    """Created on the UI thread; a report emitted from any thread is delivered there."""

    report = Signal(object)


class CrashHandler:
    """The installed hooks; ``uninstall()`` puts the previous ones back."""

    def __init__(self, log_file: Path | str, show: ShowCrash | None = None) -> None:
        self.log_file = Path(log_file)
        self.show = show or show_crash_dialog
        self.reports: list[CrashReport] = []  # every report handled, newest last
        self.dropped = 0  # reports that arrived while a dialog was open (logged, not shown)
        self._showing = False
        self._relay = _Relay()
        self._relay.report.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook

    def install(self) -> CrashHandler:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_sys
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_threading

    def handle(self, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None,
               thread: str | None = None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_sys(exc_type, exc, tb)  # type: ignore[arg-type]
            return
        name = thread or threading.current_thread().name
        try:
            log.critical("unexpected error in thread %s", name, exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]
            report = crash_report(self.log_file, exc_type, exc, tb, name)
            self.reports.append(report)
            if QCoreApplication.instance() is None:  # no window to show it in
                sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]
            elif threading.current_thread() is threading.main_thread() and _no_event_loop():
                self._deliver(report)  # before exec() or after it: no loop would ever deliver it
            else:
                self._relay.report.emit(report)
        except Exception:  # the hook itself must never take the app down
            sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, args.thread.name if args.thread else None)

    def _deliver(self, report: CrashReport) -> None:
        if self._showing:
            self.dropped += 1
            return
        self._showing = True
        try:
            self.show(report)
        except Exception:
            log.exception("could not show the crash dialog")
        finally:
            self._showing = False


def _no_event_loop() -> bool:
    return QThread.currentThread().loopLevel() == 0


def install_excepthook(log_file: Path | str, show: ShowCrash | None = None) -> CrashHandler:
    """Install the hooks (call on the UI thread, after ``QApplication`` exists)."""
    return CrashHandler(log_file, show).install()
