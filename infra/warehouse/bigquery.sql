-- dateline warehouse DDL for bigquery, contract schema version 4.
-- Generated from schemas/tables.py by `python -m schemas.ddl`: do not edit by hand.

CREATE EXTERNAL TABLE IF NOT EXISTS dateline.articles (
    article_id STRING OPTIONS (description = "stable id: the same article ingested twice gets the same id"),
    source STRING OPTIONS (description = "where it came from (feed name, file, outlet)"),
    url STRING OPTIONS (description = "canonical URL where known"),
    title STRING,
    published_at TIMESTAMP OPTIONS (description = "publication time; the anchor for every relative date"),
    text STRING OPTIONS (description = "the body text that all offsets point into"),
    language STRING OPTIONS (description = "ISO 639-1"),
    content_sha256 STRING OPTIONS (description = "of the normalised text; duplicate detection"),
    ingested_at TIMESTAMP,
    run_id STRING OPTIONS (description = "the pipeline run that wrote the row"),
    published_precision STRING OPTIONS (description = "day: only the day is known (published_at is its midnight UTC); second: the time too"),
    authors ARRAY<STRING> OPTIONS (description = "the article's named authors, as the page gives them"),
    site_name STRING OPTIONS (description = "the outlet as the page names itself"),
    dateline_place STRING OPTIONS (description = "the dateline's place (\"MEXICO CITY\"), cut from the text"),
    dateline_agency STRING OPTIONS (description = "the dateline's agency (\"AP\"), cut from the text")
)
WITH PARTITION COLUMNS (published_date DATE)
OPTIONS (
    format = 'PARQUET',
    enable_list_inference = true,
    uris = ['gs://BUCKET/dateline/articles/*'],
    hive_partition_uri_prefix = 'gs://BUCKET/dateline/articles',
    require_hive_partition_filter = false
);

CREATE EXTERNAL TABLE IF NOT EXISTS dateline.temporal_expressions (
    timex_id STRING,
    article_id STRING,
    start_char INT64,
    end_char INT64,
    text STRING OPTIONS (description = "the expression as written (\"last week\")"),
    timex_type STRING,
    value STRING OPTIONS (description = "TIMEX3 value"),
    range_start DATE OPTIONS (description = "first day of the interval the value denotes"),
    range_end DATE OPTIONS (description = "last day of that interval (inclusive)"),
    granularity STRING
)
WITH PARTITION COLUMNS (published_date DATE)
OPTIONS (
    format = 'PARQUET',
    enable_list_inference = true,
    uris = ['gs://BUCKET/dateline/temporal_expressions/*'],
    hive_partition_uri_prefix = 'gs://BUCKET/dateline/temporal_expressions',
    require_hive_partition_filter = false
);

CREATE EXTERNAL TABLE IF NOT EXISTS dateline.events (
    event_id STRING,
    article_id STRING,
    start_char INT64,
    end_char INT64,
    trigger STRING OPTIONS (description = "the verb or event noun as written"),
    lemma STRING,
    sentence STRING,
    actors ARRAY<STRING> OPTIONS (description = "who acts (subject side)"),
    targets ARRAY<STRING> OPTIONS (description = "who or what is acted on"),
    location STRING,
    timex_id STRING OPTIONS (description = "the temporal expression that dates it"),
    date_value STRING,
    date_start DATE,
    date_end DATE,
    date_source STRING,
    tense STRING,
    duration_value STRING OPTIONS (description = "how long it lasted, from a duration that measures it (P3D), not a date"),
    duration_timex_id STRING OPTIONS (description = "the temporal expression that measures it")
)
WITH PARTITION COLUMNS (published_date DATE)
OPTIONS (
    format = 'PARQUET',
    enable_list_inference = true,
    uris = ['gs://BUCKET/dateline/events/*'],
    hive_partition_uri_prefix = 'gs://BUCKET/dateline/events',
    require_hive_partition_filter = false
);

CREATE EXTERNAL TABLE IF NOT EXISTS dateline.statements (
    statement_id STRING,
    article_id STRING,
    quote_start_char INT64,
    quote_end_char INT64,
    quote_text STRING,
    quote_type STRING,
    speaker STRING OPTIONS (description = "the most specific name of the speaker in the article"),
    speaker_start_char INT64,
    speaker_end_char INT64,
    speaker_type STRING,
    speaker_title STRING,
    cue_start_char INT64,
    cue_end_char INT64,
    cue STRING,
    cue_class STRING OPTIONS (description = "speech, writing, thought (an attributed attitude) or source (according to, citing)"),
    statement_date STRING
)
WITH PARTITION COLUMNS (published_date DATE)
OPTIONS (
    format = 'PARQUET',
    enable_list_inference = true,
    uris = ['gs://BUCKET/dateline/statements/*'],
    hive_partition_uri_prefix = 'gs://BUCKET/dateline/statements',
    require_hive_partition_filter = false
);

CREATE EXTERNAL TABLE IF NOT EXISTS dateline.rejects (
    reject_id STRING OPTIONS (description = "hash of stage, source and record_ref: a rerun replaces (with the current reason), not repeats"),
    run_id STRING,
    stage STRING,
    source STRING,
    record_ref STRING OPTIONS (description = "file:line, file or URL of the offending record"),
    reason STRING,
    payload STRING OPTIONS (description = "the offending input or row, truncated to 64 KiB"),
    rejected_at TIMESTAMP
)
WITH PARTITION COLUMNS (published_date DATE)
OPTIONS (
    format = 'PARQUET',
    enable_list_inference = true,
    uris = ['gs://BUCKET/dateline/rejects/*'],
    hive_partition_uri_prefix = 'gs://BUCKET/dateline/rejects',
    require_hive_partition_filter = false
);
