"""Plain records of a reconciliation run: findings, their summary, the run's settings and result.

No SQL and no Qt here: the view reads these dataclasses as they are.

Finding keys are ``f"{kind}:{tid or order_id}"`` and carry no month, so a
resolution made in one month's run holds in every later run (a finding can
show in two months, e.g. two approvals of one order either side of a month
end; it is one finding, resolved once). Findings about an order rather than
one payment use the order id even when they name a TID (``multiple_approvals``,
``request_hash_mismatch``); a cancel's DivideInfo uses the cancel's own TID
(``#cancel`` appended when that is the original TID). ``flag_key`` is the
ledger's own key (``signature_mismatch:``/``conflict:`` + TID) whose
resolution unflags the transaction; ``resolve_finding`` records both.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from smartro_desk.recon.kinds import KIND_INFO, KINDS, Severity

# Smartro's published re-notify sender addresses (SPEC.md), test server last.
DEFAULT_NOTIFY_SENDERS: tuple[str, ...] = ("211.193.35.215", "211.193.35.216", "211.193.35.217", "211.193.35.11")

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class Words(NamedTuple):
    """A text people read, in Korean (the CLI's, the JSON's) and in English (the English window's, exports')."""

    ko: str
    en: str

    def text(self, lang: str = "ko") -> str:
        return self.en if lang[:2].lower() == "en" else self.ko

    @staticmethod
    def join(separator: str, parts: list[Words]) -> Words:
        return Words(separator.join(p.ko for p in parts), separator.join(p.en for p in parts))


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month; ``start``/``end`` are ledger time texts bounding it (end exclusive)."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        found = _MONTH.fullmatch(text.strip())
        if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
            raise ValueError(f"월은 YYYY-MM 형식이어야 합니다 (예: 2024-03): {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> str:
        return f"{self}-01"

    @property
    def end(self) -> str:
        return str(self.next()) + "-01"

    @property
    def days(self) -> int:
        """How many days the month has."""
        return calendar.monthrange(self.year, self.month)[1]

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)


@dataclass(frozen=True, slots=True)
class ReconSettings:
    """What a run checks against. ``as_of`` (default: today) decides which virtual accounts are overdue."""

    vbank_expiry_days: int = 7  # when an issue record carries no VbankExpDate
    notify_senders: tuple[str, ...] = DEFAULT_NOTIFY_SENDERS
    excess_copies: int = 2  # this many arrivals of one notification is a finding
    retry_limit: int = 10  # the gateway re-sends a notification up to this many times (SPEC.md)
    max_listed_per_kind: int | None = None  # findings kept per kind (all are counted); None: all
    as_of: date | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    status: str  # resolved | acknowledged
    note: str
    actor: str
    at: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a person should look at. Amounts are won.

    ``requested`` is what the merchant asked for (the order list; for the
    ledger-against-export kinds, the ledger's amount), ``returned`` what the
    gateway reported (there, the export's), ``amount`` the money at stake
    (what the summary sums). ``at`` orders the table; ``tid`` drills down.
    """

    kind: str
    severity: Severity
    label_ko: str
    label_en: str
    key: str
    tid: str = ""
    order_id: str = ""
    requested: int | None = None
    returned: int | None = None
    amount: int | None = None
    at: str | None = None  # when it happened (approval, order or notification time)
    detail_ko: str = ""
    flag_key: str = ""  # the ledger resolution key that unflags the transaction, if any
    resolution: Resolution | None = None
    detail_en: str = ""

    @classmethod
    def of(cls, kind: str, *, severity: Severity | None = None, detail: Words | None = None,
           **values: Any) -> Finding:
        """A finding of ``kind`` with its labels and key filled in (``key`` may be given)."""
        info = KIND_INFO[kind]
        key = values.pop("key", None) or f"{kind}:{values.get('tid') or values.get('order_id') or ''}"
        if detail is not None:
            values.update(detail_ko=detail.ko, detail_en=detail.en)
        return cls(kind, severity or info.severity, info.ko, info.en, key, **values)

    def detail(self, lang: str = "ko") -> str:
        return Words(self.detail_ko, self.detail_en or self.detail_ko).text(lang)

    def advice(self, lang: str = "ko") -> str:
        return KIND_INFO[self.kind].advice(lang)

    @property
    def status(self) -> str:
        return self.resolution.status if self.resolution else "open"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind, "severity": self.severity, "tid": self.tid, "order_id": self.order_id,
            "requested": self.requested, "returned": self.returned, "amount": self.amount, "at": self.at,
            "key": self.key, "label": self.label_ko, "detail": self.detail_ko, "status": self.status,
        }
        if self.resolution is not None:
            out["note"] = self.resolution.note
        return out


@dataclass(slots=True)
class KindSummary:
    """Counts and sums of one kind: the view's summary card."""

    kind: str
    severity: str
    label_ko: str
    label_en: str
    count: int = 0
    amount: int = 0
    open: int = 0
    open_amount: int = 0
    resolved: int = 0
    acknowledged: int = 0
    listed: int = 0  # findings held in ``ReconResult.findings`` (``count`` when nothing was left out)

    def add(self, finding: Finding) -> None:
        self.count += 1
        self.amount += finding.amount or 0
        if finding.resolution is None:
            self.open += 1
            self.open_amount += finding.amount or 0
        elif finding.resolution.status == "acknowledged":
            self.acknowledged += 1
        else:
            self.resolved += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count, "sum": self.amount, "open": self.open, "open_sum": self.open_amount,
            "resolved": self.resolved, "acknowledged": self.acknowledged, "listed": self.listed,
        }


def empty_summary() -> dict[str, KindSummary]:
    return {k: KindSummary(k, KIND_INFO[k].severity, KIND_INFO[k].ko, KIND_INFO[k].en) for k in KINDS}


# How many copies of one notification arrived, in the groups the health report counts.
COPY_BUCKETS: tuple[str, ...] = ("1", "2", "3-5", "6+")


def copy_bucket(copies: int) -> str:
    """The ``COPY_BUCKETS`` group of a notification that arrived ``copies`` times."""
    return "1" if copies <= 1 else "2" if copies == 2 else "3-5" if copies <= 5 else "6+"


@dataclass(frozen=True, slots=True)
class DeliveryHealth:
    """How the month's notifications arrived: those received more than once, and unknown senders.

    ``by_kind`` maps a notification kind (``labels.EVENT_KIND``) to how many notifications of that kind
    arrived in each ``COPY_BUCKETS`` group; the ``"1"`` group is estimated from the month's payments
    (see ``recon.delivery``), the others are counted.
    """

    resent: int = 0  # notifications received more than once
    arrivals: int = 0  # copies of those, all told
    max_copies: int = 0
    longest_minutes: int = 0  # longest first-to-last span of one notification's copies
    copies: dict[int, int] = field(default_factory=dict)  # copies (2 or more) -> notifications
    senders: dict[str, int] = field(default_factory=dict)  # unknown sender address -> arrivals
    senders_logged: bool = False  # whether any arrival carried a sender address
    notified: int = 0  # the month's payments with any notification
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> copy group -> notifications
    longest_by_kind: dict[str, int] = field(default_factory=dict)  # kind -> longest span (minutes)
    retry_limit: int = 10
    at_limit: int = 0  # payments with a notification re-sent up to the retry limit
    foreign_notifications: int = 0  # notifications that arrived from an unknown address
    foreign_transactions: int = 0  # payments those belong to

    def to_json(self) -> dict[str, Any]:
        return {
            "resent": self.resent, "arrivals": self.arrivals, "max_copies": self.max_copies,
            "longest_minutes": self.longest_minutes, "copies": {str(k): v for k, v in self.copies.items()},
            "unknown_senders": self.senders, "senders_logged": self.senders_logged, "notified": self.notified,
            "by_kind": self.by_kind, "longest_minutes_by_kind": self.longest_by_kind,
            "retry_limit": self.retry_limit, "at_retry_limit": self.at_limit,
            "unknown_sender_notifications": self.foreign_notifications,
            "unknown_sender_transactions": self.foreign_transactions,
        }


@dataclass(frozen=True, slots=True)
class ReconResult:
    """One month's reconciliation. ``notes`` say which checks could not run and why."""

    month: str
    findings: list[Finding]
    summary: dict[str, KindSummary]
    totals: dict[str, Any]
    health: DeliveryHealth
    notes: tuple[Words, ...] = ()

    @property
    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.resolution is None]

    def to_json(self) -> dict[str, Any]:
        """The shape ``smartro-desk reconcile --json`` prints."""
        return {
            "month": self.month,
            "findings": [f.to_json() for f in self.findings],
            "totals": {
                **self.totals,
                "findings": sum(s.count for s in self.summary.values()),
                "open": sum(s.open for s in self.summary.values()),
                "by_kind": {k: s.to_json() for k, s in self.summary.items() if s.count},
            },
            "notification_health": self.health.to_json(),
            "notes": [note.ko for note in self.notes],
        }
