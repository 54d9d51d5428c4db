from urllib.parse import quote_plus, unquote_to_bytes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.protocol import formcodec
from smartro_desk.protocol.fields import CANONICAL, canonical_name
from smartro_desk.protocol.formcodec import FormFields, decode_form, decode_response, encode_form


def q(text: str, encoding: str = "cp949") -> str:
    return quote_plus(text, encoding=encoding)


def test_euc_kr_notification() -> None:
    body = f"PayMethod=CARD&Amt=1004&Name={q('홍길동', 'euc-kr')}&GoodsName={q('상품 1', 'euc-kr')}"
    form = decode_form(body.encode("ascii"))
    assert form.fields == {"PayMethod": "CARD", "Amt": "1004", "Name": "홍길동", "GoodsName": "상품 1"}
    assert form.encodings == {
        "PayMethod": "ascii", "Amt": "ascii", "Name": "cp949", "GoodsName": "cp949"
    }
    assert form.undecodable == ()
    assert form.raw == body.encode("ascii")


@pytest.mark.parametrize("word", ["똠", "햏", "뷁", "똠얌꿍 햏님"])
def test_cp949_only_syllables(word: str) -> None:
    with pytest.raises(UnicodeDecodeError):
        word.encode("cp949").decode("euc-kr")  # not in EUC-KR (KS X 1001)
    form = decode_form(f"Name={q(word)}".encode())
    assert form.fields["Name"] == word
    assert form.encodings["Name"] == "cp949"


def test_utf8_body() -> None:
    form = decode_form(f"name={q('홍길동', 'utf-8')}&ResultMsg={q('정상 처리', 'utf-8')}")
    assert form.fields == {"Name": "홍길동", "ResultMsg": "정상 처리"}
    assert form.encodings == {"Name": "utf-8", "ResultMsg": "utf-8"}


def test_mixed_encodings_per_field() -> None:
    body = f"Name={q('김똠순', 'cp949')}&GoodsName={q('커피 원두', 'utf-8')}&FnName={q('삼성카드')}"
    form = decode_form(body.encode())
    assert form.fields == {"Name": "김똠순", "GoodsName": "커피 원두", "FnName": "삼성카드"}
    assert form.encodings == {"Name": "cp949", "GoodsName": "utf-8", "FnName": "cp949"}


def test_euc_kr_that_is_also_valid_utf8_reads_as_korean() -> None:
    assert "책".encode("cp949").decode("utf-8") == "å"  # the ambiguity itself
    assert decode_form(f"GoodsName={q('책')}").fields["GoodsName"] == "책"
    assert decode_form(f"GoodsName={q('café', 'utf-8')}").fields["GoodsName"] == "café"


def test_undecodable_field_is_replaced_and_listed() -> None:
    form = decode_form(b"Name=%FF%FE%FF&Amt=1")
    assert form.fields["Amt"] == "1"
    assert "\ufffd" in form.fields["Name"]
    assert form.undecodable == ("Name",)


def test_empty_values_kept_and_empty_parts_skipped() -> None:
    form = decode_form(b"&&VbankNum=&VbankName=&flag&Amt=5&")
    assert form.fields == {"VbankNum": "", "VbankName": "", "flag": "", "Amt": "5"}


def test_plus_is_space_and_encoded_plus_is_plus() -> None:
    form = decode_form(b"GoodsName=a+b&SignValue=ab%2Bc%3D%3D")
    assert form.fields == {"GoodsName": "a b", "SignValue": "ab+c=="}


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("name", "Name"),
        ("BuyerName", "Name"),
        ("state_cd", "StateCd"),
        ("fn_cd", "FnCd"),
        ("fn_name", "FnName"),
        ("mallUserID", "MallUserID"),
        ("Moid", "OID"),
        ("tid", "TID"),
        ("tId", "TID"),
        ("PAYMETHOD", "PayMethod"),
    ],
)
def test_aliases(alias: str, canonical: str) -> None:
    assert decode_form(f"{alias}=x".encode()).fields == {canonical: "x"}


def test_unknown_names_kept_as_sent() -> None:
    assert decode_form(b"CancelSeq=1&PayToken=abc").fields == {"CancelSeq": "1", "PayToken": "abc"}


def test_first_non_empty_value_wins() -> None:
    form = decode_form(b"Name=&BuyerName=%C8%AB&name=other")
    assert form.fields == {"Name": "홍"}
    assert form.encodings == {"Name": "cp949"}
    assert decode_form(b"TID=first&tid=second").fields == {"TID": "first"}


@pytest.mark.parametrize(
    ("body", "value"),
    [
        (b"GoodsName=100%zz", "100%zz"),
        (b"GoodsName=50%", "50%"),
        (b"GoodsName=%4", "%4"),
        (b"GoodsName=%%41", "%A"),
        (b"GoodsName=a%\nb", "a%\nb"),
        (b"GoodsName=x=y", "x=y"),
        (b"GoodsName=%C8%AB%", "홍%"),
    ],
)
def test_malformed_escapes_kept_literally(body: bytes, value: str) -> None:
    assert decode_form(body).fields == {"GoodsName": value}


def test_escaped_separators_stay_in_values() -> None:
    form = decode_form(b"GoodsName=a%26b%3Dc%00d&Amt=1")
    assert form.fields == {"GoodsName": "a&b=c\x00d", "Amt": "1"}


def test_str_body() -> None:
    assert decode_form("Name=홍길동&Amt=1").fields == {"Name": "홍길동", "Amt": "1"}


def test_html_wrapped_cancel_answer() -> None:
    body = (
        b"<html><body>\r\nPayMethod=CARD&PayName=%BD%C5%BF%EB%C4%AB%B5%E5&MID=SMTPAY001m"
        b"&TID=SMTPAY001m01011708181134147103&CancelAmt=502&CancelMSG=%BA%CE%BA%D0%C3%EB%BC%D2"
        b"&ResultCode=2001&ResultMsg=%C3%EB%BC%D2+%BC%BA%B0%F8&CancelDate=20240318"
        b"&CancelTime=113414&CancelNum=12345678&Moid=ORD1&PTID=\r\n</body></html>"
    )
    form = decode_response(body)
    assert form.raw == body
    assert form.fields["PayName"] == "신용카드"
    assert form.fields["CancelMSG"] == "부분취소"
    assert form.fields["ResultMsg"] == "취소 성공"
    assert form.fields["OID"] == "ORD1"
    assert form.fields["PTID"] == ""
    assert "<" not in "".join(form.fields) + "".join(form.fields.values())


def test_answer_with_whitespace_and_plain_answer() -> None:
    assert decode_response(b"\n\n  ResultCode=2013&ResultMsg=x  \n").fields == {
        "ResultCode": "2013",
        "ResultMsg": "x",
    }
    assert decode_response(b"PayMethod=CARD&ResultCode=2001").fields["ResultCode"] == "2001"


def test_answer_ignores_html_attributes() -> None:
    body = b'<form name="f"><meta charset=euc-kr></form>\nResultCode=2012&ResultMsg=no'
    assert decode_response(body).fields == {"ResultCode": "2012", "ResultMsg": "no"}


def test_answer_without_known_names() -> None:
    assert decode_response(b"<p>\nfoo=1&bar=2\n</p>").fields == {"foo": "1", "bar": "2"}
    assert decode_response(b"<html>error</html>").fields == {}


def test_encode_form_euc_kr_and_cp949_only() -> None:
    body = encode_form({"CancelMSG": "고객 요청 똠", "CancelAmt": "502"})
    assert body == f"CancelMSG={q('고객 요청 똠')}&CancelAmt=502".encode()
    assert body.startswith(b"CancelMSG=%B0%ED%B0%B4+")  # EUC-KR bytes for KS X 1001 syllables
    assert decode_form(body).fields == {"CancelMSG": "고객 요청 똠", "CancelAmt": "502"}


def test_encode_form_utf8() -> None:
    assert encode_form({"a": "é b"}, encoding="utf-8") == b"a=%C3%A9+b"


def test_encode_form_unencodable_names_the_field() -> None:
    with pytest.raises(ValueError, match="CancelMSG"):
        encode_form({"CancelMSG": "emoji 😀"})


HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
KOREAN_TEXT = st.text(st.one_of(PRINTABLE, HANGUL), max_size=30)
# EUC-KR bytes of Hangul can be valid UTF-8 (책 = "å"); without ASCII letters next to
# them they read back as Hangul.
NO_LETTERS = st.sampled_from(" 0123456789-_.,()[]/&=+%")
KOREAN_NO_LETTERS = st.text(st.one_of(NO_LETTERS, HANGUL), max_size=30)


@given(st.dictionaries(st.sampled_from(CANONICAL), KOREAN_TEXT, max_size=12))
def test_round_trip_utf8(fields: dict[str, str]) -> None:
    assert decode_form(encode_form(fields, encoding="utf-8")).fields == fields


@given(st.dictionaries(st.sampled_from(CANONICAL), KOREAN_NO_LETTERS, max_size=12))
def test_round_trip_euc_kr(fields: dict[str, str]) -> None:
    assert decode_form(encode_form(fields)).fields == fields


@given(st.dictionaries(st.sampled_from(CANONICAL), st.text(st.characters(max_codepoint=0x7E))))
def test_round_trip_ascii(fields: dict[str, str]) -> None:
    form = decode_form(encode_form(fields))
    assert form.fields == fields
    assert set(form.encodings.values()) <= {"ascii"}


@given(st.binary(max_size=300))
def test_decode_form_never_raises(body: bytes) -> None:
    form = decode_form(body)
    assert isinstance(form, FormFields)
    assert form.raw == body
    assert set(form.encodings) == set(form.fields)


@given(st.text(max_size=200))
def test_decode_form_str_never_raises(body: str) -> None:
    assert isinstance(decode_form(body), FormFields)


@given(st.binary(max_size=300))
def test_decode_response_never_raises(body: bytes) -> None:
    assert isinstance(decode_response(body), FormFields)


FORMISH = st.lists(
    st.sampled_from(
        [b"&", b"=", b"%", b"%2", b"%26", b"%00", b"%3D", b"%C8%AB", b"%zz", b"%%", b"%0A"]
        + [b"\x00", b"\n", b"\r", b"+", b" ", b"a", b"Amt", b"\xc8\xab"]
    ),
    max_size=40,
).map(b"".join)


# Well-formed bodies (what the bulk path must take) with now and then an odd byte or escape.
FORM_ATOM = st.sampled_from(
    [b"a", b"Amt", b"0", b"+", b" ", b"%41", b"%2B", b"%3D", b"%26", b"%C8%AB", b"%c8%ab", b"%ED%99%8D", b"%C3%A5"]
    + [b"%B6%C8", b"%FF", b"\xc8\xab", b"%", b"%2", b"%zz", b"%00", b"%0A", b"\x00", b"\r", b"=", b"&"]
)
FORM_NAME = st.one_of(
    st.sampled_from(list(CANONICAL) + ["name", "BuyerName", "state_cd", "Moid", "tid", "CancelSeq", "%C8%AB", ""]),
    st.lists(FORM_ATOM, max_size=3).map(lambda atoms: b"".join(atoms).decode("latin-1")),
)
FORM_BODY = st.lists(
    st.tuples(FORM_NAME, st.lists(FORM_ATOM, max_size=5).map(b"".join)), max_size=8
).map(lambda pairs: b"&".join(name.encode("latin-1") + b"=" + value for name, value in pairs))
ANY_BODY = st.one_of(FORM_BODY, FORMISH, st.binary(max_size=200))


@given(ANY_BODY)
def test_bulk_split_matches_part_by_part(data: bytes) -> None:
    bulk = formcodec._split_bulk(data)
    if bulk is not None:
        names, values, _ = formcodec._split_parts(data)
        assert (bulk[0], bulk[1]) == (names, values)
        assert bulk[2] == "".join(names + values).isascii()


def _reference(body: bytes) -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """``decode_form`` the simple way: part by part, no caches, no remembered layouts."""
    names, values, _ = formcodec._split_parts(body)
    keys = [canonical_name(formcodec._decode_bytes(name.encode("latin-1"))[0]) for name in names]
    raw_fields: dict[str, str] = {}
    for key, value in zip(keys, values):
        if key not in raw_fields or (not raw_fields[key] and value):
            raw_fields[key] = value
    fields: dict[str, str] = {}
    encodings: dict[str, str] = {}
    undecodable = []
    for key, value in raw_fields.items():
        fields[key], encodings[key], bad = formcodec._decode_bytes(value.encode("latin-1"))
        if bad:
            undecodable.append(key)
    undecodable += [key for key, name in zip(keys, names) if formcodec._decode_bytes(name.encode("latin-1"))[2]]
    return fields, encodings, tuple(dict.fromkeys(undecodable))


@given(ANY_BODY, ANY_BODY)
def test_fast_paths_match_the_reference(first: bytes, second: bytes) -> None:
    # first, second, first again: a remembered layout is met again, another one in between
    for body in (first, second, first):
        form = decode_form(body)
        assert (form.fields, form.encodings, form.undecodable) == _reference(body)
        fields, used = formcodec.decode_fields(body)
        assert fields == form.fields
        assert set(used) == set(form.encodings.values())


@given(st.one_of(FORMISH, st.binary(max_size=200)))
def test_fast_unquote_matches_urllib(data: bytes) -> None:
    assert formcodec._unquote(data) == unquote_to_bytes(data)
