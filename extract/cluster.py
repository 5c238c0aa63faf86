"""Run the extraction on a Dask cluster: dask.bag partitions, one spaCy pipeline per worker.

Inputs (files, folders, globs, or `Article` objects) are expanded on the client and split
into partitions; each worker reads its own files, so workers need the client's file system
(or pass `Article` objects). A JSONL file is split at line starts into blocks (at least one
per partition, at most `BLOCKSIZE` bytes each), so that one big archive spreads over the
workers; every error keeps its line number and the output keeps the input order. A
partition is one `Extractor` stream, and `load_pipeline` is cached per process, so every
worker process loads the pipeline once, on its first partition.
Give workers one thread each (``threads_per_worker=1``): a pipeline is not shared between
threads. Without a distributed ``Client`` the bag runs on Dask's local process pool.

>>> from distributed import Client, LocalCluster  # doctest: +SKIP
>>> with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster):
...     results = extract_to_jsonl(["corpus/"], "out/parts", npartitions=16)
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import dask.bag

from extract.article import Article, parse_date
from extract.db import Database
from extract.db.tables import article_key
from extract.errors import DatabaseError, InputError
from extract.io import (
    JsonlBlock,
    ReadError,
    expand_paths,
    jsonl_blocks,
    read_file,
    read_jsonl,
    record_json,
)
from extract.pipeline import Extractor, Outcome
from models import Record

Item = tuple[str, Path | None] | JsonlBlock | Article
"""One unit of input in a partition: a (shown name, path) file, lines of a JSONL file, or an
article."""
BLOCKSIZE = 2**24
"""The largest block of a JSONL file in one partition, in bytes (16 MiB: a few thousand
news articles)."""


@dataclass(frozen=True)
class PartitionResult:
    """What one partition wrote: how many records where, and the inputs that failed."""

    partition: int
    target: str
    written: int
    failures: tuple[str, ...]


def input_bag(
    inputs: Iterable[str | Path | Article],
    *,
    npartitions: int | None = None,
    blocksize: int = BLOCKSIZE,
) -> dask.bag.Bag:
    """Return a dask.bag of input items: paths expanded to files here, articles as given.

    A JSONL file becomes ``npartitions`` blocks of lines (more when they would be over
    ``blocksize`` bytes; fewer for a file of fewer lines); finding the line numbers where
    blocks start reads it once here. Raises `InputError` for ``-``: a worker cannot read
    the client's standard input.
    """
    items: list[Item] = []
    for item in inputs:
        if isinstance(item, Article):
            items.append(item)
            continue
        for name, path in expand_paths([str(item)]):
            if path is None:
                raise InputError("standard input (-) cannot be read on a cluster; pass files")
            if path.suffix.lower() == ".jsonl" and path.is_file():
                parts = max(npartitions or 1, -(-path.stat().st_size // blocksize))
                items.extend(jsonl_blocks(name, path, parts))
            else:
                items.append((name, path))
    bag: dask.bag.Bag = dask.bag.from_sequence(items, npartitions=npartitions or None)
    return bag


def _date(published: str | dt.date | None) -> dt.date | None:
    date = parse_date(published) if published is not None else None
    if published is not None and date is None:
        raise InputError(f"invalid published date {published!r}")
    return date


def _articles(items: Iterable[Item]) -> Iterator[Article | ReadError]:
    for item in items:
        if isinstance(item, Article):
            yield item
        elif isinstance(item, JsonlBlock):
            try:
                yield from read_jsonl(item)
            except OSError as exc:  # the file went away after it was split
                yield ReadError(item.name, exc.strerror or str(exc))
        else:
            yield from read_file(*item)


def _extract(items: Iterable[Item], model: str | None, published: dt.date | None) -> list[Outcome]:
    return list(Extractor(model).extract_many(_articles(items), published=published))


def extract_bag(
    inputs: Iterable[str | Path | Article],
    *,
    npartitions: int | None = None,
    model: str | None = None,
    published: str | dt.date | None = None,
) -> dask.bag.Bag:
    """Return a lazy dask.bag of `Outcome` objects, in input order, like `extract_many`'s.

    ``bag.compute()`` brings every outcome to the client; to keep memory flat over a large
    corpus use `extract_to_jsonl` or `extract_to_database`, which write inside each partition.
    """
    date = _date(published)
    bag: dask.bag.Bag = input_bag(inputs, npartitions=npartitions).map_partitions(
        _extract, model, date
    )
    return bag


def _where(outcome: Outcome) -> str:
    article = outcome.article
    where = f"{article.path}:{article.line}" if article.line else str(article.path)
    return f"{where}: {outcome.error}"


def _records(
    items: Iterable[Item], model: str | None, published: dt.date | None, failures: list[str]
) -> Iterator[Record]:
    for outcome in Extractor(model).extract_many(_articles(items), published=published):
        if outcome.record is None:
            failures.append(_where(outcome))
        else:
            yield outcome.record


def _jsonl_partition(
    items: Iterable[Item],
    index: list[int],
    directory: str,
    model: str | None,
    published: dt.date | None,
) -> list[PartitionResult]:
    path = Path(directory) / f"part-{index[0]:05d}.jsonl"
    failures: list[str] = []
    written = 0
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for record in _records(items, model, published, failures):
                handle.write(record_json(record, indent=None))
                written += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [PartitionResult(index[0], str(path), written, tuple(failures))]


@cache
def _database(url: str, schema: str | None) -> Database:
    return Database(url, schema=schema)


def _database_partition(
    items: Iterable[Item],
    index: list[int],
    url: str,
    schema: str | None,
    model: str | None,
    published: dt.date | None,
) -> list[PartitionResult]:
    database = _database(url, schema)
    failures: list[str] = []
    written = 0
    for record in _records(items, model, published, failures):
        try:
            database.write(record)
        except DatabaseError as exc:
            failures.append(f"{article_key(record)}: {exc}")
        else:
            written += 1
    return [PartitionResult(index[0], database.url, written, tuple(failures))]


def _run(
    inputs: Iterable[str | Path | Article],
    npartitions: int | None,
    partition: Callable[..., list[PartitionResult]],
    *args: Any,
) -> list[PartitionResult]:
    bag = input_bag(inputs, npartitions=npartitions)
    indices = dask.bag.range(bag.npartitions, npartitions=bag.npartitions)
    results: list[PartitionResult] = bag.map_partitions(partition, indices, *args).compute()
    return results


def extract_to_jsonl(
    inputs: Iterable[str | Path | Article],
    directory: str | Path,
    *,
    npartitions: int | None = None,
    model: str | None = None,
    published: str | dt.date | None = None,
) -> list[PartitionResult]:
    """Extract on the cluster; each partition streams its records to
    ``directory/part-NNNNN.jsonl``, written atomically. Partition files of an earlier run
    are replaced, or removed when this run has fewer partitions."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    results = _run(inputs, npartitions, _jsonl_partition, str(folder), model, _date(published))
    written = {result.target for result in results}
    for stale in folder.glob("part-[0-9][0-9][0-9][0-9][0-9].jsonl"):
        if str(stale) not in written:
            stale.unlink()
    return results


def extract_to_database(
    inputs: Iterable[str | Path | Article],
    url: str,
    *,
    schema: str | None = None,
    npartitions: int | None = None,
    model: str | None = None,
    published: str | dt.date | None = None,
) -> list[PartitionResult]:
    """Extract on the cluster; each worker writes its records to the database at ``url``
    (a `Database` per worker process, idempotent writes). The tables are created, or their
    version checked, here first, so a wrong database fails before any work is sent."""
    Database(url, schema=schema).close()
    return _run(inputs, npartitions, _database_partition, url, schema, model, _date(published))
