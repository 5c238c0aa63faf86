"""Command line: ``conflict-extract PATH... [-o OUT]``, ``conflict-extract schema``, ``render``
and ``export``.

Exit codes: 0 every input succeeded, 1 some inputs failed, 2 bad arguments or setup.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from extract.article import Article, parse_date
from extract.errors import ExtractError
from extract.io import (
    JsonDirWriter,
    JsonlWriter,
    ReadError,
    StdoutWriter,
    TeeWriter,
    Writer,
    read_articles,
)
from extract.pipeline import MAX_CHARS, TIME_BUDGET, Extractor
from models import Record, json_schema_text


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _seconds(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, not {value}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflict-extract",
        description="Extract entities, figures, quotes, dates and events from conflict news "
        "articles. "
        "Subcommands: `conflict-extract schema` prints the record's JSON Schema; "
        "`conflict-extract render RECORDS... -o report.html` writes a review page; "
        "`conflict-extract export --format acled RECORDS... -o events.csv` writes the events "
        "as ACLED-layout CSV.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files (.txt .json .jsonl .html), folders (recursive), globs, or -",
    )
    parser.add_argument(
        "-o",
        "--output",
        default="out",
        help="output folder (json), file (jsonl) or - for stdout [out]",
    )
    parser.add_argument(
        "--format",
        choices=("json", "jsonl"),
        default="json",
        help="one JSON file per article, or one JSONL file [json]",
    )
    parser.add_argument(
        "--published",
        metavar="DATE",
        help="publication date for every article (overrides metadata and text)",
    )
    parser.add_argument(
        "--db",
        nargs="?",
        const="",
        metavar="URL",
        help="also load the records into a database (SQLAlchemy URL, e.g. "
        "postgresql://user@host/db); without URL: sqlite:///OUT/records.db",
    )
    parser.add_argument(
        "--model",
        metavar="NAME",
        help="installed spaCy pipeline or path [best installed English one]",
    )
    parser.add_argument(
        "--batch-size",
        type=_positive,
        default=16,
        metavar="N",
        help="articles per nlp.pipe batch [16]",
    )
    parser.add_argument(
        "--workers", type=_positive, default=1, metavar="N", help="worker processes [1]"
    )
    parser.add_argument(
        "--max-chars",
        type=_positive,
        default=MAX_CHARS,
        metavar="N",
        help=f"refuse articles longer than N characters [{MAX_CHARS:,}]",
    )
    parser.add_argument(
        "--time-budget",
        type=_seconds,
        default=TIME_BUDGET,
        metavar="S",
        help="fail an article that takes longer than S seconds in the tokenizer and the "
        f"extractors; 0: no limit [{TIME_BUDGET:g}]",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="redo articles whose records already exist (default: skip them, so an "
        "interrupted batch resumes)",
    )
    parser.add_argument(
        "--fail-fast", action="store_true", help="stop at the first input that fails"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no per-file lines"
    )
    return parser


def _summary(record: Record) -> str:
    parts = [
        f"{len(record.entities)} entities",
        f"{len(record.figures)} figures",
        f"{len(record.quotes)} quotes",
        f"{len(record.dates)} dates",
        f"{len(record.events)} event{'s' * (len(record.events) != 1)}",
    ]
    if record.warnings:
        parts.append(f"{len(record.warnings)} warning{'s' * (len(record.warnings) > 1)}")
    return ", ".join(parts)


def _where(article: Article) -> str:
    return f"{article.path}:{article.line}" if article.line else str(article.path)


def _writer(args: argparse.Namespace) -> Writer:
    if args.output == "-":
        writer: Writer = StdoutWriter()
        folder = Path("out")
    elif args.format == "jsonl":
        target = Path(args.output)
        target = target if target.suffix == ".jsonl" else target / "records.jsonl"
        writer, folder = JsonlWriter(target), target.parent
    else:
        folder = Path(args.output)
        writer = JsonDirWriter(folder)
    if args.db is None:
        return writer
    if args.db == "":
        folder.mkdir(parents=True, exist_ok=True)
        args.db = f"sqlite:///{folder / 'records.db'}"
    from extract.db import DatabaseWriter

    return TeeWriter([writer, DatabaseWriter(args.db)])


def _extract(args: argparse.Namespace, log: TextIO) -> int:
    published = None
    if args.published:
        published = parse_date(args.published)
        if published is None:
            print(
                f"error: --published {args.published!r} is not a date (use YYYY-MM-DD)",
                file=sys.stderr,
            )
            return 2
    try:
        extractor = Extractor(
            args.model,
            batch_size=args.batch_size,
            max_chars=args.max_chars,
            time_budget=args.time_budget or None,
        )
        writer = _writer(args)
    except (ExtractError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    skipped = 0

    def todo() -> Iterator[Article | ReadError]:
        nonlocal skipped
        for item in read_articles(args.paths):
            if isinstance(item, Article) and not args.overwrite and writer.done(item):
                skipped += 1
                continue
            yield item

    failures: list[str] = []
    done = 0
    outcomes = extractor.extract_many(todo(), published=published, n_process=args.workers)
    try:
        for outcome in tqdm(outcomes, unit="article", file=sys.stderr, disable=args.quiet or None):
            if outcome.record is None:
                failures.append(f"{_where(outcome.article)}: {outcome.error}")
                print(f"FAIL {failures[-1]}", file=log)
                if args.fail_fast:
                    break
                continue
            dest = writer.write(outcome.article, outcome.record)
            done += 1
            if not args.quiet:
                print(
                    f"OK   {_where(outcome.article)} -> {dest}: {_summary(outcome.record)}",
                    file=log,
                )
    finally:
        writer.close()
    total = done + len(failures) + skipped
    line = f"{total} inputs: {done} ok, {len(failures)} failed"
    if skipped:
        line += f", {skipped} already done (skipped; --overwrite redoes them)"
    print(line, file=log)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["schema"]:
        sys.stdout.write(json_schema_text())
        return 0
    if argv[:1] == ["export"]:
        from extract.export import export_main

        return export_main(argv[1:])
    if argv[:1] == ["render"]:
        from extract.render.cli import render_main

        return render_main(argv[1:])
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return _extract(args, sys.stderr if args.output == "-" else sys.stdout)


def run() -> None:
    """Console-script entry point."""
    code = main()
    # the process ends here: the exit's garbage collection need not walk the model and the
    # lexicons (seconds of CPU for one short article); they are freed all the same
    gc.freeze()
    sys.exit(code)
