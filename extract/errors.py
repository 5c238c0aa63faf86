"""Typed exceptions raised by the library (the CLI turns them into per-item errors)."""

from __future__ import annotations


class ExtractError(Exception):
    """Base class of every error conflict-extract raises on purpose."""


class InputError(ExtractError):
    """An input could not be read or is not an article (empty, binary, malformed)."""


class ModelNotFoundError(ExtractError):
    """The requested spaCy pipeline is not installed."""


class ResourceError(ExtractError):
    """A packaged pattern or word list is missing or invalid."""
