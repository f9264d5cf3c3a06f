"""The table contract, defined once.

Every other artefact is generated from these definitions: the pyarrow schema
the writer uses (``schemas.arrow``), the Great Expectations suites
(``schemas.expectations``) and the warehouse DDL (``schemas.ddl``).
Column names, types and meanings follow ``../shared/CONTRACT.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = "4"
PARTITION_COLUMN = "published_date"

# TIMEX3 value grammar (TimeML / TempEval-3): dates from century to day, weeks,
# weekends, quarters, halves, seasons, fiscal years (FY2023, FY2023-Q1), times of day, durations,
# and the REFs.
_D = r"[0-9X]"
_DATE = (
    rf"(?:{_D}{{2,4}})"
    rf"(?:-(?:{_D}{{2}}(?:-{_D}{{2}})?|W{_D}{{2}}(?:-(?:{_D}|WE))?|Q[1-4X]|H[12X]|SP|SU|FA|AU|WI))?"
)
_TIME = r"T(?:[0-9X]{2}(?::[0-9X]{2}(?::[0-9X]{2}(?:\.[0-9]+)?)?)?|MO|MI|AF|EV|NI|DT)(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
_NUM = r"(?:[0-9]+(?:\.[0-9]+)?|X+)"
_DURATION = rf"P(?:(?:{_NUM}(?:DE|CE|ML|WE|[YMWDQ]))+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+)"
TIMEX3_VALUE_REGEX = rf"^(?:PRESENT_REF|PAST_REF|FUTURE_REF|{_DURATION}|(?:FY)?{_DATE}(?:{_TIME})?|{_TIME})$"
# A calendar date or time (a century to a minute, a fiscal period): what an explicitly dated event may take,
# never a duration (P3D), a set (XXXX-WXX-1, TMO), a reference (PRESENT_REF) or a placeholder (XXXX-XX-XX).
CALENDAR_VALUE_REGEX = r"^(?:FY)?[0-9]{2}"

ISO_639_1 = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb "
    "lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om "
    "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw "
    "ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
).split()

TIMEX_TYPES = ["DATE", "TIME", "DURATION", "SET"]
GRANULARITIES = [
    "day", "week", "month", "quarter", "season", "year", "decade", "century",
    "time", "duration", "set", "ref",
]
DATE_SOURCES = ["explicit", "publication"]
TENSES = ["past", "present", "future"]
QUOTE_TYPES = ["direct", "indirect", "mixed"]
SPEAKER_TYPES = ["person", "organization", "media", "anonymous", "unknown"]
# What kind of attribution a statement is: said, written, an attributed attitude, or a source cited.
CUE_CLASSES = ("speech", "writing", "thought", "source")
REJECT_STAGES = ["parse", "extract", "validate", "write"]
STAGE_PARSE, STAGE_EXTRACT, STAGE_VALIDATE, STAGE_WRITE = REJECT_STAGES  # for the code that makes rejects
PUBLISHED_PRECISIONS = ["day", "second"]


@dataclass(frozen=True)
class Column:
    """One column: its logical type, nullability and the value rules it must obey."""

    name: str
    type: str  # string | int32 | date | timestamp | list<string>
    nullable: bool = False
    description: str = ""
    allowed: tuple[str, ...] | None = None
    regex: str | None = None
    min_value: int | None = None
    non_empty: bool = False


@dataclass(frozen=True)
class Table:
    """A contract table: its columns, primary key and partitioning."""

    name: str
    primary_key: str
    columns: tuple[Column, ...]
    partition_column: str = PARTITION_COLUMN
    description: str = ""
    # (start, end) column pairs that are character offsets into articles.text.
    spans: tuple[tuple[str, str], ...] = field(default=())
    # (start, end, text) triples where the table stores the span text itself.
    span_texts: tuple[tuple[str, str, str], ...] = field(default=())
    # (start, end) date pairs that must be ordered.
    ranges: tuple[tuple[str, str], ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, type_: str = "string", **kw) -> Column:
    return Column(name, type_, **kw)


ARTICLES = Table(
    "articles",
    primary_key="article_id",
    description="One row per ingested article; all offsets in other tables point into `text`.",
    columns=(
        _c("article_id", description="stable id: the same article ingested twice gets the same id"),
        _c("source", description="where it came from (feed name, file, outlet)"),
        _c("url", nullable=True, description="canonical URL where known"),
        _c("title", nullable=True),
        _c("published_at", "timestamp", description="publication time; the anchor for every relative date"),
        _c("text", non_empty=True, description="the body text that all offsets point into"),
        _c("language", allowed=tuple(ISO_639_1), description="ISO 639-1"),
        _c("content_sha256", regex=r"^[0-9a-f]{64}$", description="of the normalised text; duplicate detection"),
        _c("ingested_at", "timestamp"),
        _c("run_id", description="the pipeline run that wrote the row"),
        _c("published_precision", nullable=True, allowed=tuple(PUBLISHED_PRECISIONS),
           description="day: only the day is known (published_at is its midnight UTC); second: the time too"),
        _c("authors", "list<string>", nullable=True, description="the article's named authors, as the page gives them"),
        _c("site_name", nullable=True, description="the outlet as the page names itself"),
        _c("dateline_place", nullable=True, description='the dateline\'s place ("MEXICO CITY"), cut from the text'),
        _c("dateline_agency", nullable=True, description='the dateline\'s agency ("AP"), cut from the text'),
    ),
)

TEMPORAL_EXPRESSIONS = Table(
    "temporal_expressions",
    primary_key="timex_id",
    description="Every temporal expression in the body text, normalised against published_at (TIMEX3).",
    spans=(("start_char", "end_char"),),
    span_texts=(("start_char", "end_char", "text"),),
    ranges=(("range_start", "range_end"),),
    columns=(
        _c("timex_id"),
        _c("article_id"),
        _c("start_char", "int32", min_value=0),
        _c("end_char", "int32", min_value=1),
        _c("text", non_empty=True, description='the expression as written ("last week")'),
        _c("timex_type", allowed=tuple(TIMEX_TYPES)),
        _c("value", regex=TIMEX3_VALUE_REGEX, description="TIMEX3 value"),
        _c("range_start", "date", nullable=True, description="first day of the interval the value denotes"),
        _c("range_end", "date", nullable=True, description="last day of that interval (inclusive)"),
        _c("granularity", allowed=tuple(GRANULARITIES)),
    ),
)

EVENTS = Table(
    "events",
    primary_key="event_id",
    description="Things that happened or are scheduled, each with the date the text gives it.",
    spans=(("start_char", "end_char"),),
    span_texts=(("start_char", "end_char", "trigger"),),
    ranges=(("date_start", "date_end"),),
    columns=(
        _c("event_id"),
        _c("article_id"),
        _c("start_char", "int32", min_value=0),
        _c("end_char", "int32", min_value=1),
        _c("trigger", non_empty=True, description="the verb or event noun as written"),
        _c("lemma", non_empty=True),
        _c("sentence", non_empty=True),
        _c("actors", "list<string>", description="who acts (subject side)"),
        _c("targets", "list<string>", description="who or what is acted on"),
        _c("location", nullable=True),
        _c("timex_id", nullable=True, description="the temporal expression that dates it"),
        _c("date_value", regex=TIMEX3_VALUE_REGEX),
        _c("date_start", "date", nullable=True),
        _c("date_end", "date", nullable=True),
        _c("date_source", allowed=tuple(DATE_SOURCES)),
        _c("tense", allowed=tuple(TENSES)),
        _c("duration_value", nullable=True, regex=TIMEX3_VALUE_REGEX,
           description="how long it lasted, from a duration that measures it (P3D), not a date"),
        _c("duration_timex_id", nullable=True, description="the temporal expression that measures it"),
    ),
)

STATEMENTS = Table(
    "statements",
    primary_key="statement_id",
    description="What someone said, with who said it.",
    spans=(
        ("quote_start_char", "quote_end_char"),
        ("speaker_start_char", "speaker_end_char"),
        ("cue_start_char", "cue_end_char"),
    ),
    span_texts=(
        ("quote_start_char", "quote_end_char", "quote_text"),
        ("cue_start_char", "cue_end_char", "cue"),
    ),
    columns=(
        _c("statement_id"),
        _c("article_id"),
        _c("quote_start_char", "int32", min_value=0),
        _c("quote_end_char", "int32", min_value=1),
        _c("quote_text", non_empty=True),
        _c("quote_type", allowed=tuple(QUOTE_TYPES)),
        _c("speaker", non_empty=True, description="the most specific name of the speaker in the article"),
        _c("speaker_start_char", "int32", nullable=True, min_value=0),
        _c("speaker_end_char", "int32", nullable=True, min_value=1),
        _c("speaker_type", allowed=tuple(SPEAKER_TYPES)),
        _c("speaker_title", nullable=True),
        _c("cue_start_char", "int32", nullable=True, min_value=0),
        _c("cue_end_char", "int32", nullable=True, min_value=1),
        _c("cue", nullable=True),
        _c("cue_class", nullable=True, allowed=CUE_CLASSES,  # null only in files of schema versions 1-2
           description="speech, writing, thought (an attributed attitude) or source (according to, citing)"),
        _c("statement_date", regex=TIMEX3_VALUE_REGEX),
    ),
)

REJECTS = Table(
    "rejects",
    primary_key="reject_id",
    description=(
        "Input that could not become a valid row. Partitioned by the article's publication date "
        "where one was read, else the Hive null partition."
    ),
    columns=(
        _c("reject_id", description="hash of stage, source and record_ref: a rerun replaces (with the current reason), not repeats"),
        _c("run_id"),
        _c("stage", allowed=tuple(REJECT_STAGES)),
        _c("source"),
        _c("record_ref", description="file:line, file or URL of the offending record"),
        _c("reason", non_empty=True),
        _c("payload", description="the offending input or row, truncated to 64 KiB"),
        _c("rejected_at", "timestamp"),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (ARTICLES, TEMPORAL_EXPRESSIONS, EVENTS, STATEMENTS, REJECTS)
}
EXTRACTION_TABLES = ("temporal_expressions", "events", "statements")
