"""The transaction table as the user sees it: same filter, same order, same visible columns.

Columns come from ``smartro_desk.columns`` (declared once for the table and
the exporter): headers in the chosen language, display text for codes, int
won for amounts, Excel datetimes for ``approved_at``. Rows stream from one
ordered SELECT on the export's own read connection (``ledger_read``), a page
at a time, so memory stays flat for a million rows.

A code column's display text (결제수단, 상태, 카드사/은행, 할부, 결과, 검증, 출처)
depends on a few raw fields only (``DISPLAY_INPUTS``), and a month has few
distinct combinations of them: each combination is decoded once through the
column's own ``display`` and then looked up. A column this module does not
know gets ``display`` called on every row, as the table does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from smartro_desk import labels
from smartro_desk.columns import COLUMN_BY_KEY, ROW_FIELDS, TRANSACTION_COLUMNS, Column
from smartro_desk.export.ledger_read import transaction_pages
from smartro_desk.export.output import ExportResult
from smartro_desk.export.sheet import EXCEL_MAX_ROWS, Field, Kind, heading, period_text
from smartro_desk.export.table import export_table
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.queries import Summary, TransactionFilter, TransactionQueries
from smartro_desk.protocol.amounts import format_amount
from smartro_desk.protocol import codes
from smartro_desk.tasks import CancelToken, Progress, no_progress

CHUNK = 2_000  # rows fetched, written, then progress reported and cancel checked
_KINDS: dict[str, Kind] = {"money": "money", "datetime": "datetime"}  # codes and text export their display text

PLAIN_TEXT = frozenset({"tid", "order_id", "mid", "buyer", "goods"})
"""Columns shown as their raw field (``columns._text``): exported as the value itself."""

DISPLAY_INPUTS: dict[str, tuple[str, ...]] = {
    "pay_method": ("pay_method",),
    "state": ("state", "flagged", "cancel_hold"),
    "issuer": ("fn_cd", "fn_name", "pay_method"),
    "card_quota": ("pay_method", "card_quota"),
    "result": ("result_code", "pay_method", "result_msg"),
    "sign_status": ("sign_status",),
    "sources": ("channels",),
}
"""The fields each code column's ``display`` reads (see ``columns.py``); tests hold the two together."""

_TRUTHS = frozenset({"flagged", "cancel_hold"})  # read by display only as true/false
_MEMO_LIMIT = 4_096  # distinct combinations kept per column before the memo starts over


def transaction_fields(columns: Sequence[Column], lang: str = "ko") -> list[Field]:
    """The export's typed columns for these table columns (amounts totalled)."""
    return [Field(c.header(lang), _KINDS.get(c.kind, "text"), c.width, total=c.kind == "money") for c in columns]


def _inputs(column: Column) -> tuple[str, ...]:
    """The raw fields this column's export value is made from (every field for a column not known here)."""
    if column.kind in ("money", "datetime") or column.key in PLAIN_TEXT:
        return (column.sql,)
    return DISPLAY_INPUTS.get(column.key, ROW_FIELDS)


def _getter(column: Column, lang: str, at: dict[str, int]) -> Callable[[tuple[Any, ...]], Any]:
    """The function from a fetched row tuple (fields at positions ``at``) to this column's export value."""
    fields = _inputs(column)
    if column.kind in ("money", "datetime"):
        return itemgetter(at[column.sql])
    if column.key in PLAIN_TEXT:
        position = at[column.sql]
        return lambda row: row[position] or None
    display = column.display
    if fields is ROW_FIELDS:
        return lambda row: display({f: row[at[f]] for f in ROW_FIELDS}, lang)
    positions = [at[f] for f in fields]
    truths = [f in _TRUTHS for f in fields]
    memo: dict[Any, Any] = {}

    def decode(key: tuple[Any, ...]) -> Any:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        value = memo[key] = display(dict(zip(fields, key)), lang)
        return value

    if len(positions) == 1:
        position = positions[0]

        def single(row: tuple[Any, ...]) -> Any:
            key = (row[position],)
            try:
                return memo[key]
            except KeyError:
                return decode(key)

        return single
    if any(truths):
        def key_of(row: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(bool(row[p]) if truth else row[p] for p, truth in zip(positions, truths))
    else:
        key_of = itemgetter(*positions)

    def several(row: tuple[Any, ...]) -> Any:
        key = key_of(row)
        try:
            return memo[key]
        except KeyError:
            return decode(key)

    return several


def transaction_rows(
    ledger: Ledger, flt: TransactionFilter, sort_key: str = "approved_at", descending: bool = False,
    columns: Sequence[Column] = TRANSACTION_COLUMNS, lang: str = "ko",
    progress: Progress | None = None, cancel: CancelToken | None = None,
) -> Iterator[list[Any]]:
    """The matching transactions as export rows, fetched ``CHUNK`` at a time (progress and cancel between)."""
    needed = {f for c in columns for f in _inputs(c)}
    fields = [f for f in ROW_FIELDS if f in needed] or ["tid"]
    at = {f: i for i, f in enumerate(fields)}
    getters = [_getter(c, lang, at) for c in columns]
    report = progress or no_progress
    with transaction_pages(ledger, flt, sort_key, descending, fields, CHUNK, cancel) as (total, pages):
        report(0, total)
        done = 0
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            page = next(pages, None)
            if page is None:
                break
            for row in page:
                yield [get(row) for get in getters]
            done += len(page)
            report(min(done, total), total)


def export_transactions(
    ledger: Ledger, path: Path | str, flt: TransactionFilter, sort_key: str = "approved_at",
    descending: bool = True, column_keys: Sequence[str] | None = None, lang: str = "ko",
    progress: Progress | None = None, cancel: CancelToken | None = None, title: str | None = None,
    *, max_rows: int = EXCEL_MAX_ROWS, exported_at: datetime | None = None,
) -> ExportResult:
    """Write the filtered, sorted transactions with the visible columns to .xlsx or .csv.

    ``column_keys`` are keys of ``COLUMN_BY_KEY`` in display order (default: all).
    A cancel leaves no file behind and an existing ``path`` untouched.
    """
    unknown = [k for k in column_keys or () if k not in COLUMN_BY_KEY]
    if unknown:
        raise ValueError(f"unknown column keys: {unknown}")
    columns = [COLUMN_BY_KEY[k] for k in column_keys] if column_keys else list(TRANSACTION_COLUMNS)
    en = lang == "en"
    sort = COLUMN_BY_KEY.get(sort_key, COLUMN_BY_KEY["approved_at"]).header(lang)
    order = (" (descending)" if descending else " (ascending)") if en else (" 내림차순" if descending else " 오름차순")
    extra = [("Sort" if en else "정렬", sort + order),
             ("Totals" if en else "합계", totals_text(TransactionQueries(ledger.db).summary(flt), lang))]
    if described := describe_filter(flt, lang):
        extra.insert(0, ("Filter" if en else "조건", described))
    block = heading(
        title or ("Transactions" if en else "거래내역"),
        period=period_text(flt.date_from, flt.date_to, lang),
        mid=", ".join(flt.mids) or ("All" if en else "전체"), lang=lang, exported_at=exported_at, extra=extra,
    )
    rows = transaction_rows(ledger, flt, sort_key, descending, columns, lang, progress, cancel)
    return export_table(
        path, "Transactions" if en else "거래내역", transaction_fields(columns, lang), block, rows,
        max_rows=max_rows, totals_label="Sum of the rows" if en else "목록 합계",
    )


def totals_text(summary: Summary, lang: str = "ko") -> str:
    """The window's status-bar totals in words: the settled figures, which leave out suspected tampering,
    failed payments and unpaid virtual accounts (the sheet's last row sums every listed row)."""
    won = (lambda n: f"₩{format_amount(n)}") if lang == "en" else (lambda n: f"{format_amount(n)}원")
    if lang == "en":
        return (f"{summary.count:,} transactions · approved {won(summary.approved)} · cancelled "
                f"{won(summary.cancelled)} · net {won(summary.net)} (without suspected tampering ({summary.flagged:,}), "
                "failed payments and unpaid virtual accounts)")
    return (f"{summary.count:,}건 · 승인 {won(summary.approved)} · 취소 {won(summary.cancelled)} · 순매출 {won(summary.net)} "
            f"(위변조 의심 {summary.flagged:,}건·실패·입금 전 가상계좌 제외)")


def describe_filter(flt: TransactionFilter, lang: str = "ko") -> str:
    """The filter beyond period and MID, in words (empty when there is none)."""
    en = lang == "en"
    parts: list[str] = []
    if flt.pay_methods:
        names = ", ".join(codes.lookup("pay_method", m).label(lang) for m in flt.pay_methods)
        parts.append(f"{'Method' if en else '결제수단'} {names}")
    if flt.states:
        words = {
            "flagged": labels.pick(labels.FLAGGED, lang), "cancel_hold": labels.pick(labels.CANCEL_HOLD, lang),
        }
        names = ", ".join(words.get(s) or labels.state_label(s, lang=lang) for s in flt.states)
        parts.append(f"{'State' if en else '상태'} {names}")
    if flt.issuers:
        parts.append(f"{'Card/Bank' if en else '카드사/은행'} {', '.join(labels.issuer_label(c, lang) for c in flt.issuers)}")
    if flt.amount_min is not None or flt.amount_max is not None:
        low = f"{flt.amount_min:,}" if flt.amount_min is not None else ""
        high = f"{flt.amount_max:,}" if flt.amount_max is not None else ""
        parts.append(f"{'Amount' if en else '금액'} {low} ~ {high}")
    if flt.text.strip():
        parts.append(f"{'Search' if en else '검색어'} \"{flt.text.strip()}\"")
    if flt.tids:
        parts.append(f"TID {len(flt.tids)}{'' if en else '건'}")
    return " · ".join(parts)
