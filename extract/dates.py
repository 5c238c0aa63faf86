"""Temporal expressions: DATE/TIME entities normalized against the publication date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import dateparser
from spacy.language import Language
from spacy.tokens import Doc

from extract import attrs

Item = tuple[int, int, dict[str, Any]]


def _normalize(text: str, published: dt.date | None) -> tuple[str | None, str | None]:
    base = dt.datetime.combine(published or dt.date(1, 1, 1), dt.time())
    parsed = dateparser.DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "TIMEZONE": "UTC",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    ).get_date_data(text)
    if parsed.date_obj is None:
        return None, None
    day = parsed.date_obj.date()
    if parsed.period == "year":
        return f"{day:%Y}", "year"
    if parsed.period == "month":
        return f"{day:%Y-%m}", "month"
    return day.isoformat(), "day"


def find_dates(doc: Doc) -> list[Item]:
    """Return the DATE and TIME entities of ``doc`` with TIMEX3-style values."""
    published_raw = getattr(doc._, attrs.PUBLISHED)
    published = dt.date.fromisoformat(published_raw) if published_raw else None
    items: list[Item] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        value, granularity = _normalize(ent.text, published)
        items.append(
            (
                ent.start_char,
                ent.end_char,
                {
                    "id": f"T{len(items) + 1}",
                    "type": ent.label_,
                    "value": value,
                    "granularity": granularity,
                    "relative": False,
                },
            )
        )
    return items


@Language.factory("conflict_dates", requires=["doc.ents"], assigns=["doc.spans"])
def make_date_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_dates` results in ``doc.spans``."""
    attrs.register_extensions()

    def conflict_dates(doc: Doc) -> Doc:
        attrs.set_items(doc, attrs.DATES, find_dates(doc))
        return doc

    return conflict_dates
