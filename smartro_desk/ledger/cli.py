"""``smartro-desk ledger copy --from LEDGER --to LEDGER``: move a ledger to another backend, verified."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from smartro_desk.cli_common import actor_name, location_of
from smartro_desk.ledger.backend import display_location
from smartro_desk.ledger.copy import CopyRefused, copy_ledger
from smartro_desk.ledger.store import Ledger


def add_ledger_parser(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.add_parser("ledger", help="원장 관리 / ledger maintenance")
    verbs = ledger.add_subparsers(dest="ledger_command", required=True)
    copy = verbs.add_parser(
        "copy", help="원장을 다른 저장소로 옮기기 (예: SQLite 파일 → 팀의 PostgreSQL)",
        description="원장 전체를 빈 대상 원장으로 복사하고 건수·금액 합계·감사 로그로 검증합니다. "
                    "Copies a whole ledger into an empty target and verifies counts, sums and the audit chain.",
    )
    copy.add_argument("--from", dest="source", required=True, metavar="LEDGER", help="원본: SQLite 파일 또는 postgresql:// URL")
    copy.add_argument("--to", dest="target", required=True, metavar="LEDGER", help="대상 (비어 있어야 함)")
    copy.set_defaults(func=run_copy)


def run_copy(args: argparse.Namespace) -> int:
    """0: copied and verified; 1: copied but a figure differs; 2: refused or unreadable."""
    source_at, target_at = location_of(args.source), location_of(args.target)
    try:
        source = Ledger.open(source_at, actor=actor_name())
    except Exception as exc:  # a one-line reason, not a traceback
        print(f"원본 원장을 열 수 없습니다 / cannot open the source: {display_location(source_at)}: {exc}", file=sys.stderr)
        return 2
    try:
        target = Ledger.open(target_at, actor=actor_name())
    except Exception as exc:
        source.close()
        print(f"대상 원장을 열 수 없습니다 / cannot open the target: {display_location(target_at)}: {exc}", file=sys.stderr)
        return 2
    try:
        print(f"{display_location(source_at)} → {display_location(target_at)}", flush=True)
        report = copy_ledger(source, target, progress=_progress())
        if report.ok:
            target.audit("ledger_copied", details={"from": display_location(source_at), "rows": report.rows})
    except CopyRefused as exc:
        print(f"복사하지 않았습니다 / refused: {exc}", file=sys.stderr)
        return 2
    finally:
        source.close()
        target.close()
    for table, count in report.rows.items():
        print(f"  {table:<16} {count:>12,}")
    for name, total in report.sums.items():
        print(f"  {name:<28} {total:>16,}원")
    if not report.ok:
        print("검증 실패 / verification failed:", *report.mismatches, sep="\n  ", file=sys.stderr)
        return 1
    print("검증 완료: 건수, 금액 합계, 감사 로그가 원본과 같습니다 / verified")
    return 0


def _progress() -> Callable[[str, int, int], None]:
    """Print a table's progress every twentieth of it, and at its end."""
    shown = {"table": "", "rows": 0}

    def show(table: str, copied: int, total: int) -> None:
        if table != shown["table"]:
            shown.update(table=table, rows=0)
        if copied - shown["rows"] >= max(1, total // 20) or copied == total:
            print(f"  {table}: {copied:,}/{total:,}", flush=True)
            shown["rows"] = copied

    return show
