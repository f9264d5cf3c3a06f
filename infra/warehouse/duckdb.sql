-- dateline warehouse DDL for duckdb, contract schema version 4.
-- Generated from schemas/tables.py by `python -m schemas.ddl`: do not edit by hand.

CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    url VARCHAR,
    title VARCHAR,
    published_at TIMESTAMPTZ NOT NULL,
    text VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR NOT NULL,
    published_precision VARCHAR,
    authors VARCHAR[],
    site_name VARCHAR,
    dateline_place VARCHAR,
    dateline_agency VARCHAR,
    published_date DATE NOT NULL
);
COMMENT ON TABLE articles IS 'One row per ingested article; all offsets in other tables point into `text`.';
COMMENT ON COLUMN articles.article_id IS 'stable id: the same article ingested twice gets the same id';
COMMENT ON COLUMN articles.source IS 'where it came from (feed name, file, outlet)';
COMMENT ON COLUMN articles.url IS 'canonical URL where known';
COMMENT ON COLUMN articles.published_at IS 'publication time; the anchor for every relative date';
COMMENT ON COLUMN articles.text IS 'the body text that all offsets point into';
COMMENT ON COLUMN articles.language IS 'ISO 639-1';
COMMENT ON COLUMN articles.content_sha256 IS 'of the normalised text; duplicate detection';
COMMENT ON COLUMN articles.run_id IS 'the pipeline run that wrote the row';
COMMENT ON COLUMN articles.published_precision IS 'day: only the day is known (published_at is its midnight UTC); second: the time too';
COMMENT ON COLUMN articles.authors IS 'the article''s named authors, as the page gives them';
COMMENT ON COLUMN articles.site_name IS 'the outlet as the page names itself';
COMMENT ON COLUMN articles.dateline_place IS 'the dateline''s place ("MEXICO CITY"), cut from the text';
COMMENT ON COLUMN articles.dateline_agency IS 'the dateline''s agency ("AP"), cut from the text';
-- Load: INSERT INTO articles BY NAME SELECT * FROM read_parquet('out/articles/*/*.parquet', hive_partitioning = true, hive_types = {'published_date': DATE});

CREATE TABLE IF NOT EXISTS temporal_expressions (
    timex_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    timex_type VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    range_start DATE,
    range_end DATE,
    granularity VARCHAR NOT NULL,
    published_date DATE NOT NULL
);
COMMENT ON TABLE temporal_expressions IS 'Every temporal expression in the body text, normalised against published_at (TIMEX3).';
COMMENT ON COLUMN temporal_expressions.text IS 'the expression as written ("last week")';
COMMENT ON COLUMN temporal_expressions.value IS 'TIMEX3 value';
COMMENT ON COLUMN temporal_expressions.range_start IS 'first day of the interval the value denotes';
COMMENT ON COLUMN temporal_expressions.range_end IS 'last day of that interval (inclusive)';
-- Load: INSERT INTO temporal_expressions BY NAME SELECT * FROM read_parquet('out/temporal_expressions/*/*.parquet', hive_partitioning = true, hive_types = {'published_date': DATE});

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    trigger VARCHAR NOT NULL,
    lemma VARCHAR NOT NULL,
    sentence VARCHAR NOT NULL,
    actors VARCHAR[] NOT NULL,
    targets VARCHAR[] NOT NULL,
    location VARCHAR,
    timex_id VARCHAR,
    date_value VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    date_source VARCHAR NOT NULL,
    tense VARCHAR NOT NULL,
    duration_value VARCHAR,
    duration_timex_id VARCHAR,
    published_date DATE NOT NULL
);
COMMENT ON TABLE events IS 'Things that happened or are scheduled, each with the date the text gives it.';
COMMENT ON COLUMN events.trigger IS 'the verb or event noun as written';
COMMENT ON COLUMN events.actors IS 'who acts (subject side)';
COMMENT ON COLUMN events.targets IS 'who or what is acted on';
COMMENT ON COLUMN events.timex_id IS 'the temporal expression that dates it';
COMMENT ON COLUMN events.duration_value IS 'how long it lasted, from a duration that measures it (P3D), not a date';
COMMENT ON COLUMN events.duration_timex_id IS 'the temporal expression that measures it';
-- Load: INSERT INTO events BY NAME SELECT * FROM read_parquet('out/events/*/*.parquet', hive_partitioning = true, hive_types = {'published_date': DATE});

CREATE TABLE IF NOT EXISTS statements (
    statement_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    quote_start_char INTEGER NOT NULL,
    quote_end_char INTEGER NOT NULL,
    quote_text VARCHAR NOT NULL,
    quote_type VARCHAR NOT NULL,
    speaker VARCHAR NOT NULL,
    speaker_start_char INTEGER,
    speaker_end_char INTEGER,
    speaker_type VARCHAR NOT NULL,
    speaker_title VARCHAR,
    cue_start_char INTEGER,
    cue_end_char INTEGER,
    cue VARCHAR,
    cue_class VARCHAR,
    statement_date VARCHAR NOT NULL,
    published_date DATE NOT NULL
);
COMMENT ON TABLE statements IS 'What someone said, with who said it.';
COMMENT ON COLUMN statements.speaker IS 'the most specific name of the speaker in the article';
COMMENT ON COLUMN statements.cue_class IS 'speech, writing, thought (an attributed attitude) or source (according to, citing)';
-- Load: INSERT INTO statements BY NAME SELECT * FROM read_parquet('out/statements/*/*.parquet', hive_partitioning = true, hive_types = {'published_date': DATE});

CREATE TABLE IF NOT EXISTS rejects (
    reject_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    record_ref VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    payload VARCHAR NOT NULL,
    rejected_at TIMESTAMPTZ NOT NULL,
    published_date DATE
);
COMMENT ON TABLE rejects IS 'Input that could not become a valid row. Partitioned by the article''s publication date where one was read, else the Hive null partition.';
COMMENT ON COLUMN rejects.reject_id IS 'hash of stage, source and record_ref: a rerun replaces (with the current reason), not repeats';
COMMENT ON COLUMN rejects.record_ref IS 'file:line, file or URL of the offending record';
COMMENT ON COLUMN rejects.payload IS 'the offending input or row, truncated to 64 KiB';
-- Load: INSERT INTO rejects BY NAME SELECT * FROM read_parquet('out/rejects/*/*.parquet', hive_partitioning = true, hive_types = {'published_date': DATE});
