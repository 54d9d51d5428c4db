"""Benchmark: Excel export, rows per second and peak memory.

For each size N (default 100,000 and 1,000,000), each phase in its own process
so that peak memory is the phase's own:

* sheet: the export's table writer (XlsxWriter, constant memory, data rows
  written straight as sheet XML) writing N generated rows of 20 columns
  (datetime, date, Korean text, amounts with a SUM totals row, counts,
  formula-like buyer names) to .xlsx; the target is 5,000 rows/s;
* transactions: ``export_transactions`` of a generated ledger of N
  transactions with all 16 table columns (SQLite fetch, Korean display text);
* for comparison (first size only): the same rows through XlsxWriter's public
  ``write_string``/``write_number`` calls (no title, widths, totals or
  neutralising), and openpyxl's write-only mode writing the same 20 typed
  columns.

The generated rows are made inside the timed part (about 16 µs a row), as a
ledger query would be.

Every phase line shows rows per second of wall time and of the phase's own
CPU time, and the machine's load average: on a busy machine the first drops,
the second stays near what an idle core does. ``--repeat K`` runs each phase K
times (one line each; the JSON keeps the run with the median wall rate, the
lower of two, and lists all). Before the JSON, one line per size says whether
the sheet phase met the 5,000 rows/s target. The last line printed is one JSON
object with the figures.

    python benchmarks/export.py [--rows N] [--repeat K]
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
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

NAMES = ["김민준", "이서연", "박지우", "최하은", "정예준", "=HYPERLINK(\"x\")", "강도윤", "조서윤", "-윤지호", "@장수아"]
GOODS = ["겨울 점퍼", "무선 이어폰", "유기농 사과 5kg", "캠핑 의자", "아동 운동화", "커피 원두 1kg", "등산 배낭"]
CARDS = [("01", "비씨"), ("02", "KB국민"), ("04", "삼성"), ("06", "신한"), ("07", "현대"), ("08", "롯데"), ("12", "NH농협")]
START = datetime(2024, 3, 1)


def sheet_fields() -> list[Any]:
    from smartro_desk.export.sheet import Field

    return [
        Field("승인일시", "datetime"), Field("정산일", "date"), Field("TID", "text", 32), Field("주문번호", "text", 14),
        Field("MID", "text", 12), Field("결제수단", "text"), Field("상태", "text"), Field("카드사", "text"),
        Field("할부", "text"), Field("승인금액", "money", total=True), Field("취소금액", "money", total=True),
        Field("잔액", "money", total=True), Field("수수료", "money", total=True), Field("건수", "count", total=True),
        Field("행", "int"), Field("구매자", "text"), Field("상품명", "text", 20), Field("결과", "text", 20),
        Field("검증", "text"), Field("출처", "text"),
    ]


def sheet_rows(count: int, seed: int = 7) -> Iterator[list[Any]]:
    rng = random.Random(seed)
    for n in range(count):
        at = START + timedelta(seconds=n * 2)
        amount = rng.randrange(1_000, 300_000, 100)
        cancelled = amount if rng.random() < 0.05 else 0
        code, card = CARDS[n % len(CARDS)]
        yield [
            at.strftime("%Y-%m-%d %H:%M:%S"), date(2024, 3, 1) + timedelta(days=n % 31),
            f"SMTPAY001m0101{at:%y%m%d%H%M%S}{n % 10000:04d}", f"ORD{n:010d}", "SMTPAY001m", "신용카드",
            "전체취소" if cancelled else "승인", f"{card}카드", "일시불", amount, cancelled, amount - cancelled,
            amount * 3 // 100, 1, n + 1, rng.choice(NAMES), rng.choice(GOODS), "3001 카드 결제 성공",
            "검증됨", "통보, 엑셀",
        ]


def peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def phase_sheet(rows: int, folder: Path) -> dict[str, Any]:
    from smartro_desk.export.sheet import heading
    from smartro_desk.export.table import export_table

    fields = sheet_fields()
    before = peak_mb()
    began = time.perf_counter()
    result = export_table(
        folder / "sheet.xlsx", "상세", fields, heading("벤치마크", period="2024-03", mid="SMTPAY001m"), sheet_rows(rows),
    )
    seconds = time.perf_counter() - began
    return {"rows": result.rows, "columns": len(fields), "seconds": seconds, "rows_per_s": round(rows / seconds),
            "peak_mb": peak_mb(), "start_mb": before, "file_mb": round((folder / "sheet.xlsx").stat().st_size / 2**20, 1)}


def phase_openpyxl(rows: int, folder: Path) -> dict[str, Any]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    fields = sheet_fields()
    formats = {"money": "#,##0", "count": "#,##0", "datetime": "yyyy-mm-dd hh:mm:ss", "date": "yyyy-mm-dd"}
    before = peak_mb()
    began = time.perf_counter()
    book = Workbook(write_only=True)
    ws = book.create_sheet("상세")
    font = Font(name="맑은 고딕", size=10)
    for values in sheet_rows(rows):
        cells = []
        for field, value in zip(fields, values):
            if field.kind == "datetime":
                value = datetime.fromisoformat(value)
            cell = WriteOnlyCell(ws, value)
            cell.font = font
            if field.kind in formats:
                cell.number_format = formats[field.kind]
            cells.append(cell)
        ws.append(cells)
    book.save(folder / "openpyxl.xlsx")
    seconds = time.perf_counter() - began
    return {"rows": rows, "columns": len(fields), "seconds": seconds, "rows_per_s": round(rows / seconds),
            "peak_mb": peak_mb(), "start_mb": before}


def phase_xlsxwriter(rows: int, folder: Path) -> dict[str, Any]:
    """XlsxWriter's public cell calls in constant memory, no title, widths, totals or neutralising."""
    import xlsxwriter

    from smartro_desk.export.sheet import excel_serial

    fields = sheet_fields()
    before = peak_mb()
    began = time.perf_counter()
    book = xlsxwriter.Workbook(str(folder / "bare.xlsx"), {"constant_memory": True})
    ws = book.add_worksheet("상세")
    money = book.add_format({"num_format": "#,##0"})
    formats = {"money": money, "count": money, "int": None, "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
               "date": book.add_format({"num_format": "yyyy-mm-dd"})}
    for r, values in enumerate(sheet_rows(rows), start=1):
        for c, (field, value) in enumerate(zip(fields, values)):
            if field.kind == "text":
                ws.write_string(r, c, value)
            elif field.kind in ("datetime", "date"):
                ws.write_number(r, c, excel_serial(value), formats[field.kind])
            else:
                ws.write_number(r, c, value, formats[field.kind])
    book.close()
    seconds = time.perf_counter() - began
    return {"rows": rows, "columns": len(fields), "seconds": seconds, "rows_per_s": round(rows / seconds),
            "peak_mb": peak_mb(), "start_mb": before}


def phase_ledger(rows: int, folder: Path) -> dict[str, Any]:
    """Build the ledger the transactions phase exports (not timed as export)."""
    from smartro_desk.ledger import EventRecord, Ledger

    rng = random.Random(11)
    ledger = Ledger.open(folder / "ledger.sqlite", actor="bench")
    began = time.perf_counter()
    for start in range(0, rows, 20_000):
        batch = []
        for n in range(start, min(rows, start + 20_000)):
            at = START + timedelta(seconds=n * 2)
            tid = f"SMTPAY001m0101{at:%y%m%d%H%M%S}{n % 10000:04d}"
            code, card = CARDS[n % len(CARDS)]
            batch.append(EventRecord(
                tid=tid, otid=tid, kind="approval", channel="notification", fields={"TID": tid},
                mid="SMTPAY001m", pay_method="CARD", order_id=f"ORD{n:010d}", amount=rng.randrange(1_000, 300_000, 100),
                result_code="3001", occurred_at=f"{at:%Y-%m-%d %H:%M:%S}", sign_status="verified",
                buyer=rng.choice(NAMES), goods=rng.choice(GOODS), fn_cd=code, fn_name=card, card_quota="00",
            ))
        ledger.add_events(batch)
    ledger.close()
    return {"rows": rows, "seconds": time.perf_counter() - began}


def phase_transactions(rows: int, folder: Path) -> dict[str, Any]:
    from smartro_desk.export.transactions import export_transactions
    from smartro_desk.ledger import Ledger
    from smartro_desk.ledger.queries import TransactionFilter

    ledger = Ledger.open(folder / "ledger.sqlite", actor="bench")
    before = peak_mb()
    began = time.perf_counter()
    result = export_transactions(ledger, folder / "transactions.xlsx", TransactionFilter())
    seconds = time.perf_counter() - began
    ledger.close()
    return {"rows": result.rows, "columns": 16, "seconds": seconds, "rows_per_s": round(result.rows / seconds),
            "peak_mb": peak_mb(), "start_mb": before}


PHASES = {"sheet": phase_sheet, "xlsxwriter": phase_xlsxwriter, "openpyxl": phase_openpyxl, "ledger": phase_ledger, "transactions": phase_transactions}


def run_phase(name: str, rows: int, folder: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--rows", str(rows), "--folder", str(folder)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


TARGET = 5_000  # rows per second, 20 columns (issue #7)


def show(rows: int, phase: str, result: dict[str, Any]) -> None:
    print(
        f"{rows:>9,} rows  {phase:<13} {result['columns']} columns  {result['rows_per_s']:>7,} rows/s "
        f"({result['cpu_rows_per_s']:>6,} per CPU-second)  "
        f"{result['seconds']:7.1f} s  peak {result['peak_mb']} MB (at start {result['start_mb']} MB)"
        f"  load {result['load_avg']}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows to export (repeatable; default 100000 and 1000000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each phase (default 1)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.rows or [100_000, 1_000_000]
    if args.phase:
        cpu = time.process_time()
        result = PHASES[args.phase](sizes[0], args.folder)
        cpu = time.process_time() - cpu  # this process's own CPU time: what an idle core would take
        print(json.dumps({**result, "cpu_seconds": cpu, "cpu_rows_per_s": round(result["rows"] / cpu)}))
        return
    figures: dict[str, Any] = {}
    for index, rows in enumerate(sizes):
        with tempfile.TemporaryDirectory(prefix="smartro-bench-export-") as name:
            folder = Path(name)
            phases = ["sheet", "ledger", "transactions"] + (["xlsxwriter", "openpyxl"] if index == 0 else [])
            for phase in phases:
                if phase == "ledger":
                    result = run_phase(phase, rows, folder)
                    print(f"{rows:>9,} rows  ledger built in {result['seconds']:.0f} s", flush=True)
                    continue
                runs = []
                for _ in range(max(1, args.repeat)):
                    result = run_phase(phase, rows, folder)
                    result["load_avg"] = round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None
                    show(rows, phase, result)
                    runs.append(result)
                chosen = sorted(runs, key=lambda r: r["rows_per_s"])[(len(runs) - 1) // 2]  # the median; of two, the lower
                if len(runs) > 1:
                    chosen = {**chosen, "runs": [
                        {k: r[k] for k in ("rows_per_s", "cpu_rows_per_s", "load_avg")} for r in runs
                    ]}
                figures[f"{phase}_{rows}"] = chosen
    for key, result in figures.items():
        if key.startswith("sheet_"):
            verdict = "met" if result["rows_per_s"] >= TARGET else "NOT met (wall)"
            print(f"target {TARGET:,} rows/s at 20 columns, {result['rows']:,} rows: {result['rows_per_s']:,} wall, "
                  f"{result['cpu_rows_per_s']:,} per CPU-second: {verdict}", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
