"""Events as ACLED-style CSV rows, one per event, in ACLED's column layout (docs/events.md).

>>> from extract.export import write_acled  # doctest: +SKIP
>>> with open("events.csv", "w", newline="") as out:  # doctest: +SKIP
...     write_acled(records, out)

``conflict-extract export --format acled RECORDS... -o events.csv`` does the same from record
files. Columns we cannot fill (actor interaction codes, ISO numeric codes, admin3, tags) are
left empty; docs/events.md says why, column by column.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from extract.io import write_atomic
from models import Entity, Event, Record

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""ACLED's export columns, in its order."""

ACLED_TYPES: dict[tuple[str, str | None], tuple[str, str, str]] = {
    ("armed_clash", None): ("Political violence", "Battles", "Armed clash"),
    ("attack", None): ("Political violence", "Violence against civilians", "Attack"),
    ("violence_against_civilians", None): (
        "Political violence",
        "Violence against civilians",
        "Attack",
    ),
    ("abduction", None): (
        "Political violence",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    ("explosion", "airstrike"): (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    ("explosion", "shelling"): (
        "Political violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    ("explosion", None): (
        "Political violence",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    ("protest", None): ("Demonstrations", "Protests", "Peaceful protest"),
    ("riot", None): ("Demonstrations", "Riots", "Violent demonstration"),
    ("arrest", None): ("Strategic developments", "Strategic developments", "Arrests"),
}
"""(type, sub-type or None for any) -> ACLED (disorder type, event type, sub-event type).
Displacement, disaster and other have no ACLED type: their rows leave these empty."""

GEO_PRECISION = {"city": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3, "continent": 3}
"""ACLED geo-precision: 1 the town itself, 2 a part of a region near it, 3 only the
province or country."""


def _acled_type(event: Event) -> tuple[str, str, str]:
    found = ACLED_TYPES.get((event.type, event.sub_type)) or ACLED_TYPES.get((event.type, None))
    return found or ("", "", "")


def _date(record: Record, event: Event) -> tuple[str, int | None]:
    """The event day and ACLED time precision (1 day, 2 week, 3 month); without a dated
    event, the publication day at precision 2 (the incident was within days of it)."""
    dates = {d.id: d for d in record.dates}
    d = dates.get(event.date_id or "")
    if d is not None and d.period is not None:
        days = (d.period.end - d.period.start).days
        precision = 1 if days == 0 else 2 if days <= 7 else 3
        return d.period.start.isoformat(), precision
    if record.published.date is not None:
        return record.published.date.isoformat(), 2
    return "", None


def _names(entities: dict[str, Entity], ids: Sequence[str]) -> list[str]:
    return [entities[e].name for e in ids if e in entities]


def _notes(record: Record, event: Event) -> str:
    """The evidence sentence, and the headline when a count was read there."""
    sentence = event.sentence.text if event.sentence else ""
    if record.title and any(t.headline for _, t in event.tallies()):
        return f"{sentence} [Headline: {record.title}]".strip()
    return sentence


def acled_rows(records: Iterable[Record]) -> Iterator[dict[str, str]]:
    """One ACLED-layout row (column -> text) per event of ``records``, in order."""
    for record in records:
        entities = {e.id: e for e in record.entities}
        for event in record.events:
            disorder, event_type, sub_event = _acled_type(event)
            day, precision = _date(record, event)
            places = [entities[p] for p in event.place_ids if p in entities]
            located = next((p for p in places if p.geo is not None), None)
            geo = located.geo if located is not None else None
            actors = _names(entities, event.actor_ids)
            targets = _names(entities, event.target_ids)
            row = dict.fromkeys(ACLED_COLUMNS, "")
            row.update(
                event_id_cnty=f"{record.id}-{event.id}",
                event_date=day,
                year=day[:4],
                time_precision=str(precision or ""),
                disorder_type=disorder,
                event_type=event_type,
                sub_event_type=sub_event,
                actor1=actors[0] if actors else "",
                assoc_actor_1="; ".join(actors[1:]),
                actor2=targets[0] if targets else "",
                assoc_actor_2="; ".join(targets[1:]),
                civilian_targeting=(
                    "Civilian targeting" if event_type == "Violence against civilians" else ""
                ),
                country=(geo.country or geo.country_code or "") if geo else "",
                admin1=(geo.admin1 or "") if geo else "",
                admin2=(geo.admin2 or "") if geo else "",
                location=(geo.name if geo else places[0].name if places else ""),
                latitude=f"{geo.latitude:.4f}" if geo else "",
                longitude=f"{geo.longitude:.4f}" if geo else "",
                geo_precision=str(GEO_PRECISION.get(geo.feature, 3)) if geo else "",
                source=record.source.url or record.title or record.source.path or "",
                notes=_notes(record, event),
                fatalities=str(event.killed.low if event.killed else 0),
            )
            yield row


def write_acled(records: Iterable[Record], out: TextIO) -> int:
    """Write the events of ``records`` as ACLED-layout CSV to ``out``; returns the rows."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in acled_rows(records):
        writer.writerow(row)
        n += 1
    return n


def export_main(argv: Sequence[str]) -> int:
    """``conflict-extract export --format acled RECORDS... -o events.csv``; returns the exit
    code: 0 every record file was read, 1 some were bad (the rest is exported), 2 bad
    arguments."""
    from extract.render.cli import collect_records

    parser = argparse.ArgumentParser(
        prog="conflict-extract export", description="Write the events of records as CSV."
    )
    parser.add_argument("paths", nargs="+", metavar="RECORDS", help=".json/.jsonl files or -")
    parser.add_argument("--format", choices=("acled",), default="acled", help="[acled]")
    parser.add_argument("-o", "--output", default="events.csv", help="CSV file or - [events.csv]")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    records, failed = collect_records(args.paths)
    buffer = io.StringIO()
    n = write_acled(records, buffer)
    if args.output == "-":
        sys.stdout.write(buffer.getvalue())
    else:
        write_atomic(Path(args.output), buffer.getvalue())
        print(f"{n} events from {len(records)} records -> {args.output}", file=sys.stderr)
    return 1 if failed else 0
