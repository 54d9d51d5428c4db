"""The ledger: SQLite by default, behind one small storage interface (no Qt)."""

from smartro_desk.ledger.model import Batch, Change, EventRecord, Issue, OrderRecord, RecordOutcome
from smartro_desk.ledger.store import ImportSession, Ledger

__all__ = ["Batch", "Change", "EventRecord", "ImportSession", "Issue", "Ledger", "OrderRecord", "RecordOutcome"]
