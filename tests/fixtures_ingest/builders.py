"""Gateway records as merchant servers log them, with real SignValues for the test merchants."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote_plus

from smartro_desk.protocol.hashes import sign_value
from smartro_desk.protocol.merchants import TEST_MERCHANTS

MID = "SMTPAY001m"
KEY = TEST_MERCHANTS[MID].merchant_key
UNKNOWN_MID = "ZZZPAY999m"  # a merchant whose key nobody knows
START = datetime(2024, 3, 5, 14, 30, 0)


def tid(n: int, *, mid: str = MID, method: str = "01", at: datetime | None = None) -> str:
    """A 30-character TID: MID + method + 2 digits + yyMMddHHmmss + 4-digit sequence (SPEC.md)."""
    when = at or START + timedelta(minutes=n)
    return f"{mid}{method}01{when:%y%m%d%H%M%S}{n % 10000:04d}"


def notification(n: int = 1, *, state_cd: str = "0", result_code: str = "3001", amount: int = 1004,
                 mid: str = MID, otid: str | None = None, pay_method: str = "CARD", key: str | None = KEY,
                 **extra: str) -> dict[str, str]:
    """An inform/RetryURL notification (§6.4), signed with ``key`` (None: a made-up signature)."""
    t = extra.pop("TID", None) or tid(n, mid=mid)
    fields = {
        "PayMethod": pay_method, "MID": mid, "MallUserID": f"user{n}", "Amt": str(amount),
        "Name": "김똠얌", "GoodsName": f"겨울 점퍼 {n}호", "TID": t, "OTID": otid or t,
        "OID": f"ORD-{n:06d}", "AuthDate": f"{START + timedelta(minutes=n):%y%m%d%H%M%S}",
        "AuthCode": f"{30000000 + n}", "ResultCode": result_code, "ResultMsg": "정상처리되었습니다",
        "StateCd": state_cd, "FnCd": "01", "FnName": "비씨", "pinNo": "53201234****5678", "CardQuota": "00",
        "BuyerEmail": "buyer@example.com", "BuyerTel": "01012345678", "BuyerAuthNum": "", "VbankNum": "",
        "VbankName": "", "ReceiptType": "0", "RcptAppNo": "", "RcptCcNo": "", "CardUsePoint": "0",
    }
    fields.update(extra)
    fields["SignValue"] = sign_value(t, result_code, key) if key else "Zm9yZ2VkLXNpZ25hdHVyZQ=="
    return fields


def result(n: int = 1, **kw: str) -> dict[str, str]:
    """A ReturnURL payment result (§3.2): no StateCd, results' own spellings."""
    fields = notification(n, **kw)  # type: ignore[arg-type]
    fields.pop("StateCd")
    fields["BuyerName"] = fields.pop("Name")
    fields["fn_cd"] = fields.pop("FnCd")
    fields["fn_name"] = fields.pop("FnName")
    fields["mallUserID"] = fields.pop("MallUserID")
    return fields


def form(fields: dict[str, str], encoding: str = "cp949") -> bytes:
    """A percent-encoded request body as the gateway posts it."""
    return "&".join(f"{quote_plus(k)}={quote_plus(v, encoding=encoding)}" for k, v in fields.items()).encode("ascii")


def print_r(fields: dict[str, str], encoding: str = "cp949") -> bytes:
    lines = [b"Array", b"("]
    lines += [f"    [{k}] => ".encode() + v.encode(encoding) for k, v in fields.items()]
    return b"\n".join([*lines, b")", b""])


def var_export(fields: dict[str, str], encoding: str = "utf-8") -> bytes:
    def quoted(v: str) -> bytes:
        return b"'" + v.replace("\\", "\\\\").replace("'", "\\'").encode(encoding) + b"'"

    lines = [b"array ("] + [b"  " + quoted(k) + b" => " + quoted(v) + b"," for k, v in fields.items()]
    return b"\n".join([*lines, b")"])


def java_map(fields: dict[str, str], encoding: str = "utf-8") -> bytes:
    return ("{" + ", ".join(f"{k}={v}" for k, v in fields.items()) + "}").encode(encoding)
