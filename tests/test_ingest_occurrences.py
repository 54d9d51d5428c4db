"""The compact occurrence counter counts exactly like a plain dict of counts."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from smartro_desk.ingest.occurrences import Occurrences

KEYS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-3, max_value=3),  # 0 and the keys that share its slot
    st.integers(min_value=0, max_value=64).map(lambda n: n << 12),  # all in one slot of the first table
)


@settings(max_examples=300, deadline=None)
@given(st.lists(KEYS, max_size=3000))
def test_counts_like_a_dict(keys: list[int]) -> None:
    occurrences, reference = Occurrences(), Counter()
    for key in keys:
        reference[key] += 1
        assert occurrences.count(key) == reference[key]


def test_many_distinct_keys_grow_the_table_and_keep_their_counts() -> None:
    occurrences = Occurrences()
    keys = [hash(f"line {n}".encode()) for n in range(50_000)]
    assert all(occurrences.count(key) == 1 for key in keys)
    assert all(occurrences.count(key) == 2 for key in keys[::7])
    assert len(occurrences._slots) >= 2 * 50_000 and occurrences._slots.itemsize == 8  # 8 bytes a slot
