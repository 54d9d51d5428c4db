"""The endpoint setting, the embedded sandbox answering a real cancel over HTTP, the production strip."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QLabel, QMainWindow  # noqa: E402
from ui_support import OFFSCREEN  # noqa: E402

from smartro_desk.cancel.client import CancelClient  # noqa: E402
from smartro_desk.cancel.endpoints import PRODUCTION, TEST, Endpoint  # noqa: E402
from smartro_desk.protocol.merchants import TEST_MERCHANTS  # noqa: E402
from smartro_desk.protocol.records import CancelRequest  # noqa: E402
from smartro_desk.ui.endpoint import (  # noqa: E402
    CUSTOM_URL, ENDPOINT, EmbeddedSandbox, EndpointSettings, ProductionBanner, current_endpoint,
)
from smartro_desk.ui.settings_store import SettingsStore  # noqa: E402

FAST = httpx.Timeout(connect=2.0, read=5.0, write=2.0, pool=2.0)
SANDBOX_URL = "http://127.0.0.1:50001"


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore.in_folder(tmp_path)


def test_the_local_sandbox_is_the_default(store: SettingsStore) -> None:
    endpoint = current_endpoint(store, SANDBOX_URL)
    assert endpoint == Endpoint("sandbox", SANDBOX_URL) and not endpoint.is_production


@pytest.mark.parametrize(("kind", "url", "expected"), [
    ("test", "", Endpoint("test", TEST)),
    ("production", "", Endpoint("production", PRODUCTION)),
    ("custom", "http://10.0.0.5:8080", Endpoint("custom", "http://10.0.0.5:8080")),
    ("custom", "https://PAY.smilepay.co.kr", Endpoint("production", PRODUCTION)),  # cannot hide production
])
def test_kinds_resolve_without_starting_the_sandbox(store: SettingsStore, kind: str, url: str,
                                                    expected: Endpoint) -> None:
    EndpointSettings(kind, url).save(store)  # type: ignore[arg-type]

    def no_sandbox() -> str:
        raise AssertionError("the sandbox was started for another endpoint")

    assert current_endpoint(store, no_sandbox) == expected


@pytest.mark.parametrize(("kind", "url"), [("custom", "ftp://x"), ("custom", ""), ("bogus", "")])
def test_unusable_settings_fall_back_to_the_sandbox(tmp_path: Path, kind: str, url: str) -> None:
    raw = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    raw.setValue(ENDPOINT.name, f'"{kind}"')
    raw.setValue(CUSTOM_URL.name, f'"{url}"')
    raw.sync()
    assert current_endpoint(SettingsStore.in_folder(tmp_path), lambda: SANDBOX_URL).kind == "sandbox"


def test_embedded_sandbox_answers_a_cancel_over_http(store: SettingsStore, tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    embedded = EmbeddedSandbox(state)
    assert not embedded.running
    payment = embedded.sandbox.create_payment("SMTPAY001m", "CARD", 10_000, order_id="ORD-7", goods="무선 이어폰",
                                              buyer="김똠순")
    try:
        endpoint = current_endpoint(store, lambda: embedded.base_url)  # started on first need
        assert embedded.running and endpoint.kind == "sandbox" and endpoint.base_url.startswith("http://127.0.0.1:")
        merchant = TEST_MERCHANTS["SMTPAY001m"]
        request = CancelRequest.build(payment["tid"], merchant.merchant_key, merchant.cancel_password, 4_000,
                                      "고객 요청", True)
        with CancelClient(endpoint, timeout=FAST) as client:
            outcome = client.send(request)
        assert outcome.status == "cancelled" and outcome.code == "2001"
        assert embedded.sandbox.requests_received == 1
        assert embedded.start() == endpoint.base_url  # one server, one port
    finally:
        embedded.stop()
    assert not embedded.running
    with CancelClient(endpoint, timeout=FAST) as client:
        assert client.send(request).status == "not_sent"  # stopped: nothing listens any more
    again = EmbeddedSandbox(state)  # the state file keeps the sandbox's payments across runs
    assert again.sandbox.payment(payment["tid"])["remaining"] == 6_000


def test_unreadable_sandbox_state_is_kept_aside(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    state.write_text("{ not json", "utf-8")
    embedded = EmbeddedSandbox(state)
    assert embedded.sandbox.payments() == []
    assert [p.name.startswith("sandbox.json.unreadable-") for p in tmp_path.iterdir()].count(True) == 1


def test_stop_on_quit_and_stop_twice(qapp: Any, tmp_path: Path) -> None:
    embedded = EmbeddedSandbox(None)
    embedded.stop()  # never started: nothing to do
    embedded.start()
    embedded.stop_on_quit(qapp)
    qapp.aboutToQuit.emit()
    assert not embedded.running
    embedded.stop()
    qapp.aboutToQuit.disconnect(embedded.stop)


@OFFSCREEN
def test_production_banner_follows_the_endpoint(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QLabel("표", window)
    window.setCentralWidget(central)
    banner = ProductionBanner.attach(window)
    window.show()
    qtbot.waitExposed(window)
    assert central.parent() is window.centralWidget() and not central.isHidden()
    assert not banner.isVisible()
    banner.set_endpoint(Endpoint("production", PRODUCTION))
    assert banner.isVisible() and "운영 서버에 연결됨 — 취소가 실제로 환불됩니다" in banner.text()
    assert PRODUCTION in banner.text() and banner.y() < central.y() + 1
    banner.set_endpoint(Endpoint("test", TEST))
    assert not banner.isVisible()
    banner.set_endpoint(Endpoint("custom", "https://10.0.0.1"))
    assert not banner.isVisible()
