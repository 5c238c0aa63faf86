"""Speed and memory of the full pipeline against bare spaCy on the same texts.

    python -m benchmarks.bench [--corpus DIR] [--growth-corpus DIR] [--json benchmarks/bench.json]

Every configuration runs in a fresh Python process, so peak memory (``ru_maxrss``) and
warm caches never carry over from one to the next:

- first record: the CLI on one short article (``python -m extract ARTICLE``, the whole
  process from its start), and the library from ``import extract`` to the first
  ``extract_text`` record (import, model load and first article reported apart; the
  next article of the same length shows what the first one paid once).
- end to end, both timed from process start: the CLI over the corpus folder
  (``--format jsonl``) against a bare spaCy process (``spacy.load`` of the model the
  extractor uses with its default components, ``nlp.pipe`` over the same texts, same
  batch size).
- steady state: ``bare``, ``nlp.pipe`` over the texts after a warm-up, against ``full``,
  ``Extractor().extract_many`` over the same texts as articles after the same warm-up,
  every record serialized to JSON; with 1 and 2 processes.
- memory growth: bare spaCy and the full pipeline over 100 and over 1,000 articles of the
  growth corpus (cycled); spaCy's own string store grows with new words, so the full
  pipeline's growth is judged against the bare one's.
- import and load: ``import extract; Extractor()`` in a new process, median of repeats.

The package's modules are byte-compiled first (``compileall``, as ``pip install`` does), so a
checkout run with ``PYTHONDONTWRITEBYTECODE`` is measured as an installed package runs. The
first records are measured with the derived-table cache (`extract.tables`) filled by the runs
before them, as every run after the first one after installing finds it; one more CLI run with
an empty cache folder shows what that first run pays.

Times are wall clock and CPU time (the process and its worker processes): on a busy
machine the CPU time ratio is the steadier one. Ratios are full/bare throughput (bare
seconds / full seconds): above 1 the full pipeline is faster than bare spaCy.
The publication date of an article is the ``YYYY-MM-DD`` in its file name, if any.
"""

from __future__ import annotations

import argparse
import compileall
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
import tempfile
import time
from collections.abc import Sequence
from itertools import cycle, islice
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
POLNEAR = HERE.parent.parent / "shared" / "data" / "polnear"
DEFAULT_CORPUS = POLNEAR / "dev" / "text"
DEFAULT_GROWTH_CORPUS = POLNEAR / "train" / "text"
DEFAULT_SHORT = next(iter(sorted((HERE.parent / "samples").glob("*.txt"))), None)
WARMUP = 20
TARGETS = {
    "first record, CLI cold process": "< 3 s",
    "first record, library from import extract": "< 2.5 s",
    "full/bare throughput, end to end": ">= 0.90",
    "2 processes / 1 process (full)": ">= 1.8",
    "peak RSS 1,000 vs 100 articles": "flat",
}
# a bare spaCy process as a user would write it: load, pipe the texts, count tokens
BARE_SCRIPT = """
import sys
from pathlib import Path
import spacy
nlp = spacy.load(sys.argv[1])
texts = (p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt")))
print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=int(sys.argv[3]))))
"""
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


def _run_first(model: str, short: Path) -> dict[str, Any]:
    """``import extract`` to the first record, in steps; then one more article."""
    text = short.read_text(encoding="utf-8")
    started = step = _now()
    steps: dict[str, Any] = {}

    def lap(name: str) -> None:
        nonlocal step
        steps[name] = _timed(step)
        step = _now()

    import extract

    lap("import")
    extractor = extract.Extractor(model)
    lap("load")
    extractor.extract_text(text)
    lap("first_article")
    total = _timed(started)
    extractor.extract_text(text + "\n")  # not the same text: nothing cached by id
    lap("next_article")
    return {**total, "steps": steps}


def worker(args: argparse.Namespace) -> int:
    """Run one configuration in this process and print its measures as JSON."""
    if args.worker == "load":
        result = _run_load(args.model)
    elif args.worker == "first":
        result = _run_first(args.model, args.short)
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
    kind: str,
    corpus: Path,
    size: int | None,
    n_process: int,
    model: str,
    batch_size: int,
    short: Path | None = None,
) -> dict[str, Any]:
    """Run one configuration in a fresh process and return its measures."""
    command = [sys.executable, "-m", "benchmarks.bench", "--worker", kind]
    command += ["--corpus", str(corpus), "--n-process", str(n_process)]
    command += ["--model", model, "--batch-size", str(batch_size)]
    if size:
        command += ["--limit", str(size)]
    if short:
        command += ["--short", str(short)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=HERE.parent)
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} run failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def process(command: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``command`` as a new process (``env``: extra environment variables); its wall
    clock and CPU time from its start."""
    started = _now()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
        env={**os.environ, **env} if env else None,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} ... failed:\n{done.stderr[-2000:]}")
    return _timed(started)


def cli_command(paths: list[Path], out: Path, batch_size: int, model: str) -> list[str]:
    """The CLI as a user runs it, one JSONL file of records, no progress output."""
    command = [sys.executable, "-m", "extract", *map(str, paths), "-o", str(out), "-q"]
    return [*command, "--format", "jsonl", "--model", model, "--batch-size", str(batch_size)]


def end_to_end(
    corpus: Path, limit: int | None, model: str, batch_size: int
) -> dict[str, dict[str, Any]]:
    """Bare spaCy and the CLI over the ``corpus`` folder (its first ``limit`` texts), each a
    process timed from its start."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        for path in sorted(corpus.glob("*.txt"))[:limit]:
            (folder / path.name).symlink_to(path.resolve())
        bare = [sys.executable, "-c", BARE_SCRIPT, model, str(folder), str(batch_size)]
        return {
            "bare": process(bare),
            "full": process(cli_command([folder], Path(tmp) / "records.jsonl", batch_size, model)),
        }


def first_cli(
    short: Path, model: str, batch_size: int, *, empty_cache: bool = False
) -> dict[str, Any]:
    """The CLI on one short article: a cold process from start to exit (``empty_cache``: with
    an empty derived-table cache, as the first run after installing)."""
    from extract.tables import CACHE_ENV

    with tempfile.TemporaryDirectory() as tmp:
        env = {CACHE_ENV: str(Path(tmp) / "cache")} if empty_cache else None
        return process(cli_command([short], Path(tmp) / "records.jsonl", batch_size, model), env)


def compile_package() -> None:
    """Byte-compile the ``extract`` and ``models`` packages, as installing them does."""
    for package in ("extract", "models"):
        compileall.compile_dir(HERE.parent / package, quiet=1)


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


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(float(r[key]) for r in runs), 3)


def run(
    corpus: Path,
    limit: int | None,
    *,
    growth_corpus: Path | None = None,
    short: Path | None = DEFAULT_SHORT,
    repeats: int = 5,
    rounds: int = 1,
    growth: tuple[int, int] = (100, 1000),
) -> dict[str, Any]:
    """Run every configuration (``rounds`` times, interleaved, keeping the fastest run of
    each; first records and loads ``repeats`` times, the median); returns the report."""
    from benchmarks.evaluate import code_commit
    from extract.pipeline import Extractor, resolve_model

    load_before = [round(x, 2) for x in os.getloadavg()]
    compile_package()
    model = resolve_model(None)
    batch = inspect.signature(Extractor).parameters["batch_size"].default
    texts = read_corpus(corpus, limit)
    chars = sum(len(t) for _, t, _ in texts)
    runs: dict[str, dict[str, Any]] = {}

    def keep(key: str, result: dict[str, Any]) -> None:
        if key not in runs or result["seconds"] < runs[key]["seconds"]:
            runs[key] = result

    for i in range(rounds):
        _log(f"round {i + 1}/{rounds}: end to end, bare spaCy and the CLI, {len(texts)} documents")
        for kind, result in end_to_end(corpus, limit, model, batch).items():
            keep(f"e2e-{kind}", result)
        for key in CONFIGURATIONS:
            kind, n = key.split("-")
            _log(f"round {i + 1}/{rounds}: {CONFIGURATIONS[key]}, {len(texts)} documents ...")
            keep(key, measure(kind, corpus, limit, int(n), model, batch))
    memory: dict[tuple[str, int], float] = {}
    growth_corpus = growth_corpus or corpus
    for kind in ("bare", "full"):
        for size in growth:
            _log(f"{kind} pipeline, peak memory with {size} documents of {growth_corpus} ...")
            peak = measure(kind, growth_corpus, size, 1, model, batch)["peak_rss_mb"]
            memory[kind, size] = peak
    loads, firsts, clis = [], [], []
    for i in range(repeats):
        _log(f"import + load, first record (library, CLI) {i + 1}/{repeats} ...")
        loads.append(measure("load", corpus, None, 1, model, batch))
        if short is not None:
            firsts.append(measure("first", corpus, None, 1, model, batch, short))
            clis.append(first_cli(short, model, batch))
    empty = first_cli(short, model, batch, empty_cache=True) if short is not None else None
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

    def seconds(key: str, measure: str = "seconds") -> float | None:
        return round(runs[key][measure], 2) if key in runs else None

    small, large = growth
    summary: dict[str, Any] = {}
    if firsts:
        steps = {
            step: _median([f["steps"][step] for f in firsts], "seconds")
            for step in firsts[0]["steps"]
        }
        summary |= {
            "first record, CLI cold process, one short article (s)": _median(clis, "seconds"),
            "first record, CLI, CPU time (s)": _median(clis, "cpu_seconds"),
            "first record, CLI, empty table cache (first run after installing) (s)": (
                round(empty["seconds"], 3) if empty else None
            ),
            "first record, library from import extract (s)": _median(firsts, "seconds"),
            "first record, library, CPU time (s)": _median(firsts, "cpu_seconds"),
            "library: import / model load / first article / next article (s)": " / ".join(
                str(v) for v in steps.values()
            ),
        }
    summary |= {
        "end to end from process start: bare spaCy / CLI (s)": (
            f"{seconds('e2e-bare')} / {seconds('e2e-full')}" if "e2e-bare" in runs else None
        ),
        "full/bare throughput, end to end (wall clock)": ratio("e2e-full", "e2e-bare"),
        "full/bare throughput, end to end (CPU time)": ratio("e2e-full", "e2e-bare", "cpu_seconds"),
        "full/bare throughput, steady state, 1 process (wall clock)": ratio("full-1", "bare-1"),
        "full/bare throughput, steady state, 1 process (CPU time)": ratio(
            "full-1", "bare-1", "cpu_seconds"
        ),
        "full/bare throughput, steady state, 2 processes (wall clock)": ratio("full-2", "bare-2"),
        "2 processes / 1 process, bare (wall clock)": ratio("bare-2", "bare-1"),
        "2 processes / 1 process, full (wall clock)": ratio("full-2", "full-1"),
        **{
            f"peak RSS {kind}, {small} -> {large} articles (MB)": (
                f"{memory[kind, small]} -> {memory[kind, large]} "
                f"({memory[kind, large] - memory[kind, small]:+.1f})"
            )
            for kind in ("bare", "full")
        },
        "import + model load, median wall clock (s)": _median(loads, "seconds"),
        "import + model load, median CPU time (s)": _median(loads, "cpu_seconds"),
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
            "growth_corpus": str(growth_corpus),
            "short_article": str(short) if short else None,
            "documents": len(texts),
            "tokens": tokens,
            "chars": chars,
            "model": model,
            "batch_size": batch,
            "rounds": rounds,
            "repeats": repeats,
        },
        "throughput": {key: rate(key) for key in CONFIGURATIONS},
        "first_record": {"library": firsts, "cli": clis, "cli_empty_cache": empty},
        "end_to_end": {k: v for k, v in runs.items() if k.startswith("e2e-")},
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
        row = report["throughput"][key]
        rss = f"{row['peak_rss_mb']} / {row['peak_rss_children_mb'] or '—'}"
        lines.append(
            f"| {name} | {row['docs_per_s']} | {row['tokens_per_s']} | {row['seconds']} "
            f"| {row['cpu_seconds']} | {rss} | {row['errors']} |"
        )
    lines += ["", "| measure | value |", "|---|---|"]
    for key, value in report["summary"].items():
        lines.append(f"| {key} | {'n/a' if value is None else value} |")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt [PolNeAR dev]"
    )
    parser.add_argument(
        "--growth-corpus",
        type=Path,
        default=DEFAULT_GROWTH_CORPUS,
        help="folder of .txt for the memory growth runs [PolNeAR train]",
    )
    parser.add_argument(
        "--short", type=Path, default=DEFAULT_SHORT, help="the short article of the first record"
    )
    parser.add_argument("--limit", type=int, default=None, help="at most N documents")
    parser.add_argument(
        "--repeats", type=int, default=5, help="first record and import+load repeats [5]"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each configuration, fastest kept [1]"
    )
    parser.add_argument(
        "--growth",
        default="100,1000",
        help="two corpus sizes (cycled) whose peak memory is compared [100,1000]",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    parser.add_argument(
        "--worker", choices=("bare", "full", "load", "first"), help=argparse.SUPPRESS
    )
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
        growth_corpus=args.growth_corpus if args.growth_corpus.is_dir() else None,
        short=args.short,
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
