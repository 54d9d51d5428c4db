"""snake_case field names (buyer_name, goods_name, o_tid, ...), as frameworks log a request, are the gateway's."""

from __future__ import annotations

import io
import json
import re

import pytest
from fixtures_ingest.builders import KEY, MID, notification

from smartro_desk.ingest.classify import gateway_event, key_cache
from smartro_desk.ingest.logs import LogEntry, LogReader
from smartro_desk.protocol.formcodec import encode_form

KEYS = key_cache(lambda mid: KEY if mid == MID else None)
N = {**notification(81, amount=18000), "BuyerName": "김똠얌"}
del N["Name"]


def snake(name: str) -> str:
    """``BuyerName`` -> ``buyer_name``, ``OTID`` -> ``o_tid``, ``pinNo`` -> ``pin_no``."""
    return "o_tid" if name == "OTID" else re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


@pytest.mark.parametrize("shape", ["json", "form"])
def test_snake_case_names_are_read_as_the_gateways_fields(shape: str) -> None:
    fields = {snake(k): v for k, v in N.items()}
    assert "buyer_name" in fields and "goods_name" in fields and "mall_user_id" in fields
    body = json.dumps(fields, ensure_ascii=False).encode() if shape == "json" else encode_form(fields, "cp949")
    items = list(LogReader(io.BytesIO(b"2024-03-05 16:21:00.001 INFO [exec-2] InformController - " + body + b"\n")))
    entry = items[0]
    assert isinstance(entry, LogEntry), items
    assert (entry.fields["Name"], entry.fields["GoodsName"], entry.fields["MallUserID"]) == (
        "김똠얌", N["GoodsName"], N["MallUserID"])
    assert (entry.fields["OTID"], entry.fields["pinNo"], entry.fields["BuyerEmail"], entry.fields["CardUsePoint"]) == (
        N["OTID"], N["pinNo"], N["BuyerEmail"], "0")
    event = gateway_event(entry.fields, hint=entry.hint, key_for=KEYS, line=1, raw=entry.raw)
    assert (event.buyer, event.goods, event.sign_status, event.amount) == ("김똠얌", N["GoodsName"], "verified", 18000)
