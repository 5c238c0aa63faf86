"""Bad input gets a clear error, nothing is lost, nothing hangs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from extract import Article, ComponentError, ExtractError, Extractor
from extract.cli import main
from extract.errors import InputError, TimeBudgetError
from extract.text import MAX_RUN
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


def _check_no_extractor_failed(record: Record) -> None:
    failed = [w for w in record.warnings if "failed on this article" in w]
    assert not failed, f"an extractor failed on {record.text[:200]!r}: {failed}"


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
        pytest.fail(f"no record could be built for {text!r}: {exc}")
    except ExtractError:
        return
    _check_spans(record)
    _check_no_extractor_failed(record)
    assert Record.model_validate_json(record.model_dump_json()) == record


HOSTILE_RUN = st.tuples(
    st.sampled_from(['"', "“”", "'s", "7", "x", "\u0301", "\u200b", "a/", ",000", "«»"]),
    st.integers(min_value=1, max_value=600),
).map(lambda part: part[0] * part[1])
METADATA_DATE = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "2016-11-22",
            "Nov 22, 2016 4:30 PM MT",
            "8:56 AM, Dec 08, 2016 CT",
            "DEC. 14, 2016",
            "Wed Nov 23",
            "Updated 10:05 PM ET, Tue November 22, 2016",
            "0000-00-00",
            "99/99/9999",
        ]
    ),
    st.text(max_size=12),
)
HOSTILE_TEXT = st.lists(
    st.one_of(NEWSY, HOSTILE_RUN, st.text(max_size=5)), min_size=1, max_size=12
).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=3), published=METADATA_DATE)
def test_robustness_whole_extractor_on_hostile_text(
    extractor: Extractor, texts: list[str], published: str | None
) -> None:
    """Through `extract_many`: one outcome per article, a record unless there is no text, and
    no extractor failure, absurd run or unreadable metadata date loses it."""
    outcomes = list(extractor.extract_many(Article(text=t, published=published) for t in texts))
    assert [o.article.text for o in outcomes] == texts
    for outcome in outcomes:
        if outcome.record is None:
            assert isinstance(outcome.exception, InputError), outcome.error
            assert "no text" in str(outcome.exception) or "no body" in str(outcome.exception)
            continue
        record = outcome.record
        _check_spans(record)
        _check_no_extractor_failed(record)
        assert all(len(word) <= MAX_RUN for word in record.text.split())
        assert record.published.source in ("metadata", "none")
        assert (record.published.date is None) == (record.published.source == "none")
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


@contextmanager
def _swapped(extractor: Extractor, name: str, run: Callable[[Doc], Doc]) -> Iterator[None]:
    """Replace one component of the shared pipeline for the duration (test only)."""
    from extract import attrs

    index = [n for n, _ in extractor.nlp._components].index(name)  # disabled ones included
    component = extractor.nlp._components[index]
    extractor.nlp._components[index] = (name, attrs.guarded(name, run))
    try:
        yield
    finally:
        extractor.nlp._components[index] = component


@pytest.mark.parametrize("failing", ["conflict_entities", "conflict_dates", "conflict_figures"])
def test_robustness_failing_extractor_keeps_the_record(extractor: Extractor, failing: str) -> None:
    text = "Three people were killed in Osh on Friday, police spokesman Ivan Petrov said."
    real = extractor.nlp.get_pipe(failing)

    def bomb(doc: Doc) -> Doc:
        real(doc)  # store its items first: they must be taken back
        if "Osh" in doc.text:
            raise RuntimeError("boom")
        return doc

    with _swapped(extractor, failing, bomb):
        outcomes = list(
            extractor.extract_many(
                [Article(text=text, published="2010-06-12"), Article(text="Troops left Kabul.")]
            )
        )
    broken, other = (o.record for o in outcomes)
    assert broken is not None and other is not None
    assert [w for w in broken.warnings if "failed on this article" in w] == [
        f"{failing} failed on this article (RuntimeError: boom); its items were left out "
        "and the other extractors' kept (please report this)"
    ]
    kept = {
        "conflict_entities": broken.entities,
        "conflict_dates": broken.dates,
        "conflict_figures": broken.figures,
    }
    assert kept.pop(failing) == []
    assert all(kept.values()), kept  # what the others found is there
    assert broken.quotes and broken.quotes[0].cue is not None
    if failing != "conflict_figures":
        [figure] = broken.figures  # figures still run on what exists
        assert (figure.value, figure.category) == (3, "killed")
    assert not other.warnings


def test_robustness_time_budget_fails_only_the_slow_article(extractor: Extractor) -> None:
    from extract import attrs

    extractor.extract_text("Police said two men were arrested in Osh.")  # lazy lexicons first
    quick = Extractor(time_budget=3.0)

    def stall(doc: Doc) -> Doc:
        while "SLOW" in doc.text:  # a component loop that checks the deadline
            attrs.check_deadline(doc)
            time.sleep(0.01)
        return doc

    with _swapped(quick, "conflict_quotes", stall):
        outcomes = list(
            quick.extract_many(
                [Article(text="Rebels took the town."), Article(text="SLOW"), Article(text="Ok.")]
            )
        )
    assert [o.record is not None for o in outcomes] == [True, False, True]
    assert isinstance(outcomes[1].exception, TimeBudgetError)
    assert outcomes[1].error == (
        "the article took longer than its time budget of 3 s (in conflict_quotes); raise it "
        "with --time-budget"
    )


def test_robustness_time_budget_counts_the_tokenizer(extractor: Extractor) -> None:
    none_left = Extractor(time_budget=1e-9)
    with pytest.raises(TimeBudgetError, match="in the tokenizer"):
        none_left.extract_text("Rebels took the town.")


GOOD = "Three people were killed in Osh, Kyrgyzstan on Friday, police spokesman Ivan Petrov said."
HOSTILE = {
    "one-letter": "x" * 5_000,
    "quote-marks": '"' * 3_000,
    "curly-quotes": "“”«»„‘’" * 400,
    "apostrophe-s": "'s" * 1_500,
    "digits": "7" * 4_000,
    "combining": "a" + "\u0301" * 5_000,
    "zero-width": "\u200b" * 5_000,
    "slashes": "a/" * 2_000,
    "spaced-quotes": '" ' * 3_000,
    "huge-number": "Police fired 10,000,000,000,000 rounds.",
    "dateline-run": "OSH" * 100 + " — Police said so.",
    "scale-words": "They fired 7 million million million rounds.",
}


@pytest.mark.parametrize("where", ["after", "before"])
@pytest.mark.parametrize("ingredient", sorted(HOSTILE))
def test_robustness_hostile_input_keeps_the_good_facts(
    extractor: Extractor, ingredient: str, where: str
) -> None:
    """The good facts of the article survive; benchmarks/hostile.py measures the time."""
    junk = HOSTILE[ingredient]
    text = f"{GOOD}\n\n{junk}" if where == "after" else f"{junk}\n\n{GOOD}"
    record = extractor.extract_text(text, published="2016-11-22", title="Clashes in Osh")
    _check_spans(record)
    _check_no_extractor_failed(record)
    killed = [(f.value, f.category, f.counted) for f in record.figures if f.category == "killed"]
    assert killed == [(3, "killed", "people")]
    assert "Osh" in {e.name for e in record.entities}
    assert [d.value for d in record.dates if d.text == "Friday"] == ["2016-11-18"]
    long_run = max(len(w) for w in junk.split())
    broke = [w for w in record.warnings if "without whitespace" in w]
    assert len(broke) == (long_run > 200)
    assert all(len(w) <= 200 for w in record.text.split())
    if ingredient == "dateline-run" and where == "before":
        assert record.dateline is not None and record.dateline.text.startswith("OSH" * 16)
    if ingredient in ("digits", "huge-number", "scale-words"):
        assert any("over the maximum count of 1,000,000,000,000" in w for w in record.warnings)


@pytest.mark.parametrize(
    "text", ["7" * 4_000, "7 " + "million " * 400, "1" + ",000" * 400, "3000 billion"]
)
def test_robustness_numbers_beyond_the_maximum_are_dropped(blank: Language, text: str) -> None:
    from extract.figures.numbers import MAX_COUNT, find_quantities

    doc = blank(f"{text} rounds and 12 shells")
    assert [(q.value, q.low, q.high) for q in find_quantities(doc)] == [(12, 12, 12)]
    assert doc._.ce_warnings == [
        f"1 number(s) over the maximum count of {MAX_COUNT:,} not read as figures "
        f"({text[:40] + '…' if len(text) > 40 else text!r})"
    ]


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


def test_robustness_real_metadata_dates_are_read_or_fall_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    furniture = "Last Updated: 03/07/2011\n\n"
    lines = [
        ("Nov 22, 2016 4:30 PM MT", "", ("2016-11-22", "metadata")),
        ("8:56 AM, Dec 08, 2016 CT", "", ("2016-12-08", "metadata")),
        ("DEC. 14, 2016", "", ("2016-12-14", "metadata")),
        ("Wed Nov 23", "", (None, "none")),  # no year: not guessed
        ("Wed Nov 23", furniture, ("2011-03-07", "text")),  # the text's date line instead
        ("the day after", "", (None, "none")),
    ]
    src = tmp_path / "a.jsonl"
    src.write_text(
        "".join(
            json.dumps({"text": f"{head}Rebels took the town on Monday.", "published": raw}) + "\n"
            for raw, head, _ in lines
        ),
        "utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main([str(src), "--format", "jsonl", "-o", str(out), "-q"]) == 0
    assert "6 inputs: 6 ok, 0 failed" in capsys.readouterr().out
    records = [Record.model_validate_json(line) for line in out.read_text("utf-8").splitlines()]
    for record, (raw, _, (date, source)) in zip(records, lines, strict=True):
        published = record.published
        assert (published.date and published.date.isoformat(), published.source) == (date, source)
        refused = [w for w in record.warnings if "is not a readable calendar date" in w]
        assert len(refused) == (date is None or source == "text")
        if source == "none":
            assert published.text == raw and refused[0].startswith(f"the publication date {raw!r}")


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
