"""One way to run background work: ``run_task`` on a thread pool, results back on the UI thread.

    handle = runner.run_task(work, on_done, on_progress=...)

``work(ctx)`` runs on a pool thread with ``ctx.cancel`` (a ``CancelToken``) and
``ctx.progress(done, total)``. Its outcome comes back to ``on_done`` on the UI
thread as one typed object: ``Done(value)``, ``Failed(error, trace)`` or
``Stopped()`` (the work raised ``Cancelled``). Progress comes back to
``on_progress`` as ``ProgressUpdate(done, total)``, at most every 50 ms.

Tests swap in ``InlineRunner``: the same API, the work runs at once in the
calling thread and the callbacks are called before ``run_task`` returns.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal

from smartro_desk.tasks import CancelToken, Cancelled

log = logging.getLogger(__name__)

T = TypeVar("T")
PROGRESS_INTERVAL = 0.05  # seconds between progress updates sent to the UI


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    value: T


@dataclass(frozen=True, slots=True)
class Failed:
    error: BaseException
    trace: str = ""


@dataclass(frozen=True, slots=True)
class Stopped:
    """The work stopped because it was cancelled (it raised ``Cancelled``)."""


Outcome = Done[Any] | Failed | Stopped


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    done: int
    total: int  # 0 when unknown

    @property
    def percent(self) -> int | None:
        return None if self.total <= 0 else max(0, min(100, self.done * 100 // self.total))


@dataclass(slots=True)
class TaskContext:
    """What the work function gets: a cancel token and a progress callback."""

    cancel: CancelToken
    progress: Callable[[int, int], None]


@dataclass(slots=True)
class TaskHandle:
    """The caller's grip on a running task."""

    token: CancelToken = field(default_factory=CancelToken)
    finished: bool = False

    def cancel(self) -> None:
        self.token.cancel()


Work = Callable[[TaskContext], Any]
OnDone = Callable[[Outcome], None]
OnProgress = Callable[[ProgressUpdate], None]


class Runner(Protocol):
    def run_task(self, work: Work, on_done: OnDone, *, on_progress: OnProgress | None = None) -> TaskHandle: ...
    def cancel_all(self) -> None: ...
    def wait(self, msecs: int = -1) -> bool: ...


def _outcome(work: Work, ctx: TaskContext) -> Outcome:
    try:
        return Done(work(ctx))
    except Cancelled:
        return Stopped()
    except Exception as exc:  # handed to the UI thread, which decides what to say
        trace = traceback.format_exc()
        log.debug("background task failed:\n%s", trace)
        return Failed(exc, trace)


class _Relay(QObject):
    """Lives in the UI thread; signals emitted from the pool thread are queued to its slots."""

    progressed = Signal(object)
    finished = Signal(object)

    def __init__(self, on_progress: Callable[[ProgressUpdate], None] | None, on_finished: Callable[[Outcome], None]) -> None:
        super().__init__()
        self._on_progress = on_progress
        self._on_finished = on_finished
        self.progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)
        self.finished.connect(self._deliver_outcome, Qt.ConnectionType.QueuedConnection)

    def _deliver_progress(self, update: ProgressUpdate) -> None:
        if self._on_progress is not None:
            self._on_progress(update)

    def _deliver_outcome(self, outcome: Outcome) -> None:
        self._on_progress = None  # a late progress update after the end is dropped
        self._on_finished(outcome)


class _Job(QRunnable):
    def __init__(self, work: Work, relay: _Relay, handle: TaskHandle) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (the runner keeps it until it is done)
        self.work = work
        self.relay = relay
        self.handle = handle
        self._last = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL or (total and done >= total):
            self._last = now
            self.relay.progressed.emit(ProgressUpdate(done, total))

    def run(self) -> None:
        outcome = _outcome(self.work, TaskContext(self.handle.token, self._progress))
        self.relay.finished.emit(outcome)


class TaskRunner(QObject):
    """Runs work on its own ``QThreadPool``; create it in the UI thread."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._jobs: dict[int, tuple[_Job, _Relay, TaskHandle]] = {}
        self._lock = threading.Lock()
        self._next = 0

    def run_task(self, work: Work, on_done: OnDone, *, on_progress: OnProgress | None = None) -> TaskHandle:
        handle = TaskHandle()
        self._next += 1
        key = self._next
        # created here, so it belongs to the UI thread and its slots run there
        relay = _Relay(on_progress, lambda outcome: self._finish(key, outcome, on_done))
        job = _Job(work, relay, handle)
        with self._lock:
            self._jobs[key] = (job, relay, handle)
        self.pool.start(job)
        return handle

    def _finish(self, key: int, outcome: Outcome, on_done: OnDone) -> None:
        with self._lock:
            entry = self._jobs.pop(key, None)
        if entry is not None:
            entry[2].finished = True
            entry[1].deleteLater()
        on_done(outcome)

    @property
    def active(self) -> int:
        with self._lock:
            return len(self._jobs)

    def cancel_all(self) -> None:
        with self._lock:
            handles = [entry[2] for entry in self._jobs.values()]
        for handle in handles:
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool's threads are idle (shutdown only: callbacks are not delivered)."""
        return self.pool.waitForDone(msecs)


class InlineRunner:
    """The test double: runs the work at once, in the calling thread."""

    def __init__(self) -> None:
        self.handles: list[TaskHandle] = []

    def run_task(self, work: Work, on_done: OnDone, *, on_progress: OnProgress | None = None) -> TaskHandle:
        handle = TaskHandle()
        self.handles.append(handle)

        def progress(done: int, total: int) -> None:
            if on_progress is not None:
                on_progress(ProgressUpdate(done, total))

        outcome = _outcome(work, TaskContext(handle.token, progress))
        handle.finished = True
        on_done(outcome)
        return handle

    @property
    def active(self) -> int:
        return 0

    def cancel_all(self) -> None:
        for handle in self.handles:
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return True
