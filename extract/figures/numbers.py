"""Numbers in running text: digits, written numbers, vague quantities, ranges and hedges.

`find_quantities` reads a tokenized Doc left to right and returns every number phrase with
its bounds ("at least 300" → low 300, "fewer than 10" → high 9, "thousands" → 2,000-9,999,
"between 40 and 50" → 40-50). It knows nothing about what is counted; extract/figures/__init__.py
decides that from the parse. The word lists and vague ranges live in
extract/resources/figures_numbers.json and figures_hedges.json (rules in docs/figures.md).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator
from spacy.tokens import Doc

from extract import attrs, lexicon
from extract.lexicon import longest_phrase

Bound = Literal["min", "over", "max", "under", "upto", "about"]
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
THOUSANDS_GROUP = re.compile(r"^\d{3}$")
MONTHS = frozenset((*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"))
RANGE_JOINERS = frozenset({"to", "-", "–", "—", "or"})
MAX_COUNT = 10**12
"""The largest count read (a trillion: above any count of people or things in the news,
within a SQL BIGINT); a larger number is dropped with a warning."""


class _Range(BaseModel):
    model_config = ConfigDict(extra="forbid")
    low: int
    high: int

    @model_validator(mode="after")
    def _ordered(self) -> _Range:
        if not 0 < self.low <= self.high:
            raise ValueError(f"bad range {self.low}-{self.high}")
        return self


class NumberWords(BaseModel):
    """figures_numbers.json: the words numbers are written with."""

    model_config = ConfigDict(extra="forbid")
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, _Range]
    fuzzy: dict[str, _Range]
    fraction: dict[str, float]


class Hedges(BaseModel):
    """figures_hedges.json: words before or after a number that bound or hedge it."""

    model_config = ConfigDict(extra="forbid")
    before: dict[str, Bound]
    after: dict[str, Bound]


class Exclusions(BaseModel):
    """figures_exclude.json: neighbours that make a number something else than a count."""

    model_config = ConfigDict(extra="forbid")
    currency_before: list[str]
    money_after: list[str]
    percent_after: list[str]
    clock_after: list[str]
    age_before: list[str]
    separators: list[str]


def _phrases(words: Sequence[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(w.split()) for w in words)


@dataclass(frozen=True)
class Lexicon:
    """The validated number resources, as lookup tables."""

    words: NumberWords
    before: dict[tuple[str, ...], Bound]
    after: dict[tuple[str, ...], Bound]
    fuzzy: dict[tuple[str, ...], _Range]
    not_after: frozenset[tuple[str, ...]]
    currency_before: frozenset[str]
    age_before: frozenset[str]
    separators: frozenset[str]


def _without_doc(data: object) -> object:
    return {k: v for k, v in data.items() if k != "_doc"} if isinstance(data, dict) else data


@cache
def load_lexicon() -> Lexicon:
    """Load and validate the number resources once."""
    words = NumberWords.model_validate(_without_doc(lexicon.read_json("figures_numbers.json")))
    hedges = Hedges.model_validate(_without_doc(lexicon.read_json("figures_hedges.json")))
    excl = Exclusions.model_validate(_without_doc(lexicon.read_json("figures_exclude.json")))
    return Lexicon(
        words=words,
        before={tuple(k.split()): v for k, v in hedges.before.items()},
        after={tuple(k.split()): v for k, v in hedges.after.items()},
        fuzzy={tuple(k.split()): v for k, v in words.fuzzy.items()},
        not_after=_phrases([*excl.money_after, *excl.percent_after, *excl.clock_after]),
        currency_before=frozenset(excl.currency_before),
        age_before=frozenset(excl.age_before),
        separators=frozenset(excl.separators),
    )


@dataclass(frozen=True)
class Quantity:
    """A number phrase: token offsets and what the words say about its size."""

    start: int  # first token, hedge included
    end: int  # token after the last one
    first: int  # first token of the number itself
    root: int  # the number token that carries the syntax (its last word)
    value: int | None
    low: int | None
    high: int | None
    approximate: bool = False
    vague: bool = False
    uncertain: bool = False
    written: bool = False  # spelled out in words ("two"), not digits


def _digits(text: str) -> float | None:
    return float(text.replace(",", "")) if DIGITS.match(text) else None


@dataclass(frozen=True)
class _Core:
    end: int
    low: float
    high: float
    vague: bool
    scale: int  # the scale word that closed it: "three thousand" → 1000, else 1
    written: bool


def _longest_before(words: Sequence[str], i: int, table: Container[tuple[str, ...]]) -> int:
    """Length of the longest phrase of ``table`` ending just before ``words[i]``."""
    for size in (4, 3, 2, 1):
        if i - size >= 0 and tuple(words[i - size : i]) in table:
            return size
    return 0


def _written(words: Sequence[str], i: int, nw: NumberWords) -> tuple[float, int, int] | None:
    """Read "two hundred and fifty thousand" at ``i``: (value, next index, last scale)."""
    n = len(words)
    total, current, j, last_scale, prev = 0.0, 0.0, i, 1, ""
    if j + 1 < n and words[j] in ("a", "an") and words[j + 1] in nw.scales:
        current, j = 1.0, j + 1
    elif (
        j + 2 < n
        and words[j] in nw.fraction
        and words[j + 1] in ("a", "an")
        and words[j + 2] in nw.scales
    ):
        current, j = nw.fraction[words[j]], j + 2
    while j < n:
        w = words[j]
        nxt = words[j + 1] if j + 1 < n else ""
        if w in nw.units and prev != "unit" and not (prev == "ten" and nw.units[w] >= 10):
            current, prev = current + nw.units[w], "unit"
        elif w in nw.tens and prev in ("", "scale"):
            current, prev = current + nw.tens[w], "ten"
        elif w in nw.scales and (current or total):
            last_scale = nw.scales[w]
            if last_scale < 1000:
                current *= last_scale
            else:
                total, current = total + current * last_scale, 0.0
            prev = "scale"
        elif (w == "-" and prev == "ten" and nw.units.get(nxt, 10) < 10) or (
            w == "and" and prev == "scale" and (nxt in nw.units or nxt in nw.tens)
        ):
            j += 1
            continue
        else:
            break
        j += 1
    if not prev:
        return None
    return total + current, j, last_scale if prev == "scale" else 1


def _core(words: Sequence[str], i: int, lex: Lexicon) -> _Core | None:
    """Read one number (no hedge, no range) starting at ``words[i]``."""
    nw = lex.words
    size = longest_phrase(words, i, lex.fuzzy)
    if size or words[i] in nw.vague:
        rng = lex.fuzzy[tuple(words[i : i + size])] if size else nw.vague[words[i]]
        j = i + (size or 1)
        if j + 1 < len(words) and words[j] == "of" and words[j + 1] in nw.vague:
            j += 1
        unit = nw.scales.get(words[j].removesuffix("s"), 0) if j < len(words) else 0
        if unit:
            return _Core(j + 1, rng.low * unit, (rng.high + 1) * unit - 1, True, unit, True)
        return _Core(j, rng.low, rng.high, True, 1, True)
    number = _digits(words[i])
    if number is not None:
        j = i + 1
        while (  # "26 , 000" in text tokenized with spaces around commas
            number < 1000
            and float(number).is_integer()
            and j + 1 < len(words)
            and words[j] == ","
            and THOUSANDS_GROUP.match(words[j + 1])
        ):
            number, j = number * 1000 + float(words[j + 1]), j + 2
        factor, last = 1, 1
        while j < len(words) and words[j] in nw.scales:
            last = nw.scales[words[j]]
            factor, j = min(factor * last, MAX_COUNT + 1), j + 1  # no float overflow
        return _Core(j, number * factor, number * factor, False, last, False)
    read = _written(words, i, nw)
    if read is None:
        return None
    value, end, scale = read
    return _Core(end, value, value, False, scale, True)


def _bounds(low: int, high: int, bound: Bound | None) -> tuple[int | None, int | None, int | None]:
    """(value, low, high) of a number read as ``low``-``high`` under a hedge.

    An exact number is its own value and bounds; strict words give strict integer bounds
    ("more than 15,000" → low 15,001, "fewer than 10" → high 9) and no value, since the
    number said is outside them; "at least 300" and "as many as 80" keep the number said as
    value; a range or a vague word has no single value.
    """
    exact = low == high
    value = low if exact else None
    if bound is None:
        return value, low, high
    if bound == "about":
        return value, None if exact else low, None if exact else high
    if bound == "min":
        return value, low, None
    if bound == "over":
        return None, high + 1 if exact else low, None
    if bound == "under":
        return None, None, max(low - 1, 0) if exact else high
    return value, None, high  # "max", "upto"


def _excluded(doc: Doc, words: Sequence[str], start: int, end: int, lex: Lexicon) -> bool:
    """True if the neighbours make the number money, a share, a time, an age or a code."""
    prev = words[start - 1] if start else ""
    nxt = words[end] if end < len(words) else ""
    if prev in lex.currency_before or prev in lex.age_before:
        return True
    if (prev in lex.separators and not _label(doc, start - 1)) or (
        nxt in lex.separators and not _label(doc, end)
    ):
        return True
    if longest_phrase(words, end, lex.not_after):
        return True
    if (start and doc[start - 1].text in MONTHS) or (nxt and doc[end].text in MONTHS):
        return True
    # "AK - 47", "F - 16" are codes and "907 - 745 - 1234" a phone number, not counts
    return prev in ("-", "–") and start >= 2 and words[start - 2][-1:].isalnum()


def _label(doc: Doc, i: int) -> bool:
    """A colon at ``i`` that ends a label ('Police: 4 shot', 'Killed: 12'), not one inside a
    clock time or a code ('9:30', '9 : 30', 'a:4')."""
    return doc[i].text == ":" and bool(doc[i].whitespace_) and i > 0 and not doc[i - 1].is_digit


def _spaced_decimal(doc: Doc, end: int) -> bool:
    return (
        end + 1 < len(doc)
        and doc[end].text == "."
        and "\n" not in doc[end].whitespace_
        and doc[end + 1].text.isdigit()
    )


def _year(doc: Doc, first: int, end: int) -> bool:
    """A bare four-digit year ("in 1991") that no lower-case word follows."""
    word = doc[first].text
    if end != first + 1 or not (len(word) == 4 and word.isdigit() and 1000 <= int(word) < 2200):
        return False
    return end >= len(doc) or not (doc[end].is_alpha and doc[end].is_lower)


def find_quantities(doc: Doc) -> list[Quantity]:
    """Return every number phrase in ``doc`` that can be a count, in text order."""
    lex = load_lexicon()
    words = [t.lower_ for t in doc]
    found: list[Quantity] = []
    too_large: list[str] = []
    i = 0
    while i < len(words):
        core = _core(words, i, lex)
        if core is None:
            i += 1
            continue
        first, start, end = i, i, core.end
        if _spaced_decimal(doc, end):
            i = end + 2  # "5 . 9" in text tokenized with spaces: a measurement
            continue
        low, high, vague = core.low, core.high, core.vague
        between = i > 0 and words[i - 1] == "between"
        joiner = words[end] if end < len(words) else ""
        if (joiner in RANGE_JOINERS or (between and joiner == "and")) and end + 1 < len(words):
            second = _core(words, end + 1, lex)
            if second is not None and not (i > 0 and words[i - 1] == "from"):
                if core.scale == 1 and second.scale > 1:  # "two to three thousand"
                    low *= second.scale
                if low < second.low:
                    high, vague, end = second.high, vague or second.vague, second.end
                    start -= 1 if between else 0
        i = end
        ranged = high != core.high
        if _excluded(doc, words, start, end, lex) or _year(doc, first, end):
            continue
        if not high <= MAX_COUNT:  # also infinity, from thousands of digits
            too_large.append(doc[first:end].text)
            continue
        if low != round(low):
            continue  # "5.8" is a measurement
        size = _longest_before(words, start, lex.before)
        bound = lex.before.get(tuple(words[start - size : start])) if size else None
        after = 0 if bound else longest_phrase(words, end, lex.after)
        if after:
            bound = lex.after[tuple(words[end : end + after])]
        value, lo, hi = _bounds(round(low), round(high), bound)
        found.append(
            Quantity(
                start=start - size,
                end=end + after,
                first=first,
                root=end - 1,
                value=None if vague else value,
                low=lo,
                high=hi,
                approximate=bound == "about" or (ranged and joiner == "or"),
                vague=vague,
                uncertain=bound == "upto",
                written=core.written,
            )
        )
    if too_large:
        shown = too_large[0] if len(too_large[0]) <= 40 else f"{too_large[0][:40]}…"
        attrs.add_warning(
            doc,
            f"{len(too_large)} number(s) over the maximum count of {MAX_COUNT:,} not read as "
            f"figures ({shown!r})",
        )
    return found
