"""Speaker statements: direct, indirect and mixed quotations with their most specific speaker.

Pure code: an ``ArticleParse`` in, ``Statement`` rows out. The pipeline adds
ids and the statement date.
"""
from .extractor import Statement, StatementExtractor
from .quotes import Quote, find_quotes

__all__ = ["Quote", "Statement", "StatementExtractor", "find_quotes"]
