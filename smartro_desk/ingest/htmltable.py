"""The rows of HTML tables, as many Korean admin sites export them under an ``.xls`` name.

Streams: text is fed in chunks and finished rows are handed out as they close.
``colspan`` leaves blank cells after the spanning one (as a merged Excel cell
does); ``rowspan`` keeps later rows' cells in their columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

_BREAKS = frozenset({"br", "p", "div"})
MAX_SPAN = 1000


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.spans: dict[int, int] = {}  # column -> rows below still covered by a rowspan
        self.pending_span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            if self.row is None:
                self.row = []
            self._end_cell()
            attrs_d = dict(attrs)
            self._fill_spanned()
            self.cell = []
            self.pending_span = (_span(attrs_d.get("colspan")), _span(attrs_d.get("rowspan")))
        elif tag in _BREAKS and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def _fill_spanned(self) -> None:
        """Blank cells where a rowspan from above still covers this row."""
        row = self.row if self.row is not None else []
        while len(row) in self.spans:
            column = len(row)
            row.append("")
            left = self.spans.pop(column)
            if left > 1:
                self.spans[column] = left - 1

    def _end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        text = " ".join("".join(self.cell).split())
        colspan, rowspan = self.pending_span
        start = len(self.row)
        self.row.append(text)
        self.row.extend([""] * (colspan - 1))
        if rowspan > 1:
            for column in range(start, start + colspan):
                self.spans[column] = rowspan - 1
        self.cell = None
        self.pending_span = (1, 1)

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            if self.row:
                self._fill_spanned()
                self.done.append(self.row)
            self.row = None


def html_rows(chunks: Iterable[str]) -> Iterator[list[str]]:
    """Every table row in the document, in order, as lists of cell texts."""
    parser = _TableParser()
    for chunk in chunks:
        parser.feed(chunk)
        if parser.done:
            yield from parser.done
            parser.done = []
    parser.close()
    parser._end_row()
    yield from parser.done
