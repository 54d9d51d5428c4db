"""Set up and run smartro_desk from a fresh checkout, the same way on Windows and Linux.

    python dev.py start      # create .venv, install, start the app (SQLite ledger + local sandbox)
    python dev.py test       # create .venv, install with the test extra, run the whole test suite
    python dev.py bench      # run every benchmark (they generate their own data)

Only the Python standard library is needed to run this file.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(extra: str) -> Path:
    """Create .venv and install the project (with ``extra``) when pyproject.toml changed."""
    python = venv_python()
    if not python.exists():
        print("가상 환경을 만듭니다 (.venv) / creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extra}]" if extra else "."
    stamp = VENV / f".installed-{extra or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"설치합니다 / installing {spec}", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", spec], check=True, cwd=ROOT)
        stamp.write_text(digest)
    return python


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "start"
    rest = argv[1:]
    if command == "start":
        python = ensure_venv("")
        return subprocess.call([str(python), "-m", "smartro_desk", *rest], cwd=ROOT)
    if command == "test":
        python = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "bench":
        python = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        failed = 0
        for script in sorted((ROOT / "benchmarks").glob("*.py")):
            print(f"== {script.name}", flush=True)
            failed |= subprocess.call([str(python), str(script), *rest], cwd=ROOT, env=env)
        return failed
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
