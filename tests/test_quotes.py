"""Quotes on the real model: kinds, split and continued quotations, cues, negatives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from benchmarks import evaluate, quotes_gold
from benchmarks.corpora import read_cat
from benchmarks.scoring import PredQuote
from extract import Article, Extractor
from extract.quotes import find_quotes
from models import Quote, Record

DATA = evaluate.DEFAULT_DATA


def _record(extractor: Extractor, text: str) -> Record:
    return extractor.extract(Article(text=text, verbatim=True, published="2016-07-27"))


def _quotes(extractor: Extractor, text: str) -> list[Quote]:
    return _record(extractor, text).quotes


def _contents(quote: Quote) -> list[str]:
    return [c.text for c in quote.contents]


# text -> (kind, contents, cue, speaker text)
CASES = [
    (
        '"We will not retreat from the city," the defence minister said on Monday.',
        ("direct", ['"We will not retreat from the city,"'], "said", "the defence minister"),
    ),
    (
        "The mayor told reporters: “Nobody will be forced to leave their homes.”",
        ("direct", ["“Nobody will be forced to leave their homes.”"], "told", "The mayor"),
    ),
    (
        "At the checkpoint: «The shelling has stopped for now,» said the commander, Ivan Petrov.",
        ("direct", ["«The shelling has stopped for now,»"], "said", "Ivan Petrov"),
    ),
    (
        "“We will hold the bridge,” he said. “Nobody will cross it tonight.”",
        ("direct", ["“We will hold the bridge,”", "“Nobody will cross it tonight.”"], "said", "he"),
    ),
    (
        "“We will hold the bridge,” she said, “and nobody will cross it.”",
        ("direct", ["“We will hold the bridge,”", "“and nobody will cross it.”"], "said", "she"),
    ),
    (
        "The spokesman said the talks had been “constructive and frank” on Friday.",
        (
            "mixed",
            ["the talks had been “constructive and frank” on Friday"],
            "said",
            "The spokesman",
        ),
    ),
    (
        "Russia has warned that an attempt to build a democracy may bring more chaos.",
        ("indirect", ["an attempt to build a democracy may bring more chaos"], "warned", "Russia"),
    ),
    (
        "At least 40 people were killed, according to the Red Cross.",
        ("indirect", ["At least 40 people were killed"], "according to", "Red Cross"),
    ),
    (
        "The ceasefire, the government said, would hold until Sunday.",
        ("indirect", ["The ceasefire", "would hold until Sunday"], "said", "the government"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=lambda v: str(v)[:30])
def test_quotes_case_table(
    extractor: Extractor, text: str, expected: tuple[str, list[str], str, str]
) -> None:
    kind, contents, cue, speaker = expected
    quotes = _quotes(extractor, text)
    assert len(quotes) == 1, quotes
    quote = quotes[0]
    assert quote.kind == kind
    assert _contents(quote) == contents
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.speaker is not None and quote.speaker.text == speaker


def test_quotes_addressee_of_told(extractor: Extractor) -> None:
    (quote,) = _quotes(extractor, "The minister told reporters that the border would reopen.")
    assert quote.addressee is not None and quote.addressee.text == "reporters"
    assert _contents(quote) == ["the border would reopen"]


def test_quotes_continued_paragraphs_are_one_quote(extractor: Extractor) -> None:
    text = (
        "The commander described the night.\n\n"
        "“We heard the shelling start after midnight.\n\n"
        "“By morning the bridge was gone and the town was cut off,” Colonel Ivan Petrov said."
    )
    direct = [q for q in _quotes(extractor, text) if q.kind == "direct"]
    assert len(direct) == 1
    assert len(direct[0].contents) == 2
    assert direct[0].speaker is not None and direct[0].speaker.text == "Ivan Petrov"


@pytest.mark.parametrize(
    "text",
    [
        # scare quotes and titles are not quotes
        "The so-called “peace plan” was rejected by both sides on Tuesday.",
        'He watched the film "Star Wars" with his children on Friday.',
        "The book “War and Peace” was on the table in the ruined library.",
        "Protesters gathered in the square during the “Arab Spring” of 2011.",
        # apostrophes are not quote marks
        "Kyrgyzstan's leaders don't agree on the '90s, the villagers’ elders said nothing.",
    ],
)
def test_quotes_negatives(extractor: Extractor, text: str) -> None:
    assert [q for q in _quotes(extractor, text) if q.kind == "direct"] == []


def test_quotes_unbalanced_mark_warns_and_never_raises(extractor: Extractor) -> None:
    text = (
        "The governor said “the roads will be closed until the fighting stops.\n\n"
        "Aid groups said 300 families had fled."
    )
    record = _record(extractor, text)
    assert any("unbalanced quote mark" in w for w in record.warnings)
    assert any(q.speaker and q.speaker.text == "Aid groups" for q in record.quotes)


def test_quotes_floating_quote_inherits_the_previous_speaker(extractor: Extractor) -> None:
    text = (
        "“The water supply has been cut,” said Maria Lopez, a nurse at the city hospital.\n\n"
        "“We have had no electricity for three days and the generators are failing.”"
    )
    first, second = _quotes(extractor, text)
    assert first.speaker is not None and first.speaker.text == "Maria Lopez"
    assert second.speaker is not None and second.speaker.resolution == "previous"
    assert second.speaker.name == first.speaker.name
    assert second.cue is None


def test_quotes_dash_byline(extractor: Extractor) -> None:
    (quote,) = _quotes(extractor, "“We are afraid to go back to our village.” ― Maria Lopez")
    assert quote.speaker is not None and quote.speaker.text == "Maria Lopez"
    assert quote.cue is not None and quote.cue.text == "―"


def test_quotes_transcript_labels(extractor: Extractor) -> None:
    text = (
        "Chris Wallace interviewed Mike Pence on Sunday.\n\n"
        "WALLACE: Will you accept the result of the election?\n\n"
        "PENCE: We will accept the result of the election."
    )
    quotes = [q for q in _quotes(extractor, text) if q.cue and q.cue.text == ":"]
    assert [q.speaker.text for q in quotes if q.speaker] == ["WALLACE", "PENCE"]
    assert [q.speaker.name for q in quotes if q.speaker] == ["Chris Wallace", "Mike Pence"]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "“”",
        "'''''",
        "« »",
        '"a" "b" "c" said he',
        "”“”“ he said “",
        '\n\n"\n\n"\n\n',
        "He said:",
        "According to",
        "“Unclosed,” he said. “Also unclosed\n\n“And this,” she said “",
        "PENCE:",
        "― Maria",
    ],
)
def test_quotes_odd_input_never_raises(extractor: Extractor, text: str) -> None:
    record = extractor.extract(Article(text=f"Odd input. {text}", verbatim=True))
    for quote in record.quotes:
        assert quote.contents


@given(st.text(alphabet=st.sampled_from(list("ab Said:'\"“”‘’«»„―\n.,")), max_size=120))
@settings(max_examples=60, deadline=None)
def test_quotes_find_quotes_never_raises_on_unparsed_text(blank: Language, text: str) -> None:
    items, _ = find_quotes(blank(text))
    for start, end, payload in items:
        assert 0 <= start <= end <= len(text)
        assert all(start <= s < e <= end for s, e in payload["contents"])


def test_quotes_nested_statements_by_one_speaker_are_one_quote(extractor: Extractor) -> None:
    (quote,) = _quotes(extractor, "The governor refused to pledge to release the prisoners.")
    assert quote.cue is not None and quote.cue.text == "refused"
    assert _contents(quote) == ["to pledge to release the prisoners"]


def test_quotes_bare_tag_sentence_after_the_quotation(extractor: Extractor) -> None:
    text = (
        "President Salva Kiir visited the camp on Monday.\n\n"
        "“The camp cannot hold more people.”\n\n"
        "Deng Malual told reporters in Bentiu."
    )
    (quote,) = _quotes(extractor, text)
    assert quote.speaker is not None and quote.speaker.name == "Deng Malual"
    assert quote.addressee is not None and quote.addressee.text == "reporters"


@pytest.mark.parametrize(
    "after",
    [
        # a negated verb tags nothing
        "The ministry did not immediately respond to requests for comment.",
        # a sentence that reports its own content is not a tag
        "Deng Malual said the camp had run out of water.",
        # nor is one that a parenthetical tag interrupts
        "The camp, Deng Malual said, had run out of water.",
    ],
)
def test_quotes_sentence_after_is_not_always_a_tag(extractor: Extractor, after: str) -> None:
    text = f"“The camp cannot hold more people.”\n\n{after}"
    direct = [q for q in _quotes(extractor, text) if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].cue is None and direct[0].speaker is None


def test_quotes_floating_quotation_inherits_a_described_speaker(extractor: Extractor) -> None:
    text = (
        "“The warship altered course towards the boats,” the officer said.\n\n"
        "“Two of them managed to escape.”"
    )
    direct = [q for q in _quotes(extractor, text) if q.kind == "direct"]
    assert [q.speaker.text if q.speaker else None for q in direct] == ["the officer"] * 2
    assert direct[-1].speaker is not None and direct[-1].speaker.entity_id is None


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Billy King", "King", True),
        ("King", "Billy King", True),
        ("Rosa Ortiz", "Jerry Ortiz", False),
        ("Stan Perlo", "Stanley Perlo", False),
        ("Jon Owen", "the officer", False),
    ],
)
def test_quotes_gold_same_person(gold: str, predicted: str, same: bool) -> None:
    assert quotes_gold.same_person(gold, predicted) is same


def test_quotes_gold_speaker_right_by_name_span_or_description() -> None:
    text = "“We are safe,” the officer said. “We are safe,” Jon Owen said."
    named = quotes_gold.GoldQuote((33, 47), (48, 56), "name", "Jon Owen", False)
    described = quotes_gold.GoldQuote((0, 14), (15, 26), "description", None, False)
    owen = PredQuote("direct", ((33, 47),), (48, 56), None)
    officer = PredQuote("direct", ((0, 14),), (15, 26), None)
    assert quotes_gold.speaker_right(text, named, owen)
    assert not quotes_gold.speaker_right(text, named, officer)
    assert quotes_gold.speaker_right(text, described, officer)
    assert not quotes_gold.speaker_right(text, described, PredQuote("direct", ((0, 14),)))


@pytest.mark.skipif(not DATA.is_dir(), reason=f"the development corpora are not at {DATA}")
def test_quotes_gold_lines_up_with_the_rebuilt_texts() -> None:
    labelled = quotes_gold.read_quotes_gold(evaluate.QUOTES_GOLD)
    docs = {d.name: d for d in read_cat(DATA / "esc-dev", DATA, "esc") if d.name in labelled}
    assert set(docs) == set(labelled)
    for name, items in labelled.items():
        for item in quotes_gold.gold_quotes(docs[name], items):  # raises when offsets disagree
            assert docs[name].text[item.quote[0]] in "\"“”'‘’«„"
            assert item.speaker_kind in quotes_gold.SPEAKER_KINDS
