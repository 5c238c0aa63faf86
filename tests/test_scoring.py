"""Scorers on hand-made gold and predictions with scores worked out by hand."""

from __future__ import annotations

import pytest

from benchmarks.corpora import GoldMention, parse_brat, parse_timeml
from benchmarks.scoring import (
    WIDE_FIGURE_SCOPE,
    Counts,
    GoldFigure,
    PredFigure,
    PredMention,
    PredQuote,
    PredTimex,
    match,
    same_noun,
    score_dates,
    score_entities,
    score_figures,
    score_quotes,
    speaker_matches,
    written_numbers,
)
from tests.test_corpora import BRAT, BRAT_TEXT, TIMEML


def test_counts_rates() -> None:
    counts = Counts(gold=4, pred=2, found=1, correct=2)
    assert counts.precision == 1.0
    assert counts.recall == 0.25
    assert counts.f1 == pytest.approx(0.4)
    assert Counts(gold=3).precision is None
    assert Counts(gold=3).f1 is None


def test_match_prefers_largest_overlap_one_to_one() -> None:
    assert match([(0, 10)], [(0, 3), (2, 10)], strict=False) == {0: 1}
    assert match([(0, 10)], [(0, 3), (2, 10)], strict=True) == {}
    assert match([(0, 5), (6, 9)], [(0, 9)], strict=False) == {0: 0}
    assert match([(0, 5)], [(5, 9)], strict=False) == {}


def test_score_dates_tempeval_style() -> None:
    doc = parse_timeml(TIMEML, "x.tml")
    pred = [
        PredTimex(25, 34, "DATE", "1998-02-12"),  # exact, right value
        PredTimex(62, 66, "DURATION", "P3D"),  # "days": relaxed only, right value
        PredTimex(97, 103, "DATE", "1998-02-09"),  # exact, wrong value
        PredTimex(0, 6, "DATE", None),  # spurious
    ]
    scores = score_dates(doc.timexes, pred)
    assert scores.strict["ALL"] == Counts(gold=3, pred=4, found=2, correct=2)
    assert scores.relaxed["ALL"] == Counts(gold=3, pred=4, found=3, correct=3)
    assert scores.value["ALL"] == Counts(gold=3, pred=4, found=2, correct=2)
    assert (scores.type_accuracy.hits, scores.type_accuracy.total) == (3, 3)
    assert scores.relaxed["DURATION"] == Counts(gold=1, pred=1, found=1, correct=1)
    assert scores.strict["DURATION"] == Counts(gold=1, pred=1, found=0, correct=0)
    assert scores.value["DATE"] == Counts(gold=2, pred=3, found=1, correct=1)
    assert scores.relaxed["SET"] == Counts()


def test_score_dates_type_rows_need_the_type_and_regions_drop_predictions() -> None:
    doc = parse_timeml(TIMEML, "x.tml")
    pred = [PredTimex(56, 66, "DATE", "P3D"), PredTimex(97, 103, "DATE", "1998-02-16")]
    scores = score_dates(doc.timexes, pred, regions=[(0, 90)])
    assert scores.relaxed["ALL"] == Counts(gold=3, pred=1, found=1, correct=1)
    assert scores.relaxed["DURATION"] == Counts(gold=1, pred=0, found=0, correct=0)
    assert scores.found_any_type["DURATION"].value == 1.0
    assert (scores.type_accuracy.hits, scores.type_accuracy.total) == (0, 1)


def test_score_quotes_direct_and_indirect() -> None:
    gold = parse_brat(BRAT)
    pred = [
        PredQuote("direct", ((13, 24),), speaker=(26, 31), speaker_name="Barack Obama"),
        PredQuote("indirect", ((53, 72),)),
        PredQuote("direct", ((0, 8),)),  # "The deal": no gold content there
    ]
    scores = score_quotes(BRAT_TEXT, gold, pred)
    direct, indirect, overall = scores["direct"], scores["indirect"], scores["ALL"]
    assert direct.content == Counts(gold=1, pred=2, found=1, correct=1)
    assert (direct.speaker.hits, direct.speaker.total) == (1, 1)
    assert (direct.no_speaker.hits, direct.no_speaker.total) == (1, 2)
    assert direct.content_char_f1.value == pytest.approx(22 / 24)  # 11 shared of 13 + 11
    assert indirect.content == Counts(gold=1, pred=1, found=1, correct=1)
    assert indirect.speaker.total == 0  # the gold attribution has no source
    assert overall.content == Counts(gold=2, pred=3, found=2, correct=2)


@pytest.mark.parametrize(
    ("source", "quote", "expected"),
    [
        ((26, 31), PredQuote("direct", ((0, 1),), speaker=(26, 31)), True),
        ((26, 31), PredQuote("direct", ((0, 1),), speaker=(0, 3)), False),
        ((26, 31), PredQuote("direct", ((0, 1),), speaker_name="Barack Obama"), True),
        ((26, 31), PredQuote("direct", ((0, 1),), speaker_name="Michelle Rice"), False),
        ((26, 31), PredQuote("direct", ((0, 1),), entity_mentions=((25, 31),)), True),
        ((38, 45), PredQuote("direct", ((0, 1),), speaker_name="critics"), False),
    ],
)
def test_speaker_matches(source: tuple[int, int], quote: PredQuote, expected: bool) -> None:
    assert speaker_matches(BRAT_TEXT, [source], quote) is expected


CLASSES = {"PER": "PERSON", "ORG": "ORG"}


def test_score_entities_ignores_predictions_on_unscored_mentions() -> None:
    gold = [
        GoldMention(0, 5, "PER", named=True),
        GoldMention(10, 20, "ORG", named=True),
        GoldMention(30, 40, "PER", named=False),  # a nominal: "the gunman"
        GoldMention(42, 48, "FIN", named=True),  # a class that is not scored
    ]
    pred = [
        PredMention(0, 5, "PERSON"),
        PredMention(10, 15, "ORG"),  # relaxed match only
        PredMention(30, 33, "PERSON"),  # on the nominal: not judged
        PredMention(42, 48, "ORG"),  # on the unscored class: not judged
        PredMention(50, 55, "GPE"),  # nothing there: wrong
        PredMention(60, 65, "NORP"),  # no counterpart label: not scored
    ]
    scores = score_entities(gold, pred, CLASSES.get)
    assert scores["strict"]["ALL"] == Counts(gold=2, pred=3, found=1, correct=1)
    assert scores["relaxed"]["ALL"] == Counts(gold=2, pred=3, found=2, correct=2)
    assert scores["strict"]["PERSON"] == Counts(gold=1, pred=1, found=1, correct=1)
    assert scores["relaxed"]["ORG"] == Counts(gold=1, pred=1, found=1, correct=1)
    assert scores["relaxed"]["PLACE"] == Counts(gold=0, pred=1, found=0, correct=0)


def test_score_entities_wrong_class_is_an_error_both_ways() -> None:
    gold = [GoldMention(0, 5, "PER", named=True)]
    scores = score_entities(gold, [PredMention(0, 5, "ORG")], CLASSES.get, regions=[(0, 10)])
    assert scores["strict"]["ALL"] == Counts(gold=1, pred=1, found=1, correct=1)
    assert scores["strict"]["PERSON"] == Counts(gold=1, pred=0, found=0, correct=0)
    assert scores["strict"]["ORG"] == Counts(gold=0, pred=1, found=0, correct=0)


def test_score_figures() -> None:
    gold = [
        GoldFigure(10, 13, 3, False, "killed", "people"),
        GoldFigure(30, 40, None, True, "injured", "people"),  # "dozens of people"
        GoldFigure(70, 72, 2, False, "injured", None),  # "wounds 2"
        GoldFigure(80, 85, 3, False, "ambiguous", "people"),  # "shot three people"
    ]
    pred = [
        PredFigure(10, 20, 3, False, "killed", "People"),
        PredFigure(30, 36, None, True, "other", "people"),  # out of scope: not judged
        PredFigure(50, 52, 2, False, "arrested", "men"),  # spurious
        PredFigure(60, 62, 5, False, "other", None),
        PredFigure(70, 72, 2, False, "injured", "others"),
        PredFigure(80, 85, 3, False, "injured", "people"),  # on the ambiguous one: not judged
    ]
    scores = score_figures(gold, pred)
    assert scores["span"] == Counts(gold=3, pred=3, found=3, correct=2)
    assert scores["value+category"] == Counts(gold=3, pred=3, found=2, correct=2)
    # gold without a counted noun leaves the value+counted measure, with its prediction
    assert scores["value+counted"] == Counts(gold=2, pred=2, found=2, correct=1)


def test_score_figures_scope_unscored_gold_and_bounds() -> None:
    gold = [
        GoldFigure(0, 6, 22000, False, "displaced", "refugees"),  # "more than 22,000 refugees"
        GoldFigure(10, 17, None, True, "missing", None, scored=False),  # "several"
        GoldFigure(20, 28, 20, False, "injured", None),  # "20 to 30"
    ]
    pred = [
        PredFigure(0, 6, None, False, "displaced", "refugees", low=22001),
        PredFigure(10, 17, None, True, "missing", None),  # on an unscored label: not judged
        PredFigure(20, 28, None, False, "injured", None, low=20, high=30),
    ]
    narrow = score_figures(gold, pred)  # the first set's scope and exact values
    assert narrow["span"] == Counts(gold=1, pred=1, found=1, correct=1)
    assert narrow["value+category"] == Counts(gold=1, pred=1, found=0, correct=0)
    wide = score_figures(gold, pred, scope=WIDE_FIGURE_SCOPE, bounds=True)
    assert wide["span"] == Counts(gold=2, pred=2, found=2, correct=2)
    assert wide["value+category"] == Counts(gold=2, pred=2, found=2, correct=2)
    assert wide["value+counted"] == Counts(gold=1, pred=1, found=1, correct=1)
    wrong = [PredFigure(0, 6, None, False, "displaced", None, low=23001)]
    assert score_figures(gold[:1], wrong, WIDE_FIGURE_SCOPE, True)["value+category"] == Counts(
        gold=1, pred=1, found=0, correct=0
    )


@pytest.mark.parametrize(
    ("low", "high", "value", "vague", "expected"),
    [
        (None, None, 7, False, {7}),
        (15001, None, None, False, {15000, 15001}),  # "more than 15,000"
        (None, 9, None, False, {9, 10}),  # "fewer than 10"
        (40, 50, None, False, {39, 40, 50, 51}),  # "40 to 50"
        (24, 99, None, True, set()),  # "dozens"
    ],
)
def test_written_numbers(
    low: int | None, high: int | None, value: int | None, vague: bool, expected: set[int]
) -> None:
    pred = PredFigure(0, 1, value, vague, "killed", None, low=low, high=high)
    assert written_numbers(pred) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("people", "People", True), ("soldier", "soldiers", True), ("people", "person", False)],
)
def test_same_noun(a: str, b: str, expected: bool) -> None:
    assert same_noun(a, b) is expected
