"""The Doc contract between the pipeline and the extractor components.

Inputs arrive as ``Doc._`` attributes set by the pipeline; each extractor writes its
results to its own span group, one span per item (so spaCy users see them as spans), and
the items' fields, as dicts of JSON primitives in the same order, to ``Doc._.ce_items``
under the group's name. Payloads are kept per item, not per ``Span._`` attribute, because
spaCy keys span attributes by token offsets: two items inside one token ("Q1.Q1") would
share one value. Primitives only, so Docs cross process boundaries intact.

Payloads (offsets are character offsets into ``doc.text``; ``[s, e]`` pairs; every payload
also has ``start``/``end``, added by `set_items`). ``pipeline.build_record`` turns them into
the `models` records of the same names:

- ENTITIES, one span per entity (its first mention): ``id`` ("E1"), ``label``, ``name``,
  ``aliases``, ``roles`` (list of ``{"start", "end", "org_id"}``), ``geo`` (`models.Geo`
  fields or None).
- MENTIONS, one span per mention: ``entity`` (entity id), ``kind`` (`models.Mention.kind`).
- FIGURES: the `models.Figure` fields except ``text``; ``mentions`` is a list of ``[s, e]``.
- QUOTES, one span over the whole attribution: ``id``, ``kind``, ``contents`` (list of
  ``[s, e]``), ``cue`` and ``addressee`` (``[s, e]`` or None), ``speaker`` (None or
  ``{"start", "end", "entity_id", "name", "resolution", "role"}``).
- DATES: the `models.TimeExpression` fields except ``text``; ``period`` is ``[iso, iso]``.
- EVENTS, one span per event (its trigger, or its first sentence): the `models.Event` fields
  with ``trigger`` and ``sentence`` as ``[s, e]`` (or None) and ``tallies`` as
  ``{category: {"best", "low", "high", "figure_ids", "mentions": [[s, e], ...]}}``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

from extract.errors import TimeBudgetError

PUBLISHED = "ce_published"  # Doc: ISO date string or None
DATELINE = "ce_dateline"  # Doc: [start_char, end_char] or None
TITLE = "ce_title"  # Doc: the article's headline, read for the main incident's counts, or None
WARNINGS = "ce_warnings"  # Doc: list of strings or None
ERROR = "ce_error"  # Doc: why this Doc's article must fail (over its time budget), or None
ITEMS = "ce_items"  # Doc: {span group name: [payload, ...]}, aligned with doc.spans[group]
BUDGET = "ce_budget"  # Doc: seconds the components may still spend on it, or None (no limit)
DEADLINE = "ce_deadline"  # Doc: time.monotonic() the running component must end by, or None

# span group names
ENTITIES = "ce_entities"
MENTIONS = "ce_mentions"
FIGURES = "ce_figures"
QUOTES = "ce_quotes"
DATES = "ce_dates"
EVENTS = "ce_events"


def register_extensions() -> None:
    """Register the ``Doc._`` and ``Span._`` attributes (idempotent)."""
    for name in (PUBLISHED, DATELINE, TITLE, WARNINGS, ERROR, ITEMS, BUDGET, DEADLINE):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def check_deadline(doc: Doc) -> None:
    """Raise `TimeBudgetError` when the Doc's article is past its time budget.

    `guarded` calls it around every component; a component with a long loop may call it
    inside the loop, so that even one slow component cannot stall the batch.
    """
    deadline = getattr(doc._, DEADLINE)
    if deadline is not None and time.monotonic() > deadline:
        raise TimeBudgetError("over budget")


def guarded(name: str, component: Callable[[Doc], Doc]) -> Callable[[Doc], Doc]:
    """Wrap a component so that its failure on one Doc costs only its own items there.

    When the component raises, what it stored on the Doc (span groups, payloads, corrected
    ``doc.ents``) is put back as it was and a warning names the failure: the record keeps
    what the other components found, and later components run on what exists. A Doc past
    its time budget (`BUDGET`, spent by each component in turn) gets `ERROR`, its article
    fails with that error, and later components skip it.
    """

    def run(doc: Doc) -> Doc:
        if getattr(doc._, ERROR):
            return doc
        budget = getattr(doc._, BUDGET)
        started = time.monotonic()
        setattr(doc._, DEADLINE, None if budget is None else started + budget)
        items, groups, ents = dict(getattr(doc._, ITEMS) or {}), set(doc.spans), doc.ents
        try:
            check_deadline(doc)
            component(doc)
            check_deadline(doc)
        except TimeBudgetError:
            setattr(doc._, ERROR, f"in {name}")
        except Exception as exc:  # one extractor's failure must not lose the article
            setattr(doc._, ITEMS, items)
            for group in set(doc.spans) - groups:
                del doc.spans[group]
            doc.ents = ents
            add_warning(
                doc,
                f"{name} failed on this article ({type(exc).__name__}: {str(exc)[:200]}); "
                "its items were left out and the other extractors' kept (please report this)",
            )
        finally:
            setattr(doc._, DEADLINE, None)
            if budget is not None:
                setattr(doc._, BUDGET, budget - (time.monotonic() - started))
        return doc

    return run


def add_warning(doc: Doc, message: str) -> None:
    """Append a warning to the Doc, to be copied into the record."""
    setattr(doc._, WARNINGS, [*(getattr(doc._, WARNINGS) or []), message])


def set_items(doc: Doc, group: str, items: list[tuple[int, int, dict[str, Any]]]) -> None:
    """Store ``(start_char, end_char, payload)`` items as the span group ``group``."""
    spans: list[Span] = []
    payloads: list[dict[str, Any]] = []
    for start, end, payload in items:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:  # only whitespace inside the offsets
            continue
        spans.append(span)
        payloads.append({"start": start, "end": end, **payload})
    doc.spans[group] = spans
    setattr(doc._, ITEMS, {**(getattr(doc._, ITEMS) or {}), group: payloads})


def get_items(doc: Doc, group: str) -> list[dict[str, Any]]:
    """Return the payloads of the span group ``group``, in the order they were stored."""
    stored: list[dict[str, Any]] = (getattr(doc._, ITEMS) or {}).get(group, [])
    return stored
