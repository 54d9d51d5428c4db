"""Smartro WEBLink code tables (manual §7, §3.1 #1–2, §6.4 #14/#24), as pure data.

Korean labels are the manual's text with PDF artefacts removed (stray spaces
between Latin and Hangul, Cyrillic look-alikes in "BOA" and "K뱅크", cells
split over lines); English labels are ours. Result codes live in
:mod:`code_tables_results` and are re-exported here. Rows are
``(code, ko, en)`` or ``(code, ko, en, hint_ko, hint_en)``.
"""

from __future__ import annotations

from smartro_desk.protocol.code_tables_results import RESULT_TABLES, SUCCESS_CODES, Row

__all__ = [
    "AUTH_METHODS_EN", "BANKS", "CARD_COMPANIES", "COURIERS", "KAKAO_PAY_TYPES", "KIND_LABELS",
    "PAY_METHODS", "RECEIPT_TYPES", "RESULT_TABLES", "Row", "STATE_CDS", "SUCCESS_CODES",
]

# §7.10: (issuer code, card, English, issuer name, acquirer code, acquirer name, auth method).
# Codes 31, 35, 36 and 72 are printed with only some of these columns.
CARD_COMPANIES: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("01", "비씨", "BC Card", "비씨", "01", "비씨", "ISP"),
    ("02", "국민", "KB Kookmin Card", "국민", "02", "국민", "ISP"),
    ("03", "하나(구외환)", "Hana Card (ex-KEB)", "하나(구외환)", "03", "하나(구외환)", "ILK 안심클릭"),
    ("04", "삼성", "Samsung Card", "삼성", "04", "삼성", "Polaris 안심클릭"),
    ("06", "신한", "Shinhan Card", "신한", "06", "신한", "Polaris 안심클릭"),
    ("07", "현대", "Hyundai Card", "현대", "07", "현대", "Polaris 안심클릭"),
    ("08", "롯데", "Lotte Card", "롯데", "08", "롯데", "ILK 안심클릭 또는 로코모"),
    ("11", "시티", "Citi Card", "씨티", "01", "비씨", "ILK 안심클릭"),
    ("12", "농협", "NH Nonghyup Card", "농협", "12", "농협", "Polaris 안심클릭"),
    ("13", "수협", "Suhyup Card", "수협", "01", "비씨", "ISP"),
    ("14", "신협", "Shinhyup (credit union)", "신협", "01", "비씨", "ISP"),
    ("15", "우리", "Woori Card", "우리", "01", "비씨", "ISP"),
    ("16", "하나", "Hana Card", "하나카드", "16", "하나카드", "ILK 안심클릭"),
    ("21", "광주", "Kwangju Bank", "광주", "01", "비씨", "ISP"),
    ("22", "전북", "Jeonbuk Bank", "전북", "01", "비씨", "ISP"),
    ("23", "제주", "Jeju Bank", "제주", "01", "비씨", "ISP"),
    ("24", "산은캐피탈", "KDB Capital", "산은캐피탈", "01", "비씨", "ISP"),
    ("32", "우체국체크", "Korea Post check card", "우체국", "01", "비씨", "ISP"),
    ("33", "새마을금고", "MG Saemaul Geumgo", "새마을금고", "01", "비씨", "ISP"),
    ("34", "KDB산업은행", "KDB Korea Development Bank", "KDB산업은행", "01", "비씨", "ISP"),
    ("37", "카카오", "Kakao Bank", "카카오", "02", "국민", "ISP"),
    ("38", "교보증권체크", "Kyobo Securities check card", "교보증권체크", "01", "비씨", "ISP"),
    ("39", "유진투자증권체크", "Eugene Investment check card", "유진투자증권체크", "01", "비씨", "ISP"),
    ("40", "KB증권체크", "KB Securities check card", "KB증권체크", "01", "비씨", "ISP"),
    ("41", "IBK", "IBK Industrial Bank of Korea", "IBK", "01", "비씨", "ISP"),
    ("42", "저축은행", "Savings banks", "저축은행", "01", "비씨", "ISP"),
    ("43", "K뱅크", "K Bank", "K뱅크", "01", "비씨", "ISP"),
    ("44", "SK증권체크", "SK Securities check card", "SK증권체크", "01", "비씨", "ISP"),
    ("45", "NH투자증권체크", "NH Investment check card", "NH투자증권체크", "01", "비씨", "ISP"),
    ("25", "VISA", "Visa", "VISA", "03", "하나(구외환)", "VISA3D"),
    ("26", "MASTER", "Mastercard", "MASTER", "03", "하나(구외환)", "VISA3D"),
    ("27", "DINERS", "Diners Club", "DINERS", "07", "현대", "VISA3D"),
    ("28", "AMX", "American Express", "AMX", "04", "삼성", "VISA3D"),
    ("29", "JCB", "JCB", "JCB", "03", "하나(구외환)", "VISA3D"),
    ("31", "SK-OKCashBag", "SK OK Cashbag", "", "", "", ""),
    ("35", "UnionPay", "UnionPay", "", "01", "비씨", ""),
    ("36", "DISCOVER", "Discover", "", "", "", "VISA3D"),
    ("72", "WeChat", "WeChat Pay", "", "", "", ""),
    ("46", "카카오페이비씨", "Kakao Pay BC", "카카오페이", "01", "비씨", "ISP"),
)

AUTH_METHODS_EN: dict[str, str] = {
    "ISP": "ISP",
    "ILK 안심클릭": "ILK Safe Click",
    "Polaris 안심클릭": "Polaris Safe Click",
    "ILK 안심클릭 또는 로코모": "ILK Safe Click or Locomo",
    "VISA3D": "VISA3D",
}

# §7.11, in the manual's order.
BANKS: tuple[Row, ...] = (
    ("001", "한국은행", "Bank of Korea"),
    ("002", "산업은행", "KDB Korea Development Bank"),
    ("003", "기업은행", "IBK Industrial Bank of Korea"),
    ("004", "국민은행", "KB Kookmin Bank"),
    ("005", "외환은행", "KEB Korea Exchange Bank"),
    ("007", "수협중앙회", "Suhyup Bank"),
    ("008", "수출입은행", "Export-Import Bank of Korea"),
    ("011", "농협중앙회", "NH Nonghyup Bank"),
    ("012", "농협회원조합", "Nonghyup member cooperatives"),
    ("020", "우리은행", "Woori Bank"),
    ("023", "SC제일은행", "SC First Bank (Standard Chartered)"),
    ("027", "한국시티은행", "Citibank Korea"),
    ("031", "대구은행", "Daegu Bank"),
    ("032", "부산은행", "Busan Bank"),
    ("034", "광주은행", "Kwangju Bank"),
    ("035", "제주은행", "Jeju Bank"),
    ("037", "전북은행", "Jeonbuk Bank"),
    ("039", "경남은행", "Kyongnam Bank"),
    ("045", "새마을금고연합회", "MG Saemaul Geumgo"),
    ("048", "신협중앙회", "Shinhyup (credit unions)"),
    ("050", "상호저축은행", "Mutual savings banks"),
    ("081", "하나은행", "Hana Bank"),
    ("088", "신한은행", "Shinhan Bank"),
    ("051", "중국은행", "Bank of China"),
    ("052", "모건스텐리은행", "Morgan Stanley Bank"),
    ("054", "HSBC은행", "HSBC"),
    ("055", "도이치은행", "Deutsche Bank"),
    ("056", "에이비엔암로은행", "ABN AMRO Bank"),
    ("057", "제이피모간체이스은행", "JPMorgan Chase Bank"),
    ("058", "미즈호코퍼레이트은행", "Mizuho Corporate Bank"),
    ("059", "미쓰비스도쿄UFJ은행", "Bank of Tokyo-Mitsubishi UFJ"),
    ("060", "BOA", "Bank of America"),
    ("071", "정보통신부 우체국", "Korea Post"),
    ("076", "신용보증기금", "Korea Credit Guarantee Fund"),
    ("077", "기술신용보증기금", "Korea Technology Finance Corporation"),
    ("093", "한국주택금융공사", "Korea Housing Finance Corporation"),
    ("094", "서울보증보험", "Seoul Guarantee Insurance"),
    ("095", "경찰청", "Korean National Police Agency"),
    ("099", "금융결제원", "KFTC (clearing house)"),
    ("209", "동양종합금융증권(유안타)", "Tongyang Securities (Yuanta)"),
    ("218", "현대증권", "Hyundai Securities"),
    ("230", "미래에셋증권", "Mirae Asset Securities"),
    ("238", "대우증권", "Daewoo Securities"),
    ("240", "삼성증권", "Samsung Securities"),
    ("243", "한국투자증권", "Korea Investment & Securities"),
    ("247", "우리투자증권", "Woori Investment & Securities"),
    ("261", "교보증권", "Kyobo Securities"),
    ("262", "하이투자증권", "Hi Investment & Securities"),
    ("263", "에이치엠씨투자증권", "HMC Investment Securities"),
    ("264", "키움증권", "Kiwoom Securities"),
    ("265", "이트레이드증권", "eTrade Securities"),
    ("266", "에스케이증권", "SK Securities"),
    ("267", "대신증권", "Daishin Securities"),
    ("268", "솔로몬투자증권", "Solomon Investment & Securities"),
    ("269", "한화증권", "Hanwha Securities"),
    ("270", "하나대투증권", "Hana Daetoo Securities"),
    ("278", "굿모닝신한증권", "Good Morning Shinhan Securities"),
    ("279", "동부증권", "Dongbu Securities"),
    ("280", "유진투자증권", "Eugene Investment & Securities"),
    ("287", "메리츠증권", "Meritz Securities"),
    ("289", "엔에이치투자증권", "NH Investment & Securities"),
    ("290", "부국증권", "Bookook Securities"),
    ("291", "신영증권", "Shinyoung Securities"),
    ("292", "엘아이지투자증권", "LIG Investment & Securities"),
    ("J01", "미쓰이스미모토", "Sumitomo Mitsui Banking"),
    ("089", "K뱅크", "K Bank"),
    ("090", "카카오뱅크", "Kakao Bank"),
)

# §7.12 (escrow DeliveryCode, §3.1 #41).
COURIERS: tuple[Row, ...] = (
    ("01", "CJ대한통운", "CJ Logistics"),
    ("02", "옐로우캡", "Yellow Cap"),
    ("03", "로젠택배", "Logen"),
    ("04", "KG로지스", "KG Logis"),
    ("05", "우체국택배", "Korea Post parcel"),
    ("06", "한진택배", "Hanjin"),
    ("07", "롯데택배", "Lotte Logistics"),
    ("08", "KGB택배", "KGB"),
    ("09", "GTX로직스", "GTX Logis"),
    ("10", "대신택배", "Daesin"),
    ("11", "일양로지스", "Ilyang Logis"),
    ("12", "경동택배", "Kyungdong"),
    ("13", "합동택배", "Hapdong"),
    ("14", "천일택배", "Chunil"),
    ("15", "편의점택배", "Convenience-store parcel"),
    ("16", "FEDEX", "FedEx"),
    ("17", "UPS", "UPS"),
    ("18", "TNT", "TNT"),
    ("19", "GSM NtoN", "GSM NtoN"),
    ("20", "성원글로벌", "Sungwon Global"),
    ("21", "범한판토스", "Pantos"),
    ("22", "ACI Express", "ACI Express"),
    ("23", "대운글로벌", "Daewoon Global"),
    ("24", "CJ대한통운국제특송", "CJ Logistics international express"),
    ("25", "USPS", "USPS"),
    ("26", "i-percel", "i-Parcel"),
    ("27", "AIR BOY Express", "Air Boy Express"),
    ("28", "EMS", "EMS"),
    ("29", "한덱스", "Handex"),
    ("30", "DHL", "DHL"),
    ("31", "KGL네트웍트", "KGL Network"),
    ("32", "굿투럭", "Goodtoluck"),
    ("33", "건영택배", "Kunyoung"),
    ("34", "SLX택배", "SLX"),
    ("35", "SF-Express", "SF Express"),
    ("36", "한서호남택배", "Hanseo Honam"),
)

# §3.1 #1, with the cancel window of each method (§5.1) as its hint.
PAY_METHODS: tuple[Row, ...] = (
    ("CARD", "신용카드", "Credit card",
     "결제일로부터 90일까지 취소할 수 있고, 부분취소도 됩니다.",
     "Can be cancelled within 90 days of payment; partial cancels allowed."),
    ("BANK", "계좌이체", "Bank transfer",
     "결제일로부터 180일까지 취소(환불)할 수 있고, 부분취소도 됩니다.",
     "Can be cancelled (refunded) within 180 days; partial cancels allowed."),
    ("VBANK", "가상계좌", "Virtual account",
     "취소할 수 없습니다. 상점이 고객 계좌로 직접 환불해야 합니다.",
     "Cannot be cancelled; the merchant refunds the customer directly."),
    ("CELLPHONE", "휴대폰", "Mobile phone",
     "결제한 달 안에만 취소할 수 있습니다.", "Can be cancelled only within the month of payment."),
    ("CLGIFT", "문화상품권", "Culture gift card",
     "취소 기한이 없습니다.", "Can be cancelled at any time."),
    ("TOSS", "토스", "Toss"),
    ("KAKAO", "카카오", "Kakao Pay"),
)

# §3.1 #2: Kakao PayType.
KAKAO_PAY_TYPES: tuple[Row, ...] = (
    ("KPCD", "신용카드", "Kakao Pay card"),
    ("KPMY", "머니", "Kakao Pay Money"),
)

# §6.4 #14 (manual: "0:승인, 1:전취소 2:후취소 3:가상계좌채번").
STATE_CDS: tuple[Row, ...] = (
    ("0", "승인", "Approved"),
    ("1", "매입전취소", "Cancelled before acquisition"),
    ("2", "매입후취소", "Cancelled after acquisition"),
    ("3", "가상계좌 채번", "Virtual account issued",
     "계좌번호만 발급된 상태로 아직 입금 전입니다.", "Only the account number was issued; nothing is paid yet."),
)

# §6.4 #24.
RECEIPT_TYPES: tuple[Row, ...] = (
    ("0", "미발행", "No cash receipt"),
    ("1", "소득공제", "Income deduction (personal)"),
    ("2", "지출증빙", "Expense proof (business)"),
)

# Table names as shown to people: kind → (Korean, English).
KIND_LABELS: dict[str, tuple[str, str]] = {
    "card_result": ("신용카드 결과코드", "Card result"),
    "bank_result": ("실시간 계좌이체 결과코드", "Bank transfer result"),
    "vbank_result": ("가상계좌 결과코드", "Virtual account result"),
    "cellphone_result": ("휴대폰 결과코드", "Mobile phone result"),
    "cash_receipt_result": ("현금영수증 결과코드", "Cash receipt result"),
    "cancel_result": ("결제취소 결과코드", "Cancel result"),
    "refund_result": ("계좌이체 결제환불 결과코드", "Bank transfer refund result"),
    "account_check_result": ("계좌성명조회 결과코드", "Account holder check result"),
    "transfer_result": ("입금이체(환불) 결과코드", "Transfer/refund service result"),
    "toss_result": ("토스 결과코드", "Toss result"),
    "kakao_result": ("카카오 결과코드", "Kakao result"),
    "result": ("결과코드", "Result code"),
    "card": ("카드사 코드", "Card company"),
    "bank": ("은행코드", "Bank code"),
    "courier": ("택배사 코드", "Courier code"),
    "pay_method": ("지불수단", "Pay method"),
    "kakao_pay_type": ("카카오 결제타입", "Kakao pay type"),
    "state_cd": ("승인취소구분", "Approval/cancel state"),
    "receipt_type": ("현금영수증 유형", "Cash receipt type"),
    "card_quota": ("할부개월", "Instalments"),
}
