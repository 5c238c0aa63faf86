"""Smoke test of the accuracy harness on a tiny slice of the real corpora."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import evaluate
from benchmarks.corpora import read_cat

DATA = evaluate.DEFAULT_DATA
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"the development corpora are not at {DATA} (see the README)"
)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return evaluate.evaluate(DATA, evaluate.TASKS, limit=1, jobs=1)


@needs_data
def test_figures_gold_lines_up_with_the_rebuilt_texts() -> None:
    labelled = evaluate.read_figures_gold(evaluate.FIGURES_GOLD)
    docs = {d.name: d for d in read_cat(DATA / "esc-dev", DATA, "esc") if d.name in labelled}
    assert set(docs) == set(labelled)
    for name, items in labelled.items():
        figures = evaluate.gold_figures(docs[name], items)  # raises when offsets disagree
        words = [docs[name].text[f.start : f.end] for f in figures]
        assert all(w[:1].isdigit() or w[:1].isalpha() for w in words), words


@needs_data
@pytest.mark.slow
def test_evaluate_tiny_slice_scores_every_task(report: dict[str, Any]) -> None:
    rows = report["rows"]
    assert {r["task"] for r in rows} == set(evaluate.TASKS)
    assert report["meta"]["errors"] == 0
    for row in rows:
        for key in ("precision", "recall", "f1"):
            assert row[key] is None or 0.0 <= row[key] <= 1.0, row
        assert row["found"] <= row["gold"] and row["correct"] <= row["pred"], row
    dates = next(r for r in rows if r["task"] == "dates" and r["metric"] == "span relaxed")
    assert dates["gold"] > 0 and dates["pred"] > 0
    table = evaluate.format_table(rows)
    assert len(table.splitlines()) == len(rows) + 2


@needs_data
@pytest.mark.slow
def test_main_writes_the_report_as_json(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    argv = ["--data", str(DATA), "--only", "dates", "--limit", "1", "--jobs", "1"]
    assert evaluate.main([*argv, "--json", str(out)]) == 0
    written = json.loads(out.read_text("utf-8"))
    assert written["meta"]["tasks"] == ["dates"]
    assert {r["task"] for r in written["rows"]} == {"dates"}


def test_main_rejects_an_unknown_task() -> None:
    with pytest.raises(SystemExit) as exit_info:
        evaluate.main(["--only", "weather"])
    assert exit_info.value.code == 2


def _row(**changes: Any) -> dict[str, Any]:
    row = {
        "task": "dates",
        "corpus": "timebank",
        "subset": "ALL",
        "metric": "value",
        "gold": 10,
        "pred": 8,
        "found": 5,
        "correct": 5,
        "precision": 0.625,
        "recall": 0.5,
        "f1": 0.5556,
        "extra": {"value_acc": 0.5},
    }
    return {**row, **changes}


def test_format_table_shows_the_change_against_a_reference() -> None:
    table = evaluate.format_table([_row()], [_row(f1=0.5)])
    assert table.splitlines()[0].endswith("| notes | Δ |")
    assert table.splitlines()[-1] == (
        "| dates | timebank | ALL | value | 10 | 8 | 62.5 | 50.0 | 55.6 | value_acc=50.0 | +5.6 |"
    )
    recall_only = evaluate.format_table([_row(f1=None, recall=0.8)], [_row(f1=None, recall=0.75)])
    assert recall_only.endswith("| +5.0 R |")
    no_f1_before = evaluate.format_table([_row()], [_row(f1=None, recall=0.7)])
    assert no_f1_before.endswith("| -20.0 R |")
    assert evaluate.format_table([_row()], [_row(metric="span strict")]).endswith("| — |")
