"""The README's Python examples run as written, so they cannot rot."""

from __future__ import annotations

import re

import pytest

from extract import Extractor
from tests.conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.DOTALL)


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code: str, extractor: Extractor) -> None:
    exec(compile(code, "README.md", "exec"), {})
