"""The three WEBLink hashes: base64 of the lowercase hex MD5 digest (SPEC.md).

EncryptData, SignValue and hashData share one construction; only their inputs
differ. Verification compares in constant time.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac


def smartro_hash(text: str) -> str:
    """``base64(md5(text).hexdigest())``, as Smartro's PHP ``base64_encode(md5(...))``."""
    digest = hashlib.md5(text.encode("utf-8")).hexdigest()
    # binascii directly: base64.b64encode's wrapper costs 0.15 µs of 0.9, once per imported record
    return binascii.b2a_base64(digest.encode("ascii"), newline=False).decode("ascii")


def encrypt_data(edi_date: str, mid: str, amt: int | str, merchant_key: str) -> str:
    """EncryptData of a payment request (§3.1 #20): ediDate + MID + Amt + key."""
    return smartro_hash(f"{edi_date}{mid}{amt}{merchant_key}")


def sign_value(tid: str, result_code: str, merchant_key: str) -> str:
    """SignValue of a result or notification (§3.2 #16, §6.4 #28)."""
    return smartro_hash(f"{tid[:10]}{result_code}{tid[10:15]}{merchant_key}{tid[15:]}")


def hash_data(tid: str, merchant_key: str, cancel_amt: int | str, partial_cancel_code: str) -> str:
    """hashData of a cancel request (§5.2.1 #6): TID + key + CancelAmt + PartialCancelCode."""
    return smartro_hash(f"{tid}{merchant_key}{cancel_amt}{partial_cancel_code}")


def matches(expected: str, received: str | None) -> bool:
    """Constant-time comparison of a computed hash with a received one."""
    if not received:
        return False
    received = received.strip()
    if received.isascii():  # ASCII text compares as is, without encoding both sides
        return hmac.compare_digest(expected, received)
    return hmac.compare_digest(expected.encode("ascii"), received.encode("ascii", "replace"))


def verify_sign_value(tid: str, result_code: str, merchant_key: str, received: str | None) -> bool:
    return matches(sign_value(tid, result_code, merchant_key), received)


def verify_hash_data(
    tid: str, merchant_key: str, cancel_amt: int | str, partial_cancel_code: str, received: str | None
) -> bool:
    return matches(hash_data(tid, merchant_key, cancel_amt, partial_cancel_code), received)


def verify_encrypt_data(
    edi_date: str, mid: str, amt: int | str, merchant_key: str, received: str | None
) -> bool:
    return matches(encrypt_data(edi_date, mid, amt, merchant_key), received)
