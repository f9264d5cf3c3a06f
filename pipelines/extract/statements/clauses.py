"""Attribution clauses in one parsed sentence: the cue, its speaker and what was said.

A cue is a reporting verb (or "according to", or "in a statement" on a verb
that is not itself a reporting verb) that has a speaker and some content.
Content is, in order of preference: quotations standing right next to the
attribution (``"...," the embassy said`` / ``X said: "..."``, both sides when
the attribution splits a quote); the verb's clausal complement or, for verbs
such as "announce", its object; the clause a parenthetical attribution hangs
on (``The buildup, he said, was ...``); or the content of the reporting verb it
depends on (``quoted Djamal as saying``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from pipelines.extract.nlp import ParsedSentence

from .cue_frames import learned_content
from .cues import COLON_LEAD
from .lexicon import (
    FRAME_ONLY_LEMMAS, NAMING_LEMMAS, PREPOSITION_FRAMES, QUESTION_LEMMAS, REPORTING_LEMMAS, SOURCE, SOURCE_LEMMAS, SOURCE_NOUNS, SPEECH, STANCE_LEMMAS, THOUGHT, lemma_of, noun_class,
    takes_infinitive, takes_object, verb_class,
)
from .quotes import Quote, is_name_or_title
from .speakers import DOCUMENT_NOUNS, MEDIA_NOUNS, ORG_NOUNS, Mention, is_person_noun, mention_of
from .subjects import subject_by_rules

DIRECT, INDIRECT, MIXED = "direct", "indirect", "mixed"
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acomp"})
_PARENTHETICAL_DEPS = frozenset({"parataxis", "advcl", "ccomp"})
_ATTRIBUTION_DEPS = frozenset({"aux", "auxpass", "advmod", "neg", "npadvmod", "prep", "dative", "agent"})
_GAP_CHARS = re.compile(r"^[\s\"“”„«»'’,.:;!?—–-]*$")
_SENTENCE_STOP = re.compile(r"[.!?]")
# First word of a clause before a quotation that does not open it ("Stocks were "low," said ...").
_CLAUSE_LEAD = re.compile(r"\w")
_CLOSING_MARK = re.compile(r"[,.!?]*(?:[\"”»]|'')")
_OPENING_TOKENS = frozenset({'"', "“", "«", "``", "''"})
_CLOSING_TOKENS = frozenset({'"', "”", "»", "''"})
_WARN_PREPOSITIONS = frozenset({"of", "against", "about"})
_REASON_PREPOSITIONS = frozenset({"for", "of", "as", "over"})
_MARKS = frozenset({"that", "whether", "if"})
_QUESTION_MARKS = frozenset({"whether", "if"})
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
_EDGE_PUNCT = " \t\n,;:—–-"
_RELATIVE = frozenset({"who", "which", "that"})
# Object pronouns that stand for what or whom the sentence names: content of their own.
_OBJECT_PRONOUNS = frozenset({"which", "whom", "him", "her", "them", "us", "me"})
# Participles ("starring", "titled") do not frame a quote; a verb with an object or clause of its own
# says something else.
_PARTICIPLES = frozenset({"VBG", "VBN"})
_CLAUSE_OBJECTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"})
_COUNT_DEPS = frozenset({"nummod", "npadvmod", "quantmod"})
_NOT_PEOPLE_COUNTS = frozenset({"DATE", "TIME", "MONEY"})
_WORDS = re.compile(r"\w+")
_NOUN_MODIFIERS = frozenset({"det", "poss", "amod", "compound", "nummod"})
_NEXT_WORDS = re.compile(r"\s*")
# Between a quotation that closed the sentence before and its attribution: closing marks and spaces only.
_CLOSING_GAP = re.compile(r"[\s\"”»'’]*")
# The end of the sentence after a colon: a stop (with its closing mark), or the paragraph's end.
_NEXT_SENTENCE_END = re.compile(r".*?(?:[.!?][\"”’]?(?=\s|$)|(?=\n)|$)")


@dataclass(frozen=True)
class Content:
    start: int
    end: int
    quote_type: str


@dataclass(frozen=True)
class Attribution:
    """A cue found in a sentence, with its speaker mention and what was said."""

    cue_start: int
    cue_end: int
    mention: Mention
    contents: tuple[Content, ...]
    cue_class: str
    in_quote: bool = False


def _verb_of(tok: Token) -> Token:
    """The verb a preposition or particle hangs on."""
    while tok.dep_ in {"prep", "agent"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of two ("MACAU (Reuters) – Adelson said"), the one nearest the verb: a
    dateline before it is no speaker. A count of people the parser hung on the verb as a modifier
    ("4 in 10 say ...") is its subject."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    before = [c for c in subjects if c.i < verb.i]
    if not subjects:
        before = [c for c in verb.children if c.i < verb.i and c.dep_ in _COUNT_DEPS and c.pos_ == "NUM"
                  and c.ent_type_ not in _NOT_PEOPLE_COUNTS]
    return before[-1] if before else (subjects[0] if subjects else None)


def speaker_token(cue: Token) -> Token | None:
    """The head of the speaker phrase: the cue's subject, or that of the verb it depends on."""
    tok = cue
    for _ in range(5):
        subject = _nearest_subject(tok)
        if subject is None:
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subject is None and tok is cue:
            subject = subject_by_rules(cue)
        if subject is not None:
            if subject.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head
            return subject if subject.pos_ != "PRON" or subject.lower_ not in {"there", "this", "that"} else None
        if tok.dep_ in {"acl", "relcl"} and tok.head.pos_ in {"NOUN", "PROPN"}:
            if lemma_of(tok.head) not in SOURCE_NOUNS:  # "reports stating" vs "a letter stating"
                return tok.head
            tok = _verb_of(tok.head.head) if tok.head.dep_ == "pobj" else tok.head
            continue
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as":
            obj = next((c for c in _verb_of(tok.head).children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if tok.dep_ not in _CLIMB_DEPS or tok.head.i == tok.i:
            return None
        tok = _verb_of(tok.head)
    return None


def _span(sent: ParsedSentence, tokens: list[Token]) -> tuple[int, int] | None:
    tokens = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while tokens and (tokens[0].is_punct and tokens[0].text not in _OPENING_TOKENS or tokens[0].lower_ in _MARKS):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text not in _CLOSING_TOKENS:
        tokens.pop()
    if not tokens:
        return None
    return sent.start(tokens[0]), sent.end(tokens[-1])


def _quoted(tok: Token, quotes: list[Quote], sent: ParsedSentence) -> bool:
    return any(q.overlaps(sent.start(tok.left_edge), sent.end(tok.right_edge)) for q in quotes)


def _clausal_complement(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "said that ...", "wants to run": the clause, or an infinitive where the verb takes one.
    ("called to complain" is a phone call: "call" takes a clause only when it is quoted.)"""
    lemma = lemma_of(cue)
    for child in cue.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and takes_infinitive(lemma) and not _bare_speech(child)):
            return list(child.subtree)
    return None


def _question(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "asked the minister whether the bridge was safe": a verb of asking reports the question its
    "whether"/"if" clause puts, which the parser may hang on it as an adverbial clause."""
    if lemma_of(cue) not in QUESTION_LEMMAS:
        return None
    for child in cue.children:
        if child.dep_ in {"advcl", "ccomp"} and any(m.dep_ == "mark" and m.lower_ in _QUESTION_MARKS
                                                    for m in child.children):
            return list(child.subtree)
    return None


def _bare_speech(verb: Token) -> bool:
    """ "declined to comment", "refused to say": an infinitive of speaking with nothing said."""
    return lemma_of(verb) in REPORTING_LEMMAS and all(c.dep_ in {"aux", "neg", "advmod"} for c in verb.children)


def _parataxis(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "He said, we will win": a clause set beside the verb, after it."""
    return next((list(c.subtree) for c in cue.children if c.dep_ == "parataxis" and c.i > cue.i), None)


def _clause_of_source_noun(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "announced in a memo that ...": the clause hangs on the memo."""
    for child in cue.children:
        source = next((c for c in child.children if c.dep_ == "pobj"), None) if child.dep_ == "prep" else None
        if source is not None and lemma_of(source) in SOURCE_NOUNS:
            clause = next((c for c in source.children if c.dep_ in {"relcl", "acl", "ccomp"}
                           and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
            if clause is not None:
                return list(clause.subtree)
    return None


def _preposition_frame(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "called for a ceasefire", "pointed to the deficit", "talked about taxes": the object of the
    preposition the verb reports through (``PREPOSITION_FRAMES``), never a date ("called on June 18");
    or the clause that preposition opens ("called for the city to act")."""
    preps = PREPOSITION_FRAMES.get(lemma_of(cue))
    if not preps:
        return None
    for child in cue.children:
        if child.dep_ in {"advcl", "ccomp", "xcomp"} and any(m.dep_ == "mark" and m.lower_ in preps and m.i < child.i
                                                             for m in child.children):
            return list(child.subtree)
        if (child.dep_ in {"prep", "prt"} and child.lower_ in preps
                and not any(t.ent_type_ in {"DATE", "TIME"} for t in child.children)):
            tokens = [t for t in child.subtree if t.i != child.i]
            if tokens:
                return tokens
    return None


def _warn_of(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "warned of a shortage", "warned against cuts if ..."."""
    if lemma_of(cue) != "warn":
        return None
    children = list(cue.children)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in _WARN_PREPOSITIONS:
            after = [t for c in children if c.dep_ == "advcl" and c.i > child.i for t in c.subtree]
            return [t for t in child.subtree if t.i != child.i] + after
    return None


def _reasons(cue: Token, after: Token) -> list[Token]:
    """ "accused him of lying", "praised her for ...": what the judgement is for."""
    return [t for c in cue.children if c.dep_ == "prep" and c.i > after.i and c.lower_ in _REASON_PREPOSITIONS
            for t in c.subtree]


def _judgement(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "blamed drought for the shortfall", "praised the plan as "bold"": the object with its reason,
    or a quoted object."""
    if lemma_of(cue) not in STANCE_LEMMAS or _medium(cue) is not None:  # "in a briefing, blamed ...": the
        return None                                                          # briefing is the cue
    for child in cue.children:
        if child.dep_ == "dobj":
            return list(child.subtree) + _reasons(cue, child)
    return None


def _bare_judgement(cue: Token) -> bool:
    """ "applauded the airline", "rejected the offer": a speech act of judgement with its object but no
    reason is an act, even when it was done in a speech or a statement."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    return lemma_of(cue) in STANCE_LEMMAS and obj is not None and not _reasons(cue, obj)


def _object_predicate(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "called the plan a disaster", "called the tax unfair": a verb of saying with an object and what it
    is called is a judgement, quoted or not (a bare "called a meeting" is not)."""
    if lemma_of(cue) not in NAMING_LEMMAS:
        return None
    predicate = next((c for c in cue.children if c.dep_ == "oprd"), None)
    if predicate is None:
        return None
    return [t for c in cue.children if c.dep_ == "dobj" for t in c.subtree] + list(predicate.subtree)


def _document_finding(cue: Token) -> bool:
    """ "the survey found the mayor ahead": a verb of finding whose subject is a document or a study
    reports its object; a person who "found the keys" does not."""
    subject = _nearest_subject(cue)
    return lemma_of(cue) in SOURCE_LEMMAS and subject is not None and lemma_of(subject) in DOCUMENT_NOUNS


def _direct_object(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "denied the claim", "backs the bill"; "call" only with a quoted object ("called it "a farce"")."""
    lemma = lemma_of(cue)
    if not takes_object(lemma) and not _document_finding(cue):
        return None
    for child in cue.children:
        if child.dep_ in {"dobj", "oprd"} and (lemma != "call" or _quoted(child, quotes, sent)):
            return list(child.subtree) + _reasons(cue, child)
    if lemma == "call":
        target = next((c for c in cue.children if c.dep_ in {"xcomp", "ccomp"} and _quoted(c, quotes, sent)), None)
        return list(target.subtree) if target is not None else None
    return None


def _passive_subject(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "The meeting was first reported by Politico", "pigs are considered unclean by ...": with the
    speaker as the agent, what was reported is the passive subject (with its complement)."""
    if not any(c.dep_ == "agent" for c in cue.children):
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass" and c.lower_ not in _RELATIVE), None)
    if subject is None:
        return None
    return list(subject.subtree) + [t for c in cue.children if c.dep_ in {"oprd", "acomp"} for t in c.subtree]


def _learned_frame(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """ "championed the bill": the content of a frame in which a verb outside the hand lists was found to
    attribute (``cue_frames``)."""
    return learned_content(cue)


# What a cue reports, from its own dependents: the first rule that finds something wins.
CONTENT_RULES = (_clausal_complement, _question, _parataxis, _clause_of_source_noun, _warn_of, _preposition_frame,
                 _judgement, _object_predicate, _direct_object, _passive_subject, _learned_frame)


def _frame_only(cue: Token) -> bool:
    """Whether the verb reports only through its preposition ("pointed to the deficit"); built into a
    phrasal verb with that word as its particle ("pointed out that ...") it reports like any verb."""
    lemma = lemma_of(cue)
    return lemma in FRAME_ONLY_LEMMAS and not any(c.dep_ == "prt" and c.lower_ in PREPOSITION_FRAMES[lemma]
                                                  for c in cue.children)


def _content_child(cue: Token, quotes: list[Quote], sent: ParsedSentence) -> list[Token] | None:
    """Tokens of what the cue reports, by the first of ``CONTENT_RULES`` that applies (only the
    preposition for a verb that reports through nothing else)."""
    for rule in (_preposition_frame,) if _frame_only(cue) else CONTENT_RULES:
        tokens = rule(cue, quotes, sent)
        if tokens:
            return tokens
    return None


def _attribution_chars(sent: ParsedSentence, cue: Token, mention: Mention) -> list[tuple[int, int]]:
    """Character ranges that belong to the attribution clause itself."""
    ranges = [(mention.start, mention.end), (sent.start(cue), sent.end(cue))]
    for child in cue.children:
        if child.dep_ in _ATTRIBUTION_DEPS:
            ranges.append((sent.start(child.left_edge), sent.end(child.right_edge)))
        if child.dep_ == "dobj" and lemma_of(cue) == "tell":
            ranges.append((sent.start(child.left_edge), sent.end(child.right_edge)))
    return ranges


def _only_attribution(text: str, start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    chars = list(text[start:end])
    for a, b in ranges:
        for k in range(max(a, start), min(b, end)):
            chars[k - start] = " "
    return _GAP_CHARS.match("".join(chars)) is not None


def _adjacent_quotes(
    text: str, sent: ParsedSentence, cue: Token, mention: Mention, quotes: list[Quote], sentence_end: int,
    full_stop: bool = False,
) -> list[Quote]:
    """Quotations that the attribution clause directly follows or introduces. A quotation closing with a
    full stop stands alone unless ``full_stop`` (asked only when the cue has no other content: "...
    missing." Trump said.)."""
    ranges = _attribution_chars(sent, cue, mention)
    clause_start = min(a for a, _ in ranges)
    clause_end = max(b for _, b in ranges)
    found = []
    for q in quotes:
        if q.end <= clause_start and (q.end >= sent.offset - 2 or _CLOSING_GAP.fullmatch(text, q.end, sent.offset)):
            # "...," he said / "...?" she asked
            if (_only_attribution(text, q.end, clause_start, ranges) and q.closed
                    and (full_stop or not text[q.start:q.end].endswith(".")) and "\n" not in text[q.end:clause_start]):
                found.append(q)
        elif clause_end <= q.start < sentence_end + 2 and not _SENTENCE_STOP.search(text, clause_end, q.start):
            if _only_attribution(text, clause_end, q.start, ranges):
                found.append(q)
    # The nearest quote on each side only.
    before = [q for q in found if q.end <= clause_start][-1:]
    after = [q for q in found if q.start >= clause_end][:1]
    return before + after


def _within_paragraph(text: str, start: int, end: int, cue: int, quotes: list[Quote]) -> tuple[int, int]:
    """Reported content stays in the cue's paragraph unless quotation marks carry it over a break."""
    for k in range(start, end):
        if text[k] == "\n" and not any(q.closed and q.start <= k < q.end for q in quotes):
            if k > cue:
                return start, k
            start = k + 1
    return start, end


def _classify(text: str, start: int, end: int, quotes: list[Quote]) -> Content:
    inside = [q for q in quotes if q.overlaps(start, end) and not is_name_or_title(text, q)]
    for q in inside:
        if q.start - 1 <= start and q.end + 1 >= end:
            return Content(q.start, q.end, DIRECT)
    for q in inside:  # never cut a quotation: run to its closing mark
        close = _CLOSING_MARK.match(text, q.end) if q.closed and q.start < end <= q.end + 1 else None
        if close:
            end = close.end()
    return Content(start, end, MIXED if inside else INDIRECT)


def _parenthetical_content(sent: ParsedSentence, cue: Token) -> list[Token] | None:
    """ "The buildup, he said, was ...": the clause a parenthetical attribution hangs on, without the
    attribution; a report in that clause ("Later, she said, the council told her ...") is part of it."""
    head = cue.head
    own_subject = any(c.dep_ in _SUBJECT_DEPS and c.lower_ not in _RELATIVE for c in cue.children)
    if cue.dep_ == "relcl" and own_subject and cue.left_edge.i > 0 and sent.doc[cue.left_edge.i - 1].text == ",":
        head = sent.doc[cue.i].sent.root  # "..., the Ledger reported" misread as a relative clause
    elif cue.dep_ not in _PARENTHETICAL_DEPS or head.i == cue.i or head.pos_ not in {"VERB", "AUX"}:
        return None
    if lemma_of(head) in REPORTING_LEMMAS and not (cue.dep_ == "parataxis" and own_subject):
        return None  # "Lee told her, he said, that ...": only a parenthetical with its own subject
    if cue.dep_ == "ccomp" and not (cue.i > head.i and cue.left_edge.i > 0 and sent.doc[cue.left_edge.i - 1].text == ","):
        return None
    own = {t.i for t in cue.subtree}
    according = {t.i for t in head.children if t.lower_ == "according" for t in t.subtree}
    return [t for t in head.subtree if t.i not in own and t.i not in according]


def _medium(verb: Token) -> Token | None:
    """The source noun of an "in a statement" phrase on the verb."""
    for prep in verb.children:
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep.lower_ == "in" else None
        if noun is not None and lemma_of(noun) in SOURCE_NOUNS:
            return noun
    return None


def _verb_cue_class(verb: Token) -> str:
    """The verb's class, or that of the medium it names ("said in a statement" is writing); a verb with
    a learned frame only (``cue_frames``) attributes a stance or an act: thought."""
    medium = _medium(verb)
    if medium is not None:
        return noun_class(medium.lemma_)
    return THOUGHT if learned_content(verb) is not None else verb_class(lemma_of(verb))


def _unanswered(tok: Token) -> bool:
    """ "did not say whether he would run", "would not say when": a negated verb of saying whose content
    is a question left open reports nothing. "did not mention the deficit", "has not commented on the
    report" are attributions (of what was left unsaid), and a negated attitude is an attitude."""
    if _verb_cue_class(tok) == THOUGHT or not any(c.dep_ == "neg" for c in tok.children):
        return False
    return any(c.tag_ in _WH_TAGS or (c.dep_ in {"ccomp", "advcl"} and (
        c.left_edge.tag_ in _WH_TAGS or c.left_edge.lower_ in _QUESTION_MARKS)) for c in tok.children)


def inside_a_report(tok: Token) -> bool:
    """Whether the verb is part of what a reporting verb it depends on reports ("said she hopes")."""
    while tok.dep_ in {"ccomp", "xcomp", "conj"} and tok.head.i != tok.i:
        tok = tok.head
        if lemma_of(tok) in REPORTING_LEMMAS and tok.pos_ in {"VERB", "AUX"}:
            return True
    return False


def _attitude_inside_a_report(tok: Token) -> bool:
    """ "She said she hopes ...": the attitude is part of what was said, not an attribution of its own."""
    return _verb_cue_class(tok) == THOUGHT and inside_a_report(tok)


def passive_participle(tok: Token) -> bool:
    """ "Asked about the vote, Lee said ...": Lee is the one asked, not the asker."""
    return tok.tag_ == "VBN" and tok.dep_ in {"advcl", "acl"} and not any(
        c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in tok.children)


def passive_without_agent(tok: Token) -> bool:
    """ "Lee is expected to win", "the plan was widely criticized": a passive report that names no agent
    does not say who holds the view; its subject is what is reported on (or to), not who reports."""
    children = list(tok.children)
    return any(c.dep_ == "auxpass" for c in children) and not any(c.dep_ == "agent" for c in children)


# A reporting verb is no cue when one of these holds.
NOT_A_CUE = (_unanswered, _attitude_inside_a_report, passive_participle, passive_without_agent)


def _verbal(tok: Token) -> bool:
    """A verb, or a form the tagger took for a noun that the parse uses as a verb: it has a subject and
    no determiner or modifier of a noun ("the survey shows", "voters support")."""
    if tok.pos_ in {"VERB", "AUX"}:
        return True
    children = list(tok.children)
    return (tok.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in children)
            and not any(c.dep_ in _NOUN_MODIFIERS for c in children))


def _second_cue(cue: Token) -> bool:
    """ "Lee said, adding that ...", "..., referring to the vote": a participle or conjunct after the
    reporting verb it hangs on reports what its own dependents say."""
    governor = _verb_of(cue.head)
    return (cue.dep_ in {"advcl", "conj"} and governor.i < cue.i and lemma_of(governor) in REPORTING_LEMMAS
            and governor.pos_ in {"VERB", "AUX"})


def _is_source(tok: Token) -> bool:
    """A word that can name who is cited: never a mark or white space the tagger took for a noun."""
    if not any(ch.isalnum() for ch in tok.text):
        return False
    lower = tok.lower_
    return tok.pos_ in {"PROPN", "PRON", "NOUN"} or lower in ORG_NOUNS or lower in MEDIA_NOUNS or is_person_noun(lower)


def _first_cue_per_content(found: list[tuple[Token, Attribution]]) -> list[Attribution]:
    """ "declined to comment", "Speaking to reporters, Lee said ...": of two cues with one speaker and one
    content, the verb the other depends on (the one nearer the root) is the attribution."""
    seen: set[tuple] = set()
    kept = []
    for _, attribution in sorted(found, key=lambda pair: (sum(1 for _ in pair[0].ancestors), pair[0].i)):
        key = (attribution.mention.start, attribution.contents)
        if key not in seen:
            seen.add(key)
            kept.append(attribution)
    return sorted(kept, key=lambda a: a.cue_start)


class SentenceAttributions:
    """Finds the attributions of one parsed sentence."""

    def __init__(self, text: str, sent: ParsedSentence, quotes: list[Quote], sentence_end: int):
        self.text = text
        self.sent = sent
        self.quotes = quotes
        self.sentence_end = sentence_end
        self._cache: dict[int, tuple[Content, ...]] = {}
        self._has_quote = any(q.overlaps(sent.offset - 3, sentence_end + 3) for q in quotes)

    def _inside_quote(self, tok: Token) -> bool:
        char = self.sent.start(tok)
        return any(q.contains(char) and q.closed for q in self.quotes)

    def _contents(self, cue: Token, mention: Mention, depth: int = 0) -> tuple[Content, ...]:
        """What the cue reports, by the first of its content rules that finds something, in order: the
        quotations next to the attribution, the cue's own dependents, the sentence a closing colon
        introduces, a quotation closed by a full stop just before, and the content of the reporting
        verb the cue depends on ("declined to say" reports through "declined")."""
        if cue.i not in self._cache:
            rules = (self._next_to_quotes, self._from_dependents, self._after_colon, self._before_full_stop)
            if _second_cue(cue):  # "“...,” Lee said, referring to the vote": the quote is the first cue's
                rules = (self._from_dependents, *rules)
            contents: tuple[Content, ...] = ()
            for rule in rules:
                contents = rule(cue, mention)
                if contents:
                    break
            self._cache[cue.i] = contents or self._through_governor(cue, depth)
        return self._cache[cue.i]

    def _next_to_quotes(self, cue: Token, mention: Mention) -> tuple[Content, ...]:
        """ "“...,” the embassy said" / "X said: “...”": the quotations the attribution stands beside."""
        clause_start = min(mention.start, self.sent.start(cue))
        return tuple(self._quoted(q, self.sent) if q.end <= clause_start else Content(q.start, q.end, DIRECT)
                     for q in _adjacent_quotes(self.text, self.sent, cue, mention, self.quotes, self.sentence_end))

    def _from_dependents(self, cue: Token, mention: Mention) -> tuple[Content, ...]:
        """The cue's complement (``CONTENT_RULES``), or the clause a parenthetical cue hangs on."""
        sent = self.sent
        tokens = _content_child(cue, self.quotes, sent)
        if not tokens and not _frame_only(cue):
            tokens = _parenthetical_content(sent, cue)
        span = _span(sent, tokens) if tokens else None
        if span is None:
            return ()
        return (_classify(self.text, *_within_paragraph(self.text, *span, sent.start(cue), self.quotes), self.quotes),)

    def _before_full_stop(self, cue: Token, mention: Mention) -> tuple[Content, ...]:
        """ "“... missing.” Trump said.": a quotation closed by a full stop, for a cue with nothing else."""
        clause_start = min(mention.start, self.sent.start(cue))
        return tuple(self._quoted(q, self.sent) for q in _adjacent_quotes(
            self.text, self.sent, cue, mention, self.quotes, self.sentence_end, full_stop=True) if q.end <= clause_start)

    def _through_governor(self, cue: Token, depth: int) -> tuple[Content, ...]:
        """The content of the reporting verb the cue depends on ("quoted Djamal as saying")."""
        if depth >= 3 or cue.dep_ not in _CLIMB_DEPS:
            return ()
        governor = _verb_of(cue.head)
        if lemma_of(governor) not in REPORTING_LEMMAS or governor.i == cue.i:
            return ()
        speaker = speaker_token(governor)
        if speaker is None:
            return ()
        return self._contents(governor, mention_of(self.sent, speaker, skip=governor), depth + 1)

    def _after_colon(self, cue: Token, mention: Mention) -> tuple[Content, ...]:
        """ "Cruz continued:" (or "went on to say:") closing its sentence: what was said is the quotation
        or the sentence that follows (in the next paragraph too, the wire style for a long quote)."""
        words = [t for t in self.sent.doc if not t.is_space]
        colon = words[-1] if words else None
        if colon is None or colon.text != ":" or colon.i < cue.i or colon.head.i not in (cue.i, _verb_of(cue).head.i
                                                                                        if cue.dep_ == "xcomp" else cue.i):
            return ()
        start = _NEXT_WORDS.match(self.text, self.sentence_end).end()
        quote = next((q for q in self.quotes if start <= q.start <= start + 1), None)
        if quote is not None:
            return (Content(quote.start, quote.end, DIRECT),)
        end = _NEXT_SENTENCE_END.search(self.text, start)
        return (Content(start, end.end(), INDIRECT),) if end and end.end() > start else ()

    def _quoted(self, q: Quote, sent: ParsedSentence) -> Content:
        """A quote next to its attribution: direct, or mixed when words of the clause precede it in the
        quote's paragraph (a line break ends the clause even where the sentence splitter ran on)."""
        paragraph = max(sent.offset, self.text.rfind("\n", sent.offset, q.start) + 1)
        lead = _CLAUSE_LEAD.search(self.text, paragraph, max(paragraph, q.start - 1))
        if lead is None or q.start < sent.offset:
            return Content(q.start, q.end, DIRECT)
        close = _CLOSING_MARK.match(self.text, q.end) if q.closed else None
        return Content(lead.start(), close.end() if close else q.end, MIXED)

    def _verb_cues(self) -> list[tuple[Token, Attribution]]:
        found = []
        for tok in self.sent.doc:
            known = lemma_of(tok) in REPORTING_LEMMAS or learned_content(tok) is not None
            if not known and not self._frames_a_quote(tok):
                continue
            if not _verbal(tok) or any(r(tok) for r in NOT_A_CUE):
                continue
            head = speaker_token(tok) if known else _nearest_subject(tok)
            if head is None:
                continue
            mention = mention_of(self.sent, head, skip=tok)
            if not mention.can_speak:
                continue
            contents = self._contents(tok, mention) if known else self._framed_quotes(tok, mention)
            if contents:
                found.append((tok, Attribution(self.sent.start(tok), self.sent.end(tok), mention, contents,
                                               _verb_cue_class(tok), self._inside_quote(tok))))
        return found

    def _frames_a_quote(self, verb: Token) -> bool:
        """Any verb of a bare clause with a subject can attribute the quotation next to it ("“Go home,”
        the guard barked", "the sign read: “...”"): the marks say it is speech, the verb only how."""
        return (verb.pos_ == "VERB" and self._has_quote and verb.tag_ not in _PARTICIPLES
                and not any(c.dep_ in _CLAUSE_OBJECTS and not self._inside_quote(c) for c in verb.children))

    def _framed_quotes(self, verb: Token, mention: Mention) -> tuple[Content, ...]:
        """The quotation a bare clause follows (after a comma, "?" or "!" inside the marks) or introduces
        with a colon; nothing else."""
        contents = []
        clause_start = min(mention.start, self.sent.start(verb))
        for q in _adjacent_quotes(self.text, self.sent, verb, mention, self.quotes, self.sentence_end):
            if q.end <= clause_start and not is_name_or_title(self.text, q):
                contents.append(self._quoted(q, self.sent))
            elif q.start > clause_start and ":" in self.text[self.sent.end(verb):q.start]:
                contents.append(Content(q.start, q.end, DIRECT))
        return tuple(c for c in contents if c.quote_type == DIRECT)

    def _according_to(self) -> list[Attribution]:
        found = []
        doc = self.sent.doc
        for tok in doc:
            if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
                continue
            to = doc[tok.i + 1]
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            if source is not None and source.lower_ in SOURCE_NOUNS:
                inner = next((c for c in source.children if c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}), None)
                source = next((c for c in inner.children if c.dep_ == "pobj"), None) if inner else None
            if source is None or not _is_source(source):
                continue
            head = tok.head if tok.head.i != tok.i else tok
            if head.pos_ not in {"VERB", "AUX"}:
                head = next(t for t in doc if t.dep_ == "ROOT")
            own = {t.i for t in tok.subtree} | {tok.i, to.i}
            parentheticals = {t.i for c in head.children if lemma_of(c) in REPORTING_LEMMAS
                              and c.dep_ in _PARENTHETICAL_DEPS for t in c.subtree}
            span = _span(self.sent, [t for t in head.subtree if t.i not in own | parentheticals])
            if span is None:
                continue
            mention = mention_of(self.sent, source)
            found.append(Attribution(self.sent.start(tok), self.sent.end(to), mention,
                                     (_classify(self.text, *span, self.quotes),), SOURCE, self._inside_quote(tok)))
        return found

    def _source_phrases(self, verb_cues: set[int]) -> list[Attribution]:
        """ "The ministry, in a statement, rejected the claim": a verb that is no reporting verb attributes
        what follows it when an "in a statement" phrase hangs on it (``verb_cues``: where the verb cues found
        start). The verb (with its particle: "laughed off") is the cue, classed by the medium: the phrase
        only says how it was said."""
        found = []
        for tok in self.sent.doc:
            if tok.lower_ != "in" or tok.dep_ != "prep":
                continue
            noun = next((c for c in tok.children if c.dep_ == "pobj"), None)
            verb = tok.head
            if noun is None or lemma_of(noun) not in SOURCE_NOUNS or verb.pos_ != "VERB":
                continue
            if self.sent.start(verb) in verb_cues or _bare_judgement(verb):
                continue
            subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
            if subject is None:
                continue
            particles = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
            skip = {t.i for t in tok.subtree} | {t.i for t in subject.subtree} | {t.i for t in particles}
            span = _span(self.sent, [t for t in verb.subtree if t.i > verb.i and t.i not in skip])
            if span is None:
                continue
            mention = mention_of(self.sent, subject)
            if not mention.can_speak:
                continue
            found.append(Attribution(self.sent.start(verb), self.sent.end((particles or [verb])[-1]), mention,
                                     (_classify(self.text, *span, self.quotes),), noun_class(noun.lower_),
                                     self._inside_quote(tok)))
        return found

    def _colon(self) -> list[Attribution]:
        """ "Lee: Taxes will fall", "Poll: ...": a name and a colon opening the sentence."""
        if COLON_LEAD.match(self.text, self.sent.offset) is None:
            return []
        doc = self.sent.doc
        colon = next(t for t in doc if t.text == ":")
        lead = doc[:colon.i]
        if any(t.pos_ in {"VERB", "AUX"} for t in lead):
            return []
        head = lead.root
        mention = mention_of(self.sent, head)
        span = _span(self.sent, list(doc[colon.i + 1:]))
        if span is None or not mention.can_speak or not _is_source(head):
            return []
        return [Attribution(self.sent.start(colon), self.sent.end(colon), mention,
                            (_classify(self.text, *span, self.quotes),),
                            SOURCE if lemma_of(head) in DOCUMENT_NOUNS else SPEECH, self._inside_quote(colon))]

    def __call__(self) -> list[Attribution]:
        verbs = _first_cue_per_content(self._verb_cues())
        found = verbs + self._according_to() + self._source_phrases({a.cue_start for a in verbs}) + self._colon()
        return [a for a in found if all(self._says_something(c) for c in a.contents)]

    def _says_something(self, content: Content) -> bool:
        """A direct quote, reported content of more than one word ("resigned", "what" are not), a name
        ("endorsed Kasich": one capitalised word), or a pronoun standing for what or whom the sentence
        names ("the charge, which he denied", "the governor who endorsed him")."""
        words = _WORDS.findall(self.text, content.start, content.end)
        return (content.quote_type == DIRECT or len(words) > 1
                or (len(words) == 1 and (words[0][:1].isupper() or words[0].lower() in _OBJECT_PRONOUNS)))
