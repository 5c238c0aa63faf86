"""Load records into a SQL database (SQLite by default, PostgreSQL by URL) and read them back.

>>> with Database("sqlite:///out/records.db") as db:  # doctest: +SKIP
...     db.write_many(records)

The tables are in `extract.db.tables`. Loading is idempotent: each article has a key
(`extract.db.tables.article_key`); writing a record whose key is stored replaces the
article's rows in one transaction, or does nothing when the record is unchanged. The
database remembers the record schema version it was created for, and opening one of another
version raises `DatabaseVersionError` before anything is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import Connection, create_engine, delete, event, insert, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.schema import CreateSchema

from extract.db.tables import (
    RECORD_TABLES,
    Origin,
    articles,
    metadata,
    record_rows,
    schema_info,
    source_key,
)
from extract.errors import DatabaseError, DatabaseVersionError
from models import SCHEMA_VERSION, Record

DEFAULT_URL = "sqlite:///out/records.db"
WriteStatus = Literal["inserted", "replaced", "unchanged"]
_WRITE = "conflict_extract_write"  # execution option: this transaction will write
_CONNECT_ARGS: dict[str, dict[str, Any]] = {
    "sqlite": {"timeout": 60},  # seconds a writer waits for another one's lock
    "postgresql": {"options": "-c synchronous_commit=off"},  # as WAL + NORMAL on SQLite
}


@dataclass
class LoadSummary:
    """How many records a load inserted, replaced, or found unchanged."""

    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0

    def add(self, status: WriteStatus) -> None:
        """Count one write."""
        setattr(self, status, getattr(self, status) + 1)


def database_url(url: str) -> URL:
    """Parse a SQLAlchemy URL; plain ``postgresql://`` uses psycopg 3 (the installed driver)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"invalid database URL {url!r}: {exc}") from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite starts transactions lazily and never for DDL; take them over so schema
    # creation is atomic and concurrent writers queue instead of failing to upgrade a lock.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")
    # with the WAL journal (set once the database is known to be ours): no fsync per
    # article, which made loading disk-bound; a crash may lose the last commits (whole
    # articles, which a resumed run writes again) but never leaves half of one
    dbapi_connection.execute("PRAGMA synchronous = NORMAL")


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


class Database:
    """A database holding records, opened (and its tables created) from a SQLAlchemy URL.

    ``schema`` puts the tables in that PostgreSQL schema (created if missing). Raises
    `DatabaseError` when the database cannot be opened and `DatabaseVersionError` when it
    holds tables of another schema version, or tables of the same names not made here.
    """

    def __init__(self, url: str = DEFAULT_URL, *, schema: str | None = None) -> None:
        parsed = database_url(url)
        self.url = parsed.render_as_string(hide_password=True)
        self.schema = schema
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite and parsed.database not in (None, "", ":memory:"):
            Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = create_engine(
                parsed,
                connect_args=_CONNECT_ARGS.get(parsed.get_backend_name(), {}),
                execution_options={"schema_translate_map": {None: schema}} if schema else {},
            )
        except (ArgumentError, ImportError) as exc:
            raise DatabaseError(f"cannot use {self.url}: {exc}") from exc
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        try:
            self._prepare()
            if sqlite:
                raw = self.engine.raw_connection()
                try:
                    raw.cursor().execute("PRAGMA journal_mode = WAL")
                finally:
                    raw.close()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            self.engine.dispose()
            raise DatabaseError(f"cannot open {self.url}: {exc}") from exc
        except DatabaseError:
            self.engine.dispose()
            raise

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    def _prepare(self) -> None:
        with self._writing() as conn:
            if self.schema and conn.dialect.name == "postgresql":
                conn.execute(CreateSchema(self.schema, if_not_exists=True))
            found = self._stored_version(conn)
            if found is not None and found != SCHEMA_VERSION:
                raise DatabaseVersionError(
                    f"{self.url} holds conflict-extract tables of schema version {found}, "
                    f"but this release writes version {SCHEMA_VERSION}: load into a new "
                    "database (or another --db URL), or drop the old tables first"
                )
            metadata.create_all(conn)
            if found is None:
                version = {"name": "schema_version", "value": SCHEMA_VERSION}
                conn.execute(insert(schema_info).values(version))

    def _stored_version(self, conn: Connection) -> str | None:
        names = set(inspect(conn).get_table_names(schema=self.schema))
        if schema_info.name not in names:
            clashes = sorted(names & {t.name for t in RECORD_TABLES})
            if clashes:
                raise DatabaseVersionError(
                    f"{self.url} already has tables named {', '.join(clashes)} that were not "
                    "made by conflict-extract (no schema_info table); use another database"
                )
            return None
        version: str | None = conn.execute(
            select(schema_info.c.value).where(schema_info.c.name == "schema_version")
        ).scalar_one_or_none()
        return version

    def write(self, record: Record) -> WriteStatus:
        """Store one record in one transaction: insert it, replace its article's rows, or
        leave them when the stored record is identical."""
        rows = record_rows(record)
        key, digest = rows["articles"][0]["article_key"], rows["articles"][0]["digest"]
        try:
            with self._writing() as conn:
                stored = conn.execute(
                    select(articles.c.digest).where(articles.c.article_key == key)
                ).scalar_one_or_none()
                if stored == digest:
                    return "unchanged"
                if stored is not None:
                    conn.execute(delete(articles).where(articles.c.article_key == key))
                for table in RECORD_TABLES:
                    if rows[table.name]:
                        conn.execute(insert(table), rows[table.name])
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot write {key} to {self.url}: {exc}") from exc
        return "inserted" if stored is None else "replaced"

    def write_many(self, records: Iterable[Record]) -> LoadSummary:
        """Store records one transaction each, streaming (never holding them all)."""
        summary = LoadSummary()
        for record in records:
            summary.add(self.write(record))
        return summary

    def stored_keys(self) -> dict[str, str]:
        """Return the article key and record id of every stored article."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(articles.c.article_key, articles.c.record_id))
            return {key: record_id for key, record_id in rows}

    def read_records(self, keys: Iterable[str] | None = None) -> Iterator[Record]:
        """Stream the stored records (all, or those of ``keys``) in article-key order."""
        query = select(articles.c.record).order_by(articles.c.article_key)
        if keys is not None:
            query = query.where(articles.c.article_key.in_(list(keys)))
        with self.engine.connect() as conn:
            for data in conn.execution_options(yield_per=200).execute(query).scalars():
                yield Record.model_validate(data)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class DatabaseWriter:
    """The CLI's `extract.io.Writer` for a database: an article is done when its key is
    stored (as the run started); writing replaces what a previous run stored."""

    def __init__(self, url: str = DEFAULT_URL, *, schema: str | None = None) -> None:
        self.database = Database(url, schema=schema)
        self._done = set(self.database.stored_keys())

    def done(self, article: Origin) -> bool:
        """Whether a previous run stored this article."""
        key = source_key(article)
        return key is not None and key in self._done

    def write(self, article: Origin, record: Record) -> str:
        """Store the record in one transaction; returns the database URL (no password)."""
        self.database.write(record)
        return self.database.url

    def close(self) -> None:
        """Close the database's connections."""
        self.database.close()
