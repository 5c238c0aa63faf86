"""Speed and memory of the full pipeline against bare spaCy on the same texts.

    python -m benchmarks.bench [--corpus DIR] [--limit N] [--json benchmarks/bench.json]

Every configuration runs in a fresh Python process, so peak memory (``ru_maxrss``) and
warm caches never carry over from one to the next:

- ``bare``: ``spacy.load`` of the pipeline the extractor uses, then ``nlp.pipe`` over the
  texts (same batch size as the extractor); ``full``: ``Extractor().extract_many`` over
  the same texts as articles, every record serialized to JSON. Both with 1 and 2 processes.
- memory growth: bare spaCy and the full pipeline over 100 and over 1,000 articles (the
  corpus cycled); spaCy's own string store grows with new words, so the full pipeline's
  growth is judged against the bare one's.
- import and load: ``import extract; Extractor()`` in a new process, median of repeats.

Throughput is measured after a warm-up on the first documents (lazy lexicons, caches), in
wall-clock and CPU time (the process and its worker processes): on a busy machine the CPU
time ratio is the steadier one.
The publication date of an article is the ``YYYY-MM-DD`` in its file name, if any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from itertools import cycle, islice
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "data" / "polnear" / "train" / "text"
WARMUP = 20
TARGETS = {
    "full/bare throughput": ">= 0.85",
    "2 processes / 1 process (full)": ">= 1.8",
    "peak RSS 1,000 vs 100 articles": "flat",
    "import + model load": "<= 1.5 s",
}
_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


Item = tuple[str, str, str | None]


def read_corpus(folder: Path, size: int | None = None) -> list[Item]:
    """``(name, text, published)`` of the ``.txt`` files in ``folder`` in name order,
    cycled or cut to ``size`` documents."""
    items: list[Item] = []
    for path in sorted(folder.glob("*.txt")):
        found = _DATE.search(path.name)
        items.append((path.name, path.read_text(encoding="utf-8"), found and found.group()))
    return list(islice(cycle(items), size)) if size and items else items


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(started: tuple[float, float]) -> dict[str, float]:
    return {"seconds": time.perf_counter() - started[0], "cpu_seconds": _cpu() - started[1]}


def _now() -> tuple[float, float]:
    return time.perf_counter(), _cpu()


def _peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # KiB on Linux


def _run_bare(model: str, texts: list[str], batch_size: int, n_process: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(model)
    for _ in nlp.pipe(texts[:WARMUP], batch_size=batch_size):
        pass
    started = _now()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    return {**_timed(started), "tokens": tokens, "errors": 0}


def _run_full(model: str, items: list[Item], n_process: int) -> dict[str, Any]:
    from extract import Article, Extractor

    extractor = Extractor(model)
    options: dict[str, Any] = {}
    if n_process > 1:
        options["n_process"] = n_process

    def articles(part: list[Item]) -> list[Article]:
        return [Article(text=t, published=p, path=n) for n, t, p in part]

    for _ in extractor.extract_many(articles(items[:WARMUP])):
        pass
    started = _now()
    errors = size = 0
    for outcome in extractor.extract_many(articles(items), **options):
        if outcome.record is None:
            errors += 1
        else:
            size += len(outcome.record.model_dump_json())
    return {**_timed(started), "json_bytes": size, "errors": errors}


def _run_load(model: str) -> dict[str, Any]:
    started = _now()
    import extract

    extract.Extractor(model)
    return _timed(started)


def worker(args: argparse.Namespace) -> int:
    """Run one configuration in this process and print its measures as JSON."""
    if args.worker == "load":
        result = _run_load(args.model)
    else:
        items = read_corpus(args.corpus, args.limit)
        if args.worker == "bare":
            result = _run_bare(
                args.model, [t for _, t, _ in items], args.batch_size, args.n_process
            )
        else:
            result = _run_full(args.model, items, args.n_process)
        result["docs"] = len(items)
    result["peak_rss_mb"] = _peak_mb(resource.RUSAGE_SELF)
    result["peak_rss_children_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    print(json.dumps(result))
    return 0


def measure(
    kind: str, corpus: Path, size: int | None, n_process: int, model: str, batch_size: int
) -> dict[str, Any]:
    """Run one configuration in a fresh process and return its measures."""
    command = [sys.executable, "-m", "benchmarks.bench", "--worker", kind]
    command += ["--corpus", str(corpus), "--n-process", str(n_process)]
    command += ["--model", model, "--batch-size", str(batch_size)]
    if size:
        command += ["--limit", str(size)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=HERE.parent)
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} run failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} CPUs, {memory:.0f} GiB RAM, Python {platform.python_version()}"


CONFIGURATIONS = {
    "bare-1": "bare spaCy, 1 process",
    "full-1": "full pipeline, 1 process",
    "bare-2": "bare spaCy, 2 processes",
    "full-2": "full pipeline, 2 processes",
}


def run(
    corpus: Path,
    limit: int | None,
    *,
    repeats: int = 5,
    rounds: int = 1,
    growth: tuple[int, int] = (100, 1000),
) -> dict[str, Any]:
    """Run every configuration (``rounds`` times, interleaved, keeping the fastest run of
    each); returns the report."""
    from benchmarks.evaluate import code_commit
    from extract.pipeline import Extractor, resolve_model

    load_before = [round(x, 2) for x in os.getloadavg()]
    model = resolve_model(None)
    batch = inspect.signature(Extractor).parameters["batch_size"].default
    supports = "n_process" in inspect.signature(Extractor.extract_many).parameters
    texts = read_corpus(corpus, limit)
    chars = sum(len(t) for _, t, _ in texts)
    runs: dict[str, dict[str, Any]] = {}
    plan = [k for k in CONFIGURATIONS if supports or k != "full-2"]
    for i in range(rounds):
        for key in plan:
            kind, n = key.split("-")
            _log(f"round {i + 1}/{rounds}: {CONFIGURATIONS[key]}, {len(texts)} documents ...")
            result = measure(kind, corpus, limit, int(n), model, batch)
            if key not in runs or result["seconds"] < runs[key]["seconds"]:
                runs[key] = result
    memory: dict[tuple[str, int], float] = {}
    for kind in ("bare", "full"):
        for size in growth:
            _log(f"{kind} pipeline, peak memory with {size} documents ...")
            memory[kind, size] = measure(kind, corpus, size, 1, model, batch)["peak_rss_mb"]
    loads = []
    for i in range(repeats):
        _log(f"import + load {i + 1}/{repeats} ...")
        loads.append(measure("load", corpus, None, 1, model, batch))
    tokens = runs["bare-1"]["tokens"]

    def rate(key: str) -> dict[str, Any]:
        took = runs[key]["seconds"]
        return {
            "docs_per_s": round(len(texts) / took, 2),
            "tokens_per_s": round(tokens / took),
            "chars_per_s": round(chars / took),
            "seconds": round(took, 2),
            "cpu_seconds": round(runs[key]["cpu_seconds"], 2),
            "peak_rss_mb": runs[key]["peak_rss_mb"],
            "peak_rss_children_mb": runs[key]["peak_rss_children_mb"],
            "errors": runs[key]["errors"],
        }

    def ratio(slow: str, fast: str, measure: str = "seconds") -> float | None:
        if slow not in runs or fast not in runs:
            return None
        return round(float(runs[fast][measure]) / float(runs[slow][measure]), 3)

    small, large = growth
    summary = {
        "full/bare throughput, 1 process (wall clock)": ratio("full-1", "bare-1"),
        "full/bare throughput, 1 process (CPU time)": ratio("full-1", "bare-1", "cpu_seconds"),
        "full/bare throughput, 2 processes (wall clock)": ratio("full-2", "bare-2"),
        "2 processes / 1 process, bare (wall clock)": ratio("bare-2", "bare-1"),
        "2 processes / 1 process, full (wall clock)": ratio("full-2", "full-1"),
        **{
            f"peak RSS {kind}, {small} -> {large} articles (MB)": (
                f"{memory[kind, small]} -> {memory[kind, large]} "
                f"({memory[kind, large] - memory[kind, small]:+.1f})"
            )
            for kind in ("bare", "full")
        },
        "import + model load, median wall clock (s)": round(
            statistics.median(x["seconds"] for x in loads), 3
        ),
        "import + model load, median CPU time (s)": round(
            statistics.median(x["cpu_seconds"] for x in loads), 3
        ),
    }
    return {
        "meta": {
            "commit": code_commit(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": _machine(),
            "load_average_before": load_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "command": "python -m benchmarks.bench " + " ".join(sys.argv[1:]),
            "corpus": str(corpus),
            "documents": len(texts),
            "tokens": tokens,
            "chars": chars,
            "model": model,
            "batch_size": batch,
            "rounds": rounds,
            "n_process_supported": supports,
        },
        "throughput": {key: rate(key) if key in runs else None for key in CONFIGURATIONS},
        "summary": summary,
        "targets": TARGETS,
    }


def format_report(report: dict[str, Any]) -> str:
    """Render the report as Markdown tables."""
    lines = [
        "| configuration | docs/s | tokens/s | wall s | CPU s | peak RSS MB (main / worker) "
        "| errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, name in CONFIGURATIONS.items():
        row = report["throughput"].get(key)
        if row is None:
            lines.append(f"| {name} | n/a (not yet supported) | | | | | |")
            continue
        rss = f"{row['peak_rss_mb']} / {row['peak_rss_children_mb'] or '—'}"
        lines.append(
            f"| {name} | {row['docs_per_s']} | {row['tokens_per_s']} | {row['seconds']} "
            f"| {row['cpu_seconds']} | {rss} | {row['errors']} |"
        )
    lines += ["", "| measure | value |", "|---|---|"]
    for key, value in report["summary"].items():
        shown = "n/a (not yet supported)" if value is None else value
        lines.append(f"| {key} | {shown} |")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt")
    parser.add_argument("--limit", type=int, default=None, help="at most N documents")
    parser.add_argument("--repeats", type=int, default=5, help="import+load repeats [5]")
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each configuration, fastest kept [1]"
    )
    parser.add_argument(
        "--growth",
        default="100,1000",
        help="two corpus sizes (cycled) whose peak memory is compared [100,1000]",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    parser.add_argument("--worker", choices=("bare", "full", "load"), help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--model", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, default=16, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder at {args.corpus}")
    sizes = tuple(int(n) for n in args.growth.split(","))
    if len(sizes) != 2:
        parser.error("--growth takes two sizes, e.g. 100,1000")
    report = run(
        args.corpus,
        args.limit,
        repeats=args.repeats,
        rounds=args.rounds,
        growth=(sizes[0], sizes[1]),
    )
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
