"""Record spans as displaCy span-style markup: overlapping highlights, each linked to its item.

displaCy's span renderer stacks overlapping spans (an entity inside a quote) as coloured bars
under the tokens, with a tag at each span's start; the tag links to the item's details. Token
text is HTML-escaped by displaCy, labels and ids here.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import Any, get_args

from spacy import displacy

from models import Record
from models.record import EntityLabel, EventType, FigureCategory, TallyCategory, TimexType

KIND_COLORS = {
    **{kind: f"var(--ce-{kind})" for kind in ("figure", "quote", "speaker", "date")},
    "event": "var(--ce-incident)",
}
COLORS: dict[str, str] = {
    **{label: f"var(--ce-{label.lower()})" for label in get_args(EntityLabel)},
    **{category.upper(): KIND_COLORS["figure"] for category in get_args(FigureCategory)},
    **{timex: KIND_COLORS["date"] for timex in get_args(TimexType)},
    **{kind.upper(): KIND_COLORS["event"] for kind in get_args(EventType)},
    **{f"{c.upper()} (EVENT)": KIND_COLORS["event"] for c in get_args(TallyCategory)},
    "QUOTE": KIND_COLORS["quote"],
    "SPEAKER": KIND_COLORS["speaker"],
}
# displaCy's own templates put whitespace around every token; these keep the text's spacing.
_TEMPLATE = {
    "span": '<span class="ce-tok" style="height: {total_height}px">'
    "{text}{span_slices}{span_starts}</span>",
    "slice": '<span class="ce-bar" style="background: {bg}; top: {top_offset}px"></span>',
    "start": '<span class="ce-bar" style="background: {bg}; top: {top_offset}px">'
    '<span class="ce-tag" style="background: {bg}">{label}{kb_link}</span></span>',
}
_OPTIONS: dict[str, Any] = {
    "colors": COLORS,
    "template": _TEMPLATE,
    "top_offset": 30,
    "span_label_offset": 12,
    "top_offset_step": 12,
}
_WORD = re.compile(r"\S+\s*|\s+")
_LINE = re.compile(r"[^\n]+")

Anchors = dict[str, dict[str, str]]
"""Element id of each item: ``anchors[kind][item id]``, kinds entity, figure, quote, date,
event."""


@dataclass(frozen=True)
class Mark:
    """One highlight: character offsets, displaCy label, and the item it belongs to."""

    start: int
    end: int
    label: str
    item: str
    anchor: str


def record_marks(record: Record, anchors: Anchors) -> Iterator[Mark]:
    """Yield the highlights of entity mentions, figures, quote contents and speakers, dates,
    and of events: the trigger (labelled with the type) and the singular victims counted."""
    a = anchors
    for ent in record.entities:
        for m in ent.mentions:
            yield Mark(m.start, m.end, ent.label, ent.id, a["entity"][ent.id])
    for fig in record.figures:
        for s in (fig, *fig.mentions):
            yield Mark(s.start, s.end, fig.category, fig.id, a["figure"][fig.id])
    for q in record.quotes:
        for s in q.contents:
            yield Mark(s.start, s.end, "quote", q.id, a["quote"][q.id])
        if q.speaker is not None:
            sp = q.speaker
            yield Mark(sp.start, sp.end, "speaker", q.id, a["quote"][q.id])
    for d in record.dates:
        yield Mark(d.start, d.end, d.type.lower(), d.id, a["date"][d.id])
    for ev in record.events:
        anchor = a["event"][ev.id]
        if ev.trigger is not None:
            yield Mark(ev.trigger.start, ev.trigger.end, ev.type, ev.id, anchor)
        for category, tally in ev.tallies():
            for victim in tally.mentions:
                yield Mark(victim.start, victim.end, f"{category} (event)", ev.id, anchor)


def _paragraph(text: str, start: int, end: int, marks: list[Mark]) -> dict[str, Any]:
    """displaCy's manual span input for ``text[start:end]``: tokens split at every mark edge.

    Text under a mark is split into words, each with the spaces after it, so a highlight can
    wrap between words and its bar runs on under the spaces; unmarked text stays one token, so
    its spacing and punctuation render as written.
    """
    inside = [(max(m.start, start), min(m.end, end), m) for m in marks]
    inside = [(s, e, m) for s, e, m in inside if s < e]
    cuts = sorted({start, end, *(s for s, _, _ in inside), *(e for _, e, _ in inside)})
    depth = Counter[int]()
    for s, e, _ in inside:
        depth[s] += 1
        depth[e] -= 1
    tokens: list[str] = []
    index: dict[int, int] = {}
    covered = 0
    for s, e in itertools.pairwise(cuts):
        covered += depth[s]
        pieces = [w.span() for w in _WORD.finditer(text, s, e)] if covered else [(s, e)]
        for ps, pe in pieces:
            index[ps] = len(tokens)
            tokens.append(text[ps:pe])
    index[end] = len(tokens)
    spans = [
        {
            "start_token": index[s],
            "end_token": index[e],
            "label": escape(m.label),
            "kb_id": escape(m.item),
            "kb_url": f"#{m.anchor}",
        }
        for s, e, m in inside
    ]
    return {"tokens": tokens, "spans": spans}


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """Return displaCy span-style HTML for ``text``, one block per non-empty line."""
    ordered = sorted(marks, key=lambda m: (m.start, m.end))
    paragraphs = []
    for line in _LINE.finditer(text):
        if line.group().strip():
            near = [m for m in ordered if m.start < line.end() and m.end > line.start()]
            paragraphs.append(_paragraph(text, line.start(), line.end(), near))
    if not paragraphs:
        return ""
    html: str = displacy.render(
        paragraphs, style="span", manual=True, jupyter=False, options=_OPTIONS
    )
    return html
