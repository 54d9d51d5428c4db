-- A receipt is unique per (event, occurrence key), not per occurrence key alone: the same arrival always
-- belongs to the same event (both are hashes of the record), and new events' ids only grow, so a big
-- import's receipts go in at the end of this index instead of all over a random 40-character key
-- (measured at a million receipts under cache pressure: 12.6 s against 6.3 s). The index on event_id
-- alone is then its prefix, and goes. SQLite cannot change a table's UNIQUE constraint: the table is
-- rebuilt with its ids.

CREATE TABLE receipts_by_event (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events(id),
    batch_id        INTEGER REFERENCES batches(id),
    source_file     TEXT NOT NULL DEFAULT '',
    source_line     INTEGER,
    logged_at       TEXT,
    sender_ip       TEXT NOT NULL DEFAULT '',
    occurrence_key  TEXT NOT NULL,          -- hash of the raw record + its occurrence number in the file
    UNIQUE (event_id, occurrence_key)
);
INSERT INTO receipts_by_event (id, event_id, batch_id, source_file, source_line, logged_at, sender_ip, occurrence_key)
SELECT id, event_id, batch_id, source_file, source_line, logged_at, sender_ip, occurrence_key FROM receipts;
DROP TABLE receipts;
ALTER TABLE receipts_by_event RENAME TO receipts;
CREATE INDEX receipts_batch ON receipts(batch_id);
CREATE INDEX receipts_foreign_sender ON receipts(event_id, sender_ip)
    WHERE sender_ip NOT IN ('', '211.193.35.215', '211.193.35.216', '211.193.35.217', '211.193.35.11');

