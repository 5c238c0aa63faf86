"""What an article is, and how its plain text is laid out (headline, furniture, dateline).

Scraped text files start with page furniture and a headline; wire stories open with a
dateline ("BISHKEK, Kyrgyzstan (Reuters) -"). They are separated here, before any NER,
so no entity or date spans the headline and the body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel, ConfigDict, field_validator

from extract.lexicon import read_json
from models.record import PublishedSource, SourceFormat

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_WRITTEN_DATE = re.compile(
    r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})|(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})"
)
SENTENCE_END = re.compile(r"[.!?…:;\"”’)]$")


@dataclass(frozen=True)
class Article:
    """One input article as read, before extraction."""

    text: str
    title: str | None = None
    published: str | None = None
    published_source: PublishedSource = "metadata"
    url: str | None = None
    path: str | None = None
    format: SourceFormat = "text"
    line: int | None = None
    input_id: str | None = None
    warnings: tuple[str, ...] = ()
    verbatim: bool = False
    """Keep ``text`` exactly as given (already a clean body): no headline or furniture removal,
    so record offsets are offsets into ``text`` itself."""


@dataclass(frozen=True)
class Layout:
    """The parts of an article's text."""

    body: str
    title: str | None = None
    published_text: str | None = None
    dateline: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)


class _LayoutRules(BaseModel):
    model_config = ConfigDict(extra="ignore")

    furniture: list[re.Pattern[str]]
    list_openers: list[re.Pattern[str]]
    published: list[re.Pattern[str]]
    published_noise: list[re.Pattern[str]]
    dateline: re.Pattern[str]
    headline_max_words: int

    @field_validator("furniture", "list_openers", "published", "published_noise", mode="before")
    @classmethod
    def _compile_all(cls, value: list[str]) -> list[re.Pattern[str]]:
        return [re.compile(v, re.IGNORECASE) for v in value]

    @field_validator("dateline", mode="before")
    @classmethod
    def _compile(cls, value: str) -> re.Pattern[str]:
        return re.compile(value)


@cache
def _rules() -> _LayoutRules:
    return _LayoutRules.model_validate(read_json("article.json"))


def _is_headline(paragraph: str, rules: _LayoutRules) -> bool:
    return (
        "\n" not in paragraph
        and len(paragraph.split()) <= rules.headline_max_words
        and not SENTENCE_END.search(paragraph)
        and not rules.dateline.match(paragraph)
    )


def parse_layout(text: str, title: str | None = None, *, verbatim: bool = False) -> Layout:
    """Split raw article text into title, published line, dateline and body.

    Furniture paragraphs are dropped wherever they are, and the list of other stories that
    ends many pages ('Related Stories:' and what follows) with them; a leading short paragraph
    is the headline unless ``title`` is given (then a leading copy of the title is dropped).
    The body is the remaining paragraphs joined by blank lines. With ``verbatim`` the
    body is ``text`` unchanged and only the dateline is looked for.
    """
    rules = _rules()
    if verbatim:
        found = rules.dateline.match(text)
        return Layout(body=text, title=title, dateline=found.span("place") if found else None)
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text.strip())]
    kept: list[str] = []
    published_text = None
    for para in paragraphs:
        if not para:
            continue
        if kept and any(p.match(para) for p in rules.list_openers):
            break
        if len(para) <= 200 and any(p.match(para) for p in rules.furniture):
            for pattern in rules.published:
                found = pattern.match(para)
                if found and published_text is None:
                    published_text = found.group("date")
            continue
        kept.append(para)
    if kept and title and kept[0].casefold() == title.strip().casefold():
        kept.pop(0)
    elif kept and title is None and len(kept) > 1 and _is_headline(kept[0], rules):
        title = kept.pop(0)
    body = "\n\n".join(kept)
    dateline = None
    found = rules.dateline.match(body)
    if found and found.group("place"):
        dateline = found.span("place")
    return Layout(body=body, title=title, published_text=published_text, dateline=dateline)


_WORD = re.compile(r"[^\W\d_]+")


def english_share(text: str, sample: int = 2000) -> float | None:
    """Share of the first ``sample`` words that are English function words (spaCy's list).

    None when there are too few words to judge. English news runs at 0.4-0.5; other
    languages written in Latin script stay under 0.1.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    words = _WORD.findall(text[: sample * 12])[:sample]
    if len(words) < 20:
        return None
    return sum(w.lower() in STOP_WORDS for w in words) / len(words)


_DATE_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RELATIVE_BASE": dt.datetime(2000, 1, 1),
    "TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time", "custom-formats", "timestamp"],
    "DATE_ORDER": "MDY",
}


@cache
def _month_numbers() -> dict[str, int]:
    lexicon = read_json("dates_lexicon.json")
    return {**lexicon["months"], **lexicon["month_abbreviations"]}


def _plain_date(value: str) -> dt.date | None:
    """The date of ``07/27/2016``, ``July 27, 2016``, ``27 Jul. 2016`` and the like, as
    dateparser reads them (month first), without dateparser's slow first call (about 0.2 s
    of CPU: its time zone and locale tables); None for any other form or an impossible date,
    which dateparser then reads."""
    numeric = _NUMERIC_DATE.fullmatch(value)
    if numeric:
        month, day, year = map(int, numeric.groups())
    else:
        written = _WRITTEN_DATE.fullmatch(value)
        if not written:
            return None
        name, day_text, year_text = [g for g in written.groups() if g is not None]
        if name.isdigit():
            name, day_text = day_text, name
        found = _month_numbers().get(name.capitalize())
        if found is None:
            return None
        month, day, year = found, int(day_text), int(year_text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(raw: str | dt.date) -> dt.date | None:
    """Parse a complete calendar date as written, else None.

    ISO dates are read first (``2016-11-22T23:30-07:00`` is 22 November); otherwise a label
    ("Updated:"), the time of day and a time zone are removed (``8:56 AM, Dec 08, 2016 CT``
    is 8 December: the date the page printed, never converted to another zone) and the rest
    is read by dateparser with fixed settings: English, month before day when both could be
    either (``11/12/2016`` is 12 November), and day, month and year required, so nothing is
    taken from the machine's clock or time zone (``Wed Nov 23`` has no year: None).
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = raw.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    for noise in _rules().published_noise:
        value = noise.sub(" ", value)
    value = value.strip(" ,;|-–—")
    if not value:
        return None
    plain = _plain_date(value)
    if plain is not None:
        return plain
    import dateparser  # slow to import, and only needed for dates written out

    parsed = dateparser.parse(value, languages=["en"], settings=_DATE_SETTINGS)
    return parsed.date() if parsed else None
