"""Where cancels go, as the window sees it: the setting, the embedded sandbox, the production strip.

* ``EndpointSettings`` is the choice kept in the settings file (``cancel/endpoint``:
  ``sandbox`` | ``test`` | ``production`` | ``custom``, and ``cancel/custom_url``);
  ``current_endpoint(store, sandbox_url)`` turns it into a ``cancel.endpoints.Endpoint``.
* ``EmbeddedSandbox`` runs the local stand-in gateway inside the app on
  ``127.0.0.1`` (a free port, state in ``paths.sandbox_state``), started on first
  need and stopped when the app quits. It is the default endpoint, so a new user
  can try cancels without a contract.
* ``ProductionBanner`` is a red strip shown for as long as production is selected.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import get_args

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from smartro_desk.cancel.endpoints import Endpoint, EndpointKind, parse_endpoint
from smartro_desk.sandbox import Sandbox
from smartro_desk.ui.settings_store import Key, SettingsStore

log = logging.getLogger(__name__)

ENDPOINT: Key[str] = Key("cancel/endpoint", "sandbox")  # one of KINDS
CUSTOM_URL: Key[str] = Key("cancel/custom_url", "")  # scheme://host[:port], used when ENDPOINT is "custom"
KINDS: tuple[EndpointKind, ...] = get_args(EndpointKind)
RED = "#b00000"

SandboxUrl = str | Callable[[], str]


@dataclass(frozen=True, slots=True)
class EndpointSettings:
    """The endpoint chosen in the settings: a kind and, for ``custom``, a base URL."""

    kind: EndpointKind = "sandbox"
    custom_url: str = ""

    KIND_KEY = ENDPOINT
    URL_KEY = CUSTOM_URL

    @classmethod
    def load(cls, store: SettingsStore) -> EndpointSettings:
        kind = store.get(ENDPOINT)
        if kind not in KINDS:
            log.warning("unknown endpoint setting %r; using the local sandbox", kind)
            kind = "sandbox"
        return cls(kind, store.get(CUSTOM_URL))  # type: ignore[arg-type]

    def save(self, store: SettingsStore) -> None:
        store.set(ENDPOINT, self.kind)
        store.set(CUSTOM_URL, self.custom_url)

    def resolve(self, sandbox_url: SandboxUrl) -> Endpoint:
        """The endpoint; ``sandbox_url`` (a URL or a function giving it) is only asked for the sandbox.

        Raises ``ValueError`` (a Korean sentence) for an unusable custom URL.
        """
        if self.kind == "sandbox":
            url = sandbox_url() if callable(sandbox_url) else sandbox_url
            return parse_endpoint("sandbox", sandbox_url=url)
        if self.kind == "custom":
            return parse_endpoint(self.custom_url)
        return parse_endpoint(self.kind)


def current_endpoint(store: SettingsStore, sandbox_url: SandboxUrl) -> Endpoint:
    """The endpoint in use. A custom URL that cannot be read (the file was edited by hand)
    falls back to the local sandbox, where nothing is refunded, and says so in the log."""
    choice = EndpointSettings.load(store)
    try:
        return choice.resolve(sandbox_url)
    except ValueError as exc:
        log.warning("endpoint setting unusable (%s); using the local sandbox", exc)
        return EndpointSettings().resolve(sandbox_url)


class EmbeddedSandbox:
    """The local sandbox, served from this process on 127.0.0.1 while the app runs.

    ``base_url`` starts it on first use (from any thread); ``stop()`` ends it.
    Pass ``sandbox`` to ``demo_month(..., sandbox=embedded.sandbox)`` so that demo
    payments exist in the sandbox that later answers their cancels.
    """

    def __init__(self, state_file: Path | None, *, host: str = "127.0.0.1", port: int = 0,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.state_file = state_file
        self._host, self._port, self._now = host, port, now
        self._lock = threading.Lock()
        self._sandbox: Sandbox | None = None
        self._url: str | None = None

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox object (made on first use; not necessarily serving yet)."""
        with self._lock:
            return self._make()

    def _make(self) -> Sandbox:
        if self._sandbox is None:
            try:
                self._sandbox = Sandbox(host=self._host, port=self._port, state_file=self.state_file, now=self._now)
            except ValueError as exc:  # an unreadable state file: keep it aside, start empty
                assert self.state_file is not None
                aside = self.state_file.with_name(f"{self.state_file.name}.unreadable-{datetime.now():%Y%m%d%H%M%S}")
                log.warning("%s; moved to %s, the sandbox starts empty", exc, aside)
                self.state_file.replace(aside)
                self._sandbox = Sandbox(host=self._host, port=self._port, state_file=self.state_file, now=self._now)
        return self._sandbox

    def start(self) -> str:
        """Serve (if not yet serving) and return the base URL, e.g. ``http://127.0.0.1:52311``."""
        with self._lock:
            if self._url is None:
                self._url = self._make().start()
            return self._url

    @property
    def base_url(self) -> str:
        return self.start()

    @property
    def running(self) -> bool:
        return self._url is not None

    def stop(self) -> None:
        with self._lock:
            sandbox, self._url = self._sandbox, None
        if sandbox is not None:
            sandbox.stop()

    def stop_on_quit(self, app: QCoreApplication) -> None:
        app.aboutToQuit.connect(self.stop)


class ProductionBanner(QLabel):
    """A red strip, visible only while the endpoint is Smartro's production server."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productionBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet(
            f"QLabel#productionBanner {{ background:{RED}; color:white; font-weight:700; padding:5px; }}")
        self.endpoint: Endpoint | None = None
        self.setVisible(False)
        self.retranslate()

    def set_endpoint(self, endpoint: Endpoint | None) -> None:
        self.endpoint = endpoint
        self.retranslate()
        self.setVisible(endpoint is not None and endpoint.is_production)

    def retranslate(self) -> None:
        text = self.tr("운영 서버에 연결됨 — 취소가 실제로 환불됩니다")
        if self.endpoint is not None and self.endpoint.is_production:
            text += f"  ({self.endpoint.base_url})"
        self.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @classmethod
    def attach(cls, window: QMainWindow) -> ProductionBanner:
        """Put a banner above ``window``'s central widget (kept, not replaced) and return it."""
        central = window.takeCentralWidget()
        holder = QWidget(window)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        banner = cls(holder)
        layout.addWidget(banner)
        if central is not None:
            layout.addWidget(central, 1)
        window.setCentralWidget(holder)
        return banner
