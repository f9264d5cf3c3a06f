"""Plain-text rendering of an evaluation report, with the project's quality targets beside the figures."""
from __future__ import annotations

from typing import Iterator

# Flattened figure name -> minimum the project commits to (issues 3 and 4).
TARGETS: dict[str, float] = {
    "timex.value.f1": 0.88,
    "timex.relaxed.f1": 0.93,
    "dated_events.f1": 0.70,
    "speech.recall": 0.90,
    "speech.speaker_accuracy": 0.95,
}


def flatten(report: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(dotted name, value) for every leaf of a nested report."""
    for key, value in report.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flatten(value, f"{name}.")
        else:
            yield name, value


def render(report: dict) -> str:
    """One line per figure; floats to three places; targets marked met or missed."""
    lines = []
    for name, value in flatten(report):
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        target = TARGETS.get(name)
        if target is not None and isinstance(value, (int, float)):
            text += f"   (target >= {target:.2f}: {'met' if value >= target else 'MISSED'})"
        lines.append(f"{name:<36} {text}")
    return "\n".join(lines)
