"""Temporal expressions: found by rules and the model, normalized against the publication date.

Detection: the patterns of `timex_grammar` (rules kept as data) find components in the
text; adjacent components join into one expression (`joins`). A confident pattern stands
on its own; an ambiguous one (a bare month or year, "the year", "weeks") needs the spaCy
model's DATE/TIME entity around it or a telling word before it ("in April"). Model
entities no rule matched are kept without a value when they name a unit of time. Nothing
inside a name (the Sunday Times), no modal ("May I") and no verb ("March to the palace")
is a date; lower-case "may" and "march" never are.

Normalization: `compose` (the `timex_resolve` resolvers) with the publication date as
anchor, the tense of the governing verb (past, present, future) and the document's
previous date; without a publication date, relative expressions get no value and the
Doc a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract import attrs
from extract.dates.grammar import Component, Parts, names_time, preload, scan
from extract.dates.resolve import RESOLVERS, Context, year_of
from extract.dates.timex import Tense, Timex, Unit, at_clock, at_day, narrow
from extract.lexicon import read_words

Item = tuple[int, int, dict[str, Any]]

TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_FUTURE_AUX = frozenset(
    {"will", "shall", "'ll", "wo", "would", "'d", "can", "ca", "may", "might", "should", "must"}
)
_PERFECT = frozenset({"has", "have", "'ve", "had", "'d"})
_AGE = re.compile(r"[ -]old\b|-olds\b| of age\b|\byears? old\b", re.IGNORECASE)
_PRESENT = frozenset({"is", "are", "am", "'re", "'m", "'s"})


def cluster(components: Sequence[Component], text: str) -> Iterator[list[Component]]:
    """Group adjacent components into expressions ('early' + 'next year')."""
    current: list[Component] = []
    for c in components:
        if current and joins(current, c, text[current[-1].end : c.start]):
            current.append(c)
            continue
        if current:
            yield current
        current = [c]
    if current:
        yield current


def _role(c: Component) -> str:
    """mod ('early'), time ('9 a.m.', 'night'), year ('1984', 'last year') or core."""
    if c.kind == "mod":
        return "mod"
    if c.kind in ("clock", "part"):
        return "time"
    if c.kind == "year" or (c.kind in ("relative", "offset") and c.parts.unit == "Y"):
        return "year" if not c.parts.article else "core"
    return "core"


def _is_day(c: Component) -> bool:
    return c.kind in ("weekday", "deictic") or (c.kind == "calendar" and c.parts.day is not None)


_GLUE = frozenset(("", "-", ",", "of", "on", "at", "in", "in the", "@", "|"))
_YEARLESS = frozenset(("calendar", "season", "quarter", "half", "same"))


def joins(cluster: Sequence[Component], c: Component, glue: str) -> bool:
    """Whether ``c`` continues the expression ``cluster``: 'early' + 'next year',
    'Friday' + 'night', '9 a.m.' + 'Tuesday', 'Oct. 13' + ', 1999', 'the third quarter'
    + 'of last year', 'the same period' + 'a year earlier'."""
    if glue.strip().lower() not in _GLUE or "\n" in glue:
        return False
    roles = [_role(x) for x in cluster]
    core = [x for x in cluster if _role(x) == "core"]
    role = _role(c)
    if role == "mod":
        return set(roles) == {"mod"}
    if "year" in roles:
        return False
    if role == "time":
        return "time" not in roles and all(_is_day(x) for x in core)
    if role == "year":
        if not core:
            return "time" not in roles
        main = core[-1]
        return len(core) == 1 and main.kind in _YEARLESS and main.parts.year is None
    if c.kind == "weekday":
        return all(x.kind == "calendar" and x.parts.day for x in core)
    if _is_day(c):
        return all(x.kind == "weekday" for x in core)
    return not core and "time" not in roles


def _year_of_weekday(parts: Parts, weekday: int | None, anchor: dt.date) -> int | None:
    """The year, next to the anchor's, in which 'Monday, Oct. 26' is a Monday."""
    if parts.year is not None or parts.month is None or parts.day is None:
        return None
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        with suppress(ValueError):
            if dt.date(year, parts.month, parts.day).isoweekday() == weekday:
                return year
    return None


def _year_named(c: Component, ctx: Context) -> int | None:
    if c.kind == "year":
        return year_of(c.parts, ctx)
    timex = RESOLVERS[c.kind](c.parts, ctx)
    return timex.unit.start.year if timex and timex.unit else None


def compose(cluster: Sequence[Component], ctx: Context) -> Timex | None:
    """The value of one expression made of one or more components."""
    mods = [c.parts.mod for c in cluster if c.parts.mod]
    times = [c for c in cluster if _role(c) == "time"]
    years = [c for c in cluster if _role(c) == "year"]
    core = [c for c in cluster if _role(c) == "core"]
    main = next((c for c in core if c.kind != "weekday"), core[0] if core else None)
    if main is None and years:
        main, years = years[0], []
    if years:
        ctx = replace(ctx, year=_year_named(years[0], ctx))
    weekdays = [c.parts.weekday for c in core if c.kind == "weekday"]
    if main and main.kind == "calendar" and weekdays and ctx.year is None and ctx.anchor:
        ctx = replace(ctx, year=_year_of_weekday(main.parts, weekdays[0], ctx.anchor))
    if main is None:
        timex = RESOLVERS[times[0].kind](times[0].parts, ctx) if times else None
    else:
        timex = RESOLVERS[main.kind](main.parts, ctx)
        if timex is not None and times:
            time = times[0].parts
            if time.part:
                timex = at_day(timex, "T" + time.part)
            elif time.clock:
                timex = at_clock(timex, time.clock, time.zone)
    return narrow(timex, mods[0]) if timex is not None and mods else timex


def tense_of(span: Span) -> Tense | None:
    """The tense of the verb governing ``span``: past, present or future (None if unknown).

    A planning word between the date and its verb ('payable Dec. 15', 'the deadline', 'a
    planned visit in May') or above an infinitive ('scheduled to close Monday') makes it
    future; a bare infinitive ('decided to admit them in March') and a date modifying a
    noun ('Wednesday's ruling', 'a June agreement') take no tense from the verb.
    """
    if not span.doc.has_annotation("DEP"):
        return None
    cues = read_words("dates_future_cues.txt")
    token = span.root
    if token.dep_ in ("poss", "compound", "nmod", "amod"):
        return None
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
        if _is_cue(token, cues) or any(
            c.dep_ == "amod" and _is_cue(c, cues) for c in token.children
        ):
            return "future"
    return _verb_tense(token, cues) if token.pos_ in ("VERB", "AUX") else None


def _is_cue(token: Token, cues: frozenset[str]) -> bool:
    """A planning word, unless a verb in the past ('the government planned to pay on
    Friday' does not say when the payment is)."""
    return token.lemma_.lower() in cues and token.tag_ != "VBD"


def _verb_tense(verb: Token, cues: frozenset[str], depth: int = 0) -> Tense | None:
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    head = verb.head
    if verb.tag_ == "VB" and "to" in words and head is not verb:
        return "future" if _is_cue(head, cues) or head.lemma_ in ("be", "go") else None
    if not words and verb.dep_ in ("xcomp", "conj") and head.pos_ in ("VERB", "AUX") and depth < 3:
        return _verb_tense(head, cues, depth + 1)  # "will begin withdrawing on Friday"
    tags = {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")} | {verb.tag_}
    if words & _PERFECT and verb.tag_ == "VBN":
        return "past"
    if words & _FUTURE_AUX:
        return "future"
    if "VBD" in tags:
        return "past"
    if verb.tag_ == "VBG" and words & _PRESENT:
        return "future"
    if tags & {"VBZ", "VBP"}:
        return "present"
    return None


def _on_verb(doc: Doc, start: int, end: int) -> bool:
    """A month name that is a verb or a modal: tagged so ('May I'), or opening a sentence
    before a word that follows verbs of motion ('March on the capital')."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if token.tag_ in ("MD", "VB", "VBP", "VBZ"):
        return True
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    return token.is_sent_start is True and after in read_words("dates_verb_particles.txt")


def _in_name(doc: Doc, start: int, end: int) -> bool:
    """A capitalized season word after a capitalized name: part of a name ('Silver Spring',
    'SINKING SPRING', 'the Arab Spring'), not a date."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or span.start == 0 or span[0].is_lower:
        return False
    before = doc[span.start - 1]
    return before.pos_ == "PROPN" or ((before.is_title or before.is_upper) and not before.is_stop)


def _mask(length: int, spans: Sequence[Span]) -> bytearray:
    mask = bytearray(length)
    for s in spans:
        mask[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
    return mask


def detect(doc: Doc) -> list[tuple[int, int, list[Component] | None, str]]:
    """The temporal expressions of ``doc``: (start, end, components or None, model label).

    A model entity is kept on its own only where no rule matched, vetoed or not, and only
    if it names a unit of time and is not an age ('52 years old')."""
    text = doc.text
    all_ents = doc.ents
    ents = [e for e in all_ents if e.label_ in TEMPORAL_LABELS]
    in_ent = _mask(len(text), ents)
    in_name = _mask(len(text), [e for e in all_ents if e.label_ in NAME_LABELS])
    taken = _mask(len(text), [])
    found: list[tuple[int, int, list[Component] | None, str]] = []
    for group in cluster(scan(text), text):
        start, end = group[0].start, group[-1].end
        if all(c.kind == "mod" for c in group):
            continue
        if not any(c.confident for c in group) and not any(in_ent[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if all(in_name[start:end]) and not any(c.pattern == "holiday" for c in group):
            continue  # the Sunday Times; but Thanksgiving Day is a name and a date
        if len(group) == 1 and group[0].pattern == "month" and _on_verb(doc, start, end):
            continue  # May I; March on the capital
        if len(group) == 1 and group[0].kind == "season" and _in_name(doc, start, end):
            continue  # Silver Spring; the Arab Spring
        found.append((start, end, group, ""))
    for ent in ents:
        if (
            not any(taken[ent.start_char : ent.end_char])
            and names_time(ent.text)
            and not _AGE.match(text, ent.end_char)
            and not _AGE.search(ent.text)
        ):
            found.append((ent.start_char, ent.end_char, None, ent.label_))
    found.sort(key=lambda f: f[0])
    return found


def _payload(timex: Timex | None, label: str) -> dict[str, Any]:
    if timex is None:
        return {"type": label or "DATE", "value": None, "granularity": None, "relative": False}
    period = [timex.period[0].isoformat(), timex.period[1].isoformat()] if timex.period else None
    return {
        "type": timex.type,
        "value": timex.value,
        "granularity": timex.granularity,
        "relative": timex.relative,
        "period": period if timex.type in ("DATE", "TIME") else None,
    }


def find_dates(doc: Doc) -> list[Item]:
    """Return the temporal expressions of ``doc`` with TIMEX3 values (see the module doc)."""
    published = getattr(doc._, attrs.PUBLISHED)
    try:
        anchor = dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        attrs.add_warning(doc, f"publication date {published!r} is not an ISO date; ignored")
        anchor = None
    previous: Unit | None = None
    items: list[Item] = []
    unresolved = 0
    for start, end, group, label in detect(doc):
        timex = None
        if group is not None:
            span = doc.char_span(start, end, alignment_mode="expand")
            tense = tense_of(span) if span is not None else None
            try:
                timex = compose(group, Context(anchor, tense, previous=previous))
            except (ValueError, OverflowError):  # a calendar out of range: year 0, 10000
                attrs.add_warning(doc, f"date {doc.text[start:end]!r} is out of range; skipped")
                continue
            if timex is None:
                continue  # not a date after all: "a second", "Feb. 30", "the day"
            if timex.unit is not None:
                previous = timex.unit
            if timex.relative and timex.value is None:
                unresolved += 1
        items.append((start, end, {"id": f"T{len(items) + 1}", **_payload(timex, label)}))
    if unresolved and anchor is None:
        attrs.add_warning(
            doc,
            f"{unresolved} relative date expression(s) left without a value: "
            "no publication date (pass --published)",
        )
    return items


@Language.factory("conflict_dates", requires=["doc.ents"], assigns=["doc.spans"])
def make_date_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_dates` results in ``doc.spans``."""
    attrs.register_extensions()
    preload()

    def conflict_dates(doc: Doc) -> Doc:
        attrs.set_items(doc, attrs.DATES, find_dates(doc))
        return doc

    return attrs.guarded(name, conflict_dates)
