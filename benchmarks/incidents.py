"""Incident harness: per-article tallies against the Gun Violence Archive, and the figures gold
set by tune/check half.

    python -m benchmarks.evaluate --only incidents [--data ../shared/data]

GVA (``gva-dev``): each article is scored against the archive's coding of the incident it
reports. Per article: ``killed exact`` / ``injured exact`` (the predicted count equals the
archive's, a missing count read as 0), ``killed over-claim`` (among articles where the
archive says 0 killed, the share where a killed count above 0 is claimed), ``city`` and
``state`` (a place of the incident names the archive's city / state, by entity name or by the
geocoded name and admin1), ``date`` (the incident's date has the archive's day).

Two readings of one record are scored: ``events`` (the first, main event's tallies, place
and date) and ``figures`` (the largest reported killed / injured figure and the places and
dates linked to the casualty figures: what a user of the figures alone would read).
Articles are split by incident id (`benchmarks.splits.half_of`); the figures gold set by
EventStoryLine topic, where `esc_rows` also checks the main event's killed and injured counts
against the largest labelled count of each document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.corpora import GoldDoc
from benchmarks.scoring import Counts, Ratio
from benchmarks.splits import HALVES, Half, half_of

GVA = "gva-dev"
METRICS = (
    "killed exact",
    "injured exact",
    "killed over-claim",
    "city",
    "state",
    "date",
)


@dataclass(frozen=True)
class GvaGold:
    """The archive's coding of the incident an article reports."""

    incident: str
    killed: int
    injured: int
    city: str | None
    state: str | None
    date: str | None


@dataclass(frozen=True)
class Reading:
    """What one record says about its incident, in one reading (events or figures)."""

    killed: int
    injured: int
    places: frozenset[str]
    dates: frozenset[str]


def read_gva(folder: Path) -> Iterator[tuple[GoldDoc, GvaGold]]:
    """Yield (document, gold) for every article of ``folder`` that the archive coded."""
    golds: dict[str, GvaGold] = {}
    with (folder / "incidents.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                golds[row["id"]] = GvaGold(
                    incident=str(row["incident"]),
                    killed=int(row["killed"] or 0),
                    injured=int(row["injured"] or 0),
                    city=row.get("city"),
                    state=row.get("state"),
                    date=row.get("date"),
                )
    with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            gold = golds.get(row["id"])
            if gold is not None and row.get("text"):
                yield (
                    GoldDoc(
                        corpus=GVA,
                        name=f"{GVA}/{row['id']}",
                        text=row["text"],
                        published=row.get("published"),
                        title=row.get("title"),
                    ),
                    gold,
                )


def _names(record: Any, ids: Sequence[str]) -> frozenset[str]:
    """Lower-cased names of the place entities ``ids``: name, aliases, geocoded name, admin1."""
    wanted = set(ids)
    names: set[str] = set()
    for e in record.entities:
        if e.id not in wanted:
            continue
        names.update(n.casefold() for n in (e.name, *e.aliases))
        if e.geo is not None:
            names.update(n.casefold() for n in (e.geo.name, e.geo.admin1) if n)
    return frozenset(names)


def _day(record: Any, date_id: str | None) -> set[str]:
    by_id = {d.id: d for d in record.dates}
    d = by_id.get(date_id or "")
    if d is None or not d.value or len(d.value) < 10:
        return set()
    return {d.value[:10]}


def from_events(record: Any) -> Reading:
    """The main (first) event's tallies, places and date."""
    events = getattr(record, "events", None) or []
    if not events:
        return Reading(0, 0, frozenset(), frozenset())
    main = events[0]

    def best(name: str) -> int:
        tally = getattr(main, name)
        return tally.best if tally is not None and tally.best is not None else 0

    return Reading(
        killed=best("killed"),
        injured=best("injured"),
        places=_names(record, main.place_ids),
        dates=frozenset(_day(record, main.date_id)),
    )


def from_figures(record: Any) -> Reading:
    """The largest reported killed and injured figures, and the places and dates of the
    casualty figures."""
    counts = {"killed": 0, "injured": 0}
    places: list[str] = []
    dates: set[str] = set()
    for f in record.figures:
        if f.category not in counts or f.modality != "reported":
            continue
        counts[f.category] = max(counts[f.category], f.value or f.low or 0)
        places.extend(f.entity_ids)
        dates |= _day(record, f.date_id)
    return Reading(counts["killed"], counts["injured"], _names(record, places), frozenset(dates))


def score_article(gold: GvaGold, read: Reading) -> dict[str, bool | None]:
    """Each metric for one article: True / False, or None where it does not apply."""
    return {
        "killed exact": read.killed == gold.killed,
        "injured exact": read.injured == gold.injured,
        "killed over-claim": read.killed > 0 if gold.killed == 0 else None,
        "city": gold.city.casefold() in read.places if gold.city else None,
        "state": gold.state.casefold() in read.places if gold.state else None,
        "date": gold.date in read.dates if gold.date else None,
    }


def gva_rows(
    items: Sequence[tuple[GoldDoc, GvaGold]], records: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Per-article GVA rows: for each half and reading, the share of articles right."""
    tally: dict[tuple[Half, str, str], Ratio] = {}
    for doc, gold in items:
        half = half_of(gold.incident)
        record = records.get(doc.name)
        for source, read in (("events", from_events), ("figures", from_figures)):
            reading = (
                read(record) if record is not None else Reading(0, 0, frozenset(), frozenset())
            )
            for metric, ok in score_article(gold, reading).items():
                if ok is not None:
                    tally.setdefault((half, source, metric), Ratio()).add(Ratio(int(ok), 1))
    rows = []
    for half in HALVES:
        for source in ("events", "figures"):
            for metric in METRICS:
                ratio = tally.get((half, source, metric), Ratio())
                rows.append(_ratio_row(GVA, f"{half} {source}", metric, ratio))
    return rows


def _ratio_row(corpus: str, subset: str, metric: str, ratio: Ratio) -> dict[str, Any]:
    hits = int(ratio.hits)
    counts = Counts(gold=ratio.total, pred=ratio.total, found=hits, correct=hits)
    row: dict[str, Any] = {"task": "incidents", "corpus": corpus, "subset": subset}
    row["metric"] = metric
    row.update(counts.as_dict())
    row.update(precision=None, f1=None)
    row["extra"] = {"note": "share of articles (R)"}
    return row


def topic_half(name: str) -> Half:
    """The half of an EventStoryLine document: by its topic folder ('esc-dev/12/...')."""
    parts = name.split("/")
    return half_of(parts[1] if len(parts) > 2 else name)


def esc_rows(
    docs: Sequence[GoldDoc],
    labelled: Mapping[str, Sequence[Mapping[str, Any]]],
    records: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """EventStoryLine documents of the figures gold set: per document, whether the main
    event's killed / injured count equals the largest labelled count of that category (0 when
    none is labelled), by topic half. The labels are counts in sentences, not an incident
    coding, so this is a check of the tallies, not a benchmark."""
    tally: dict[tuple[Half, str], Ratio] = {}
    for doc in docs:
        half = topic_half(doc.name)
        record = records.get(doc.name)
        reading = from_events(record)
        for category, predicted in (("killed", reading.killed), ("injured", reading.injured)):
            values = [g["value"] for g in labelled.get(doc.name, ()) if g["category"] == category]
            ok = predicted == max(values, default=0)
            tally.setdefault((half, f"{category} exact"), Ratio()).add(Ratio(int(ok), 1))
    return [
        _ratio_row("esc-gold", f"{half} events", metric, tally.get((half, metric), Ratio()))
        for half in HALVES
        for metric in ("killed exact", "injured exact")
    ]
