"""Quote marks paired into quotations, for every common mark style, without ever raising.

Straight, curly, low-9 („German“) and angle («French») marks; a quotation nested inside
another; the news convention of a quotation running over several paragraphs, each
continued paragraph opening with a mark and only the last one closing; apostrophes (don't,
Kyrgyzstan's, '90s) told apart from single marks by the letters around them. Odd marks are
returned as warnings, with what could be paired.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extract.errors import ResourceError
from extract.lexicon import read_json

_LINE_BREAK = re.compile(r"\n\s*")

Part = tuple[int, int]


class _Pair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    open: str = Field(min_length=1, max_length=2)
    close: list[Annotated[str, Field(min_length=1, max_length=2)]] = Field(min_length=1)


class _MarkFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    double: list[_Pair] = Field(min_length=1)
    single: list[_Pair] = Field(min_length=1)


@dataclass(frozen=True)
class MarkTable:
    """Which marks open a quotation, which marks close each opener, and the single level."""

    closers: dict[str, tuple[str, ...]]
    single: frozenset[str]
    pattern: re.Pattern[str]


@cache
def mark_table() -> MarkTable:
    """Load and validate the quote mark pairs (extract/resources/quotes_marks.json)."""
    try:
        data = _MarkFile.model_validate(read_json("quotes_marks.json"))
    except ValidationError as exc:
        raise ResourceError(f"quotes_marks.json: {exc}") from exc
    pairs = data.double + data.single
    closers = {p.open: tuple(p.close) for p in pairs}
    single = frozenset(m for p in data.single for m in (p.open, *p.close))
    marks = sorted({m for p in pairs for m in (p.open, *p.close)}, key=len, reverse=True)
    return MarkTable(closers, single, re.compile("|".join(map(re.escape, marks))))


@dataclass(frozen=True)
class Marked:
    """A quotation between marks: one part per paragraph, the marks included."""

    parts: tuple[Part, ...]
    closed: bool = True
    single: bool = False

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


class Spans:
    """Non-overlapping character spans with containment tests in O(log n)."""

    def __init__(self, spans: Iterable[Part]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def covers(self, start: int, end: int) -> bool:
        """Whether one of the spans contains ``[start, end)``."""
        k = bisect_right(self.starts, start) - 1
        return k >= 0 and end <= self.spans[k][1]


def paragraphs(text: str) -> list[Part]:
    """Paragraph spans (one per line), without trailing whitespace."""
    spans: list[Part] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, s + len(text[s:e].rstrip())) for s, e in spans if text[s:e].strip()]


def _closing_depth(
    table: MarkTable, stack: list[tuple[str, int]], mark: str, before: str, after: str
) -> int | None:
    """The stack depth of the quotation ``mark`` closes, or None.

    A mark that could also open (straight ", ') closes an opener of another style, or a
    single quotation, only when it ends a word: not before a letter, not after a space.
    """
    ends_word = not before.isspace() and not after.isalnum()
    candidates = [len(stack) - 1] if mark in table.single else range(len(stack) - 1, -1, -1)
    for depth in candidates:
        opener = stack[depth][0] if depth >= 0 else ""
        if opener and mark in table.closers[opener]:
            ambiguous = mark in table.closers and (mark != opener or mark in table.single)
            return depth if ends_word or not ambiguous else None
    return None


def _opens(table: MarkTable, mark: str, before: str, after: str) -> bool:
    if mark not in table.closers:
        return False
    if mark in table.single:
        return not before.isalnum() and not after.isspace() and not after.isdigit()
    return True


def scan_marks(text: str) -> tuple[list[Marked], list[str]]:
    """Pair the quote marks of ``text`` into quotations; return them and warnings."""
    table = mark_table()
    found: list[Marked] = []
    warnings: list[str] = []
    carried: list[Part] = []  # parts of a quotation continued over paragraphs
    paras = paragraphs(text)
    for n, (para_start, para_end) in enumerate(paras):
        stack: list[tuple[str, int]] = []
        for match in table.pattern.finditer(text, para_start, para_end):
            mark, i, j = match.group(), match.start(), match.end()
            before = text[i - 1] if i > para_start else " "
            after = text[j] if j < para_end else " "
            depth = _closing_depth(table, stack, mark, before, after)
            if depth is not None:
                opener, start = stack[depth]
                inner = [pos for o, pos in stack[depth + 1 :] if o not in table.single]
                warnings.extend(f"unbalanced quote mark at offset {pos}" for pos in inner)
                del stack[depth:]
                if depth == 0:
                    found.append(Marked((*carried, (start, j)), True, opener in table.single))
                    carried = []
            elif _opens(table, mark, before, after):
                stack.append((mark, i))
            elif mark not in table.single:
                warnings.append(f"unmatched closing quote mark at offset {i}")
        if not stack or stack[0][0] in table.single:
            continue
        start = stack[0][1]
        following = table.pattern.match(text, paras[n + 1][0]) if n + 1 < len(paras) else None
        if (
            following
            and following.group() in table.closers
            and following.group() not in table.single
        ):
            carried.append((start, para_end))
        else:
            warnings.append(f"unbalanced quote mark at offset {start}")
            found.append(Marked((*carried, (start, para_end)), False))
            carried = []
    return found, warnings
