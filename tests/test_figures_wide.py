"""The wide figures gold set: reading, placing, halves and scoring, on hand-built inputs."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from benchmarks import evaluate, figures_candidates, figures_wide
from benchmarks.corpora import GoldDoc
from benchmarks.incidents import topic_half
from benchmarks.scoring import Counts
from benchmarks.splits import half_of

DATA = evaluate.DEFAULT_DATA
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"the development corpora are not at {DATA} (see the README)"
)

TEXT = "Quake kills 12. More than 22,000 refugees fled and several were hurt; no one is missing."


def label(start: int, end: int, value: int | None, category: str, **extra: Any) -> dict[str, Any]:
    return {
        "doc": "gwn/1.txt",
        "start": start,
        "end": end,
        "sha1": figures_wide.span_hash(TEXT[start:end]),
        "value": value,
        "category": category,
        "counted": extra.pop("counted", None),
        **extra,
    }


LABELS = [
    label(12, 14, 12, "killed"),  # "12"
    label(26, 32, 22000, "displaced", counted="refugees", qualifier="more than"),  # "22,000"
    label(51, 58, None, "injured", vague=True, exclude="fuzzy"),  # "several"
    label(70, 76, 0, "missing", exclude="zero"),  # "no one"
]


def figure(start: int, end: int, value: int | None, category: str, **extra: Any) -> Any:
    fields = {"vague": False, "counted": None, "low": None, "high": None, "mentions": []}
    fields.update(extra)
    return SimpleNamespace(start=start, end=end, value=value, category=category, **fields)


def test_span_hashes_are_where_the_labels_say() -> None:
    assert [TEXT[x["start"] : x["end"]] for x in LABELS] == ["12", "22,000", "several", "no one"]
    assert figures_wide.span_hash("12") == "7b52009b"


def test_read_wide_keeps_documents_read_without_labels(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    lines = [{"doc": "gwn/2.txt", "none": True}, *LABELS]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    read = figures_wide.read_wide(path)
    assert read["gwn/2.txt"] == []
    assert [x["start"] for x in read["gwn/1.txt"]] == [12, 26, 51, 70]


def test_read_wide_rejects_a_document_with_labels_and_none(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    lines = [LABELS[0], {"doc": "gwn/1.txt", "none": True}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    with pytest.raises(ValueError, match="has labels and 'none'"):
        figures_wide.read_wide(path)


def test_gold_figures_places_labels_and_leaves_excluded_ones_unscored() -> None:
    gold = figures_wide.gold_figures("gwn/1.txt", TEXT, LABELS)
    assert [(g.start, g.value, g.category, g.scored) for g in gold] == [
        (12, 12, "killed", True),
        (26, 22000, "displaced", True),
        (51, None, "injured", False),
        (70, 0, "missing", False),
    ]
    assert gold[2].vague and not gold[0].vague


@pytest.mark.parametrize(
    "change",
    [{"start": 11, "end": 13}, {"sha1": "00000000"}, {"end": len(TEXT) + 5}],
)
def test_gold_figures_fails_loudly_when_the_text_moved(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="text reconstruction changed"):
        figures_wide.gold_figures("gwn/1.txt", TEXT, [{**LABELS[0], **change}])


def test_gold_figures_rejects_an_unknown_exclusion() -> None:
    with pytest.raises(ValueError, match="unknown exclude"):
        figures_wide.gold_figures("gwn/1.txt", TEXT, [{**LABELS[0], "exclude": "maybe"}])


def test_groups_and_halves_follow_the_other_rows() -> None:
    esc = "esc-dev/20/20_1ecbplus.xml.xml"
    pol = "polnear/train/text/nyt_2016-09-03_x.txt"
    tml = "timebank-aquaint/TimeBank/wsj_0585.tml"
    assert [figures_wide.group_of(n) for n in (esc, tml, pol, "gwn/17.txt")] == list(
        figures_wide.GROUPS
    )
    assert figures_wide.half(esc) == topic_half(esc) == half_of("20")
    assert figures_wide.half("gwn/17.txt") == half_of("17.txt")
    assert figures_wide.half(pol) == half_of("nyt_2016-09-03_x")
    assert figures_wide.half(tml) == half_of("wsj_0585")
    with pytest.raises(ValueError):
        figures_wide.group_of("meantime/x.xml")


def test_predicted_counts_every_mention_of_a_merged_figure() -> None:
    mention = SimpleNamespace(start=40, end=42)
    record = SimpleNamespace(figures=[figure(12, 14, 12, "killed", mentions=[mention])])
    pred = figures_wide.predicted(record)
    assert [(p.start, p.end, p.value, p.category) for p in pred] == [
        (12, 14, 12, "killed"),
        (40, 42, 12, "killed"),
    ]
    assert figures_wide.predicted(None) == []


def test_score_counts_displaced_reads_bounds_and_skips_excluded_labels() -> None:
    record = SimpleNamespace(
        figures=[
            figure(12, 14, 12, "killed"),
            # "more than 22,000": no value, low 22,001; counted right
            figure(16, 41, None, "displaced", low=22001, counted="refugees"),
            figure(51, 58, None, "injured", vague=True),  # on a fuzzy label: not judged
            figure(70, 76, 0, "missing"),  # on a zero label: not judged
            figure(0, 5, 3, "arrested"),  # spurious
        ]
    )
    labelled = {"gwn/1.txt": LABELS, "gwn/2.txt": []}
    texts = {"gwn/1.txt": TEXT, "gwn/2.txt": "Nothing here.", "gwn/3.txt": "Not in the set."}
    total = figures_wide.score(texts, labelled, {"gwn/1.txt": record})
    assert set(total) == {("gwn", half_of("1.txt")), ("gwn", half_of("2.txt"))}
    scores = total[("gwn", half_of("1.txt"))]
    assert scores["span"] == Counts(gold=2, pred=3, found=2, correct=2)
    assert scores["value+category"] == Counts(gold=2, pred=3, found=2, correct=2)
    assert scores["value+counted"] == Counts(gold=1, pred=2, found=1, correct=1)


def test_wide_figure_rows_give_halves_and_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures_wide, "read_wide", lambda path: {"gwn/1.txt": LABELS})
    docs = [GoldDoc("geowebnews", "gwn/1.txt", TEXT, None)]
    rows = evaluate.wide_figure_rows(docs, {})
    keys = [(r["corpus"], r["subset"], r["metric"]) for r in rows]
    assert keys[:3] == [
        ("wide-gold", "tune", m) for m in ("span", "value+category", "value+counted")
    ]
    half = half_of("1.txt")
    span = {(r["corpus"], r["subset"]): r for r in rows if r["metric"] == "span"}
    assert span[("wide-gold", "ALL")]["gold"] == span[("wide-gold", half)]["gold"] == 2
    assert span[("wide-gwn", half)]["recall"] == 0.0
    assert ("wide-esc", "tune") not in span


def test_candidates_need_a_number_and_a_harm_or_people_word() -> None:
    text = "Two people were shot. The vote was 5 to 4. Police arrested three men.\nNo numbers."
    found = [text[s:e].strip() for s, e in figures_candidates.candidates(text)]
    assert found == ["Two people were shot.", "Police arrested three men."]
    strict = [text[s:e].strip() for s, e in figures_candidates.candidates(text, strict=True)]
    assert strict == ["Police arrested three men."]  # 'shot' alone does not choose
    assert figures_candidates.selected(GoldDoc("polnear-dev", "x", text, None))
    shot = GoldDoc("polnear-dev", "x", "Two people were shot.", None)
    assert not figures_candidates.selected(shot)
    assert figures_candidates.selected(GoldDoc("esc", "esc-dev/1/x", "Nothing.", None))


@needs_data
def test_wide_gold_lines_up_and_is_the_chosen_documents() -> None:
    labelled = figures_wide.read_wide(evaluate.FIGURES_GOLD_WIDE)
    docs = evaluate.load_gold(DATA, ["figures"], None)["figures-wide"]
    assert {d.name for d in docs} == set(labelled)
    for doc in docs:
        gold = figures_wide.gold_figures(doc.name, doc.text, labelled[doc.name])  # hash check
        assert all(doc.text[g.start : g.end][:1].isalnum() for g in gold)
        assert figures_candidates.selected(doc), doc.name
