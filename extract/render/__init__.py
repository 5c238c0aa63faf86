"""Review view: a record's text with its extractions highlighted, as HTML.

The highlighting is displaCy's span style (``manual=True``), which stacks overlapping spans
(an entity inside a quote); each highlight's tag links to the item's details in a side panel,
and a small script copies those details into the tag's tooltip. Every piece of record text is
HTML-escaped, and a page runs no script but its own (Content-Security-Policy hash).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import get_args

from extract.errors import ResourceError
from extract.io import write_atomic
from extract.render.highlights import COLORS, KIND_COLORS, Anchors, highlight, record_marks
from models import Record
from models.record import Entity, Event, Figure, FigureCategory, Quote, TimeExpression

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_LETTER = {"event": "v"}  # anchors: entities take "e"


@cache
def asset(name: str) -> str:
    """Return the text of a packaged render resource (render.css, render.js)."""
    try:
        return resources.files("extract.resources").joinpath(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"missing resource file {name!r}") from exc


class _View:
    """A record with the anchors of its items, so highlights, panel and summary link up."""

    def __init__(self, record: Record, prefix: str) -> None:
        self.record = record
        ids = {
            "entity": [e.id for e in record.entities],
            "figure": [f.id for f in record.figures],
            "quote": [q.id for q in record.quotes],
            "date": [d.id for d in record.dates],
            "event": [e.id for e in record.events],
        }
        self.anchors: Anchors = {
            kind: {
                ident: f"{prefix}-{_LETTER.get(kind, kind[0])}{i}" for i, ident in enumerate(idents)
            }
            for kind, idents in ids.items()
        }
        self.names = {e.id: e.name for e in record.entities}


def amount(fig: Figure) -> str:
    """A figure's count in words an analyst reads: '52', '≥300', '2,000–9,999', 'none'."""
    if fig.negated:
        return "none"
    low, high, value = fig.low, fig.high, fig.value
    if low is not None and high is not None and low != high:
        bounds = f"{low:,}–{high:,}"
        return f"{value:,} ({bounds})" if value is not None else bounds
    if value is not None or (low is not None and low == high):
        best = value if value is not None else low
        return f"{'~' if fig.approximate else ''}{best:,}"
    if low is not None:
        return f"≥{low:,}"
    if high is not None:
        return f"≤{high:,}"
    return f"“{fig.text}”"


def _chip(label: str, color: str) -> str:
    return f'<span class="ce-chip" style="background: {color}">{escape(label)}</span>'


def _item(anchor: str, chip: str, head: str, details: dict[str, object]) -> str:
    rows = "".join(
        f'<br><span class="ce-kv"><i>{escape(key)}</i> {escape(str(value))}</span>'
        for key, value in details.items()
        if value not in (None, "", 0)
    )
    return f'<li id="{anchor}">{chip} <b>{escape(head.strip())}</b>{rows}</li>'


def _date_text(view: _View, date_id: str | None) -> str:
    date = next((d for d in view.record.dates if d.id == date_id), None)
    return f"{date.value or '?'} ({date.text})" if date else ""


def _entity(view: _View, e: Entity) -> str:
    kinds = Counter(m.kind for m in e.mentions)
    how = ", ".join(f"{n} {kind}" for kind, n in kinds.items()) if set(kinds) != {"name"} else ""
    return _item(
        view.anchors["entity"][e.id],
        _chip(f"{e.label} {e.id}", COLORS[e.label]),
        e.name,
        {
            "aliases": ", ".join(e.aliases),
            "roles": "; ".join(role.text for role in e.roles),
            "place": e.geo and f"{e.geo.name}, {e.geo.country_code or '?'} ({e.geo.feature})",
            "mentions": f"{len(e.mentions)} ({how})" if how else len(e.mentions),
        },
    )


def _figure(view: _View, f: Figure) -> str:
    flags = ", ".join(name for name in ("approximate", "vague", "negated") if getattr(f, name))
    return _item(
        view.anchors["figure"][f.id],
        _chip(f"{f.category} {f.id}", KIND_COLORS["figure"]),
        f"{amount(f)} {f.counted or ''}",
        {
            "text": f.text,
            "value / low / high": f"{f.value} / {f.low} / {f.high}",
            "flags": flags,
            "modality": f.modality,
            "about": ", ".join(view.names.get(i, i) for i in f.entity_ids),
            "date": _date_text(view, f.date_id),
            "repeated": len(f.mentions),
        },
    )


def _quote(view: _View, q: Quote) -> str:
    sp = q.speaker
    said = " … ".join(c.text for c in q.contents)
    return _item(
        view.anchors["quote"][q.id],
        _chip(f"{q.kind} quote {q.id}", KIND_COLORS["quote"]),
        (sp.name or sp.text) if sp else "no speaker",
        {
            "speaker": sp and f"“{sp.text}” → {sp.name or 'unresolved'} ({sp.resolution})",
            "role": sp and sp.role,
            "cue": q.cue and q.cue.text,
            "addressee": q.addressee and q.addressee.text,
            "said": said if len(said) <= 240 else said[:239] + "…",
        },
    )


def _date(view: _View, d: TimeExpression) -> str:
    return _item(
        view.anchors["date"][d.id],
        _chip(f"{d.type.lower()} {d.id}", KIND_COLORS["date"]),
        d.value or "unresolved",
        {
            "text": d.text,
            "granularity": d.granularity,
            "relative": "to the publication date" if d.relative else None,
            "period": d.period and f"{d.period.start} – {d.period.end}",
        },
    )


def _event(view: _View, ev: Event) -> str:
    tallies: dict[str, object] = {
        category: f"{t.best}"
        + (f" ({t.low}–{t.high})" if t.low != t.high else "")
        + (f" from the headline: {'; '.join(s.text for s in t.headline)}" if t.headline else "")
        for category, t in ev.tallies()
    }
    return _item(
        view.anchors["event"][ev.id],
        _chip(f"{ev.type} {ev.id}", KIND_COLORS["event"]),
        f"{ev.sub_type or ev.type}{'' if ev.main else ' (background)'}",
        {
            **tallies,
            "date": _date_text(view, ev.date_id),
            "where": ", ".join(view.names.get(i, i) for i in ev.place_ids),
            "actors": ", ".join(view.names.get(i, i) for i in ev.actor_ids),
            "targets": ", ".join(view.names.get(i, i) for i in ev.target_ids),
            "evidence": ev.sentence and ev.sentence.text,
        },
    )


def _panel(view: _View) -> str:
    """The details of every item, each with the id the highlights link to."""
    r = view.record
    sections = [
        f"<h4>{title} ({len(items)})</h4><ul>{''.join(items)}</ul>"
        for title, items in (
            ("Events", [_event(view, e) for e in r.events]),
            ("Entities", [_entity(view, e) for e in r.entities]),
            ("Figures", [_figure(view, f) for f in r.figures]),
            ("Quotes", [_quote(view, q) for q in r.quotes]),
            ("Dates", [_date(view, d) for d in r.dates]),
        )
        if items
    ]
    return f'<aside class="ce-panel">{"".join(sections)}</aside>'


def _summary(view: _View) -> str:
    """Figures per category with their places and dates, then who is quoted how often."""
    r, a = view.record, view.anchors
    rows = []
    for category in get_args(FigureCategory):
        items = []
        for f in (f for f in r.figures if f.category == category):
            context = [view.names.get(i, i) for i in f.entity_ids]
            context += [_date_text(view, f.date_id)] if f.date_id else []
            context += [f.modality] if f.modality != "reported" else []
            items.append(
                f'<a href="#{a["figure"][f.id]}">{escape(amount(f))}</a> {escape(f.counted or "")}'
                + (
                    f' <span class="ce-context">{escape(" · ".join(context))}</span>'
                    if context
                    else ""
                )
            )
        if items:
            chip = _chip(category, KIND_COLORS["figure"])
            rows.append(f"<tr><th>{chip}</th><td>{'; '.join(items)}</td></tr>")
    quoted = Counter(
        (q.speaker.name or q.speaker.text, q.speaker.entity_id)
        if q.speaker
        else ("no speaker", None)
        for q in r.quotes
    )
    who = [
        (
            f'<a href="#{a["entity"][eid]}">{escape(name)}</a>'
            if eid in a["entity"]
            else escape(name)
        )
        + f" ×{n}"
        for (name, eid), n in quoted.most_common()
    ]
    if who:
        chip = _chip("quoted", KIND_COLORS["speaker"])
        rows.append(f"<tr><th>{chip}</th><td>{' · '.join(who)}</td></tr>")
    if not rows:
        return '<p class="ce-summary">No figures and no quotes.</p>'
    return f'<table class="ce-summary">{"".join(rows)}</table>'


def _header(record: Record) -> str:
    p, src = record.published, record.source
    meta = [
        f"published {p.date} ({p.source})" if p.date else "publication date unknown",
        f"dateline “{record.dateline.text}”" if record.dateline else "",
        f"{src.path}:{src.line}" if src.path and src.line else src.path or "",
        src.url or "",
        f"id {record.id[:12]}",
    ]
    counts = (
        f"{len(record.entities)} entities · {len(record.figures)} figures · "
        f"{len(record.quotes)} quotes · {len(record.dates)} dates · {len(record.events)} events"
    )
    warnings = "".join(f"<li>{escape(w)}</li>" for w in record.warnings)
    return (
        f"<header><h2>{escape(record.title or 'Untitled article')}</h2>"
        f'<p class="ce-meta">{escape(" · ".join(m for m in meta if m))}<br>{counts}</p>'
        + (f'<ul class="ce-warnings">{warnings}</ul>' if warnings else "")
        + "</header>"
    )


def _legend(record: Record) -> str:
    labels = dict.fromkeys(e.label for e in record.entities)
    chips = [_chip(label, COLORS[label]) for label in labels]
    chips += [_chip(kind, color) for kind, color in KIND_COLORS.items()]
    return f'<p class="ce-legend">{"".join(chips)}</p>'


def render_record(record: Record, *, anchor: str | None = None, assets: bool = True) -> str:
    """Return an HTML fragment showing ``record``: summary, highlighted text, details panel.

    ``anchor`` is the section's id (default: from the record id); ``assets`` includes the
    stylesheet and script, as a notebook needs for each output (a page includes them once).
    """
    prefix = _UNSAFE.sub("_", anchor or f"ce-{record.id[:12]}")
    view = _View(record, prefix)
    text = highlight(record.text, record_marks(record, view.anchors))
    section = (
        f'<section class="ce-record" id="{prefix}">{_header(record)}{_summary(view)}'
        f'{_legend(record)}<div class="ce-body"><div class="ce-text">{text}</div>'
        f"{_panel(view)}</div></section>"
    )
    if not assets:
        return section
    return f'<div class="ce-view"><style>{asset("render.css")}</style>{section}{_script()}</div>'


def _script() -> str:
    return f"<script>{asset('render.js')}</script>"


def _index(records: Sequence[Record]) -> str:
    rows = "".join(
        f'<tr><td><a href="#ce-r{i}">{escape(r.title or r.source.path or r.id[:12])}</a></td>'
        f"<td>{r.published.date or ''}</td><td>{len(r.entities)}</td><td>{len(r.figures)}</td>"
        f"<td>{len(r.quotes)}</td><td>{len(r.dates)}</td><td>{len(r.warnings) or ''}</td></tr>"
        for i, r in enumerate(records)
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Article", "Published", "Entities", "Figures", "Quotes", "Dates", "Warnings")
    )
    return f'<nav class="ce-index"><table><tr>{head}</tr>{rows}</table></nav>'


def render_page(
    records: Iterable[Record], *, title: str = "conflict-extract review", standalone: bool = True
) -> str:
    """Return a browsable page of ``records``: an index linking to one section per record.

    Standalone, it is a complete HTML document with no network resource, whose
    Content-Security-Policy lets only its own script run; otherwise a fragment for notebooks.
    """
    records = list(records)
    body = (
        f"<h1>{escape(title)}</h1>{_index(records)}"
        + "".join(render_record(r, anchor=f"ce-r{i}", assets=False) for i, r in enumerate(records))
        + _script()
    )
    if not standalone:
        return f'<div class="ce-view"><style>{asset("render.css")}</style>{body}</div>'
    digest = base64.b64encode(hashlib.sha256(asset("render.js").encode()).digest()).decode()
    policy = (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
        "img-src data:"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{asset('render.css')}</style></head>"
        f'<body><div class="ce-view">{body}</div></body></html>\n'
    )


@dataclass(frozen=True)
class Review:
    """Records as one browsable page: displays itself in notebooks, ``save`` writes a file."""

    records: Sequence[Record]
    title: str = "conflict-extract review"

    def _repr_html_(self) -> str:
        return render_page(self.records, title=self.title, standalone=False)

    def save(self, path: str | Path) -> None:
        """Write the page as a self-contained HTML file."""
        write_atomic(Path(path), render_page(self.records, title=self.title))


# Notebook display, registered from this side so that `models` imports nothing from `extract`.
setattr(Record, "_repr_html_", render_record)  # noqa: B010 (Record does not declare it)
