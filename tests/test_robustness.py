"""Bad input gets a clear error, nothing is lost, nothing hangs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from extract import Article, ComponentError, ExtractError, Extractor
from extract.cli import main
from models import Record
from tests.conftest import ROOT, SAMPLE

NEWSY = st.sampled_from(
    [
        " ",
        "\n",
        "\n\n",
        ". ",
        ", ",
        '"',
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "'",
        "—",
        "-",
        "said",
        "told reporters",
        "according to",
        "he said",
        "She",
        "Mr.",
        "President",
        "John Smith",
        "Osh",
        "the OSCE",
        "(OSCE)",
        "Kyrgyzstan",
        "ALMATY, Kazakhstan —",
        "killed",
        "wounded",
        "at least",
        "more than",
        "fewer than",
        "thousands of",
        "dozens",
        "300",
        "1,200",
        "2.5 million",
        "two",
        "forty-five",
        "between 20 and 30",
        "20-30",
        "1991",
        "the 1990s",
        "last month",
        "next Thursday",
        "Friday night",
        "May",
        "may",
        "every Friday",
        "for three weeks",
        "10%",
        "$5",
        "17-year-old",
        "first",
        "Q3",
    ]
)
ARTICLE_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(NEWSY, max_size=80).map("".join),
    st.lists(st.one_of(NEWSY, st.text(max_size=5)), max_size=60).map("".join),
)


def _check_spans(record: Record) -> None:
    for path, span in record.spans():
        assert record.text[span.start : span.end] == span.text, path


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=ARTICLE_TEXT, published=st.sampled_from([None, "2010-07-16", "1999-12-31"]))
def test_robustness_any_text_gives_record_or_typed_error(
    extractor: Extractor, text: str, published: str | None
) -> None:
    try:
        record = extractor.extract_text(text, published=published)
    except ComponentError as exc:
        pytest.fail(f"an extractor failed on {text!r}: {exc}")
    except ExtractError:
        return
    _check_spans(record)
    assert Record.model_validate_json(record.model_dump_json()) == record


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=40),
    start=st.integers(min_value=-3, max_value=50),
    length=st.integers(min_value=-3, max_value=50),
    claimed=st.one_of(st.none(), st.text(max_size=5)),
)
def test_robustness_record_validation_checks_every_span(
    text: str, start: int, length: int, claimed: str | None
) -> None:
    end = start + length
    span_text = claimed if claimed is not None else text[max(start, 0) : max(end, 0)]
    data = {
        "id": "x",
        "text": text,
        "dates": [{"id": "T1", "start": start, "end": end, "text": span_text}],
    }
    try:
        record = Record.model_validate(data)
    except ValidationError:
        assert not (0 <= start <= end <= len(text) and text[start:end] == span_text)
        return
    _check_spans(record)


@pytest.mark.parametrize(
    "text",
    [
        '"""""""""""""""""""""',
        "“ ” “ “ ” ” « » „ “ ' ' ‘ ’",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 300 4,000 5.5",
        "!!! ??? ... ;;; --- ((( ))) [[[ ]]] *** ###",
        "\u200b\u200b\u200b \ufeff \u00a0\u00a0 \t\t",
        '"He said, "she said, "they said',
        "Osh " * 2000,
        "killed " * 3000,
    ],
    ids=[
        "quotes",
        "curly-quotes",
        "numbers",
        "punctuation",
        "invisible",
        "nested-open",
        "repeated-name",
        "repeated-word",
    ],
)
def test_robustness_odd_articles(extractor: Extractor, text: str) -> None:
    try:
        record = extractor.extract_text(text, published="2010-07-16")
    except ExtractError as exc:
        assert str(exc)
        return
    _check_spans(record)


def test_robustness_non_english_gets_warning_and_no_entities(extractor: Extractor) -> None:
    text = (
        "Die Polizei hat am Montag in Berlin drei Männer festgenommen, die einen Anschlag auf "
        "einen Weihnachtsmarkt geplant haben sollen. Nach Angaben der Staatsanwaltschaft "
        "wurden bei Durchsuchungen in Neukölln Waffen und Sprengstoff gefunden."
    )
    record = extractor.extract_text(text, published="2016-12-19")
    assert any("does not look like English" in w for w in record.warnings)
    assert (record.entities, record.figures, record.quotes, record.dates) == ([], [], [], [])


def test_robustness_failing_component_fails_only_its_article(extractor: Extractor) -> None:
    from extract import attrs

    component = extractor.nlp.get_pipe("conflict_figures")
    bomb = attrs.guarded("conflict_figures", lambda doc: 1 / 0 if "BOOM" in doc.text else doc)
    # an index into _components, which also holds the disabled components
    index = [name for name, _ in extractor.nlp._components].index("conflict_figures")
    extractor.nlp._components[index] = ("conflict_figures", bomb)  # test-only swap
    try:
        outcomes = list(
            extractor.extract_many(
                [
                    Article(text="Rebels took the town."),
                    Article(text="BOOM went the shell."),
                    Article(text="Troops left the town."),
                ]
            )
        )
    finally:
        extractor.nlp._components[index] = ("conflict_figures", component)
    assert [o.record is not None for o in outcomes] == [True, False, True]
    assert "conflict_figures failed: ZeroDivisionError" in (outcomes[1].error or "")


def test_robustness_huge_article_refused_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.txt"
    paragraph = SAMPLE.read_text("utf-8").split("\n\n", 4)[-1]
    big.write_text("\n\n".join([paragraph] * (10_000_000 // len(paragraph) + 1)), "utf-8")
    (tmp_path / "ok.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    assert main([str(tmp_path), "-o", str(tmp_path / "out"), "-q"]) == 1
    log = capsys.readouterr().out
    assert "big.txt: the article has 10," in log and "--max-chars" in log
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["ok.json"]


def test_robustness_invalid_published_is_an_item_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"text": "Rebels took the town.", "published": "the day after"},
        {"text": "Troops left the town.", "published": "2011-03-07"},
    ]
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(line) for line in lines), "utf-8")
    assert main([str(src), "-o", str(tmp_path / "out"), "-q"]) == 1
    assert "a.jsonl:1: invalid published date 'the day after'" in capsys.readouterr().out
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.2.json"]


def test_robustness_fail_fast_stops_at_first_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    assert main([str(tmp_path), "-o", str(tmp_path / "out"), "-q", "--fail-fast"]) == 1
    assert not (tmp_path / "out" / "b.json").exists()
    assert "1 inputs: 0 ok, 1 failed" in capsys.readouterr().out


def test_robustness_no_catastrophic_backtracking() -> None:
    """Every regex in the package and its resources, on adversarial strings, in a time box."""
    probe = Path(__file__).with_name("regex_probe.py")
    try:
        result = subprocess.run(
            [sys.executable, str(probe)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        last = (exc.stdout or b"").decode().strip().splitlines()[-1:]
        pytest.fail(f"a pattern hangs; last finished: {last}")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert int(lines[0]) >= 5
    slow = [line for line in lines[1:] if float(line.split()[0]) > 5.0]
    assert not slow, slow
