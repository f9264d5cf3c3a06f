"""The people an article names in full, found without parsing the whole article.

A surname ("Jobs said"), a first name ("Steve called") or a bare title ("the
Prime Minister said") names someone the article introduced in full elsewhere,
often in a sentence that holds no reporting verb and was never parsed. A regex
finds the capitalised sequences holding the word (or following the title);
only their sentences are parsed, and a person counts when NER, or a title in
front of the name, confirms it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from pipelines.extract.nlp import ArticleParse, ParsedSentence

from .speakers import HONORIFICS, PERSON, mention_of

_CAP = r"(?:[A-Z][\w'’-]*|[A-Z]\.)"
_CLOSED_CAPITALS = frozenset("the a an in on at of for and but when while as after before if his her its "
                             "their this that these those".split())
# Sentences parsed per word looked up: enough for a name given once in full, bounded for common words.
_MAX_CHECKS = 3
_NAME_DEPS = frozenset({"compound", "flat"})
# Between a title and the name it introduces: "of Singapore, Mr." / ", " / nothing.
_AFTER_TITLE = re.compile(r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?,?\s+(?=[A-Z])")


@dataclass(frozen=True)
class Person:
    """Someone named in full: ``position`` is where that full mention starts."""

    name: str
    title: str | None
    position: int


class PeopleIndex:
    """Full names of one article, looked up by a word of the name or by a title."""

    def __init__(self, parse: ArticleParse):
        self.parse = parse
        self._by_word: dict[str, Person | None] = {}

    def full_name(self, word: str) -> Person | None:
        """The person whose full name (two words or more) holds ``word``, at its first full mention."""
        if word not in self._by_word:
            self._by_word[word] = self._find(word)
        return self._by_word[word]

    def titled(self, title: str, before: int) -> Person | None:
        """The person last introduced before ``before`` with ``title`` ("the Prime Minister of
        Singapore, Mr. Lee Hsien Loong" for "the Prime Minister")."""
        text = self.parse.text
        for m in reversed(list(re.finditer(rf"\b{re.escape(title)}\b", text[:before], re.IGNORECASE))):
            gap = _AFTER_TITLE.match(text, m.end())
            person = self._person_at(gap.end()) if gap else None
            if person is not None:
                full_title = text[m.start():gap.end()].strip(" ,")
                return Person(person.name, full_title, person.position)
        return None

    def _find(self, word: str) -> Person | None:
        """The first full mention of ``word``; sentences already parsed cost nothing, a few more are parsed."""
        text = self.parse.text
        pattern = re.compile(rf"(?<![\w'’.-])(?:{_CAP}\s+){{1,3}}{re.escape(word)}\b|\b{re.escape(word)}(?:\s+{_CAP})+")
        places = []
        for m in pattern.finditer(text):
            words = [w for w in m.group(0).split() if w.lower() not in _CLOSED_CAPITALS | HONORIFICS]
            if len(words) >= 2:
                places.append(m.end() - len(word) if m.group(0).endswith(word) else m.start())
        budget = _MAX_CHECKS
        for at in places:
            if not self.parse.is_parsed(self.parse.sentence_index(at)):
                if budget == 0:
                    continue
                budget -= 1
            person = self._person_at(at)
            if person is not None and word in person.name.split():
                return person
        return None

    def _person_at(self, char: int) -> Person | None:
        """The person whose name covers ``char``, from the parse of its sentence."""
        index = self.parse.sentence_index(char)
        token = self.parse[index].token_at(char) if index is not None else None
        if token is None:
            return None
        head = _name_head(token)
        mention = mention_of(self.parse[index], head)
        confirmed = head.ent_type_ == "PERSON" or mention.title is not None  # by NER or by a title
        if mention.kind != PERSON or len(mention.name.split()) < 2 or not confirmed:
            return None
        return Person(mention.name, mention.title, mention.start)


def _name_head(token: Token) -> Token:
    """The last word of the name ``token`` belongs to ("Steve" in "Steve Jobs" gives "Jobs")."""
    while token.dep_ in _NAME_DEPS and token.head.i != token.i and token.head.i > token.i:
        token = token.head
    return token


def person_subjects(sent: ParsedSentence) -> list[Token]:
    """Tokens that may name a person as a subject: PERSON entities and capitalised subjects."""
    heads = [ent.root for ent in sent.doc.ents if ent.label_ == "PERSON"]
    heads += [t for t in sent.doc if t.dep_ in {"nsubj", "nsubjpass"} and t.text[:1].isupper()
              and t.pos_ in {"PROPN", "NOUN"} and t not in heads]
    return sorted(heads, key=lambda t: t.i)
