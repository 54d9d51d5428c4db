"""Where the app keeps its files, resolved once at start-up (never at import time).

``SMARTRO_DESK_HOME`` overrides everything (portable use and tests).
Windows: ``%LOCALAPPDATA%\\smartro_desk``; elsewhere ``$XDG_DATA_HOME/smartro_desk``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "smartro_desk"


@dataclass(frozen=True, slots=True)
class AppPaths:
    data: Path

    @property
    def ledger(self) -> Path:
        return self.data / "ledger.sqlite"

    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "smartro_desk.log"

    @property
    def sandbox_state(self) -> Path:
        return self.data / "sandbox.json"

    def ensure(self) -> AppPaths:
        self.logs.mkdir(parents=True, exist_ok=True)
        return self


def resolve(environ: dict[str, str] | None = None) -> AppPaths:
    env = os.environ if environ is None else environ
    if env.get("SMARTRO_DESK_HOME"):
        return AppPaths(Path(env["SMARTRO_DESK_HOME"]))
    if sys.platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return AppPaths(base / APP_DIR_NAME)


def resource_dir() -> Path:
    """The bundled ``resources/`` folder (next to the package, or inside a frozen build)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
