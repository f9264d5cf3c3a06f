"""The Beam job alone (FnApiRunner), without the flow around it."""
from datetime import date, datetime, timezone

from pipelines import job
from pipelines.storage.partitions import read_all
from tests.conftest import news_record, write_jsonl

STARTED = datetime(2022, 1, 20, tzinfo=timezone.utc)


def run_job(tmp_path, records, **options):
    source = write_jsonl(tmp_path / "in.jsonl", records)
    config = job.JobConfig(inputs=[str(source)], staging_dir=tmp_path / "stage", run_id="r1",
                           started_at=STARTED, **options)
    counts = job.run(config)
    return read_all(config.staging_dir), counts


def test_a_duplicate_id_is_rejected_and_a_republished_copy_is_an_article(tmp_path):
    first = news_record(1)
    same_id = {**news_record(2), "id": first["id"]}
    same_text = {**news_record(3), "text": first["text"], "source": "another-outlet"}
    tables, _ = run_job(tmp_path, [first, same_id, same_text])
    articles = tables["articles"].sort_by("article_id").to_pylist()
    assert [a["article_id"] for a in articles] == [first["id"], same_text["id"]]
    assert articles[0]["content_sha256"] == articles[1]["content_sha256"]
    assert articles[1]["source"] == "another-outlet"
    [reject] = tables["rejects"].to_pylist()
    assert reject["reason"].startswith("duplicate article_id") and reject["record_ref"].endswith(":2")
    assert tables["statements"].num_rows and {r["article_id"] for r in tables["statements"].to_pylist()} == {
        first["id"], same_text["id"]}


def test_an_article_over_its_time_limit_is_rejected_not_hung(tmp_path):
    tables, _ = run_job(tmp_path, [news_record(1)], article_time_limit=1e-6)
    assert tables["articles"].num_rows == 0
    [reject] = tables["rejects"].to_pylist()
    assert reject["stage"] == "extract" and "time limit exceeded" in reject["reason"]


def test_published_range_keeps_only_days_in_range(tmp_path):
    records = [news_record(1, "2022-01-18"), news_record(2, "2022-01-19"), news_record(3, "2022-01-25")]
    tables, counts = run_job(tmp_path, records, published_range=(date(2022, 1, 18), date(2022, 1, 19)))
    assert sorted(tables["articles"].column("article_id").to_pylist()) == ["wire-1", "wire-2"]
    assert counts.get("articles_out_of_range") == 1


def test_batched_parsing_gives_the_rows_of_article_by_article_extraction(tmp_path, monkeypatch):
    """Two batches of one input, plus articles too long to share a batch's parse."""
    from pipelines import transforms
    from pipelines.extract.article import ArticleExtractor
    from pipelines.ingest.readers import read_input

    monkeypatch.setattr(transforms, "SHARED_PARSE_MAX_CHARS", 250)
    records = [news_record(n) for n in range(transforms.EXTRACT_BATCH + 4)]
    records[3]["text"] += " Later, the minister told reporters on Monday that talks had failed."  # over 250
    tables, _ = run_job(tmp_path, records)
    extractor = ArticleExtractor()
    expected: dict[str, list] = {"temporal_expressions": [], "events": [], "statements": []}
    for article in read_input(str(tmp_path / "in.jsonl")):
        for table, rows in extractor(article.article_id, article.text, article.published_at).tables().items():
            expected[table] += rows
    assert expected["statements"] and expected["events"]
    for table, rows in expected.items():
        got = tables[table].drop_columns(["published_date"]).to_pylist()
        key = next(iter(rows[0]))
        assert sorted(got, key=lambda r: r[key]) == sorted(rows, key=lambda r: r[key]), table


def test_non_english_articles_are_kept_with_their_language_and_not_extracted(tmp_path):
    german = {**news_record(2), "text": ("Die Stadt teilte am Dienstag mit, dass die Brücke im nächsten "
                                         "Monat wieder öffnet. \"Wir sind zuversichtlich\", sagte die "
                                         "Bürgermeisterin Ana Ruiz am Abend.")}
    stated = {**news_record(3), "language": "es"}  # the record says so: kept as stated
    tables, counts = run_job(tmp_path, [news_record(1), german, stated])
    languages = dict(zip(tables["articles"].column("article_id").to_pylist(),
                         tables["articles"].column("language").to_pylist()))
    assert languages == {"wire-1": "en", "wire-2": "de", "wire-3": "es"}
    for table in ("statements", "events", "temporal_expressions"):
        assert set(tables[table].column("article_id").to_pylist()) == {"wire-1"}
    assert counts.get("articles_not_extracted") == 2
