"""An ordered process pool: each worker process builds its state once, then maps chunks.

Chunks are submitted a few at a time and results come back in input order, so memory stays
flat and the output equals a one-process run. The pool knows nothing of the pipeline (which
uses it for ``--workers``, building an `Extractor` per process with its initializer), so the
two modules do not import each other.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of ``size`` items (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ordered_map(
    func: Callable[[list[T]], list[R]],
    items: Iterable[T],
    *,
    n_process: int,
    chunk_size: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """Apply ``func`` to chunks of ``items`` in ``n_process`` processes; yield results in order.

    ``initializer(*initargs)`` runs once in each process (to load a model there); ``func``
    and the initializer must be module-level functions so that they can be sent to workers.
    """
    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    in_flight: deque[AsyncResult[list[R]]] = deque()
    with context.Pool(n_process, initializer=initializer, initargs=initargs) as pool:
        for chunk in chunks(items, chunk_size):
            in_flight.append(pool.apply_async(func, (chunk,)))
            if len(in_flight) >= 2 * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
