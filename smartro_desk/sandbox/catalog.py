"""Card companies and banks the sandbox puts into its payments.

Names come from the code tables (§7.10, §7.11); the card-number prefixes are
the sandbox's own plausible BINs for masked ``pinNo`` values.
"""

from __future__ import annotations

from smartro_desk.protocol.codes import lookup

# fn_cd (§7.10 issuer code) -> BIN prefix shown in the masked card number.
CARD_BINS: dict[str, str] = {
    "01": "4906", "02": "5409", "03": "4579", "04": "5310", "06": "4518", "07": "5433",
    "08": "5247", "11": "5409", "12": "5461", "15": "5585", "16": "4221", "37": "5365",
    "41": "4101", "43": "5327",
}


def fn_name(pay_method: str, fn_cd: str, bank_code: str) -> tuple[str, str]:
    """(fn_cd, fn_name) of a payment: card company for CARD, bank for BANK/VBANK, else empty."""
    if pay_method == "CARD":
        if fn_cd not in CARD_BINS:
            raise ValueError(f"샌드박스가 모르는 카드사 코드입니다: {fn_cd} (가능: {', '.join(CARD_BINS)})")
        return fn_cd, lookup("card", fn_cd).ko
    if pay_method in ("BANK", "VBANK"):
        bank = lookup("bank", bank_code)
        if not bank.known:
            raise ValueError(f"알 수 없는 은행 코드입니다: {bank_code}")
        return bank.code, bank.ko
    return "", ""
