"""Who a reporting verb's speaker is when the parser gave it no subject: named rules over the parse.

News inverts subject and verb after a quotation (``"...," said Ada Brant``;
``"...?" asked the senator``). The small model often hangs the name after the
verb somewhere else: as the subject of a following participle ("said Ada
Brant, half joking"), as an adverb or an object. Each rule here takes the cue
token and returns the head of the speaker phrase, or None.
"""
from __future__ import annotations

from spacy.tokens import Token

# Words of a noun phrase that can open an inverted subject ("the", "a", "one", "former", "Sen.").
_PHRASE_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "NUM"})
_PHRASE_PUNCT = frozenset({"-", "."})
# What may stand between a closing quotation and an inverted verb.
_BEFORE_INVERSION = frozenset({",", "?", "!", "—", "–", "--"})
_QUOTE_MARKS = frozenset({'"', "”", "’", "'", "''", "»"})
# How the parser hangs a misread subject on its verb.
_MISATTACHED_DEPS = frozenset({"compound", "advmod", "npadvmod"})


def _after_quotation(verb: Token) -> bool:
    """The verb follows a closing quotation mark, after a comma, "?" or "!" inside or outside it; or it
    opens its sentence in lower case, where the splitter cut after a quotation's "?" or "!"."""
    doc = verb.doc
    if verb.i == 0:
        return verb.text[:1].islower()
    k = verb.i - 1
    while k >= 0 and doc[k].text in _BEFORE_INVERSION:
        k -= 1
    return k >= 0 and doc[k].text in _QUOTE_MARKS


def _noun_phrase_head(first: Token) -> Token | None:
    """The last noun of the noun phrase opening at ``first`` ("the 46-year-old", "Mr. Lee", "Sen. Ada
    Brant"), or None when no noun phrase opens there. A capitalised word counts whatever the tagger said."""
    doc = first.doc
    head = None
    for tok in doc[first.i:]:
        capitalised = tok.text[:1].isupper() and tok.is_alpha
        if tok.pos_ in _PHRASE_POS or capitalised:
            if tok.pos_ in {"PROPN", "NOUN"} or capitalised or tok.lower_ == "old":
                head = tok
            continue
        if tok.text in _PHRASE_PUNCT and head is not None:
            continue
        break
    return head


def inverted_subject(verb: Token) -> Token | None:
    """ "“...,” said Ada Brant, half joking": after a quotation, the noun phrase right after a reporting
    verb with no subject is who speaks."""
    if verb.i + 1 >= len(verb.doc) or not _after_quotation(verb):
        return None
    return _noun_phrase_head(verb.doc[verb.i + 1])


def _before_verb(verb: Token) -> tuple[Token | None, bool]:
    """The word before the verb, past a parenthesis ("Ada Brant (D-Ore.) said") and one comma; and
    whether a comma stood between."""
    doc, k = verb.doc, verb.i - 1
    if k >= 0 and doc[k].text == ")":
        while k >= 0 and doc[k].text != "(":
            k -= 1
        k -= 1
    comma = k >= 0 and doc[k].text == ","
    k -= comma
    return (doc[k] if k >= 0 else None), comma


def misattached_subject(verb: Token) -> Token | None:
    """ "Viguerie notes", "And Skelly called ...", "..., former mayor Ada Brant said", "Ada Brant, the
    club's president, said": a name right before a verb with no subject, which the parser hung on the
    verb as a compound or an adverb, or on an earlier noun as an apposition, is its subject; so is the
    name an apposition after a comma describes."""
    before, comma = _before_verb(verb)
    if before is None:
        return None
    if comma:
        described = before.head if before.dep_ == "appos" and before.pos_ == "NOUN" else None
        return described if described is not None and described.pos_ == "PROPN" and described.i < before.i else None
    capitalised = before.text[:1].isupper() and before.is_alpha and (before.i > 0 or before.pos_ == "PROPN")
    hung_on_verb = before.head.i == verb.i and before.dep_ in _MISATTACHED_DEPS
    apposed = before.dep_ == "appos" and before.pos_ == "PROPN"
    return before if capitalised and (hung_on_verb or apposed) else None


# The names of a rule for a subjectless reporting verb, in the order they are tried.
SUBJECT_RULES = (inverted_subject, misattached_subject)


def subject_by_rules(verb: Token) -> Token | None:
    """The speaker head the first of ``SUBJECT_RULES`` finds for a reporting verb the parser left
    without a subject."""
    return next((head for rule in SUBJECT_RULES if (head := rule(verb)) is not None), None)
