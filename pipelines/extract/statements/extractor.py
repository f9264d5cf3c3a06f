"""``StatementExtractor``: quotations and reported speech of an article, with resolved speakers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence
from weakref import WeakKeyDictionary

from pipelines.extract.nlp import ArticleParse, parse_ahead, parse_together

from .clauses import DIRECT, Attribution, SentenceAttributions
from .coref import Speaker, SpeakerResolver, likely_lookups
from .cues import has_cue_word
from .quotes import Quote, find_quotes, is_name_or_title

_FIRST_PERSON = frozenset({"i", "we"})
# From the end of a direct quote's attribution to a quotation continuing it: the rest of that
# sentence ("in a briefing."), then only the opening mark.
_BETWEEN_CONTINUATIONS = re.compile(r"[^\"“”„«».!?\n]*[.!?:]?[\s\"“”„«»'`]*\Z")


@dataclass(frozen=True)
class Statement:
    """One row of the ``statements`` table, before ids and the statement date are added."""

    quote_start_char: int
    quote_end_char: int
    quote_text: str
    quote_type: str
    speaker: str
    speaker_start_char: int | None
    speaker_end_char: int | None
    speaker_type: str
    speaker_title: str | None
    cue_start_char: int | None
    cue_end_char: int | None
    cue: str | None
    cue_class: str


class StatementExtractor:
    """Finds every direct, indirect and mixed statement in an article.

    Only sentences holding a reporting verb or phrase are parsed. A quotation
    with no attribution of its own that opens the sentence right after a
    direct quote continues that quote: the same cue attributes it to the same
    speaker mention (``“...,” she said. “...”`` is one attribution in two parts).
    """

    def __init__(self) -> None:
        self._attributing_of: WeakKeyDictionary[ArticleParse, dict[int, list[Attribution]]] = WeakKeyDictionary()

    @staticmethod
    def candidates(parse: ArticleParse) -> list[int]:
        """The sentences holding a reporting verb or phrase: the ones this extractor parses."""
        return [i for i, (start, end) in enumerate(parse.sentences) if has_cue_word(parse.text[start:end])]

    def prepare(self, parses: Sequence[ArticleParse]) -> None:
        """Parse what this extractor will ask for in several articles, in three spaCy batches (bigger
        batches run faster): their candidate sentences, the entities of those that attribute, then the
        sentences resolving their speakers will probably look at (``likely_lookups``)."""
        parse_together([(p, self.candidates(p)) for p in parses], entities=False)
        parse_together([(p, self._attributing(p, find_quotes(p.text))) for p in parses])
        parse_ahead([(p, likely_lookups(p, [(i, a.mention) for i, found in self._attributing_of[p].items()
                                            for a in found])) for p in parses])

    def __call__(self, parse: ArticleParse) -> list[Statement]:
        text = parse.text
        quotes = find_quotes(text)
        attributing = self._attributing(parse, quotes)
        parse.parse(attributing)
        resolver = SpeakerResolver(parse)
        statements: list[Statement] = []
        nested: list[Attribution] = []
        for index in attributing:
            sentence_end = parse.sentences[index][1]
            for found in SentenceAttributions(text, parse[index], quotes, sentence_end)():
                if found.in_quote:
                    nested.append(found)
                    continue
                speaker = resolver.resolve(found.mention)
                resolver.remember(speaker)
                statements.extend(self._rows(text, found, speaker))
        statements.extend(self._nested(text, nested, statements))
        statements.extend(self._continuations(text, quotes, statements))
        unique = {(s.quote_start_char, s.quote_end_char, s.cue_start_char): s for s in statements}
        return sorted(unique.values(), key=lambda s: (s.quote_start_char, s.cue_start_char or -1))

    def _attributing(self, parse: ArticleParse, quotes: list[Quote]) -> list[int]:
        """The candidate sentences whose syntax alone (no named entities yet) holds an attribution: only
        these get the entity recogniser, the costliest pipe. Entities only narrow what counts (a date is
        no speaker), so a sentence without an attribution here has none with them either. Found once
        per parse, by ``prepare`` or the first call."""
        if parse not in self._attributing_of:
            candidates = self.candidates(parse)
            parse.parse(candidates, entities=False)
            found = {i: SentenceAttributions(parse.text, parse.syntax(i), quotes, parse.sentences[i][1])()
                     for i in candidates}
            self._attributing_of[parse] = {i: f for i, f in found.items() if f}
        return list(self._attributing_of[parse])

    @staticmethod
    def _rows(text: str, found: Attribution, speaker: Speaker) -> list[Statement]:
        return [
            Statement(
                c.start, c.end, text[c.start:c.end], c.quote_type, speaker.name,
                found.mention.start, found.mention.end, speaker.type, speaker.title,
                found.cue_start, found.cue_end, text[found.cue_start:found.cue_end], found.cue_class,
            )
            for c in found.contents
        ]

    def _nested(self, text: str, nested: list[Attribution], outer: list[Statement]) -> list[Statement]:
        """ "I have always said ..." inside a quotation: the quoted speaker reports their own words."""
        rows = []
        for found in nested:
            if found.mention.head not in _FIRST_PERSON:
                continue
            host = next((s for s in outer if s.quote_type == DIRECT
                         and s.quote_start_char <= found.cue_start < s.quote_end_char), None)
            inside = host is not None and all(
                host.quote_start_char <= c.start and c.end <= host.quote_end_char
                and (c.start, c.end) != (host.quote_start_char, host.quote_end_char)
                for c in found.contents
            )
            if inside:
                speaker = Speaker(host.speaker, host.speaker_type, host.speaker_title, found.mention.start)
                rows.extend(self._rows(text, found, speaker))
        return rows

    @staticmethod
    def _continuations(text: str, quotes: list[Quote], statements: list[Statement]) -> list[Statement]:
        """Unattributed quotations that follow a direct quote with nothing but punctuation between: rows of
        the cue and mention of the quote they continue."""
        used = {(s.quote_start_char, s.quote_end_char) for s in statements}
        direct = [s for s in statements if s.quote_type == DIRECT]
        rows: list[Statement] = []
        for q in quotes:
            if (q.start, q.end) in used or is_name_or_title(text, q):
                continue
            previous = [s for s in direct + rows if s.quote_end_char < q.start]
            if not previous:
                continue
            last = max(previous, key=lambda s: max(s.quote_end_char, s.cue_end_char or 0))
            last_end = max(last.quote_end_char, last.cue_end_char or 0, last.speaker_end_char or 0)
            if not _BETWEEN_CONTINUATIONS.match(text, last_end, q.start):
                continue
            rows.append(Statement(q.start, q.end, text[q.start:q.end], DIRECT, last.speaker, last.speaker_start_char,
                                  last.speaker_end_char, last.speaker_type, last.speaker_title, last.cue_start_char,
                                  last.cue_end_char, last.cue, last.cue_class))
        return rows
