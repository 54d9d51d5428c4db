"""``smartro-desk sandbox``: run the local stand-in gateway until Ctrl+C."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.sandbox.demo import demo_month
from smartro_desk.sandbox.handler import CANCEL_PATH
from smartro_desk.sandbox.server import Sandbox


def add_sandbox_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``sandbox [--port N] [--state FILE] [--host H] [--demo YYYY-MM]``."""
    parser = subparsers.add_parser(
        "sandbox",
        help="로컬 테스트 게이트웨이(취소 URL 대체)를 실행합니다",
        description="스마트로 결제취소 URL(§5)을 흉내 내는 로컬 서버입니다. Ctrl+C로 멈춥니다.",
    )
    parser.add_argument("--port", type=int, default=8765, help="포트 (0이면 빈 포트 자동 선택, 기본 8765)")
    parser.add_argument("--host", default="127.0.0.1", help="접속을 받을 주소 (기본 127.0.0.1)")
    parser.add_argument("--state", type=Path, default=None, help="거래를 저장할 JSON 파일 (재시작해도 유지)")
    parser.add_argument(
        "--demo", metavar="YYYY-MM", default=None, help="시작할 때 그 달의 데모 거래를 만들어 둡니다"
    )
    parser.set_defaults(func=run_sandbox)
    return parser


def run_sandbox(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C; print the base URL and the test merchants."""
    sandbox = Sandbox(host=args.host, port=args.port, state_file=args.state)
    if args.demo:
        try:
            month = datetime.strptime(args.demo, "%Y-%m")
        except ValueError:
            print(f"--demo 값은 YYYY-MM 형식이어야 합니다: {args.demo}")
            return 2
        demo_month(month.year, month.month, sandbox=sandbox)
    base = sandbox.start()
    print(f"스마트로 샌드박스 실행 중: {base}")
    print(f"  취소 URL: {base}{CANCEL_PATH}")
    print(f"  저장된 거래: {len(sandbox.payments())}건" + (f" ({args.state})" if args.state else ""))
    print("  테스트 상점 (취소 비밀번호 123456):")
    for merchant in TEST_MERCHANTS.values():
        subs = f"  서브몰 {', '.join(merchant.sub_mall_mids)}" if merchant.sub_mall_mids else ""
        print(f"    {merchant.mid}  {merchant.name}{subs}")
    print("Ctrl+C로 종료합니다.")
    try:
        while True:  # a long sleep, not a poll: Ctrl+C interrupts it on every platform
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\n샌드박스를 멈춥니다.")
    finally:
        sandbox.stop()
    return 0
