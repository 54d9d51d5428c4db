"""Secrets: the --keys file, the keyring, the public test keys; never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.secrets import (
    CANCEL_PASSWORD, MERCHANT_KEY, KeyringSecrets, Secrets, SecretsError, SessionSecrets, default_secrets, load_keys_file,
)


def test_keys_file_wins_and_is_read_only_for_the_run(tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"MYSHOP001m": {"merchant_key": "k-1", "cancel_password": "pw-1"}, "OTHER0001m": {"merchant_key": "k-2"}}))
    secrets = default_secrets(keys)
    assert secrets.merchant("MYSHOP001m").merchant_key == "k-1"
    assert secrets.merchant("MYSHOP001m").cancel_password == "pw-1"
    assert secrets.merchant("OTHER0001m").cancel_password is None
    assert "k-1" not in repr(secrets.merchant("MYSHOP001m")) and "pw-1" not in repr(secrets.merchant("MYSHOP001m"))


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"MID": "flat"}'])
def test_bad_keys_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    keys = tmp_path / "keys.json"
    keys.write_text(content)
    with pytest.raises(SecretsError, match="키 파일"):
        load_keys_file(keys)


def test_keyring_round_trip_uses_the_test_backend() -> None:
    store = KeyringSecrets()
    assert store.available()
    store.set("MYSHOP001m", MERCHANT_KEY, "from-keyring")
    assert default_secrets().merchant_key("MYSHOP001m") == "from-keyring"
    store.delete("MYSHOP001m", MERCHANT_KEY)
    assert default_secrets().merchant_key("MYSHOP001m") is None


def test_public_test_keys_only_for_test_mids() -> None:
    secrets = Secrets(SessionSecrets())
    assert secrets.merchant_key("SMTPAY001m") == TEST_MERCHANTS["SMTPAY001m"].merchant_key
    assert secrets.get("SMTPAY001m", CANCEL_PASSWORD) == "123456"
    assert secrets.merchant_key("REALSHOP1m") is None
    assert Secrets(allow_test_keys=False).merchant_key("SMTPAY001m") is None
