"""A UTF-8 byte order mark at the start of a line (a log's own, or one appended to another) hides nothing."""

from __future__ import annotations

import io
import json

import pytest
from fixtures_ingest.builders import form, java_map, notification, print_r, tid, var_export

from smartro_desk.ingest.logs import LogEntry, LogReader
from smartro_desk.ledger import Issue


def read(data: bytes) -> list[LogEntry | Issue]:
    return list(LogReader(io.BytesIO(data)))


def entries(items: list[LogEntry | Issue]) -> list[LogEntry]:
    return [i for i in items if isinstance(i, LogEntry)]


BOM = b"\xef\xbb\xbf"
N1, N2 = notification(1, amount=15000), notification(2, amount=22000)

SHAPES = {
    "print_r": print_r(N2, "utf-8"),
    "var_export": var_export(N2) + b"\n",
    "form": form(N2) + b"\n",
    "prefixed form": b"2024-03-05 14:32:00 INFO inform " + form(N2) + b"\n",
    "json": json.dumps(N2, ensure_ascii=False).encode() + b"\n",
    "java map": java_map(N2) + b"\n",
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_bom_at_the_start_of_the_file_is_not_part_of_the_first_record(shape: str) -> None:
    items = read(BOM + SHAPES[shape] + form(N1) + b"\n")
    assert all(i.outcome != "skipped" for i in items if isinstance(i, Issue)), items
    found = entries(items)
    assert [e.fields["TID"] for e in found] == [tid(2), tid(1)]
    assert found[0].line == 1 and found[0].fields["Name"] == "김똠얌"
    assert not found[0].raw.startswith("\ufeff")


@pytest.mark.parametrize("shape", SHAPES)
def test_a_bom_where_a_second_log_was_appended_is_not_part_of_its_first_record(shape: str) -> None:
    first = form(N1) + b"\r\n"
    reader = LogReader(io.BytesIO(first + BOM + SHAPES[shape].replace(b"\n", b"\r\n")))
    items = list(reader)
    assert [e.fields["TID"] for e in entries(items)] == [tid(1), tid(2)]
    assert [e.line for e in entries(items)] == [1, 2]
    assert not [i for i in items if isinstance(i, Issue)]
    assert reader.bytes_done == len(first) + len(BOM) + len(SHAPES[shape].replace(b"\n", b"\r\n"))


def test_a_record_with_a_bom_is_the_same_text_as_without_one() -> None:
    with_bom, without = entries(read(BOM + form(N1) + b"\n"))[0], entries(read(form(N1) + b"\n"))[0]
    assert (with_bom.raw, with_bom.raw_key, with_bom.fields) == (without.raw, without.raw_key, without.fields)


def test_a_dump_cut_short_by_an_appended_log_is_rejected_and_the_next_one_read() -> None:
    cut = b"\n".join(print_r(N1).splitlines()[:6]) + b"\n"
    items = read(cut + BOM + print_r(N2))
    assert [(i.line, i.outcome) for i in items if isinstance(i, Issue)] == [(1, "rejected")]
    assert [(e.line, e.fields["TID"]) for e in entries(items)] == [(7, tid(2))]
