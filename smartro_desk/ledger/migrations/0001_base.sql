-- Base schema. Amounts are integer won; times are ISO text 'YYYY-MM-DD HH:MM:SS' (gateway local time).

CREATE TABLE merchants (
    mid         TEXT PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    parent_mid  TEXT,                       -- set for a sub-mall of a settlement merchant
    created_at  TEXT NOT NULL
);

CREATE TABLE batches (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL,
    content_hash  TEXT NOT NULL,            -- sha256 of the file bytes
    format        TEXT NOT NULL DEFAULT '',
    encoding      TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL DEFAULT '', -- notifications | results | orders | export
    records       INTEGER NOT NULL DEFAULT 0,
    imported      INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0, -- blank, comment and totals lines
    flagged       INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'done', -- done | undone
    actor         TEXT NOT NULL DEFAULT '',
    started_at    TEXT NOT NULL,
    finished_at   TEXT
);
CREATE INDEX batches_hash ON batches(content_hash);

-- Records of a batch that were not imported: rejects (with a reason) and duplicates (naming the event).
CREATE TABLE batch_issues (
    id          INTEGER PRIMARY KEY,
    batch_id    INTEGER NOT NULL REFERENCES batches(id),
    line        INTEGER,
    outcome     TEXT NOT NULL,              -- rejected | duplicate
    reason      TEXT NOT NULL DEFAULT '',
    event_id    INTEGER,
    raw         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX batch_issues_batch ON batch_issues(batch_id);

-- Every gateway record as received. Identical content (a retried notification) is one event.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    fingerprint  TEXT NOT NULL UNIQUE,      -- hash of the record's fields: identical content, one event
    tid          TEXT NOT NULL,             -- the record's own TID (the PTID of a partial cancel)
    otid         TEXT NOT NULL,             -- original TID: the transaction it belongs to
    kind         TEXT NOT NULL,             -- approval | cancel | vbank_issued | vbank_deposit | failure
    fact_key     TEXT NOT NULL,             -- same payment fact seen through several channels
    channel      TEXT NOT NULL,             -- notification | result | export | cancel_api
    mid          TEXT NOT NULL DEFAULT '',
    pay_method   TEXT NOT NULL DEFAULT '',
    order_id     TEXT NOT NULL DEFAULT '',
    amount       INTEGER,
    result_code  TEXT NOT NULL DEFAULT '',
    result_msg   TEXT NOT NULL DEFAULT '',
    state_cd     TEXT NOT NULL DEFAULT '',
    occurred_at  TEXT,
    sign_status  TEXT NOT NULL,             -- verified | mismatch | no_key | absent
    buyer        TEXT NOT NULL DEFAULT '',
    goods        TEXT NOT NULL DEFAULT '',
    fn_cd        TEXT NOT NULL DEFAULT '',
    fn_name      TEXT NOT NULL DEFAULT '',
    card_quota   TEXT NOT NULL DEFAULT '',
    auth_code    TEXT NOT NULL DEFAULT '',
    vbank_num    TEXT NOT NULL DEFAULT '',
    divide_info  TEXT NOT NULL DEFAULT '',
    fields       TEXT NOT NULL,             -- JSON: every field as received, unknown ones included
    raw          TEXT NOT NULL DEFAULT '',
    batch_id     INTEGER REFERENCES batches(id),
    source_file  TEXT NOT NULL DEFAULT '',
    source_line  INTEGER,
    created_at   TEXT NOT NULL
);
CREATE INDEX events_otid ON events(otid);
CREATE INDEX events_fact ON events(fact_key);
CREATE INDEX events_batch ON events(batch_id);
CREATE INDEX events_order ON events(order_id);

-- Each arrival of a record (retries included), for delivery health and the detail view.
CREATE TABLE receipts (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events(id),
    batch_id        INTEGER REFERENCES batches(id),
    source_file     TEXT NOT NULL DEFAULT '',
    source_line     INTEGER,
    logged_at       TEXT,
    sender_ip       TEXT NOT NULL DEFAULT '',
    occurrence_key  TEXT NOT NULL UNIQUE    -- hash of the raw record + its occurrence number in the file
);
CREATE INDEX receipts_event ON receipts(event_id);
CREATE INDEX receipts_batch ON receipts(batch_id);

-- One row per original TID, derived from its events (recompute_transactions).
CREATE TABLE transactions (
    tid            TEXT PRIMARY KEY,
    mid            TEXT NOT NULL DEFAULT '',
    pay_method     TEXT NOT NULL DEFAULT '',
    order_id       TEXT NOT NULL DEFAULT '',
    approved_at    TEXT,
    amount         INTEGER,                 -- approved (or issued) amount
    cancelled      INTEGER NOT NULL DEFAULT 0,
    remaining      INTEGER,
    state          TEXT NOT NULL,           -- approved | partially_cancelled | cancelled | vbank_issued | failed | cancel_only
    fn_cd          TEXT NOT NULL DEFAULT '',
    fn_name        TEXT NOT NULL DEFAULT '',
    card_quota     TEXT NOT NULL DEFAULT '',
    auth_code      TEXT NOT NULL DEFAULT '',
    buyer          TEXT NOT NULL DEFAULT '',
    goods          TEXT NOT NULL DEFAULT '',
    result_code    TEXT NOT NULL DEFAULT '',
    result_msg     TEXT NOT NULL DEFAULT '',
    sign_status    TEXT NOT NULL DEFAULT 'absent',
    channels       TEXT NOT NULL DEFAULT '',
    event_count    INTEGER NOT NULL DEFAULT 0,
    vbank_num      TEXT NOT NULL DEFAULT '',
    divide_info    TEXT NOT NULL DEFAULT '',
    flagged        INTEGER NOT NULL DEFAULT 0, -- suspected tampering or conflicting copies, unresolved
    cancel_hold    TEXT,                    -- non-NULL: a cancel's outcome is unknown; cancels blocked
    updated_at     TEXT NOT NULL
);
CREATE INDEX tx_approved ON transactions(approved_at);
CREATE INDEX tx_order ON transactions(order_id);
CREATE INDEX tx_amount ON transactions(amount);
CREATE INDEX tx_state ON transactions(state, approved_at);
CREATE INDEX tx_method ON transactions(pay_method, approved_at);

-- Merchant's own order list (requested order id and amount).
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    fingerprint  TEXT NOT NULL UNIQUE,
    order_id     TEXT NOT NULL,
    mid          TEXT NOT NULL DEFAULT '',
    amount       INTEGER,
    ordered_at   TEXT,
    status       TEXT NOT NULL DEFAULT '',
    buyer        TEXT NOT NULL DEFAULT '',
    goods        TEXT NOT NULL DEFAULT '',
    divide_info  TEXT NOT NULL DEFAULT '',
    fields       TEXT NOT NULL DEFAULT '{}',
    batch_id     INTEGER REFERENCES batches(id),
    source_file  TEXT NOT NULL DEFAULT '',
    source_line  INTEGER,
    created_at   TEXT NOT NULL
);
CREATE INDEX orders_order ON orders(order_id);
CREATE INDEX orders_batch ON orders(batch_id);
CREATE INDEX orders_date ON orders(ordered_at);

-- Cancels: the intent is written before the request leaves.
CREATE TABLE cancel_attempts (
    id           INTEGER PRIMARY KEY,
    tid          TEXT NOT NULL,
    actor        TEXT NOT NULL DEFAULT '',
    endpoint     TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    partial      INTEGER NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    divide_info  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,             -- intent | cancelled | already_cancelled | refused | not_sent | unknown | settled_cancelled | settled_not_cancelled
    code         TEXT NOT NULL DEFAULT '',
    message      TEXT NOT NULL DEFAULT '',
    ptid         TEXT NOT NULL DEFAULT '',
    requested_at TEXT NOT NULL,
    answered_at  TEXT
);
CREATE INDEX cancel_attempts_tid ON cancel_attempts(tid);

-- At most one cancel in flight per TID, across dialogs and processes.
CREATE TABLE cancel_locks (
    tid      TEXT PRIMARY KEY,
    owner    TEXT NOT NULL,
    since    TEXT NOT NULL
);

-- Append-only, hash-chained audit log.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    tid        TEXT NOT NULL DEFAULT '',
    amount     INTEGER,
    details    TEXT NOT NULL DEFAULT '{}',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

-- Resolutions of reconciliation findings, and of flagged transactions.
CREATE TABLE resolutions (
    id          INTEGER PRIMARY KEY,
    finding_key TEXT NOT NULL UNIQUE,       -- stable key of a finding (kind + tid/order + month)
    status      TEXT NOT NULL,              -- resolved | acknowledged
    note        TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);

-- Column mappings for spreadsheet layouts, recognised by their header signature.
CREATE TABLE mapping_profiles (
    name        TEXT PRIMARY KEY,
    signature   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    mapping     TEXT NOT NULL,              -- JSON: column header -> field
    created_at  TEXT NOT NULL
);
CREATE INDEX mapping_profiles_sig ON mapping_profiles(signature);
