"""The cue pre-filter tries its long regex only at words that begin one of its alternatives: the same
answer as searching the regex over the whole sentence."""
from pipelines.extract.statements import cues
from pipelines.extract.statements.lexicon import REPORTING_LEMMAS, inflections


def _searched(sentence: str) -> bool:
    return (cues.CUE_WORDS.search(sentence) is not None or cues.COLON_LEAD.match(sentence) is not None
            or cues.QUOTE_FRAME.search(sentence) is not None)


def test_every_cue_form_in_every_frame_gives_what_a_full_search_gives():
    forms = sorted({f for lemma in REPORTING_LEMMAS for f in inflections(lemma)} | cues.learned_forms())
    frames = ["The mayor {} that the bridge would reopen.", "{} to the mayor, it rained.", "Officials {}.",
              "The {} on the matter were long", "She {} the plan, and {} to it on Monday.", "x{} y{}z",
              "A {}-like thing", "THE COUNCIL {} THAT IT RAINED.", "In a {} she {} for help"]
    sentences = [frame.replace("{}", form.capitalize() if frame.startswith("{}") else form)
                 for form in forms for frame in frames]
    sentences += ["In an interview on Friday, Lee said no.", "According to the police, two died.",
                  "Lee: we will win", "“Go home,” the guard barked.", "Nothing to see here.", "",
                  "He \u017fAID so.", "The \u212aING \u0130N an interview"]
    assert sum(map(_searched, sentences)) > len(forms)  # most frames hold a cue
    cues.has_cue_word.cache_clear()
    assert [cues.has_cue_word(s) for s in sentences] == [_searched(s) for s in sentences]


def test_a_form_that_is_mostly_a_noun_counts_unless_a_determiner_or_possessive_stands_before_it():
    cues.has_cue_word.cache_clear()
    assert cues.has_cue_word("Harbour ledgers show ferries ran late all winter.")
    assert cues.has_cue_word("Most bakers support longer opening hours.")
    assert cues.has_cue_word("Ferry timetables, the pier records show.")
    assert not cues.has_cue_word("The shows at the pier ended early.")
    assert not cues.has_cue_word("Her plans for the bakery grew.")
    assert not cues.has_cue_word("A report-card day at the pier.")
