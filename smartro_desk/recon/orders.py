"""The merchant's order list against the gateway's transactions.

Runs only when the ledger holds orders for the month (dated in it, or undated).
The list *covers* the days from its first to its last order date (the whole
month when some orders are undated): a payment outside those days is not
called "paid without order", since the list may simply end earlier.

A payment is matched to its order by order id, whatever month the order is
in. An order id listed more than once (two exports of the list, a corrected
row) is one order; the copy imported last decides its amount and status.
Order statuses are read by word: 취소/환불/반품/실패 cancelled, 부분취소 partly
cancelled, 입금대기 awaiting a deposit, anything else sold; no status, no
status checks. A requested amount that equals what remains after a partial
cancel is not a mismatch (lists often show the net amount).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import groupby
from typing import Any

from smartro_desk.protocol.hashes import verify_encrypt_data
from smartro_desk.recon.findings import Finding, Words
from smartro_desk.recon.scan import Plain, TxRow
from smartro_desk.recon.scope import (
    LIVE_STATES, PAID, PAID_STATES, Scope, day_after, field_of, json_fields, split_problem, won,
)

SOLD, CANCELLED, PARTIAL, AWAITING = "sold", "cancelled", "partial", "awaiting"
_PARTIAL_WORDS = ("부분취소", "부분환불", "부분반품", "partial")
_CANCEL_WORDS = ("취소", "환불", "반품", "실패", "거절", "cancel", "refund", "return", "fail", "void")
_AWAIT_WORDS = ("입금대기", "입금전", "미입금", "pending", "awaiting")
_STATUS_SAMPLE = 5_000  # orders read up front for their status words; rarer words are classified per row

IN_MONTH = "((o.ordered_at >= :start AND o.ordered_at < :end) OR o.ordered_at IS NULL)"
_NO_TRANSACTION = "NOT EXISTS (SELECT 1 FROM transactions t WHERE t.order_id = o.order_id)"


def _month_orders_sql(signed: str, unexpected: str) -> str:
    """The month's orders (dated in it, then undated: two selects, each using the date index, which
    holds every column read here but a signed request's fields) that may have an order-side finding:
    no transaction at all, a split, a signed request (``signed``), or a status that is not a sale
    (``unexpected``) while a payment is live."""
    live = f"EXISTS (SELECT 1 FROM transactions t WHERE t.order_id = o.order_id AND t.state IN {LIVE_STATES})"
    fields = f"CASE WHEN {signed} THEN o.fields END" if signed != "FALSE" else "NULL"  # the index covers all
    return " UNION ALL ".join(
        "SELECT o.id, o.order_id, o.mid, o.amount, o.ordered_at, o.status, o.divide_info, "
        f"{_NO_TRANSACTION}, {fields}, ({unexpected}) AND {live} "
        f"FROM orders o WHERE {dates} AND ({_NO_TRANSACTION} "
        f"OR o.divide_info <> '' OR {signed} OR (({unexpected}) AND {live}))"
        for dates in ("o.ordered_at >= :start AND o.ordered_at < :end", "o.ordered_at IS NULL")
    ) + " ORDER BY 2, 1"


# The month's orders whose every payment attempt failed, each order's copy imported last (attempts are
# counted per copy, all alike; the window keeps the last copy's row).
_FAILED_ONLY = f"""
SELECT order_id, id, amount, ordered_at, status, attempts FROM (
    SELECT o.order_id, o.id, o.amount, o.ordered_at, o.status, COUNT(DISTINCT t.tid) AS attempts,
           ROW_NUMBER() OVER (PARTITION BY o.order_id ORDER BY o.id DESC) AS nth
    FROM transactions t JOIN orders o ON o.order_id = t.order_id
    WHERE t.state = 'failed' AND t.approved_at >= :start AND {IN_MONTH}
      AND NOT EXISTS (SELECT 1 FROM transactions p WHERE p.order_id = t.order_id AND p.state IN {PAID_STATES})
    GROUP BY o.order_id, o.id, o.amount, o.ordered_at, o.status) AS failed
WHERE nth = 1
"""

# Every order id listed more than once (an index-only pass over the order id index), with each copy.
_LISTED_TWICE = f"""
SELECT o.order_id, o.id, o.amount, o.ordered_at, {IN_MONTH}
FROM orders o WHERE o.order_id IN (SELECT order_id FROM orders GROUP BY order_id HAVING COUNT(*) > 1)
ORDER BY o.order_id, o.id
"""


@lru_cache(maxsize=1024)
def status_class(status: str | None) -> str:
    """What an order-list status says: sold, cancelled, partial, awaiting, or '' (no status)."""
    key = "".join((status or "").split()).lower()
    if not key:
        return ""
    if any(w in key for w in _PARTIAL_WORDS):
        return PARTIAL
    if any(w in key for w in _CANCEL_WORDS):
        return CANCELLED
    if any(w in key for w in _AWAIT_WORDS):
        return AWAITING
    return SOLD


class OrderChecks:
    """amount_mismatch, paid_without_order, order_without_payment, cancelled_but_counted,
    paid_but_order_cancelled, request_hash_mismatch and the orders' own splits (``listed_twice``
    finds duplicate_order on its own)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.coverage = _coverage(scope)
        self.active = self.coverage is not None
        self.condition = ""
        self.plain: Plain | None = None
        self.params: dict[str, Any] = {}
        if self.coverage is None:
            scope.notes.append(Words(
                "이 달의 주문 목록이 원장에 없어 주문 대사(금액·주문 없는 결제·결제 없는 주문)를 하지 않았습니다.",
                "No order list for this month in the ledger: orders were not reconciled (amounts, payments "
                "without an order, orders without a payment).",
            ))
            return
        classes = _statuses(scope)
        words: dict[str, list[str]] = {}
        for status, cls in classes.items():
            words.setdefault(cls, []).append(status)
        self.params = {"cov_start": self.coverage[0], "cov_end": self.coverage[1]}

        def listed(name: str, values: list[str]) -> str:
            """Bound words for ``IN``/``NOT IN``; ('') when there are none (no status is blank here)."""
            self.params.update({f"{name}{i}": v for i, v in enumerate(values)})
            return "(" + ", ".join(f":{name}{i}" for i in range(len(values))) + ")" if values else "('')"

        sold, partial = listed("st_sold", words.get(SOLD, [])), listed("st_part", words.get(PARTIAL, []))
        sampled = listed("st_all", list(classes))
        expected = listed("st_known", [w for cls in (SOLD, PARTIAL, AWAITING) for w in words.get(cls, [])])
        self.unexpected = f"o.status <> '' AND o.status NOT IN {expected}"  # a cancel word, or unsampled
        self.condition = (  # Python re-checks every row; this only has to let every candidate through, cheaply
            "(o.id IS NULL AND t.approved_at >= :cov_start AND t.approved_at < :cov_end) "
            "OR o.amount <> t.amount "
            f"OR (t.cancelled > 0 AND (o.status IN {sold} OR (t.state = 'cancelled' AND o.status IN {partial}) "
            f"OR o.status NOT IN {sampled}))"
        )
        # The amounts equal or both missing, never NULL (the gate must be true or false): SQLite's
        # ``o.amount IS t.amount``, which PostgreSQL lacks (and SQLite before 3.39 its IS NOT DISTINCT FROM).
        same = "COALESCE(o.amount = t.amount, o.amount IS NULL AND t.amount IS NULL)"
        self.plain = Plain(("t.cancelled = 0", "o.id IS NOT NULL", same))

    def classify(self, row: TxRow) -> Iterator[Finding]:
        if self.coverage is None or row.state not in PAID:
            return
        common: dict[str, Any] = {"tid": row.tid, "order_id": row.order_id, "at": row.approved_at}
        amount, cancelled, remaining, requested = row.amount, row.cancelled, row.remaining, row.requested
        if row.order_row is None:
            if self.coverage[0] <= row.approved_at < self.coverage[1]:
                yield Finding.of("paid_without_order", returned=amount, amount=amount, **common, detail=Words(
                    f"주문번호 {row.order_id or '(없음)'}이(가) 주문 목록에 없습니다",
                    f"Order number {row.order_id or '(none)'} is not in the order list"))
            return
        if requested != amount and not (cancelled and requested == remaining):
            yield Finding.of("amount_mismatch", requested=requested, returned=amount,
                             amount=abs((amount or 0) - (requested or 0)),
                             detail=Words(f"주문 금액 {won(requested)}, 결제된 금액 {won(amount)}",
                                          f"Ordered {won(requested, 'en')}, paid {won(amount, 'en')}"), **common)
        cls = status_class(row.status)
        full = row.state == "cancelled"
        if cancelled and (cls in (SOLD, PARTIAL) if full else (cls == SOLD and requested != remaining)):
            yield Finding.of(
                "cancelled_but_counted", severity="medium" if full else "low", requested=requested,
                returned=amount, amount=cancelled, **common,
                detail=Words(f"PG에서 {'전체' if full else '부분'} 취소 {won(cancelled)}, 주문 상태는 '{row.status}'",
                             f"{'Fully' if full else 'Partly'} cancelled at the gateway ({won(cancelled, 'en')}); "
                             f"the order's status is '{row.status}'"),
            )

    def after(self) -> Iterator[Finding]:
        if self.coverage is None:
            return
        yield from self._month_orders()
        yield from self._failed_only()

    def _month_orders(self) -> Iterator[Finding]:
        unchecked = 0
        batches = ", ".join(map(str, _signed_batches(self.scope)))
        signed = f"(o.batch_id IN ({batches}) AND instr(o.fields, 'EncryptData') > 0)" if batches else "FALSE"
        sql = _month_orders_sql(signed, self.unexpected)
        for order_id, copies in groupby(self.scope.rows(sql, self.params), key=lambda r: r[1]):
            rows = list(copies)
            _, _, _, amount, at, status, divide_info, unpaid, _, live = rows[-1]  # the copy imported last
            if live and status_class(status) == CANCELLED:
                yield from self._still_paid(order_id, amount, status)
            if unpaid and status_class(status) != CANCELLED:
                detail = Words("이 주문번호의 결제 결과가 원장에 없습니다", "No payment result for this order in the ledger")
                yield Finding.of("order_without_payment", order_id=order_id, requested=amount, amount=amount,
                                 at=at, detail=_with_status(detail, status))
            if divide_info and (problem := split_problem(divide_info, amount, "order")) is not None:
                yield Finding.of("divide_sum_mismatch", order_id=order_id, requested=amount, amount=problem[1],
                                 at=at, detail=problem[0])
            for row in rows:
                if row[8] is not None:
                    checked, found = self._request_hash(order_id, row[2], row[3], row[4], row[8])
                    unchecked += not checked
                    if found is not None:
                        yield found
                        break
        if unchecked:
            self.scope.notes.append(Words(
                f"EncryptData가 있는 요청 기록 {unchecked:,}건은 상점키나 ediDate가 없어 검증하지 못했습니다.",
                f"{unchecked:,} request records with EncryptData could not be verified: no merchant key or ediDate.",
            ))

    def _still_paid(self, order_id: str, requested: int | None, status: str) -> Iterator[Finding]:
        for tid, amount, remaining, at in self.scope.rows(
            "SELECT tid, amount, remaining, approved_at FROM transactions "
            f"WHERE order_id = :o AND state IN {LIVE_STATES}", {"o": order_id},
        ):
            yield Finding.of(
                "paid_but_order_cancelled", tid=tid, order_id=order_id, requested=requested, returned=amount,
                amount=remaining, at=at,
                detail=Words(f"주문 상태는 '{status}'인데 PG에 {won(remaining)}이 결제된 채로 남아 있습니다",
                             f"The order's status is '{status}', but {won(remaining, 'en')} is still paid at the gateway"),
            )

    def _request_hash(self, order_id: str, mid: str, amount: int | None, at: str | None,
                      text: str) -> tuple[bool, Finding | None]:
        """(whether it could be checked, a finding when the listed Amt is not the one EncryptData binds)."""
        fields = json_fields(text)
        received, edi_date = field_of(fields, "EncryptData"), field_of(fields, "ediDate")
        mid = mid or field_of(fields, "MID")
        lookup = self.scope.merchant_key
        key = lookup(mid) if lookup is not None and mid else None
        if not received or not edi_date or amount is None or key is None:
            return False, None
        if verify_encrypt_data(edi_date, mid, amount, key, received):
            return True, None
        detail = Words(f"요청 기록의 금액 {won(amount)}은 EncryptData가 서명한 금액이 아닙니다",
                       f"The request record's amount {won(amount, 'en')} is not the one EncryptData signs")
        paid = self.scope.one(
            "SELECT amount, tid FROM transactions WHERE order_id = :o ORDER BY approved_at DESC LIMIT 1",
            {"o": order_id},
        )
        returned = paid[0] if paid else None
        if returned not in (None, amount) and verify_encrypt_data(edi_date, mid, returned, key, received):
            detail = Words.join("; ", [detail, Words(
                f"서명된 금액은 결제된 금액 {won(returned)}입니다 (요청 기록이 바뀌었습니다)",
                f"the signed amount is the amount paid, {won(returned, 'en')} (the request record was changed)")])
        return True, Finding.of(
            "request_hash_mismatch", order_id=order_id, tid=paid[1] if paid else "",
            key=f"request_hash_mismatch:{order_id}", requested=amount, returned=returned, amount=amount, at=at,
            detail=detail,
        )

    def _failed_only(self) -> Iterator[Finding]:
        for order_id, _, amount, at, status, attempts in self.scope.rows(_FAILED_ONLY):
            if status_class(status) != CANCELLED:
                detail = Words(f"이 주문의 결제 시도 {attempts}건이 모두 실패했습니다",
                               f"All {attempts} payment attempts of this order failed")
                yield Finding.of("order_without_payment", order_id=order_id, requested=amount, amount=amount,
                                 at=at, detail=_with_status(detail, status))


def listed_twice(scope: Scope) -> Iterator[Finding]:
    """``duplicate_order``: the copies of an order disagree on the amount (the last copy is in the month)."""
    for order_id, copies in groupby(scope.rows(_LISTED_TWICE), key=lambda r: r[0]):
        rows = list(copies)
        amounts = list(dict.fromkeys(r[2] for r in rows))
        if len(amounts) > 1 and rows[-1][4]:
            last = rows[-1][2]
            listed = Words(", ".join(won(a) for a in amounts), ", ".join(won(a, "en") for a in amounts))
            yield Finding.of(
                "duplicate_order", order_id=order_id, requested=last, at=rows[-1][3],
                detail=Words(f"주문 목록에 {len(rows)}번 있고 금액이 다릅니다: {listed.ko} (나중 것 {won(last)}로 대사)",
                             f"Listed {len(rows)} times with different amounts: {listed.en} "
                             f"(reconciled with the last, {won(last, 'en')})"),
            )


def _with_status(detail: Words, status: str) -> Words:
    """``detail`` and the order's status in the order list, if it has one."""
    if not status:
        return detail
    return Words(f"{detail.ko} (주문 상태: '{status}')", f"{detail.en} (order status: '{status}')")


def _coverage(scope: Scope) -> tuple[str, str] | None:
    dated = "SELECT {}(ordered_at) FROM orders WHERE ordered_at >= :start AND ordered_at < :end"
    first, last = scope.one(dated.format("MIN"))[0], scope.one(dated.format("MAX"))[0]  # each O(log n) alone
    if scope.one("SELECT EXISTS (SELECT 1 FROM orders WHERE ordered_at IS NULL)")[0]:
        return scope.month.start, scope.month.end
    if first is None:
        return None
    if first[:10] != scope.month.start or day_after(last) != scope.month.end:
        scope.notes.append(Words(
            f"주문 목록이 {first[:10]}부터 {last[:10]}까지만 있어, 그 밖의 날짜의 결제는 '주문 없는 결제'로 보지 않았습니다.",
            f"The order list covers {first[:10]} to {last[:10]} only: payments on other days were not taken "
            "for payments without an order.",
        ))
    return first[:10], day_after(last)


def _signed_batches(scope: Scope) -> list[int]:
    """Order lists with an EncryptData column (every row of a sheet has the same columns: the first tells),
    and logs whose payment requests became orders (each of those carries EncryptData)."""
    return [
        batch for batch, fields in scope.rows(
            "SELECT b.id, (SELECT o.fields FROM orders o WHERE o.batch_id = b.id ORDER BY o.id LIMIT 1) "
            "FROM batches b WHERE b.status = 'done'"
        )
        if fields and "EncryptData" in fields
    ]


def _statuses(scope: Scope) -> dict[str, str]:
    """The status words of a sample of the month's orders, classified (rarer words: per row)."""
    return {status: status_class(status) for (status,) in scope.rows(
        f"SELECT status FROM (SELECT status FROM orders WHERE ordered_at >= :start AND ordered_at < :end "
        f"LIMIT {_STATUS_SAMPLE}) AS dated UNION SELECT status FROM (SELECT status FROM orders "
        f"WHERE ordered_at IS NULL LIMIT {_STATUS_SAMPLE}) AS undated"
    ) if status}
