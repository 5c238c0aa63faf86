"""The quote speakers gold set: direct quotations in EventStoryLine documents and who said them.

EventStoryLine has no quote annotation, so `quotes_gold.jsonl` was labelled by hand (see
QUOTES-GOLD.md). Each line holds ids, offsets and labels only: the document, the quotation's
and the speaker mention's CAT token ids and character offsets, the speaker's kind (``name``,
``pronoun``, ``description``), the canonical name of a named speaker, and whether the quotation
has no tag of its own (``inherited``: the speaker is the one of the tag before it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpora import GoldDoc, Offsets, read_labels
from benchmarks.scoring import Counts, PredQuote, Ratio, overlap_size, overlaps
from benchmarks.splits import half_of

SPEAKER_KINDS = ("name", "pronoun", "description")
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class GoldQuote:
    """A labelled direct quotation and its speaker."""

    quote: Offsets
    speaker: Offsets
    speaker_kind: str
    name: str | None
    inherited: bool


@dataclass
class SpeakerScores:
    """Quotations found, and their speakers right or missing, per speaker kind."""

    found: dict[str, Counts] = field(default_factory=dict)
    right: dict[str, Ratio] = field(default_factory=dict)
    missing: dict[str, Ratio] = field(default_factory=dict)

    def add(self, other: SpeakerScores) -> None:
        """Add another tally into this one."""
        for kind, counts in other.found.items():
            self.found.setdefault(kind, Counts()).add(counts)
        for mine, theirs in ((self.right, other.right), (self.missing, other.missing)):
            for kind, ratio in theirs.items():
                mine.setdefault(kind, Ratio()).add(ratio)


def group_of(doc_name: str) -> str:
    """An EventStoryLine document's split group: its topic folder."""
    return doc_name.split("/")[1]


def read_quotes_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The gold set: ``{document name: [labelled quotations]}``."""
    return read_labels(path)


def _placed(doc: GoldDoc, label: Mapping[str, Any]) -> Offsets:
    first, last = label["tokens"]
    span = doc.tokens[str(first)][0], doc.tokens[str(last)][1]
    if span != (label["start"], label["end"]):
        raise ValueError(f"{doc.name}: label {label} is at {span} in the rebuilt text")
    return span


def gold_quotes(doc: GoldDoc, items: Sequence[Mapping[str, Any]]) -> list[GoldQuote]:
    """Place the labels in the rebuilt text through their token ids; stored offsets must
    agree, or the text reconstruction changed."""
    return [
        GoldQuote(
            quote=_placed(doc, item["quote"]),
            speaker=_placed(doc, item["speaker"]),
            speaker_kind=item["speaker_kind"],
            name=item["name"],
            inherited=item["inherited"],
        )
        for item in items
    ]


def _words(name: str) -> set[str]:
    return {w.casefold().replace("’", "'") for w in _WORD.findall(name) if w[:1].isupper()}


def same_person(gold: str, predicted: str) -> bool:
    """Whether two names name one person: the words of one contain the other's ("King",
    "Billy King"); "Rosa Ortiz" is not "Jerry Ortiz"."""
    a, b = _words(gold), _words(predicted)
    return bool(a and b) and (a <= b or b <= a)


def speaker_right(text: str, gold: GoldQuote, quote: PredQuote) -> bool:
    """A named speaker is right when the resolved name, or the speaker as written, names
    the gold person, or the speaker span is the gold name as written; a description
    speaker when the speaker span overlaps the description."""
    if quote.speaker is None:
        return False
    written = text[quote.speaker[0] : quote.speaker[1]]
    if gold.name is None:
        return overlaps(gold.speaker, quote.speaker)
    if gold.speaker_kind == "name" and overlaps(gold.speaker, quote.speaker):
        return same_person(gold.name, written) or same_person(
            text[gold.speaker[0] : gold.speaker[1]], written
        )
    return any(same_person(gold.name, n) for n in (quote.speaker_name, written) if n)


def score_speakers(
    text: str, gold: Sequence[GoldQuote], pred: Sequence[PredQuote]
) -> SpeakerScores:
    """Score one document: a gold quotation is found when a predicted quote's content
    overlaps it (the largest overlap is its match); its speaker is then right, wrong or
    missing."""
    scores = SpeakerScores()
    for item in gold:
        best = max(
            pred,
            key=lambda q: sum(overlap_size(item.quote, c) for c in q.contents),
            default=None,
        )
        found = best is not None and any(overlaps(item.quote, c) for c in best.contents)
        for kind in (item.speaker_kind, "ALL"):
            counts = scores.found.setdefault(kind, Counts())
            counts.gold += 1
            if not found or best is None:
                continue
            counts.found += 1
            right = scores.right.setdefault(kind, Ratio())
            right.total += 1
            right.hits += speaker_right(text, item, best)
            missing = scores.missing.setdefault(kind, Ratio())
            missing.total += 1
            missing.hits += best.speaker is None
    return scores


def score_halves(
    docs: Sequence[GoldDoc],
    labelled: Mapping[str, Sequence[Mapping[str, Any]]],
    predicted: Mapping[str, Sequence[PredQuote]],
) -> dict[str, SpeakerScores]:
    """Scores of the labelled documents, per half of the development set (by topic)."""
    halves: dict[str, SpeakerScores] = {}
    for doc in docs:
        if doc.name not in labelled:
            continue
        scores = score_speakers(
            doc.text, gold_quotes(doc, labelled[doc.name]), predicted.get(doc.name, ())
        )
        halves.setdefault(half_of(group_of(doc.name)), SpeakerScores()).add(scores)
    return halves
