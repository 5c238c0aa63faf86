"""Loading the pipeline: the tokenizer read from disk without building spaCy's default first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from extract.pipeline import (
    DEFAULT_MODEL,
    DEFAULT_TOKENIZER,
    EMPTY_TOKENIZER,
    _tokenizer_overrides,
)


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the default pipeline's data folder (config, tokenizer, vocab, components)."""
    (config,) = spacy.util.get_package_path(DEFAULT_MODEL).glob("*/config.cfg")
    folder = tmp_path_factory.mktemp("model") / "pipeline"
    shutil.copytree(config.parent, folder)
    return folder


def test_pipeline_tokenizer_is_the_pipelines_own(nlp: Language) -> None:
    plain = spacy.load(DEFAULT_MODEL, exclude=[n for n in nlp.component_names])
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == plain.tokenizer.to_bytes(exclude=["vocab"])
    assert nlp.config["nlp"]["tokenizer"] == DEFAULT_TOKENIZER
    texts = ["Don't go to the U.S. at 5pm, e-mail info@example.org!", "They'll say: “No.”"]
    for text in texts:
        assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in plain.tokenizer(text)]


@pytest.mark.parametrize(
    ("change", "skips_default"),
    [
        ("none", True),
        ("other tokenizer", False),
        ("no saved tokenizer", False),
    ],
)
def test_pipeline_tokenizer_overrides_only_for_a_saved_default_tokenizer(
    model_folder: Path, tmp_path: Path, change: str, skips_default: bool
) -> None:
    folder = tmp_path / "pipeline"
    shutil.copytree(model_folder, folder)
    if change == "other tokenizer":
        config = folder / "config.cfg"
        text = config.read_text("utf-8").replace("spacy.Tokenizer.v1", "my.Tokenizer.v1")
        config.write_text(text, "utf-8")
    elif change == "no saved tokenizer":
        (folder / "tokenizer").unlink()
    expected = {"nlp.tokenizer": {"@tokenizers": EMPTY_TOKENIZER}} if skips_default else {}
    assert _tokenizer_overrides(str(folder)) == expected


def test_pipeline_tokenizer_overrides_for_an_installed_package() -> None:
    assert _tokenizer_overrides(DEFAULT_MODEL) == {
        "nlp.tokenizer": {"@tokenizers": EMPTY_TOKENIZER}
    }
