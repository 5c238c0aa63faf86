"""Gazetteer, nationalities and geocoding (no spaCy model needed)."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.entities.gazetteer import gazetteer, place_key
from extract.entities.nationalities import nationality, plural, stan_stem
from extract.entities.places import PlaceQuery, resolve_places


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Jalal-Abad", "jalalabad"),
        ("JALAL ABAD", "jalalabad"),
        ("U.S.", "us"),
        ("São Paulo", "saopaulo"),
        ("Ōsaka", "osaka"),
    ],
)
def test_places_key_folds_case_accents_and_punctuation(text: str, key: str) -> None:
    assert place_key(text) == key


def test_places_alternate_names_find_renamed_cities() -> None:
    found = gazetteer().lookup("Jalal-Abad")
    kyrgyz = [c for c in found if c.place.country_code == "KG"]
    assert kyrgyz and not kyrgyz[0].primary
    assert kyrgyz[0].place.name != "Jalal-Abad"  # GeoNames' primary name differs


@pytest.mark.parametrize(
    ("text", "country"),
    [("US", "US"), ("U.S.", "US"), ("UK", "GB"), ("UAE", "AE"), ("Burma", "MM")],
)
def test_places_country_spellings(text: str, country: str) -> None:
    features = {(c.place.feature, c.place.country_code) for c in gazetteer().lookup(text)}
    assert ("country", country) in features


@pytest.mark.parametrize("text", ["Mac", "us", "Gm", "Send Police", ""])
def test_places_codes_match_only_in_capitals(text: str) -> None:
    assert not any(c.place.feature == "country" for c in gazetteer().lookup(text))


def test_places_country_geo_has_coordinates() -> None:
    geo = gazetteer().countries["KE"].geo()
    assert geo is not None
    assert geo["feature"] == "country" and geo["country_code"] == "KE"
    assert -5 < geo["latitude"] < 5 and 33 < geo["longitude"] < 42


def test_places_states_have_no_coordinates() -> None:
    texas = [c for c in gazetteer().lookup("Texas") if c.place.feature == "admin1"]
    assert texas and texas[0].place.geo() is None


def _resolve(*queries: PlaceQuery, demonyms: Counter[str] | None = None) -> list[str | None]:
    return [
        f"{c.place.name}/{c.place.country_code}" if c else None
        for c in resolve_places(queries, demonyms)
    ]


def test_places_context_country_decides_between_namesakes() -> None:
    # "Osh" is also an alternate (Russian) name of Auch, France
    assert _resolve(PlaceQuery(["Osh"]), PlaceQuery(["Kyrgyzstan"], mentions=3)) == [
        "Osh/KG",
        "Kyrgyzstan/KG",
    ]


def test_places_context_beats_population_of_an_alternate_name() -> None:
    # Jalalabad, Afghanistan is bigger and matches its primary name, yet the article
    # is about Kyrgyzstan (a demonym elsewhere in the article does not change that)
    found = _resolve(
        PlaceQuery(["Jalal-Abad"]),
        PlaceQuery(["Kyrgyzstan"], mentions=4),
        demonyms=Counter({"AF": 1}),
    )
    assert found[0] is not None and found[0].endswith("/KG")


def test_places_world_city_without_context() -> None:
    assert _resolve(PlaceQuery(["Paris"]), PlaceQuery(["Vienna"])) == [
        "Paris/FR",
        "Vienna/AT",
    ]


def test_places_fullest_form_is_looked_up_first() -> None:
    # "LA" alone is also the code of Laos
    assert _resolve(PlaceQuery(["Los Angeles", "LA"])) == ["Los Angeles/US"]


def test_places_dateline_city_is_a_city() -> None:
    found = resolve_places([PlaceQuery(["WASHINGTON"], dateline=True, city=True)])[0]
    assert found is not None and found.place.feature == "city"
    assert found.place.country_code == "US"


def test_places_qualifier_after_comma() -> None:
    assert _resolve(PlaceQuery(["Paris"], qualifiers=["Texas"]), PlaceQuery(["Texas"]))[0] == (
        "Paris/US"
    )


def test_places_state_or_country_by_context() -> None:
    alone = resolve_places([PlaceQuery(["Georgia"])])[0]
    assert alone is not None and alone.place.feature == "country"
    american = resolve_places([PlaceQuery(["Georgia"]), PlaceQuery(["United States"], 3)])[0]
    assert american is not None and american.place.feature == "admin1"


def test_places_dateline_country_is_context() -> None:
    found = _resolve(
        PlaceQuery(["BISHKEK"], qualifiers=["Kyrgyzstan"], dateline=True),
        PlaceQuery(["Kyrgyzstan"], dateline=True),
        PlaceQuery(["Osh"]),
    )
    assert found == ["Bishkek/KG", "Kyrgyzstan/KG", "Osh/KG"]


@pytest.mark.parametrize("name", ["Hamas", "Pentagon", "Nowhere-on-Earth", "Soviet Union"])
def test_places_unknown_or_exonym_only_stays_unresolved(name: str) -> None:
    assert resolve_places([PlaceQuery([name])]) == [None]


@pytest.mark.parametrize(
    ("country", "stem"),
    [
        ("Kyrgyzstan", "Kyrgyz"),
        ("Uzbekistan", "Uzbek"),
        ("Kazakhstan", "Kazakh"),
        ("Afghanistan", "Afghan"),
        ("Pakistan", None),
        ("Kenya", None),
    ],
)
def test_nationalities_stan_stem(country: str, stem: str | None) -> None:
    assert stan_stem(country) == stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Uzbek", "Uzbeks"), ("Israeli", "Israelis"), ("Chinese", None), ("Swiss", None)],
)
def test_nationalities_plural(word: str, expected: str | None) -> None:
    assert plural(word) == expected


@pytest.mark.parametrize(
    ("word", "name", "country"),
    [
        ("Uzbeks", "Uzbek", "UZ"),
        ("Kyrgyz", "Kyrgyz", "KG"),
        ("Afghans", "Afghan", "AF"),
        ("Americans", "American", "US"),
        ("Tamils", "Tamil", None),
        ("Thais", "Thai", "TH"),  # countryinfo also lists "Thai" as a spelling of Thailand
    ],
)
def test_nationalities_known(word: str, name: str, country: str | None) -> None:
    found = nationality(word)
    assert found is not None
    assert (found.name, found.country_code) == (name, country)


@pytest.mark.parametrize("word", ["Georgia", "Delaware", "Djibouti", "Police", "Salber"])
def test_nationalities_places_and_words_are_not(word: str) -> None:
    assert nationality(word) is None
