"""Benchmark: reconcile N orders against N gateway results (and the gateway's export) for one month.

Builds a fresh ledger straight through SQL (``executemany``, no importer): N
orders, N transactions each logged as a notification and a ReturnURL result
(3 % of notifications re-sent 2-10 times, card/bank/virtual-account payments,
3 % cancelled in full or in part, some of those cancels on the next month's
days), a gateway export of the month, and planted mismatches of every kind.
Then, each in its own process so that peak memory is the phase's own, it times

* ``reconcile`` (every check, findings, delivery health, totals; it runs on
  two connections at once, so its CPU time is printed beside its wall time);
* ``monthly_settlement`` (with the export's side; two connections too);
* a bare SQL join finding the amount mismatches (the floor to compare with).

It checks that every planted mismatch was found, exactly. The last line
printed is one JSON object with the figures.

    python benchmarks/reconcile.py [--rows N] [--no-export] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reconcile_data import LedgerWriter  # noqa: E402

MONTH = "2024-03"
AS_OF = date(2024, 4, 20)
START = datetime(2024, 3, 1)
SPAN = 31 * 86400 - 3600  # every approval inside March

# Planted mismatches: (name, share of rows). Each row gets at most one.
PLANTS: tuple[tuple[str, float], ...] = (
    ("amount_mismatch", 0.001), ("paid_without_order", 0.001), ("multiple_approvals", 0.0005),
    ("signature_mismatch", 0.0005), ("unverified", 0.0005), ("conflict", 0.0002),
    ("divide_sum_mismatch", 0.0002), ("divide_ok", 0.001), ("single_channel", 0.0005),
    ("cancelled_but_counted", 0.0005), ("paid_but_order_cancelled", 0.0002), ("unknown_sender", 0.0001),
    ("missing_in_export", 0.0005), ("export_differs", 0.0005), ("missing_in_ledger", 0.0005),
    ("duplicate_order", 0.0002), ("vbank_not_deposited", 0.0005),
)


def plant_for(roll: float, export: bool) -> str:
    edge = 0.0
    for name, share in PLANTS:
        edge += share
        if roll < edge:
            return "" if not export and name in ("missing_in_export", "export_differs", "missing_in_ledger") else name
    return ""


def generate(path: Path, rows: int, export: bool, seed: int = 11) -> Counter[str]:
    """Write the ledger; returns the findings expected per kind."""
    rng = random.Random(seed)
    expected: Counter[str] = Counter()
    writer = LedgerWriter(path, export)
    for i in range(rows):
        at = START + timedelta(seconds=i * SPAN // rows)
        plant = plant_for(rng.random(), export)
        if plant:
            method = "VBANK" if plant == "vbank_not_deposited" else "CARD"
        else:
            method = "VBANK" if i % 100 == 7 else ("BANK" if i % 20 == 3 else "CARD")
        tx = writer.transaction(i, at, method, amount=1000 + (i * 7919 % 2990) * 100)
        cancel = ""
        if not plant and method == "CARD" and rng.random() < 0.03:
            cancel = "full" if rng.random() < 0.5 else "partial"
        elif plant == "cancelled_but_counted":
            cancel = "full"
        copies = rng.randint(2, 10) if rng.random() < 0.03 else 1
        writer.write(tx, plant=plant, cancel=cancel, copies=copies, cancel_at=at + timedelta(days=rng.randint(0, 5)))
        expected.update(writer.expected(tx, plant, copies))
        if i % 50_000 == 49_999:
            writer.flush()
    writer.close()
    return expected


def peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def phase_reconcile(db: Path) -> dict[str, Any]:
    from smartro_desk.ledger import Ledger
    from smartro_desk.recon import ReconSettings, reconcile

    ledger = Ledger.open(db)
    began, cpu = time.perf_counter(), time.process_time()
    result = reconcile(ledger, MONTH, settings=ReconSettings(as_of=AS_OF))
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    found = {k: s.count for k, s in result.summary.items() if s.count}
    health = result.health
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "peak_mb": peak_mb(), "found": found,
            "findings": len(result.findings),
            "transactions": result.totals["transactions"], "orders": result.totals["orders"],
            "resent": health.resent, "notified": health.notified, "at_retry_limit": health.at_limit,
            "unknown_senders": health.senders}


def phase_settlement(db: Path) -> dict[str, Any]:
    from smartro_desk.ledger import Ledger
    from smartro_desk.recon import monthly_settlement

    ledger = Ledger.open(db)
    began, cpu = time.perf_counter(), time.process_time()
    settlement = monthly_settlement(ledger, MONTH)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "peak_mb": peak_mb(),
            "differences": len(settlement.differences), "approvals": settlement.total.ledger.approvals,
            "net": settlement.total.ledger.net, "export_net": (settlement.total.export or settlement.total.ledger).net}


def phase_join(db: Path) -> dict[str, Any]:
    import sqlite3

    conn = sqlite3.connect(db)
    began = time.perf_counter()
    count = conn.execute(
        "SELECT COUNT(*) FROM transactions t JOIN orders o ON o.order_id = t.order_id "
        "WHERE t.approved_at >= '2024-03-01' AND t.approved_at < '2024-04-01' AND o.amount <> t.amount"
    ).fetchone()[0]
    return {"seconds": round(time.perf_counter() - began, 3), "peak_mb": peak_mb(), "mismatches": count}


def phase_generate(db: Path, rows: int, export: bool) -> dict[str, Any]:
    began = time.perf_counter()
    expected = generate(db, rows, export)
    return {"seconds": round(time.perf_counter() - began), "expected": dict(expected)}


PHASES = {"reconcile": phase_reconcile, "settlement": phase_settlement, "join": phase_join}


def run_phase(name: str, db: Path, *extra: str) -> dict[str, Any]:
    """Run a phase in a process of its own: started from this small one, its peak memory is its own
    (Linux hands a child its parent's peak at fork, so the big generation runs apart too)."""
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--db", str(db), *extra],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="orders and results to generate")
    parser.add_argument("--no-export", action="store_true", help="leave the gateway export out")
    parser.add_argument("--keep", type=Path, help="build the ledger in this folder and keep it")
    parser.add_argument("--phase", choices=[*sorted(PHASES), "generate"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "generate":
        print(json.dumps(phase_generate(args.db, args.rows, not args.no_export)))
        return
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.db)))
        return
    with tempfile.TemporaryDirectory(prefix="smartro-recon-bench-") as folder:
        db = (args.keep or Path(folder)) / "ledger.sqlite"
        db.parent.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
        built = run_phase("generate", db, "--rows", str(args.rows), *(["--no-export"] if args.no_export else []))
        expected = built["expected"]
        size_mb = db.stat().st_size / 1e6
        print(f"built a {size_mb:,.0f} MB ledger with {args.rows:,} orders and results in {built['seconds']} s")
        results = {name: run_phase(name, db) for name in ("join", "reconcile", "settlement")}
    recon = results["reconcile"]
    wrong = {k: (expected.get(k, 0), recon["found"].get(k, 0))
             for k in set(expected) | set(recon["found"]) if expected.get(k, 0) != recon["found"].get(k, 0)}
    print(f"reconcile:  {recon['seconds']:.2f} s ({recon['cpu_seconds']:.2f} s of CPU on {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}), peak {recon['peak_mb']:.0f} MB, "
          f"{sum(recon['found'].values()):,} findings ({'all planted found' if not wrong else f'MISMATCH {wrong}'})")
    settle = results["settlement"]
    print(f"settlement: {settle['seconds']:.2f} s ({settle['cpu_seconds']:.2f} s of CPU), "
          f"peak {settle['peak_mb']:.0f} MB, {settle['differences']} rows differ from the export")
    print(f"delivery:   {recon['notified']:,} payments notified, {recon['resent']:,} notifications re-sent, "
          f"{recon['at_retry_limit']:,} up to the retry limit, unknown senders {recon['unknown_senders']}")
    print(f"bare join:  {results['join']['seconds']:.2f} s ({results['join']['mismatches']:,} amount mismatches)")
    for kind, count in sorted(recon["found"].items()):
        print(f"  {kind:<26} {count:>8,}")
    print(json.dumps({
        "rows": args.rows, "export": not args.no_export, "ledger_mb": round(size_mb),
        "reconcile_seconds": recon["seconds"], "reconcile_cpu_seconds": recon["cpu_seconds"],
        "reconcile_peak_mb": recon["peak_mb"], "cores": os.cpu_count(), "load": round(os.getloadavg()[0], 1),
        "settlement_seconds": settle["seconds"], "settlement_cpu_seconds": settle["cpu_seconds"],
        "settlement_peak_mb": settle["peak_mb"],
        "join_seconds": results["join"]["seconds"], "findings": sum(recon["found"].values()),
        "found": recon["found"], "planted_ok": not wrong,
    }))


if __name__ == "__main__":
    main()
