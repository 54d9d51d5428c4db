"""Writes the reconcile benchmark's ledger straight through SQL: orders, events, receipts, transactions.

Each transaction's row is derived from its events by the same rules as
``ledger.recompute`` (primary record, distinct cancel facts, flags, state);
``tests/test_recon_benchmark.py`` checks that on a small ledger.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

MID = "SMTPAY001m"
NOW = "2024-04-20 09:00:00"
METHOD_CODES = {"CARD": "01", "BANK": "02", "VBANK": "03"}
BATCHES = ((1, "orders.xlsx", "orders"), (2, "inform.log", "results"), (3, "return.log", "results"),
           (4, "smartro-2024-03.xlsx", "export"))
_FIELDS = (
    '{"PayMethod":"%s","MID":"%s","Amt":"%d","Name":"김민준","GoodsName":"겨울 점퍼 %d호","TID":"%s","OTID":"%s",'
    '"OID":"%s","AuthDate":"%s","AuthCode":"%08d","ResultCode":"%s","ResultMsg":"정상처리되었습니다","StateCd":"%s",'
    '"FnCd":"%s","FnName":"%s","CardQuota":"00","BuyerEmail":"buyer%d@example.com","BuyerTel":"010%08d",'
    '"VbankNum":"%s","VbankExpDate":"%s","DivideInfo":"%s","SignValue":"c2lnbmVkLXZhbHVlLWZvci1iZW5jaA==","n":"%s"}'
)
_RAW = ("PayMethod=%s&MID=%s&Amt=%d&Name=%%B1%%E8%%B9%%CE%%C1%%D8&TID=%s&OTID=%s&OID=%s&AuthDate=%s&ResultCode=%s"
        "&StateCd=%s&FnCd=%s&VbankNum=%s&SignValue=c2lnbmVkLXZhbHVlLWZvci1iZW5jaA%%3D%%3D")
_RANK_KIND = {"approval": 0, "vbank_issued": 1, "vbank_deposit": 2, "failure": 3, "cancel": 4}
_RANK_SIGN = {"verified": 0, "no_key": 1, "absent": 2, "mismatch": 3}
_RANK_CHANNEL = {"notification": 0, "result": 1, "cancel_api": 2, "export": 3}


@dataclass(slots=True)
class Tx:
    i: int
    tid: str
    order_id: str
    at: datetime
    method: str
    amount: int
    fn_cd: str
    fn_name: str
    events: list[tuple[Any, ...]] = field(default_factory=list)


def divide_info(total: int) -> str:
    half = total // 2
    shares = [{"Amt": str(half), "MID": "SMTSUB002m"}, {"Amt": str(total - half), "MID": "SMTSUB003m"}]
    return base64.b64encode(json.dumps({"DivideInfo": shares}).encode()).decode()


class LedgerWriter:
    def __init__(self, path: Path, export: bool) -> None:
        from smartro_desk.ledger import Ledger

        Ledger.open(path).close()  # the schema, migrated
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("BEGIN")
        self.conn.executemany(
            "INSERT INTO batches (id, path, content_hash, kind, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(b, p, f"bench{b}", k, NOW, NOW) for b, p, k in BATCHES if export or k != "export"],
        )
        self.export = export
        self.next_event = self.next_order = 1
        self.events: list[tuple[Any, ...]] = []
        self.receipts: list[tuple[Any, ...]] = []
        self.orders: list[tuple[Any, ...]] = []
        self.txs: list[tuple[Any, ...]] = []
        self.issues: list[tuple[Any, ...]] = []

    def transaction(self, i: int, at: datetime, method: str, amount: int, *, twin: bool = False) -> Tx:
        code = METHOD_CODES[method]
        tid = f"{MID}{code}{'02' if twin else '01'}{at:%y%m%d%H%M%S}{i % 10000:04d}"
        fn_cd, fn_name = ("01", "비씨") if method == "CARD" else ("088", "신한은행")
        return Tx(i, tid, f"ORD{i:09d}", at, method, amount, fn_cd, fn_name)

    # -- one transaction --------------------------------------------------------------

    def event(self, tx: Tx, kind: str, channel: str, amount: int, *, tid: str = "", at: datetime | None = None,
              sign: str = "verified", divide: str = "", copies: int = 1, sender: str = "211.193.35.215",
              exp: str = "") -> None:
        tid = tid or tx.tid
        when = f"{at or tx.at:%Y-%m-%d %H:%M:%S}"
        code = {"approval": "3001" if tx.method == "CARD" else "4000", "vbank_issued": "4100",
                "vbank_deposit": "4110", "cancel": "2001"}[kind]
        state_cd = {"approval": "0", "vbank_deposit": "0", "vbank_issued": "3", "cancel": "1"}[kind]
        auth = f"{at or tx.at:%y%m%d%H%M%S}"
        vbank = f"5621{tx.i:010d}" if tx.method == "VBANK" else ""
        fields = _FIELDS % (tx.method, MID, amount, tx.i % 30, tid, tx.tid, tx.order_id, auth, tx.i, code,
                            state_cd, tx.fn_cd, tx.fn_name, tx.i, tx.i, vbank, exp, divide, channel)
        raw = _RAW % (tx.method, MID, amount, tid, tx.tid, tx.order_id, auth, code, state_cd, tx.fn_cd, vbank)
        batch = {"notification": 2, "result": 3, "export": 4}[channel]
        event_id = self.next_event
        self.next_event += 1
        row = (
            event_id, f"{event_id:x}", tid, tx.tid, kind, f"{tid}|{kind}", channel, MID, tx.method, tx.order_id,
            amount, code, "정상처리되었습니다", state_cd if channel == "notification" else "", when,
            "absent" if channel == "export" else sign, "김민준", f"겨울 점퍼 {tx.i % 30}호", tx.fn_cd, tx.fn_name,
            "00", f"{tx.i:08d}", vbank, divide, fields, raw, batch, BATCHES[batch - 1][1], event_id, NOW,
        )
        tx.events.append(row)
        self.events.append(row)
        for n in range(copies):
            logged = f"{(at or tx.at) + timedelta(minutes=7 * n):%Y-%m-%d %H:%M:%S}"
            ip = sender if channel == "notification" else ""
            self.receipts.append((event_id, batch, BATCHES[batch - 1][1], event_id, logged, ip, f"{event_id}#{n + 1}"))
            if n:  # the importer lists every repeated arrival as a duplicate of its event
                self.issues.append((batch, event_id, "duplicate", f"event #{event_id}", event_id, ""))

    def order(self, tx: Tx, amount: int, status: str) -> None:
        order_id = self.next_order
        self.next_order += 1
        fields = json.dumps({"주문번호": tx.order_id, "주문금액": str(amount), "주문일시": f"{tx.at:%Y-%m-%d %H:%M}",
                             "주문상태": status, "구매자": "김민준"}, ensure_ascii=False)
        self.orders.append((order_id, f"o{order_id:x}", tx.order_id, MID, amount,
                            f"{tx.at - timedelta(minutes=1):%Y-%m-%d %H:%M:%S}", status, "김민준", "겨울 점퍼", "",
                            fields, 1, "orders.xlsx", order_id, NOW))

    def write(self, tx: Tx, *, plant: str, cancel: str, copies: int, cancel_at: datetime) -> None:
        """The orders, events and transaction row of one payment, with ``plant`` planted."""
        status = {"full": "취소", "partial": "부분취소"}.get(cancel, "결제완료")
        if plant == "cancelled_but_counted":
            status = "결제완료"
        elif plant == "paid_but_order_cancelled":
            status = "주문취소"
        if plant == "duplicate_order":
            self.order(tx, tx.amount + 900, status)
        self.order(tx, tx.amount + (500 if plant == "amount_mismatch" else 0), status)
        if plant == "paid_without_order":
            tx.order_id = f"NOORD{tx.i:09d}"
        divide = ""
        if plant.startswith("divide"):
            divide = divide_info(tx.amount - (100 if plant == "divide_sum_mismatch" else 0))
        sender = "10.1.2.3" if plant == "unknown_sender" else "211.193.35.215"
        if plant != "missing_in_ledger":
            self._logged(tx, plant, divide, copies, sender)
        if self.export and plant != "missing_in_export":
            self._exported(tx, plant)
        if cancel:
            self._cancel(tx, cancel, cancel_at)
        self.txs.append(derive(tx))
        if plant == "multiple_approvals":
            twin = self.transaction(tx.i, tx.at + timedelta(seconds=1), tx.method, tx.amount, twin=True)
            self._logged(twin, "", "", 1, sender)
            if self.export:
                self._exported(twin, "")
            self.txs.append(derive(twin))

    def _logged(self, tx: Tx, plant: str, divide: str, copies: int, sender: str) -> None:
        sign = {"signature_mismatch": "mismatch", "unverified": "no_key"}.get(plant, "verified")
        if tx.method == "VBANK":
            exp = f"{tx.at + timedelta(days=3):%Y%m%d}"
            self.event(tx, "vbank_issued", "notification", tx.amount, copies=copies, sender=sender, exp=exp)
            self.event(tx, "vbank_issued", "result", tx.amount, exp=exp)
            if plant != "vbank_not_deposited":
                self.event(tx, "vbank_deposit", "notification", tx.amount, at=tx.at + timedelta(hours=5))
            return
        self.event(tx, "approval", "notification", tx.amount, sign=sign, divide=divide, copies=copies, sender=sender)
        if plant != "single_channel":
            result_amount = tx.amount + (1000 if plant == "conflict" else 0)
            self.event(tx, "approval", "result", result_amount, sign="no_key" if plant == "unverified" else "verified",
                       divide=divide)

    def _exported(self, tx: Tx, plant: str) -> None:
        kind = "vbank_deposit" if tx.method == "VBANK" and plant != "vbank_not_deposited" else (
            "vbank_issued" if tx.method == "VBANK" else "approval")
        self.event(tx, kind, "export", tx.amount + (100 if plant == "export_differs" else 0))

    def _cancel(self, tx: Tx, how: str, at: datetime) -> None:
        ptid = tx.tid if how == "full" else f"{tx.tid[:12]}09{tx.tid[14:]}"
        amount = tx.amount if how == "full" else tx.amount // 2
        self.event(tx, "cancel", "notification", amount, tid=ptid, at=at)
        if self.export:
            self.event(tx, "cancel", "export", amount, tid=ptid, at=at)

    def expected(self, tx: Tx, plant: str, copies: int) -> list[str]:
        """The findings a reconciliation must report for this payment."""
        out = [plant] if plant and plant != "divide_ok" else []
        if plant == "paid_without_order":
            out.append("order_without_payment")
        if copies >= 2 and plant != "missing_in_ledger":
            out.append("excess_notifications")
        return out

    # -- writing -------------------------------------------------------------------------

    def flush(self) -> None:
        c = self.conn
        c.executemany(f"INSERT INTO events VALUES ({','.join('?' * 30)})", self.events)
        c.executemany("INSERT INTO receipts (event_id, batch_id, source_file, source_line, logged_at, sender_ip, "
                      "occurrence_key) VALUES (?, ?, ?, ?, ?, ?, ?)", self.receipts)
        c.executemany(f"INSERT INTO orders VALUES ({','.join('?' * 15)})", self.orders)
        c.executemany(f"INSERT INTO transactions VALUES ({','.join('?' * 25)})", self.txs)
        c.executemany("INSERT INTO batch_issues (batch_id, line, outcome, reason, event_id, raw) "
                      "VALUES (?, ?, ?, ?, ?, ?)", self.issues)
        self.events, self.receipts, self.orders, self.txs, self.issues = [], [], [], [], []

    def close(self) -> None:
        self.flush()
        self.conn.execute("COMMIT")
        self.conn.close()


def derive(tx: Tx) -> tuple[Any, ...]:
    """The ``transactions`` row of ``tx`` by the rules of ``ledger.recompute``."""
    ev = tx.events  # (id, fp, tid, otid, kind, fact_key, channel, mid, method, order, amount, code, msg, state_cd,
    #                 at, sign, buyer, goods, fn_cd, fn_name, quota, auth, vbank, divide, fields, raw, ...)
    p = min(ev, key=lambda e: (_RANK_KIND[e[4]], _RANK_SIGN[e[15]], _RANK_CHANNEL[e[6]], e[0]))
    facts: dict[tuple[str, str], set[int]] = {}
    for e in ev:
        if e[15] != "mismatch":
            facts.setdefault((e[5], e[4]), set()).add(e[10])
    cancelled = sum(max(a) for (_, kind), a in facts.items() if kind == "cancel")
    mismatch = any(e[15] == "mismatch" for e in ev)
    flagged = int(mismatch or any(len(a) > 1 for a in facts.values()))
    kinds = {e[4] for e in ev}
    amount = p[10] if p[4] in ("approval", "vbank_issued", "vbank_deposit") else None
    if p[4] == "cancel":
        state = "cancel_only"
    elif amount is not None and cancelled >= amount and cancelled > 0:
        state = "cancelled"
    elif cancelled > 0:
        state = "partially_cancelled"
    elif "vbank_issued" in kinds and "vbank_deposit" not in kinds and "approval" not in kinds:
        state = "vbank_issued"
    else:
        state = "approved"
    channels = ",".join(dict.fromkeys(e[6] for e in ev))
    return (
        tx.tid, p[7], p[8], p[9], p[14], amount, cancelled, None if amount is None else amount - cancelled, state,
        p[18], p[19], p[20], p[21], p[16], p[17], p[11], p[12], "mismatch" if mismatch else p[15], channels,
        len(ev), p[22], p[23], flagged, None, NOW,
    )
