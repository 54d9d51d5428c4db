"""Command line: the window by default, plus headless commands for support and scripts."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from smartro_desk import __version__
from smartro_desk.cancel.cli import add_cancel_parsers
from smartro_desk.cli_common import ledger_options, open_ledger
from smartro_desk.explain_cli import add_explain_parser
from smartro_desk.export.cli import add_export_parser
from smartro_desk.ingest.cli import add_import_parser
from smartro_desk.ledger.cli import add_ledger_parser
from smartro_desk.recon.cli import add_reconcile_parser
from smartro_desk.sandbox import add_sandbox_parser


def _add_audit_parser(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="감사 로그 / audit log")
    verbs = audit.add_subparsers(dest="audit_command", required=True)
    verify = verbs.add_parser("verify", parents=[ledger_options()], help="감사 로그 변조 검사")
    verify.set_defaults(func=_run_audit_verify)


def _run_audit_verify(args: argparse.Namespace) -> int:
    ledger = open_ledger(args)
    try:
        check = ledger.verify_audit()
    finally:
        ledger.close()
    if check.ok:
        print(f"감사 로그 정상: {check.entries}건 / audit log intact: {check.entries} entries")
        return 0
    print(f"감사 로그 변조 발견: 항목 {check.first_bad_id} — {check.problem}")
    print(f"Audit log broken at entry {check.first_bad_id}")
    return 1


def self_test() -> int:
    """Ledger, code tables and known hash answers, with no window and no display."""
    from smartro_desk.ledger import Ledger
    from smartro_desk.protocol import codes, hashes
    from smartro_desk.protocol.merchants import TEST_MERCHANTS

    key = TEST_MERCHANTS["SMTPAY001m"].merchant_key
    tid = "SMTPAY001m01011708181134147103"
    checks = {
        "EncryptData": hashes.encrypt_data("20200409101500", "SMTPAY001m", 1004, key)
        == "YWE3ODA4OTFjYzFjNzljNmYzMzAwZmU4ZWQzOGQ5Mjg=",
        "SignValue": hashes.sign_value(tid, "3001", key) == "MWU3MzU3ODQ0NDEyYjczMjg2YTIzMjA1Y2M3OGYwNzI=",
        "hashData full": hashes.hash_data(tid, key, 1004, "0") == "ZGUyNWFlNjBhNTE2ZmFhMzIxYTE2NmU0MjM3MTllYTg=",
        "hashData partial": hashes.hash_data(tid, key, 502, "1") == "MjU5NDU2YWVkMWIyOTJhZjMwMGY2ZDZkYzI4NjEyZTE=",
    }
    sizes = {kind: len(codes.table(kind)) for kind in codes.KINDS}
    checks["code tables"] = all(sizes.values())
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger.open(Path(folder) / "self-test.sqlite")
        checks["ledger"] = ledger.db.schema_version() >= 1 and ledger.verify_audit().ok
        ledger.close()
    for name, ok in checks.items():
        print(f"{'OK  ' if ok else 'FAIL'} {name}")
    print(f"code tables: {sum(sizes.values())} codes in {len(sizes)} tables")
    return 0 if all(checks.values()) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smartro-desk", description="Smartro 결제 원장·취소·대사 데스크")
    parser.add_argument("--version", action="version", version=f"smartro-desk {__version__}")
    parser.add_argument("--self-test", action="store_true", help="창 없이 자체 점검 후 종료")
    parser.add_argument("--db", metavar="LEDGER", help="원장: SQLite 파일 또는 postgresql:// URL (기본: 사용자 데이터 폴더)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_explain_parser(sub)
    add_sandbox_parser(sub)
    add_cancel_parsers(sub)
    add_import_parser(sub)
    add_reconcile_parser(sub)
    add_export_parser(sub)
    _add_audit_parser(sub)
    add_ledger_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the installed (frozen) app starts its log-parsing worker through here
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if getattr(args, "func", None) is not None:
        return int(args.func(args) or 0)
    from smartro_desk.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
