"""Number phrases on a blank tokenizer: values, bounds, vague ranges, exclusions."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extract.figures.numbers import Quantity, find_quantities, load_lexicon


def _first(blank: Language, text: str) -> tuple[str, Quantity]:
    doc = blank(text)
    found = find_quantities(doc)
    assert found, f"no number in {text!r}"
    return doc[found[0].start : found[0].end].text, found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "low", "high"),
    [
        ("300 people", "300", 300, 300, 300),
        ("15,000 refugees", "15,000", 15000, 15000, 15000),
        ("26 , 000 people", "26 , 000", 26000, 26000, 26000),
        ("two guards", "two", 2, 2, 2),
        ("Police: 4 shot", "4", 4, 4, 4),  # a colon that ends a label, not a clock's
        ("Killed : 12", "12", 12, 12, 12),
        ("forty-five people", "forty-five", 45, 45, 45),
        ("one hundred and twenty troops", "one hundred and twenty", 120, 120, 120),
        ("1.5 million people", "1.5 million", 1500000, 1500000, 1500000),
        ("half a million people", "half a million", 500000, 500000, 500000),
        ("a dozen people", "a dozen", 12, 12, 12),
        ("At least 300 people", "At least 300", 300, 300, None),
        ("300 or more people", "300 or more", 300, 300, None),
        ("more than 15,000 refugees", "more than 15,000", None, 15001, None),
        ("more than a dozen people", "more than a dozen", None, 13, None),
        ("less than 10 observers", "less than 10", None, None, 9),
        ("fewer than 10 observers", "fewer than 10", None, None, 9),
        ("as many as 80 people", "as many as 80", 80, None, 80),
        ("up to 80 people", "up to 80", 80, None, 80),
        ("some 2,000 houses", "some 2,000", 2000, None, None),
        ("between 40 and 50 protesters", "between 40 and 50", None, 40, 50),
        ("20-30 soldiers", "20-30", None, 20, 30),
        ("two or three people", "two or three", None, 2, 3),
        ("two to three thousand people", "two to three thousand", None, 2000, 3000),
    ],
)
def test_numbers_value_and_bounds(
    blank: Language, text: str, span: str, value: int | None, low: int | None, high: int | None
) -> None:
    found, q = _first(blank, text)
    assert (found, q.value, q.low, q.high) == (span, value, low, high)
    assert not q.vague


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("thousands of homes", 2000, 9999),
        ("dozens of people", 24, 99),
        ("hundreds of protesters", 200, 999),
        ("tens of thousands of residents", 20000, 99999),
        ("hundreds of thousands of people", 200000, 999999),
        ("several hundred people", 300, 999),
        ("a few thousand people", 2000, 9999),
        ("several people", 3, 9),
        ("scores of deputies", 40, 99),
    ],
)
def test_numbers_vague_ranges(blank: Language, text: str, low: int, high: int) -> None:
    _, q = _first(blank, text)
    assert (q.value, q.low, q.high, q.vague) == (None, low, high, True)


def test_numbers_hedges_mark_approximate_and_uncertain(blank: Language) -> None:
    assert _first(blank, "about 50 people")[1].approximate
    assert _first(blank, "nearly 300 homes")[1].approximate
    assert _first(blank, "as many as 9 witnesses")[1].uncertain
    assert not _first(blank, "at least 9 witnesses")[1].uncertain


@pytest.mark.parametrize(
    "text",
    [
        "independence in 1991 .",
        "80% of the vote",
        "80 percent of the vote",
        "$5 million in aid",
        "at 9 a.m. local time",
        "at 9 : 30 local time",
        "at 9:30 local time",
        "ratio a:4 in the file",
        "on June 24 the police",
        "on 24 June the police",
        "a Kalashnikov AK - 47",
        "aged 17 , he",
        "www . site . com / 2009 / 11",
        "the first time",
        "the 3rd battalion",
        "a 5 . 9 magnitude quake",
        "a 5.8 magnitude quake",
    ],
)
def test_numbers_not_counts(blank: Language, text: str) -> None:
    doc = blank(text)
    assert find_quantities(doc) == [], [doc[q.start : q.end].text for q in find_quantities(doc)]


def test_numbers_lexicon_is_validated() -> None:
    lex = load_lexicon()
    assert lex.words.vague["thousands"].low == 2000
    assert lex.before[("at", "least")] == "min"
