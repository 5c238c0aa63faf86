"""List the sentences a figures annotator reads (see FIGURES-GOLD.md, the wide set).

    python -m benchmarks.figures_candidates [--data ../shared/data]
        [--corpus esc|timebank|polnear|gwn] [--select]

A throwaway aid that never runs the extractor: it prints, per document, every sentence that
holds a number expression (`NUMBER`) and a word about people or harm (`PEOPLE`, `HARM`).
With ``--select`` it prints only the chosen document names: a document is chosen when at
least `MIN_HARM_SENTENCES` of its sentences hold a number and a `CASUALTY` word (EventStoryLine
topics are taken whole). The printed sentences are corpus text: read them, never store them.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from benchmarks import corpora, geoparsing

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ESC_TOPICS = ("1", "4", "5", "7", "13", "14", "20", "23", "24", "30", "35")
"""EventStoryLine dev topics outside the first figures gold set."""
MIN_HARM_SENTENCES = 1
"""Sentences with a number and a `CASUALTY` word that choose a document."""

_UNITS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|thousand|million|dozen"
)
NUMBER = re.compile(
    rf"\b(?:\d[\d,.]*|(?:{_UNITS})(?:-(?:{_UNITS}))?|dozens|hundreds|thousands|millions|"
    r"scores|tens|several|a few|a handful|a couple)\b",
    re.IGNORECASE,
)
HARM = re.compile(
    r"\b(?:kill|dead|death|die|died|dying|fatal|bod(?:y|ies)|wound|injur|hurt|hospital|"
    r"casualt|missing|unaccounted|trapped|rubble|buried|displac|refugee|evacu|fled|flee|"
    r"homeless|shelter|outdoors|arrest|detain|detention|custody|captur|jail|prison|"
    r"hostage|kidnap|abduct|victim|toll|shot|massacre|slain|murder|executed|execution)",
    re.IGNORECASE,
)
PEOPLE = re.compile(
    r"\b(?:people|persons?|men|women|children|civilians|soldiers|troops|police|officers?|"
    r"residents|villagers|workers|passengers|students|protesters|demonstrators|militants|"
    r"rebels|suspects|others|family|families|members|crew|guards|inmates|prisoners|staff|"
    r"employees|firefighters|sailors|pirates|climbers|tourists|fans|patients|individuals|"
    r"youths|boys|girls|guests|customers|journalists|americans|israelis|palestinians|iraqis|"
    r"kurds|albanians|serbs|babies|infants|teenagers|adults|victims|dead|injured|wounded)\b",
    re.IGNORECASE,
)
CASUALTY = re.compile(
    r"\b(?:killed|killing|dead|died|deaths|wounded|wounding|injured|injuries|injuring|hurt|"
    r"casualties|missing|refugees|displaced|fled|evacuated|arrested|arrests|detained|"
    r"hostages?|kidnapped|abducted|massacred?|death toll|slain|shot dead|gunned down|trapped|"
    r"evacuees|homeless|captives?)\b",
    re.IGNORECASE,
)
"""The stricter words that choose a document (see `selected`)."""
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’')]*|\n|$)")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Rough sentence spans (for reading only)."""
    for found in _SENTENCE.finditer(text):
        if found.group().strip():
            yield found.start(), found.end()


def candidates(text: str, strict: bool = False) -> list[tuple[int, int]]:
    """Sentences with a number and a harm or people word (``strict``: a `CASUALTY` word)."""
    kept = []
    for start, end in sentences(text):
        part = text[start:end]
        if not NUMBER.search(part):
            continue
        if CASUALTY.search(part) if strict else HARM.search(part) or PEOPLE.search(part):
            kept.append((start, end))
    return kept


def documents(data: Path, corpus: str) -> Iterator[corpora.GoldDoc]:
    """The documents of one corpus, named as the harness names them."""
    if corpus == "esc":
        for doc in corpora.read_cat(data / "esc-dev", data, "esc"):
            if doc.name.split("/")[1] in ESC_TOPICS:
                yield doc
    elif corpus == "timebank":
        yield from corpora.read_timeml(data / "timebank-aquaint", data)
    elif corpus == "polnear":
        for split in ("dev", "train"):
            yield from corpora.read_polnear(data / "polnear", split, data)
    elif corpus == "gwn":
        for geo in geoparsing.read_geowebnews(data / geoparsing.GEOWEBNEWS):
            yield corpora.GoldDoc("geowebnews", geo.name, geo.text, None)
    else:
        raise ValueError(f"unknown corpus {corpus}")


def selected(doc: corpora.GoldDoc) -> bool:
    """Whether a document is read: a whole EventStoryLine topic, else enough harm sentences."""
    if doc.corpus == "esc":
        return True
    return len(candidates(doc.text, strict=True)) >= MIN_HARM_SENTENCES


def main(argv: Sequence[str] | None = None) -> int:
    """Print the chosen documents, or their candidate sentences with offsets."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.figures_candidates")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--corpus", default="esc")
    parser.add_argument("--select", action="store_true", help="print document names only")
    args = parser.parse_args(argv)
    for doc in documents(args.data, args.corpus):
        if not selected(doc):
            continue
        if args.select:
            print(doc.name, len(candidates(doc.text, strict=True)))
            continue
        print(f"=== {doc.name}")
        for start, end in candidates(doc.text):
            print(f"[{start}] {' '.join(doc.text[start:end].split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
