"""Tests for extract.db.tables and extract.db: normalized tables, idempotent loads, versions.

Every database test runs on SQLite and on PostgreSQL (127.0.0.1:5432, database ``test``,
or the URL in $CE_TEST_POSTGRES_URL); the PostgreSQL runs skip, saying why, when no server
answers. Each PostgreSQL test works in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, inspect, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import DropSchema

import extract.db
from extract.article import Article
from extract.db import Database, DatabaseWriter, database_url
from extract.db.tables import (
    RECORD_TABLES,
    article_key,
    articles,
    dates,
    entities,
    figures,
    quotes,
    record_rows,
    schema_info,
    source_key,
)
from extract.errors import DatabaseError, DatabaseVersionError
from extract.pipeline import record_id
from models import SCHEMA_VERSION, Record, Source

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URLS = (
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)
TEXT = (
    "Gunmen killed 12 people in Aleppo on Monday, the army said. "
    '"We will respond," General Ali Hassan told reporters.'
)


def _at(text: str, part: str) -> dict[str, Any]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def make_record(
    text: str = TEXT,
    *,
    path: str | None = "news.jsonl",
    line: int | None = 1,
    killed: int | None = 12,
    published: str = "2010-07-16",
    dated: bool = True,
) -> Record:
    """A hand-built record: Aleppo (with GeoNames data), a general with a role and a quote,
    a killed figure in Aleppo dated by 'Monday' (or left undated)."""
    figures = (
        []
        if killed is None
        else [
            {
                "id": "F1",
                **_at(text, f"{killed} people"),
                "value": killed,
                "low": killed,
                "high": killed,
                "counted": "people",
                "category": "killed",
                "entity_ids": ["E1"],
                "date_id": "T1" if dated else None,
            }
        ]
    )
    events = [
        {
            "id": "V1",
            "type": "armed_clash",
            "sub_type": "armed_clash",
            "trigger": _at(text, "clashes") if "clashes" in text else None,
            "date_id": "T1" if dated else None,
            "place_ids": ["E1"],
            "killed": {"best": killed, "low": killed, "high": killed, "figure_ids": ["F1"]},
        }
        for _ in figures
    ]
    return Record.model_validate(
        {
            "id": record_id(text),
            "source": {"path": path, "line": line, "format": "jsonl" if line else "txt"},
            "title": "Clashes in Aleppo",
            "published": {"date": published, "source": "cli", "text": published},
            "text": text,
            "entities": [
                {
                    "id": "E1",
                    "label": "GPE",
                    "name": "Aleppo",
                    "mentions": [_at(text, "Aleppo")],
                    "geo": {
                        "geonames_id": 170063,
                        "name": "Aleppo",
                        "country_code": "SY",
                        "latitude": 36.20124,
                        "longitude": 37.16117,
                        "feature": "city",
                        "population": 1602264,
                    },
                },
                {
                    "id": "E2",
                    "label": "PERSON",
                    "name": "Ali Hassan",
                    "mentions": [_at(text, "Ali Hassan")],
                    "roles": [_at(text, "General")],
                },
            ],
            "figures": figures,
            "events": events,
            "quotes": [
                {
                    "id": "Q1",
                    "kind": "direct",
                    "contents": [_at(text, "We will respond,")],
                    "cue": _at(text, "told"),
                    "addressee": _at(text, "reporters"),
                    "speaker": {**_at(text, "General Ali Hassan"), "entity_id": "E2"},
                }
            ],
            "dates": [
                {
                    "id": "T1",
                    **_at(text, "Monday"),
                    "value": "2010-07-12",
                    "granularity": "day",
                    "relative": True,
                    "period": {"start": "2010-07-12", "end": "2010-07-12"},
                }
            ],
            "provenance": {"version": "0.1.0", "model": "en_test-0"},
        }
    )


@cache
def postgres_url() -> str | None:
    """The URL of a reachable PostgreSQL server, or None."""
    configured = os.environ.get("CE_TEST_POSTGRES_URL")
    for url in [configured] if configured else POSTGRES_URLS:
        engine = create_engine(database_url(url), connect_args={"connect_timeout": 3})
        try:
            with engine.connect():
                return url
        except SQLAlchemyError:
            continue
        finally:
            engine.dispose()
    return None


@contextmanager
def scratch_database(backend: str, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """Yield (url, schema) of an empty database; PostgreSQL schemas are dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}", None
        return
    url = postgres_url()
    if url is None:
        pytest.skip(f"no PostgreSQL server reachable at {', '.join(POSTGRES_URLS)}")
    schema = f"ce_test_{uuid.uuid4().hex[:10]}"
    try:
        yield url, schema
    finally:
        engine = create_engine(database_url(url))
        with engine.begin() as conn:
            conn.execute(DropSchema(schema, cascade=True, if_exists=True))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    with scratch_database(request.param, tmp_path) as found:
        yield found


@pytest.fixture
def db(target: tuple[str, str | None]) -> Iterator[Database]:
    url, schema = target
    with Database(url, schema=schema) as database:
        yield database


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in RECORD_TABLES
        }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (Source(path="news/a.txt", format="txt"), "news/a.txt"),
        (Source(path="feed.jsonl", line=3, format="jsonl"), "feed.jsonl:3"),
        (Source(path="feed.jsonl", line=3, url="https://x.test/a", input_id="9"), "feed.jsonl:3"),
        (Source(path="-", url="https://x.test/a", format="stdin"), "url:https://x.test/a"),
        (Source(path="-", input_id="a-17", format="stdin"), "id:a-17"),
        (Source(path="-", format="stdin"), None),
        (Source(), None),
    ],
)
def test_tables_source_key(source: Source, expected: str | None) -> None:
    assert source_key(source) == expected


def test_tables_source_key_of_article_matches_its_record() -> None:
    article = Article(text=TEXT, path="news.jsonl", line=1, format="jsonl")
    assert source_key(article) == article_key(make_record()) == "news.jsonl:1"


def test_tables_article_key_falls_back_to_record_id() -> None:
    record = make_record(path=None, line=None)
    assert article_key(record) == f"record:{record.id}"


def test_tables_rows_fill_every_column_of_their_table() -> None:
    rows = record_rows(make_record())
    for table in RECORD_TABLES:
        for row in rows[table.name]:
            assert set(row) == set(table.columns.keys()), table.name


def test_tables_rows_flatten_nested_parts() -> None:
    rows = record_rows(make_record())
    (quote,) = rows["quotes"]
    assert (quote["speaker_text"], quote["speaker_entity_id"]) == ("General Ali Hassan", "E2")
    assert (quote["cue_text"], quote["addressee_text"]) == ("told", "reporters")
    assert quote["content"] == "We will respond,"
    assert rows["figure_entities"] == [
        {"article_key": "news.jsonl:1", "figure_id": "F1", "entity_id": "E1"}
    ]
    assert [r["text"] for r in rows["roles"]] == ["General"]
    assert rows["articles"][0]["published"] == dt.date(2010, 7, 16)


def test_db_write_stores_typed_normalized_rows(db: Database) -> None:
    assert db.write(make_record()) == "inserted"
    with db.engine.connect() as conn:
        fig = conn.execute(select(figures)).mappings().one()
        assert (fig["value"], fig["category"], fig["date_id"]) == (12, "killed", "T1")
        assert fig["approximate"] is False
        place = conn.execute(select(entities).where(entities.c.entity_id == "E1")).mappings().one()
        assert place["country_code"] == "SY" and place["population"] == 1602264
        assert isinstance(place["latitude"], float)
        period = conn.execute(select(dates.c.period_start, dates.c.period_end)).one()
        assert tuple(period) == (dt.date(2010, 7, 12), dt.date(2010, 7, 12))
        published = conn.execute(select(articles.c.published)).scalar_one()
        assert published == dt.date(2010, 7, 16)
        speaker = conn.execute(
            select(entities.c.name)
            .join(quotes, quotes.c.speaker_entity_id == entities.c.entity_id)
            .where(quotes.c.article_key == entities.c.article_key)
        ).scalar_one()
        assert speaker == "Ali Hassan"
    assert counts(db) == {
        "articles": 1,
        "entities": 2,
        "mentions": 2,
        "roles": 1,
        "dates": 1,
        "figures": 1,
        "figure_mentions": 0,
        "figure_entities": 1,
        "quotes": 1,
        "quote_contents": 1,
        "events": 1,
        "event_tallies": 1,
        "event_entities": 1,
    }


def test_db_full_record_is_stored_as_json(db: Database) -> None:
    record = make_record()
    db.write(record)
    assert list(db.read_records()) == [record]
    assert list(db.read_records(["elsewhere.txt"])) == []
    with db.engine.connect() as conn:
        stored = conn.execute(select(articles.c.record)).scalar_one()
    assert stored["figures"][0]["value"] == 12


def test_db_rerun_updates_in_place_and_never_duplicates(db: Database) -> None:
    first, second = make_record(), make_record(line=2, killed=None)
    assert db.write_many([first, second]).inserted == 2
    before = counts(db)
    summary = db.write_many([first, second])
    assert (summary.inserted, summary.replaced, summary.unchanged) == (0, 0, 2)
    assert counts(db) == before
    assert db.stored_keys() == {"news.jsonl:1": first.id, "news.jsonl:2": second.id}


def test_db_changed_article_replaces_its_rows(db: Database) -> None:
    db.write(make_record())
    changed = make_record(TEXT.replace("12 people", "15 people"), killed=15)
    assert db.write(changed) == "replaced"
    with db.engine.connect() as conn:
        assert conn.execute(select(figures.c.value)).scalars().all() == [15]
        assert conn.execute(select(articles.c.record_id)).scalars().all() == [changed.id]
    assert counts(db)["mentions"] == 2  # the old article's rows are gone, not kept beside


def test_db_same_text_from_another_source_is_another_article(db: Database) -> None:
    db.write(make_record(path="a.txt", line=None))
    db.write(make_record(path="b.txt", line=None))
    assert sorted(db.stored_keys()) == ["a.txt", "b.txt"]


def test_db_failed_replacement_keeps_the_old_rows(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.write(make_record())

    def broken(record: Record) -> dict[str, list[dict[str, Any]]]:
        rows = record_rows(record)
        rows["figure_entities"].append({**rows["figure_entities"][0], "entity_id": "E404"})
        return rows

    monkeypatch.setattr(extract.db, "record_rows", broken)
    with pytest.raises(DatabaseError, match=r"news\.jsonl:1"):
        db.write(make_record(TEXT.replace("12 people", "15 people"), killed=15))
    with db.engine.connect() as conn:
        assert conn.execute(select(figures.c.value)).scalars().all() == [12]
    assert counts(db)["figure_entities"] == 1


def test_db_foreign_keys_cascade_from_articles(db: Database) -> None:
    db.write(make_record())
    with db.engine.begin() as conn:
        conn.execute(articles.delete())
    assert set(counts(db).values()) == {0}


def test_db_other_schema_version_is_refused(target: tuple[str, str | None]) -> None:
    url, schema = target
    with Database(url, schema=schema) as database:
        database.write(make_record())
        with database.engine.begin() as conn:
            conn.execute(update(schema_info).values(value="0.9"))
    with pytest.raises(
        DatabaseVersionError,
        match=rf"schema version 0\.9.*writes version {re.escape(SCHEMA_VERSION)}",
    ):
        Database(url, schema=schema)
    engine = create_engine(database_url(url))
    with engine.connect() as conn:
        conn.execution_options(schema_translate_map={None: schema})
        assert conn.execute(select(func.count()).select_from(figures)).scalar_one() == 1
    engine.dispose()


def test_db_tables_not_made_here_are_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)"))
        conn.execute(text("INSERT INTO articles (body) VALUES ('theirs')"))
    with pytest.raises(DatabaseVersionError, match="not made by conflict-extract"):
        Database(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT body FROM articles")).scalars().all() == ["theirs"]
        assert inspect(conn).get_table_names() == ["articles"]
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    engine.dispose()


def test_db_reopening_keeps_data_and_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'records.db'}"
    with Database(url) as database:
        database.write(make_record())
    with Database(url) as database:
        assert list(database.stored_keys()) == ["news.jsonl:1"]
        with database.engine.connect() as conn:
            assert conn.execute(select(schema_info.c.value)).scalars().all() == [SCHEMA_VERSION]


@pytest.mark.parametrize(
    "url", ["not a url", "nosuchdialect://x/y", "postgresql://nobody@127.0.0.1:1/none"]
)
def test_db_unusable_url_raises_database_error(url: str) -> None:
    with pytest.raises(DatabaseError):
        Database(url)


def test_db_plain_postgresql_url_uses_psycopg() -> None:
    assert database_url("postgresql://u@h/d").drivername == "postgresql+psycopg"
    assert database_url("sqlite:///x.db").drivername == "sqlite"


def test_db_writer_resumes_from_stored_keys(target: tuple[str, str | None]) -> None:
    url, schema = target
    done = Article(text=TEXT, path="news.jsonl", line=1, format="jsonl")
    writer = DatabaseWriter(url, schema=schema)
    assert not writer.done(done)
    assert writer.write(done, make_record()) == writer.database.url
    writer.close()
    writer = DatabaseWriter(url, schema=schema)
    assert writer.done(done)
    assert not writer.done(Article(text=TEXT, path="news.jsonl", line=2, format="jsonl"))
    assert not writer.done(Article(text=TEXT, path="-", format="stdin"))
    writer.close()


def test_db_sample_record_round_trips(db: Database, sample_record: Record) -> None:
    db.write(sample_record)
    assert list(db.read_records()) == [sample_record]
    stored = counts(db)
    assert stored["entities"] == len(sample_record.entities)
    assert stored["mentions"] == sum(len(e.mentions) for e in sample_record.entities)
    assert stored["quote_contents"] == sum(len(q.contents) for q in sample_record.quotes)
    assert stored["dates"] == len(sample_record.dates)


def _example_query() -> str:
    doc = (ROOT / "docs" / "database.md").read_text("utf-8")
    found = re.search(r"```sql\n(.*?killed.*?)```", doc, re.DOTALL)
    assert found, "docs/database.md lost its example query"
    return found.group(1)


def test_db_documented_query_counts_killed_per_place_per_month(db: Database) -> None:
    db.write(make_record())
    later = TEXT.replace("12 people", "5 people")
    db.write(make_record(later, line=2, killed=5, published="2010-08-02", dated=False))
    db.write(make_record(line=3, killed=None))
    with db.engine.connect() as conn:
        if db.schema:
            conn.execute(text("SET search_path TO " + db.schema))
        rows = [tuple(row) for row in conn.execute(text(_example_query()))]
    assert rows == [("Aleppo", "SY", "2010-07", 12, 1), ("Aleppo", "SY", "2010-08", 5, 1)]


def test_db_tables_match_the_documentation() -> None:
    doc = (ROOT / "docs" / "database.md").read_text("utf-8")
    for table in RECORD_TABLES:
        assert f"`{table.name}`" in doc
        for column in table.columns:
            assert f"`{column.name}`" in doc, f"{table.name}.{column.name} is undocumented"
