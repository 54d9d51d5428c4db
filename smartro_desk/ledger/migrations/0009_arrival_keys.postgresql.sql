-- A receipt is unique per (event, occurrence key): see 0009_arrival_keys.sqlite.sql. The index on
-- event_id alone is the new constraint's prefix, and goes.
ALTER TABLE receipts DROP CONSTRAINT receipts_occurrence_key_key;
ALTER TABLE receipts ADD CONSTRAINT receipts_arrival UNIQUE (event_id, occurrence_key);
DROP INDEX receipts_event;
