"""Dated events: the verb or event noun each temporal expression dates, found in the parse.

From the head of the expression the extractor walks up the dependency tree
(through the preposition of "in 2014", the npadvmod of "announced Monday",
the modifier of "the 1991 agreement") to the first verb or event noun. From
that trigger it reads the actors (subject side, the agent of a passive), the
targets (objects, the subject of a passive, "with" complements), a place
("in Geneva") and the tense of its clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Sequence

from spacy.tokens import Span, Token

from schemas.tables import CALENDAR_VALUE_REGEX

from .nlp import ArticleParse
from .statements.lexicon import lemma_of
from .temporal import Timex
from .temporal.reporting import SAYING_LEMMAS, quotation
from .tense import FUTURE, PAST, PRESENT, clause_tense, governing_verb


@dataclass(frozen=True)
class Event:
    """An event mention with the date the text gives it."""

    start_char: int
    end_char: int
    trigger: str
    lemma: str
    sentence: str
    actors: list[str]
    targets: list[str]
    location: str | None
    timex_index: int | None  # index into the timexes passed in; None when dated by publication
    date_value: str
    date_start: date | None
    date_end: date | None
    date_source: str  # explicit | publication
    tense: str  # past | present | future
    duration_value: str | None = None  # how long it lasted, from a duration that measures it ("for three days")
    duration_timex_index: int | None = None


@dataclass(frozen=True)
class _Linked(Event):
    """An event as one expression links it, with its distance in the text to that expression."""

    distance: int = field(default=0, compare=False)


CALENDAR_VALUE = re.compile(CALENDAR_VALUE_REGEX)


# Contracted verbs, which the lemmatizer leaves as written with a curly apostrophe ("she\u2019s").
_CONTRACTIONS = {"'s": "be", "'re": "be", "'m": "be", "'ve": "have", "'ll": "will", "'d": "would"}


def lemma(tok: Token) -> str:
    """The lemma of a trigger; a verb the tagger left inflected ("hopes") loses its -s; a contraction
    is its verb whatever the apostrophe ("she\u2019s in Paris": be; "it\u2019s been": have)."""
    lem = tok.lemma_ or tok.lower_
    contracted = tok.lower_.replace("\u2019", "'")
    if tok.pos_ in ("AUX", "VERB") and contracted in _CONTRACTIONS and lem in (tok.lower_, contracted):
        following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return "have" if contracted == "'s" and following is not None and following.tag_ == "VBN" else _CONTRACTIONS[contracted]
    if tok.tag_ == "VBZ" and lem == tok.lower_ and lem.endswith("s") and not lem.endswith("ss"):
        return lem[:-2] if lem.endswith(("ches", "shes", "sses", "xes")) else lem[:-1]
    return lem


# Nouns that name events although no suffix gives them away.
EVENT_NOUNS = set("""
accident agreement attack auction ban battle boom boycott campaign ceasefire ceremony challenge
collapse conference concert congress contest convention crash crisis cut deal debate debut
decline default delay disaster delivery demonstration dispute drop earthquake election event
explosion fall festival fire fight flight flood game games growth hearing increase interview
invasion keynote launch layoff leak loss match meeting merger offer order outage outbreak
party plan premiere protest purchase raid rally recall release report rise riot ruling sale
scandal session settlement shooting show shutdown speech split storm strike summit surge
takeover talk talks test tour trade trial trip visit vote war wedding work
primary primaries caucus caucuses runoff referendum inauguration funeral parade verdict victory defeat
rout forum gala fundraiser testimony coup massacre revolt assault ambush siege truce blast
""".split())
_EVENT_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ure", "ing", "sal", "val")
# Nouns with those suffixes that name things, not happenings.
NON_EVENT_NOUNS = set("""
administration apartment application association audience balance building ceiling clothing coalition
commission constitution corporation creature culture department difference dimension distance division
documentation document edition element environment equipment evening everything evidence feature
federation figure finance foundation future generation government information institution instrument
insurance intelligence jurisdiction literature location management mansion morning nation nature nothing
opposition organisation organization parliament pension picture population portion position province
region residence science section segment signature something station structure television temperature
tension version vision
""".split())
# Nouns made of a phrasal verb, written with a hyphen or as one word: "the take-off", "a sell-off".
PHRASAL_EVENT_NOUNS = set("""
takeoff liftoff kickoff selloff shakeup breakup buyout bailout walkout lockout crackdown showdown rollout
handover pullout buildup runup followup checkup touchdown breakdown standoff cutback setback comeback
""".split())
# The words a temporal expression reaches its event through: prepositions, adverbs
# ("two years ago"), numbers, adjectives ("available on June 17").
_PASS_THROUGH = {"ADP", "ADV", "NUM", "DET", "PART", "SCONJ", "ADJ", "CCONJ", "PUNCT"}
_MAX_STEPS = 6
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
_TARGET_PREPS = {"with", "against"}
# Children that end a noun phrase as written in the actor/target lists.
_PHRASE_CUT = {"relcl", "acl", "appos", "punct", "prep", "advcl", "cc", "conj", "parataxis"}


def hyphenated(tok: Token) -> str:
    """The word ``tok`` ends when the tokenizer split it at hyphens ("take - off" -> "takeoff"), lower case."""
    doc, i = tok.doc, tok.i
    word = tok.lower_
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        word, i = doc[i - 2].lower_ + word, i - 2
    return word


def is_event_noun(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in NON_EVENT_NOUNS:
        return False
    if hyphenated(tok).rstrip("s") in PHRASAL_EVENT_NOUNS or lemma in PHRASAL_EVENT_NOUNS:
        return True
    if lemma in EVENT_NOUNS or tok.lower_ in EVENT_NOUNS:
        return True
    # The suffixes tell common nouns only: "Boeing", "Fleming" are names.
    return tok.pos_ == "NOUN" and len(lemma) > 5 and lemma.endswith(_EVENT_SUFFIXES)


def _is_trigger(tok: Token) -> bool:
    if tok.pos_ in ("VERB", "AUX"):
        return True
    return tok.pos_ in ("NOUN", "PROPN") and is_event_noun(tok)


# Verbs whose infinitive complement is the event itself: "is set to land on Monday".
# Aspectual verbs ("began to sell") are events of their own (TimeML) and are kept.
_RAISING = {"set", "plan", "expect", "schedule", "due", "intend", "slate", "seem", "appear", "try", "hope", "aim", "go"}
_OFFSETS = {"after", "before"}
_LAGS = {"behind", "late", "later", "earlier", "ahead", "early", "longer", "shorter"}


def _verbal(tok: Token) -> bool:
    """A verb, or a word the tagger took for a noun that has an infinitive "to" ("set to land")."""
    return tok.pos_ in ("VERB", "AUX") or any(c.tag_ == "TO" for c in tok.children)


def _complement_event(verb: Token) -> Token:
    """"set to land" -> "land": the infinitive a scheduling or aspectual verb introduces."""
    for _ in range(3):
        if verb.lemma_.lower() not in _RAISING:
            break
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and _verbal(c)), None)
        if xcomp is None:
            break
        verb = xcomp
    return verb


def _offset_event(after: Token) -> Token | None:
    """The event a duration counts from or to: "five years after its launch", "two days before it launches"."""
    for c in after.children:
        if c.dep_ in ("pobj", "pcomp") and _is_trigger(c):
            return c
    if after.dep_ == "mark" and after.head.pos_ in ("VERB", "AUX"):
        return after.head
    return None


def _delayed_event(lag: Token) -> Token | None:
    """The event a delay holds back, the event-noun subject of its clause: "the release is two years
    behind schedule"; "the plane is 18 months behind schedule" delays no event named."""
    verb = governing_verb(lag)
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and is_event_noun(c)), None)


# Words for a stretch of time: a date in apposition to one restates it ("on its big day, Monday").
TIME_NOUNS = {"day", "date", "time", "week", "weekend", "month", "year", "night", "morning", "evening",
              "afternoon", "period", "season", "quarter", "decade", "moment", "hour", "era"}
# How a modifier names the kind of a thing: "the 2011 version", "the 2009 model", "a format, 7/8/07".
_CLASSIFIER_DEPS = {"compound", "nmod", "amod", "nummod", "appos"}


def _dates_no_event(head: Token, inside: range) -> bool:
    """Whether the expression headed by ``head`` names something other than the time of an event:
    the subject of its clause ("Sunday was chosen", "the start of the year marked a rise": the choosing
    is not on Sunday), or a classifier of a thing ("released the 2011 version", "written in the
    format, 7/8/07": the year dates the version, not the release)."""
    above = head.head
    if above.i == head.i or above.i in inside:
        return False
    if head.dep_ in ("nsubj", "nsubjpass") and above.pos_ in ("VERB", "AUX"):
        return True
    return (head.dep_ in _CLASSIFIER_DEPS and above.pos_ == "NOUN" and not is_event_noun(above)
            and above.lemma_.lower() not in TIME_NOUNS)


def find_trigger(head: Token, inside: range, duration: bool = False) -> Token | None:
    """The verb or event noun a temporal expression headed by ``head`` attaches to.

    ``inside`` holds the token indices of the expression itself, which are skipped;
    a ``duration`` followed by "after"/"before" measures the distance to that event.
    """
    doc = head.doc
    if _dates_no_event(head, inside):
        return None
    follower = doc[inside.stop] if inside.stop < len(doc) else None
    if duration and follower is not None:
        if follower.lower_ in _OFFSETS:
            return _offset_event(follower)
        if follower.lower_ in _LAGS:
            return _delayed_event(follower)
        if follower.lower_ == "of":  # "two years of talks"; "75 hours of video" measures a thing
            objects = [o for c in follower.children if c.dep_ == "pobj" for o in (c, *c.conjuncts)]
            return next((o for o in objects if is_event_noun(o)), None)
    tok = head
    for _ in range(_MAX_STEPS):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.i in inside:
            continue
        if duration and tok.pos_ in ("NOUN", "PROPN") and not is_event_noun(tok) and head.head.i == tok.i:
            return None  # "a 27-year contract", "its 41-year history": the length of a thing
        if tok.dep_ == "prep" and tok.pos_ == "VERB":  # "including two disasters this year"
            obj = next((c for c in tok.children if c.dep_ == "pobj" and is_event_noun(c)), None)
            if obj is not None:
                return obj
            continue
        if _is_trigger(tok):
            return _complement_event(tok) if tok.pos_ in ("VERB", "AUX") else tok
        if tok.pos_ not in _PASS_THROUGH and tok.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
    return None


def phrase(tok: Token) -> str:
    """The noun phrase ``tok`` heads, as written, without relative clauses, appositions or PPs."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in _PHRASE_CUT]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _PHRASE_CUT)
    keep.sort(key=lambda t: t.i)
    # Keep the contiguous run around the head: discontinuous pieces are parse noise.
    lo = hi = keep.index(tok)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    doc = tok.doc
    return doc[keep[lo].i:keep[hi].i + 1].text


def _with_conjuncts(tok: Token) -> list[Token]:
    return [tok] + [c for c in tok.conjuncts if c.i > tok.i]


def _controller(verb: Token) -> Token:
    """The verb whose subject ``verb`` shares: "is set to meet" -> "set"; "met and agreed" -> "met"."""
    while verb.dep_ in ("xcomp", "conj") and not any(c.dep_.startswith("nsubj") for c in verb.children):
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def participants(trigger: Token) -> tuple[list[str], list[str]]:
    """Actors (subject side) and targets (object side) of a trigger."""
    actors: list[Token] = []
    targets: list[Token] = []
    if _verbal(trigger):
        subject_verb = _controller(trigger)
        controlled = subject_verb.i != trigger.i  # "Blinken is set to meet": Blinken meets
        for c in subject_verb.children:
            if c.dep_ == "nsubj" or (controlled and c.dep_ == "nsubjpass"):
                actors.extend(_with_conjuncts(c))
            elif c.dep_ == "nsubjpass":
                targets.extend(_with_conjuncts(c))
        for c in trigger.children:
            if c.dep_ in ("dobj", "dative", "oprd"):
                targets.extend(_with_conjuncts(c))
            elif c.dep_ == "agent":
                actors.extend(t for p in c.children if p.dep_ == "pobj" for t in _with_conjuncts(p))
            elif c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                targets.extend(t for p in c.children if p.dep_ == "pobj" for t in _with_conjuncts(p))
    else:
        for c in trigger.children:
            if c.dep_ == "poss":
                actors.append(c)
            elif c.dep_ == "prep" and c.lower_ == "of":
                targets.extend(p for p in c.children if p.dep_ == "pobj")
            elif c.dep_ == "prep" and c.lower_ == "by":
                actors.extend(p for p in c.children if p.dep_ == "pobj")
    keep = lambda toks: [phrase(t) for t in toks if t.pos_ != "PRON" or t.lower_ not in ("it", "that", "which", "who")]
    return keep(actors), keep(targets)


def place_candidates(trigger: Token) -> list[Token]:
    """Proper nouns after a place preposition on the trigger or its objects: "met in Geneva",
    "meet with Lavrov in Geneva". Only these need named entities to tell a place."""
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    objects += [o for p in trigger.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    return [obj for h in [trigger, *objects] for prep in h.children
            if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS
            for obj in prep.children if obj.dep_ == "pobj" and obj.pos_ == "PROPN"]


def location(trigger: Token) -> str | None:
    """The first place among the trigger's ``place_candidates`` (the sentence needs its entities)."""
    for obj in place_candidates(trigger):
        if obj.ent_type_ in _PLACE_TYPES:
            ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
            return ent.text if ent is not None else phrase(obj)
    return None


# Verbs that lend their tense to an event noun: "gave his keynote", "take delivery", "made its flight",
# and verbs of a result that name it by its noun: "reached an agreement", "posted a loss", "saw a rise".
LIGHT_VERBS = {"make", "take", "give", "have", "hold", "undergo", "conduct", "stage", "perform", "launch",
               "reach", "post", "suffer", "see", "experience", "register", "record"}


def light_verb_objects(verb: Token) -> list[Token]:
    """The event nouns a light verb takes as objects: both name the one event (TimeML)."""
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in LIGHT_VERBS:
        return []
    return [c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and is_event_noun(c)]


# Aspectual verbs: their subject, when it names an event, is the event they begin or end (TimeML).
ASPECTUAL_VERBS = {"begin", "start", "resume", "continue", "end", "finish", "conclude", "close", "open", "stop"}
# Verbs that put off or stop an event: it was due when they happened ("the flight was delayed today"),
# though not at the date it is put off to ("delayed until October").
DELAY_VERBS = {"delay", "postpone", "cancel", "suspend", "halt", "interrupt", "reschedule"}
_DESTINATION_PREPS = {"until", "till", "to", "into"}
# A verb of saying (``SAYING_LEMMAS``) makes an event known: its date is the telling's, not the event's
# ("the deal, first reported on Monday", "the layoffs announced Friday": neither happened then), unless
# the noun is a telling itself, which it dates: "a news report published Wednesday".
TELLING_NOUNS = {"report", "statement", "announcement", "letter", "memo", "study", "survey", "poll", "note",
                 "release", "article", "story", "interview", "speech", "message", "tweet"}


def companion_events(trigger: Token, timex: Span) -> list[Token]:
    """Event words a date of ``trigger`` (the span ``timex``) dates too: the event subject of an
    aspectual or delay verb ("the trial is set to begin on Wednesday", "the flight was delayed
    today"), the event noun a participle modifies ("an agreement reached in 1991"; not one a verb of
    telling makes known, "the layoffs announced Friday", unless it is a telling itself, "a report
    published Wednesday") and the name an
    appositive gives an event ("the developers conference (WWDC)")."""
    out: list[Token] = []
    verb_lemma = trigger.lemma_.lower() if trigger.pos_ in ("VERB", "AUX") else ""
    if verb_lemma in ASPECTUAL_VERBS or verb_lemma in DELAY_VERBS and timex.root.head.lower_ not in _DESTINATION_PREPS:
        verb = _controller(trigger)
        out += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and is_event_noun(c)]
    if (trigger.tag_ == "VBN" and trigger.dep_ == "acl" and is_event_noun(trigger.head)
            and (lemma_of(trigger) not in SAYING_LEMMAS or trigger.head.lemma_.lower() in TELLING_NOUNS)):
        out.append(trigger.head)
    return out + [a for t in (trigger, *out) if not _verbal(t) for a in t.children
                  if a.dep_ == "appos" and a.pos_ == "PROPN"]


# Words that put an adverbial clause at another time than the verb it modifies: "later revealing".
_SEQUENCE_WORDS = {"later", "earlier", "then", "afterwards", "subsequently", "previously", "before", "after",
                   "since", "until", "once"}


def simultaneous_clauses(trigger: Token, timex: Span) -> list[Token]:
    """The "when" clauses that happen at the time of a verb (its adverbial clause) or of the date
    itself (a relative clause on it: "on Monday, when a magazine cited them")."""
    heads = [*([trigger] if trigger.pos_ in ("VERB", "AUX") else []), *timex]
    return [c for h in heads for c in h.children if _simultaneous_clause(c) and c.i not in range(timex.start, timex.end)]


def _simultaneous_clause(clause: Token) -> bool:
    """A "when" clause happens when the verb it modifies does ("became public this weekend, when a
    magazine cited documents"), unless a word of sequence moves it ("when ... later")."""
    if clause.dep_ not in ("advcl", "relcl") or clause.pos_ not in ("VERB", "AUX"):
        return False
    words = {c.lower_ for c in clause.children if c.dep_ in ("advmod", "mark", "prep")}
    return "when" in words and not words & _SEQUENCE_WORDS


def _ahead(timex: Timex, anchor: date) -> bool:
    """Whether a timex lies after the publication date: "next month", "over the next four years"."""
    if timex.range_start is not None:
        return timex.range_start > anchor
    return timex.value == "FUTURE_REF" or bool(re.match(r"(?i)the\s+(?:next|coming)\b", timex.text))


def _behind(timex: Timex, anchor: date) -> bool:
    """Whether a timex ends before the publication date: "in 2008", "last week"."""
    return timex.range_end is not None and timex.range_end < anchor


def _event_object(verb: Token) -> Token | None:
    """The event noun a verb takes as its object: "announced job cuts", "to describe her defeat"."""
    return next((c for c in verb.children if c.dep_ == "dobj" and is_event_noun(c)), None)


def _future_complement(verb: Token) -> Token | None:
    """What a past verb announced for later: "announced 10,000 job cuts over the next four years"."""
    found = _event_object(verb)
    if found is not None:
        return found
    return next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")
                 and clause_tense(c) == FUTURE), None)


def noun_conjuncts(noun: Token) -> list[Token]:
    """The event nouns coordinated before an event noun, which a date after the last one dates too
    ("their work and dedication over the years"; a date before it is its own: "the primary and the
    November election"). The parser sometimes hangs the second noun on the
    verb ("thank them for their work and dedication"): a noun it coordinates with a verb is coordinated
    with the noun just before the conjunction."""
    if noun.pos_ != "NOUN" or noun.dep_ != "conj":
        return []
    if noun.head.pos_ in ("NOUN", "PROPN"):
        return [c for c in noun.conjuncts if c.i < noun.i and c.pos_ == "NOUN" and is_event_noun(c)]
    doc = noun.doc
    cc = noun.left_edge.i - 1
    if noun.head.pos_ not in ("VERB", "AUX") or cc < 1 or doc[cc].dep_ != "cc" or doc[cc].lower_ not in ("and", "or"):
        return []
    before = doc[cc - 1]
    return [before] if before.pos_ == "NOUN" and is_event_noun(before) else []


def conjoined_verbs(verb: Token) -> list[Token]:
    """Verbs coordinated with ``verb``: a fronted "In April, X obtained and published it" dates them all."""
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    return [c for c in verb.conjuncts if c.pos_ == "VERB" and c.i > verb.i]


def event_tense(trigger: Token, timex: Timex | None, anchor: date) -> str:
    """Tense of the trigger's clause, unless its date says otherwise: an event noun is where its date
    lies ("want no repeat of the 1980 convention": past); a verb dated wholly before publication is past
    whatever its clause ("recall McCain damaging his name in 2000", "prepared to speak on Tuesday"), and a
    present verb dated wholly after it is future ("the fair opens next week"). A past verb with a later
    date keeps its tense: the scheduling was past ("the vote was scheduled for next week"); so does a
    present copula with an earlier date, a relation that holds now ("is a change from last spring")."""
    verb = trigger if _verbal(trigger) else governing_verb(trigger)
    tense = clause_tense(verb) if verb is not None else PRESENT
    if timex is None or timex.range_start is None:
        return tense
    if timex.range_end < anchor and not (verb is trigger and trigger.lemma_ == "be" and tense == PRESENT):
        return PAST
    if timex.range_start > anchor and (tense == PRESENT or verb is not trigger):
        return FUTURE
    return tense


def _nested(timex: Timex, timexes: Sequence[Timex]) -> bool:
    """Whether ``timex`` lies inside a longer one ("2009" in "from 2009 to 2011"): the outer one links the event."""
    return any(o.start_char <= timex.start_char and timex.end_char <= o.end_char and o != timex for o in timexes)


def is_calendar(timex: Timex) -> bool:
    """Whether a timex names a calendar date or time an event can take: not a duration, a set,
    a reference (PRESENT_REF) or an unresolved placeholder."""
    return timex.timex_type in ("DATE", "TIME") and bool(CALENDAR_VALUE.match(timex.value))


def _merge(events: list[Event]) -> list[Event]:
    """One event per trigger: the most precise calendar date linked to it dates it ("Tuesday at
    18:00 UTC" is the time), the nearest in the text on a tie, and the nearest duration measures it;
    a trigger with only a duration keeps the publication date."""
    by_trigger: dict[tuple[int, int], list[Event]] = {}
    for e in events:
        by_trigger.setdefault((e.start_char, e.end_char), []).append(e)
    out = []
    for group in by_trigger.values():
        dated = [e for e in group if e.date_source == "explicit"]
        measured = [e for e in group if e.duration_value is not None]
        nearest = lambda es: min(es, key=lambda e: e.distance)
        base = min(dated, key=lambda e: (-len(e.date_value), e.distance)) if dated else nearest(measured)
        if measured and base.duration_value is None:
            m = nearest(measured)
            base = replace(base, duration_value=m.duration_value, duration_timex_index=m.duration_timex_index)
        out.append(Event(**{f.name: getattr(base, f.name) for f in fields(Event)}))
    return sorted(out, key=lambda e: e.start_char)


# A date that is the baseline of a comparison: "fell 16% from a year earlier", "compared with the same
# month last year", "higher than in 2007", "more than last year". The change happened now, not then.
_BASELINE = re.compile(r"(?i:(?:(?:[0-9]%?|%|\bpercent|\bpoints?|\bcents?)\s+from"
                       r"|\bcompared\s+(?:with|to)|\bversus|\bvs\.?|\bthan)\s+(?:(?:in|on|at|the|that|of)\s+)?)$")
# "more than 30 years ago", "less than a week earlier": the amount is the distance, no comparison.
_AMOUNT_THAN = re.compile(r"(?i:\b(?:more|less|fewer|no\s+more|no\s+less)\s+than\s+)$")
_AMOUNT = re.compile(r"(?i:[0-9]|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several|half)\b)")


def is_baseline(text: str, sentence_start: int, timex: Timex) -> bool:
    """Whether ``timex`` is the time a change is measured against, which dates no event of its clause
    (a calendar date: "for more than a week" measures)."""
    before = text[max(sentence_start, timex.start_char - 40):timex.start_char]
    if not is_calendar(timex) or not _BASELINE.search(before):
        return False
    return not (_AMOUNT_THAN.search(before) and _AMOUNT.match(timex.text))


class EventExtractor:
    """Attaches each temporal expression to the event it dates (a calendar date) or measures (a duration)."""

    def __call__(self, parse: ArticleParse, published_at: datetime, timexes: Sequence[Timex]) -> list[Event]:
        located = [(i, t, parse.sentence_index(t.start_char)) for i, t in enumerate(timexes)
                   if (is_calendar(t) or t.timex_type == "DURATION") and not _nested(t, timexes)]
        parse.parse((s for _, _, s in located if s is not None), entities=False)
        anchor = published_at.date()
        events: list[Event] = []
        for i, timex, s in located:
            if s is not None:
                events.extend(self._events(parse, s, i, timex, anchor, timexes))
        return _merge(events)

    @staticmethod
    def _events(parse: ArticleParse, s: int, index: int, timex: Timex, anchor: date,
                timexes: Sequence[Timex]) -> list[Event]:
        sent = parse.syntax(s)
        span = sent.span(timex.start_char, min(timex.end_char, parse.sentences[s][1]))
        if span is None or not len(span):
            return []
        trigger = find_trigger(span.root, range(span.start, span.end), timex.timex_type == "DURATION")
        if trigger is None:
            return []
        if trigger.pos_ == "VERB" and _ahead(timex, anchor) and clause_tense(trigger) == PAST:
            trigger = _future_complement(trigger) or trigger
        elif trigger.pos_ == "VERB" and _behind(timex, anchor) and clause_tense(trigger) == FUTURE:
            trigger = _event_object(trigger) or trigger  # "will recall his defeat in 2008": the defeat
        sentence = parse.text[slice(*parse.sentences[s])]
        tense = event_tense(trigger, timex, anchor)
        fronted = conjoined_verbs(trigger) if sent.end(span[-1]) <= sent.start(trigger) else []
        # A clause with a date of its own keeps it: "became law in 2019, when the council voted on March 3".
        clauses = [c for c in (simultaneous_clauses(trigger, span) if is_calendar(timex) else [])
                   if not any(sent.start(c.left_edge) <= t.start_char < sent.end(c.right_edge) for t in timexes)]
        triggers = [trigger, *light_verb_objects(trigger), *fronted, *companion_events(trigger, span), *clauses,
                    *(noun_conjuncts(trigger) if sent.start(span[0]) > sent.start(trigger) else [])]
        if is_baseline(parse.text, parse.sentences[s][0], timex):  # only what the date's own clause says
            triggers = [tok for tok in clauses if any(t.is_ancestor(tok) for t in span)]
        quote = quotation(parse.text, *parse.sentences[s], timex.start_char)
        if quote is not None and not quote[0] <= sent.start(trigger) < quote[1] and lemma_of(trigger) in SAYING_LEMMAS:
            # a quoted date dates what the quotation says, not its saying ("'By May,' she said"); words
            # quoted inside a clause are its own ("she flies 'home to Ohio tomorrow'")
            triggers = [tok for tok in triggers if quote[0] <= sent.start(tok) < quote[1]]
        if any(place_candidates(tok) for tok in triggers):
            parse.parse([s])  # named entities, set on this sentence's doc in place

        measure = timex.timex_type == "DURATION"

        def event(tok: Token) -> Event:
            actors, targets = participants(tok)
            start = sent.start(tok)
            dating = (dict(timex_index=None, date_value=anchor.isoformat(), date_start=anchor, date_end=anchor,
                           date_source="publication", duration_value=timex.value, duration_timex_index=index)
                      if measure else
                      dict(timex_index=index, date_value=timex.value, date_start=timex.range_start,
                           date_end=timex.range_end, date_source="explicit"))
            return _Linked(
                start_char=start, end_char=sent.end(tok), trigger=tok.text,
                lemma=lemma(tok), sentence=sentence, actors=actors, targets=targets,
                location=location(tok) or location(trigger), tense=tense, **dating,
                distance=min(abs(start - timex.end_char), abs(timex.start_char - sent.end(tok))),
            )

        return [event(tok) for tok in triggers]
