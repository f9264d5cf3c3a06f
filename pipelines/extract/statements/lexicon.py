"""Cue words and their classes: which words introduce an attribution, and what kind it is.

``cue_class`` is the contract's column (``schemas.tables.CUE_CLASSES``):
``speech`` (said, told, asked), ``writing`` (wrote, tweeted, in a statement),
``thought`` (believes, hopes, wants: an attributed attitude) and ``source``
(according to, citing, polls show). A reporting verb is ``speech`` unless a
list below says otherwise.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from schemas.tables import CUE_CLASSES

if TYPE_CHECKING:
    from spacy.tokens import Token

SPEECH, WRITING, THOUGHT, SOURCE = CUE_CLASSES

# Genders, and the personal pronouns that carry one: a pronoun speaker agrees with its antecedent, and
# the pronouns of the sentences naming a person show that person's gender.
MALE, FEMALE = "male", "female"
PRONOUN_GENDERS = {**{w: MALE for w in "he him his himself".split()},
                   **{w: FEMALE for w in "she her hers herself".split()}}

# Speech verbs that report only with a clause, a quotation or a parenthetical ("added that ...",
# "noted ..."): "added jobs" and "posted a loss" are not statements.
CLAUSE_LEMMAS = frozenset(
    "say tell add note stress insist warn explain argue reiterate emphasize emphasise respond reply "
    "suggest observe remark complain caution predict acknowledge admit concede contend maintain testify "
    "recall assert comment ask answer joke quip estimate shout yell scream continue conclude mention "
    "boast brag lament muse recount counter reason retort scoff confess proclaim assure inform remind "
    "advise hint imply concur speculate wonder marvel demand"
    .split()
)
# Speech verbs that report with a plain object as well ("announced job cuts", "denied the claim").
OBJECT_LEMMAS = frozenset(
    "announce claim deny confirm reveal state disclose declare describe quote echo promise vow pledge "
    "threaten urge accuse allege call propose recommend express repeat say mention"
    .split()
)
# Speech verbs that take a clause but report with a plain object too ("predicted a win", "stressed the
# need", "admitted the mistake"): mined from news attributions like the lists below.
OBJECT_LEMMAS |= frozenset(
    "predict emphasize emphasise stress reiterate acknowledge admit concede lament".split()
)
# Speech acts of judgement: a statement only with the reason or a quotation ("praised her for ...",
# "blamed drought for ..."); "rejected the offer" or "defended the title" alone are acts, not statements.
STANCE_LEMMAS = frozenset(
    "criticize criticise praise thank blame reject dismiss defend condemn denounce decry slam blast mock "
    "question applaud commend fault chide scold"
    .split()
)
# Verbs of asking: they report the question of a "whether"/"if" clause ("asked whether ...").
QUESTION_LEMMAS = frozenset("ask wonder question".split())
# Verbs of saying that report an object with what it is called ("called the plan a disaster").
NAMING_LEMMAS = frozenset("call dub".split())
# Verbs whose report is written or published; all but "reported earnings" and "published a book" report
# with a plain object too ("tweeted her thanks", "wrote an op-ed").
WRITING_LEMMAS = frozenset("write post tweet retweet email e-mail text blog publish report".split())
WRITING_OBJECT_LEMMAS = WRITING_LEMMAS - {"report", "publish"}
# Verbs of attitude (belief, wish, intention, stance) that take a clause ("believes that ...").
THOUGHT_LEMMAS = frozenset(
    "believe think hope fear expect worry doubt wish "
    "want plan intend seek prefer decline refuse support oppose endorse back favor favour"
    .split()
)
# Attitude verbs that also take an infinitive ("wants to", "declined to") or an object ("backs the bill").
INFINITIVE_LEMMAS = frozenset("want plan intend seek hope expect decline refuse prefer promise vow pledge "
                              "threaten urge decide".split())
# A request reports what was asked for ("asked the board to delay the vote").
INFINITIVE_LEMMAS |= frozenset({"ask"})
# So does an instruction or a warning ("told residents to stay indoors", "warned him not to go").
INFINITIVE_LEMMAS |= frozenset("tell remind warn advise".split())
THOUGHT_OBJECT_LEMMAS = frozenset("want prefer seek support oppose endorse back favor favour".split())
# Verbs that report what a document, study, poll or record shows ("polls show", "the study found").
SOURCE_LEMMAS = frozenset("cite show find indicate".split())
# What a verb reports through a preposition ("called for a ceasefire", "pointed to the deficit", "talked
# about taxes"): verb lemma -> the prepositions that carry the content. Verbs that report only this way
# (talk, point) are cues only with one of them.
PREPOSITION_FRAMES = {
    "call": "for on", "point": "to out", "refer": "to", "agree": "with on", "talk": "about",
    "advocate": "for against", "argue": "for against",
    "complain": "about of", "ask": "about for", "respond": "to", "reply": "to", "comment": "on",
    "testify": "about", "boast": "about", "joke": "about", "worry": "about", "think": "about of",
    "hope": "for", "plead": "for", "insist": "on", "vow": "against",
    "push": "for", "press": "for", "rail": "against", "dwell": "on", "touch": "on", "balk": "at",
    "distance": "from", "opine": "on about", "allude": "to", "chime": "in", "speak": "about of",
}
PREPOSITION_FRAMES = {lemma: frozenset(preps.split()) for lemma, preps in PREPOSITION_FRAMES.items()}
# Speech verbs mined from news attributions that report with a plain object ("touted the plan",
# "outlined a proposal", "disavowed the group").
OBJECT_LEMMAS |= frozenset(
    "discuss compare tout list outline disavow portray articulate highlight congratulate "
    "underscore reference dispute rebuke lambaste hail bemoan chant dub liken assail trumpet "
    "pronounce renounce reaffirm rebuff".split()
)
CLAUSE_LEMMAS |= frozenset("charge signal forecast posit".split())
# Attitude verbs mined the same way: agreement and judgement ("agreed that", "deemed it ...").
THOUGHT_LEMMAS |= frozenset("agree deem consider learn recognize recognise suspect regret".split())
THOUGHT_OBJECT_LEMMAS |= frozenset("foresee regard resist expect consider anticipate".split())
INFINITIVE_LEMMAS |= frozenset({"agree"})
THOUGHT_LEMMAS |= THOUGHT_OBJECT_LEMMAS
# Intentions and choices that report through an infinitive or a preposition ("aims to", "is looking to",
# "decided to", "balked at").
INTENTION_LEMMAS = frozenset("aim look decide balk".split())
THOUGHT_LEMMAS |= INTENTION_LEMMAS
INFINITIVE_LEMMAS |= INTENTION_LEMMAS
# Verbs that report only through their preposition ("talked about", "pushed for"): no other content counts.
FRAME_ONLY_LEMMAS = frozenset(PREPOSITION_FRAMES) - (CLAUSE_LEMMAS | OBJECT_LEMMAS | STANCE_LEMMAS | WRITING_LEMMAS
                                                     | THOUGHT_LEMMAS | SOURCE_LEMMAS)
REPORTING_LEMMAS = (CLAUSE_LEMMAS | OBJECT_LEMMAS | STANCE_LEMMAS | WRITING_LEMMAS | THOUGHT_LEMMAS | SOURCE_LEMMAS
                    | frozenset(PREPOSITION_FRAMES))
# Noun phrases that mark speech without a reporting verb ("in a statement").
SOURCE_NOUNS = frozenset(
    "statement briefing interview post tweet letter memo speech release conference "
    "remarks address message email e-mail note video broadcast".split()
)

# "in a statement": nouns of written or published communication.
WRITING_NOUNS = frozenset("statement letter memo release post tweet email e-mail message note op-ed column "
                          "blog filing".split())
SOURCE_PHRASES = ("according to", "citing")
# Words after which a cue's form is a noun's or an adjective's, not a verb's: articles, demonstratives,
# possessives, quantifiers ("the states", "her plans", "no reports"). Each use adds what its context needs.
NOUN_DETERMINERS = frozenset("a an the these those its his her their our my your no any each every".split())
# Irregular forms of cue verbs (regular ones are derived by ``inflections``).
IRREGULAR_FORMS = {
    "say": "say says said saying", "tell": "tell tells told telling", "write": "write writes wrote written writing",
    "deny": "deny denies denied denying", "reply": "reply replies replied replying",
    "echo": "echo echoes echoed echoing", "testify": "testify testifies testified testifying",
    "admit": "admit admits admitted admitting", "think": "think thinks thought thinking",
    "quip": "quip quips quipped quipping", "scream": "scream screams screamed screaming",
    "retort": "retort retorts retorted retorting", "concur": "concur concurs concurred concurring",
    "understand": "understand understands understood understanding", "slam": "slam slams slammed slamming",
    "text": "text texts texted texting", "back": "back backs backed backing", "blog": "blog blogs blogged blogging",
    "favor": "favor favors favored favoring", "favour": "favour favours favoured favouring",
    "know": "know knows knew known knowing", "feel": "feel feels felt feeling",
    "find": "find finds found finding", "show": "show shows showed shown showing",
    "seek": "seek seeks sought seeking", "worry": "worry worries worried worrying",
    "plan": "plan plans planned planning", "prefer": "prefer prefers preferred preferring",
    "foresee": "foresee foresees foresaw foreseen foreseeing", "signal": "signal signals signaled signalled signaling signalling",
    "dwell": "dwell dwells dwelt dwelled dwelling", "regret": "regret regrets regretted regretting",
    "speak": "speak speaks spoke spoken speaking",
}
_WORD = re.compile(r"[\w’'-]+")


def lemma_of(tok: Token) -> str:
    """A token's lemma, from the cue table where the word is a form of a cue verb: the model's
    lemmatiser gives "hop" for "hoping" and "retweete" for "retweeted"."""
    return _FORM_LEMMAS.get(tok.lower_) or tok.lemma_.lower()


def inflections(lemma: str) -> list[str]:
    """The forms of a verb: base, -s, -ed, -ing (irregular verbs from ``IRREGULAR_FORMS``)."""
    if lemma in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[lemma].split()
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    ending_s = "es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    return [lemma, lemma + ending_s, stem + "ed", stem + "ing"]


def takes_object(lemma: str) -> bool:
    """Whether the verb reports with a plain object ("denied the claim", "backs the bill", "polls show a lead",
    "tweeted her thanks");
    "found" reports only with a clause ("the study found that ...", not "found the keys")."""
    return (lemma in OBJECT_LEMMAS or lemma in THOUGHT_OBJECT_LEMMAS or lemma in WRITING_OBJECT_LEMMAS
            or (lemma in SOURCE_LEMMAS and lemma != "find"))


def takes_infinitive(lemma: str) -> bool:
    """Whether the verb reports with an infinitive or a gerund ("urged Congress to act", "wants to run",
    "supports raising taxes")."""
    return (lemma == "say" or lemma in INFINITIVE_LEMMAS or lemma in THOUGHT_OBJECT_LEMMAS
            or (lemma in OBJECT_LEMMAS and lemma != "call"))


def verb_class(lemma: str) -> str:
    """The cue class of a reporting verb's lemma."""
    if lemma in WRITING_LEMMAS:
        return WRITING
    if lemma in THOUGHT_LEMMAS:
        return THOUGHT
    if lemma in SOURCE_LEMMAS:
        return SOURCE
    return SPEECH


def noun_class(noun: str) -> str:
    """The cue class of a nominal cue ("in a statement" is writing, "in an interview" speech)."""
    return WRITING if noun.lower() in WRITING_NOUNS else SPEECH


def phrase_class(phrase: str) -> str | None:
    """The class of a cue as written ("has repeatedly said", "according to", "said in a statement"):
    source phrases first, then a writing noun, then the first known verb; a bare colon is speech.
    None when no word of the phrase is a known cue."""
    lowered = phrase.lower()
    if any(p in lowered for p in SOURCE_PHRASES):
        return SOURCE
    words = _WORD.findall(lowered)
    if any(w in WRITING_NOUNS for w in words[1:]):
        return WRITING
    for word in words:
        if word in _FORM_LEMMAS:
            return verb_class(_FORM_LEMMAS[word])
    return SPEECH if not words and ":" in lowered else None


_FORM_LEMMAS = {f: lemma for lemma in sorted(REPORTING_LEMMAS) for f in inflections(lemma)}
