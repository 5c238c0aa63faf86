"""Golden tests: what must and must not be extracted from the sample article.

The expectations live next to the article (samples/*.expected.json) and were checked by
hand against its text.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from models import Entity, Record
from tests.conftest import SAMPLE

EXPECTED: dict[str, Any] = json.loads(SAMPLE.with_suffix(".expected.json").read_text("utf-8"))


def _entity(record: Record, name: str) -> Entity | None:
    return next((e for e in record.entities if e.name == name), None)


def test_sample_title_and_dateline(sample_record: Record) -> None:
    assert sample_record.title == EXPECTED["title"]
    assert sample_record.dateline is not None
    assert sample_record.dateline.text == EXPECTED["dateline"]["text"]
    place = _entity(sample_record, EXPECTED["dateline"]["entity"])
    assert place is not None and sample_record.dateline.entity_id == place.id


def test_sample_published_from_cli(sample_record: Record) -> None:
    assert sample_record.published.date is not None
    assert sample_record.published.date.isoformat() == EXPECTED["published"]
    assert sample_record.published.source == "cli"


def test_sample_published_from_text_warns(extractor: Any) -> None:
    record = extractor.extract_text(SAMPLE.read_text("utf-8"))
    assert record.published.source == "text"
    assert record.published.date.isoformat() == "2016-07-27"
    assert any("2016-07-27" in w for w in record.warnings)
    assert "Last Updated" not in record.text


@pytest.mark.parametrize("case", EXPECTED["entities"]["must"], ids=lambda c: c["name"])
def test_sample_entity_must(sample_record: Record, case: dict[str, Any]) -> None:
    entity = _entity(sample_record, case["name"])
    assert entity is not None, f"no entity named {case['name']!r}"
    assert entity.label == case["label"]
    for alias in case.get("aliases", []):
        assert alias in entity.aliases
    if "country_code" in case:
        assert entity.geo is not None and entity.geo.country_code == case["country_code"]
    if "role" in case:
        assert any(case["role"] in role.text for role in entity.roles), entity.roles


@pytest.mark.parametrize("text", EXPECTED["entities"]["must_not"])
def test_sample_entity_must_not(sample_record: Record, text: str) -> None:
    names = {e.name for e in sample_record.entities}
    forms = {m.text for e in sample_record.entities for m in e.mentions}
    assert text not in names | forms


@pytest.mark.parametrize("case", EXPECTED["figures"]["must"], ids=lambda c: c["text_contains"])
def test_sample_figure_must(sample_record: Record, case: dict[str, Any]) -> None:
    word = re.compile(rf"\b{re.escape(case['text_contains'])}\b")  # "10" is not in "102"
    found = [f for f in sample_record.figures if word.search(f.text)]
    assert found, f"no figure with {case['text_contains']!r}"
    figure = found[0]
    for key in ("value", "low", "high", "vague", "counted", "category", "modality"):
        if key in case:
            assert getattr(figure, key) == case[key], (key, figure)


@pytest.mark.parametrize("text", EXPECTED["figures"]["must_not_text"])
def test_sample_figure_must_not(sample_record: Record, text: str) -> None:
    assert all(f.text != text for f in sample_record.figures)


@pytest.mark.parametrize("case", EXPECTED["quotes"]["must"], ids=lambda c: c["content_starts"][:20])
def test_sample_quote_must(sample_record: Record, case: dict[str, Any]) -> None:
    found = [
        q
        for q in sample_record.quotes
        if q.contents[0].text.lstrip('"“ ').startswith(case["content_starts"])
    ]
    assert found, f"no quote starting {case['content_starts']!r}"
    quote = found[0]
    assert quote.kind == case["kind"]
    assert quote.speaker is not None and quote.speaker.name == case["speaker"]
    if "resolution" in case:
        assert quote.speaker.resolution == case["resolution"]
    if "contents" in case:
        assert len(quote.contents) == case["contents"]


@pytest.mark.parametrize("case", EXPECTED["dates"]["must"], ids=lambda c: c["text"])
def test_sample_date_must(sample_record: Record, case: dict[str, Any]) -> None:
    found = [d for d in sample_record.dates if d.text == case["text"]]
    assert found, f"no date {case['text']!r}"
    for date in found:
        assert date.value == case["value"]
        assert date.granularity == case["granularity"]


def test_sample_date_must_not(sample_record: Record) -> None:
    texts = {d.text for d in sample_record.dates}
    values = {d.value for d in sample_record.dates}
    assert not texts & set(EXPECTED["dates"]["must_not_text"])
    assert not values & set(EXPECTED["dates"]["must_not_value"])


@pytest.mark.parametrize("case", EXPECTED["events"]["must"], ids=lambda c: c["type"])
def test_sample_event_must(sample_record: Record, case: dict[str, Any]) -> None:
    names = {e.id: e.name for e in sample_record.entities}
    found = [
        v
        for v in sample_record.events
        if v.type == case["type"] and v.killed is not None and v.killed.low == case["killed_low"]
    ]
    assert len(found) == 1, sample_record.events
    event = found[0]
    assert event.main is case["main"]
    assert set(case["places"]) <= {names[i] for i in event.place_ids}


def test_sample_event_must_not(sample_record: Record) -> None:
    names = {e.id: e.name for e in sample_record.entities}
    expected = EXPECTED["events"]
    assert not {v.type for v in sample_record.events} & set(expected["must_not_types"])
    places = {names[i] for v in sample_record.events for i in v.place_ids}
    assert not places & set(expected["must_not_places"])
