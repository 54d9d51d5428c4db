"""Test harness: offscreen Qt, a private data folder, an in-memory keyring."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

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


# -- the two ledger backends -----------------------------------------------------------------

PG_URL = os.environ.get("SMARTRO_TEST_PG_URL", "")
BACKENDS = ("sqlite", "postgresql")


def fresh_pg_location() -> str:
    """A new, empty schema on the test server, as a ledger URL (dropped by ``drop_pg_location``)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{joiner}options={quote(f'-csearch_path={schema},public', safe='')}"


def drop_pg_location(location: str) -> None:
    import psycopg

    schema = location.rsplit("search_path%3D", 1)[1].split("%2C", 1)[0]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def pg_location() -> Iterator[str]:
    """A PostgreSQL ledger of its own, for what only PostgreSQL has (a server that drops connections)."""
    if not PG_URL:
        pytest.skip("no PostgreSQL test server: run `python dev.py test`, or set SMARTRO_TEST_PG_URL")
    location = fresh_pg_location()
    yield location
    drop_pg_location(location)


@pytest.fixture(params=BACKENDS)
def ledger_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | Path]:
    """Where a test's ledger lives: a SQLite file, then (same test again) a PostgreSQL schema of its own.

    The PostgreSQL run needs ``SMARTRO_TEST_PG_URL``; ``python dev.py test`` starts a throw-away server
    and sets it when PostgreSQL is installed (``.ci/run`` installs it).
    """
    if request.param == "sqlite":
        yield tmp_path / "ledger.sqlite"
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL test server: install PostgreSQL (apt-get install postgresql; .ci/run does) "
                    "and run `python dev.py test`, or set SMARTRO_TEST_PG_URL")
    location = fresh_pg_location()
    yield location
    drop_pg_location(location)
