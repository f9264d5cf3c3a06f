"""Cue classes from the lexicon, without a model."""
import pytest

from pipelines.extract.statements.lexicon import inflections, noun_class, phrase_class, verb_class
from schemas.tables import CUE_CLASSES


@pytest.mark.parametrize("lemma, expected", [
    ("say", "speech"), ("ask", "speech"), ("tweet", "writing"), ("write", "writing"),
    ("hope", "thought"), ("believe", "thought"), ("cite", "source"), ("show", "source"),
])
def test_verb_classes(lemma, expected):
    assert verb_class(lemma) == expected and expected in CUE_CLASSES


def test_nominal_cues():
    assert (noun_class("statement"), noun_class("Letter"), noun_class("interview")) == ("writing", "writing", "speech")


@pytest.mark.parametrize("phrase, expected", [
    ("has repeatedly said", "speech"), ("according to", "source"), ("said in a statement", "writing"),
    ("wrote", "writing"), ("thinks", "thought"), (":", "speech"), ("polls", None), ("told reporters", "speech"),
])
def test_phrase_classes(phrase, expected):
    assert phrase_class(phrase) == expected


def test_inflections():
    assert inflections("argue") == ["argue", "argues", "argued", "arguing"]
    assert inflections("worry")[1:3] == ["worries", "worried"]
