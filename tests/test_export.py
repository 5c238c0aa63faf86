"""ACLED export: the column layout, the type mapping, what is left empty, the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from extract.cli import main
from extract.export import ACLED_COLUMNS, acled_rows, write_acled
from models import Record, Span
from tests.test_db import make_record


def _rows(record: Record) -> list[dict[str, str]]:
    return list(acled_rows([record]))


def test_export_one_row_per_event_in_acled_order() -> None:
    buffer = io.StringIO()
    assert write_acled([make_record(), make_record(line=2, killed=None)], buffer) == 1
    reader = csv.DictReader(io.StringIO(buffer.getvalue()))
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    (row,) = list(reader)
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert row["disorder_type"] == "Political violence"
    assert (row["event_date"], row["time_precision"], row["year"]) == ("2010-07-12", "1", "2010")
    assert (row["location"], row["country"], row["geo_precision"]) == ("Aleppo", "SY", "1")
    assert (row["latitude"], row["longitude"]) == ("36.2012", "37.1612")
    assert row["fatalities"] == "12"
    assert row["inter1"] == "" and row["iso"] == "" and row["admin3"] == ""


def test_export_undated_event_uses_publication_date() -> None:
    (row,) = _rows(make_record(dated=False))
    assert (row["event_date"], row["time_precision"]) == ("2010-07-16", "2")


def test_export_unmapped_type_leaves_acled_type_empty() -> None:
    record = make_record()
    event = record.events[0].model_copy(update={"type": "disaster", "sub_type": "disaster"})
    (row,) = _rows(record.model_copy(update={"events": [event]}))
    assert row["event_type"] == "" and row["disorder_type"] == ""


def test_export_cli(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(make_record().model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "events.csv"
    assert main(["export", "--format", "acled", str(records), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[0].startswith("event_id_cnty,event_date,year")
    assert main(["export", str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 1


def test_export_notes_name_the_headline_a_count_came_from() -> None:
    record = make_record()
    killed = record.events[0].killed
    assert killed is not None
    headline = [Span(start=0, end=9, text="12 killed")]
    event = record.events[0].model_copy(
        update={"killed": killed.model_copy(update={"headline": headline})}
    )
    titled = record.model_copy(update={"events": [event], "title": "12 killed in Aleppo clash"})
    (row,) = _rows(titled)
    assert row["notes"].endswith("[Headline: 12 killed in Aleppo clash]")
    (plain,) = _rows(record)
    assert "Headline" not in plain["notes"]
