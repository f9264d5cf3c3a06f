"""The model's attribute ruler and lemmatizer, memoised per token.

In ``en_core_web_sm`` these two rule pipes cost more than the parser: the
ruler runs a Matcher of some 180 patterns over every token. Their output for a
token depends only on its text, tag and dependency label, except for a handful
of two-token exceptions ("gon na", "there is"). So a doc in which one of those
matches goes through the real pipes, and every other token takes its POS,
morphology and lemma from a cache filled by running the real pipes on that
token alone: the same annotations, at the cost of a dictionary lookup.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

# (tag, pos, morph, lemma) by (text, tag, dependency label), all as vocabulary hashes.
_Attributes = tuple[int, int, int, int]


class CachedTokenAttributes:
    """Sets what the model's ``attribute_ruler`` and ``lemmatizer`` set, memoised per token."""

    def __init__(self, nlp: Language, max_entries: int = 500_000):
        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.max_entries = max_entries
        self._cache: dict[tuple[int, int, int], _Attributes] = {}
        self._multi_token = Matcher(nlp.vocab)
        for i, rule in enumerate(self.ruler.patterns):
            longer = [p for p in rule["patterns"] if len(p) > 1]
            if longer:
                self._multi_token.add(f"rule-{i}", longer)

    def __call__(self, doc: Doc) -> Doc:
        if self._multi_token(doc):
            return self.lemmatizer(self.ruler(doc))
        for tok in doc:
            key = (tok.orth, tok.tag, tok.dep)
            attributes = self._cache.get(key) or self._learn(key, tok)
            tok.tag, tok.pos, morph, tok.lemma = attributes
            tok.set_morph(morph)
        return doc

    def _learn(self, key: tuple[int, int, int], tok: Token) -> _Attributes:
        """Run the real pipes on this token alone and remember what they set."""
        single = Doc(self.vocab, words=[tok.text], spaces=[False], tags=[tok.tag_], deps=[tok.dep_], heads=[0])
        out = self.lemmatizer(self.ruler(single))[0]
        if len(self._cache) >= self.max_entries:
            self._cache.clear()
        self._cache[key] = attributes = (out.tag, out.pos, out.morph.key, out.lemma)
        return attributes
