"""Learned cue frames: verbs that attribute through one syntactic frame, with the rate measured on news.

A *frame* is how a verb carries its content: a clausal complement (``ccomp``),
an infinitive (``xcomp``), a direct object (``dobj``) or a preposition
(``prep:to``). Some verbs outside the hand lists attribute often in one frame
and rarely in others ("offered an apology" vs "offered to help"...). The table
in ``cue_frames.json`` holds, per verb lemma and frame, how often a verb with a
speaker in that frame was an attribution cue in the PolNeAR development half
(``benchmarks/train_cue_frames.py`` writes it: counts and rates keyed by
lemma and frame, the inflected forms of each lemma for the sentence
pre-filter, and no text); it keeps the frames whose rate reached its
threshold over at least its minimum count.

The table only adds verbs the hand lists (``lexicon``) do not name: a listed
verb keeps the frames its rules allow. What such a verb attributes is a stance
or an act ("champions the bill", "unveiled a plan"), not speech, so its
statements are classed ``thought``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from .lexicon import REPORTING_LEMMAS, lemma_of

TABLE = Path(__file__).with_name("cue_frames.json")
_CLAUSE_FRAMES = ("ccomp", "xcomp", "dobj")


def frame_of(verb: Token) -> str | None:
    """The verb's content frame: its clause, infinitive or object, else the first preposition after it
    (``prep:<word>``); None when it has none of these, or is itself a preposition ("according to",
    "including")."""
    if verb.dep_ == "prep":
        return None
    for dep in _CLAUSE_FRAMES:
        if any(c.dep_ == dep for c in verb.children):
            return dep
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.i > verb.i), None)
    return f"prep:{prep.lower_}" if prep is not None else None


def frame_content(verb: Token, frame: str) -> list[Token]:
    """The tokens the frame carries: the clause, infinitive or object with its subtree, or the object of
    the preposition (without the preposition)."""
    if frame.startswith("prep:"):
        word = frame[len("prep:"):]
        prep = next(c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and c.lower_ == word)
        return [t for t in prep.subtree if t.i != prep.i]
    child = next(c for c in verb.children if c.dep_ == frame)
    return list(child.subtree)


@lru_cache(maxsize=1)
def _table() -> dict:
    """``cue_frames.json``, read once."""
    return json.loads(TABLE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def learned_frames() -> dict[str, frozenset[str]]:
    """Lemma -> the frames in which it is a cue, from ``cue_frames.json``."""
    return {lemma: frozenset(frames) for lemma, frames in _table()["frames"].items()}


@lru_cache(maxsize=1)
def learned_forms() -> frozenset[str]:
    """Inflected forms of the lemmas with a learned frame (for the cheap sentence pre-filter)."""
    return frozenset(f for forms in _table()["forms"].values() for f in forms)


def learned_content(verb: Token) -> list[Token] | None:
    """What a verb outside the hand lists reports through a learned frame ("championed the bill"), or None."""
    lemma = lemma_of(verb)
    frames = learned_frames().get(lemma) if lemma not in REPORTING_LEMMAS else None
    frame = frame_of(verb) if frames else None
    if frame is None or frame not in frames:
        return None
    return frame_content(verb, frame) or None
