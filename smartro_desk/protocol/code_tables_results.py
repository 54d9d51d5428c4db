"""Result codes of manual §7.1–7.9, 7.13 and 7.14, transcribed completely.

Each row is ``(code, ko, en)`` or ``(code, ko, en, hint_ko, hint_en)``: the
manual's message (PDF spacing artefacts removed, e.g. "0 원" → "0원"), an
English label, and, where useful, what to do next. Pure data; the lookup API
is :mod:`smartro_desk.protocol.codes`.
"""

from __future__ import annotations

Row = tuple[str, ...]

_RETRY_KO = "잠시 후 다시 시도하고, 반복되면 TID를 알려 스마트로 고객센터에 문의하세요."
_RETRY_EN = "Try again later; if it keeps failing, contact Smartro support with the TID."
_SALES_KO = "스마트로 영업담당자에게 상점 설정을 확인해 달라고 요청하세요."
_SALES_EN = "Ask your Smartro account manager to check the merchant settings."
_CUSTOMER_KO = "고객에게 카드 정보를 확인해 다시 결제하도록 안내하세요."
_CUSTOMER_EN = "Ask the customer to check the card details and pay again."
_FULL_KO = "전체취소를 이용하거나, 차액은 고객 계좌로 직접 송금하세요."
_FULL_EN = "Use a full cancel, or pay the difference back to the customer's account directly."
_TID_KO = "TID가 정확한지, 설정의 MID와 테스트/운영 환경이 맞는지 확인하세요."
_TID_EN = "Check the TID, and that the MID and test/production setting in Settings are right."
_DIRECT_KO = "이 경로로는 돌려줄 수 없습니다. 고객 계좌로 직접 송금하세요."
_DIRECT_EN = "It cannot be refunded this way; transfer the money to the customer's account directly."

CARD_RESULT: tuple[Row, ...] = (
    ("3001", "카드 결제 성공", "Card payment approved"),
    ("3002", "VAN 실패 응답", "Declined by the VAN (card network)",
     "카드망에서 거절되었습니다. 고객에게 다시 또는 다른 카드로 결제하도록 안내하세요.",
     "The card network declined it; ask the customer to retry or use another card."),
    ("3011", "카드번호 오류", "Invalid card number", _CUSTOMER_KO, _CUSTOMER_EN),
    ("3012", "카드가맹점 정보 미확인", "Card merchant details not found", _SALES_KO, _SALES_EN),
    ("3013", "카드 가맹점 개시 안됨", "Card merchant account not yet activated",
     "카드사 가맹점 개시가 끝나지 않았습니다. 스마트로 영업담당자에게 개시 일정을 문의하세요.",
     "The card merchant account is not active yet; ask your Smartro account manager when it will be."),
    ("3014", "카드가맹점 정보 오류", "Card merchant details error", _SALES_KO, _SALES_EN),
    ("3021", "유효기간 오류", "Invalid expiry date", _CUSTOMER_KO, _CUSTOMER_EN),
    ("3022", "할부개월오류", "Invalid instalment period",
     "일시불(00) 또는 카드사가 허용하는 할부 개월수로 다시 결제하세요.",
     "Pay again as lump sum (00) or with an instalment period the card allows."),
    ("3023", "할부개월 한도 초과", "Instalment period over the limit",
     "더 짧은 할부 개월수나 일시불로 다시 결제하세요.",
     "Pay again with fewer instalments or as lump sum."),
    ("3031", "무이자할부 카드 아님", "Card not eligible for interest-free instalments"),
    ("3032", "무이자할부 불가 개월수", "Interest-free instalments not available for this period"),
    ("3033", "무이자할부 가맹점 아님", "Merchant not enrolled for interest-free instalments"),
    ("3034", "무이자할부 구분 미설정", "Interest-free instalment type not set"),
    ("3041", "금액 오류(1000원 미만 신용카드 승인 불가)",
     "Invalid amount (card payments under 1,000 KRW are not allowed)",
     "신용카드는 1,000원 이상만 결제할 수 있습니다.", "Card payments must be at least 1,000 KRW."),
    ("3051", "해외카드 미등록 가맹점", "Merchant not registered for foreign cards"),
    ("3052", "통화코드 오류", "Invalid currency code"),
    ("3053", "확인 불가 해외카드", "Foreign card could not be verified"),
    ("3054", "환률전환오류", "Currency conversion error"),
    ("3055", "인증시 달러승인 불가", "USD approval not possible with authentication"),
    ("3056", "국내카드 달러승인불가", "USD approval not possible for domestic cards"),
    ("3057", "인증 불가카드", "Card cannot be authenticated"),
    ("3061", "국민카드 인터넷안전결제 적용 가맹점", "KB Kookmin Card: merchant uses Internet Secure Payment"),
    ("3062", "신용카드 승인번호 오류", "Invalid card approval number"),
    ("3071", "매입요청 가맹점 아님", "Merchant not enabled for acquisition requests"),
    ("3072", "매입요청 TID 정보 불일치", "Acquisition request TID mismatch"),
    ("3073", "기매입 거래", "Already acquired"),
    ("3081", "카드 잔액 값 오류", "Card balance value error"),
    ("3091", "제휴카드 사용불가 가맹점", "Partner cards not accepted at this merchant"),
    ("3095", "카드사 실패 응답", "Declined by the card issuer",
     "카드사가 승인을 거절했습니다(한도, 정지 등). 고객에게 카드사 문의나 다른 카드 사용을 안내하세요.",
     "The issuer declined it (limit, blocked card…); the customer should call the issuer or use another card."),
)

BANK_RESULT: tuple[Row, ...] = (
    ("4000", "실시간계좌이체 결제 성공", "Bank transfer payment approved"),
    ("4001", "금결원 오류 응답", "Error from KFTC (clearing house)", _RETRY_KO, _RETRY_EN),
    ("4002", "회원사 서비스 불가 은행", "Bank not available for this service",
     "고객에게 다른 은행 계좌로 결제하도록 안내하세요.", "Ask the customer to pay from another bank."),
    ("4003", "출금일자 불일치", "Withdrawal date mismatch"),
    ("4004", "출금요청금액 불일치", "Withdrawal amount mismatch"),
    ("4005", "거래번호(TID) 불일치", "Transaction ID (TID) mismatch"),
    ("4006", "회신 정보 불일치", "Reply data mismatch"),
    ("4007", "실시간계좌이체 승인번호 오류", "Invalid bank transfer approval number"),
    ("4008", "은행 시스템 서비스 중단", "Bank system unavailable",
     "은행 점검 시간일 수 있습니다. 잠시 후 다시 결제하세요.",
     "The bank may be in maintenance; pay again later."),
)

VBANK_RESULT: tuple[Row, ...] = (
    ("4100", "가상계좌발급성공", "Virtual account issued",
     "계좌번호만 발급된 상태로 아직 입금 전입니다. 입금 완료(4110) 통보를 기다리세요.",
     "Only the account number was issued; nothing is paid yet. Wait for the deposit (4110)."),
    ("4110", "가상계좌입금성공", "Virtual account deposit received"),
    ("4101", "가상계좌최대거래금액초과", "Virtual account maximum amount exceeded"),
    ("4102", "가상계좌입금예정일오류", "Invalid virtual account due date"),
    ("4103", "가상계좌 입금예정시간 오류", "Invalid virtual account due time"),
    ("4104", "가상계좌 정보 오류", "Virtual account details error"),
)

CELLPHONE_RESULT: tuple[Row, ...] = (
    ("A000", "휴대폰 결제 처리 성공", "Mobile phone payment approved"),
    ("A100", "SMS 인증 요청 성공", "SMS verification sent",
     "인증번호 발송 단계일 뿐 결제 완료가 아닙니다.",
     "Only the SMS step succeeded; the payment is not complete."),
    ("A001", "휴대폰 결제 처리 실패", "Mobile phone payment failed"),
    ("A101", "휴대폰 결제 통신 실패", "Mobile phone payment communication failure"),
    ("A002", "필수입력값(거래키) 누락", "Required value missing: transaction key"),
    ("A003", "필수입력값(이통사 구분) 누락", "Required value missing: mobile carrier"),
    ("A004", "필수입력값(SMS 승인번호) 누락", "Required value missing: SMS approval number"),
    ("A005", "필수입력값(업체 TID)누락", "Required value missing: merchant TID"),
    ("A006", "필수입력값(휴대폰번호)누락", "Required value missing: phone number"),
    ("A007", "필수입력값(상품구분코드)누락", "Required value missing: product type code"),
    ("A041", "결제금액 오류", "Invalid payment amount"),
    ("A564", "휴대폰결제 ID 설정 오류", "Mobile payment ID misconfigured", _SALES_KO, _SALES_EN),
    ("A565", "휴대폰결제 ID 미설정 오류", "Mobile payment ID not set", _SALES_KO, _SALES_EN),
    ("A566", "휴대폰 결제사 설정 오류", "Mobile payment provider misconfigured", _SALES_KO, _SALES_EN),
    ("A567", "상점구분코드 설정 오류", "Merchant type code misconfigured", _SALES_KO, _SALES_EN),
    ("A568", "서비스 구분코드 설정 오류", "Service type code misconfigured", _SALES_KO, _SALES_EN),
)

CASH_RECEIPT_RESULT: tuple[Row, ...] = (
    ("7001", "현금영수증 처리성공", "Cash receipt processed"),
    ("7002", "현금영수증 종류오류", "Invalid cash receipt type"),
    ("7003", "현금영수증 중복발급", "Cash receipt already issued",
     "이미 발급된 현금영수증입니다. 다시 발급하지 마세요.",
     "The cash receipt already exists; do not issue it again."),
    ("7004", "현금영수증 취소오류", "Cash receipt cancellation error"),
    ("7005", "현금영수증 부가가치세 오류", "Cash receipt VAT error",
     "공급가액과 부가가치세 금액을 확인하세요.", "Check the supply amount and the VAT amount."),
    ("7006", "현금영수증 최대개수 초과", "Too many cash receipts"),
    ("7007", "현금영수증 요청갯수 입력오류", "Invalid number of cash receipts requested"),
    ("7010", "VAN 응답실패", "No response from the VAN", _RETRY_KO, _RETRY_EN),
    ("7011", "현금영수증 미발행 요청입니다.", "No cash receipt was requested"),
    ("7012", "현금영수증 발급불가 가맹점", "Merchant cannot issue cash receipts", _SALES_KO, _SALES_EN),
    ("00CB", "기취소 거래", "Already cancelled",
     "이미 취소된 현금영수증입니다. 추가 조치는 필요 없습니다.",
     "The cash receipt was already cancelled; nothing more to do."),
)

CANCEL_RESULT: tuple[Row, ...] = (
    ("2001", "취소 성공", "Cancelled",
     "취소가 완료되었습니다. 추가 조치는 필요 없습니다.", "The cancel went through; nothing more to do."),
    ("2002", "취소 실패", "Cancel failed", _RETRY_KO, _RETRY_EN),
    ("2003", "취소 실패", "Cancel failed", _RETRY_KO, _RETRY_EN),
    ("2010", "취소 요청금액 0원 이하", "Cancel amount is zero or less",
     "취소금액을 1원 이상으로 입력하세요.", "Enter a cancel amount of at least 1 KRW."),
    ("2011", "취소 금액 불일치", "Cancel amount mismatch",
     "전체취소는 결제금액 전액이어야 합니다. 원거래 금액과 이미 취소된 금액을 확인하세요.",
     "A full cancel must be for the whole payment; check the original and already-cancelled amounts."),
    ("2012", "취소 해당거래 없음", "Transaction not found", _TID_KO, _TID_EN),
    ("2014", "취소 불가능 거래", "Transaction cannot be cancelled",
     "이 거래는 취소할 수 없습니다(예: 가상계좌). 고객 계좌로 직접 환불하세요.",
     "This payment cannot be cancelled (e.g. virtual account); refund the customer directly."),
    ("2015", "해당거래 취소실패", "Cancelling this transaction failed", _RETRY_KO, _RETRY_EN),
    ("2016", "취소 기한 초과", "Cancel deadline passed",
     "취소 가능 기간이 지났습니다(신용카드는 결제일로부터 90일, 계좌이체는 180일, 휴대폰은 결제한 달 안). "
     "고객 계좌로 직접 환불하세요.",
     "The cancel window has passed (card: 90 days after payment, bank transfer: 180 days, "
     "mobile phone: the month of payment). Refund the customer directly."),
    ("2017", "취소 불가 회원사", "Card company or bank does not allow cancels",
     "카드사·은행 사정으로 온라인 취소가 안 됩니다. 스마트로 고객센터에 문의하세요.",
     "The card company or bank does not accept online cancels; contact Smartro support."),
    ("2018", "신용카드 매입후 취소 불가능 가맹점", "Merchant cannot cancel card payments after acquisition",
     "매입이 끝난 카드 거래입니다. 스마트로 영업담당자에게 매입후취소 허용을 요청하거나 고객에게 직접 환불하세요.",
     "The card payment is already acquired; ask Smartro to allow post-acquisition cancels, "
     "or refund the customer directly."),
    ("2019", "타 회원사 거래 취소 불가", "Cannot cancel another merchant's transaction",
     "다른 상점(MID)의 거래입니다. 설정의 MID와 TID를 확인하세요.",
     "The payment belongs to another merchant (MID); check the MID in Settings and the TID."),
    ("2021", "매입전취소 불가", "Cancel before acquisition not allowed",
     "매입이 끝난 뒤 다시 시도하거나 스마트로 고객센터에 문의하세요.",
     "Try again after acquisition, or contact Smartro support."),
    ("2022", "매입후취소 불가", "Cancel after acquisition not allowed",
     "스마트로 고객센터에 문의하거나 고객 계좌로 직접 환불하세요.",
     "Contact Smartro support, or refund the customer directly."),
    ("2023", "취소 한도 초과", "Cancel limit exceeded",
     "상점의 취소 한도를 넘었습니다. 스마트로 영업담당자에게 한도를 문의하세요.",
     "The merchant's cancel limit is used up; ask your Smartro account manager."),
    ("2024", "취소패스워드 불일치", "Wrong cancel password",
     "상점관리자(smilepay.co.kr)에 등록된 취소 비밀번호를 확인해 설정에서 다시 입력하세요.",
     "Check the cancel password registered in the merchant admin (smilepay.co.kr) "
     "and enter it again in Settings."),
    ("2025", "취소패스워드 미입력", "Cancel password missing",
     "설정에서 상점관리자(smilepay.co.kr)에 등록한 취소 비밀번호를 입력하세요.",
     "Enter the cancel password registered in the merchant admin (smilepay.co.kr) in Settings."),
    ("2026", "입금액보다 취소금액이 큼.", "Cancel amount exceeds the amount deposited",
     "입금된 금액 이하로 취소금액을 입력하세요.", "Enter a cancel amount no larger than the deposit."),
    ("2013", "취소 완료 거래임(기취소)", "Already cancelled",
     "이미 취소된 거래입니다. 추가 조치는 필요 없습니다.",
     "The payment was already cancelled; nothing more to do."),
    ("2027", "에스크로 거래는 구매 또는 구매거절 시 취소가능.",
     "Escrow: cancellable only after the buyer confirms or rejects the purchase",
     "구매자가 구매확정 또는 구매거절을 한 뒤 다시 취소하세요.",
     "Cancel again after the buyer confirms or rejects the purchase."),
    ("2028", "부분취소 불가능 가맹점", "Merchant not enabled for partial cancels",
     "전체취소를 이용하거나, 스마트로 영업담당자에게 부분취소 사용을 요청하세요.",
     "Use a full cancel, or ask your Smartro account manager to enable partial cancels."),
    ("2029", "부분취소 불가능 결제수단.", "Partial cancel not available for this pay method",
     "부분취소는 신용카드·계좌이체·가상계좌만 됩니다. 전체취소를 이용하세요.",
     "Only card, bank transfer and virtual account allow partial cancels; use a full cancel."),
    ("2030", "해당거래 부분취소 불가.", "Partial cancel not possible for this transaction",
     _FULL_KO, _FULL_EN),
    ("2031", "전체금액취소 불가.", "Full cancel not possible",
     "이미 부분취소된 거래일 수 있습니다. 남은 금액을 부분취소로 취소하세요.",
     "Part of it may already be cancelled; cancel the remaining amount as a partial cancel."),
    ("2032", "취소금액이 취소가능금액보다 큼.", "Cancel amount exceeds the cancellable amount",
     "이미 취소된 금액을 뺀 남은 금액(취소가능금액)을 확인해 그 이하로 입력하세요.",
     "Check the remaining (cancellable) amount after earlier cancels and enter no more than that."),
    ("2033", "부분취소 불가능금액. 전체취소 이용바람.", "Amount not allowed for a partial cancel; use a full cancel",
     "남은 금액 전부를 돌려주려면 전체취소를 이용하세요.", "To return the whole remaining amount, use a full cancel."),
    ("2034", "세이브결제 부분취소 불가.", "Partial cancel not possible for Save payments",
     _FULL_KO, _FULL_EN),
    ("2035", "입금완료전 전취소 불가.", "Full cancel not possible before the deposit is complete",
     "가상계좌 입금이 완료(4110)된 뒤 다시 시도하세요.",
     "Try again once the virtual account deposit is complete (4110)."),
    ("2036", "입금완료전 부분취소 불가", "Partial cancel not possible before the deposit is complete",
     "가상계좌 입금이 완료(4110)된 뒤 다시 시도하세요.",
     "Try again once the virtual account deposit is complete (4110)."),
    ("2037", "승인결제수단과 취소결제수단 다름", "Cancel pay method differs from the payment's",
     "원거래의 TID와 결제수단을 확인하세요.", "Check the TID and pay method of the original payment."),
    ("2038", "해당거래 부분취소 불가능. 매입완료 후 가능",
     "Partial cancel possible only after acquisition",
     "카드 매입이 끝난 뒤(보통 결제 후 며칠) 다시 시도하세요.",
     "Try again once the card payment is acquired (usually a few days after payment)."),
    ("2039", "취소패스워드 미설정", "Cancel password not set up",
     "상점관리자(smilepay.co.kr)에서 취소 비밀번호를 먼저 등록한 뒤 설정에 입력하세요.",
     "Register a cancel password in the merchant admin (smilepay.co.kr) first, "
     "then enter it in Settings."),
    ("2040", "부분취소 불가 서비스", "Partial cancel not available for this service",
     _FULL_KO, _FULL_EN),
    ("2041", "원거래 승인데이터와 상이함", "Does not match the original approval data",
     "TID, 금액, 서브몰 분배정보(DivideInfo)가 원거래와 같은지 확인하세요.",
     "Check that the TID, amount and sub-mall split (DivideInfo) match the original payment."),
)

REFUND_RESULT: tuple[Row, ...] = (
    ("2211", "환불 요청 성공", "Refund requested",
     "환불 요청이 접수되었습니다. 고객 계좌에 입금되기까지 시간이 걸릴 수 있습니다.",
     "The refund was accepted; it may take a while to reach the customer's account."),
    ("2212", "환불 요청 실패", "Refund request failed", _RETRY_KO, _RETRY_EN),
    ("2213", "환불 기한 초과", "Refund deadline passed",
     "계좌이체는 결제일로부터 180일까지만 환불됩니다. 고객 계좌로 직접 송금하세요.",
     "Bank transfers can be refunded only within 180 days; transfer the money to the customer directly."),
    ("2214", "환불 불가 회원사", "Bank does not allow refunds", _DIRECT_KO, _DIRECT_EN),
    ("2215", "환불 해당거래 없음", "Transaction not found for refund", _TID_KO, _TID_EN),
    ("2216", "환불 불가능 거래", "Transaction cannot be refunded", _DIRECT_KO, _DIRECT_EN),
    ("2217", "환불 요청금액 0원 이하", "Refund amount is zero or less",
     "환불금액을 1원 이상으로 입력하세요.", "Enter a refund amount of at least 1 KRW."),
    ("2218", "환불 금액 불일치", "Refund amount mismatch",
     "결제금액과 이미 환불된 금액을 확인해 남은 금액 이하로 입력하세요.",
     "Check the paid and already-refunded amounts; enter no more than what remains."),
    ("2219", "환불 완료 거래", "Already refunded",
     "이미 환불된 거래입니다. 추가 조치는 필요 없습니다.",
     "The payment was already refunded; nothing more to do."),
    ("2220", "환불 불가 가상계좌", "Virtual account cannot be refunded this way",
     _DIRECT_KO, _DIRECT_EN),
)

ACCOUNT_CHECK_RESULT: tuple[Row, ...] = (
    ("4200", "계좌성명조회 성공", "Account holder check passed"),
    ("4201", "계좌성명조회 실패", "Account holder check failed", _RETRY_KO, _RETRY_EN),
    ("4202", "계좌정보 오류", "Invalid account details",
     "은행코드와 계좌번호를 확인하세요.", "Check the bank code and the account number."),
    ("4204", "예금주성명 불일치", "Account holder name does not match",
     "고객에게 예금주 이름을 다시 확인하세요.", "Confirm the account holder's name with the customer."),
    ("4242", "연동업체코드 미설정", "Integration partner code not set", _SALES_KO, _SALES_EN),
)

TRANSFER_RESULT: tuple[Row, ...] = (
    ("4300", "입금등록성공", "Deposit registered"),
    ("4301", "취소등록성공", "Cancellation registered"),
    ("4311", "환불등록성공", "Refund registered"),
    ("4313", "이체(환불,입금)등록실패", "Transfer (refund/deposit) registration failed", _RETRY_KO, _RETRY_EN),
    ("4314", "이체(환불)완료", "Transfer (refund) completed"),
    ("4315", "이체(입금)완료", "Transfer (deposit) completed"),
    ("4316", "이체요청 금액 0원 이하", "Transfer amount is zero or less",
     "이체금액을 1원 이상으로 입력하세요.", "Enter a transfer amount of at least 1 KRW."),
    ("4317", "원거래승인금액보다 환불금액이 큼", "Refund amount exceeds the original payment",
     "원거래 승인금액 이하로 입력하세요.", "Enter no more than the original payment amount."),
    ("4318", "환불금액이 환불가능금액보다 큼", "Refund amount exceeds the refundable amount",
     "이미 환불된 금액을 뺀 남은 금액 이하로 입력하세요.",
     "Enter no more than what remains after earlier refunds."),
    ("4319", "이체 수수료 미등록", "Transfer fee not set up", _SALES_KO, _SALES_EN),
    ("4320", "이체등록취소 불가(원거래 없음)", "Cannot cancel the transfer (original not found)",
     _TID_KO, _TID_EN),
    ("4321", "이체등록취소 불가(이체 진행중)", "Cannot cancel the transfer (transfer in progress)",
     "이체가 진행 중입니다. 완료 여부를 확인한 뒤 처리하세요.",
     "The transfer is under way; check whether it completed before doing anything else."),
)

TOSS_RESULT: tuple[Row, ...] = (
    ("TS10", "결제승인 성공", "Toss payment approved"),
    ("TS11", "결제승인 실패", "Toss payment declined"),
    ("TS12", "인증 TID 누락", "Authentication TID missing"),
    ("TS13", "토스 승인요청금액오류(0원)", "Toss approval amount error (0 KRW)"),
    ("TS20", "결제환불 성공", "Toss refund completed",
     "환불이 완료되었습니다. 추가 조치는 필요 없습니다.", "The refund went through; nothing more to do."),
    ("TS21", "토스 결제환불 실패", "Toss refund failed", _RETRY_KO, _RETRY_EN),
    ("TS22", "토스 부분취소 불가 금액", "Amount not allowed for a Toss partial cancel",
     _FULL_KO, _FULL_EN),
    ("TS80", "CPID 설정오류", "Toss CPID misconfigured", _SALES_KO, _SALES_EN),
    ("TS81", "CPID 미설정오류", "Toss CPID not set", _SALES_KO, _SALES_EN),
    ("TS90", "TOSS 전문 송수신 실패", "Toss message exchange failed", _RETRY_KO, _RETRY_EN),
    ("TS91", "TOSS 통신 실패", "Toss communication failure", _RETRY_KO, _RETRY_EN),
)

KAKAO_RESULT: tuple[Row, ...] = (
    ("KP00", "카카오페이 결제 성공", "Kakao Pay payment approved"),
    ("KP01", "카카오페이 결제 실패", "Kakao Pay payment failed"),
    ("KP11", "정의되지 않은 서비스타입", "Undefined service type", _SALES_KO, _SALES_EN),
    ("KP12", "카카오페이 인증 실패", "Kakao Pay authentication failed"),
)

RESULT_TABLES: dict[str, tuple[Row, ...]] = {
    "card_result": CARD_RESULT,
    "bank_result": BANK_RESULT,
    "vbank_result": VBANK_RESULT,
    "cellphone_result": CELLPHONE_RESULT,
    "cash_receipt_result": CASH_RECEIPT_RESULT,
    "cancel_result": CANCEL_RESULT,
    "refund_result": REFUND_RESULT,
    "account_check_result": ACCOUNT_CHECK_RESULT,
    "transfer_result": TRANSFER_RESULT,
    "toss_result": TOSS_RESULT,
    "kakao_result": KAKAO_RESULT,
}

SUCCESS_CODES: dict[str, frozenset[str]] = {
    "card_result": frozenset({"3001"}),
    "bank_result": frozenset({"4000"}),
    "vbank_result": frozenset({"4100", "4110"}),
    "cellphone_result": frozenset({"A000"}),
    "cash_receipt_result": frozenset({"7001"}),
    "cancel_result": frozenset({"2001"}),
    "refund_result": frozenset({"2211"}),
    "account_check_result": frozenset({"4200"}),
    "transfer_result": frozenset({"4300", "4301", "4311", "4314", "4315"}),
    "toss_result": frozenset({"TS10", "TS20"}),
    "kakao_result": frozenset({"KP00"}),
}
