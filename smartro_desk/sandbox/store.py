"""The sandbox's transactions: records, TID issuing and JSON persistence.

The store itself is not locked; ``Sandbox`` holds one lock around every read
and change, so a cancel's checks and its effect happen atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

# Pay method -> (TID code at [10:12], name shown as PayName). The manual fixes
# 01/02/03 (SPEC.md); the codes of the other methods are the sandbox's choice.
PAY_METHODS: dict[str, tuple[str, str]] = {
    "CARD": ("01", "신용카드"),
    "BANK": ("02", "계좌이체"),
    "VBANK": ("03", "가상계좌"),
    "CELLPHONE": ("05", "휴대폰"),
    "CLGIFT": ("06", "문화상품권"),
}

STATE_VERSION = 1


@dataclass
class CancelRecord:
    """One successful cancel of a payment."""

    amount: int
    at: datetime
    ptid: str  # empty for a full cancel (PartialCancelCode=0)
    cancel_num: str
    result_code: str
    reason: str
    partial: bool


@dataclass
class Payment:
    """A payment the sandbox approved (or, for VBANK, an issued account)."""

    tid: str
    mid: str
    pay_method: str
    amount: int
    remaining: int
    approved_at: datetime
    order_id: str
    goods: str
    buyer: str
    buyer_email: str = ""
    buyer_tel: str = ""
    mall_user_id: str = ""
    fn_cd: str = ""  # card company (CARD) or bank (BANK/VBANK) code
    fn_name: str = ""
    card_quota: str = "00"
    card_no: str = ""  # masked like 5409********1234
    auth_code: str = ""
    vbank_num: str = ""
    deposited_at: datetime | None = None
    divide: list[dict[str, Any]] = field(default_factory=list)  # mid, amt, goods_name, remaining
    cancels: list[CancelRecord] = field(default_factory=list)
    state: str = "approved"  # approved | vbank_issued | partially_cancelled | cancelled

    def as_dict(self) -> dict[str, Any]:
        """A deep copy with datetimes kept as ``datetime``."""
        return asdict(self)


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


def jsonable(payment: Payment | dict[str, Any]) -> dict[str, Any]:
    """A payment as JSON-ready data (datetimes as ISO text)."""
    data = payment.as_dict() if isinstance(payment, Payment) else payment
    return _to_json(data)


def _payment_from_json(data: dict[str, Any]) -> Payment:
    cancels = [
        CancelRecord(**{**c, "at": datetime.fromisoformat(c["at"])}) for c in data.get("cancels", [])
    ]
    deposited = data.get("deposited_at")
    return Payment(
        **{
            **data,
            "approved_at": datetime.fromisoformat(data["approved_at"]),
            "deposited_at": datetime.fromisoformat(deposited) if deposited else None,
            "cancels": cancels,
        }
    )


def digits(seed: str, length: int) -> str:
    """``length`` decimal digits derived from ``seed`` (stable across runs)."""
    number = int(hashlib.sha256(seed.encode("utf-8")).hexdigest(), 16)
    return f"{number % 10**length:0{length}d}"


class Store:
    """Payments by TID, registered merchants and the TID sequence."""

    def __init__(self, state_file: Path | None = None) -> None:
        self.state_file = state_file
        self.payments: dict[str, Payment] = {}
        self.merchants: dict[str, dict[str, Any]] = {}
        self._issued: set[str] = set()
        self._sequence = 0
        self._deferred = 0
        if state_file is not None and state_file.exists():
            self._load(state_file)

    def new_tid(self, mid: str, pay_method: str, at: datetime) -> str:
        """A fresh 30-char TID: MID + method code + ``01`` + yyMMddHHmmss + 4-digit sequence."""
        code = PAY_METHODS[pay_method][0]
        while True:
            self._sequence += 1
            tid = f"{mid:<10.10}{code}01{at:%y%m%d%H%M%S}{self._sequence % 10000:04d}"
            if tid not in self._issued:
                self._issued.add(tid)
                return tid

    def add(self, payment: Payment) -> None:
        self.payments[payment.tid] = payment
        self.save()

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Save once at the end instead of after every change inside the block."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            self.save()

    def save(self) -> None:
        """Write the state file atomically (temp file + rename), if there is one."""
        if self.state_file is None or self._deferred:
            return
        data = {
            "version": STATE_VERSION,
            "sequence": self._sequence,
            "merchants": self.merchants,
            "payments": [jsonable(p) for p in self.payments.values()],
        }
        directory = self.state_file.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.state_file.name, suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.state_file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            payments = [_payment_from_json(p) for p in data.get("payments", [])]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"샌드박스 상태 파일을 읽을 수 없습니다: {path} ({exc})") from exc
        self._sequence = int(data.get("sequence", 0))
        self.merchants = dict(data.get("merchants", {}))
        self.payments = {p.tid: p for p in payments}
        self._issued = set(self.payments) | {c.ptid for p in payments for c in p.cancels if c.ptid}
