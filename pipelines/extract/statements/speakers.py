"""Speaker mentions: the words naming who speaks, their title and what kind of speaker it is."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipelines.extract.nlp import ParsedSentence

PERSON, ORGANIZATION, MEDIA, ANONYMOUS, UNKNOWN = "person", "organization", "media", "anonymous", "unknown"
# Mention kinds that coreference must resolve before they can name a speaker.
PRONOUN, DESCRIPTION = "pronoun", "description"

MEDIA_NAMES = frozenset(
    "reuters ap afp bloomberg xinhua tass interfax ria cnn bbc nbc abc cbs fox msnbc npr pbs itar-tass "
    "yonhap kyodo ansa efe dpa axios politico dow jones al jazeera sky news".split()
)
MEDIA_SUFFIXES = re.compile(
    r"(?:\bnews|\btimes|\bpost|\bjournal|\bgazette|\bherald|\btribune|\btelegraph|\bmagazine|\bguardian|"
    r"\btv|\bradio|\btelevision|\bpress|\bwire|\bspiegel|\bmonde|\bledger|\bcourier|\bchronicle|"
    r"\bnews (?:agency|service|network)|\.com)$",
    re.IGNORECASE,
)
MEDIA_NOUNS = frozenset(
    "newspaper paper magazine broadcaster outlet tabloid daily weekly network channel television "
    "radio reports report media wire".split()
)
ORG_NOUNS = frozenset(
    "embassy ministry department government agency office company firm group carrier airline manufacturer "
    "maker administration council committee commission court party army military police bank union "
    "institute organization organisation board authority authorities service agencies companies firms "
    "parliament congress senate kremlin cabinet team club university regulator watchdog alliance "
    "coalition campaign foundation center centre bureau corporation airframer spokesperson-office".split()
)
ORG_SUFFIXES = re.compile(
    r"\b(?:inc|corp|corporation|co|ltd|llc|plc|group|company|airlines?|airways|ministry|department|agency|"
    r"office|council|committee|commission|bank|party|union|institute|association|authority|service|"
    r"administration|board|court|parliament|congress|senate|kremlin|pentagon|government|n\.v|s\.a|ag|se|"
    r"research|systems|motors|industries|technologies|foundation)\.?$",
    re.IGNORECASE,
)
TITLE_WORDS = frozenset(
    "president vice secretary minister prime premier chancellor spokesman spokeswoman spokesperson "
    "ambassador senator sen. rep. representative gov. governor mayor general gen. admiral colonel "
    "lt. sgt. captain chief ceo cfo coo chairman chairwoman chair director head leader king queen prince "
    "judge justice attorney commissioner envoy adviser advisor deputy press state foreign defense defence "
    "executive officer manager analyst mr. mrs. ms. dr. professor prof. pope cardinal sheikh "
    "speaker lawmaker official founder".split()
)
HONORIFICS = frozenset("mr. mrs. ms. dr. mr mrs ms dr".split())
PERSON_NOUN_SUFFIXES = ("man", "woman", "person", "ist", "er", "or", "ian", "ent", "ant", "ee")
PERSON_NOUNS = frozenset(
    "official officials source sources diplomat diplomats aide aides analyst analysts expert experts "
    "customer customers person people resident residents witness witnesses officer officers member members "
    "lawmaker lawmakers executive executives spokesman spokeswoman spokesperson insider insiders staff "
    "employee employees worker workers critic critics observer observers investor investors".split()
)
_DETERMINERS = frozenset("the a an its their his her our this that these those some".split())
_EDGE_PUNCT = " \t\n,;:-—–\"“”'’()"
_EXCLUDED_DEPS = frozenset({"relcl", "acl", "advcl"})
_PERSON_PRONOUNS = frozenset("he she him her i me we us".split())


@dataclass(frozen=True)
class Mention:
    """How a speaker is written in one sentence.

    ``kind`` is a speaker type, or ``pronoun``/``description`` when the name
    must come from elsewhere in the article. ``name`` is the naming part
    (an entity, or the description without its determiner); ``head`` the
    lower-cased head word.
    """

    start: int
    end: int
    text: str
    name: str
    title: str | None
    kind: str
    head: str


def strip_determiner(phrase: str) -> str:
    """``phrase`` without a leading determiner or possessive pronoun and edge punctuation."""
    words = phrase.strip(_EDGE_PUNCT).split()
    while len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words).strip(_EDGE_PUNCT)


def is_media(name: str) -> bool:
    lowered = strip_determiner(name).lower()
    first = lowered.split()[0] if lowered else ""
    return lowered in MEDIA_NAMES or first in MEDIA_NAMES or MEDIA_SUFFIXES.search(lowered) is not None


def is_person_noun(word: str) -> bool:
    word = word.lower()
    return word in PERSON_NOUNS or (word.endswith(("man", "woman", "person")) and word not in ORG_NOUNS)


def name_kind(name: str, label: str | None = None) -> str:
    """Speaker type of a proper name, from its NER label and its words."""
    if is_media(name):
        return MEDIA
    if label == "PERSON":
        return PERSON
    if label in {"ORG", "GPE", "NORP", "FAC"} or ORG_SUFFIXES.search(name):
        return ORGANIZATION
    return PERSON


def person_name(entity_text: str) -> str:
    """A PERSON entity without the titles NER sometimes includes ("Mayor Linh Tran")."""
    words = strip_determiner(entity_text).split()
    while len(words) > 2 and words[0].lower() in TITLE_WORDS:
        words.pop(0)
    return " ".join(words)


def _span_tokens(head: Token, skip: Token | None) -> list[Token]:
    """The contiguous tokens of the phrase headed by ``head``, without clauses hanging off it."""
    excluded: set[int] = set()
    for child in head.children:
        if child.dep_ in _EXCLUDED_DEPS or (skip is not None and skip in child.subtree):
            excluded.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in excluded or t.i == head.i]
    keep = [head]
    for t in reversed([t for t in tokens if t.i < head.i]):
        if t.i != keep[0].i - 1:
            break
        keep.insert(0, t)
    for t in [t for t in tokens if t.i > head.i]:
        if t.i != keep[-1].i + 1:
            break
        keep.append(t)
    while len(keep) > 1 and (keep[0].is_punct or keep[0].is_space or keep[0].dep_ == "cc"):
        keep.pop(0)
    while len(keep) > 1 and (keep[-1].is_punct or keep[-1].is_space or keep[-1].dep_ == "cc"):
        keep.pop()
    return keep


def _title(text: str, name: str) -> str | None:
    """What is left of a mention once the name is removed, if it reads as a title."""
    before, _, after = text.partition(name)
    if re.match(r"\s+(?:of|at|for)\s", after):  # "Mayor Linh Tran of Eastport"
        before, after = f"{before.strip()} {after.strip()}", ""
    parts = [strip_determiner(p) for p in (before, after)]
    parts = [p for p in parts if p and p.lower() not in _DETERMINERS | HONORIFICS and re.search(r"[A-Za-z]{2}", p)]
    if not parts:
        return None
    title = ", ".join(parts)
    return title if len(title.split()) <= 12 else None


def _entities(span: Span) -> list[Span]:
    return [e for e in span.doc.ents if e.start < span.end and span.start < e.end]


def mention_of(sent: ParsedSentence, head: Token, skip: Token | None = None) -> Mention:
    """The speaker mention headed by ``head`` (``skip``: a cue inside it, e.g. "reports stating")."""
    tokens = _span_tokens(head, skip)
    span = sent.doc[tokens[0].i:tokens[-1].i + 1]
    text = span.text
    start, end = sent.start(span), sent.end(span)
    lower = head.lower_
    if head.pos_ == "PRON":
        return Mention(start, end, text, head.text, None, PRONOUN, lower)
    ents = [e for e in _entities(span) if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "FAC"}]
    # A possessor ("Tran's deputy, Omar Haddad") is not the speaker.
    persons = [e for e in ents if e.label_ == "PERSON" and not (e.end < len(span.doc) and span.doc[e.end].dep_ == "case")]
    chosen = next((e for e in persons if e.start <= head.i < e.end), None) or (persons[0] if persons else None)
    if chosen is None:
        chosen = next((e for e in ents if e.start <= head.i < e.end), None)
    if chosen is not None:
        name = person_name(chosen.text) if chosen.label_ == "PERSON" else strip_determiner(chosen.text)
        titled = any(t.lower_ in TITLE_WORDS for t in span if t.i < chosen.start)
        kind = name_kind(name, "PERSON" if titled and chosen.label_ == "ORG" else chosen.label_)
        title = _title(text, name) if kind == PERSON else None
        return Mention(start, end, text, name, title, kind, lower)
    if head.pos_ == "PROPN":
        names = [t for t in tokens if t.pos_ == "PROPN" and t.i <= head.i]
        while len(names) > 1 and names[0].lower_ in TITLE_WORDS:
            names.pop(0)
        name_span = sent.doc[names[0].i:head.i + 1]
        name = strip_determiner(name_span.text)
        kind = name_kind(name)
        title = _title(text, name_span.text) if kind == PERSON else None
        return Mention(start, end, text, name, title, kind, lower)
    description = strip_determiner(text)
    if lower in MEDIA_NOUNS:
        kind = MEDIA
    elif is_person_noun(lower):
        kind = ANONYMOUS
    else:
        kind = DESCRIPTION
    return Mention(start, end, text, description, None, kind, lower)
