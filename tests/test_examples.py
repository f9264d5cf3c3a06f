"""The README's example queries, run against a DuckDB file loaded from small tables."""
from datetime import date

import pytest

from pipelines.warehouse.duckdb_load import load_duckdb
from pipelines.warehouse.examples import EXAMPLES, fetch_example, run_example
from tests.sample_tables import D1, D2, article, event, publish, statement

JAN_10, JAN_12 = date(2022, 1, 10), date(2022, 1, 12)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("examples")
    publish(root, "run1", [article("a", D1), article("b", D2)],
            events=[
                event("a", D1, 1, ["Airbus", "Airbus SE"], "deliver", when=JAN_10),  # one event, two matches
                event("a", D1, 2, ["Airbus"], "order", when=JAN_10),
                event("a", D1, 3, ["Airbus"], "meet"),  # dated by publication only: not counted
                event("b", D2, 1, ["Boeing"], "announce", when=JAN_12),
                event("b", D2, 2, ["airbus"], "deliver", when=JAN_12),
            ],
            statements=[
                statement("a", D1, 1, "Guillaume Faury", "The order book is full."),
                statement("a", D1, 2, "Guillaume Faury", "We will deliver."),
                statement("b", D2, 1, "Guillaume Faury", "Orders keep coming."),
                statement("b", D2, 2, "Boeing", "No comment.", speaker_type="organization"),
                statement("b", D2, 3, "senior official", "A new order is near.", speaker_type="anonymous",
                          quote_type="indirect"),
            ])
    path = root / "warehouse.duckdb"
    load_duckdb(root, path)
    return path


def test_events_per_day_for_an_actor(db):
    frame = fetch_example(db, "events_per_day")  # default actor: Airbus, matched case-insensitively
    assert frame.assign(day=frame["day"].dt.date).to_dict("records") == [
        {"day": JAN_10, "events": 2, "what": "deliver, order"},
        {"day": JAN_12, "events": 1, "what": "deliver"},
    ]
    assert fetch_example(db, "events_per_day", "Boeing")["what"].tolist() == ["announce"]


def test_top_speakers(db):
    frame = fetch_example(db, "top_speakers")
    assert frame.to_dict("records")[0] == {"speaker": "Guillaume Faury", "speaker_type": "person",
                                           "statements": 3, "articles": 2}
    assert sorted(frame["speaker"]) == ["Boeing", "Guillaume Faury", "senior official"]


def test_statements_mentioning_a_keyword(db):
    frame = fetch_example(db, "statements_mentioning")  # default keyword: order
    assert frame[["statement_date", "speaker"]].values.tolist() == [
        [D2.isoformat(), "Guillaume Faury"],
        [D2.isoformat(), "senior official"],
        [D1.isoformat(), "Guillaume Faury"],
    ]
    assert fetch_example(db, "statements_mentioning", "comment")["speaker"].tolist() == ["Boeing"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_renders_a_text_table(db, name):
    text = run_example(db, name)
    assert text.splitlines()[0].split() == list(fetch_example(db, name).columns)
    assert run_example(db, name, "no-such-thing-anywhere") == (
        "(no rows)" if EXAMPLES[name].default is not None else text)
