"""The bulk cancel table: one line per list row, its check, and its result filling in live.

Columns are declared once, in ``BulkModel``; row colours say what needs attention:
red for a row that will not be sent or whose outcome needs checking, yellow
for a warning, green for a cancel done, grey for a row stopped before sending.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from smartro_desk.cancel.bulk import BulkItem, BulkRowResult, outcome_label
from smartro_desk.ui.cancel_widgets import won
from smartro_desk.ui.record_model import NOTE_BACKGROUND, WARN_BACKGROUND, Col, RecordsModel

DONE_BACKGROUND = QColor("#dcf2dc")
STOPPED_BACKGROUND = QColor("#ececec")


@dataclass(frozen=True, slots=True)
class BulkLine:
    item: BulkItem
    result: BulkRowResult | None = None

    def warnings(self, lang: str = "ko") -> list[str]:
        """Warnings of this row in ``lang`` (production is said once, by the dialog's banner)."""
        return [p.text(lang) for p in self.item.problems if p.severity == "warning" and p.key != "production"]

    def answer(self, lang: str = "ko") -> str:
        """The gateway's code and words, and what to do."""
        r = self.result.result if self.result is not None else None
        if r is None:
            return ""
        return " — ".join(v for v in (f"{r.code} {r.message_text(lang)}".strip(), r.advice(lang)) if v)


def _amount(line: BulkLine) -> int | None:
    plan = line.item.plan
    return plan.amount if plan is not None else line.item.row.amount


def _remaining(line: BulkLine) -> int | None:
    r = line.result.result if line.result is not None else None
    if r is not None:
        return r.remaining
    plan = line.item.plan
    return plan.target.remaining if plan is not None and plan.target is not None else None


class BulkModel(RecordsModel[BulkLine]):
    """The rows in ``lang``: headers and the app's words through the translator, the core's texts in ``lang``."""

    def __init__(self, parent: QObject | None = None, *, lang: str = "ko") -> None:
        self.lang = lang
        super().__init__((
            Col(lambda: self.tr("행"), lambda l: str(l.item.row.line)),
            Col(lambda: "TID", lambda l: l.item.row.tid),
            Col(lambda: self.tr("구분"), lambda l: l.item.plan.kind(self.lang) if l.item.plan is not None else ""),
            Col(lambda: self.tr("취소 금액"), lambda l: won(_amount(l)) if _amount(l) is not None else "", money=True),
            Col(lambda: self.tr("남은 금액"), lambda l: won(_remaining(l)) if _remaining(l) is not None else "",
                money=True),
            Col(lambda: self.tr("사유"), lambda l: l.item.row.reason),
            Col(lambda: self.tr("검증"), self.check_text),
            Col(lambda: self.tr("결과"), lambda l: outcome_label(l.result.outcome, self.lang) if l.result else ""),
            Col(lambda: self.tr("응답 / 안내"), lambda l: l.answer(self.lang)),
        ), parent)

    def check_text(self, line: BulkLine) -> str:
        if not line.item.ok:
            return line.item.message_text(self.lang)
        warnings = line.warnings(self.lang)
        if not warnings:
            return self.tr("보낼 수 있음")
        return self.tr("보낼 수 있음 — 확인: {warnings}").format(warnings=" ".join(warnings))

    def set_result(self, row: int, result: BulkRowResult) -> None:
        self.records[row] = replace(self.records[row], result=result)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def background(self, record: BulkLine) -> QColor | None:
        if record.result is not None:
            outcome = record.result.outcome
            if outcome in ("cancelled", "already_cancelled"):
                return DONE_BACKGROUND
            return STOPPED_BACKGROUND if outcome == "stopped" else WARN_BACKGROUND
        if not record.item.ok:
            return WARN_BACKGROUND
        return NOTE_BACKGROUND if record.warnings() else None
