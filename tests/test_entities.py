"""Entities: name rules and clustering, span corrections, roles, and the component.

Rule logic runs on hand-built Docs (`blank`); parse-dependent rules (roles) and the
whole component run on the real model with case tables that include negatives.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from extract import attrs
from extract.entities import _qualifiers
from extract.entities.mentions import correct_ents
from extract.entities.names import (
    NameMention,
    abbreviates,
    cluster_label,
    cluster_mentions,
    initials,
    is_acronym,
    surname,
)
from extract.entities.roles import find_roles
from models import Entity, Record

# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO", True),
        ("U.S.", True),
        ("CPJ", True),
        ("Nato", False),
        ("I", False),
        ("ABCDEFGHIJ", False),
    ],
)
def test_entities_is_acronym(text: str, expected: bool) -> None:
    assert is_acronym(text) is expected


@pytest.mark.parametrize(
    ("words", "acronym"),
    [
        ("North Atlantic Treaty Organization", "NATO"),
        ("Committee to Protect Journalists", "CPJ"),
        ("Bureau of Alcohol", "BOA"),
        ("Deputy Secretary-General", "DSG"),
        ("General Motors Corporation", "GM"),
    ],
)
def test_entities_initials(words: str, acronym: str) -> None:
    assert acronym in initials(words.split())


@pytest.mark.parametrize(
    ("acronym", "words", "expected"),
    [
        ("CPJ", "Committee to Protect Journalists", True),
        ("UNHCR", "United Nations High Commissioner for Refugees", True),
        ("AP", "WASHINGTON", False),
        ("CSTO", "Security Treaty Organization", False),
    ],
)
def test_entities_abbreviates(acronym: str, words: str, expected: bool) -> None:
    assert abbreviates(acronym, words.split()) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Arcade Joseph Comeaux Jr.", "Comeaux"),
        ("Marc Perrin de Brichambaut", "Brichambaut"),
        ("Madonna", None),
    ],
)
def test_entities_surname(name: str, expected: str | None) -> None:
    assert surname(name.split()) == expected


def _m(start: int, label: str, text: str, **extra: Any) -> NameMention:
    key = "".join(c for c in text.lower() if c.isalnum())
    return NameMention(start, label, text, key, tuple(text.split()), **extra)


def test_entities_cluster_surname_joins_full_name_even_mislabelled() -> None:
    mentions = [
        _m(0, "PERSON", "Lena Okafor"),
        _m(30, "PERSON", "Okafor"),
        _m(60, "ORG", "Okafor"),
        _m(90, "GPE", "Lagos", place=True),
    ]
    groups = cluster_mentions(mentions)
    assert groups == [[0, 1, 2], [3]]
    assert cluster_label(mentions, groups[0]) == "PERSON"


def test_entities_cluster_shared_surname_goes_to_closest_preceding_person() -> None:
    mentions = [
        _m(0, "PERSON", "Bill Clinton"),
        _m(20, "PERSON", "Clinton"),
        _m(40, "PERSON", "Hillary Clinton"),
        _m(60, "PERSON", "Clinton"),
    ]
    assert cluster_mentions(mentions) == [[0, 1], [2, 3]]


def test_entities_cluster_short_company_name_joins_the_company_not_the_person() -> None:
    mentions = [
        _m(0, "ORG", "Ford Motor Company"),
        _m(30, "PERSON", "Henry Ford"),
        _m(60, "ORG", "Ford"),
    ]
    assert cluster_mentions(mentions) == [[0, 2], [1]]


@pytest.mark.parametrize(
    ("mentions", "groups"),
    [
        # a short name after the organization it starts is that organization
        ([_m(0, "ORG", "Liverpool Academy"), _m(30, "ORG", "Liverpool")], [[0, 1]]),
        # unless it is a known place labelled as one: the city of the academy's name
        (
            [
                _m(0, "ORG", "Liverpool Academy"),
                _m(30, "ORG", "Liverpool", place=True),
                _m(60, "GPE", "Liverpool", place=True),
            ],
            [[0], [1, 2]],
        ),
    ],
)
def test_entities_cluster_short_name_of_a_place_stays_a_place(
    mentions: list[NameMention], groups: list[list[int]]
) -> None:
    assert cluster_mentions(mentions) == groups


@pytest.mark.parametrize(
    ("mentions", "groups", "label"),
    [
        # a title the recognizer kept does not make a new entity, and it tells a person
        (
            [_m(0, "ORG", "Yanis Varoufakis"), _m(40, "ORG", "Professor Varoufakis")],
            [[0, 1]],
            "PERSON",
        ),
        ([_m(0, "PERSON", "Amina Yusuf"), _m(40, "ORG", "Dr. Yusuf")], [[0, 1]], "PERSON"),
        (
            [_m(0, "ORG", "Prof. Varoufakis"), _m(40, "PERSON", "Yanis Varoufakis")],
            [[0, 1]],
            "PERSON",
        ),
        # the rest must end the longer name: "Ford Motor Company" is not Minister Ford
        ([_m(0, "ORG", "Ford Motor Company"), _m(40, "ORG", "Minister Ford")], [[0], [1]], "ORG"),
        # a title-like first word alone joins nothing
        ([_m(0, "ORG", "General Motors"), _m(40, "PERSON", "Mary Barra")], [[0], [1]], "ORG"),
    ],
)
def test_entities_cluster_titled_names(
    mentions: list[NameMention], groups: list[list[int]], label: str
) -> None:
    assert cluster_mentions(mentions) == groups
    assert cluster_label(mentions, groups[0]) == label


def test_entities_cluster_longer_name_introduced_later_is_another_organization() -> None:
    mentions = [
        _m(0, "ORG", "Boeing"),
        _m(20, "ORG", "Boeing Launch Systems"),
        _m(60, "ORG", "Boeing"),
    ]
    assert cluster_mentions(mentions) == [[0, 2], [1]]


def test_entities_cluster_head_noun_joins_the_name_it_heads() -> None:
    mentions = [
        _m(0, "ORG", "Syrian Observatory for Human Rights"),
        _m(50, "ORG", "Observatory"),
        _m(70, "ORG", "Rights"),
    ]
    assert cluster_mentions(mentions) == [[0, 1], [2]]


def test_entities_cluster_place_named_like_a_person() -> None:
    person_first = [_m(0, "PERSON", "Fritz Henderson"), _m(30, "GPE", "Henderson", place=True)]
    assert cluster_mentions(person_first) == [[0, 1]]
    located = [
        _m(0, "PERSON", "Fritz Henderson"),
        _m(30, "GPE", "Henderson", place=True, locative=True),
    ]
    assert cluster_mentions(located) == [[0], [1]]
    place_first = [_m(0, "GPE", "Jackson", place=True), _m(30, "PERSON", "Michael Jackson")]
    assert cluster_mentions(place_first) == [[0], [1]]


def test_entities_cluster_acronym_by_initials_and_by_definition() -> None:
    mentions = [
        _m(0, "ORG", "Collective Security Treaty Organization"),
        _m(50, "ORG", "Japan Aerospace Exploration Agency"),
        _m(80, "ORG", "JAXA", acronym=True),
        _m(100, "ORG", "CSTO", acronym=True),
        _m(120, "ORG", "NATO", acronym=True),
    ]
    groups = cluster_mentions(mentions, definitions={2: 1})
    assert groups == [[0, 3], [1, 2], [4]]


def test_entities_cluster_definition_must_abbreviate() -> None:
    mentions = [_m(0, "GPE", "WASHINGTON"), _m(12, "ORG", "AP", acronym=True)]
    assert cluster_mentions(mentions, definitions={1: 0}) == [[0], [1]]


def test_entities_cluster_label_prefers_place_for_known_places() -> None:
    mentions = [
        _m(0, "ORG", "Millom", place=True),
        _m(10, "ORG", "Millom", place=True),
        _m(20, "GPE", "Millom", place=True),
    ]
    assert cluster_label(mentions, [0, 1, 2]) == "GPE"
    unknown = [_m(0, "ORG", "Acme"), _m(10, "ORG", "Acme"), _m(20, "GPE", "Acme")]
    assert cluster_label(unknown, [0, 1, 2]) == "ORG"


# --- span corrections on hand-built Docs ------------------------------------------------


def _doc(blank: Language, text: str, ents: list[tuple[int, int, str]]) -> Doc:
    words = text.split(" ")
    iob = ["O"] * len(words)
    for start, end, label in ents:
        iob[start] = f"B-{label}"
        for i in range(start + 1, end):
            iob[i] = f"I-{label}"
    return Doc(blank.vocab, words=words, ents=iob)


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in correct_ents(doc)]


def test_entities_coordinated_places_are_split(blank: Language) -> None:
    doc = _doc(blank, "fighting in Kabul and Kandahar went on", [(2, 5, "ORG")])
    assert _ents(doc) == [("Kabul", "GPE"), ("Kandahar", "GPE")]


def test_entities_country_with_and_in_its_name_is_kept(blank: Language) -> None:
    doc = _doc(blank, "troops left Bosnia and Herzegovina today", [(2, 5, "GPE")])
    assert _ents(doc) == [("Bosnia and Herzegovina", "GPE")]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "envoys of Trinidad and Tobago met",
            [(2, 3, "GPE"), (4, 5, "PERSON")],
            [("Trinidad and Tobago", "GPE")],
        ),
        ("envoys of Trinidad and Tobago met", [(2, 3, "GPE")], [("Trinidad and Tobago", "GPE")]),
        (
            "in the Democratic Republic of the Congo today",
            [(2, 4, "GPE")],
            [("Democratic Republic of the Congo", "GPE")],
        ),
        ("in Aleppo and Idlib today", [(1, 2, "GPE")], [("Aleppo", "GPE")]),
        (
            "fighting in Kabul and Kandahar went on",
            [(2, 3, "GPE"), (4, 5, "GPE")],
            [("Kabul", "GPE"), ("Kandahar", "GPE")],
        ),
        (
            "envoys of Trinidad and Peru met",
            [(2, 3, "GPE"), (4, 5, "GPE")],
            [("Trinidad", "GPE"), ("Peru", "GPE")],
        ),
    ],
)
def test_entities_country_cut_at_its_and_is_joined(
    blank: Language,
    text: str,
    ents: list[tuple[int, int, str]],
    expected: list[tuple[str, str]],
) -> None:
    assert _ents(_doc(blank, text, ents)) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("the anti - Russian policy", [(1, 4, "NORP")], [("Russian", "NORP")]),
        ("end of Austro - Hungarian rule", [(2, 5, "NORP")], [("Hungarian", "NORP")]),
        (
            "many Russian - European projects",
            [(1, 4, "NORP")],
            [("Russian", "NORP"), ("European", "NORP")],
        ),
        # no nationality in it, or one as a whole: kept
        ("the Ultra - Orthodox parties", [(1, 4, "NORP")], [("Ultra - Orthodox", "NORP")]),
    ],
)
def test_entities_hyphenated_nationalities_are_split(
    blank: Language, text: str, ents: list[tuple[int, int, str]], expected: list[tuple[str, str]]
) -> None:
    assert _ents(_doc(blank, text, ents)) == expected


@pytest.mark.parametrize(
    ("text", "tags", "expected"),
    [
        # a proper noun the model left out that is a country or a large town: a place
        ("Azerbaijan puts pressure", "NNP VBZ NN", [("Azerbaijan", "GPE")]),
        ("then Tunis is reliant", "RB NNP VBZ JJ", [("Tunis", "GPE")]),
        ("the District of Massachusetts ruled", "DT NN IN NNP VBD", [("Massachusetts", "GPE")]),
        # a large city's other name, in a country the article names
        ("Douma is in SYRIA", "NNP VBZ IN NNP", [("Douma", "GPE"), ("SYRIA", "GPE")]),
        ("Douma is in it", "NNP VBZ IN PRP", []),
        # not a proper noun, part of a longer capitalized name, or a small village
        ("a turkey was eaten", "DT NN VBD VBN", []),
        ("the Arab Spring began", "DT NNP NNP VBD", []),
        ("at Paris Hilton events", "IN NNP NNP NNS", []),
        ("in Thornhill today", "IN NNP NN", []),
    ],
)
def test_entities_places_the_model_missed(
    blank: Language, text: str, tags: str, expected: list[tuple[str, str]]
) -> None:
    words = text.split(" ")
    ents = ["B-GPE" if w.isupper() else "O" for w in words]  # the model found those
    doc = Doc(blank.vocab, words=words, tags=tags.split(" "), ents=ents)
    assert _ents(doc) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "rejected by Manitoba Premier Brian Pallister today",
            [(2, 6, "ORG")],
            [("Manitoba", "GPE"), ("Brian Pallister", "PERSON")],
        ),
        # no person's full name after the title: an organization's name
        (
            "taken to Colchester General Hospital today",
            [(2, 5, "ORG")],
            [("Colchester General Hospital", "ORG")],
        ),
        ("the Dubai Police said", [(1, 3, "ORG")], [("Dubai Police", "ORG")]),
        # no place before the title
        (
            "the Acme Chairman John Smith said",
            [(1, 5, "ORG")],
            [("Acme Chairman John Smith", "ORG")],
        ),
    ],
)
def test_entities_place_and_titled_person_are_split(
    blank: Language, text: str, ents: list[tuple[int, int, str]], expected: list[tuple[str, str]]
) -> None:
    assert _ents(_doc(blank, text, ents)) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "as Commander of Oregon 's Guard , I",
            [(3, 6, "ORG")],
            [("Oregon", "GPE"), ("Guard", "ORG")],
        ),
        (
            "at Derry 's Altnagelvin Hospital today",
            [(1, 5, "ORG")],
            [("Derry", "GPE"), ("Altnagelvin Hospital", "ORG")],
        ),
        # the owner is no place
        (
            "the Washington Post 's Amy Wang said",
            [(1, 6, "ORG")],
            [("Washington Post 's Amy Wang", "ORG")],
        ),
    ],
)
def test_entities_place_possessive_is_split_from_the_name(
    blank: Language, text: str, ents: list[tuple[int, int, str]], expected: list[tuple[str, str]]
) -> None:
    assert _ents(_doc(blank, text, ents)) == expected


def test_entities_coordinated_organizations_are_kept(blank: Language) -> None:
    doc = _doc(blank, "a deal between Procter and Gamble staff", [(3, 6, "ORG")])
    assert _ents(doc) == [("Procter and Gamble", "ORG")]


def test_entities_coordinated_surnames_of_named_people_are_split(blank: Language) -> None:
    doc = _doc(
        blank,
        "John Lopez met Ana Carrasquillo . Lopez and Carrasquillo left",
        [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 9, "ORG")],
    )
    assert _ents(doc)[2:] == [("Lopez", "PERSON"), ("Carrasquillo", "PERSON")]


def test_entities_no_name_spans_a_paragraph_break(blank: Language) -> None:
    doc = _doc(blank, "to Kyrgyzstan \n\n ALMATY ,", [(1, 4, "ORG")])
    assert [t for t, _ in _ents(doc)] == ["Kyrgyzstan", "ALMATY"]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("said the UN 's envoy", (1, 4, "ORG"), ("UN", "ORG")),
        ("said President Obama today", (1, 3, "PERSON"), ("Obama", "PERSON")),
        ("said Mr. Lee today", (1, 3, "PERSON"), ("Lee", "PERSON")),
        ("met Deputy Ortiz today", (1, 3, "PERSON"), ("Ortiz", "PERSON")),
        ("saw The Hague today", (1, 3, "GPE"), ("The Hague", "GPE")),
        ('said " Kenyatta today', (1, 3, "PERSON"), ("Kenyatta", "PERSON")),
    ],
)
def test_entities_spans_are_trimmed(
    blank: Language, text: str, span: tuple[int, int, str], expected: tuple[str, str]
) -> None:
    assert _ents(_doc(blank, text, [span])) == [expected]


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Tajiks", "ORG", "NORP"),
        ("Kazakhs", "GPE", "NORP"),
        ("Afghan", "PERSON", "NORP"),
        ("Kenya", "ORG", "GPE"),
        ("Africa", "ORG", "LOC"),
        ("Georgia", "GPE", "GPE"),
        ("GM", "ORG", "ORG"),
        ("Tamil", "PERSON", "PERSON"),
    ],
)
def test_entities_labels_checked_against_lexicons(
    blank: Language, text: str, label: str, expected: str
) -> None:
    doc = _doc(blank, f"news about {text} today", [(2, 3, label)])
    assert _ents(doc) == [(text, expected)]


@pytest.mark.parametrize(
    ("before", "label", "expected"),
    [("in", "ORG", "GPE"), ("in", "PERSON", "GPE"), ("of", "ORG", "ORG"), ("in", "FAC", "FAC")],
)
def test_entities_city_after_locative_preposition(
    blank: Language, before: str, label: str, expected: str
) -> None:
    doc = _doc(blank, f"a shooting {before} Huntsville on Monday", [(3, 4, label)])
    assert _ents(doc) == [("Huntsville", expected)]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("a house in Paris , Texas burned", [(3, 4, "GPE"), (5, 6, "GPE")], ["Texas"]),
        ("Bentiu in Unity state fell", [(0, 1, "GPE"), (2, 3, "GPE")], ["Unity state"]),
        ("stops in Aleppo , Syria , before", [(2, 3, "GPE"), (4, 5, "GPE")], ["Syria"]),
        # a list of places, not a place in the next one
        (
            "stops in Washington , New York and Boston",
            [(2, 3, "GPE"), (4, 6, "GPE"), (7, 8, "GPE")],
            [],
        ),
        ("from Kabul , Herat , Kandahar", [(1, 2, "GPE"), (3, 4, "GPE"), (5, 6, "GPE")], []),
        (
            "China , Japan , and the Philippines warned",
            [(0, 1, "GPE"), (2, 3, "GPE"), (6, 7, "GPE")],
            [],
        ),
        # a chain of places each inside the next is no list
        (
            "in Stroud , Ontario , Canada today",
            [(1, 2, "GPE"), (3, 4, "GPE"), (5, 6, "GPE")],
            ["Ontario"],
        ),
        ("Paris , Acme said", [(0, 1, "GPE"), (2, 3, "ORG")], []),
    ],
)
def test_entities_place_written_after_a_place(
    blank: Language, text: str, ents: list[tuple[int, int, str]], expected: list[str]
) -> None:
    doc = _doc(blank, text, ents)
    spans = list(doc.ents)
    assert _qualifiers(spans[:1], {s.start: s for s in spans}) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # a town of a country the article names, labelled ORG or PERSON: a place
        (
            "flights from Harare stopped , Zimbabwe said",
            [(2, 3, "ORG"), (5, 6, "GPE")],
            ("Harare", "GPE"),
        ),
        (
            "shelling hit Manbij near Syrian towns",
            [(2, 3, "ORG"), (4, 5, "NORP")],
            ("Manbij", "GPE"),
        ),
        ("then Kent and England said", [(1, 2, "PERSON"), (3, 4, "GPE")], ("Kent", "GPE")),
        # no country of the town named
        ("then Harare agreed , London said", [(1, 2, "ORG"), (5, 6, "GPE")], None),
        ("then Harare agreed", [(1, 2, "ORG")], None),
        # a large city's other name ("Misrata" of Misratah)
        ("then Misrata agreed , Libya said", [(1, 2, "PERSON"), (4, 5, "GPE")], ("Misrata", "GPE")),
        # a country named by the own name of its admin unit
        (
            "grants revitalize Immokalee , Collier County said",
            [(2, 3, "ORG"), (4, 6, "GPE")],
            ("Immokalee", "GPE"),
        ),
        # a person's surname, a company, the start of a longer name
        (
            "Kent said , Rob Kent of England added",
            [(0, 1, "PERSON"), (3, 5, "PERSON"), (7, 8, "GPE")],
            ("Kent", "PERSON"),
        ),
        (
            "Toyota said , Toyota Motor in Japan added",
            [(0, 1, "ORG"), (3, 5, "ORG"), (6, 7, "GPE")],
            ("Toyota", "ORG"),
        ),
        (
            "then Harare Mayor spoke , Zimbabwe said",
            [(1, 2, "ORG"), (5, 6, "GPE")],
            ("Harare", "ORG"),
        ),
    ],
)
def test_entities_town_of_the_article_labelled_org_or_person(
    blank: Language,
    text: str,
    ents: list[tuple[int, int, str]],
    expected: tuple[str, str] | None,
) -> None:
    found = _ents(_doc(blank, text, ents))
    if expected is None:
        assert found[0][1] != "GPE"
    else:
        assert expected in found


def test_entities_dateline_parts_are_places(blank: Language) -> None:
    doc = _doc(
        blank, "BISHKEK , Kyrgyzstan ( Reuters ) - Police said", [(0, 3, "ORG"), (4, 5, "ORG")]
    )
    doc._.set(attrs.DATELINE, [0, len("BISHKEK , Kyrgyzstan")])
    assert _ents(doc) == [("BISHKEK", "GPE"), ("Kyrgyzstan", "GPE"), ("Reuters", "ORG")]


@pytest.mark.parametrize("dateline", [[0, 0], [3, 2], [4, 6], [0, 400]])
def test_entities_odd_dateline_offsets_do_not_raise(blank: Language, dateline: list[int]) -> None:
    doc = _doc(blank, "BISHKEK , \n\n Kyrgyzstan said", [(0, 1, "ORG")])
    doc._.set(attrs.DATELINE, dateline)
    assert all(e.text.strip() for e in correct_ents(doc))


def test_entities_name_extended_to_spell_an_acronym(blank: Language) -> None:
    doc = _doc(
        blank,
        "the North Atlantic Treaty Organization met . NATO said",
        [(1, 4, "ORG"), (7, 8, "ORG")],
    )
    assert _ents(doc) == [("North Atlantic Treaty Organization", "ORG"), ("NATO", "ORG")]


def test_entities_name_extended_to_its_parenthesized_acronym(blank: Language) -> None:
    doc = _doc(
        blank,
        "troops of the African Union Mission in Somalia ( AMISOM ) said",
        [(3, 6, "ORG"), (7, 8, "GPE")],
    )
    assert _ents(doc) == [("African Union Mission in Somalia", "ORG"), ("AMISOM", "ORG")]


def test_entities_name_not_extended_without_acronym(blank: Language) -> None:
    doc = _doc(blank, "the North Atlantic Treaty Organization met", [(1, 4, "ORG")])
    assert _ents(doc) == [("North Atlantic Treaty", "ORG")]


def test_entities_missed_names_are_added(blank: Language) -> None:
    doc = _doc(
        blank,
        "Lena Okafor of the Shanghai Cooperation Organisation said ethnic Uzbeks fled ."
        " Okafor said SCO observers and the Committee to Protect Journalists ( CPJ ) saw it",
        [(0, 2, "PERSON"), (4, 7, "ORG"), (18, 22, "ORG")],
    )
    assert _ents(doc) == [
        ("Lena Okafor", "PERSON"),
        ("Shanghai Cooperation Organisation", "ORG"),
        ("Uzbeks", "NORP"),
        ("Okafor", "PERSON"),
        ("SCO", "ORG"),
        ("Committee to Protect Journalists", "ORG"),
        ("CPJ", "ORG"),
    ]


def test_entities_lone_words_and_undefined_acronyms_are_not_added(blank: Language) -> None:
    doc = _doc(
        blank,
        "Reuters said WASHINGTON ( AP ) and Police arrived . Reuters and Police",
        [(0, 1, "ORG"), (2, 3, "GPE"), (7, 8, "ORG")],
    )
    assert _ents(doc) == [("Reuters", "ORG"), ("WASHINGTON", "GPE"), ("Police", "ORG")]


def test_entities_infinitive_verb_is_no_name(nlp: Language) -> None:
    doc = nlp("The alliance agreed to Send Police to the border.")
    assert "Send Police" not in {e.text for e in doc.ents}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("due at 16:30 UTC today", []),
        ("closed at 4 p.m. EST today", []),
        ("landed ( 16:30 GMT ) today", []),
        ("the 12 UTC members", [("UTC", "ORG")]),
    ],
)
def test_entities_time_zones_are_no_organizations(
    blank: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    words = text.split(" ")
    i = next(i for i, w in enumerate(words) if w in ("UTC", "EST", "GMT"))
    assert _ents(_doc(blank, text, [(i, i + 1, "ORG")])) == expected


def test_entities_other_labels_are_kept(blank: Language) -> None:
    doc = _doc(
        blank,
        "On Monday 300 people fled Kabul and Kandahar",
        [(1, 2, "DATE"), (2, 3, "CARDINAL"), (5, 8, "GPE")],
    )
    assert _ents(doc) == [
        ("Monday", "DATE"),
        ("300", "CARDINAL"),
        ("Kabul", "GPE"),
        ("Kandahar", "GPE"),
    ]


# --- roles (model) ----------------------------------------------------------------------


ROLE_CASES = [
    (
        "UN Secretary-General Ban Ki-moon said on Tuesday that talks would resume.",
        "UN Secretary-General",
    ),
    ("Afghan President Hamid Karzai said the talks were useful.", "Afghan President"),
    ("Kenya's President Uhuru Kenyatta said the border would stay open.", "President"),
    (
        "Maria Lopez, head of the UN refugee agency in Kenya, told reporters the camps were full.",
        "head of the UN refugee agency in Kenya",
    ),
    ("Police spokesman Charles Owino said two officers were hurt.", "Police spokesman"),
    ("Gen. David Petraeus will visit the base.", "Gen."),
    ("The head of the mission, Maria Lopez, said the camps were full.", "head of the mission"),
    ("Hamid Karzai said on Monday that the talks were useful.", None),
    ("Mr. John Smith said the shop was closed.", None),
    ("John Smith, 45, was arrested in Nairobi.", None),
    ("Witnesses saw John Smith run away.", None),
]


@pytest.mark.parametrize(("text", "role"), ROLE_CASES)
def test_entities_roles(nlp: Language, text: str, role: str | None) -> None:
    doc = nlp(text)
    person = next(e for e in doc.ents if e.label_ == "PERSON")
    found = [doc[s:e].text for s, e in find_roles(person)]
    assert found == ([role] if role else [])


# --- the component ----------------------------------------------------------------------


def _entity(record: Record, name: str) -> Entity:
    found = [e for e in record.entities if e.name == name]
    assert found, [e.name for e in record.entities]
    return found[0]


def test_entities_people_cluster_with_roles_and_organizations(extractor: Any) -> None:
    record = extractor.extract_text(
        "Maria Lopez, a spokeswoman for the World Food Programme, said food ran out. "
        "The WFP has asked for more money, Lopez said.",
        published="2011-03-02",
    )
    lopez = _entity(record, "Maria Lopez")
    assert lopez.label == "PERSON"
    assert lopez.aliases == ["Lopez"]
    assert [m.kind for m in lopez.mentions] == ["name", "alias"]
    wfp = _entity(record, "World Food Programme")
    assert wfp.aliases == ["WFP"]
    assert [m.kind for m in wfp.mentions] == ["name", "acronym"]
    assert [(r.text, r.org_id) for r in lopez.roles] == [
        ("spokeswoman for the World Food Programme", wfp.id)
    ]


def test_entities_dateline_place_and_geocoding(extractor: Any) -> None:
    record = extractor.extract_text(
        "BISHKEK, Kyrgyzstan (Reuters) - Police in Osh said on Friday that the curfew in "
        "Osh and Jalal-Abad would be lifted.\n\nIt was imposed in June.",
        published="2010-07-16",
    )
    assert record.dateline is not None
    city = _entity(record, "Bishkek")
    assert record.dateline.entity_id == city.id
    assert [m.text for m in city.mentions] == ["BISHKEK"]
    for name in ("Bishkek", "Kyrgyzstan", "Osh", "Jalal-Abad"):
        geo = _entity(record, name).geo
        assert geo is not None and geo.country_code == "KG", name
    assert "Osh and Jalal-Abad" not in {m.text for e in record.entities for m in e.mentions}


def test_entities_possessives_and_determiners_are_trimmed(extractor: Any) -> None:
    record = extractor.extract_text(
        "The United Nations' envoy met the UN's refugee chief in Geneva.", published="2011-03-02"
    )
    forms = {m.text for e in record.entities for m in e.mentions}
    assert "United Nations" in forms
    assert not any(f.startswith(("the ", "The ")) or f.endswith(("'s", "'")) for f in forms)


def test_entities_one_entity_per_geonames_place(extractor: Any) -> None:
    record = extractor.extract_text(
        "Burma's army said on Monday that Myanmar would hold elections.", published="2011-03-02"
    )
    places = [e for e in record.entities if e.geo and e.geo.country_code == "MM"]
    assert len(places) == 1
    assert {m.text for m in places[0].mentions} == {"Burma", "Myanmar"}
    assert len(places[0].aliases) == 1


def test_entities_unresolved_places_have_no_geo(extractor: Any) -> None:
    record = extractor.extract_text(
        "Fighting spread across Middle Earth and Narnia, officials said.", published="2011-03-02"
    )
    assert all(e.geo is None for e in record.entities)


def test_entities_component_rewrites_doc_ents(nlp: Language) -> None:
    doc = nlp("At least 300 people were killed in clashes between ethnic Tajiks and Pashtuns.")
    assert ("Tajiks", "NORP") in [(e.text, e.label_) for e in doc.ents]
    heads = attrs.get_items(doc, attrs.ENTITIES)
    assert all(e["id"].startswith("E") for e in heads)
    mentions = attrs.get_items(doc, attrs.MENTIONS)
    assert {m["entity"] for m in mentions} == {e["id"] for e in heads}
