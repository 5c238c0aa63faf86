"""extract.text: absurd whitespace-free runs are cut short, and offsets map back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.text import MAX_RUN, cut_long_runs, shift


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("An ordinary sentence with https://example.org/a/long/path?q=1.", None),
        ("x" * MAX_RUN, None),  # at the limit: untouched
        ("x" * (MAX_RUN + 1), "x" * MAX_RUN),
        ("Osh. " + '"' * 20_000 + " Police said.", "Osh. " + '"' * MAX_RUN + " Police said."),
        ("a" + "\u0301" * 300 + "\n\nb", "a" + "\u0301" * (MAX_RUN - 1) + "\n\nb"),
    ],
)
def test_text_cuts_only_runs_over_the_limit(text: str, expected: str | None) -> None:
    cut = cut_long_runs(text)
    assert cut.text == (text if expected is None else expected)
    assert bool(cut.removed) == (expected is not None and expected != text)
    assert cut.longest == (max(len(w) for w in text.split()) if cut.removed else 0)


def test_text_cuts_each_long_run() -> None:
    text = "Osh " + "7" * 260 + " rounds and " + "'s" * 150 + "."
    cut = cut_long_runs(text)
    assert cut.text == "Osh " + "7" * MAX_RUN + " rounds and " + ("'s" * 150 + ".")[:MAX_RUN]
    assert cut.removed == [(204, 264), (476, 577)] and cut.longest == 301


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
    cut = cut_long_runs(text)
    removed = {i for start, end in cut.removed for i in range(start, end)}
    kept = [i for i in range(len(text)) if i not in removed]
    assert [cut.text[shift(cut.removed, i)] for i in kept] == [text[i] for i in kept]
    assert "".join(text[i] for i in kept) == cut.text
    assert shift(cut.removed, len(text)) == len(cut.text)
    assert all(len(run) <= MAX_RUN for run in cut.text.split())
