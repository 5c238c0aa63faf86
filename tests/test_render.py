"""The review view: highlights, item details, summary, escaping, page and `render` command."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from extract.cli import main
from extract.render import Review, amount, render_page, render_record
from extract.render.cli import read_records
from extract.render.highlights import Mark, highlight
from models import Record
from models.record import Figure

TEXT = (
    "KABUL — Gunmen killed at least 12 people in Herat on Monday, police said.\n\n"
    '"We will find them," said Ahmad Zia, the governor. Zia said more troops would come.'
)


def _at(part: str, text: str = TEXT, nth: int = 0) -> dict[str, Any]:
    """Offsets of the ``nth`` occurrence of ``part`` (found, not typed by hand)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def _record(**changes: Any) -> Record:
    data: dict[str, Any] = {
        "id": "abc123",
        "title": "Gunmen kill 12 in Herat",
        "published": {"date": "2010-07-16", "source": "cli"},
        "text": TEXT,
        "entities": [
            {
                "id": "E1",
                "label": "GPE",
                "name": "Herat",
                "mentions": [_at("Herat")],
                "geo": {
                    "geonames_id": 1139715,
                    "name": "Herat",
                    "country_code": "AF",
                    "latitude": 34.35,
                    "longitude": 62.2,
                    "feature": "city",
                },
            },
            {
                "id": "E2",
                "label": "PERSON",
                "name": "Ahmad Zia",
                "aliases": ["Zia"],
                "mentions": [_at("Ahmad Zia"), {**_at("Zia", nth=1), "kind": "alias"}],
                "roles": [_at("the governor")],
            },
        ],
        "figures": [
            {
                **_at("at least 12"),
                "id": "F1",
                "low": 12,
                "counted": "people",
                "category": "killed",
                "entity_ids": ["E1"],
                "date_id": "T1",
            }
        ],
        "quotes": [
            {
                "id": "Q1",
                "kind": "direct",
                "contents": [_at("We will find them,")],
                "cue": _at("said", nth=1),
                "speaker": {**_at("Ahmad Zia"), "entity_id": "E2", "name": "Ahmad Zia"},
            },
            {
                "id": "Q2",
                "kind": "indirect",
                "contents": [_at("more troops would come")],
                "speaker": {**_at("Zia", nth=1), "entity_id": "E2", "name": "Ahmad Zia"},
            },
        ],
        "dates": [
            {
                **_at("Monday"),
                "id": "T1",
                "value": "2010-07-12",
                "granularity": "day",
                "relative": True,
            }
        ],
    }
    return Record.model_validate({**data, **changes})


def _tree(html: str) -> Any:
    return lxml.html.fromstring(html)


def _tags(tree: Any) -> set[tuple[str, ...]]:
    """The highlight tags, as (label, item id)."""
    return {tuple(tag.text_content().split()) for tag in tree.find_class("ce-tag")}


def _item(tree: Any, label: str, ident: str) -> Any:
    """The panel entry a highlight tag links to."""
    for tag in tree.find_class("ce-tag"):
        if tuple(tag.text_content().split()) == (label, ident):
            (link,) = tag.iter("a")
            return tree.get_element_by_id(link.get("href")[1:])
    raise AssertionError(f"no tag {label} {ident}")


def test_render_record_tags_every_item_and_links_its_details() -> None:
    tree = _tree(render_record(_record()))
    assert _tags(tree) == {
        ("GPE", "E1"),
        ("PERSON", "E2"),
        ("killed", "F1"),
        ("quote", "Q1"),
        ("speaker", "Q1"),
        ("quote", "Q2"),
        ("speaker", "Q2"),
        ("date", "T1"),
    }
    person = _item(tree, "PERSON", "E2").text_content()
    assert "Ahmad Zia" in person and "the governor" in person and "2 (1 name, 1 alias)" in person
    assert "Herat, AF (city)" in _item(tree, "GPE", "E1").text_content()
    figure = _item(tree, "killed", "F1").text_content()
    assert "≥12 people" in figure and "Herat" in figure and "2010-07-12 (Monday)" in figure
    quote = _item(tree, "speaker", "Q1").text_content()
    assert "“Ahmad Zia” → Ahmad Zia (name)" in quote and "We will find them," in quote
    date = _item(tree, "date", "T1").text_content()
    assert "2010-07-12" in date and "day" in date and "relative" in date


def test_render_record_keeps_every_character_of_the_text() -> None:
    (text,) = _tree(render_record(_record())).find_class("ce-text")
    for tag in text.find_class("ce-tag"):
        tag.drop_tree()
    assert "".join(text.text_content().split()) == "".join(TEXT.split())
    assert len(text.find_class("spans")) == 2  # one block per paragraph


def test_render_record_stacks_overlapping_spans() -> None:
    (text,) = _tree(render_record(_record())).find_class("ce-text")
    bars = {  # a span's first token has a bar and a tag bar: count the bars' heights
        tok.text.strip(): len({bar.get("style") for bar in tok.find_class("ce-bar")})
        for tok in text.find_class("ce-tok")
    }
    assert bars["Ahmad"] == 2  # the speaker and the person
    assert bars["Herat"] == 1
    assert "Gunmen" not in bars


def test_highlight_keeps_spacing_around_marks() -> None:
    text = "The OSCE's envoy said so."
    html = highlight(text, [Mark(4, 8, "ORG", "E1", "x-e0"), Mark(11, 16, "PERSON", "E2", "x-e1")])
    assert "</span>'s " in html  # no space inserted between a highlight and what follows
    assert "</span> said so." in html


def test_highlight_splits_a_mark_over_paragraphs_and_ignores_empty_marks() -> None:
    text = "First part\n\nsecond part"
    html = highlight(text, [Mark(6, 19, "quote", "Q1", "x-q0"), Mark(3, 3, "date", "T1", "x-d0")])
    tree = _tree(f"<div>{html}</div>")
    assert len(tree.find_class("spans")) == 2
    assert [t.text_content().split() for t in tree.find_class("ce-tag")] == [["quote", "Q1"]] * 2


HOSTILE = (
    'Officials said <script>document.title="pwned"</script> <img src=x onerror=alert(1)> then.'
)
INJECTED = ("img", "u", "marquee")  # elements the view itself never writes


def _hostile() -> Record:
    script = _at("<script>", HOSTILE)
    return Record(
        id='"><script>alert(1)</script>',
        title="<script>alert('title')</script>",
        text=HOSTILE,
        entities=[
            {
                "id": 'E"><u>1',
                "label": "ORG",
                "name": "<script>alert('name')</script>",
                "mentions": [script],
            }
        ],
        quotes=[
            {
                "id": "<marquee>Q1",
                "kind": "direct",
                "contents": [_at("<img src=x onerror=alert(1)>", HOSTILE)],
                "speaker": {**_at("Officials", HOSTILE), "name": "<u>Officials</u>"},
            }
        ],
        warnings=["<script>alert('warning')</script>"],
    )


@pytest.mark.parametrize("assets", [True, False])
def test_render_record_escapes_text_names_and_ids(assets: bool) -> None:
    html = render_record(_hostile(), assets=assets)
    tree = _tree(f"<div>{html}</div>")
    scripts = [s.text for s in tree.iter("script")]
    assert len(scripts) == assets and "pwned" not in "".join(scripts)
    assert not list(tree.iter(*INJECTED))
    assert 'document.title="pwned"' in tree.text_content()
    assert "<script>alert('name')</script>" in tree.text_content()
    assert "<script>alert" not in html


def test_render_page_escapes_its_title() -> None:
    tree = _tree(render_page([_hostile()], title="<script>alert('page')</script>"))
    assert len(list(tree.iter("script"))) == 1
    assert tree.findtext(".//title") == "<script>alert('page')</script>"


def test_render_summary_counts_figures_per_category_and_quotes_per_speaker() -> None:
    (summary,) = _tree(render_record(_record())).find_class("ce-summary")
    rows = {
        row[0].text_content(): " ".join(row[1].text_content().split()) for row in summary.iter("tr")
    }
    assert rows == {
        "killed": "≥12 people Herat · 2010-07-12 (Monday)",
        "quoted": "Ahmad Zia ×2",
    }


def test_render_summary_says_when_there_is_nothing() -> None:
    tree = _tree(render_record(Record(id="empty", text="Nothing happened.")))
    assert tree.find_class("ce-summary")[0].text_content() == "No figures and no quotes."
    assert not tree.find_class("ce-tag")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": 52, "low": 52, "high": 52}, "52"),
        ({"low": 300}, "≥300"),
        ({"high": 9}, "≤9"),
        ({"low": 2000, "high": 9999, "vague": True}, "2,000–9,999"),
        ({"value": 40, "low": 30, "high": 50}, "40 (30–50)"),
        ({"value": 1500, "approximate": True}, "~1,500"),
        ({"value": 0, "negated": True}, "none"),
        ({}, "“dozens”"),
    ],
)
def test_amount(fields: dict[str, Any], expected: str) -> None:
    assert amount(Figure(id="F1", start=0, end=6, text="dozens", **fields)) == expected


def _csp_hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def test_render_page_is_self_contained_with_an_index() -> None:
    page = render_page([_record(), _record(title="Second")], title="Batch")
    tree = _tree(page)
    links = [a.get("href") for a in tree.find_class("ce-index")[0].iter("a")]
    assert links == ["#ce-r0", "#ce-r1"]
    assert [s.get("id") for s in tree.find_class("ce-record")] == ["ce-r0", "ce-r1"]
    assert len(list(tree.iter("style"))) == 1
    (script,) = tree.iter("script")
    (policy,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']")
    assert f"script-src 'sha256-{_csp_hash(script.text)}'" in policy.get("content")
    assert "default-src 'none'" in policy.get("content")
    assert not tree.xpath("//*[@src] | //link")
    assert not re.search(r"url\(|@import|https?://", page)


def test_render_page_fragment_and_review_for_notebooks(tmp_path: Path) -> None:
    records = [_record(), _record(title="Second")]
    fragment = render_page(records, standalone=False)
    assert not fragment.startswith("<!DOCTYPE") and "<style>" in fragment
    review = Review(records, title="Batch")
    assert review._repr_html_() == render_page(records, title="Batch", standalone=False)
    review.save(tmp_path / "review.html")
    assert (tmp_path / "review.html").read_text("utf-8") == render_page(records, title="Batch")


def test_record_displays_itself_in_notebooks() -> None:
    record = _record()
    assert record._repr_html_() == render_record(record)


def test_render_sample_record_tags_every_item(sample_record: Record) -> None:
    tags = _tags(_tree(render_record(sample_record)))
    r = sample_record
    expected = {(e.label, e.id) for e in r.entities} | {(f.category, f.id) for f in r.figures}
    expected |= {("quote", q.id) for q in r.quotes} | {(d.type.lower(), d.id) for d in r.dates}
    expected |= {("speaker", q.id) for q in r.quotes if q.speaker}
    assert expected <= tags


def _write(path: Path, *records: Record, lines: bool = False) -> str:
    if lines:
        path.write_text("".join(r.model_dump_json() + "\n" for r in records), "utf-8")
    else:
        path.write_text(records[0].model_dump_json(indent=2), "utf-8")
    return str(path)


def test_render_command_writes_one_page_from_json_jsonl_and_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = _write(tmp_path / "one.json", _record(title="One"))
    many = _write(tmp_path / "many.jsonl", _record(title="Two"), _record(title="Three"), lines=True)
    (tmp_path / "out").mkdir()
    _write(tmp_path / "out" / "four.json", _record(title="Four"))
    out = tmp_path / "report.html"
    assert main(["render", one, many, str(tmp_path / "out"), "-o", str(out)]) == 0
    tree = _tree(out.read_text("utf-8"))
    titles = [s.find(".//h2").text for s in tree.find_class("ce-record")]
    assert titles == ["One", "Two", "Three", "Four"]
    assert "4 records -> " in capsys.readouterr().out


def test_render_command_reports_bad_files_and_renders_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path / "good.json", _record())
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": ', "utf-8")
    mixed = tmp_path / "mixed.jsonl"
    wrong = _record().model_dump(mode="json") | {"text": "Other text."}
    mixed.write_text(_record().model_dump_json() + "\n" + json.dumps(wrong) + "\n", "utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("An article, not a record.", "utf-8")
    out = tmp_path / "report.html"
    code = main(["render", good, str(broken), str(mixed), str(notes), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert f"FAIL {broken}: malformed JSON" in err
    assert f"FAIL {mixed}:2: not a valid record" in err
    assert f"FAIL {notes}: not a record file" in err
    assert len(_tree(out.read_text("utf-8")).find_class("ce-record")) == 2


def test_render_command_without_any_record_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["render", str(tmp_path / "missing.json"), "-o", str(out)]) == 1
    assert not out.exists()
    assert main(["render"]) == 2


def test_read_records_accepts_a_json_list(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([_record().model_dump(mode="json")] * 2), "utf-8")
    assert [type(r) for r in read_records([str(path)])] == [Record, Record]
