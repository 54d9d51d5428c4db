"""Every reason the importer words in Korean has its English: the English window and exports show it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.ingest.reasons import reason_text
from smartro_desk.ingest.report import unexpected

PACKAGE = Path(__file__).resolve().parent.parent / "smartro_desk"
HANGUL = re.compile("[\uac00-\ud7a3]")
RAISED = {"RecordRejected", "_Reject", "ValueRejected", "DumpError", "AmountError", "ImportFailed"}
LABELS = {"{}이 숫자가 아닙니다: {}": ("금액", "주문금액", "취소금액")}  # the callers' labels (rows.py)


def wordings() -> list[str]:
    """The Korean text of every reason raised or recorded in the importer and the protocol core, with ``{}``
    where it formats a value in."""
    found = []
    for path in sorted((PACKAGE / "ingest").glob("*.py")) + sorted((PACKAGE / "protocol").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            texts = node.args[:1] if name in RAISED else node.args[2:3] if name == "Issue" else []
            for text in texts:
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    found.append(text.value)
                elif isinstance(text, ast.JoinedStr):
                    found.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in text.values))
    return sorted({w for w in found if HANGUL.search(w)})


def samples(wording: str) -> list[str]:
    if wording in LABELS:
        return [wording.replace("{}", label, 1).replace("{}", "'7'") for label in LABELS[wording]]
    return [wording.replace("{}", "7")]


def test_the_scan_finds_the_importers_wordings() -> None:
    found = wordings()
    assert len(found) >= 45 and "거래번호(TID)가 없습니다" in found and "{}이 숫자가 아닙니다: {}" in found


@pytest.mark.parametrize("wording", wordings())
def test_every_wording_has_its_english(wording: str) -> None:
    for sample in samples(wording):
        english = reason_text(sample, "en")
        assert not HANGUL.search(english), (sample, english)
        assert reason_text(sample, "ko") == sample  # the Korean window shows it as it is kept


def test_values_quoted_in_a_reason_stay_as_they_were() -> None:
    assert reason_text("금액(Amt)이 숫자가 아닙니다: '만원'", "en") == "The amount (Amt) is not a number: '만원'"
    assert reason_text("거래상태를 알 수 없습니다: '보류 중'", "en") == "Unknown transaction status: '보류 중'"
    nested = "거래일시를 알 수 없습니다: 날짜를 읽을 수 없습니다: '2024-13-45'"
    assert reason_text(nested, "en") == "Unknown transaction time: Unreadable date: '2024-13-45'"
    assert reason_text(unexpected(KeyError("x")), "en") == "Unexpected error while reading (KeyError)"


@given(st.text(max_size=60))
def test_any_value_quoted_in_a_reason_survives_translation(value: str) -> None:
    for korean, english in (("거래상태를 알 수 없습니다: {}", "Unknown transaction status: {}"),
                            ("'{}' 시트를 읽을 수 없습니다: 7", "Cannot read sheet '{}': 7"),
                            ("PHP 출력을 읽을 수 없습니다: {}", "Unreadable PHP dump: {}")):
        reason = korean.replace("{}", repr(value))  # as the importer quotes a value it could not read
        assert reason_text(reason, "ko") == reason
        assert reason_text(reason, "en") == english.replace("{}", repr(value))


def test_a_reason_of_a_workbooks_sheet_names_the_sheet_in_english_too() -> None:
    reason = "'2월' 시트: 거래일시를 알 수 없습니다: 시간을 읽을 수 없습니다: '99'"
    assert reason_text(reason, "en") == "Sheet '2월': Unknown transaction time: Unreadable time: '99'"
    assert reason_text("'메모' 시트의 머리글을 알 수 없어 가져오지 않았습니다", "en") \
        == "Sheet '메모' not imported: its header is not recognised"
