"""Invariants of every statement row on invented multi-paragraph articles: short titles, and no content
running over a paragraph break unless quotation marks carry it there."""
import re

import pytest

from pipelines.extract.nlp import ArticleParse
from pipelines.extract.statements import StatementExtractor
from pipelines.extract.statements.quotes import find_quotes

ARTICLES = [
    ("Harbour Board Chair and former ferry captain Mira Solberg, who led the inquiry into the collapsed pier "
     "and the flooded warehouses last winter, said the repairs would take a year\n\n"
     "The board meets again in June, when the budget is due."),
    ("“We will not close the school,” said Dario Venn, the district's acting superintendent of public "
     "instruction and long-time head of the teachers' pension committee.\n\n"
     "Parents said the plan came too late\nand the buses were still full."),
    ("Councillor Ines Moreau offered an apology for the delays on the tram line\n\n"
     "She also described the budget as a disaster for the northern districts."),
    ("The mayor announced that the bridge would reopen\n"
     "“It is safe,” she said, “and we tested every cable.\n\n"
     "“The river is calm now.”"),
]


def rows(text: str):
    return StatementExtractor()(ArticleParse(text))


@pytest.mark.parametrize("text", ARTICLES)
def test_no_speaker_title_is_longer_than_a_role_name(text):
    found = rows(text)
    assert found
    assert all(s.speaker_title is None or len(s.speaker_title) <= 60 for s in found)


@pytest.mark.parametrize("text", ARTICLES)
def test_no_content_crosses_a_paragraph_break_outside_quotation_marks(text):
    quoted = find_quotes(text)
    for s in rows(text):
        for m in re.finditer("\n", text[s.quote_start_char:s.quote_end_char]):
            at = s.quote_start_char + m.start()
            assert any(q.start <= at < q.end for q in quoted), (s.cue, s.quote_text)
