-- dateline warehouse DDL for snowflake, contract schema version 4.
-- Generated from schemas/tables.py by `python -m schemas.ddl`: do not edit by hand.

CREATE EXTERNAL TABLE IF NOT EXISTS articles (
    published_date DATE AS TRY_TO_DATE(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, 'published_date=', 2), '/', 1), 'YYYY-MM-DD'),
    article_id VARCHAR AS (VALUE:article_id::VARCHAR),
    source VARCHAR AS (VALUE:source::VARCHAR),
    url VARCHAR AS (VALUE:url::VARCHAR),
    title VARCHAR AS (VALUE:title::VARCHAR),
    published_at TIMESTAMP_TZ AS (VALUE:published_at::TIMESTAMP_TZ),
    text VARCHAR AS (VALUE:text::VARCHAR),
    language VARCHAR AS (VALUE:language::VARCHAR),
    content_sha256 VARCHAR AS (VALUE:content_sha256::VARCHAR),
    ingested_at TIMESTAMP_TZ AS (VALUE:ingested_at::TIMESTAMP_TZ),
    run_id VARCHAR AS (VALUE:run_id::VARCHAR),
    published_precision VARCHAR AS (VALUE:published_precision::VARCHAR),
    authors ARRAY AS (VALUE:authors::ARRAY),
    site_name VARCHAR AS (VALUE:site_name::VARCHAR),
    dateline_place VARCHAR AS (VALUE:dateline_place::VARCHAR),
    dateline_agency VARCHAR AS (VALUE:dateline_agency::VARCHAR)
)
PARTITION BY (published_date)
LOCATION = @dateline_stage/articles/
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE
COMMENT = 'One row per ingested article; all offsets in other tables point into `text`.';

CREATE EXTERNAL TABLE IF NOT EXISTS temporal_expressions (
    published_date DATE AS TRY_TO_DATE(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, 'published_date=', 2), '/', 1), 'YYYY-MM-DD'),
    timex_id VARCHAR AS (VALUE:timex_id::VARCHAR),
    article_id VARCHAR AS (VALUE:article_id::VARCHAR),
    start_char INTEGER AS (VALUE:start_char::INTEGER),
    end_char INTEGER AS (VALUE:end_char::INTEGER),
    text VARCHAR AS (VALUE:text::VARCHAR),
    timex_type VARCHAR AS (VALUE:timex_type::VARCHAR),
    value VARCHAR AS (VALUE:value::VARCHAR),
    range_start DATE AS (VALUE:range_start::DATE),
    range_end DATE AS (VALUE:range_end::DATE),
    granularity VARCHAR AS (VALUE:granularity::VARCHAR)
)
PARTITION BY (published_date)
LOCATION = @dateline_stage/temporal_expressions/
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE
COMMENT = 'Every temporal expression in the body text, normalised against published_at (TIMEX3).';

CREATE EXTERNAL TABLE IF NOT EXISTS events (
    published_date DATE AS TRY_TO_DATE(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, 'published_date=', 2), '/', 1), 'YYYY-MM-DD'),
    event_id VARCHAR AS (VALUE:event_id::VARCHAR),
    article_id VARCHAR AS (VALUE:article_id::VARCHAR),
    start_char INTEGER AS (VALUE:start_char::INTEGER),
    end_char INTEGER AS (VALUE:end_char::INTEGER),
    trigger VARCHAR AS (VALUE:trigger::VARCHAR),
    lemma VARCHAR AS (VALUE:lemma::VARCHAR),
    sentence VARCHAR AS (VALUE:sentence::VARCHAR),
    actors ARRAY AS (VALUE:actors::ARRAY),
    targets ARRAY AS (VALUE:targets::ARRAY),
    location VARCHAR AS (VALUE:location::VARCHAR),
    timex_id VARCHAR AS (VALUE:timex_id::VARCHAR),
    date_value VARCHAR AS (VALUE:date_value::VARCHAR),
    date_start DATE AS (VALUE:date_start::DATE),
    date_end DATE AS (VALUE:date_end::DATE),
    date_source VARCHAR AS (VALUE:date_source::VARCHAR),
    tense VARCHAR AS (VALUE:tense::VARCHAR),
    duration_value VARCHAR AS (VALUE:duration_value::VARCHAR),
    duration_timex_id VARCHAR AS (VALUE:duration_timex_id::VARCHAR)
)
PARTITION BY (published_date)
LOCATION = @dateline_stage/events/
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE
COMMENT = 'Things that happened or are scheduled, each with the date the text gives it.';

CREATE EXTERNAL TABLE IF NOT EXISTS statements (
    published_date DATE AS TRY_TO_DATE(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, 'published_date=', 2), '/', 1), 'YYYY-MM-DD'),
    statement_id VARCHAR AS (VALUE:statement_id::VARCHAR),
    article_id VARCHAR AS (VALUE:article_id::VARCHAR),
    quote_start_char INTEGER AS (VALUE:quote_start_char::INTEGER),
    quote_end_char INTEGER AS (VALUE:quote_end_char::INTEGER),
    quote_text VARCHAR AS (VALUE:quote_text::VARCHAR),
    quote_type VARCHAR AS (VALUE:quote_type::VARCHAR),
    speaker VARCHAR AS (VALUE:speaker::VARCHAR),
    speaker_start_char INTEGER AS (VALUE:speaker_start_char::INTEGER),
    speaker_end_char INTEGER AS (VALUE:speaker_end_char::INTEGER),
    speaker_type VARCHAR AS (VALUE:speaker_type::VARCHAR),
    speaker_title VARCHAR AS (VALUE:speaker_title::VARCHAR),
    cue_start_char INTEGER AS (VALUE:cue_start_char::INTEGER),
    cue_end_char INTEGER AS (VALUE:cue_end_char::INTEGER),
    cue VARCHAR AS (VALUE:cue::VARCHAR),
    cue_class VARCHAR AS (VALUE:cue_class::VARCHAR),
    statement_date VARCHAR AS (VALUE:statement_date::VARCHAR)
)
PARTITION BY (published_date)
LOCATION = @dateline_stage/statements/
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE
COMMENT = 'What someone said, with who said it.';

CREATE EXTERNAL TABLE IF NOT EXISTS rejects (
    published_date DATE AS TRY_TO_DATE(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, 'published_date=', 2), '/', 1), 'YYYY-MM-DD'),
    reject_id VARCHAR AS (VALUE:reject_id::VARCHAR),
    run_id VARCHAR AS (VALUE:run_id::VARCHAR),
    stage VARCHAR AS (VALUE:stage::VARCHAR),
    source VARCHAR AS (VALUE:source::VARCHAR),
    record_ref VARCHAR AS (VALUE:record_ref::VARCHAR),
    reason VARCHAR AS (VALUE:reason::VARCHAR),
    payload VARCHAR AS (VALUE:payload::VARCHAR),
    rejected_at TIMESTAMP_TZ AS (VALUE:rejected_at::TIMESTAMP_TZ)
)
PARTITION BY (published_date)
LOCATION = @dateline_stage/rejects/
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE
COMMENT = 'Input that could not become a valid row. Partitioned by the article''s publication date where one was read, else the Hive null partition.';
