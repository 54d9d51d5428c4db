"""The small CLI: version, self-test, audit verify."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from smartro_desk import __version__
from smartro_desk.cli import main
from smartro_desk.ledger import Ledger


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SMARTRO_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "smartro_desk", *args], capture_output=True, text=True, env=env, timeout=60)


def test_version(tmp_path: Path) -> None:
    result = run_cli("--version", home=tmp_path)
    assert result.returncode == 0 and __version__ in result.stdout


def test_self_test_needs_no_display_and_touches_no_user_ledger(tmp_path: Path) -> None:
    result = run_cli("--self-test", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout and "SignValue" in result.stdout
    assert not (tmp_path / "ledger.sqlite").exists()


def test_audit_verify_reports_tampering(tmp_path: Path, capsys) -> None:
    db = tmp_path / "ledger.sqlite"
    ledger = Ledger.open(db, actor="tester")
    for n in range(3):
        ledger.audit("note", details={"n": n})
    ledger.close()
    assert main(["audit", "verify", "--db", str(db)]) == 0
    ledger = Ledger.open(db)
    ledger.db.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
    ledger.close()
    assert main(["audit", "verify", "--db", str(db)]) == 1
    assert "항목 2" in capsys.readouterr().out
