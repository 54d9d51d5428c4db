"""The ledger: the one writer of the database, and the announcer of changes.

Every write runs in one transaction and, after it commits, listeners hear a
``Change``. Reads for views live in ``queries``; cancels in ``cancels``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from smartro_desk.ledger import audit
from smartro_desk.ledger.backend import Database, is_postgres_url, open_database
from smartro_desk.ledger.model import (
    CHANGE_KINDS, Batch, Change, EventRecord, Issue, OrderRecord, RecordOutcome, source_of,
)
from smartro_desk.ledger.recompute import recompute

_IN_CHUNK = 500  # parameters per IN (...) lookup
_NAMED_UP_TO = 10_000  # transactions an import names when it announces its change (more: "any")
_STATISTICS_FROM = 1_000  # transactions an import derives before the planner is first told the tables' sizes

_EVENT_COLUMNS = (
    "id, fingerprint, tid, otid, kind, fact_key, channel, mid, pay_method, order_id, amount, "
    "result_code, result_msg, state_cd, occurred_at, sign_status, buyer, goods, fn_cd, fn_name, "
    "card_quota, auth_code, vbank_num, divide_info, fields, raw, batch_id, source_file, "
    "source_line, created_at"
)
_EVENT_INSERT_COLUMNS = tuple(_EVENT_COLUMNS.replace(" ", "").split(","))[1:]
_ORDER_COLUMNS = (
    "fingerprint", "order_id", "mid", "amount", "ordered_at", "status", "buyer", "goods", "divide_info", "fields",
    "batch_id", "source_file", "source_line", "created_at",
)
_RECEIPT_COLUMNS = ("event_id", "batch_id", "source_file", "source_line", "logged_at", "sender_ip", "occurrence_key")
_BATCH_COLUMNS = (
    "id, path, content_hash, format, encoding, kind, records, imported, duplicates, rejected, "
    "skipped, flagged, status, actor, started_at, finished_at"
)


def now_text() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class Ledger:
    """Merchants, transactions, events, batches, cancels, audit and resolutions."""

    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor
        self._listeners: list[Callable[[Change], None]] = []
        self._pending: list[Change] = []

    @classmethod
    def open(cls, path: Path | str, *, actor: str = "") -> Ledger:
        """Open (creating and migrating as needed) the ledger at ``path``: a SQLite file, ``:memory:``,
        or a ``postgresql://`` URL."""
        if str(path) != ":memory:" and not is_postgres_url(path):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = open_database(path)
        db.migrate()
        return cls(db, actor=actor)

    def close(self) -> None:
        self.db.close()

    def separate(self) -> tuple[Ledger, bool]:
        """This ledger on a connection of its own (a long export or reconciliation holds it a while), and
        whether the caller is to close it: an in-memory ledger has only its one connection."""
        if self.location == ":memory:":
            return self, False
        return Ledger(open_database(self.location), actor=self.actor), True

    @property
    def location(self) -> str:
        return self.db.url

    # -- change announcements ---------------------------------------------------

    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``listener`` after each committed change; returns an unsubscribe function
        (calling it again does nothing)."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def announce(self, change: Change) -> None:
        """Queue a change; it is delivered when the outermost write commits (to other desks too)."""
        self._pending.append(change)
        if self.db.in_transaction:
            self.db.announce((change.what,))
        else:
            self._flush()

    def watch_others(self, *, interval: float = 1.0) -> Callable[[], None]:
        """Relay other connections' committed changes (another desk, another process) to the listeners,
        from a background thread; returns a stop function."""

        def heard(kinds: frozenset[str]) -> None:
            for kind in sorted(kinds):
                if kind in CHANGE_KINDS:
                    for listener in list(self._listeners):
                        listener(Change(kind, external=True))  # type: ignore[arg-type]

        return self.db.watch(heard, interval=interval)

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for change in pending:
            for listener in list(self._listeners):
                listener(change)

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction; changes are announced after it commits, dropped if it fails."""
        with self.db.lock:  # decide "outer" only once this thread owns the connection
            outer = not self.db.in_transaction
            try:
                with self.db.transaction():
                    yield
            except BaseException:
                if outer:
                    self._pending.clear()
                raise
        if outer:
            self._flush()

    # -- audit ------------------------------------------------------------------

    def audit(
        self, action: str, *, tid: str = "", amount: int | None = None,
        details: dict[str, Any] | None = None, actor: str | None = None,
    ) -> int:
        with self.write():
            entry = audit.append(
                self.db, at=now_text(), actor=actor if actor is not None else self.actor,
                action=action, tid=tid, amount=amount, details=details,
            )
            self.announce(Change("audit"))
        return entry

    def audit_entries(self, *, tid: str | None = None, limit: int | None = None) -> list[audit.AuditEntry]:
        return audit.entries(self.db, tid=tid, limit=limit)

    def verify_audit(self) -> audit.AuditCheck:
        return audit.verify(self.db)

    # -- merchants ----------------------------------------------------------------

    def upsert_merchant(self, mid: str, name: str = "", parent_mid: str | None = None) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO merchants (mid, name, parent_mid, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (mid) DO UPDATE SET name = excluded.name, parent_mid = excluded.parent_mid",
                (mid, name, parent_mid, now_text()),
            )
            self.announce(Change("merchants"))

    def merchants(self) -> list[tuple[str, str, str | None]]:
        """(mid, name, parent_mid) of every known merchant, sub-malls included."""
        return [tuple(r) for r in self.db.query("SELECT mid, name, parent_mid FROM merchants ORDER BY mid")]

    def sub_mall_mids(self, mid: str) -> list[str]:
        return [r[0] for r in self.db.query("SELECT mid FROM merchants WHERE parent_mid = ? ORDER BY mid", (mid,))]

    # -- import batches -------------------------------------------------------------

    def find_batch(self, content_hash: str) -> Batch | None:
        """The earlier, not undone, import of a file with these exact bytes."""
        row = self.db.query_one(
            f"SELECT {_BATCH_COLUMNS} FROM batches WHERE content_hash = ? AND status = 'done' ORDER BY id LIMIT 1",
            (content_hash,),
        )
        return Batch(*row) if row else None

    def batch(self, batch_id: int) -> Batch | None:
        row = self.db.query_one(f"SELECT {_BATCH_COLUMNS} FROM batches WHERE id = ?", (batch_id,))
        return Batch(*row) if row else None

    def batches(self) -> list[Batch]:
        return [Batch(*r) for r in self.db.query(f"SELECT {_BATCH_COLUMNS} FROM batches ORDER BY id DESC")]

    def batch_issues(self, batch_id: int, *, limit: int | None = None, outcome: str | None = None) -> list[Issue]:
        sql = "SELECT line, outcome, reason, event_id, raw FROM batch_issues WHERE batch_id = ?"
        params: list[Any] = [batch_id]
        if outcome is not None:
            sql += " AND outcome = ?"
            params.append(outcome)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [Issue(*r) for r in self.db.query(sql, params)]

    @contextmanager
    def importing(
        self, path: str, content_hash: str, *, format: str = "", encoding: str = "", kind: str = "",
    ) -> Iterator[ImportSession]:
        """Import one file in ONE transaction: an error or a cancel leaves the ledger as it was."""
        with self.write():
            batch_id = self.db.insert(
                "INSERT INTO batches (path, content_hash, format, encoding, kind, actor, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (path, content_hash, format, encoding, kind, self.actor, now_text()),
            )
            session = ImportSession(self, batch_id, path)
            yield session
            session._finish()
            self.announce(Change("batches"))
            self.announce(Change("transactions", frozenset(session.touched or ())))

    def undo_batch(self, batch_id: int, *, note: str = "") -> int:
        """Remove a batch's events, orders and receipts, recompute their transactions, audit it.

        Returns the number of events removed.
        """
        with self.write():
            batch = self.batch(batch_id)
            if batch is None or batch.status != "done":
                raise ValueError(f"되돌릴 수 있는 가져오기 묶음이 아닙니다: #{batch_id}")
            otids = {r[0] for r in self.db.query("SELECT DISTINCT otid FROM events WHERE batch_id = ?", (batch_id,))}
            otids |= {
                r[0] for r in self.db.query(
                    "SELECT DISTINCT e.otid FROM receipts r JOIN events e ON e.id = r.event_id WHERE r.batch_id = ?",
                    (batch_id,),
                )
            }
            _hand_over(self.db, batch_id)
            self.db.execute("DELETE FROM receipts WHERE batch_id = ?", (batch_id,))
            # Events first seen in this batch but also received by later batches survive, re-attributed to the
            # earliest remaining receipt (its file and line).
            self.db.execute(
                "UPDATE events SET (batch_id, source_file, source_line) = (SELECT r.batch_id, r.source_file, "
                "r.source_line FROM receipts r WHERE r.event_id = events.id ORDER BY r.batch_id, r.id LIMIT 1) "
                "WHERE batch_id = ? AND EXISTS (SELECT 1 FROM receipts r WHERE r.event_id = events.id)",
                (batch_id,),
            )
            self.db.execute(
                "DELETE FROM batch_issues WHERE event_id IN (SELECT id FROM events WHERE batch_id = ?)", (batch_id,)
            )
            self.db.execute(
                "DELETE FROM batch_issues WHERE order_ref IN (SELECT id FROM orders WHERE batch_id = ?)", (batch_id,)
            )
            removed = self.db.execute("DELETE FROM events WHERE batch_id = ?", (batch_id,))
            self.db.execute("DELETE FROM orders WHERE batch_id = ?", (batch_id,))
            self.db.execute("UPDATE batches SET status = 'undone' WHERE id = ?", (batch_id,))
            recompute(self.db, otids, now_text())
            audit.append(
                self.db, at=now_text(), actor=self.actor, action="import_undone",
                details={"batch": batch_id, "path": batch.path, "events_removed": removed, "note": note},
            )
            self.announce(Change("batches"))
            self.announce(Change("transactions", frozenset(otids)))
            self.announce(Change("audit"))
        return removed

    # -- transactions -----------------------------------------------------------------

    def recompute(self, otids: Sequence[str] | None = None) -> None:
        with self.write():
            recompute(self.db, otids, now_text())
            self.announce(Change("transactions", frozenset(otids or ())))

    def add_events(self, records: Sequence[EventRecord], *, source_file: str = "", batch_id: int | None = None) -> list[RecordOutcome]:
        """Add records outside an import (e.g. the app's own cancel answers)."""
        with self.write():
            outcomes = _insert_events(self.db, records, batch_id, source_file)
            otids = {r.otid for r in records}
            recompute(self.db, otids, now_text())
            self.announce(Change("transactions", frozenset(otids)))
        return outcomes

    def event_rows(self, otid: str) -> list[dict[str, Any]]:
        """Every event of a transaction, oldest first, as dicts (fields decoded)."""
        names, rows = self.db.columns(f"SELECT {_EVENT_COLUMNS} FROM events WHERE otid = ? ORDER BY occurred_at, id", (otid,))
        out = []
        for row in rows:
            item = dict(zip(names, row))
            item["fields"] = json.loads(item["fields"])
            out.append(item)
        return out

    def receipts(self, event_id: int) -> list[tuple[str, int | None, str | None, str]]:
        """(source_file, line, logged_at, sender_ip) of every arrival of an event."""
        return [
            tuple(r) for r in self.db.query(
                "SELECT source_file, source_line, logged_at, sender_ip FROM receipts WHERE event_id = ? ORDER BY id",
                (event_id,),
            )
        ]

    def resolve(self, finding_key: str, *, status: str = "resolved", note: str = "", tid: str = "") -> None:
        """Record a person's resolution of a finding (and unflag a transaction it concerns)."""
        with self.write():
            self.db.execute(
                "INSERT INTO resolutions (finding_key, status, note, actor, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (finding_key) DO UPDATE SET status = excluded.status, note = excluded.note, "
                "actor = excluded.actor, at = excluded.at",
                (finding_key, status, note, self.actor, now_text()),
            )
            audit.append(
                self.db, at=now_text(), actor=self.actor, action=f"finding_{status}", tid=tid,
                details={"finding": finding_key, "note": note},
            )
            if tid:
                recompute(self.db, [tid], now_text())
                self.announce(Change("transactions", frozenset({tid})))
            self.announce(Change("resolutions"))
            self.announce(Change("audit"))

    def resolutions(self) -> dict[str, tuple[str, str, str, str]]:
        """finding_key -> (status, note, actor, at)."""
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in self.db.query("SELECT finding_key, status, note, actor, at FROM resolutions")}


class ImportSession:
    """Adds one file's records to the ledger inside ``Ledger.importing``.

    Each chunk's transactions are derived as soon as its events are in: a big file is parsed in another
    process (``ingest.parse_worker``), and this one would otherwise wait for the parser during the file and
    derive alone at the end (at 300,000 lines, 12 s of waiting and 13 s of deriving). A transaction whose
    events come in several chunks (a cancel later in the file) is derived again, from all of them.
    """

    def __init__(self, ledger: Ledger, batch_id: int, path: str) -> None:
        self.ledger = ledger
        self.batch_id = batch_id
        self.path = path
        # The original TIDs of the events the file added, named in the change announcement; None once there are
        # more than _NAMED_UP_TO (a million-line import does not hold a million TIDs to announce "any").
        self.touched: set[str] | None = set()
        self.counts = {"records": 0, "imported": 0, "duplicates": 0, "rejected": 0, "skipped": 0, "flagged": 0}
        self._derived = 0  # transactions derived so far in this import
        self._statistics_from = _STATISTICS_FROM  # derived count at which the planner is next told the sizes

    def add_events(self, records: Sequence[EventRecord]) -> list[RecordOutcome]:
        outcomes = _insert_events(self.ledger.db, records, self.batch_id, self.path)
        # A repeat adds only its receipt: its transaction stays as it was.
        new = list(dict.fromkeys(r.otid for r, out in zip(records, outcomes) if out.outcome == "imported"))
        if new:
            recompute(self.ledger.db, new, now_text(), statistics=self._statistics_due(len(new)))
        if self.touched is not None:
            self.touched.update(new)
            if len(self.touched) > _NAMED_UP_TO:
                self.touched = None
        counts, dup_rows = self.counts, []
        new_here = flagged_here = False  # of the record being counted: an export row may hold two events
        for rec, out in zip(records, outcomes):
            new = out.outcome == "imported"
            if not rec.same_record:
                counts["records"] += 1
                new_here = flagged_here = False
            if new and not new_here:  # a record is imported when any of its events is new
                counts["imported"] += 1
                if rec.same_record:  # its first event was a repeat: counted a duplicate, wrongly
                    counts["duplicates"] -= 1
                new_here = True
            elif not new and not rec.same_record:
                counts["duplicates"] += 1
            if new and rec.sign_status == "mismatch" and not flagged_here:
                counts["flagged"] += 1
                flagged_here = True
            if not new:  # every repeated event is named, whatever its record's count: an undo hands it over by it
                dup_rows.append((self.batch_id, out.line, "duplicate", f"event #{out.event_id}", out.event_id, ""))
        if dup_rows:
            self.ledger.db.executemany(
                "INSERT INTO batch_issues (batch_id, line, outcome, reason, event_id, raw) VALUES (?, ?, ?, ?, ?, ?)",
                dup_rows,
            )
        return outcomes

    def add_orders(self, orders: Sequence[OrderRecord]) -> list[RecordOutcome]:
        db = self.ledger.db
        now = now_text()
        keyed = [(fp, (
            fp, order.order_id, order.mid, order.amount, order.ordered_at, order.status, order.buyer, order.goods,
            order.divide_info, json.dumps(dict(order.fields), ensure_ascii=False), self.batch_id,
            source_of(self.path, order.sheet), order.source_line, now,
        )) for order, fp in ((order, order.fingerprint) for order in orders)]
        ids, new = _store_unique(db, "orders", _ORDER_COLUMNS, keyed)
        outcomes, dup_rows = [], []
        for order, (fp, _) in zip(orders, keyed):
            self.counts["records"] += 1
            if fp in new:
                new.discard(fp)
                outcomes.append(RecordOutcome("imported", ids[fp], order.source_line))
                self.counts["imported"] += 1
                continue
            outcomes.append(RecordOutcome("duplicate", ids[fp], order.source_line))
            self.counts["duplicates"] += 1
            dup_rows.append((self.batch_id, order.source_line, "duplicate", f"order #{ids[fp]}", ids[fp]))
        if dup_rows:
            db.executemany(
                "INSERT INTO batch_issues (batch_id, line, outcome, reason, order_ref) VALUES (?, ?, ?, ?, ?)",
                dup_rows,
            )
        return outcomes

    def add_issues(self, issues: Sequence[Issue]) -> None:
        """Rejected and skipped records (duplicates are recorded by ``add_events``)."""
        for issue in issues:
            self.counts["records"] += 1
            self.counts["rejected" if issue.outcome == "rejected" else "skipped"] += 1
        self.ledger.db.executemany(
            "INSERT INTO batch_issues (batch_id, line, outcome, reason, event_id, raw) VALUES (?, ?, ?, ?, ?, ?)",
            [(self.batch_id, i.line, i.outcome, i.reason, i.event_id, i.raw[:2000]) for i in issues if i.outcome == "rejected"],
        )

    def _statistics_due(self, count: int) -> bool:
        """Whether the planner is to be told the tables' sizes before deriving ``count`` more transactions:
        each time the import has doubled them (PostgreSQL's ANALYZE, once per chunk, would cost more than
        the derivation; statistics that lag by at most half still give the same plans)."""
        self._derived += count
        if self._derived < self._statistics_from:
            return False
        self._statistics_from = 2 * self._derived
        return True

    def _finish(self) -> None:
        db = self.ledger.db
        c = self.counts
        db.execute(
            "UPDATE batches SET records = ?, imported = ?, duplicates = ?, rejected = ?, skipped = ?, "
            "flagged = ?, finished_at = ? WHERE id = ?",
            (c["records"], c["imported"], c["duplicates"], c["rejected"], c["skipped"], c["flagged"], now_text(), self.batch_id),
        )
        audit.append(
            db, at=now_text(), actor=self.ledger.actor, action="import",
            details={"batch": self.batch_id, "path": self.path, **c},
        )


def _hand_over(db: Database, batch_id: int) -> None:
    """Before ``batch_id`` is undone: an event or order it brought in that a batch still imported holds too
    (counted there as a duplicate, as overlapping logs and exports are) passes to the earliest such batch,
    with its line there — an event through its receipts, an order itself — so the undo does not take it away."""
    paths = dict(db.query("SELECT id, path FROM batches"))
    for table, ref, moved, key in (("events", "event_id", "receipts", "event_id"), ("orders", "order_ref", "orders", "id")):
        heirs: dict[int, tuple[int, int | None]] = {}
        for item, other, line in db.query(
            f"SELECT i.{ref}, i.batch_id, MIN(i.line) FROM batch_issues i CROSS JOIN {table} x "
            f"WHERE x.id = i.{ref} AND x.batch_id = ? AND i.outcome = 'duplicate' "
            "AND i.batch_id IN (SELECT id FROM batches WHERE status = 'done' AND id <> ?) "
            f"GROUP BY i.{ref}, i.batch_id",
            (batch_id, batch_id),
        ):
            if item not in heirs or other < heirs[item][0]:
                heirs[item] = (other, line)
        db.executemany(
            f"UPDATE {moved} SET batch_id = ?, source_file = ?, source_line = ? WHERE {key} = ? AND batch_id = ?",
            [(other, paths[other], line, item, batch_id) for item, (other, line) in heirs.items()],
        )


def _existing_ids(db: Database, table: str, fingerprints: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(fingerprints))
    for start in range(0, len(unique), _IN_CHUNK):
        chunk = unique[start:start + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(db.query(f"SELECT fingerprint, id FROM {table} WHERE fingerprint IN ({marks})", chunk))
    return found


def _store_unique(
    db: Database, table: str, columns: Sequence[str], keyed: Sequence[tuple[str, Sequence[Any]]],
) -> tuple[dict[str, int], set[str]]:
    """Ids of every fingerprint in ``keyed`` (fingerprint, row), inserting the rows not stored yet.

    Returns the ids and the fingerprints this call inserted. The unique constraint decides: a row stored
    before (by an earlier file, or by another desk a moment ago) keeps its id, looked up afterwards for
    the rows it turned away only. (Looking every fingerprint up first cost 4 s of a million-line import,
    whose records are almost all new.)
    """
    fresh: dict[str, Sequence[Any]] = {}
    for fp, row in keyed:
        fresh.setdefault(fp, row)
    inserted = db.insert_new(table, columns, list(fresh.values()), "fingerprint")
    ids = dict(inserted)
    if len(inserted) < len(fresh):
        ids.update(_existing_ids(db, table, [fp for fp in fresh if fp not in inserted]))
    return ids, set(inserted)


def _insert_events(db: Database, records: Sequence[EventRecord], batch_id: int | None, source_file: str) -> list[RecordOutcome]:
    """Insert new events and a receipt for every arrival; identical content joins the earlier event."""
    bodies = [r.fields_json() for r in records]
    keys = [rec.keys_of(body) for rec, body in zip(records, bodies)]
    now = now_text()
    keyed = [(fp, (
        fp, rec.tid, rec.otid, rec.kind, rec.fact_key, rec.channel, rec.mid, rec.pay_method,
        rec.order_id, rec.amount, rec.result_code, rec.result_msg, rec.state_cd, rec.occurred_at,
        rec.sign_status, rec.buyer, rec.goods, rec.fn_cd, rec.fn_name, rec.card_quota, rec.auth_code,
        rec.vbank_num, rec.divide_info, body, rec.raw, batch_id, source_of(source_file, rec.sheet), rec.source_line, now,
    )) for rec, body, (fp, _) in zip(records, bodies, keys)]
    ids, new = _store_unique(db, "events", _EVENT_INSERT_COLUMNS, keyed)
    receipt_rows: list[tuple[Any, ...]] = []
    outcomes: list[RecordOutcome] = []
    for rec, (fp, occurrence) in zip(records, keys):
        event_id = ids[fp]
        if fp in new:
            new.discard(fp)
            outcomes.append(RecordOutcome("imported", event_id, rec.source_line))
        else:
            outcomes.append(RecordOutcome("duplicate", event_id, rec.source_line))
        receipt_rows.append((event_id, batch_id, source_of(source_file, rec.sheet), rec.source_line, rec.logged_at,
                             rec.sender_ip, occurrence))
    db.insert_or_ignore("receipts", _RECEIPT_COLUMNS, receipt_rows, "event_id, occurrence_key")
    return outcomes
