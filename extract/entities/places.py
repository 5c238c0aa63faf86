"""Geocoding of an article's places against the gazetteer, using the article as context.

Each place entity is scored against every candidate its names match:

- a city scores the log10 of its population (a world capital beats a small namesake);
- countries and continents score above any city, US states a little lower, so "Georgia"
  is the country unless the article is mostly about the United States;
- a candidate in a country the article is about scores up to 1.2 more (about 15 times
  the population) by that country's share of the article's country mentions (demonyms
  count half), and 2 more in the dateline's country;
- a candidate in the country or US state written right after the name ("Paris, Texas",
  "ALMATY, Kazakhstan") scores 4 more;
- a match of the place's own GeoNames name scores a little more than an alternate name,
  and a city found only through an alternate name needs context or half a million people
  (alternate names include foreign exonyms: Auch, France is "Osh" in Russian);
- a dateline's first part names a city ("WASHINGTON" is not the state).

Ties are decided by population. This is a simpler cousin of mordecai's country-then-place
approach, without a search index or a model.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extract.entities.gazetteer import Candidate, Gazetteer, gazetteer

COUNTRY_SCORE = 7.5  # above the log10 population of any city
CONTINENT_SCORE = 8.5
STATE_SCORE = 6.5
CONTEXT_WEIGHT = 1.2
DATELINE_BONUS = 2.0
QUALIFIER_BONUS = 4.0
PRIMARY_BONUS = 0.3
ALTERNATE_MIN_POPULATION = 500_000


@dataclass
class PlaceQuery:
    """One place entity of an article, as the geocoder sees it."""

    forms: list[str]  # the names used, fullest first: "Los Angeles", "LA"
    mentions: int = 1
    qualifiers: list[str] = field(default_factory=list)  # "Texas" in "Paris, Texas"
    dateline: bool = False  # named in the dateline
    city: bool = False  # the dateline's first part


def _candidates(places: Gazetteer, forms: Iterable[str]) -> list[Candidate]:
    """The candidates of the first form that has any: "Los Angeles" before its "LA"."""
    for form in forms:
        found = places.lookup(form)
        if found:
            return found
    return []


def _qualifiers(places: Gazetteer, texts: Iterable[str]) -> set[tuple[str, str | None]]:
    """(country code, US state code or None) of each qualifying region."""
    found = set()
    for text in texts:
        for cand in places.lookup(text):
            if cand.place.feature in ("country", "admin1") and cand.place.country_code:
                found.add((cand.place.country_code, cand.place.admin1))
    return found


class _Scorer:
    def __init__(self, countries: Counter[str]) -> None:
        self.countries = countries
        self.top = max(countries.values(), default=0.0)
        self.dateline: set[str] = set()

    def context(self, code: str | None) -> float:
        if code is None:
            return 0.0
        bonus = DATELINE_BONUS if code in self.dateline else 0.0
        if self.top:
            bonus += CONTEXT_WEIGHT * self.countries.get(code, 0.0) / self.top
        return bonus

    def score(self, cand: Candidate, qualifiers: set[tuple[str, str | None]]) -> float | None:
        place = cand.place
        context = self.context(place.country_code)
        if place.feature == "country":
            base = COUNTRY_SCORE
        elif place.feature == "continent":
            base = CONTINENT_SCORE
        elif place.feature == "admin1":
            base = STATE_SCORE
        else:
            base = math.log10(place.population + 1)
            if not cand.primary and not context and place.population < ALTERNATE_MIN_POPULATION:
                return None
        if any(
            code == place.country_code and state in (None, place.admin1)
            for code, state in qualifiers
        ):
            context += QUALIFIER_BONUS
        return base + context + (PRIMARY_BONUS if cand.primary else 0.0)


def _evidence(
    found: Sequence[list[Candidate]], queries: Sequence[PlaceQuery], demonyms: Counter[str]
) -> Counter[str]:
    """Country weights: countries and US states named in the article, and demonyms."""
    weights: Counter[str] = Counter({code: n / 2 for code, n in demonyms.items()})
    for cands, query in zip(found, queries, strict=True):
        regions = {c.place.country_code for c in cands if c.place.feature in ("country", "admin1")}
        if len(regions) == 1 and (code := regions.pop()):
            weights[code] += query.mentions
    return weights


def resolve_places(
    queries: Sequence[PlaceQuery], demonyms: Counter[str] | None = None
) -> list[Candidate | None]:
    """Return the best candidate for each query (None when nothing fits).

    ``demonyms`` counts the country codes of the article's nationality mentions. The
    dateline's places are resolved first: their countries are context for the rest.
    """
    places = gazetteer()
    found = [_candidates(places, q.forms) for q in queries]
    scorer = _Scorer(_evidence(found, queries, demonyms or Counter()))
    chosen: list[Candidate | None] = [None] * len(queries)
    for i in sorted(range(len(queries)), key=lambda i: not queries[i].dateline):
        qualifiers = _qualifiers(places, queries[i].qualifiers)
        cands = found[i]
        if queries[i].city and any(c.place.feature == "city" for c in cands):
            cands = [c for c in cands if c.place.feature == "city"]
        scored = [(scorer.score(c, qualifiers), c) for c in cands]
        best = max(
            ((s, c) for s, c in scored if s is not None),
            key=lambda sc: (sc[0], sc[1].place.population),
            default=None,
        )
        if best is not None:
            chosen[i] = best[1]
            if queries[i].dateline and best[1].place.country_code:
                scorer.dateline.add(best[1].place.country_code)
    return chosen
