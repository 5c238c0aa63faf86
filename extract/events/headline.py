"""The headline's counts for the main incident: 'Teen dead after double shooting', 'Two
killed, two wounded after apartment shooting', 'Gunman kills three', 'Dozens injured as quake
hits'.

Headlines drop the verb 'to be' and write the passive as a bare participle, which the
parser trained on full sentences reads badly ('Woman shot in leg' has the woman shooting), so
`read_headline` reads them by word sequences over the tokens
(extract/resources/events_headlines.json). `with_headline` lets those counts fill in the
categories the body's main incident has no count for, stand as a stated total over a body
that tells fewer victims one by one, and as another report where it counts more than the
body; a headline's 'man shot' is not a second victim of the body's 'a 23-year-old man was
shot'. A headline about several incidents ('8 killed in weekend shootings') gives no count.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeGuard

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc

from extract import lexicon
from extract.events import rules as er
from extract.events.victims import AGE_UNITS
from extract.figures import rules as fr
from extract.figures.numbers import Quantity, find_quantities
from extract.lexicon import MAX_PHRASE, longest_phrase
from models.record import TallyCategory

Phrases = frozenset[tuple[str, ...]]
Table = dict[tuple[str, ...], TallyCategory | None]  # phrase -> category (None: harm)
Item = tuple[int, int, dict[str, Any]]
HEADLINE = "headline"  # key of the headline evidence in a tally payload
SHOT = "shot"  # key, in an injured tally read from people shot, of how many were shot
JOINERS = frozenset({",", "and", "&"})
TITLE_CASE = 0.6  # share of capitalized longer words from which a headline is in title case
YEAR = re.compile(r"(19|20)\d\d")  # a year: 'shot by man who killed his father in 2009'


class _Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcomes: dict[TallyCategory, list[str]]
    harm: list[str]
    verbs: dict[TallyCategory, list[str]]
    harm_verbs: list[str]
    reflexive: list[str]
    deaths: list[str]
    fatal: list[str]
    unfatal: list[str]
    incidents: list[str]
    persons: list[str]
    skip: list[str]
    several: list[str]
    relatives: list[str]
    quotes: list[str]
    sequel: list[str]
    determiners: list[str]
    plurals: list[str]
    followers: list[str]
    others: list[str]
    multipliers: dict[str, int]
    killings: list[str]
    harmful: list[str]
    murder_suicide: list[str]


@dataclass(frozen=True)
class Rules:
    """The headline word sequences, as token tuples."""

    outcomes: Table
    verbs: Table
    reflexive: frozenset[str]
    deaths: Phrases
    fatal: frozenset[str]
    unfatal: frozenset[str]
    incidents: frozenset[str]
    persons: frozenset[str]
    skip: frozenset[str]
    several: Phrases
    relatives: frozenset[str]
    quotes: frozenset[str]
    sequel: Phrases
    determiners: frozenset[str]
    plurals: frozenset[str]
    followers: frozenset[str]
    others: frozenset[str]
    multipliers: dict[str, int]
    killings: frozenset[str]
    harmful: frozenset[str]
    murder_suicide: Phrases


def _split(phrases: Sequence[str]) -> Phrases:
    split = frozenset(tuple(p.split()) for p in phrases)
    too_long = [" ".join(p) for p in split if len(p) > MAX_PHRASE]
    if too_long:
        raise ValueError(f"events_headlines.json: phrases over {MAX_PHRASE} words: {too_long}")
    return split


def _by_category(table: dict[TallyCategory, list[str]], harm: Sequence[str]) -> Table:
    pairs: Table = {p: category for category, ps in table.items() for p in _split(ps)}
    return {**pairs, **dict.fromkeys(_split(harm))}


@cache
def load_rules() -> Rules:
    """Load and validate events_headlines.json once."""
    raw = lexicon.read_json("events_headlines.json")
    data = _Lexicon.model_validate({k: v for k, v in raw.items() if k != "_doc"})
    ev, words = er.load_rules(), fr.load_rules()
    plural = ("s", "men", "people", "children")
    singular = {w for w in words.people if not w.endswith(plural)} | set(ev.victims)
    return Rules(
        outcomes=_by_category(data.outcomes, data.harm),
        verbs=_by_category(data.verbs, data.harm_verbs),
        reflexive=frozenset(data.reflexive),
        deaths=_split(data.deaths),
        fatal=frozenset(data.fatal),
        unfatal=frozenset(data.unfatal),
        incidents=frozenset(data.incidents),
        persons=frozenset(data.persons) | singular - set(ev.collective) - {"other"},
        skip=frozenset(data.skip),
        several=_split(data.several),
        relatives=frozenset(data.relatives),
        quotes=frozenset(data.quotes),
        sequel=_split(data.sequel),
        determiners=frozenset(data.determiners),
        plurals=frozenset(data.plurals),
        followers=frozenset(data.followers),
        others=frozenset(data.others),
        multipliers=data.multipliers,
        killings=frozenset(data.killings),
        harmful=frozenset(data.harmful),
        murder_suicide=_split(data.murder_suicide),
    )


@dataclass
class Counts:
    """What a headline counts: people per category, the harmed (shot or stabbed, the dead
    among them), and the character offsets of the words each count was read from."""

    people: dict[TallyCategory, int] = field(default_factory=dict)
    harmed: int = 0
    harmed_others: int = 0
    spans: dict[TallyCategory | None, list[list[int]]] = field(default_factory=dict)

    def hurt(self) -> bool:
        """Whether anyone has been counted killed, injured or harmed yet."""
        hurt = self.harmed + self.harmed_others
        return bool(hurt or self.people.get("killed") or self.people.get("injured"))

    def add(
        self, category: TallyCategory | None, n: int, start: int, end: int, others: bool
    ) -> None:
        """Count ``n`` people of ``category`` (None: harmed) read from ``start:end``."""
        if category is None:
            if others:
                self.harmed_others += n
            else:
                self.harmed += n
        else:
            self.people[category] = self.people.get(category, 0) + n
        self.spans.setdefault(category, []).append([start, end])

    def unhurt(self) -> Counts:
        """The counts without anyone killed, injured or harmed (of a body that says no one
        was hurt)."""
        hurt = (None, "killed", "injured")
        return Counts(
            people={c: n for c, n in self.people.items() if c not in hurt},
            spans={c: s for c, s in self.spans.items() if c not in hurt},
        )

    def upgrade(self, category: TallyCategory | None, n: int, start: int, end: int) -> None:
        """The ``n`` people counted in ``category`` (None: harmed) later died."""
        if category is None:
            self.harmed -= n
        else:
            self.people[category] -= n
        self.add("killed", n, start, end, False)

    def tallies(
        self, killed: int | None = None
    ) -> dict[TallyCategory, tuple[int, list[list[int]]]]:
        """Count and evidence per category; the harmed beyond the dead (``killed``, else the
        headline's own count) are injured."""
        result = {c: (n, self.spans[c]) for c, n in self.people.items() if n > 0}
        dead = self.people.get("killed", 0) if killed is None else killed
        hurt = max(0, self.harmed - dead) + self.harmed_others
        if hurt:
            injured, spans = result.get("injured", (0, []))
            result["injured"] = (injured + hurt, [*spans, *self.spans[None]])
        return result


def _category_at(
    words: Sequence[str], i: int, table: Table
) -> tuple[int, TallyCategory | None] | None:
    """(length, category) of the longest phrase of ``table`` at ``i``; none for harm fired
    'at' someone unnamed ('Woman shot at by ex-husband': fired upon, not hit)."""
    size = longest_phrase(words, i, table)
    if not size:
        return None
    category = table[tuple(words[i : i + size])]
    then = words[i + size + 1] if i + size + 1 < len(words) else ""
    missed = words[i + size : i + size + 1] == ["at"] and (then == "by" or not then.isalnum())
    return None if category is None and missed else (size, category)


def _age(words: Sequence[str], end: int) -> int:
    """Start of an age used as a noun ending at ``end`` ('11 - year - old'), else -1."""
    if not 5 <= end <= len(words):
        return -1
    number, dash, unit, dash2, old = words[end - 5 : end]
    aged = old == "old" and unit in AGE_UNITS and dash == dash2 == "-"
    return end - 5 if aged and number.isdigit() else -1


def _person_before(words: Sequence[str], end: int, rules: Rules) -> int:
    """Start of one person ending at ``end`` ('teen', '11-year-old girl'), else -1."""
    if 1 <= end <= len(words) and words[end - 1] in rules.persons:
        age = _age(words, end - 1)
        return age if age >= 0 else end - 1
    return _age(words, end)


def _names(doc: Doc, rules: Rules) -> dict[int, int]:
    """Start of each run of two or more capitalized words by where it ends ('Timothy Agnew
    killed'), in a headline written in sentence case (in title case every word is)."""
    long = [t for t in doc if t.is_alpha and len(t) > 3]
    if not long or sum(t.is_title for t in long) / len(long) >= TITLE_CASE:
        return {}
    runs: dict[int, int] = {}
    start = None
    for t in [*doc, None]:
        name = t is not None and t.is_title and t.lower_ not in rules.persons | rules.incidents
        if name and start is None:
            start = t.i
        elif not name and start is not None:
            end = t.i if t is not None else len(doc)
            if end - start >= 2:
                runs[end] = start
            start = None
    return runs


def _count_before(
    words: Sequence[str],
    end: int,
    numbers: dict[int, Quantity],
    rules: Rules,
    people: frozenset[str],
    names: dict[int, int],
) -> tuple[int, int, bool] | None:
    """(start, how many, whether 'others') of the people counted just before ``end``."""
    for stop in range(end, max(end - 3, 0) - 1, -1):
        q = numbers.get(stop)
        between = words[stop:end]
        if q is not None and all(w in people or w in rules.others for w in between):
            if q.start > 0 and words[q.start - 1] == "no":
                return None  # 'no one hurt'
            n = q.value if q.value is not None else q.low
            if n is not None:
                return q.start, n, any(w in rules.others for w in between)
    if end >= 3 and words[end - 1] == words[end - 3] == "," and words[end - 2].isdigit():
        end -= 3  # an age in apposition: 'Boy, 3, killed', 'Randy Lee Jones, 21, killed'
    start = _person_before(words, end, rules)
    if start < 0:
        start = names.get(end, -1)
    return (start, 1, False) if start >= 0 else None


def _objects(
    words: Sequence[str], i: int, numbers: dict[int, Quantity], rules: Rules
) -> tuple[int, int]:
    """(end, how many people) of the objects from ``i``: 'three', 'his girlfriend and her
    daughter', 'infant, self' (the actor is one more)."""
    n, end, actor = 0, i, False
    while end < len(words):
        j = end + (words[end] in rules.determiners)
        if j >= len(words):
            break
        q = numbers.get(j)
        if _age(words, j + 5) == j:  # '8-year-old brother': an age, not eight people
            k = j + 5 + (j + 5 < len(words) and words[j + 5] in rules.persons)
            n, j = n + 1, k
        elif q is not None and q.value is not None:
            after = words[q.end] if q.end < len(words) else ""
            if after in rules.persons or after in rules.plurals:
                j = q.end + 1
            elif after.isalpha() and after not in rules.followers:
                break  # 'shoots 3 times': no count of people
            else:
                j = q.end
            n += q.value
        elif j < len(words) and words[j] in rules.reflexive:
            actor, j = True, j + 1
        else:
            k = j + (j + 1 < len(words) and words[j + 1] in rules.persons)
            if _person_before(words, k + 1, rules) < 0:
                break
            n, j = n + 1, k + 1
        end = j
        if end < len(words) and words[end] in JOINERS:
            end += 1
        else:
            break
    while end > i and words[end - 1] in JOINERS:
        end -= 1
    return end, n + actor


def _death(
    words: Sequence[str], i: int, starts: dict[int, Quantity], rules: Rules
) -> tuple[int, int] | None:
    """Token offsets of one person's death at ``i``: 'shooting death of teen', '5-year-old's
    shooting death'."""
    size = longest_phrase(words, i, rules.deaths)
    if not size:
        return None
    after = i + size
    if after < len(words) and words[after] == "of":
        end, n = _objects(words, after + 1, starts, rules)
        return (i, end) if n == 1 else None
    if i >= 1 and words[i - 1] == "'s":
        person = _person_before(words, i - 1, rules)
        return (person, after) if person >= 0 else None
    return None


def _incident(words: Sequence[str], i: int, rules: Rules) -> tuple[int, int, bool] | None:
    """(end, people, whether killed, else shot) of an incident noun whose words say how many
    it hurt: 'deadly shooting' (one killed, at least; not 'non-fatal shooting'), 'triple
    homicide' (three), 'quadruple shooting' (four shot), 'murder-suicide' (two killed),
    'double murder-suicide' (three)."""
    n = rules.multipliers.get(words[i])
    j = i + (n is not None)
    j += j < len(words) and words[j] == "-"
    suicide = longest_phrase(words, j, rules.murder_suicide)
    if suicide:
        return j + suicide, (n or 1) + 1, True
    if j >= len(words) or j == i or words[j] not in rules.incidents:
        fatal = words[i] in rules.fatal and any(w in rules.incidents for w in words[i + 1 : i + 3])
        undone = i > 1 and words[i - 1] == "-" and words[i - 2] in rules.unfatal
        if not fatal or undone:
            return None  # 'non-fatal shooting', 'near-fatal stabbing'
        end = next(k for k in (i + 1, i + 2) if words[k] in rules.incidents) + 1
        return end, 1, True
    killing = words[j] in rules.killings
    return (j + 1, n, killing) if n is not None and (killing or words[j] in rules.harmful) else None


def _same_people(
    last: tuple[TallyCategory | None, int, int] | None, words: Sequence[str], i: int
) -> TypeGuard[tuple[TallyCategory | None, int, int]]:
    """Whether an outcome at ``i`` with no subject of its own tells what became of the people
    counted last as shot or hurt: '8-year-old shot in head, dies'."""
    if last is None or last[0] not in (None, "injured"):
        return False
    between = words[last[2] : i]
    return 0 < len(between) <= 4 and between[-1] in (",", "and", "then")


def _another(
    words: Sequence[str], i: int, background: Sequence[tuple[str, ...]], rules: Rules
) -> bool:
    """Whether the part of a headline after the ';' or relative word at ``i`` (up to the next
    ';') tells another incident: a background cue or a year ('brother killed last year', 'who
    killed his father in 2009'), or an incident word of another kind than those before ('Man
    hurt in shooting; woman killed in crash')."""
    rest = list(words[i + 1 :])
    part = rest[: rest.index(";")] if ";" in rest else rest
    if any(longest_phrase(part, k, background) or YEAR.fullmatch(w) for k, w in enumerate(part)):
        return True
    before = {w for w in words[:i] if w in rules.incidents}
    return bool(before) and any(w in rules.incidents and w not in before for w in part)


def _quoted(words: Sequence[str], i: int, rules: Rules) -> bool:
    """Whether a quotation opens at ``i`` (an apostrophe only after ':' or ',', not the
    possessive of 'teens' party')."""
    return words[i] in rules.quotes and (words[i] != "'" or words[i - 1 : i] in ([":"], [","]))


def _natural(words: Sequence[str], i: int) -> bool:
    """Whether the words from ``i`` give a cause of death no one inflicted ('of natural
    causes', 'from an overdose'; events_types.json `natural`)."""
    cause = words[i + 1 : i + 1 + MAX_PHRASE] if words[i : i + 1] in (["of"], ["from"]) else []
    natural = er.load_rules().natural
    return any(longest_phrase(cause, k, natural) for k in range(len(cause)))


def read_headline(doc: Doc) -> Counts:
    """The counts a tokenized headline states, with the character offsets of their words;
    none for a headline about several incidents. One person's death or an incident said to
    be fatal ('deadly shooting') counts only where no one else is counted (in 'man wounded
    near scene of fatal stabbing' the stabbing is another incident)."""
    rules = load_rules()
    people = fr.load_rules().people
    words = [t.lower_ for t in doc]
    if any(longest_phrase(words, i, rules.several) for i in range(len(words))):
        return Counts()
    background = er.load_rules().background
    spanned = any(w in er.load_rules().span_words for w in words) and not any(
        w in rules.incidents for w in words
    )
    numbers = {q.end: q for q in find_quantities(doc)}
    names = _names(doc, rules)
    starts = {q.first: q for q in numbers.values()}
    counts = Counts()
    incidents: list[tuple[int, int, int, bool]] = []
    last: tuple[TallyCategory | None, int, int] | None = None  # the last people counted
    used = -1  # the last token already read: every word counts once

    def chars(start: int, end: int) -> tuple[int, int]:
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])

    i = 0
    while i < len(words):
        if counts.hurt() and longest_phrase(words, i, rules.sequel):
            break  # 'Man wounded days after deadly shooting': the rest is another incident
        if counts.hurt() and _quoted(words, i, rules):
            break  # 'Woman wounded by stray bullet: "My son was killed the same way"'
        part = words[i] == ";" or (counts.hurt() and words[i] in rules.relatives)
        if part and _another(words, i, background, rules):
            break  # 'Man shot in leg; brother killed last year', 'man who killed ... in 2009'
        outcome = _category_at(words, i, rules.outcomes)
        if outcome is not None and _natural(words, i + outcome[0]):
            outcome = None  # 'friend dies of overdose'
        subject = None
        if outcome is not None:
            stop = i
            while stop > used + 1 and words[stop - 1] in rules.skip:
                stop -= 1
            subject = _count_before(words, stop, numbers, rules, people, names)
        after = i + outcome[0] if outcome is not None else i
        if outcome is not None and after < len(words) and words[after] in rules.determiners:
            end, n = _objects(words, after, starts, rules)
            if n:  # 'Woman shot her husband & son': who acted, and whom
                counts.add(outcome[1], n, *chars(i, end), False)
                last = (outcome[1], n, end)
                used = i = end - 1
                i += 1
                continue
        if outcome is not None and subject is not None and subject[0] > used:
            start, n, others = subject
            counts.add(outcome[1], n, *chars(start, i + outcome[0]), others)
            last = (outcome[1], n, i + outcome[0])
            used = i = i + outcome[0] - 1
        elif outcome is not None and outcome[1] == "killed" and _same_people(last, words, i):
            counts.upgrade(last[0], last[1], *chars(i, i + outcome[0]))
            last = None
            used = i = i + outcome[0] - 1
        elif (verb := _category_at(words, i, rules.verbs)) is not None and i > used:
            end, n = _objects(words, i + verb[0], starts, rules)
            category = verb[1]
            if category is None and words[end : end + 2] == ["to", "death"]:
                category, end = "killed", end + 2  # 'shoots self to death'
            if n:
                counts.add(category, n, *chars(i, end), False)
                last = (category, n, end)
                used = i = end - 1
        elif i > used and (death := _death(words, i, starts, rules)) is not None:
            incidents.append((death[0], death[1], 1, True))
            used = i = death[1] - 1
        elif i > used and (told := _incident(words, i, rules)) is not None:
            incidents.append((i, *told))
            used = i = told[0] - 1
        i += 1
    for start, end, n, killing in incidents:
        dead = counts.people.get("killed", 0)
        if killing and ((n > 1 and n > dead) or not counts.hurt()):  # a total, or one death
            counts.add("killed", n - dead, *chars(start, end), False)
        elif not killing:  # a total of the people shot: 'teen injured in quadruple shooting'
            hurt = counts.harmed + counts.harmed_others + counts.people.get("injured", 0)
            if n > hurt:
                counts.add(None, n - hurt, *chars(start, end), False)
    if spanned and max([counts.harmed, *counts.people.values()], default=0) > 1:
        return Counts()  # 'Six injured in violent weekend': a count over a span of time
    return counts


def with_headline(items: Sequence[Item], counts: Counts) -> list[Item]:
    """The body's event items with the headline's counts in the main incident's categories:
    where the body has none; as a total over fewer singular victims; as another, larger
    report than the body's figures (best, the body's staying the low). Without a main
    incident, nothing is added. The people the headline says were shot include the body's
    dead ('8-year-old shot in head' of a body's 'the boy died')."""
    events = [(start, end, copy.deepcopy(payload)) for start, end, payload in items]
    main = next((payload for _, _, payload in events if payload["main"]), None)
    if main is None:
        return events
    killed = main["tallies"].get("killed", {}).get("best")
    told = counts.tallies(killed)
    injured = main["tallies"].get("injured")
    if killed is None and "killed" in told and injured and injured.get(SHOT) == injured["best"]:
        dead = told["killed"][0]  # 'Two killed' over a body's 'four people were shot'
        if injured["best"] > dead:
            injured.update(best=injured["best"] - dead, low=max(0, injured["low"] - dead))
        else:
            del main["tallies"]["injured"]
    for category, (n, spans) in told.items():
        tally = main["tallies"].get(category)
        if tally is None:
            main["tallies"][category] = {
                "best": n,
                "low": n,
                "high": n,
                "figure_ids": [],
                "mentions": [],
                HEADLINE: spans,
            }
        elif n > tally["best"]:  # a total over the parts, or another report (the larger)
            low = tally["low"] if tally["figure_ids"] else n
            tally.update(best=n, low=low, high=max(tally["high"], n), **{HEADLINE: spans})
    return events
