"""Readers (txt, json, jsonl, html) that stream articles, and atomic writers for records."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from extract.article import Article
from extract.errors import InputError
from models import Record

SUFFIXES = {".txt": "txt", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
SIDECARS = (".meta.json", ".expected.json")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ReadError:
    """An input (file or line) that could not be read as an article."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8 (BOM allowed), else detect the encoding and warn."""
    if not data.strip():
        raise InputError("empty input")
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        warnings = []
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError("undecodable bytes: not UTF-8 and no encoding detected") from None
        text = str(best)
        warnings = [f"{name}: not UTF-8; decoded as {best.encoding}"]
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def expand_paths(inputs: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Yield (shown name, path) for files, folders (recursive), globs; ``-`` is stdin."""
    for raw in inputs:
        if raw == "-":
            yield "-", None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUFFIXES
                    and not child.name.endswith(SIDECARS)
                ):
                    yield str(child), child
        elif path.exists():
            yield raw, path
        elif matches := sorted(glob.glob(raw, recursive=True)):
            yield from expand_paths(matches)
        else:
            yield raw, path  # reported as missing by the reader


def _article(obj: Any, *, path: str, fmt: str, line: int | None) -> Article:
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("the object has no non-empty 'text' field")
    published = obj.get("published") or obj.get("date")
    return Article(
        text=text.replace("\r\n", "\n"),
        title=obj.get("title") if isinstance(obj.get("title"), str) else None,
        published=str(published) if published else None,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
        path=path,
        format=fmt,  # type: ignore[arg-type]
        line=line,
        input_id=str(obj["id"]) if obj.get("id") is not None else None,
    )


def _read_html(text: str, path: str, warnings: list[str]) -> Article:
    import trafilatura

    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        raise InputError("no article text found in the HTML")
    return Article(
        text=body,
        title=getattr(extracted, "title", None),
        published=getattr(extracted, "date", None),
        published_source="html",
        url=getattr(extracted, "url", None),
        path=path,
        format="html",
        warnings=tuple(warnings),
    )


def _sidecar(path: Path) -> dict[str, Any]:
    meta = path.with_name(path.stem + SIDECARS[0])
    if not meta.is_file():
        return {}
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable metadata file {meta.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"metadata file {meta.name} is not a JSON object")
    return data


@dataclass(frozen=True)
class JsonlBlock:
    """Lines of a JSONL file: those starting at bytes ``start`` to ``end`` (the end of the file
    when None); the first is line number ``line``."""

    name: str
    path: Path
    start: int = 0
    end: int | None = None
    line: int = 1


def jsonl_blocks(name: str, path: Path, parts: int) -> list[JsonlBlock]:
    """Split a JSONL file into up to ``parts`` blocks of about equal size, at line starts.

    The file is read once here, to count the lines before each block, so that every block
    reports the right line numbers. A file of blank lines stays one block (an empty input).
    """
    size = path.stat().st_size
    targets = [size * k // parts for k in range(1, parts)]
    cuts: list[tuple[int, int]] = [(0, 1)]
    blank = True
    with path.open("rb") as handle:
        offset, line = 0, 1
        for raw in handle:
            if not targets and not blank:
                break
            blank = blank and not raw.strip()
            offset, line = offset + len(raw), line + 1
            if targets and targets[0] <= offset < size:
                cuts.append((offset, line))
                targets = [t for t in targets if t > offset]
    if blank:
        return [JsonlBlock(name, path)]
    ends: list[int | None] = [start for start, _ in cuts[1:]]
    return [
        JsonlBlock(name, path, start, end, first)
        for (start, first), end in zip(cuts, [*ends, None], strict=True)
    ]


def read_jsonl(block: JsonlBlock) -> Iterator[Article | ReadError]:
    """Stream a block of a JSONL file line by line, so a file of any size is never held in
    memory; a whole file (the default block) with no line is an "empty input" error."""
    name, empty = block.name, True
    with block.path.open("rb") as handle:
        handle.seek(block.start)
        offset = block.start
        for lineno, raw in enumerate(handle, start=block.line):
            if block.end is not None and offset >= block.end:
                break
            offset += len(raw)
            if not raw.strip():
                continue
            empty = False
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                yield _article(json.loads(line), path=name, fmt="jsonl", line=lineno)
            except UnicodeDecodeError:
                yield ReadError(name, "the line is not UTF-8 (JSON Lines must be)", lineno)
            except json.JSONDecodeError as exc:
                yield ReadError(name, f"malformed JSON: {exc.msg}", lineno)
            except InputError as exc:
                yield ReadError(name, str(exc), lineno)
    if empty and block.start == 0 and block.end is None:
        yield ReadError(name, "empty input")


def _read_json(text: str, name: str) -> Iterator[Article | ReadError]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc}") from exc
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items, start=1):
        line = i if isinstance(obj, list) else None
        try:
            yield _article(item, path=name, fmt="json", line=line)
        except InputError as exc:
            yield ReadError(name, str(exc), line)


def read_file(name: str, path: Path | None) -> Iterator[Article | ReadError]:
    """Read one input; yields its articles and a `ReadError` for each bad part."""
    try:
        if path is None:
            data, fmt = sys.stdin.buffer.read(), "stdin"
        else:
            fmt = SUFFIXES.get(path.suffix.lower(), "")
            if not fmt:
                raise InputError(f"unsupported file type {path.suffix or '(none)'!r}")
            if fmt == "jsonl":
                yield from read_jsonl(JsonlBlock(name, path))
                return
            data = path.read_bytes()
        text, warnings = decode(data, name)
    except (InputError, OSError) as exc:
        yield ReadError(name, str(exc) if isinstance(exc, InputError) else exc.strerror or "")
        return
    try:
        if fmt == "html":
            yield _read_html(text, name, warnings)
        elif fmt == "json":
            yield from _read_json(text, name)
        else:
            meta = _sidecar(path) if path else {}
            base = _article({**meta, "text": text}, path=name, fmt=fmt, line=None)
            yield Article(**{**base.__dict__, "warnings": tuple(warnings)})
    except InputError as exc:
        yield ReadError(name, str(exc))


def read_articles(inputs: Iterable[str]) -> Iterator[Article | ReadError]:
    """Stream articles from files, folders, globs and ``-``; bad inputs become errors."""
    for name, path in expand_paths(inputs):
        yield from read_file(name, path)


def article_key(article: Article) -> str | None:
    """The identity of an input article (path and line), or None for standard input."""
    if article.path in (None, "-"):
        return None
    return f"{article.path}:{article.line}" if article.line is not None else article.path


def output_name(article: Article) -> str:
    """A safe file name for an article's record: never a path outside the output folder."""
    stem = Path(article.path or "stdin").name
    for suffix in (".txt", ".jsonl", ".json", ".html", ".htm"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    if article.line is not None:
        stem = f"{stem}.{article.line}"
    stem = _UNSAFE.sub("_", stem).strip("._") or "article"
    return stem + ".json"


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record_json(record: Record, *, indent: int | None = 2) -> str:
    """Serialize a record as JSON."""
    return record.model_dump_json(indent=indent) + "\n"


class Writer(Protocol):
    """Where records go; `done` tells which articles a previous run finished."""

    def done(self, article: Article) -> bool: ...

    def write(self, article: Article, record: Record) -> str: ...

    def close(self) -> None: ...


class JsonDirWriter:
    """One JSON file per article in a folder; a file that exists is a finished article."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._owners: dict[str, str | None] = {}
        for stale in folder.glob(".*.json.*.tmp"):  # left by a killed run
            stale.unlink(missing_ok=True)

    def path_for(self, article: Article) -> Path:
        """The output path of ``article``; inputs with the same name get a hashed suffix."""
        name, key = output_name(article), article_key(article)
        if self._owners.setdefault(name, key) != key:
            digest = hashlib.sha1(str(key).encode()).hexdigest()[:8]
            name = f"{name[:-5]}-{digest}.json"
            self._owners.setdefault(name, key)
        return self.folder / name

    def done(self, article: Article) -> bool:
        """Whether a previous run already wrote this article's record."""
        return article_key(article) is not None and self.path_for(article).is_file()

    def write(self, article: Article, record: Record) -> str:
        """Write the record atomically; returns where."""
        path = self.path_for(article)
        write_atomic(path, record_json(record))
        return str(path)

    def close(self) -> None:
        """Nothing to flush: every file is complete when written."""


class JsonlWriter:
    """Appends one record per line; every line is written by a single system call.

    A run killed at any point leaves only whole lines (a torn last line from a full disk
    is cut off on the next start), and the records already there are skipped.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._done: set[str] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            data = path.read_bytes()
            complete = data[: data.rfind(b"\n") + 1]
            if len(complete) != len(data):
                with path.open("r+b") as handle:
                    handle.truncate(len(complete))
            for line in complete.splitlines():
                try:
                    source = json.loads(line).get("source", {})
                except ValueError:
                    continue
                self._done.add(
                    f"{source.get('path')}:{source.get('line')}"
                    if source.get("line") is not None
                    else str(source.get("path"))
                )
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def done(self, article: Article) -> bool:
        """Whether the file already holds this article's record."""
        return article_key(article) in self._done

    def write(self, article: Article, record: Record) -> str:
        """Append the record as one line."""
        os.write(self._fd, record_json(record, indent=None).encode("utf-8"))
        return str(self.path)

    def close(self) -> None:
        """Flush to disk and close."""
        os.fsync(self._fd)
        os.close(self._fd)


class TeeWriter:
    """Writes every record to several writers; an article is done when all have it."""

    def __init__(self, writers: list[Writer]) -> None:
        self.writers = writers

    def done(self, article: Article) -> bool:
        """Whether every writer already has this article."""
        return all(w.done(article) for w in self.writers)

    def write(self, article: Article, record: Record) -> str:
        """Write to each writer; returns where, joined by ' + '."""
        return " + ".join(w.write(article, record) for w in self.writers)

    def close(self) -> None:
        """Close every writer, even when one fails."""
        errors = []
        for writer in self.writers:
            try:
                writer.close()
            except Exception as exc:  # close the others before reporting
                errors.append(exc)
        if errors:
            raise errors[0]


class StdoutWriter:
    """Records as JSON lines on standard output (nothing is ever skipped)."""

    def done(self, article: Article) -> bool:
        """Standard output keeps no state between runs."""
        return False

    def write(self, article: Article, record: Record) -> str:
        """Print the record as one line."""
        sys.stdout.write(record_json(record, indent=None))
        return "-"

    def close(self) -> None:
        """Flush standard output."""
        sys.stdout.flush()
