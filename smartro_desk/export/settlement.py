"""The monthly settlement workbook: 요약, 일별, 결제수단별, 카드사별, 상세, 불일치.

Figures come from ``recon.monthly_settlement`` (ledger and, when a gateway
export was imported, the gateway side by side with the difference) and the
findings from ``recon.reconcile``. The per-day, per-method and per-card
sheets end in SUM totals; 요약 holds the month's totals and a column chart
of daily net sales (ledger, and gateway when there is an export) drawn from
the 일별 sheet. 상세 lists the month's transactions with the table's
columns, streamed, so it may continue on "상세 (2)".
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from smartro_desk.columns import TRANSACTION_COLUMNS
from smartro_desk.export.output import ExportResult, check_suffix
from smartro_desk.export.reports import finding_fields, finding_row, month_period
from smartro_desk.export.sheet import (
    EXCEL_MAX_ROWS, FONT, MONEY_FORMAT, ExcelBook, Field, Heading, Part, TableResult, excel_book, heading,
)
from smartro_desk.export.transactions import transaction_fields, transaction_rows
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.queries import TransactionFilter, TransactionQueries
from smartro_desk.recon import (
    SETTLEMENT_COLUMNS, Month, ReconResult, Settlement, SettlementRow, monthly_settlement, reconcile,
)
from smartro_desk.tasks import CancelToken, Progress

SHEETS = {
    "summary": ("요약", "Summary"), "day": ("일별", "Daily"), "method": ("결제수단별", "By method"),
    "card": ("카드사별", "By card"), "detail": ("상세", "Details"), "findings": ("불일치", "Findings"),
}
_LABEL_HEADERS = {"day": ("일자", "Day"), "method": ("결제수단", "Method"), "card": ("카드사", "Card company")}


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
    settlement = monthly_settlement(ledger, str(m))
    recon = recon or reconcile(ledger, str(m), cancel=cancel)
    en = lang == "en"

    def name(key: str) -> str:
        return SHEETS[key][1 if en else 0]

    mids = TransactionQueries(ledger.db).distinct("mid")
    shown = ", ".join(mids) if len(mids) <= 3 else (f"{len(mids)} MIDs" if en else f"MID {len(mids)}개")

    def block(key: str) -> Heading:
        title = f"{m} {'settlement' if en else '정산'} — {name(key)}"
        return heading(title, period=month_period(str(m), lang), mid=shown or "-", lang=lang, exported_at=exported_at)

    total_label = "Total" if en else "합계"
    done: dict[str, TableResult] = {}
    with excel_book(path, max_rows=max_rows) as book:
        summary = book.table(name("summary"), _summary_fields(settlement, lang), block("summary"))
        summary.write_rows(_summary_rows(settlement, recon, lang))
        done["summary"] = summary.finish()
        for key in ("day", "method", "card"):
            fields = _dimension_fields(key, settlement.has_export, lang)
            table = book.table(name(key), fields, block(key), totals_label=total_label)
            table.write_rows(_dimension_row(r, key, settlement.has_export, lang) for r in settlement.table(key))
            done[key] = table.finish()
        _daily_chart(book, summary.sheets[0], done["summary"].parts[0], done["day"].parts[0], settlement.has_export, lang)
        detail = book.table(
            name("detail"), transaction_fields(TRANSACTION_COLUMNS, lang), block("detail"), totals_label=total_label,
        )
        flt = TransactionFilter(date_from=date(m.year, m.month, 1), date_to=date(m.year, m.month, m.days))
        detail.write_rows(transaction_rows(ledger, flt, lang=lang, progress=progress, cancel=cancel))
        done["detail"] = detail.finish()
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
