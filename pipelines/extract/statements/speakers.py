"""Speaker mentions: the words naming who speaks, their title and what kind of speaker it is."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipelines.extract.nlp import ParsedSentence

from .lexicon import lemma_of

PERSON, ORGANIZATION, MEDIA, ANONYMOUS, UNKNOWN = "person", "organization", "media", "anonymous", "unknown"
# Mention kinds that coreference must resolve before they can name a speaker; a quantity of people
# ("Six in 10 voters") is an anonymous group as written.
PRONOUN, DESCRIPTION, QUANTITY = "pronoun", "description", "quantity"

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
PERSON_NOUNS = frozenset(
    "official source diplomat aide analyst expert customer consumer user buyer owner person people resident "
    "witness officer member lawmaker legislator executive spokesman spokeswoman spokesperson spokespeople insider "
    "staff employee worker critic observer investor representative leader negotiator regulator investigator "
    "prosecutor lawyer attorney researcher scientist doctor economist trader fan voter protester activist "
    "individual someone colleague partner adviser advisor candidate nominee hopeful magnate billionaire "
    "front-runner frontrunner reporter host moderator anchor pollster strategist operative donor supporter "
    "surrogate challenger rival opponent delegate columnist commentator pundit writer author editor historian "
    "professor student teacher veteran friend agent associate confidant confidante mother father wife husband son daughter respondent "
    "executive politician advocate ally organizer organiser narrator pastor priest bishop rabbi imam surgeon "
    "neurosurgeon physician nurse family families panel jury audience crowd public electorate citizen "
    "republican democrat conservative liberal progressive independent moderate evangelical "
    "boy girl man woman child children parent neighbor neighbour victim survivor".split()
)
# Quantities of people ("Six in 10", "half of the voters", "24 percent"): poll respondents as a group.
QUANTITY_WORDS = frozenset("percent % half third thirds quarter quarters majority majorities plurality "
                           "minority most many some few all both several others those another each either number".split())
_PERSON_SUFFIXES = ("man", "men", "woman", "women", "person", "people", "ist", "ists")
_AGENT_SUFFIXES = ("er", "or", "ee", "ess", "ian", "ant", "-old")
_AGENT_LOOKALIKES = frozenset(
    "number order border paper letter matter water power computer corner chapter quarter center error "
    "factor sector floor door color colour honor humor rumor tumor mirror meter manner poster "
    "trailer filter marker counter banner barrier cancer tower shelter weather answer layer cover "
    "committee fee degree guarantee decree tree coffee press address business progress access congress "
    "success process stress guardian variant restaurant grant plant giant"
    .split()
)
# Common nouns that may report what was said: documents, studies and publications.
DOCUMENT_NOUNS = frozenset(
    "statement report study survey poll suit lawsuit complaint filing document ruling verdict letter memo "
    "email e-mail release notice website blog post tweet message note transcript "
    "result results evidence data polling research analysis article ad advertisement book "
    "record records figures numbers estimate estimates projection projections model forecast opinion "
    "indictment bill law".split()
)
# Named things that do not speak (NER labels).
_THING_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "DATE", "TIME", "MONEY",
                           "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"})
# Labels the small model gives lone surnames by mistake ("Cole said" as a product); a number label is never wrong.
_NAME_LIKE_THING_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})
# Verbs only people (and the bodies they speak for) use: their subject speaks whatever NER made of it.
HUMAN_SPEECH_LEMMAS = frozenset("say tell ask reply respond answer joke quip tweet shout yell scream insist "
                                "explain recall confess boast brag retort scoff argue".split())
_SPEAKER_PRONOUNS = frozenset("i we he she they it you one someone somebody everyone".split())
_NEGATIVE_SUBJECTS = frozenset("neither no none nobody nothing".split())
# Particles inside names ("Charles de Gaulle") and initials ("Michael R. Golden").
_NAME_PARTICLES = frozenset("de del della der van von bin ibn al da di le la du".split())
_INITIAL = re.compile(r"^[A-Z]\.$")
_TITLE_PREPOSITIONS = frozenset({"of", "for"})
# Title words that modify a title rather than name a role ("deputy", "foreign").
_TITLE_MODIFIERS = frozenset("vice deputy press state foreign defense defence executive sen. rep. gov. gen. lt. "
                             "sgt. prof. mr. mrs. ms. dr.".split())
# Person nouns beyond the title words that name one role an article can name the holder of.
_ROLE_NOUNS = frozenset("diplomat aide adviser advisor lawyer candidate nominee front-runner frontrunner "
                        "spokesperson".split())
_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
                  "lt": "lieutenant", "sec": "secretary", "pres": "president", "amb": "ambassador"}
_DETERMINERS = frozenset("the a an its their his her our this that these those some".split())
_EDGE_PUNCT = " \t\n,;:-—–\"“”'’()"
_EXCLUDED_DEPS = frozenset({"relcl", "acl", "advcl"})
_NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})
_PERSON_PRONOUNS = frozenset("he she him her i me we us".split())
_DASHES = frozenset({"—", "–", "--"})
_SHORT_PARENTHESIS = 4  # words: "(R-Ohio)", "(D-N.Y.)"
MAX_TITLE_CHARS = 60
# Where a title ends: a list (", and ...") or a clause ("who ...", "which ...").
_TITLE_CLAUSE = re.compile(r",\s+(?:and|or)\s|,?\s+(?:who|whom|whose|which|that|where|when|while)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """How a speaker is written in one sentence.

    ``start``/``end`` are where the whole noun phrase is written, with the
    clauses that describe the speaker ("a source involved in the talks");
    ``text`` is its naming part ("a source"). ``kind`` is a speaker type, or
    ``pronoun``/``description`` when the name must come from elsewhere in the article. ``name`` is the naming part
    (an entity, or the description without its determiner); ``head`` the
    lower-cased head word. ``can_speak`` is False for things that do not
    speak (a product, a plane, "neither of the companies"). ``parts`` are the
    mentions of conjoined speakers ("Lee and Park").
    """

    start: int
    end: int
    text: str
    name: str
    title: str | None
    kind: str
    head: str
    can_speak: bool = True
    parts: tuple[Mention, ...] = ()


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
    """Whether a common noun names people ("officials", "spokeswoman", "analysts", "chief")."""
    word = word.lower()
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if word in ORG_NOUNS or singular in ORG_NOUNS:
        return False
    roles = PERSON_NOUNS | (TITLE_WORDS - _TITLE_MODIFIERS)  # "the executive" speaks, "the deputy" too
    return word in roles or singular in roles or word.endswith(_PERSON_SUFFIXES)


def is_role_word(word: str) -> bool:
    """Whether a noun names a role one person holds ("governor", "spokesman", "diplomat")."""
    return word in TITLE_WORDS or word in _ROLE_NOUNS


def holds_role(title: str, word: str) -> bool:
    """Whether a title holds the role a noun names ("Gov." for "governor", "Press Secretary" for
    "secretary")."""
    words = {w.strip(".,").lower() for w in title.split()}
    return word in words or any(_ABBREVIATIONS.get(w) == word for w in words)


def role_forms(word: str) -> list[str]:
    """How a title before a name writes a role: the word and its abbreviations ("governor", "gov.")."""
    return [word] + [f"{short}." for short, full in _ABBREVIATIONS.items() if full == word]


def name_kind(name: str, label: str | None = None) -> str:
    """Speaker type of a proper name, from its NER label and its words."""
    if is_media(name):
        return MEDIA
    if label == "PERSON":
        return PERSON
    if label in {"ORG", "GPE", "NORP", "FAC"} or ORG_SUFFIXES.search(name):
        return ORGANIZATION
    return PERSON


def _is_name_word(word: str) -> bool:
    lower = word.lower()
    if lower in TITLE_WORDS or lower in HONORIFICS or lower in ORG_NOUNS:
        return False
    if _INITIAL.match(word) or word in _NAME_PARTICLES:
        return True
    return word[:1].isupper() and not word.isupper() and not any(ch.isdigit() for ch in word)


def person_name(phrase: str) -> str:
    """The personal name at the end of a capitalised phrase, without titles.

    "Apple CEO Steve Jobs" gives "Steve Jobs"; after a title's preposition the
    name is its last two words ("Assistant Secretary of the Air Force for
    Acquisition Marvin Sambur" gives "Marvin Sambur"). Empty when the phrase
    does not end in a name.
    """
    words = strip_determiner(phrase).split()
    run: list[str] = []
    for word in reversed(words):
        if not _is_name_word(word):
            break
        run.insert(0, word)
    while run and (run[0] in _NAME_PARTICLES or _INITIAL.match(run[0])):
        run.pop(0)
    before = words[: len(words) - len(run)]
    if before and before[-1].lower() in _TITLE_PREPOSITIONS:  # the title's object comes first
        given = [k for k, w in enumerate(run) if not (_INITIAL.match(w) or w in _NAME_PARTICLES)]
        run = run[given[-2]:] if len(given) >= 3 else run
    return " ".join(run)


def is_thing_name(name: str, label: str | None = None) -> bool:
    """A named product, work or number rather than someone ("iPod nano", "777-200LR")."""
    words = strip_determiner(name).split()
    if words and is_media(name):  # "the Evening Ledger" is no time of day
        return False
    if not words or label in _THING_LABELS:
        return True
    first = words[0]
    camel = first[:1].islower() and any(ch.isupper() for ch in first[1:])  # iPod, iMovie
    return camel or any(ch.isdigit() for ch in name)


def _apposed(left: list[Token], head: Token) -> bool:
    """Whether words before a comma describe the head: an apposition or a title."""
    return (any(t.dep_ == "appos" and t.head.i == head.i for t in left) or (head.dep_ == "appos" and head.head in left)
            or any(t.lower_ in TITLE_WORDS or t.lower_ in ORG_NOUNS for t in left))


def _span_tokens(head: Token, skip: Token | None, conjuncts: bool = True, clauses: bool = False) -> list[Token]:
    """The contiguous tokens of the phrase headed by ``head``, without clauses hanging off it (unless
    ``clauses``: then with its relative and participial clauses and dated phrases, "a source involved in
    the talks", "the report published Tuesday") nor its conjuncts (unless ``conjuncts``)."""
    excluded: set[int] = set()
    for child in head.children:
        dated = child.dep_ == "prep" and any(c.ent_type_ in {"DATE", "TIME"} for c in child.children)
        joined = not conjuncts and child.dep_ in {"conj", "cc"}
        clause = child.dep_ in _EXCLUDED_DEPS and not (clauses and child.dep_ in _NOUN_CLAUSE_DEPS)
        if (dated and not clauses) or joined or clause or (skip is not None and skip in child.subtree):
            excluded.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in excluded or t.i == head.i]
    keep = [head]
    for t in reversed([t for t in tokens if t.i < head.i]):
        if t.i != keep[0].i - 1:
            break
        keep.insert(0, t)
    for t in [t for t in tokens if t.i > head.i]:
        if t.i != keep[-1].i + 1 or t.text == ":":  # "Lee: Taxes will fall" names Lee, not the headline
            break
        keep.append(t)
    keep = _after_dateline(keep, head)
    keep = [t for t in keep if t.i == head.i or not _in_parentheses(t)]
    commas = [k for k, t in enumerate(keep) if t.i < head.i and t.text == ","]
    if commas and not _apposed(keep[:commas[-1]], head):  # "As well as new routes to the US, Mannion"
        keep = keep[commas[-1] + 1:]
    while len(keep) > 1 and (keep[0].is_punct or keep[0].is_space or keep[0].dep_ == "cc"
                             or keep[0].pos_ in {"SCONJ", "CCONJ"}):
        keep.pop(0)
    while len(keep) > 1 and (keep[-1].is_punct or keep[-1].is_space or keep[-1].dep_ == "cc"):
        keep.pop()
    return keep


def _after_dateline(keep: list[Token], head: Token) -> list[Token]:
    """ "MACAU (Reuters) – Sheldon Adelson", "Exclusive: Lee": a dateline or label and its dash or colon
    are not part of the mention."""
    dashes = [k for k, t in enumerate(keep) if t.i < head.i and (t.text in _DASHES or t.text == ":")]
    return keep[dashes[-1] + 1:] if dashes else keep


def _in_parentheses(tok: Token) -> bool:
    before = next((t for t in reversed(tok.doc[:tok.i]) if t.text in "()"), None)
    return tok.text in "()" or (before is not None and before.text == "(")


def _is_title(title: str) -> bool:
    """A title names a role ("Chief Executive", "Mayor of Eastport"), in at most 60 characters."""
    words = [w.strip(",").lower() for w in title.split()]
    return len(title) <= MAX_TITLE_CHARS and words[0] not in {"and", "or", "but"} and any(
        w in TITLE_WORDS or w.rstrip(".") in TITLE_WORDS or is_person_noun(w.rstrip(".")) for w in words)


def _title(text: str, name: str, others: list[Span] = ()) -> str | None:
    """What is left of a mention once the name is removed, if it reads as a title: no list of other
    people (``others``, names in the mention that are no possessor) and no clause."""
    before, _, after = text.partition(name)
    if any(e.text in before or e.text in after for e in others):
        return None
    after = _TITLE_CLAUSE.split(after, maxsplit=1)[0]
    if re.match(r"\s+(?:of|at|for)\s", after):  # "Mayor Linh Tran of Eastport"
        before, after = f"{before.strip()} {after.strip()}", ""
    parts = [strip_determiner(p) for p in (before, after)]
    parts = [p for p in parts if p and p.lower() not in _DETERMINERS | HONORIFICS and re.search(r"[A-Za-z]{2}", p)]
    if not parts:
        return None
    title = ", ".join(parts)
    return title if _is_title(title) else None


def _entities(span: Span) -> list[Span]:
    return [e for e in span.doc.ents if e.start < span.end and span.start < e.end]


def _author(head: Token) -> Token | None:
    """The author of a document noun ("a statement by Boeing", "an email from Roche")."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in {"PERSON", "ORG", "GPE"}):
                return obj
    return None


def _behind_preposition(tok: Token, head: Token) -> bool:
    """ "the popularity of Trump", "a subpoena to a foundation where Clinton served": a name inside a
    prepositional phrase or clause of the head is not who speaks."""
    while tok.i != head.i and tok.head.i != tok.i:
        if tok.dep_ in {"prep", "pobj", "relcl", "acl", "advcl"}:
            return True
        tok = tok.head
    return False


def _in_possessor(ent: Span, head: Token) -> bool:
    """ "Tran's deputy", "the Obama administration's lawyer": a name inside the possessor of the head
    is not who speaks."""
    if ent.end < len(ent.doc) and ent.doc[ent.end].dep_ == "case":
        return True
    tok = ent.root
    while tok.i != head.i and tok.head.i != tok.i:
        if tok.dep_ == "poss":
            return True
        tok = tok.head
    return False


def _negative(head: Token) -> bool:
    """ "Neither of the companies", "no official": a subject that says nobody spoke."""
    return head.lower_ in _NEGATIVE_SUBJECTS or any(
        c.dep_ == "det" and c.lower_ in _NEGATIVE_SUBJECTS for c in head.children)


def _description_can_speak(head: Token) -> bool:
    """A common noun names a speaker when it names people, a group of them, an organisation, the media,
    or a document or finding ("the results", "evidence"); "the plane" does not speak."""
    lower, lemma = head.lower_, head.lemma_.lower()
    named = any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children)  # "his deputy, Omar Haddad"
    return (named or head.pos_ in {"NUM", "PRON"} or head.text[:1].isupper() or is_person_noun(lower)
            or is_person_noun(lemma) or _is_agent_noun(lemma)
            or bool({lower, lemma} & (ORG_NOUNS | MEDIA_NOUNS | DOCUMENT_NOUNS)))


def _is_age_noun(head: Token) -> bool:
    """ "the 46-year-old said": an age standing for the person."""
    return head.lower_ in {"old", "year-old"} and any(t.lower_ in {"year", "years"} for t in head.doc[max(0, head.i - 2):head.i])


def _speaking_label(label: str | None, cue: Token | None) -> str | None:
    """The NER label that decides whether a name speaks: a product or work label on the subject of a
    verb only people use ("Cole said") is the small model's mistake, and counts for nothing."""
    if label in _NAME_LIKE_THING_LABELS and cue is not None and lemma_of(cue) in HUMAN_SPEECH_LEMMAS:
        return None
    return label


def _is_agent_noun(lemma: str) -> bool:
    """A noun of someone who does something, by its suffix ("producer", "attendee", "actress",
    "politician", "the 46-year-old"); not the things that end the same ("paper", "number", "order")."""
    return lemma.endswith(_AGENT_SUFFIXES) and lemma not in _AGENT_LOOKALIKES


def is_quantity(head: Token) -> bool:
    """A number or share of people as a subject ("Six in 10 say", "half said", "24 percent said")."""
    return head.lower_ in QUANTITY_WORDS or (head.pos_ == "NUM" and head.ent_type_ not in {"DATE", "TIME", "MONEY"})


def _outside_parentheses(head: Token) -> Token:
    """ "John Kasich (R-OH)": a head inside a short parenthesis moves to the word before it; a speaker
    inside a long one ("(“...,” Lee wrote)") stays."""
    doc = head.doc
    opened = next((t for t in reversed(doc[max(0, head.i - _SHORT_PARENTHESIS):head.i]) if t.text in "()"), None)
    if opened is not None and opened.text == "(" and opened.i > 0 and not doc[opened.i - 1].is_punct:
        return doc[opened.i - 1]
    return head


@dataclass(frozen=True)
class Phrase:
    """The speaker phrase the mention rules look at: its head, its words and where it is written."""

    sent: ParsedSentence
    head: Token
    skip: Token | None
    span: Span
    extent: Span  # the whole noun phrase, with its clauses: where the mention is written

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def lower(self) -> str:
        return self.head.lower_

    def mention(self, name: str, title: str | None, kind: str, can_speak: bool = True,
                parts: tuple[Mention, ...] = ()) -> Mention:
        return Mention(self.sent.start(self.extent), self.sent.end(self.extent), self.text, name, title, kind,
                       self.lower, can_speak, parts)


def _quantity_pronoun(phrase: Phrase) -> Mention | None:
    """ "some", "those", "others": a group as written."""
    head = phrase.head
    if head.pos_ == "PRON" and is_quantity(head):
        return phrase.mention(strip_determiner(phrase.text), None, QUANTITY, not _negative(head))
    return None


def _pronoun(phrase: Phrase) -> Mention | None:
    """ "he", "they": coreference names them."""
    head = phrase.head
    if head.pos_ == "PRON":
        return phrase.mention(head.text, None, PRONOUN, phrase.lower in _SPEAKER_PRONOUNS and not _negative(head))
    return None


def _document_author(phrase: Phrase) -> Mention | None:
    """ "a statement by Harlow Motors": the author of a document speaks."""
    author = _author(phrase.head) if phrase.head.lemma_.lower() in DOCUMENT_NOUNS else None
    return mention_of(phrase.sent, author) if author is not None else None


def _conjoined(phrase: Phrase) -> Mention | None:
    """ "Lee and Park said", "Eastport and Westport have said": one mention naming every conjunct, a person
    only when all are people, an organisation only when all are."""
    head = phrase.head
    conjuncts = [c for c in head.conjuncts if c.i > head.i]
    joined = any(t.dep_ == "cc" and t.lower_ in {"and", "&"} for c in (head, *conjuncts) for t in c.children)
    if not conjuncts or not joined or not all(_is_named(t) for t in (head, *conjuncts)):
        return None
    if any(e.start <= head.i < e.end and e.start <= c.i < e.end for e in head.doc.ents for c in conjuncts):
        return None  # one name ("Smith & Wesson")
    parts = tuple(single_mention_of(phrase.sent, t) for t in (head, *conjuncts))
    if not all(p.can_speak and p.kind in {PERSON, ORGANIZATION, MEDIA} for p in parts):
        return None
    names = [p.name for p in parts]
    kinds = {p.kind for p in parts}
    kind = kinds.pop() if len(kinds) == 1 and kinds <= {PERSON, ORGANIZATION, MEDIA} else UNKNOWN
    return phrase.mention(", ".join(names[:-1]) + " and " + names[-1], None, kind, True, parts)


def _is_named(tok: Token) -> bool:
    """A name that can stand as a speaker: a proper noun or a named person, organisation or place, not a
    nationality or party label ("a Republican")."""
    return (tok.pos_ == "PROPN" or tok.ent_type_ in {"PERSON", "ORG", "GPE"}) and tok.ent_type_ != "NORP"


def _organisation_of_a_person(phrase: Phrase) -> Mention | None:
    """ "the Clinton campaign", "the Biden administration", "Lee's campaign": an organisation named for a
    person, not the person with a title."""
    head = phrase.head
    if head.pos_ != "NOUN" or head.lower_ not in ORG_NOUNS:
        return None
    named = [c for c in head.children if c.dep_ in {"compound", "nmod", "amod", "poss"} and c.ent_type_ == "PERSON"]
    if not named:
        return None
    words = phrase.sent.doc[phrase.span.start:head.i + 1].text
    return phrase.mention(strip_determiner(words), None, ORGANIZATION)


def _named_entity(phrase: Phrase) -> Mention | None:
    """A named person, organisation or place in the phrase: the person the head names, else the first
    person who is no possessor and not behind a preposition, else the entity holding the head."""
    head, span = phrase.head, phrase.span
    ents = [e for e in _entities(span) if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "FAC"}]
    persons = [e for e in ents if e.label_ == "PERSON" and not _in_possessor(e, head)
               and not _behind_preposition(e.root, head)]
    chosen = next((e for e in persons if e.start <= head.i < e.end), None) or (persons[0] if persons else None)
    if chosen is None:
        chosen = next((e for e in ents if e.start <= head.i < e.end), None)
    if chosen is None:
        return None
    # A title before the name makes a person of what NER took for a place or an organisation.
    titled = any(t.lower_ in TITLE_WORDS for t in span if t.i < chosen.end - 1)
    name = person_name(chosen.text) if chosen.label_ == "PERSON" or titled else ""
    if name:
        kind = MEDIA if is_media(name) else PERSON
    else:
        name = strip_determiner(chosen.text)
        kind = name_kind(name, chosen.label_)
    others = [e for e in persons if e != chosen]
    title = _title(phrase.text, name, others) if kind == PERSON else None
    return phrase.mention(name, title, kind, not is_thing_name(name, _speaking_label(chosen.label_, phrase.skip)))


def _proper_noun(phrase: Phrase) -> Mention | None:
    """A capitalised head NER did not label: a name, or a bare title ("the Prime Minister")."""
    head = phrase.head
    if head.pos_ != "PROPN":
        return None
    words = phrase.sent.doc[phrase.span.start:head.i + 1].text
    name = strip_determiner(words)
    label = _speaking_label(head.ent_type_ or None, phrase.skip)
    kind = name_kind(name, label)
    personal = person_name(words) or person_name(phrase.text)  # the name may follow a title's head
    if kind == PERSON and not personal:  # "the Prime Minister": a title with no name
        return phrase.mention(name, None, ANONYMOUS, not is_thing_name(name, label))
    if kind == PERSON:  # whether it speaks is the name's, not the words before it ("150px Airbus")
        name = personal
    title = _title(phrase.text, name) if kind == PERSON else None
    return phrase.mention(name, title, kind, not is_thing_name(name, label))


def _description(phrase: Phrase) -> Mention:
    """A common noun: a share of people, the media, people in a role, or a description coreference
    names ("the company")."""
    head = phrase.head
    description = strip_determiner(phrase.text)
    if is_quantity(head):
        return phrase.mention(description, None, QUANTITY, not _negative(head))
    if phrase.lower in MEDIA_NOUNS:
        kind = MEDIA
    elif is_person_noun(phrase.lower) or _is_age_noun(head):
        kind = ANONYMOUS
    else:
        kind = DESCRIPTION
    can_speak = (_description_can_speak(head) or _is_age_noun(head)) and not _negative(head)
    return phrase.mention(description, None, kind, can_speak)


# The mention rules in the order they are tried; the last always finds a mention.
MENTION_RULES = (_quantity_pronoun, _pronoun, _document_author, _conjoined, _organisation_of_a_person,
                 _named_entity, _proper_noun)


def _first_mention(phrase: Phrase, rules: tuple) -> Mention:
    return next((m for rule in rules if (m := rule(phrase)) is not None), None) or _description(phrase)


def mention_of(sent: ParsedSentence, head: Token, skip: Token | None = None) -> Mention:
    """The speaker mention headed by ``head`` (``skip``: a cue inside it, e.g. "reports stating"), by the
    first of ``MENTION_RULES`` that applies, else as a description."""
    head = _outside_parentheses(head)
    return _first_mention(_phrase(sent, head, skip), MENTION_RULES)


def single_mention_of(sent: ParsedSentence, head: Token) -> Mention:
    """The mention of one conjunct ("Ada Brant" in "Ada Brant and Bo Park"), without the others."""
    return _first_mention(_phrase(sent, head, None, conjuncts=False), tuple(r for r in MENTION_RULES if r is not _conjoined))


def _phrase(sent: ParsedSentence, head: Token, skip: Token | None, conjuncts: bool = True) -> Phrase:
    """The speaker phrase headed by ``head``: its naming words, and the whole noun phrase they stand in."""
    tokens = _span_tokens(head, skip, conjuncts)
    whole = _span_tokens(head, skip, conjuncts, clauses=True)
    start, end = min(tokens[0].i, whole[0].i), max(tokens[-1].i, whole[-1].i) + 1
    return Phrase(sent, head, skip, sent.doc[tokens[0].i:tokens[-1].i + 1], sent.doc[start:end])
