"""Named entities clustered into one canonical entity per real-world thing.

The component corrects the model's entity spans (`extract.entities.mentions`, written back to
``doc.ents`` so later components see them), clusters the mentions (`extract.entities.names`),
geocodes places (`extract.entities.places`), finds people's roles (`extract.entities.roles`),
and stores one ENTITIES span per entity and one MENTIONS span per mention (`extract.attrs`).

An entity's ``name`` is its fullest form in the article ("Organization for Security and
Cooperation in Europe"; the dateline's "ALMATY" is written "Almaty"); ``aliases`` are its
other forms; each mention is a ``name``, an ``alias`` (a surname, another spelling) or an
``acronym``. Pronouns are not mentions here: the quotes component resolves them to
entity ids itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract import attrs
from extract.entities.gazetteer import WELL_KNOWN_POPULATION, admin_terms, gazetteer, place_key
from extract.entities.mentions import NAME_LABELS, correct_ents, dateline_span
from extract.entities.names import (
    NameMention,
    cluster_label,
    cluster_mentions,
    fullest_form,
    is_acronym,
    rules,
)
from extract.entities.nationalities import nationality, preload, region_of
from extract.entities.places import PlaceQuery, Resolved, resolve_places
from extract.entities.roles import find_roles

PLACE_LABELS = frozenset({"GPE", "LOC"})
_LIST_WORDS = frozenset({",", "and", "or", "the"})
_LIST_GAP = 3


@dataclass
class Found:
    """One entity of an article, before it gets an id."""

    label: str
    name: str
    spans: list[Span]
    kinds: list[str]
    aliases: list[str] = field(default_factory=list)
    roles: list[tuple[int, int, int | None]] = field(default_factory=list)
    """(start_char, end_char, index of the organization entity named in the role)"""
    geo: dict[str, Any] | None = None
    shouted: bool = False  # the name is in capitals but is no acronym: a dateline's "ALMATY"


def _key(span: Span) -> str:
    if span.label_ == "NORP" and (found := nationality(span.text)):
        return place_key(found.name)
    return place_key(span.text) or span.text.casefold()


def _in(span: Span, region: tuple[int, int] | None) -> bool:
    return region is not None and region[0] <= span.start_char < region[1]


def _name_mentions(spans: Sequence[Span], dateline: tuple[int, int] | None) -> list[NameMention]:
    locatives = rules().locative_prepositions
    return [
        NameMention(
            start=s.start_char,
            label=s.label_,
            text=s.text,
            key=_key(s),
            words=tuple(t.text for t in s if not t.is_punct),
            acronym=is_acronym(s.text) and not _in(s, dateline),
            place=gazetteer().is_place(s.text),
            locative=s.start > 0 and s.doc[s.start - 1].lower_ in locatives,
        )
        for s in spans
    ]


def _definitions(spans: Sequence[Span]) -> dict[int, int]:
    """Acronym span index -> index of the span it is defined for: "Organization (CSTO)"."""
    by_end = {s.end: i for i, s in enumerate(spans)}
    found = {}
    for i, span in enumerate(spans):
        doc = span.doc
        if (
            len(span) == 1
            and span.start > 0
            and span.end < len(doc)
            and doc[span.start - 1].text == "("
            and doc[span.end].text == ")"
            and span.start - 1 in by_end
        ):
            found[i] = by_end[span.start - 1]
    return found


def _qualifiers(spans: Sequence[Span], starts: dict[int, Span]) -> list[str]:
    """Places written right after a comma or "in": "Paris, Texas" and "Bentiu in Unity
    state" -> ["Texas"], ["Unity state"] (with the admin unit's kind word after it)."""
    terms = admin_terms()
    found = []
    for span in spans:
        doc = span.doc
        if span.end + 1 < len(doc) and doc[span.end].lower_ in (",", "in"):
            after = starts.get(span.end + 1)
            if after is not None and after.label_ in PLACE_LABELS and not _listed(after, starts):
                kind = doc[after.end].lower_ if after.end < len(doc) else ""
                found.append(f"{after.text} {kind}" if kind in terms else after.text)
    return found


def _listed(span: Span, starts: dict[int, Span]) -> bool:
    """Whether ``span`` is listed with the place after it (`_next_listed`)."""
    return _next_listed(span, starts) is not None


def _next_listed(span: Span, starts: dict[int, Span]) -> Span | None:
    """The place that follows ``span`` after a comma or a conjunction, if it holds none
    of the places of its name: "Washington, New York and Boston" and "China, Japan, and
    the UK" are lists (not Washington in New York), "Stroud, Ontario, Canada" is not."""
    doc = span.doc
    i = span.end
    while i < len(doc) and i < span.end + _LIST_GAP and doc[i].lower_ in _LIST_WORDS:
        i += 1
    after = starts.get(i) if i > span.end else None
    if after is None or after.label_ not in PLACE_LABELS:
        return None
    places = gazetteer()
    inner = [c.place for c in places.lookup(span.text)]
    chain = any(
        places.contains(c.place, p) and c.place.index != p.index
        for c in places.lookup(after.text)
        for p in inner
    )
    return None if chain else after


def _siblings(places: Sequence[Found]) -> list[list[int]]:
    """For each place entity, the positions of the places listed next to its mentions."""
    starts = {s.start: s for e in places for s in e.spans}
    owner = {s.start: k for k, e in enumerate(places) for s in e.spans}
    found: list[set[int]] = [set() for _ in places]
    for k, entity in enumerate(places):
        for span in entity.spans:
            after = _next_listed(span, starts)
            if after is not None and owner[after.start] != k:
                found[k].add(owner[after.start])
                found[owner[after.start]].add(k)
    return [sorted(f) for f in found]


def _admin_word(spans: Sequence[Span]) -> bool:
    """A mention followed by an admin unit's kind word: "Unity state", "Idlib province"."""
    terms = admin_terms()
    return any(s.end < len(s.doc) and s.doc[s.end].lower_ in terms for s in spans)


def _geocode(entities: list[Found], dateline: tuple[int, int] | None) -> list[Resolved | None]:
    starts = {s.start: s for e in entities for s in e.spans}
    places = [e for e in entities if e.label in PLACE_LABELS]
    siblings = _siblings(places)
    queries = [
        PlaceQuery(
            forms=list(dict.fromkeys([e.name, *(s.text for s in e.spans)])),
            mentions=len(e.spans),
            qualifiers=_qualifiers(e.spans, starts),
            dateline=any(_in(s, dateline) for s in e.spans),
            city=dateline is not None and any(s.start_char == dateline[0] for s in e.spans),
            admin=_admin_word(e.spans),
            area=e.label == "LOC",
            siblings=listed,
        )
        for e, listed in zip(places, siblings, strict=True)
    ]
    demonyms: Counter[str] = Counter()
    for e in entities:
        if e.label == "NORP" and (found := nationality(e.name)) and found.country_code:
            demonyms[found.country_code] += len(e.spans)
    resolved = iter(resolve_places(queries, demonyms))
    return [next(resolved) if e.label in PLACE_LABELS else None for e in entities]


def _country_link(entity: Found) -> dict[str, Any] | None:
    """The country of a demonym ("Syrian" -> Syria) or the continent or region of an
    adjective ("European" -> Europe) as the ``geo`` of a NORP entity, or of a place entity
    named by a demonym that is the own name of no region or well-known town ("Canadian"
    labelled GPE is Canada, not Canadian, Texas); the continent of an organization of its
    countries ("EU" -> Europe) as the ``geo`` of that organization."""
    if entity.label == "ORG":
        union = next(filter(None, map(gazetteer().union, [entity.name, *entity.aliases])), None)
        return gazetteer().geo(union, "only") if union is not None else None
    if entity.label in PLACE_LABELS:
        if any(
            c.primary and (c.place.is_region or c.place.population >= WELL_KNOWN_POPULATION)
            for c in gazetteer().lookup(entity.name)
        ):
            return None
    elif entity.label != "NORP":
        return None
    found = nationality(entity.name)
    if found is not None and found.demonym and found.country_code:
        place = gazetteer().countries.get(found.country_code)
    else:
        place = region_of(entity.name)
    return gazetteer().geo(place, "only") if place is not None else None


def _merge_same_places(entities: list[Found], places: list[Resolved | None]) -> list[Found]:
    """One entity per GeoNames place ("U.S." and "United States" when spelled apart)."""
    first: dict[int, Found] = {}
    kept = []
    for entity, resolved in zip(entities, places, strict=True):
        if resolved is not None and entity.geo is not None:
            owner = first.setdefault(resolved.candidate.place.index, entity)
            if owner is not entity:
                owner.spans.extend(entity.spans)
                owner.kinds.extend(
                    "acronym" if is_acronym(s.text) else "alias" for s in entity.spans
                )
                for alias in (entity.name, *entity.aliases):
                    if alias != owner.name and alias not in owner.aliases:
                        owner.aliases.append(alias)
                continue
        kept.append(entity)
    return kept


def _build(spans: Sequence[Span], mentions: Sequence[NameMention], group: list[int]) -> Found:
    fullest = group[fullest_form(mentions, group)]
    name = mentions[fullest].text
    name_key = mentions[fullest].key
    kinds: list[str] = []
    aliases: dict[str, str] = {}
    for i in group:
        m = mentions[i]
        if m.acronym and not mentions[fullest].acronym:
            kinds.append("acronym")
        else:
            kinds.append("name" if m.key == name_key else "alias")
        if m.key != name_key:
            aliases.setdefault(m.key, m.text)
    return Found(
        label=cluster_label(mentions, group),
        name=name,
        spans=[spans[i] for i in group],
        kinds=kinds,
        aliases=list(aliases.values()),
        shouted=name.isupper() and not mentions[fullest].acronym,
    )


def _recase(entity: Found, resolved: Resolved | None) -> None:
    """Write a name in capitals ("ALMATY") as the gazetteer does, else in title case."""
    form = resolved.candidate.form if resolved is not None else ""
    if place_key(form) == place_key(entity.name):
        entity.name = form
    else:
        entity.name = entity.name.title()


def _add_roles(entities: list[Found]) -> None:
    org_at = {s.start_char: k for k, e in enumerate(entities) if e.label == "ORG" for s in e.spans}
    for entity in (e for e in entities if e.label == "PERSON"):
        seen = set()
        for span in entity.spans:
            for start, end in find_roles(span):
                doc = span.doc
                first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
                if (first, last) in seen:
                    continue
                seen.add((first, last))
                org = next((org_at[t.idx] for t in doc[start:end] if t.idx in org_at), None)
                entity.roles.append((first, last, org))


def find_entities(doc: Doc) -> list[Found]:
    """Return the entities of ``doc`` (whose ``ents`` are already corrected), in order of
    first mention."""
    spans = [e for e in doc.ents if e.label_ in NAME_LABELS]
    dateline = dateline_span(doc)
    mentions = _name_mentions(spans, dateline)
    groups = cluster_mentions(mentions, _definitions(spans))
    entities = [_build(spans, mentions, g) for g in groups]
    places = _geocode(entities, dateline)
    for i, (entity, resolved) in enumerate(zip(entities, places, strict=True)):
        link = _country_link(entity)
        if link is not None:
            entity.geo, places[i] = link, None
        elif resolved is not None:
            entity.geo = gazetteer().geo(resolved.candidate.place, resolved.method)
        if entity.shouted:
            _recase(entity, resolved)
    entities = _merge_same_places(entities, places)
    _add_roles(entities)
    return entities


def _payloads(
    entities: list[Found],
) -> tuple[list[tuple[int, int, dict[str, Any]]], list[tuple[int, int, dict[str, Any]]]]:
    heads: list[tuple[int, int, dict[str, Any]]] = []
    mentions: list[tuple[int, int, dict[str, Any]]] = []
    for i, entity in enumerate(entities, start=1):
        eid = f"E{i}"
        first = min(entity.spans, key=lambda s: s.start)
        roles = [
            {"start": s, "end": e, "org_id": f"E{org + 1}" if org is not None else None}
            for s, e, org in entity.roles
        ]
        payload = {
            "id": eid,
            "label": entity.label,
            "name": entity.name,
            "aliases": entity.aliases,
            "roles": roles,
            "geo": entity.geo,
        }
        heads.append((first.start_char, first.end_char, payload))
        mentions.extend(
            (s.start_char, s.end_char, {"entity": eid, "kind": kind})
            for s, kind in zip(entity.spans, entity.kinds, strict=True)
        )
    return heads, sorted(mentions, key=lambda m: m[0])


@Language.factory("conflict_entities", requires=["doc.ents"], assigns=["doc.ents", "doc.spans"])
def make_entity_finder(nlp: Language, name: str) -> Any:
    """Build the component that corrects ``doc.ents`` and stores `find_entities` results."""
    attrs.register_extensions()
    gazetteer()
    preload()

    def conflict_entities(doc: Doc) -> Doc:
        doc.ents = filter_spans(correct_ents(doc))
        heads, mentions = _payloads(find_entities(doc))
        attrs.set_items(doc, attrs.ENTITIES, heads)
        attrs.set_items(doc, attrs.MENTIONS, mentions)
        return doc

    return attrs.guarded(name, conflict_entities)
