"""The incident lexicon (extract/resources/events_types.json), validated once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import get_args

from pydantic import BaseModel, ConfigDict

from extract import lexicon
from extract.lexicon import MAX_PHRASE
from models.record import EventType, TallyCategory


class _Type(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rank: int
    triggers: dict[str, list[str]]


class _Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    types: dict[EventType, _Type]
    victims: list[str]
    collective: list[str]
    background: list[str]
    remembrance: list[str]
    other_incident: list[str]
    incident_nouns: list[str]
    sequel_verbs: list[str]
    relation: list[str]
    narrative: list[str]
    furniture: list[str]
    blocks: list[str]
    captions: list[str]
    motives: list[str]
    harm: list[str]
    suicide: list[str]
    victim_counts: list[str]
    separate: list[str]
    span_words: list[str]
    span_adverbs: list[str]
    span_preps: list[str]
    span_places: list[str]
    place_preps: list[str]
    scenes: list[str]
    tally_verbs: list[str]
    nouns_only: dict[str, str | None]
    not_triggers: list[str]
    natural: list[str]
    acts: list[str]
    also_verbs: list[str]
    implicit: list[TallyCategory]
    male: list[str]
    female: list[str]


@dataclass(frozen=True)
class Trigger:
    """An entry of the trigger table: the words after the first, the type and sub-type."""

    rest: tuple[str, ...]
    type: EventType
    sub_type: str


@dataclass(frozen=True)
class Rules:
    """Lookup tables: triggers by first word, type ranks, victim nouns, background cues, page
    furniture."""

    triggers: dict[str, tuple[Trigger, ...]]
    rank: dict[EventType, int]
    victims: frozenset[str]
    collective: frozenset[str]
    background: tuple[tuple[str, ...], ...]
    remembrance: frozenset[str]
    other_incident: frozenset[str]
    incident_nouns: frozenset[str]
    sequel_verbs: frozenset[str]
    relation: frozenset[str]
    narrative: frozenset[str]
    furniture: tuple[tuple[str, ...], ...]
    blocks: tuple[tuple[str, ...], ...]
    captions: tuple[tuple[str, ...], ...]
    motives: frozenset[str]
    harm: frozenset[str]
    suicide: frozenset[tuple[str, str]]
    victim_counts: frozenset[str]
    separate: frozenset[str]
    span_words: frozenset[str]
    span_adverbs: tuple[tuple[str, ...], ...]
    span_preps: frozenset[str]
    span_places: frozenset[str]
    place_preps: frozenset[str]
    scenes: frozenset[str]
    tally_verbs: frozenset[str]
    nouns_only: dict[str, tuple[EventType, str] | None]  # the verb's type and sub-type
    not_triggers: frozenset[tuple[str, ...]]
    natural: frozenset[tuple[str, ...]]
    acts: frozenset[str]
    also_verbs: frozenset[str]
    implicit: frozenset[TallyCategory]
    gender: dict[str, str]


def _phrases(phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in phrases)


def _short(name: str, phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    """Phrases looked up by `lexicon.longest_phrase`, which reads at most MAX_PHRASE words."""
    split = _phrases(phrases)
    too_long = [" ".join(p) for p in split if len(p) > MAX_PHRASE]
    if too_long:
        raise ValueError(f"events_types.json {name}: phrases over {MAX_PHRASE} words: {too_long}")
    return split


@cache
def load_rules() -> Rules:
    """Load and validate events_types.json once."""
    raw = lexicon.read_json("events_types.json")
    data = _Lexicon.model_validate({k: v for k, v in raw.items() if k != "_doc"})
    missing = set(get_args(EventType)) - {"other"} - set(data.types)
    if missing:
        raise ValueError(f"events_types.json lacks event types {sorted(missing)}")
    table: dict[str, list[Trigger]] = {}
    kinds = {sub: kind for kind, entry in data.types.items() for sub in entry.triggers}
    unknown = {s for s in data.nouns_only.values() if s is not None} - set(kinds)
    if unknown:
        raise ValueError(f"events_types.json nouns_only: unknown sub-types {sorted(unknown)}")
    for kind, entry in data.types.items():
        for sub_type, words in entry.triggers.items():
            for phrase in words:
                first, *rest = phrase.split()
                table.setdefault(first, []).append(Trigger(tuple(rest), kind, sub_type))
    return Rules(
        triggers={k: tuple(sorted(v, key=lambda t: -len(t.rest))) for k, v in table.items()},
        rank={k: v.rank for k, v in data.types.items()},
        victims=frozenset(data.victims),
        collective=frozenset(data.collective),
        background=_short("background", data.background),
        remembrance=frozenset(data.remembrance),
        other_incident=frozenset(data.other_incident),
        incident_nouns=frozenset(data.incident_nouns),
        sequel_verbs=frozenset(data.sequel_verbs),
        relation=frozenset(data.relation),
        narrative=frozenset(data.narrative),
        furniture=_phrases(data.furniture),
        blocks=_phrases(data.blocks),
        captions=_phrases(data.captions),
        motives=frozenset(data.motives),
        harm=frozenset(data.harm),
        suicide=frozenset((v, w) for v, _, w in (p.partition(" ") for p in data.suicide)),
        victim_counts=frozenset(data.victim_counts),
        separate=frozenset(data.separate),
        span_words=frozenset(data.span_words),
        span_adverbs=_phrases(data.span_adverbs),
        span_preps=frozenset(data.span_preps),
        span_places=frozenset(data.span_places),
        place_preps=frozenset(data.place_preps),
        scenes=frozenset(data.scenes),
        tally_verbs=frozenset(data.tally_verbs),
        nouns_only={w: (kinds[s], s) if s else None for w, s in data.nouns_only.items()},
        not_triggers=frozenset(_short("not_triggers", data.not_triggers)),
        natural=frozenset(_short("natural", data.natural)),
        acts=frozenset(data.acts),
        also_verbs=frozenset(data.also_verbs),
        implicit=frozenset(data.implicit),
        gender={**dict.fromkeys(data.male, "male"), **dict.fromkeys(data.female, "female")},
    )
