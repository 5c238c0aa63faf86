"""Text normalization before spaCy: absurd whitespace-free runs are broken up.

spaCy's tokenizer takes time quadratic in the length of a run without whitespace that it
splits into many pieces (20,000 quote marks: minutes), and the tokenizer cannot be
interrupted. A run longer than `MAX_RUN` characters, far longer than any word or URL in
news text (the longest in 1,600 development articles is 115), is broken by inserting a
space every `PIECE` characters, so tokenizing takes time linear in the text. The record's
``text`` is the broken text, and every offset refers to it; `shift` maps an offset into the
original text to the broken one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

MAX_RUN = 200
PIECE = 50
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


class Broken(NamedTuple):
    """A text with its long runs broken."""

    text: str
    inserted: list[int]
    """Offsets into the original text before which a space was inserted, in order."""
    runs: int
    """How many runs were broken."""
    longest: int
    """The length of the longest run broken."""


def break_long_runs(text: str) -> Broken:
    """Return ``text`` with a space every `PIECE` characters inside runs over `MAX_RUN`."""
    parts: list[str] = []
    inserted: list[int] = []
    longest = runs = last = 0
    for found in _LONG_RUN.finditer(text):
        start, end = found.span()
        runs, longest = runs + 1, max(longest, end - start)
        cuts = range(start + PIECE, end, PIECE)
        for cut in cuts:
            parts.append(text[last:cut])
            last = cut
        inserted.extend(cuts)
    if not inserted:
        return Broken(text, [], 0, 0)
    parts.append(text[last:])
    return Broken(" ".join(parts), inserted, runs, longest)


def shift(inserted: list[int], offset: int, *, end: bool = False) -> int:
    """Map an offset into the original text to the broken text (``end``: an end offset,
    which stays before a space inserted at it)."""
    return offset + (bisect_left if end else bisect_right)(inserted, offset)


def without_long_runs(text: str) -> str:
    """``text`` with every run over `MAX_RUN` characters replaced by a space."""
    return _LONG_RUN.sub(" ", text)
