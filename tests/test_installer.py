"""The packaging files stay buildable: NSIS compiles, the Windows lock is resolved for Windows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from smartro_desk import __version__

INSTALLER = Path(__file__).resolve().parent.parent / "installer"


def test_windows_lock_is_resolved_for_windows() -> None:
    lock = (INSTALLER / "requirements-windows.txt").read_text("utf-8")
    pinned = {line.split("==")[0].lower() for line in lock.splitlines() if "==" in line and not line.startswith(" ")}
    assert {"pywin32-ctypes", "keyring", "pyside6-essentials", "httpx", "openpyxl", "pyinstaller"} <= pinned
    assert "--hash=sha256:" in lock
    assert "pyside6-addons" not in pinned  # WebEngine and Pdf stay out of the installer


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian package nsis) is not installed; .ci/run installs it")
def test_nsis_script_compiles(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "smartro-desk.exe").write_bytes(b"MZ stub")
    out = tmp_path / "smartro-desk-setup.exe"
    result = subprocess.run(
        ["makensis", "-V2", f"-DVERSION={__version__}", f"-DDIST={dist}", f"-DOUTFILE={out}", str(INSTALLER / "smartro_desk.nsi")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.stat().st_size > 50_000


def test_spec_bundles_resources_and_migrations() -> None:
    spec = (INSTALLER / "smartro_desk.spec").read_text("utf-8")
    assert '"resources"' in spec and "ledger/migrations/*.sql" in spec
    nsi = (INSTALLER / "smartro_desk.nsi").read_text("utf-8")
    assert "RequestExecutionLevel user" in nsi and "AtLeastWin10" in nsi and 'MUI_LANGUAGE "Korean"' in nsi
