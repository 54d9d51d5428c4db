"""``smartro-desk export --db LEDGER --what WHAT [--month YYYY-MM] -o FILE.xlsx|FILE.csv``.

Exit status 0 when the file was written, 2 when it could not be (a one-line
reason on stderr; an existing file is left as it was), 130 when interrupted
(nothing is left behind).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from smartro_desk.cli_common import keys_options, ledger_options, open_ledger, secrets_for
from smartro_desk.columns import COLUMN_BY_KEY
from smartro_desk.export.output import ExportError, ExportResult, check_suffix
from smartro_desk.export.reports import export_audit, export_findings, export_import_report
from smartro_desk.export.settlement import export_settlement
from smartro_desk.export.transactions import export_transactions
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.queries import TransactionFilter
from smartro_desk.recon import Month, reconcile
from smartro_desk.secrets import SecretsError
from smartro_desk.tasks import Progress

WHAT = ("transactions", "findings", "settlement", "audit", "imports")


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export", parents=[ledger_options(), keys_options()],
        help="엑셀·CSV로 내보내기 / export to Excel or CSV",
        description="거래내역, 대사 결과, 월 정산 통합문서, 감사 로그, 가져오기 보고서를 엑셀(.xlsx) 또는 CSV로 내보냅니다.",
    )
    parser.add_argument("--what", choices=WHAT, required=True, help="내보낼 내용")
    parser.add_argument("--month", metavar="YYYY-MM", help="대상 월 (findings, settlement에는 필수)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help=".xlsx 또는 .csv (정산·가져오기는 .xlsx)")
    parser.add_argument("--lang", choices=("ko", "en"), default="ko", help="머리글 언어 (기본: ko)")
    parser.add_argument("--mid", action="append", default=[], help="거래내역: 이 MID만 (여러 번 가능)")
    parser.add_argument("--sort", default="approved_at", choices=sorted(COLUMN_BY_KEY), help="거래내역: 정렬 열")
    parser.add_argument("--descending", action="store_true", help="거래내역: 내림차순")
    parser.add_argument("--columns", metavar="KEY,KEY", help=f"거래내역: 열 (기본: 전부) {','.join(COLUMN_BY_KEY)}")
    parser.set_defaults(func=run_export)
    return parser


def run_export(args: argparse.Namespace) -> int:
    try:
        month = str(Month.parse(args.month)) if args.month else None
        if month is None and args.what in ("findings", "settlement"):
            raise ExportError(f"--what {args.what}에는 --month YYYY-MM이 필요합니다.")
        check_suffix(args.output, csv_allowed=args.what not in ("settlement", "imports"))
    except (ValueError, ExportError) as exc:
        print(f"smartro-desk export: {exc}", file=sys.stderr)
        return 2
    ledger = open_ledger(args)
    try:
        result = _export(ledger, args, month)
    except (ExportError, SecretsError, ValueError, OSError) as exc:
        print(f"smartro-desk export: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("smartro-desk export: 중단했습니다 (파일을 만들지 않았습니다)", file=sys.stderr)
        return 130
    finally:
        ledger.close()
    sheets = f", 시트 {len(result.sheets)}개" if result.sheets else ""
    print(f"{result.path}: {result.rows:,}행{sheets}")
    return 0


def _export(ledger: Ledger, args: argparse.Namespace, month: str | None) -> ExportResult:
    lang = args.lang
    if args.what == "transactions":
        flt = TransactionFilter(mids=tuple(args.mid))
        if month:
            m = Month.parse(month)
            flt = TransactionFilter(date_from=date(m.year, m.month, 1), date_to=date(m.year, m.month, m.days),
                                    mids=tuple(args.mid))
        keys = [k.strip() for k in args.columns.split(",") if k.strip()] if args.columns else None
        return export_transactions(
            ledger, args.output, flt, args.sort, args.descending, keys, lang, progress=_progress(),
        )
    if args.what == "audit":
        return export_audit(ledger, args.output, month=month, lang=lang)
    if args.what == "imports":
        return export_import_report(ledger, args.output, month=month, lang=lang)
    if month is None:  # checked in run_export; keeps the type narrow
        raise ExportError(f"--what {args.what}에는 --month YYYY-MM이 필요합니다.")
    recon = reconcile(ledger, month, secrets=secrets_for(args))
    if args.what == "findings":
        return export_findings(args.output, recon.findings, month=month, lang=lang, health=recon.health)
    return export_settlement(ledger, args.output, month, recon=recon, lang=lang, progress=_progress())


def _progress() -> Progress | None:
    """A percentage on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total:
            end = "\n" if done >= total else ""
            print(f"\r내보내는 중… {done * 100 // total}% ({done:,}/{total:,})", end=end, file=sys.stderr, flush=True)

    return show
