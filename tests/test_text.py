"""extract.text: absurd whitespace-free runs are broken, and offsets map back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.text import MAX_RUN, PIECE, break_long_runs, shift


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("", None),
        ("An ordinary sentence with https://example.org/a/long/path?q=1.", None),
        ("x" * MAX_RUN, None),  # at the limit: untouched
        ("x" * (MAX_RUN + 1), [PIECE] * 4 + [1]),
        ('"' * 20_000, [PIECE] * 400),
        ("a" + "\u0301" * 300, [PIECE] * 6 + [1]),
    ],
)
def test_text_breaks_only_runs_over_the_limit(text: str, pieces: list[int] | None) -> None:
    broken = break_long_runs(text)
    if pieces is None:
        assert broken.text == text and broken.inserted == [] and broken.runs == 0
        return
    assert [len(p) for p in broken.text.split(" ")] == pieces
    assert broken.runs == 1 and broken.longest == len(text)
    assert broken.text.replace(" ", "") == text


def test_text_keeps_short_runs_and_counts_each_long_one() -> None:
    text = "Osh " + "7" * 260 + " rounds and " + "'s" * 150 + "."
    broken = break_long_runs(text)
    assert broken.runs == 2 and broken.longest == 301
    assert broken.text.startswith("Osh " + "7" * PIECE + " ")
    assert " rounds and " in broken.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(["x", '"', "7", "\u0301", " "]).map(lambda c: c * 230),
        ),
        max_size=8,
    ).map("".join)
)
def test_text_offsets_map_back_exactly(text: str) -> None:
    broken = break_long_runs(text)
    for i, char in enumerate(text):
        assert broken.text[shift(broken.inserted, i)] == char
    for start in range(len(text) + 1):
        for end in range(start, min(start + 3, len(text)) + 1):
            mapped = broken.text[
                shift(broken.inserted, start) : shift(broken.inserted, end, end=True)
            ]
            assert mapped.replace(" ", "") == text[start:end].replace(" ", "")
    assert all(len(run) <= MAX_RUN for run in broken.text.split())
