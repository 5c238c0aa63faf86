"""Events: implicit victims, tallies, background incidents, types; case tables with negatives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from extract import Article, Extractor
from extract.events import find_triggers
from extract.events import rules as er
from extract.events.rules import load_rules
from extract.events.victims import Victim, count
from extract.lexicon import MAX_PHRASE
from models import Event, Record


def _record(extractor: Extractor, text: str) -> Record:
    return extractor.extract_text(text, published="2016-07-18")


def _main(extractor: Extractor, text: str) -> Event:
    events = _record(extractor, text).events
    assert events, f"no event in {text!r}"
    assert events[0].main
    return events[0]


def _best(event: Event, category: str) -> int | None:
    tally = getattr(event, category)
    return tally.best if tally is not None else None


TALLIES: list[tuple[str, dict[str, int | None]]] = [
    ("A 12-year-old boy was shot and killed on Saturday.", {"killed": 1, "injured": None}),
    ("The man was pronounced dead at the scene after the shooting.", {"killed": 1}),
    ("Police are investigating the shooting death of a teenager.", {"killed": 1}),
    ("Maria Lopez died after the shooting on Elm Street.", {"killed": 1}),
    ("The child was shot on Sunday and passed away at the hospital.", {"killed": 1}),
    ("Police said John Smith suffered a fatal gunshot wound on Sunday.", {"killed": 1}),
    ("Police said John Smith suffered a gunshot wound on Sunday.", {"killed": None, "injured": 1}),
    # people of one family are several people; a bare surname that fits them adds no one
    (
        "Betty Mungin was killed on Sunday. Alexis Mungin also died. Police said Mungin was 40.",
        {"killed": 2},
    ),
    ("Malik Padgett was killed on Sunday. Malik died at the scene.", {"killed": 1}),
    ("A man and a woman were killed in the shooting.", {"killed": 2}),
    ("A man and two women were wounded in the shooting.", {"injured": 3}),
    ("The shooting on Sunday left a father and two children dead.", {"killed": 3}),
    ("A student shot and killed four classmates and himself on Friday.", {"killed": 5}),
    ("Two people, a man and a woman, were killed in the shooting.", {"killed": 2}),
    ("Two men were killed and a woman was wounded in the shooting.", {"killed": 2, "injured": 1}),
    ("A woman was wounded in a shooting on Friday.", {"killed": None, "injured": 1}),
    ("A man was shot in the leg on Friday night.", {"injured": 1, "killed": None}),
    ("A man was shot on Friday. He died at the hospital.", {"killed": 1, "injured": None}),
    (
        "Two people were killed in the shooting. One of them, a woman, died at the scene.",
        {"killed": 2},
    ),
    ("Three people were shot. One man died.", {"killed": 1, "injured": 2}),
    ("A suspect was arrested after the stabbing.", {"arrested": 1}),
    ("Nobody was hurt in the shooting.", {"injured": 0, "killed": None}),
    ("A man was not injured when gunfire hit his car.", {"injured": None}),
    ("The gunman could have killed a guard.", {"killed": None}),
    ("A man was shot on Friday. He would later die at the hospital.", {"killed": 1}),
    ("A man was shot on Friday. He would have died without the vest.", {"killed": None}),
    ('A man was shot on Friday. "I do not want my son to die," his mother said.', {"killed": None}),
    ("A man was shot on Friday. He was expected to die.", {"killed": None, "injured": 1}),
    ("Two officers were shot on Friday. The suspected gunman is dead.", {"killed": 1}),
    ("A man was shot and killed on Friday. A 17-year-old was also wounded.", {"injured": 1}),
    ("A man was killed and a 17-year-old was wounded on Friday.", {"killed": 1, "injured": 1}),
    (
        "A toddler was fatally shot on Friday. Amaya Shafi was rushed to a hospital with a wound.",
        {"killed": 1, "injured": None},
    ),
    ("A man was shot on Friday. He is feared dead.", {"killed": None}),
    ("A man was shot on Friday. He is in critical condition and could die.", {"killed": None}),
    ("The man, who was shot in 2014, was shot again on Friday and died.", {"killed": 1}),
    # a clause that describes the person says what happened to them
    ("Relatives have identified the boy killed on Main Street early Saturday.", {"killed": 1}),
    ("Police identified the woman who died on Friday as Mary Smith.", {"killed": 1}),
    ("A man who was shot in the leg on Friday is in stable condition.", {"injured": 1}),
    ("A man who was not hurt called 911 after the shooting on Friday.", {"injured": None}),
    ("A man who could have died called 911 after the shooting.", {"killed": None}),
    ("The officer who shot the man was placed on leave.", {"killed": None, "injured": 1}),
    # a family or a crew is several people, not one victim
    ("A woman was shot dead on Friday, and her family was killed too.", {"killed": 1}),
    ("The family was shot at on Friday; the crew was hurt.", {"killed": None, "injured": None}),
    ("His wife was hurt in the shooting on Friday.", {"injured": 1}),
    # an age used as a noun is a person; an age of a thing is not
    ("Police said a 16-year-old was fatally shot on Friday.", {"killed": 1}),
    ("A 100-year-old church was hit in the shooting on Friday.", {"injured": None}),
    # a later predicate that says the person died wins; a report since corrected counts none
    (
        "The man was listed in critical condition but died on Monday.",
        {"killed": 1, "injured": None},
    ),
    ("After the shooting, police initially said that the man had died.", {"killed": None}),
    # someone killed who is not one of those shot: another one, of another gender
    (
        "A man was shot in the leg on Friday. Another man was found dead.",
        {"killed": 1, "injured": 1},
    ),
    (
        "A man was shot in the leg on Friday. A woman was found dead there on Friday.",
        {"killed": 1, "injured": 1},
    ),
    ("A man was shot in the leg on Friday. The man died.", {"killed": 1, "injured": None}),
    # one of those told of
    (
        "Three people were shot on Friday. One of them died at a hospital.",
        {"killed": 1, "injured": 2},
    ),
    ("Police said one of the victims was killed on Friday.", {"killed": 1}),
    ("There were two shootings on Friday, one of them fatal.", {"killed": None}),
    # fired upon is not hit
    ("A woman was shot at by her former husband on Friday. She was not hurt.", {"injured": None}),
    ("Two men were shot at outside a bar on Friday.", {"injured": None}),
    ("A man was shot at close range on Friday.", {"injured": 1}),
]


@pytest.mark.parametrize(("text", "expected"), TALLIES)
def test_events_tallies(extractor: Extractor, text: str, expected: dict[str, int | None]) -> None:
    event = _main(extractor, text)
    for category, value in expected.items():
        assert _best(event, category) == value, (category, event)


def test_events_evidence_is_kept(extractor: Extractor) -> None:
    event = _main(extractor, "A 12-year-old boy was shot and killed. The boy was 12.")
    assert event.killed is not None
    assert [m.text for m in event.killed.mentions] == ["A 12-year-old boy"]
    event = _main(extractor, "Four people were killed in the bombing.")
    assert event.killed is not None and event.killed.figure_ids == ["F1"]


def test_events_earlier_incident_is_background(extractor: Extractor) -> None:
    record = _record(
        extractor,
        "A man was shot and wounded on Sunday in Dayton. "
        "Last year, two people were killed in a shooting on the same street.",
    )
    main, *rest = record.events
    assert main.main and _best(main, "killed") is None and _best(main, "injured") == 1
    assert [e.main for e in rest] == [False]
    assert _best(rest[0], "killed") == 2


def test_events_date_and_place(extractor: Extractor) -> None:
    record = _record(extractor, "A woman was shot and killed on Saturday in Toledo, Ohio.")
    event = record.events[0]
    dates = {d.id: d for d in record.dates}
    assert event.date_id is not None and dates[event.date_id].value == "2016-07-16"
    names = {e.id: e.name for e in record.entities}
    assert "Toledo" in [names[p] for p in event.place_ids]


@pytest.mark.parametrize(
    ("text", "kind", "sub_type"),
    [
        ("An airstrike hit the market.", "explosion", "airstrike"),
        ("A car bomb exploded near the checkpoint.", "explosion", "bombing"),
        ("Police arrested the suspect after the shooting.", "attack", "shooting"),
        ("Hundreds joined a protest in the capital.", "protest", "protest"),
        ("The earthquake destroyed 300 homes.", "disaster", "disaster"),
        ("A fire destroyed 300 homes.", "disaster", "disaster"),
        # the verbs are no disaster: 'fired' is a shooting, 'stormed' nothing
        ("Someone fired into the house and hit a woman.", "attack", "shooting"),
        ("Someone fired several rounds outside a nightclub early Sunday.", "attack", "shooting"),
        ("Troops stormed the building and arrested two men.", "arrest", "arrest"),
    ],
)
def test_events_type(extractor: Extractor, text: str, kind: str, sub_type: str | None) -> None:
    event = _main(extractor, text)
    assert (event.type, event.sub_type) == (kind, sub_type)


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Tuesday to discuss the budget.",
        "The weather was mild all week.",
        "Officers found shell casings and the fire department arrived.",
    ],
)
def test_events_none_without_incident(extractor: Extractor, text: str) -> None:
    assert _record(extractor, text).events == []


def test_events_triggers_prefer_longest(nlp: Any) -> None:
    doc = nlp("Gunmen opened fire on the bus.")
    found = [(doc[t.start : t.end].text, t.type) for t in find_triggers(doc)]
    assert ("opened fire", "attack") in found
    assert all(text != "fire" for text, _ in found)


def _victim(
    token: int,
    category: str,
    key: str | None = None,
    *,
    definite: bool = False,
    name: str = "",
    sentence: int = 0,
    gender: str | None = None,
    other: bool = False,
) -> Victim:
    return Victim(
        token,
        token,
        token + 1,
        category,
        key,
        definite,
        name or f"a:{token}",
        sentence,
        gender,  # type: ignore[arg-type]
        other=other,
    )


def test_events_count_one_person_once() -> None:
    # a named person killed is not also injured; 'the man' adds no one
    victims = [
        _victim(0, "harmed", "E1"),
        _victim(5, "killed", "E1"),
        _victim(9, "injured", definite=True, name="man"),
    ]
    found = count(victims)
    assert found["killed"][0] == 1 and found["injured"][0] == 1
    # a shot man who then died is not also injured
    died = [_victim(0, "harmed"), _victim(6, "killed", definite=True, name="he", sentence=1)]
    assert "injured" not in count(died)


@pytest.mark.parametrize(
    ("victims", "injured"),
    [
        # 'a girl was shot and killed ... she was in critical condition': the girl, once
        (
            [_victim(0, "killed"), _victim(9, "injured", definite=True, name="she", sentence=1)],
            None,
        ),
        # one injured person told of in another sentence, in other words, is the killed one
        # ('the toddler fatally shot' ... 'Amaya Shafi was rushed to a hospital')
        (
            [_victim(0, "killed"), _victim(9, "injured", definite=True, name="man", sentence=1)],
            None,
        ),
        ([_victim(0, "killed"), _victim(9, "injured", sentence=1, gender="male")], None),
        ([_victim(0, "killed"), _victim(9, "injured", "E2", sentence=1)], None),
        # ... unless in the killed one's sentence, said to be someone else, of another gender,
        # or more than one
        ([_victim(0, "killed"), _victim(4, "injured")], 1),
        ([_victim(0, "killed"), _victim(9, "injured", sentence=1, other=True)], 1),
        (
            [
                _victim(0, "killed", gender="female"),
                _victim(9, "injured", sentence=1, gender="male"),
            ],
            1,
        ),
        (
            [
                _victim(0, "killed"),
                _victim(9, "injured", "E2", sentence=1),
                _victim(12, "injured", "E3", sentence=2),
            ],
            2,
        ),
        # without a killed, the only mention counts
        ([_victim(9, "injured", definite=True, name="she")], 1),
    ],
)
def test_events_injured_that_refer_back_are_the_killed(
    victims: list[Victim], injured: int | None
) -> None:
    found = count(victims)
    assert (found["injured"][0] if "injured" in found else None) == injured


@pytest.mark.parametrize(
    ("victims", "people"),
    [
        ([_victim(0, "killed"), _victim(4, "killed")], 2),  # 'a man and a woman' in one sentence
        ([_victim(0, "killed", gender="male"), _victim(9, "killed", sentence=1)], 1),
        (
            [
                _victim(0, "killed", gender="male"),
                _victim(9, "killed", sentence=1, gender="female"),
            ],
            2,
        ),
        ([_victim(0, "killed", name="wife"), _victim(7, "killed", name="wife", sentence=1)], 1),
        ([_victim(0, "killed", "E1"), _victim(7, "killed", "E2")], 2),
        # the shooter who killed himself is none of the victims he killed
        ([_victim(0, "killed"), _victim(4, "killed"), _victim(9, "killed", name="suicide")], 3),
        ([_victim(0, "killed", name="suicide"), _victim(9, "killed", name="suicide")], 1),
    ],
)
def test_events_count_people(victims: list[Victim], people: int) -> None:
    assert count(victims)["killed"][0] == people


def test_events_rules_are_validated() -> None:
    rules = load_rules()
    assert rules.rank["explosion"] < rules.rank["disaster"]
    assert "displaced" not in rules.implicit
    assert all(len(p) <= MAX_PHRASE for p in (*rules.background, *rules.not_triggers))
    with pytest.raises(ValueError, match="over 4 words"):
        er._short("background", ["so far in the year"])
    assert rules.nouns_only["fire"] == ("attack", "shooting") and rules.nouns_only["storm"] is None


def test_events_rules_reject_an_unknown_verb_sub_type(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = er.lexicon.read_json("events_types.json")
    monkeypatch.setattr(
        er.lexicon, "read_json", lambda _: {**raw, "nouns_only": {"fire": "gunplay"}}
    )
    with pytest.raises(ValueError, match="unknown sub-types"):
        er.load_rules.__wrapped__()


def test_events_in_the_review_view(extractor: Extractor) -> None:
    from extract.render import render_record

    record = _record(extractor, "A man was shot and killed in Dayton on Sunday.")
    html = render_record(record)
    assert "Events (1)" in html and "shooting" in html
    assert 'href="#ce-' in html and "-v0" in html


def test_events_none_without_a_parse(blank: Any) -> None:
    from extract import attrs
    from extract.events import find_events

    attrs.register_extensions()
    assert find_events(blank("A man was shot and killed.")) == []


def test_events_counts_over_several_incidents_are_not_tallies(extractor: Extractor) -> None:
    event = _main(
        extractor, "Nine people were killed in shootings across the city over the weekend."
    )
    assert event.killed is None
    event = _main(extractor, "A man was killed. Nine others were wounded in separate attacks.")
    assert (_best(event, "killed"), _best(event, "injured")) == (1, None)
    # plural shots are gunshots of one incident
    event = _main(extractor, "A gunman killed two women with shots to the head on Sunday.")
    assert _best(event, "killed") == 2
    assert (
        _best(_main(extractor, "Nine people were killed in a shooting on Sunday."), "killed") == 9
    )


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        ("Officers found two people shot in the 200 block of Main Street.", 2),
        ("Police found three men who had been shot outside a bar. One man died.", 2),
        ("The four victims were taken to hospitals after the shooting.", 4),
        ("Officers found two people inside the house after the shooting.", None),
    ],
)
def test_events_people_shot_are_injured_unless_killed(
    extractor: Extractor, text: str, injured: int | None
) -> None:
    assert _best(_main(extractor, text), "injured") == injured


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count over a span of time or a whole place is a statistic over incidents
        ("Six people were injured in a violent weekend in the city, police said.", (None, None)),
        ("At least 18 people were shot in a 48-hour span, police said.", (None, None)),
        ("Four people were killed across Chicago since Friday night.", (None, None)),
        ("Two men were killed across the city on Sunday.", (None, None)),
        ("Police said 38 people have been killed in the city so far.", (None, None)),
        ("Thus far, 14 people have been shot to death in the county.", (None, None)),
        # ... unless the sentence names one incident
        ("So far, two men have been killed in the shooting, police said.", (2, None)),
        ("Two men were killed in a shooting over the weekend.", (2, None)),
        ("Four people were wounded in a single incident this weekend.", (None, 4)),
        # 'across the street' is a place of one incident; 'since' a date only with a date
        ("Three people were shot across the street from a school on Sunday.", (None, 3)),
        ("Two men were killed on Sunday, and the road has been closed since.", (2, None)),
        # a span word that only names when one event was
        ("Two men died after they were shot at a Memorial Day weekend cookout.", (2, None)),
    ],
)
def test_events_counts_over_a_span_are_not_tallies(
    extractor: Extractor, text: str, expected: tuple[int | None, int | None]
) -> None:
    events = _record(extractor, text).events
    main = events[0] if events and events[0].main else None
    found = (_best(main, "killed"), _best(main, "injured")) if main else (None, None)
    assert found == expected


ROUNDUP = "Eight people were killed and 20 wounded in shootings across the city, police said.\n\n"
FIRST = "A 31-year-old man was shot in the leg at 3 a.m. on Sunday, police said.\n\n"


@pytest.mark.parametrize(
    ("text", "main", "others"),
    [
        # a roundup: the main incident is the first told, each later one an event of its own
        (ROUNDUP + FIRST + "On Saturday, a man was shot and killed on Elm Street.", (None, 1), 1),
        (
            ROUNDUP + FIRST + "Late on Saturday, three people were shot at a party.\n\n"
            "On Friday, a woman was shot and killed.",
            (None, 1),
            2,
        ),
        # a later paragraph about the same people, or without a date, is the same incident
        (ROUNDUP + FIRST + "He died at a hospital on Monday, police said.", (1, None), 0),
        (ROUNDUP + FIRST + "A 40-year-old woman was also wounded, police said.", (None, 2), 0),
        # a lead about one incident is no roundup: the story is one incident, its people
        # dying later included ...
        (
            "Two people were shot in a shooting on Sunday, police said.\n\n"
            + FIRST
            + "On Monday, a 40-year-old man died at a hospital.",
            (1, 1),  # two people shot, one of them killed
            0,
        ),
        # ... but a violent act with people killed, on another day than a non-fatal incident's,
        # is another incident
        (
            "Two people were shot in a shooting on Sunday, police said.\n\n"
            + FIRST
            + "On Saturday, a man was shot and killed on Elm Street.",
            (None, 2),
            1,
        ),
        (FIRST + "On Friday, a woman was shot and killed in a home on Ridge Road.", (None, 1), 1),
        (
            FIRST + "It was one of several shootings. On Friday night, a man was killed in a "
            "shooting on Park Avenue.",
            (None, 1),
            1,
        ),
        (FIRST + "Police were called. A man was shot and killed nearby on Sunday.", (1, None), 0),
        # (a new person killed on an earlier day is another incident: `_unlinked_deaths`)
        (FIRST + "Police were called. A man was shot and killed nearby on Saturday.", (None, 1), 1),
        # (only where the incident has no one killed so far: not a death the story adds to it)
        ("A man was shot and killed on Sunday.\n\nOn Monday, a woman was shot.", (1, 1), 0),
        # a story that opens with several incidents, counted or not
        (
            "Police investigated four shootings overnight.\n\nThe first happened at 9 p.m. on "
            "Saturday, when a man was shot in the arm.\n\nAbout an hour later, a woman was "
            "shot in the leg on Elm Street.",
            (None, 1),
            1,
        ),
        (
            "Police investigated several shootings overnight.\n\nOn Saturday at 9 p.m., a man "
            "was shot in the arm.\n\nAbout an hour later, a woman was shot in the leg.",
            (None, 1),
            1,
        ),
        (
            "Police asked for help with shootings in the area.\n\nOn Saturday at 9 p.m., a man "
            "was shot in the arm.\n\nAbout an hour later, a woman was shot in the leg.",
            (None, 2),
            0,
        ),
        (
            "Police investigated a shooting overnight.\n\nIt happened at 9 p.m. on Saturday, "
            "when a man was shot in the arm.\n\nAbout an hour later, a woman was shot in the "
            "leg on Elm Street.",
            (None, 2),
            0,
        ),
        # 'the shootings' refers back to the incident the story is about
        ("Police gave details on the shootings on Friday night that left two dead.", (2, None), 0),
        ("Two people were left dead in shootings across the city on Friday.", (None, None), 0),
    ],
)
def test_events_roundup_tells_several_incidents(
    extractor: Extractor, text: str, main: tuple[int | None, int | None], others: int
) -> None:
    events = _record(extractor, text).events
    assert events and events[0].main
    assert (_best(events[0], "killed"), _best(events[0], "injured")) == main
    incidents = [e for e in events[1:] if e.killed is not None or e.injured is not None]
    assert len(incidents) == others


SHOT = "A 23-year-old man was shot in the leg on Sunday on Kossuth Street, police said.\n\n"


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # a story whose lead tells no one killed: a later death with no link to its incident
        # is another incident
        (SHOT + "Last week, a 40-year-old man was shot and killed four blocks away.", None),
        (SHOT + "His mother died when he was 6, after she was shot during a robbery.", None),
        (SHOT + "The street was where a man killed his wife and then himself in 2016.", None),
        (SHOT + "Speaking on Monday, his brother said three of their friends have died.", None),
        (
            "A student was arrested on Friday. No shots were fired and no one was hurt.\n\n"
            "The arrest comes two months after a former student killed 17 people in Florida.",
            None,
        ),
        # linked: people told of before, a count within those shot, the incident's day or a
        # later one, the incident ('in the shooting'), the case of an arrest
        (SHOT + "He died at a hospital on Monday.", 1),
        (SHOT + "Another man was found dead in a car nearby.", 1),
        (SHOT + "On Monday, a 40-year-old man died at a hospital.", 1),
        (SHOT + "A 40-year-old man was shot and killed four blocks away on Sunday.", 1),
        (
            "Four people were shot on Sunday.\n\nA 21-year-old man and a 23-year-old man were "
            "killed in the shooting.",
            2,
        ),
        ("Three people were shot on Sunday.\n\nOne man died.", 1),
        (
            "Three people were wounded on Saturday.\n\nPolice arrested a man in connection with "
            "the shooting death of a teen.",
            1,
        ),
        # a lead that tells a death: later deaths add to it
        ("A man was shot and killed on Sunday.\n\nA woman was found dead in the house.", 2),
        (SHOT + "A woman was found dead in the house.", None),
    ],
)
def test_events_death_not_linked_to_a_non_fatal_incident(
    extractor: Extractor, text: str, killed: int | None
) -> None:
    assert _best(_main(extractor, text), "killed") == killed


ARREST = "Police arrested a 20-year-old man on Monday and charged him with murder.\n\n"


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # a follow-up: the earlier incident told with its victim is the one the story is about
        (ARREST + "Last month, a woman died at a hospital after she was shot at a home.", 1),
        ("Mourners gathered on Friday for a man who was shot and killed last month.", 1),
        # not when the story has its own victims, a running count, or a separate incident
        (FIRST + "Last month, a woman died at a hospital after she was shot at a home.", None),
        (ARREST + "So far this year, 45 people have been shot and killed in the city.", None),
        (ARREST + "In a separate shooting, a woman was killed on Oak Street.", None),
    ],
)
def test_events_follow_up_is_about_the_earlier_incident(
    extractor: Extractor, text: str, killed: int | None
) -> None:
    assert _best(_main(extractor, text), "killed") == killed


def test_events_plural_agents_are_one_incident(extractor: Extractor) -> None:
    assert _best(_main(extractor, "Gunmen shot two people on Sunday."), "injured") == 2


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("At least 40 people were killed in clashes between rival militias on Sunday.", 40),
        ("Airstrikes killed 12 civilians in the north of the province on Sunday.", 12),
        ("Five people were killed in stabbings across the capital on Sunday.", None),
    ],
)
def test_events_plural_campaign_is_one_incident(
    extractor: Extractor, text: str, killed: int | None
) -> None:
    assert _best(_main(extractor, text), "killed") == killed


def test_events_one_person_fleeing_is_no_displacement(extractor: Extractor) -> None:
    record = _record(extractor, "The deposed governor fled abroad after the vote in April.")
    assert [e.type for e in record.events] == []
    fled = _record(extractor, "More than 2,000 villagers fled to the hills on Sunday.")
    assert [e.type for e in fled.events] == ["displacement"]


def test_events_earlier_incident_told_twice_is_one_event(extractor: Extractor) -> None:
    record = _record(
        extractor,
        "The monitors will arrive next week after riots there last month. "
        "At least 30 people were killed in the riots last month.",
    )
    background = [e for e in record.events if not e.main]
    assert len(background) == 1
    assert _best(background[0], "killed") == 30


LEAD = "A man was shot in the leg on Sunday on Main Street, police said. "


@pytest.mark.parametrize(
    ("text", "others"),
    [
        # a part of a sentence that tells another incident, under a clause with people hurt,
        # is an event of its own (with its dead, if it tells any): the clause keeps its people
        (
            "A 25-year-old man was shot in the back on Sunday in what police believe was "
            "retaliation for a killing the night before.",
            [],
        ),
        (
            "A woman was shot in the hip on Monday, and police say the man is also wanted in "
            "connection with the killing of his cousin in Texas.",
            [1],
        ),
        (
            "A man was shot in east Austin on Saturday night, and a woman died in a separate "
            "crash on Interstate 35 early Sunday, police said.",
            [1],
        ),
    ],
)
def test_events_part_of_a_sentence_is_another_incident(
    extractor: Extractor, text: str, others: list[int]
) -> None:
    events = _record(extractor, text).events
    assert events[0].main
    assert (_best(events[0], "killed"), _best(events[0], "injured")) == (None, 1)
    assert [k for e in events[1:] if (k := _best(e, "killed"))] == others


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # another incident: the sentence and the rest of its paragraph are not the main one
        (LEAD + "In a separate shooting, a woman was killed on Oak Street.", None),
        (LEAD + "\n\nIn another shooting, a teenager was killed. He was 17.", None),
        (LEAD + "Police said it was not related to the killing of a man on Elm Street.", None),
        (
            LEAD + "It was the second shooting in the area this week; on Wednesday a boy died.",
            None,
        ),
        (LEAD + "The shooting came two weeks after a teenager was killed on the block.", None),
        (LEAD + "The shooting happened hours after a woman was killed on Elm Street.", None),
        ("A man was shot and wounded on Sunday, a year after his brother was killed there.", None),
        # a span of time back to the same person, or to the story's own incident
        ("A 17-year-old boy died on Sunday, four days after he was shot in the head.", 1),
        (
            "Two years after three people were shot dead outside a bar, a man was charged.",
            3,
        ),
        # 'before' or 'after' a time is no other incident
        ("The shooting happened shortly before 2 p.m. A man was shot and killed.", 1),
        # an incident answered, or one that only places this one
        (LEAD + "It may be in retaliation for a homicide Thursday, where a teen was killed.", None),
        (
            LEAD + "It happened a block from where Jamal Smith, 17, was shot and killed Friday.",
            None,
        ),
        ("A man was shot on Sunday and taken to a hospital, where he died.", 1),
        ("Deputies responded to where a man was shot and killed on Sunday.", 1),
        (LEAD + "Police do not believe it is related to the killing of a man on Elm Street.", None),
        (LEAD + "Another man was found dead nearby; police said his death was not related.", None),
        (LEAD + "A woman was found dead nearby; her death is unrelated to the shooting.", None),
        # an incident of its own in which no one was hurt is no follow-up of an earlier one
        (
            "Someone fired several shots into a home on Birch Street early Sunday.\n\n"
            "In 2015, a man was shot and killed in the same house.",
            None,
        ),
        # people hurt in a new incident of another kind than the violent one told so far
        (LEAD + "A woman died in a car crash a mile away an hour later.", None),
        ("A car bomb exploded on Sunday. Three people were killed in a fire that broke out.", 3),
        ("Police arrested a man on Monday. The victim died in a shooting on Elm Street.", 1),
        # a case the law also holds against someone is another incident
        (LEAD + "The suspect is also charged with the murder of a clerk at a gas station.", None),
        (LEAD + "He is also a suspect in the death of a woman found in a park.", None),
        ("Police say the gunman also killed a man in the parking lot on Sunday.", 1),
        (ARREST + "He is also charged in the killing of a woman on Elm Street.", 1),
        # an incident it is compared with, and what is told later of its victim
        (
            LEAD + "Police are looking into whether the shooting is linked to the killing of "
            "Marcus Lee.\n\nLee, 22, was found shot to death in his car.",
            None,
        ),
        ("Police arrested a man in connection with the killing of Marcus Lee on Sunday.", 1),
        # running statistics
        (LEAD + "So far in 2016, 45 people have been killed in the city.", None),
        (LEAD + "Over the past month, three people have been killed in the neighborhood.", None),
        (LEAD + "Earlier Sunday, a man was shot and killed on Pine Street.", None),
        (LEAD + "Hours earlier, a man was found shot to death in an alley.", None),
        ("A man died on Monday at a hospital. He had been shot hours earlier.", 1),
        (LEAD + "The city has recorded 40 shooting deaths so far.", None),
        (LEAD + "He was shot outside the memorial for a teen who died last summer.", None),
        (LEAD + "Police said it is the city's 12th shooting this month; four were fatal.", None),
        # a part of the statistic told before
        (LEAD + "It is the fourth shooting here since April. In one of them, a boy died.", None),
        (
            LEAD + "It is the third shooting here this year. Two of the earlier ones were fatal.",
            None,
        ),
        ("Three people were shot on Sunday. One of them died at a hospital.", 1),
        # a clause telling what befell someone on an earlier day is an earlier incident
        (
            LEAD + "On Monday the family of Jalen Brooks, who was killed in April, spoke out.",
            None,
        ),
        # not a clause describing the person in other ways, nor a trial's crime
        ("The man, who moved here in 2015, was shot and killed on Sunday.", 1),
        # a near miss: 'attempted murder'
        (LEAD + "He was charged with the attempted murder of a police officer.", None),
        (LEAD + "He was charged with the murder of a police officer.", 1),
        # a cue in a noun phrase added to the clause makes only that phrase background
        (
            "Someone fired shots into a home early Wednesday, the second time this year the "
            "house has been hit. No one was hurt.\n\nA man was shot and killed there in 2014.",
            None,
        ),
        ("A man was shot and killed on Sunday, the city's 30th homicide this year.", 1),
        # a cue in a clause describing a noun makes only that noun phrase background
        ("A man was killed on Sunday on a block where two people were shot last year.", 1),
        # a week that takes in the incident's day is what came before it (published Monday)
        (
            "A man was shot and wounded on Sunday on a block where a teen was killed last week.",
            None,
        ),
        ("A man who was shot last week died on Sunday.", 1),
        (LEAD + "There have been 45 people killed in the city this year.", None),
        # a paragraph after the other incident is the main one again
        (LEAD + "In a separate shooting, a boy was hurt.\n\nThe man died at the hospital.", 1),
        # not related to a person, not to an incident
        ("A man who was not related to the gunman was killed on Sunday.", 1),
        # 'after' that does not set the incident after another one
        ("A man died on Sunday after he was shot in the chest.", 1),
        # a modifier inside a description of the place is no other incident
        ("A man was killed on Sunday on a block that was the scene of a similar shooting.", 1),
        # what a noun of remembrance is of or for is an earlier incident
        (
            LEAD + "It was hours before the city marked the anniversary of the massacre that "
            "killed nine people.",
            None,
        ),
        (LEAD + "He was at a vigil for a teen who was shot and killed on the corner.", None),
        ("A man was shot and killed on Sunday at a vigil for his cousin.", 1),
        ("Mourners held a vigil on Monday for a man who was shot and killed on July 2.", 1),
        # a describing clause with an earlier date that holds people hurt (not an incident's)
        (
            "A woman whose son was killed by gunfire in 2011 was wounded on Sunday when a "
            "bullet came through her window.",
            None,
        ),
        ("A man was shot dead on Sunday in the house where his brother was killed in 2012.", 1),
        (
            "A man was shot in the arm on Sunday on Grand Street, where two men were found dead "
            "on July 1.",
            None,
        ),
        (
            "A second teen was arrested on Tuesday for the shooting that left two men dead at a "
            "club on July 2.",
            2,
        ),
        # a death of a cause no one inflicted is no incident's toll
        (LEAD + "His wife died of natural causes in the spring.", None),
        (LEAD + "A second man was found dead of an apparent drug overdose.", None),
        (LEAD + "The victim's grandmother, who died of cancer, raised him.", None),
        ("A man died on Sunday of a gunshot wound he suffered on Elm Street.", 1),
        ("A man died of complications from a gunshot wound on Sunday.", 1),
        # a person a quoted speaker tells of for the first time, unnamed, is of their account
        (LEAD + '"My cousin was murdered two blocks from here," a neighbor said.', None),
        (LEAD + '"Every week another child is shot and killed here," the mayor said.', None),
        ('A man was shot on Sunday. "He was dead when I got there," a neighbor said.', 1),
        ('"Marcus Lee was pronounced dead at the scene," police said on Sunday.', 1),
        # a killing at the same place as the reported incident is another incident there
        (LEAD + "\n\nHer husband was shot and killed at the same gas station.", None),
        (LEAD + "His brother was shot and killed on the same block, family members said.", None),
        (LEAD + "A clerk at the same store was shot to death, the owner said.", None),
        ("Two men were shot and killed on Sunday in the same car.", 2),
        (
            "A man was shot and killed on Sunday, a year after his brother died in a shooting "
            "on the same block.",
            1,
        ),
        ("A man was shot and killed on Sunday on the same block where his brother lived.", 1),
        ("A man who lived on the same block was shot and killed on Sunday.", 1),
        # the plural is a statistic over incidents, handled by the figures' rule
        (
            "A teenager was killed on Sunday and six other people were injured in separate "
            "shootings.",
            1,
        ),
    ],
)
def test_events_other_incidents_are_not_the_main_one(
    extractor: Extractor, text: str, killed: int | None
) -> None:
    assert _best(_main(extractor, text), "killed") == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (LEAD + "\n\nRelated Stories:\n\nTwo teenagers killed in Louisville shooting", None),
        (LEAD + "\n\nMore stories you may like\n\nA woman was shot and killed on Friday.", None),
        # a block of other headlines, wherever it is: its headlines, not the prose after it
        (LEAD + "\n\nTrending Now\n\nMan killed in crash on I-95\n\nTeen dies in fire", None),
        # another story's headline between paragraphs, without an opener: a short line after
        # prose, no full stop, that counts people hurt; not one that counts no one
        (
            LEAD + "\n\nWoman killed in crash on Route 8\n\nPolice identify man found dead in "
            "river\n\nThe shooting remains under investigation.",
            None,
        ),
        (LEAD + "\n\nHe died at a hospital on Monday", 1),
        (
            "Trending Now\n\nMan killed in crash on I-95\n\n" + LEAD + "\n\nHe died on Monday.",
            1,
        ),
        # teasers of other stories, each printed twice; a lead printed twice is the story's
        (
            "".join(
                f"{t}\n\n{t}\n\n"
                for t in (
                    "A woman was killed in a crash on Interstate 20 on Friday night.",
                    "The city council approved a new budget for the police on Tuesday.",
                    "A jury convicted a man of manslaughter for the death of a teenager.",
                )
            )
            + LEAD,
            None,
        ),
        ("A man was shot and killed on Sunday on Elm Street.\n\n" * 2 + "He was 20.", 1),
        # a video playlist's titles, wherever they are: no one's fate, the prose is the story's
        ("1:01 Man killed in crash on I-95\n\n0:45 Teen dies in fire\n\n" + LEAD, None),
        ("1:01 Man killed in crash on I-95\n\n" + LEAD + "He died on Monday.", 1),
        # one link inside the article: only its line is left out
        (LEAD + "\n\nRELATED: Two killed in Louisville shooting\n\nThe man died on Sunday.", 1),
        (LEAD + "\n\nRELATED: Two killed in Louisville shooting\n\nHe is expected to live.", None),
        # a long line that starts like a list of stories is article text
        (
            LEAD + "\n\nMore stories about the man emerged after he died at the hospital on "
            "Sunday night, his family said.",
            1,
        ),
    ],
)
def test_events_list_of_other_stories_is_left_out(
    extractor: Extractor, text: str, killed: int | None
) -> None:
    # verbatim: the layout parser keeps the line that opens the list (not-verbatim drops it)
    record = extractor.extract(Article(text=text, verbatim=True), published=dt.date(2016, 7, 18))
    assert record.events[0].main
    assert _best(record.events[0], "killed") == killed


def test_events_playlist_title_may_name_the_incident(extractor: Extractor) -> None:
    body = "0:24 Police investigate scene of shooting in Fresno\n\n1:02 Bandit held knife"
    record = extractor.extract_text(body, published="2017-01-21", title="Police: 4 people shot")
    main = record.events[0]
    assert main.main and main.type == "attack" and _best(main, "injured") == 4


def test_events_caption_does_not_set_the_date(extractor: Extractor) -> None:
    text = (
        "Buy Photo The body of a boy was found on Wednesday. (Photo: A. Lee)Buy Photo\n\n"
        "A girl was wounded in a shooting on Saturday, police said."
    )
    record = _record(extractor, text)
    main = record.events[0]
    assert {d.id: d.value for d in record.dates}[main.date_id or ""] == "2016-07-16"
    assert main.killed is None and _best(main, "injured") == 1
    # with no other date, the caption's is used
    record = _record(extractor, "Buy Photo A man was shot on Saturday. (Photo: A. Lee)")
    assert {d.id: d.value for d in record.dates}[record.events[0].date_id or ""] == "2016-07-16"


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # who acted is no victim
        ("Two officers who shot and killed a homeowner returned to work on Monday.", 1, None),
        ("Sheriff John Smith said a deputy shot and killed a man on Sunday.", 1, None),
        ("Coroner Tony Hendrick confirmed one person was shot and killed on Sunday.", 1, None),
        ("Coroner Tony Hendrick confirmed that Jamie Seals died on Sunday.", 1, None),
        ("A man shot and wounded his neighbor on Sunday.", None, 1),
        # ... unless he killed himself
        ("A man shot his wife on Sunday and then turned the gun on himself.", 1, None),
        ("A man killed his wife and his son before taking his own life on Sunday.", 3, None),
        ("Police said the boy shot himself to death on Sunday with his father's gun.", 1, None),
        ("Police said the boy shot himself in the hand on Sunday.", None, 1),
        ("He was shot and later died on Sunday.", 1, None),
        # a count of things is no count of people
        ("Detectives executed 44 search warrants after the shooting on Sunday.", None, None),
    ],
)
def test_events_agents_are_not_victims(
    extractor: Extractor, text: str, killed: int | None, injured: int | None
) -> None:
    event = _main(extractor, text)
    assert (_best(event, "killed"), _best(event, "injured")) == (killed, injured)
