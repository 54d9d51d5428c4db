"""Where the ledger lives: this PC's SQLite file, or a team's PostgreSQL database.

A PostgreSQL URL is kept in the settings WITHOUT its password; the password
lives in the OS keyring under the URL (``SECRET_SLOT``) and is put back in only
when connecting. A password typed into ``--db`` is used for that run and
never written anywhere.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from smartro_desk.ledger.backend import is_postgres_url
from smartro_desk.secrets import SecretStore

SECRET_SLOT = "ledger"  # keyring entries are "<slot>:<name>": here "ledger:<URL without password>"


def split_password(url: str) -> tuple[str, str | None]:
    """``(url without its password, the password or None)``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    host = parts.hostname or ""
    netloc = f"{quote(unquote(parts.username or ''), safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc)), unquote(parts.password)


def with_password(url: str, password: str | None) -> str:
    """``url`` with ``password`` put in (unchanged when there is none, or the URL has one already)."""
    parts = urlsplit(url)
    if not password or parts.password is not None:
        return url
    user = parts.username or ""
    rest = parts.netloc.split("@", 1)[1] if "@" in parts.netloc else parts.netloc
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{rest}"))


def resolve(setting: str, default: Path, secrets: SecretStore | None) -> str | Path:
    """The ledger to open: the configured one (its password from the keyring), else this PC's file."""
    setting = setting.strip()
    if not setting:
        return default
    if not is_postgres_url(setting):
        return Path(setting)
    bare, typed = split_password(setting)
    stored = secrets.get(SECRET_SLOT, bare) if secrets is not None else None
    return with_password(bare, typed or stored)


def title(location: str | Path) -> str:
    """A short name for window titles: the file's name, or ``PostgreSQL host/database``."""
    if not is_postgres_url(location):
        return Path(location).name
    parts = urlsplit(split_password(str(location))[0])
    port = f":{parts.port}" if parts.port and parts.port != 5432 else ""
    return f"PostgreSQL {parts.hostname or 'localhost'}{port}/{parts.path.lstrip('/')}"
