"""Speed-up of a 2-worker Dask ``LocalCluster`` over a 1-worker one on ONE JSONL file.

    python -m benchmarks.cluster_bench [--corpus DIR] [--limit N] [--json FILE]

The texts of ``--corpus`` (default: the PolNeAR train texts) are written as one JSONL file
(publication date from the file name), then `extract.cluster.extract_to_jsonl` runs over it
with 1 and with 2 worker processes (one thread each, ``npartitions`` = 4 per worker). Each
cluster is started, and its workers load the pipeline, before the clock starts; the time
is the extraction of the whole file. The machine's load average is recorded with it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import DEFAULT_CORPUS, read_corpus


def _warm() -> None:
    from extract import Extractor

    Extractor().extract_text("Rebels took the town on Monday.")


def measure(src: Path, workers: int, out: Path) -> dict[str, Any]:
    """Extract ``src`` on a fresh LocalCluster of ``workers`` processes; returns the timing."""
    from distributed import Client, LocalCluster

    from extract.cluster import extract_to_jsonl

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)
        load = os.getloadavg()
        started = time.perf_counter()
        results = extract_to_jsonl([str(src)], out, npartitions=4 * workers)
        seconds = time.perf_counter() - started
    return {
        "workers": workers,
        "partitions": len(results),
        "records": sum(r.written for r in results),
        "failures": sum(len(r.failures) for r in results),
        "seconds": round(seconds, 2),
        "load_before": [round(x, 2) for x in load],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    """Run both configurations and print (or write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    items = read_corpus(args.corpus, args.limit)
    if not items:
        parser.error(f"no .txt files in {args.corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "news.jsonl"
        with src.open("w", encoding="utf-8") as handle:
            for name, text, published in items:
                handle.write(json.dumps({"id": name, "text": text, "published": published}))
                handle.write("\n")
        size = src.stat().st_size
        runs = [measure(src, n, Path(tmp) / f"out-{n}") for n in (1, 2)]
    report = {
        "articles": len(items),
        "jsonl_bytes": size,
        "runs": runs,
        "speedup": round(runs[0]["seconds"] / runs[1]["seconds"], 2),
        "cpus": os.cpu_count(),
    }
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
