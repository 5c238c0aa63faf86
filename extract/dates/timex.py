"""TIMEX3 values: calendar units, the reading of a partial date chosen by tense, clock
times and durations.

Pure functions, no spaCy and no clock: every relative value is computed from the anchor
(the publication date) that the caller passes, and nothing at all is computed without one.
Conventions follow TimeML TIMEX3 as annotated in TimeBank: ``2010-06``, ``2010-W28``,
``2010-W28-WE``, ``2010-Q3``, ``2010-H1``, ``2010-SU``, ``199`` (the 1990s), ``19`` (the 20th
century), ``2010-07-16TNI``, ``2010-07-16T09:30``; ``P3W``, ``PT2H``; ``XXXX-WXX-5`` for a set.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

Tense = Literal["past", "present", "future"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]

# unit code (dates_lexicon.json) -> granularity of the calendar unit it names
UNIT_GRANULARITY = {
    "D": "day",
    "W": "week",
    "WE": "weekend",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "DE": "decade",
    "CE": "century",
}
_MONTHS_PER = {"month": 1, "season": 3, "quarter": 3, "half_year": 6, "year": 12}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_MOD_THIRD = {"START": 0, "MID": 1, "END": 2}


@dataclass(frozen=True)
class Unit:
    """One calendar unit (a day, an ISO week, a month, ...), optionally a part of a day."""

    granularity: str
    start: dt.date
    suffix: str = ""  # "TNI", "T09:30" on a day

    @classmethod
    def containing(cls, day: dt.date, granularity: str) -> Unit:
        """The unit of ``granularity`` that contains ``day``."""
        if granularity in ("week", "weekend"):
            return cls(granularity, day - dt.timedelta(days=day.weekday()))
        if granularity == "season":
            month = day.month - (day.month % 3)  # Dec, Mar, Jun, Sep
            year = day.year - 1 if month == 0 else day.year
            return cls(granularity, dt.date(year, month or 12, 1))
        if granularity in _MONTHS_PER:
            size = _MONTHS_PER[granularity]
            return cls(granularity, dt.date(day.year, (day.month - 1) // size * size + 1, 1))
        if granularity == "decade":
            return cls(granularity, dt.date(day.year // 10 * 10, 1, 1))
        if granularity == "century":
            return cls(granularity, dt.date(day.year // 100 * 100, 1, 1))
        return cls("day", day)

    def shift(self, n: int) -> Unit:
        """The unit ``n`` units later (earlier when negative)."""
        g = self.granularity
        if g in ("week", "weekend"):
            return replace(self, start=self.start + dt.timedelta(weeks=n))
        if g in _MONTHS_PER:
            return replace(self, start=add_months(self.start, n * _MONTHS_PER[g]))
        if g in ("decade", "century"):
            years = n * (10 if g == "decade" else 100)
            return replace(self, start=self.start.replace(year=self.start.year + years))
        return replace(self, start=self.start + dt.timedelta(days=n))

    @property
    def end(self) -> dt.date:
        """Last day of the unit (inclusive)."""
        g = self.granularity
        if g in ("week", "weekend"):
            return self.start + dt.timedelta(days=6)
        if g in _MONTHS_PER or g in ("decade", "century"):
            months = _MONTHS_PER.get(g) or (120 if g == "decade" else 1200)
            return add_months(self.start, months) - dt.timedelta(days=1)
        return self.start

    @property
    def first(self) -> dt.date:
        """First day of the unit (a weekend starts on Saturday)."""
        if self.granularity == "weekend":
            return self.start + dt.timedelta(days=5)
        return self.start

    @property
    def value(self) -> str:
        """The TIMEX3 value of the unit."""
        g, d = self.granularity, self.start
        if g in ("week", "weekend"):
            year, week, _ = d.isocalendar()
            return f"{year:04d}-W{week:02d}" + ("-WE" if g == "weekend" else "")
        if g == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if g == "season":
            code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[d.month]
            return f"{d.year:04d}-{code}"
        if g == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if g == "half_year":
            return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
        if g == "year":
            return f"{d.year:04d}"
        if g == "decade":
            return f"{d.year // 10:03d}"
        if g == "century":
            return f"{d.year // 100:02d}"
        return d.isoformat() + self.suffix


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the last day of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def season_unit(year: int, code: str) -> Unit:
    """The season ``code`` (SP, SU, FA, WI) of ``year``; winter starts in December."""
    return Unit("season", dt.date(year, _SEASON_START[code], 1))


_NEAR, _FAR = 90, 180  # days: a reading this near beats a tense-chosen one that far


def choose(
    make: Callable[[int], Unit | None], anchor: dt.date, tense: Tense | None, rel: int | None
) -> Unit | None:
    """Pick the reading of a partial date (a weekday, 'April', 'the third quarter').

    ``make(k)`` builds the candidate ``k`` cycles (weeks or years) from the anchor's.
    ``rel`` -1/0/+1 is an explicit last/this/next. Otherwise the reading around the anchor
    wins, then the tense decides between the latest reading before the anchor and the
    first after it; in the past, a day within three months ahead still beats one more than
    half a year back (news gives the year of an older date: 'payable Dec. 15' under a
    past-tense verb in October is this December). Without a tense the past is preferred
    unless the future reading is more than twice as close; in the present the closer wins.
    """
    cands = [c for k in range(-2, 3) if (c := make(k)) is not None]
    current = next((c for c in cands if c.first <= anchor <= c.end), None)
    if rel == 0:
        return current or make(0)
    if rel == -1:
        return max((c for c in cands if c.end < anchor), key=lambda c: c.start, default=None)
    if rel == 1:
        return min((c for c in cands if c.first > anchor), key=lambda c: c.start, default=None)
    if current is not None:
        return current
    past = max((c for c in cands if c.end < anchor), key=lambda c: c.start, default=None)
    future = min((c for c in cands if c.first > anchor), key=lambda c: c.start, default=None)
    if past is None or future is None:
        return past or future
    to_past, to_future = (anchor - past.end).days, (future.first - anchor).days
    if tense == "past":  # a day a year back is rarely written without its year
        near = future.granularity == "day" and to_future <= _NEAR and to_past > _FAR
        return future if near else past
    if tense == "future":
        return future
    if tense == "present":
        return past if to_past <= to_future else future
    return past if to_past <= 2 * to_future else future


@dataclass(frozen=True)
class Timex:
    """A normalized temporal expression."""

    type: TimexType
    value: str | None
    granularity: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    relative: bool = False
    unit: Unit | None = field(default=None, compare=False)  # what a later "that day" refers to

    @classmethod
    def of(cls, unit: Unit, *, relative: bool) -> Timex:
        """The DATE (or TIME, for a part of a day) that ``unit`` stands for."""
        granularity = unit.granularity
        if unit.suffix:
            granularity = "time" if unit.suffix[1].isdigit() else "part_of_day"
        return cls(
            "TIME" if unit.suffix else "DATE",
            unit.value,
            granularity,
            (unit.first, unit.end),
            relative,
            unit,
        )


def narrow(timex: Timex, mod: str | None) -> Timex:
    """``timex`` with its period cut to the first, middle or last third: 'early 1990' is
    January to April, 'late June' the 21st to the 30th."""
    if mod not in _MOD_THIRD or timex.period is None:
        return timex
    first, last = timex.period
    i = _MOD_THIRD[mod]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if first.day == 1 and months % 3 == 0:
        start = add_months(first, months // 3 * i)
        end = add_months(first, months // 3 * (i + 1)) - dt.timedelta(days=1)
    elif (last - first).days >= 2:
        third = ((last - first).days + 1) // 3
        start = first + dt.timedelta(days=third * i)
        end = last if i == 2 else start + dt.timedelta(days=third - 1)
    else:
        return timex
    return replace(timex, period=(start, end))


def at_day(timex: Timex, suffix: str) -> Timex:
    """``timex`` (a day) at a time or part of day: ``2010-07-16`` + ``TNI``."""
    if timex.granularity != "day" or timex.type != "DATE":
        return timex
    granularity = "time" if suffix[1].isdigit() else "part_of_day"
    value = timex.value + suffix if timex.value else None
    unit = replace(timex.unit, suffix=suffix) if timex.unit else None
    return replace(timex, type="TIME", value=value, granularity=granularity, unit=unit)


def _sunday(year: int, month: int, n: int) -> dt.date:
    """The ``n``-th Sunday of a month (n = -1: the last one)."""
    if n < 0:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() + 1) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def holiday_date(year: int, rule: tuple[int, int, int]) -> dt.date:
    """The day of a movable feast in ``year``: ``(month, weekday, n)`` is the n-th weekday
    (ISO, Monday 1) of the month, n = -1 the last; ``(0, 0, days)`` is that many days from
    Easter Sunday (Gregorian computus, Meeus/Jones/Butcher)."""
    month, weekday, n = rule
    if month == 0:
        a, b, c = year % 19, year // 100, year % 100
        d, e = divmod(b, 4)
        g = (8 * b + 13) // 25
        h = (19 * a + b - d - g + 15) % 30
        i, k = divmod(c, 4)
        lu = (32 + 2 * e + 2 * i - h - k) % 7
        shift = h + lu - 7 * ((a + 11 * h + 19 * lu) // 433)
        easter_month = (shift + 90) // 25
        easter = dt.date(year, easter_month, (shift + 33 * easter_month + 19) % 32)
        return easter + dt.timedelta(days=n)
    if n < 0:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))


def utc_offset(zone: float | str, day: dt.date) -> float:
    """Hours ahead of UTC on ``day``: a fixed offset, or ``US-5`` with US summer time
    (second Sunday of March to first Sunday of November since 2007, April to October
    before)."""
    if isinstance(zone, str):
        if day.year >= 2007:
            summer = _sunday(day.year, 3, 2) <= day < _sunday(day.year, 11, 1)
        else:
            summer = _sunday(day.year, 4, 1) <= day < _sunday(day.year, 10, -1)
        return float(zone.removeprefix("US")) + summer
    return float(zone)


def at_clock(timex: Timex, clock: str, zone: float | str | None) -> Timex:
    """``timex`` (a day) at a clock time; with a known zone, in UTC: 4:08 p.m. EDT on
    2013-05-02 is ``2013-05-02T20:08Z``."""
    if zone is None or timex.unit is None or timex.granularity != "day":
        return at_day(timex, "T" + clock)
    hour, minute = (int(x) for x in clock.split(":"))
    local = dt.datetime.combine(timex.unit.start, dt.time()) + dt.timedelta(
        hours=hour, minutes=minute
    )
    utc = local - dt.timedelta(hours=utc_offset(zone, local.date()))
    return Timex.of(Unit("day", utc.date(), f"T{utc:%H:%M}Z"), relative=timex.relative)


def duration(amount: float | None, unit: str, *, kind: TimexType = "DURATION") -> Timex:
    """A duration (or a set's period) such as ``P3W``, ``PT90M``, ``PXY``; None is vague."""
    return Timex(kind, "P" + duration_text(amount, unit), None)


_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}
_SCALE = {"DE": ("Y", 10), "CE": ("Y", 100), "ML": ("Y", 1000), "2W": ("W", 2)}
_TIME_UNITS = ("H", "MIN", "S")


def duration_text(amount: float | None, unit: str) -> str:
    """The part of a TIMEX3 duration after ``P``: ``3W``, ``T2H``, ``1Y6M``, ``T5H30M``, ``XY``."""
    if amount is None:
        vague = "X" + ("M" if unit == "MIN" else unit)
        return "T" + vague if unit in _TIME_UNITS else vague
    if unit in _SCALE:
        unit, factor = _SCALE[unit]
        amount *= factor
    if unit == "W" and amount != int(amount):
        unit, amount = "D", amount * 7
    fields: list[tuple[float, str]] = [(int(amount), unit)]
    if amount != int(amount) and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        fields.append((round((amount - int(amount)) * factor, 3), smaller))
    elif amount != int(amount):
        fields = [(amount, unit)]

    def text(n: float) -> str:
        return str(int(n)) if n == int(n) else str(n)

    date = "".join(f"{text(n)}{u}" for n, u in fields if n and u not in _TIME_UNITS)
    time = "".join(
        f"{text(n)}{'M' if u == 'MIN' else u}" for n, u in fields if n and u in _TIME_UNITS
    )
    return (date + ("T" + time if time else "")) or ("T0S" if unit in _TIME_UNITS else f"0{unit}")
