"""Shared pieces of the UI tests: a ledger with known rows, a window on an inline runner, a fake user."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from fixtures_ingest.builders import KEY, MID, form, notification  # noqa: E402
from smartro_desk.ledger import Ledger  # noqa: E402
from smartro_desk.paths import AppPaths  # noqa: E402
from smartro_desk.secrets import Secrets  # noqa: E402

# The offscreen platform cannot pass a top-level window's size limits on and says so;
# a real display (Windows, X11) can. Every test that shows a window carries this mark.
OFFSCREEN = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

TX_COLUMNS = (
    "tid", "mid", "pay_method", "order_id", "approved_at", "amount", "cancelled", "remaining", "state",
    "fn_cd", "fn_name", "card_quota", "auth_code", "buyer", "goods", "result_code", "result_msg",
    "sign_status", "channels", "event_count", "flagged", "cancel_hold", "updated_at",
)


def tx_row(n: int, *, when: datetime, amount: int, method: str = "CARD", state: str = "approved",
           cancelled: int = 0, flagged: int = 0, buyer: str = "김민준", goods: str = "겨울 점퍼",
           fn_cd: str = "04", mid: str = MID, hold: str | None = None) -> tuple[Any, ...]:
    code = {"CARD": "01", "BANK": "02", "VBANK": "03"}[method]
    tid = f"{mid}{code}01{when:%y%m%d%H%M%S}{n % 10000:04d}"
    return (
        tid, mid, method, f"ORD-{n:06d}", when.strftime("%Y-%m-%d %H:%M:%S"), amount, cancelled, amount - cancelled,
        state, fn_cd, "", "00" if method == "CARD" else "", "1234", buyer, goods,
        "3001" if method == "CARD" else "4000", "", "mismatch" if flagged else "verified", "notification", 1,
        flagged, hold, "2024-01-01 00:00:00",
    )


def insert_transactions(ledger: Ledger, rows: Sequence[tuple[Any, ...]]) -> None:
    """Rows straight into ``transactions`` (as the benchmark does), bypassing the importer."""
    marks = ",".join("?" * len(TX_COLUMNS))
    with ledger.write():
        ledger.db.executemany(f"INSERT INTO transactions ({', '.join(TX_COLUMNS)}) VALUES ({marks})", rows)


def write_log(path: Path, count: int = 12, *, forged: int | None = 5, retried: int | None = 2,
              start: int = 1) -> Path:
    """A notification log: ``count`` signed approvals, one forged copy, one retry (a duplicate line)."""
    lines = [form(notification(n, amount=1000 * n)) for n in range(start, start + count)]
    if retried is not None:
        lines.append(lines[retried - start])
    if forged is not None:
        lines.append(form(notification(forged, amount=1000 * forged, key="wrong-key-" + KEY[:8])))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@dataclass
class FakeUser:
    """Answers the message boxes and pickers of ``smartro_desk.ui.messages``; remembers what was asked."""

    answers: list[str] = field(default_factory=list)  # keys returned by ``show``, in order ("yes", "ok"...)
    texts: list[str] = field(default_factory=list)  # returned by ``ask_text``
    files: list[list[str]] = field(default_factory=list)  # returned by ``choose_open_files``
    save_as: list[str] = field(default_factory=list)  # returned by ``choose_save_file``
    shown: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, text)
    opened: list[str] = field(default_factory=list)  # URLs

    def show(self, parent: Any, kind: str, title: str, text: str, **_: Any) -> str:
        self.shown.append((kind, title, text))
        return self.answers.pop(0) if self.answers else ("no" if kind == "question" else "ok")


@pytest.fixture
def user(monkeypatch: pytest.MonkeyPatch) -> FakeUser:
    from smartro_desk.ui import messages

    fake = FakeUser()
    monkeypatch.setattr(messages, "show", fake.show)
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: fake.texts.pop(0) if fake.texts else "")
    monkeypatch.setattr(messages, "choose_open_files", lambda *a, **k: fake.files.pop(0) if fake.files else [])
    monkeypatch.setattr(messages, "choose_save_file", lambda *a, **k: fake.save_as.pop(0) if fake.save_as else "")
    monkeypatch.setattr(messages, "open_url", lambda url: fake.opened.append(url) or True)
    return fake


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    opened = Ledger.open(tmp_path / "home" / "ledger.sqlite", actor="tester")
    yield opened
    opened.close()


def make_context(ledger: Ledger, folder: Path, runner: Any = None, translations: Any = None) -> Any:
    from smartro_desk.ui.main_window import AppContext
    from smartro_desk.ui.settings_store import SettingsStore
    from smartro_desk.ui.workers import InlineRunner

    paths = AppPaths(folder)
    return AppContext(ledger, SettingsStore.in_folder(folder), runner or InlineRunner(), paths, translations,
                      secrets_factory=lambda: Secrets())


@pytest.fixture
def make_window(qtbot: Any, ledger: Ledger, tmp_path: Path, user: FakeUser) -> Callable[..., Any]:
    """Build (and show) a MainWindow over ``ledger``; several may be made in turn (same settings)."""
    from smartro_desk.ui.main_window import MainWindow

    def make(runner: Any = None, translations: Any = None) -> MainWindow:
        window = MainWindow(make_context(ledger, tmp_path / "home", runner, translations))
        qtbot.addWidget(window)
        window.imports.ask_mapping = lambda parent, error: None
        window.show()
        qtbot.waitExposed(window)
        return window

    return make
