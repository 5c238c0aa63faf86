"""Readers (txt, json, jsonl, html) that stream articles, and atomic writers for records."""

from __future__ import annotations

import glob
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

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


def read_file(name: str, path: Path | None) -> Iterator[Article | ReadError]:
    """Read one input; yields its articles and a `ReadError` for each bad part."""
    try:
        if path is None:
            data, fmt = sys.stdin.buffer.read(), "stdin"
        else:
            fmt = SUFFIXES.get(path.suffix.lower(), "")
            if not fmt:
                raise InputError(f"unsupported file type {path.suffix or '(none)'!r}")
            data = path.read_bytes()
        text, warnings = decode(data, name)
    except (InputError, OSError) as exc:
        yield ReadError(name, str(exc) if isinstance(exc, InputError) else exc.strerror or "")
        return
    try:
        if fmt in ("txt", "stdin"):
            meta = _sidecar(path) if path else {}
            base = _article({**meta, "text": text}, path=name, fmt=fmt, line=None)
            yield Article(**{**base.__dict__, "warnings": tuple(warnings)})
        elif fmt == "html":
            yield _read_html(text, name, warnings)
        elif fmt == "json":
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"malformed JSON: {exc}") from exc
            for i, item in enumerate(obj if isinstance(obj, list) else [obj], start=1):
                try:
                    yield _article(
                        item, path=name, fmt="json", line=i if isinstance(obj, list) else None
                    )
                except InputError as exc:
                    yield ReadError(name, str(exc), i if isinstance(obj, list) else None)
        else:
            for lineno, raw in enumerate(text.split("\n"), start=1):
                if not raw.strip():
                    continue
                try:
                    yield _article(json.loads(raw), path=name, fmt="jsonl", line=lineno)
                except json.JSONDecodeError as exc:
                    yield ReadError(name, f"malformed JSON: {exc.msg}", lineno)
                except InputError as exc:
                    yield ReadError(name, str(exc), lineno)
    except InputError as exc:
        yield ReadError(name, str(exc))


def read_articles(inputs: Iterable[str]) -> Iterator[Article | ReadError]:
    """Stream articles from files, folders, globs and ``-``; bad inputs become errors."""
    for name, path in expand_paths(inputs):
        yield from read_file(name, path)


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


def write_jsonl(records: Iterable[Record], handle: TextIO) -> int:
    """Write records one per line; returns how many were written."""
    count = 0
    for record in records:
        handle.write(record_json(record, indent=None))
        count += 1
    return count
