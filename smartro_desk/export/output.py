"""Where an export lands: a temporary file beside the target, renamed into place on success.

A cancel or an error removes the temporary file and leaves an existing target
exactly as it was, so a half-written workbook never carries the target's name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class ExportError(Exception):
    """An export that could not be written, in words the user can act on."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int  # data rows of every table written (title, header and totals rows not counted)
    sheets: tuple[str, ...]  # worksheet names in order; empty for CSV


def is_csv(path: Path | str) -> bool:
    return Path(path).suffix.lower() == ".csv"


def check_suffix(path: Path | str, *, csv_allowed: bool = True) -> Path:
    """The target as a Path, refusing names Excel would not open as this export."""
    path = Path(path)
    allowed = (".xlsx", ".csv") if csv_allowed else (".xlsx",)
    if path.suffix.lower() not in allowed:
        raise ExportError(f"{path.name}: {' 또는 '.join(allowed)} 파일로만 내보낼 수 있습니다.")
    return path


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``target``."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"폴더가 없습니다: {folder}")
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.stem}.", suffix=".part")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        try:
            os.replace(temp, target)
        except PermissionError as exc:
            raise ExportError(
                f"{target.name}을(를) 덮어쓸 수 없습니다. Excel 등에서 열려 있다면 닫고 다시 내보내세요."
            ) from exc
    finally:
        temp.unlink(missing_ok=True)
