"""``smartro-desk cancel`` / ``settle`` in-process, against the sandbox over real HTTP."""

from __future__ import annotations

import argparse
import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from cancel_support import Rig, rig

from smartro_desk.cancel.cli import add_cancel_parsers
from smartro_desk.protocol.divide import SubMallShare


@pytest.fixture
def r(ledger_location: str | Path, tmp_path: Path) -> Iterator[Rig]:
    with rig(ledger_location) as made:
        yield made


def run(r: Rig, capsys: pytest.CaptureFixture[str], *argv: str, endpoint: str | None = None) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="smartro-desk")
    add_cancel_parsers(parser.add_subparsers(dest="command"))
    extra = ["--endpoint", endpoint or r.sandbox.base_url] if argv[0] == "cancel" else []
    args = parser.parse_args([*argv, "--db", str(r.ledger.location), *extra])
    code = args.func(args)
    return code, capsys.readouterr().out


def as_json(out: str) -> dict[str, object]:
    return json.loads(out.strip().splitlines()[-1])


def test_full_cancel_json(r: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    tid = r.pay(amount=10_000)
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "10,000", "--reason", "반품", "--yes", "--json")
    answer = as_json(out)
    assert code == 0
    assert {k: answer[k] for k in ("tid", "outcome", "code", "message", "remaining")} == {
        "tid": tid, "outcome": "cancelled", "code": "2001", "message": "취소 성공", "remaining": 0}
    assert r.tx(tid)["remaining"] == 0 and r.sandbox.requests_received == 1


def test_human_output_and_partial_with_divide(r: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    split = (SubMallShare("SMTSUB002m", 7_000, "주방용품"), SubMallShare("SMTSUB003m", 3_000, "식품"))
    tid = r.pay(amount=10_000, mid="SMTSUB001m", divide=split)
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "2000", "--reason", "부분 반품", "--partial",
                    "--divide", "SMTSUB002m=2,000", "--yes")
    assert code == 0 and "결과: 취소됨 (2001 취소 성공)" in out and "남은 금액 8,000원" in out
    assert "부분취소 TID: " in out
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "1000", "--reason", "x", "--partial", "--yes")
    assert code == 1 and "서브몰별 취소 금액" in out
    assert r.sandbox.requests_received == 1


def test_refused_before_sending_never_reaches_the_network(r: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    tid = r.pay(amount=10_000)
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "12000", "--reason", "x", "--partial", "--yes", "--json")
    assert code == 1 and as_json(out)["outcome"] == "refused" and as_json(out)["remaining"] == 10_000
    assert r.sandbox.requests_received == 0


def test_lost_answer_blocks_then_settle_unblocks(r: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    tid = r.pay(amount=10_000)
    r.sandbox.set_fault("drop_after_apply", times=1)
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "3000", "--reason", "x", "--partial", "--yes", "--json")
    assert code == 3 and as_json(out)["outcome"] == "unknown"
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "3000", "--reason", "x", "--partial", "--yes", "--json")
    assert code == 4 and as_json(out)["outcome"] == "blocked"
    assert r.sandbox.requests_received == 1
    ptid = r.sandbox.payment(tid)["cancels"][0]["ptid"]
    code, out = run(r, capsys, "settle", "--tid", tid, "--outcome", "cancelled", "--ptid", ptid, "--note", "사이트 확인", "--json")
    assert code == 0 and as_json(out)["status"] == "settled_cancelled" and as_json(out)["remaining"] == 7_000
    code, out = run(r, capsys, "settle", "--tid", tid, "--outcome", "not-cancelled", "--note", "again")
    assert code == 1
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "7000", "--reason", "나머지", "--yes", "--json")
    assert code == 0 and as_json(out)["remaining"] == 0
    r.import_notification(tid, "cancel", 0)
    assert r.tx(tid)["cancelled"] == 10_000 and r.sandbox.requests_received == 2


def test_confirmation(r: Rig, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    tid = r.pay(amount=5_000)
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "5000", "--reason", "x", "--json")
    assert code == 2 and as_json(out)["outcome"] == "not_sent" and "--yes" in str(as_json(out)["message"])
    monkeypatch.setattr("sys.stdin", _Tty())
    answers = iter(["n", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "5000", "--reason", "x")
    assert code == 2 and "Cancelpw = ******" in out and "5,000원(오천 원)" in out
    assert r.sandbox.requests_received == 0
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "5000", "--reason", "x")
    assert code == 0 and r.sandbox.requests_received == 1


def test_production_needs_the_amount_twice(r: Rig, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    tid = r.pay(amount=5_000)
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "5000", "--reason", "x", "--yes", "--json",
                    endpoint="production")
    assert code == 1 and "unconfirmed" in [p["key"] for p in as_json(out)["problems"]]  # type: ignore[index, union-attr]
    monkeypatch.setattr("sys.stdin", _Tty())
    monkeypatch.setattr("builtins.input", lambda prompt="": "500")
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "5000", "--reason", "x", endpoint="production")
    assert code == 2 and "실제로 환불" in out
    assert r.statuses(tid) == []


def test_nothing_listening_and_bad_arguments(r: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    tid = r.pay()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out = run(r, capsys, "cancel", "--tid", tid, "--amount", "10000", "--reason", "x", "--yes", "--json",
                    endpoint=f"http://127.0.0.1:{port}")
    assert code == 5 and as_json(out)["outcome"] == "not_sent" and r.tx(tid)["cancel_hold"] is None
    assert run(r, capsys, "cancel", "--tid", tid, "--amount", "1", "--reason", "x", endpoint="ftp://x")[0] == 2
    with pytest.raises(SystemExit):
        run(r, capsys, "cancel", "--tid", tid, "--amount", "1.5", "--reason", "x")
    with pytest.raises(SystemExit):
        run(r, capsys, "cancel", "--tid", tid, "--amount", "1", "--reason", "x", "--divide", "SMTSUB002m")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True
