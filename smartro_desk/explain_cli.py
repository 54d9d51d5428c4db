"""``smartro-desk explain CODE [--kind KIND]``: what a Smartro code means, Korean first."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from smartro_desk.protocol import codes

_KIND_HELP = (
    "찾을 표 / table to search: " + ", ".join(codes.EXPLAIN_KINDS)
    + " (card=카드사, bank=은행, result=모든 결과코드 / all result tables)"
)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="코드 / code, e.g. 2032, 04, 088, TS10")
    parser.add_argument("--kind", default=None, metavar="KIND", help=_KIND_HELP)
    parser.set_defaults(func=run_explain)


def add_explain_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``explain`` subcommand on an argparse subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "explain",
        help="결과코드·카드사·은행 코드 설명 / explain a Smartro code",
        description="결과코드, 카드사, 은행, 택배사 코드의 뜻과 다음 할 일을 보여줍니다. "
        "Shows what a result, card company, bank or courier code means and what to do next.",
    )
    _add_arguments(parser)
    return parser


def _sentence(text: str) -> str:
    """Result messages end with a full stop, as most of the manual's do."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _lines(hit: codes.Code) -> list[str]:
    """The output lines of one table entry."""
    kind_ko, kind_en = codes.KIND_LABELS[hit.kind]
    ko, en = (_sentence(hit.ko), _sentence(hit.en)) if hit.kind in codes.RESULT_KINDS else (hit.ko, hit.en)
    lines = [f"[{kind_ko} / {kind_en}] {hit.code}: {ko} — {en}"]
    company = codes.card_company(hit.code) if hit.kind == "card" else None
    if company is not None and company.acquirer_code:
        lines.append(
            f"    매입사 {company.acquirer_ko}({company.acquirer_code})"
            + (f", 인증 {company.auth_method}" if company.auth_method else "")
            + f" — acquirer {company.acquirer_en} ({company.acquirer_code})"
            + (f", authentication {company.auth_method_en}" if company.auth_method_en else "")
        )
    if hit.hint_ko:
        lines.append(f"    안내: {hit.hint_ko}")
    if hit.hint_en:
        lines.append(f"    Next: {hit.hint_en}")
    return lines


def run_explain(argv_namespace_or_args: argparse.Namespace | Sequence[str]) -> int:
    """Print every table entry for the code; 0 if found, 1 if not, 2 for a bad ``--kind``."""
    if isinstance(argv_namespace_or_args, argparse.Namespace):
        args = argv_namespace_or_args
    else:
        parser = argparse.ArgumentParser(prog="smartro-desk explain")
        _add_arguments(parser)
        args = parser.parse_args(list(argv_namespace_or_args))
    code, kind = str(args.code).strip(), getattr(args, "kind", None)
    try:
        hits = codes.explain(code, kind)
    except ValueError:
        print(
            f"알 수 없는 종류입니다: {kind} — Unknown kind: {kind}. "
            f"({', '.join(codes.EXPLAIN_KINDS)})",
            file=sys.stderr,
        )
        return 2
    if not hits:
        where = f" ({kind})" if kind else ""
        print(f"코드를 찾을 수 없습니다{where}: {code} — No such code{where}: {code}", file=sys.stderr)
        elsewhere = codes.explain(code) if kind else []
        if elsewhere:
            tables = ", ".join(codes.KIND_LABELS[h.kind][0] for h in elsewhere)
            print(f"    --kind 없이 찾으면 있습니다 / found without --kind: {tables}", file=sys.stderr)
        return 1
    for hit in hits:
        print("\n".join(_lines(hit)))
    return 0
