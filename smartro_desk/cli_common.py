"""Options every headless command shares: ``--db`` and ``--keys``."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from smartro_desk import paths
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.backend import is_postgres_url
from smartro_desk.secrets import Secrets, default_secrets


def ledger_options() -> argparse.ArgumentParser:
    """A parent parser adding ``--db`` (default: the user's ledger)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db", metavar="LEDGER", default=argparse.SUPPRESS,  # keep a --db given before the command
        help="원장: SQLite 파일 또는 postgresql://사용자@호스트/DB (기본: 사용자 데이터 폴더의 ledger.sqlite)",
    )
    return parent


def keys_options() -> argparse.ArgumentParser:
    """A parent parser adding ``--keys FILE`` (automation secrets for this run only)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--keys", metavar="FILE",
        help='이 실행에만 쓰는 키 파일: {"MID": {"merchant_key": "...", "cancel_password": "..."}}',
    )
    return parent


def location_of(given: str) -> str | Path:
    """A ledger named on the command line: a PostgreSQL URL as is, anything else a SQLite file path."""
    return given if is_postgres_url(given) else Path(given)


def ledger_location(args: argparse.Namespace) -> str | Path:
    """``--db`` as given; the user's ledger when absent."""
    given = getattr(args, "db", None)
    return location_of(given) if given else paths.resolve().ledger


def open_ledger(args: argparse.Namespace) -> Ledger:
    return Ledger.open(ledger_location(args), actor=actor_name())


def secrets_for(args: argparse.Namespace) -> Secrets:
    return default_secrets(getattr(args, "keys", None))


def actor_name() -> str:
    """Who is acting, for the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
