"""Article layout: headline, furniture, published line and dateline of plain-text articles."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from extract.article import _DATE_SETTINGS, _plain_date, parse_date, parse_layout


@pytest.mark.parametrize(
    ("text", "title", "body_start", "published"),
    [
        (
            "Get the latest updates as we post them\n\n. Last Updated: 07/27/2016\n\n"
            "Army Shells Town\n\nTROY, N.Y. — Five people died.\n\nMore followed.",
            "Army Shells Town",
            "TROY, N.Y. — Five",
            "07/27/2016",
        ),
        (
            "Rebels seize airport\n\nRebels seized the airport on Monday.",
            "Rebels seize airport",
            "Rebels seized",
            None,
        ),
        # a first paragraph that ends like a sentence is body, not a headline
        ("Rebels seized the airport.\n\nThey held it.", None, "Rebels seized", None),
        # a single paragraph has no headline
        ("Rebels seized the airport on Monday", None, "Rebels seized", None),
        (
            "Advertisement\n\nRebels seized the airport.\n\nShare this\n\nThey held it.",
            None,
            "Rebels seized",
            None,
        ),
        ("Published: March 3, 2011\n\nRebels seized the airport.", None, "Rebels", "March 3, 2011"),
    ],
)
def test_article_layout_cases(
    text: str, title: str | None, body_start: str, published: str | None
) -> None:
    layout = parse_layout(text)
    assert layout.title == title
    assert layout.body.startswith(body_start)
    assert layout.published_text == published
    assert "Advertisement" not in layout.body and "Share this" not in layout.body


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "Two men were shot.\n\nPolice are investigating.\n\nRelated Stories:\n\n"
            "Man killed in crash\n\nCopyright 2016 WXYZ.",
            "Two men were shot.\n\nPolice are investigating.",
        ),
        (
            "A woman was hurt.\n\nMore stories you may like on 7news\n\nBoy, 5, shot dead",
            "A woman was hurt.",
        ),
        ("A woman was hurt.\n\nYou may also like:\n\nTwo die in fire", "A woman was hurt."),
        # a widget label inside the text, and a sentence that starts like an opener, end nothing
        (
            "A woman was hurt.\n\nTRENDING NOW:\n\nHer son was arrested.",
            "A woman was hurt.\n\nTRENDING NOW:\n\nHer son was arrested.",
        ),
        (
            "A woman was hurt.\n\nMore stories of the attack emerged on Monday.",
            "A woman was hurt.\n\nMore stories of the attack emerged on Monday.",
        ),
        (
            "A woman was hurt.\n\nMore stories emerged.",
            "A woman was hurt.\n\nMore stories emerged.",
        ),
        # an opener before any body text is furniture only
        ("Related stories\n\nA woman was hurt.\n\nShe lived.", "A woman was hurt.\n\nShe lived."),
    ],
)
def test_article_layout_ends_at_list_of_other_stories(text: str, body: str) -> None:
    assert parse_layout(text, title="Headline").body == body


def test_article_layout_drops_given_title_copy() -> None:
    layout = parse_layout("Rebels seize airport\n\nRebels seized it.", title="Rebels Seize Airport")
    assert layout.body == "Rebels seized it."
    assert layout.title == "Rebels Seize Airport"


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("ALMATY, Kazakhstan — The OSCE said", "ALMATY, Kazakhstan"),
        ("BISHKEK, Kyrgyzstan (Reuters) - Police said", "BISHKEK, Kyrgyzstan"),
        ("WASHINGTON (AP) — The president", "WASHINGTON"),
        ("NEW YORK -- Stocks fell", "NEW YORK"),
        ("BEIRUT (AP) \ufffd A militia", "BEIRUT"),  # the dash lost to a bad encoding
        ("MEXICO CITY (AP) Mexico's Senate", "MEXICO CITY"),  # an agency, no dash
        ("LONDON, May 3 (Reuters) - Shares", "LONDON"),  # the date is no place
        ("CAIRO, Egypt, Jan. 5 (Xinhua) -- The", "CAIRO, Egypt"),
        ("SOUTH WAZIRISTAN, April 5 (APP): The army", "SOUTH WAZIRISTAN"),
        ("By Nate Raymond. BOSTON (Reuters) - The owner", "BOSTON"),  # after a byline
        ("SEVERN, Md. (ABC7) — A man", "SEVERN, Md."),
        ("By Jane Doe. The mayor said", None),
        ("UPDATE: Police said", None),
        ("NEW DELHI said on Monday", None),
        ("Police said - on Monday - that", None),
        ("A — B", None),
        ("UN officials said on Monday", None),
    ],
)
def test_article_dateline(body: str, place: str | None) -> None:
    layout = parse_layout(body)
    found = body[slice(*layout.dateline)] if layout.dateline else None
    assert found == place


def test_article_verbatim_keeps_text() -> None:
    text = "  Headline\n\n\nBody text.  \n"
    layout = parse_layout(text, verbatim=True)
    assert layout.body == text and layout.title is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2010-07-16", dt.date(2010, 7, 16)),
        ("2010-07-16T08:00:00+02:00", dt.date(2010, 7, 16)),
        ("07/27/2016", dt.date(2016, 7, 27)),
        ("July 16, 2010", dt.date(2010, 7, 16)),
        ("16 July 2010", dt.date(2010, 7, 16)),
        (dt.date(2010, 7, 16), dt.date(2010, 7, 16)),
        ("July 2010", None),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
        # scraped metadata: the date as printed; time of day and zone never shift it
        ("Nov 22, 2016 4:30 PM MT", dt.date(2016, 11, 22)),
        ("8:56 AM, Dec 08, 2016 CT", dt.date(2016, 12, 8)),
        ("DEC. 14, 2016", dt.date(2016, 12, 14)),
        ("Dec 08, 2016 11:30 PM IST", dt.date(2016, 12, 8)),
        ("Dec 8, 2016 23:10 +0300", dt.date(2016, 12, 8)),
        ("2016-12-08T23:30:00-07:00", dt.date(2016, 12, 8)),
        ("Posted: Nov 22, 2016 at 11:45 p.m.", dt.date(2016, 11, 22)),
        ("Updated 10:05 PM ET, Tue November 22, 2016", dt.date(2016, 11, 22)),
        ("22 November 2016 | 23:45 GMT", dt.date(2016, 11, 22)),
        ("Sept. 5, 2016", dt.date(2016, 9, 5)),
        ("11/12/2016", dt.date(2016, 11, 12)),  # month first when both could be either
        ("22/11/2016", dt.date(2016, 11, 22)),  # 22 is no month
        ("Wed Nov 23", None),  # no year: never taken from the clock
        ("Nov 23 4:30 PM", None),
        ("10:05 PM ET", None),
        ("Nov 31, 2016", None),
        ("2016", None),
    ],
)
def test_article_parse_date(raw: str | dt.date, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


_PLAIN_FORMS = [
    "{m:02d}/{d:02d}/{y}",
    "{m}/{d}/{y}",
    "{name} {d}, {y}",
    "{name} {d:02d} {y}",
    "{d} {name} {y}",
    "{abbr}. {d}, {y}",
    "{upper} {d}, {y}",
    "{d} {abbr} {y}",
]


@pytest.mark.parametrize("form", _PLAIN_FORMS)
def test_article_plain_dates_read_as_dateparser_reads_them(form: str) -> None:
    import dateparser

    names = [dt.date(2001, m, 1).strftime("%B") for m in range(1, 13)]
    for year in (1999, 2016, 2024):
        for month, name in enumerate(names, start=1):
            for day in (1, 9, 12, 13, 28, 29, 30, 31):
                abbr = "Sept" if month == 9 else name[:3]
                text = form.format(m=month, d=day, y=year, name=name, abbr=abbr, upper=name.upper())
                parsed = dateparser.parse(text, languages=["en"], settings=_DATE_SETTINGS)
                try:
                    real: dt.date | None = dt.date(year, month, day)
                except ValueError:
                    real = None
                assert _plain_date(text) == real, text  # read without dateparser if it exists
                if real is not None:
                    assert parsed is not None and parsed.date() == real, text
                assert parse_date(text) == (parsed.date() if parsed else None), text


@pytest.mark.parametrize(
    "text",
    ["22/11/2016", "Nov 31, 2016", "Wed Nov 23", "Nov 23 2016 4:30", "Smarch 3, 2016", "2016"],
)
def test_article_plain_dates_leave_other_forms_to_dateparser(text: str) -> None:
    assert _plain_date(text) is None


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2016, 11, 24, 3, 0, tzinfo=ZoneInfo("Asia/Kolkata")),
        dt.datetime(2031, 2, 1, 23, 59, tzinfo=ZoneInfo("America/Denver")),
        dt.datetime(1999, 12, 31, 12, 0, tzinfo=ZoneInfo("UTC")),
    ],
)
def test_article_parse_date_ignores_clock_and_local_zone(now: dt.datetime) -> None:
    raw = ["Nov 22, 2016 11:30 PM MT", "Wed Nov 23", "Nov 23", "today", "1479857400", "23:45"]
    expected = [dt.date(2016, 11, 22), None, None, None, dt.date(2016, 11, 22), None]
    with time_machine.travel(now, tick=False):  # also sets the local time zone
        assert dt.datetime.now().astimezone().tzinfo is not None
        assert [parse_date(r) for r in raw] == expected
