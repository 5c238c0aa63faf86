"""Geocoding of an article's places against the gazetteer, using the article as context.

Each place entity is scored against every candidate its names match:

- a base score: the log10 of a populated place's population; an admin unit's population
  (the sum of its places') less one, so a city beats the province around it unless the
  province is ten times larger; countries, regions and continents score above any city;
- a candidate inside the place written right after the name ("Aleppo, Syria", "Paris,
  Texas", "Bentiu in Unity state") is the only choice when there is one (``contained``);
- a candidate in the dateline's country scores `DATELINE_BONUS` more (``dateline``);
- a candidate in a country the article names scores up to `COUNTRY_WEIGHT` more, by that
  country's share of the article's country mentions, demonyms counting half (``country``);
- a candidate in an admin unit the article names scores `ADMIN_BONUS` more (``admin``);
- a candidate near the places resolved in a first pass scores up to `PROXIMITY_BONUS`
  more (``proximity``);
- a match of the place's own name scores a little more than an alternate name, and a place
  found only through an alternate name needs context or half a million people (alternate
  names include foreign exonyms: Auch, France is "Osh" in Russian);
- an admin unit that holds a town of the same name with a tenth of its people gives way
  to it ("Aleppo" is the city, "Aleppo province" the governorate), and a country's places
  to the country of their name ("Mexico" is not the state of México);
- a place written after another is one that holds it ("Texas" in "Paris, Texas" is the
  state where some Paris lies);
- a country gives way to a namesake in the country the article names most, unless the
  article names the first country elsewhere too ("Georgia" in a US article is the state:
  ``country``);
- a name the gazetteer does not know is read as the place written in it ("South
  Florida", "Thruxton, Hampshire", "Politics Ukraine" from a heading run into the text);
- the dateline's first part names a populated place ("WASHINGTON" is not the state), and
  a LOC entity (a region, range or sea) names no small town.

- a place listed with others ("Oregon, Utah, Washington and Wisconsin") is of the kind
  most of them are, a country or a first-level unit (``context``).

The winner's ``method`` says what decided it: ``only`` (one candidate), ``contained``,
``context`` (the list it is in), the largest context bonus that changed the outcome, else
``population``. This is a simpler
cousin of mordecai's country-then-place approach, without a search index or a model.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from extract.entities.gazetteer import (
    COMPASS,
    Candidate,
    Gazetteer,
    Method,
    Place,
    gazetteer,
    place_key,
    strip_admin_terms,
)

BASE_SCORE = {"continent": 8.5, "region": 8.0, "country": 7.5}
ADMIN_PENALTY = 1.0
COUNTRY_WEIGHT = 1.2
ADMIN_BONUS = 1.5
DATELINE_BONUS = 2.0
PROXIMITY_BONUS = 1.0
PROXIMITY_KM = 250.0
PRIMARY_BONUS = 0.3
ALTERNATE_MIN_POPULATION = 500_000
TOWN = 15_000
CITY = 100_000
SEAT_SHARE = 10
"""An admin unit gives way to a town of its name inside it that holds a tenth of its people
("Idlib"), not to a village ("Montana" is the state)."""
"""A LOC entity (the model's label for regions, ranges, seas) is a populated place only if
it is this large: "Middle East" is no village of that name."""
ADMINS = frozenset({"admin1", "admin2"})


@dataclass
class PlaceQuery:
    """One place entity of an article, as the geocoder sees it."""

    forms: list[str]  # the names used, fullest first: "Los Angeles", "LA"
    mentions: int = 1
    qualifiers: list[str] = field(default_factory=list)  # "Texas" in "Paris, Texas"
    dateline: bool = False  # named in the dateline
    city: bool = False  # the dateline's first part
    admin: bool = False  # written with an admin unit's kind word: "Unity state"
    area: bool = False  # labelled LOC (a region, range or sea), not GPE
    siblings: list[int] = field(default_factory=list)  # positions of the places listed with it


@dataclass(frozen=True)
class Resolved:
    """The chosen candidate of a query and how it was chosen."""

    candidate: Candidate
    method: Method


def _candidates(places: Gazetteer, query: PlaceQuery) -> list[Candidate]:
    """The candidates of the first form that has any: "Los Angeles" before its "LA"; a form
    with an admin unit's kind word ("Idlib province") finds admin units only."""
    for form in query.forms:
        if " " not in form and _compass([form]):
            continue  # "the West" is no region of Cameroon ("North West" is a province)
        found = places.lookup(form)
        short = strip_admin_terms(form)
        if not found and short != form:
            # the kind word makes the unit's name as good as its own: "Afrin district"
            found = [
                Candidate(c.place, c.place.name, True)
                for c in places.lookup(short)
                if c.place.feature in ADMINS
            ]
            if found:
                return found
        if query.admin:
            found = [c for c in found if c.place.feature in ADMINS] or found
        if query.area:
            found = [c for c in found if c.place.is_region or c.place.population >= TOWN]
        if found:
            return _prefer(places, found)
    return []


def _compass(words: Sequence[str]) -> bool:
    return all(w in COMPASS or w in COMPASS.values() for w in words)


def _known_part(places: Gazetteer, query: PlaceQuery) -> PlaceQuery:
    """A place entity none of whose names the gazetteer knows, read as the place written in
    it: "Thruxton, Hampshire" is Thruxton with "Hampshire" after it; "South Florida" is
    Florida and "Politics Ukraine" (a heading run into the next line) Ukraine.

    The part is the longest run of words (not compass words alone) that is the own name of
    a continent, region or country; of a first-level unit; or of a city of `TOWN` people
    (`CITY` for one word: "Union", "Delta" are common words too). In a LOC entity the last
    word alone is a country or larger unless the others are compass words: it names the
    kind of feature, and the "Nile Delta" is not Nigeria's Delta State.
    """
    if any(places.lookup(f) or places.lookup(strip_admin_terms(f)) for f in query.forms):
        return query
    head, _, rest = query.forms[0].partition(",")
    if rest.strip() and places.lookup(head):
        return replace(query, forms=[head.strip()], qualifiers=[rest.strip(), *query.qualifiers])
    words = query.forms[0].split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = words[start : start + size]
            if not part[0][:1].isupper() or _compass(part):
                continue
            others = words[:start] + words[start + size :]
            loose = query.area and size == 1 and not others[start:] and not _compass(others)
            if any(
                c.primary and _named_in(c.place, size, loose) for c in places.lookup(" ".join(part))
            ):
                return replace(query, forms=[" ".join(part)])
    return query


def _named_in(place: Place, words: int, loose: bool) -> bool:
    if place.feature in BASE_SCORE:
        return True
    if loose:
        return False
    return place.feature == "admin1" or place.population >= (TOWN if words > 1 else CITY)


def _prefer(places: Gazetteer, cands: list[Candidate]) -> list[Candidate]:
    """Drop the places of a country named like it ("Mexico" is not the state of México),
    and the admin units that hold a town of their name with a tenth of their people."""
    countries = {c.place.country_code for c in cands if c.place.feature == "country"}
    towns = [c.place for c in cands if c.place.feature == "city" and c.primary]
    return [
        c
        for c in cands
        if c.place.feature == "country"
        or (
            c.place.country_code not in countries
            and (
                c.place.feature not in ADMINS
                or not any(
                    places.contains(c.place, t) and t.population * SEAT_SHARE >= c.place.population
                    for t in towns
                )
            )
        )
    ]


def _restrict_containers(
    places: Gazetteer, queries: Sequence[PlaceQuery], found: list[list[Candidate]]
) -> set[int]:
    """A place written after another ("Texas" in "Paris, Texas") is one that holds it;
    returns the positions of the queries whose candidates this narrowed."""
    narrowed = set()
    by_key: dict[str, list[int]] = {}
    for j, query in enumerate(queries):
        for form in query.forms:
            by_key.setdefault(place_key(form), []).append(j)
    for i, query in enumerate(queries):
        for text in query.qualifiers:
            for j in by_key.get(
                place_key(strip_admin_terms(text)), by_key.get(place_key(text), [])
            ):
                holding = [
                    c for c in found[j] if any(places.contains(c.place, o.place) for o in found[i])
                ]
                if holding and j != i:
                    if len(holding) < len(found[j]):
                        narrowed.add(j)
                    found[j] = holding
    return narrowed


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _base(place: Place) -> float:
    if place.feature in BASE_SCORE:
        return BASE_SCORE[place.feature]
    score = math.log10(place.population + 1)
    return score - ADMIN_PENALTY if place.feature in ADMINS else score


@dataclass
class _Context:
    countries: Counter[str]
    admins: set[int]
    dateline: set[str] = field(default_factory=set)
    near: dict[int, Place] = field(default_factory=dict)  # query position -> its place
    current: int = -1  # the query being resolved: its own first choice is not "near"

    def bonuses(self, place: Place) -> dict[Method, float]:
        found: dict[Method, float] = {}
        code = place.country_code
        if place.feature in BASE_SCORE or code is None:
            return found
        if code in self.dateline:
            found["dateline"] = DATELINE_BONUS
        top = max(self.countries.values(), default=0.0)
        if top and self.countries.get(code):
            found["country"] = COUNTRY_WEIGHT * self.countries[code] / top
        if self.admins & {place.admin1, place.admin2} - {place.index}:
            found["admin"] = ADMIN_BONUS
        distance = min(
            (_km(place, p) for i, p in self.near.items() if i != self.current), default=None
        )
        if distance is not None and distance < PROXIMITY_KM:
            found["proximity"] = PROXIMITY_BONUS * (1 - distance / PROXIMITY_KM)
        return found


def _score(cand: Candidate, bonuses: dict[Method, float], own: float) -> float | None:
    """The candidate's score; None for a place found only through an alternate name that
    has neither half a million people nor more context than the places of that own name
    (``own``: their largest bonus; "Southold" is not South Bend, once "Southold" too)."""
    place = cand.place
    if (
        not cand.primary
        and place.feature not in BASE_SCORE
        and sum(bonuses.values()) <= own
        and place.population < ALTERNATE_MIN_POPULATION
    ):
        return None
    return _base(place) + sum(bonuses.values()) + (PRIMARY_BONUS if cand.primary else 0.0)


def _choose(cands: Sequence[Candidate], context: _Context) -> Resolved | None:
    scored = []
    alone, dropped = len(cands) == 1, False
    top = max(context.countries.values(), default=0.0)
    if any(context.countries.get(c.place.country_code or "") == top > 0 for c in cands):
        # "Georgia" in an article about the United States is the state, not the country
        named = [
            c
            for c in cands
            if c.place.feature != "country" or context.countries.get(c.place.country_code or "")
        ]
        if len(named) < len(cands):
            cands, dropped = named, True
    found = [(cand, context.bonuses(cand.place)) for cand in cands]
    own = max((sum(b.values()) for c, b in found if c.primary), default=0.0)
    for cand, bonuses in found:
        score = _score(cand, bonuses, own)
        if score is not None:
            scored.append((score, cand.place.population, cand, bonuses))
    if not scored:
        return None
    best = max(scored, key=lambda s: s[:2])
    _, _, cand, bonuses = best
    if alone:
        return Resolved(cand, "only")
    plain = max(scored, key=lambda s: (s[0] - sum(s[3].values()), s[1]))
    if plain[2] is cand or not bonuses:
        return Resolved(cand, "country" if dropped else "population")
    return Resolved(cand, max(bonuses, key=lambda m: bonuses[m]))


def _like_siblings(cands: list[Candidate], siblings: Sequence[Resolved | None]) -> list[Candidate]:
    """The candidates of the kind most of the places listed with it are ("Washington"
    among "Oregon, Utah, Washington and Wisconsin" is a state; "Georgia" among "Armenia,
    Georgia, Iraq" a country), if there are any and most siblings are countries or
    first-level units."""
    kinds = Counter(s.candidate.place.feature for s in siblings if s is not None)
    kind, count = max(kinds.items(), key=lambda k: k[1], default=("", 0))
    if kind not in ("country", "admin1") or count * 2 <= len(siblings):
        return cands
    return [c for c in cands if c.place.feature == kind] or cands


def _containers(places: Gazetteer, texts: Iterable[str]) -> list[Place]:
    """The countries and admin units written right after a name."""
    found = []
    for text in texts:
        short = strip_admin_terms(text)
        for cand in places.lookup(short):
            if cand.place.feature in ("country", *ADMINS):
                found.append(cand.place)
    return found


def _evidence(
    found: Sequence[list[Candidate]], queries: Sequence[PlaceQuery], demonyms: Counter[str]
) -> tuple[Counter[str], set[int]]:
    """Country weights (countries and admin units named, demonyms) and the admin units
    the article names unambiguously."""
    weights: Counter[str] = Counter({code: n / 2 for code, n in demonyms.items()})
    admins: set[int] = set()
    for cands, query in zip(found, queries, strict=True):
        # an admin unit counts by its own name ("Florida"), not a code ("WA" is also
        # Western Australia's)
        regions = [
            c.place
            for c in cands
            if c.place.feature == "country" or (c.place.feature in ADMINS and c.primary)
        ]
        codes = {p.country_code for p in regions}
        if regions and len(codes) == 1 and (code := codes.pop()):
            weights[code] += query.mentions
        units = [p for p in regions if p.feature in ADMINS]
        if len(units) == 1 and len(cands) == 1:
            admins.add(units[0].index)
    return weights, admins


def resolve_places(
    queries: Sequence[PlaceQuery], demonyms: Counter[str] | None = None
) -> list[Resolved | None]:
    """Return the chosen candidate for each query (None when nothing fits).

    ``demonyms`` counts the country codes of the article's nationality mentions. The
    dateline's places are resolved first: their countries are context for the rest; a
    second pass adds the proximity of the places the first pass resolved.
    """
    places = gazetteer()
    queries = [_known_part(places, q) for q in queries]
    found = [_candidates(places, q) for q in queries]
    narrowed = _restrict_containers(places, queries, found)
    context = _Context(*_evidence(found, queries, demonyms or Counter()))
    chosen: list[Resolved | None] = [None] * len(queries)
    order = sorted(range(len(queries)), key=lambda i: not queries[i].dateline)
    for rounds in range(2):
        for i in order:
            query, cands = queries[i], found[i]
            context.current = i
            if query.city and any(c.place.feature == "city" for c in cands):
                cands = [c for c in cands if c.place.feature == "city"]
            liked = _like_siblings(cands, [chosen[j] for j in query.siblings]) if rounds else cands
            listed, cands = len(liked) < len(cands), liked
            # a country is in no place written after it: "China, Japan" is a list
            country = any(c.primary and c.place.feature == "country" for c in cands)
            inside = [
                c
                for c in cands
                if not country
                and any(places.contains(o, c.place) for o in _containers(places, query.qualifiers))
            ]
            if inside:
                resolved = _choose(inside, context)
                if resolved is not None and len(cands) > 1:
                    resolved = Resolved(resolved.candidate, "contained")
            else:
                resolved = _choose(cands, context)
                if resolved is not None and resolved.method == "only" and i in narrowed:
                    resolved = Resolved(resolved.candidate, "contained")
            if resolved is not None and listed and resolved.method in ("only", "population"):
                resolved = Resolved(resolved.candidate, "context")
            chosen[i] = resolved
            if rounds == 0 and resolved is not None and query.dateline:
                context.dateline.add(resolved.candidate.place.country_code or "")
        context.near = {
            i: r.candidate.place
            for i, r in enumerate(chosen)
            if r is not None and r.candidate.place.feature in ("city", *ADMINS)
        }
    return chosen
