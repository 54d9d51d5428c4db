"""run_task: results, errors and cancels come back to the UI thread as typed objects."""

from __future__ import annotations

import os
import threading
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from smartro_desk.ui.workers import (  # noqa: E402
    Done, Failed, InlineRunner, ProgressUpdate, Stopped, TaskContext, TaskRunner,
)


@pytest.fixture
def runner(qtbot: Any) -> TaskRunner:
    made = TaskRunner()
    yield made
    made.cancel_all()
    assert made.wait(10_000)


def run(qtbot: Any, runner: Any, work: Any) -> tuple[Any, list[ProgressUpdate], list[str]]:
    outcomes: list[Any] = []
    updates: list[ProgressUpdate] = []
    threads: list[str] = []

    def done(outcome: Any) -> None:
        threads.append(threading.current_thread().name)
        outcomes.append(outcome)

    runner.run_task(work, done, on_progress=updates.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    return outcomes[0], updates, threads


def test_the_value_comes_back_on_the_ui_thread(qtbot: Any, runner: TaskRunner) -> None:
    worker: list[str] = []

    def work(ctx: TaskContext) -> int:
        worker.append(threading.current_thread().name)
        ctx.progress(10, 10)
        return 42

    outcome, updates, threads = run(qtbot, runner, work)
    assert outcome == Done(42)
    assert worker[0] != threading.main_thread().name
    assert threads == [threading.main_thread().name]
    assert updates == [ProgressUpdate(10, 10)]
    assert updates[0].percent == 100
    assert runner.active == 0


def test_an_exception_comes_back_as_failed(qtbot: Any, runner: TaskRunner) -> None:
    def work(ctx: TaskContext) -> None:
        raise ValueError("원장이 잠겨 있습니다")

    outcome, _, _ = run(qtbot, runner, work)
    assert isinstance(outcome, Failed)
    assert str(outcome.error) == "원장이 잠겨 있습니다"
    assert "ValueError" in outcome.trace


def test_cancel_token_stops_the_work(qtbot: Any, runner: TaskRunner) -> None:
    started = threading.Event()

    def work(ctx: TaskContext) -> None:
        started.set()
        while True:
            ctx.cancel.raise_if_cancelled()
            ctx.cancel._event.wait(0.01)  # the token's own wait, not a sleep

    outcomes: list[Any] = []
    handle = runner.run_task(work, outcomes.append)
    assert started.wait(10)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    assert outcomes == [Stopped()]
    assert handle.finished


def test_progress_is_throttled(qtbot: Any, runner: TaskRunner) -> None:
    def work(ctx: TaskContext) -> str:
        for n in range(1, 100_001):
            ctx.progress(n, 100_000)
        return "done"

    outcome, updates, _ = run(qtbot, runner, work)
    assert outcome == Done("done")
    assert 1 <= len(updates) < 1000
    assert updates[-1] == ProgressUpdate(100_000, 100_000)  # the end is always reported


def test_inline_runner_is_synchronous() -> None:
    runner = InlineRunner()
    outcomes: list[Any] = []
    updates: list[ProgressUpdate] = []

    def work(ctx: TaskContext) -> str:
        ctx.progress(1, 0)
        return "ok"

    handle = runner.run_task(work, outcomes.append, on_progress=updates.append)
    assert handle.finished and outcomes == [Done("ok")] and updates == [ProgressUpdate(1, 0)]
    assert updates[0].percent is None

    def cancelled(ctx: TaskContext) -> None:
        ctx.cancel.cancel()
        ctx.cancel.raise_if_cancelled()

    runner.run_task(cancelled, outcomes.append)
    assert outcomes[-1] == Stopped()
