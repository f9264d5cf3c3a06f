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

from .cue_frames import learned_forms
from .lexicon import FRAME_ONLY_LEMMAS, NOUN_DETERMINERS, PREPOSITION_FRAMES, REPORTING_LEMMAS, SOURCE_NOUNS, inflections

# Forms that are mostly nouns ("the United States", "a blog post", "his plans") count only where no
# determiner or possessive stands right before them ("records show", "voters support", "she calls"),
# and not inside a compound word ("report-card").
_NOUN_LIKE = {"state", "states", "report", "reports", "call", "calls", "post", "posts", "comment", "comments",
              "note", "notes", "quote", "quotes", "remark", "remarks", "echo", "echoes", "question", "questions",
              "answer", "answers", "support", "supports", "back", "plan", "plans", "hope", "hopes", "fear", "fears",
              "doubt", "doubts", "demand", "demands", "joke", "jokes", "estimate", "estimates", "show", "shows",
              "text", "texts", "favor", "favors", "favour", "favours", "counter", "wonder", "praise", "blast",
              "mock", "reason", "reasons", "email", "emails", "blog", "tweet", "tweets", "finding", "findings",
              "thought"}
_NOUN_LIKE |= {"signal", "signals", "charge", "charges", "list", "lists"}
_DETERMINERS = [*sorted(NOUN_DETERMINERS | {"this"}), "'s", "’s"]
_AFTER_NO_DETERMINER = "".join(rf"(?<!{re.escape(w)} )" if w[0] in "'’" else rf"(?<!\b{w} )" for w in _DETERMINERS)
# Verbs that report only with a following preposition or infinitive ("pointed to", "is looking to"):
# their forms count only with it, a word or two later.
_WITH_FOLLOWER = {lemma: sorted(preps) for lemma, preps in PREPOSITION_FRAMES.items() if lemma in FRAME_ONLY_LEMMAS}
_WITH_FOLLOWER.update({lemma: ["to"] for lemma in ("aim", "look", "decide")})
_ALL_FORMS = {f for lemma in REPORTING_LEMMAS for f in inflections(lemma)} - {"regarding"}  # a preposition
_FOLLOWED = {f for lemma in _WITH_FOLLOWER for f in inflections(lemma)}
_NOUN_LIKE &= _ALL_FORMS
# Forms of the verbs with a learned cue frame (``cue_frames``) that are mostly verbs count too.
_VERB_FORMS = sorted((_ALL_FORMS - _NOUN_LIKE - _FOLLOWED) | (learned_forms() - _ALL_FORMS), key=len, reverse=True)
_FOLLOWER_PATTERNS = "|".join(
    r"(?:" + "|".join(inflections(lemma)) + r")(?=(?:\s+[\w’'-]+){0,2}?\s+(?:" + "|".join(preps) + r")\b)"
    for lemma, preps in sorted(_WITH_FOLLOWER.items())
)
CUE_WORDS = re.compile(
    r"\b(?:according to|in an? (?:[\w-]+ )?(?:" + "|".join(sorted(SOURCE_NOUNS)) + r")|"
    + "|".join(_VERB_FORMS)
    + r"|" + _AFTER_NO_DETERMINER + r"(?:" + "|".join(sorted(_NOUN_LIKE - _FOLLOWED)) + r")(?![-'’])"
    + "|" + _FOLLOWER_PATTERNS
    + r")\b",
    re.IGNORECASE,
)


# A short capitalised name and a colon opening a sentence ("Lee: We will win", "Poll: ..."): a headline
# attribution.
COLON_LEAD = re.compile(r"(?:[A-Z][\w.'’-]*\s){0,4}[A-Z][\w.'’-]*:\s")


# A quotation closed by a comma, "?" or "!" and a short clause ("“Go home,” the guard barked."), or a
# clause and a colon opening one: any verb may attribute it.
QUOTE_FRAME = re.compile(r"[,?!][\"”']+\s+(?:[\w.'’-]+\s+){0,4}[\w'’-]+[.,]|\w:\s*[\"“']")


# The first word of every alternative of ``CUE_WORDS``: a match starts at one of these, so the long
# regex is tried only where the sentence has one, ten times faster than searching it everywhere.
_CUE_STARTS = frozenset(
    re.match(r"\w+", form).group().lower()
    for form in ["according", "in", *_VERB_FORMS, *(_NOUN_LIKE - _FOLLOWED), *_FOLLOWED])
_WORD = re.compile(r"\w+")
# The non-ASCII letters that IGNORECASE matches to ASCII ones.
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _cue_word_at_a_start(sentence: str) -> bool:
    """Whether ``CUE_WORDS`` matches at a word of ``sentence`` that begins one of its alternatives
    (the same as searching it over the whole sentence)."""
    return any(word.group().translate(_ASCII_FOLD).lower() in _CUE_STARTS and CUE_WORDS.match(sentence, word.start())
               for word in _WORD.finditer(sentence))


@lru_cache(maxsize=4096)
def has_cue_word(sentence: str) -> bool:
    """Whether a sentence holds any form of a reporting verb or phrase (cheap pre-filter).

    Memoised for recent sentences: preparing a batch of articles and extracting each ask for the same.
    """
    return (_cue_word_at_a_start(sentence) or COLON_LEAD.match(sentence) is not None
            or QUOTE_FRAME.search(sentence) is not None)
