"""Temporal expressions: find them, normalise them to TIMEX3 against the publication date."""
from .families import FAMILIES, Family, find_candidates, needs_tense, normalise
from .normalise import Normalised
from .patterns import Candidate
from .tagger import TemporalTagger, Timex

__all__ = ["FAMILIES", "Candidate", "Family", "Normalised", "TemporalTagger", "Timex", "find_candidates",
           "needs_tense", "normalise"]
