"""Reporting verbs and phrases: which words introduce speech, and what each needs.

Verbs of saying come in two kinds. Some only report speech when they carry
a clause or a quotation ("added that ...", "noted ..."): "added jobs", "posted
a loss" and "reported earnings" are not statements. Others report speech with
a plain object too ("announced job cuts", "denied the claim"). ``CUE_WORDS`` is
a cheap regex over inflected forms that selects the sentences worth parsing.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Lemmas that report speech only with a clause, a quotation or a parenthetical.
CLAUSE_LEMMAS = frozenset(
    "say tell add note write post tweet report stress insist warn explain argue "
    "reiterate emphasize emphasise respond reply suggest observe remark complain "
    "caution predict acknowledge admit concede contend maintain testify recall "
    "assert comment".split()
)
# Lemmas that report speech with a plain object as well.
OBJECT_LEMMAS = frozenset(
    "announce claim deny confirm reveal cite state disclose declare describe quote "
    "echo promise vow pledge threaten urge accuse allege call".split()
)
REPORTING_LEMMAS = CLAUSE_LEMMAS | OBJECT_LEMMAS
# "call" reports speech only as "call for/on ..." or with a clause or quotation.
CALL_PREPOSITIONS = frozenset({"for", "on"})
# Noun phrases that mark speech without a reporting verb ("in a statement").
SOURCE_NOUNS = frozenset(
    "statement briefing interview post tweet letter memo speech release conference "
    "remarks address message email e-mail note video broadcast".split()
)

_FORMS = {
    "say": "say says said saying", "tell": "tell tells told telling", "write": "write writes wrote written writing",
    "deny": "deny denies denied denying", "reply": "reply replies replied replying",
    "echo": "echo echoes echoed echoing", "testify": "testify testifies testified testifying",
    "admit": "admit admits admitted admitting",
}


def _inflections(lemma: str) -> list[str]:
    if lemma in _FORMS:
        return _FORMS[lemma].split()
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    ending_s = "es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"
    return [lemma, lemma + ending_s, stem + "ed", stem + "ing"]


# Forms that are mostly nouns ("the United States", "news reports", "a blog post") count only
# when followed by what a reporting verb takes.
_NOUN_LIKE = {"state", "states", "report", "reports", "call", "calls", "post", "posts", "comment", "comments",
              "note", "notes", "quote", "quotes", "remark", "remarks", "echo", "echoes"}
_VERB_FORMS = sorted({f for lemma in REPORTING_LEMMAS for f in _inflections(lemma)} - _NOUN_LIKE,
                     key=len, reverse=True)
CUE_WORDS = re.compile(
    r"\b(?:according to|in an? (?:[\w-]+ )?(?:" + "|".join(sorted(SOURCE_NOUNS)) + r")|"
    + "|".join(_VERB_FORMS)
    + r"|(?:" + "|".join(sorted(_NOUN_LIKE)) + r")(?= (?:that|for|on|to|the|a|an|it|he|she|they|its|their|his|her)\b|[,:])"
    + r")\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def has_cue_word(sentence: str) -> bool:
    """Whether a sentence holds any form of a reporting verb or phrase (cheap pre-filter).

    Memoised for recent sentences: preparing a batch of articles and extracting each ask for the same.
    """
    return CUE_WORDS.search(sentence) is not None
