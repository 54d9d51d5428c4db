"""The reconciliation speaks English too: every finding's detail and advice, and every note of a run.

The engine words each text in both languages where it builds it (``recon.findings.Words``): the CLI and
its JSON keep the Korean, the English window and English exports show the English.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from recon_support import add, add_orders, event, exported, order, paid, plant_deliveries, run, tid

from smartro_desk.export.reports import export_findings
from smartro_desk.ledger import Ledger
from smartro_desk.protocol.divide import SubMallShare, encode_divide_info
from smartro_desk.recon import KIND_INFO

RECON = Path(__file__).resolve().parent.parent / "smartro_desk" / "recon"
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    led = Ledger.open(tmp_path / "ledger.sqlite", actor="tester")
    yield led
    led.close()


def test_every_kind_has_its_advice_in_english() -> None:
    for info in KIND_INFO.values():
        assert info.advice_en and not HANGUL.search(info.advice_en), info.kind
        assert info.advice("ko") == info.advice_ko and info.advice("en") == info.advice_en


def test_the_engine_words_every_detail_and_note_in_both_languages() -> None:
    """No finding is built with a Korean-only detail, no note appended as a bare string, and the English
    side of every ``Words`` the engine writes has no Hangul of its own."""
    korean_only, english_with_hangul = [], []
    for path in sorted(RECON.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "of" and any(k.arg == "detail_ko" for k in node.keywords):
                korean_only.append(f"{path.name}:{node.lineno}")
            owner = getattr(getattr(node.func, "value", None), "attr", None)
            if name == "append" and owner == "notes" and not (
                    node.args and isinstance(node.args[0], ast.Call) and getattr(node.args[0].func, "id", "") == "Words"):
                korean_only.append(f"{path.name}:{node.lineno}")
            if name == "Words" and len(node.args) == 2:
                english = node.args[1]
                parts = english.values if isinstance(english, ast.JoinedStr) else [english]
                if any(isinstance(p, ast.Constant) and HANGUL.search(str(p.value)) for p in parts):
                    english_with_hangul.append(f"{path.name}:{node.lineno}")
    assert korean_only == [] and english_with_hangul == []


def plant_a_troubled_month(ledger: Ledger) -> None:
    split = encode_divide_info([SubMallShare("SMTSUB001m", 6_000), SubMallShare("SMTSUB002m", 3_000)])
    add_orders(ledger, [order("ORD-1", 10_000), order("ORD-2", 5_000), order("ORD-9", 7_000),
                        order("ORD-4", 8_000, status="cancelled"), order("ORD-5", 4_000), order("ORD-5", 4_500),
                        order("ORD-6", 9_000, divide=split)])
    add(ledger, paid(tid(1), 1_000, "ORD-1")  # amount_mismatch
        + paid(tid(2), 5_000, "ORD-2", sign="mismatch")  # signature_mismatch
        + paid(tid(3), 3_000, "ORD-3", sign="no_key")  # paid_without_order, unverified
        + paid(tid(4), 8_000, "ORD-4")  # paid_but_order_cancelled
        + paid(tid(6), 9_000, "ORD-6")
        + paid(tid(7), 2_000, "ORD-7", both=False)  # single_channel
        + paid(tid(8), 4_500, "ORD-5") + paid(tid(9), 4_500, "ORD-5", at="2024-03-11 09:00:00")  # multiple
        + [event("vbank_issued", tid(10, method="03"), 6_000, method="VBANK", order="ORD-10",
                 VbankExpDate="20240315")]  # vbank_not_deposited
        + [event("approval", tid(11), 7_000, order="ORD-11"), event("approval", tid(11), 7_500, order="ORD-11",
                                                                   channel="result")])  # conflict
    add(ledger, [exported("approval", tid(1), 1_000, order="ORD-1"), exported("approval", tid(12), 2_500,
                                                                               order="ORD-12")], kind="export")
    plant_deliveries(ledger)


def test_every_finding_and_note_of_a_troubled_month_reads_in_english(ledger: Ledger, tmp_path: Path) -> None:
    plant_a_troubled_month(ledger)
    result = run(ledger)
    kinds = {f.kind for f in result.findings}
    assert len(kinds) >= 12, kinds
    for finding in result.findings:
        assert finding.detail("ko") == finding.detail_ko and HANGUL.search(finding.detail_ko)
        assert finding.detail_en and not HANGUL.search(finding.detail("en")), (finding.kind, finding.detail_en)
        assert not HANGUL.search(finding.advice("en"))
    mismatch = next(f for f in result.findings if f.kind == "amount_mismatch")
    assert mismatch.detail_ko == "주문 금액 10,000원, 결제된 금액 1,000원"
    assert mismatch.detail("en") == "Ordered ₩10,000, paid ₩1,000"
    assert result.notes and all(n.en and not HANGUL.search(n.en) and HANGUL.search(n.ko) for n in result.notes)
    assert result.to_json()["notes"] == [n.ko for n in result.notes]  # the CLI's JSON keeps the Korean
    path = tmp_path / "findings.xlsx"
    export_findings(path, result.findings, month="2024-03", lang="en")
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if r and "Detail" in r)
    detail, advice = header.index("Detail"), header.index("What to do")
    listed = rows[rows.index(header) + 1:rows.index(header) + 1 + len(result.findings)]
    assert {r[detail] for r in listed} == {f.detail_en for f in result.findings}
    assert all(r[advice] and not HANGUL.search(r[advice]) for r in listed)
