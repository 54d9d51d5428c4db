"""The smaller exports: reconciliation findings, the audit log, import reports, bulk-cancel results.

Each is a table of ``Field``s written by ``export_table`` (.xlsx or .csv),
except the import report, which is two sheets (the batches, then every
record that was not imported) and so .xlsx only. The findings workbook, given
the month's ``DeliveryHealth``, gains a second sheet, 통보 상태 (.xlsx only: a
CSV holds the findings alone). Secrets never reach a
file: audit details and rejected raw lines pass through the debug log's
scrubber (``Cancelpw=``, ``merchantKey=``, ... and any key loaded this session).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from smartro_desk.cancel.bulk import RESULT_COLUMNS, BulkRowResult, results_table, summary
from smartro_desk.export.output import ExportResult, check_suffix, is_csv
from smartro_desk.export.sheet import (
    FORMULA_STARTS, ExcelBook, Field, Kind, excel_book, heading, period_text, text_width,
)
from smartro_desk.export.table import export_table
from smartro_desk.ingest.reasons import reason_text
from smartro_desk.ledger import Ledger
from smartro_desk.labels import EVENT_KIND, pick
from smartro_desk.logsetup import SCRUBBER
from smartro_desk.protocol.fields import mask_secrets
from smartro_desk.recon.findings import COPY_BUCKETS, DeliveryHealth, Finding, Month
from smartro_desk.recon.kinds import RESOLUTION_LABELS, severity_label


def _words(lang: str) -> Callable[[str, str], str]:
    """``t("한국어", "English")`` picks the word for ``lang``."""
    return lambda ko, en: en if lang == "en" else ko


def month_period(month: str | None, lang: str = "ko") -> str:
    """'2024-03-01 ~ 2024-03-31' for 'YYYY-MM'; every date when no month is given."""
    if not month:
        return period_text(None, None, lang)
    m = Month.parse(month)
    return period_text(date(m.year, m.month, 1), date(m.year, m.month, m.days), lang)


# -- findings --------------------------------------------------------------------------


def finding_fields(lang: str = "ko") -> list[Field]:
    t = _words(lang)
    return [
        Field(t("심각도", "Severity"), "text", 8), Field(t("종류", "Kind"), "text", 24),
        Field(t("처리", "Status"), "text", 8), Field("TID", "text", 30), Field(t("주문번호", "Order ID"), "text", 16),
        Field(t("일시", "At"), "datetime"), Field(t("요청 금액", "Requested"), "money", 12),
        Field(t("승인 금액", "Returned"), "money", 12), Field(t("관련 금액", "Amount at stake"), "money", 12, total=True),
        Field(t("내용", "Detail"), "text", 30), Field(t("조치", "What to do"), "text", 30),
        Field(t("메모", "Note"), "text", 16),
    ]


def finding_row(finding: Finding, lang: str = "ko") -> list[Any]:
    status = RESOLUTION_LABELS.get(finding.status, (finding.status, finding.status))
    return [
        severity_label(finding.severity, lang), finding.label_en if lang == "en" else finding.label_ko,
        status[1] if lang == "en" else status[0], finding.tid, finding.order_id, finding.at,
        finding.requested, finding.returned, finding.amount, finding.detail(lang), finding.advice(lang),
        finding.resolution.note if finding.resolution else "",
    ]


def export_findings(
    path: Path | str, findings: Iterable[Finding], *, month: str | None = None, mid: str = "",
    lang: str = "ko", exported_at: datetime | None = None, health: DeliveryHealth | None = None,
) -> ExportResult:
    """The reconciliation findings as listed (severity, kind, amounts, what to do, resolution).

    ``health`` (the run's ``ReconResult.health``) adds the sheet 통보 상태 to an .xlsx.
    """
    t = _words(lang)
    block = heading(
        t("대사 결과 (불일치)", "Reconciliation findings"), period=month_period(month, lang),
        mid=mid or t("전체", "All"), lang=lang, exported_at=exported_at,
    )
    rows = (finding_row(f, lang) for f in findings)
    path = check_suffix(path)
    if health is None or is_csv(path):
        return export_table(
            path, t("불일치", "Findings"), finding_fields(lang), block, rows, totals_label=t("합계", "Total"),
        )
    with excel_book(path) as book:
        table = book.table(t("불일치", "Findings"), finding_fields(lang), block, totals_label=t("합계", "Total"))
        table.write_rows(rows)
        done = table.finish()
        sheet = _health_sheet(book, health, month=month, mid=mid, lang=lang, exported_at=exported_at)
    return ExportResult(path, done.rows, (*done.sheets, sheet))


def health_fields(lang: str = "ko") -> list[Field]:
    """The per-kind table of 통보 상태: notifications per copy group, all told, the longest re-sending."""
    t = _words(lang)
    return [
        Field(t("종류", "Kind"), "text", 16),
        *(Field(h, "count", 8, total=True) for h in (
            t("1회", "1 copy"), t("2회", "2 copies"), t("3–5회", "3–5 copies"), t("6회 이상", "6+ copies"),
            t("합계", "Total"),
        )),
        Field(t("가장 긴 재전송 (분)", "Longest re-sending (min)"), "count", 12),
    ]


def health_rows(health: DeliveryHealth, lang: str = "ko") -> list[list[Any]]:
    rows = []
    for kind, buckets in health.by_kind.items():
        counts = [buckets.get(b, 0) for b in COPY_BUCKETS]
        label = pick(EVENT_KIND[kind], lang) if kind in EVENT_KIND else kind
        rows.append([label, *counts, sum(counts), health.longest_by_kind.get(kind, 0)])
    return rows


def _health_sheet(
    book: ExcelBook, health: DeliveryHealth, *, month: str | None, mid: str, lang: str,
    exported_at: datetime | None,
) -> str:
    """Write 통보 상태: the headline figures in the title block, the per-kind table with its totals, then
    the unknown sender addresses and a note on the estimated 1회 column. Returns the sheet's name."""
    t = _words(lang)

    def count(n: int, unit: str = "건") -> str:
        return f"{n:,}" + ("" if lang == "en" else unit)

    figures = [
        (t("통보 받은 결제", "Payments notified"), count(health.notified)),
        (t("재전송된 통보", "Notifications re-sent"), count(health.resent)),
        (t(f"재시도 한도({health.retry_limit}회)까지 재전송", f"Re-sent up to the retry limit ({health.retry_limit})"),
         count(health.at_limit)),
        (t("가장 긴 재전송", "Longest re-sending (min)"), count(health.longest_minutes, "분")),
        (t("공지되지 않은 주소에서 온 통보", "Notifications from unknown addresses"), count(health.foreign_notifications)),
    ]
    block = heading(
        t("통보 상태", "Notification delivery"), period=month_period(month, lang), mid=mid or t("전체", "All"),
        lang=lang, exported_at=exported_at, extra=figures,
    )
    table = book.table(t("통보 상태", "Delivery"), health_fields(lang), block, totals_label=t("합계", "Total"))
    table.write_rows(health_rows(health, lang))
    senders = health.senders
    for ip in senders:  # the addresses go under the 종류 column
        table.widths[0] = max(table.widths[0], text_width(ip) + 2)
    done = table.finish()
    ws = table.sheets[-1]
    row = (done.totals_row if done.totals_row is not None else done.parts[-1].last_row) + 2
    book.write_text(ws, row, 0, t("공지되지 않은 발신 주소", "Unknown sender addresses"), "header")
    book.write_text(ws, row, 1, t("받은 횟수", "Arrivals"), "header")
    row += 1
    if not health.senders_logged:
        book.write_text(ws, row, 0, t("통보 로그에 보낸 곳 주소가 없어 발신 주소는 확인하지 못했습니다.",
                                      "The notification log holds no sender addresses: not checked."), "meta")
        row += 1
    elif not senders:
        book.write_text(ws, row, 0, t("모든 통보가 공지된 재통보 주소에서 왔습니다.",
                                      "Every notification came from a published address."), "meta")
        row += 1
    for ip, arrivals in senders.items():
        book.write_text(ws, row, 0, ip, "quoted" if ip.startswith(FORMULA_STARTS) else "text")
        ws.write_number(row, 1, arrivals, book.formats["count"])
        row += 1
    note = t(
        f"1회 칸은 추정치입니다: 이 달 결제 수에서 재전송된 통보를 빼서 셉니다. 다른 칸은 받은 사본을 센 것입니다. "
        f"PG는 상점 통보 페이지가 OK를 응답할 때까지 같은 통보를 최대 {health.retry_limit}회 다시 보냅니다.",
        f"The 1 copy column is an estimate: the month's payments less the re-sent notifications. The other "
        f"columns count the copies received. The gateway re-sends a notification up to {health.retry_limit} "
        f"times until the merchant's page answers OK.",
    )
    book.write_text(ws, row + 1, 0, note, "meta")
    return ws.name


# -- audit log -------------------------------------------------------------------------


def details_text(details: Mapping[str, Any]) -> str:
    """``key=value, ...`` with secret fields masked and secret-looking values scrubbed."""
    parts = []
    for key, value in mask_secrets({str(k): v for k, v in details.items()}).items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}={shown}")
    return SCRUBBER.scrub(", ".join(parts))


def export_audit(
    ledger: Ledger, path: Path | str, *, month: str | None = None, lang: str = "ko",
    exported_at: datetime | None = None,
) -> ExportResult:
    """The audit log (oldest first), with the chain's integrity check in the title block."""
    t = _words(lang)
    prefix = str(Month.parse(month)) if month else ""
    check = ledger.verify_audit()
    state = t(f"정상 ({check.entries}건)", f"intact ({check.entries} entries)") if check.ok else t(
        f"변조 발견: 항목 {check.first_bad_id} — {check.problem}", f"broken at entry {check.first_bad_id}",
    )
    block = heading(
        t("감사 로그", "Audit log"), period=month_period(month, lang), mid=t("전체", "All"), lang=lang,
        exported_at=exported_at, extra=[(t("무결성", "Chain"), state)],
    )
    fields = [
        Field(t("번호", "No."), "int", 6), Field(t("시각", "At"), "datetime"), Field(t("사용자", "Actor"), "text", 10),
        Field(t("작업", "Action"), "text", 16), Field("TID", "text", 30), Field(t("금액", "Amount"), "money", 12),
        Field(t("내용", "Details"), "text", 40), Field(t("해시", "Hash"), "text", 20),
    ]
    rows = (
        [e.id, e.at, SCRUBBER.scrub(e.actor), e.action, e.tid, e.amount, details_text(e.details), e.hash]
        for e in ledger.audit_entries() if e.at.startswith(prefix)
    )
    return export_table(path, t("감사 로그", "Audit log"), fields, block, rows, totals_label=t("합계", "Total"))


# -- import reports ----------------------------------------------------------------------


def export_import_report(
    ledger: Ledger, path: Path | str, *, batch_ids: Sequence[int] | None = None, month: str | None = None,
    lang: str = "ko", exported_at: datetime | None = None,
) -> ExportResult:
    """Sheet 1: the import batches (counts per outcome); sheet 2: every record not imported, and why.

    ``batch_ids`` picks batches (default: all, or those started in ``month``).
    """
    t = _words(lang)
    path = check_suffix(path, csv_allowed=False)
    prefix = str(Month.parse(month)) if month else ""
    batches = [
        b for b in reversed(ledger.batches())
        if (batch_ids is None or b.id in batch_ids) and b.started_at.startswith(prefix)
    ]
    block = heading(
        t("가져오기 보고서", "Import report"), period=month_period(month, lang), mid=t("전체", "All"), lang=lang,
        exported_at=exported_at,
    )
    batch_fields = [
        Field(t("묶음", "Batch"), "int", 6), Field(t("파일", "File"), "text", 30), Field(t("형식", "Format"), "text", 6),
        Field(t("인코딩", "Encoding"), "text", 8), Field(t("종류", "Kind"), "text", 8),
        *(Field(h, "count", 8, total=True) for h in (
            t("기록", "Records"), t("가져옴", "Imported"), t("중복", "Duplicates"), t("거부", "Rejected"),
            t("건너뜀", "Skipped"), t("위변조 의심", "Flagged"),
        )),
        Field(t("상태", "Status"), "text", 8), Field(t("사용자", "Actor"), "text", 10),
        Field(t("시작", "Started"), "datetime"), Field(t("끝", "Finished"), "datetime"),
    ]
    issue_fields = [
        Field(t("묶음", "Batch"), "int", 6), Field(t("파일", "File"), "text", 24), Field(t("행", "Line"), "int", 6),
        Field(t("결과", "Outcome"), "text", 8), Field(t("사유", "Reason"), "text", 40),
        Field(t("원문", "Raw"), "text", 40),
    ]

    outcomes = {"rejected": t("거부", "Rejected"), "duplicate": t("중복", "Duplicate")}

    def issue_rows() -> Iterator[list[Any]]:
        for b in batches:
            for issue in ledger.batch_issues(b.id):
                yield [b.id, b.path, issue.line, outcomes.get(issue.outcome, issue.outcome),
                       reason_text(issue.reason, lang), SCRUBBER.scrub(issue.raw)]

    with excel_book(path) as book:
        first = book.table(t("가져오기", "Imports"), batch_fields, block, totals_label=t("합계", "Total"))
        first.write_rows(
            [b.id, b.path, b.format, b.encoding, b.kind, b.records, b.imported, b.duplicates, b.rejected,
             b.skipped, b.flagged, b.status, b.actor, b.started_at, b.finished_at]
            for b in batches
        )
        done = first.finish()
        second = book.table(t("문제 기록", "Not imported"), issue_fields, block)
        second.write_rows(issue_rows())
        issues = second.finish()
    return ExportResult(path, done.rows + issues.rows, done.sheets + issues.sheets)


# -- bulk cancel results ------------------------------------------------------------------

_BULK_KINDS: dict[str, Kind] = {"line": "int", "amount": "money", "remaining": "money"}
_BULK_WIDTHS = {"tid": 30, "outcome": 14, "message": 24, "advice": 36, "reason": 16}


def export_bulk_results(
    path: Path | str, results: Sequence[BulkRowResult], *, title: str | None = None, mid: str = "",
    period: str | None = None, exported_at: datetime | None = None, lang: str = "ko",
) -> ExportResult:
    """One row per list row: what was asked, what the gateway answered, what to do next."""
    t = _words(lang)
    headers, rows = results_table(results, lang)
    fields = [
        Field(header, _BULK_KINDS.get(key, "text"), _BULK_WIDTHS.get(key, 8))
        for (key, _ko), header in zip(RESULT_COLUMNS, headers)
    ]
    block = heading(
        title or t("일괄 취소 결과", "Bulk cancel results"), period=period or date.today().isoformat(),
        mid=mid or t("전체", "All"), lang=lang, exported_at=exported_at,
        extra=[(t("결과", "Outcome"), summary(results, lang))],
    )
    return export_table(path, t("일괄 취소", "Bulk cancel"), fields, block, rows)
