"""The file's last line without a line break: cut short while being written, or whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fixtures_ingest.builders import KEY, MID, form, notification, result, tid
from hypothesis import given, settings
from hypothesis import strategies as st

from smartro_desk.ingest import import_file
from smartro_desk.ingest.classify import key_cache
from smartro_desk.ingest.logs import LogEntry, LogReader
from smartro_desk.ingest.pipeline import log_records
from smartro_desk.ledger import EventRecord, Issue, Ledger
from smartro_desk.protocol.formcodec import encode_form
from smartro_desk.protocol.hashes import sign_value
from smartro_desk.secrets import Secrets

KEYS = key_cache(lambda mid: KEY if mid == MID else None)
CUT = "파일 끝에서 마지막 줄이 잘렸습니다"
FIRST = form(notification(1, amount=15000)) + b"\n"


def last_item(data: bytes) -> LogEntry | Issue:
    return list(LogReader(io.BytesIO(data)))[-1]


def cut_at(line: bytes, marker: bytes, more: int) -> bytes:
    return line[: line.index(marker) + len(marker) + more]


def test_a_last_line_cut_inside_its_sign_value_is_rejected_as_cut_not_flagged() -> None:
    """Scenario 5: the file ends 12 characters into the SignValue."""
    item = last_item(FIRST + cut_at(form(notification(3)), b"SignValue=", 12))
    assert isinstance(item, Issue) and (item.line, item.outcome) == (2, "rejected")
    assert item.reason == f"{CUT}: SignValue가 끝까지 기록되지 않았습니다"
    assert item.raw.endswith("SignValue=" + notification(3)["SignValue"][:12])


SIGN, ESCAPE, BEFORE = "SignValue가 끝까지", "%-인코딩이나 글자 중간", "SignValue 앞에서"


@pytest.mark.parametrize("cut, why", [
    pytest.param(cut_at(form(notification(3)), b"SignValue=", 43), SIGN, id="before the escaped '=' (%3D)"),
    pytest.param(cut_at(form(notification(3)), b"SignValue=", 0), SIGN, id="right after 'SignValue='"),
    pytest.param(cut_at(form(notification(3)), b"SignValue=", -1), SIGN, id="right after 'SignValue'"),
    pytest.param(cut_at(form(notification(3)), b"SignValue=", 45), ESCAPE, id="inside the escaped '='"),
    pytest.param(cut_at(form(notification(3)), b"Name=", 7), ESCAPE, id="inside an escape"),
    pytest.param(cut_at(form(notification(3)), b"Name=", 9), ESCAPE, id="between a EUC-KR syllable's bytes"),
    pytest.param(cut_at(form(notification(3), "utf-8"), b"Name=", 15), ESCAPE, id="inside a UTF-8 syllable"),
    pytest.param(cut_at(form(notification(3)), b"AuthDate=", 4), BEFORE, id="before the SignValue"),
    pytest.param(cut_at(form(notification(3)), b"&SignValue", -5), BEFORE, id="inside a name"),
    pytest.param(cut_at(form(notification(3)), b"&SignValue", -9), BEFORE, id="after an '&'"),
])
def test_other_cuts_are_rejected_as_cut(cut: bytes, why: str) -> None:
    item = last_item(FIRST + cut)
    assert isinstance(item, Issue) and item.outcome == "rejected" and item.reason.startswith(CUT), item
    assert why in item.reason


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_no_cut_of_a_signed_notification_is_read_as_a_record(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 9999))
    name = data.draw(st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=8))
    line = form(notification(n, Name=name), data.draw(st.sampled_from(["cp949", "utf-8"])))
    cut = line[: data.draw(st.integers(1, len(line) - 1))]
    assert not isinstance(last_item(FIRST + cut), LogEntry), cut


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_whole_last_line_without_a_line_break_is_read_as_with_one(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 9999))
    name = data.draw(st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=8))
    build = data.draw(st.sampled_from([notification, result]))
    fields = build(n, Name=name) if build is notification else {**build(n), "fn_name": name}
    line = form(fields, data.draw(st.sampled_from(["cp949", "utf-8"])))
    before = data.draw(st.sampled_from([b"", FIRST, form(result(1)) + b"\n"]))
    whole, terminated = last_item(before + line), last_item(before + line + b"\n")
    assert isinstance(whole, LogEntry) and isinstance(terminated, LogEntry)
    assert whole.fields == terminated.fields


@pytest.mark.parametrize("last", [
    encode_form({"TID": tid(1), "CancelAmt": "500", "ResultCode": "2001", "PTID": tid(9)}),  # a cancel answer
    b'{"TID": "' + tid(3).encode() + b'", "StateCd": "0", "ResultCode": "3001", "Amt": "1004"}',  # whole JSON
    form(notification(3)) + b"&memo=50%25",  # a whole escape at its end
    form({**notification(3), "Memo": "끝"}, "utf-8"),  # a whole character at its end
])
def test_whole_last_lines_after_a_signed_one_are_records(last: bytes) -> None:
    assert isinstance(last_item(FIRST + last), LogEntry)


def test_unsigned_whole_last_lines_are_records_when_the_line_before_was_unsigned_too() -> None:
    unsigned = [form({k: v for k, v in notification(n).items() if k != "SignValue"}) for n in (1, 2)]
    assert isinstance(last_item(unsigned[0] + b"\n" + unsigned[1]), LogEntry)


def test_a_tampered_record_is_flagged_wherever_it_is_even_last() -> None:
    forged = {**notification(2), "SignValue": sign_value(tid(99), "3001", KEY)}  # whole, but another TID's
    short = {**notification(4), "SignValue": "YjM3NmJh"}  # shorter than a whole one, but not at the end
    lines = [FIRST, form(short) + b"\n", form(forged)]
    events = list(log_records(LogReader(io.BytesIO(b"".join(lines))), KEYS))
    assert [(e.tid, e.sign_status) for e in events if isinstance(e, EventRecord)] == [
        (tid(1), "verified"), (tid(4), "mismatch"), (tid(2), "mismatch")]
    short_last = {**notification(4), "SignValue": "YjM3NmJh", "Memo": "x"}
    events = list(log_records(LogReader(io.BytesIO(FIRST + form(short_last))), KEYS))
    assert events[-1].sign_status == "mismatch"  # type: ignore[union-attr]


def test_every_record_is_accounted_for_when_the_last_line_is_cut(tmp_path: Path) -> None:
    log = tmp_path / "inform.log"
    log.write_bytes(FIRST + b"\n" + cut_at(form(notification(3)), b"SignValue=", 12))
    ledger = Ledger.open(tmp_path / "ledger.sqlite", actor="tester")
    try:
        report = import_file(ledger, log, secrets=Secrets())
        assert (report.records, report.imported, report.rejected, report.skipped, report.flagged) == (3, 1, 1, 1, 0)
        assert report.rejects[0].line == 3 and report.rejects[0].reason.startswith(CUT)
        assert ledger.db.scalar("SELECT COUNT(*) FROM transactions") == 1
    finally:
        ledger.close()
