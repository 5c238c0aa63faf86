"""The wide figures gold set (``figures_gold_wide.jsonl``, see FIGURES-GOLD.md): reading,
placing and scoring.

Each line is one labelled number expression (``doc``, ``start``/``end`` character offsets in
the text the harness extracts from, ``sha1``: the first 8 hex digits of the SHA-1 of that
span's text, ``value``, ``vague``, ``category``, ``counted``, optionally ``qualifier``,
``high`` and ``exclude``) or one document read without anything to label (``doc`` and
``none``). A label is placed through its offsets and checked against its hash: a text
reader that changed fails loudly instead of scoring shifted spans.

Documents come from four corpora, scored by group (`group_of`) and by half (`half`):
EventStoryLine by topic (`incidents.topic_half`), GeoWebNews by file name (as the places
rows), TimeBank+AQUAINT and PolNeAR by article stem (as the quotes rows).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from benchmarks import scoring
from benchmarks.incidents import topic_half
from benchmarks.scoring import Counts
from benchmarks.splits import Half, half_of

GROUPS = ("esc", "timebank", "polnear", "gwn")
"""Corpus groups of the wide set, in row order."""
EXCLUDES = frozenset({"fuzzy", "zero"})
"""Why a label is kept but not scored: a fuzzy quantifier ("several", "a few") or a zero
count ("no one was hurt")."""


def span_hash(text: str) -> str:
    """The stored hash of a labelled span: 8 hex digits of the SHA-1 of its UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def read_wide(path: Path) -> dict[str, list[dict[str, Any]]]:
    """``{document name: [labels]}``; a document read with nothing to label maps to []."""
    found: dict[str, list[dict[str, Any]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        labels = found.setdefault(item["doc"], [])
        if item.get("none"):
            if labels:
                raise ValueError(f"{path}:{number}: {item['doc']} has labels and 'none'")
            continue
        labels.append(item)
    return found


def gold_figures(
    name: str, text: str, items: Sequence[Mapping[str, Any]]
) -> list[scoring.FigureLabel]:
    """Place labels in ``text``; raises ValueError when a span's text no longer hashes to the
    stored value (the reader or the corpus changed)."""
    figures = []
    for item in items:
        start, end = item["start"], item["end"]
        if not 0 <= start < end <= len(text) or span_hash(text[start:end]) != item["sha1"]:
            raise ValueError(
                f"{name}: figure at {start}-{end} ({item['sha1']}) does not match the text "
                f"there ({text[start:end][:40]!r}): the text reconstruction changed"
            )
        exclude = item.get("exclude")
        if exclude is not None and exclude not in EXCLUDES:
            raise ValueError(f"{name}: unknown exclude {exclude!r}")
        figures.append(scoring.gold_label(item, start, end, scored=exclude is None))
    return figures


def group_of(name: str) -> str:
    """The corpus group of a document name ('esc-dev/20/...', 'timebank-aquaint/...',
    'polnear/dev/text/...', 'gwn/17.txt')."""
    head = name.split("/", 1)[0]
    groups = {"esc-dev": "esc", "timebank-aquaint": "timebank", "polnear": "polnear"}
    if head in groups:
        return groups[head]
    if head == "gwn":
        return "gwn"
    raise ValueError(f"no corpus group for {name}")


def half(name: str) -> Half:
    """The tune/check half of a document of the wide set."""
    group = group_of(name)
    if group == "esc":
        return topic_half(name)
    if group == "gwn":
        return half_of(PurePosixPath(name).name)
    return half_of(PurePosixPath(name).stem)


def predicted(record: Any) -> list[scoring.FigureLabel]:
    """A record's figures as scored predictions, one per reported mention: the extractor
    merges a count reported twice into one figure with ``mentions``, and the gold set labels
    each occurrence."""
    found = []
    for f in record.figures if record else ():
        for start, end in [(f.start, f.end), *((m.start, m.end) for m in f.mentions)]:
            found.append(
                scoring.PredFigure(
                    start, end, f.value, f.vague, f.category, f.counted, low=f.low, high=f.high
                )
            )
    return found


def score(
    texts: Mapping[str, str],
    labelled: Mapping[str, Sequence[Mapping[str, Any]]],
    records: Mapping[str, Any],
) -> dict[tuple[str, Half], dict[str, Counts]]:
    """Add up the wide-set scores of the documents in ``texts`` by (group, half)."""
    total: dict[tuple[str, Half], dict[str, Counts]] = {}
    for name, text in texts.items():
        if name not in labelled:
            continue
        gold = gold_figures(name, text, labelled[name])
        scores = scoring.score_figures(
            gold, predicted(records.get(name)), scope=scoring.WIDE_FIGURE_SCOPE, bounds=True
        )
        tally = total.setdefault((group_of(name), half(name)), {})
        for metric, counts in scores.items():
            tally.setdefault(metric, Counts()).add(counts)
    return total
