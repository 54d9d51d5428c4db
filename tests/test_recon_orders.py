"""Reconciliation: the order list against the gateway's payments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from recon_support import MID, add, add_orders, event, kinds, only, order, paid, run, tid

from smartro_desk.ledger import Ledger
from smartro_desk.protocol.hashes import encrypt_data
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.recon import ReconSettings, reconcile
from smartro_desk.secrets import Secrets


@pytest.fixture
def ledger(ledger_location: str | Path) -> Iterator[Ledger]:
    led = Ledger.open(ledger_location, actor="tester")
    yield led
    led.close()


def test_clean_month_has_no_findings(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000), order("ORD-2", 5_000, at="2024-03-31 23:00:00")])
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2, at="240331230500"), 5_000, "ORD-2",
                                                     at="2024-03-31 23:05:00"))
    result = run(ledger)
    assert result.findings == []
    assert result.totals["transactions"] == 2 and result.totals["orders"] == 2


def test_amount_mismatch_carries_both_amounts(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000)])
    add(ledger, paid(tid(1), 1_000, "ORD-1"))
    found = only(run(ledger), "amount_mismatch")
    assert (found.requested, found.returned, found.amount, found.severity) == (10_000, 1_000, 9_000, "high")
    assert found.key == f"amount_mismatch:{tid(1)}" and found.label_ko == "요청 금액과 승인 금액이 다름"


def test_paid_without_order_and_order_without_payment(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000), order("ORD-2", 7_000, status="결제완료"),
                        order("ORD-3", 3_000, status="주문취소")])  # a cancelled order needs no payment
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(9), 900, "ORD-9"))
    result = run(ledger)
    assert kinds(result) == {"paid_without_order": [tid(9)], "order_without_payment": ["ORD-2"]}
    unpaid = only(result, "order_without_payment")
    assert unpaid.requested == 7_000 and "결제완료" in unpaid.detail_ko and unpaid.key == "order_without_payment:ORD-2"


def test_an_order_whose_attempts_all_failed_is_unpaid(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000)])
    add(ledger, [event("failure", tid(1), 10_000, order="ORD-1"), event("failure", tid(2), 10_000, order="ORD-1")])
    assert "2건이 모두 실패" in only(run(ledger), "order_without_payment").detail_ko


def test_payments_outside_a_partial_order_list_are_not_paid_without_order(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000, at="2024-03-10 09:00:00")])
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2, at="240320120000"), 500, "ORD-X",
                                                     at="2024-03-20 12:00:00"))
    result = run(ledger)
    assert result.findings == []
    assert any("2024-03-10부터 2024-03-10까지만" in n.ko for n in result.notes)


def test_without_an_order_list_order_checks_are_skipped_and_said_so(ledger: Ledger) -> None:
    add(ledger, paid(tid(1), 10_000, "ORD-1"))
    result = run(ledger)
    assert result.findings == [] and any("주문 목록이 원장에 없어" in n.ko for n in result.notes)


def test_orders_present_twice_count_once_and_the_last_copy_decides(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000, status="결제완료")])
    add_orders(ledger, [order("ORD-1", 10_000, status="배송완료")])  # same order, newer list
    add_orders(ledger, [order("ORD-2", 9_000), order("ORD-2", 8_000, at="2024-03-10 12:00:00")])
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2), 8_000, "ORD-2"))
    result = run(ledger)
    assert kinds(result) == {"duplicate_order": ["ORD-2"]}
    assert "9,000원, 8,000원" in only(result, "duplicate_order").detail_ko


def test_cancelled_at_the_gateway_but_counted_as_sold(ledger: Ledger) -> None:
    full, part, fine = tid(1), tid(2), tid(3)
    add_orders(ledger, [order("ORD-1", 10_000, status="결제완료"), order("ORD-2", 10_000, status="배송중"),
                        order("ORD-3", 10_000, status="부분취소")])
    add(ledger, paid(full, 10_000, "ORD-1") + paid(part, 10_000, "ORD-2") + paid(fine, 10_000, "ORD-3"))
    add(ledger, [event("cancel", full, 10_000, order="ORD-1", at="2024-03-12 10:00:00"),
                 event("cancel", part[:-4] + "0902", 4_000, otid=part, order="ORD-2", at="2024-03-12 10:00:00"),
                 event("cancel", fine[:-4] + "0903", 4_000, otid=fine, order="ORD-3", at="2024-03-12 10:00:00")])
    found = {f.tid: f for f in run(ledger).findings}
    assert set(found) == {full, part}
    assert (found[full].kind, found[full].severity, found[full].amount) == ("cancelled_but_counted", "medium", 10_000)
    assert (found[part].severity, found[part].amount) == ("low", 4_000)


def test_order_list_showing_the_net_amount_after_a_partial_cancel_matches(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 6_000, status="부분취소")])
    add(ledger, paid(tid(1), 10_000, "ORD-1"))
    add(ledger, [event("cancel", tid(1)[:-4] + "0901", 4_000, otid=tid(1), order="ORD-1")])
    assert run(ledger).findings == []


def test_order_cancelled_but_payment_still_live(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000, status="주문취소")])
    add(ledger, paid(tid(1), 10_000, "ORD-1"))
    found = only(run(ledger), "paid_but_order_cancelled")
    assert (found.tid, found.amount, found.severity) == (tid(1), 10_000, "high")


def test_status_words_outside_the_sample_are_still_read(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smartro_desk.recon.orders._STATUS_SAMPLE", 1)
    add_orders(ledger, [order("ORD-1", 10_000, status="결제완료", at="2024-03-01 00:00:00"),
                        order("ORD-2", 10_000, status="반품완료")])
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2), 10_000, "ORD-2"))
    assert kinds(run(ledger)) == {"paid_but_order_cancelled": [tid(2)]}


def test_undated_orders_cover_the_whole_month(ledger: Ledger) -> None:
    late = tid(5, at="240325120000")
    add_orders(ledger, [order("ORD-1", 10_000, at=None), order("ORD-2", 3_000, at=None)])
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(late, 500, "ORD-5", at="2024-03-25 12:00:00"))
    assert kinds(run(ledger)) == {"paid_without_order": [late], "order_without_payment": ["ORD-2"]}


def test_month_boundary_order_on_the_last_day_paid_next_month(ledger: Ledger) -> None:
    add_orders(ledger, [order("ORD-1", 10_000, at="2024-03-31 23:59:00")])
    add(ledger, paid(tid(1, at="240401000100"), 10_000, "ORD-1", at="2024-04-01 00:01:00"))
    assert run(ledger).findings == []  # March: the order has its payment (in April)
    add_orders(ledger, [order("ORD-2", 500, at="2024-04-02 09:00:00")])
    add(ledger, paid(tid(2, at="240402090100"), 500, "ORD-2", at="2024-04-02 09:01:00"))
    assert run(ledger, "2024-04").findings == []  # April: the payment has its order (in March)


def test_order_split_that_does_not_add_up(ledger: Ledger) -> None:
    from smartro_desk.protocol.divide import SubMallShare, encode_divide_info

    split = encode_divide_info([SubMallShare("SMTSUB002m", 502), SubMallShare("SMTSUB003m", 400)])
    add_orders(ledger, [order("ORD-1", 1_004, divide=split), order("ORD-2", 1_004, divide="not base64!")])
    add(ledger, paid(tid(1), 1_004, "ORD-1") + paid(tid(2), 1_004, "ORD-2"))
    found = {f.order_id: f for f in run(ledger).findings}
    assert found["ORD-1"].kind == "divide_sum_mismatch" and found["ORD-1"].amount == 102
    assert "읽을 수 없습니다" in found["ORD-2"].detail_ko


def test_requested_amount_not_bound_by_encrypt_data(ledger: Ledger) -> None:
    key = TEST_MERCHANTS[MID].merchant_key
    edi = "20240310115900"
    good = encrypt_data(edi, MID, 10_000, key)
    add_orders(ledger, [
        order("ORD-1", 10_000, EncryptData=good, ediDate=edi),
        order("ORD-2", 1_000, EncryptData=encrypt_data(edi, MID, 10_000, key), ediDate=edi),
    ])
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2), 10_000, "ORD-2"))
    result = reconcile(ledger, "2024-03", settings=ReconSettings(), secrets=Secrets())
    found = only(result, "request_hash_mismatch")
    assert found.order_id == "ORD-2" and "결제된 금액 10,000원" in found.detail_ko
    unchecked = reconcile(ledger, "2024-03")  # no keys: said so, not guessed
    assert "request_hash_mismatch" not in kinds(unchecked)
    assert any("검증하지 못했습니다" in n.ko for n in unchecked.notes)


def test_request_log_amount_is_checked_against_its_encrypt_data(ledger: Ledger, tmp_path: Path) -> None:
    """A merchant server's log of its payment requests, imported as a log: the request whose listed
    Amt was altered after signing is found, the honest one is not."""
    from urllib.parse import urlencode

    from smartro_desk.ingest import import_file

    key = TEST_MERCHANTS[MID].merchant_key
    edi = "20240310115900"

    def request(order_id: str, amt: int, signed_amt: int) -> bytes:
        fields = {"PayMethod": "CARD", "GoodsName": "겨울 점퍼", "Amt": str(amt), "Moid": order_id, "Mid": MID,
                  "ediDate": edi, "EncryptData": encrypt_data(edi, MID, signed_amt, key)}
        return b"2024-03-10 11:59:00 INFO pay " + urlencode(fields, encoding="cp949").encode()

    log = tmp_path / "request.log"
    log.write_bytes(request("ORD-1", 10_000, 10_000) + b"\n" + request("ORD-2", 1_000, 10_000) + b"\n")
    report = import_file(ledger, log, secrets=Secrets())
    assert (report.imported, report.rejected) == (2, 0)
    add(ledger, paid(tid(1), 10_000, "ORD-1") + paid(tid(2), 10_000, "ORD-2"))
    result = reconcile(ledger, "2024-03", settings=ReconSettings(), secrets=Secrets())
    assert [f.order_id for f in result.findings if f.kind == "request_hash_mismatch"] == ["ORD-2"]
