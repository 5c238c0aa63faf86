"""Reported speech rules on hand-built parses (no statistical model involved)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.quotes.reported import find_indirect

# (sentence, heads, deps, pos, lemmas) -> (contents, cue, speaker)
CASES = [
    (
        "Russia has warned that the attempt may fail .",
        [2, 2, 2, 7, 5, 7, 7, 2, 2],
        "nsubj aux ROOT mark det nsubj aux ccomp punct",
        "PROPN AUX VERB SCONJ DET NOUN AUX VERB PUNCT",
        "Russia have warn that the attempt may fail .",
        (["the attempt may fail"], "warned", "Russia"),
    ),
    (
        "The test , Russia said , was its biggest .",
        [1, 6, 4, 4, 6, 4, 6, 8, 6, 6],
        "det nsubj punct nsubj parataxis punct ROOT poss attr punct",
        "DET NOUN PUNCT PROPN VERB PUNCT AUX PRON ADJ PUNCT",
        "the test , Russia say , be its big .",
        (["The test", "was its biggest"], "said", "Russia"),
    ),
    (
        "According to police , 300 people died .",
        [6, 0, 1, 6, 5, 6, 6, 6],
        "prep prep pobj punct nummod nsubj ROOT punct",
        "VERB ADP NOUN PUNCT NUM NOUN VERB PUNCT",
        "accord to police , 300 people die .",
        (["300 people died"], "According to", "police"),
    ),
    (
        "She urged Congress to act .",
        [1, 1, 1, 4, 1, 1],
        "nsubj ROOT dobj aux xcomp punct",
        "PRON VERB PROPN PART VERB PUNCT",
        "she urge Congress to act .",
        (["to act"], "urged", "She"),
    ),
    (
        "He denied the allegations .",
        [1, 1, 3, 1, 1],
        "nsubj ROOT det dobj punct",
        "PRON VERB DET NOUN PUNCT",
        "he deny the allegation .",
        (["the allegations"], "denied", "He"),
    ),
    (
        "His claim that taxes fell was false .",
        [1, 5, 4, 4, 1, 5, 5, 5],
        "poss nsubj mark nsubj acl ROOT acomp punct",
        "PRON NOUN SCONJ NOUN VERB AUX ADJ PUNCT",
        "his claim that tax fall be false .",
        (["taxes fell"], "claim", "His"),
    ),
    (
        "Trump said after the talks he would go .",
        [1, 1, 1, 4, 2, 7, 7, 1, 1],
        "nsubj ROOT prep det pobj nsubj aux advcl punct",
        "PROPN VERB ADP DET NOUN PRON AUX VERB PUNCT",
        "Trump say after the talk he would go .",
        (["he would go"], "said", "Trump"),
    ),
]

# "accused the rebels of shelling": the parser hangs "of" on the object
CASES.append(
    (
        "The army accused the rebels of shelling the market .",
        [1, 2, 2, 4, 2, 4, 5, 8, 6, 2],
        "det nsubj ROOT det dobj prep pcomp det dobj punct",
        "DET NOUN VERB DET NOUN ADP VERB DET NOUN PUNCT",
        "the army accuse the rebel of shell the market .",
        (["the rebels of shelling the market"], "accused", "army"),
    )
)
# a belief or expectation with its clause
CASES.append(
    (
        "Officials expect that the toll will rise .",
        [1, 1, 6, 4, 6, 6, 1, 1],
        "nsubj ROOT mark det nsubj aux ccomp punct",
        "NOUN VERB SCONJ DET NOUN AUX VERB PUNCT",
        "official expect that the toll will rise .",
        (["the toll will rise"], "expect", "Officials"),
    )
)
# a passive cue reports its subject, its agent speaks
CASES.append(
    (
        "The plan was rejected by the rebels .",
        [1, 3, 3, 3, 3, 6, 4, 3],
        "det nsubjpass auxpass ROOT agent det pobj punct",
        "DET NOUN AUX VERB ADP DET NOUN PUNCT",
        "the plan be reject by the rebel .",
        (["The plan"], "rejected", "rebels"),
    )
)
CASES += [
    # the lemmatizer's "hop" for "hoping" is corrected
    (
        "They are hoping that talks resume .",
        [2, 2, 2, 5, 5, 2, 2],
        "nsubj aux ROOT mark nsubj ccomp punct",
        "PRON AUX VERB SCONJ NOUN VERB PUNCT",
        "they be hop that talk resume .",
        (["talks resume"], "hoping", "They"),
    ),
    # the noun a cue's gapped object is
    (
        "The plan he opposed failed .",
        [1, 4, 3, 1, 4, 4],
        "det nsubj nsubj relcl ROOT punct",
        "DET NOUN PRON VERB VERB PUNCT",
        "the plan he oppose fail .",
        (["The plan"], "opposed", "he"),
    ),
    # the clause an "as" tag interrupts
    (
        "The toll , as Reuters reported , rose .",
        [1, 7, 5, 5, 5, 7, 5, 7, 7],
        "det nsubj punct mark nsubj advcl punct ROOT punct",
        "DET NOUN PUNCT SCONJ PROPN VERB PUNCT VERB PUNCT",
        "the toll , as Reuters report , rise .",
        (["The toll", "rose"], "reported", "Reuters"),
    ),
    # a noun cue with its prepositional content, spoken by the light verb's subject
    (
        "He made the case for talks .",
        [1, 1, 3, 1, 3, 4, 1],
        "nsubj ROOT det dobj prep pobj punct",
        "PRON VERB DET NOUN ADP NOUN PUNCT",
        "he make the case for talk .",
        (["talks"], "case", "He"),
    ),
    # a stated attitude of a source
    (
        "Officials are confident that the truce will hold .",
        [1, 1, 1, 7, 5, 7, 7, 2, 1],
        "nsubj ROOT acomp mark det nsubj aux ccomp punct",
        "NOUN AUX ADJ SCONJ DET NOUN AUX VERB PUNCT",
        "official be confident that the truce will hold .",
        (["the truce will hold"], "confident", "Officials"),
    ),
    # a clause told from a source: the source itself, or who made it
    (
        "In the poll , Clinton leads .",
        [5, 2, 0, 5, 5, 5, 5],
        "prep det pobj punct nsubj ROOT punct",
        "ADP DET NOUN PUNCT PROPN VERB PUNCT",
        "in the poll , Clinton lead .",
        (["Clinton leads"], "In the poll", "poll"),
    ),
    (
        "In an interview , he lashed out .",
        [5, 2, 0, 5, 5, 5, 5, 5],
        "prep det pobj punct nsubj ROOT prt punct",
        "ADP DET NOUN PUNCT PRON VERB ADP PUNCT",
        "in an interview , he lash out .",
        (["he lashed out"], "In an interview", "he"),
    ),
    # a clause opened by the preposition the cue takes
    (
        "She called for him to resign .",
        [1, 1, 5, 5, 5, 1, 1],
        "nsubj ROOT mark nsubj aux advcl punct",
        "PRON VERB SCONJ PRON PART VERB PUNCT",
        "she call for he to resign .",
        (["him to resign"], "called", "She"),
    ),
    # an indirect question
    (
        "He asked workers if they would vote .",
        [1, 1, 1, 6, 6, 6, 1, 1],
        "nsubj ROOT dobj mark nsubj aux advcl punct",
        "PRON VERB NOUN SCONJ PRON AUX VERB PUNCT",
        "he ask worker if they would vote .",
        (["they would vote"], "asked", "He"),
    ),
]

NEGATIVES = [
    # an attack is not a statement
    (
        "Troops attacked the village .",
        [1, 1, 3, 1, 1],
        "nsubj ROOT det dobj punct",
        "NOUN VERB DET NOUN PUNCT",
        "troop attack the village .",
    ),
    # defending, seeking and planning are deeds in conflict news, not statements
    (
        "Troops defended the town .",
        [1, 1, 3, 1, 1],
        "nsubj ROOT det dobj punct",
        "NOUN VERB DET NOUN PUNCT",
        "troop defend the town .",
    ),
    (
        "Police are seeking the gunman .",
        [2, 2, 2, 4, 2, 2],
        "nsubj aux ROOT det dobj punct",
        "NOUN AUX VERB DET NOUN PUNCT",
        "police be seek the gunman .",
    ),
    (
        "The gunmen planned to strike .",
        [1, 2, 2, 4, 2, 2],
        "det nsubj ROOT aux xcomp punct",
        "DET NOUN VERB PART VERB PUNCT",
        "the gunman plan to strike .",
    ),
    # calling someone is not calling them something
    (
        "He called the police .",
        [1, 1, 3, 1, 1],
        "nsubj ROOT det dobj punct",
        "PRON VERB DET NOUN PUNCT",
        "he call the police .",
    ),
    # an adverbial clause with a subordinator is not what was said
    (
        "He said nothing when she left .",
        [1, 1, 1, 5, 5, 1, 1],
        "nsubj ROOT dobj advmod nsubj advcl punct",
        "PRON VERB PRON SCONJ PRON VERB PUNCT",
        "he say nothing when she leave .",
    ),
    # "it is clear": the writer's, no source
    (
        "It is clear that the truce failed .",
        [1, 1, 1, 6, 5, 6, 2, 1],
        "nsubj ROOT acomp mark det nsubj ccomp punct",
        "PRON AUX ADJ SCONJ DET NOUN VERB PUNCT",
        "it be clear that the truce fail .",
    ),
    # an attack is not a source
    (
        "In the attack , ten people died .",
        [6, 2, 0, 6, 5, 6, 6, 6],
        "prep det pobj punct nummod nsubj ROOT punct",
        "ADP DET NOUN PUNCT NUM NOUN VERB PUNCT",
        "in the attack , ten people die .",
    ),
    # a body found is no finding
    (
        "The body was found in the river .",
        [1, 3, 3, 3, 3, 6, 4, 3],
        "det nsubjpass auxpass ROOT prep det pobj punct",
        "DET NOUN AUX VERB ADP DET NOUN PUNCT",
        "the body be find in the river .",
    ),
    # a participle describing a statement is not what it says
    (
        "His statement issued Monday was brief .",
        [1, 4, 1, 2, 4, 4, 4],
        "poss nsubj acl npadvmod ROOT acomp punct",
        "PRON NOUN VERB PROPN AUX ADJ PUNCT",
        "his statement issue Monday be brief .",
    ),
    # support with nobody to give it
    (
        "Support for the rebels grew .",
        [4, 0, 3, 1, 4, 4],
        "nsubj prep det pobj ROOT punct",
        "NOUN ADP DET NOUN VERB PUNCT",
        "support for the rebel grow .",
    ),
]

# a participle describing a noun (tagged VBN): (sentence, heads, deps, pos, tags, lemmas, found)
PARTICIPLES = [
    (
        "The plan announced by the army failed .",
        [1, 6, 1, 2, 5, 3, 6, 6],
        "det nsubj acl agent det pobj ROOT punct",
        "DET NOUN VERB ADP DET NOUN VERB PUNCT",
        "DT NN VBN IN DT NN VBD .",
        "the plan announce by the army fail .",
        (["The plan"], "army"),
    ),
    # naming is not saying; what was written or posted is not what was said
    (
        "A group called Shabab attacked .",
        [1, 4, 1, 2, 4, 4],
        "det nsubj acl oprd ROOT punct",
        "DET NOUN VERB PROPN VERB PUNCT",
        "DT NN VBN NNP VBD .",
        "a group call Shabab attack .",
        None,
    ),
    # a sight is no view
    (
        "A rate not seen since 1960 rose .",
        [1, 6, 3, 1, 3, 4, 6, 6],
        "det nsubj neg acl prep pobj ROOT punct",
        "DET NOUN PART VERB ADP NUM VERB PUNCT",
        "DT NN RB VBN IN CD VBD .",
        "a rate not see since 1960 rise .",
        None,
    ),
    (
        "A video posted by the group spread .",
        [1, 6, 1, 2, 5, 3, 6, 6],
        "det nsubj acl agent det pobj ROOT punct",
        "DET NOUN VERB ADP DET NOUN VERB PUNCT",
        "DT NN VBN IN DT NN VBD .",
        "a video post by the group spread .",
        None,
    ),
]


def _doc(blank: Language, sentence: str, heads: list[int], deps: str, pos: str, lemmas: str) -> Doc:
    words = sentence.split(" ")
    return Doc(
        blank.vocab,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] not in ",." for i in range(len(words))],
        heads=heads,
        deps=deps.split(),
        pos=pos.split(),
        lemmas=lemmas.split(" "),
    )


@pytest.mark.parametrize(("sentence", "heads", "deps", "pos", "lemmas", "expected"), CASES)
def test_reported_finds_content_cue_and_speaker(
    blank: Language,
    sentence: str,
    heads: list[int],
    deps: str,
    pos: str,
    lemmas: str,
    expected: tuple[list[str], str, str],
) -> None:
    doc = _doc(blank, sentence, heads, deps, pos, lemmas)
    found = find_indirect(doc, lambda offset: 0)
    assert len(found) == 1
    statement = found[0]
    contents, cue, speaker = expected
    assert [doc.text[s:e] for s, e in statement.contents] == contents
    assert statement.cue is not None and doc.text[slice(*statement.cue)] == cue
    assert statement.speaker is not None and statement.speaker.text == speaker


@pytest.mark.parametrize(("sentence", "heads", "deps", "pos", "lemmas"), NEGATIVES)
def test_reported_ignores_non_statements(
    blank: Language, sentence: str, heads: list[int], deps: str, pos: str, lemmas: str
) -> None:
    assert find_indirect(_doc(blank, sentence, heads, deps, pos, lemmas), lambda offset: 0) == []


def test_reported_addressee_of_tell_like_verbs(blank: Language) -> None:
    doc = _doc(
        blank,
        "She urged Congress to act .",
        [1, 1, 1, 4, 1, 1],
        "nsubj ROOT dobj aux xcomp punct",
        "PRON VERB PROPN PART VERB PUNCT",
        "she urge Congress to act .",
    )
    (statement,) = find_indirect(doc, lambda offset: 0)
    assert statement.addressee is not None and doc.text[slice(*statement.addressee)] == "Congress"


def test_reported_content_stays_in_the_cue_paragraph(blank: Language) -> None:
    # a parse that hangs the next paragraph's clause on "said" must not report it
    doc = _doc(
        blank,
        "He said . \n\n Democrats left .",
        [1, 1, 1, 1, 5, 1, 5],
        "nsubj ROOT punct dep nsubj ccomp punct",
        "PRON VERB PUNCT SPACE PROPN VERB PUNCT",
        "he say . \n\n Democrats leave .",
    )
    assert find_indirect(doc, lambda offset: int(offset > 10)) == []


def test_reported_object_said_is_no_addressee(blank: Language) -> None:
    doc = _doc(
        blank,
        "The envoy urged a ceasefire .",
        [1, 2, 2, 4, 2, 2],
        "det nsubj ROOT det dobj punct",
        "DET NOUN VERB DET NOUN PUNCT",
        "the envoy urge a ceasefire .",
    )
    (statement,) = find_indirect(doc, lambda offset: 0)
    assert [doc.text[s:e] for s, e in statement.contents] == ["a ceasefire"]
    assert statement.addressee is None


@pytest.mark.parametrize(
    ("sentence", "heads", "deps", "pos", "tags", "lemmas", "expected"), PARTICIPLES
)
def test_reported_participle_of_a_noun(
    blank: Language,
    sentence: str,
    heads: list[int],
    deps: str,
    pos: str,
    tags: str,
    lemmas: str,
    expected: tuple[list[str], str] | None,
) -> None:
    doc = _doc(blank, sentence, heads, deps, pos, lemmas)
    for token, tag in zip(doc, tags.split(), strict=True):
        token.tag_ = tag
    found = find_indirect(doc, lambda offset: 0)
    if expected is None:
        assert found == []
        return
    (statement,) = found
    assert [doc.text[s:e] for s, e in statement.contents] == expected[0]
    assert statement.speaker is not None and statement.speaker.text == expected[1]


# title-cased headlines, where the parser reads the cue verb as a name
HEADLINES = [
    ("Obama Warns Congress On Syria", (["Congress On Syria"], "Warns", "Obama")),
    ("UN Urges Ceasefire In Yemen", (["Ceasefire In Yemen"], "Urges", "UN")),
    # no cue verb
    ("Obama Visits Syria", None),
    # not a headline: a capitalized word in a sentence
    ("Officials in Warns county gathered", None),
]


@pytest.mark.parametrize(("headline", "expected"), HEADLINES)
def test_reported_headline_cue(
    blank: Language, headline: str, expected: tuple[list[str], str, str] | None
) -> None:
    words = headline.split(" ")
    doc = Doc(
        blank.vocab,
        words=words,
        heads=[len(words) - 1] * (len(words) - 1) + [len(words) - 1],
        deps=["compound"] * (len(words) - 1) + ["ROOT"],
        pos=["PROPN"] * len(words),
        lemmas=words,
    )
    found = find_indirect(doc, lambda offset: 0)
    if expected is None:
        assert found == []
        return
    (statement,) = found
    contents, cue, speaker = expected
    assert [doc.text[s:e] for s, e in statement.contents] == contents
    assert statement.cue is not None and doc.text[slice(*statement.cue)] == cue
    assert statement.speaker is not None and statement.speaker.text == speaker


@pytest.mark.parametrize(
    ("sentence", "heads", "deps", "pos", "lemmas", "contents"),
    [
        # the passive subject joins the as-phrase; nobody is named as the viewer
        (
            "He is seen as a leader .",
            [2, 2, 2, 2, 5, 3, 2],
            "nsubjpass auxpass ROOT prep det pobj punct",
            "PRON AUX VERB ADP DET NOUN PUNCT",
            "he be see as a leader .",
            ["He", "a leader"],
        ),
        # reports with no source are still reports
        (
            "Reports that the town fell spread .",
            [5, 4, 3, 4, 0, 5, 5],
            "nsubj mark det nsubj acl ROOT punct",
            "NOUN SCONJ DET NOUN VERB VERB PUNCT",
            "report that the town fall spread .",
            ["the town fell"],
        ),
        # seen somewhere is not seen as something
        (
            "He was seen on camera .",
            [2, 2, 2, 2, 3, 2],
            "nsubjpass auxpass ROOT prep pobj punct",
            "PRON AUX VERB ADP NOUN PUNCT",
            "he be see on camera .",
            None,
        ),
    ],
)
def test_reported_statement_without_a_speaker(
    blank: Language,
    sentence: str,
    heads: list[int],
    deps: str,
    pos: str,
    lemmas: str,
    contents: list[str] | None,
) -> None:
    doc = _doc(blank, sentence, heads, deps, pos, lemmas)
    found = find_indirect(doc, lambda offset: 0)
    if contents is None:
        assert found == []
        return
    (statement,) = found
    assert [doc.text[s:e] for s, e in statement.contents] == contents
    assert statement.speaker is None


@pytest.mark.parametrize(
    ("sentence", "heads", "deps", "pos", "lemmas", "ents", "contents"),
    [
        (
            "He commented on the war .",
            [1, 1, 1, 4, 2, 1],
            "nsubj ROOT prep det pobj punct",
            "PRON VERB ADP DET NOUN PUNCT",
            "he comment on the war .",
            "O O O O O O",
            ["the war"],
        ),
        # a date is when, not what
        (
            "He commented on Monday .",
            [1, 1, 1, 2, 1],
            "nsubj ROOT prep pobj punct",
            "PRON VERB ADP PROPN PUNCT",
            "he comment on Monday .",
            "O O O DATE O",
            None,
        ),
    ],
)
def test_reported_date_is_no_content(
    blank: Language,
    sentence: str,
    heads: list[int],
    deps: str,
    pos: str,
    lemmas: str,
    ents: str,
    contents: list[str] | None,
) -> None:
    doc = _doc(blank, sentence, heads, deps, pos, lemmas)
    doc.ents = [Span(doc, i, i + 1, "DATE") for i, tag in enumerate(ents.split()) if tag == "DATE"]
    found = find_indirect(doc, lambda offset: 0)
    expected = [contents] if contents else []
    assert [[doc.text[s:e] for s, e in f.contents] for f in found] == expected
