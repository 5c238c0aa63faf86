"""From what an expression says (`timex_grammar.Parts`) to a TIMEX3 value.

One resolver per kind of expression, and `compose` for expressions made of several parts
("early next year", "Friday night", "9 a.m. Tuesday", "the third quarter of 1984"). Pure
functions of the parts, the anchor (publication date), the tense of the governing verb and
the previous date of the document (for "that day", "the quarter", "two days later").
Without an anchor, relative expressions get no value; nothing is read from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from extract.dates.grammar import Parts
from extract.dates.timex import (
    UNIT_GRANULARITY,
    Tense,
    Timex,
    Unit,
    add_months,
    at_clock,
    at_day,
    choose,
    duration,
    holiday_date,
    season_unit,
)

_ORDER = (
    *("time", "part_of_day", "day", "week", "weekend", "month", "season", "quarter"),
    *("half_year", "year", "decade", "century"),
)


@dataclass(frozen=True)
class Context:
    """What an expression is resolved against."""

    anchor: dt.date | None
    tense: Tense | None = None
    year: int | None = None  # an explicit year elsewhere in the expression
    previous: Unit | None = None  # the document's previous date


def full_year(year: int, anchor: dt.date | None) -> int:
    """'98 -> 1998: the century that puts the year at most ten years after the anchor."""
    if anchor is None:
        return year + (1900 if year >= 30 else 2000)
    full = anchor.year // 100 * 100 + year
    return full - 100 if full > anchor.year + 10 else full


def year_of(parts: Parts, ctx: Context) -> int | None:
    """The year the parts name ('98 completed around the anchor), else the context's."""
    if parts.year is not None:
        return full_year(parts.year, ctx.anchor) if parts.short_year else parts.year
    return ctx.year


def _date(year: int, month: int, day: int = 1) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _in_some_year(
    parts: Parts, ctx: Context, make_in: Callable[[int], Unit | None], unanchored: str | None
) -> Timex | None:
    """A date that recurs every year ('April', 'March 3', 'the third quarter'): in its
    explicit year, else the reading `choose` picks around the anchor, else unanchored
    (``XXXX-04``: what the text says, nothing computed)."""
    explicit = year_of(parts, ctx)
    if explicit is None and parts.rel is not None and "year" in parts.text.lower():
        if ctx.anchor is None:  # "next year's first quarter"
            return Timex("DATE", None, relative=True)
        explicit = ctx.anchor.year + parts.rel
    if explicit is not None:
        unit = make_in(explicit)
        return Timex.of(unit, relative=parts.short_year or parts.rel is not None) if unit else None
    if ctx.anchor is None:
        return Timex("DATE", unanchored, None, relative=unanchored is None)
    year = ctx.anchor.year
    unit = choose(lambda k: make_in(year + k), ctx.anchor, ctx.tense, parts.rel)
    return Timex.of(unit, relative=True) if unit else None


def calendar(parts: Parts, ctx: Context) -> Timex | None:
    """'March 3', 'April', 'last April', 'Oct. 23, 1999', '07/27/2016', 'Christmas',
    'Thanksgiving'."""
    if parts.holiday is not None:
        rule = parts.holiday
        return _in_some_year(parts, ctx, lambda y: Unit("day", holiday_date(y, rule)), None)
    month, day = parts.month, parts.day
    if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    granularity = "day" if day else "month"

    def make_in(year: int) -> Unit | None:
        start = _date(year, month, day or 1)
        return Unit(granularity, start) if start else None

    timex = _in_some_year(parts, ctx, make_in, f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
    return replace(timex, granularity=granularity) if timex else None


def year(parts: Parts, ctx: Context) -> Timex | None:
    """'1991', 'fiscal 1989', "'98"."""
    value = year_of(parts, ctx)
    return (
        Timex.of(Unit("year", dt.date(value, 1, 1)), relative=parts.short_year) if value else None
    )


def decade(parts: Parts, ctx: Context) -> Timex | None:
    """'the 1990s' -> 199; "the '80s" -> the latest such decade not after the anchor."""
    if parts.decade is None:
        return None
    tens = parts.decade
    if parts.short_year:
        century = (ctx.anchor.year // 100) if ctx.anchor else 19
        tens = century * 10 + tens
        if ctx.anchor and tens * 10 > ctx.anchor.year:
            tens -= 10
    return Timex.of(Unit("decade", dt.date(max(tens * 10, 1), 1, 1)), relative=parts.short_year)


def century(parts: Parts, ctx: Context) -> Timex | None:
    """'the 20th century' -> 19."""
    if not parts.ordinal or parts.ordinal < 1:
        return None
    return Timex.of(
        Unit("century", dt.date(max((parts.ordinal - 1) * 100, 1), 1, 1)), relative=False
    )


def quarter(parts: Parts, ctx: Context) -> Timex | None:
    """'the third quarter', 'Q3 2010', 'fiscal second-quarter', "next year's first quarter"."""
    q = 4 if parts.ordinal == -1 else parts.ordinal  # "the final quarter"
    if q is None or not 1 <= q <= 4:
        return None
    ctx = replace(ctx, tense="present")  # a quarter is reported on after it ends: the closest
    return _in_some_year(
        parts, ctx, lambda y: Unit("quarter", dt.date(y, 3 * q - 2, 1)), f"XXXX-Q{q}"
    )


def half(parts: Parts, ctx: Context) -> Timex | None:
    """'the first half of 1998', 'the second half of next year'."""
    h = 1 if parts.ordinal == 1 or "first" in parts.text.lower() else 2
    if ctx.previous and parts.year is None and parts.rel is None:  # "... of the year"
        ctx = replace(ctx, year=ctx.previous.start.year)
    elif ctx.anchor and parts.year is None and parts.rel is None:
        ctx = replace(ctx, year=ctx.anchor.year)
    return _in_some_year(
        parts, ctx, lambda y: Unit("half_year", dt.date(y, 6 * h - 5, 1)), f"XXXX-H{h}"
    )


def season(parts: Parts, ctx: Context) -> Timex | None:
    """'last fall', 'the winter of 1994', 'this summer'."""
    code = parts.season
    if code is None:
        return None
    return _in_some_year(parts, ctx, lambda y: season_unit(y, code), f"XXXX-{code}")


def weekday(parts: Parts, ctx: Context) -> Timex | None:
    """'Friday' (by tense), 'next Thursday', 'last Monday', 'this Friday'."""
    wd = parts.weekday
    if wd is None:
        return None
    anchor = ctx.anchor
    if anchor is None:
        return Timex("DATE", None, "day", relative=True)
    monday = anchor - dt.timedelta(days=anchor.weekday())
    unit = choose(
        lambda k: Unit("day", monday + dt.timedelta(days=7 * k + wd - 1)),
        anchor,
        ctx.tense,
        parts.rel,
    )
    return Timex.of(unit, relative=True) if unit else None


def deictic(parts: Parts, ctx: Context) -> Timex | None:
    """'today', 'yesterday', 'tomorrow', 'tonight', 'the day before yesterday'."""
    if ctx.anchor is None or parts.deictic is None:
        return Timex("DATE", None, "day", relative=True)
    timex = Timex.of(Unit("day", ctx.anchor + dt.timedelta(days=parts.deictic)), relative=True)
    return at_day(timex, "TNI") if parts.text.lower() == "tonight" else timex


def _day(ctx: Context) -> Timex | None:
    """The day a bare time of day refers to: the previous date if a day, else the anchor."""
    if ctx.previous and ctx.previous.granularity == "day":
        return Timex.of(replace(ctx.previous, suffix=""), relative=True)
    return Timex.of(Unit("day", ctx.anchor), relative=True) if ctx.anchor else None


def part(parts: Parts, ctx: Context) -> Timex | None:
    """'this morning', 'last night', 'the evening' (of the previous day mentioned)."""
    if ctx.anchor is None or parts.part is None:
        return Timex("TIME", None, "part_of_day", relative=True)
    day: Timex | None = _day(ctx)
    if parts.rel_word in ("this", "tonight", "last"):
        back = 1 if parts.rel_word == "last" else 0
        day = Timex.of(Unit("day", ctx.anchor - dt.timedelta(days=back)), relative=True)
    return at_day(day, "T" + parts.part) if day else None


def clock(parts: Parts, ctx: Context) -> Timex | None:
    """'10:35 a.m.', 'noon', "5 o'clock" on the day of the previous date or the anchor."""
    text = parts.clock
    if text is None and parts.number is not None and 1 <= parts.number <= 12:
        text = f"{int(parts.number):02d}:00"
    if text is None:
        return None
    day = _day(ctx)
    return at_clock(day, text, parts.zone) if day else Timex("TIME", None, "time", relative=True)


def relative(parts: Parts, ctx: Context) -> Timex | None:
    """'last month', 'this week', 'next year', 'the following day'; 'the past year' is P1Y."""
    granularity = UNIT_GRANULARITY.get(parts.unit or "")
    rel, word = parts.rel, parts.rel_word or ""
    if granularity is None or rel is None:
        return None
    if parts.article and word in ("past", "last", "next", "coming") and granularity in _SPANS:
        return duration(1, parts.unit or "")  # "the past year"; "the next day" is a date
    if granularity == "day" and word not in ("next", "following", "previous", "preceding"):
        return None
    if ctx.anchor is None:
        return Timex("DATE", None, granularity, relative=True)
    base = ctx.anchor
    if word in ("following", "previous", "preceding") or granularity == "day":
        base = ctx.previous.start if ctx.previous else ctx.anchor
    return Timex.of(Unit.containing(base, granularity).shift(rel), relative=True)


def _unreferenced(unit: Unit) -> Timex:
    """A date read off another one ('that day', 'a year earlier', 'the year-ago quarter');
    it does not become the next one's reference, so repeated 'a year earlier' in a report
    do not walk back year after year."""
    return replace(Timex.of(replace(unit, suffix=""), relative=True), unit=None)


def _finer(granularity: str, than: str) -> bool:
    return _ORDER.index(granularity) <= _ORDER.index(than)


_REPORTED = ("month", "quarter", "half_year", "season")  # what "the period" can be


def same(parts: Parts, ctx: Context) -> Timex | None:
    """'that day', 'the same week', 'the quarter', 'the latest period', 'the year'.

    'That'/'the same' and a reporting period ('the quarter', 'the period') are the
    previous date's unit; others ('the year', 'year-end', 'the week') are around the
    anchor; 'the quarter' or 'the latest period' with nothing before is the last quarter."""
    granularity = UNIT_GRANULARITY.get(parts.unit or "")
    previous = ctx.previous
    text = parts.text.lower()
    anaphoric = text.startswith(("that", "the same"))
    year = parts.year if parts.year is not None else ctx.year
    if year is not None:  # "the 1988 period", "the same month last year": moved to that year
        if previous and previous.granularity in _PER_YEAR and previous.granularity != "week":
            return _unreferenced(_years_later(previous, year - previous.start.year))
        if ctx.anchor and granularity in _PER_YEAR:
            unit = Unit.containing(ctx.anchor, granularity)
            return Timex.of(_years_later(unit, year - ctx.anchor.year), relative=True)
        return Timex.of(Unit("year", dt.date(year, 1, 1)), relative=False)
    if granularity is None:  # "the period"
        if previous and previous.granularity in _REPORTED:
            return _unreferenced(previous)
        if not text.startswith("the ") or text == "the period":
            return None  # nothing it could be
        granularity = "quarter"  # "the latest period" of a company report
    elif previous and (anaphoric or granularity == "quarter"):
        if previous.granularity == granularity:
            return _unreferenced(previous)
        if anaphoric and _finer(previous.granularity, granularity):
            return _unreferenced(Unit.containing(previous.start, granularity))
    if granularity == "day":
        return None  # "the day" with nothing before: not a date
    if anaphoric or ctx.anchor is None:
        return Timex("DATE", None, granularity, relative=True)
    unit = Unit.containing(ctx.anchor, granularity)
    if granularity == "quarter" and ctx.tense != "future":
        unit = unit.shift(-1)
    elif granularity == "weekend":
        unit = choose(unit.shift, ctx.anchor, ctx.tense, None) or unit
    return Timex.of(unit, relative=True)


_SPANS = ("week", "month", "year", "decade", "century")  # "the past <unit>" is a duration
_PER_YEAR = {"week": 52, "weekend": 52, "month": 12, "season": 4, "quarter": 4, "half_year": 2}


def _years_later(unit: Unit, years: int) -> Unit:
    if unit.granularity in ("day", "time", "part_of_day"):
        return replace(unit, start=add_months(unit.start, 12 * years))
    if unit.granularity in ("decade", "century"):
        return unit
    return unit.shift(_PER_YEAR.get(unit.granularity, 1) * years)


def year_ago(parts: Parts, ctx: Context) -> Timex | None:
    """'the year-ago quarter', 'year-earlier': the previous date (or unit) a year back."""
    granularity = UNIT_GRANULARITY.get(parts.unit or "Y") or "year"
    previous = ctx.previous
    if parts.ordinal and granularity == "quarter":  # "the year-earlier third quarter"
        same_quarter = quarter(parts, ctx)
        if same_quarter is None or same_quarter.unit is None:
            return same_quarter
        return _unreferenced(_years_later(same_quarter.unit, -1))
    finer = previous and _finer(previous.granularity, "half_year")
    if previous and finer and (parts.unit is None or previous.granularity == granularity):
        return _unreferenced(_years_later(previous, -1))  # not "last year ... year-earlier"
    if ctx.anchor is None:
        return Timex("DATE", None, granularity, relative=True)
    unit = Unit.containing(ctx.anchor, granularity)
    if granularity == "quarter" and ctx.tense != "future":
        unit = unit.shift(-1)
    return _unreferenced(_years_later(unit, -1))


_UNIT_STEP = {"D": ("day", 1), "W": ("week", 1), "WE": ("week", 1), "2W": ("week", 2)}
_UNIT_STEP |= {"M": ("month", 1), "Q": ("quarter", 1), "Y": ("year", 1), "DE": ("year", 10)}
_UNIT_STEP |= {"CE": ("year", 100), "ML": ("year", 1000)}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def offset(parts: Parts, ctx: Context) -> Timex | None:
    """'two years ago' -> 2008 (year); 'three days later' from the previous date."""
    direction = parts.direction or -1
    if parts.vague or parts.number is None:
        return Timex("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", "reference")
    if parts.unit in ("H", "MIN", "S"):
        return _day(ctx) or Timex("DATE", None, "day", relative=True)
    granularity, step = _UNIT_STEP.get(parts.unit or "", (None, 0))
    if granularity is None:
        return None
    amount = parts.number * step
    if granularity in _MONTHS and amount != int(amount):  # "a year and a half ago"
        granularity, amount = "month", amount * _MONTHS[granularity]
    n = direction * round(amount)
    previous = ctx.previous
    from_previous = parts.text.lower().endswith(("earlier", "later"))
    if previous and (from_previous or (previous.granularity, granularity) == ("quarter", "year")):
        if granularity in _MONTHS:
            start = add_months(previous.start, n * _MONTHS[granularity])
        else:
            start = previous.start + dt.timedelta(days=n * (7 if granularity == "week" else 1))
        return _unreferenced(Unit.containing(start, previous.granularity))
    if ctx.anchor is None:
        return Timex("DATE", None, granularity, relative=True)
    return Timex.of(Unit.containing(ctx.anchor, granularity).shift(n), relative=True)


def duration_of(parts: Parts, ctx: Context) -> Timex | None:
    """'three weeks' -> P3W, 'the past 20 years' -> P20Y, 'several days' -> PXD."""
    if parts.unit is None:
        return None
    return duration(None if parts.vague else (parts.number or 1), parts.unit)  # "weeklong": 1


def reference(parts: Parts, ctx: Context) -> Timex | None:
    """'now' PRESENT_REF, 'recently' PAST_REF, 'the future' FUTURE_REF."""
    return Timex("DATE", parts.reference, "reference") if parts.reference else None


def set_of(parts: Parts, ctx: Context) -> Timex | None:
    """'daily' P1D, 'every two weeks' P2W, 'every Friday' XXXX-WXX-5, 'each July' XXXX-07."""
    if parts.set_value:
        return Timex("SET", parts.set_value)
    if parts.weekday:
        suffix = f"T{parts.part}" if parts.part else ""
        return Timex("SET", f"XXXX-WXX-{parts.weekday}{suffix}", "day")
    if parts.month:
        return Timex("SET", f"XXXX-{parts.month:02d}", "month")
    if parts.season:
        return Timex("SET", f"XXXX-{parts.season}", "season")
    if parts.unit:
        every = 2 if "other" in parts.text.lower() else (parts.number or 1)
        return duration(every, parts.unit, kind="SET")
    return None


RESOLVERS: dict[str, Callable[[Parts, Context], Timex | None]] = {
    "calendar": calendar,
    "year": year,
    "decade": decade,
    "century": century,
    "quarter": quarter,
    "half": half,
    "season": season,
    "weekday": weekday,
    "deictic": deictic,
    "part": part,
    "clock": clock,
    "relative": relative,
    "same": same,
    "year_ago": year_ago,
    "offset": offset,
    "duration": duration_of,
    "reference": reference,
    "set": set_of,
}
