"""In-article coreference for speakers: each mention resolved to its most specific name.

Cheap by design: pronouns go to the latest fitting speaker or entity of the
sentences already parsed (one or two more are parsed when nothing fits), a
surname to the longest person name ending in it, and a description such as
"the embassy" or "the official" to its fullest earlier wording in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.nlp import ArticleParse

from .speakers import (
    ANONYMOUS, DESCRIPTION, HONORIFICS, MEDIA, ORG_NOUNS, ORGANIZATION, PERSON, PRONOUN,
    UNKNOWN, Mention, is_media, mention_of, name_kind, person_name, strip_determiner,
)

# Generic words for a company that stand for the latest company speaker ("the firm said").
COMPANY_NOUNS = frozenset("company firm carrier airline manufacturer maker airframer group corporation".split())
_ORG_PRONOUNS = frozenset({"it", "its"})
_GROUP_PRONOUNS = frozenset({"they", "them", "we", "us"})
_CLOSED_CLASS = frozenset(
    "the a an and or but that this these those which who whom said says say told to of in on at for from "
    "with by as is was are were be been has have had it its their his her he she they we not no also".split()
)
_DESCRIPTION_DETERMINERS = frozenset("the a an one another its their his her".split())
_TRAILING_WORDS = re.compile(r"(?<![\w'’.-])(?:[\w'’.-]+ ){0,5}$")
_PLACE_TAIL = re.compile(r"\s+(?:in|of|at|for|to)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_LOOKBACK_SENTENCES = 3
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker."""

    name: str
    type: str
    title: str | None
    position: int
    is_subject: bool = True


class SpeakerResolver:
    """Resolves mentions of one article, remembering the speakers and entities already seen."""

    def __init__(self, parse: ArticleParse):
        self.parse = parse
        self.text = parse.text
        self.speakers: list[Speaker] = []
        self._people: dict[int, list[Speaker]] = {}

    def remember(self, speaker: Speaker) -> None:
        self.speakers.append(speaker)

    def resolve(self, mention: Mention) -> Speaker:
        """The most specific speaker for ``mention`` (written at ``mention.start``)."""
        if mention.kind == PRONOUN:
            return self._pronoun(mention)
        if mention.kind in {DESCRIPTION, ANONYMOUS, MEDIA} and mention.name == strip_determiner(mention.text):
            return self._description(mention)
        if mention.kind == PERSON or (mention.kind == ORGANIZATION and self._is_known_surname(mention.name)):
            return self._person(mention)
        return Speaker(mention.name, mention.kind, mention.title, mention.start)

    # -- people -------------------------------------------------------------------------------
    def _person(self, mention: Mention) -> Speaker:
        words = mention.name.split()
        if len(words) > 1 and words[0].lower() not in HONORIFICS:
            return Speaker(mention.name, PERSON, mention.title or self._title_of(mention.name), mention.start)
        surname = words[-1]
        fuller = [p for p in self._all_people() if p.name.split()[-1] == surname and len(p.name.split()) > 1]
        if not fuller:
            fuller = self._capitalised_names(surname)
        if not fuller:
            return Speaker(mention.name, PERSON, mention.title, mention.start)
        best = max(fuller, key=lambda p: (len(p.name.split()), p.title is not None, -p.position))
        return Speaker(best.name, PERSON, mention.title or best.title or self._title_of(best.name), mention.start)

    def _is_known_surname(self, name: str) -> bool:
        words = name.split()
        if len(words) > 2 or (len(words) == 2 and words[0].lower() not in HONORIFICS):
            return False
        return any(p.name.split()[-1] == words[-1] and len(p.name.split()) > 1 for p in self._all_people())

    def _title_of(self, name: str) -> str | None:
        return next((p.title for p in self._all_people() if p.name == name and p.title), None)

    def _all_people(self) -> list[Speaker]:
        """Person speakers and person entities of every parsed sentence, in text order."""
        people = [s for s in self.speakers if s.type == PERSON]
        for index in sorted(self.parse._parsed):
            people.extend(self._sentence_people(index))
        return sorted(people, key=lambda p: p.position)

    def _sentence_people(self, index: int) -> list[Speaker]:
        if index not in self._people:
            sent = self.parse[index]
            found = []
            for ent in sent.doc.ents:
                if ent.label_ == "PERSON":
                    m = mention_of(sent, ent.root)
                    name = person_name(ent.text)
                    title = m.title if m.name == name else None
                    found.append(Speaker(name, PERSON, title, sent.start(ent), ent.root.dep_ in _SUBJECTS))
            self._people[index] = found
        return self._people[index]

    def _capitalised_names(self, surname: str) -> list[Speaker]:
        """Unparsed full mentions of a surname: "Mayor Linh Tran of Eastport" gives Linh Tran, Mayor of Eastport."""
        pattern = re.compile(r"\b((?:[A-Z][\w'’.-]*\s+){1,4})" + re.escape(surname) + r"\b")
        out = []
        for m in pattern.finditer(self.text):
            words = [w for w in m.group(1).split() if w.lower() not in HONORIFICS | _CLOSED_CLASS]
            name = person_name(" ".join(words + [surname]))
            if len(name.split()) < 2 or name_kind(name) != PERSON:
                continue
            title = " ".join(words[: len(words) + 1 - len(name.split())]) or None
            tail = _PLACE_TAIL.match(self.text, m.end()) if title else None
            out.append(Speaker(name, PERSON, f"{title}{tail.group(0)}" if tail else title, m.start()))
        return out

    # -- pronouns -----------------------------------------------------------------------------
    def _pronoun(self, mention: Mention) -> Speaker:
        word = mention.head
        wanted = {ORGANIZATION, MEDIA} if word in _ORG_PRONOUNS else {PERSON}
        if word in _GROUP_PRONOUNS:
            wanted = {ORGANIZATION, MEDIA, ANONYMOUS, PERSON}
        earlier = [s for s in self.speakers if s.position < mention.start and s.type in wanted]
        if PERSON in wanted:
            people = self._people_before(mention.start)
            earlier += [p for p in people if p.is_subject] or people
        if not earlier:
            return Speaker(mention.text, UNKNOWN, None, mention.start)
        latest = max(earlier, key=lambda s: s.position)
        full = self._person(Mention(latest.position, latest.position, latest.name, latest.name, latest.title,
                                    PERSON, latest.name.lower())) if latest.type == PERSON else latest
        return Speaker(full.name, full.type, full.title, mention.start)

    def _people_before(self, char: int) -> list[Speaker]:
        """Person entities before ``char``, parsing up to a few earlier sentences when none is known."""
        index = self.parse.sentence_index(char)
        if index is None:
            return []
        found: list[Speaker] = []
        for i in range(index, max(-1, index - _LOOKBACK_SENTENCES - 1), -1):
            found += [p for p in self._sentence_people(i) if p.position < char]
            if found:
                break
        return found

    # -- descriptions -------------------------------------------------------------------------
    def _description(self, mention: Mention) -> Speaker:
        fullest = self._fullest_description(mention)
        if mention.kind in {ANONYMOUS, MEDIA} or is_media(fullest):
            return Speaker(fullest, MEDIA if is_media(fullest) else mention.kind, None, mention.start)
        if fullest != mention.name or mention.head not in ORG_NOUNS:
            kind = ORGANIZATION if mention.head in ORG_NOUNS else UNKNOWN
            return Speaker(fullest, MEDIA if is_media(fullest) else kind, None, mention.start)
        orgs = [s for s in self.speakers if s.type == ORGANIZATION and s.position < mention.start]
        if orgs and mention.head in COMPANY_NOUNS:
            latest = max(orgs, key=lambda s: s.position)
            return Speaker(latest.name, ORGANIZATION, None, mention.start)
        return Speaker(mention.name, ORGANIZATION, None, mention.start)

    def _fullest_description(self, mention: Mention) -> str:
        """The longest earlier wording with the same head word ("the Russian embassy in Washington")."""
        best = mention.name
        for m in re.finditer(rf"\b{re.escape(mention.head)}\b", self.text[: mention.start], re.IGNORECASE):
            words = _TRAILING_WORDS.search(self.text, max(0, m.start() - 80), m.start()).group(0).split()
            modifiers: list[str] = []
            for word in reversed(words):
                if word.lower() in _CLOSED_CLASS:
                    break
                modifiers.insert(0, word)
            stop = words[-len(modifiers) - 1].lower() if len(words) > len(modifiers) else ""
            if modifiers and stop not in _DESCRIPTION_DETERMINERS and not modifiers[0].endswith(("'s", "’s")):
                continue
            tail = _PLACE_TAIL.match(self.text, m.end())
            phrase = " ".join(modifiers + [m.group(0)]) + (tail.group(0) if tail else "")
            if len(phrase.split()) >= len(best.split()):
                best = " ".join(phrase.split())
        return best
