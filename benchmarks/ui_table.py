"""Benchmark: the main window over a big ledger — open, sort, filter, scroll, peak memory.

Fills a fresh ledger with N transactions (straight into ``transactions``,
bypassing the importer), spread over the twelve months up to today, then, in a child
process so that peak memory is the window's own, drives the real window
offscreen on its real thread pool, in two scenes:

* "month": the default filter (this month, about N/12 rows): the window opening
  (from ``QApplication`` to the first rows painted), sorts and filters;
* "all": every date (all N rows in the table: the worst case), the same sorts
  and filters, and scrolling: jumps to random places, each painted;
* sort/filter times run from the click to the first rows painted; the summary
  strip's sums come on another thread and are reported apart ("_with_totals");
* search terms: "김민" (two characters: the index's prefix path), "0012" (a TID/order number
  fragment: its phrase path) and "7" (one character, in most rows); "sql_" also times "김" (one
  character, in few rows), "김민준", "1" and "01" (in every row);
* "sql_": the same id queries timed alone, in a process of their own, for comparison;
* peak resident memory of the window process; the machine's load average.

The last line printed is one JSON object with the figures.

    python benchmarks/ui_table.py [--rows N]
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
from datetime import datetime, timedelta
from pathlib import Path

TX_COLUMNS = (
    "tid", "mid", "pay_method", "order_id", "approved_at", "amount", "cancelled", "remaining", "state",
    "fn_cd", "fn_name", "card_quota", "auth_code", "buyer", "goods", "result_code", "result_msg",
    "sign_status", "channels", "event_count", "flagged", "cancel_hold", "updated_at", "divide_info",
)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("민준", "서연", "지훈", "하은", "도윤", "수빈", "예준", "지민", "현우", "채원", "똠순", "햏숙")
GOODS = ("유기농 사과 5kg", "제주 감귤 10kg", "한우 등심 선물세트", "무선 블루투스 이어폰", "겨울 구스다운 패딩",
         "스테인리스 텀블러 500ml", "유아용 물티슈 10팩", "국산 참기름 350ml", "남성 기능성 러닝화", "강아지 사료 6kg")
CARDS = ("01", "02", "04", "06", "07", "08", "12", "16")
BANKS = ("004", "088", "020", "081", "011", "003")
MIDS = ("SMTPAY001m", "SMTPAY002m", "ECTEST001m", "SMTSUB001m")
METHOD_CODES = {"CARD": "01", "BANK": "02", "VBANK": "03", "CELLPHONE": "05"}


def rows(count: int, first: datetime, seconds: float, seed: int = 11):
    rng = random.Random(seed)
    stamp = first.strftime("%Y-%m-%d %H:%M:%S")
    for n in range(count):
        when = first + timedelta(seconds=int(n * seconds))
        roll = rng.random()
        method = "CARD" if roll < 0.7 else "BANK" if roll < 0.85 else "VBANK" if roll < 0.95 else "CELLPHONE"
        mid = MIDS[rng.randrange(4)]
        amount = rng.randrange(1_000, 400_000, 100)
        state, cancelled = "approved", 0
        roll = rng.random()
        if method == "VBANK" and roll < 0.2:
            state = "vbank_issued"
        elif roll < 0.04:
            state, cancelled = "cancelled", amount
        elif roll < 0.08:
            state, cancelled = "partially_cancelled", amount // 4
        fn_cd = rng.choice(CARDS) if method == "CARD" else rng.choice(BANKS) if method != "CELLPHONE" else ""
        tid = f"{mid}{METHOD_CODES[method]}01{when:%y%m%d%H%M%S}{n % 10000:04d}"
        yield (
            tid, mid, method, f"ORD{when:%Y%m%d}-{n:07d}", when.strftime("%Y-%m-%d %H:%M:%S"), amount, cancelled,
            amount - cancelled, state, fn_cd, "", rng.choice(("00", "00", "00", "03", "06")) if method == "CARD" else "",
            f"{rng.randrange(10**7, 10**8)}", rng.choice(SURNAMES) + rng.choice(GIVEN), rng.choice(GOODS),
            "3001" if method == "CARD" else "4000", "", "mismatch" if n % 50_000 == 17 else "verified",
            "notification,result", 2, int(n % 50_000 == 17), None, stamp, "",
        )


def fill(path: Path, count: int, chunk: int = 50_000) -> float:
    """N transactions over the twelve months up to now, inserted directly; returns seconds.

    Staged in a temporary table and moved with one ``INSERT ... SELECT`` per chunk, as the
    ledger's recompute writes them: the search index's trigger flushes its pending terms at
    every statement, so row-by-row inserts would cost it ten times as much.
    """
    from itertools import islice

    from smartro_desk.ledger import Ledger

    started = time.perf_counter()
    ledger = Ledger.open(path, actor="benchmark")
    now = datetime.now().replace(microsecond=0)
    first = now - timedelta(days=365)
    seconds = max(0.001, (365 * 86_400 - 60) / max(1, count))
    marks = ",".join("?" * len(TX_COLUMNS))
    columns = ", ".join(TX_COLUMNS)
    source = rows(count, first, seconds)
    with ledger.write():
        ledger.db.execute(f"CREATE TEMP TABLE staged AS SELECT {columns} FROM transactions WHERE false")
        while batch := list(islice(source, chunk)):
            ledger.db.executemany(f"INSERT INTO staged VALUES ({marks})", batch)
            ledger.db.execute(f"INSERT INTO transactions ({columns}) SELECT * FROM staged")
            ledger.db.execute("DELETE FROM staged")
        ledger.db.execute("DROP TABLE staged")
    ledger.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.db.execute("ANALYZE")
    ledger.close()
    return time.perf_counter() - started


# -- the window, in the child process ----------------------------------------------------------


def drive(home: Path, ledger_path: Path, jumps: int) -> dict[str, object]:
    os.environ["SMARTRO_DESK_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    phases = {"qapplication": time.perf_counter() - started}
    from smartro_desk import paths
    from smartro_desk.app import configure_application
    from smartro_desk.ledger import Ledger
    from smartro_desk.ledger.queries import TransactionFilter
    from smartro_desk.ui import settings_store as S
    from smartro_desk.ui.i18n import Translations
    from smartro_desk.ui.main_window import AppContext, MainWindow
    from smartro_desk.ui.presets import FilterState
    from smartro_desk.ui.workers import TaskRunner

    def wait(signal: object, timeout_ms: int = 60_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]

    phases["imports"] = time.perf_counter() - started
    configure_application(app)
    app_paths = paths.resolve().ensure()
    settings = S.SettingsStore.in_folder(app_paths.data)
    settings.set(S.DEMO_OFFERED, True)
    translations = Translations(app)
    translations.switch("ko")
    ledger = Ledger.open(ledger_path, actor="benchmark")
    runner = TaskRunner(app)
    window = MainWindow(AppContext(ledger, settings, runner, app_paths, translations))
    model, view = window.model, window.ledger_view
    window.show()
    phases["window_shown"] = time.perf_counter() - started
    if model.rowCount() == 0 or model.busy:
        wait(model.refreshed)
    phases["rows_loaded"] = time.perf_counter() - started
    view.table.viewport().grab()  # paint the first rows
    open_s = time.perf_counter() - started
    if model.summary is None:
        wait(model.summaryChanged)
    open_totals_s = time.perf_counter() - started
    figures: dict[str, object] = {"open_s": round(open_s, 3), "open_with_totals_s": round(open_totals_s, 3),
                                  "open_rows": model.rowCount(),
                                  "open_phases_s": {k: round(v, 3) for k, v in phases.items()}}
    # The filter's pick-lists scan the table once after the first screen (later starts use the
    # last lists at once); the timed clicks below start after that scan.
    if view.filter_bar.pay_method.count() <= 1:
        wait(view.filter_bar.choicesChanged)
    figures["pick_lists_s"] = round(time.perf_counter() - started, 3)

    def timed(action: object, *, totals: bool = False) -> tuple[float, float, int]:
        t0 = time.perf_counter()
        action()  # type: ignore[operator]
        wait(model.refreshed)
        view.table.viewport().grab()
        shown = time.perf_counter() - t0
        if totals and model.query.flt != model._summed_filter:
            wait(model.summaryChanged)
        return shown, time.perf_counter() - t0, model.rowCount()

    def scene(name: str, base: FilterState) -> None:
        for key, order in (("amount", Qt.SortOrder.DescendingOrder), ("buyer", Qt.SortOrder.AscendingOrder),
                           ("issuer", Qt.SortOrder.AscendingOrder), ("approved_at", Qt.SortOrder.DescendingOrder)):
            column = model.column_index(key)
            shown, _, _ = timed(lambda: view.table.sortByColumn(column, order))
            figures[f"{name}_sort_{key}_s"] = round(shown, 3)
        for label, flt in (
            ("text", TransactionFilter(text="김민")),
            ("text_digits", TransactionFilter(text="0012")),
            ("text_most_rows", TransactionFilter(text="7")),
            ("method", TransactionFilter(pay_methods=("BANK",))),
            ("flagged", TransactionFilter(states=("flagged",))),
            ("amount", TransactionFilter(amount_min=100_000, amount_max=120_000)),
        ):
            state = FilterState(base.period, flt=flt)
            shown, total, count = timed(lambda: view.apply_filter(state), totals=True)
            figures[f"{name}_filter_{label}_s"] = round(shown, 3)
            figures[f"{name}_filter_{label}_with_totals_s"] = round(total, 3)
            figures[f"{name}_filter_{label}_rows"] = count
        shown, total, count = timed(lambda: view.apply_filter(base), totals=True)
        figures[f"{name}_unfiltered_s"] = round(shown, 3)
        figures[f"{name}_unfiltered_with_totals_s"] = round(total, 3)
        figures[f"{name}_rows"] = count

    scene("month", FilterState())
    shown, total, count = timed(lambda: view.apply_filter(FilterState("all")), totals=True)
    figures["all_open_s"], figures["all_open_with_totals_s"] = round(shown, 3), round(total, 3)
    scene("all", FilterState("all"))
    bar = view.table.verticalScrollBar()
    rng = random.Random(3)
    pauses = []
    for _ in range(jumps):
        t0 = time.perf_counter()
        bar.setValue(rng.randrange(bar.maximum() + 1))
        view.table.viewport().grab()
        pauses.append(time.perf_counter() - t0)
    pauses.sort()
    figures["scroll_jumps"] = jumps
    figures["scroll_p95_ms"] = round(pauses[int(len(pauses) * 0.95) - 1] * 1000, 1)
    figures["scroll_max_ms"] = round(pauses[-1] * 1000, 1)
    runner.pool.waitForDone()  # the last filter's totals: nothing left running when the window closes
    window.close()
    ledger.close()
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["peak_rss_mb"] = round(peak / 1024 if sys.platform != "darwin" else peak / 2**20, 1)
    return figures


def sql_only(ledger_path: Path) -> dict[str, float]:
    """The id queries alone (a process of their own, no window, one connection), to tell SQL time from the
    window's own."""
    from smartro_desk.ledger.sqlite_db import SQLiteDatabase
    from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries

    queries = TransactionQueries(SQLiteDatabase(ledger_path))
    out = {}
    for name, flt, key in (("all_default", TransactionFilter(), "approved_at"),
                           ("all_sort_amount", TransactionFilter(), "amount"),
                           ("all_sort_buyer", TransactionFilter(), "buyer"),
                           ("all_filter_text", TransactionFilter(text="김민"), "approved_at"),
                           ("all_filter_text_1char", TransactionFilter(text="김"), "approved_at"),
                           ("all_filter_text_3chars", TransactionFilter(text="김민준"), "approved_at"),
                           ("all_filter_text_digits", TransactionFilter(text="0012"), "approved_at"),
                           ("all_filter_text_1char_every_row", TransactionFilter(text="1"), "amount"),
                           ("all_filter_text_2chars_every_row", TransactionFilter(text="01"), "amount"),
                           ("all_filter_text_1char_most_rows", TransactionFilter(text="7"), "amount"),
                           ("month_default", TransactionFilter.this_month(), "approved_at"),
                           ("month_sort_amount", TransactionFilter.this_month(), "amount")):
        t0 = time.perf_counter()
        queries.ordered_ids(flt, key, True)
        out[f"sql_{name}_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    queries.summary(TransactionFilter())
    out["sql_all_summary_s"] = round(time.perf_counter() - t0, 3)
    queries.db.close()
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--jumps", type=int, default=60)
    parser.add_argument("--child", nargs=2, metavar=("HOME", "LEDGER"), help=argparse.SUPPRESS)
    parser.add_argument("--sql-child", metavar="LEDGER", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(drive(Path(args.child[0]), Path(args.child[1]), args.jumps)))
        return 0
    if args.sql_child:
        print(json.dumps(sql_only(Path(args.sql_child))))
        return 0
    with tempfile.TemporaryDirectory(prefix="smartro-ui-bench-") as folder:
        home = Path(folder) / "home"
        ledger = home / "ledger.sqlite"
        print(f"filling a ledger with {args.rows:,} transactions ...", flush=True)
        fill_s = fill(ledger, args.rows)
        size_mb = sum(p.stat().st_size for p in home.glob("ledger.sqlite*")) / 2**20
        print(f"  {fill_s:.1f} s, {size_mb:.0f} MB on disk", flush=True)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        child = subprocess.run([sys.executable, __file__, "--child", str(home), str(ledger), "--jumps", str(args.jumps)],
                               capture_output=True, text=True, env=env, timeout=1800)
        if child.returncode != 0:
            print(child.stdout, child.stderr, sep="\n")
            return 1
        sql = subprocess.run([sys.executable, __file__, "--sql-child", str(ledger)], capture_output=True, text=True,
                             check=True, timeout=600)
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else -1
        figures = {"rows": args.rows, "fill_s": round(fill_s, 1), "ledger_mb": round(size_mb), **json.loads(
            child.stdout.strip().splitlines()[-1]), **json.loads(sql.stdout.strip().splitlines()[-1])}
        figures["load_avg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else -1]
        figures["cpus"] = os.cpu_count()
    targets = {"open_s": 2.0, "peak_rss_mb": 600}
    for key, value in figures.items():
        mark = ""
        if key in targets:
            mark = "  ok" if value <= targets[key] else f"  OVER {targets[key]}"  # type: ignore[operator]
        elif ("_sort_" in key or "_filter_" in key or key.endswith("unfiltered_s") or key == "all_open_s") \
                and key.endswith("_s") and "totals" not in key and not key.startswith("sql_"):
            mark = "  ok" if value <= 1.0 else "  OVER 1 s"  # type: ignore[operator]
        print(f"{key:32} {value}{mark}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
