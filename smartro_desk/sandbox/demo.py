"""A realistic month of notifications from the sandbox, for demos and import tests."""

from __future__ import annotations

import random
from calendar import monthrange
from datetime import datetime, timedelta
from typing import Any

from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.protocol.formcodec import encode_form
from smartro_desk.protocol.hashes import sign_value
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.protocol.records import CancelRequest
from smartro_desk.sandbox.server import Sandbox

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = (
    "민준", "서연", "지훈", "하은", "도윤", "수빈", "예준", "지민", "현우", "채원", "승민",
    "유진", "태희", "정숙", "영호", "미경", "상철", "은지", "동현", "가영",
)
CP949_NAMES = ("김똠순", "이햏숙", "박똠이", "최햏민")  # syllables outside strict EUC-KR
GOODS: tuple[tuple[str, int, int], ...] = (  # name, lowest, highest price (won)
    ("유기농 사과 5kg", 25_000, 42_000), ("제주 감귤 10kg", 22_000, 35_000),
    ("한우 등심 선물세트", 89_000, 240_000), ("무선 블루투스 이어폰", 39_000, 189_000),
    ("겨울 구스다운 패딩", 129_000, 399_000), ("스테인리스 텀블러 500ml", 12_900, 29_000),
    ("유아용 물티슈 10팩", 11_900, 19_800), ("국산 참기름 350ml", 9_800, 18_000),
    ("남성 기능성 러닝화", 59_000, 159_000), ("프리미엄 김 선물세트", 19_800, 49_000),
    ("전자책 정기구독 1개월", 9_900, 14_900), ("노트북 거치대", 15_900, 45_000),
    ("홍삼정 스틱 30포", 49_000, 129_000), ("캠핑용 접이식 의자", 32_000, 78_000),
    ("여성 니트 가디건", 29_000, 89_000), ("강아지 사료 6kg", 27_000, 64_000),
)
SUB_GOODS = {"SMTSUB002m": "주방용품", "SMTSUB003m": "생활잡화", "SMTSUB004m": "식품"}
CARD_WEIGHTS = {"04": 18, "06": 18, "02": 16, "07": 12, "08": 9, "01": 8, "12": 6, "16": 5,
                "15": 3, "03": 2, "11": 1, "37": 2}
BANK_CODES = ("004", "088", "020", "081", "011", "003", "090", "089")
QUOTAS = ("02", "03", "06", "10", "12")
MAIL_DOMAINS = ("naver.com", "daum.net", "gmail.com", "hanmail.net", "kakao.com")


def demo_month(
    year: int, month: int, *, seed: int = 0, count: int = 300, sandbox: Sandbox | None = None
) -> list[bytes]:
    """Create ``count`` payments in ``sandbox`` (a fresh one by default) and return
    the EUC-KR notification bodies the gateway would post, in delivery order.

    Mostly CARD (card companies of §7.10, some instalments), some BANK, a few
    CELLPHONE, VBANK issued (state 3) then deposited (state 0), with exactly one
    account issued and never deposited, SMTSUB001m payments split with
    DivideInfo, and full and partial cancels applied through the sandbox's own
    cancel rules (state 1). Some buyer names hold CP949-only syllables (똠, 햏).

    Duplicates: a few bodies are delivered twice, byte for byte (a retry).
    Tampering: exactly one extra body is a copy of a genuine CARD approval whose
    **SignValue was forged** (signed with a wrong key); every other field equals
    the genuine record, so only the SignValue check reveals it.
    Deterministic for (year, month, seed, count) with a fresh sandbox.
    """
    rng = random.Random(f"{year}-{month}-{seed}-{count}")
    first = datetime(year, month, 1)
    last = first + timedelta(days=monthrange(year, month)[1]) - timedelta(seconds=1)
    sandbox = sandbox or Sandbox(now=lambda: last)
    with sandbox.batch():
        return _month(sandbox, rng, first, last, count)


def _month(sandbox: Sandbox, rng: random.Random, first: datetime, last: datetime, count: int) -> list[bytes]:
    events: list[tuple[datetime, bytes]] = []
    times = sorted(_moment(rng, first, last) for _ in range(count))
    methods = _methods(rng, count)
    undeposited = next((i for i, m in enumerate(methods) if m == "VBANK"), None)
    payments: list[dict[str, Any]] = []
    for i, (when, method) in enumerate(zip(times, methods)):
        mid = _merchant(rng, method)
        payment = _create(sandbox, rng, i, mid, method, when, last, deposit=i != undeposited)
        payments.append(payment)
        if method == "VBANK":
            events.append((when, sandbox.notification_body(payment["tid"], "vbank_issued")))
            if payment["deposited_at"] is not None:
                body = sandbox.notification_body(payment["tid"], "vbank_deposit")
                events.append((payment["deposited_at"], body))
        else:
            events.append((when, sandbox.notification_body(payment["tid"], "approval")))
    for payment, amounts in _cancel_plan(rng, payments):
        at = payment["approved_at"]
        for amount, partial in amounts:
            at = (at + (last - at) * rng.uniform(0.05, 0.5)).replace(microsecond=0)
            _cancel(sandbox, rng, payment, amount, partial, at)
            events.append((at, sandbox.notification_body(payment["tid"], "cancel")))
    events.sort(key=lambda e: e[0])
    bodies = [body for _, body in events]
    _add_retries(rng, bodies)
    _add_forgery(rng, sandbox, payments, bodies)
    return bodies


def _moment(rng: random.Random, first: datetime, last: datetime) -> datetime:
    """A purchase time: any day, mostly between 09:00 and 24:00."""
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    hour = rng.choice(range(9, 24)) if rng.random() < 0.9 else rng.randrange(0, 9)
    return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))


def _methods(rng: random.Random, count: int) -> list[str]:
    """Pay methods with fixed shares (at least two VBANK and CELLPHONE when possible)."""
    vbank = max(2, count * 8 // 100)
    cellphone = max(2, count * 6 // 100)
    bank = max(1, count * 12 // 100)
    methods = ["VBANK"] * vbank + ["CELLPHONE"] * cellphone + ["BANK"] * bank
    methods = (methods + ["CARD"] * count)[:count]
    rng.shuffle(methods)
    return methods


def _merchant(rng: random.Random, method: str) -> str:
    if method in ("CARD", "BANK") and rng.random() < 0.15:
        return "SMTSUB001m"
    return rng.choices(("SMTPAY001m", "SMTPAY002m", "ECTEST001m"), (55, 30, 15))[0]


def _create(
    sandbox: Sandbox, rng: random.Random, index: int, mid: str, method: str,
    when: datetime, last: datetime, *, deposit: bool,
) -> dict[str, Any]:
    goods, low, high = rng.choice(GOODS)
    if method == "CELLPHONE":
        amount = rng.randrange(5_000, 50_001, 100)
    else:
        amount = rng.randrange(low, high + 1, 100)
    buyer = CP949_NAMES[index % len(CP949_NAMES)] if index % 37 == 3 else rng.choice(SURNAMES) + rng.choice(GIVEN)
    divide: list[SubMallShare] = []
    if mid == "SMTSUB001m":
        malls = rng.sample(sorted(SUB_GOODS), rng.randint(2, 3))
        amount = sum(shares := [rng.randrange(5_000, 60_001, 100) for _ in malls])
        divide = [SubMallShare(m, a, SUB_GOODS[m]) for m, a in zip(malls, shares)]
        goods = f"{SUB_GOODS[malls[0]]} 외 {len(malls) - 1}건"
    user = f"{rng.choice('abcdehjkmnpsty')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{rng.randrange(10, 9999)}"
    deposited = None
    if method == "VBANK" and deposit:
        deposited = (when + (last - when) * rng.uniform(0.01, 0.2)).replace(microsecond=0)
    return sandbox.create_payment(
        mid, method, amount, order_id=f"ORD{when:%Y%m%d}-{index + 1:05d}", goods=goods, buyer=buyer,
        approved_at=when, fn_cd=rng.choices(list(CARD_WEIGHTS), list(CARD_WEIGHTS.values()))[0],
        bank_code=rng.choice(BANK_CODES),
        card_quota=rng.choice(QUOTAS) if amount >= 50_000 and rng.random() < 0.3 else "00",
        divide=divide, buyer_email=f"{user}@{rng.choice(MAIL_DOMAINS)}",
        buyer_tel=f"010-{rng.randrange(2000, 9999)}-{rng.randrange(0, 9999):04d}",
        mall_user_id=user, deposited_at=deposited,
    )


def _cancel_plan(rng: random.Random, payments: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[tuple[int, bool]]]]:
    """Which payments get cancelled: (payment, [(amount, partial), ...])."""
    cancellable = [p for p in payments if p["pay_method"] in ("CARD", "BANK")]
    phones = [p for p in payments if p["pay_method"] == "CELLPHONE"]
    picked = rng.sample(cancellable, min(len(cancellable), max(6, len(payments) // 12)))
    plan: list[tuple[dict[str, Any], list[tuple[int, bool]]]] = []
    for n, payment in enumerate(picked):
        amount = payment["amount"]
        if payment["divide"]:  # a whole sub-mall's share back, or everything
            steps = [(payment["divide"][0]["amt"], True)] if n % 2 else [(amount, False)]
            plan.append((payment, steps))
        elif n % 3 == 0:
            plan.append((payment, [(amount, False)]))
        elif n % 3 == 1:
            plan.append((payment, [(_part(rng, payment), True)]))
        else:  # two partial cancels, then (sometimes) a full cancel of the rest
            part = _part(rng, payment)
            second = min(_part(rng, payment), amount - part - 100)
            steps = [(part, True)] + ([(second, True)] if second > 0 else [])
            rest = amount - sum(a for a, _ in steps)
            plan.append((payment, steps + ([(rest, False)] if n % 2 == 0 else [])))
    if phones:
        plan.append((phones[0], [(phones[0]["amount"], False)]))
    return plan


def _part(rng: random.Random, payment: dict[str, Any]) -> int:
    """A partial amount: 10–40 % of the payment, in hundreds of won."""
    return max(100, int(payment["amount"] * rng.uniform(0.1, 0.4)) // 100 * 100)


def _cancel(sandbox: Sandbox, rng: random.Random, payment: dict[str, Any], amount: int, partial: bool, at: datetime) -> None:
    merchant = TEST_MERCHANTS[payment["mid"]]
    shares: tuple[SubMallShare, ...] = ()
    if partial and payment["divide"]:
        first = payment["divide"][0]
        shares = (SubMallShare(first["mid"], amount, first["goods_name"]),)
    reason = rng.choice(("고객 변심", "상품 품절", "배송 지연", "부분 반품", "주문 실수"))
    request = CancelRequest.build(
        payment["tid"], merchant.merchant_key, merchant.cancel_password, amount, reason, partial, shares
    )
    answer = sandbox.cancel(request.to_fields(), at=at)
    if answer["ResultCode"] not in ("2001", "2211"):
        raise RuntimeError(f"demo cancel refused: {answer['ResultCode']} {answer['ResultMsg']}")


def _add_retries(rng: random.Random, bodies: list[bytes]) -> None:
    """Deliver a few bodies a second time, a little later (the gateway's retries)."""
    for _ in range(max(2, len(bodies) // 50)):
        i = rng.randrange(len(bodies))
        bodies.insert(min(len(bodies), i + rng.randint(1, 6)), bodies[i])


def _add_forgery(rng: random.Random, sandbox: Sandbox, payments: list[dict[str, Any]], bodies: list[bytes]) -> None:
    """Insert one copy of a CARD approval with a forged SignValue."""
    cards = [p for p in payments if p["pay_method"] == "CARD"]
    if not cards:
        return
    target = rng.choice(cards)
    fields = sandbox.notification_fields(target["tid"], "approval")
    fields["SignValue"] = sign_value(fields["TID"], fields["ResultCode"], "forged-" + target["mid"])
    genuine = sandbox.notification_body(target["tid"], "approval")
    at = bodies.index(genuine) + rng.randint(1, 10)
    bodies.insert(min(at, len(bodies)), encode_form(fields, "euc-kr"))
