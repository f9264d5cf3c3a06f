"""All extraction for one article: temporal expressions, dated events and statements, as table rows.

Pure: article id, text and publication time in; rows with the contract's
column names out. The three extractors share one ``ArticleParse`` so that a
sentence is parsed at most once.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Sequence

from pipelines.extract.events import Event, EventExtractor
from pipelines.extract.nlp import ArticleParse, SentenceParser, parse_together
from pipelines.extract.statements import Statement, StatementExtractor
from pipelines.extract.temporal import Timex, TemporalTagger, find_candidates


@dataclass
class Extraction:
    """The rows one article contributes to each extraction table."""

    temporal_expressions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict]]:
        return {
            "temporal_expressions": self.temporal_expressions,
            "events": self.events,
            "statements": self.statements,
        }


def timex_id(article_id: str, timex: Timex) -> str:
    return f"{article_id}:T{timex.start_char}-{timex.end_char}"


def event_id(article_id: str, event: Event, timexes: list[Timex]) -> str:
    base = f"{article_id}:E{event.start_char}-{event.end_char}"
    if event.timex_index is None:
        return base
    timex = timexes[event.timex_index]
    return f"{base}@T{timex.start_char}-{timex.end_char}"


def statement_id(article_id: str, statement: Statement) -> str:
    cue = "" if statement.cue_start_char is None else f"@C{statement.cue_start_char}"
    return f"{article_id}:S{statement.quote_start_char}-{statement.quote_end_char}{cue}"


def statement_date(statement: Statement, events: list[Event], published_at: datetime) -> str:
    """The date of the explicitly dated event that is the statement's cue, else the publication date."""
    if statement.cue_start_char is not None:
        for event in events:
            if (event.date_source == "explicit"
                    and event.start_char < statement.cue_end_char
                    and statement.cue_start_char < event.end_char):
                return event.date_value
    return published_at.date().isoformat()


class ArticleExtractor:
    """Runs every extractor over an article and returns its table rows.

    ``prepare`` parses, for several articles in one spaCy batch, the sentences the
    extractors will ask for: those holding a reporting cue and those holding a
    temporal expression (the sentence of every timex is parsed for its event), all
    without named entities, then in a second batch the named entities of the
    sentences that attribute. Anything else they need is parsed when they ask.
    """

    def __init__(self) -> None:
        self.tagger = TemporalTagger()
        self.event_extractor = EventExtractor()
        self.statement_extractor = StatementExtractor()

    def prepare(self, texts: Sequence[str], nlp: SentenceParser | None = None) -> list[ArticleParse]:
        """One ``ArticleParse`` per text, its candidate sentences parsed together with the others' (by
        ``nlp``, default the process's parser)."""
        parses = [ArticleParse(text, nlp) for text in texts]
        self.statement_extractor.prepare(parses)
        parse_together([(p, _timex_sentences(p)) for p in parses], entities=False)
        return parses

    def __call__(self, article_id: str, text: str, published_at: datetime,
                 parse: ArticleParse | None = None) -> Extraction:
        """The article's rows; ``parse`` is its ``prepare``d parse, if there is one."""
        parse = parse or ArticleParse(text)
        timexes = self.tagger(text, published_at, parse)
        events = self.event_extractor(parse, published_at, timexes)
        statements = self.statement_extractor(parse)
        timex_ids = [timex_id(article_id, t) for t in timexes]
        out = Extraction()
        for tid, timex in zip(timex_ids, timexes):
            out.temporal_expressions.append({"timex_id": tid, "article_id": article_id, **asdict(timex)})
        for event in events:
            row = asdict(event)
            index, measure = row.pop("timex_index"), row.pop("duration_timex_index")
            out.events.append({
                "event_id": event_id(article_id, event, timexes),
                "article_id": article_id,
                **row,
                "timex_id": None if index is None else timex_ids[index],
                "duration_timex_id": None if measure is None else timex_ids[measure],
            })
        for statement in statements:
            out.statements.append({
                "statement_id": statement_id(article_id, statement),
                "article_id": article_id,
                **asdict(statement),
                "statement_date": statement_date(statement, events, published_at),
            })
        return out


def _timex_sentences(parse: ArticleParse) -> set[int]:
    return {i for c in find_candidates(parse.text) if (i := parse.sentence_index(c.start)) is not None}
