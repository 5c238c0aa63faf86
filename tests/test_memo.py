"""The memoizing stand-ins give exactly the annotations of spaCy's own components."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from extract.memo import ATTRIBUTES, LEMMAS, MemoAttributeRuler, MemoLemmatizer, memoize

SENTENCES = [
    "Rebels were killing villagers; two more villages had been burned by Tuesday.",
    "The ministers said they would meet again, and the talks went better than feared.",
    "She's running faster than the best runners, who were running the fastest races.",
    "Police arrested 12 men and women, and the women's lawyers said they'd appeal.",
    "I am, you are, he is: geese, mice and children were seen fleeing the cities.",
    "They're gonna win, ain't they? Let's see.\n\n  Gotta go!",
    "",
]
ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP"]


def _up_to(nlp: Language, stop: str, text: str) -> Doc:
    """The Doc as the component ``stop`` receives it."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == stop:
            break
        doc = component(doc)
    return doc


def test_the_stand_ins_replace_spacys_components(nlp: Language) -> None:
    names = nlp.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(nlp.disabled)
    assert names.index("parser") < names.index(ATTRIBUTES) < names.index(LEMMAS)
    assert names.index(LEMMAS) < names.index("ner")


@pytest.mark.parametrize("text", SENTENCES)
def test_attributes_are_spacys(nlp: Language, text: str) -> None:
    expected = nlp.get_pipe("attribute_ruler")(_up_to(nlp, ATTRIBUTES, text))
    memo = nlp.get_pipe(ATTRIBUTES)
    for _ in range(2):  # the second pass reads every token from the memo
        got = memo(_up_to(nlp, ATTRIBUTES, text))
        assert got.to_array(ATTRS).tolist() == expected.to_array(ATTRS).tolist()


def test_multi_token_rules_apply(nlp: Language) -> None:
    doc = nlp("We're gonna leave.")
    assert [t.lemma_ for t in doc if t.lower_ in ("gon", "na")] == ["go", "to"]


@pytest.mark.parametrize("text", SENTENCES)
def test_lemmas_are_spacys(nlp: Language, text: str) -> None:
    expected = nlp.get_pipe("lemmatizer")(_up_to(nlp, LEMMAS, text))
    memo = nlp.get_pipe(LEMMAS)
    for _ in range(2):
        got = memo(_up_to(nlp, LEMMAS, text))
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]


def test_lemmas_set_by_the_attribute_ruler_are_kept(nlp: Language) -> None:
    doc = _up_to(nlp, LEMMAS, "They'll say so.")
    doc[0].lemma_ = "THEY-BY-RULE"
    assert nlp.get_pipe(LEMMAS)(doc)[0].lemma_ == "THEY-BY-RULE"


def test_later_attribute_rules_win() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "troops"}]], {"LEMMA": "first"})
    ruler.add([[{"LOWER": "troops"}]], {"LEMMA": "second", "POS": "NOUN"})
    ruler.add([[{"LOWER": "the"}, {"LOWER": "troops"}]], {"LEMMA": "third"}, index=1)
    memo = MemoAttributeRuler(ruler)  # type: ignore[arg-type]
    for text in ("troops left", "some troops", "the men", "the troops"):
        expected, got = ruler(nlp.make_doc(text)), memo(nlp.make_doc(text))
        assert got.to_array(ATTRS).tolist() == expected.to_array(ATTRS).tolist()
    assert [t.lemma_ for t in memo(nlp.make_doc("the troops"))] == ["", "third"]
    assert [t.pos_ for t in memo(nlp.make_doc("troops"))] == ["NOUN"]


def test_rules_setting_lexeme_attributes_are_not_memoized() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "un"}]], {"NORM": "united nations"})
    with pytest.raises(ValueError, match="sets more than"):
        MemoAttributeRuler(ruler)  # type: ignore[arg-type]
    assert memoize(nlp) == []
    assert nlp.pipe_names == ["attribute_ruler"]


def test_pipelines_without_the_components_are_left_alone(blank: Language) -> None:
    assert memoize(blank) == []
    assert blank.pipe_names == []


def test_a_lemmatizer_without_its_tables_is_refused() -> None:
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert isinstance(lemmatizer, Lemmatizer)
    with pytest.raises(ValueError, match="lemma_rules"):
        MemoLemmatizer(lemmatizer)
