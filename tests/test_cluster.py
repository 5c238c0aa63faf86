"""Tests for extract.cluster: a local Dask cluster of two worker processes gives the records
of the single-process run, as a bag, as JSONL partitions and in a database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster

from extract import Extractor
from extract.cluster import extract_bag, extract_to_database, extract_to_jsonl, input_bag
from extract.db import Database
from extract.db.tables import article_key
from extract.errors import InputError
from extract.io import read_articles
from extract.pipeline import Outcome
from models import Record

TEXTS = {
    "bomb.txt": "KABUL, Afghanistan — A roadside bomb killed four soldiers in Helmand province "
    "on Tuesday, officials said.",
    "protest.txt": "At least 20 people were injured when police fired tear gas at protesters "
    "in Nairobi, the Red Cross said on Sunday.",
    "minister.txt": '"We will not negotiate," Interior Minister Karim Haddad told reporters '
    "in Beirut last week.",
    "empty.txt": "",
}
LINES = [
    {
        "id": "a1",
        "text": "Rebels seized the town of Ras Lanuf on Monday.",
        "published": "2011-03-07",
    },
    {"id": "a2", "text": ""},
    {"id": "a3", "text": "Two journalists were kidnapped near Mosul in May, the army said."},
]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = "".join(json.dumps(line) + "\n" for line in LINES)
    (folder / "feed.jsonl").write_text(lines, encoding="utf-8")
    return str(folder)


def _single(extractor: Extractor, corpus: str, published: dt.date | None) -> list[Outcome]:
    return list(extractor.extract_many(read_articles([corpus]), published=published))


def _summary(outcomes: list[Outcome]) -> list[tuple[Any, ...]]:
    return [
        (o.article.path, o.article.line, o.record.model_dump() if o.record else o.error)
        for o in outcomes
    ]


def test_cluster_bag_equals_single_process(
    client: Client, corpus: str, extractor: Extractor
) -> None:
    expected = _single(extractor, corpus, None)
    outcomes = extract_bag([corpus], npartitions=3).compute()
    assert _summary(outcomes) == _summary(expected)
    assert sum(o.record is not None for o in outcomes) == 5


def test_cluster_jsonl_partitions_equal_single_process(
    client: Client, corpus: str, extractor: Extractor, tmp_path: Path
) -> None:
    expected = [o.record for o in _single(extractor, corpus, dt.date(2010, 7, 16)) if o.record]
    for npartitions in (3, 2):  # a re-run replaces the partition files
        results = extract_to_jsonl(
            [corpus], tmp_path, npartitions=npartitions, published="2010-07-16"
        )
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == ["part-00000.jsonl", "part-00001.jsonl"]
    records = [
        Record.model_validate_json(line)
        for f in files
        for line in f.read_text("utf-8").split("\n")
        if line
    ]
    assert records == expected
    assert [r.target for r in results] == [str(f) for f in files]
    assert sum(r.written for r in results) == 5
    failures = sorted(f for r in results for f in r.failures)
    assert len(failures) == 2
    assert failures[0].startswith(str(Path(corpus) / "empty.txt"))
    assert failures[1].startswith(str(Path(corpus) / "feed.jsonl") + ":2")


def test_cluster_database_equals_single_process(
    client: Client, corpus: str, extractor: Extractor, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'records.db'}"
    expected = [o.record for o in _single(extractor, corpus, None) if o.record]
    results = extract_to_database([corpus], url, npartitions=2)
    assert sum(r.written for r in results) == 5
    with Database(url) as database:
        stored = list(database.read_records())
    assert stored == sorted(expected, key=article_key)


def test_cluster_refuses_standard_input() -> None:
    with pytest.raises(InputError, match="standard input"):
        input_bag(["-"])


def test_cluster_checks_the_date_before_sending_work(corpus: str) -> None:
    with pytest.raises(InputError, match="invalid published date"):
        extract_bag([corpus], published="not a date")


def test_cluster_one_jsonl_file_spreads_over_partitions(
    client: Client, extractor: Extractor, tmp_path: Path
) -> None:
    places = ["Kabul", "Mosul", "Aleppo", "Sanaa", "Gao", "Goma", "Marawi", "Idlib"]
    lines = [
        json.dumps({"id": f"n{i}", "text": f"Gunmen killed {i + 2} villagers near {place}."})
        for i, place in enumerate(places)
    ]
    lines[4], lines[6] = "{broken", json.dumps({"id": "n7", "text": ""})
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert input_bag([str(src)], npartitions=4).npartitions == 4
    expected = [o.record for o in _single(extractor, str(src), None) if o.record]
    results = extract_to_jsonl([str(src)], tmp_path / "out", npartitions=4)
    assert len(results) == 4 and all(r.written for r in results)  # each one got articles
    records = [
        Record.model_validate_json(line)
        for r in results
        for line in Path(r.target).read_text("utf-8").splitlines()
    ]
    assert records == expected
    assert [(r.source.line, r.figures[0].value) for r in records] == [
        (1, 2),
        (2, 3),
        (3, 4),
        (4, 5),
        (6, 7),
        (8, 9),
    ]
    assert [f.split(": ")[0] for r in results for f in r.failures] == [f"{src}:5", f"{src}:7"]
    bag = extract_bag([str(src)], npartitions=3).compute()
    assert _summary(bag) == _summary(_single(extractor, str(src), None))
