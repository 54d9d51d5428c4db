"""``smartro-desk import PATH... [--db LEDGER] [--kind auto|results|orders] [--keys FILE] [--json]``.

Exit status 0 when every file was read (rejected records are not an error), 2
when a file could not be read at all (a one-line reason on stderr), 130 when
interrupted (the file under way is rolled back).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from smartro_desk.cli_common import keys_options, ledger_options, open_ledger, secrets_for
from smartro_desk.ingest.pipeline import KINDS, import_file
from smartro_desk.ingest.report import FileReport, UnknownLayout
from smartro_desk.ledger import Ledger
from smartro_desk.secrets import SecretsError

SHOWN_REJECTS = 20
_FORMAT_NAMES = {"log": "로그", "xlsx": "엑셀", "xls": "엑셀(xls)", "html": "HTML 표", "csv": "CSV"}


def add_import_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import", parents=[ledger_options(), keys_options()],
        help="로그·엑셀 가져오기 / import logs and spreadsheets",
        description="결제 결과·통보 로그, 스마트로 거래내역 엑셀, 주문 목록을 원장으로 가져옵니다.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="가져올 파일")
    parser.add_argument("--kind", choices=KINDS, default="auto",
                        help="auto: 자동 판별, results: PG 거래 기록, orders: 상점 주문 목록")
    parser.add_argument("--profile", metavar="NAME", help="저장된 열 프로필 이름")
    parser.add_argument("--json", action="store_true", help="결과를 JSON 한 개로 출력")
    parser.set_defaults(func=run_import)
    return parser


def run_import(args: argparse.Namespace) -> int:
    try:
        secrets = secrets_for(args)
    except SecretsError as exc:
        print(f"smartro-desk import: {exc}", file=sys.stderr)
        return 2
    ledger = open_ledger(args)
    reports: list[FileReport] = []
    try:
        for path in args.paths:
            try:
                report = import_file(ledger, path, kind=args.kind, secrets=secrets, profile=args.profile)
            except UnknownLayout as exc:
                report = FileReport(str(path), error=str(exc))
            reports.append(report)
            if report.error:
                print(f"smartro-desk import: {path}: {report.error}", file=sys.stderr)
            elif not args.json:
                _print_report(report)
        if args.json:
            print(json.dumps({"files": [_full_json(ledger, r) for r in reports]}, ensure_ascii=False))
    except KeyboardInterrupt:
        print("smartro-desk import: 중단했습니다 (진행 중이던 파일은 가져오지 않았습니다)", file=sys.stderr)
        return 130
    finally:
        ledger.close()
    return 2 if any(r.error for r in reports) else 0


def _full_json(ledger: Ledger, report: FileReport) -> dict[str, Any]:
    """The report as JSON, with every reject the ledger kept (the report itself holds the first ones)."""
    out = report.to_json()
    if report.batch_id is not None and report.rejected > len(report.rejects):
        out["rejects"] = [
            {"line": issue.line, "reason": issue.reason}
            for issue in ledger.batch_issues(report.batch_id) if issue.outcome == "rejected"
        ]
    return out


def _print_report(report: FileReport) -> None:
    kind = _FORMAT_NAMES.get(report.format, report.format)
    encoding = f", {report.encoding}" if report.encoding else ""
    print(f"{report.path}: {kind}{encoding}")
    if report.already_imported_as is not None:
        print(f"  이미 가져온 파일입니다 (묶음 #{report.already_imported_as}): 바뀐 것이 없습니다")
        return
    print(
        f"  기록 {report.records:,}건: 새로 {report.imported:,} · 중복 {report.duplicates:,} · "
        f"거부 {report.rejected:,} · 건너뜀 {report.skipped:,} · 변조 의심 {report.flagged:,}"
        f"  [묶음 #{report.batch_id}]"
    )
    for reject in report.rejects[:SHOWN_REJECTS]:
        print(f"  거부 {reject.line}: {reject.reason}")
    if report.rejected > SHOWN_REJECTS:
        print(f"  … 외 {report.rejected - SHOWN_REJECTS:,}건 (--json으로 모두 볼 수 있습니다)")
