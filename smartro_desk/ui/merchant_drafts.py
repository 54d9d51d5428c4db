"""The merchants being edited in the settings dialog, before they are saved (no Qt).

A ``MerchantDraft`` holds what the user typed; secrets are never read back for
display, only whether one is stored (``SecretState``). ``validate`` finds
mistakes (``DraftProblem``: the editor words them); ``apply`` writes merchants to the ledger, in one
transaction with their audit entries, and secrets to the secret store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from smartro_desk.ledger import Ledger
from smartro_desk.logsetup import SCRUBBER
from smartro_desk.protocol.merchants import TEST_MERCHANTS
from smartro_desk.secrets import CANCEL_PASSWORD, MERCHANT_KEY, SECRET_NAMES, SecretStore

MID_PATTERN = re.compile(r"[A-Za-z0-9]{10}")
SecretState = Literal["stored", "session", "test", "missing", "new", "cleared"]


def clean_secret(name: str, value: str) -> str:
    """A merchant key is base64: drop every space or line break a PDF or e-mail added."""
    return re.sub(r"\s+", "", value) if name == MERCHANT_KEY else value.strip()


def split_mids(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\s;]+", text) if part.strip()]


@dataclass
class MerchantDraft:
    mid: str
    name: str = ""
    sub_malls: list[str] = field(default_factory=list)
    saved: bool = False  # already in the ledger: the MID is fixed
    has: dict[str, bool] = field(default_factory=dict)  # secret name -> stored in the writable store
    pending: dict[str, str | None] = field(default_factory=dict)  # new value, or None to delete

    def secret_state(self, name: str, *, persistent: bool = True) -> SecretState:
        if name in self.pending:
            return "new" if self.pending[name] is not None else "cleared"
        if self.has.get(name):
            return "stored" if persistent else "session"
        if self.mid in TEST_MERCHANTS:
            return "test"
        return "missing"


def load_drafts(ledger: Ledger, store: SecretStore) -> list[MerchantDraft]:
    """The top-level merchants of the ledger with their sub-malls and which secrets are stored."""
    rows = ledger.merchants()
    drafts: list[MerchantDraft] = []
    for mid, name, parent in rows:
        if parent:
            continue
        subs = [m for m, _n, up in rows if up == mid]
        drafts.append(MerchantDraft(mid, name or "", subs, saved=True, has=secret_presence(store, mid)))
    return drafts


def secret_presence(store: SecretStore, mid: str) -> dict[str, bool]:
    """Which secrets ``store`` holds for ``mid``; each one read is registered with the log scrubber."""
    has = {}
    for name in SECRET_NAMES:
        value = store.get(mid, name)
        SCRUBBER.register(value)
        has[name] = bool(value)
    return has


ProblemKind = Literal[
    "bad_mid", "repeated_mid", "bad_sub_mall", "self_sub_mall", "listed_merchant", "sub_mall_repeated",
    "sub_mall_shared", "empty_secret",
]


@dataclass(frozen=True, slots=True)
class DraftProblem:
    """A mistake in the drafts: ``kind`` names its wording (the editor's, in the window's language),
    ``values`` fill it in (mid, sub, other)."""

    kind: ProblemKind
    values: dict[str, str]


def validate(drafts: Sequence[MerchantDraft]) -> list[DraftProblem]:
    """Every mistake; empty when the drafts can be saved."""
    problems: list[DraftProblem] = []
    tops = [d.mid for d in drafts]
    seen: set[str] = set()
    owner: dict[str, str] = {}
    for draft in drafts:
        mid = draft.mid
        if not MID_PATTERN.fullmatch(mid):
            problems.append(DraftProblem("bad_mid", {"mid": mid}))
        elif mid in seen:
            problems.append(DraftProblem("repeated_mid", {"mid": mid}))
        seen.add(mid)
        for sub in draft.sub_malls:
            if not MID_PATTERN.fullmatch(sub):
                problems.append(DraftProblem("bad_sub_mall", {"mid": mid or "-", "sub": sub}))
            elif sub == mid:
                problems.append(DraftProblem("self_sub_mall", {"mid": mid}))
            elif sub in tops:
                problems.append(DraftProblem("listed_merchant", {"mid": mid, "sub": sub}))
            elif sub in owner:
                kind: ProblemKind = "sub_mall_repeated" if owner[sub] == mid else "sub_mall_shared"
                problems.append(DraftProblem(kind, {"mid": mid, "sub": sub, "other": owner[sub]}))
            owner.setdefault(sub, mid)
        for name in SECRET_NAMES:
            if draft.pending.get(name) == "":
                problems.append(DraftProblem("empty_secret", {"mid": mid}))
    return problems


@dataclass
class Applied:
    merchants: list[str] = field(default_factory=list)  # MIDs written to the ledger
    secrets: list[tuple[str, str, bool]] = field(default_factory=list)  # (mid, name, set?)


def apply(drafts: Sequence[MerchantDraft], ledger: Ledger, store: SecretStore, *, store_kind: str) -> Applied:
    """Write the drafts: secrets first (the likeliest to fail: nothing else is written then),
    then every merchant and sub-mall with its audit entry in one ledger transaction.

    Raises ``SecretsError`` when the keyring refuses a value.
    """
    done = Applied()
    for draft in drafts:
        for name in SECRET_NAMES:
            if name not in draft.pending:
                continue
            value = draft.pending[name]
            if value is None:
                store.delete(draft.mid, name)
            else:
                SCRUBBER.register(value)
                store.set(draft.mid, name, value)
            done.secrets.append((draft.mid, name, value is not None))
    before = {mid: (name or "", parent) for mid, name, parent in ledger.merchants()}
    rows = list(_ledger_rows(drafts, before))
    with ledger.write():
        for mid, name, parent in rows:
            ledger.upsert_merchant(mid, name, parent)
            ledger.audit("merchant_saved", details={"mid": mid, "name": name, "parent_mid": parent})
            done.merchants.append(mid)
        for mid, name, was_set in done.secrets:
            ledger.audit("secret_changed", details={
                "mid": mid, "secret": name, "change": "set" if was_set else "deleted", "store": store_kind})
    for draft in drafts:
        draft.saved = True
        for name, value in draft.pending.items():
            draft.has[name] = value is not None
        draft.pending.clear()
    return done


def _ledger_rows(drafts: Iterable[MerchantDraft], before: dict[str, tuple[str, str | None]]
                 ) -> Iterable[tuple[str, str, str | None]]:
    """(mid, name, parent) for what differs from the ledger; a sub-mall taken off its list is detached."""
    wanted: dict[str, tuple[str, str | None]] = {}
    for draft in drafts:
        wanted[draft.mid] = (draft.name.strip(), None)
        for sub in draft.sub_malls:
            wanted[sub] = (before.get(sub, ("", None))[0], draft.mid)
    for mid, (name, parent) in before.items():
        if parent and mid not in wanted:
            wanted[mid] = (name, None)
    for mid, row in wanted.items():
        if before.get(mid) != row:
            yield mid, row[0], row[1]


__all__ = [
    "CANCEL_PASSWORD", "MERCHANT_KEY", "Applied", "MerchantDraft", "SecretState", "apply", "clean_secret",
    "load_drafts", "secret_presence", "split_mids", "validate",
]
