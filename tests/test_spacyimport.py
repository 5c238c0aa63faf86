"""spaCy imported without spacy.cli, which still loads on first use (`extract.spacyimport`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _run(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_spacyimport_import_extract_loads_no_command_line() -> None:
    code = "import sys, extract; print(*sorted(m for m in sys.modules if '.' not in m))"
    loaded = set(_run(code))
    assert "spacy" in loaded and "thinc" in loaded
    assert not loaded & {"typer", "weasel", "requests", "jinja2", "click"}
    deferred = _run("import sys, extract; print(*sorted(m for m in sys.modules if 'cli' in m))")
    assert not [m for m in deferred if m.startswith("spacy.cli")]


@pytest.mark.parametrize(
    ("use", "expected"),
    [
        ("import spacy.cli; print(spacy.cli.info.__module__)", "spacy.cli.info"),
        ("import sys; print(spacy.info is sys.modules['spacy.cli.info'].info)", "True"),
        ("from spacy.cli import download; print(download.__name__)", "download"),
        ("from spacy import info; print(info.__module__)", "spacy.cli.info"),
        ("print(callable(spacy.cli.download))", "True"),
        ("print(hasattr(spacy, 'no_such_name'))", "False"),
    ],
)
def test_spacyimport_command_line_still_loads_on_first_use(use: str, expected: str) -> None:
    assert _run(f"import extract, spacy; {use}")[-1] == expected


@pytest.mark.parametrize(("before", "after"), [("", "True"), ("gc.disable(); ", "False")])
def test_spacyimport_leaves_garbage_collection_as_it_was(before: str, after: str) -> None:
    code = f"import gc; {before}import extract; print(gc.isenabled(), gc.get_freeze_count() > 0)"
    assert _run(code) == [after, "True"]
