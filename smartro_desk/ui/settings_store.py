"""The window's own settings: a typed registry of keys with defaults, and a version.

Stored with ``QSettings`` in an INI file in the data folder (``settings.ini`` next
to the ledger), so a portable or test data folder carries its settings with it.
Values are kept as JSON text (bytes as base64), so they read back with the type
they were written with whatever the platform's settings backend would do.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)

T = TypeVar("T")
VERSION = 1
_VERSION_KEY = "meta/version"


@dataclass(frozen=True, slots=True)
class Key(Generic[T]):
    name: str
    default: T

    def coerce(self, value: Any) -> T:
        """The stored value if it has the default's type, else the default."""
        default = self.default
        if isinstance(default, bool):
            return value if isinstance(value, bool) else default  # type: ignore[return-value]
        if isinstance(default, (bytes, str, int, list, dict)) and not isinstance(value, type(default)):
            return default
        return value  # type: ignore[no-any-return]


LANGUAGE: Key[str] = Key("ui/language", "ko")  # "ko" or "en"
LEDGER_LOCATION: Key[str] = Key("ledger/location", "")  # "" = this PC's file; else a URL without its password
WINDOW_GEOMETRY: Key[bytes] = Key("window/geometry", b"")
WINDOW_STATE: Key[bytes] = Key("window/state", b"")  # toolbars and docks
SPLITTER: Key[bytes] = Key("window/splitter", b"")  # table | preview
CURRENT_TAB: Key[int] = Key("window/tab", 0)
COLUMNS: Key[list] = Key("table/columns", [])  # [{"key", "width", "hidden"}] in visual order
SORT: Key[list] = Key("table/sort", ["approved_at", True])  # [column key, descending]
LAST_FOLDER: Key[str] = Key("paths/last_folder", "")
EXPORT_FOLDER: Key[str] = Key("paths/export_folder", "")
FILTER: Key[dict] = Key("filter/current", {})  # presets.state_to_dict
PRESETS: Key[dict] = Key("filter/presets", {})  # name -> presets.state_to_dict
CHOICES: Key[dict] = Key("filter/choices", {})  # the filter's pick-lists as last read from the ledger
DEMO_OFFERED: Key[bool] = Key("first_start/demo_offered", False)
DETAIL_GEOMETRY: Key[bytes] = Key("detail/geometry", b"")
REPORT_GEOMETRY: Key[bytes] = Key("import_report/geometry", b"")

KEYS: tuple[Key[Any], ...] = (
    LANGUAGE, LEDGER_LOCATION, WINDOW_GEOMETRY, WINDOW_STATE, SPLITTER, CURRENT_TAB, COLUMNS, SORT, LAST_FOLDER,
    EXPORT_FOLDER, FILTER, PRESETS, CHOICES, DEMO_OFFERED, DETAIL_GEOMETRY, REPORT_GEOMETRY,
)


def _encode(value: Any) -> str:
    if isinstance(value, bytes):
        return json.dumps({"b64": base64.b64encode(value).decode("ascii")})
    return json.dumps(value, ensure_ascii=True)


def _decode(text: str) -> Any:
    value = json.loads(text)
    if isinstance(value, dict) and set(value) == {"b64"}:
        return base64.b64decode(value["b64"])
    return value


class SettingsStore:
    """``get(KEY)`` / ``set(KEY, value)`` over one INI file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._migrate()

    @classmethod
    def in_folder(cls, folder: Path | str) -> SettingsStore:
        return cls(Path(folder) / "settings.ini")

    def _migrate(self) -> None:
        stored = self._qs.value(_VERSION_KEY)
        version = int(stored) if isinstance(stored, (int, str)) and str(stored).isdigit() else 0
        if version > VERSION:
            log.warning("settings written by a newer version (%s > %s); unknown keys are ignored", version, VERSION)
            return
        # Version 1 is the first; later versions rename or convert keys here, in order.
        self._qs.setValue(_VERSION_KEY, VERSION)

    def get(self, key: Key[T]) -> T:
        raw = self._qs.value(key.name)
        if not isinstance(raw, str):
            return key.default
        try:
            return key.coerce(_decode(raw))
        except (ValueError, TypeError):
            log.warning("ignoring unreadable setting %s", key.name)
            return key.default

    def set(self, key: Key[T], value: T) -> None:
        self._qs.setValue(key.name, _encode(value))

    def reset(self, key: Key[Any]) -> None:
        self._qs.remove(key.name)

    def sync(self) -> None:
        self._qs.sync()
