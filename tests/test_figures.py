"""Figures: case tables on the real model (with negatives) and rule tests on hand-built Docs."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from extract import Extractor, attrs
from extract.figures import find_figures
from extract.figures.rules import CASUALTY, load_rules
from models import Figure


def _figures(extractor: Extractor, text: str) -> list[Figure]:
    return extractor.extract_text(text, published="2010-07-16").figures


def _one(extractor: Extractor, text: str, number: str) -> Figure:
    found = [f for f in _figures(extractor, text) if number in f.text]
    assert found, f"no figure with {number!r} in {text!r}: {_figures(extractor, text)}"
    return found[0]


CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "At least 300 people were killed in clashes last month.",
        "300",
        {"value": 300, "low": 300, "high": None, "counted": "people", "category": "killed"},
    ),
    ("Gunmen killed nine in the village.", "nine", {"value": 9, "category": "killed"}),
    ("Gunmen killed nine people.", "nine", {"value": 9, "counted": "people"}),
    ("4 dead, 2 hurt in shooting.", "4", {"value": 4, "category": "killed"}),
    ("4 dead, 2 hurt in shooting.", "2", {"value": 2, "category": "injured"}),
    ("Five people, two of them children, were hurt.", "Five", {"category": "injured"}),
    (
        "Five people, two of them children, were hurt.",
        "two",
        {"value": 2, "counted": "children", "category": "injured"},
    ),
    (
        "More than 15,000 refugees crossed the border.",
        "15,000",
        {"value": None, "low": 15001, "counted": "refugees", "category": "displaced"},
    ),
    (
        "Tens of thousands of residents have fled the city.",
        "thousands",
        {"vague": True, "low": 20000, "counted": "residents", "category": "displaced"},
    ),
    ("12 people were killed, 85 wounded.", "85", {"value": 85, "category": "injured"}),
    (
        "The storm damaged some 2,000 houses.",
        "2,000",
        {"value": 2000, "approximate": True, "counted": "houses", "category": "property"},
    ),
    (
        "Between 40 and 50 protesters were arrested.",
        "40",
        {"low": 40, "high": 50, "counted": "protesters", "category": "arrested"},
    ),
    (
        "As many as 80 people were also wounded.",
        "80",
        {"value": 80, "high": 80, "category": "injured", "modality": "uncertain"},
    ),
    ("The death toll rose to 45 on Tuesday.", "45", {"value": 45, "category": "killed"}),
    # doubt about who they are is no doubt about the deaths; doubt about the deaths is
    (
        "Five suspected militants were killed.",
        "Five",
        {"value": 5, "category": "killed", "modality": "reported"},
    ),
    (
        "Five people were feared killed.",
        "Five",
        {"value": 5, "category": "killed", "modality": "uncertain"},
    ),
    # a report since corrected is in doubt; a report is not
    (
        "Police initially said five people were killed.",
        "five",
        {"value": 5, "category": "killed", "modality": "uncertain"},
    ),
    (
        "Police said five people were killed.",
        "five",
        {"value": 5, "category": "killed", "modality": "reported"},
    ),
    ("Militants kidnapped three foreign workers.", "three", {"category": "kidnapped"}),
    (
        "The government will deploy 5,000 troops.",
        "5,000",
        {"counted": "troops", "category": "personnel", "modality": "planned"},
    ),
    (
        "The UN plans to send 300 more peacekeepers.",
        "300",
        {"category": "personnel", "modality": "planned"},
    ),
    (
        "It said it would send a 52-member unarmed police force.",
        "52",
        {"value": 52, "counted": "police", "category": "personnel", "modality": "planned"},
    ),
    (
        "The police group could be expanded to 102 members if needed.",
        "102",
        {"value": 102, "category": "personnel", "modality": "potential"},
    ),
    (
        "A group of less than 10 unarmed observers was sent.",
        "10",
        {"value": None, "high": 9, "counted": "observers", "category": "personnel"},
    ),
    ("Thousands of homes burned down.", "Thousands", {"low": 2000, "category": "property"}),
    ("He fatally shot eight people.", "eight", {"category": "killed"}),
    ("Two were nearly killed when they were shot.", "Two", {"category": "injured"}),
    ("Police captured three boats.", "three", {"category": "other", "counted": "boats"}),
    ("The quake left more than 31,000 people dead.", "31,000", {"category": "killed"}),
    ("Dozens of people were missing after the flood.", "Dozens", {"category": "missing"}),
    ("A man shot and killed two co-workers.", "two", {"counted": "co-workers"}),
    ("Three deputies suffered minor injuries.", "Three", {"category": "injured"}),
    ("The two other victims were being treated at a hospital.", "two", {"category": "injured"}),
    ("Two men were treated and released.", "Two", {"category": "injured"}),
    ("Two men were in critical condition on Monday.", "Two", {"category": "injured"}),
    ("Two men were in custody on Monday.", "Two", {"category": "arrested"}),
    ("Around 40 residents were taken to hospital with injuries.", "40", {"category": "injured"}),
    ("Nine miners were killed and 14 trapped underground.", "14", {"category": "missing"}),
    ("Six guards sustained gunshot wounds.", "Six", {"category": "injured"}),
    ("Two gunmen killed a shopkeeper.", "Two", {"category": "other"}),
    ("Three people had lunch with the mayor.", "Three", {"category": "other"}),
    ("The landslide killed three, leaving two others missing.", "two", {"category": "missing"}),
    ("About 300 people slept outdoors after the quake.", "300", {"category": "displaced"}),
    ("About 300 people slept well after the match.", "300", {"category": "other"}),
    # the category from the group a count is among, part of, or a total of
    ("Three policemen were among the dead.", "Three", {"category": "killed"}),
    ("Two soldiers were among those killed.", "Two", {"category": "killed"}),
    ("Among the wounded were 12 children.", "12", {"category": "injured"}),
    ("The dead included five foreigners.", "five", {"category": "killed"}),
    ("Three policemen were among the guests.", "Three", {"category": "personnel"}),
    ("Five of the dead were children.", "Five", {"category": "killed"}),
    ("Seven of the injured are in hospital.", "Seven", {"category": "injured"}),
    ("Five of the guests were children.", "Five", {"category": "other"}),
    ("The attack killed 10, including four police officers.", "four", {"category": "killed"}),
    ("The unit has 10 members, including four police officers.", "four", {"category": "personnel"}),
    ("Police said 17 were injured, four of them seriously.", "four", {"category": "injured"}),
    ("Firefighters rescued 14 people, two of whom were injured.", "14", {"category": "other"}),
    ("Firefighters rescued 14 people, two of whom were injured.", "two", {"category": "injured"}),
    ("Of the 30 passengers, 12 were killed.", "12", {"category": "killed"}),
    ("A total of 43 militants were captured.", "43", {"category": "arrested"}),
    ("Officials put the number of dead at 89.", "89", {"category": "killed"}),
    ("The number of refugees rose to 5,000.", "5,000", {"category": "displaced"}),
    ("Quake death toll tops 500", "500", {"category": "killed"}),
    ("Twelve people were killed and four are missing.", "four", {"category": "missing"}),
    # lives claimed, cost or lost are deaths; lives saved are not
    ("The bombing claimed the lives of 15 people.", "15", {"category": "killed"}),
    ("The floods have claimed 40 lives.", "40", {"category": "killed"}),
    ("Eleven people lost their lives in the stampede.", "Eleven", {"category": "killed"}),
    ("The violence has cost 300 lives.", "300", {"category": "killed"}),
    ("The new dam saved 40 lives.", "40", {"category": "other"}),
    # injuries, displacement and arrest told by other words
    ("The fire left three firefighters with burns.", "three", {"category": "injured"}),
    ("Dozens of people suffered cuts and bruises.", "Dozens", {"category": "injured"}),
    ("More than 60 people were admitted to hospital.", "60", {"category": "injured"}),
    ("Some 5,000 people have been forced from their homes.", "5,000", {"category": "displaced"}),
    ("Thousands flee as fighting intensifies", "Thousands", {"category": "displaced"}),
    ("Four men are being held in connection with the attack.", "Four", {"category": "arrested"}),
    ("Four men are being held hostage.", "Four", {"category": "kidnapped"}),
    ("The fighting forced 30,000 people to flee their homes.", "30,000", {"category": "displaced"}),
    ("The storm forced 300 people to cancel their trips.", "300", {"category": "other"}),
    ("Police said they had taken 25 people into custody.", "25", {"category": "arrested"}),
    ("They had taken 25 people into the city.", "25", {"category": "other"}),
    ("Two police officers were shot and wounded.", "Two", {"category": "injured"}),
    ("Two men were shot and later arrested.", "Two", {"category": "other"}),
    ("The attack left 14 dead, among them three children.", "three", {"category": "killed"}),
    ("Eight others remain in hospital.", "Eight", {"category": "injured"}),
    ("More than 1,000 families have taken shelter in schools.", "1,000", {"category": "displaced"}),
    ("The war killed 3,000 people last year.", "3,000", {"counted": "people"}),
    ("Police arrested 40 protesters last week.", "40", {"category": "arrested"}),
    ("Four Americans died in the attack.", "Four", {"counted": "americans", "category": "killed"}),
    ("The bombings killed 224 people, including 12 Americans.", "12", {"category": "killed"}),
    ("We lost 3,000 people on that day.", "3,000", {"category": "killed"}),
    ("The company lost 3,000 customers last year.", "3,000", {"category": "other"}),
    ("The firm lost 3,000 jobs.", "3,000", {"category": "other"}),
    ("The company announced 3,000 job cuts.", "3,000", {"category": "other"}),
    ("Rebels held five towns in the north.", "five", {"category": "other"}),
    ("The government held three meetings with rebels.", "three", {"category": "other"}),
    ("The army lost 20 soldiers in the battle.", "20", {"category": "killed"}),
    ("A massacre left nine dead last year.", "nine", {"category": "killed"}),
    ("Two people had to be evacuated from the building.", "Two", {"category": "displaced"}),
    ("Six suspects remained in detention.", "Six", {"category": "arrested"}),
    ("The death of six soldiers shocked the nation.", "six", {"category": "killed"}),
    ("The slayings of 14 women remain unsolved.", "14", {"category": "killed"}),
    ("More than 1 million asylum seekers arrived.", "1 million", {"category": "displaced"}),
    ("Two of the four women were strangled.", "Two", {"category": "killed"}),
    # a count whose verb is left out, being that of the count before it
    ("Three were killed in Aleppo, two in Idlib and one in Daraa.", "two", {"category": "killed"}),
    ("Three were killed in Aleppo, two in Idlib and one in Daraa.", "one", {"category": "killed"}),
    ("The bombs killed 40 people in Baghdad and 12 in Mosul.", "12", {"category": "killed"}),
    ("Five died at the scene and another two later in hospital.", "two", {"category": "killed"}),
    ("900 were killed this year compared with 1,400 in 2014.", "1,400", {"category": "killed"}),
    ("The toll stood at 61 dead, up from 48 on Friday.", "48", {"category": "killed"}),
    ("Two people were killed, and 500 troops were sent in.", "500", {"category": "personnel"}),
    ("The blast left one dead and two more injured.", "two", {"category": "injured"}),
    ("Two of the injured are in critical condition and one died.", "one", {"category": "killed"}),
    ("Police said four died but later raised the figure to 7.", "7", {"category": "killed"}),
    ("Two more bodies were found, bringing the total to 45.", "45", {"category": "killed"}),
    # people set free are not counted as taken, unless the phrase says they were
    ("Eight aid workers kidnapped in May were freed.", "Eight", {"category": "kidnapped"}),
    # seized or held: by whom
    ("Gunmen are holding 30 people inside the hotel.", "30", {"category": "kidnapped"}),
    ("Police are holding six men.", "six", {"category": "arrested"}),
    ("Pirates seized the tanker and its 22 crew.", "22", {"category": "kidnapped"}),
    ("Police picked up 15 people overnight.", "15", {"category": "arrested"}),
    # a describing clause whose object is the counted noun; a killing beats a participle
    ("Pirates still hold the 18 crew members they seized.", "18", {"category": "kidnapped"}),
    ("The 30 people they killed were all civilians.", "30", {"category": "killed"}),
    ("The army named the 12 men it captured.", "12", {"category": "arrested"}),
    ("We mourn the four Americans that we lost.", "four", {"category": "killed"}),
    ("Militants executed three captured soldiers.", "three", {"category": "killed"}),
    # other words and forms
    ("Gunmen mowed down eight villagers.", "eight", {"category": "killed"}),
    ("Two reporters were taken captive.", "Two", {"category": "kidnapped"}),
    ("Thousands have sought refuge in Jordan.", "Thousands", {"category": "displaced"}),
    ("About 4,000 people are without shelter.", "4,000", {"category": "displaced"}),
    ("A school now shelters 300 families.", "300", {"category": "displaced"}),
    ("Twenty people were swept away by the floodwaters.", "Twenty", {"category": "missing"}),
    ("Nine people are listed as missing.", "Nine", {"category": "missing"}),
    ("Four people are in a critical condition.", "Four", {"category": "injured"}),
    ("Twelve officers suffered cuts in the clashes.", "Twelve", {"category": "injured"}),
    ("3 Firefighters Hurt in Warehouse Blaze", "3", {"category": "injured"}),
    ("7 missing after boat capsizes", "7", {"category": "missing"}),
    ("Five suspects are believed to be in custody.", "Five", {"category": "arrested"}),
    ("He died with three other passengers.", "three", {"category": "killed"}),
    ("He was arrested with two others.", "two", {"category": "arrested"}),
    ("The arrest brought to six the number of people in custody.", "six", {"category": "arrested"}),
    ("About 20 veterans commit suicide every day.", "20", {"category": "killed"}),
    ("Three men were released from hospital after treatment.", "Three", {"category": "injured"}),
    ("Four men were hanged at dawn.", "Four", {"category": "killed"}),
    ("Three men were remanded in custody.", "Three", {"category": "arrested"}),
    ("Two suspects were handed over to police.", "Two", {"category": "arrested"}),
    ("Three held over embassy bombing", "Three", {"category": "arrested"}),
    ("Eight feared dead in mine collapse", "Eight", {"category": "killed"}),
    ("Nearly 500 people have been made homeless.", "500", {"category": "displaced"}),
    ("About 20 people were shot, five of them fatally.", "five", {"category": "killed"}),
    ("A fire trapped dozens of residents on the upper floors.", "dozens", {"category": "missing"}),
    ("Gunmen kidnapped 12 church volunteers.", "12", {"category": "kidnapped"}),
    ("The hostage-takers were still holding 30 people.", "30", {"category": "kidnapped"}),
    ("The quake left about 15,000 without homes.", "15,000", {"category": "displaced"}),
    ("Some 2,800 families are in need of shelter.", "2,800", {"category": "displaced"}),
    ("Some 50,000 people remain in temporary shelters.", "50,000", {"category": "displaced"}),
    ("Rescuers seek 85 people believed to be trapped.", "85", {"category": "missing"}),
    ("War forced 250,000 people out of their homes.", "250,000", {"category": "displaced"}),
    ("More than 120,000 people have crossed the border.", "120,000", {"category": "displaced"}),
    ("About 3,000 troops crossed the border.", "3,000", {"category": "personnel"}),
    ("He has 1,237 delegates needed to capture the nomination.", "1,237", {"category": "other"}),
]


@pytest.mark.parametrize(("text", "number", "expected"), CASES)
def test_figures_case_table(
    extractor: Extractor, text: str, number: str, expected: dict[str, Any]
) -> None:
    figure = _one(extractor, text, number)
    for key, value in expected.items():
        assert getattr(figure, key) == value, (key, figure)


@pytest.mark.parametrize(
    "text",
    [
        "A 17-year-old was arrested.",
        "A 5.8-magnitude quake struck the region.",
        "He was shot three times.",
        "One of the shells hit the roof.",
        "The country gained independence in 1991.",
        "The party won 80% of the vote.",
        "The government pledged $5 million.",
        "The attack began at 9 a.m. on June 24.",
        "He carried a Kalashnikov AK-47.",
        "Call 907-745-1234 for details.",
        "Comeaux, 49, took the officers' weapons.",
        "The unrest lasted two years.",
        "He was arrested five buildings away.",
        "Kyrgyzstan first asked for troops.",
        "When one is killed, all of us lose.",
        "The brothers, both 19, were hurt.",
        "The brothers, aged 23, were arrested.",
        "No child should lose his life.",
        "Police say none of the injuries are life-threatening.",
        "He was held at the No. 2 Detention Centre.",
        "No state has been hurt more than Wyoming.",
        "Mary Jones of Boston, 34, was hurt.",
        "Ann Lee and Cy Diaz — 16 and 17 — were hurt.",
    ],
)
def test_figures_negatives(extractor: Extractor, text: str) -> None:
    assert _figures(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("No one was killed in the attack.", "killed"),
        ("No-one was injured, police said.", "injured"),
        ("Nobody was hurt.", "injured"),
        ("No arrests were made.", "arrested"),
        ("None of those people were injured.", "injured"),
    ],
)
def test_figures_zero_counts(extractor: Extractor, text: str, category: str) -> None:
    figures = _figures(extractor, text)
    assert len(figures) == 1
    zero = figures[0]
    assert (zero.value, zero.low, zero.high, zero.negated) == (0, 0, 0, True)
    assert (zero.category, zero.modality) == (category, "reported")


@pytest.mark.parametrize(
    "text",
    [
        "The gunmen released 12 hostages on Sunday.",
        "Three of the hostages were freed by troops.",
        "Forty-one hostages were released after the raid.",
        "The stadium holds 50,000 people.",
        "A fishing boat picked up 15 people.",
        "Kasich picked up all 66 delegates.",
        "Millions lost their homes in the crisis.",
        "About 1,000 turkeys have been confirmed as dying of bird flu.",
        "Officials found 4,000 dead birds near the lake.",
        "Coast guards rescued 112 migrants.",
        "Twenty passengers escaped unhurt.",
        "Seventy prisoners escaped after the attack.",
    ],
)
def test_figures_not_casualties(extractor: Extractor, text: str) -> None:
    """People set free, and people held or picked up by no captor, are no casualty count."""
    assert [f for f in _figures(extractor, text) if f.category in CASUALTY] == []


def test_figures_no_zero_for_unrelated_no(extractor: Extractor) -> None:
    assert _figures(extractor, "No one knows why. There was no reason.") == []


def test_figures_repeats_merge(extractor: Extractor) -> None:
    text = (
        "The OSCE said it would send a 52-member police force. "
        'A spokesman said: "The group will consist of 52 policemen."'
    )
    figures = [f for f in _figures(extractor, text) if f.value == 52]
    assert len(figures) == 1
    assert [m.text for m in figures[0].mentions] == ["52 policemen"]


def test_figures_conflicting_counts_stay_apart(extractor: Extractor) -> None:
    text = "Officials said 10 people were killed. Witnesses said 14 people were killed."
    assert sorted(f.value for f in _figures(extractor, text) if f.category == "killed") == [10, 14]


def test_figures_link_place_and_date(extractor: Extractor) -> None:
    record = extractor.extract_text(
        "At least 300 people were killed in Baghdad last month.", published="2010-07-16"
    )
    figure = record.figures[0]
    names = {e.id: e.name for e in record.entities}
    assert "Baghdad" in {names[i] for i in figure.entity_ids}
    assert figure.date_id is not None
    assert next(d for d in record.dates if d.id == figure.date_id).text == "last month"


@pytest.mark.parametrize(
    ("text", "value", "places", "date"),
    [
        # the parse attaches place and date to the second conjunct only: the sentence decides
        (
            "Twelve people were killed in clashes between rival clans and hundreds of homes "
            "burned down in Kandahar and Kabul last week.",
            12,
            {"Kandahar", "Kabul"},
            "last week",
        ),
        # a planned deployment does not take a date or place from elsewhere in its sentence
        (
            "The UN said it would send 200 observers to monitor the truce after fighting in "
            "Kandahar last week.",
            200,
            set(),
            None,
        ),
        # two dates in the sentence, none in the figure's clause: no guess
        (
            "Twelve people died, officials said on Monday, after clashes that began on Sunday.",
            12,
            set(),
            None,
        ),
    ],
)
def test_figures_link_from_the_sentence(
    extractor: Extractor, text: str, value: int, places: set[str], date: str | None
) -> None:
    record = extractor.extract_text(text, published="2010-07-16")
    figure = next(f for f in record.figures if f.value == value)
    names = {e.id: e.name for e in record.entities if e.label in ("GPE", "LOC")}
    assert {names[i] for i in figure.entity_ids if i in names} == places
    linked = next((d.text for d in record.dates if d.id == figure.date_id), None)
    assert linked == date


def _parsed(blank: Language, rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A Doc from (word, head, dep, tag, pos) rows, lemma = lower-cased word."""
    words, heads, deps, tags, pos = (list(column) for column in zip(*rows, strict=True))
    lemmas = [w.lower() for w in words]
    return Doc(blank.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)


def test_figures_category_from_the_parse(blank: Language) -> None:
    doc = _parsed(
        blank,
        [
            ("12", 1, "nummod", "CD", "NUM"),
            ("soldiers", 3, "nsubjpass", "NNS", "NOUN"),
            ("were", 3, "auxpass", "VBD", "AUX"),
            ("kill", 3, "ROOT", "VBN", "VERB"),
            (".", 3, "punct", ".", "PUNCT"),
        ],
    )
    ((start, end, payload),) = find_figures(doc)
    assert doc.text[start:end] == "12 soldiers"
    assert (payload["category"], payload["counted"], payload["value"]) == ("killed", "soldiers", 12)


def test_figures_agent_is_not_a_casualty(blank: Language) -> None:
    doc = _parsed(
        blank,
        [
            ("5", 1, "nummod", "CD", "NUM"),
            ("gunmen", 2, "nsubj", "NNS", "NOUN"),
            ("kill", 2, "ROOT", "VBD", "VERB"),
            ("villagers", 2, "dobj", "NNS", "NOUN"),
            (".", 2, "punct", ".", "PUNCT"),
        ],
    )
    ((_, _, payload),) = find_figures(doc)
    assert payload["category"] == "other"


def test_figures_rules_are_validated() -> None:
    rules = load_rules()
    assert rules.nouns["refugees"] == "displaced"
    assert "people" in rules.people


def test_figures_none_without_numbers(blank: Language) -> None:
    attrs.register_extensions()
    assert find_figures(blank("Police said the situation was calm.")) == []
