"""The statements stage runs the entity recogniser only on sentences that attribute."""
from pipelines.extract.nlp import ArticleParse, parse_ahead
from pipelines.extract.statements import StatementExtractor


def test_entities_only_for_sentences_with_an_attribution():
    text = ("Harbour traffic rose in May. The port added two cranes and a new berth. "
            "Port director Mina Karlsson said that the quay would open in June.")
    parse = ArticleParse(text)
    [row] = StatementExtractor()(parse)
    assert (row.speaker, row.speaker_title) == ("Mina Karlsson", "Port director")
    added, said = StatementExtractor.candidates(parse)  # "added" and "said" both make a sentence a candidate
    assert parse.is_parsed(added) and added in parse._without_entities
    assert said not in parse._without_entities


def test_same_rows_as_with_entities_everywhere():
    text = ("The ministry said on June 18 that the tender would reopen. Talks resume on Friday, "
            "the State Department said. \"We are ready,\" Defence Minister Pavel Oskarov told reporters.")

    class EntitiesEverywhere(StatementExtractor):
        def _attributing(self, parse, quotes):
            candidates = self.candidates(parse)
            parse.parse(candidates)
            return candidates

    assert StatementExtractor()(ArticleParse(text)) == EntitiesEverywhere()(ArticleParse(text))


def test_prepare_parses_a_batch_of_articles_and_changes_no_row():
    texts = ["Harbour traffic rose in May. The port added two cranes. Port director Mina Karlsson said the quay "
             "would open in June.",
             "\"We are ready,\" Defence Minister Pavel Oskarov told reporters. He added a new berth to the plan."]
    alone = [StatementExtractor()(ArticleParse(t)) for t in texts]
    extractor, parses = StatementExtractor(), [ArticleParse(t) for t in texts]
    extractor.prepare(parses)
    first = parses[0]
    added, said = StatementExtractor.candidates(first)
    assert added in first._without_entities and said not in first._without_entities  # entities where it attributes
    assert [extractor(p) for p in parses] == alone


def test_a_sentence_parsed_ahead_counts_as_parsed_only_once_asked_for():
    text = "The ferry left at noon. Captain Ivo Marsh of Eastport said the crossing was calm."
    parse, fresh = ArticleParse(text), ArticleParse(text)
    parse_ahead([(parse, [0, 1])])
    assert not parse.is_parsed(0) and not parse.is_parsed(1)
    annotations = [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in parse[1].doc]
    assert annotations == [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in fresh[1].doc]
    assert parse.is_parsed(1) and not parse.is_parsed(0)
    assert parse.syntax(0).doc.ents == () and 0 in parse._without_entities  # asked for without entities


def test_prepare_parses_ahead_the_sentence_a_pronoun_is_resolved_from():
    text = "Captain Ivo Marsh docked the ferry at dawn. He said the crossing had been calm."
    extractor, parse = StatementExtractor(), ArticleParse(text)
    extractor.prepare([parse])
    assert 0 in parse._ahead and not parse.is_parsed(0)
    [row] = extractor(parse)
    assert row.speaker == "Ivo Marsh" and 0 not in parse._ahead
