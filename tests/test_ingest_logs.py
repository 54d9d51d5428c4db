"""Log shapes: raw bodies, prefixes, PHP dumps, Java maps, JSON; encodings; damage; mixed files."""

from __future__ import annotations

import io
import json

import pytest
from fixtures_ingest.builders import (
    MID, form, java_map, notification, print_r, result, tid, var_export,
)

from smartro_desk.ingest.logs import BLANK, COMMENT, NOISE, LogEntry, LogReader
from smartro_desk.ledger import Issue


def read(*lines: bytes) -> tuple[list[LogEntry | Issue], LogReader]:
    reader = LogReader(io.BytesIO(b"\n".join(lines) + b"\n"))
    return list(reader), reader


def only_entry(*lines: bytes) -> LogEntry:
    items, _ = read(*lines)
    entries = [i for i in items if isinstance(i, LogEntry)]
    assert len(entries) == 1, items
    return entries[0]


N = notification(1)


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "utf-8"])
def test_raw_body_in_each_encoding_decodes_korean(encoding: str) -> None:
    fields = notification(1, Name="김하늘", GoodsName="겨울 점퍼")
    if encoding == "cp949":
        fields = notification(1, Name="김똠얌", GoodsName="햏 인형")  # CP949-only syllables
    entry = only_entry(form(fields, encoding))
    assert entry.fields["Name"] == fields["Name"]
    assert entry.fields["GoodsName"] == fields["GoodsName"]
    assert entry.fields["TID"] == tid(1)
    assert entry.line == 1 and entry.logged_at is None


def test_every_field_is_kept_including_unknown_ones() -> None:
    entry = only_entry(form({**N, "NewGatewayParam": "x y", "EmptyOne": ""}))
    assert entry.fields["NewGatewayParam"] == "x y"
    assert entry.fields["EmptyOne"] == ""
    assert len(entry.fields) == len(N) + 2


@pytest.mark.parametrize("prefix, at, ip, hint", [
    (b"2024-03-05 14:31:02,123 INFO [http-nio-8080-exec-3] c.s.InformController - 211.193.35.215 - ",
     "2024-03-05 14:31:02", "211.193.35.215", "notification"),
    (b"[2024/03/05 14:31:02] [DEBUG] returnPay.php 10.0.0.7 POST body=", "2024-03-05 14:31:02", "10.0.0.7", "result"),
    (b"Mar  5 14:31:02 web1 php: 2024.03.05 14:31:02 | 203.0.113.9 | ", "2024-03-05 14:31:02", "203.0.113.9", ""),
    (b"2024-03-05T14:31:02.5+09:00 pool-1-thread-2 inform.jsp params: ", "2024-03-05 14:31:02", "", "notification"),
])
def test_log_prefix_is_read_for_time_sender_and_page(prefix: bytes, at: str, ip: str, hint: str) -> None:
    entry = only_entry(prefix + form(N))
    assert entry.fields == only_entry(form(N)).fields
    assert (entry.logged_at, entry.sender_ip, entry.hint) == (at, ip, hint)
    assert entry.raw.startswith(prefix.decode()[:10])


def test_access_log_query_string() -> None:
    line = b'211.193.35.216 - - [05/Mar/2024:14:31:02 +0900] "GET /pay/inform.jsp?' + form(N) + b' HTTP/1.1" 200 2'
    entry = only_entry(line)
    assert entry.fields["SignValue"] == N["SignValue"]
    assert (entry.logged_at, entry.sender_ip, entry.hint) == ("2024-03-05 14:31:02", "211.193.35.216", "notification")


def test_unknown_fields_before_the_first_known_one_stay_with_the_body() -> None:
    entry = only_entry(b"2024-03-05 14:31:02 INFO body: zNew=1&other=2&" + form(N))
    assert entry.fields["zNew"] == "1" and entry.fields["other"] == "2"


def test_print_r_dump_with_prefix_multiline_value_and_nested_array() -> None:
    fields = result(2)
    dump = print_r(fields).replace(b"    [GoodsName] =>", b"    [extra] => Array\n        (\n            [0] => a\n"
                                   b"        )\n\n    [memo] => line one\nline two\n    [GoodsName] =>")
    items, reader = read(b"[2024-03-05 14:31:02] returnPay.php: " + dump.rstrip(b"\n"), form(N))
    entry = items[0]
    assert isinstance(entry, LogEntry) and entry.line == 1
    assert entry.fields["TID"] == fields["TID"] and entry.fields["Name"] == "김똠얌"
    assert json.loads(entry.fields["extra"]) == {"0": "a"}
    assert entry.fields["memo"] == "line one\nline two"
    assert (entry.logged_at, entry.hint) == ("2024-03-05 14:31:02", "result")
    assert isinstance(items[1], LogEntry) and items[1].line == dump.count(b"\n") + 1


def test_var_export_dump_with_escapes_and_nested_array() -> None:
    fields = notification(3, GoodsName="it's a \\ test 똠")
    dump = var_export(fields, "cp949").replace(b")", b"  'list' => \n  array (\n    0 => 'x',\n  ),\n)")
    entry = only_entry(dump)
    assert entry.fields["GoodsName"] == "it's a \\ test 똠"
    assert json.loads(entry.fields["list"]) == {"0": "x"}


def test_java_map_line() -> None:
    entry = only_entry(b"2024-03-05 14:31:02 INFO [exec-1] InformController - " + java_map(N, "cp949"))
    assert entry.fields["Name"] == "김똠얌" and entry.fields["TID"] == N["TID"]
    assert entry.fields["BuyerAuthNum"] == ""


def test_java_map_with_one_element_arrays_and_commas_in_values() -> None:
    fields = {"PayMethod": "[CARD]", "TID": f"[{tid(1)}]", "GoodsName": "[사과, 배]", "Amt": "[1004]"}
    entry = only_entry(b"{" + b", ".join(f"{k}={v}".encode() for k, v in fields.items()) + b"}")
    assert entry.fields["GoodsName"] == "사과, 배" and entry.fields["TID"] == tid(1)


@pytest.mark.parametrize("payload", [
    json.dumps(N, ensure_ascii=False).encode("utf-8"),
    json.dumps(N).encode("ascii"),
    json.dumps({"ts": "2024-03-05T14:31:02", "level": "INFO", "ip": "211.193.35.217", "params": N},
               ensure_ascii=False).encode(),
    json.dumps({"time": "2024-03-05 14:31:02", "message": form(N).decode()}).encode(),
    b"2024-03-05 14:31:02 inform " + json.dumps(N, ensure_ascii=False).encode() + b" (12 ms)",
])
def test_json_lines_including_structured_log_wrappers(payload: bytes) -> None:
    entry = only_entry(payload)
    assert entry.fields["TID"] == N["TID"] and entry.fields["Name"] == "김똠얌"
    assert "ts" not in entry.fields and "level" not in entry.fields


def test_json_with_cp949_bytes_and_alias_spellings() -> None:
    raw = {"paymethod": "CARD", "mid": MID, "tid": tid(5), "state_cd": "0", "fn_cd": "01", "fn_name": "비씨",
           "name": "김똠얌", "mallUserID": "u1", "moid": "ORD-5", "amt": 1004, "resultcode": "3001"}
    line = json.dumps(raw, ensure_ascii=False).encode("utf-8")
    line = line.replace("김똠얌".encode(), "김똠얌".encode("cp949")).replace("비씨".encode(), "비씨".encode("cp949"))
    items, reader = read(line)
    fields = items[0].fields  # type: ignore[union-attr]
    assert fields["Name"] == "김똠얌" and fields["FnName"] == "비씨"
    assert {fields["StateCd"], fields["FnCd"], fields["OID"], fields["MallUserID"], fields["Amt"]} == {
        "0", "01", "ORD-5", "u1", "1004"}
    assert "cp949" in reader.encodings


def test_python_dict_repr_as_django_logs_it() -> None:
    line = ("<QueryDict: {'PayMethod': ['CARD'], 'TID': ['" + tid(1) + "'], 'Name': ['김똠얌']}>").encode()
    assert only_entry(line).fields["Name"] == "김똠얌"


def test_blank_comment_and_noise_lines_are_skipped_and_counted() -> None:
    items, _ = read(b"", b"   ", b"# rotated 2024-03-05", b"// note", b"INFO Server started on port 8080", form(N))
    reasons = [(i.line, i.outcome, i.reason) for i in items if isinstance(i, Issue)]
    assert reasons == [(1, "skipped", BLANK), (2, "skipped", BLANK), (3, "skipped", COMMENT),
                       (4, "skipped", COMMENT), (5, "skipped", NOISE)]


@pytest.mark.parametrize("line, reason", [
    (b"\xff\xfe\x00\x01\x02 garbage", "손상"),
    (b'{"TID": "' + tid(1).encode() + b'", "Amt": ', "JSON"),
    (b"{PayMethod=CARD, TID=" + tid(1).encode(), "잘렸"),
    (b"{MID=[Ljava.lang.String;@1b6d3586, TID=[Ljava.lang.String;@4554617c}", "Java 배열"),
])
def test_damaged_lines_are_rejected_with_a_reason(line: bytes, reason: str) -> None:
    items, _ = read(line)
    assert len(items) == 1 and isinstance(items[0], Issue)
    assert items[0].outcome == "rejected" and reason in items[0].reason and items[0].line == 1


def test_php_dump_cut_short_by_the_next_record_or_the_end_of_file() -> None:
    cut = print_r(N).splitlines()[:6]
    items, _ = read(*cut, b"2024-03-05 14:31:05 " + form(N), *print_r(N).splitlines()[:4])
    kinds = [(i.line, i.outcome if isinstance(i, Issue) else "entry") for i in items]
    assert kinds == [(1, "rejected"), (7, "entry"), (8, "rejected")]
    assert "잘린" in items[0].reason and "끝나기 전에" in items[2].reason  # type: ignore[union-attr]


def test_the_word_array_at_the_end_of_a_line_is_not_a_dump() -> None:
    items, _ = read(b"DEBUG got an empty Array", form(N))
    assert [type(i).__name__ for i in items] == ["Issue", "LogEntry"]
    assert items[1].line == 2  # type: ignore[union-attr]


def test_overlong_line_is_rejected_and_reading_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from smartro_desk.ingest import logs

    monkeypatch.setattr(logs, "MAX_LINE", 256)
    items, _ = read(b"x" * 1000, form(N)[:200])
    assert items[0].outcome == "rejected" and "KB" in items[0].reason  # type: ignore[union-attr]
    assert len(items) == 2


def test_one_file_mixing_every_shape() -> None:
    lines = [
        form(N), b"", b"2024-03-05 14:31:02 INFO inform 211.193.35.215 " + form(notification(2), "utf-8"),
        *print_r(result(3)).rstrip(b"\n").splitlines(), java_map(notification(4)),
        json.dumps(notification(5), ensure_ascii=False).encode(), *var_export(notification(6)).splitlines(),
    ]
    items, reader = read(*lines)
    entries = [i for i in items if isinstance(i, LogEntry)]
    assert [e.fields["TID"] for e in entries] == [tid(n) for n in range(1, 7)]
    assert reader.encodings >= {"cp949", "utf-8"}
    assert reader.bytes_done == sum(len(line) + 1 for line in lines)


def test_a_form_line_ending_in_the_word_array_is_still_a_record() -> None:
    items, _ = read(form({**N, "Memo": "Array"}), form({**notification(2), "Memo": "Array"}))
    assert [i.fields["TID"] for i in items] == [tid(1), tid(2)]  # type: ignore[union-attr]
