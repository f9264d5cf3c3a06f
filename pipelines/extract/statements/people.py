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

from .lexicon import FEMALE, MALE, PRONOUN_GENDERS
from .speakers import HONORIFICS, PERSON, single_mention_of

_CAP = r"(?:[A-Z][\w'’-]*|[A-Z]\.)"
_CLOSED_CAPITALS = frozenset("the a an in on at of for and but when while as after before if his her its "
                             "their this that these those".split())
# Sentences parsed per word looked up: enough for a name given once in full, bounded for common words.
_MAX_CHECKS = 3
_NAME_DEPS = frozenset({"compound", "flat"})
# Between a title and the name it introduces: "of Singapore, Mr." / ", " / nothing.
_AFTER_TITLE = re.compile(r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?,?\s+(?=[A-Z])")


_HONORIFIC_GENDERS = {"mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE}
# Words of a title that say a person's gender ("spokeswoman", "his wife"): -man/-woman nouns and these.
_GENDERED_WORDS = {**{w: FEMALE for w in "wife mother daughter sister queen princess actress lady widow "
                      "grandmother aunt niece girl".split()},
                   **{w: MALE for w in "husband father son brother king prince actor widower grandfather "
                      "uncle nephew boy".split()}}


_HONORIFIC_NAME = re.compile(rf"\b(Mr|Mrs|Ms|Miss)\.?\s+((?:{_CAP}\s+){{0,3}}[A-Z][\w'’-]*)")
_PRONOUN_WORD = re.compile(r"\b(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in PRONOUN_GENDERS) + r")\b")


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
        self._genders: dict[tuple[str, str | None], str | None] = {}
        self._honorifics: dict[str, set[str]] | None = None
        self._pronoun_sentences: list[tuple[str, int, int]] | None = None

    def full_name(self, word: str) -> Person | None:
        """The person whose full name (two words or more) holds ``word``, at its first full mention."""
        if word not in self._by_word:
            self._by_word[word] = self._find(word)
        return self._by_word[word]

    def gender(self, name: str, title: str | None = None) -> str | None:
        """The gender the article shows for a person: an honorific before the surname ("Ms. Brant") or a
        gendered word of the title ("spokeswoman"); None when it shows none, or both."""
        if (name, title) not in self._genders:
            self._genders[name, title] = self._gender(name, title)
        return self._genders[name, title]

    def _gender(self, name: str, title: str | None) -> str | None:
        surname = name.split()[-1] if name.split() else ""
        found = set(self._honorific_genders().get(surname, ()))
        for word in (title or "").lower().replace(",", " ").split():
            if word in _GENDERED_WORDS:
                found.add(_GENDERED_WORDS[word])
            elif word.endswith("woman"):
                found.add(FEMALE)
            elif word.endswith("man") and word not in {"human", "german", "roman"}:
                found.add(MALE)
        if not found:
            found = self._pronoun_gender(surname)
        return found.pop() if len(found) == 1 else None

    def _honorific_genders(self) -> dict[str, set[str]]:
        """The genders honorifics give the names after them ("Ms. Ada Brant": Ada and Brant), in one pass."""
        if self._honorifics is None:
            self._honorifics = {}
            for m in _HONORIFIC_NAME.finditer(self.parse.text):
                for word in m.group(2).split():
                    self._honorifics.setdefault(word, set()).add(_HONORIFIC_GENDERS[m.group(1).lower()])
        return self._honorifics

    def _pronoun_gender(self, surname: str) -> set[str]:
        """The gender of the pronouns in the sentences naming ``surname``, where they are all of one
        gender and more than one ("Brant said her plan ... Brant and her staff")."""
        if self._pronoun_sentences is None:
            text = self.parse.text
            self._pronoun_sentences = []
            for start, end in self.parse.sentences:
                words = _PRONOUN_WORD.findall(text, start, end)
                if words:
                    genders = [PRONOUN_GENDERS[w.lower()] for w in words]
                    self._pronoun_sentences.append((text[start:end], genders.count(MALE), genders.count(FEMALE)))
        counts = {MALE: 0, FEMALE: 0}
        for sentence, male, female in self._pronoun_sentences:
            if surname and surname in sentence:
                counts[MALE] += male
                counts[FEMALE] += female
        return {g for g, n in counts.items() if n >= 2 and counts[MALE if g == FEMALE else FEMALE] == 0}

    def titled(self, title: str, before: int) -> Person | None:
        """The person last introduced before ``before`` with ``title`` ("the Prime Minister of
        Singapore, Mr. Lee Hsien Loong" for "the Prime Minister")."""
        text = self.parse.text
        budget = _MAX_CHECKS
        for m in reversed(list(re.finditer(rf"\b{re.escape(title)}(?!\w)", text[:before], re.IGNORECASE))):
            gap = _AFTER_TITLE.match(text, m.end())
            if gap is None:
                continue
            if not self.parse.is_parsed(self.parse.sentence_index(gap.end())):
                if budget == 0:
                    continue
                budget -= 1
            person = self._person_at(gap.end())
            if person is not None:
                full_title = text[m.start():gap.end()].strip(" ,")
                return Person(person.name, full_title, person.position)
        return None

    def _find(self, word: str) -> Person | None:
        """The first full mention of ``word``; sentences already parsed cost nothing, a few more are parsed."""
        budget = _MAX_CHECKS
        for at in full_name_places(self.parse.text, word):
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
        mention = single_mention_of(self.parse[index], head)
        confirmed = head.ent_type_ == "PERSON" or mention.title is not None  # by NER or by a title
        if mention.kind != PERSON or len(mention.name.split()) < 2 or not confirmed:
            return None
        return Person(mention.name, mention.title, mention.start)


def full_name_places(text: str, word: str) -> list[int]:
    """Where ``word`` stands in a capitalised run of two words or more that may be a full name of it."""
    pattern = re.compile(rf"(?<![\w'’.-])(?:{_CAP}\s+){{1,3}}{re.escape(word)}\b|\b{re.escape(word)}(?:\s+{_CAP})+")
    places = []
    for m in pattern.finditer(text):
        words = [w for w in m.group(0).split() if w.lower() not in _CLOSED_CAPITALS | HONORIFICS]
        if len(words) >= 2:
            places.append(m.end() - len(word) if m.group(0).endswith(word) else m.start())
    return places


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
