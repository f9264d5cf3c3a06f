"""Temporal expressions: find them, normalise them to TIMEX3 against the publication date."""
from .normalise import Normalised, normalise
from .patterns import Candidate, find_candidates
from .tagger import TemporalTagger, Timex

__all__ = ["Candidate", "Normalised", "TemporalTagger", "Timex", "find_candidates", "normalise"]
