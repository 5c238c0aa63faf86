"""conflict-extract: entities, figures, quotes and dates from conflict news articles.

>>> from extract import extract_text
>>> record = extract_text("At least 300 people were killed.", published="2010-07-16")
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

# first: spaCy is imported here without its command line (`extract.spacyimport`)
from extract import spacyimport  # noqa: F401
from extract.article import Article, parse_date
from extract.errors import (
    ComponentError,
    ExtractError,
    InputError,
    ModelNotFoundError,
    ResourceError,
)
from extract.io import ReadError, read_articles
from extract.pipeline import Extractor, Outcome, load_pipeline
from models import Record

if TYPE_CHECKING:
    from extract.render import Review, render_page, render_record

__all__ = [
    "Article",
    "ComponentError",
    "ExtractError",
    "Extractor",
    "InputError",
    "ModelNotFoundError",
    "Outcome",
    "ReadError",
    "Record",
    "ResourceError",
    "Review",
    "extract_file",
    "extract_many",
    "extract_text",
    "load_pipeline",
    "read_articles",
    "render_page",
    "render_record",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

_LAZY = {
    "Review": "extract.render",
    "render_page": "extract.render",
    "render_record": "extract.render",
}


def __getattr__(name: str) -> Any:
    """Import the review page's code only when it is first used (a faster ``import extract``)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)


def extract_text(
    text: str,
    *,
    published: str | dt.date | None = None,
    title: str | None = None,
    model: str | None = None,
) -> Record:
    """Extract one record from article text (the pipeline is loaded once and reused)."""
    return Extractor(model).extract_text(text, published=published, title=title)


def extract_file(
    path: str | Path, *, published: str | dt.date | None = None, model: str | None = None
) -> list[Record]:
    """Extract the records of one file (a .jsonl file holds many); raises on any bad part."""
    records = []
    for outcome in extract_many([str(path)], published=published, model=model):
        if outcome.exception is not None:
            raise outcome.exception
        assert outcome.record is not None
        records.append(outcome.record)
    return records


def extract_many(
    inputs: Iterable[str | Path | Article],
    *,
    published: str | dt.date | None = None,
    model: str | None = None,
) -> Iterator[Outcome]:
    """Stream outcomes for paths (files, folders, globs) or `Article` objects, in order.

    Each `Outcome` holds a record or the error for that input; errors never stop the stream.
    """
    date = parse_date(published) if published is not None else None
    if published is not None and date is None:
        raise InputError(f"invalid published date {published!r}")

    def items() -> Iterator[Article | ReadError]:
        for item in inputs:
            if isinstance(item, Article):
                yield item
            else:
                yield from read_articles([str(item)])

    return Extractor(model).extract_many(items(), published=date)
