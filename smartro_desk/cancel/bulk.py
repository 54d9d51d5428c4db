"""Bulk cancels: a list (selected rows, or an Excel/CSV file of TID, amount, reason),
a preview that validates every row, a run with progress and a stop button, and
per-row results as plain rows for the Excel exporter.

Each row goes through ``CancelService`` exactly like a single cancel (lock,
intent, one request, recorded answer). Safety rules of the run itself:

- a TID may appear only once in a list (a duplicated row would refund twice);
- an amount equal to the remaining is a full cancel, a smaller one a partial;
- the stop button takes effect between rows, never during a request;
- the run stops by itself after a lost answer or a request that could not be
  sent: the gateway is in trouble, and the rest are left unsent;
- a row whose sending failed in a way that does not say whether the request left
  (its answer could not be recorded, the client broke mid-request) is "unknown",
  never "not sent": it is not offered again, and the run stops;
- in production the user retypes the total of the rows to send.

Texts are Korean (the CLI's, the export's) with their English beside them:
``outcome_label``, ``results_table`` and ``summary`` take the ``lang`` to show.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.cancel.plan import CancelPlan, kind_label
from smartro_desk.cancel.rules import CancelError, Problem, exception_text, is_english, parse_share
from smartro_desk.cancel.service import CancelResult, CancelService
from smartro_desk.ledger import cancels
from smartro_desk.ledger.backend import LedgerBusy
from smartro_desk.protocol.amounts import AmountError, format_amount, parse_amount
from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.tasks import CancelToken, Progress, no_progress

log = logging.getLogger(__name__)

RowStatus = Literal["done", "invalid", "stopped", "unknown"]  # unknown: may have been sent, no answer recorded
UNSENT: frozenset[str] = frozenset({"invalid", "stopped"})  # the statuses of rows surely not sent

_HEADERS: dict[str, tuple[str, ...]] = {
    "tid": ("tid", "거래번호", "거래id", "거래아이디", "원거래tid", "otid"),
    "amount": ("amount", "금액", "취소금액", "cancelamt", "환불금액"),
    "reason": ("reason", "사유", "취소사유", "cancelmsg", "비고"),
    "divide": ("divide", "서브몰", "서브몰금액", "divideinfo", "서브몰별금액"),
}
OUTCOME_LABELS: dict[str, tuple[str, str]] = {  # (Korean, English)
    "cancelled": ("취소됨", "Cancelled"),
    "already_cancelled": ("이미 취소됨", "Already cancelled"),
    "refused": ("거절됨 (취소 안 됨)", "Refused (not cancelled)"),
    "unknown": ("결과 확인 필요", "Outcome unknown"),
    "blocked": ("막힘 (보내지 않음)", "Blocked (not sent)"),
    "not_sent": ("보내지 못함 (취소 안 됨)", "Send failed (not cancelled)"),
    "invalid": ("검증 실패 (보내지 않음)", "Failed checks (not sent)"),
    "stopped": ("중지됨 (보내지 않음)", "Stopped (not sent)"),
}
RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("line", "행"), ("tid", "TID"), ("amount", "취소 금액"), ("kind", "구분"), ("reason", "사유"),
    ("outcome", "결과"), ("code", "결과코드"), ("message", "메시지"), ("remaining", "남은 금액"), ("advice", "안내"),
)
RESULT_HEADERS_EN: dict[str, str] = {
    "line": "Row", "tid": "TID", "amount": "Cancel amount", "kind": "Kind", "reason": "Reason", "outcome": "Outcome",
    "code": "Result code", "message": "Message", "remaining": "Remaining", "advice": "What to do",
}
_ROW_ADVICE: dict[str, tuple[str, str]] = {  # rows without a result: why, and what to do
    "stopped": ("보내지 않았습니다. 원인을 확인한 뒤 남은 행만 다시 실행하세요.",
                "Not sent. Find the cause, then run only the remaining rows again."),
    "unknown": ("요청이 게이트웨이에 갔을 수 있지만 응답을 기록하지 못했습니다. 다시 보내지 말고, 상점관리자 "
                "사이트에서 취소 여부를 확인한 뒤 이 행을 두 번 눌러 결과를 기록하세요.",
                "The request may have reached the gateway, but its answer could not be recorded. Do not send it "
                "again: check on the merchant admin site whether it was cancelled, then double-click this row to "
                "record the outcome."),
    "invalid": ("보내지 않았습니다. 목록을 고친 뒤 다시 실행하세요.", "Not sent. Fix the list, then run it again."),
}


def outcome_label(outcome: str, lang: str = "ko") -> str:
    """"취소됨", "결과 확인 필요"… (or "Cancelled", "Outcome unknown"…) for an outcome or row status."""
    pair = OUTCOME_LABELS.get(outcome)
    if pair is None:
        return outcome
    return pair[1] if is_english(lang) else pair[0]


class BulkListError(CancelError):
    """A list file that cannot be used at all (unreadable, no TID column); Korean, with ``en``."""


@dataclass(frozen=True, slots=True)
class BulkRow:
    line: int  # the row number in the file (header included), or the position in a selection
    tid: str
    amount: int | None  # None: whatever remains (full cancel)
    reason: str
    shares: tuple[SubMallShare, ...] = field(default=())
    error: str = ""  # why the row could not be read
    error_en: str = ""


@dataclass(frozen=True, slots=True)
class BulkItem:
    row: BulkRow
    plan: CancelPlan | None  # None when the row could not be read
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not any(p.severity == "error" for p in self.problems)

    @property
    def message(self) -> str:
        return self.message_text()

    def message_text(self, lang: str = "ko") -> str:
        """The errors (or else the warnings) in ``lang``."""
        errors = [p.text(lang) for p in self.problems if p.severity == "error"]
        return " ".join(errors or [p.text(lang) for p in self.problems])


@dataclass(frozen=True, slots=True)
class BulkRowResult:
    item: BulkItem
    status: RowStatus
    result: CancelResult | None = None

    @property
    def outcome(self) -> str:
        return self.result.outcome if self.result is not None else self.status


# -- reading lists ------------------------------------------------------------------


def rows_for_selection(tids: Sequence[str], reason: str) -> list[BulkRow]:
    """Full cancels of whatever remains of each selected transaction."""
    return [BulkRow(n, tid, None, reason) for n, tid in enumerate(tids, start=1)]


def load_list(path: Path | str, *, default_reason: str = "") -> list[BulkRow]:
    """Rows of an .xlsx or .csv list with columns TID, amount, reason (and optionally
    sub-mall amounts "MID=AMT;MID=AMT"). A header row is recognised in Korean or
    English; without one the columns are read in that order."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = _xlsx_rows(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        table = _csv_rows(path)
    else:
        raise BulkListError(f"{path.name}: .xlsx 또는 .csv 파일만 읽을 수 있습니다 (.xls는 .xlsx로 저장하세요).",
                            f"{path.name}: only .xlsx or .csv files can be read (save an .xls as .xlsx).")
    numbered = [(n, cells) for n, cells in enumerate(table, start=1) if any(_text(c) for c in cells)]
    if not numbered:
        raise BulkListError(f"{path.name}: 빈 목록입니다.", f"{path.name}: the list is empty.")
    columns = _columns(numbered[0][1])
    if columns is None:
        columns, width = {"tid": 0, "amount": 1, "reason": 2}, 3
    else:
        width = _width(numbered[0][1])
        numbered = numbered[1:]
    if "tid" not in columns:
        raise BulkListError(f"{path.name}: TID 열을 찾지 못했습니다 (머리글에 'TID'를 넣으세요).",
                            f"{path.name}: no TID column found (put 'TID' in the header row).")
    return [_row(n, cells, columns, default_reason, width) for n, cells in numbered]


def _width(cells: Sequence[Any]) -> int:
    """How many columns a row spans: up to its last non-blank cell."""
    return max((i + 1 for i, c in enumerate(cells) if _text(c)), default=0)


def _xlsx_rows(path: Path) -> list[tuple[Any, ...]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise BulkListError(f"{path.name}: 엑셀 파일을 열 수 없습니다 ({type(exc).__name__}).",
                            f"{path.name}: cannot open the Excel file ({type(exc).__name__}).") from None
    try:
        return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_rows(path: Path) -> list[tuple[Any, ...]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BulkListError(f"{path.name}: 파일을 읽을 수 없습니다 ({exc.strerror}).",
                            f"{path.name}: cannot read the file ({exc.strerror}).") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp949", "replace")
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count)
    return [tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _columns(cells: Sequence[Any]) -> dict[str, int] | None:
    """Column positions from a header row, or None when the row is data."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _text(cell).lower().replace(" ", "").replace("_", "")
        for key, names in _HEADERS.items():
            if name in names and key not in found:
                found[key] = index
    return found or None


def _row(line: int, cells: Sequence[Any], columns: dict[str, int], default_reason: str, width: int) -> BulkRow:
    def cell(key: str) -> Any:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    tid, reason = _text(cell("tid")), _text(cell("reason")) or default_reason
    if _width(cells) > width:  # "TID,12,000,반품": the amount's comma split it, and 12 would be refunded
        return BulkRow(line, tid, None, reason, error=(
            "이 행은 머리글보다 칸이 많습니다. 금액에 쉼표가 있다면 따옴표로 감싸거나 쉼표 없이 쓰세요 (보내지 않습니다)."),
            error_en="This row has more cells than the header. If an amount has a comma, put it in quotes or "
                     "write it without commas (not sent).")
    try:
        amount = parse_amount(cell("amount")) if _text(cell("amount")) else None  # blank: all that remains
        shares = tuple(parse_share(part) for part in _text(cell("divide")).split(";") if part.strip())
    except (AmountError, ValueError) as exc:
        return BulkRow(line, tid, None, reason, error=str(exc), error_en=exception_text(exc, "en"))
    return BulkRow(line, tid, amount, reason, shares)


# -- preview and run --------------------------------------------------------------------


def preview(service: CancelService, rows: Sequence[BulkRow], endpoint: Endpoint) -> list[BulkItem]:
    """Validate every row (nothing is sent): a plan per row plus list-level problems."""
    first_line: dict[str, int] = {}
    items = []
    for row in rows:
        problems: list[Problem] = []
        if row.tid in first_line:
            problems.append(Problem(
                "duplicate_row", f"같은 TID가 {first_line[row.tid]}행에도 있습니다. 한 목록에 한 번만 넣으세요.", "tid",
                message_en=f"The same TID is also on row {first_line[row.tid]}. Put it in a list only once.",
            ))
        first_line.setdefault(row.tid, row.line)
        if row.error:
            unread = Problem("row", f"{row.line}행: {row.error}", "amount",
                             message_en=f"Row {row.line}: {row.error_en or row.error}")
            items.append(BulkItem(row, None, (unread, *problems)))
            continue
        target = cancels.read_target(service.ledger, row.tid)
        remaining = target.remaining if target is not None else None
        partial = row.amount is not None and remaining is not None and row.amount < remaining
        plan = service.plan(row.tid, amount=row.amount, reason=row.reason, partial=partial, endpoint=endpoint,
                            shares=row.shares)
        items.append(BulkItem(row, plan, tuple(problems) + plan.problems))
    return items


def total_to_send(items: Sequence[BulkItem]) -> int:
    """What the valid rows add up to: the figure a user retypes to confirm a production run."""
    return sum(item.plan.amount or 0 for item in items if item.ok and item.plan is not None)


def run(
    service: CancelService, items: Sequence[BulkItem], *, token: CancelToken | None = None,
    progress: Progress = no_progress, confirmed_total: int | None = None,
    on_row: Callable[[BulkRowResult], None] | None = None,
) -> list[BulkRowResult]:
    """Send the valid rows one by one; invalid rows are reported, not sent.

    ``on_row`` hears each row's result as it happens (the UI's per-row display).
    A production run needs ``confirmed_total`` equal to ``total_to_send(items)``.
    """
    production = any(item.plan is not None and item.plan.endpoint.is_production for item in items)
    if production and confirmed_total != total_to_send(items):
        raise CancelError("운영 서버 일괄 취소는 보낼 금액의 합계를 다시 입력해 확인해야 합니다.",
                          "A bulk cancel on the production server needs the total to send typed again to confirm it.")
    results: list[BulkRowResult] = []
    stop_reason = ""
    for done, item in enumerate(items):
        progress(done, len(items))
        if token is not None and token.cancelled and not stop_reason:
            stop_reason = "사용자가 중지했습니다"
        if stop_reason or not item.ok or item.plan is None:
            status: RowStatus = "stopped" if stop_reason and item.ok else "invalid"
            row_result = BulkRowResult(item, status)
        else:
            row_result = _send(service, item, production)
            if row_result.outcome in ("unknown", "not_sent", "stopped"):
                stop_reason = "게이트웨이나 원장 문제로 나머지를 보내지 않았습니다"
        results.append(row_result)
        if on_row is not None:
            on_row(row_result)
    progress(len(items), len(items))
    return results


def _send(service: CancelService, item: BulkItem, production: bool) -> BulkRowResult:
    """One row through ``CancelService.execute``. The ledger busy before sending: stopped, nothing left. Any
    other failure may have come after the request left (``AnswerNotRecorded``, a client broken mid-request):
    unknown, and logged."""
    assert item.plan is not None
    try:
        result = service.execute(item.plan, confirmed_amount=item.plan.amount if production else None)
    except LedgerBusy:
        return BulkRowResult(item, "stopped")
    except Exception:
        log.exception("bulk cancel of %s failed after its intent was recorded", item.row.tid)
        return BulkRowResult(item, "unknown")
    return BulkRowResult(item, "done", result)


def results_table(results: Sequence[BulkRowResult], lang: str = "ko") -> tuple[list[str], list[list[Any]]]:
    """Headers and plain rows (amounts as int) in ``lang`` for the Excel exporter and the result view."""
    headers = [RESULT_HEADERS_EN[key] if is_english(lang) else header for key, header in RESULT_COLUMNS]
    rows = []
    for entry in results:
        values = _result_values(entry, lang)
        rows.append([values[key] for key, _header in RESULT_COLUMNS])
    return headers, rows


def _result_values(entry: BulkRowResult, lang: str) -> dict[str, Any]:
    item, result = entry.item, entry.result
    plan = item.plan
    amount = result.amount if result is not None else (plan.amount if plan is not None else item.row.amount)
    partial = plan.ask.partial if plan is not None else False
    if result is not None:
        message, advice = result.message_text(lang), result.advice(lang)
    else:
        why = _ROW_ADVICE[entry.status if entry.status in ("stopped", "unknown") else "invalid"]
        message = "" if entry.status in ("stopped", "unknown") else item.message_text(lang)
        advice = why[1] if is_english(lang) else why[0]
    remaining = result.remaining if result is not None else (
        plan.target.remaining if plan is not None and plan.target is not None else None)
    return {
        "line": item.row.line, "tid": item.row.tid, "amount": amount, "kind": kind_label(partial, lang),
        "reason": item.row.reason, "outcome": outcome_label(entry.outcome, lang),
        "code": result.code if result is not None else "", "message": message, "remaining": remaining,
        "advice": advice,
    }


def summary(results: Sequence[BulkRowResult], lang: str = "ko") -> str:
    """One line for the end of a run, in ``lang``: counts per outcome and the total refunded."""
    counts: dict[str, int] = {}
    refunded = 0
    for entry in results:
        counts[entry.outcome] = counts.get(entry.outcome, 0) + 1
        if entry.result is not None and entry.result.outcome == "cancelled":
            refunded += entry.result.amount or 0
    if is_english(lang):
        parts = [f"{outcome_label(k, lang)}: {n}" for k, n in counts.items()]
        return f"{', '.join(parts)} — {format_amount(refunded)} won cancelled"
    parts = [f"{outcome_label(k)} {n}건" for k, n in counts.items()]
    return f"{', '.join(parts)} — 취소된 금액 {format_amount(refunded)}원"
