"""Worker processes: each loads the pipeline once and turns chunks of articles into outcomes.

Records are built inside the workers (not only the spaCy parse), so the parent process
only reads inputs and writes outputs. Chunks are submitted a few at a time and results
come back in input order, so memory stays flat and the output equals a one-process run.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.article import Article
    from extract.io import ReadError
    from extract.pipeline import Extractor, Outcome

_extractor: Extractor | None = None


def _init(model: str | None, batch_size: int) -> None:
    global _extractor
    from extract.pipeline import Extractor

    _extractor = Extractor(model, batch_size=batch_size)


def _work(chunk: list[Article | ReadError], published: dt.date | None) -> list[Outcome]:
    assert _extractor is not None, "worker used before its initializer ran"
    return list(_extractor.extract_many(chunk, published=published))


def _chunks(items: Iterable[Article | ReadError], size: int) -> Iterator[list[Article | ReadError]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def pool_extract(
    items: Iterable[Article | ReadError],
    *,
    model: str | None,
    n_process: int,
    batch_size: int,
    published: dt.date | None = None,
) -> Iterator[Outcome]:
    """Extract ``items`` with ``n_process`` worker processes, yielding outcomes in order."""
    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    in_flight: deque[AsyncResult[list[Outcome]]] = deque()
    with context.Pool(n_process, initializer=_init, initargs=(model, batch_size)) as pool:
        for chunk in _chunks(items, batch_size):
            in_flight.append(pool.apply_async(_work, (chunk, published)))
            if len(in_flight) >= 2 * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
