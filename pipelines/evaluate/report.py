"""Plain-text rendering of an evaluation report, with the project's quality targets beside the figures."""
from __future__ import annotations

from typing import Iterator

# Flattened figure name -> minimum the project commits to (issues 3, 4 and 16; temporal ones of issue 11).
TARGETS: dict[str, float] = {
    "timex.value.f1": 0.90,
    "timex.relaxed.f1": 0.95,
    "dated_events.f1": 0.80,
    "speech.recall": 0.90,
    "speech.precision": 0.86,
    "speech.speaker_accuracy": 0.95,
}
# For gold that annotates every attribution with its content (PolNeAR: the report has a ``quoted`` section).
ATTRIBUTION_TARGETS: dict[str, float] = {
    "speech.f1": 0.70,
    "speech.precision": 0.75,
    "speech.quoted.recall": 0.85,
    "speech.speaker_accuracy": 0.90,
}


def targets_for(report: dict) -> dict[str, float]:
    """The targets that apply to a report: speech-verb targets, or attribution targets for full gold."""
    if "quoted" not in report.get("speech", {}):
        return TARGETS
    return {**{k: v for k, v in TARGETS.items() if not k.startswith("speech.")}, **ATTRIBUTION_TARGETS}


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
    targets = targets_for(report)
    for name, value in flatten(report):
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        target = targets.get(name)
        if target is not None and isinstance(value, (int, float)):
            text += f"   (target >= {target:.2f}: {'met' if value >= target else 'MISSED'})"
        lines.append(f"{name:<44} {text}")
    return "\n".join(lines)
