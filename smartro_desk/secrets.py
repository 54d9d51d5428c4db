"""Merchant keys and cancel passwords: in the OS keyring, never in files, logs or the ledger.

Resolution order for a MID: the ``--keys`` automation file of this run (if
any), then the OS keyring, then, for Smartro's published test MIDs only,
their public test keys. Where no keyring backend exists the user can type a
secret for this session only (``SessionSecrets``); there is no plaintext fallback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from smartro_desk.protocol.merchants import TEST_MERCHANTS

SERVICE = "smartro_desk"
MERCHANT_KEY = "merchant_key"
CANCEL_PASSWORD = "cancel_password"
SECRET_NAMES = (MERCHANT_KEY, CANCEL_PASSWORD)


class SecretsError(RuntimeError):
    """A secrets source that cannot be used (unreadable file, no keyring backend)."""


@dataclass(frozen=True, slots=True)
class MerchantSecrets:
    merchant_key: str | None = None
    cancel_password: str | None = None

    def __repr__(self) -> str:  # never show the values
        return (
            f"MerchantSecrets(merchant_key={'set' if self.merchant_key else 'missing'}, "
            f"cancel_password={'set' if self.cancel_password else 'missing'})"
        )


class SecretStore(Protocol):
    def get(self, mid: str, name: str) -> str | None: ...
    def set(self, mid: str, name: str, value: str) -> None: ...
    def delete(self, mid: str, name: str) -> None: ...


class KeyringSecrets:
    """The OS keyring (Windows Credential Locker, Secret Service, macOS Keychain)."""

    def __init__(self) -> None:
        import keyring

        self._keyring = keyring

    def available(self) -> bool:
        from keyring.backends import fail

        backend = self._keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 1) > 0

    def get(self, mid: str, name: str) -> str | None:
        try:
            return self._keyring.get_password(SERVICE, f"{mid}:{name}")
        except self._keyring.errors.KeyringError:
            return None

    def set(self, mid: str, name: str, value: str) -> None:
        try:
            self._keyring.set_password(SERVICE, f"{mid}:{name}", value)
        except self._keyring.errors.KeyringError as exc:
            raise SecretsError(f"운영체제 키 저장소에 저장하지 못했습니다: {type(exc).__name__}") from None

    def delete(self, mid: str, name: str) -> None:
        try:
            self._keyring.delete_password(SERVICE, f"{mid}:{name}")
        except self._keyring.errors.KeyringError:
            pass


class SessionSecrets:
    """Secrets typed for this session only, kept in memory."""

    def __init__(self, values: Mapping[tuple[str, str], str] | None = None) -> None:
        self._values: dict[tuple[str, str], str] = dict(values or {})

    def get(self, mid: str, name: str) -> str | None:
        return self._values.get((mid, name))

    def set(self, mid: str, name: str, value: str) -> None:
        self._values[(mid, name)] = value

    def delete(self, mid: str, name: str) -> None:
        self._values.pop((mid, name), None)


def load_keys_file(path: Path | str) -> SessionSecrets:
    """The automation secrets file: ``{"MID": {"merchant_key": "...", "cancel_password": "..."}}``."""
    try:
        data = json.loads(Path(path).read_text("utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise SecretsError(f"키 파일을 읽을 수 없습니다 ({path}): {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise SecretsError(f"키 파일 형식이 잘못되었습니다 ({path}): MID별 객체가 필요합니다")
    values: dict[tuple[str, str], str] = {}
    for mid, entry in data.items():
        if not isinstance(entry, dict):
            raise SecretsError(f"키 파일 형식이 잘못되었습니다 ({path}): {mid!s:.12}")
        for name in SECRET_NAMES:
            if isinstance(entry.get(name), str) and entry[name]:
                values[(str(mid), name)] = entry[name]
    return SessionSecrets(values)


class Secrets:
    """The chain the rest of the app asks: run file → keyring/session → public test keys."""

    def __init__(self, *stores: SecretStore, allow_test_keys: bool = True) -> None:
        self.stores = list(stores)
        self.allow_test_keys = allow_test_keys

    def get(self, mid: str, name: str) -> str | None:
        for store in self.stores:
            value = store.get(mid, name)
            if value:
                return value
        test = TEST_MERCHANTS.get(mid) if self.allow_test_keys else None
        if test is not None:
            return test.merchant_key if name == MERCHANT_KEY else test.cancel_password
        return None

    def merchant(self, mid: str) -> MerchantSecrets:
        return MerchantSecrets(self.get(mid, MERCHANT_KEY), self.get(mid, CANCEL_PASSWORD))

    def merchant_key(self, mid: str) -> str | None:
        return self.get(mid, MERCHANT_KEY)


def default_secrets(keys_file: Path | str | None = None) -> Secrets:
    """Secrets for a run: the ``--keys`` file when given, else the OS keyring when it has a backend."""
    stores: list[SecretStore] = []
    if keys_file:
        stores.append(load_keys_file(keys_file))
    else:
        keyring_store = KeyringSecrets()
        if keyring_store.available():
            stores.append(keyring_store)
    return Secrets(*stores)
