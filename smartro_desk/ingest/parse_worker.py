"""A big log is parsed in a second process while this one writes the ledger: one core each.

Parsing and classifying a record costs about as much CPU as storing it, and
Python runs one thread at a time, so a log of more than ``PARALLEL_FROM`` bytes
is read by a worker process (``spawn``: the same on Windows) that sends the
records back in chunks of ``CHUNK``. Merchant keys stay here: the worker asks
for a MID's key when it first meets that MID, over the same pipe, and gets
only that one. The pipe's buffer bounds what is in flight (a chunk or two);
closing the iterator (a cancel, an error) stops the worker.
"""

from __future__ import annotations

import codecs
import logging
import multiprocessing
import traceback
from collections.abc import Callable, Iterator
from dataclasses import fields
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, BinaryIO

from smartro_desk.ingest.classify import key_cache
from smartro_desk.ingest.detect import text_encoding
from smartro_desk.ingest.logs import LogReader
from smartro_desk.ingest.report import ImportFailed, unexpected
from smartro_desk.ingest.text import summarize_encodings
from smartro_desk.ledger import EventRecord

log = logging.getLogger(__name__)

PARALLEL_FROM = 8 << 20  # smaller logs parse in-process: starting the worker takes about 0.3 s
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


def _packed(item: Any) -> Any:
    """An event as a plain tuple with its fields already encoded and its keys hashed (a third of the
    pickling, and that work done here instead of in the writing process); other items as they are."""
    if type(item) is not EventRecord:
        return item
    values = [getattr(item, slot) for slot in _EVENT_SLOTS]
    body = values[_TEXT_AT] = item.fields_json()
    values[_KEYS_AT] = item.keys_of(body)
    values[_FIELDS_AT] = {}
    return tuple(values)


def _unpacked(item: Any) -> Any:
    return EventRecord(*item) if type(item) is tuple else item


def _work(path: str, name: str, conn: Connection) -> None:
    """The worker process: parse ``path``, send ("items", records, bytes read) chunks, then ("done", encoding)."""
    from smartro_desk.ingest.pipeline import log_records  # the worker's own import (spawn)

    def key_for(mid: str) -> str | None:
        conn.send(("key", mid))
        return conn.recv()

    try:
        with open(path, "rb") as stream:
            reader = LogReader(utf8_stream(stream))
            batch: list[Any] = []
            for item in log_records(reader, key_cache(key_for), name):
                batch.append(_packed(item))
                if len(batch) >= CHUNK:
                    conn.send(("items", batch, reader.bytes_done))
                    batch = []
            conn.send(("items", batch, reader.bytes_done))
            conn.send(("done", reader_encoding(reader)))
    except (BrokenPipeError, EOFError, KeyboardInterrupt):
        pass  # the importer stopped listening (cancelled)
    except OSError as exc:
        conn.send(("failed", f"파일을 읽는 중 오류가 났습니다: {exc.strerror or type(exc).__name__}", ""))
    except Exception as exc:  # a bug: the importer logs the details and reports the file as not imported
        conn.send(("failed", unexpected(exc), traceback.format_exc()))
    finally:
        conn.close()


class ParsedElsewhere:
    """Iterate to get (records, bytes read) chunks from the worker; ``encoding`` is known at the end."""

    def __init__(self, path: Path, name: str, key_for: Callable[[str], str | None]) -> None:
        self.path, self.name, self.key_for = path, name, key_for
        self.encoding = ""

    def __iter__(self) -> Iterator[tuple[list[Any], int]]:
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe()
        worker = context.Process(target=_work, args=(str(self.path), self.name, there), daemon=True,
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
                elif message[0] == "done":
                    self.encoding = message[1]
                    return
                else:
                    if message[2]:
                        log.error("parsing %s failed in the worker process:\n%s", self.name, message[2])
                    raise ImportFailed(message[1])
        finally:
            here.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()
