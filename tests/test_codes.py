"""Code tables (manual §7) and their lookup API."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartro_desk.explain_cli import add_explain_parser, run_explain
from smartro_desk.protocol import codes

# Row counts of the manual's tables, counted in the manual (numbered rows).
COUNTS = {
    "card_result": 29,  # §7.1
    "bank_result": 9,  # §7.2
    "vbank_result": 6,  # §7.3
    "cellphone_result": 16,  # §7.4
    "cash_receipt_result": 11,  # §7.5
    "cancel_result": 34,  # §7.6
    "refund_result": 10,  # §7.7
    "account_check_result": 5,  # §7.8
    "transfer_result": 12,  # §7.9
    "toss_result": 11,  # §7.13
    "kakao_result": 4,  # §7.14
    "card": 39,  # §7.10
    "bank": 67,  # §7.11
    "courier": 36,  # §7.12
    "pay_method": 7,  # §3.1 #1
    "kakao_pay_type": 2,  # §3.1 #2
    "state_cd": 4,  # §6.4 #14
    "receipt_type": 3,  # §6.4 #24
}

# (kind, code, ko, en): at least three per table.
SPOT = [
    ("card_result", "3001", "카드 결제 성공", "Card payment approved"),
    ("card_result", "3041", "금액 오류(1000원 미만 신용카드 승인 불가)",
     "Invalid amount (card payments under 1,000 KRW are not allowed)"),
    ("card_result", "3095", "카드사 실패 응답", "Declined by the card issuer"),
    ("bank_result", "4000", "실시간계좌이체 결제 성공", "Bank transfer payment approved"),
    ("bank_result", "4005", "거래번호(TID) 불일치", "Transaction ID (TID) mismatch"),
    ("bank_result", "4008", "은행 시스템 서비스 중단", "Bank system unavailable"),
    ("vbank_result", "4100", "가상계좌발급성공", "Virtual account issued"),
    ("vbank_result", "4110", "가상계좌입금성공", "Virtual account deposit received"),
    ("vbank_result", "4104", "가상계좌 정보 오류", "Virtual account details error"),
    ("cellphone_result", "A000", "휴대폰 결제 처리 성공", "Mobile phone payment approved"),
    ("cellphone_result", "A100", "SMS 인증 요청 성공", "SMS verification sent"),
    ("cellphone_result", "A568", "서비스 구분코드 설정 오류", "Service type code misconfigured"),
    ("cash_receipt_result", "7001", "현금영수증 처리성공", "Cash receipt processed"),
    ("cash_receipt_result", "7011", "현금영수증 미발행 요청입니다.", "No cash receipt was requested"),
    ("cash_receipt_result", "00CB", "기취소 거래", "Already cancelled"),
    ("cancel_result", "2001", "취소 성공", "Cancelled"),
    ("cancel_result", "2013", "취소 완료 거래임(기취소)", "Already cancelled"),
    ("cancel_result", "2025", "취소패스워드 미입력", "Cancel password missing"),
    ("cancel_result", "2041", "원거래 승인데이터와 상이함", "Does not match the original approval data"),
    ("refund_result", "2211", "환불 요청 성공", "Refund requested"),
    ("refund_result", "2217", "환불 요청금액 0원 이하", "Refund amount is zero or less"),
    ("refund_result", "2220", "환불 불가 가상계좌", "Virtual account cannot be refunded this way"),
    ("account_check_result", "4200", "계좌성명조회 성공", "Account holder check passed"),
    ("account_check_result", "4204", "예금주성명 불일치", "Account holder name does not match"),
    ("account_check_result", "4242", "연동업체코드 미설정", "Integration partner code not set"),
    ("transfer_result", "4300", "입금등록성공", "Deposit registered"),
    ("transfer_result", "4318", "환불금액이 환불가능금액보다 큼", "Refund amount exceeds the refundable amount"),
    ("transfer_result", "4321", "이체등록취소 불가(이체 진행중)",
     "Cannot cancel the transfer (transfer in progress)"),
    ("toss_result", "TS10", "결제승인 성공", "Toss payment approved"),
    ("toss_result", "TS13", "토스 승인요청금액오류(0원)", "Toss approval amount error (0 KRW)"),
    ("toss_result", "TS91", "TOSS 통신 실패", "Toss communication failure"),
    ("kakao_result", "KP00", "카카오페이 결제 성공", "Kakao Pay payment approved"),
    ("kakao_result", "KP11", "정의되지 않은 서비스타입", "Undefined service type"),
    ("kakao_result", "KP12", "카카오페이 인증 실패", "Kakao Pay authentication failed"),
    ("card", "01", "비씨", "BC Card"),
    ("card", "04", "삼성", "Samsung Card"),
    ("card", "43", "K뱅크", "K Bank"),
    ("card", "72", "WeChat", "WeChat Pay"),
    ("bank", "004", "국민은행", "KB Kookmin Bank"),
    ("bank", "023", "SC제일은행", "SC First Bank (Standard Chartered)"),
    ("bank", "088", "신한은행", "Shinhan Bank"),
    ("bank", "J01", "미쓰이스미모토", "Sumitomo Mitsui Banking"),
    ("bank", "090", "카카오뱅크", "Kakao Bank"),
    ("courier", "01", "CJ대한통운", "CJ Logistics"),
    ("courier", "21", "범한판토스", "Pantos"),
    ("courier", "36", "한서호남택배", "Hanseo Honam"),
    ("pay_method", "CARD", "신용카드", "Credit card"),
    ("pay_method", "VBANK", "가상계좌", "Virtual account"),
    ("pay_method", "CLGIFT", "문화상품권", "Culture gift card"),
    ("kakao_pay_type", "KPCD", "신용카드", "Kakao Pay card"),
    ("kakao_pay_type", "KPMY", "머니", "Kakao Pay Money"),
    ("state_cd", "0", "승인", "Approved"),
    ("state_cd", "1", "매입전취소", "Cancelled before acquisition"),
    ("state_cd", "2", "매입후취소", "Cancelled after acquisition"),
    ("state_cd", "3", "가상계좌 채번", "Virtual account issued"),
    ("receipt_type", "0", "미발행", "No cash receipt"),
    ("receipt_type", "1", "소득공제", "Income deduction (personal)"),
    ("receipt_type", "2", "지출증빙", "Expense proof (business)"),
]

anything = st.one_of(st.text(), st.integers(), st.none(), st.floats(), st.booleans())


def test_kinds_cover_every_table() -> None:
    assert set(codes.KINDS) == set(COUNTS)
    assert codes.RESULT_KINDS == codes.KINDS[:11]
    assert all(kind in codes.KIND_LABELS for kind in codes.KINDS)


@pytest.mark.parametrize(("kind", "count"), COUNTS.items())
def test_table_sizes_match_the_manual(kind: str, count: int) -> None:
    assert len(codes.table(kind)) == count


@pytest.mark.parametrize(("kind", "code", "ko", "en"), SPOT)
def test_spot_checks(kind: str, code: str, ko: str, en: str) -> None:
    hit = codes.lookup(kind, code)
    assert (hit.kind, hit.code, hit.ko, hit.en, hit.known) == (kind, code, ko, en, True)
    assert hit.label() == ko and hit.label("en") == en


def test_every_entry_is_complete_and_clean() -> None:
    for kind in codes.KINDS:
        for key, entry in codes.table(kind).items():
            assert entry.code == key and entry.kind == kind and entry.known
            assert entry.ko and entry.en, (kind, key)
            assert bool(entry.hint_ko) == bool(entry.hint_en), (kind, key)
            for text in (entry.ko, entry.en, entry.hint_ko, entry.hint_en):
                assert text == text.strip() and "  " not in text
                assert not any("\u0400" <= ch <= "\u04ff" for ch in text), (kind, key)  # Cyrillic


def test_result_codes_are_unique_across_tables() -> None:
    seen = [code for kind in codes.RESULT_KINDS for code in codes.table(kind)]
    assert len(seen) == len(set(seen)) == 147


@pytest.mark.parametrize("kind", ["cancel_result", "refund_result"])
def test_every_cancel_and_refund_code_says_what_to_do(kind: str) -> None:
    assert all(entry.hint_ko and entry.hint_en for entry in codes.table(kind).values())


def test_hints_from_the_brief() -> None:
    assert codes.lookup("cancel_result", "2024").hint_ko == (
        "상점관리자(smilepay.co.kr)에 등록된 취소 비밀번호를 확인해 설정에서 다시 입력하세요."
    )
    assert codes.lookup("cancel_result", "2013").hint_ko == "이미 취소된 거래입니다. 추가 조치는 필요 없습니다."
    deadline = codes.lookup("cancel_result", "2016")
    assert "90일" in deadline.hint_ko and "180일" in deadline.hint_ko
    assert "90 days" in deadline.hint_en and "180 days" in deadline.hint_en
    assert "남은 금액" in codes.lookup("cancel_result", "2032").hint_ko


def test_broken_pdf_cells() -> None:
    assert codes.lookup("bank", "054").ko == "HSBC은행"
    assert codes.lookup("bank", "060").ko == "BOA"  # the PDF text uses Cyrillic "ВОА"
    assert codes.lookup("bank", "060").en == "Bank of America"
    assert codes.lookup("bank", "089").ko == "K뱅크"  # the PDF text uses Cyrillic "К 뱅크"
    assert codes.lookup("bank", "059").ko == "미쓰비스도쿄UFJ은행"


def test_card_companies_issuer_and_acquirer() -> None:
    citi = codes.card_company("11")
    assert citi is not None
    assert (citi.ko, citi.issuer_ko, citi.issuer_code) == ("시티", "씨티", "11")
    assert (citi.acquirer_code, citi.acquirer_ko, citi.acquirer_en) == ("01", "비씨", "BC Card")
    kakao = codes.card_company(37)
    assert kakao is not None and (kakao.acquirer_code, kakao.acquirer_ko) == ("02", "국민")
    amex = codes.card_company("28")
    assert amex is not None and (amex.acquirer_ko, amex.auth_method) == ("삼성", "VISA3D")
    lotte = codes.card_company("08")
    assert lotte is not None and lotte.auth_method == "ILK 안심클릭 또는 로코모"
    assert lotte.auth_method_en == "ILK Safe Click or Locomo"
    assert codes.card_company("99") is None and codes.card_company(None) is None


def test_card_companies_with_missing_columns() -> None:
    okcashbag, unionpay, discover, wechat = (codes.card_company(c) for c in ("31", "35", "36", "72"))
    assert okcashbag is not None and (okcashbag.acquirer_code, okcashbag.auth_method) == ("", "")
    assert unionpay is not None and (unionpay.acquirer_ko, unionpay.auth_method) == ("비씨", "")
    assert discover is not None and (discover.acquirer_code, discover.auth_method) == ("", "VISA3D")
    assert wechat is not None and wechat.acquirer_en == "" and wechat.en == "WeChat Pay"


def test_lookup_normalises_keys() -> None:
    assert codes.lookup("bank", 88).code == "088"
    assert codes.lookup("bank", " 88\n").ko == "신한은행"
    assert codes.lookup("bank", "j01").code == "J01"
    assert codes.lookup("bank", "０８８").code == "088"  # full-width digits
    assert codes.lookup("card", 4.0).ko == "삼성"  # a number cell from Excel
    assert codes.lookup("card", "\ufeff04\u200b").ko == "삼성"
    assert codes.lookup("cellphone_result", "a000").code == "A000"
    assert codes.lookup("pay_method", " card ").code == "CARD"
    assert codes.lookup("state_cd", 0).ko == "승인"


def test_unknown_codes() -> None:
    miss = codes.lookup("bank", " XYZ ")
    assert (miss.kind, miss.code, miss.known) == ("bank", "XYZ", False)
    assert miss.label() == "알 수 없음 (XYZ)" and miss.label("en") == "Unknown (XYZ)"
    assert codes.lookup("card", None).code == ""
    with pytest.raises(ValueError):
        codes.lookup("no_such_table", "01")
    with pytest.raises(ValueError):
        codes.table("no_such_table")
    with pytest.raises(ValueError):
        codes.explain("01", kind="no_such_kind")


def test_result_prefers_the_pay_methods_table() -> None:
    assert codes.result("2032").kind == "cancel_result"
    assert codes.result("3001", "CARD").kind == "card_result"
    assert codes.result(4110, "vbank").kind == "vbank_result"
    assert codes.result("kp00", "KPCD").kind == "kakao_result"
    assert codes.result("2211", "BANK").kind == "refund_result"
    assert codes.result("4000", "CARD").kind == "bank_result"  # still found in another table
    assert codes.result("9999", "TOSS").kind == "toss_result"
    assert codes.result("9999", "CLGIFT").kind == "result"
    assert not codes.result("9999").known


@pytest.mark.parametrize(
    "code",
    ["3001", "4000", "4100", "4110", "A000", "7001", "2001", "2211", "TS10", "TS20", "KP00", "4200"],
)
def test_success_codes(code: str) -> None:
    assert codes.is_success(code)
    assert codes.is_success(code.lower())


@pytest.mark.parametrize("code", ["2013", "2024", "3002", "A100", "4101", "TS11", "KP01", "", "zz"])
def test_not_success(code: str) -> None:
    assert not codes.is_success(code)


def test_is_success_with_pay_method() -> None:
    assert codes.is_success("3001", "CARD") and codes.is_success(2001, "BANK")
    assert codes.is_success("TS20", "TOSS") and not codes.is_success("TS21", "TOSS")


@pytest.mark.parametrize(
    ("value", "ko", "en"),
    [("00", "일시불", "Lump sum"), ("0", "일시불", "Lump sum"), (0, "일시불", "Lump sum"),
     ("03", "3개월 할부", "3 months"), (3, "3개월 할부", "3 months"), ("01", "1개월 할부", "1 month"),
     (" 12 ", "12개월 할부", "12 months"), (24.0, "24개월 할부", "24 months")],
)
def test_card_quota(value: object, ko: str, en: str) -> None:
    hit = codes.card_quota(value)
    assert (hit.kind, hit.ko, hit.en, hit.known) == ("card_quota", ko, en, True)


@pytest.mark.parametrize("value", ["", None, "-1", "100", "3개월", "1.5", "x"])
def test_card_quota_junk(value: object) -> None:
    hit = codes.card_quota(value)
    assert not hit.known and hit.ko.startswith("알 수 없음")


def test_explain() -> None:
    assert [h.kind for h in codes.explain("2032")] == ["cancel_result"]
    assert [h.ko for h in codes.explain("04", kind="card")] == ["삼성"]
    assert [h.ko for h in codes.explain("4", kind="card")] == ["삼성"]
    assert [h.ko for h in codes.explain("088", kind="bank")] == ["신한은행"]
    assert [h.ko for h in codes.explain("88", kind="bank")] == ["신한은행"]
    assert [h.kind for h in codes.explain("ts10", kind="result")] == ["toss_result"]
    assert [h.kind for h in codes.explain("2013", kind="cancel")] == ["cancel_result"]
    assert {h.kind for h in codes.explain("01")} == {"card", "bank", "courier"}
    assert codes.explain("3001", kind="card") == []
    assert [h.ko for h in codes.explain("6", kind="quota")] == ["6개월 할부"]
    assert codes.explain("nope") == []


@given(anything)
def test_lookup_never_raises(value: object) -> None:
    for kind in codes.KINDS:
        hit = codes.lookup(kind, value)
        assert isinstance(hit.label("ko"), str) and isinstance(hit.label("en"), str)


@given(anything, st.one_of(st.none(), st.text(), st.sampled_from(["CARD", "bank", "KAKAO"])))
def test_result_and_is_success_never_raise(value: object, pay_method: str | None) -> None:
    hit = codes.result(value, pay_method)
    assert hit.known or hit.ko == f"알 수 없음 ({hit.code})"
    assert isinstance(codes.is_success(value, pay_method), bool)


@given(anything)
def test_card_quota_and_card_company_never_raise(value: object) -> None:
    assert isinstance(codes.card_quota(value).ko, str)
    codes.card_company(value)


@given(anything, st.sampled_from([None, "card", "bank", "result", "courier", "quota"]))
def test_explain_never_raises(value: object, kind: str | None) -> None:
    assert all(hit.known for hit in codes.explain(value, kind))


def _namespace(code: str, kind: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(code=code, kind=kind, func=run_explain)


def test_cli_cancel_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_explain(_namespace("2032")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "[결제취소 결과코드 / Cancel result] 2032: 취소금액이 취소가능금액보다 큼. "
        "— Cancel amount exceeds the cancellable amount."
    )
    assert lines[1].startswith("    안내: ") and lines[2].startswith("    Next: ")


def test_cli_card_company(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_explain(_namespace("11", "card")) == 0
    out = capsys.readouterr().out
    assert "[카드사 코드 / Card company] 11: 시티 — Citi Card" in out
    assert "매입사 비씨(01)" in out and "acquirer BC Card (01)" in out


def test_cli_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_explain(_namespace("ZZ99")) == 1
    err = capsys.readouterr().err
    assert "코드를 찾을 수 없습니다" in err and "No such code" in err and "ZZ99" in err
    assert run_explain(_namespace("3001", "card")) == 1
    assert "신용카드 결과코드" in capsys.readouterr().err


def test_cli_bad_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_explain(_namespace("01", "nonsense")) == 2
    assert "Unknown kind" in capsys.readouterr().err


def test_cli_subparser_registration(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="smartro-desk")
    add_explain_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["explain", "88", "--kind", "bank"])
    assert args.func is run_explain
    assert args.func(args) == 0
    assert "088: 신한은행 — Shinhan Bank" in capsys.readouterr().out
    assert run_explain(["2013"]) == 0
    assert "이미 취소된 거래입니다" in capsys.readouterr().out
