"""Text normalization before spaCy: absurd whitespace-free runs are cut short.

spaCy's tokenizer takes time quadratic in the length of a run without whitespace that it
splits into many pieces (20,000 quote marks: minutes), the tokenizer cannot be interrupted,
and every piece is a token for the tagger, parser and NER. A run longer than `MAX_RUN`
characters, far longer than any word or URL in news text (the longest in 1,600 development
articles is 115), is cut to its first `MAX_RUN` characters, so an article costs time linear
in its text and a junk run costs no more than `MAX_RUN` characters of it. The record's
``text`` is the cut text, and every offset refers to it; `shift` maps an offset into the
original text to the cut one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_RUN = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


class Cut(NamedTuple):
    """A text with its long runs cut."""

    text: str
    removed: list[tuple[int, int]]
    """The ``(start, end)`` ranges of the original text left out, in order."""
    longest: int
    """The length of the longest run cut (0 when nothing changed)."""


def cut_long_runs(text: str) -> Cut:
    """Return ``text`` with every run over `MAX_RUN` characters cut to `MAX_RUN`."""
    parts: list[str] = []
    removed: list[tuple[int, int]] = []
    longest = last = 0
    for found in _LONG_RUN.finditer(text):
        start, end = found.span()
        longest = max(longest, end - start)
        parts.append(text[last : start + MAX_RUN])
        removed.append((start + MAX_RUN, end))
        last = end
    if not removed:
        return Cut(text, [], 0)
    parts.append(text[last:])
    return Cut("".join(parts), removed, longest)


def shift(removed: list[tuple[int, int]], offset: int) -> int:
    """Map an offset into the original text to the cut text (an offset inside a part left
    out goes to where that part was)."""
    gone = 0
    for start, end in removed:
        if offset <= start:
            break
        gone += min(offset, end) - start
    return offset - gone


def without_long_runs(text: str) -> str:
    """``text`` with every run over `MAX_RUN` characters replaced by a space."""
    return _LONG_RUN.sub(" ", text)
