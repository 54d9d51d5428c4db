"""The core never imports Qt: protocol, ledger, ingest, cancel, recon, export, sandbox."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "smartro_desk.protocol.codes", "smartro_desk.protocol.hashes", "smartro_desk.protocol.formcodec",
    "smartro_desk.protocol.tid", "smartro_desk.protocol.divide", "smartro_desk.protocol.records",
    "smartro_desk.ledger", "smartro_desk.ledger.queries", "smartro_desk.columns", "smartro_desk.secrets",
    "smartro_desk.sandbox", "smartro_desk.cancel", "smartro_desk.cli", "smartro_desk.ingest",
    "smartro_desk.ingest.cli", "smartro_desk.recon", "smartro_desk.recon.cli", "smartro_desk.export",
    "smartro_desk.export.cli", "smartro_desk.cancel.service", "smartro_desk.cancel.bulk",
]


def test_core_modules_do_not_load_pyside6() -> None:
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE) + "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
