"""Gazetteer, nationalities and geocoding (the last tests parse sentences with the model)."""

from __future__ import annotations

import struct
import time
import zlib
from collections import Counter
from typing import Any

import numpy as np
import pytest

from extract.entities import Found, _country_link
from extract.entities.gazetteer import (
    INDEX_FORMAT,
    Gazetteer,
    Place,
    gazetteer,
    place_key,
    read_index,
    strip_admin_terms,
    write_index,
)
from extract.entities.nationalities import (
    nationality,
    plural,
    region_adjective,
    region_of,
    stan_stem,
)
from extract.entities.places import PlaceQuery, _candidates, _evidence, resolve_places
from models import Entity, Record


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
    kyrgyz = [c for c in found if c.place.country_code == "KG" and c.place.feature == "city"]
    assert kyrgyz and not kyrgyz[0].primary
    assert kyrgyz[0].place.name != "Jalal-Abad"  # GeoNames' primary name differs


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("US", "US"),
        ("U.S.", "US"),
        ("UK", "GB"),
        ("UAE", "AE"),
        ("Burma", "MM"),
        ("America", "US"),  # the word of its name that its demonym "American" adds "n" to
        ("Bosnia", "BA"),
    ],
)
def test_places_country_spellings(text: str, country: str) -> None:
    features = {(c.place.feature, c.place.country_code) for c in gazetteer().lookup(text)}
    assert ("country", country) in features


@pytest.mark.parametrize("text", ["States", "Herzegovina", "Korea", "Canadia"])
def test_places_no_country_from_other_name_words(text: str) -> None:
    assert not any(c.place.feature == "country" for c in gazetteer().lookup(text))


@pytest.mark.parametrize("text", ["Mac", "us", "Gm", "Send Police", ""])
def test_places_codes_match_only_in_capitals(text: str) -> None:
    assert not any(c.place.feature == "country" for c in gazetteer().lookup(text))


def test_places_country_geo_has_coordinates_and_hierarchy() -> None:
    places = gazetteer()
    geo = places.geo(places.countries["KE"], "only")
    assert geo["feature"] == "country" and geo["country_code"] == "KE"
    assert geo["feature_class"] == "A" and geo["feature_code"] == "PCLI"
    assert geo["country"] == "Kenya" and geo["method"] == "only"
    assert -5 < geo["latitude"] < 5 and 33 < geo["longitude"] < 42


def _one(name: str, feature: str, country: str) -> Place:
    found = [
        c.place
        for c in gazetteer().lookup(name)
        if c.place.feature == feature and c.place.country_code == country
    ]
    assert found, (name, feature, country)
    return max(found, key=lambda p: p.population)


def test_places_admin_units_have_coordinates_and_codes() -> None:
    places = gazetteer()
    texas = places.geo(_one("Texas", "admin1", "US"))
    assert texas["admin1"] == "Texas" and texas["admin1_code"] == "US.TX"
    assert 26 < texas["latitude"] < 36.5 and -106 < texas["longitude"] < -94
    county = places.geo(_one("Cook County", "admin2", "US"))
    assert county["admin1"] == "Illinois" and county["admin2"] == "Cook County"
    assert county["admin2_code"] is not None and county["admin2_code"].startswith("US.IL.")


def test_places_towns_carry_their_admin_units() -> None:
    places = gazetteer()
    town = places.geo(_one("Houston", "city", "US"))
    assert (town["country"], town["admin1"]) == ("United States", "Texas")
    assert town["admin2"] == "Harris County" and town["feature_class"] == "P"


def test_places_small_towns_are_in_the_gazetteer() -> None:
    # populated places down to 500 people: Bentiu, South Sudan and Pandi, Philippines
    assert _one("Bentiu", "city", "SS").population < 15_000
    assert _one("Pandi", "city", "PH").admin1 >= 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Idlib Governorate", "Idlib"),
        ("Unity state", "Unity"),
        ("Provincia de Buenos Aires", "Buenos Aires"),
        ("Orange County", "Orange"),
        ("Texas", "Texas"),
        ("Statesville", "Statesville"),
        ("County", "County"),
    ],
)
def test_places_admin_terms_are_stripped(name: str, expected: str) -> None:
    assert strip_admin_terms(name) == expected


@pytest.mark.parametrize(
    ("name", "feature"),
    [("West Africa", "region"), ("Southeast Asia", "region"), ("Europe", "continent")],
)
def test_places_regions_and_continents(name: str, feature: str) -> None:
    assert any(c.place.feature == feature for c in gazetteer().lookup(name))


def test_places_index_round_trip() -> None:
    data = write_index({"countries": [""], "feature_codes": [""]}, {"a": np.arange(3)})
    header, arrays = read_index(data)
    assert header["format"] == INDEX_FORMAT and arrays["a"].tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match="format"):
        read_index(zlib.compress(struct.pack("<I", 2) + b"{}"))


def test_places_index_loads_fast() -> None:
    started = time.perf_counter()
    Gazetteer()
    assert time.perf_counter() - started < 2.0  # about 0.1 s on an idle machine


def _resolve(*queries: PlaceQuery, demonyms: Counter[str] | None = None) -> list[str | None]:
    return [
        f"{r.candidate.place.name}/{r.candidate.place.country_code}" if r else None
        for r in resolve_places(queries, demonyms)
    ]


def _methods(*queries: PlaceQuery) -> list[str | None]:
    return [r.method if r else None for r in resolve_places(queries)]


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
    assert _methods(PlaceQuery(["Paris"]))[0] == "population"


def test_places_fullest_form_is_looked_up_first() -> None:
    # "LA" alone is also the code of Laos
    assert _resolve(PlaceQuery(["Los Angeles", "LA"])) == ["Los Angeles/US"]


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        # an alternate name of a larger town gives way to a town of that own name
        # when the context favours both alike (Southold is not South Bend's old name)
        ("Southold", "United States", "Southold"),
        # and wins when the context favours it alone
        ("Osh", "Kyrgyzstan", "Osh"),
        # a world city's English name is an alternate name too
        ("St. Petersburg", "Russia", "Saint Petersburg"),
    ],
)
def test_places_alternate_name_needs_more_context_than_the_own_name(
    name: str, country: str, expected: str
) -> None:
    found = resolve_places([PlaceQuery([name]), PlaceQuery([country], mentions=3)])[0]
    assert found is not None and found.candidate.place.name == expected


@pytest.mark.parametrize(
    ("name", "listed", "feature", "method"),
    [
        ("Washington", ["Oregon", "Utah"], "admin1", "context"),  # a list of states
        ("Washington", ["Boston", "Chicago"], "city", "population"),  # a list of cities
        ("New Brunswick", ["Manitoba", "Ontario"], "admin1", "context"),
        ("Georgia", ["Armenia", "Azerbaijan"], "country", "context"),
        ("Wyoming", ["Utah"], "admin1", "context"),
    ],
)
def test_places_listed_place_is_of_the_kind_of_the_list(
    name: str, listed: list[str], feature: str, method: str
) -> None:
    siblings = list(range(1, len(listed) + 1))
    queries = [
        PlaceQuery([name], siblings=siblings),
        *(PlaceQuery([n], siblings=[0]) for n in listed),
    ]
    found = resolve_places(queries)[0]
    assert found is not None and found.candidate.place.feature == feature
    assert found.method == method


@pytest.mark.parametrize(
    ("names", "country"),
    [
        (["Florida"], "US"),  # an admin unit's own name tells its country
        (["WA"], None),  # a code does not: Washington, Western Australia
        (["Fla."], None),
        (["U.S."], "US"),  # a country's other names do
    ],
)
def test_places_country_evidence(names: list[str], country: str | None) -> None:
    queries = [PlaceQuery([n]) for n in names]
    found = [_candidates(gazetteer(), q) for q in queries]
    weights, _ = _evidence(found, queries, Counter())
    assert (max(weights, key=lambda k: weights[k]) if weights else None) == country


def test_places_country_is_inside_no_place_written_after_it() -> None:
    # "China, Japan": China, Japan is a village too, but a country is in no place
    assert _resolve(PlaceQuery(["China"], qualifiers=["Japan"]), PlaceQuery(["Japan"])) == [
        "China/CN",
        "Japan/JP",
    ]


def test_places_dateline_city_is_a_city() -> None:
    found = resolve_places([PlaceQuery(["WASHINGTON"], dateline=True, city=True)])[0]
    assert found is not None and found.candidate.place.feature == "city"
    assert found.candidate.place.country_code == "US"


def test_places_qualifier_after_comma() -> None:
    queries = (PlaceQuery(["Paris"], qualifiers=["Texas"]), PlaceQuery(["Texas"]))
    assert _resolve(*queries)[0] == "Paris/US"
    assert _methods(*queries)[0] == "contained"


def test_places_container_is_the_unit_that_holds_the_place() -> None:
    # "Georgia" alone is the country; after "Atlanta," it is the US state
    queries = (PlaceQuery(["Atlanta"], qualifiers=["Georgia"]), PlaceQuery(["Georgia"]))
    found = resolve_places(queries)
    assert found[1] is not None and found[1].candidate.place.feature == "admin1"
    assert found[1].method == "contained"


def test_places_admin_unit_with_its_kind_word() -> None:
    found = resolve_places([PlaceQuery(["Bentiu"], qualifiers=["Unity state"])])[0]
    assert found is not None and found.candidate.place.country_code == "SS"
    unit = resolve_places([PlaceQuery(["Unity"], admin=True), PlaceQuery(["South Sudan"])])[0]
    assert unit is not None and unit.candidate.place.feature == "admin1"


def test_places_city_before_the_unit_of_its_name() -> None:
    city = resolve_places([PlaceQuery(["Aleppo"]), PlaceQuery(["Syria"])])[0]
    assert city is not None and city.candidate.place.feature == "city"
    unit = resolve_places([PlaceQuery(["Aleppo province"]), PlaceQuery(["Syria"])])[0]
    assert unit is not None and unit.candidate.place.feature == "admin1"


def test_places_country_before_its_places_of_that_name() -> None:
    found = resolve_places([PlaceQuery(["Mexico"])])[0]
    assert found is not None and found.candidate.place.feature == "country"


def test_places_state_or_country_by_context() -> None:
    alone = resolve_places([PlaceQuery(["Georgia"])])[0]
    assert alone is not None and alone.candidate.place.feature == "country"


def test_places_state_before_a_foreign_country_of_its_name() -> None:
    # an article about the United States: Georgia is the state, unless the country is named
    us = [PlaceQuery(["Texas"], mentions=2), PlaceQuery(["United States"])]
    state = resolve_places([PlaceQuery(["Georgia"]), *us])[0]
    assert state is not None and state.candidate.place.feature == "admin1"
    assert state.method == "country"
    caucasus = resolve_places([PlaceQuery(["Georgia"]), PlaceQuery(["Russia"], mentions=3)])[0]
    assert caucasus is not None and caucasus.candidate.place.feature == "country"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PlaceQuery(["South Florida"], area=True), "Florida/US"),
        (PlaceQuery(["Politics Ukraine"], area=True), "Ukraine/UA"),
        (PlaceQuery(["Thruxton, Hampshire"]), "Thruxton/GB"),
        (PlaceQuery(["Tijuana River"], area=True), "Tijuana/MX"),
        (PlaceQuery(["Nile Delta"], area=True), None),  # not Delta State, Nigeria
        (PlaceQuery(["Beverly Lockhart"]), None),  # a small town's name is no place in a name
        (PlaceQuery(["Golden Delta"], area=True), None),
    ],
)
def test_places_unknown_name_read_as_the_place_in_it(
    query: PlaceQuery, expected: str | None
) -> None:
    assert _resolve(query) == [expected]


def test_places_proximity_decides_between_small_namesakes() -> None:
    # two villages named alike: the one near the other places of the article
    near = _resolve(PlaceQuery(["Springfield"]), PlaceQuery(["Chicago"]), PlaceQuery(["Peoria"]))
    assert near[0] == "Springfield/US"


def test_places_dateline_country_is_context() -> None:
    found = _resolve(
        PlaceQuery(["BISHKEK"], qualifiers=["Kyrgyzstan"], dateline=True),
        PlaceQuery(["Kyrgyzstan"], dateline=True),
        PlaceQuery(["Osh"]),
    )
    assert found == ["Bishkek/KG", "Kyrgyzstan/KG", "Osh/KG"]


@pytest.mark.parametrize(
    "name", ["Hamas", "Pentagon", "Nowhere-on-Earth", "Soviet Union", "West", "Western"]
)
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


@pytest.mark.parametrize(
    ("region", "adjective"),
    [
        ("Africa", "African"),
        ("Europe", "European"),
        ("Middle East", "Middle Eastern"),
        ("Caribbean", None),
    ],
)
def test_nationalities_region_adjective(region: str, adjective: str | None) -> None:
    assert region_adjective(region) == adjective


@pytest.mark.parametrize(
    ("word", "place"),
    [
        ("European", "Europe"),
        ("African", "Africa"),
        ("West African", "Western Africa"),
        ("Latin American", "Latin America"),
        ("Syrian", None),
        ("Police", None),
    ],
)
def test_nationalities_region_of(word: str, place: str | None) -> None:
    found = region_of(word)
    assert (found.name if found else None) == place


def _by_name(record: Record, name: str) -> Entity:
    return next(e for e in record.entities if e.name == name)


@pytest.mark.slow
def test_places_record_geo_has_hierarchy_and_method(extractor: Any) -> None:
    record = extractor.extract_text(
        "HOMS, Syria (Reuters) - Shelling was reported in Aleppo and Idlib on Monday.",
        published="2016-05-02",
    )
    aleppo = _by_name(record, "Aleppo").geo
    assert aleppo is not None and aleppo.feature == "city" and aleppo.country == "Syria"
    assert aleppo.admin1_code is not None and aleppo.admin1_code.startswith("SY.")
    assert aleppo.feature_class == "P" and aleppo.method is not None
    homs = _by_name(record, "Homs").geo
    assert homs is not None and homs.country_code == "SY"


@pytest.mark.slow
def test_places_demonyms_stay_norp_and_link_their_country(extractor: Any) -> None:
    record = extractor.extract_text(
        "Turkish troops and Syrian rebels met European envoys on Tuesday.",
        published="2018-02-06",
    )
    turkish = next(e for e in record.entities if "Turkish" in e.name)
    assert turkish.label == "NORP"
    assert turkish.geo is not None and turkish.geo.feature == "country"
    assert turkish.geo.country_code == "TR"
    europe = next(e for e in record.entities if e.name == "European")
    assert europe.geo is not None and europe.geo.feature == "continent"


@pytest.mark.slow
def test_places_inside_organization_names_are_not_geocoded(extractor: Any) -> None:
    record = extractor.extract_text(
        "A study by the University of Texas was cited by the Bank of England on Monday.",
        published="2018-02-06",
    )
    orgs = [e for e in record.entities if e.label == "ORG"]
    assert orgs and all(e.geo is None for e in orgs)
    assert not any(e.name in ("Texas", "England") for e in record.entities)


@pytest.mark.parametrize(
    ("label", "name", "linked"),
    [
        ("GPE", "Canadian", "CA"),  # a demonym the model labelled as a place
        ("NORP", "Syrians", "SY"),
        ("GPE", "Georgia", None),  # a place's own name: geocoded as a place, not linked
        ("ORG", "Syrian", None),
        ("NORP", "Tamils", None),  # an ethnic group without a country
    ],
)
def test_places_demonyms_link_their_country(label: str, name: str, linked: str | None) -> None:
    geo = _country_link(Found(label=label, name=name, spans=[], kinds=[]))
    assert (geo["country_code"] if geo else None) == linked


@pytest.mark.parametrize(
    ("label", "name", "aliases", "linked"),
    [
        ("ORG", "EU", [], "Europe"),
        ("ORG", "European Union", ["EU"], "Europe"),
        ("ORG", "E.U.", [], "Europe"),
        ("ORG", "Eurozone", [], "Europe"),
        ("ORG", "United Nations", ["UN"], None),  # members on every continent
        ("ORG", "eu", [], None),  # a code only in capitals
        ("ORG", "European Commission", [], None),  # a body, not the union
        ("ORG", "Bank of England", [], None),
    ],
)
def test_places_unions_link_their_continent(
    label: str, name: str, aliases: list[str], linked: str | None
) -> None:
    geo = _country_link(Found(label=label, name=name, spans=[], kinds=[], aliases=aliases))
    assert (geo["name"] if geo else None) == linked
    assert geo is None or (geo["feature"] == "continent" and geo["method"] == "only")
