"""Saved column mappings ("profiles"): a layout mapped once is recognised next time by its headers."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smartro_desk.ingest.headers import SHEET_FIELDS, signature
from smartro_desk.ledger import Ledger
from smartro_desk.ledger.store import now_text

KINDS = {"export": "export", "results": "export", "orders": "orders"}


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    signature: str
    kind: str  # "export" or "orders"
    mapping: dict[str, str]  # header -> field


def save_profile(ledger: Ledger, name: str, headers: Sequence[str], kind: str, mapping: Mapping[str, str]) -> Profile:
    """Save (or replace) the mapping of the layout with these ``headers`` under ``name``."""
    name = name.strip()
    if not name:
        raise ValueError("프로필 이름을 입력하세요")
    if kind not in KINDS:
        raise ValueError(f"알 수 없는 종류입니다: {kind!r} (export, results 또는 orders)")
    unknown = sorted({f for f in mapping.values() if f and f not in SHEET_FIELDS})
    if unknown:
        raise ValueError(f"알 수 없는 항목입니다: {', '.join(unknown)}")
    absent = sorted(h for h in mapping if h not in headers)
    if absent:
        raise ValueError(f"머리글에 없는 열입니다: {', '.join(absent)}")
    profile = Profile(name, signature(headers), KINDS[kind], {h: f for h, f in mapping.items() if f})
    with ledger.write():
        ledger.db.execute(
            "INSERT INTO mapping_profiles (name, signature, kind, mapping, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET signature = excluded.signature, kind = excluded.kind, "
            "mapping = excluded.mapping, created_at = excluded.created_at",
            (profile.name, profile.signature, profile.kind, json.dumps(profile.mapping, ensure_ascii=False),
             now_text()),
        )
    return profile


def _profile(row: tuple[object, ...]) -> Profile:
    name, sig, kind, mapping = row
    return Profile(str(name), str(sig), str(kind), dict(json.loads(str(mapping))))


def find_profile(ledger: Ledger, headers: Sequence[str]) -> Profile | None:
    """The most recently saved profile for a layout with these headers."""
    return ProfileBook.load(ledger).for_headers(headers)


def get_profile(ledger: Ledger, name: str) -> Profile | None:
    return ProfileBook.load(ledger).named(name)


@dataclass(frozen=True, slots=True)
class ProfileBook:
    """Every saved profile, read once: the lookups one import makes (in a worker process too)."""

    by_name: dict[str, Profile]
    by_signature: dict[str, Profile]  # the most recently saved one for each layout

    @classmethod
    def load(cls, ledger: Ledger) -> ProfileBook:
        profiles = [_profile(tuple(row)) for row in ledger.db.query(
            "SELECT name, signature, kind, mapping FROM mapping_profiles ORDER BY created_at, rowid"
        )]
        return cls({p.name: p for p in profiles}, {p.signature: p for p in profiles})

    def named(self, name: str) -> Profile | None:
        return self.by_name.get(name.strip())

    def for_headers(self, headers: Sequence[str]) -> Profile | None:
        return self.by_signature.get(signature(headers))
