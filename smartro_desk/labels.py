"""Korean and English words for the ledger's own states (the gateway's codes live in protocol.codes)."""

from __future__ import annotations

from smartro_desk.protocol import codes

TX_STATE = {
    "approved": ("승인", "Approved"),
    "partially_cancelled": ("부분취소", "Partially cancelled"),
    "cancelled": ("전체취소", "Cancelled"),
    "vbank_issued": ("입금대기", "Awaiting deposit"),
    "failed": ("실패", "Failed"),
    "cancel_only": ("취소만 확인", "Cancel seen only"),
}
FLAGGED = ("위변조 의심", "Suspected tampering")
CANCEL_HOLD = ("결과 확인 필요", "Outcome unknown")

SIGN_STATUS = {
    "verified": ("검증됨", "Verified"),
    "mismatch": ("불일치", "Mismatch"),
    "no_key": ("키 없음", "No key"),
    "absent": ("서명 없음", "No signature"),
}

CHANNEL = {
    "notification": ("통보", "Notification"),
    "result": ("결과", "Result"),
    "export": ("엑셀", "Export"),
    "cancel_api": ("취소 응답", "Cancel answer"),
}

EVENT_KIND = {
    "approval": ("승인", "Approval"),
    "cancel": ("취소", "Cancel"),
    "vbank_issued": ("가상계좌 채번", "Virtual account issued"),
    "vbank_deposit": ("가상계좌 입금", "Virtual account deposit"),
    "failure": ("실패", "Failure"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def state_label(state: str, *, flagged: bool = False, hold: bool = False, lang: str = "ko") -> str:
    """The state a person reads: holds and tampering outrank the payment state."""
    if hold:
        return pick(CANCEL_HOLD, lang)
    if flagged:
        return pick(FLAGGED, lang)
    return pick(TX_STATE.get(state, (state, state)), lang)


def channels_label(channels: str, lang: str = "ko") -> str:
    return ", ".join(pick(CHANNEL.get(c, (c, c)), lang) for c in channels.split(",") if c)


def issuer_label(code: str, lang: str = "ko") -> str:
    """A card company for a two-digit code, a bank for a three-digit one (§7.10, §7.11): "국민 (02)"."""
    found = codes.lookup("card" if len(code) <= 2 else "bank", code)
    return f"{found.label(lang)} ({code})" if found.known else code
