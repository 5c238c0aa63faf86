"""Names: acronyms, and clustering of an article's mentions into one entity per referent.

Pure string logic over `NameMention` records (no spaCy), in four passes:

1. mentions with the same key (case, punctuation and possessives aside; demonym plurals
   share their singular's key) are one entity;
2. a person mention that is part of a longer person name ("Salber" of "Herbert Salber",
   also when the model labelled it ORG, unless it starts an organization's name as
   "Ford" does "Ford Motor Company", or GPE, unless it is a known place written after
   "in" or before the person was named) joins the closest preceding such person (or the
   closest following one);
3. an organization's short name joins the longer name it starts (or, one word, heads)
   if that came first ("Ford Motor Company" ... "Ford", "... Observatory for Human
   Rights" ... "the Observatory");
4. a name written after titles or honorifics the recognizer kept in the mention
   ("Professor Varoufakis", often labelled ORG) joins the closest preceding (else
   following) person or organization whose fullest name ends with the rest ("Yanis
   Varoufakis"): a title makes no new entity, and it tells that the entity is a person;
5. an acronym joins the entity it was defined for in parentheses, else an entity whose
   initials it spells, function words skipped or not ("OSCE" = "Organization for
   Security and Cooperation in Europe", Schwartz & Hearst 2003 in its simplest form).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict

from extract.lexicon import read_json, read_words

_SURNAME_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT"})
_TITLED_LABELS = frozenset({"PERSON", "ORG"})


class NameRules(BaseModel):
    """Word classes of entities_names.json."""

    model_config = ConfigDict(extra="ignore")

    function_words: frozenset[str]
    determiners: frozenset[str]
    honorifics: frozenset[str]
    name_suffixes: frozenset[str]
    coordinators: frozenset[str]
    org_designators: frozenset[str]
    locative_prepositions: frozenset[str]
    acronym_letters: tuple[int, int]
    max_role_tokens: int


@cache
def rules() -> NameRules:
    """Return the validated name rules (loaded once)."""
    return NameRules.model_validate(read_json("entities_names.json"))


def titles() -> frozenset[str]:
    """Titles and offices written before names ("President", "Deputy"), lower case."""
    return read_words("entities_titles.txt")


@cache
def title_words() -> frozenset[str]:
    """Titles and honorifics that may stand before a name, with or without a period."""
    return titles() | rules().honorifics


def untitled(words: Sequence[str]) -> tuple[str, ...]:
    """``words`` without the titles and honorifics they start with ("Professor", "Mr."),
    when a capitalized name is left: ("Professor", "Varoufakis") -> ("Varoufakis",)."""
    kept = tuple(words)
    while len(kept) > 1 and kept[0].lower().rstrip(".") in title_words():
        kept = kept[1:]
    return kept if kept[:1] and kept[0][:1].isupper() else tuple(words)


def surname(words: Sequence[str]) -> str | None:
    """The family name of a full person name: its last word before "Jr." and the like."""
    suffixes = rules().name_suffixes
    kept = [w for w in words if w.lower().rstrip(".") not in suffixes]
    return kept[-1] if len(kept) > 1 else None


def is_acronym(text: str) -> bool:
    """Whether ``text`` is written as an acronym: "OSCE", "U.S." (not "Osce", not "A")."""
    letters = text.replace(".", "")
    low, high = rules().acronym_letters
    return letters.isalpha() and letters.isupper() and low <= len(letters) <= high


def initials(words: Sequence[str]) -> set[str]:
    """Return the acronyms ``words`` may abbreviate to, upper case.

    Hyphenated words give one letter per part; a company's legal form is left out
    ("General Motors Corporation" is "GM"); function words are skipped in one reading
    and kept in the other ("Bureau of Alcohol, ..." may be "BATF" or "BOATF").
    """
    parts = [p for w in words for p in w.split("-") if p[:1].isalnum()]
    designators = rules().org_designators
    while len(parts) > 1 and parts[-1].lower().replace(".", "") in designators:
        parts.pop()  # "General Motors Corporation" is GM
    function = rules().function_words
    content = "".join(p[0] for p in parts if p.lower() not in function)
    every = "".join(p[0] for p in parts)
    return {content.upper(), every.upper()} - {""}


def abbreviates(acronym: str, words: Sequence[str]) -> bool:
    """Whether ``acronym`` can abbreviate ``words`` as a parenthesized definition: its
    first letter starts the first word and its letters appear in order (Schwartz & Hearst
    2003): "CPJ" for "Committee to Protect Journalists", not "AP" for "WASHINGTON"."""
    letters = acronym.replace(".", "").lower()
    text = " ".join(words).lower()
    if not letters or not text.startswith(letters[0]):
        return False
    position = 0
    for letter in letters:
        position = text.find(letter, position) + 1
        if not position:
            return False
    return True


@dataclass(frozen=True)
class NameMention:
    """A mention as the clusterer sees it."""

    start: int
    label: str
    text: str
    key: str  # same key, same entity: see `extract.entities`
    words: tuple[str, ...]
    acronym: bool = False  # written as an acronym (an all-caps dateline word is not)
    place: bool = False  # a gazetteer place name
    locative: bool = False  # after a locative preposition: "in Henderson"


def _person_part(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` is a contiguous part of the longer name ``full``."""
    n = len(short)
    if n >= len(full) or all(w.lower() in rules().function_words for w in short):
        return False
    return any(full[i : i + n] == short for i in range(len(full) - n + 1))


def _closest(position: int, choices: Mapping[int, list[int]]) -> int | None:
    """The group whose mention precedes ``position`` most closely, else follows it."""
    before = [
        (max(p for p in ps if p < position), g) for g, ps in choices.items() if ps[0] < position
    ]
    if before:
        return max(before)[1]
    after = [(ps[0], g) for g, ps in choices.items()]
    return min(after)[1] if after else None


def cluster_mentions(
    mentions: Sequence[NameMention], definitions: Mapping[int, int] | None = None
) -> list[list[int]]:
    """Group mention indexes into entities, in order of first mention.

    ``definitions`` maps the index of an acronym defined in parentheses to the index of
    the mention it abbreviates ("Collective Security Treaty Organization (CSTO)").
    """
    group_of: dict[str, int] = {}
    groups: list[list[int]] = []
    acronyms: list[int] = []
    for i, m in enumerate(mentions):
        if m.acronym:
            acronyms.append(i)
            continue
        if m.key not in group_of:
            group_of[m.key] = len(groups)
            groups.append([])
        groups[group_of[m.key]].append(i)
    _join_person_parts(mentions, groups)
    _join_short_names(mentions, groups)
    _join_titled(mentions, groups)
    for i in acronyms:
        key = mentions[i].key
        if key not in group_of:
            target = _acronym_target(i, mentions, groups, definitions or {})
            if target is None:
                target = len(groups)
                groups.append([])
            group_of[key] = target
        groups[group_of[key]].append(i)
    return sorted((sorted(g) for g in groups if g), key=lambda g: g[0])


def _join_person_parts(mentions: Sequence[NameMention], groups: list[list[int]]) -> None:
    """Move partial person names into the fullest person name they are part of."""
    names = {
        g: max((mentions[i].words for i in members), key=len)
        for g, members in enumerate(groups)
        if any(mentions[i].label == "PERSON" for i in members)
    }
    fullest = {
        g: [mentions[i].start for i in groups[g]]
        for g, words in names.items()
        if not any(_person_part(words, other) for other in names.values())
    }
    companies = {m.words[0] for m in mentions if m.label == "ORG" and len(m.words) > 1}
    for g, members in enumerate(groups):
        if g in fullest:
            continue
        for i in list(members):
            m = mentions[i]
            if m.label == "PERSON":
                fits = {h: s for h, s in fullest.items() if _person_part(m.words, names[h])}
            elif (
                m.label in _SURNAME_LABELS
                and len(m.words) == 1
                and not (m.label == "ORG" and m.text in companies)
            ):
                fits = {h: s for h, s in fullest.items() if surname(names[h]) == m.text}
                if m.place and m.label in ("GPE", "LOC"):
                    # "Henderson said" after "Fritz Henderson"; not "in Henderson"
                    before = {h: s for h, s in fits.items() if s[0] < m.start}
                    fits = {} if m.locative else before
            else:
                continue
            target = _closest(m.start, fits)
            if target is not None:
                members.remove(i)
                groups[target].append(i)


def _head(words: Sequence[str]) -> str:
    """The head noun of a name: its last word before a function word ("Observatory" in
    "Syrian Observatory for Human Rights"), else its last word."""
    function = rules().function_words
    cut = next((i for i, w in enumerate(words) if i and w.lower() in function), len(words))
    return words[cut - 1]


def _join_short_names(mentions: Sequence[NameMention], groups: list[list[int]]) -> None:
    """Move an organization's short name ("Ford") into the longer name it starts ("Ford
    Motor Company"), or a one-word name into the longer name it heads ("the Observatory"
    of the "Syrian Observatory for Human Rights"), when the long name came first, as news
    introduces names; a name that came first ("Boeing", later "Boeing Launch Systems") is
    another organization."""
    orgs = {
        g: max((mentions[i].words for i in members), key=len)
        for g, members in enumerate(groups)
        if members and any(mentions[i].label == "ORG" for i in members)
    }
    for g in sorted(orgs, key=lambda g: len(orgs[g])):
        short = orgs[g]
        if not groups[g] or all(w.lower() in rules().function_words for w in short):
            continue
        if all(mentions[i].place for i in groups[g]) and any(
            mentions[i].label in ("GPE", "LOC") for i in groups[g]
        ):
            continue  # "Liverpool" the city, after "the Liverpool Academy"
        first = mentions[groups[g][0]].start
        longer = {
            h: [mentions[groups[h][0]].start]
            for h, words in orgs.items()
            if groups[h]
            and len(words) > len(short)
            and (words[: len(short)] == short or (len(short) == 1 and _head(words) == short[0]))
            and mentions[groups[h][0]].start < first
        }
        target = _closest(first, longer)
        if target is not None:
            groups[target].extend(groups[g])
            groups[g].clear()


def _join_titled(mentions: Sequence[NameMention], groups: list[list[int]]) -> None:
    """Move a group of titled names ("Professor Varoufakis") into the person or
    organization whose fullest name ends with the name after the titles."""
    fullest = {
        g: max((mentions[i].words for i in members), key=len)
        for g, members in enumerate(groups)
        if members and all(mentions[i].label in _TITLED_LABELS for i in members)
    }
    for g, words in fullest.items():
        core = untitled(words)
        if core == words or not groups[g]:
            continue
        longer = {
            h: [mentions[i].start for i in groups[h]]
            for h, other in fullest.items()
            if h != g
            and groups[h]
            and len(untitled(other)) > len(core)
            and other[-len(core) :] == core
        }
        target = _closest(mentions[groups[g][0]].start, longer)
        if target is not None:
            groups[target].extend(groups[g])
            groups[g].clear()


def _acronym_target(
    i: int,
    mentions: Sequence[NameMention],
    groups: Sequence[list[int]],
    definitions: Mapping[int, int],
) -> int | None:
    if i in definitions and abbreviates(mentions[i].text, mentions[definitions[i]].words):
        return next((g for g, members in enumerate(groups) if definitions[i] in members), None)
    acronym = mentions[i].text.replace(".", "").upper()
    spelled = {
        g: [mentions[j].start for j in members]
        for g, members in enumerate(groups)
        if any(acronym in initials(mentions[j].words) for j in members)
    }
    return _closest(mentions[i].start, spelled)


def _titled_part(mentions: Sequence[NameMention], members: Sequence[int]) -> bool:
    """Whether a member is a title before the end of another member's name."""
    cores = [untitled(mentions[i].words) for i in members]
    return any(
        core != mentions[i].words
        and any(len(other) > len(core) and other[-len(core) :] == core for other in cores)
        for core, i in zip(cores, members, strict=True)
    )


def cluster_label(mentions: Sequence[NameMention], members: Sequence[int]) -> str:
    """The label most mentions have, the fullest name's label breaking ties; a lone
    surname of a person named in full counts as PERSON (the model often labels it ORG),
    and a known place labelled GPE or LOC once is a place (the model often says ORG); an
    entity with a titled part of its name is a person."""
    surnames = {surname(mentions[i].words) for i in members if mentions[i].label == "PERSON"}
    if _titled_part(mentions, members):
        return "PERSON"  # "Professor Varoufakis" joined "Yanis Varoufakis": a person
    votes: dict[str, float] = {}
    for i in members:
        m = mentions[i]
        label = "PERSON" if len(m.words) == 1 and m.text in surnames else m.label
        votes[label] = votes.get(label, 0.0) + 1.0
    fullest = mentions[members[fullest_form(mentions, members)]].label
    votes[fullest] += 0.5
    if all(mentions[i].place for i in members):
        places = {label: n for label, n in votes.items() if label in ("GPE", "LOC")}
        votes = places or votes
    return max(votes, key=lambda label: votes[label])


def fullest_form(mentions: Sequence[NameMention], members: Sequence[int]) -> int:
    """Position in ``members`` of the fullest name: not an acronym, most words, not all
    capitals, longest, earliest."""
    return max(
        range(len(members)),
        key=lambda k: (
            not mentions[members[k]].acronym,
            len(untitled(mentions[members[k]].words)),
            not mentions[members[k]].text.isupper(),
            len(mentions[members[k]].text),
            -k,
        ),
    )
