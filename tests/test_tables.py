"""Derived tables cached between processes (`extract.tables`)."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract import tables


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(tables.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in package folder whose files make the stamp."""
    root = tmp_path / "package"
    root.mkdir()
    (root / "rules.json").write_text("{}")
    monkeypatch.setattr(tables, "PACKAGE", root)
    tables._package_stamp.cache_clear()
    yield root
    tables._package_stamp.cache_clear()


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


TABLE = {"anna": ("female", 1), "john": ("male", None), "ids": [1, 2, 3], "on": True}


def test_tables_derived_once_then_read_back(folder: Path, package: Path) -> None:
    build = Builder(TABLE)
    assert tables.derived("names", build) == TABLE
    assert tables.derived("names", build) == TABLE
    assert build.calls == 1
    assert len(list(folder.glob("names-*.marshal"))) == 1


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        ("nothing", False),
        ("resource edited", True),
        ("module added", True),
        ("other package list", True),
        ("bytecode only", False),
    ],
)
def test_tables_derived_again_when_an_input_changes(
    folder: Path, package: Path, change: str, rebuilt: bool
) -> None:
    build = Builder(TABLE)
    tables.derived("names", build, ["pytest"])
    packages = ["pytest"]
    if change == "resource edited":
        (package / "rules.json").write_text('{"a": 1}')
    elif change == "module added":
        (package / "new.py").write_text("")
    elif change == "other package list":
        packages = ["pytest", "no-such-distribution"]
    elif change == "bytecode only":
        (package / "__pycache__").mkdir()
        (package / "__pycache__" / "new.cpython.pyc").write_bytes(b"")
    tables._package_stamp.cache_clear()
    tables.derived("names", build, packages)
    assert build.calls == 1 + rebuilt
    assert len(list(folder.glob("names-*.marshal"))) == 1  # the older version is dropped


def test_tables_switched_off_or_unwritable_folder_still_derive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: Path
) -> None:
    build = Builder(TABLE)
    monkeypatch.setenv(tables.CACHE_ENV, "")
    assert tables.cache_folder() is None
    assert tables.derived("names", build) == TABLE
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(tables.CACHE_ENV, str(blocker / "cache"))
    assert tables.derived("names", build) == TABLE
    assert build.calls == 2
    assert not (tmp_path / "cache").exists()


def test_tables_damaged_cache_file_is_derived_again(folder: Path, package: Path) -> None:
    build = Builder(TABLE)
    tables.derived("names", build)
    (cached,) = folder.glob("names-*.marshal")
    cached.write_bytes(b"\xff not marshal")
    assert tables.derived("names", build) == TABLE
    assert build.calls == 2


def test_tables_cached_copy_that_does_not_load_is_derived_again(
    folder: Path, package: Path
) -> None:
    build = Builder(TABLE)
    tables.derived("names", build, load=dict)
    (cached,) = folder.glob("names-*.marshal")
    cached.write_bytes(marshal.dumps(7))  # valid marshal data, not a table
    assert tables.derived("names", build, load=dict) == TABLE
    assert build.calls == 2
    assert tables.derived("names", build, load=dict) == TABLE  # the copy was replaced
    assert build.calls == 2


@pytest.mark.parametrize("damage", [b"", b"\x00\x01 garbage", b"x" * 10_000])
def test_tables_damaged_derived_file_is_derived_again(
    folder: Path, package: Path, damage: bytes
) -> None:
    def load(data: object) -> bytes:
        if not bytes(data).startswith(b"INDEX"):  # type: ignore[call-overload]
            raise ValueError("not an index")
        return bytes(data)  # type: ignore[call-overload]

    build = Builder(b"INDEX" + b"\x00" * 100)
    tables.derived_file("index", build, load=load)
    (cached,) = folder.glob("index-*.bin")
    cached.write_bytes(damage)
    assert tables.derived_file("index", build, load=load) == build.value
    assert build.calls == 2
    assert cached.read_bytes() == build.value


def test_tables_derived_file_is_mapped_from_the_cache(folder: Path, package: Path) -> None:
    build = Builder(b"\x00\x01 index bytes" * 100)
    first = tables.derived_file("index", build)
    second = tables.derived_file("index", build)
    assert first == build.value and bytes(second) == build.value
    assert not isinstance(second, bytes)  # a memory map of the cached file
    assert build.calls == 1


def test_tables_gazetteer_mapped_from_the_cache_is_the_resources(folder: Path) -> None:
    from importlib.resources import files

    import numpy as np

    from extract.entities.gazetteer import RESOURCE, Gazetteer, read_index

    _, expected = read_index(files("extract.resources").joinpath(RESOURCE).read_bytes())
    built, mapped = Gazetteer(), Gazetteer()  # the first derives, the second maps the cache
    assert len(list(folder.glob("gazetteer-*.bin"))) == 1
    for gazetteer in (built, mapped):
        for name, value in expected.items():
            got = gazetteer._a[name]
            assert np.array_equal(got, value) if isinstance(value, np.ndarray) else got == value
    assert [c.place.geonames_id for c in mapped.lookup("Osh")] == [
        c.place.geonames_id for c in built.lookup("Osh")
    ]
    assert mapped.lookup("Osh")


@pytest.mark.parametrize(
    ("configured", "xdg", "expected"),
    [
        ("/data/cache", "/xdg", "/data/cache"),
        ("", "/xdg", None),
        (None, "/xdg", "/xdg/conflict-extract"),
        (None, "relative/xdg", None),
    ],
)
def test_tables_cache_folder_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, configured: str | None, xdg: str, expected: str | None
) -> None:
    if configured is None:
        monkeypatch.delenv(tables.CACHE_ENV, raising=False)
    else:
        monkeypatch.setenv(tables.CACHE_ENV, configured)
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    folder = tables.cache_folder()
    assert (str(folder) if folder else None) == expected


def test_tables_damaged_gazetteer_cache_is_derived_again(folder: Path) -> None:
    from extract.entities.gazetteer import Gazetteer

    expected = [c.place.geonames_id for c in Gazetteer().lookup("Osh")]
    (cached,) = folder.glob("gazetteer-*.bin")
    cached.write_bytes(b"\xa9" * 100)  # the header no longer decodes
    assert [c.place.geonames_id for c in Gazetteer().lookup("Osh")] == expected
    assert cached.stat().st_size > 1_000_000
