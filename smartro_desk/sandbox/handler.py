"""The sandbox's HTTP layer (standard-library ``http.server``).

Routes:

- ``POST /cancel/payCancelNVProcess.jsp``: the cancel URLCall (EUC-KR form in,
  EUC-KR ``key=value&...`` out, ``text/html; charset=euc-kr``);
- ``POST /sandbox/payments`` (JSON): create a payment; ``GET /sandbox/payments[/TID]``;
- ``POST /sandbox/faults`` (JSON ``{"http_500": true, "times": 1}``, ``{"clear": true}``);
  ``GET /sandbox/faults``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.sandbox.store import jsonable

if TYPE_CHECKING:
    from smartro_desk.sandbox.server import Sandbox

log = logging.getLogger("smartro_desk.sandbox")

CANCEL_PATH = "/cancel/payCancelNVProcess.jsp"
HTML_EUC_KR = "text/html; charset=euc-kr"


class SandboxServer(ThreadingHTTPServer):
    """One thread per request; ``server_close()`` waits for requests in progress."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("sandbox connection error from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: SandboxServer
    server_version = "SmartroSandbox/1.0"
    timeout = 10

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        sandbox = self.server.sandbox
        if path == CANCEL_PATH:
            status, answer = sandbox.answer_cancel(body)
            if answer is None:
                self.close_connection = True
                return
            self._send(status, answer, HTML_EUC_KR)
        elif path == "/sandbox/payments":
            self._json_call(lambda data: (201, jsonable(sandbox.create_payment(**_payment_args(data)))), body)
        elif path == "/sandbox/faults":
            self._json_call(lambda data: (200, _apply_faults(sandbox, data)), body)
        else:
            self._send_json(404, {"error": f"없는 주소입니다: {path}"})

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        sandbox = self.server.sandbox
        if path == "/sandbox/payments":
            self._send_json(200, [jsonable(p) for p in sandbox.payments()])
        elif path.startswith("/sandbox/payments/"):
            tid = unquote(path.removeprefix("/sandbox/payments/"))
            try:
                self._send_json(200, jsonable(sandbox.payment(tid)))
            except KeyError:
                self._send_json(404, {"error": f"없는 거래입니다: {tid}"})
        elif path == "/sandbox/faults":
            self._send_json(200, sandbox.faults)
        else:
            self._send_json(404, {"error": f"없는 주소입니다: {path}"})

    def _json_call(self, action: Callable[[Any], tuple[int, Any]], body: bytes) -> None:
        try:
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise ValueError("JSON 객체가 필요합니다")
            status, payload = action(data)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            self._send_json(400, {"error": f"{type(exc).__name__}: {exc}"})
        else:
            self._send_json(status, payload)

    def _send_json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            log.debug("sandbox: client went away before the answer")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        log.debug("sandbox %s - %s", self.address_string(), format % args)


def _payment_args(data: dict[str, Any]) -> dict[str, Any]:
    """``create_payment`` keyword arguments from the JSON of ``POST /sandbox/payments``."""
    args = dict(data)
    for key in ("approved_at", "deposited_at"):
        if args.get(key):
            args[key] = datetime.fromisoformat(args[key])
    args["divide"] = [
        SubMallShare(str(s["mid"]), int(s["amt"]), str(s.get("goods_name", ""))) for s in args.get("divide", [])
    ]
    return args


def _apply_faults(sandbox: Sandbox, data: dict[str, Any]) -> dict[str, Any]:
    """Set the faults named in ``data`` (``times`` applies to all of them)."""
    if data.pop("clear", False):
        sandbox.clear_faults()
    times = data.pop("times", None)
    for name, value in data.items():
        if not isinstance(value, (bool, int, float)):
            raise ValueError(f"{name} 값은 숫자나 true/false여야 합니다")
        sandbox.set_fault(name, value, times=times)
    return sandbox.faults
