"""Sentence splitting and on-demand parsing shared by the extractors."""
from pipelines.extract.nlp import ArticleParse, sentence_spans


def test_blank_lines_end_sentences_and_spans_carry_no_whitespace():
    text = "Headline without a stop\n\n  Russia annexed Crimea in 2014. He said so.\n \n Last line"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Headline without a stop", "Russia annexed Crimea in 2014.", "He said so.", "Last line"]
    assert sentence_spans("") == [] and sentence_spans(" \n\n ") == []


def test_sentences_are_parsed_once_and_offsets_map_back():
    text = "First one here. Russia annexed Crimea in 2014."
    parse = ArticleParse(text)
    parse.parse([1])
    assert parse.parsed_count == 1
    sent = parse[1]
    verb = next(t for t in sent.doc if t.lemma_ == "annex")
    assert text[sent.start(verb):sent.end(verb)] == "annexed"
    assert parse.sentence_index(text.index("Crimea")) == 1
    assert parse.parsed_count == 1


def test_cached_token_attributes_match_the_model_rule_pipes():
    """POS, morphology and lemma as the attribute ruler and lemmatizer set them, including the
    two-token exceptions ("gon na", "there is") and tokens seen before in another context."""
    from pipelines.extract.nlp import parser

    sentences = ["There is no deal, and we're gonna wait.", "She said there were talks.",
                 "The talks were said to be going well.", "Ai n't nobody gon na stop us, y' all said.",
                 "He's been told he'll say it's done.", "She said there were talks."]
    nlp = parser().nlp
    expected = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(sentences, disable=["ner"])]
    got = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in parser()(sentences, entities=False)]
    assert got == expected
    assert any(lemma == "be" and pos in ("VERB", "AUX") for pos, _, lemma in got[0])


def test_no_before_a_number_does_not_end_a_sentence():
    text = "It became the No. 2 seller in 2007. He said no. 2 people came.\n\nNo.\n\n5 stars."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "It became the No. 2 seller in 2007.", "He said no.", "2 people came.", "No.", "5 stars."]


def test_a_rank_or_title_abbreviation_does_not_end_a_sentence():
    text = "Reporters asked Capt. Ivo Marsh and Lt. Dana Reyes about the drill. Both said it went well."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Reporters asked Capt. Ivo Marsh and Lt. Dana Reyes about the drill.", "Both said it went well."]


def test_parser_runs_on_numpy_blas_with_one_thread_and_annotates_as_the_default_model():
    """The model's matrix products go through numpy's BLAS, on one thread, not blis; the tags, parse,
    lemmas and entities are those of the model loaded with thinc's defaults."""
    import spacy
    from threadpoolctl import threadpool_info

    from pipelines.extract.nlp import MODEL, parser

    sentences = ["Mayor Ada Brant told reporters on Monday that the bridge would reopen in May.",
                 "“We are not done yet,” the union's spokeswoman said in a statement from Ohio.",
                 "The company, according to two people briefed on the talks, plans to cut 300 jobs."]
    ours = parser()
    assert all(node.ops.use_blis is False for node in ours.nlp.get_pipe("tok2vec").model.walk())
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    default = spacy.load(MODEL)
    assert default.get_pipe("tok2vec").model.ops.use_blis is True

    def annotations(docs):
        return [[(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in d] for d in docs]

    assert annotations(ours(sentences)) == annotations(default.pipe(sentences))
