"""The language of an article's text (py3langid: a naive Bayes model over byte n-grams, 97
languages, shipped in the wheel; no download at run time).

Policy: a language the record itself states (a JSONL ``language`` field) is kept as given;
otherwise the text's detected language, when the model is confident; otherwise the page's
declared language (``<html lang>``, which is the site's, not always the article's); otherwise
English. Only English articles go through the extractors (``EXTRACTION_LANGUAGES``); the others
are kept in ``articles`` with their language and counted in the run summary.
"""
from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from schemas.tables import ISO_639_1

EXTRACTION_LANGUAGES = frozenset({"en"})
DEFAULT_LANGUAGE = "en"
MIN_CONFIDENCE = 0.9   # normalised probability of the best language
MIN_LETTERS = 20       # below this, no detection is attempted
_KNOWN = frozenset(ISO_639_1)


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None if the text is too short or the model
    is not confident."""
    if sum(ch.isalpha() for ch in text[:2000]) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(text[:20_000])
    return code if code in _KNOWN and confidence >= MIN_CONFIDENCE else None


def article_language(text: str, *, stated: str | None = None, declared: str | None = None) -> str:
    """The language an article is recorded with: ``stated`` by the record, else detected from
    ``text``, else ``declared`` by the page, else English."""
    return (stated or detect_language(text) or declared or DEFAULT_LANGUAGE).lower()


def is_extracted(language: str) -> bool:
    """Whether the extractors (English rules and model) run on an article in ``language``."""
    return language in EXTRACTION_LANGUAGES
