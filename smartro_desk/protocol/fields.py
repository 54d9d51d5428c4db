"""Canonical field names and the spellings the gateway and its samples use.

The manual says ``Name``/``StateCd``/``FnCd``; Smartro's own inform.php reads
``name``/``state_cd``/``fn_cd``; results say ``BuyerName`` and ``OID``; requests
say ``Moid``. Every spelling maps, case-insensitively, to one canonical name.
Unknown names are kept as they came (``canonical_name`` returns them unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# Canonical names: the manual's spelling (§3.2, §5.3, §6.4).
PAY_METHOD = "PayMethod"
PAY_TYPE = "PayType"
MID = "MID"
MALL_USER_ID = "MallUserID"
AMT = "Amt"
NAME = "Name"
GOODS_NAME = "GoodsName"
TID = "TID"
OTID = "OTID"
PTID = "PTID"
OID = "OID"
AUTH_DATE = "AuthDate"
AUTH_CODE = "AuthCode"
RESULT_CODE = "ResultCode"
RESULT_MSG = "ResultMsg"
STATE_CD = "StateCd"
FN_CD = "FnCd"
FN_NAME = "FnName"
PIN_NO = "pinNo"
CARD_QUOTA = "CardQuota"
BUYER_EMAIL = "BuyerEmail"
BUYER_TEL = "BuyerTel"
BUYER_AUTH_NUM = "BuyerAuthNum"
VBANK_NUM = "VbankNum"
VBANK_NAME = "VbankName"
VBANK_EXP_DATE = "VbankExpDate"
RECEIPT_TYPE = "ReceiptType"
RCPT_APP_NO = "RcptAppNo"
RCPT_CC_NO = "RcptCcNo"
CARD_USE_POINT = "CardUsePoint"
SIGN_VALUE = "SignValue"
DIVIDE_INFO = "DivideInfo"
ACQU_CARD_CODE = "AcquCardCode"
BANK_CODE = "BankCode"
BANK_NAME = "BankName"
TAX_CD = "TaxCD"
SVC_AMT = "SvcAmt"
TAX = "Tax"
PAY_NAME = "PayName"
CANCEL_AMT = "CancelAmt"
CANCEL_MSG = "CancelMSG"
CANCEL_DATE = "CancelDate"
CANCEL_TIME = "CancelTime"
CANCEL_NUM = "CancelNum"
CANCEL_PW = "Cancelpw"
PARTIAL_CANCEL_CODE = "PartialCancelCode"
HASH_DATA = "hashData"
MERCHANT_MODE = "MerchantMode"
ENCRYPT_DATA = "EncryptData"
EDI_DATE = "ediDate"

CANONICAL: tuple[str, ...] = (
    PAY_METHOD, PAY_TYPE, MID, MALL_USER_ID, AMT, NAME, GOODS_NAME, TID, OTID, PTID, OID,
    AUTH_DATE, AUTH_CODE, RESULT_CODE, RESULT_MSG, STATE_CD, FN_CD, FN_NAME, PIN_NO,
    CARD_QUOTA, BUYER_EMAIL, BUYER_TEL, BUYER_AUTH_NUM, VBANK_NUM, VBANK_NAME, VBANK_EXP_DATE,
    RECEIPT_TYPE, RCPT_APP_NO, RCPT_CC_NO, CARD_USE_POINT, SIGN_VALUE, DIVIDE_INFO,
    ACQU_CARD_CODE, BANK_CODE, BANK_NAME, TAX_CD, SVC_AMT, TAX, PAY_NAME, CANCEL_AMT,
    CANCEL_MSG, CANCEL_DATE, CANCEL_TIME, CANCEL_NUM, CANCEL_PW, PARTIAL_CANCEL_CODE,
    HASH_DATA, MERCHANT_MODE, ENCRYPT_DATA, EDI_DATE,
)

# Other spellings seen in the samples and in merchants' logs.
_ALIASES: dict[str, str] = {
    "buyername": NAME,
    "moid": OID,
    "orderid": OID,
    "order_id": OID,
    "mall_user_id": MALL_USER_ID,
    "state_cd": STATE_CD,
    "statecode": STATE_CD,
    "fn_cd": FN_CD,
    "fn_name": FN_NAME,
    "pin_no": PIN_NO,
    "cardno": PIN_NO,
    "card_quota": CARD_QUOTA,
    "result_code": RESULT_CODE,
    "resultcd": RESULT_CODE,
    "result_msg": RESULT_MSG,
    "paymethod": PAY_METHOD,
    "pay_method": PAY_METHOD,
    "auth_date": AUTH_DATE,
    "auth_code": AUTH_CODE,
    "signvalue": SIGN_VALUE,
    "sign_value": SIGN_VALUE,
    "vbank_num": VBANK_NUM,
    "vbank_name": VBANK_NAME,
    "divide_info": DIVIDE_INFO,
    "goods_name": GOODS_NAME,
    "amount": AMT,
    "cancelpwd": CANCEL_PW,
}

_BY_LOWER: dict[str, str] = {name.lower(): name for name in CANONICAL} | _ALIASES

# Fields that hold secrets: masked in every display, never logged or exported.
SECRET_FIELDS: frozenset[str] = frozenset({CANCEL_PW, "merchantKey", "MerchantKey"})


def canonical_name(name: str) -> str:
    """The canonical spelling of a field name, snake_case too (``buyer_name``); an unknown name is
    returned unchanged."""
    bare = name.strip()
    lower = bare.lower()
    found = _BY_LOWER.get(lower)
    if found is None and "_" in lower:
        found = _BY_LOWER.get(lower.replace("_", ""))
    return found or bare


def canonicalize(pairs: Iterable[tuple[str, str]] | Mapping[str, str]) -> dict[str, str]:
    """Fields under canonical names. The first non-empty value of a field wins;
    unknown fields are kept under their own names."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    out: dict[str, str] = {}
    for name, value in items:
        key = canonical_name(name)
        if key not in out or (not out[key] and value):
            out[key] = value
    return out


def mask_secrets(fields: Mapping[str, str]) -> dict[str, str]:
    """A copy fit for display or logs: secret fields shown as ``******``."""
    return {k: ("******" if k in SECRET_FIELDS and v else v) for k, v in fields.items()}
