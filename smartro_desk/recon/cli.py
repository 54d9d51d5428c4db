"""``smartro-desk reconcile --db LEDGER --month YYYY-MM [--orders FILE...] [--export FILE...] [--json]``.

Files named with ``--orders`` (the merchant's order list) and ``--export`` (the
gateway admin site's transaction export) are imported first, as ``import``
does; a file that cannot be read stops the run before reconciling. Exit
status 0 when the month was reconciled (findings are not an error), 2 for a
bad month, an unreadable file or key file, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from smartro_desk.cli_common import keys_options, ledger_options, open_ledger, secrets_for
from smartro_desk.ingest import FileReport, UnknownLayout, import_file
from smartro_desk.labels import EVENT_KIND
from smartro_desk.ledger import Ledger
from smartro_desk.protocol.amounts import format_amount
from smartro_desk.recon.engine import reconcile
from smartro_desk.recon.findings import DEFAULT_NOTIFY_SENDERS, DeliveryHealth, Month, ReconResult, ReconSettings
from smartro_desk.recon.kinds import severity_label
from smartro_desk.recon.settlement import Settlement, monthly_settlement
from smartro_desk.secrets import SecretsError

TEXT_LIMIT = 20  # findings shown per kind in text output unless --limit says otherwise


def add_reconcile_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "reconcile", parents=[ledger_options(), keys_options()],
        help="월 대사 / reconcile a month",
        description="주문 목록·PG 결과·PG 엑셀을 한 달 단위로 대사합니다.",
    )
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="대사할 달 (승인일 기준)")
    parser.add_argument("--orders", nargs="+", default=[], metavar="FILE", help="먼저 가져올 주문 목록 파일")
    parser.add_argument("--export", nargs="+", default=[], metavar="FILE", help="먼저 가져올 PG 거래내역 엑셀")
    parser.add_argument("--json", action="store_true", help="결과를 JSON 한 개로 출력")
    parser.add_argument("--settlement", action="store_true", help="월 정산표(일자·결제수단·카드사별)도 출력")
    parser.add_argument("--limit", type=int, metavar="N", help="종류별로 나열할 건수 (기본: JSON 전부, 글 20)")
    parser.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="가상계좌 입금기한을 판단할 날짜 (기본: 오늘)")
    parser.add_argument("--vbank-days", type=int, default=ReconSettings().vbank_expiry_days, metavar="N",
                        help="VbankExpDate가 없을 때 채번 후 입금기한 일수 (기본 7)")
    parser.add_argument("--notify-senders", default=",".join(DEFAULT_NOTIFY_SENDERS), metavar="IP,...",
                        help="PG 재통보 발신 주소 (쉼표로 구분)")
    parser.add_argument("--retry-limit", type=int, default=ReconSettings().retry_limit, metavar="N",
                        help="PG가 통보를 다시 보내는 최대 횟수 (기본 10)")
    parser.set_defaults(func=run_reconcile)
    return parser


def run_reconcile(args: argparse.Namespace) -> int:
    try:
        month = str(Month.parse(args.month))
        secrets = secrets_for(args)
    except (ValueError, SecretsError) as exc:
        print(f"smartro-desk reconcile: {exc}", file=sys.stderr)
        return 2
    limit = args.limit if args.limit is not None else (None if args.json else TEXT_LIMIT)
    settings = ReconSettings(
        vbank_expiry_days=args.vbank_days, as_of=args.as_of, max_listed_per_kind=limit,
        notify_senders=tuple(ip.strip() for ip in args.notify_senders.split(",") if ip.strip()),
        retry_limit=args.retry_limit,
    )
    ledger = open_ledger(args)
    try:
        reports = _import(ledger, args, secrets)
        if reports is None:
            return 2
        result = reconcile(ledger, month, settings=settings, secrets=secrets)
        settlement = monthly_settlement(ledger, month) if args.settlement else None
    except KeyboardInterrupt:
        print("smartro-desk reconcile: 중단했습니다", file=sys.stderr)
        return 130
    finally:
        ledger.close()
    if args.json:
        out: dict[str, Any] = result.to_json()
        out["imports"] = [r.to_json() for r in reports]
        if settlement is not None:
            out["settlement"] = settlement.to_json()
        print(json.dumps(out, ensure_ascii=False))
    else:
        _print_text(result, reports, settlement)
    return 0


def _import(ledger: Ledger, args: argparse.Namespace, secrets: Any) -> list[FileReport] | None:
    """Import the files named on the command line; None (after saying why) when one cannot be read."""
    reports = []
    for kind, paths in (("orders", args.orders), ("results", args.export)):
        for path in paths:
            try:
                report = import_file(ledger, path, kind=kind, secrets=secrets)
            except UnknownLayout as exc:
                report = FileReport(str(path), error=str(exc))
            if report.error:
                print(f"smartro-desk reconcile: {path}: {report.error}", file=sys.stderr)
                return None
            reports.append(report)
    return reports


def _print_text(result: ReconResult, reports: list[FileReport], settlement: Settlement | None) -> None:
    for report in reports:
        print(f"가져옴 {report.path}: 새로 {report.imported:,} · 중복 {report.duplicates:,} · 거부 {report.rejected:,}")
    totals = result.totals
    print(f"{result.month} 대사: 거래 {totals['transactions']:,}건, 주문 {totals['orders']:,}건")
    for note in result.notes:
        print(f"  참고: {note.ko}")
    kinds = [s for s in result.summary.values() if s.count]
    if not kinds:
        print("발견 사항이 없습니다.")
    for summary in kinds:
        print(f"[{severity_label(summary.severity)}] {summary.label_ko}: {summary.count:,}건 "
              f"(미처리 {summary.open:,}건), 금액 {format_amount(summary.amount)}원")
        listed = [f for f in result.findings if f.kind == summary.kind]
        for finding in listed:
            mark = "" if finding.resolution is None else f" [{finding.resolution.status}]"
            print(f"    {finding.tid or finding.order_id}: {finding.detail_ko}{mark}")
        if summary.count > len(listed):
            print(f"    … 외 {summary.count - len(listed):,}건 (--limit 또는 --json으로 더 볼 수 있습니다)")
    _print_health(result.health)
    if settlement is not None:
        _print_settlement(settlement)


def _print_health(h: DeliveryHealth) -> None:
    if not (h.notified or h.resent or h.senders):
        return
    print(f"통보 상태: 통보 받은 결제 {h.notified:,}건, 재전송된 통보 {h.resent:,}건 (받은 사본 {h.arrivals:,}개, "
          f"가장 긴 재전송 {h.longest_minutes:,}분), 재시도 한도({h.retry_limit}회)까지 받은 결제 {h.at_limit:,}건")
    for kind, groups in h.by_kind.items():
        counts = " · ".join(f"{COPY_WORDS[g]} {n:,}" for g, n in groups.items())
        print(f"  {EVENT_KIND.get(kind, (kind,))[0]} 통보: {counts}")
    if h.senders:
        listed = ", ".join(f"{ip} {n:,}회" for ip, n in h.senders.items())
        print(f"  공지되지 않은 주소에서 온 통보 {h.foreign_notifications:,}건: {listed}")


COPY_WORDS = {"1": "1회", "2": "2회", "3-5": "3–5회", "6+": "6회 이상"}


def _print_settlement(settlement: Settlement) -> None:
    beside = " | PG 엑셀 순매출, 차이" if settlement.has_export else ""
    print(f"{settlement.month} 정산 (승인 건수/금액, 취소 건수/금액, 순매출{beside})")
    for dimension, title in (("day", "일자별"), ("method", "결제수단별"), ("card", "카드사별"), ("total", "합계")):
        print(f"  {title}")
        for row in settlement.table(dimension):
            v = row.values()
            line = (f"    {v['label']:<12} {v['approvals']:>8,} {format_amount(v['approved']):>15} "
                    f"{v['cancels']:>7,} {format_amount(v['cancelled']):>14} {format_amount(v['net']):>15}")
            if row.export is not None:
                line += f" | {format_amount(v['x_net']):>15} {format_amount(v['diff_net']):>12}"
            print(line + (" *" if row.differs else ""))
    if settlement.excluded.approvals:
        print(f"  위변조 의심·기록 불일치로 합계에서 뺀 거래: {settlement.excluded.approvals:,}건 "
              f"{format_amount(settlement.excluded.approved)}원")
