"""Derive each transaction from its events, in SQL, for a set of original TIDs.

The remaining amount is never stored by hand: it is the approved amount less
one amount per distinct cancel fact (a cancel seen both as the app's own
answer and as the gateway's notification counts once). Records whose
SignValue failed are kept but left out of the sums.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from smartro_desk.ledger.backend import Database

_CHUNK = 20_000
_ANALYZE_FROM = 1_000  # transactions derived at once from which the planner is told the tables' sizes

# Both derivations write every column of a transaction row.
_INSERT_TRANSACTION = """INSERT INTO transactions (
    tid, mid, pay_method, order_id, approved_at, amount, cancelled, remaining, state,
    fn_cd, fn_name, card_quota, auth_code, buyer, goods, result_code, result_msg,
    sign_status, channels, event_count, vbank_num, divide_info, flagged, cancel_hold, updated_at
)"""

_RECOMPUTE = f"""
WITH ev AS (
    SELECT e.id, e.otid, e.kind, e.fact_key, e.channel, e.mid, e.pay_method, e.order_id, e.amount,
           e.result_code, e.result_msg, e.occurred_at, e.sign_status, e.buyer, e.goods, e.fn_cd,
           e.fn_name, e.card_quota, e.auth_code, e.vbank_num, e.divide_info
    FROM _touched t CROSS JOIN events e  -- this order: SQLite otherwise scans every event for each chunk
    WHERE e.otid = t.tid
),
base AS (
    SELECT otid, COUNT(*) AS n, GROUP_CONCAT(DISTINCT channel) AS channels,
           MAX(CASE WHEN sign_status = 'mismatch' THEN 1 ELSE 0 END) AS any_mismatch,
           MIN(occurred_at) AS first_at,
           MAX(CASE WHEN kind = 'approval' THEN 1 ELSE 0 END) AS has_ap,
           MAX(CASE WHEN kind = 'vbank_issued' THEN 1 ELSE 0 END) AS has_vi,
           MAX(CASE WHEN kind = 'vbank_deposit' THEN 1 ELSE 0 END) AS has_vd
    FROM ev GROUP BY otid
),
ranked AS (
    SELECT ev.*, ROW_NUMBER() OVER (
        PARTITION BY otid ORDER BY
            CASE kind WHEN 'approval' THEN 0 WHEN 'vbank_issued' THEN 1
                      WHEN 'vbank_deposit' THEN 2 WHEN 'failure' THEN 3 ELSE 4 END,
            CASE sign_status WHEN 'verified' THEN 0 WHEN 'no_key' THEN 1
                             WHEN 'absent' THEN 2 ELSE 3 END,
            CASE channel WHEN 'notification' THEN 0 WHEN 'result' THEN 1
                         WHEN 'cancel_api' THEN 2 ELSE 3 END,
            id) AS rn
    FROM ev
),
prim AS (SELECT * FROM ranked WHERE rn = 1),
signed AS (
    SELECT ev.*, MAX(CASE WHEN channel = 'export' THEN amount END) OVER (PARTITION BY otid, fact_key) AS export_latest
    FROM ev WHERE sign_status <> 'mismatch'
),
facts AS (
    -- An export row's cancel amount is the transaction's cancels up to the day it was downloaded: two
    -- downloads either side of a partial cancel (1,000, later 2,000) are two moments of one total, not
    -- copies that disagree. Only the latest (the largest: cancels only add up) is compared with the rest.
    SELECT otid, fact_key, kind, MAX(amount) AS amount, COUNT(DISTINCT amount) AS variants,
           MIN(CASE WHEN channel = 'export' THEN 1 ELSE 0 END) AS export_only
    FROM signed
    WHERE NOT (channel = 'export' AND kind = 'cancel' AND amount < export_latest)
    GROUP BY otid, fact_key, kind
),
cx AS (
    -- A gateway export may give one cancel total per transaction while the logs hold each
    -- partial cancel under its own PTID: when the logs saw cancels, the export's don't add.
    SELECT otid,
           CASE WHEN MAX(CASE WHEN kind = 'cancel' AND export_only = 0 THEN 1 ELSE 0 END) = 1
                THEN SUM(CASE WHEN kind = 'cancel' AND export_only = 0 THEN amount ELSE 0 END)
                ELSE SUM(CASE WHEN kind = 'cancel' THEN amount ELSE 0 END) END AS cancelled,
           CASE WHEN MAX(variants) > 1 THEN 1 ELSE 0 END AS conflict
    FROM facts GROUP BY otid
),
held AS (
    SELECT tid, cancel_hold FROM transactions WHERE tid IN (SELECT tid FROM _touched)
),
calc AS (
    SELECT b.otid AS tid, p.mid, p.pay_method, p.order_id,
           CASE WHEN p.kind = 'cancel' THEN b.first_at ELSE p.occurred_at END AS approved_at,
           CASE WHEN p.kind IN ('approval', 'vbank_issued', 'vbank_deposit') THEN p.amount END AS amount,
           COALESCE(cx.cancelled, 0) AS cancelled,
           p.kind AS pkind, b.has_ap, b.has_vi, b.has_vd,
           p.fn_cd, p.fn_name, p.card_quota, p.auth_code, p.buyer, p.goods,
           p.result_code, p.result_msg,
           CASE WHEN b.any_mismatch = 1 THEN 'mismatch' ELSE p.sign_status END AS sign_status,
           b.channels, b.n, p.vbank_num, p.divide_info,
           CASE WHEN (b.any_mismatch = 1 AND NOT EXISTS (
                        SELECT 1 FROM resolutions r
                        WHERE r.finding_key = 'signature_mismatch:' || b.otid))
                  OR (COALESCE(cx.conflict, 0) = 1 AND NOT EXISTS (
                        SELECT 1 FROM resolutions r
                        WHERE r.finding_key = 'conflict:' || b.otid))
                THEN 1 ELSE 0 END AS flagged,
           h.cancel_hold
    FROM base b JOIN prim p ON p.otid = b.otid
    LEFT JOIN cx ON cx.otid = b.otid
    LEFT JOIN held h ON h.tid = b.otid
)
{_INSERT_TRANSACTION}
SELECT tid, mid, pay_method, order_id, approved_at, amount, cancelled,
       CASE WHEN amount IS NULL THEN NULL ELSE amount - cancelled END,
       CASE
           WHEN pkind = 'failure' THEN 'failed'
           WHEN pkind = 'cancel' THEN 'cancel_only'
           WHEN amount IS NOT NULL AND cancelled >= amount AND cancelled > 0 THEN 'cancelled'
           WHEN cancelled > 0 THEN 'partially_cancelled'
           WHEN has_vi = 1 AND has_vd = 0 AND has_ap = 0 THEN 'vbank_issued'
           ELSE 'approved'
       END,
       fn_cd, fn_name, card_quota, auth_code, buyer, goods, result_code, result_msg,
       sign_status, COALESCE(channels, ''), n, vbank_num, divide_info, flagged, cancel_hold, ?
FROM calc WHERE true
ON CONFLICT (tid) DO UPDATE SET
    mid = excluded.mid, pay_method = excluded.pay_method, order_id = excluded.order_id,
    approved_at = excluded.approved_at, amount = excluded.amount, cancelled = excluded.cancelled,
    remaining = excluded.remaining, state = excluded.state, fn_cd = excluded.fn_cd,
    fn_name = excluded.fn_name, card_quota = excluded.card_quota, auth_code = excluded.auth_code,
    buyer = excluded.buyer, goods = excluded.goods, result_code = excluded.result_code,
    result_msg = excluded.result_msg, sign_status = excluded.sign_status,
    channels = excluded.channels, event_count = excluded.event_count,
    vbank_num = excluded.vbank_num, divide_info = excluded.divide_info,
    flagged = excluded.flagged, updated_at = excluded.updated_at
"""


# The common case of an import: a transaction not in the ledger yet with a single event (an approval
# notification). What _RECOMPUTE derives from one event, written out for one event: no grouping, no
# window, no sorting (measured: 37 µs a transaction through _RECOMPUTE, 12 µs here). A test holds the two
# to the same answers for every kind, channel, signature status and resolution (tests/test_recompute.py).
_SINGLE = """
INSERT INTO _single SELECT t.tid FROM _touched t
WHERE NOT EXISTS (SELECT 1 FROM transactions x WHERE x.tid = t.tid)
  AND (SELECT COUNT(*) FROM events e WHERE e.otid = t.tid) = 1
"""
_FROM_ONE_EVENT = f"""
{_INSERT_TRANSACTION}
SELECT otid, mid, pay_method, order_id, occurred_at, tx_amount, tx_cancelled,
       CASE WHEN tx_amount IS NULL THEN NULL ELSE tx_amount - tx_cancelled END,
       CASE kind WHEN 'failure' THEN 'failed' WHEN 'cancel' THEN 'cancel_only'
                 WHEN 'vbank_issued' THEN 'vbank_issued' ELSE 'approved' END,
       fn_cd, fn_name, card_quota, auth_code, buyer, goods, result_code, result_msg,
       sign_status, channel, 1, vbank_num, divide_info,
       CASE WHEN sign_status = 'mismatch' AND NOT EXISTS (
                SELECT 1 FROM resolutions r WHERE r.finding_key = 'signature_mismatch:' || otid)
            THEN 1 ELSE 0 END,
       NULL, ?
FROM (
    SELECT e.otid, e.mid, e.pay_method, e.order_id, e.occurred_at, e.kind, e.fn_cd, e.fn_name, e.card_quota,
           e.auth_code, e.buyer, e.goods, e.result_code, e.result_msg, e.sign_status, e.channel, e.vbank_num,
           e.divide_info,
           CASE WHEN e.kind IN ('approval', 'vbank_issued', 'vbank_deposit') THEN e.amount END AS tx_amount,
           CASE WHEN e.kind = 'cancel' AND e.sign_status <> 'mismatch' THEN COALESCE(e.amount, 0) ELSE 0 END
               AS tx_cancelled
    FROM _single s CROSS JOIN events e
    WHERE e.otid = s.tid
) AS one
"""


def recompute(
    db: Database, otids: Iterable[str] | None, now: str, *, fast: bool = True, statistics: bool | None = None,
) -> None:
    """Rebuild the transactions of ``otids`` (all of them when ``None``) from their events.

    Must run inside a write transaction. ``fast=False`` derives every transaction the general way
    (the test that holds the single-event path to the general one). The planner is told the tables' sizes
    before each big chunk, or as ``statistics`` says (an import derives chunk by chunk and says when).
    """
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _touched (tid TEXT PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _single (tid TEXT PRIMARY KEY)")
    db.execute("DELETE FROM _touched")
    if otids is None:
        otids = [r[0] for r in db.query("SELECT DISTINCT otid FROM events UNION SELECT tid FROM transactions")]
    pending = iter(otids)
    fresh_events = True
    while chunk := list(islice(pending, _CHUNK)):  # bounded memory whatever the batch size
        db.insert_or_ignore("_touched", ("tid",), ((t,) for t in chunk), "tid")
        due = len(chunk) >= _ANALYZE_FROM if statistics is None else statistics  # the next plan must know
        if due:
            db.refresh_statistics(("events", "transactions", "_touched") if fresh_events else ("transactions", "_touched"))
            fresh_events = False
        if fast:
            db.execute("DELETE FROM _single")
            db.execute(_SINGLE)
            db.execute(_FROM_ONE_EVENT, (now,))
            db.execute("DELETE FROM _touched WHERE tid IN (SELECT tid FROM _single)")
        db.execute(_RECOMPUTE, (now,))
        db.execute(
            "DELETE FROM transactions WHERE tid IN (SELECT tid FROM _touched) "
            "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.otid = transactions.tid) "
            "AND cancel_hold IS NULL"
        )
        db.execute("DELETE FROM _touched")
