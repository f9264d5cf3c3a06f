"""In-article coreference for speakers: each mention resolved to its most specific name.

Cheap by design: a pronoun goes to the latest fitting speaker, or person
named in the nearest sentences ("they" to a group, never to one person); a
lone name ("Jobs", "Mr. Lee") to the full name the article gives for it and a
bare title ("the Prime Minister") to the person it introduced (both through
``PeopleIndex``, which parses only the sentences of those full mentions); a
description such as "the embassy" or "the official" to its fullest earlier
wording, and "the company" or "the group" to the latest organisation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipelines.extract.nlp import ArticleParse

from .lexicon import PRONOUN_GENDERS
from .people import PeopleIndex, full_name_places, person_subjects
from .speakers import (
    ANONYMOUS, DESCRIPTION, HONORIFICS, MAX_TITLE_CHARS, MEDIA, ORG_NOUNS, ORGANIZATION, PERSON, PERSON_NOUNS, PRONOUN, QUANTITY, TITLE_WORDS,
    UNKNOWN, Mention, holds_role, is_media, is_role_word, role_forms, is_thing_name, single_mention_of, strip_determiner,
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
# Collective nouns "they" may stand for.
_GROUP_NOUNS = frozenset("people police staff public crowd audience team family jury panel electorate".split())
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PREPOSITION = re.compile(r"\s(?:in|at|from|for|with|on|close|who|that)\s")
_PLURAL_ENDINGS = ("s", "men", "people", "children")
_POSSESSIVE = re.compile(r"\w['’]s?\s")


def _is_party(word: str) -> bool:
    """A party or leaning ("Democratic", "Republican"), which a title seldom holds."""
    word = word.lower()
    return word in PERSON_NOUNS or word.removesuffix("ic") in PERSON_NOUNS


def _plural(description: str) -> bool:
    """Whether a description names several people: a word before any place or clause ("people in Ohio",
    "officials", "half of the voters") is plural or collective."""
    words = _PREPOSITION.split(description, maxsplit=1)[0].lower().split()
    return any(w in _GROUP_NOUNS or w.endswith(_PLURAL_ENDINGS) and not w.endswith("ss") for w in words)


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker."""

    name: str
    type: str
    title: str | None
    position: int
    is_subject: bool = True
    group: bool = False  # conjoined speakers ("Lee and Park"): "they", never "he"


class SpeakerResolver:
    """Resolves mentions of one article, remembering the speakers and entities already seen."""

    def __init__(self, parse: ArticleParse):
        self.parse = parse
        self.text = parse.text
        self.people = PeopleIndex(parse)
        self.speakers: list[Speaker] = []
        self._people: dict[int, list[Speaker]] = {}
        self._orgs: dict[int, list[Speaker]] = {}

    def remember(self, speaker: Speaker) -> None:
        self.speakers.append(speaker)

    def resolve(self, mention: Mention) -> Speaker:
        """The most specific speaker for ``mention`` (written at ``mention.start``): the first of the
        resolution rules that applies, in order."""
        rules = (self._conjoined, self._pronoun, self._quantity, self._named, self._description, self._person)
        found = next((s for rule in rules if (s := rule(mention)) is not None), None)
        found = found or Speaker(mention.name, mention.kind, mention.title, mention.start)
        if found.title is not None and len(found.title) > MAX_TITLE_CHARS:  # a clause, never a title
            found = replace(found, title=None)
        return found

    def _conjoined(self, mention: Mention) -> Speaker | None:
        """ "Brant and Park said": each conjunct resolved on its own, one speaker naming them all."""
        if not mention.parts:
            return None
        parts = [self.resolve(part) for part in mention.parts]
        names = [p.name for p in parts]
        types = {p.type for p in parts}
        kind = types.pop() if len(types) == 1 else UNKNOWN
        return Speaker(", ".join(names[:-1]) + " and " + names[-1], kind, None, mention.start, group=True)

    @staticmethod
    def _quantity(mention: Mention) -> Speaker | None:
        """ "Six in 10 voters": an anonymous group as written."""
        return Speaker(mention.name, ANONYMOUS, None, mention.start) if mention.kind == QUANTITY else None

    def _person(self, mention: Mention) -> Speaker | None:
        """A full name, with the title the article gives it where this mention gives none."""
        if mention.kind != PERSON:
            return None
        full = self.people.full_name(mention.name.split()[-1])
        title = mention.title or (full.title if full is not None and full.name == mention.name else None)
        return Speaker(mention.name, PERSON, title, mention.start)

    # -- people -------------------------------------------------------------------------------
    def _named(self, mention: Mention) -> Speaker | None:
        """A lone capitalised name ("Jobs", "Mr. Lee", "Steve") given in full elsewhere in the article:
        a person, whatever NER or the tagger made of the short form."""
        word = lone_name(mention)
        if word is None or mention.kind == MEDIA:
            return None
        full = self.people.full_name(word)
        if full is None:
            return None
        known = next((s.title for s in self.speakers if s.name == full.name and s.title), None)
        return Speaker(full.name, PERSON, mention.title or full.title or known, mention.start)

    def _pronoun(self, mention: Mention) -> Speaker | None:
        """A pronoun: the latest earlier speaker, or subject named in the nearest sentences, that agrees
        with it in number ("they" is a group, never one person) and gender ("she" is no Mr. Lee)."""
        if mention.kind != PRONOUN:
            return None
        word = mention.head
        if word in _ORG_PRONOUNS:
            wanted = {ORGANIZATION, MEDIA}
        elif word in _GROUP_PRONOUNS:
            wanted = {ORGANIZATION, MEDIA, ANONYMOUS}
        else:
            wanted = {PERSON}
        earlier = [s for s in self.speakers if s.position < mention.start and (s.type in wanted or s.group)]
        if ORGANIZATION in wanted:
            earlier += self._before(mention.start, self._sentence_orgs)
        if PERSON in wanted:
            people = self._before(mention.start, self._sentence_people)
            earlier += [p for p in people if p.is_subject] or people
        earlier = [s for s in earlier if self._agrees(word, s)]
        if not earlier:
            return Speaker(mention.text, UNKNOWN, None, mention.start)
        latest = max(earlier, key=lambda s: s.position)
        return Speaker(latest.name, latest.type, latest.title, mention.start)

    def _agrees(self, pronoun: str, speaker: Speaker) -> bool:
        """Whether a pronoun can stand for a speaker: a group pronoun for a group of people (not "a
        source"), "he"/"she" for a person of that gender or of none the article shows."""
        if speaker.group:
            return pronoun in _GROUP_PRONOUNS
        if pronoun in _GROUP_PRONOUNS and speaker.type == ANONYMOUS:
            return _plural(speaker.name)
        wanted = PRONOUN_GENDERS.get(pronoun)
        if wanted is None or speaker.type != PERSON:
            return True
        return self.people.gender(speaker.name, speaker.title) in {wanted, None}

    def _before(self, char: int, found_in) -> list[Speaker]:
        """What ``found_in`` finds before ``char``, in its sentence or the nearest of a few earlier ones."""
        index = self.parse.sentence_index(char)
        if index is None:
            return []
        for i in range(index, max(-1, index - _LOOKBACK_SENTENCES - 1), -1):
            found = [p for p in found_in(i) if p.position < char]
            if found:
                return found
        return []

    def _sentence_people(self, index: int) -> list[Speaker]:
        """People named in a sentence: full names, and short names the article gives in full."""
        if index not in self._people:
            sent = self.parse[index]
            found = []
            for token in person_subjects(sent):
                mention = single_mention_of(sent, token)  # each person alone, not "Lee and Park"
                speaker = self._named(mention)
                if speaker is None and mention.kind == PERSON and len(mention.name.split()) > 1 and mention.can_speak:
                    speaker = self.resolve(mention)
                if speaker is not None:
                    found.append(Speaker(speaker.name, PERSON, speaker.title, sent.start(token),
                                         token.dep_ in _SUBJECTS))
            self._people[index] = found
        return self._people[index]

    def _sentence_orgs(self, index: int) -> list[Speaker]:
        """Organisations that are the subject of a verb in a sentence."""
        if index not in self._orgs:
            sent = self.parse[index]
            self._orgs[index] = [
                Speaker(strip_determiner(ent.text), ORGANIZATION, None, sent.start(ent))
                for ent in sent.doc.ents
                if ent.label_ == "ORG" and ent.root.dep_ in _SUBJECTS and not is_thing_name(ent.text, ent.label_)
            ]
        return self._orgs[index]

    # -- descriptions -------------------------------------------------------------------------
    def _description(self, mention: Mention) -> Speaker | None:
        """A description: the person the article names for a role ("the Prime Minister", "the governor's
        spokesman", "the Republican governor"), else its fullest earlier wording, or the latest company
        for "the company"."""
        if mention.kind not in {DESCRIPTION, ANONYMOUS, MEDIA} or mention.name != strip_determiner(mention.text):
            return None
        holder = self._role_holder(mention) if mention.kind == ANONYMOUS else None
        if holder is not None:
            return holder
        fullest = self._fullest_description(mention)
        if mention.kind in {ANONYMOUS, MEDIA} or is_media(fullest):
            return Speaker(fullest, MEDIA if is_media(fullest) else mention.kind, None, mention.start)
        if fullest != mention.name or mention.head not in ORG_NOUNS:
            kind = ORGANIZATION if mention.head in ORG_NOUNS or mention.head.removesuffix("s") in ORG_NOUNS else UNKNOWN
            return Speaker(fullest, MEDIA if is_media(fullest) else kind, None, mention.start)
        orgs = [s for s in self.speakers if s.type == ORGANIZATION and s.position < mention.start]
        orgs += self._before(mention.start, self._sentence_orgs)
        if orgs and mention.head in COMPANY_NOUNS:
            latest = max(orgs, key=lambda s: s.position)
            return Speaker(latest.name, ORGANIZATION, None, mention.start)
        return Speaker(mention.name, ORGANIZATION, None, mention.start)

    def _role_holder(self, mention: Mention) -> Speaker | None:
        """The person a definite or possessive role description stands for: the one the article
        introduced with that wording ("the governor's spokesman, Ada Brant"), else the latest earlier
        speaker whose title holds the role's word ("Gov. Bo Park" for "the Republican governor")."""
        definite = mention.text.lower().startswith("the ") or _POSSESSIVE.search(mention.name) is not None
        if not definite or not is_role_word(mention.head) or mention.head.endswith("s"):
            return None
        person = self.people.titled(mention.name, mention.start)
        if person is not None:
            return Speaker(person.name, PERSON, person.title, mention.start)
        if _POSSESSIVE.search(mention.name):  # "Lee's spokesman" is not whoever else holds a spokesman's title
            return None
        holders = [s for s in self.speakers + self._before(mention.start, self._sentence_people)
                   if s.type == PERSON and s.position < mention.start and s.title and holds_role(s.title, mention.head)]
        for form in role_forms(mention.head) if not holders else ():
            person = self.people.titled(form, mention.start)
            if person is not None:
                holders.append(Speaker(person.name, PERSON, person.title, person.position))
        # "the Vermont senator" is no senator from elsewhere: the description's names must be in the title.
        names = [w for w in mention.name.split()[:-1] if w[:1].isupper() and not _is_party(w)]
        holders = [s for s in holders if all(n.lower() in s.title.lower() for n in names)]
        if not holders:
            return None
        latest = max(holders, key=lambda s: s.position)
        return Speaker(latest.name, PERSON, latest.title, mention.start)

    def _fullest_description(self, mention: Mention) -> str:
        """The longest earlier wording with the same head word ("the Russian embassy in Washington")."""
        best = mention.name
        for m in re.finditer(rf"\b{re.escape(mention.head)}\b", self.text[: mention.start], re.IGNORECASE):
            trailing = _TRAILING_WORDS.search(self.text, max(0, m.start() - 80), m.start())
            words = trailing.group(0).split() if trailing else []  # none after "Vice-" or "("
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


def likely_lookups(parse: ArticleParse, mentions: list[tuple[int, Mention]]) -> set[int]:
    """The sentences resolving these mentions (each with the index of its sentence) will probably parse:
    for a pronoun the sentence before its own, for a lone name the first other sentence that may give it
    in full. A guess: asking for more or fewer changes only when sentences are parsed."""
    found: set[int] = set()
    for index, mention in mentions:
        word = lone_name(mention)
        if mention.kind == PRONOUN and index > 0:
            found.add(index - 1)
        elif word is not None:
            places = [parse.sentence_index(at) for at in full_name_places(parse.text, word)]
            first = next((i for i in places if i is not None and i != index), None)
            if first is not None:
                found.add(first)
    return found


def lone_name(mention: Mention) -> str | None:
    """The one capitalised word a mention names someone by, honorifics aside ("Jobs", "Mr. Lee"), or None."""
    words = [w for w in mention.name.split() if w.lower() not in HONORIFICS]
    return words[0] if len(words) == 1 and words[0][:1].isupper() else None
