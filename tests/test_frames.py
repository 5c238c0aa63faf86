"""Tests for extract.db.frames: DataFrames with the database tables' columns and types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from extract.db import Database
from extract.db.frames import TABLES, read_frames, records_to_frames
from extract.db.tables import RECORD_TABLES
from models import Record
from tests.test_db import TEXT, make_record, scratch_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with (
        scratch_database(request.param, tmp_path) as (url, schema),
        Database(url, schema=schema) as database,
    ):
        yield database


def _sorted(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    keys = [column.name for column in TABLES[name].primary_key.columns]
    return frame.sort_values(keys).reset_index(drop=True)


def test_frames_have_the_tables_columns_in_order() -> None:
    frames = records_to_frames([make_record()])
    assert list(frames) == [table.name for table in RECORD_TABLES]
    for table in RECORD_TABLES:
        assert list(frames[table.name].columns) == [c.name for c in table.columns]


def test_frames_one_row_per_item() -> None:
    frames = records_to_frames([make_record(), make_record(line=2, killed=None)])
    assert {name: len(frame) for name, frame in frames.items()} == {
        "articles": 2,
        "entities": 4,
        "mentions": 4,
        "roles": 2,
        "dates": 2,
        "figures": 1,
        "figure_mentions": 0,
        "figure_entities": 1,
        "quotes": 2,
        "quote_contents": 2,
        "events": 1,
        "event_tallies": 1,
        "event_entities": 1,
    }
    assert frames["figures"].loc[0, "article_key"] == "news.jsonl:1"


def test_frames_events_and_tallies() -> None:
    frames = records_to_frames([make_record()])
    events, tallies = frames["events"], frames["event_tallies"]
    assert (events.loc[0, "type"], events.loc[0, "killed"], events.loc[0, "date_id"]) == (
        "armed_clash",
        12,
        "T1",
    )
    assert events["injured"].isna().all()
    assert tallies.loc[0, "category"] == "killed" and tallies.loc[0, "figure_ids"] == ["F1"]
    assert frames["event_entities"].loc[0, "role"] == "place"


def test_frames_use_typed_columns() -> None:
    frames = records_to_frames([make_record()])
    figures, entities, dates = frames["figures"], frames["entities"], frames["dates"]
    assert figures["value"].dtype == "Int64" and figures.loc[0, "value"] == 12
    assert figures["negated"].dtype == "boolean"
    assert entities["latitude"].dtype == "Float64"
    assert dates.loc[0, "period_start"] == pd.Timestamp(dt.date(2010, 7, 12))
    assert frames["articles"].loc[0, "published"] == pd.Timestamp("2010-07-16")
    assert entities["name"].dtype == "string"
    person = entities[entities.entity_id == "E2"].iloc[0]
    assert pd.isna(person["country_code"]) and pd.isna(person["population"])
    assert frames["articles"].loc[0, "record"]["text"] == TEXT


def test_frames_of_no_records_are_empty_but_typed() -> None:
    frames = records_to_frames([])
    assert all(frame.empty for frame in frames.values())
    assert frames["figures"]["low"].dtype == "Int64"
    assert frames["dates"]["period_end"].dtype.kind == "M"


def test_frames_equal_the_database_tables(db: Database, sample_record: Record) -> None:
    records = [make_record(), make_record(line=2, killed=None), sample_record]
    db.write_many(records)
    built, read = records_to_frames(records), read_frames(db)
    for name in TABLES:
        pd.testing.assert_frame_equal(_sorted(built[name], name), _sorted(read[name], name))


def test_frames_read_selected_tables(db: Database) -> None:
    db.write(make_record())
    frames = read_frames(db, ["figures", "entities"])
    assert list(frames) == ["figures", "entities"]
    assert frames["figures"]["category"].tolist() == ["killed"]
