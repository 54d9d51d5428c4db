"""How many times the same raw record has been met so far in one file (a retried notification repeats it).

Exact, and small: a million-line log has about a million distinct records, and a Python set of their
hashes costs some 64 bytes each (60 MB at a million lines, in the parse worker). Here each hash takes one
8-byte slot of an open-addressing table kept in an ``array`` (under half full: 16 to 32 bytes a record);
the few records that do repeat are counted in a dict.
"""

from __future__ import annotations

from array import array

_FIRST_SIZE = 1 << 12


class Occurrences:
    """``count(key)`` is 1 the first time a key (a hash of the record's bytes) is met, 2 the second..."""

    def __init__(self) -> None:
        self._slots = array("q", bytes(8 * _FIRST_SIZE))  # 0: empty (the key 0 is kept apart)
        self._used = 0
        self._zero = 0  # how many times the key 0 was met
        self._repeats: dict[int, int] = {}

    def count(self, key: int) -> int:
        if key == 0:
            self._zero += 1
            return self._zero
        slots = self._slots
        mask = len(slots) - 1
        at = key & mask
        while True:
            slot = slots[at]
            if slot == key:
                count = self._repeats[key] = self._repeats.get(key, 1) + 1
                return count
            if slot == 0:
                slots[at] = key
                self._used += 1
                if self._used * 2 > len(slots):
                    self._grow()
                return 1
            at = (at + 1) & mask

    def _grow(self) -> None:
        old = self._slots
        slots = self._slots = array("q", bytes(16 * len(old)))
        mask = len(slots) - 1
        for key in old:
            if key:
                at = key & mask
                while slots[at]:
                    at = (at + 1) & mask
                slots[at] = key
