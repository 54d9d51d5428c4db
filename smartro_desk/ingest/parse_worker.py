"""A big file is parsed in a second process while this one writes the ledger: one core each.

Parsing and classifying a record costs about as much CPU as storing it, and
Python runs one thread at a time, so a log of more than ``PARALLEL_FROM`` bytes,
or a spreadsheet of more than ``SHEET_PARALLEL_FROM``, is read by a worker
process (``spawn``: the same on Windows) that sends the records back in chunks
of ``CHUNK``. Merchant keys stay here: the worker asks for a MID's key when it
first meets that MID, over the same pipe, and gets only that one. A spreadsheet's
worker also finds the header (with the saved column profiles it was handed) and
says which layout it found before any record. The pipe's buffer bounds what is
in flight (a chunk or two); closing the iterator (a cancel, an error) stops the
worker.
"""

from __future__ import annotations

import codecs
import itertools
import logging
import multiprocessing
import operator
import traceback
from collections.abc import Callable, Iterator
from dataclasses import fields
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, BinaryIO

from smartro_desk.ingest.classify import key_cache
from smartro_desk.ingest.detect import text_encoding
from smartro_desk.ingest.logs import LogReader
from smartro_desk.ingest.profiles import ProfileBook
from smartro_desk.ingest.report import ImportFailed, UnknownLayout, unexpected
from smartro_desk.ingest.text import summarize_encodings
from smartro_desk.ledger import EventRecord, OrderRecord

log = logging.getLogger(__name__)

PARALLEL_FROM = 8 << 20  # smaller logs parse in-process: starting the worker takes about 0.3 s
SHEET_PARALLEL_FROM = 1 << 20  # about 10,000 rows of .xlsx (compressed), 8,000 of CSV
CHUNK = 5000


def utf8_stream(stream: BinaryIO) -> BinaryIO:
    """A UTF-16 log (Windows Notepad's "Unicode") read as UTF-8 bytes; any other log as it is."""
    encoding = text_encoding(stream.read(4))
    stream.seek(0)
    if encoding.startswith("utf-16"):
        return codecs.EncodedFile(stream, "utf-8", "utf-16")
    return stream


def reader_encoding(reader: LogReader) -> str:
    return "utf-16" if isinstance(reader.stream, codecs.StreamRecoder) else summarize_encodings(reader.encodings)


_EVENT_SLOTS = tuple(f.name for f in fields(EventRecord))
_FIELDS_AT, _TEXT_AT, _KEYS_AT = (_EVENT_SLOTS.index(name) for name in ("fields", "fields_text", "keys"))
_event_values = operator.attrgetter(*_EVENT_SLOTS)
_order_values = operator.attrgetter(*(f.name for f in fields(OrderRecord)))


def _packed(item: Any) -> Any:
    """An event as a plain tuple with its fields already encoded and its keys hashed (a third of the
    pickling, and that work done here instead of in the writing process); an order as a plain tuple
    (a frozen dataclass unpickles at a third of the speed); other items as they are."""
    if type(item) is EventRecord:
        values = list(_event_values(item))
        body = values[_TEXT_AT] = item.fields_json()
        values[_KEYS_AT] = item.keys_of(body)
        values[_FIELDS_AT] = {}
        return tuple(values)
    if type(item) is OrderRecord:
        return (None, *_order_values(item))  # an event's tuple starts with its TID
    return item


def _unpacked(item: Any) -> Any:
    if type(item) is not tuple:
        return item
    return OrderRecord(*item[1:]) if item[0] is None else EventRecord(*item)


def _asking(conn: Connection) -> Callable[[str], str | None]:
    def key_for(mid: str) -> str | None:
        conn.send(("key", mid))
        return conn.recv()

    return key_cache(key_for)


def _work_log(conn: Connection, path: str, name: str) -> None:
    """Parse the log ``path``: ("items", records, (bytes read, size)) chunks, then ("done", encoding)."""
    from smartro_desk.ingest.pipeline import log_records  # the worker's own import (spawn)

    size = Path(path).stat().st_size
    with open(path, "rb") as stream:
        reader = LogReader(utf8_stream(stream))
        batch: list[Any] = []
        for item in log_records(reader, _asking(conn), name):
            batch.append(_packed(item))
            if len(batch) >= CHUNK:
                conn.send(("items", batch, (reader.bytes_done, size)))
                batch = []
        conn.send(("items", batch, (reader.bytes_done, size)))
        conn.send(("done", reader_encoding(reader)))


def _work_sheet(conn: Connection, path: str, name: str, fmt: str, kind: str, profile: str | None,
                book: ProfileBook) -> None:
    """Find the first sheet's layout: ("layout", kind, encoding); read the rows of the sheets to import:
    ("items", records, (done, total)) chunks; then ("done", encoding). An unrecognised layout: ("unknown",
    what ``UnknownLayout`` holds)."""
    from smartro_desk.ingest.pipeline import find_tables, sheet_records  # the worker's own import (spawn)
    from smartro_desk.ingest.spreadsheets import open_tables

    try:
        with open_tables(Path(path), fmt) as tables:
            sheets = find_tables(tables, name, kind, profile, book)
            first = table, _, layout = next(sheets)
            assert layout is not None  # the first table given is a recognised one
            conn.send(("layout", layout.kind, table.encoding))
            batch: list[Any] = []
            number = layout.header_row
            for table, number, item in sheet_records(itertools.chain((first,), sheets), _asking(conn), name):
                if len(batch) >= CHUNK and not (type(item) is EventRecord and item.same_record):  # one record's
                    conn.send(("items", batch, table.position(number)))  # events in one chunk (ImportSession)
                    batch = []
                batch.append(_packed(item))
            conn.send(("items", batch, table.position(number)))
            conn.send(("done", first[0].encoding))
    except UnknownLayout as exc:
        conn.send(("unknown", exc.path, exc.headers, exc.header_row, exc.samples, exc.guess))


def _work(job: Callable[..., None], conn: Connection, *args: Any) -> None:
    """The worker process: run ``job``, turning what stops it into a last message."""
    try:
        job(conn, *args)
    except (BrokenPipeError, EOFError, KeyboardInterrupt):
        pass  # the importer stopped listening (cancelled)
    except ImportFailed as exc:  # the file's own fault, said in its words (a CSV that cannot be read)
        conn.send(("failed", str(exc), ""))
    except OSError as exc:
        conn.send(("failed", f"파일을 읽는 중 오류가 났습니다: {exc.strerror or type(exc).__name__}", ""))
    except Exception as exc:  # a bug: the importer logs the details and reports the file as not imported
        conn.send(("failed", unexpected(exc), traceback.format_exc()))
    finally:
        conn.close()


class ParsedElsewhere:
    """Iterate to get (records, (done, total)) chunks from the worker; a spreadsheet's ``layout``
    (kind, encoding) is known once the first chunk has come, the ``encoding`` at the end."""

    def __init__(self, job: Callable[..., None], args: tuple[Any, ...], name: str,
                 key_for: Callable[[str], str | None]) -> None:
        self.job, self.args, self.name, self.key_for = job, args, name, key_for
        self.layout: tuple[str, str] | None = None
        self.encoding = ""

    @classmethod
    def log(cls, path: Path, name: str, key_for: Callable[[str], str | None]) -> ParsedElsewhere:
        return cls(_work_log, (str(path), name), name, key_for)

    @classmethod
    def sheet(cls, path: Path, name: str, fmt: str, kind: str, profile: str | None, book: ProfileBook,
              key_for: Callable[[str], str | None]) -> ParsedElsewhere:
        return cls(_work_sheet, (str(path), name, fmt, kind, profile, book), name, key_for)

    def __iter__(self) -> Iterator[tuple[list[Any], tuple[int, int]]]:
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe()
        worker = context.Process(target=_work, args=(self.job, there, *self.args), daemon=True,
                                 name="smartro-parse")
        worker.start()
        there.close()
        try:
            while True:
                try:
                    message = here.recv()
                except EOFError:
                    raise ImportFailed("파일을 읽던 작업 프로세스가 중간에 끝났습니다 (가져오지 않았습니다)") from None
                if message[0] == "key":
                    here.send(self.key_for(message[1]))
                elif message[0] == "items":
                    yield [_unpacked(item) for item in message[1]], message[2]
                elif message[0] == "layout":
                    self.layout = (message[1], message[2])
                elif message[0] == "done":
                    self.encoding = message[1]
                    return
                elif message[0] == "unknown":
                    _, path, headers, header_row, samples, guess = message
                    raise UnknownLayout(path, headers, header_row=header_row, samples=samples, guess=guess)
                else:
                    if message[2]:
                        log.error("parsing %s failed in the worker process:\n%s", self.name, message[2])
                    raise ImportFailed(message[1])
        finally:
            here.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()
