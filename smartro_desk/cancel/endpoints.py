"""Where cancel requests go: the local sandbox, Smartro's test server, production, or a URL.

Only a base (``scheme://host[:port]``) is configured; the cancel path of §5 is
appended. A custom URL naming Smartro's production or test host is classified
as that endpoint, so a typed-in address cannot hide that it reaches production.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

TEST = "https://tpay.smilepay.co.kr"
PRODUCTION = "https://pay.smilepay.co.kr"
DEFAULT_SANDBOX = "http://127.0.0.1:8765"
CANCEL_PATH = "/cancel/payCancelNVProcess.jsp"

EndpointKind = Literal["sandbox", "test", "production", "custom"]

_GATEWAY_HOSTS: dict[str, EndpointKind] = {
    urlsplit(PRODUCTION).hostname or "": "production",
    urlsplit(TEST).hostname or "": "test",
}


@dataclass(frozen=True)
class Endpoint:
    """A cancel endpoint: its kind and its base URL (no path)."""

    kind: EndpointKind
    base_url: str

    @property
    def cancel_url(self) -> str:
        return self.base_url.rstrip("/") + CANCEL_PATH

    @property
    def is_production(self) -> bool:
        return self.kind == "production"

    def __str__(self) -> str:
        return f"{self.kind} ({self.base_url})"


def parse_endpoint(text: str, *, sandbox_url: str = DEFAULT_SANDBOX) -> Endpoint:
    """``sandbox``, ``test``, ``production`` or ``http(s)://host[:port]``.

    ``sandbox`` uses ``sandbox_url`` as its base. Raises ``ValueError`` with a
    Korean sentence for anything else.
    """
    word = text.strip()
    lowered = word.lower()
    if lowered == "sandbox":
        return Endpoint("sandbox", _validated_base(sandbox_url))
    if lowered == "test":
        return Endpoint("test", TEST)
    if lowered == "production":
        return Endpoint("production", PRODUCTION)
    base = _validated_base(word)
    host = (urlsplit(base).hostname or "").rstrip(".")
    kind = _GATEWAY_HOSTS.get(host, "custom")
    if kind != "custom" and not base.startswith("https://"):
        raise ValueError(f"스마트로 서버 주소는 https로만 접속할 수 있습니다: {word}")
    return Endpoint(kind, base)


def _validated_base(text: str) -> str:
    """``scheme://host[:port]`` in lower case, or a Korean ``ValueError``."""
    raw = text.strip()
    if not raw:
        raise ValueError("취소 서버 주소가 비어 있습니다. sandbox, test, production 또는 https://호스트 형식으로 입력하세요.")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"취소 서버 주소를 읽을 수 없습니다: {raw} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(
            f"취소 서버 주소는 http:// 또는 https:// 로 시작해야 합니다: {raw} "
            "(또는 sandbox, test, production 중 하나를 입력하세요)"
        )
    if not parts.hostname:
        raise ValueError(f"취소 서버 주소에 호스트 이름이 없습니다: {raw}")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"취소 서버 주소에 사용자 이름이나 비밀번호를 넣을 수 없습니다: {raw}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or raw.endswith(("?", "#")):
        raise ValueError(
            f"취소 서버 주소에는 경로나 쿼리를 넣을 수 없습니다 (예: https://tpay.smilepay.co.kr): {raw}"
        )
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default_port = 443 if scheme == "https" else 80
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    return f"{scheme}://{netloc}"
