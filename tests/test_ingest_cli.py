"""``smartro-desk import``: JSON output, exit status, keys file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from fixtures_ingest.builders import form, notification

from smartro_desk.ingest.cli import add_import_parser


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="smartro-desk")
    add_import_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import", *argv])
    return int(args.func(args))


def test_json_report_and_success_with_rejects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "inform.log"
    log.write_bytes(b"\n".join([form(notification(1)), form(notification(1)), b"TID=&Amt=5", b""]) + b"\n")
    code = run(str(log), "--db", str(tmp_path / "l.sqlite"), "--json")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    (entry,) = out["files"]
    assert {k: entry[k] for k in ("path", "format", "encoding", "records", "imported", "duplicates", "rejected",
                                   "flagged")} == {
        "path": str(log), "format": "log", "encoding": "cp949", "records": 4, "imported": 1, "duplicates": 1,
        "rejected": 1, "flagged": 0}
    assert entry["rejects"] == [{"line": 3, "reason": "거래번호(TID)가 없습니다"}]


def test_unreadable_file_exits_2_with_a_one_line_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "ok.log"
    good.write_bytes(form(notification(1)) + b"\n")
    code = run(str(good), str(tmp_path / "missing.log"), "--db", str(tmp_path / "l.sqlite"), "--json")
    captured = capsys.readouterr()
    assert code == 2
    assert len(captured.err.strip().splitlines()) == 1 and "missing.log" in captured.err
    files = json.loads(captured.out)["files"]
    assert files[0]["imported"] == 1 and files[1]["error"]


def test_text_output_and_unknown_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    log = tmp_path / "inform.log"
    log.write_bytes(form(notification(1)) + b"\n")
    assert run(str(log), str(odd), "--db", str(tmp_path / "l.sqlite")) == 2
    captured = capsys.readouterr()
    assert "새로 1" in captured.out and "열 구성" in captured.err


def test_keys_file_verifies_own_merchant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"OWNSHOP01m": {"merchant_key": "own-key"}}), encoding="utf-8")
    log = tmp_path / "inform.log"
    log.write_bytes(form(notification(1, mid="OWNSHOP01m", key="wrong-key")) + b"\n")
    assert run(str(log), "--db", str(tmp_path / "l.sqlite"), "--keys", str(keys), "--json") == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["flagged"] == 1
    bad_keys = tmp_path / "bad.json"
    bad_keys.write_text("[", encoding="utf-8")
    assert run(str(log), "--db", str(tmp_path / "l.sqlite"), "--keys", str(bad_keys)) == 2
