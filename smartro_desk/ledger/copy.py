"""Moving a ledger between backends (a desk's SQLite file into the team's PostgreSQL), verified.

Every table is copied row for row, ids included, in one transaction on the
target: a failure leaves it empty. The target must be empty to begin with.
Afterwards counts per table and the money sums are compared, and the audit
chain is checked on the target (its last hash must be the source's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from smartro_desk.ledger.store import Ledger

# Parents before children (foreign keys); transactions are derived but copied as they are (cancel holds).
TABLES = (
    "merchants", "batches", "events", "batch_issues", "receipts", "orders", "transactions",
    "cancel_attempts", "cancel_locks", "audit_log", "resolutions", "mapping_profiles",
)
SUMS = {
    "events": ("amount",),
    "transactions": ("amount", "cancelled", "remaining"),
    "orders": ("amount",),
    "cancel_attempts": ("amount",),
}
_PAGE = 5_000
_DERIVED = {"rowid"}  # PostgreSQL's stand-in for SQLite's rowid: each target numbers its own


class CopyRefused(RuntimeError):
    """The target already holds a ledger (or the source is not one)."""


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)
    sums: dict[str, int] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _columns(ledger: Ledger, table: str) -> list[str]:
    names, _ = ledger.db.columns(f"SELECT * FROM {table} WHERE 1 = 0")
    return [n for n in names if n not in _DERIVED]


def figures(ledger: Ledger) -> tuple[dict[str, int], dict[str, int]]:
    """Row count per table and the sum of each money column (``table.column``)."""
    rows = {t: int(ledger.db.scalar(f"SELECT COUNT(*) FROM {t}") or 0) for t in TABLES}
    sums = {
        f"{t}.{c}": int(ledger.db.scalar(f"SELECT COALESCE(SUM({c}), 0) FROM {t}") or 0)
        for t, cols in SUMS.items() for c in cols
    }
    return rows, sums


def copy_ledger(
    source: Ledger, target: Ledger, progress: Callable[[str, int, int], None] | None = None,
) -> CopyReport:
    """Copy ``source`` into the empty ``target``; the report lists any difference found afterwards.

    ``progress(table, rows copied, rows the table holds)`` follows each page.
    """
    held = [t for t in TABLES if target.db.scalar(f"SELECT COUNT(*) FROM {t}")]
    if held:
        raise CopyRefused(f"대상 원장이 비어 있지 않습니다 ({', '.join(held)}): 빈 원장에만 옮길 수 있습니다")
    want_rows, want_sums = figures(source)
    with target.write():
        for table in TABLES:
            columns = _columns(source, table)
            wanted = set(_columns(target, table))
            if not set(columns) <= wanted:
                raise CopyRefused(f"{table}: 대상에 없는 열 {sorted(set(columns) - wanted)} (프로그램 버전을 맞추세요)")
            copied = 0
            for page in source.db.stream(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1", (), _PAGE):
                target.db.bulk_insert(table, columns, page)
                copied += len(page)
                if progress is not None:
                    progress(table, copied, want_rows[table])
        target.db.after_bulk_insert(TABLES)
    report = CopyReport()
    report.rows, report.sums = figures(target)
    report.mismatches = [
        f"{name}: {want[name]:,} → {got[name]:,}"
        for want, got in ((want_rows, report.rows), (want_sums, report.sums)) for name in want if want[name] != got[name]
    ]
    check = target.verify_audit()
    if not check.ok:
        report.mismatches.append(f"audit_log: {check.problem}")
    last = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"
    if source.db.scalar(last) != target.db.scalar(last):
        report.mismatches.append("audit_log: 마지막 해시가 다릅니다")
    return report
