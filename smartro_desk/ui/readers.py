"""Read connections for the window, apart from the ledger's one writer connection.

An import holds the writer connection for a whole file; the window keeps
scrolling and filtering on its own read connections (SQLite's WAL, and
PostgreSQL, let readers run beside the writer). ``display`` serves the rows in view and the detail dialog
(UI thread); ``ordering`` and ``totals`` run a filter's id list and its sums on
worker threads, side by side; ``choices`` fills the filter's pick-lists.
"""

from __future__ import annotations

from smartro_desk.ledger import Ledger
from smartro_desk.ledger.backend import Database
from smartro_desk.ledger.queries import TransactionQueries

# Page cache per connection (KiB, negative = size): small, the table scans stream through.
_CACHE_KIB = {"display": 8192, "ordering": 16384, "totals": 16384, "choices": 4096}


class Readers:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._own: list[Database] = []
        if ledger.db.in_memory:  # one connection only (tests)
            dbs = {name: ledger.db for name in _CACHE_KIB}
        else:
            dbs = {name: self._open(ledger.db, kib) for name, kib in _CACHE_KIB.items()}
        self.display = TransactionQueries(dbs["display"])
        self.ordering = TransactionQueries(dbs["ordering"])
        self.totals = TransactionQueries(dbs["totals"])
        self.choices = TransactionQueries(dbs["choices"])  # filter pick-lists (DISTINCT scans)
        # Ledger reads (events, receipts, merchants) over the display connection; never written through.
        self.history = Ledger(dbs["display"], actor=ledger.actor)

    def _open(self, db: Database, cache_kib: int) -> Database:
        reader = db.reader(cache_kib=cache_kib)
        self._own.append(reader)
        return reader

    def interrupt(self, queries: TransactionQueries) -> None:
        """Stop the statement running on ``queries``' connection (it raises "interrupted").

        Used when a newer filter supersedes a long one. Only the window's own read
        connections are ever interrupted (never the ledger's writer); a no-op when
        nothing runs.
        """
        if any(queries.db is own for own in self._own):
            queries.db.interrupt()

    def close(self) -> None:
        for db in self._own:
            db.close()
        self._own.clear()
