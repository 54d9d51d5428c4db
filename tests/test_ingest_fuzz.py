"""Garbage never raises: it ends as a clean rejection (or skip), and good records around it still import."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from fixtures_ingest.builders import form, notification, tid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartro_desk.ingest import import_file
from smartro_desk.ingest.classify import RecordRejected, gateway_event
from smartro_desk.ingest.logs import LogReader
from smartro_desk.ingest.sheetvalues import ValueRejected, cell_amount, parse_datetime, parse_time
from smartro_desk.ledger import Ledger

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

garbage_line = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=100).map(lambda t: t.encode("cp949", "ignore")),
    st.sampled_from([b"Array", b"(", b")", b"array (", b"{", b"}", b"{\"TID\":", b"TID=", b"%", b"%zz&=&",
                     b"PayMethod=CARD&Amt=", b"    [TID] => x", b"{MID=a, TID=", b"\xef\xbb\xbf"]),
    st.builds(lambda n, cut: form(notification(n))[:cut], st.integers(1, 50), st.integers(0, 400)),
)


@FUZZ
@given(st.lists(garbage_line, max_size=25))
def test_log_reader_never_raises(lines: list[bytes]) -> None:
    reader = LogReader(io.BytesIO(b"\n".join(lines)))
    for item in reader:
        assert item.line >= 1


@FUZZ
@given(st.lists(garbage_line, max_size=15), st.lists(st.integers(1, 9999), min_size=1, max_size=5, unique=True))
def test_garbage_around_good_records(garbage: list[bytes], numbers: list[int]) -> None:
    good = [form(notification(n)) for n in numbers]
    lines = [*garbage[: len(garbage) // 2], *good, *garbage[len(garbage) // 2:]]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.log"
        path.write_bytes(b"\n".join(lines) + b"\n")
        ledger = Ledger.open(Path(folder) / "l.sqlite")
        try:
            report = import_file(ledger, path)
            if report.error:  # a file that is mostly binary is refused whole, with a reason
                assert "이진" in report.error
                return
            assert report.records == report.imported + report.duplicates + report.rejected + report.skipped
            assert all(r.reason for r in report.rejects)
            if not any(b"rray" in g or b"\n" in g or b"\r" in g for g in garbage):
                tids = {r[0] for r in ledger.db.query("SELECT tid FROM events")}
                assert {tid(n) for n in numbers} <= tids
        finally:
            ledger.close()


@FUZZ
@given(st.dictionaries(st.sampled_from(["TID", "OTID", "Amt", "StateCd", "ResultCode", "AuthDate", "PayMethod",
                                        "MID", "SignValue", "CancelAmt", "x"]),
                       st.text(max_size=40), max_size=11))
def test_classification_rejects_cleanly(fields: dict[str, str]) -> None:
    try:
        event = gateway_event(fields, hint="", key_for=lambda mid: "key", line=1, raw="")
    except RecordRejected as exc:
        assert str(exc)
    else:
        assert event.tid and event.kind in ("approval", "cancel", "vbank_issued", "vbank_deposit", "failure")


@FUZZ
@given(st.one_of(st.text(max_size=30), st.integers(-10**15, 10**15), st.floats(allow_nan=True), st.none(),
                 st.booleans()))
def test_cell_readers_reject_cleanly(value: object) -> None:
    for read in (parse_datetime, parse_time, lambda v: cell_amount(v, "금액")):
        try:
            read(value)
        except ValueRejected as exc:
            assert str(exc)


@FUZZ
@given(st.lists(st.lists(st.one_of(st.text(max_size=12), st.integers(-10**6, 10**6)), max_size=6), max_size=12))
def test_csv_rows_of_garbage_under_a_good_header(rows: list[list[object]]) -> None:
    import csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        with open(path, "w", encoding="utf-8", newline="", errors="surrogatepass") as out:
            writer = csv.writer(out)
            writer.writerow(["거래번호", "승인일시", "거래상태", "승인금액", "취소금액", "비고"])
            writer.writerow([tid(1), "2024-03-05 14:31:00", "승인", "1,004", "0", ""])
            writer.writerows(rows)
        ledger = Ledger.open(Path(folder) / "l.sqlite")
        try:
            report = import_file(ledger, path)
            assert not report.error
            assert report.records == report.imported + report.duplicates + report.rejected + report.skipped
            assert ledger.db.scalar("SELECT amount FROM transactions WHERE tid = ?", (tid(1),)) == 1004
        finally:
            ledger.close()
