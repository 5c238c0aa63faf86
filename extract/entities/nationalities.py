"""Demonyms and ethnic-group names (NORP), derived from maintained sources.

- countryinfo's demonym of every country ("Afghan", "Israeli"; "Bosnian,Herzegovinian"
  gives two), mapped to the country;
- the stem of every '-(i)stan' country name, since countryinfo gives older or adjectival
  forms there ("Kirghiz", "Uzbekistani"): "Kyrgyzstan" -> "Kyrgyz", "Uzbekistan" ->
  "Uzbek" (a stem must keep a few letters, so "Pakistan" gives nothing);
- CLDR's English language names (via babel), which name most ethnic groups ("Tamil",
  "Pashto", "Uyghur"), with no country.

The adjective of a continent or world region ("African", "Latin American") is formed by
rule and links to that place (`region_of`).

Each singular form also gives its plural by rule ("Uzbeks", "Israelis"; "Chinese" and
"Kyrgyz" are invariant). Forms that are also place names ("Djibouti", "Delaware") are
left out so that places are never relabelled as groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale
from countryinfo._cache import load_countries
from pydantic import BaseModel, ConfigDict

from extract import tables
from extract.entities.gazetteer import Place, gazetteer, place_key, short_compass
from extract.lexicon import read_json


class _Rules(BaseModel):
    model_config = ConfigDict(extra="ignore")

    stan_suffixes: list[str]
    min_stem: int
    min_language: int
    invariant_endings: list[str]
    irregular_endings: dict[str, str]
    region_adjective_suffixes: dict[str, str]


@dataclass(frozen=True, slots=True)
class Nationality:
    """A demonym or ethnic-group name as it may appear in text."""

    name: str  # the singular form, "Uzbek"
    country_code: str | None
    plural: bool  # the form looked up was the plural, "Uzbeks"
    demonym: bool  # from a country (not only a language name)


@cache
def _rules() -> _Rules:
    return _Rules.model_validate(read_json("entities_nationalities.json"))


def plural(word: str) -> str | None:
    """Return the plural of a demonym by rule, or None when it is invariant ("Swiss")."""
    rules = _rules()
    lower = word.lower()
    for ending, replacement in rules.irregular_endings.items():
        if lower.endswith(ending):
            return word[: -len(ending)] + replacement
    if any(lower.endswith(ending) for ending in rules.invariant_endings):
        return None
    return word + "s"


def stan_stem(country: str) -> str | None:
    """Return the people's name in an '-(i)stan' country name ("Kazakhstan" -> "Kazakh")."""
    rules = _rules()
    for suffix in rules.stan_suffixes:
        if country.lower().endswith(suffix):
            stem = country[: -len(suffix)]
            return stem if len(stem) >= rules.min_stem and " " not in stem else None
    return None


def _singulars() -> list[tuple[str, str | None]]:
    info = load_countries()
    forms: list[tuple[str, str | None]] = []
    # the most populous country first, so "American" is the United States, not the Marianas
    countries = sorted(info["countries"].values(), key=lambda c: -(c.get("population") or 0))
    for country in countries:
        code = (country.get("ISO") or {}).get("alpha2") or None
        demonyms = (country.get("demonym") or "").replace("/", ",").split(",")
        forms.extend((d.strip(), code) for d in demonyms if d.strip())
        stem = stan_stem(country.get("name", ""))
        if stem:
            forms.append((stem, code))
    minimum = _rules().min_language
    languages = Locale("en").languages.values()
    forms.extend((n, None) for n in languages if n.isalpha() and len(n) >= minimum)
    return forms


def _lexicon_table() -> dict[str, tuple[str, str | None, bool, bool]]:
    """Lookup key -> the `Nationality` fields of every singular and plural form."""
    places = gazetteer()
    table: dict[str, tuple[str, str | None, bool, bool]] = {}
    for name, code in _singulars():
        if places.is_region(name) or (code is None and places.is_place(name)):
            continue
        for form, is_plural in ((name, False), (plural(name), True)):
            if form and place_key(form) not in table:
                table[place_key(form)] = (name, code, is_plural, code is not None)
    return table


@cache
def _lexicon() -> dict[str, Nationality]:
    return tables.derived(
        "nationalities",
        _lexicon_table,
        ["countryinfo", "babel"],
        load=lambda table: {key: Nationality(*fields) for key, fields in table.items()},
    )


def preload() -> None:
    """Build the nationality and region lexicons now rather than on first use."""
    _lexicon()
    _regions()


def nationality(text: str) -> Nationality | None:
    """Return the nationality or ethnic group ``text`` names ("Uzbeks"), or None."""
    return _lexicon().get(place_key(text))


def region_adjective(name: str) -> str | None:
    """The adjective of a continent or region by rule ("Africa" -> "African"), or None."""
    suffix = _rules().region_adjective_suffixes.get(name[-1:])
    return name + suffix if suffix else None


@cache
def _regions() -> dict[str, Place]:
    places = gazetteer()
    found: dict[str, Place] = {}
    for place in places.regions():
        for name in (place.name, short_compass(place.name)):
            adjective = region_adjective(name)
            if adjective and place_key(adjective) not in _lexicon():
                found.setdefault(place_key(adjective), place)
    return found


def region_of(text: str) -> Place | None:
    """The continent or region an adjective names ("European" -> Europe), or None."""
    return _regions().get(place_key(text))
