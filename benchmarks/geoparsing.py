"""End-to-end geoparsing: GeoWebNews and GeoVirus gold toponyms against the records' places.

A gold toponym is *found* when a predicted place mention overlaps it (the largest overlap
wins) and *right* when that prediction's coordinates are within `RIGHT_KM` of the gold
coordinates (the 161 km = 100 miles of Gritta et al. 2019). Rates: found over all gold
toponyms, right over found, right over all gold toponyms (the end-to-end number).

GeoWebNews (``geoparsing/geowebnews``): ``files/N.txt`` and line N of ``gwn_full.txt``
(``name,,surface,,lat,,lon,,start,,end`` joined by ``||``; an output with empty
coordinates found a toponym but did not place it); the outputs of the Edinburgh
Geoparser, Yahoo! Placemaker and EMM in the same format are scored the same way, as
reference rows. Gold items with offsets outside the text (two in the corpus) are skipped.
GeoVirus (``geoparsing/geovirus/GeoVirus.xml``): each ``<article>``'s ``<text>`` and
``<location>`` spans. Halves: `benchmarks.splits.half_of` of the file name (GeoWebNews) or
the source URL (GeoVirus).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.splits import half_of

GEOWEBNEWS = Path("geoparsing/geowebnews")
GEOVIRUS = Path("geoparsing/geovirus/GeoVirus.xml")
RIGHT_KM = 161.0
PUBLISHED = {"edinburgh": "gwn_edin.txt", "yahoo": "gwn_yahoo.txt", "emm": "gwn_emm.txt"}
"""The published geoparsers whose GeoWebNews outputs ship with the corpus."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""Record entity labels that are place mentions even without coordinates."""


@dataclass(frozen=True)
class Toponym:
    """A place mention with coordinates (gold or predicted); None coordinates: not placed."""

    start: int
    end: int
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class GeoDoc:
    """One article and its gold toponyms."""

    corpus: str
    name: str
    text: str
    group: str
    toponyms: tuple[Toponym, ...]

    @property
    def half(self) -> str:
        """The development-set half of this article."""
        return half_of(self.group)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def parse_line(line: str) -> tuple[Toponym, ...]:
    """The toponyms of one corpus line (items with negative offsets are skipped)."""
    found = []
    for item in line.split("||"):
        if not item.strip():
            continue
        parts = item.split(",,")
        lat, lon, start, end = parts[-4:]
        placed = lat.strip() and lon.strip()
        toponym = Toponym(
            int(start),
            int(end),
            float(lat) if placed else None,
            float(lon) if placed else None,
        )
        if toponym.start < 0:
            continue
        found.append(toponym)
    return tuple(found)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def read_geowebnews(folder: Path) -> list[GeoDoc]:
    """The GeoWebNews articles with their gold toponyms, in corpus order."""
    docs = []
    for i, line in enumerate(_lines(folder / "gwn_full.txt")):
        path = folder / "files" / f"{i}.txt"
        if not path.exists():
            break
        text = path.read_text(encoding="utf-8")
        docs.append(GeoDoc("geowebnews", f"gwn/{i}.txt", text, f"{i}.txt", parse_line(line)))
    return docs


def read_published(folder: Path, system: str) -> list[tuple[Toponym, ...]]:
    """A published geoparser's GeoWebNews output, one tuple per article in corpus order."""
    return [parse_line(line) for line in _lines(folder / PUBLISHED[system])]


def read_geovirus(path: Path) -> list[GeoDoc]:
    """The GeoVirus articles with their gold locations."""
    docs = []
    for i, article in enumerate(ET.parse(path).getroot().iter("article")):
        text = article.findtext("text") or ""
        source = article.findtext("source") or str(i)
        toponyms = tuple(
            Toponym(
                int(loc.findtext("start") or 0),
                int(loc.findtext("end") or 0),
                float(loc.findtext("lat") or 0),
                float(loc.findtext("lon") or 0),
            )
            for loc in article.iter("location")
        )
        docs.append(GeoDoc("geovirus", f"geovirus/{i}", text, source, toponyms))
    return docs


@dataclass
class GeoScores:
    """Gold toponyms, how many were found, and how many were placed right."""

    gold: int = 0
    found: int = 0
    right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: GeoScores) -> None:
        """Add another tally into this one."""
        self.gold += other.gold
        self.found += other.found
        self.right += other.right
        self.errors.extend(other.errors)

    def rates(self) -> dict[str, float | None]:
        """Found / gold, right / found, right / gold."""
        return {
            "found": self.found / self.gold if self.gold else None,
            "right_when_found": self.right / self.found if self.found else None,
            "right": self.right / self.gold if self.gold else None,
        }


def score(gold: Sequence[Toponym], pred: Sequence[Toponym], text: str = "") -> GeoScores:
    """Score one article's predictions against its gold toponyms."""
    scores = GeoScores(gold=len(gold))
    for g in gold:
        best = max(
            pred,
            key=lambda p: min(p.end, g.end) - max(p.start, g.start),
            default=None,
        )
        if best is None or min(best.end, g.end) <= max(best.start, g.start):
            scores.errors.append({"kind": "missed", "text": text[g.start : g.end]})
            continue
        scores.found += 1
        if best.latitude is None or best.longitude is None:
            distance = None
        else:
            distance = km(g.latitude or 0.0, g.longitude or 0.0, best.latitude, best.longitude)
        if distance is not None and distance <= RIGHT_KM:
            scores.right += 1
        else:
            scores.errors.append(
                {"kind": "wrong", "text": text[g.start : g.end], "km": distance, "start": g.start}
            )
    return scores


def record_toponyms(record: Any) -> list[Toponym]:
    """The place mentions of a record: mentions of place entities and of any entity with a
    ``geo`` (a demonym linked to its country)."""
    found = []
    for entity in record.entities:
        geo = entity.geo
        if geo is None and entity.label not in PLACE_LABELS:
            continue
        lat = geo.latitude if geo is not None else None
        lon = geo.longitude if geo is not None else None
        found.extend(Toponym(m.start, m.end, lat, lon) for m in entity.mentions)
    return found


def predictions(docs: Sequence[GeoDoc], records: Mapping[str, Any]) -> dict[str, list[Toponym]]:
    """The records' place mentions by document name (a failed document finds nothing)."""
    return {d.name: record_toponyms(records[d.name]) for d in docs if d.name in records}


def published(data: Path, docs: Sequence[GeoDoc]) -> dict[str, dict[str, tuple[Toponym, ...]]]:
    """The published geoparsers' GeoWebNews outputs: ``{system: {document name: toponyms}}``."""
    folder = data / GEOWEBNEWS
    systems = {}
    for system in PUBLISHED:
        outputs = read_published(folder, system)
        systems[system] = {d.name: outputs[i] for i, d in enumerate(docs)}
    return systems


def halves(docs: Iterable[GeoDoc]) -> Iterator[tuple[str, list[GeoDoc]]]:
    """("tune", docs), ("check", docs), ("all", docs)."""
    docs = list(docs)
    for half in ("tune", "check"):
        yield half, [d for d in docs if d.half == half]
    yield "all", docs


def system_scores(
    docs: Sequence[GeoDoc], predictions: Mapping[str, Sequence[Toponym]]
) -> GeoScores:
    """Total scores of one system over ``docs`` (a missing prediction finds nothing)."""
    total = GeoScores()
    for doc in docs:
        total.add(score(doc.toponyms, predictions.get(doc.name, ()), doc.text))
    return total


READERS: dict[str, Callable[[Path], list[GeoDoc]]] = {
    "geowebnews": lambda data: read_geowebnews(data / GEOWEBNEWS),
    "geovirus": lambda data: read_geovirus(data / GEOVIRUS),
}
"""Corpus name -> reader of the corpus under a data folder."""
