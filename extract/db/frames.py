"""Records as pandas DataFrames with the database's tables and columns, for notebooks.

>>> frames = records_to_frames(records)  # doctest: +SKIP
>>> frames["figures"].groupby("category")["low"].sum()  # doctest: +SKIP

Columns and their order come from `extract.db.tables`, so a frame built here equals the same
table read back from a database with `read_frames`. Numbers use pandas' nullable types
(``Int64``, ``Float64``, ``boolean``), dates are ``datetime64``, text is ``string``, and
JSON columns hold Python lists and dicts.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import JSON, Boolean, Date, Float, Integer, Table, select

from extract.db import Database
from extract.db.tables import RECORD_TABLES, Row, record_rows
from models import Record

TABLES: dict[str, Table] = {table.name: table for table in RECORD_TABLES}


def _dtype(table: Table, column: str) -> str:
    kind = table.c[column].type
    if isinstance(kind, JSON):
        return "object"
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "Int64"
    if isinstance(kind, Float):
        return "Float64"
    if isinstance(kind, Date):
        return "datetime64[s]"
    return "string"


def table_frame(table: Table, rows: Iterable[Row]) -> pd.DataFrame:
    """Return ``rows`` of ``table`` as a DataFrame with the table's columns and types."""
    columns = [column.name for column in table.columns]
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    return frame.astype({name: _dtype(table, name) for name in columns})


def records_to_frames(records: Iterable[Record]) -> dict[str, pd.DataFrame]:
    """Return one DataFrame per database table (articles, entities, mentions, roles, dates,
    figures, figure_mentions, figure_entities, quotes, quote_contents, events, event_tallies,
    event_entities) for ``records``."""
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    for record in records:
        for name, table_rows in record_rows(record).items():
            rows[name] += table_rows
    return {name: table_frame(table, rows[name]) for name, table in TABLES.items()}


def read_frames(database: Database, names: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read database tables (all, or ``names``) into DataFrames like `records_to_frames`'s,
    rows in primary-key order."""
    frames = {}
    with database.engine.connect() as conn:
        for name in TABLES if names is None else names:
            table = TABLES[name]
            query = select(table).order_by(*table.primary_key.columns)
            frames[name] = table_frame(table, (dict(row) for row in conn.execute(query).mappings()))
    return frames
