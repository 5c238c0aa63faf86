"""Dates on the real model: (expression, sentence, publication date) -> (value, granularity),
negatives, the publication date's absence, and independence from the clock and time zone."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from spacy.language import Language
from spacy.tokens import Doc

from extract import Extractor
from extract.attrs import DATES, PUBLISHED, WARNINGS, get_items
from extract.dates import find_dates, tense_of
from models import TimeExpression

pytestmark = pytest.mark.slow

CASES = [
    # (expression, sentence, published) -> (value, granularity)
    ("last month", "Ethnic clashes broke out there last month.", "2010-07-16", "2010-06", "month"),
    ("Friday", "Salber told reporters Friday.", "2010-07-16", "2010-07-16", "day"),
    ("Friday", "Salber told reporters Friday.", "2010-07-14", "2010-07-09", "day"),
    ("Friday", "The council will meet on Friday.", "2010-07-14", "2010-07-16", "day"),
    (
        "next Thursday",
        "The council, due to gather next Thursday, will decide.",
        "2010-07-16",
        "2010-07-22",
        "day",
    ),
    ("last Monday", "He was arrested last Monday.", "2010-07-16", "2010-07-12", "day"),
    ("April", "Bakiyev was ousted by a bloody revolt in April.", "2010-07-16", "2010-04", "month"),
    ("April", "Elections will be held in April.", "2010-07-16", "2011-04", "month"),
    ("November", "He was elected in November.", "2010-07-16", "2009-11", "month"),
    ("1991", "It gained independence in 1991.", "2010-07-16", "1991", "year"),
    ("1991", "The clans have fought since 1991.", "2010-07-16", "1991", "year"),
    ("March", "March was calm. They left in March.", "2010-07-16", "2010-03", "month"),
    ("the 1990s", "The war dragged on through the 1990s.", "2010-07-16", "199", "decade"),
    ("this week", "Talks resumed this week.", "2010-07-16", "2010-W28", "week"),
    ("two years ago", "The deal was signed two years ago.", "2010-07-16", "2008", "year"),
    (
        "Friday night",
        "Gunmen attacked the village Friday night.",
        "2010-07-18",
        "2010-07-16TNI",
        "part_of_day",
    ),
    ("March 3", "Fighting started on March 3.", "2010-07-16", "2010-03-03", "day"),
    (
        "earlier this week",
        "Police detained him earlier this week.",
        "2010-07-16",
        "2010-W28",
        "week",
    ),
    ("yesterday", "Two soldiers died yesterday.", "2010-07-16", "2010-07-15", "day"),
    ("this year", "The country holds the chairmanship this year.", "2010-07-16", "2010", "year"),
    ("the third quarter", "Exports fell in the third quarter.", "2010-10-20", "2010-Q3", "quarter"),
    ("last summer", "Floods hit the valley last summer.", "2010-07-16", "2009-SU", "season"),
    ("Spring", "In Spring the rebels attacked.", "2010-07-16", "2010-SP", "season"),
    ("Oct. 23, 1999", "The talks began on Oct. 23, 1999.", "2010-07-16", "1999-10-23", "day"),
    ("early next year", "Troops will leave early next year.", "2010-07-16", "2011", "year"),
    ("the weekend", "Fighting continued over the weekend.", "2010-07-19", "2010-W28-WE", "weekend"),
    ("this morning", "A bomb exploded this morning.", "2010-07-16", "2010-07-16TMO", "part_of_day"),
    (
        "10:35 a.m.",
        "The blast came at 10:35 a.m. local time.",
        "2010-07-16",
        "2010-07-16T10:35",
        "time",
    ),
    ("now", "The town is now under army control.", "2010-07-16", "PRESENT_REF", "reference"),
    ("recently", "Rebels recently seized the airport.", "2010-07-16", "PAST_REF", "reference"),
    (
        "Dec. 15",
        "The company declared a dividend payable Dec. 15.",
        "1989-10-27",
        "1989-12-15",
        "day",
    ),
    ("Christmas", "The troops will be home by Christmas.", "2010-07-16", "2010-12-25", "day"),
]


@pytest.mark.parametrize(
    ("expression", "sentence", "published", "value", "granularity"),
    CASES,
    ids=[f"{c[0]}@{c[2]}" for c in CASES],
)
def test_dates_value(
    extractor: Extractor,
    expression: str,
    sentence: str,
    published: str,
    value: str,
    granularity: str,
) -> None:
    record = extractor.extract_text(sentence, published=published)
    found = [d for d in record.dates if d.text == expression]
    assert found, [(d.text, d.value) for d in record.dates]
    assert (found[0].value, found[0].granularity) == (value, granularity)


@pytest.mark.parametrize(
    ("expression", "sentence", "kind", "value"),
    [
        ("three weeks", "The siege lasted for three weeks.", "DURATION", "P3W"),
        ("two hours", "The fighting went on for two hours.", "DURATION", "PT2H"),
        ("the past two months", "Prices doubled in the past two months.", "DURATION", "P2M"),
        ("every Friday", "Protesters gather every Friday.", "SET", "XXXX-WXX-5"),
        ("daily", "Shelling is reported daily.", "SET", "P1D"),
    ],
)
def test_dates_durations_and_sets(
    extractor: Extractor, expression: str, sentence: str, kind: str, value: str
) -> None:
    record = extractor.extract_text(sentence, published="2010-07-16")
    found = [d for d in record.dates if d.text == expression]
    assert found, [(d.text, d.value) for d in record.dates]
    assert (found[0].type, found[0].value, found[0].period) == (kind, value, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "We may send more troops to the region.",
        "Thousands of protesters march on the capital.",
        "The Sun reported that the talks collapsed.",
        "A 17-year-old boy was among the dead.",
        "The rebels hold 52 villages and 1,500 fighters.",
        "A second attack followed.",
        "They blamed each other for the violence.",
        "The Sunday Times reported the clashes.",
        "May God help them, he said.",
        "Protesters gathered. March to the palace, they shouted.",
        "The fall of the regime surprised many.",
        "SILVER SPRING, Md. -- A man was shot.",
        "Police in Sinking Spring said a man was shot.",
        "The Arab Spring toppled the regime.",
    ],
)
def test_dates_negatives(extractor: Extractor, sentence: str) -> None:
    record = extractor.extract_text(sentence, published="2010-07-16")
    assert record.dates == [], [(d.text, d.value) for d in record.dates]


def test_dates_period_is_inclusive(extractor: Extractor) -> None:
    record = extractor.extract_text("Clashes broke out last month.", published="2010-07-16")
    (date,) = record.dates
    assert date.period is not None
    assert (date.period.start, date.period.end) == (dt.date(2010, 6, 1), dt.date(2010, 6, 30))
    assert date.relative and date.id == "T1" and date.type == "DATE"


def test_dates_without_publication_date(extractor: Extractor) -> None:
    record = extractor.extract_text(
        "Clashes broke out last month, after the vote of Oct. 23, 1999 and a revolt in April."
    )
    values = {d.text: d for d in record.dates}
    assert values["last month"].value is None and values["last month"].relative
    assert values["Oct. 23, 1999"].value == "1999-10-23"
    assert values["April"].value == "XXXX-04"
    assert any("no publication date" in w for w in record.warnings)


@pytest.fixture
def odd_clock() -> Iterator[None]:
    """A frozen clock on a leap day far from every test date, in a +12:45 time zone."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Chatham"
    time.tzset()
    with time_machine.travel(dt.datetime(2032, 2, 29, 23, 59, tzinfo=dt.timezone.utc), tick=False):
        yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.mark.usefixtures("odd_clock")
def test_dates_ignore_clock_and_time_zone(extractor: Extractor) -> None:
    text = "Rebels attacked Friday night, two years ago the town fell, and talks resume next week."
    record = extractor.extract_text(text, published="2010-07-16")
    assert [(d.text, d.value) for d in record.dates] == [
        ("Friday night", "2010-07-16TNI"),
        ("two years ago", "2008"),
        ("next week", "2010-W29"),
    ]
    undated = extractor.extract_text(text)
    assert [d.value for d in undated.dates] == [None, None, None]


def _doc(blank: Language, text: str, published: str | None) -> Doc:
    doc = blank(text)
    setattr(doc._, PUBLISHED, published)
    setattr(doc._, WARNINGS, None)
    return doc


def test_dates_rules_work_without_model(blank: Language) -> None:
    """On a Doc with no entities and no parse, confident patterns still find dates; an
    ambiguous bare month needs context ('in April') and the tense is unknown."""
    text = "Rebels took the town last month. April was calm; in April they left."
    doc = _doc(blank, text, "2010-07-16")
    items = find_dates(doc)
    found = [(doc.text[s:e], p["value"]) for s, e, p in items]
    assert found == [("last month", "2010-06"), ("April", "2010-04")]
    assert doc.text[items[1][0] - 3 : items[1][0]] == "in "


def test_dates_out_of_range_is_a_warning(blank: Language) -> None:
    doc = _doc(blank, "It ended 100000000 days later, after 99999999999 years.", "2010-07-16")
    items = find_dates(doc)
    assert [p["value"] for _, _, p in items] == ["P99999999999Y"]
    assert any("out of range" in w for w in getattr(doc._, WARNINGS))


def test_dates_odd_publication_date_is_a_warning(blank: Language) -> None:
    doc = _doc(blank, "It happened last week.", "July 16")
    items = find_dates(doc)
    assert [p["value"] for _, _, p in items] == [None]
    assert any("not an ISO date" in w for w in getattr(doc._, WARNINGS))


def test_dates_warning_once_without_publication_date(blank: Language) -> None:
    doc = _doc(blank, "It happened yesterday and last week.", None)
    items = find_dates(doc)
    assert [p["value"] for _, _, p in items] == [None, None]
    assert len(getattr(doc._, WARNINGS)) == 1


@pytest.mark.parametrize(
    ("sentence", "expression", "tense"),
    [
        ("Salber told reporters Friday.", "Friday", "past"),
        ("The council will meet on Friday.", "Friday", "future"),
        ("The council meets Friday.", "Friday", "present"),
        ("The deal is scheduled to close Monday.", "Monday", "future"),
        ("It declared a dividend payable Dec. 15.", "Dec. 15", "future"),
        ("They discussed Wednesday's ruling.", "Wednesday", None),
        ("The army has taken the town on Monday.", "Monday", "past"),
    ],
)
def test_dates_tense(nlp: Language, sentence: str, expression: str, tense: str | None) -> None:
    doc = nlp.make_doc(sentence)
    for _, component in nlp.pipeline:
        doc = component(doc)
    start = sentence.index(expression)
    span = doc.char_span(start, start + len(expression), alignment_mode="expand")
    assert span is not None and tense_of(span) == tense


def test_dates_payload_is_a_valid_record_date(nlp: Language) -> None:
    doc = nlp.make_doc("Fighting resumed on Friday.")
    setattr(doc._, PUBLISHED, "2010-07-16")
    for _, component in nlp.pipeline:
        doc = component(doc)
    (payload,) = get_items(doc, DATES)
    fields: dict[str, Any] = {k: v for k, v in payload.items() if k != "period"}
    date = TimeExpression(**fields, text=doc.text[payload["start"] : payload["end"]])
    assert (date.text, date.value) == ("Friday", "2010-07-16")
    assert payload["period"] == ["2010-07-16", "2010-07-16"]
