"""Tables derived from data files, kept between processes in the user's cache folder.

A few tables are derived when the pipeline loads: forename genders from gender-guesser's
name list, demonyms from countryinfo and CLDR, the gazetteer's arrays from their compressed
file. Deriving them takes a large part of a cold start's time, and gives the same result
every time. `derived` and `derived_file` derive a table once and keep it in
``$CONFLICT_EXTRACT_CACHE`` (default: ``$XDG_CACHE_HOME/conflict-extract``, or
``~/.cache/conflict-extract``), under a key made of everything it may depend on: the
Python version, the size and modification time of every module and resource of this
package, and the versions of the packages it is derived from. Any change to one of them
derives the table again. Files are written atomically, so concurrent processes never read
half a table. Set ``CONFLICT_EXTRACT_CACHE`` to an empty value to derive every table in
every process; a folder that cannot be written has the same effect.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

CACHE_ENV = "CONFLICT_EXTRACT_CACHE"
PACKAGE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)
T = TypeVar("T")


def cache_folder() -> Path | None:
    """The folder of cached tables, or None when caching is switched off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"))
    return base / "conflict-extract" if base.is_absolute() else None  # no home folder


@cache
def _package_stamp() -> bytes:
    """What identifies this copy of the package's code and resources."""
    digest = hashlib.sha256(sys.version.encode())
    for root, folders, names in os.walk(PACKAGE):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            stat = os.stat(os.path.join(root, name))
            where = os.path.relpath(os.path.join(root, name), PACKAGE)
            digest.update(f"{where}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.digest()


@cache
def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"


def _path(name: str, packages: Sequence[str], suffix: str) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(_package_stamp())
    for package in packages:
        digest.update(f"{package}=={_version(package)}\n".encode())
    place = hashlib.sha256(str(PACKAGE).encode()).hexdigest()[:8]
    return folder / f"{name}-{place}-{digest.hexdigest()[:16]}{suffix}"


def _store(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and drop older versions of the same table."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*{path.suffix}"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("cannot cache %s: %s", path, exc)


def _keep(value: Any) -> Any:
    return value


def derived(
    name: str,
    build: Callable[[], Any],
    packages: Sequence[str] = (),
    load: Callable[[Any], T] = _keep,
) -> T:
    """``load`` of ``build()``'s table (plain dicts, lists, tuples, strings, numbers), read
    from the cache when the same inputs built it before; ``packages`` are the distributions it
    reads. A cached copy that cannot be read or loaded is derived again and replaced."""
    path = _path(name, packages, ".marshal")
    if path is not None:
        with suppress(Exception):  # any damage to a cached copy: derive it again
            return load(marshal.loads(path.read_bytes()))
    table = build()
    if path is not None:
        _store(path, marshal.dumps(table))
    return load(table)


def derived_file(
    name: str,
    build: Callable[[], bytes],
    packages: Sequence[str] = (),
    load: Callable[[Any], T] = _keep,
) -> T:
    """``load`` of ``build()``'s bytes, or of a read-only memory map of the cached copy (a
    buffer that numpy can read without copying). A cached copy that cannot be mapped or
    loaded is derived again and replaced."""
    path = _path(name, packages, ".bin")
    if path is not None:
        # any damage to a cached copy: derive it again
        with suppress(Exception), path.open("rb") as cached:
            return load(mmap.mmap(cached.fileno(), 0, access=mmap.ACCESS_READ))
    data = build()
    if path is not None:
        _store(path, data)
    return load(data)
