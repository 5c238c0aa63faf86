"""Shared fixtures: the spaCy model is loaded once per test session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

from extract import Extractor
from extract.attrs import register_extensions
from models import Record

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "000_a49768b26f9b43e5.txt"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The full pipeline with the default model (never downloaded)."""
    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor: Extractor) -> Language:
    return extractor.nlp


@pytest.fixture(scope="session")
def blank() -> Language:
    """A blank English pipeline for rule tests on hand-built Docs."""
    register_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="session")
def sample_expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.with_suffix(".expected.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def sample_record(extractor: Extractor, sample_expected: dict[str, Any]) -> Record:
    """The sample article extracted with its real publication date."""
    return extractor.extract_text(SAMPLE.read_text("utf-8"), published=sample_expected["published"])
