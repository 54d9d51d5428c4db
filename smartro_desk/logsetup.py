"""The debug log: a rotating file in the user's data folder, with secrets scrubbed.

Kept apart from the audit history (ledger) and the crash dialog (ui). The
filter removes form values of secret fields (``Cancelpw=…``, ``hashData=…``,
``merchantKey=…``) and any secret value registered at run time, whatever
logger wrote the line.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

_FIELD = re.compile(
    r"(?i)\b(cancelpwd|cancelpw|cancel_password|hashdata|merchantkey|merchant_key|encryptdata|password)"
    r"(\s*[=:]\s*|['\"]\s*:\s*['\"]?)([^&\s'\",}]+)"
)
MASK = "******"


class SecretScrubber(logging.Filter):
    """Rewrites each record's message so no secret reaches any handler."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def register(self, secret: str | None) -> None:
        """Never log this exact value (a merchant key or cancel password loaded this session)."""
        if secret and len(secret) >= 4:
            with self._lock:
                self._secrets.add(secret)

    def scrub(self, text: str) -> str:
        text = _FIELD.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.scrub(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


SCRUBBER = SecretScrubber()


def configure(log_file: Path, *, level: int = logging.INFO) -> logging.Handler:
    """Log ``smartro_desk.*`` to a rotating file (5 files of 2 MB); returns the handler."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    handler.addFilter(SCRUBBER)
    logger = logging.getLogger("smartro_desk")
    logger.setLevel(level)
    logger.addHandler(handler)
    return handler
