"""``smartro-desk cancel`` and ``smartro-desk settle``: one cancel, or one settlement, for scripts.

Same checks and safety as the window (``CancelService``). Confirmation:

- interactive (a terminal, no ``--yes``): the request is shown with secrets
  masked and the user answers y; for production the user types the amount again;
- ``--yes``: no question; production additionally needs ``--confirm-amount N``
  equal to ``--amount`` (a script must state the amount twice, like a person);
- not a terminal and no ``--yes``: nothing is sent.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from smartro_desk.cancel.endpoints import DEFAULT_SANDBOX, parse_endpoint
from smartro_desk.cancel.plan import CancelPlan
from smartro_desk.cancel.rules import parse_share
from smartro_desk.cancel.service import AnswerNotRecorded, CancelResult, CancelService, recover_stale, settle
from smartro_desk.cli_common import keys_options, ledger_options, open_ledger, secrets_for
from smartro_desk.ledger import cancels
from smartro_desk.ledger.backend import LedgerBusy
from smartro_desk.protocol.amounts import AmountError, parse_amount
from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.secrets import SecretsError

EXIT_CODES = {"cancelled": 0, "already_cancelled": 0, "refused": 1, "unknown": 3, "blocked": 4, "not_sent": 5}
EXIT_USAGE = 2
EPILOG = (
    "종료 코드 / exit codes: 0 취소됨·이미 취소됨, 1 거절됨(보내기 전 검사 포함), 2 잘못된 입력·확인 안 함, "
    "3 결과 확인 필요(unknown), 4 막힘(결과 확인 필요 상태이거나 다른 곳에서 취소 중), 5 보내지 못함(연결 실패)."
)
OUTCOME_KO = {
    "cancelled": "취소됨", "already_cancelled": "이미 취소된 거래 (취소 완료로 처리)", "refused": "거절됨 — 취소되지 않았습니다",
    "unknown": "결과 확인 필요 — 취소되었는지 알 수 없습니다", "blocked": "막힘 — 보내지 않았습니다",
    "not_sent": "보내지 않음 — 취소되지 않았습니다",
}


def _amount(text: str) -> int:
    try:
        return parse_amount(text)
    except AmountError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _share(text: str) -> SubMallShare:
    try:
        return parse_share(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_cancel_parsers(subparsers: Any) -> None:
    """Register ``cancel`` and ``settle``."""
    cancel = subparsers.add_parser(
        "cancel", parents=[ledger_options(), keys_options()], help="거래 한 건 취소 (스크립트용)",
        description="거래 한 건을 전체 또는 부분 취소합니다. 창의 취소와 같은 검사·잠금·감사 기록을 거칩니다.",
        epilog=EPILOG,
    )
    cancel.add_argument("--tid", required=True, help="취소할 원거래 TID")
    cancel.add_argument("--amount", required=True, type=_amount, help="취소 금액 (원)")
    cancel.add_argument("--reason", required=True, help="취소 사유 (게이트웨이와 감사 기록에 남음)")
    cancel.add_argument("--partial", action="store_true", help="부분취소 (없으면 전체취소: 금액 = 남은 금액)")
    cancel.add_argument(
        "--divide", action="append", default=[], type=_share, metavar="MID=AMT",
        help="서브몰별 취소 금액 (여러 번; 서브몰 정산 상점의 부분취소에 필수)",
    )
    cancel.add_argument(
        "--endpoint", default="sandbox",
        help=f"sandbox(기본, {DEFAULT_SANDBOX}), test, production 또는 http(s)://호스트[:포트]",
    )
    cancel.add_argument("--yes", action="store_true", help="확인 질문 없이 보냄")
    cancel.add_argument(
        "--confirm-amount", type=_amount, metavar="N", help="운영 서버에 --yes로 보낼 때 금액을 한 번 더 (= --amount)",
    )
    cancel.add_argument("--json", action="store_true", help="결과를 JSON 한 줄로 출력")
    cancel.set_defaults(func=run_cancel)

    done = subparsers.add_parser(
        "settle", parents=[ledger_options()], help="'결과 확인 필요' 거래에 상점관리자 사이트에서 본 결과 기록",
        description="결과를 모르는 취소 요청에 대해 상점관리자 사이트에서 확인한 결과를 기록하고 거래의 막힘을 풉니다.",
    )
    done.add_argument("--tid", required=True, help="'결과 확인 필요' 상태의 원거래 TID")
    done.add_argument("--outcome", required=True, choices=("cancelled", "not-cancelled"), help="사이트에서 본 결과")
    done.add_argument("--amount", type=_amount, help="사이트에 나온 취소 금액 (기본: 요청한 금액)")
    done.add_argument("--ptid", default="", help="부분취소였다면 사이트에 나온 부분취소 TID (알면)")
    done.add_argument("--note", required=True, help="무엇을 확인했는지 (감사 기록에 남음)")
    done.add_argument("--json", action="store_true", help="결과를 JSON 한 줄로 출력")
    done.set_defaults(func=run_settle)


def run_cancel(args: argparse.Namespace) -> int:
    try:
        endpoint = parse_endpoint(args.endpoint)
        secrets = secrets_for(args)
    except (ValueError, SecretsError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    ledger = open_ledger(args)
    try:
        recover_stale(ledger)
        service = CancelService(ledger, secrets)
        plan = service.plan(args.tid, amount=args.amount, reason=args.reason, partial=args.partial,
                            endpoint=endpoint, shares=args.divide)
        confirmed = args.confirm_amount
        if plan.sendable and not args.yes:
            if not sys.stdin.isatty():
                return _declined(args, plan, "확인할 수 없어 보내지 않았습니다. 스크립트에서는 --yes를 붙이세요.")
            confirmed = _ask(plan)
            if confirmed is None:
                return _declined(args, plan, "확인하지 않아 보내지 않았습니다.")
        result = service.execute(plan, confirmed_amount=confirmed)
    except LedgerBusy as exc:  # before sending: nothing left
        print(exc, file=sys.stderr)
        return EXIT_CODES["blocked"]
    except AnswerNotRecorded as exc:
        print(exc, file=sys.stderr)
        return EXIT_CODES["unknown"]
    finally:
        ledger.close()
    _print(args, result, plan)
    return EXIT_CODES[result.outcome]


def _ask(plan: CancelPlan) -> int | None:
    """Show the plan and ask; the confirmed amount, or None when the user says no."""
    print(plan.confirmation_ko)
    for name, value in plan.request_preview:
        print(f"  {name} = {value}")
    for problem in plan.warnings:
        print(f"주의: {problem.message}")
    if plan.needs_retyped_amount:
        typed = input("확인하려면 취소 금액을 다시 입력하세요: ")
        return plan.amount if plan.confirms(typed) else None
    return plan.amount if input("보내려면 y를 입력하세요 [y/N]: ").strip().lower() in ("y", "yes", "예") else None


def _declined(args: argparse.Namespace, plan: CancelPlan, why: str) -> int:
    target = plan.target
    result = CancelResult(
        plan.tid, "not_sent", plan.amount, plan.ask.partial, message=why,
        remaining=target.remaining if target is not None else None,
    )
    _print(args, result, plan)
    return EXIT_USAGE


def _print(args: argparse.Namespace, result: CancelResult, plan: CancelPlan) -> None:
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return
    code = f" ({result.code} {result.message})" if result.code else ""
    print(f"결과: {OUTCOME_KO[result.outcome]}{code}")
    amount = f"{result.amount:,}원" if result.amount is not None else "-"
    remaining = f"{result.remaining:,}원" if result.remaining is not None else "알 수 없음"
    print(f"TID {result.tid}  {plan.kind_ko} {amount}  남은 금액 {remaining}")
    if result.ptid:
        print(f"부분취소 TID: {result.ptid}")
    if not result.code and result.message and not result.problems:
        print(result.message)
    for problem in result.problems:
        print(f"{'오류' if problem.severity == 'error' else '주의'}: {problem.message}")
    if result.error:
        print(f"원인: {result.error}")
    if result.advice_ko:
        print(f"안내: {result.advice_ko}")


def run_settle(args: argparse.Namespace) -> int:
    ledger = open_ledger(args)
    try:
        recover_stale(ledger)
        attempt = settle(ledger, args.tid, outcome=args.outcome, note=args.note, amount=args.amount, ptid=args.ptid)
        target = cancels.read_target(ledger, args.tid)
        remaining = target.remaining if target is not None else None
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        ledger.close()
    if args.json:
        print(json.dumps({
            "tid": args.tid, "attempt": attempt.id, "status": attempt.status, "settled_by": attempt.settled_by,
            "remaining": remaining,
        }, ensure_ascii=False))
    else:
        by = "게이트웨이 취소 통보" if attempt.settled_by == "notification" else attempt.settled_by
        what = "취소됨" if attempt.status == "settled_cancelled" else "취소 안 됨"
        print(f"기록했습니다: 취소 요청 #{attempt.id} → {what} (확인: {by}). 남은 금액 {remaining or 0:,}원.")
        print("이 거래의 막힘(결과 확인 필요)을 풀었습니다.")
    return 0
