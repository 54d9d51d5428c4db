"""The debug log never holds a secret."""

from __future__ import annotations

import logging
from pathlib import Path

from smartro_desk.logsetup import SCRUBBER, configure


def test_log_file_scrubs_secret_fields_and_registered_values(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "app.log"
    handler = configure(log_file)
    try:
        SCRUBBER.register("my-merchant-key-123")
        log = logging.getLogger("smartro_desk.test")
        log.info("sending TID=SMTPAY001m01&Cancelpw=123456&CancelAmt=1004&hashData=ZGUy%3D&CancelPwd=pwd9876")
        log.warning("key loaded: %s", "my-merchant-key-123")
        log.info('json {"cancel_password": "secretpw", "merchant_key": "abc"}')
        try:
            raise ValueError("failed with merchantKey=topsecret")
        except ValueError:
            log.exception("boom")
    finally:
        handler.close()
        logging.getLogger("smartro_desk").removeHandler(handler)
    text = log_file.read_text("utf-8")
    for secret in ("123456", "pwd9876", "ZGUy", "my-merchant-key-123", "secretpw", '"abc"', "topsecret"):
        assert secret not in text
    assert "CancelAmt=1004" in text and "TID=SMTPAY001m01" in text
    assert text.count("******") >= 6
