"""Smartro's published test merchants (§4.4). Their keys are public test keys.

They are the sandbox's accounts and the demo data's merchants; a production
merchant's key never lives in code or files (see ``smartro_desk.secrets``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TestMerchant:
    mid: str
    name: str
    merchant_key: str
    cancel_password: str = "123456"  # §4.6: the demo cancel password
    sub_mall_mids: tuple[str, ...] = field(default=())


TEST_MERCHANTS: dict[str, TestMerchant] = {
    m.mid: m
    for m in (
        TestMerchant(
            "SMTPAY001m",
            "테스트 상점 1",
            "0/4GFsSd7ERVRGX9WHOzJ96GyeMTwvIaKSWUCKmN3fDklNRGw3CualCFoMPZaS99YiFGOuwtzTkrLo4bR4V+Ow==",
        ),
        TestMerchant(
            "SMTPAY002m",
            "테스트 상점 2",
            "nja3kmcUhyD8hQIS51wxFYCYXEWP530/qWB1/LjLPGNch9KeOPtnWYgLghLBUFOUShq4g3uYTMwL9f8164XLOw==",
        ),
        TestMerchant(
            "ECTEST001m",
            "에스크로 테스트 상점",
            "3j5b2KVte4k1OIL8npp9HUej9YYwPUbCsEoJbIjO+2WH4OMYuVYCOzdUpzgtqvxIuexccWxLS3e+MVrWk6Dyvw==",
        ),
        TestMerchant(
            "SMTSUB001m",
            "서브몰 정산 테스트 상점",
            "PM7IViyy42d6cXvC71SgqGLc+X5U0RD77WaDL1uO0M/6+wE+qDy+H2dpz0ZPiI0TvtQK1y+Nf7D0mresKepjyw==",
            sub_mall_mids=("SMTSUB002m", "SMTSUB003m", "SMTSUB004m"),
        ),
    )
}
