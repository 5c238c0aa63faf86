"""The record contract: validation that means something, and a pinned JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

import models
from models import Record

SNAPSHOT = Path(models.__file__).with_name("record.schema.json")
TEXT = "Salber said 52 police will go to Osh on Friday."


def _record(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "abc",
        "text": TEXT,
        "entities": [
            {
                "id": "E1",
                "label": "PERSON",
                "name": "Salber",
                "mentions": [{"start": 0, "end": 6, "text": "Salber"}],
            },
            {
                "id": "E2",
                "label": "GPE",
                "name": "Osh",
                "mentions": [{"start": 33, "end": 36, "text": "Osh"}],
            },
        ],
        "figures": [
            {
                "id": "F1",
                "start": 12,
                "end": 14,
                "text": "52",
                "value": 52,
                "low": 52,
                "high": 52,
                "counted": "police",
                "category": "personnel",
                "modality": "planned",
                "entity_ids": ["E2"],
                "date_id": "T1",
            }
        ],
        "quotes": [
            {
                "id": "Q1",
                "kind": "indirect",
                "contents": [{"start": 12, "end": 36, "text": "52 police will go to Osh"}],
                "cue": {"start": 7, "end": 11, "text": "said"},
                "speaker": {"start": 0, "end": 6, "text": "Salber", "entity_id": "E1"},
            }
        ],
        "dates": [{"id": "T1", "start": 40, "end": 46, "text": "Friday", "value": "2010-07-16"}],
    }
    data.update(changes)
    return data


def test_models_valid_record_round_trips() -> None:
    record = Record.model_validate(_record())
    again = Record.model_validate_json(record.model_dump_json())
    assert again == record
    assert record.schema_version == models.SCHEMA_VERSION


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("figures", 0, "text"), "53", "text[12:14]"),
        (("figures", 0, "end"), 99, "past the text"),
        (("figures", 0, "value"), 40, "value 40 < low 52"),
        (("figures", 0, "high"), 10, "low 52 > high 10"),
        (("figures", 0, "entity_ids"), ["E9"], "unknown entity id 'E9'"),
        (("figures", 0, "date_id"), "T9", "unknown date id 'T9'"),
        (("quotes", 0, "speaker", "entity_id"), "E7", "unknown entity id 'E7'"),
        (("entities", 1, "id"), "E1", "duplicate entity ids"),
        (("figures", 0, "category"), "casualties", "category"),
        (("figures", 0, "colour"), "red", "Extra inputs are not permitted"),
        (("entities", 0, "mentions"), [], "at least 1"),
        (("quotes", 0, "contents"), [], "at least 1"),
    ],
)
def test_models_invalid_record_rejected(path: tuple[Any, ...], value: Any, message: str) -> None:
    data = _record()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Record.model_validate(data)


def test_models_unknown_top_level_field_rejected() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Record.model_validate(_record(extra_field=1))


def test_models_schema_snapshot_is_current() -> None:
    """A change to the record contract must update models/record.schema.json (make schema)."""
    assert json.loads(SNAPSHOT.read_text("utf-8")) == models.json_schema()


def test_models_schema_validates_a_dumped_record() -> None:
    record = Record.model_validate(_record())
    jsonschema.validate(json.loads(record.model_dump_json()), models.json_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x"}, models.json_schema())


def test_models_import_no_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, models; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
