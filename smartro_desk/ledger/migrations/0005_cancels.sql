-- Cancels (issue #5): who holds a lock (for stale-lock recovery), the technical
-- side of an answer, and how an unknown outcome was settled.

ALTER TABLE cancel_attempts ADD COLUMN owner TEXT NOT NULL DEFAULT '';       -- actor@host pid N
ALTER TABLE cancel_attempts ADD COLUMN http_status INTEGER;
ALTER TABLE cancel_attempts ADD COLUMN error TEXT NOT NULL DEFAULT '';       -- timeout, dropped connection...
ALTER TABLE cancel_attempts ADD COLUMN settled_amount INTEGER;                -- what was confirmed cancelled
ALTER TABLE cancel_attempts ADD COLUMN settled_at TEXT;
ALTER TABLE cancel_attempts ADD COLUMN settled_by TEXT NOT NULL DEFAULT '';  -- a person, or 'notification'
ALTER TABLE cancel_attempts ADD COLUMN settle_note TEXT NOT NULL DEFAULT '';
CREATE INDEX cancel_attempts_status ON cancel_attempts(status);

ALTER TABLE cancel_locks ADD COLUMN attempt_id INTEGER;
ALTER TABLE cancel_locks ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE cancel_locks ADD COLUMN pid INTEGER;
