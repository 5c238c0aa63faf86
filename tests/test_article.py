"""Article layout: headline, furniture, published line and dateline of plain-text articles."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.article import parse_date, parse_layout


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
    ],
)
def test_article_parse_date(raw: str | dt.date, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected
