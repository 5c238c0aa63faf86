"""The memoized lemmatizer gives exactly the lemmas of spaCy's own lemmatizer."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from extract.lemmas import FACTORY, MemoLemmatizer, memoize_lemmatizer

SENTENCES = [
    "Rebels were killing villagers; two more villages had been burned by Tuesday.",
    "The ministers said they would meet again, and the talks went better than feared.",
    "She's running faster than the best runners, who were running the fastest races.",
    "Police arrested 12 men and women, and the women's lawyers said they'd appeal.",
    "I am, you are, he is: geese, mice and children were seen fleeing the cities.",
    "",
]


def _before_lemmas(nlp: Language, text: str) -> Doc:
    """The Doc as the lemmatizer receives it (tagged, parsed, attribute rules applied)."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == FACTORY:
            break
        doc = component(doc)
    return doc


def test_the_pipeline_uses_the_memo_in_place_of_spacys_lemmatizer(nlp: Language) -> None:
    assert FACTORY in nlp.pipe_names
    assert "lemmatizer" in nlp.disabled
    assert nlp.pipe_names.index(FACTORY) < nlp.pipe_names.index("ner")


@pytest.mark.parametrize("text", SENTENCES)
def test_lemmas_are_spacys(nlp: Language, text: str) -> None:
    spacys, memo = nlp.get_pipe("lemmatizer"), nlp.get_pipe(FACTORY)
    expected = spacys(_before_lemmas(nlp, text))
    # twice: the second pass reads every lemma from the memo
    for _ in range(2):
        got = memo(_before_lemmas(nlp, text))
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]


def test_lemmas_set_by_the_attribute_ruler_are_kept(nlp: Language) -> None:
    doc = _before_lemmas(nlp, "They'll say so.")
    doc[0].lemma_ = "THEY-BY-RULE"
    assert nlp.get_pipe(FACTORY)(doc)[0].lemma_ == "THEY-BY-RULE"


def test_pipelines_without_a_rule_lemmatizer_are_left_alone(blank: Language) -> None:
    assert memoize_lemmatizer(blank) is False
    assert blank.pipe_names == []


def test_a_lemmatizer_without_its_tables_is_refused() -> None:
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert isinstance(lemmatizer, Lemmatizer)
    with pytest.raises(ValueError, match="lemma_rules"):
        MemoLemmatizer(lemmatizer)
