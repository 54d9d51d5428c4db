"""Import files into the ledger: detect, read, classify, add in chunks, report every record.

One file is one ledger transaction (``Ledger.importing``): a cancel or an error
leaves the ledger as it was before that file. Records go in chunks of
``CHUNK``; between chunks ``progress(done, total)`` is called and the cancel
token checked. A file whose exact bytes were imported before is not read again:
its report names the earlier batch and every record counts as a duplicate of it
(no batch is recorded; the attempt is written to the audit log).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from smartro_desk.ingest import headers as H
from smartro_desk.ingest import parse_worker
from smartro_desk.ingest.classify import RecordRejected, gateway_event, is_payment_request, key_cache, request_order
from smartro_desk.ingest.detect import detect_format, text_encoding
from smartro_desk.ingest.logs import LogEntry, LogReader
from smartro_desk.ingest.occurrences import Occurrences
from smartro_desk.ingest.profiles import ProfileBook
from smartro_desk.ingest.report import (
    EXPORT, LOG, MAX_REJECTS_IN_REPORT, ORDERS, RESULTS, FileReport, ImportFailed, Reject, UnknownLayout,
    unexpected,
)
from smartro_desk.ingest.rows import Layout, RowReader
from smartro_desk.ingest.sheetvalues import cell_text
from smartro_desk.ingest.spreadsheets import Table, open_tables
from smartro_desk.ingest.text import scrub_secrets, summarize_encodings
from smartro_desk.cancel.recovery import settle_from_events
from smartro_desk.ledger import Batch, EventRecord, ImportSession, Issue, Ledger, OrderRecord
from smartro_desk.protocol.fields import SECRET_FIELDS, mask_secrets
from smartro_desk.secrets import Secrets
from smartro_desk.tasks import CancelToken, Progress

log = logging.getLogger(__name__)

CHUNK = 5000
KINDS = ("auto", "results", "orders")
_HASH_BLOCK = 1 << 20


class _Sink:
    """Collects one file's records and hands them to the import session in chunks."""

    def __init__(self, session: ImportSession, progress: Progress | None, cancel: CancelToken | None) -> None:
        self.session = session
        self.progress = progress
        self.cancel = cancel
        self.events: list[EventRecord] = []
        self.orders: list[OrderRecord] = []
        self.issues: list[Issue] = []
        self.rejects: list[Reject] = []

    def issue(self, issue: Issue) -> None:
        if issue.raw:
            issue = replace(issue, raw=scrub_secrets(issue.raw))
        self.issues.append(issue)
        if issue.outcome == "rejected" and len(self.rejects) < MAX_REJECTS_IN_REPORT:
            self.rejects.append(Reject(issue.line, issue.reason))

    def take(self, record: EventRecord | OrderRecord | Issue) -> None:
        if type(record) is EventRecord:
            self.events.append(record)
        elif type(record) is OrderRecord:
            self.orders.append(record)
        else:
            self.issue(record)  # type: ignore[arg-type]

    @property
    def due(self) -> bool:
        return len(self.events) + len(self.orders) + len(self.issues) >= CHUNK

    def flush(self, done: int, total: int) -> None:
        if self.events:
            self.session.add_events(self.events)
            self.events = []
        if self.orders:
            self.session.add_orders(self.orders)
            self.orders = []
        if self.issues:
            self.session.add_issues(self.issues)
            self.issues = []
        if self.progress is not None:
            self.progress(done, total)
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()

    def report(self, path: str, fmt: str, encoding: str, kind: str) -> FileReport:
        c = self.session.counts
        return FileReport(
            path, fmt, encoding, kind, c["records"], c["imported"], c["duplicates"], c["rejected"],
            c["skipped"], c["flagged"], tuple(self.rejects), self.session.batch_id,
        )


def file_hash(path: Path, cancel: CancelToken | None = None) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for count, block in enumerate(iter(lambda: stream.read(_HASH_BLOCK), b"")):
                digest.update(block)
                if cancel is not None and count % 64 == 63:
                    cancel.raise_if_cancelled()
    except OSError as exc:
        raise ImportFailed(f"파일을 읽을 수 없습니다: {exc.strerror or type(exc).__name__}") from None
    return digest.hexdigest()


def import_files(ledger: Ledger, paths: Iterable[Path | str], **options: Any) -> list[FileReport]:
    """Import each file in turn; a file that cannot be read (or mapped) is reported and skipped.

    ``Cancelled`` stops at the file under way (rolled back); earlier files stay imported.
    """
    reports = []
    for path in paths:
        try:
            reports.append(import_file(ledger, path, **options))
        except UnknownLayout as exc:
            reports.append(FileReport(str(path), error=str(exc)))
    return reports


def import_file(
    ledger: Ledger, path: Path | str, *, kind: str = "auto", secrets: Secrets | None = None,
    progress: Progress | None = None, cancel: CancelToken | None = None, profile: str | None = None,
) -> FileReport:
    """Import one file (see the module docstring).

    ``kind``: "auto", "results" (gateway records) or "orders" (the merchant's order
    list); ``profile`` names a saved column mapping. Raises ``UnknownLayout`` for a
    sheet whose columns are not recognised and ``Cancelled`` when cancelled; a file
    that cannot be read at all gives a report with ``error`` set.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    name = str(path)
    path = Path(path)
    fmt = ""
    try:
        fmt = detect_format(path)
        if fmt == LOG and kind == ORDERS:
            raise ImportFailed("로그 파일에는 주문 목록이 없습니다 (--kind auto 또는 results로 가져오세요)")
        digest = file_hash(path, cancel)
        earlier = ledger.find_batch(digest)
        if earlier is not None and (kind == "auto" or (earlier.kind == ORDERS) == (kind == ORDERS)):
            return _repeated(ledger, name, earlier)
        key_for = key_cache(secrets.merchant_key if secrets is not None else None)
        if fmt == LOG:
            report = _import_log(ledger, name, path, digest, key_for, progress, cancel)
        else:
            report = _import_sheet(ledger, name, path, fmt, digest, kind, profile, key_for, progress, cancel)
        settle_from_events(ledger)  # the gateway's own cancel record settles a cancel whose answer was lost
        return report
    except ImportFailed as exc:
        return FileReport(name, fmt, error=str(exc))
    except OSError as exc:  # the file went away or became unreadable while being read (rolled back)
        return FileReport(name, fmt, error=f"파일을 읽는 중 오류가 났습니다: {exc.strerror or type(exc).__name__}")


def _repeated(ledger: Ledger, name: str, earlier: Batch) -> FileReport:
    """The same bytes again: what the earlier import took in is all duplicates now; what it rejected is
    rejected again, for the same reasons (nothing is read, nothing changes)."""
    ledger.audit("import_repeated", details={"path": name, "same_as_batch": earlier.id})
    rejects = ledger.batch_issues(earlier.id, outcome="rejected", limit=MAX_REJECTS_IN_REPORT)
    return FileReport(
        name, earlier.format, earlier.encoding, earlier.kind, records=earlier.records,
        duplicates=earlier.imported + earlier.duplicates, rejected=earlier.rejected, skipped=earlier.skipped,
        rejects=tuple(Reject(i.line, i.reason) for i in rejects), already_imported_as=earlier.id,
    )


# -- logs -----------------------------------------------------------------------------


def _sample_encoding(path: Path) -> str:
    """The encodings of a log's first records, for the batch row (the report has the whole file's)."""
    with open(path, "rb") as stream:
        sample = stream.read(1 << 16)
    if text_encoding(sample).startswith("utf-16"):
        return "utf-16"
    reader = LogReader(io.BytesIO(sample[: sample.rfind(b"\n") + 1] or sample))
    for _ in reader:
        pass
    return summarize_encodings(reader.encodings)


def log_records(
    reader: LogReader, key_for: Callable[[str], str | None], name: str = "",
) -> Iterator[EventRecord | OrderRecord | Issue]:
    """The ledger events of a log's records (a logged payment request gives the order it
    requested), and the issues of its other lines, in file order."""
    occurrences = Occurrences()
    for item in reader:
        if type(item) is not LogEntry:
            yield item  # type: ignore[misc]
            continue
        fields, raw = item.fields, item.raw
        if not SECRET_FIELDS.isdisjoint(fields):  # a logged cancel request: its password never reaches the ledger
            fields, raw = mask_secrets(fields), scrub_secrets(raw)
        try:
            if is_payment_request(fields):
                yield request_order(fields, line=item.line, logged_at=item.logged_at)
                continue
            yield gateway_event(
                fields, hint=item.hint, key_for=key_for, line=item.line, raw=raw,
                logged_at=item.logged_at, sender_ip=item.sender_ip, occurrence=occurrences.count(item.raw_key),
            )
        except RecordRejected as exc:
            yield Issue(item.line, "rejected", str(exc), raw=raw[:2000])
        except Exception as exc:  # a bug must not lose the record: it is rejected and logged
            log.warning("line %s of %s: %s", item.line, name, type(exc).__name__, exc_info=True)
            yield Issue(item.line, "rejected", unexpected(exc), raw=raw[:2000])


def _import_log(
    ledger: Ledger, name: str, path: Path, digest: str, key_for: Callable[[str], str | None],
    progress: Progress | None, cancel: CancelToken | None,
) -> FileReport:
    total = path.stat().st_size
    with ledger.importing(name, digest, format=LOG, encoding=_sample_encoding(path), kind=RESULTS) as session:
        sink = _Sink(session, progress, cancel)
        if total >= parse_worker.PARALLEL_FROM:
            parsed = parse_worker.ParsedElsewhere.log(path, name, key_for)
            for items, (done, total) in parsed:
                for record in items:
                    sink.take(record)
                sink.flush(done, total)
            encoding = parsed.encoding
        else:
            with open(path, "rb") as stream:
                reader = LogReader(parse_worker.utf8_stream(stream))
                for record in log_records(reader, key_for, name):
                    sink.take(record)
                    if sink.due:
                        sink.flush(reader.bytes_done, total)
                sink.flush(reader.bytes_done, total)
            encoding = parse_worker.reader_encoding(reader)
    return sink.report(name, LOG, encoding, RESULTS)


# -- spreadsheets ------------------------------------------------------------------------


def _layout(book: ProfileBook, head: Sequence[tuple[int, list[Any]]], kind: str, profile: str | None) -> Layout | None:
    rows = [cells for _, cells in head]
    wanted = {"results": EXPORT, "orders": ORDERS}.get(kind)
    candidates = H.header_candidates(rows)
    if profile is not None:
        named = book.named(profile)
        if named is None:
            raise ImportFailed(f"저장된 열 프로필이 없습니다: {profile}")
        mapping = named.mapping
        index, headers = max(candidates, key=lambda c: sum(h in mapping for h in c[1]))
        if not any(h in mapping for h in headers):
            raise ImportFailed(f"'{profile}' 프로필의 열이 이 파일의 머리글에 없습니다")
        return Layout(head[index][0], tuple(headers), mapping, wanted or named.kind)
    for index, headers in candidates:
        saved = book.for_headers(headers) if headers else None
        if saved is not None:
            return Layout(head[index][0], tuple(headers), saved.mapping, wanted or saved.kind)
    found = H.find_header(rows, wanted)
    if found is None:
        return None
    index, headers, mapping = found
    guessed = wanted or H.guess_kind(mapping)
    return Layout(head[index][0], tuple(headers), mapping, guessed) if guessed else None


def _unknown(name: str, head: Sequence[tuple[int, list[Any]]]) -> UnknownLayout:
    rows = [cells for _, cells in head]
    if not any(any(cell_text(c) for c in r) for r in rows):
        return UnknownLayout(name, [])
    def promise(candidate: tuple[int, list[str]]) -> tuple[int, int]:
        """Recognised columns first, then named ones: the likeliest header row."""
        headers = candidate[1]
        return len(H.guess_mapping(headers)), sum(1 for h in headers if not h.startswith("열"))

    index, headers = max(H.header_candidates(rows), key=promise)
    samples = [[cell_text(c) for c in r] for r in rows[index + 1:index + 6]]
    return UnknownLayout(name, headers, header_row=head[index][0], samples=samples, guess=H.guess_mapping(headers))


def find_tables(
    tables: Iterable[Table], name: str, kind: str, profile: str | None, book: ProfileBook,
) -> Iterator[tuple[Table, list[tuple[int, list[Any]]], Layout | None]]:
    """The tables to read, with their first rows (already read) and layouts: the first whose header is
    recognised, then each later sheet of a workbook. A workbook's sheet that holds something but no
    recognised header comes with no layout, after the first recognised one. ``UnknownLayout`` (or the
    profile's ``ImportFailed``), before anything is given, when no table is recognised."""
    first_head: list[tuple[int, list[Any]]] = []
    passed: list[tuple[Table, list[tuple[int, list[Any]]], None]] = []
    failed: ImportFailed | None = None
    found = False
    for table in tables:
        if found and not table.sheet:
            break  # a CSV's other readings
        head = list(itertools.islice(table.rows, H.HEADER_SCAN))
        if not any(cell_text(c) for _, cells in head for c in cells):
            continue
        first_head = first_head or head
        try:
            layout = _layout(book, head, kind, profile)
        except ImportFailed as exc:  # a profile whose columns this table lacks
            failed, layout = failed or exc, None
        if layout is not None:
            yield table, head, layout
            if not found:
                found = True
                yield from passed
        elif found:
            yield table, head, None
        elif table.sheet:
            passed.append((table, head, None))
    if not found:
        if failed is not None:
            raise failed
        raise _unknown(name, first_head)


def sheet_records(
    sheets: Iterable[tuple[Table, list[tuple[int, list[Any]]], Layout | None]], key_for: Callable[[str], str | None],
    name: str = "",
) -> Iterator[tuple[Table, int, EventRecord | OrderRecord | Issue]]:
    """(table, row number, record) for every data row after each table's header: its events or order, or the
    issue that keeps it out (skipped, rejected), in sheet order. A sheet not of the first sheet's kind, or
    without a recognised header, is one rejected issue. In a workbook of several sheets each issue names its
    sheet."""
    kind = ""
    occurrences = Occurrences()
    for table, head, layout in sheets:
        if layout is None or layout.kind != (kind or layout.kind):
            reason = (f"'{table.sheet}' 시트의 머리글을 알 수 없어 가져오지 않았습니다" if layout is None else
                      f"'{table.sheet}' 시트는 첫 시트와 목록의 종류가 달라 가져오지 않았습니다")
            yield table, head[-1][0], Issue(None, "rejected", reason)
            continue
        kind = layout.kind
        where = f"'{table.sheet}' 시트: " if table.sheet else ""
        reader = RowReader(layout, key_for, table.sheet)
        orders = layout.kind == ORDERS
        for number, cells in itertools.chain((r for r in head if r[0] > layout.header_row), table.rows):
            texts = reader.texts(cells)
            reason = reader.skip_reason(texts)
            try:
                if reason is not None:
                    yield table, number, Issue(number, "skipped", f"{where}{reason}")
                elif orders:
                    yield table, number, reader.order(number, cells, texts)
                else:
                    for event in reader.events(number, cells, texts):
                        occurrence = occurrences.count(hash(event.raw))
                        yield table, number, (event if occurrence == 1 else replace(event, occurrence=occurrence))
            except RecordRejected as exc:
                yield table, number, Issue(number, "rejected", f"{where}{exc}", raw="\t".join(texts)[:2000])
            except Exception as exc:  # a bug must not lose the row: it is rejected and logged
                log.warning("row %s of %s: %s", number, name, type(exc).__name__, exc_info=True)
                why = f"{where}{unexpected(exc)}"
                yield table, number, Issue(number, "rejected", why, raw="\t".join(texts)[:2000])


def _second_event(record: Any) -> bool:
    """The second event of an export row (its cancel beside its approval): counted with the first, so never
    in another chunk."""
    return type(record) is EventRecord and record.same_record


def _import_sheet(
    ledger: Ledger, name: str, path: Path, fmt: str, digest: str, kind: str, profile: str | None,
    key_for: Callable[[str], str | None], progress: Progress | None, cancel: CancelToken | None,
) -> FileReport:
    book = ProfileBook.load(ledger)
    if path.stat().st_size >= parse_worker.SHEET_PARALLEL_FROM:
        parsed = parse_worker.ParsedElsewhere.sheet(path, name, fmt, kind, profile, book, key_for)
        chunks = iter(parsed)
        first = next(chunks)  # the worker found the layout (or raised UnknownLayout) first
        layout_kind, encoding = parsed.layout
        with ledger.importing(name, digest, format=fmt, encoding=encoding, kind=layout_kind) as session:
            sink = _Sink(session, progress, cancel)
            for items, (done, total) in itertools.chain((first,), chunks):
                for record in items:
                    sink.take(record)
                sink.flush(done, total)
        return sink.report(name, fmt, encoding, layout_kind)
    with open_tables(path, fmt) as tables:
        sheets = find_tables(tables, name, kind, profile, book)
        first = table, _, layout = next(sheets)
        assert layout is not None  # the first table given is a recognised one
        with ledger.importing(name, digest, format=fmt, encoding=table.encoding, kind=layout.kind) as session:
            sink = _Sink(session, progress, cancel)
            number = layout.header_row
            for table, number, record in sheet_records(itertools.chain((first,), sheets), key_for, name):
                if sink.due and not _second_event(record):  # a record's events go in one chunk
                    sink.flush(*table.position(number))
                sink.take(record)
            sink.flush(*table.position(number))
    return sink.report(name, fmt, first[0].encoding, layout.kind)
