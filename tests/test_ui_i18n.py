"""The English translation is complete, matches the code, and the compiled .qm is current."""

from __future__ import annotations

import importlib.util
import os
import shutil
import string
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QTranslator  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
spec = importlib.util.spec_from_file_location("i18n_update", I18N / "update.py")
assert spec is not None and spec.loader is not None
update = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update)


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_string_is_translated_with_the_same_placeholders() -> None:
    messages = update.messages(update.TS)
    assert len(messages) > 150
    missing = [(c, s) for c, s, t in messages if t is None]
    assert missing == []
    for context, source, translation in messages:
        assert fields(source) == fields(translation), (context, source)
        assert source.count("&") == translation.count("&") or "(&" in source, (context, source)


@pytest.mark.skipif(update.tool("lupdate") is None, reason="pyside6-lupdate not installed")
def test_the_ts_file_holds_every_string_of_the_code(tmp_path: Path) -> None:
    copy = tmp_path / "check.ts"
    shutil.copy(update.TS, copy)
    update.lupdate(copy)
    now = {(c, s) for c, s, _t in update.messages(copy)}
    before = {(c, s) for c, s, _t in update.messages(update.TS)}
    assert now - before == set(), "run: python resources/i18n/update.py, then translate the new strings"
    assert before - now == set(), "strings no longer in the code: run python resources/i18n/update.py"


@pytest.mark.skipif(update.tool("lrelease") is None, reason="pyside6-lrelease not installed")
def test_the_qm_file_is_compiled_from_the_ts(tmp_path: Path) -> None:
    update.lrelease(update.TS, tmp_path / "check.qm")
    assert (tmp_path / "check.qm").read_bytes() == update.QM.read_bytes(), "run: python resources/i18n/update.py"


def test_the_qm_translates(qapp: Any) -> None:
    translator = QTranslator()
    assert translator.load(str(update.QM))
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "거래 원장") == "Ledger"
        assert QCoreApplication.translate("messages", "아니요") == "No"
    finally:
        qapp.removeTranslator(translator)
