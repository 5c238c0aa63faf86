"""Quote mark pairing: every common style, nesting, paragraphs, apostrophes, odd marks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.quotes.marks import paragraphs, scan_marks


def _quoted(text: str) -> list[list[str]]:
    found, _ = scan_marks(text)
    return [[text[s:e] for s, e in quote.parts] for quote in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will win," he said.', [['"We will win,"']]),
        ("“We will win,” he said.", [["“We will win,”"]]),
        ("Il a dit «nous gagnerons» hier.", [["«nous gagnerons»"]]),
        ("Er sagte „wir gewinnen“ gestern.", [["„wir gewinnen“"]]),
        ("‘Single marks,’ she said.", [["‘Single marks,’"]]),
        ("''Typewritten,'' he said.", [["''Typewritten,''"]]),
        ("``Treebank,'' he said.", [["``Treebank,''"]]),
        ("“Outer ‘inner’ text,” he said.", [["“Outer ‘inner’ text,”"]]),
        ('"Outer “inner” text," he said.', [['"Outer “inner” text,"']]),
        ('“Curly open, straight close," he said.', [['“Curly open, straight close,"']]),
        ('"A," he said. "B."', [['"A,"'], ['"B."']]),
        # apostrophes are not quote marks
        ("Kyrgyzstan's leaders don't agree.", []),
        ("Kyrgyzstan’s leaders don’t agree.", []),
        ("In the ’90s and the '80s it was calm.", []),
        ("The states' rights and the members’ votes.", []),
    ],
)
def test_quotemarks_pairs(text: str, expected: list[list[str]]) -> None:
    assert _quoted(text) == expected


def test_quotemarks_continued_paragraphs_are_one_quotation() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph.\n\n“Last one,” he said.\n\nNext."
    parts = ["“First paragraph of the quote.", "“Second paragraph.", "“Last one,”"]
    assert _quoted(text) == [parts]


def test_quotemarks_unbalanced_open_mark_warns_and_keeps_the_quote() -> None:
    text = 'He said "we will win the war.\n\nThe next paragraph has no quote.'
    found, warnings = scan_marks(text)
    assert [[text[s:e] for s, e in q.parts] for q in found] == [['"we will win the war.']]
    assert not found[0].closed
    assert warnings == ["unbalanced quote mark at offset 8"]


def test_quotemarks_stray_closing_mark_warns() -> None:
    found, warnings = scan_marks("A stray” mark.")
    assert found == []
    assert warnings == ["unmatched closing quote mark at offset 7"]


def test_quotemarks_paragraphs_are_lines_without_trailing_space() -> None:
    text = "One. \n\nTwo\nThree  "
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two", "Three"]


@given(st.text(alphabet=st.sampled_from(list("ab '\"“”‘’«»„\n.,")), max_size=80))
def test_quotemarks_never_raise_and_parts_are_ordered(text: str) -> None:
    found, _ = scan_marks(text)
    for quote in found:
        assert quote.parts
        for start, end in quote.parts:
            assert 0 <= start < end <= len(text)
        assert all(a[1] <= b[0] for a, b in zip(quote.parts, quote.parts[1:], strict=False))
