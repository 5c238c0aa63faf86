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


class DatabaseError(ExtractError):
    """A database could not be opened or written (bad URL, unreachable server)."""


class DatabaseVersionError(DatabaseError):
    """A database holds tables of another schema version than this release writes."""


class ComponentError(ExtractError):
    """A record could not be built for one article (a bug to report); the batch goes on."""


class TimeBudgetError(ExtractError):
    """An article took longer than its time budget (``--time-budget``); the batch goes on."""
