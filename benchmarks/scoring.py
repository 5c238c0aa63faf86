"""Pure scorers: gold annotations against predictions, as counts that add up over documents.

Spans are ``(start, end)`` character offsets. Matching is one-to-one and greedy by overlap
size: *strict* needs identical offsets, *relaxed* any overlap (TempEval-3).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.corpora import Attribution, GoldMention, Offsets, Timex

QUOTE_MARKS = "\"“”„«»‘’'`"
ALL = "ALL"
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass
class Counts:
    """Found gold items, correct predicted items, and their totals."""

    gold: int = 0
    pred: int = 0
    found: int = 0
    correct: int = 0

    def add(self, other: Counts) -> None:
        """Add another tally into this one."""
        self.gold += other.gold
        self.pred += other.pred
        self.found += other.found
        self.correct += other.correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The counts and the rates rounded to four places."""
        return {
            "gold": self.gold,
            "pred": self.pred,
            "found": self.found,
            "correct": self.correct,
            **{k: _round(getattr(self, k)) for k in ("precision", "recall", "f1")},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class Ratio:
    """A share: ``hits`` out of ``total`` (hits may be fractional: a sum of scores)."""

    hits: float = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        """Add another tally into this one."""
        self.hits += other.hits
        self.total += other.total

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        """The tally and the share rounded to four places."""
        return {"hits": self.hits, "total": self.total, "value": _round(self.value)}


def overlaps(a: Offsets, b: Offsets) -> bool:
    """Whether two spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlap_size(a: Offsets, b: Offsets) -> int:
    """How many characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[Offsets], pred: Sequence[Offsets], *, strict: bool) -> dict[int, int]:
    """Pair gold and predicted spans one-to-one, largest overlaps first.

    Returns ``{gold index: pred index}``.
    """
    candidates = sorted(
        (
            (-overlap_size(g, p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if (g == p if strict else overlaps(g, p))
        ),
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in candidates:
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def in_regions(span: Offsets, regions: Sequence[Offsets] | None) -> bool:
    """Whether a span starts inside one of ``regions`` (None means everywhere)."""
    return regions is None or any(s <= span[0] < e for s, e in regions)


def _pair_counts(n_gold: int, n_pred: int, hits: int) -> Counts:
    return Counts(gold=n_gold, pred=n_pred, found=hits, correct=hits)


# --- dates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredTimex:
    """A predicted time expression."""

    start: int
    end: int
    type: str
    value: str | None


@dataclass
class DateScores:
    """Per TIMEX3 type (and ``ALL``): span strict/relaxed, value, type and any-type recall."""

    strict: dict[str, Counts] = field(default_factory=dict)
    relaxed: dict[str, Counts] = field(default_factory=dict)
    value: dict[str, Counts] = field(default_factory=dict)
    type_accuracy: Ratio = field(default_factory=Ratio)
    found_any_type: dict[str, Ratio] = field(default_factory=dict)

    def add(self, other: DateScores) -> None:
        """Add another document's scores."""
        for name in ("strict", "relaxed", "value", "found_any_type"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key, counts in theirs.items():
                mine.setdefault(key, type(counts)()).add(counts)
        self.type_accuracy.add(other.type_accuracy)


def score_dates(
    gold: Sequence[Timex], pred: Sequence[PredTimex], regions: Sequence[Offsets] | None = None
) -> DateScores:
    """Score one document's time expressions TempEval-3 style.

    ``ALL`` ignores types; each type row matches gold and predictions of that type only,
    so a type the extractor never produces shows zero predictions. ``found_any_type`` is
    the recall of a type's gold spans by predictions of any type (relaxed). The value is
    scored on relaxed matches: correct when the normalized values are equal.
    """
    pred = [p for p in pred if in_regions((p.start, p.end), regions)]
    scores = DateScores()
    for kind in (ALL, *TIMEX_TYPES):
        g = [t for t in gold if kind in (ALL, t.type)]
        p = [t for t in pred if kind in (ALL, t.type)]
        gs, ps = [(t.start, t.end) for t in g], [(t.start, t.end) for t in p]
        strict = match(gs, ps, strict=True)
        relaxed = match(gs, ps, strict=False)
        values = sum(1 for gi, pi in relaxed.items() if g[gi].value == p[pi].value)
        scores.strict[kind] = _pair_counts(len(g), len(p), len(strict))
        scores.relaxed[kind] = _pair_counts(len(g), len(p), len(relaxed))
        scores.value[kind] = _pair_counts(len(g), len(p), values)
        if kind == ALL:
            scores.type_accuracy = Ratio(
                sum(1 for gi, pi in relaxed.items() if g[gi].type == p[pi].type), len(relaxed)
            )
            for gi in range(len(g)):
                ratio = scores.found_any_type.setdefault(g[gi].type, Ratio())
                ratio.add(Ratio(int(gi in relaxed), 1))
    return scores


# --- quotes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredQuote:
    """A predicted quote: its kind, content spans and speaker (span, resolved name and the
    mentions of the resolved entity)."""

    kind: str
    contents: tuple[Offsets, ...]
    speaker: Offsets | None = None
    speaker_name: str | None = None
    entity_mentions: tuple[Offsets, ...] = ()


@dataclass
class QuoteKindScores:
    """Scores of one kind of quote (direct or indirect)."""

    content: Counts = field(default_factory=Counts)
    speaker: Ratio = field(default_factory=Ratio)
    no_speaker: Ratio = field(default_factory=Ratio)
    content_char_f1: Ratio = field(default_factory=Ratio)

    def add(self, other: QuoteKindScores) -> None:
        """Add another tally into this one."""
        self.content.add(other.content)
        self.speaker.add(other.speaker)
        self.no_speaker.add(other.no_speaker)
        self.content_char_f1.add(other.content_char_f1)


QUOTE_KINDS = ("direct", "indirect", ALL)


def gold_kind(text: str, attribution: Attribution) -> str:
    """``direct`` if the gold content starts with a quote mark, else ``indirect``."""
    start = attribution.content[0][0]
    return "direct" if text[start:].lstrip()[:1] in QUOTE_MARKS else "indirect"


def pred_kind(quote: PredQuote) -> str:
    """Predicted ``direct`` stays direct; ``mixed`` and ``indirect`` quotes start with
    unquoted words, as gold indirect attributions do."""
    return "direct" if quote.kind == "direct" else "indirect"


_NAME_WORD = re.compile(r"[A-Z][\w'’.-]+")


def speaker_matches(text: str, source: Sequence[Offsets], quote: PredQuote) -> bool:
    """Whether a predicted speaker is the gold source: the speaker span or a mention of
    the resolved entity overlaps the source, or a capitalized word of the resolved name
    is a word of the source ("Haley Morris" for the source "Spokeswoman Haley Morris")."""
    spans = ([quote.speaker] if quote.speaker else []) + list(quote.entity_mentions)
    if any(overlaps(s, p) for s in source for p in spans):
        return True
    if not quote.speaker_name:
        return False
    source_words = {_fold(w) for s, e in source for w in re.findall(r"[\w'’.-]+", text[s:e])}
    return any(_fold(w) in source_words for w in _NAME_WORD.findall(quote.speaker_name))


def _fold(word: str) -> str:
    return word.replace("’", "'").casefold()


def _chars(spans: Iterable[Offsets]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _char_f1(gold: Sequence[Offsets], pred: Sequence[Offsets]) -> float:
    g, p = _chars(gold), _chars(pred)
    shared = len(g & p)
    return 2 * shared / (len(g) + len(p)) if g or p else 0.0


def score_quotes(
    text: str, gold: Sequence[Attribution], pred: Sequence[PredQuote]
) -> dict[str, QuoteKindScores]:
    """Score one document's quotes against gold attributions, per kind and overall.

    A gold attribution is found when a predicted quote's content overlaps its content (the
    predicted quote of largest overlap is its match); a predicted quote is correct when it
    overlaps some gold content, whatever the kinds. Speaker accuracy is over found gold
    attributions that have a source; ``no_speaker`` is the share of predictions without one;
    ``content_char_f1`` is the mean character F1 of found contents with their match.
    """
    scores = {kind: QuoteKindScores() for kind in QUOTE_KINDS}
    for attribution in gold:
        best = max(
            pred,
            key=lambda q: sum(overlap_size(g, c) for g in attribution.content for c in q.contents),
            default=None,
        )
        found = best is not None and any(
            overlaps(g, c) for g in attribution.content for c in best.contents
        )
        for kind in (gold_kind(text, attribution), ALL):
            tally = scores[kind]
            tally.content.gold += 1
            if best is None or not found:
                continue
            tally.content.found += 1
            tally.content_char_f1.total += 1
            tally.content_char_f1.hits += _char_f1(attribution.content, best.contents)
            if attribution.source:
                tally.speaker.total += 1
                tally.speaker.hits += speaker_matches(text, attribution.source, best)
    for quote in pred:
        correct = any(overlaps(g, c) for a in gold for g in a.content for c in quote.contents)
        for kind in (pred_kind(quote), ALL):
            tally = scores[kind]
            tally.content.pred += 1
            tally.content.correct += correct
            tally.no_speaker.total += 1
            tally.no_speaker.hits += quote.speaker is None
    return scores


# --- entities ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PredMention:
    """A predicted entity mention with the project's label."""

    start: int
    end: int
    label: str


ENTITY_CLASSES = ("PERSON", "ORG", "PLACE", "PRODUCT")
PRED_CLASSES: Mapping[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "PRODUCT": "PRODUCT",
}
"""Project labels scored against a corpus class; other labels (NORP, EVENT, LAW, ...)
have no counterpart in the corpora and are not scored."""


def score_entities(
    gold: Sequence[GoldMention],
    pred: Sequence[PredMention],
    gold_class: Callable[[str], str | None],
    regions: Sequence[Offsets] | None = None,
) -> dict[str, dict[str, Counts]]:
    """Score one document's named mentions, strict and relaxed, per class and ``ALL``.

    Gold mentions count when ``named`` and their label has a class. A prediction that
    matches no scored gold mention but overlaps an unscored one (a nominal, a pronoun, an
    unmapped type) is left out: the corpus says nothing about it. ``ALL`` ignores classes.
    """
    scored = [(m.start, m.end, c) for m in gold if m.named and (c := gold_class(m.label))]
    unscored = [(m.start, m.end) for m in gold if not (m.named and gold_class(m.label))]
    preds = [
        (p.start, p.end, PRED_CLASSES[p.label])
        for p in pred
        if p.label in PRED_CLASSES and in_regions((p.start, p.end), regions)
    ]
    result: dict[str, dict[str, Counts]] = {"strict": {}, "relaxed": {}}
    for mode, tallies in result.items():
        strict = mode == "strict"
        for kind in (ALL, *ENTITY_CLASSES):
            g = [(s, e) for s, e, c in scored if kind in (ALL, c)]
            p = [(s, e) for s, e, c in preds if kind in (ALL, c)]
            pairs = match(g, p, strict=strict)
            matched = set(pairs.values())
            judged = [
                i
                for i, span in enumerate(p)
                if i in matched
                or any(overlaps(span, (s, e)) for s, e, _ in scored)
                or not any(overlaps(span, u) for u in unscored)
            ]
            tallies[kind] = Counts(
                gold=len(g), pred=len(judged), found=len(pairs), correct=len(matched)
            )
    return result


# --- figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureLabel:
    """A count: hand-labelled (see benchmarks/FIGURES-GOLD.md) or predicted.

    ``low`` and ``high`` are a prediction's bounds (read only by ``score_figures(...,
    bounds=True)``); a gold label with ``scored`` false ("several", "no one" in the wide set)
    is left out of the measure like an ``ambiguous`` one, whatever its category."""

    start: int
    end: int
    value: int | None
    vague: bool
    category: str
    counted: str | None
    low: int | None = None
    high: int | None = None
    scored: bool = True


GoldFigure = FigureLabel
PredFigure = FigureLabel


def gold_label(item: Mapping[str, Any], start: int, end: int, scored: bool = True) -> GoldFigure:
    """A labelled figure of a gold file placed at ``start``-``end`` in the document's text."""
    return GoldFigure(
        start=start,
        end=end,
        value=item["value"],
        vague=item.get("vague", False),
        category=item["category"],
        counted=item["counted"],
        scored=scored,
    )


FIGURE_SCOPE = frozenset({"killed", "injured", "arrested", "missing", "kidnapped"})
"""Categories the figures gold set labels exhaustively in its documents. A gold figure
labelled ``ambiguous`` (people shot, some killed and some wounded) is in neither the gold
counts nor the judged predictions."""
WIDE_FIGURE_SCOPE = FIGURE_SCOPE | {"displaced"}
"""Categories the wide figures gold set labels exhaustively (FIGURES-GOLD.md)."""


def same_noun(a: str | None, b: str | None) -> bool:
    """Counted nouns agree, ignoring case and a plural ``s``."""
    if not a or not b:
        return False
    x, y = a.casefold().strip(), b.casefold().strip()
    return x == y or x.rstrip("s") == y.rstrip("s")


def _value_ok(gold: GoldFigure, pred: PredFigure) -> bool:
    return pred.vague if gold.vague else pred.value == gold.value


def written_numbers(pred: PredFigure) -> frozenset[int]:
    """The numbers a prediction's text may have written: its value or, when it has none
    (docs/figures.md), the number its bounds were read from: ``low`` ("between 40 and 50",
    "40 to 50"), ``low - 1`` ("more than 15,000"), ``high`` ("at most 10") or ``high + 1``
    ("fewer than 10"). A vague prediction writes no number."""
    if pred.vague:
        return frozenset()
    if pred.value is not None:
        return frozenset({pred.value})
    found: set[int] = set()
    if pred.low is not None:
        found |= {pred.low, pred.low - 1}
    if pred.high is not None:
        found |= {pred.high, pred.high + 1}
    return frozenset(found)


def _written_ok(gold: GoldFigure, pred: PredFigure) -> bool:
    """Values agree when gold holds the number as written ("more than 22,000": 22000)."""
    if gold.vague:
        return pred.vague
    return gold.value is not None and gold.value in written_numbers(pred)


def score_figures(
    gold: Sequence[GoldFigure],
    pred: Sequence[PredFigure],
    scope: frozenset[str] = FIGURE_SCOPE,
    bounds: bool = False,
) -> dict[str, Counts]:
    """Score one document's figures: ``span`` (an overlapping figure of any category),
    ``value+category`` and ``value+counted`` (over gold figures that name a counted noun).

    Gold and predicted figures are paired one-to-one by overlap. Precision is over
    predictions whose category is in ``scope``, except those paired with a gold figure the
    measure leaves out (out of scope, ``ambiguous`` or not ``scored``); a vague gold figure
    ("dozens") needs a vague prediction. With ``bounds``, a gold value is the number as
    written and a prediction without a value agrees through its bounds (`written_numbers`).
    """
    value_ok = _written_ok if bounds else _value_ok
    pairs = match([(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred], strict=False)
    owner = {pi: gi for gi, pi in pairs.items()}
    tests: dict[
        str, tuple[Callable[[GoldFigure], bool], Callable[[GoldFigure, PredFigure], bool]]
    ] = {
        "span": (lambda g: True, lambda g, p: True),
        "value+category": (
            lambda g: True,
            lambda g, p: value_ok(g, p) and g.category == p.category,
        ),
        "value+counted": (
            lambda g: bool(g.counted),
            lambda g, p: value_ok(g, p) and same_noun(g.counted, p.counted),
        ),
    }
    result = {}
    for name, (counts, ok) in tests.items():
        judged = {gi for gi, g in enumerate(gold) if g.category in scope and g.scored and counts(g)}
        found = sum(1 for gi in judged if gi in pairs and ok(gold[gi], pred[pairs[gi]]))
        kept = [
            pi
            for pi, p in enumerate(pred)
            if p.category in scope and (pi not in owner or owner[pi] in judged)
        ]
        correct = sum(1 for pi in kept if pi in owner and ok(gold[owner[pi]], pred[pi]))
        result[name] = Counts(gold=len(judged), pred=len(kept), found=found, correct=correct)
    return result
