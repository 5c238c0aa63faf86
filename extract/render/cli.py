"""``conflict-extract render RECORDS... -o report.html``: record files to one review page."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from pydantic import ValidationError

from extract.errors import InputError
from extract.io import ReadError, decode, expand_paths, write_atomic
from extract.render import render_page
from models import Record


def _invalid(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"not a valid record: {where}: {first['msg']}{more}"


def _parse_records(text: str, name: str, *, lines: bool) -> Iterator[Record | ReadError]:
    """Records in JSON lines, or in one JSON document (an object or a list of them)."""
    numbered: list[tuple[int | None, object]] = []
    if lines:
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                numbered.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                yield ReadError(name, f"malformed JSON: {exc.msg}", n)
    else:
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadError(name, f"malformed JSON: {exc}")
            return
        numbered = list(enumerate(whole, 1)) if isinstance(whole, list) else [(None, whole)]
    for at, obj in numbered:
        try:
            yield Record.model_validate(obj)
        except ValidationError as exc:
            yield ReadError(name, _invalid(exc), at)


def read_records(inputs: Iterable[str]) -> Iterator[Record | ReadError]:
    """Stream records from .json/.jsonl files, folders, globs and ``-`` (JSON lines).

    Each unreadable file, line or invalid record becomes a `ReadError`; the rest goes on.
    """
    for name, path in expand_paths(inputs):
        try:
            if path is not None and path.suffix.lower() not in (".json", ".jsonl"):
                raise InputError(f"not a record file (.json or .jsonl): {path.name}")
            data = sys.stdin.buffer.read() if path is None else path.read_bytes()
            text, _ = decode(data, name)
        except InputError as exc:
            yield ReadError(name, str(exc))
            continue
        except OSError as exc:
            yield ReadError(name, exc.strerror or str(exc))
            continue
        yield from _parse_records(text, name, lines=path is None or path.suffix.lower() == ".jsonl")


def collect_records(inputs: Iterable[str]) -> tuple[list[Record], int]:
    """Read every record of ``inputs``, printing a ``FAIL`` line per unreadable item to
    standard error (the command-line side of `read_records`); returns the records and the
    number of failures."""
    records: list[Record] = []
    failed = 0
    for item in read_records(inputs):
        if isinstance(item, ReadError):
            failed += 1
            print(f"FAIL {item}", file=sys.stderr)
        else:
            records.append(item)
    return records, failed


def render_main(argv: Sequence[str]) -> int:
    """``conflict-extract render RECORDS... -o report.html``; returns the exit code.

    Exit codes: 0 every record file was read, 1 some were bad (the rest is rendered),
    2 bad arguments.
    """
    parser = argparse.ArgumentParser(
        prog="conflict-extract render",
        description="Write records as a self-contained HTML review page.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="RECORDS", help="record files (.json, .jsonl), folders, or -"
    )
    parser.add_argument(
        "-o", "--output", default="report.html", help="HTML file or - [report.html]"
    )
    parser.add_argument("--title", default="conflict-extract review", help="page title")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    records, failed = collect_records(args.paths)
    if not records:
        print("error: no record to render", file=sys.stderr)
        return 1
    page = render_page(records, title=args.title)
    if args.output == "-":
        sys.stdout.write(page)
    else:
        write_atomic(Path(args.output), page)
        print(f"{len(records)} records -> {args.output}" + (f", {failed} failed" if failed else ""))
    return 1 if failed else 0
