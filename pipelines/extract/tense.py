"""Tense of a clause from the dependency parse: past, present or future.

Future covers the modal ("will meet", "would meet") and the periphrastic forms
news uses for schedules: "is set to meet", "plans to meet", "is expected to
meet", "is due to arrive", "is going to meet", and an infinitive that modifies
a noun ("an event to be held on October 12").
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

PAST, PRESENT, FUTURE = "past", "present", "future"

FUTURE_MODALS = {"will", "wo", "'ll", "shall", "would"}
FUTURE_PERFECT_MODALS = {"will", "wo", "'ll", "shall"}  # "will have finished" still lies ahead
# Verbs (and the adjective "due") whose infinitive complement lies ahead.
FUTURE_GOVERNORS = {
    "set", "plan", "expect", "schedule", "due", "intend", "aim", "slate", "poise", "prepare",
    "promise", "pledge", "vow", "hope", "propose", "seek", "want", "agree", "decide", "threaten",
}
# Governors of an attempt or a wish: in the past their infinitive is past too ("sought to win on Tuesday"),
# unlike a schedule or a commitment ("was set to land on Friday", "agreed to meet on Friday").
ATTEMPT_GOVERNORS = {"seek", "want", "hope", "aim", "try"}
# Passive schedule verbs date their own subject ahead: "the vote is scheduled for Friday".
SCHEDULE_VERBS = {"set", "schedule", "slate", "expect", "plan", "due"}
_VERBAL = ("VERB", "AUX")


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb at or above ``tok`` in the dependency tree."""
    while tok.pos_ not in _VERBAL:
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    # A copula or auxiliary heading nothing verbal stands for its clause itself.
    return tok


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _perfect(auxes: list[Token]) -> bool:
    return any(a.lemma_ == "have" for a in auxes)


# Modals of the main clause that make a simple past "if" clause hypothetical: "if they won in November,
# he would resign" (the winning lies ahead); with a perfect ("would have resigned") it is the past.
HYPOTHETICAL_MODALS = {"would", "could", "might"}
CONDITIONS = {"if", "unless"}


def hypothetical(verb: Token) -> bool:
    """Whether ``verb`` is the simple past of a condition whose main clause is hypothetical ("if the
    council approved it in March, the work would start"): the past form names no past time."""
    if verb.tag_ != "VBD" or verb.dep_ != "advcl" or not any(c.lower_ in CONDITIONS for c in verb.children
                                                             if c.dep_ == "mark"):
        return False
    auxes = [c for c in verb.head.children if c.dep_ in ("aux", "auxpass")]
    return bool({a.lower_ for a in auxes} & HYPOTHETICAL_MODALS) and not _perfect(auxes)


def clause_tense(verb: Token, _depth: int = 0) -> str:
    """The tense of the clause headed by ``verb``. A perfect looks back after any modal but "will"
    ("would have met", "could have won"), and as an infinitive ("claims to have tested"), except
    under a verb that looks ahead ("hopes to have finished"). A simple past in a hypothetical
    condition looks ahead ("if they won in November, he would resign")."""
    if hypothetical(verb):
        return FUTURE
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modals = {a.lower_ for a in auxes} & FUTURE_MODALS
    if modals and not (_perfect(auxes) and modals.isdisjoint(FUTURE_PERFECT_MODALS)):
        return FUTURE
    head = verb.head
    if _infinitive(verb) and head.i != verb.i and _depth < 8:
        governor_lemma = head.lemma_.lower()
        if governor_lemma in ATTEMPT_GOVERNORS and head.pos_ in _VERBAL and clause_tense(head, _depth + 1) == PAST:
            return PAST
        if governor_lemma in FUTURE_GOVERNORS or (head.lemma_ == "go" and head.tag_ == "VBG"):
            return FUTURE
        if _perfect(auxes):
            return PAST
        if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            return FUTURE
        governor = governing_verb(head)
        if governor is None:
            return PRESENT
        # An infinitive under a present clause lies ahead ("voters are likely to back it in November").
        return FUTURE if (tense := clause_tense(governor, _depth + 1)) == PRESENT else tense
    if any(a.tag_ == "VBD" for a in auxes) or _perfect(auxes):
        return PAST
    if verb.lemma_ in SCHEDULE_VERBS and any(a.lemma_ == "be" for a in auxes):
        return FUTURE
    if verb.tag_ == "VBD":
        return PAST
    if verb.tag_ in ("VBN", "VBG") and not auxes and head.i != verb.i and _depth < 8:
        # A bare participle ("citing", "the recently announced phone") takes its clause's time.
        governor = governing_verb(head)
        if governor is not None and verb.dep_ in ("conj", "advcl", "xcomp"):
            return clause_tense(governor, _depth + 1)
        if verb.tag_ == "VBN":
            return PAST
    if verb.dep_ == "conj" and not auxes and head.pos_ in _VERBAL and _depth < 8:
        return clause_tense(head, _depth + 1)
    return PRESENT


def modified_noun(tok: Token) -> Token | None:
    """The noun a date headed by ``tok`` modifies with no preposition between ("the July vote", "her
    March remark", "the caucuses Feb. 1"); None when it modifies a verb, or a noun through a preposition
    ("the plant on Easter"), which the parser attaches to the nearest noun as often as to the verb."""
    head = tok.head
    return head if head.i != tok.i and head.pos_ in ("NOUN", "PROPN") else None


# Modals that point a present clause ahead: "answers must reach us by May 10", "the deal could close in June".
FORWARD_MODALS = {"must", "should", "could", "might", "may", "can", "ca", "need"}


def direction_of(tok: Token | Span) -> str | None:
    """Which way the clause governing a token or span points: its tense, with a modal
    present ("must", "could") pointing ahead; None if no verb governs it."""
    root = tok.root if isinstance(tok, Span) else tok
    verb = governing_verb(root)
    if verb is None:
        return None
    tense = clause_tense(verb)
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if tense == PRESENT and auxes & FORWARD_MODALS:
        return FUTURE
    return tense


# --- cheap cues, no parse -------------------------------------------------------

_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|going\s+to|upcoming|deadline|(?:would|wouldn't|(?-i:must|should|could|might|may))(?!\s+(?:not\s+)?have)"
    r"|(?:set|due|scheduled|slated|expected|poised|plans?|planning|planned|intends?|aims?)\s+to"
    r"|(?:scheduled|slated|planned)\s+for|to\s+be\s+[a-z]+(?:ed|en|eld|ld))\b|'ll\b", re.I)
# Simple past forms of frequent irregular verbs (not those also present or participle-only: set, put, cut, hit).
_IRREGULAR_PAST = set("""
was were had did said told went came made took gave got held met began rose fell grew sold bought brought
led left won lost saw spent built thought knew became ran wrote drove chose flew struck sank paid sent
sought fought caught taught meant heard stood spoke broke threw swore fled
""".split())
# Words after which an -ed form is an adjective or a passive/progressive participle, not a past verb.
_NOT_BEFORE_PAST = set("""
a an the its their his her our your my this that these those is are am be been being 's newly recently
to of
""".split())
_ED_NOT_PAST = {"based", "united", "limited", "related", "used", "advanced", "detailed", "dedicated",
                "interested", "concerned", "involved", "supposed", "expected", "scheduled", "slated", "planned"}
_SHORT_PAST = {"died", "lied", "tied", "owed", "axed", "eyed"}  # -ed pasts of four letters ("shed", "sled" are not)
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def _past_cue(text: str) -> bool:
    previous = ""
    for m in _WORD.finditer(text):
        word = m.group()
        low = word.lower()
        if low in _IRREGULAR_PAST:
            return True
        if (word[0].islower() and (len(low) > 4 or low in _SHORT_PAST) and low.endswith("ed")
                and not low.endswith("eed") and low not in _ED_NOT_PAST and previous not in _NOT_BEFORE_PAST):
            return True
        previous = low
    return False


def cues(text: str) -> tuple[bool, bool]:
    """Whether surface cues of the future ("will", "is set to") and of the past ("said", "-ed" verbs) are in ``text``."""
    return bool(_FUTURE_CUE.search(text)), _past_cue(text)


def cue_tense(text: str) -> str | None:
    """Tense of a sentence from surface cues alone ("will", "is set to", "said", "-ed" verbs),
    when they all point one way; None when there are none or they disagree (then parse)."""
    return tense_of_cues(*cues(text))


def tense_of_cues(future: bool, past: bool) -> str | None:
    """The tense that ``cues`` found give: FUTURE or PAST when only one kind is there, else None."""
    if future == past:
        return None
    return FUTURE if future else PAST
