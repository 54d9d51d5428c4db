"""Benchmark: notification logs, parse-only and end to end into a fresh ledger.

Generates N inform/RetryURL notification lines in a temporary folder (realistic
EUC-KR Korean values, 28 fields, retries repeating earlier lines, cancels,
virtual accounts, a merchant whose key is unknown), then times, each in its own
process so that peak memory is the phase's own:

* parse-only: the importer's reader and classifier (SignValue verified), no ledger;
* end to end: ``import_file`` into a fresh ledger (dedupe, receipts, transactions), as the window runs it:
  the commit leaves SQLite's WAL for a checkpoint afterwards, timed apart ("settles");
* a plain ``parse_qsl(line, keep_blank_values=True, encoding="cp949")`` loop;
* with ``--postgres URL``: end to end into a fresh schema on that PostgreSQL server
  (created and dropped here), and its ratio to the SQLite figure. Its CPU figure is
  the importing process's only: the server works in processes of its own.

The last line printed is one JSON object with the figures.

    python benchmarks/import_notifications.py [--lines N] [--postgres postgresql://...]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, quote_plus

FIELDS = (
    "PayMethod", "MID", "MallUserID", "Amt", "Name", "GoodsName", "TID", "OTID", "OID", "AuthDate", "AuthCode",
    "ResultCode", "ResultMsg", "StateCd", "FnCd", "FnName", "pinNo", "CardQuota", "BuyerEmail", "BuyerTel",
    "BuyerAuthNum", "VbankNum", "VbankName", "ReceiptType", "RcptAppNo", "RcptCcNo", "CardUsePoint", "SignValue",
)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문손양배백허남심노하곽성차주우구민유나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부황보"
GIVEN = ["민준", "서연", "똠얌", "햏자", "지우", "하은", "쌰오", "예준", "도윤", "서윤", "뷁순", "지호", "수아", "꽑돌"]
GOODS = ["겨울 점퍼", "무선 이어폰", "유기농 사과 5kg", "캠핑 의자", "똠얌꿍 밀키트", "아동 운동화", "커피 원두 1kg",
         "게이밍 마우스", "여름 원피스", "전기 주전자", "스테인리스 텀블러", "등산 배낭", "햏 캐릭터 인형"]
CARDS = [("01", "비씨"), ("02", "국민"), ("04", "삼성"), ("06", "신한"), ("07", "현대"), ("08", "롯데"), ("12", "농협")]
BANKS = [("004", "국민은행"), ("088", "신한은행"), ("020", "우리은행"), ("081", "하나은행"), ("011", "농협")]
MERCHANTS = [
    ("SMTPAY001m", "0/4GFsSd7ERVRGX9WHOzJ96GyeMTwvIaKSWUCKmN3fDklNRGw3CualCFoMPZaS99YiFGOuwtzTkrLo4bR4V+Ow=="),
    ("SMTPAY002m", "nja3kmcUhyD8hQIS51wxFYCYXEWP530/qWB1/LjLPGNch9KeOPtnWYgLghLBUFOUShq4g3uYTMwL9f8164XLOw=="),
    ("ACMEPAY01m", "this-merchant-key-is-not-in-the-keyring"),
]


def _q(text: str) -> str:
    return quote_plus(text, encoding="cp949")


def _sign(tid: str, code: str, key: str) -> str:
    digest = hashlib.md5(f"{tid[:10]}{code}{tid[10:15]}{key}{tid[15:]}".encode()).hexdigest()
    return base64.b64encode(digest.encode()).decode()


def generate(path: Path, lines: int, seed: int = 7) -> dict[str, int]:
    """Write ``lines`` notification lines; returns how many of each sort were written."""
    rng = random.Random(seed)
    names = [_q(s + g) for s in SURNAMES for g in GIVEN]
    goods = [_q(f"{g} {n}호") for g in GOODS for n in range(1, 30)]
    cards = [(c, _q(n)) for c, n in CARDS]
    banks = [(c, _q(n)) for c, n in BANKS]
    ok_msg, cancel_msg, vbank_msg, deposit_msg = (_q(m) for m in ("정상처리되었습니다", "취소 성공", "가상계좌발급성공", "입금완료"))
    start = datetime(2024, 3, 1)
    recent: list[bytes] = []
    approvals: list[tuple[str, str, int, str]] = []
    counts = {"lines": 0, "retries": 0, "cancels": 0, "vbank": 0}
    with open(path, "wb") as out:
        for n in range(lines):
            if recent and rng.random() < 0.05:
                out.write(rng.choice(recent))
                counts["retries"] += 1
                continue
            at = start + timedelta(seconds=n * 2 + rng.randint(0, 1))
            mid, key = MERCHANTS[0 if rng.random() < 0.7 else (1 if rng.random() < 0.67 else 2)]
            roll = rng.random()
            method, state, code, msg, amt = "CARD", "0", "3001", ok_msg, rng.randrange(1000, 300000, 100)
            fn_cd, fn_name = rng.choice(cards)
            vbank_num = vbank_name = ""
            tid = f"{mid}0101{at:%y%m%d%H%M%S}{n % 10000:04d}"
            otid = tid
            if roll < 0.05 and approvals:
                otid, mid, amt0, key = rng.choice(approvals)
                state, code, msg = rng.choice("12"), "2001", cancel_msg
                amt = amt0 if rng.random() < 0.5 else amt0 // 2
                tid = f"{mid}0101{at:%y%m%d%H%M%S}{n % 10000:04d}"
                counts["cancels"] += 1
            elif roll < 0.09:
                method, state, code, msg = "VBANK", rng.choice("30"), "", ""
                code, msg = ("4100", vbank_msg) if state == "3" else ("4110", deposit_msg)
                fn_cd, fn_name = rng.choice(banks)
                vbank_num, vbank_name = f"5621{n:010d}", fn_name
                tid = f"{mid}0301{at:%y%m%d%H%M%S}{n % 10000:04d}"
                otid = tid
                counts["vbank"] += 1
            elif roll < 0.14:
                method, code = "BANK", "4000"
                fn_cd, fn_name = rng.choice(banks)
                tid = otid = f"{mid}0201{at:%y%m%d%H%M%S}{n % 10000:04d}"
            else:
                approvals.append((tid, mid, amt, key))
                if len(approvals) > 5000:
                    approvals.pop(0)
            values = (
                method, mid, f"user{rng.randrange(100000)}", str(amt), rng.choice(names), rng.choice(goods), tid, otid,
                f"ORD{n:010d}", f"{at:%y%m%d%H%M%S}", f"{rng.randrange(10**8):08d}", code, msg, state, fn_cd, fn_name,
                f"5320{rng.randrange(10**4):04d}%2A%2A%2A%2A{rng.randrange(10**4):04d}", rng.choice(("00", "00", "03")),
                f"buyer{rng.randrange(10**5)}%40example.com", f"010{rng.randrange(10**8):08d}", "", vbank_num,
                vbank_name, "0", "", "", "0", quote_plus(_sign(tid, code, key)),
            )
            line = ("&".join(f"{k}={v}" for k, v in zip(FIELDS, values)) + "\n").encode("ascii")
            out.write(line)
            recent.append(line)
            if len(recent) > 1000:
                recent.pop(rng.randrange(len(recent)))
            counts["lines"] += 1
    counts["lines"] += counts["retries"]
    return counts


def peak_mb(*, children: bool = False) -> float:
    """Peak resident memory of this process (or, with ``children``, of its biggest finished child: the
    importer's parse worker)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def phase_parse(path: Path) -> dict[str, float]:
    from smartro_desk.ingest.classify import key_cache
    from smartro_desk.ingest.logs import LogReader
    from smartro_desk.ingest.pipeline import log_records
    from smartro_desk.secrets import Secrets

    began, cpu = time.perf_counter(), time.process_time()
    records = issues = 0
    with open(path, "rb") as stream:
        for item in log_records(LogReader(stream), key_cache(Secrets().merchant_key)):
            if hasattr(item, "kind"):
                records += 1
            else:
                issues += 1
    return {"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu, "records": records,
            "issues": issues, "peak_mb": peak_mb()}


@contextmanager
def fresh_ledger(postgres: str | None) -> Iterator[str | Path]:
    """A new, empty ledger: a SQLite file in a temporary folder, or a schema of its own on ``postgres``."""
    if not postgres:
        with tempfile.TemporaryDirectory(prefix="smartro-bench-ledger-") as folder:
            yield Path(folder) / "ledger.sqlite"
        return
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{postgres}{'&' if '?' in postgres else '?'}options={quote(f'-csearch_path={schema},public', safe='')}"
    finally:
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def phase_import(path: Path, postgres: str | None = None) -> dict[str, float]:
    from smartro_desk.ingest import import_file
    from smartro_desk.ledger import Ledger
    from smartro_desk.secrets import Secrets

    with fresh_ledger(postgres) as location:
        ledger = Ledger.open(location, actor="bench")
        began, cpu = time.perf_counter(), time.process_time()
        with ledger.db.checkpoints_deferred():  # as the window imports: the report first, then the file settles
            report = import_file(ledger, path, secrets=Secrets())
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        began = time.perf_counter()
        ledger.db.checkpoint()
        settle = time.perf_counter() - began
        transactions = ledger.db.scalar("SELECT COUNT(*) FROM transactions")
        ledger.close()
    return {
        "seconds": seconds, "settle_seconds": settle, "cpu": cpu, "records": report.records, "imported": report.imported,
        "duplicates": report.duplicates, "rejected": report.rejected, "transactions": transactions,
        "peak_mb": peak_mb(), "worker_peak_mb": peak_mb(children=True),
    }


def phase_parse_qsl(path: Path) -> dict[str, float]:
    from urllib.parse import parse_qsl

    began, cpu = time.perf_counter(), time.process_time()
    count = 0
    with open(path, encoding="ascii") as stream:
        for line in stream:
            parse_qsl(line.rstrip("\n"), keep_blank_values=True, encoding="cp949")
            count += 1
    return {"seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu, "lines": count,
            "peak_mb": peak_mb()}


PHASES = {"parse": phase_parse, "import": phase_import, "parse_qsl": phase_parse_qsl, "import_pg": phase_import}


def run_phase(name: str, path: Path, postgres: str | None = None) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--file", str(path), *(["--postgres", postgres] if postgres else [])],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="notification lines to generate")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--postgres", metavar="URL", help="also import into a fresh schema on this PostgreSQL server")
    args = parser.parse_args()
    if args.phase:
        result = PHASES[args.phase](args.file, args.postgres) if args.phase == "import_pg" else PHASES[args.phase](args.file)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="smartro-bench-") as folder:
        path = Path(folder) / "inform.log"
        began = time.perf_counter()
        counts = generate(path, args.lines)
        size_mb = path.stat().st_size / 1e6
        print(f"generated {counts['lines']:,} lines ({size_mb:.0f} MB, {counts['retries']:,} retries, "
              f"{counts['cancels']:,} cancels) in {time.perf_counter() - began:.1f} s")
        results = {name: run_phase(name, path) for name in ("parse_qsl", "parse", "import")}
        if args.postgres:
            results["import_pg"] = run_phase("import_pg", path, args.postgres)
    lines = counts["lines"]
    rate = {name: lines / r["seconds"] for name, r in results.items()}
    cpu_rate = {name: lines / r["cpu"] for name, r in results.items()}
    for name, label in (("parse", "parse-only"), ("import", "end to end"), ("parse_qsl", "parse_qsl loop")):
        print(f"{label:>15}: {rate[name]:>9,.0f} lines/s  ({results[name]['seconds']:.1f} s wall; "
              f"{cpu_rate[name]:,.0f} lines per CPU-second; peak {results[name]['peak_mb']:.0f} MB)")
    print(f"{'':>15}  then the ledger file settles in {results['import']['settle_seconds']:.1f} s "
          "(SQLite's WAL checkpoint, on a worker in the window)")
    print(f"  ratio to parse_qsl: parse-only {rate['parse'] / rate['parse_qsl']:.2f}x, "
          f"end to end {rate['import'] / rate['parse_qsl']:.2f}x")
    pg: dict[str, float] = {}
    if "import_pg" in results:
        pg_run = results["import_pg"]
        print(f"{'PostgreSQL':>15}: {rate['import_pg']:>9,.0f} lines/s  ({pg_run['seconds']:.1f} s wall; "
              f"{rate['import_pg'] / rate['import']:.2f}x the SQLite figure; peak {pg_run['peak_mb']:.0f} MB)")
        pg = {"postgres_end_to_end_lines_per_s": round(rate["import_pg"]),
              "postgres_to_sqlite_ratio": round(rate["import_pg"] / rate["import"], 2),
              "postgres_peak_mb": pg_run["peak_mb"], "postgres_transactions": pg_run["transactions"]}
    summary = {
        "lines": lines, "file_mb": round(size_mb, 1), "retries": counts["retries"],
        "parse_only_lines_per_s": round(rate["parse"]), "end_to_end_lines_per_s": round(rate["import"]),
        "end_to_end_settle_seconds": round(results["import"]["settle_seconds"], 1),
        "parse_qsl_lines_per_s": round(rate["parse_qsl"]),
        "parse_only_lines_per_cpu_s": round(cpu_rate["parse"]),
        "end_to_end_lines_per_cpu_s": round(cpu_rate["import"]),
        "parse_qsl_lines_per_cpu_s": round(cpu_rate["parse_qsl"]),
        "parse_only_ratio": round(rate["parse"] / rate["parse_qsl"], 2),
        "end_to_end_ratio": round(rate["import"] / rate["parse_qsl"], 2),
        "parse_only_peak_mb": results["parse"]["peak_mb"], "end_to_end_peak_mb": results["import"]["peak_mb"],
        "end_to_end_worker_peak_mb": results["import"]["worker_peak_mb"],
        "parse_qsl_peak_mb": results["parse_qsl"]["peak_mb"],
        "imported": results["import"]["imported"], "duplicates": results["import"]["duplicates"],
        "rejected": results["import"]["rejected"], "transactions": results["import"]["transactions"], **pg,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
