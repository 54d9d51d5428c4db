"""``Sandbox``: a local stand-in for the gateway's cancel endpoint (§5), over real HTTP.

It keeps its own transactions (optionally in a JSON state file), applies the
cancel rules of ``rules.py``, injects the faults of ``faults.py`` and builds
the notifications of ``notify.py``. The HTTP routes are in ``handler.py``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from smartro_desk.protocol.divide import SubMallShare, validate_divide
from smartro_desk.protocol.fields import mask_secrets
from smartro_desk.protocol.formcodec import decode_form, encode_form
from smartro_desk.protocol.merchants import TEST_MERCHANTS, TestMerchant
from smartro_desk.sandbox.catalog import CARD_BINS, fn_name
from smartro_desk.sandbox.faults import Faults
from smartro_desk.sandbox.handler import SandboxServer
from smartro_desk.sandbox.notify import Event, build_fields
from smartro_desk.sandbox.rules import process_cancel
from smartro_desk.sandbox.store import PAY_METHODS, Payment, Store, digits

log = logging.getLogger("smartro_desk.sandbox")

POLL_SECONDS = 0.05  # how soon stop() is noticed
GARBAGE = (
    b"<html><head><title>503</title></head><body>\r\n<h1>Service Temporarily Unavailable</h1>\r\n"
    b"<p>The server is temporarily unable to service your request.</p></body></html>\r\n"
)


class Sandbox:
    """A local gateway: its own transactions, the cancel rules, faults and notifications.

    Every read and change of the store happens under one lock. ``now`` is the
    clock used for approvals and cancels when no time is given.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: Path | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.host, self.port, self.now = host, port, now
        self.state_file = state_file
        self._lock = threading.RLock()
        self._store = Store(state_file)
        self._faults = Faults()
        self._received: list[dict[str, str]] = []
        self._requests_received = 0
        self._stopping = threading.Event()
        self._server: SandboxServer | None = None
        self._thread: threading.Thread | None = None

    # -- serving -------------------------------------------------------------

    def start(self) -> str:
        """Serve in a daemon thread; the base URL (``http://127.0.0.1:PORT``)."""
        if self._server is not None:
            return self.base_url
        self._stopping.clear()
        self._server = SandboxServer((self.host, self.port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_SECONDS,), name="smartro-sandbox", daemon=True
        )
        self._thread.start()
        log.info("sandbox listening on %s", self.base_url)
        return self.base_url

    def stop(self) -> None:
        """Stop serving; waits for requests in progress (delays are cut short)."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join()
        self._server = self._thread = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("샌드박스가 실행 중이 아닙니다 (start()를 먼저 호출하세요)")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- merchants and payments ----------------------------------------------

    def register_merchant(
        self,
        mid: str,
        merchant_key: str,
        *,
        cancel_password: str = "123456",
        sub_mall_mids: Iterable[str] = (),
    ) -> None:
        """Accept another MID besides the test merchants (persisted)."""
        if len(mid) != 10:
            raise ValueError(f"MID는 10자리여야 합니다: {mid!r}")
        with self._lock:
            self._store.merchants[mid] = {
                "merchant_key": merchant_key,
                "cancel_password": cancel_password,
                "sub_mall_mids": list(sub_mall_mids),
            }
            self._store.save()

    def merchant(self, mid: str) -> TestMerchant | None:
        """A test merchant or a registered one."""
        with self._lock:
            data = self._store.merchants.get(mid)
        if data is not None:
            return TestMerchant(
                mid, mid, data["merchant_key"], data["cancel_password"], tuple(data["sub_mall_mids"])
            )
        return TEST_MERCHANTS.get(mid)

    def create_payment(
        self,
        mid: str,
        pay_method: str,
        amount: int,
        *,
        order_id: str,
        goods: str,
        buyer: str,
        approved_at: datetime | None = None,
        fn_cd: str = "04",
        bank_code: str = "088",
        card_quota: str = "00",
        divide: Iterable[SubMallShare] = (),
        buyer_email: str = "",
        buyer_tel: str = "",
        mall_user_id: str = "",
        deposited_at: datetime | None = None,
    ) -> dict[str, Any]:
        """Store an approved payment and return it (a copy) with its new TID.

        ``fn_cd`` is the card company (CARD), ``bank_code`` the bank (BANK, VBANK).
        A VBANK payment is an issued account until ``deposited_at`` is given.
        ``divide`` is the sub-mall split of a sub-mall merchant's payment.
        """
        merchant = self.merchant(mid)
        if merchant is None:
            raise ValueError(f"샌드박스에 없는 상점입니다: {mid}")
        if pay_method not in PAY_METHODS:
            raise ValueError(f"지원하지 않는 결제수단입니다: {pay_method} ({', '.join(PAY_METHODS)})")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError(f"결제 금액은 1원 이상의 정수여야 합니다: {amount!r}")
        shares = list(divide)
        if shares:
            problems = validate_divide(shares, amount, merchant.sub_mall_mids)
            if problems:
                raise ValueError("DivideInfo가 올바르지 않습니다: " + "; ".join(problems))
        code, name = fn_name(pay_method, fn_cd, bank_code)
        when = approved_at or self.now()
        with self._lock:
            tid = self._store.new_tid(mid, pay_method, when)
            payment = Payment(
                tid=tid, mid=mid, pay_method=pay_method, amount=amount, remaining=amount,
                approved_at=when, order_id=order_id, goods=goods, buyer=buyer,
                buyer_email=buyer_email, buyer_tel=buyer_tel, mall_user_id=mall_user_id,
                fn_cd=code, fn_name=name, card_quota=card_quota if pay_method == "CARD" else "",
                card_no=_masked_card(code, tid) if pay_method == "CARD" else "",
                auth_code=digits(f"auth|{tid}", 8),
                vbank_num=("562" + digits(f"vbank|{tid}", 11)) if pay_method == "VBANK" else "",
                deposited_at=deposited_at if pay_method == "VBANK" else None,
                divide=[
                    {"mid": s.mid, "amt": s.amt, "goods_name": s.goods_name, "remaining": s.amt}
                    for s in shares
                ],
                state="vbank_issued" if pay_method == "VBANK" and deposited_at is None else "approved",
            )
            self._store.add(payment)
            return payment.as_dict()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold the lock and write the state file once, after many changes."""
        with self._lock, self._store.deferred():
            yield

    def payment(self, tid: str) -> dict[str, Any]:
        """A copy of one stored payment; ``KeyError`` if there is none."""
        with self._lock:
            return self._store.payments[tid].as_dict()

    def payments(self) -> list[dict[str, Any]]:
        with self._lock:
            return [p.as_dict() for p in self._store.payments.values()]

    # -- cancels -------------------------------------------------------------

    def cancel(self, fields: Mapping[str, str], *, at: datetime | None = None) -> dict[str, str]:
        """Apply the cancel rules to request ``fields`` directly (no HTTP, not counted)."""
        with self._lock:
            response = process_cancel(self._store, self.merchant, fields, at or self.now())
        log.info(
            "sandbox cancel TID=%s CancelAmt=%s -> %s",
            response["TID"], response["CancelAmt"], response["ResultCode"],
        )
        return response

    @property
    def requests_received(self) -> int:
        """How many cancel requests arrived over HTTP since this object was made."""
        with self._lock:
            return self._requests_received

    @property
    def received_requests(self) -> list[dict[str, str]]:
        """The decoded fields of every cancel request that arrived, Cancelpw masked."""
        with self._lock:
            return [dict(r) for r in self._received]

    def set_fault(self, name: str, value: float | bool = True, *, times: int | None = None) -> None:
        """Switch a fault on (see ``faults.py``); ``times=None`` keeps it on until cleared."""
        with self._lock:
            self._faults.set(name, value, times=times)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    @property
    def faults(self) -> dict[str, dict[str, float | int | None]]:
        with self._lock:
            return self._faults.snapshot()

    def answer_cancel(self, body: bytes) -> tuple[int, bytes | None]:
        """Handle one cancel request body as the HTTP endpoint does, faults included.

        Returns (HTTP status, answer); ``None`` means close without answering.
        A ``delay_seconds`` fault waits here (cut short by ``stop()``).
        """
        fields = decode_form(body).fields
        with self._lock:
            self._requests_received += 1
            self._received.append(mask_secrets(fields))
            fired = self._faults.take()
        if "http_500" in fired:
            log.info("sandbox fault http_500: nothing applied")
            return 500, b"<html><body><h1>500 Internal Server Error</h1></body></html>"
        response = self.cancel(fields)
        if fired.get("delay_seconds"):
            self._stopping.wait(fired["delay_seconds"])
        if "drop_after_apply" in fired:
            return 200, None
        if "garbage" in fired:
            return 200, GARBAGE
        return 200, encode_form(response, "euc-kr")

    # -- notifications -------------------------------------------------------

    def notification_fields(self, tid: str, event: Event = "approval", cancel: int = -1) -> dict[str, str]:
        """The §6.4 notification of one event of a stored payment (see ``notify.build_fields``)."""
        with self._lock:
            payment = self._store.payments[tid]
            merchant = self.merchant(payment.mid)
            if merchant is None:
                raise ValueError(f"샌드박스에 없는 상점입니다: {payment.mid}")
            return build_fields(payment, merchant.merchant_key, event, cancel)

    def notification_body(self, tid: str, event: Event = "approval", cancel: int = -1) -> bytes:
        """The notification as the gateway posts it: an EUC-KR form body."""
        return encode_form(self.notification_fields(tid, event, cancel), "euc-kr")


def _masked_card(fn_cd: str, tid: str) -> str:
    """A card number as notifications show it: BIN + 8 masked digits + last 4."""
    return f"{CARD_BINS[fn_cd]}********{digits(f'card|{tid}', 4)}"
