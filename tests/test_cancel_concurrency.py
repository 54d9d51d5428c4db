"""Two senders, one TID, the same moment: exactly one request reaches the gateway.

The sandbox holds each answer for a while (delay fault), so the first request
is still in flight when the second sender tries; the second must be blocked
by the ledger's lock, whether it is another thread or another process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from cancel_support import Rig, rig, service_for

from smartro_desk.cancel.service import CancelResult
from smartro_desk.ledger import Ledger, cancels
from smartro_desk.protocol.merchants import TEST_MERCHANTS

SLOW = httpx.Timeout(connect=2.0, read=5.0, write=2.0, pool=2.0)
WORKER = """
import argparse, sys
from smartro_desk.cancel.cli import add_cancel_parsers
parser = argparse.ArgumentParser()
add_cancel_parsers(parser.add_subparsers())
args = parser.parse_args(sys.argv[1:])
print("ready", flush=True)
sys.stdin.readline()
sys.exit(args.func(args))
"""


def race(r: Rig, tid: str, ledgers: list[Ledger]) -> list[CancelResult]:
    plans = [service_for(led, SLOW).plan(tid, amount=3_000, reason="동시", partial=True, endpoint=r.endpoint)
             for led in ledgers]
    start = threading.Barrier(len(ledgers))
    results: list[CancelResult] = []

    def send(index: int) -> None:
        service = service_for(ledgers[index], SLOW)
        start.wait()
        results.append(service.execute(plans[index]))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(ledgers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("shared", [True, False], ids=["one-ledger-object", "two-connections"])
def test_two_threads(ledger_location: str | Path, tmp_path: Path, shared: bool) -> None:
    with rig(ledger_location, SLOW) as r:
        tid = r.pay(amount=10_000)
        r.sandbox.set_fault("delay_seconds", 1.0)
        other = r.ledger if shared else Ledger.open(r.ledger.location, actor="lee")
        try:
            results = race(r, tid, [r.ledger, other])
        finally:
            if not shared:
                other.close()
        assert sorted(x.outcome for x in results) == ["blocked", "cancelled"]
        blocked = next(x for x in results if x.outcome == "blocked")
        assert "보내는 중" in blocked.message
        assert r.sandbox.requests_received == 1
        assert r.tx(tid)["remaining"] == 7_000 and r.statuses(tid) == ["cancelled"]
        assert cancels.locks(r.ledger) == []


def test_two_processes_running_the_cli(ledger_location: str | Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    merchant = TEST_MERCHANTS["SMTPAY001m"]
    keys.write_text(json.dumps({merchant.mid: {"merchant_key": merchant.merchant_key, "cancel_password": "123456"}}))
    with rig(ledger_location, SLOW) as r:
        tid = r.pay(amount=10_000)
        r.sandbox.set_fault("delay_seconds", 1.5)
        argv = ["cancel", "--db", str(r.ledger.location), "--keys", str(keys), "--tid", tid, "--amount", "3000",
                "--reason", "동시", "--partial", "--endpoint", r.sandbox.base_url, "--yes", "--json"]
        workers = [
            subprocess.Popen([sys.executable, "-c", WORKER, *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        try:
            for worker in workers:
                assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()
            finished = [worker.communicate(timeout=30) for worker in workers]
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.communicate()
        answers = [json.loads(out.strip().splitlines()[-1]) for out, _err in finished]
        assert sorted(a["outcome"] for a in answers) == ["blocked", "cancelled"], finished
        blocked = next(a for a in answers if a["outcome"] == "blocked")
        holder = next(w.pid for w, a in zip(workers, answers) if a["outcome"] == "cancelled")
        assert f"(pid {holder})" in blocked["message"] and "부터 이 거래의 취소 요청을" in blocked["message"]
        assert sorted(w.returncode for w in workers) == [0, 4]
        assert r.sandbox.requests_received == 1
        assert r.tx(tid)["remaining"] == 7_000 and r.statuses(tid) == ["cancelled"]
