"""Speaker resolution: names, pronoun chains, titles, organizations, gender."""

from __future__ import annotations

import pytest

from extract import Article, Extractor
from extract.quotes.speakers import forename_gender
from models import Quote


def _quotes(extractor: Extractor, text: str) -> list[Quote]:
    record = extractor.extract(Article(text=text, verbatim=True, published="2016-07-27"))
    return record.quotes


def _speakers(quotes: list[Quote]) -> list[tuple[str, str | None, str]]:
    return [
        (q.speaker.text, q.speaker.name, q.speaker.resolution) if q.speaker else ("", None, "")
        for q in quotes
    ]


@pytest.mark.parametrize(
    ("name", "gender"),
    [("Herbert", "male"), ("Roza", "female"), ("Hillary", "female"), ("Xqzt", None)],
)
def test_speakers_forename_gender(name: str, gender: str | None) -> None:
    assert forename_gender(name) == gender


def test_speakers_pronoun_chain_across_paragraphs(extractor: Extractor) -> None:
    text = (
        "Anna Petrova, the head of the regional aid office, met John Miller on Monday.\n\n"
        "“The roads to the north are closed,” she said.\n\n"
        "Miller gave no date for the convoy.\n\n"
        "He said the convoy would leave once the bridge was repaired.\n\n"
        "“We are ready to go,” he said."
    )
    assert _speakers(_quotes(extractor, text)) == [
        ("she", "Anna Petrova", "pronoun"),
        ("He", "John Miller", "pronoun"),
        ("he", "John Miller", "pronoun"),
    ]


def test_speakers_gender_from_title(extractor: Extractor) -> None:
    text = (
        "Mrs. Kim Tran and Alex Moreno visited the camp on Friday.\n\n"
        "“Nobody here has had clean water for a week,” she said."
    )
    ((text_, name, resolution),) = _speakers(_quotes(extractor, text))
    assert (text_, name, resolution) == ("she", "Kim Tran", "pronoun")


def test_speakers_pronoun_without_antecedent_is_unresolved(extractor: Extractor) -> None:
    (quote,) = _quotes(extractor, "“The fighting has stopped for now,” she said.")
    assert quote.speaker is not None
    assert (quote.speaker.text, quote.speaker.entity_id) == ("she", None)
    assert quote.speaker.resolution == "none"


def test_speakers_title_resolves_to_the_role_holder(extractor: Extractor) -> None:
    text = (
        "OSCE Secretary-General Marc Perrin de Brichambaut arrived in Vienna on Friday.\n\n"
        "The secretary-general said that the mission would start next month."
    )
    (quote,) = _quotes(extractor, text)
    assert quote.speaker is not None
    assert quote.speaker.text == "The secretary-general"
    assert (quote.speaker.name, quote.speaker.resolution) == ("Marc Perrin de Brichambaut", "title")


def test_speakers_apposition_becomes_the_role(extractor: Extractor) -> None:
    text = (
        "“The group will work with the population,” Herbert Salber, director of the "
        "OSCE Conflict Prevention Center, told reporters."
    )
    (quote,) = _quotes(extractor, text)
    assert quote.speaker is not None
    assert quote.speaker.text == "Herbert Salber"
    assert quote.speaker.role == "director of the OSCE Conflict Prevention Center"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Russia has warned that the attempt may bring more chaos to the region.", "Russia"),
        ("The United Nations said on Friday that 300 people had been killed.", "United Nations"),
    ],
)
def test_speakers_organizations_speak_for_themselves(
    extractor: Extractor, text: str, speaker: str
) -> None:
    (quote,) = _quotes(extractor, text)
    assert quote.speaker is not None
    assert (quote.speaker.text, quote.speaker.resolution) == (speaker, "organization")
    assert quote.speaker.entity_id is not None


def test_speakers_quoted_names_are_not_antecedents(extractor: Extractor) -> None:
    text = (
        "Omar Haddad spoke to reporters in the capital.\n\n"
        "“Hillary Clinton should visit the camps,” he said."
    )
    ((text_, name, resolution),) = _speakers(_quotes(extractor, text))
    assert (text_, name, resolution) == ("he", "Omar Haddad", "pronoun")


# text -> (speaker as written, canonical name, resolution, role)
SPEAKER_FORMS = [
    # the subject of "told" speaks; its object is the addressee
    (
        "The mayor, Hamid Sultani, told Sky News: “We have lost everything in this town.”",
        ("Hamid Sultani", "Hamid Sultani", "name", None),
    ),
    # a title and a name after the verb, no comma between them
    (
        "“We are still counting the dead,” said disaster agency official Fauzi. “The roads "
        "are blocked.”",
        ("Fauzi", "Fauzi", None, "disaster agency official"),
    ),
    (
        "“We need food and tents,” said regional police spokesman Ahmed Rahimi.",
        ("Ahmed Rahimi", "Ahmed Rahimi", "name", "regional police spokesman"),
    ),
    # an abbreviated title the tokenizer cut from its period
    (
        "“There is a suspicion that he was seeking a third man,” said city police Lt. "
        "Dana Kowalczyk.",
        ("Dana Kowalczyk", "Dana Kowalczyk", "name", None),
    ),
]


SPEAKER_FORMS += [
    # a person in apposition to the organization a spokesman speaks for
    (
        "A spokesman for the Taliban, Zabihullah Mujahid, said: “Our fighters took the district.”",
        ("Zabihullah Mujahid", "Zabihullah Mujahid", "name", "A spokesman for the Taliban"),
    ),
    # a run of abbreviated ranks after the quotation does not end the tag
    (
        "The army said it had repelled the attack. “Our forces are in full control,” army "
        "spokesman Brig. Gen. Yahya Rasool said.",
        ("Yahya Rasool", "Yahya Rasool", "name", None),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKER_FORMS)
def test_speakers_forms_after_the_cue(
    extractor: Extractor, text: str, expected: tuple[str, str, str | None, str | None]
) -> None:
    quote = next(q for q in _quotes(extractor, text) if q.kind == "direct")
    assert quote.speaker is not None
    written, name, resolution, role = expected
    assert (quote.speaker.text, quote.speaker.name) == (written, name)
    if resolution is not None:
        assert quote.speaker.resolution == resolution
    if role is not None:
        assert quote.speaker.role == role


def test_speakers_addressee_is_never_the_speaker(extractor: Extractor) -> None:
    (quote,) = _quotes(
        extractor, "In a telephone interview, the governor told Al Jazeera: “The army left us.”"
    )
    assert quote.speaker is not None and quote.addressee is not None
    assert (quote.speaker.text, quote.addressee.text) == ("the governor", "Al Jazeera")


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("“I saw three bodies in the street,” a witness said.", "a witness"),
        ("“The attack was planned for weeks,” a police source told Reuters.", "a police source"),
        (
            "The bank closed its branches. “They came at night and burned the houses,” said a "
            "distraught elderly woman who wept and cried.",
            "a distraught elderly woman",
        ),
    ],
)
def test_speakers_descriptions_have_no_entity(
    extractor: Extractor, text: str, description: str
) -> None:
    quote = _quotes(extractor, text)[-1]
    assert quote.speaker is not None
    assert (quote.speaker.text, quote.speaker.entity_id) == (description, None)
    assert quote.speaker.resolution == "description"


@pytest.mark.parametrize(
    ("text", "speaker", "entity"),
    [
        # an official of an organization is not the organization
        ("Speaking to Reuters, a UN official said: “The camps are full.”", "a UN official", False),
        # a spokesman is how an organization speaks
        (
            "“The camps are full,” a spokesman for the United Nations said.",
            "a spokesman for the United Nations",
            True,
        ),
    ],
)
def test_speakers_description_or_the_organization_it_speaks_for(
    extractor: Extractor, text: str, speaker: str, entity: bool
) -> None:
    (quote,) = _quotes(extractor, text)
    assert quote.speaker is not None and quote.speaker.text == speaker
    assert (quote.speaker.entity_id is not None) == entity
    assert quote.speaker.resolution == ("organization" if entity else "description")


def test_speakers_titled_name_is_the_person_named_earlier(extractor: Extractor) -> None:
    text = (
        "Yanis Varoufakis met the finance ministers on Monday.\n\n"
        "Professor Varoufakis said the talks had failed."
    )
    record = extractor.extract(Article(text=text, verbatim=True, published="2016-07-27"))
    (quote,) = record.quotes
    assert quote.speaker is not None and quote.speaker.name == "Yanis Varoufakis"
    (person,) = [e for e in record.entities if "Varoufakis" in e.name]
    assert person.label == "PERSON"


def test_speakers_forename_table_is_gender_guessers_own() -> None:
    import gender_guesser.detector

    from extract.quotes.speakers import _forename_table, _forenames

    detector = gender_guesser.detector.Detector(case_sensitive=False)
    genders = {"male": "male", "mostly_male": "male", "female": "female"}
    genders["mostly_female"] = "female"  # "andy" (androgynous) and "unknown": no gender
    table = _forename_table()
    assert _forenames() == table  # the cached table, when there is one, is the same
    for name in detector.names:
        guess = detector.get_gender(name)
        assert table.get(name) == genders.get(guess), name
