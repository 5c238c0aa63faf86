"""The grammar of temporal expressions: patterns kept as data, compiled once.

``resources/dates_patterns.jsonl`` holds one regular expression per kind of expression,
written with ``{MACROS}`` that expand to the words of ``resources/dates_lexicon.json``
(each macro is a named group, so a pattern uses a macro at most once). `scan` finds every
match in a text, keeps the longest where they overlap, and reads each into `Parts`: what
the words say (month 4, weekday 5, "last" = -1, unit W, ...), before any anchoring.
For speed a pattern only runs near the words of its ``keys`` (a month name, a digit, a
unit of time...), found in one pass over the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from extract.errors import ResourceError
from extract.lexicon import read_json, read_jsonl

Key = Literal[
    "digit",
    "month",
    "weekday",
    "unit",
    "part",
    "season",
    "reference",
    "set",
    "deictic",
    "holiday",
    "clock",
    "mod",
    "number",
]
# key class -> the dates_lexicon.json tables whose words signal it (and "extra_keywords")
_KEY_TABLES: dict[str, tuple[str, ...]] = {
    "month": ("months", "month_abbreviations"),
    "weekday": ("weekdays",),
    "unit": ("units",),
    "part": ("parts_of_day",),
    "season": ("seasons",),
    "reference": ("references",),
    "set": ("sets",),
    "deictic": ("deictic_days",),
    "holiday": ("holidays",),
    "clock": ("clock_words",),
    "mod": ("modifiers",),
    "number": (),
}
_TIME_WORDS = frozenset(("month", "weekday", "unit", "part", "season", "holiday", "deictic"))
_FUNCTION_WORDS = frozenset(("the", "a", "an", "at", "in", "for", "to", "this", "of", "per", "all"))

Kind = Literal[
    "calendar",
    "year",
    "decade",
    "century",
    "quarter",
    "half",
    "season",
    "weekday",
    "deictic",
    "part",
    "clock",
    "relative",
    "same",
    "year_ago",
    "offset",
    "duration",
    "reference",
    "set",
    "mod",
]


class DatePattern(BaseModel):
    """One line of dates_patterns.jsonl."""

    model_config = ConfigDict(extra="forbid")

    name: str
    regex: str
    kind: Kind
    keys: tuple[Key, ...]  # word classes one of which every match contains
    confident: bool = True  # False: kept only inside a model entity, or after `context`
    context: str | None = None  # when it matches the text just before, the match is confident
    requires_context: bool = False  # drop the match when `context` does not match
    veto_after: str | None = None  # must not match the text just after
    mod: Literal["START", "MID", "END"] | None = None  # 'year-end' is the end of a year
    examples: tuple[str, ...] = ()  # "in [April]": the bracketed part is what it matches


@dataclass(frozen=True)
class Parts:
    """What the words of one matched expression say, before anchoring."""

    text: str
    year: int | None = None
    short_year: bool = False  # '98
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    decade: int | None = None  # 199 for the 1990s; 9 with short_year for the '90s
    ordinal: int | None = None
    rel: int | None = None  # last -1, this 0, next +1
    rel_word: str | None = None
    article: bool = False  # starts with "the"
    number: float | None = None
    vague: bool = False  # several, a few
    unit: str | None = None  # dates_lexicon.json "units" code
    direction: int | None = None  # ago -1, later +1
    part: str | None = None  # MO, AF, EV, NI, DT
    season: str | None = None
    clock: str | None = None  # "09:30"
    zone: float | str | None = None  # UTC offset in hours, or "US-5" (with US summer time)
    reference: str | None = None  # PRESENT_REF ...
    set_value: str | None = None
    deictic: int | None = None  # days from the anchor
    holiday: tuple[int, int, int] | None = None  # a movable feast: `timex.holiday_date`
    mod: str | None = None  # START, MID, END


@dataclass(frozen=True)
class Component:
    """One pattern match in a text."""

    start: int
    end: int
    kind: Kind
    parts: Parts
    confident: bool
    pattern: str


def _alternation(words: Iterable[str], *, cased: bool = False, dot: bool = False) -> str:
    forms: set[str] = set()
    for word in words:
        forms.update((word, word.upper()) if cased else (word,))
    escaped = sorted((re.escape(f) for f in forms), key=len, reverse=True)
    body = "|".join(e + (r"\.?" if dot and len(e) <= 5 else "") for e in escaped)
    return f"(?-i:{body})" if cased else body


@dataclass(frozen=True)
class _Lexicon:
    data: Mapping[str, Any]

    def lookup(self, table: str, key: str) -> Any:
        values: Mapping[str, Any] = self.data[table]
        return values.get(key) if key in values else values.get(key.lower())

    def macros(self) -> dict[str, str]:
        d = self.data
        months = [*d["months"], *d["month_abbreviations"]]
        numbers = d["numbers"]
        tens = _alternation(w for w, v in numbers.items() if v in range(20, 100, 10))
        ones = _alternation(w for w, v in numbers.items() if v in range(1, 10) and len(w) > 2)
        return {
            "MONTH": f"(?P<month>{_alternation(months, cased=True, dot=True)})",
            "MONTH_FULL": f"(?P<month>{_alternation(d['months'], cased=True)})",
            "WEEKDAY": f"(?P<weekday>{_alternation(d['weekdays'], cased=True)})",
            "DAY": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)",
            "YEAR": r"(?P<year>(?:1\d|20)\d\d|['’]\d\d)(?!\d)",
            "YEAR4": r"(?P<year>(?:1\d|20)\d\d)(?!\d)",
            "NUM": (
                rf"(?P<num>(?:\d+(?:[.,]\d+)?(?: \d/\d)?|(?:{tens})[ -](?:{ones})"
                rf"|(?:{_alternation(numbers)})(?: hundred| thousand)?)(?: and a half)?)"
            ),
            "VAGUE": f"(?P<vague>{_alternation(d['vague_numbers'])})",
            "UNIT": f"(?P<unit>{_alternation(d['units'])})",
            "ORD": f"(?P<ord>{_alternation(d['ordinals'])})",
            "REL": f"(?P<rel>{_alternation(d['relatives'])})",
            "DIR": f"(?P<dir>{_alternation(d['offset_directions'])})",
            "DEICTIC": f"(?P<deictic>{_alternation(d['deictic_days'])})",
            "PART": f"(?P<part>{_alternation(d['parts_of_day'])})",
            "SEASON": f"(?P<season>{_alternation(d['seasons'])})",
            "CLOCKWORD": f"(?P<clockword>{_alternation(d['clock_words'])})",
            "ZONE": f"(?P<zone>(?-i:{_alternation(d['timezones'])}))",
            "REF": f"(?P<ref>{_alternation(d['references'])})",
            "SET": f"(?P<set>{_alternation(d['sets'])})",
            "HOLIDAY": f"(?P<holiday>{_alternation(d['holidays'])})",
            "MOD": f"(?P<mod>{_alternation(d['modifiers'])})",
        }

    def spoken_year(self, text: str) -> int | None:
        """'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001."""
        words = re.split(r"[ -]+", text.lower().replace(" and", ""))
        if words[:2] == ["two", "thousand"]:
            rest = self.number(" ".join(words[2:])) if words[2:] else 0
            return 2000 + int(rest) if rest is not None else None
        century = self.data["numbers"].get(words[0])
        rest = (
            0 if words[1:] == ["hundred"] else self.number(" ".join(words[1:]).replace("oh ", ""))
        )
        return century * 100 + int(rest) if century and rest is not None else None

    def number(self, text: str) -> float | None:
        """The value of a number written in digits or words; None if unknown."""
        text = text.lower().replace(",", "")
        if text.endswith(" and a half"):
            whole = self.number(text.removesuffix(" and a half"))
            return None if whole is None else whole + 0.5
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return float(text)
        if m := re.fullmatch(r"(\d+) (\d)/(\d)", text):
            return int(m[1]) + int(m[2]) / int(m[3])
        if (value := self.data["numbers"].get(text)) is not None:
            return float(value)
        words = re.split(r"[ -]", text)
        values = [self.data["numbers"].get(w) for w in words]
        if len(words) != 2 or None in values:
            return None
        first, second = float(values[0]), float(values[1])
        if second in (100, 1000):
            return first * second  # "two hundred"
        return first + second if first % 10 == 0 and 20 <= first <= 90 and second < 10 else None


@dataclass(frozen=True)
class _Compiled:
    pattern: DatePattern
    regex: re.Pattern[str]
    context: re.Pattern[str] | None
    veto_after: re.Pattern[str] | None


_START = r"(?:(?<!\w)|(?=\W))"
_END = r"(?:(?<=\W)|(?!\w|-\w))"  # not inside a compound: "the year" in "the year-ago"


@dataclass(frozen=True)
class _Keywords:
    """The words that make a stretch of text worth matching patterns against."""

    classes: Mapping[str, frozenset[str]]  # lower-cased word -> key classes
    time_words: frozenset[str]  # words that name a unit or point of time

    @classmethod
    def of(cls, lexicon: _Lexicon) -> _Keywords:
        classes: dict[str, set[str]] = {}
        time_words: set[str] = set()

        def words_of(phrases: Iterable[str]) -> set[str]:
            split = (w for p in phrases for w in re.split(r"[ '’-]", p.lower()))
            return {w for w in split if len(w) > 1} - _FUNCTION_WORDS

        for key, tables in _KEY_TABLES.items():
            words = words_of(p for t in tables for p in lexicon.data[t])
            if key in _TIME_WORDS:
                time_words |= words
            for word in words | words_of(lexicon.data["extra_keywords"].get(key, [])):
                classes.setdefault(word, set()).add(key)
        return cls({w: frozenset(k) for w, k in classes.items()}, frozenset(time_words))

    def windows(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Per key class, the stretches of ``text`` around its words, widened to spaces."""
        found: dict[str, list[tuple[int, int]]] = {}
        for m in _WORD.finditer(text):
            word = m[0].lower()
            keys = self.classes.get(word) or self.classes.get(word[:-1]) or frozenset()
            if word[0].isdigit():
                keys = frozenset(("digit",))
            if keys:
                start = text.rfind(" ", 0, max(0, m.start() - _REACH)) + 1
                end = text.find(" ", m.end() + _REACH)
                window = (start, len(text) if end < 0 else end)
                for key in keys:
                    found.setdefault(key, []).append(window)
        return found


def _merge(windows: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def preload() -> None:
    """Compile the date grammar now rather than on first use."""
    _grammar()


@cache
def _grammar() -> tuple[_Lexicon, _Keywords, tuple[_Compiled, ...]]:
    lexicon = _Lexicon(read_json("dates_lexicon.json"))
    macros = lexicon.macros()
    compiled = []
    for p in read_jsonl("dates_patterns.jsonl", DatePattern):
        try:
            regex = re.sub(r"\{([A-Z_0-9]+)\}", lambda m: macros[m[1]], p.regex)
            compiled.append(
                _Compiled(
                    p,
                    re.compile(_START + f"(?:{regex})" + _END, re.IGNORECASE),
                    re.compile(f"(?:{p.context})", re.IGNORECASE) if p.context else None,
                    re.compile(p.veto_after, re.IGNORECASE) if p.veto_after else None,
                )
            )
        except (KeyError, re.error) as exc:
            raise ResourceError(f"dates_patterns.jsonl: pattern {p.name!r}: {exc}") from exc
    return lexicon, _Keywords.of(lexicon), tuple(compiled)


_REACH = 30  # characters an expression reaches around its keyword ("the early", ", 1999")
_WORD = re.compile(r"\d+|[^\W\d_]+")


def _read(lexicon: _Lexicon, m: re.Match[str], mod: str | None) -> Parts | None:
    """What the match says; None if it cannot be a time expression ('a decades',
    'a second' as an ordinal, a number that does not read)."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    text = m[0]
    article, unit = g.get("num", "").lower() in ("a", "an"), g.get("unit", "").lower()
    if article and (unit.endswith("s") or unit == "second"):
        return None
    fields: dict[str, Any] = {"text": text, "article": text.lower().startswith("the ")}
    if mod:
        fields["mod"] = mod
    if "year" in g:
        digits = g["year"].lstrip("'’")
        fields.update(year=int(digits), short_year=len(digits) == 2)
    if "spoken" in g:
        fields["year"] = lexicon.spoken_year(g["spoken"])
    if "decade_word" in g:
        fields.update(
            decade=lexicon.data["decade_words"][g["decade_word"].lower()], short_year=True
        )
    if "month" in g:
        name = g["month"].rstrip(".").capitalize()
        months = lexicon.data["months"] | lexicon.data["month_abbreviations"]
        fields["month"] = months.get(name)
    if "month_num" in g:
        fields["month"] = int(g["month_num"])
    if "holiday" in g:
        key = next(k for k in lexicon.data["holidays"] if k.lower() == g["holiday"].lower())
        rule = lexicon.data["holidays"][key]
        if len(rule) == 2:
            fields["month"], fields["day"] = rule
        else:
            fields["holiday"] = tuple(rule)
    if "day" in g:
        fields["day"] = int(g["day"])
    if "weekday" in g:
        fields["weekday"] = lexicon.lookup("weekdays", g["weekday"].capitalize())
    if "decade" in g:
        fields.update(decade=int(g["decade"]) // 10, short_year=len(g["decade"]) == 2)
    if "ord" in g:
        fields["ordinal"] = (
            int(g["ord"]) if g["ord"].isdigit() else lexicon.lookup("ordinals", g["ord"])
        )
    if "rel" in g:
        fields.update(rel=lexicon.lookup("relatives", g["rel"]), rel_word=g["rel"].lower())
    elif "partrel" in g:
        fields["rel_word"] = g["partrel"].lower()
    if "num" in g:
        fields["number"] = lexicon.number(g["num"])
        if fields["number"] is None:
            return None
        if "and a half" in text.lower() and "and a half" not in g["num"].lower():
            fields["number"] += 0.5  # "a year and a half"
    if "vague" in g:
        fields["vague"] = True
    if "unit" in g:
        fields["unit"] = lexicon.lookup("units", g["unit"].split()[-1])
        if "num" not in g and unit.endswith("s"):
            fields["vague"] = True  # "weeks", "decades-long"
    for group, table, key in (
        ("dir", "offset_directions", "direction"),
        ("part", "parts_of_day", "part"),
        ("season", "seasons", "season"),
        ("ref", "references", "reference"),
        ("set", "sets", "set_value"),
        ("deictic", "deictic_days", "deictic"),
        ("mod", "modifiers", "mod"),
        ("clockword", "clock_words", "clock"),
        ("zone", "timezones", "zone"),
    ):
        if group in g:
            fields[key] = lexicon.lookup(table, re.sub(r"\s+", " ", g[group]))
    if "hour" in g:
        hour = int(g["hour"])
        ampm = g.get("ampm", "").lower()[:1]
        hour = hour % 12 + (12 if ampm == "p" else 0) if ampm else hour
        fields["clock"] = f"{hour:02d}:{int(g.get('minute') or 0):02d}"
    return Parts(**fields)


def names_time(text: str) -> bool:
    """Whether ``text`` has a word that names a unit or point of time (a month, a weekday,
    'year', 'night', 'Christmas'...), unlike 'quarterly', 'Stauber', '52' or '30s'."""
    words = _grammar()[1].time_words
    return any(m[0].lower() in words for m in _WORD.finditer(text))


def scan(text: str) -> list[Component]:
    """Every expression the patterns find in ``text``, longest first where they overlap,
    in text order."""
    lexicon, keywords, patterns = _grammar()
    found: list[tuple[int, int, int, bool, _Compiled, Parts]] = []
    by_key = keywords.windows(text)
    merged: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for order, c in enumerate(patterns):
        keys = c.pattern.keys
        if keys not in merged:
            merged[keys] = _merge(w for k in keys for w in by_key.get(k, ()))
        for m in (m for s, e in merged[keys] for m in c.regex.finditer(text, s, e)):
            start, end = m.span()
            in_context = bool(c.context and c.context.search(text, max(0, start - 40), start))
            if c.pattern.requires_context and not in_context:
                continue
            if c.veto_after and c.veto_after.match(text, end):
                continue
            if (parts := _read(lexicon, m, c.pattern.mod)) is not None:
                found.append((start, end, order, c.pattern.confident or in_context, c, parts))
    found.sort(key=lambda f: (f[0] - f[1], f[2]))
    taken = bytearray(len(text))
    components = []
    for start, end, _, confident, c, parts in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        components.append(Component(start, end, c.pattern.kind, parts, confident, c.pattern.name))
    components.sort(key=lambda c: c.start)
    return components
