"""TIMEX3 arithmetic and normalization rules, without spaCy: calendar units, the choice of
a reading by tense, durations, the date grammar and the resolvers."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.dates import cluster, compose
from extract.dates.grammar import _grammar, scan
from extract.dates.resolve import Context, full_year
from extract.dates.timex import Tense, Timex, Unit, choose, duration_text

D = dt.date


@pytest.mark.parametrize(
    ("day", "granularity", "value", "first", "last"),
    [
        (D(2010, 7, 16), "week", "2010-W28", D(2010, 7, 12), D(2010, 7, 18)),
        (D(2010, 1, 1), "week", "2009-W53", D(2009, 12, 28), D(2010, 1, 3)),
        (D(2010, 7, 16), "weekend", "2010-W28-WE", D(2010, 7, 17), D(2010, 7, 18)),
        (D(2010, 7, 16), "month", "2010-07", D(2010, 7, 1), D(2010, 7, 31)),
        (D(2012, 2, 10), "month", "2012-02", D(2012, 2, 1), D(2012, 2, 29)),
        (D(2010, 7, 16), "quarter", "2010-Q3", D(2010, 7, 1), D(2010, 9, 30)),
        (D(2010, 7, 16), "half_year", "2010-H2", D(2010, 7, 1), D(2010, 12, 31)),
        (D(2010, 7, 16), "season", "2010-SU", D(2010, 6, 1), D(2010, 8, 31)),
        (D(2010, 1, 15), "season", "2009-WI", D(2009, 12, 1), D(2010, 2, 28)),
        (D(2010, 7, 16), "year", "2010", D(2010, 1, 1), D(2010, 12, 31)),
        (D(1994, 7, 16), "decade", "199", D(1990, 1, 1), D(1999, 12, 31)),
        (D(1994, 7, 16), "century", "19", D(1900, 1, 1), D(1999, 12, 31)),
    ],
)
def test_timex_unit_containing(
    day: dt.date, granularity: str, value: str, first: dt.date, last: dt.date
) -> None:
    unit = Unit.containing(day, granularity)
    assert (unit.value, unit.first, unit.end) == (value, first, last)


@pytest.mark.parametrize(
    ("granularity", "n", "value"),
    [
        ("month", -1, "2010-06"),
        ("month", -7, "2009-12"),
        ("week", 1, "2010-W29"),
        ("quarter", -3, "2009-Q4"),
        ("year", -2, "2008"),
        ("decade", -1, "200"),
        ("day", -16, "2010-06-30"),
    ],
)
def test_timex_unit_shift(granularity: str, n: int, value: str) -> None:
    assert Unit.containing(D(2010, 7, 16), granularity).shift(n).value == value


FRIDAY = D(2010, 7, 16)


def _weekday(anchor: dt.date, weekday: int) -> object:
    monday = anchor - dt.timedelta(days=anchor.weekday())
    return lambda k: Unit("day", monday + dt.timedelta(days=7 * k + weekday - 1))


@pytest.mark.parametrize(
    ("anchor", "weekday", "tense", "rel", "expected"),
    [
        (FRIDAY, 5, "past", None, D(2010, 7, 16)),  # "told reporters Friday", dated Friday
        (FRIDAY, 5, "future", None, D(2010, 7, 16)),
        (FRIDAY, 4, "past", None, D(2010, 7, 15)),
        (FRIDAY, 4, "future", None, D(2010, 7, 22)),
        (FRIDAY, 4, None, None, D(2010, 7, 15)),  # unknown tense leans to the past
        (D(2010, 7, 14), 5, None, None, D(2010, 7, 16)),  # ... unless twice as close ahead
        (D(2010, 7, 14), 1, "present", None, D(2010, 7, 12)),
        (FRIDAY, 4, None, 1, D(2010, 7, 22)),  # next Thursday
        (FRIDAY, 5, None, 1, D(2010, 7, 23)),  # next Friday, said on a Friday
        (FRIDAY, 5, None, -1, D(2010, 7, 9)),  # last Friday
        (FRIDAY, 1, None, 0, D(2010, 7, 12)),  # this Monday
    ],
)
def test_timex_choose_weekday(
    anchor: dt.date, weekday: int, tense: Tense | None, rel: int | None, expected: dt.date
) -> None:
    unit = choose(_weekday(anchor, weekday), anchor, tense, rel)  # type: ignore[arg-type]
    assert unit is not None and unit.start == expected


def test_timex_choose_near_day_against_past_tense() -> None:
    """'declared a dividend payable Dec. 15' in an October article: this December."""
    anchor = D(1989, 10, 27)
    unit = choose(lambda k: Unit("day", D(1989 + k, 12, 15)), anchor, "past", None)
    assert unit is not None and unit.value == "1989-12-15"
    unit = choose(lambda k: Unit("day", D(1989 + k, 4, 15)), anchor, "past", None)
    assert unit is not None and unit.value == "1989-04-15"


@pytest.mark.parametrize(
    ("month", "tense", "expected"),
    [
        (4, "past", "2010-04"),
        (4, "future", "2011-04"),
        (7, "past", "2010-07"),  # the month of the anchor itself
        (8, "past", "2009-08"),
        (12, "past", "2009-12"),
        (6, "future", "2011-06"),
        (10, None, "2010-10"),  # more than twice as close ahead
        (12, None, "2009-12"),
        (9, None, "2010-09"),
    ],
)
def test_timex_choose_month(month: int, tense: Tense | None, expected: str) -> None:
    unit = choose(lambda k: Unit("month", D(2010 + k, month, 1)), D(2010, 7, 16), tense, None)
    assert unit is not None and unit.value == expected


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (3, "W", "3W"),
        (2, "H", "T2H"),
        (5.5, "H", "T5H30M"),
        (1.5, "Y", "1Y6M"),
        (0.5, "H", "T30M"),
        (2, "DE", "20Y"),
        (1, "CE", "100Y"),
        (None, "Y", "XY"),
        (None, "MIN", "TXM"),
        (90, "MIN", "T90M"),
        (3, "Q", "3Q"),
    ],
)
def test_timex_duration_text(amount: float | None, unit: str, expected: str) -> None:
    assert duration_text(amount, unit) == expected


@pytest.mark.parametrize(
    ("year", "anchor", "expected"),
    [(98, D(2010, 1, 1), 1998), (15, D(2010, 1, 1), 2015), (98, D(1999, 1, 1), 1998)],
)
def test_timex_full_year(year: int, anchor: dt.date, expected: int) -> None:
    assert full_year(year, anchor) == expected


def test_timex_grammar_examples_match() -> None:
    """Every pattern matches its own examples ('in [April]': the bracketed part)."""
    for compiled in _grammar()[2]:
        pattern = compiled.pattern
        assert pattern.examples, f"pattern {pattern.name} has no example"
        for example in pattern.examples:
            text = example.replace("[", "").replace("]", "")
            start, end = example.index("["), example.index("]") - 1
            found = [(c.start, c.end, c.pattern) for c in scan(text)]
            assert (start, end, pattern.name) in found, (example, found)


def _resolve(text: str, anchor: dt.date | None, **context: object) -> Timex | None:
    groups = list(cluster(scan(text), text))
    assert len(groups) == 1, [[c.pattern for c in g] for g in groups]
    return compose(groups[0], Context(anchor, **context))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "tense", "value", "granularity"),
    [
        ("last month", None, "2010-06", "month"),
        ("this week", None, "2010-W28", "week"),
        ("next year", None, "2011", "year"),
        ("two years ago", None, "2008", "year"),
        ("three months ago", None, "2010-04", "month"),
        ("early next year", None, "2011", "year"),
        ("earlier this week", None, "2010-W28", "week"),
        ("yesterday", None, "2010-07-15", "day"),
        ("tonight", None, "2010-07-16TNI", "part_of_day"),
        ("last night", None, "2010-07-15TNI", "part_of_day"),
        ("this morning", None, "2010-07-16TMO", "part_of_day"),
        ("Friday night", "past", "2010-07-16TNI", "part_of_day"),
        ("Thursday evening", "past", "2010-07-15TEV", "part_of_day"),
        ("9 a.m. Tuesday", "future", "2010-07-20T09:00", "time"),
        ("10:35 p.m.", None, "2010-07-16T22:35", "time"),
        ("Oct. 23, 1999", None, "1999-10-23", "day"),
        ("Monday, Oct. 26", None, "2009-10-26", "day"),  # the year it is a Monday
        ("April", "past", "2010-04", "month"),
        ("last April", "future", "2010-04", "month"),
        ("the 1990s", None, "199", "decade"),
        ("the mid-1990s", None, "199", "decade"),
        ("the '80s", None, "198", "decade"),
        ("the 20th century", None, "19", "century"),
        ("the third quarter of 1984", None, "1984-Q3", "quarter"),
        ("the third quarter", "past", "2010-Q3", "quarter"),
        ("the first half of 1998", None, "1998-H1", "half_year"),
        ("last fall", None, "2009-FA", "season"),
        ("the winter of 1994", None, "1994-WI", "season"),
        ("the weekend", "past", "2010-W27-WE", "weekend"),
        ("Christmas", "future", "2010-12-25", "day"),
        ("Easter", "past", "2010-04-04", "day"),
        ("Good Friday", "future", "2011-04-22", "day"),
        ("last Thanksgiving", None, "2009-11-26", "day"),
        ("Memorial Day", "past", "2010-05-31", "day"),
        ("nineteen ninety-six", None, "1996", "year"),
        ("the first quarter of last year", None, "2009-Q1", "quarter"),
        ("October last year", None, "2009-10", "month"),
        ("the same month a year ago", None, "2009-07", "month"),
        ("the final quarter of 2009", None, "2009-Q4", "quarter"),
        ("4:08 p.m. EDT", None, "2010-07-16T20:08Z", "time"),
        ("11:06 PM EST Friday", "past", "2010-07-17T04:06Z", "time"),
        ("9 a.m. ET Jan. 5, 2010", None, "2010-01-05T14:00Z", "time"),
        ("14:30 GMT", None, "2010-07-16T14:30Z", "time"),
        ("now", None, "PRESENT_REF", "reference"),
        ("the future", None, "FUTURE_REF", "reference"),
        ("years ago", None, "PAST_REF", "reference"),
    ],
)
def test_timex_resolve_date(text: str, tense: Tense | None, value: str, granularity: str) -> None:
    timex = _resolve(text, FRIDAY, tense=tense)
    assert timex is not None
    assert (timex.value, timex.granularity) == (value, granularity)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("three weeks", "DURATION", "P3W"),
        ("two hours", "DURATION", "PT2H"),
        ("five-year", "DURATION", "P5Y"),
        ("the past two months", "DURATION", "P2M"),
        ("the past year", "DURATION", "P1Y"),
        ("several years", "DURATION", "PXY"),
        ("a decade", "DURATION", "P10Y"),
        ("every Friday", "SET", "XXXX-WXX-5"),
        ("every two weeks", "SET", "P2W"),
        ("daily", "SET", "P1D"),
        ("each July", "SET", "XXXX-07"),
        ("every quarter", "SET", "P1Q"),
        ("the next three quarters", "DURATION", "P3Q"),
        ("two and a half years", "DURATION", "P2Y6M"),
        ("twenty-four hours", "DURATION", "PT24H"),
        ("nearly two weeks", "DURATION", "P2W"),
        ("a weeklong", "DURATION", "P1W"),
        ("decades-long", "DURATION", "PXDE"),
    ],
)
def test_timex_resolve_duration_and_set(text: str, kind: str, value: str) -> None:
    timex = _resolve(text, FRIDAY)
    assert timex is not None and (timex.type, timex.value) == (kind, value)


def test_timex_period_of_a_date() -> None:
    timex = _resolve("last month", FRIDAY)
    assert timex is not None and timex.period == (D(2010, 6, 1), D(2010, 6, 30))
    early = _resolve("early 1990", FRIDAY)
    assert early is not None and early.value == "1990"
    assert early.period == (D(1990, 1, 1), D(1990, 4, 30))
    late = _resolve("late June", FRIDAY, tense="past")
    assert late is not None and late.period == (D(2010, 6, 21), D(2010, 6, 30))


@pytest.mark.parametrize(
    ("text", "previous", "value"),
    [
        ("a year earlier", Unit("quarter", D(1989, 7, 1)), "1988-Q3"),
        ("the year-ago quarter", Unit("quarter", D(1989, 7, 1)), "1988-Q3"),
        ("three days later", Unit("day", D(2010, 3, 3)), "2010-03-06"),
        ("that day", Unit("day", D(2010, 3, 3)), "2010-03-03"),
        ("later that year", Unit("day", D(1998, 3, 3)), "1998"),
        ("the quarter", Unit("quarter", D(1989, 7, 1)), "1989-Q3"),
        ("the 1988 period", Unit("quarter", D(1989, 7, 1)), "1988-Q3"),
        ("the next day", Unit("day", D(2010, 3, 3)), "2010-03-04"),
    ],
)
def test_timex_resolve_from_previous_date(text: str, previous: Unit, value: str) -> None:
    timex = _resolve(text, FRIDAY, tense="past", previous=previous)
    assert timex is not None and timex.value == value
    assert timex.unit is None or text == "the next day"  # not a reference for the next one


def test_timex_quarter_without_previous_is_the_last_one() -> None:
    timex = _resolve("the quarter", D(1989, 10, 26), tense="past")
    assert timex is not None and timex.value == "1989-Q3"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Oct. 23, 1999", "1999-10-23"),
        ("1991", "1991"),
        ("the 1990s", "199"),
        ("April", "XXXX-04"),
        ("March 3", "XXXX-03-03"),
        ("last month", None),
        ("Friday", None),
        ("two years ago", None),
        ("yesterday", None),
        ("10:35 a.m.", None),
    ],
)
def test_timex_without_anchor_computes_nothing(text: str, value: str | None) -> None:
    groups = list(cluster(scan(f"in {text}"), f"in {text}"))
    timex = compose(groups[-1], Context(None))
    assert timex is not None and timex.value == value
    if value is None:
        assert timex.relative


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("a 16-hour flight", "16-hour"),
        ("the third-quarter results", "third-quarter"),
        ("the year-ago results", "year-ago"),
        ("a decades-long feud", "decades-long"),
        ("nearly two weeks ago", "nearly two weeks ago"),
        ("Oct. 23, 1999.", "Oct. 23, 1999"),
        ("gone for now", "now"),
    ],
)
def test_timex_span(text: str, expression: str) -> None:
    """Spans follow TimeBank: no article before an adjectival duration, approximators in."""
    groups = list(cluster(scan(text), text))
    assert [text[g[0].start : g[-1].end] for g in groups] == [expression]


@pytest.mark.parametrize("text", ["a second", "Feb. 30", "the day"])
def test_timex_not_a_date(text: str) -> None:
    groups = list(cluster(scan(text), text))
    assert all(compose(g, Context(FRIDAY)) is None for g in groups)


@pytest.mark.parametrize(
    "text",
    [
        "We may send more troops.",
        "Protesters march on the capital.",
        "a 17-year-old boy",
        "He scored 52 points.",
        "each other",
        "The Sun reported it.",
        "Iraq imports about three-quarters of its food.",
        "a quarter of the vote",
    ],
)
def test_timex_grammar_finds_nothing(text: str) -> None:
    assert [c for c in scan(text) if c.kind != "mod"] == []
