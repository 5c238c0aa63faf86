"""The article record: the contract shared by JSON output, notebooks and databases.

Every offset is a character offset into ``Record.text`` (end exclusive), and every
span carries its text so that ``record.text[start:end] == span.text`` can be checked; the one
exception, a tally's ``headline`` evidence, is offsets into ``Record.title``.
This module imports nothing from spaCy or ``extract``, so loaders and notebooks import it
cheaply; importing ``extract`` makes records display as the review view in notebooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Literal["1.3"] = "1.3"

EntityLabel = Literal[
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "PRODUCT",
    "LAW",
    "WORK_OF_ART",
    "LANGUAGE",
]
FigureCategory = Literal[
    "killed",
    "injured",
    "missing",
    "displaced",
    "arrested",
    "kidnapped",
    "personnel",
    "property",
    "other",
]
Modality = Literal["reported", "planned", "potential", "uncertain"]
EventType = Literal[
    "armed_clash",
    "attack",
    "explosion",
    "violence_against_civilians",
    "protest",
    "riot",
    "arrest",
    "abduction",
    "displacement",
    "disaster",
    "other",
]
"""Incident types aligned with ACLED's (docs/events.md gives the ACLED type of each)."""
TallyCategory = Literal["killed", "injured", "missing", "displaced", "arrested", "kidnapped"]
QuoteKind = Literal["direct", "indirect", "mixed"]
SpeakerResolution = Literal[
    "name", "pronoun", "title", "organization", "previous", "none", "description"
]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal[
    "time",
    "part_of_day",
    "day",
    "week",
    "weekend",
    "month",
    "season",
    "quarter",
    "half_year",
    "year",
    "decade",
    "century",
    "reference",
]
GeoFeature = Literal["continent", "region", "country", "admin1", "admin2", "city"]
GeoMethod = Literal[
    "only", "country", "admin", "contained", "dateline", "proximity", "population", "context"
]
"""How a place was resolved: the only candidate; a country or admin unit the article names;
inside a place written next to it ("Aleppo, Syria"); the dateline; near other resolved places;
the most populous candidate; other article context."""
PublishedSource = Literal["cli", "metadata", "html", "text", "none"]
SourceFormat = Literal["txt", "json", "jsonl", "html", "text", "stdin"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A piece of the record's text: ``text == record.text[start:end]``."""

    start: int = Field(ge=0, description="Character offset of the first character.")
    end: int = Field(ge=0, description="Character offset after the last character.")
    text: str = Field(description="The covered text, verbatim.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


class Source(_Model):
    """Where the article came from."""

    path: str | None = Field(None, description="File path the article was read from.")
    url: str | None = Field(None, description="URL of the article, from metadata.")
    format: SourceFormat = Field("text", description="Input format.")
    line: int | None = Field(None, ge=1, description="Line number in a JSONL file (1-based).")
    input_id: str | None = Field(None, description="The `id` the input itself gave, if any.")


class Published(_Model):
    """The publication date that relative dates are normalized against."""

    date: dt.date | None = Field(None, description="Publication date, or null if unknown.")
    source: PublishedSource = Field(
        "none", description="Where the date came from: cli, metadata, html, text or none."
    )
    text: str | None = Field(None, description="The raw value as found (e.g. '07/27/2016').")


class Geo(_Model):
    """An offline GeoNames match for a place, with its administrative hierarchy."""

    geonames_id: int = Field(description="GeoNames identifier.")
    name: str = Field(description="GeoNames primary name.")
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2 country code.")
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    feature: GeoFeature = Field(description="Kind of place.")
    population: int | None = Field(None, ge=0)
    feature_class: str | None = Field(
        None, description="GeoNames feature class: A (country, admin unit), P (populated place), L."
    )
    feature_code: str | None = Field(None, description="GeoNames feature code: PPLA, ADM1, PCLI.")
    country: str | None = Field(None, description="Country name.")
    admin1_code: str | None = Field(None, description="First-level admin unit code (GeoNames).")
    admin1: str | None = Field(None, description="First-level admin unit name (province, state).")
    admin2_code: str | None = Field(None, description="Second-level admin unit code (GeoNames).")
    admin2: str | None = Field(None, description="Second-level admin unit name (district, county).")
    method: GeoMethod | None = Field(None, description="How this match was chosen.")


class Role(Span):
    """A title or apposition describing a person ('director of the OSCE ...')."""

    org_id: str | None = Field(None, description="Entity id of the organization the role names.")


class Mention(Span):
    """One occurrence of an entity."""

    kind: Literal["name", "alias", "acronym", "pronoun", "description"] = Field(
        "name", description="How the entity is referred to here."
    )


class Entity(_Model):
    """One real-world person, organization, place or group, with all its mentions."""

    id: str = Field(description="Record-local id, e.g. 'E1'.")
    label: EntityLabel
    name: str = Field(description="Canonical name: the fullest form used in the article.")
    aliases: list[str] = Field(default_factory=list, description="Other forms used.")
    mentions: list[Mention] = Field(min_length=1)
    roles: list[Role] = Field(default_factory=list, description="Titles and appositions.")
    geo: Geo | None = Field(None, description="Coordinates for GPE/LOC, null if unresolved.")


class Figure(Span):
    """A count an analyst would code: how many of what, with bounds and modality."""

    id: str = Field(description="Record-local id, e.g. 'F1'.")
    value: int | None = Field(None, description="Best single number, null if none.")
    low: int | None = Field(None, ge=0, description="Lower bound.")
    high: int | None = Field(None, ge=0, description="Upper bound.")
    approximate: bool = Field(False, description="Hedged: about, nearly, some.")
    vague: bool = Field(False, description="A vague quantity word: dozens, thousands.")
    negated: bool = Field(False, description="'No one was killed': value 0.")
    counted: str | None = Field(None, description="Head noun of what is counted.")
    category: FigureCategory = "other"
    modality: Modality = "reported"
    mentions: list[Span] = Field(
        default_factory=list, description="Other places the same count is reported."
    )
    entity_ids: list[str] = Field(
        default_factory=list, description="Entities (actor, place) the figure is about."
    )
    date_id: str | None = Field(None, description="The date the figure refers to.")

    @model_validator(mode="after")
    def _bounds(self) -> Figure:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"figure low {self.low} > high {self.high}")
        if self.value is not None:
            if self.low is not None and self.value < self.low:
                raise ValueError(f"figure value {self.value} < low {self.low}")
            if self.high is not None and self.value > self.high:
                raise ValueError(f"figure value {self.value} > high {self.high}")
        return self


class Tally(_Model):
    """How many people of one category an incident counts, UCDP-style, with its evidence."""

    best: int = Field(ge=0, description="Best estimate: the largest reported total.")
    low: int = Field(ge=0, description="Lowest credible figure (ACLED's conservative count).")
    high: int = Field(ge=0, description="Highest reported figure, hedged ones included.")
    figure_ids: list[str] = Field(default_factory=list, description="Figures counted.")
    mentions: list[Span] = Field(
        default_factory=list, description="Singular victims counted as 1 each ('a man died')."
    )
    headline: list[Span] = Field(
        default_factory=list,
        description="Where the headline gives the count, when the body gives none: offsets "
        "into the record's title, not its text ('Teen dead after double shooting').",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Tally:
        if not self.low <= self.best <= self.high:
            raise ValueError(
                f"tally needs low <= best <= high, got {self.low}/{self.best}/{self.high}"
            )
        return self


class Event(_Model):
    """One incident the article reports: what, when, where, who, and how many."""

    id: str = Field(description="Record-local id, e.g. 'V1'; the main incident comes first.")
    type: EventType = "other"
    sub_type: str | None = Field(None, description="shooting, stabbing, bombing, airstrike, ...")
    main: bool = Field(True, description="The incident the article is about (not background).")
    trigger: Span | None = Field(None, description="The word naming the incident.")
    sentence: Span | None = Field(None, description="The sentence that best evidences it.")
    date_id: str | None = Field(None, description="The date of the incident.")
    place_ids: list[str] = Field(
        default_factory=list, description="Place entities, most specific first."
    )
    actor_ids: list[str] = Field(default_factory=list, description="Entities that acted.")
    target_ids: list[str] = Field(default_factory=list, description="Entities acted upon.")
    killed: Tally | None = None
    injured: Tally | None = None
    missing: Tally | None = None
    displaced: Tally | None = None
    arrested: Tally | None = None
    kidnapped: Tally | None = None

    def tallies(self) -> Iterator[tuple[TallyCategory, Tally]]:
        """Yield the tallies the event has, by category."""
        for name in TALLY_CATEGORIES:
            tally = getattr(self, name)
            if tally is not None:
                yield name, tally


TALLY_CATEGORIES: tuple[TallyCategory, ...] = get_args(TallyCategory)


class Speaker(Span):
    """Who made a statement, as written, and the entity it resolves to."""

    entity_id: str | None = Field(None, description="Resolved entity, if any.")
    name: str | None = Field(None, description="Canonical name of the resolved entity.")
    resolution: SpeakerResolution = Field("name", description="How the speaker was found.")
    role: str | None = Field(None, description="The speaker's role, when known.")


class Quote(_Model):
    """An attributed statement: one cue, one or more content spans, a speaker."""

    id: str = Field(description="Record-local id, e.g. 'Q1'.")
    kind: QuoteKind
    contents: list[Span] = Field(min_length=1, description="What was said, possibly split.")
    cue: Span | None = Field(None, description="Reporting verb or phrase: said, according to.")
    addressee: Span | None = Field(None, description="Who was addressed: 'reporters'.")
    speaker: Speaker | None = Field(None, description="Null when no speaker was found.")


class Period(_Model):
    """First and last calendar day a date expression covers (inclusive)."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period end {self.end} is before its start {self.start}")
        return self


class TimeExpression(Span):
    """A temporal expression normalized TIMEX3-style against the publication date."""

    id: str = Field(description="Record-local id, e.g. 'T1'.")
    type: TimexType = "DATE"
    value: str | None = Field(None, description="TIMEX3 value: 2010-06, 2010-W28, P3W, 199.")
    granularity: Granularity | None = None
    relative: bool = Field(False, description="Resolved against the publication date.")
    period: Period | None = Field(None, description="Calendar days covered, for dates.")


class Dateline(Span):
    """The dateline that opens the body ('ALMATY, Kazakhstan —')."""

    entity_id: str | None = Field(None, description="The place entity it names.")


class Provenance(_Model):
    """What produced the record."""

    tool: str = "conflict-extract"
    version: str
    model: str = Field(description="spaCy pipeline name and version.")


class Record(_Model):
    """Everything extracted from one article."""

    schema_version: Literal["1.3"] = "1.3"
    id: str = Field(description="Stable id: a hash of the text (same text, same id).")
    source: Source = Field(default_factory=Source)
    title: str | None = None
    published: Published = Field(default_factory=Published)
    dateline: Dateline | None = None
    text: str = Field(description="The body text every offset refers to.")
    entities: list[Entity] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[TimeExpression] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list, description="Incidents, main first.")
    warnings: list[str] = Field(default_factory=list)
    provenance: Provenance | None = None

    def spans(self) -> Iterator[tuple[str, Span]]:
        """Yield every span in the record with a path naming where it is."""
        if self.dateline:
            yield "dateline", self.dateline
        for ent in self.entities:
            for i, mention in enumerate(ent.mentions):
                yield f"entities[{ent.id}].mentions[{i}]", mention
            for i, role in enumerate(ent.roles):
                yield f"entities[{ent.id}].roles[{i}]", role
        for fig in self.figures:
            yield f"figures[{fig.id}]", fig
            for i, repeat in enumerate(fig.mentions):
                yield f"figures[{fig.id}].mentions[{i}]", repeat
        for q in self.quotes:
            for i, c in enumerate(q.contents):
                yield f"quotes[{q.id}].contents[{i}]", c
            for name, span in (("cue", q.cue), ("addressee", q.addressee), ("speaker", q.speaker)):
                if span is not None:
                    yield f"quotes[{q.id}].{name}", span
        for d in self.dates:
            yield f"dates[{d.id}]", d
        for ev in self.events:
            for name, span in (("trigger", ev.trigger), ("sentence", ev.sentence)):
                if span is not None:
                    yield f"events[{ev.id}].{name}", span
            for category, tally in ev.tallies():
                for i, m in enumerate(tally.mentions):
                    yield f"events[{ev.id}].{category}.mentions[{i}]", m

    def references(self) -> Iterator[tuple[str, str, Literal["entity", "date", "figure"]]]:
        """Yield (path, id, kind) for every id the record refers to."""
        if self.dateline and self.dateline.entity_id:
            yield "dateline", self.dateline.entity_id, "entity"
        for ent in self.entities:
            for i, r in enumerate(ent.roles):
                if r.org_id:
                    yield f"entities[{ent.id}].roles[{i}]", r.org_id, "entity"
        for fig in self.figures:
            for eid in fig.entity_ids:
                yield f"figures[{fig.id}]", eid, "entity"
            if fig.date_id:
                yield f"figures[{fig.id}]", fig.date_id, "date"
        for q in self.quotes:
            if q.speaker and q.speaker.entity_id:
                yield f"quotes[{q.id}].speaker", q.speaker.entity_id, "entity"
        for ev in self.events:
            for eid in (*ev.place_ids, *ev.actor_ids, *ev.target_ids):
                yield f"events[{ev.id}]", eid, "entity"
            if ev.date_id:
                yield f"events[{ev.id}]", ev.date_id, "date"
            for category, tally in ev.tallies():
                for fid in tally.figure_ids:
                    yield f"events[{ev.id}].{category}", fid, "figure"

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        for path, span in self.spans():
            if span.end > len(self.text):
                raise ValueError(f"{path}: end {span.end} is past the text ({len(self.text)})")
            if self.text[span.start : span.end] != span.text:
                raise ValueError(f"{path}: text[{span.start}:{span.end}] != {span.text!r}")
        title = self.title or ""
        for ev in self.events:
            for category, tally in ev.tallies():
                for span in tally.headline:
                    if title[span.start : span.end] != span.text:
                        raise ValueError(
                            f"events[{ev.id}].{category}.headline: title[{span.start}:"
                            f"{span.end}] != {span.text!r}"
                        )
        known = {
            "entity": {e.id for e in self.entities},
            "date": {d.id for d in self.dates},
            "figure": {f.id for f in self.figures},
        }
        for kind, items in (
            ("entity", self.entities),
            ("figure", self.figures),
            ("quote", self.quotes),
            ("date", self.dates),
            ("event", self.events),
        ):
            ids = [item.id for item in items]
            if len(ids) != len(set(ids)):
                raise ValueError(f"duplicate {kind} ids")
        for path, ref, kind in self.references():
            if ref not in known[kind]:
                raise ValueError(f"{path}: refers to unknown {kind} id {ref!r}")
        return self
