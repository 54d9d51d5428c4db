"""Test harness: offscreen Qt, a private data folder, an in-memory keyring."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SMARTRO_DESK_HOME"] = tempfile.mkdtemp(prefix="smartro-desk-tests-")


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the test ends."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def private_home(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data folder, so nothing touches a user's ledger or settings."""
    monkeypatch.setenv("SMARTRO_DESK_HOME", str(tmp_path / "home"))
