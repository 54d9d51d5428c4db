"""The reconcile benchmark's ledger is a real one: the ledger derives the same transactions from
its events, and reconciling it finds exactly what was planted."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from smartro_desk.ledger import Ledger
from smartro_desk.recon import ReconSettings, reconcile

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
COLUMNS = ("tid, mid, pay_method, order_id, approved_at, amount, cancelled, remaining, state, fn_cd, sign_status, "
           "channels, event_count, divide_info, flagged")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module("reconcile")
    finally:
        sys.path.remove(str(BENCHMARKS))


def transactions(ledger: Ledger) -> list[tuple]:
    return [(*row[:11], frozenset(row[11].split(",")), *row[12:])
            for row in ledger.db.query(f"SELECT {COLUMNS} FROM transactions ORDER BY tid")]


@pytest.mark.parametrize("export", [True, False])
def test_benchmark_ledger_is_consistent_and_every_plant_is_found(bench: ModuleType, tmp_path: Path,
                                                                  export: bool) -> None:
    path = tmp_path / "ledger.sqlite"
    expected = bench.generate(path, 4_000, export, seed=3)
    ledger = Ledger.open(path)
    try:
        written = transactions(ledger)
        ledger.recompute()
        assert transactions(ledger) == written
        result = reconcile(ledger, bench.MONTH, settings=ReconSettings(as_of=bench.AS_OF))
        assert {k: s.count for k, s in result.summary.items() if s.count} == dict(expected)
        assert result.health.resent == expected["excess_notifications"]
    finally:
        ledger.close()
