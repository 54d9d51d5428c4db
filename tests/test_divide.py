import base64
import json
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.protocol.divide import (
    DivideInfoError,
    SubMallShare,
    decode_divide_info,
    encode_divide_info,
    validate_divide,
)

# §3.1.4 and §5.2 Note, with the line breaks the PDF inserted.
MANUAL_31 = """eyJEaXZpZGVJbmZvIjpbeyJBbXQiOiI1MDIiLCJNSUQiOiJTTVRTVUIwMDJtIiwiR29vZHNOY
W1lIjoi7IOB7ZKIMSJ9LHsiQW10IjoiNTAyIiwiTUlEIjoiU01UU1VCMDAzbSIsIkdvb2RzTmFtZSI
6IuyDge2SiDIifV19"""
MANUAL_52 = """eydEaXZpZGVJbmZvJzpbeydBbXQnOic1MDInLCdNSUQnOidTTVRTVUIwMDJtJ30seyd
BbXQnOic1MDInLCdNSUQnOidTTVRTVUIwMDNtJ31dfQ=="""

TWO = (SubMallShare("SMTSUB002m", 502, "상품1"), SubMallShare("SMTSUB003m", 502, "상품2"))


def test_manual_example_31() -> None:
    assert decode_divide_info(MANUAL_31) == TWO


def test_manual_example_52_single_quotes() -> None:
    expected = (SubMallShare("SMTSUB002m", 502), SubMallShare("SMTSUB003m", 502))
    assert decode_divide_info(MANUAL_52) == expected


def test_encode_matches_manual() -> None:
    assert encode_divide_info(TWO) == MANUAL_31.replace("\n", "")


def test_encode_omits_empty_goods_name() -> None:
    text = base64.b64decode(encode_divide_info([SubMallShare("SMTSUB002m", 1004)])).decode()
    assert text == '{"DivideInfo":[{"Amt":"1004","MID":"SMTSUB002m"}]}'


@pytest.mark.parametrize(
    "value",
    [
        encode_divide_info(TWO),
        encode_divide_info(TWO).rstrip("="),
        quote(encode_divide_info(TWO), safe=""),
        base64.urlsafe_b64encode(base64.b64decode(encode_divide_info(TWO))).decode().rstrip("="),
        json.dumps(
            {
                "DivideInfo": [
                    {"Amt": "502", "MID": "SMTSUB002m", "GoodsName": "상품1"},
                    {"Amt": 502, "MID": "SMTSUB003m", "GoodsName": "상품2"},
                ]
            },
            ensure_ascii=False,
        ),
        "{'DivideInfo':[{'Amt':'502','MID':'SMTSUB002m','GoodsName':'상품1'},"
        "{'Amt':'502','MID':'SMTSUB003m','GoodsName':'상품2'}]}",
        "[{'amt':'502','mid':'SMTSUB002m','goodsName':'상품1'},"
        "{'Amt':'502','MID':'SMTSUB003m','GoodsName':'상품2'}]",
        "  " + encode_divide_info(TWO)[:20] + "\r\n" + encode_divide_info(TWO)[20:] + "\n",
    ],
)
def test_accepted_forms(value: str) -> None:
    assert decode_divide_info(value) == TWO


def test_base64_plus_turned_into_space_by_a_form() -> None:
    shares = (SubMallShare("SMTSUB002m", 1000, "~~>>??"),)
    encoded = encode_divide_info(shares)
    assert "+" in encoded
    assert decode_divide_info(encoded.replace("+", " ")) == shares


def test_single_quotes_keep_korean_and_inner_double_quotes() -> None:
    value = """{'DivideInfo':[{'Amt':'1','MID':'A','GoodsName':'12" 모니터 \\'특가\\''}]}"""
    assert decode_divide_info(value) == (SubMallShare("A", 1, '12" 모니터 \'특가\''),)


def test_blank_is_no_split() -> None:
    assert decode_divide_info("  ") == ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not base64!", "서브몰 정보(DivideInfo)를 해석할 수 없습니다"),
        ("{'DivideInfo':[{'Amt':'5O2','MID':'A'}]}", "서브몰 금액이 숫자가 아닙니다"),
        ("{'DivideInfo':[{'Amt':'502','MID':' '}]}", "서브몰 MID가 비어 있습니다"),
        ('{"DivideInfo": 5}', "서브몰 정보(DivideInfo)를 해석할 수 없습니다"),
        ('{"DivideInfo": [1]}', "서브몰 정보(DivideInfo)를 해석할 수 없습니다"),
        ("[" * 5000, "서브몰 정보(DivideInfo)를 해석할 수 없습니다"),
    ],
)
def test_errors(value: str, message: str) -> None:
    with pytest.raises(DivideInfoError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode_divide_info(value)


def test_validate() -> None:
    assert validate_divide(TWO, 1004, {"SMTSUB002m", "SMTSUB003m"}) == []
    assert validate_divide([], 1004) == []
    assert validate_divide(TWO, 1004, ["SMTSUB002m"]) == ["상점에 등록된 서브몰이 아닙니다: SMTSUB003m"]
    problems = validate_divide([SubMallShare("A", 0), SubMallShare("A", 1000)], 1004)
    assert problems == [
        "서브몰 A의 금액이 0원보다 커야 합니다 (0원)",
        "서브몰 MID가 두 번 이상 있습니다: A",
        "서브몰 금액 합계 1,000원이 취소 금액 1,004원과 다릅니다",
    ]


SHARES = st.lists(
    st.builds(
        SubMallShare,
        mid=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=10),
        amt=st.integers(min_value=-10**12, max_value=10**12),
        goods_name=st.text(max_size=20).map(str.strip),
    ),
    max_size=5,
).map(tuple)


@given(SHARES)
def test_round_trip(shares: tuple[SubMallShare, ...]) -> None:
    assert decode_divide_info(encode_divide_info(shares)) == shares


@given(st.one_of(st.text(max_size=200), st.text("{}[]'\":,0123456789 DivideInfoAmtMID=%+/")))
def test_any_text_gives_shares_or_divide_info_error(value: str) -> None:
    try:
        result = decode_divide_info(value)
    except DivideInfoError as exc:
        assert str(exc)
    else:
        assert all(isinstance(share, SubMallShare) for share in result)
