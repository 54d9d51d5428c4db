"""First start: with an empty ledger, offer a month of demo data made by the local sandbox.

The sandbox's notification bodies are written as a log file in the data folder
(``demo/notifications-YYYY-MM.log``) and imported through the normal importer,
so the demo exercises the real path: duplicates are recognised, the one forged
SignValue shows as 위변조 의심.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from smartro_desk.ui import messages
from smartro_desk.ui.presets import month_state
from smartro_desk.ui.settings_store import DEMO_OFFERED
from smartro_desk.ui.workers import Done, Failed, Outcome

if TYPE_CHECKING:
    from smartro_desk.ui.main_window import MainWindow

DEMO_COUNT = 300
translate = QCoreApplication.translate


def demo_month_of(today: date) -> tuple[int, int]:
    """The last full month before ``today`` (demo payments should not lie in the future)."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def write_demo_log(folder: Path, year: int, month: int, *, count: int = DEMO_COUNT, seed: int = 0,
                   sandbox: Any = None) -> Path:
    """Create the month's payments in ``sandbox`` (the app's own, so they can be cancelled there
    later; a fresh one when ``None``) and write their notifications, one body a line."""
    from smartro_desk.sandbox import demo_month

    bodies = demo_month(year, month, seed=seed, count=count, sandbox=sandbox)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"notifications-{year:04d}-{month:02d}.log"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(b"".join(body.rstrip(b"\r\n") + b"\n" for body in bodies))
    tmp.replace(path)
    return path


def ledger_is_empty(ledger: Any) -> bool:
    """No transaction and no import yet (a cheap look, whatever the ledger's size)."""
    db = ledger.db
    return db.query_one("SELECT 1 FROM transactions LIMIT 1") is None and not ledger.batches()


def offer_demo(window: MainWindow, *, first_start: bool = False, today: date | None = None) -> None:
    """Ask, then make the demo log on a worker and import it like any dropped file.

    On first start the question is asked once, and only when the ledger is empty.
    """
    settings = window.ctx.settings
    if first_start:
        if settings.get(DEMO_OFFERED) or not ledger_is_empty(window.ctx.ledger):
            return
        settings.set(DEMO_OFFERED, True)
    year, month = demo_month_of(today or date.today())
    text = translate(
        "demo",
        "시험용 상점의 {year}년 {month}월 한 달치 예시 거래를 로컬 샌드박스로 만들어 가져올까요?\n\n"
        "카드, 계좌이체, 가상계좌, 부분취소, 중복 통보와 위변조된 기록 1건이 들어 있어 "
        "화면의 모든 기능을 바로 살펴볼 수 있습니다. 예시 거래는 시험용 MID로만 만들어집니다.",
    ).format(year=year, month=month)
    if first_start:
        text = translate("demo", "원장이 비어 있습니다.") + "\n\n" + text
    if not messages.ask(window, translate("demo", "예시 데이터"), text,
                        yes=translate("demo", "예시 데이터 만들기"), no=translate("demo", "나중에")):
        return
    folder = window.ctx.paths.data / "demo"

    def imported(_reports: list[Any]) -> None:
        window.imports.finished.disconnect(imported)
        window.ledger_view.apply_filter(month_state(year, month))

    def written(outcome: Outcome) -> None:
        if isinstance(outcome, Done):
            window.imports.finished.connect(imported)
            window.imports.import_paths([outcome.value])
        elif isinstance(outcome, Failed):
            messages.error(window, translate("demo", "예시 데이터"),
                           translate("demo", "예시 데이터를 만들지 못했습니다: {reason}").format(
                               reason=messages.describe(outcome.error)))

    embedded = window.ctx.sandbox
    sandbox = embedded.sandbox if embedded is not None else None
    window.ctx.runner.run_task(lambda _ctx: write_demo_log(folder, year, month, sandbox=sandbox), written)
