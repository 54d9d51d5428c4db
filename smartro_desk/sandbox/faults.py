"""Fault switches for the sandbox's cancel endpoint.

- ``delay_seconds``: apply the cancel, then wait that long before answering
  (the dangerous case: the client gives up, the cancel happened anyway);
- ``drop_after_apply``: apply the cancel, then close the socket without an answer;
- ``http_500``: answer HTTP 500 without applying anything;
- ``garbage``: apply the cancel, then answer an HTML error page instead of the form.

A switch set with ``times=N`` fires for the next N cancel requests; without
``times`` it stays on until cleared. Not locked: ``Sandbox`` holds its lock.
"""

from __future__ import annotations

from dataclasses import dataclass

FAULT_NAMES: tuple[str, ...] = ("delay_seconds", "drop_after_apply", "http_500", "garbage")


@dataclass
class _Switch:
    value: float
    times: int | None  # None: sticky


class Faults:
    """The switches currently set."""

    def __init__(self) -> None:
        self._switches: dict[str, _Switch] = {}

    def set(self, name: str, value: float | bool = True, *, times: int | None = None) -> None:
        """Turn a switch on (``value`` is seconds for ``delay_seconds``); a false value clears it."""
        if name not in FAULT_NAMES:
            raise ValueError(f"알 수 없는 장애 스위치입니다: {name} (가능: {', '.join(FAULT_NAMES)})")
        if isinstance(value, bool):
            value = 1.0 if value else 0.0
        if value < 0:
            raise ValueError(f"{name} 값은 0 이상이어야 합니다: {value}")
        if times is not None and times < 1:
            raise ValueError(f"times는 1 이상이어야 합니다: {times}")
        if value == 0:
            self._switches.pop(name, None)
        else:
            self._switches[name] = _Switch(float(value), times)

    def clear(self) -> None:
        self._switches.clear()

    def take(self) -> dict[str, float]:
        """The switches that fire for this request; one-shot counts go down."""
        fired = {name: s.value for name, s in self._switches.items()}
        for name, switch in list(self._switches.items()):
            if switch.times is not None:
                switch.times -= 1
                if switch.times == 0:
                    del self._switches[name]
        return fired

    def snapshot(self) -> dict[str, dict[str, float | int | None]]:
        return {name: {"value": s.value, "times": s.times} for name, s in self._switches.items()}
