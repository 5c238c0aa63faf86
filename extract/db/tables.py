"""The relational layout of records: SQLAlchemy tables and the one function that fills them.

Shared by the database writer (`extract.db`) and the DataFrames (`extract.db.frames`), so the
frames have the database's columns by construction. Every child table is keyed by the
article it belongs to (``article_key``) plus the record-local item id, with ``ON DELETE
CASCADE`` foreign keys: deleting an article deletes everything extracted from it.
Offsets are ``start_char``/``end_char`` (``end`` is reserved in SQL). docs/database.md
describes every table.
"""

from __future__ import annotations

import hashlib
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

from models import Event, Record, Span

Row = dict[str, Any]

metadata = MetaData()
JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


def _article_key() -> Column[str]:
    return Column(
        "article_key",
        String,
        ForeignKey("articles.article_key", ondelete="CASCADE"),
        primary_key=True,
    )


def _span(prefix: str = "", *, nullable: bool = False) -> list[Column[Any]]:
    return [
        Column(f"{prefix}start_char", Integer, nullable=nullable),
        Column(f"{prefix}end_char", Integer, nullable=nullable),
        Column(f"{prefix}text", Text, nullable=nullable),
    ]


def _entity_ref(column: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["article_key", column],
        ["entities.article_key", "entities.entity_id"],
        ondelete="CASCADE",
    )


schema_info = Table(
    "schema_info",
    metadata,
    Column("name", String, primary_key=True),
    Column("value", String, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("record_id", String, nullable=False, index=True),
    Column("schema_version", String, nullable=False),
    Column("digest", String, nullable=False),
    Column("title", Text),
    Column("published", Date, index=True),
    Column("published_source", String, nullable=False),
    Column("published_text", String),
    Column("source_path", Text),
    Column("source_url", Text),
    Column("source_format", String, nullable=False),
    Column("source_line", Integer),
    Column("source_input_id", String),
    *_span("dateline_", nullable=True),
    Column("dateline_entity_id", String),
    Column("text", Text, nullable=False),
    Column("warnings", JSON_TYPE, nullable=False),
    Column("tool", String),
    Column("tool_version", String),
    Column("model", String),
    Column("record", JSON_TYPE, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    _article_key(),
    Column("entity_id", String, primary_key=True),
    Column("label", String, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("aliases", JSON_TYPE, nullable=False),
    Column("geonames_id", Integer),
    Column("geo_name", Text),
    Column("country_code", String),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_feature", String),
    Column("population", BigInteger),
    Column("feature_class", String),
    Column("feature_code", String),
    Column("country_name", Text),
    Column("admin1_code", String, index=True),
    Column("admin1", Text),
    Column("admin2_code", String, index=True),
    Column("admin2", Text),
    Column("geo_method", String),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("entity_id", String, primary_key=True),
    Column("position", Integer, primary_key=True),
    *_span(),
    Column("kind", String, nullable=False),
    _entity_ref("entity_id"),
)

roles = Table(
    "roles",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("entity_id", String, primary_key=True),
    Column("position", Integer, primary_key=True),
    *_span(),
    Column("org_id", String),
    _entity_ref("entity_id"),
    ForeignKeyConstraint(
        ["article_key", "org_id"],
        ["entities.article_key", "entities.entity_id"],
        ondelete="CASCADE",
        name="roles_org_fkey",
    ),
)

dates = Table(
    "dates",
    metadata,
    _article_key(),
    Column("date_id", String, primary_key=True),
    *_span(),
    Column("type", String, nullable=False),
    Column("value", String),
    Column("granularity", String),
    Column("relative", Boolean, nullable=False),
    Column("period_start", Date),
    Column("period_end", Date),
)

figures = Table(
    "figures",
    metadata,
    _article_key(),
    Column("figure_id", String, primary_key=True),
    *_span(),
    Column("value", BigInteger),
    Column("low", BigInteger),
    Column("high", BigInteger),
    Column("approximate", Boolean, nullable=False),
    Column("vague", Boolean, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("counted", Text),
    Column("category", String, nullable=False, index=True),
    Column("modality", String, nullable=False),
    Column("date_id", String),
    ForeignKeyConstraint(
        ["article_key", "date_id"], ["dates.article_key", "dates.date_id"], ondelete="CASCADE"
    ),
)

figure_mentions = Table(
    "figure_mentions",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("figure_id", String, primary_key=True),
    Column("position", Integer, primary_key=True),
    *_span(),
    ForeignKeyConstraint(
        ["article_key", "figure_id"],
        ["figures.article_key", "figures.figure_id"],
        ondelete="CASCADE",
    ),
)

figure_entities = Table(
    "figure_entities",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("figure_id", String, primary_key=True),
    Column("entity_id", String, primary_key=True),
    ForeignKeyConstraint(
        ["article_key", "figure_id"],
        ["figures.article_key", "figures.figure_id"],
        ondelete="CASCADE",
    ),
    _entity_ref("entity_id"),
)

quotes = Table(
    "quotes",
    metadata,
    _article_key(),
    Column("quote_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("content", Text, nullable=False),
    *_span("cue_", nullable=True),
    *_span("addressee_", nullable=True),
    *_span("speaker_", nullable=True),
    Column("speaker_entity_id", String),
    Column("speaker_name", Text),
    Column("speaker_resolution", String),
    Column("speaker_role", Text),
    _entity_ref("speaker_entity_id"),
)

quote_contents = Table(
    "quote_contents",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("quote_id", String, primary_key=True),
    Column("position", Integer, primary_key=True),
    *_span(),
    ForeignKeyConstraint(
        ["article_key", "quote_id"],
        ["quotes.article_key", "quotes.quote_id"],
        ondelete="CASCADE",
    ),
)

events = Table(
    "events",
    metadata,
    _article_key(),
    Column("event_id", String, primary_key=True),
    Column("type", String, nullable=False, index=True),
    Column("sub_type", String),
    Column("main", Boolean, nullable=False),
    *_span("trigger_", nullable=True),
    *_span("sentence_", nullable=True),
    Column("date_id", String),
    Column("killed", BigInteger),
    Column("injured", BigInteger),
    ForeignKeyConstraint(
        ["article_key", "date_id"], ["dates.article_key", "dates.date_id"], ondelete="CASCADE"
    ),
)

event_tallies = Table(
    "event_tallies",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("category", String, primary_key=True),
    Column("best", BigInteger, nullable=False),
    Column("low", BigInteger, nullable=False),
    Column("high", BigInteger, nullable=False),
    Column("figure_ids", JSON_TYPE, nullable=False),
    Column("mentions", JSON_TYPE, nullable=False),
    Column("headline", JSON_TYPE, nullable=False),
    ForeignKeyConstraint(
        ["article_key", "event_id"], ["events.article_key", "events.event_id"], ondelete="CASCADE"
    ),
)

event_entities = Table(
    "event_entities",
    metadata,
    Column("article_key", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("role", String, primary_key=True),
    Column("entity_id", String, primary_key=True),
    Column("position", Integer, nullable=False),
    ForeignKeyConstraint(
        ["article_key", "event_id"], ["events.article_key", "events.event_id"], ondelete="CASCADE"
    ),
    _entity_ref("entity_id"),
)

RECORD_TABLES: tuple[Table, ...] = tuple(t for t in metadata.sorted_tables if t is not schema_info)
"""The tables a record fills, parents before children."""


class Origin(Protocol):
    """Where an article came from: `models.Source` and `extract.Article` both fit."""

    @property
    def path(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def line(self) -> int | None: ...
    @property
    def input_id(self) -> str | None: ...


def source_key(origin: Origin) -> str | None:
    """Return the identity of an article from where it came from, or None if it has none.

    A file's path, with ``:line`` for an article in a JSON/JSONL file (the key
    `extract.io.article_key` gives the CLI's resume); else ``url:`` and the URL; else
    ``id:`` and the input's own id. Re-running the same files gives the same keys.
    """
    if origin.path and origin.path != "-":
        return f"{origin.path}:{origin.line}" if origin.line is not None else origin.path
    if origin.url:
        return f"url:{origin.url}"
    if origin.input_id is not None:
        return f"id:{origin.input_id}"
    return None


def article_key(record: Record) -> str:
    """Return the key identifying ``record``'s article: `source_key`, else ``record:`` and the
    record id (a hash of the text, so an unchanged text from standard input is found again)."""
    return source_key(record.source) or f"record:{record.id}"


def record_digest(record: Record) -> str:
    """Return a SHA-256 of the whole record: equal digests mean nothing changed."""
    return hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()


_FIGURE_FIELDS = {
    "value",
    "low",
    "high",
    "approximate",
    "vague",
    "negated",
    "counted",
    "category",
    "modality",
    "date_id",
}


def _offsets(span: Span | None, prefix: str = "") -> Row:
    return {
        f"{prefix}start_char": span.start if span else None,
        f"{prefix}end_char": span.end if span else None,
        f"{prefix}text": span.text if span else None,
    }


def record_rows(record: Record) -> dict[str, list[Row]]:
    """Return the rows of every record table for one record, keyed by table name."""
    key = article_key(record)
    provenance = record.provenance
    rows: dict[str, list[Row]] = {table.name: [] for table in RECORD_TABLES}
    rows["articles"].append(
        {
            "article_key": key,
            "record_id": record.id,
            "schema_version": record.schema_version,
            "digest": record_digest(record),
            "title": record.title,
            "published": record.published.date,
            "published_source": record.published.source,
            "published_text": record.published.text,
            "source_path": record.source.path,
            "source_url": record.source.url,
            "source_format": record.source.format,
            "source_line": record.source.line,
            "source_input_id": record.source.input_id,
            **_offsets(record.dateline, "dateline_"),
            "dateline_entity_id": record.dateline.entity_id if record.dateline else None,
            "text": record.text,
            "warnings": list(record.warnings),
            "tool": provenance.tool if provenance else None,
            "tool_version": provenance.version if provenance else None,
            "model": provenance.model if provenance else None,
            "record": record.model_dump(mode="json"),
        }
    )
    for ent in record.entities:
        geo = ent.geo
        rows["entities"].append(
            {
                "article_key": key,
                "entity_id": ent.id,
                "label": ent.label,
                "name": ent.name,
                "aliases": list(ent.aliases),
                "geonames_id": geo.geonames_id if geo else None,
                "geo_name": geo.name if geo else None,
                "country_code": geo.country_code if geo else None,
                "latitude": geo.latitude if geo else None,
                "longitude": geo.longitude if geo else None,
                "geo_feature": geo.feature if geo else None,
                "population": geo.population if geo else None,
                "feature_class": geo.feature_class if geo else None,
                "feature_code": geo.feature_code if geo else None,
                "country_name": geo.country if geo else None,
                "admin1_code": geo.admin1_code if geo else None,
                "admin1": geo.admin1 if geo else None,
                "admin2_code": geo.admin2_code if geo else None,
                "admin2": geo.admin2 if geo else None,
                "geo_method": geo.method if geo else None,
            }
        )
        item = {"article_key": key, "entity_id": ent.id}
        rows["mentions"] += [
            {**item, "position": i, **_offsets(m), "kind": m.kind}
            for i, m in enumerate(ent.mentions)
        ]
        rows["roles"] += [
            {**item, "position": i, **_offsets(r), "org_id": r.org_id}
            for i, r in enumerate(ent.roles)
        ]
    for date in record.dates:
        rows["dates"].append(
            {
                "article_key": key,
                "date_id": date.id,
                **_offsets(date),
                "type": date.type,
                "value": date.value,
                "granularity": date.granularity,
                "relative": date.relative,
                "period_start": date.period.start if date.period else None,
                "period_end": date.period.end if date.period else None,
            }
        )
    for fig in record.figures:
        item = {"article_key": key, "figure_id": fig.id}
        rows["figures"].append(
            {
                **item,
                **_offsets(fig),
                **fig.model_dump(include=_FIGURE_FIELDS),
            }
        )
        rows["figure_mentions"] += [
            {**item, "position": i, **_offsets(m)} for i, m in enumerate(fig.mentions)
        ]
        rows["figure_entities"] += [{**item, "entity_id": e} for e in dict.fromkeys(fig.entity_ids)]
    for quote in record.quotes:
        item = {"article_key": key, "quote_id": quote.id}
        speaker = quote.speaker
        rows["quotes"].append(
            {
                **item,
                "kind": quote.kind,
                "content": " ".join(c.text for c in quote.contents),
                **_offsets(quote.cue, "cue_"),
                **_offsets(quote.addressee, "addressee_"),
                **_offsets(speaker, "speaker_"),
                "speaker_entity_id": speaker.entity_id if speaker else None,
                "speaker_name": speaker.name if speaker else None,
                "speaker_resolution": speaker.resolution if speaker else None,
                "speaker_role": speaker.role if speaker else None,
            }
        )
        rows["quote_contents"] += [
            {**item, "position": i, **_offsets(c)} for i, c in enumerate(quote.contents)
        ]
    for event in record.events:
        _event_rows(key, event, rows)
    return rows


def _event_rows(key: str, event: Event, rows: dict[str, list[Row]]) -> None:
    item = {"article_key": key, "event_id": event.id}
    rows["events"].append(
        {
            **item,
            "type": event.type,
            "sub_type": event.sub_type,
            "main": event.main,
            **_offsets(event.trigger, "trigger_"),
            **_offsets(event.sentence, "sentence_"),
            "date_id": event.date_id,
            "killed": event.killed.best if event.killed else None,
            "injured": event.injured.best if event.injured else None,
        }
    )
    rows["event_tallies"] += [
        {
            **item,
            "category": category,
            "best": tally.best,
            "low": tally.low,
            "high": tally.high,
            "figure_ids": list(tally.figure_ids),
            "mentions": [m.model_dump() for m in tally.mentions],
            "headline": [m.model_dump() for m in tally.headline],
        }
        for category, tally in event.tallies()
    ]
    for role, ids in (
        ("place", event.place_ids),
        ("actor", event.actor_ids),
        ("target", event.target_ids),
    ):
        rows["event_entities"] += [
            {**item, "role": role, "entity_id": e, "position": i}
            for i, e in enumerate(dict.fromkeys(ids))
        ]
