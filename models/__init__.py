"""Pydantic records produced by conflict-extract (no spaCy import)."""

from __future__ import annotations

import json
from typing import Any

from models.record import (
    SCHEMA_VERSION,
    Dateline,
    Entity,
    Event,
    Figure,
    Geo,
    Mention,
    Period,
    Provenance,
    Published,
    Quote,
    Record,
    Role,
    Source,
    Span,
    Speaker,
    Tally,
    TimeExpression,
)

__all__ = [
    "SCHEMA_VERSION",
    "Dateline",
    "Entity",
    "Event",
    "Figure",
    "Geo",
    "Mention",
    "Period",
    "Provenance",
    "Published",
    "Quote",
    "Record",
    "Role",
    "Source",
    "Span",
    "Speaker",
    "Tally",
    "TimeExpression",
    "json_schema",
    "json_schema_text",
]


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of `Record`."""
    return Record.model_json_schema()


def json_schema_text() -> str:
    """Return the JSON Schema of `Record` as stable, indented JSON."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
