"""Long work's two hooks, free of Qt: a cancel token and a progress callback.

Importers, reconciliation, export and bulk cancel take these; the UI's worker
thread adapts them to a progress bar and a cancel button.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Progress = Callable[[int, int], None]
"""``progress(done, total)``; ``total`` is 0 when unknown (e.g. bytes of a stream not yet sized)."""


class Cancelled(Exception):
    """The user cancelled; whatever was under way has been rolled back."""


class CancelToken:
    """Set from the UI thread, checked by the worker between chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("사용자가 작업을 취소했습니다")


def no_progress(done: int, total: int) -> None:
    """The progress callback for callers that do not show progress."""
