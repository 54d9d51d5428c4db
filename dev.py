"""Set up and run smartro_desk from a fresh checkout, the same way on Windows and Linux.

    python dev.py start      # create .venv, install, start the app (SQLite ledger + local sandbox)
    python dev.py test       # create .venv, install with the test extra, run the whole test suite
    python dev.py bench      # run every benchmark (they generate their own data)

``test`` also runs the shared-ledger tests against PostgreSQL: against the server
in ``SMARTRO_TEST_PG_URL`` when set, else against a throw-away server it starts on
a loopback port (when PostgreSQL's programs are installed) and stops afterwards.

Only the Python standard library is needed to run this file.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import venv
from collections.abc import Iterator
from contextlib import contextmanager
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


def postgres_bin() -> Path | None:
    """The folder holding PostgreSQL's server programs (initdb, pg_ctl), if installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A fresh PostgreSQL server on a free loopback port, removed afterwards; None when not installed.

    As root (CI), the server runs as the ``postgres`` account: PostgreSQL refuses to run as root.
    """
    bin_dir = postgres_bin()
    if bin_dir is None:
        yield None
        return
    run_as: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="smartro-pg-"))
    if run_as:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    try:
        subprocess.run([*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "--no-locale", "-E", "UTF8"], check=True, **quiet)
        subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
                        f"-h 127.0.0.1 -p {port} -k {folder} -F -c max_connections=200", "start"], check=True, **quiet)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"PostgreSQL 임시 서버를 시작하지 못했습니다 / could not start PostgreSQL: {exc}", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], **quiet)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "start"
    rest = argv[1:]
    if command == "start":
        python = ensure_venv("")
        return subprocess.call([str(python), "-m", "smartro_desk", *rest], cwd=ROOT)
    if command == "test":
        python = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        if env.get("SMARTRO_TEST_PG_URL"):
            return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
        with throwaway_postgres() as url:
            if url:
                env["SMARTRO_TEST_PG_URL"] = url
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
