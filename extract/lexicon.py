"""Load the data files shipped in ``extract/resources`` once, validating them."""

from __future__ import annotations

import json
from collections.abc import Container, Sequence
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from extract.errors import ResourceError

M = TypeVar("M", bound=BaseModel)
MAX_PHRASE = 4  # words in the longest phrase of a word list


def longest_phrase(
    words: Sequence[str], i: int, table: Container[tuple[str, ...]], longest: int = MAX_PHRASE
) -> int:
    """Length of the longest phrase of ``table`` starting at ``words[i]`` (0 if none)."""
    for size in range(min(longest, len(words) - i), 0, -1):
        if tuple(words[i : i + size]) in table:
            return size
    return 0


def _read(name: str) -> str:
    try:
        return resources.files("extract.resources").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"missing resource file {name!r}") from exc


@cache
def read_words(name: str) -> frozenset[str]:
    """Return the lower-cased entries of a one-per-line word list (``#`` starts a comment)."""
    words = frozenset(
        line.split("#", 1)[0].strip().lower() for line in _read(name).splitlines()
    ) - {""}
    if not words:
        raise ResourceError(f"word list {name!r} is empty")
    return words


@cache
def read_json(name: str) -> Any:
    """Return the parsed content of a JSON resource."""
    try:
        return json.loads(_read(name))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"{name}: invalid JSON: {exc}") from exc


@cache
def read_jsonl(name: str, model: type[M]) -> tuple[M, ...]:
    """Return the lines of a JSONL resource, each validated as ``model``."""
    items: list[M] = []
    for lineno, line in enumerate(_read(name).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate_json(line))
        except ValidationError as exc:
            raise ResourceError(f"{name}:{lineno}: {exc}") from exc
    return tuple(items)
