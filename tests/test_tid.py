from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.protocol.tid import TidParts, decode_tid

SAMPLE = "SMTPAY001m01011708181134147103"


def test_sample_tid() -> None:
    parts = decode_tid(SAMPLE)
    assert parts == TidParts(
        tid=SAMPLE,
        mid="SMTPAY001m",
        method_code="01",
        method="CARD",
        extra="01",
        timestamp=datetime(2017, 8, 18, 11, 34, 14),
        sequence="7103",
        valid_shape=True,
        problems=(),
    )


@pytest.mark.parametrize(
    ("code", "method"),
    [("01", "CARD"), ("02", "BANK"), ("03", "VBANK"), ("05", "CELLPHONE"), ("07", "")],
)
def test_method_codes(code: str, method: str) -> None:
    parts = decode_tid(f"SMTPAY001m{code}011708181134147103")
    assert (parts.method_code, parts.method) == (code, method)
    assert parts.valid_shape  # an unknown method code is unusual, not wrong


def test_surrounding_whitespace_ignored() -> None:
    assert decode_tid(f"  {SAMPLE}\n") == decode_tid(SAMPLE)


def test_short_tid_decodes_what_it_can() -> None:
    parts = decode_tid(SAMPLE[:27])
    assert parts.problems == ("TID 길이가 30자가 아닙니다 (27자)",)
    assert not parts.valid_shape
    assert parts.mid == "SMTPAY001m"
    assert parts.timestamp == datetime(2017, 8, 18, 11, 34, 14)
    assert parts.sequence == "7"


def test_long_tid() -> None:
    parts = decode_tid(SAMPLE + "99")
    assert parts.problems == ("TID 길이가 30자가 아닙니다 (32자)",)
    assert parts.sequence == "7103"


def test_bad_timestamp() -> None:
    parts = decode_tid("SMTPAY001m01011713181134147103")
    assert parts.timestamp is None
    assert parts.problems == ("시각 부분이 날짜가 아닙니다: '171318113414'",)


def test_non_ascii_and_empty() -> None:
    parts = decode_tid("SMTPAY001m０１011708181134147103")
    assert not parts.valid_shape
    assert any("숫자" in p for p in parts.problems)
    assert decode_tid("").problems == ("TID가 비어 있습니다",)
    assert decode_tid(None).tid == ""


@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    parts = decode_tid(text)
    assert parts.valid_shape == (not parts.problems)
    assert parts.mid == text.strip()[:10]
