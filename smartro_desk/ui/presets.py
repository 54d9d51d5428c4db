"""The filter as saved: a period that stays relative ("this month") plus the rest of the filter.

``FilterState`` is what the filter bar edits; ``resolve()`` turns it into the
ledger's ``TransactionFilter`` for a given day. Saved presets and the last
filter are stored as plain dicts (``state_to_dict``) in the settings.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from smartro_desk.ledger.queries import TransactionFilter

PERIODS: tuple[str, ...] = ("this_month", "last_month", "today", "last_7_days", "last_30_days", "all", "custom")


def period_dates(period: str, today: date, custom: tuple[date | None, date | None] = (None, None)) -> tuple[date | None, date | None]:
    """First and last day (inclusive) of a named period."""
    if period == "this_month":
        first = today.replace(day=1)
        return first, today.replace(day=monthrange(today.year, today.month)[1])
    if period == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if period == "today":
        return today, today
    if period == "last_7_days":
        return today - timedelta(days=6), today
    if period == "last_30_days":
        return today - timedelta(days=29), today
    if period == "all":
        return None, None
    return custom


@dataclass(frozen=True, slots=True)
class FilterState:
    """What the user chose in the filter bar (the period stays a name unless custom)."""

    period: str = "this_month"
    date_from: date | None = None  # used when period == "custom"
    date_to: date | None = None
    flt: TransactionFilter = field(default_factory=TransactionFilter)

    def resolve(self, today: date | None = None) -> TransactionFilter:
        first, last = period_dates(self.period, today or date.today(), (self.date_from, self.date_to))
        return replace(self.flt, date_from=first, date_to=last)

    def with_text(self, text: str) -> FilterState:
        return replace(self, flt=self.flt.with_text(text))


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _amount(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def state_to_dict(state: FilterState) -> dict[str, Any]:
    f = state.flt
    return {
        "period": state.period,
        "date_from": state.date_from.isoformat() if state.date_from else "",
        "date_to": state.date_to.isoformat() if state.date_to else "",
        "pay_methods": list(f.pay_methods), "states": list(f.states), "issuers": list(f.issuers),
        "mids": list(f.mids), "amount_min": f.amount_min, "amount_max": f.amount_max, "text": f.text,
    }


def state_from_dict(data: Mapping[str, Any]) -> FilterState:
    """Tolerant: anything missing or malformed falls back to "any"."""
    period = data.get("period")
    return FilterState(
        period=period if period in PERIODS else "this_month",
        date_from=_day(data.get("date_from")),
        date_to=_day(data.get("date_to")),
        flt=TransactionFilter(
            pay_methods=_strings(data.get("pay_methods")), states=_strings(data.get("states")),
            issuers=_strings(data.get("issuers")), mids=_strings(data.get("mids")),
            amount_min=_amount(data.get("amount_min")), amount_max=_amount(data.get("amount_max")),
            text=str(data.get("text") or ""),
        ),
    )


def month_state(year: int, month: int) -> FilterState:
    """A custom period covering one calendar month (e.g. the demo data's)."""
    return FilterState("custom", date(year, month, 1), date(year, month, monthrange(year, month)[1]))
