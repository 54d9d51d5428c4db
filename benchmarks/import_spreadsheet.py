"""Benchmark: a gateway export spreadsheet (default 100,000 rows x 20 columns) into a fresh ledger.

Writes the workbook in a temporary folder (title rows, a merged title, Korean
headers, amounts as text and numbers, real Excel dates), then times, each in its
own process: python-calamine reading every row, the importer end to end
(``import_file`` into a fresh ledger; a sheet this big is read by its parse
worker process, whose peak memory is reported apart; as in the window, SQLite's
WAL checkpoint is timed apart, after the import), and the same sheet as an
order list.
``--openpyxl`` also times openpyxl read-only for comparison (slow).

The last line printed is one JSON object with the figures.

    python benchmarks/import_spreadsheet.py [--rows N] [--openpyxl]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HEADERS = ["거래일자", "거래시간", "결제수단", "거래상태", "거래번호", "주문번호", "상품명", "구매자명", "승인금액", "취소금액",
           "카드사", "할부", "승인번호", "MID", "승인일시", "매입사", "가맹점명", "비고", "정산예정일", "수수료"]
CARDS = ["비씨", "국민", "삼성", "신한", "현대", "롯데", "농협"]


def generate(path: Path, rows: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("거래내역")
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.merge_range(0, 0, 0, 7, "스마트로 가맹점 거래내역 조회")
    sheet.write(1, 0, "조회기간: 2024-03-01 ~ 2024-03-31")
    for c, head in enumerate(HEADERS):
        sheet.write(3, c, head)
    start = datetime(2024, 3, 1)
    for n in range(rows):
        r = n + 4
        at = start + timedelta(seconds=n * 20)
        cancelled = n % 20 == 0
        amount = 1000 + (n * 37) % 200000
        values = [
            at.strftime("%Y-%m-%d"), at.strftime("%H:%M:%S"), "신용카드", "부분취소" if cancelled else "승인",
            f"SMTPAY001m0101{at:%y%m%d%H%M%S}{n % 10000:04d}", f"ORD{n:010d}", f"상품 {n % 500}호", "김똠얌",
            f"{amount:,}" if n % 2 else amount, amount // 2 if cancelled else 0, CARDS[n % len(CARDS)], "00",
            f"{n:08d}", "SMTPAY001m",
        ]
        for c, value in enumerate(values):
            sheet.write(r, c, value)
        sheet.write_datetime(r, 14, at, stamp)
        for c, value in enumerate(["비씨", "스마트로샵", "", (at + timedelta(days=3)).strftime("%Y-%m-%d"), amount // 40],
                                  start=15):
            sheet.write(r, c, value)
    book.close()


def phase_calamine(path: Path) -> dict[str, float]:
    import python_calamine

    began = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sum(1 for _ in sheet.iter_rows())
    return {"seconds": time.perf_counter() - began, "rows": rows}


def phase_openpyxl(path: Path) -> dict[str, float]:
    import openpyxl

    began = time.perf_counter()
    book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return {"seconds": time.perf_counter() - began, "rows": rows}


def _import(path: Path, kind: str) -> dict[str, float]:
    import resource

    from smartro_desk.ingest import import_file
    from smartro_desk.ledger import Ledger

    with tempfile.TemporaryDirectory(prefix="smartro-bench-ledger-") as folder:
        ledger = Ledger.open(Path(folder) / "ledger.sqlite", actor="bench")
        began = time.perf_counter()
        with ledger.db.checkpoints_deferred():  # as the window imports: the report first, then the file settles
            report = import_file(ledger, path, kind=kind)
        seconds = time.perf_counter() - began
        began = time.perf_counter()
        ledger.db.checkpoint()
        settle = time.perf_counter() - began
        ledger.close()
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale  # the parse worker, if one ran
    return {"seconds": seconds, "settle_seconds": round(settle, 2), "records": report.records, "imported": report.imported,
            "rejected": report.rejected, "skipped": report.skipped, "peak_mb": round(peak, 1),
            "worker_peak_mb": round(worker, 1)}


PHASES = {
    "calamine": phase_calamine, "openpyxl": phase_openpyxl,
    "import": lambda path: _import(path, "results"), "orders": lambda path: _import(path, "orders"),
}


def run_phase(name: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--file", str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", "--lines", type=int, default=100_000, help="data rows to generate")
    parser.add_argument("--openpyxl", action="store_true", help="also time openpyxl read-only")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.file)))
        return
    with tempfile.TemporaryDirectory(prefix="smartro-bench-") as folder:
        path = Path(folder) / "export.xlsx"
        began = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {args.rows:,} rows x {len(HEADERS)} columns ({path.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - began:.1f} s")
        names = ["calamine", "import", "orders"] + (["openpyxl"] if args.openpyxl else [])
        results = {name: run_phase(name, path) for name in names}
    for name in names:
        extra = f", {results[name]['imported']:,} imported, peak {results[name]['peak_mb']:.0f} MB " \
                f"(its parse worker {results[name]['worker_peak_mb']:.0f} MB); the file then settles in " \
                f"{results[name]['settle_seconds']:.1f} s" if "imported" in results[name] else ""
        print(f"{name:>9}: {results[name]['seconds']:.2f} s{extra}")
    summary = {"rows": args.rows, "columns": len(HEADERS)}
    for name in names:
        summary[f"{name}_seconds"] = round(results[name]["seconds"], 2)
    summary.update(import_records=results["import"]["records"], import_imported=results["import"]["imported"],
                   import_peak_mb=results["import"]["peak_mb"], import_worker_peak_mb=results["import"]["worker_peak_mb"],
                   import_settle_seconds=results["import"]["settle_seconds"],
                   orders_imported=results["orders"]["imported"])
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
