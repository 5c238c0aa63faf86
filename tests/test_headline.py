"""Headlines: counts read by word sequences over the tokens, and how they join the body's
main incident (the body wins where it has a count)."""

from __future__ import annotations

from typing import Any

import pytest

from extract import Extractor
from extract.events.headline import read_headline

HEADLINES: list[tuple[str, dict[str, int]]] = [
    ("Teen dead after double shooting near the school", {"killed": 1}),
    ("Teenager shot, killed in southeast identified", {"killed": 1}),
    ("Two killed, two wounded after apartment shooting", {"killed": 2, "injured": 2}),
    ("Police: 4 shot, 1 dead in east side incident", {"killed": 1, "injured": 3}),
    ("Man killed, 3 others shot on Main Street", {"killed": 1, "injured": 3}),
    ("24 dead and over 200 injured as quake hits", {"killed": 24, "injured": 201}),
    ("Dozens injured as quake hits", {"injured": 24}),
    ("Woman shot in leg on North Side", {"injured": 1}),
    ("11-year-old girl fatally shot over weekend by classmate", {"killed": 1}),
    ("Gunman Kills Three, Barricades Himself Inside Home", {"killed": 3}),
    ("Father kills infant, self in standoff", {"killed": 2}),
    ("Brother, 9, shoots 8-year-old sister with father's gun", {"injured": 1}),
    ("Police Investigate Shooting Death Of Teen", {"killed": 1}),
    ("Grandparents charged in 5-year-old's shooting death", {"killed": 1}),
    ("Man gets 15 years for deadly shooting at bar", {"killed": 1}),
    ("Police investigate non-fatal shooting on North Avenue", {}),
    ("Man shot in leg; friend dies of overdose", {"injured": 1}),
    ("Teen charged in near-fatal stabbing of classmate", {}),
    ("Teen charged in fatal stabbing of classmate", {"killed": 1}),
    ("Jane Doe killed, four wounded in shooting on the West Side", {"killed": 1, "injured": 4}),
    (
        "Man arrested after 2 killed, 3 injured in party shooting",
        {"arrested": 1, "killed": 2, "injured": 3},
    ),
    ("Man wounded days after deadly shooting on same block", {"injured": 1}),
    ("Man wounded near scene of fatal stabbing", {"injured": 1}),
    ("8-year-old shot in head, dies while playing with gun", {"killed": 1}),
    ("Dad charged after son apparently shoots self to death", {"killed": 1}),
    ("Randy Lee Jones, 21, killed; three injured in shooting", {"killed": 1, "injured": 3}),
    ("Teen shot in leg, taken to hospital", {"injured": 1}),
    ("Police say woman shot her husband & son", {"injured": 2}),
    ("Teenager injured during quadruple shooting in north St. Louis", {"injured": 4}),
    ("Man killed, teen injured in triple shooting", {"killed": 1, "injured": 2}),
    ("Six injured in violent weekend in Toledo", {}),
    ("18 people shot in Philly in 48-hour span", {}),
    ("Gunman shoots 3 times at officers", {}),
    ("Utah triple-homicide suspect was paranoid, warrant says", {"killed": 3}),
    ("3 dead in west Baltimore quadruple shooting", {"killed": 3, "injured": 1}),
    ("Boy, 3, killed by father in double murder-suicide", {"killed": 3}),
    ("Police investigate murder-suicide in Elm Park", {"killed": 2}),
    ("Double shooting on Elm Street", {"injured": 2}),
    ("Teen shot a week after brother killed", {"injured": 1}),
    ("Man hurt in shooting near where teen was killed", {"injured": 1}),
    ("Man shot on same block where teen was killed", {"injured": 1}),
    ("Man shot dead in same house where brother died", {"killed": 1}),
    ("Man shot near scene of double killing", {"injured": 1}),
    ("Police at scene of double killing on Elm Street", {"killed": 2}),
    ("Man shot in leg; brother killed last year", {"injured": 1}),
    ("2 dead; 3 hurt in shooting on Elm Street", {"killed": 2, "injured": 3}),
    ("Man hurt in shooting; woman killed in crash nearby", {"injured": 1}),
    ("Man shot at gas station where brother was killed years earlier", {"injured": 1}),
    ("Teen shot by man who killed his father in 2009", {"injured": 1}),
    ("Man shot in driveway; street was site of 2016 murder-suicide", {"injured": 1}),
    ("Charges filed in shooting; suspect's brother killed in 2018", {}),
    ("Woman wounded by stray bullet: 'My son was killed the same way'", {"injured": 1}),
    ("Man shot on porch: \u201cThey killed my brother here\u201d", {"injured": 1}),
    ("Police: 'Two dead' in shooting on Elm Street", {"killed": 2}),  # no one counted before
    ("2 hurt at teens' party where man was killed", {"injured": 2, "killed": 1}),
    ("Man killed at party where 2 others were wounded", {"killed": 1, "injured": 2}),
    ("Man shot at party on Elm Street", {"injured": 1}),
    # negatives: several incidents, no count, a count that is no one's
    ("Police: 8 killed, 46 wounded in Labor Day weekend shootings", {}),
    ("20 shot in 12 incidents across the city", {}),
    ("Five homicides so far this year in the county", {}),
    ("Police investigate shooting on Elm Street", {}),
    ("Woman shot at by ex-husband; no one hurt", {}),
    ("No one hurt as shots fired at house", {}),
    ("Council approves 3 new officers after shooting", {}),
    ("Man Gets 15-30 Years For Robbery", {}),
    ("Woman, 75, honored for 40 years at the hospital", {}),
    ("In injured The", {}),  # a determiner at the end opens no object
    ("Police: 99999999999999 killed", {}),  # over the largest count: no figure
]


@pytest.mark.parametrize(("title", "expected"), HEADLINES)
def test_headline_counts(blank: Any, title: str, expected: dict[str, int]) -> None:
    tallies = read_headline(blank.make_doc(title)).tallies()
    assert {c: n for c, (n, _) in tallies.items()} == expected
    for _, spans in tallies.values():
        assert all(0 <= start < end <= len(title) for start, end in spans)


BODY = "Police are investigating the shooting on Elm Street on Sunday, officials said."


def test_headline_fills_what_the_body_does_not_count(extractor: Extractor) -> None:
    title = "Teen dead, two wounded after shooting"
    record = extractor.extract_text(BODY, published="2016-07-18", title=title)
    main = record.events[0]
    assert main.killed is not None and main.killed.best == 1
    assert [s.text for s in main.killed.headline] == ["Teen dead"]
    assert main.killed.mentions == [] and main.killed.figure_ids == []
    assert main.injured is not None and main.injured.best == 2
    assert record.title is not None
    for span in main.killed.headline:
        assert record.title[span.start : span.end] == span.text


def test_headline_smaller_than_the_body_changes_nothing(extractor: Extractor) -> None:
    body = "Five people were shot on Elm Street on Sunday. Two men died at the hospital."
    title = "4 shot, 1 dead in shooting"
    main = extractor.extract_text(body, published="2016-07-18", title=title).events[0]
    assert main.killed is not None and (main.killed.best, main.killed.headline) == (2, [])
    assert main.injured is not None and (main.injured.best, main.injured.headline) == (3, [])


def test_headline_larger_than_the_body_is_another_report(extractor: Extractor) -> None:
    body = "Three people were injured in the shooting on Elm Street on Sunday, police said."
    title = "5 injured in shooting"
    main = extractor.extract_text(body, published="2016-07-18", title=title).events[0]
    assert main.injured is not None
    assert (main.injured.best, main.injured.low, main.injured.high) == (5, 3, 5)
    assert main.injured.figure_ids and [s.text for s in main.injured.headline] == ["5 injured"]


def test_headline_total_wins_over_fewer_singular_victims(extractor: Extractor) -> None:
    body = "A 17-year-old was shot in the leg on Elm Street on Sunday, police said."
    record = extractor.extract_text(body, published="2016-07-18", title="Two teens wounded")
    main = record.events[0]
    assert main.injured is not None and main.injured.best == 2
    assert [s.text for s in main.injured.headline] == ["Two teens wounded"]
    assert [m.text for m in main.injured.mentions] == ["A 17-year-old"]


@pytest.mark.parametrize(
    ("said", "killed"),
    [
        # a body that says no one was hurt has told the incident's toll
        ("No one was hurt.", None),
        ("Nobody was injured.", None),
        # not when it says so of some people only
        ("No officers were hurt.", 1),
        ("No one else was hurt.", 1),
    ],
)
def test_headline_death_over_a_body_that_says_no_one_was_hurt(
    extractor: Extractor, said: str, killed: int | None
) -> None:
    body = f"Police arrested a man on Friday after a traffic stop on Elm Street. {said}"
    title = "Man who served time for fatal shooting arrested with loaded gun"
    record = extractor.extract_text(body, published="2016-07-18", title=title)
    main = record.events[0]
    assert main.main and (main.killed.best if main.killed else None) == killed


def test_roundup_headline_adds_nothing(extractor: Extractor) -> None:
    body = (
        "Six people were shot in shootings across the city on Sunday, police said.\n\n"
        "About 2 a.m. Sunday, a 23-year-old man was shot in the leg on Elm Street."
    )
    record = extractor.extract_text(body, published="2016-07-18", title="6 shot Sunday in Chicago")
    main = record.events[0]
    assert main.injured is not None and (main.injured.best, main.injured.headline) == (1, [])


def test_headline_dead_are_among_the_body_people_shot(extractor: Extractor) -> None:
    body = "Four people were shot in an apartment on Elm Street on Sunday, police said."
    title = "Two killed, two wounded after apartment shooting"
    main = extractor.extract_text(body, published="2016-07-18", title=title).events[0]
    assert main.killed is not None and main.killed.best == 2
    assert main.injured is not None and main.injured.best == 2


def test_headline_shot_includes_the_body_dead(extractor: Extractor) -> None:
    body = "A boy was shot on Elm Street on Sunday. He died at the hospital."
    record = extractor.extract_text(body, published="2016-07-18", title="Boy shot in head")
    main = record.events[0]
    assert main.killed is not None and main.killed.best == 1
    assert main.injured is None


def test_headline_without_a_body_incident_adds_nothing(extractor: Extractor) -> None:
    body = "The city council met on Tuesday to discuss the budget."
    record = extractor.extract_text(body, published="2016-07-18", title="Two killed in crash")
    assert all(not ev.main for ev in record.events)


def test_headline_count_in_the_review_view(extractor: Extractor) -> None:
    from extract.render import render_record

    record = extractor.extract_text(BODY, published="2016-07-18", title="Teen dead after shooting")
    assert "1 from the headline: Teen dead" in render_record(record)
    plain = extractor.extract_text(BODY, published="2016-07-18")
    assert "from the headline" not in render_record(plain)
