"""The monthly settlement workbook: 요약, 일별, 결제수단별, 카드사별, 상세, 제외, 불일치.

Figures come from ``recon.settlement`` (ledger and, when a gateway export
was imported, the gateway side by side with the difference) and the
findings from ``recon.reconcile``. The per-day, per-method and per-card
sheets end in SUM totals; 요약 holds the month's totals and a column chart
of daily net sales (ledger, and gateway when there is an export) drawn from
the 일별 sheet. 상세 lists every approval, virtual-account deposit and
cancel the ledger's totals count, on the day each counts, so its SUM totals
are 요약's; it is streamed and may continue on "상세 (2)". 제외 lists what
the ledger's totals leave out of the month, each with its reason. All of it
is read on one snapshot of the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartro_desk.columns import COLUMN_BY_KEY
from smartro_desk.export.output import ExportResult, check_suffix
from smartro_desk.export.reports import finding_fields, finding_row, month_period
from smartro_desk.export.sheet import (
    EXCEL_MAX_ROWS, FONT, MONEY_FORMAT, ExcelBook, Field, Heading, Part, TableResult, excel_book, heading,
)
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.queries import TransactionQueries
from smartro_desk.recon import SETTLEMENT_COLUMNS, Month, ReconResult, Settlement, SettlementRow, reconcile
from smartro_desk.recon.findings import Words
from smartro_desk.recon.settlement import SettlementLine, settlement_lines
from smartro_desk.tasks import CancelToken, Progress, no_progress

SHEETS = {
    "summary": ("요약", "Summary"), "day": ("일별", "Daily"), "method": ("결제수단별", "By method"),
    "card": ("카드사별", "By card"), "detail": ("상세", "Details"), "left_out": ("제외", "Left out"),
    "findings": ("불일치", "Findings"),
}
_LABEL_HEADERS = {"day": ("일자", "Day"), "method": ("결제수단", "Method"), "card": ("카드사", "Card company")}
_NOTES = {  # what 상세 and 제외 hold, under their titles
    "detail": Words("요약의 원장 합계에 든 승인·가상계좌 입금·취소, 각각 그 날짜에 (합계 = 요약)",
                    "The approvals, virtual-account deposits and cancels in Summary's ledger totals, each on the day "
                    "it counts (totals = Summary)"),
    "left_out": Words("원장 합계에 넣지 않은 결제와 취소, 그 사유 (PG 엑셀 쪽은 엑셀대로 집계)",
                      "Payments and cancels left out of the ledger's totals, with the reason (the gateway export's "
                      "side is summed as the export has it)"),
}
_KINDS = {
    "approval": Words("승인", "Approval"), "deposit": Words("가상계좌 입금", "Virtual account deposit"),
    "cancel": Words("취소", "Cancel"), "payment": Words("결제", "Payment"),
}
CHUNK = 2_000  # 상세 lines between progress reports and cancel checks


def export_settlement(
    ledger: Ledger, path: Path | str, month: str, *, recon: ReconResult | None = None, lang: str = "ko",
    progress: Progress | None = None, cancel: CancelToken | None = None, exported_at: datetime | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
) -> ExportResult:
    """Write ``month``'s ('YYYY-MM') settlement workbook. ``recon`` saves a second reconcile run.

    Progress and cancel follow the 상세 sheet, the only part that can be long.
    """
    path = check_suffix(path, csv_allowed=False)
    m = Month.parse(month)
    recon = recon or reconcile(ledger, str(m), cancel=cancel)
    en = lang == "en"

    def name(key: str) -> str:
        return SHEETS[key][1 if en else 0]

    mids = TransactionQueries(ledger.db).distinct("mid")
    shown = ", ".join(mids) if len(mids) <= 3 else (f"{len(mids)} MIDs" if en else f"MID {len(mids)}개")

    def block(key: str) -> Heading:
        title = f"{m} {'settlement' if en else '정산'} — {name(key)}"
        note = _NOTES.get(key)
        extra = [("Note" if en else "설명", note.text(lang))] if note else []
        return heading(title, period=month_period(str(m), lang), mid=shown or "-", lang=lang, exported_at=exported_at,
                       extra=extra)

    total_label = "Total" if en else "합계"
    done: dict[str, TableResult] = {}
    with settlement_lines(ledger, str(m), cancel=cancel) as (settlement, lines), \
            excel_book(path, max_rows=max_rows) as book:
        summary = book.table(name("summary"), _summary_fields(settlement, lang), block("summary"))
        summary.write_rows(_summary_rows(settlement, recon, lang))
        done["summary"] = summary.finish()
        for key in ("day", "method", "card"):
            fields = _dimension_fields(key, settlement.has_export, lang)
            table = book.table(name(key), fields, block(key), totals_label=total_label)
            table.write_rows(_dimension_row(r, key, settlement.has_export, lang) for r in settlement.table(key))
            done[key] = table.finish()
        _daily_chart(book, summary.sheets[0], done["summary"].parts[0], done["day"].parts[0], settlement.has_export,
                     lang)
        counted = settlement.total.ledger.approvals + settlement.total.ledger.cancels
        for key, source in (("detail", _paced(lines.booked(), counted, progress, cancel)),
                            ("left_out", lines.left_out())):
            table = book.table(name(key), _line_fields(key, lang), block(key), totals_label=total_label)
            table.write_rows(_line_row(line, key, lang) for line in source)
            done[key] = table.finish()
        found = book.table(name("findings"), finding_fields(lang), block("findings"), totals_label=total_label)
        found.write_rows(finding_row(f, lang) for f in recon.findings)
        done["findings"] = found.finish()
    sheets = tuple(sheet for result in done.values() for sheet in result.sheets)
    return ExportResult(path, sum(result.rows for result in done.values()), sheets)


# -- 요약 ---------------------------------------------------------------------------------


def _summary_fields(settlement: Settlement, lang: str) -> list[Field]:
    en = lang == "en"
    fields = [Field("Item" if en else "항목", "text", 24), Field("Ledger" if en else "원장", "money", 14)]
    if settlement.has_export:
        fields += [Field("Gateway export" if en else "PG 엑셀", "money", 14),
                   Field("Difference" if en else "차이", "money", 14)]
    return fields


def _summary_rows(settlement: Settlement, recon: ReconResult, lang: str) -> list[list[Any]]:
    en = lang == "en"
    total = settlement.total
    lines = [
        ("Approvals", "승인 건수", "approvals"), ("Approved", "승인 금액", "approved"),
        ("Cancels", "취소 건수", "cancels"), ("Cancelled", "취소 금액", "cancelled"), ("Net sales", "순매출", "net"),
    ]
    rows: list[list[Any]] = []
    for en_label, ko_label, attr in lines:
        row = [en_label if en else ko_label, getattr(total.ledger, attr)]
        if total.export is not None:
            row += [getattr(total.export, attr), getattr(total.ledger - total.export, attr)]
        rows.append(row)
    open_count = len(recon.open_findings)
    extra = [
        ("Excluded (suspected tampering), count", "제외(위변조 의심) 건수", settlement.excluded.approvals),
        ("Excluded amount", "제외 금액", settlement.excluded.approved),
        ("Findings", "불일치 건수", len(recon.findings)),
        ("Findings still open", "미처리 불일치", open_count),
    ]
    rows += [[en_label if en else ko_label, value] for en_label, ko_label, value in extra]
    return rows


def _daily_chart(book: ExcelBook, summary_ws: Any, below: Part, daily: Part, has_export: bool, lang: str) -> None:
    """A column chart of daily net sales on 요약, under its table."""
    en = lang == "en"
    keys = _value_keys(has_export)
    font = {"name": FONT, "size": 9}
    chart = book.workbook.add_chart({"type": "column"})
    series = [(1 + keys.index("net"), "Ledger net" if en else "원장 순매출", "#2F5597")]
    if has_export:
        series.append((1 + keys.index("x_net"), "Gateway export net" if en else "PG 엑셀 순매출", "#A9D18E"))
    for col, title, color in series:
        chart.add_series({
            "name": title,
            "categories": [daily.sheet, daily.first_row, 0, daily.last_row, 0],
            "values": [daily.sheet, daily.first_row, col, daily.last_row, col],
            "fill": {"color": color}, "gap": 60,
        })
    chart.set_title({"name": "Daily net sales" if en else "일별 순매출", "name_font": {"name": FONT, "size": 12}})
    chart.set_x_axis({"num_format": "mm-dd", "num_font": font, "date_axis": False})
    chart.set_y_axis({"num_format": MONEY_FORMAT, "num_font": font, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom", "font": font} if has_export else {"none": True})
    chart.set_size({"width": 760, "height": 320})
    summary_ws.insert_chart(below.last_row + 3, 0, chart)
    summary_ws.fit_to_pages(1, 1)  # the table and the chart on one printed page


# -- 일별 / 결제수단별 / 카드사별 --------------------------------------------------------------


def _value_keys(has_export: bool) -> list[str]:
    """The ``SETTLEMENT_COLUMNS`` after the label, the gateway's and the difference only with an export."""
    return [c.key for c in SETTLEMENT_COLUMNS[1:] if has_export or not c.key.startswith(("x_", "diff_"))]


def _dimension_fields(key: str, has_export: bool, lang: str) -> list[Field]:
    ko, en = _LABEL_HEADERS[key]
    columns = {c.key: c for c in SETTLEMENT_COLUMNS}
    return [Field(en if lang == "en" else ko, "date" if key == "day" else "text", 12)] + [
        Field(columns[k].header(lang), "money" if columns[k].money else "count", 12, total=True)
        for k in _value_keys(has_export)
    ]


def _dimension_row(row: SettlementRow, key: str, has_export: bool, lang: str) -> list[Any]:
    values = row.values()
    label = row.key if key == "day" else (row.label_en if lang == "en" else row.label_ko)
    return [label, *(values[k] for k in _value_keys(has_export))]


# -- 상세 / 제외 -------------------------------------------------------------------------------


def _line_fields(key: str, lang: str) -> list[Field]:
    """상세: the line and its net; 제외: the line and its reason."""
    en = lang == "en"
    fields = [
        Field("At" if en else "일시", "datetime"), Field("Kind" if en else "구분", "text", 10), Field("TID", "text", 30),
        Field("Order ID" if en else "주문번호", "text", 16), Field("MID", "text", 12),
        Field("Method" if en else "결제수단", "text", 10), Field("Card/Bank" if en else "카드사/은행", "text", 12),
        Field("Approved" if en else "승인 금액", "money", 12, total=True),
        Field("Cancelled" if en else "취소 금액", "money", 12, total=True),
    ]
    if key == "detail":
        fields.append(Field("Net" if en else "순매출", "money", 12, total=True))
    fields += [Field("Payment approved at" if en else "결제 승인일시", "datetime"),
               Field("Buyer" if en else "구매자", "text", 10), Field("Goods" if en else "상품명", "text", 20)]
    if key == "left_out":
        fields.append(Field("Reason" if en else "사유", "text", 40))
    return fields


@lru_cache(maxsize=1024)
def _shown(pay_method: str, fn_cd: str, fn_name: str, lang: str) -> tuple[str, str]:
    """(pay method, card company or bank) as the transaction table shows them."""
    row = {"pay_method": pay_method, "fn_cd": fn_cd, "fn_name": fn_name}
    return COLUMN_BY_KEY["pay_method"].display(row, lang), COLUMN_BY_KEY["issuer"].display(row, lang)


def _line_row(line: SettlementLine, key: str, lang: str) -> list[Any]:
    cancel = line.kind == "cancel"
    row = [line.at, _KINDS[line.kind].text(lang), line.tid, line.order_id, line.mid, *_shown(line.pay_method, line.fn_cd, line.fn_name, lang),
           None if cancel else line.amount, line.amount if cancel else None]
    if key == "detail":
        row.append(-(line.amount or 0) if cancel else line.amount or 0)
    row += [line.approved_at, line.buyer, line.goods]
    if line.reason is not None:
        row.append(line.reason.text(lang))
    return row


def _paced(lines: Iterable[SettlementLine], total: int, progress: Progress | None,
           cancel: CancelToken | None) -> Iterator[SettlementLine]:
    """``lines`` with progress reported (of ``total``) and the cancel checked every ``CHUNK``."""
    report = progress or no_progress
    report(0, total)
    done = 0
    for done, line in enumerate(lines, start=1):
        yield line
        if done % CHUNK == 0:
            if cancel is not None:
                cancel.raise_if_cancelled()
            report(min(done, total), total)
    report(min(done, total), total)
