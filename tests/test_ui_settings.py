"""Settings keep their types across restarts; filter presets keep relative periods relative."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402

from smartro_desk.ledger.queries import TransactionFilter  # noqa: E402
from smartro_desk.ui import settings_store as S  # noqa: E402
from smartro_desk.ui.presets import FilterState, month_state, period_dates, state_from_dict, state_to_dict  # noqa: E402


def test_values_round_trip_with_their_types(tmp_path: Path) -> None:
    store = S.SettingsStore.in_folder(tmp_path)
    assert store.get(S.LANGUAGE) == "ko" and store.get(S.DEMO_OFFERED) is False
    store.set(S.LANGUAGE, "en")
    store.set(S.WINDOW_GEOMETRY, b"\x00\x01binary,=;\xff")
    store.set(S.COLUMNS, [{"key": "tid", "width": 200, "hidden": False}])
    store.set(S.SORT, ["amount", False])
    store.set(S.PRESETS, {"카드만": {"pay_methods": ["CARD"], "text": "김, 이"}})
    store.set(S.DEMO_OFFERED, True)
    store.set(S.LAST_FOLDER, "C:\\Users\\재무팀\\받은 파일")
    store.sync()
    again = S.SettingsStore.in_folder(tmp_path)
    assert again.get(S.LANGUAGE) == "en"
    assert again.get(S.WINDOW_GEOMETRY) == b"\x00\x01binary,=;\xff"
    assert again.get(S.COLUMNS) == [{"key": "tid", "width": 200, "hidden": False}]
    assert again.get(S.SORT) == ["amount", False]
    assert again.get(S.PRESETS) == {"카드만": {"pay_methods": ["CARD"], "text": "김, 이"}}
    assert again.get(S.DEMO_OFFERED) is True
    assert again.get(S.LAST_FOLDER) == "C:\\Users\\재무팀\\받은 파일"


def test_unreadable_or_mistyped_values_fall_back_to_defaults(tmp_path: Path) -> None:
    raw = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    raw.setValue("ui/language", "{not json")
    raw.setValue("table/sort", '"a string"')
    raw.setValue("meta/version", 99)
    raw.sync()
    store = S.SettingsStore.in_folder(tmp_path)
    assert store.get(S.LANGUAGE) == "ko"
    assert store.get(S.SORT) == ["approved_at", True]


def test_version_is_written(tmp_path: Path) -> None:
    S.SettingsStore.in_folder(tmp_path).sync()
    assert QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value("meta/version") in (1, "1")


def test_periods() -> None:
    today = date(2024, 3, 15)
    assert period_dates("this_month", today) == (date(2024, 3, 1), date(2024, 3, 31))
    assert period_dates("last_month", today) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_dates("today", today) == (today, today)
    assert period_dates("last_7_days", today) == (date(2024, 3, 9), today)
    assert period_dates("all", today) == (None, None)
    assert FilterState().resolve(today) == TransactionFilter.this_month(today)


def test_presets_round_trip_and_stay_relative() -> None:
    state = FilterState("last_month", flt=TransactionFilter(
        pay_methods=("CARD",), states=("flagged",), issuers=("04",), mids=("SMTSUB001m", "SMTSUB002m"),
        amount_min=1000, amount_max=None, text="김똠순"))
    data = state_to_dict(state)
    assert state_from_dict(data) == state
    assert state_from_dict(data).resolve(date(2024, 1, 10)).date_from == date(2023, 12, 1)
    month = month_state(2024, 2)
    assert state_from_dict(state_to_dict(month)).resolve(date(2030, 1, 1)).date_to == date(2024, 2, 29)
    assert state_from_dict({"period": "bogus", "amount_min": "12", "pay_methods": "CARD"}) == FilterState()
