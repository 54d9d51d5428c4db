"""What a cancel's recorded error and hold say: Korean (what the ledger keeps) with its English.

Pure text, shared by the client that words an error, the service and the lock recovery that record holds,
and the dialogs that show them in the window's language (``error_text``, ``hold_text``).
"""

from __future__ import annotations

import re

from smartro_desk.cancel.plan import KIND_LABELS
from smartro_desk.cancel.rules import is_english

HOLD_TEXT = "결과 확인 필요: 취소 요청 #{id} ({amount:,}원 {kind})의 결과를 받지 못했습니다 — {why}"
HOLD_TEXT_EN = "Outcome unknown: no answer was received for cancel request #{id} ({amount} won, {kind}) — {why}"
_HOLD = re.compile(r"결과 확인 필요: 취소 요청 #(?P<id>\S+) \((?P<amount>[\d,]+)원 (?P<kind>\S+)\)의 결과를 받지 못했습니다 "
                   r"— (?P<why>.*)", re.DOTALL)

# What an attempt's error (and a hold's why) may say, as (Korean, English) str.format templates: the Korean
# is recorded. The client words the first three; the fourth is the form encoder's ValueError.
HTTP_ERROR = ("게이트웨이가 HTTP {status} 오류로 응답했습니다", "The gateway answered with an HTTP {status} error")
NO_RESULT_CODE = ("응답에 ResultCode가 없습니다 (HTTP {status}): {snippet}",
                  "The answer has no ResultCode (HTTP {status}): {snippet}")
OTHER_TID = ("응답의 TID({answered})가 요청한 TID({tid})와 다릅니다",
             "The answer is for TID {answered}, not for the TID asked ({tid})")
UNENCODABLE = ("'{name}' 항목의 글자 {char}는 {encoding}(으)로 보낼 수 없습니다",
               "The character {char} of field '{name}' cannot be sent in {encoding}")
SENDER_GONE = ("보낸 프로그램이 결과를 기록하기 전에 종료되었습니다",  # the ledger's lock recovery records it too
               "The program that sent it ended before recording the answer")
NO_ANSWER = ("응답 없음", "no answer")  # a hold's why
ERROR_WORDS: tuple[tuple[str, str], ...] = (HTTP_ERROR, NO_RESULT_CODE, OTHER_TID, UNENCODABLE, SENDER_GONE, NO_ANSWER)
_ERROR_PATTERNS = tuple(
    (re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.*)", re.escape(ko)), re.DOTALL), en) for ko, en in ERROR_WORDS
)


def error_text(error: str, lang: str = "ko") -> str:
    """A recorded ``error`` in ``lang``: the Korean wordings above in English; a technical one
    (``ReadTimeout: …``) stays as it is."""
    if not is_english(lang):
        return error
    for pattern, english in _ERROR_PATTERNS:
        if found := pattern.fullmatch(error):
            return english.format(**found.groupdict())
    return error


def hold_text(hold: str, lang: str = "ko") -> str:
    """A recorded hold (``HOLD_TEXT``) in ``lang``; a wording it does not know stays as recorded."""
    found = _HOLD.fullmatch(hold) if is_english(lang) else None
    kinds = {ko: en for ko, en in KIND_LABELS.values()}
    if found is None or found["kind"] not in kinds:
        return hold
    return HOLD_TEXT_EN.format(id=found["id"], amount=found["amount"], kind=kinds[found["kind"]].lower(),
                               why=error_text(found["why"], lang))
