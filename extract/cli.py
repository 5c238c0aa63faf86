"""Command line: ``conflict-extract PATH... [-o OUT]`` and ``conflict-extract schema``.

Exit codes: 0 every input succeeded, 1 some inputs failed, 2 bad arguments or setup.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from extract.article import Article, parse_date
from extract.errors import ExtractError
from extract.io import output_name, read_articles, record_json, write_atomic
from extract.pipeline import Extractor
from models import Record, json_schema_text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflict-extract",
        description="Extract entities, figures, quotes and dates from conflict news articles. "
        "Subcommand: `conflict-extract schema` prints the record's JSON Schema.",
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
        "--model",
        metavar="NAME",
        help="installed spaCy pipeline or path [best installed English one]",
    )
    parser.add_argument(
        "--batch-size", type=int, default=16, metavar="N", help="articles per nlp.pipe batch [16]"
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
    ]
    if record.warnings:
        parts.append(f"{len(record.warnings)} warning{'s' * (len(record.warnings) > 1)}")
    return ", ".join(parts)


def _where(article: Article) -> str:
    return f"{article.path}:{article.line}" if article.line else str(article.path)


class _JsonlSink:
    """Writes JSONL to stdout, or to a temporary file renamed into place at the end."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.tmp: Path | None = None
        self.handle: TextIO
        if target == "-":
            self.handle = sys.stdout
        else:
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            self.tmp, self.handle = Path(tmp), os.fdopen(fd, "w", encoding="utf-8")

    def write(self, record: Record) -> str:
        self.handle.write(record_json(record, indent=None))
        return self.target

    def close(self, ok: bool) -> None:
        if self.tmp is None:
            self.handle.flush()
            return
        self.handle.close()
        if ok:
            self.tmp.replace(self.target)
        else:
            self.tmp.unlink(missing_ok=True)


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
        extractor = Extractor(args.model, batch_size=args.batch_size)
    except ExtractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    failures: list[str] = []
    sink = None
    if args.format == "jsonl":
        target = args.output
        if target != "-" and not target.endswith(".jsonl"):
            target = str(Path(target) / "records.jsonl")
        sink = _JsonlSink(target)
    out_dir = Path(args.output)
    used: set[str] = set()
    done = 0
    outcomes = extractor.extract_many(read_articles(args.paths), published=published)
    bar = tqdm(outcomes, unit="article", file=sys.stderr, disable=args.quiet or None)
    try:
        for outcome in bar:
            if outcome.record is None:
                failures.append(f"{_where(outcome.article)}: {outcome.error}")
                print(f"FAIL {failures[-1]}", file=log)
                continue
            if sink is not None:
                dest = sink.write(outcome.record)
            else:
                name = output_name(outcome.article)
                if name in used:
                    name = f"{name[:-5]}-{outcome.record.id[:8]}.json"
                used.add(name)
                dest = str(out_dir / name)
                write_atomic(Path(dest), record_json(outcome.record))
            done += 1
            if not args.quiet:
                print(
                    f"OK   {_where(outcome.article)} -> {dest}: {_summary(outcome.record)}",
                    file=log,
                )
    finally:
        if sink is not None:
            sink.close(ok=True)
    print(f"{done + len(failures)} inputs: {done} ok, {len(failures)} failed", file=log)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["schema"]:
        sys.stdout.write(json_schema_text())
        return 0
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return _extract(args, sys.stderr if args.output == "-" else sys.stdout)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
