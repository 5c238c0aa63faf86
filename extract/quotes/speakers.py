"""Speakers: the speaker of a cue, trimmed to a name and resolved to an entity.

A name resolves through the entities component's mentions; a pronoun to the most recent
compatible person who spoke or was the subject of a main clause (gender from titles, roles
and forenames, as BBC's citron does); a title or description ("the secretary-general") to
the person whose role contains it; an organization or country speaks for itself, also
through a mouthpiece ("a spokesman for the ministry"). A name written after its title
("said agency official Fauzi", "Lt. Gerry Scherlinck") or in apposition to a description
is the speaker, the description its role; a description without a name ("a witness", "a
UN official") is a speaker of its own, resolved as "description" without an entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from functools import cache
from typing import Any, Literal

import gender_guesser.detector
from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Token

from extract import attrs, tables
from extract.entities.names import title_words
from extract.quotes.cues import left_edge, load
from extract.quotes.marks import Spans

Gender = Literal["male", "female"]
Payload = dict[str, Any]
_NAME_DEPS = frozenset({"compound", "flat"})
_NAME_AFTER_DEPS = frozenset({"appos", "flat", "npadvmod", "dep"})
_LOOSE_END = frozenset({"cc", "punct", "det", "case"})
_TITLE_DEPS = frozenset({"compound", "punct", "amod"})
_PREFIX_SKIP = frozenset({"det", "punct", "case"})
_ORGANIZATIONS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_DEFINITE = frozenset({"the", "this", "that"})
_TITLE_BEFORE = re.compile(r"(\w{1,12})\.?\s{1,3}$")
_UNRESOLVED = frozenset({"name", "description"})  # kept without an entity
_LOOKBACK_SENTENCES = 8
_LOOKBACK_EVENTS = 200
_SPEAKER, _SUBJECT, _MENTION = 0, 1, 2  # salience of a person event, strongest first


class _SpeakerWords(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mouthpieces: frozenset[str]
    pronouns: dict[str, Literal["male", "female", "org", "plural"]]
    titles: dict[Gender, list[str]]


@cache
def _words() -> _SpeakerWords:
    words: _SpeakerWords = load(_SpeakerWords, "quotes_speakers.json")
    return words


@cache
def _title_genders() -> dict[str, Gender]:
    return {t: g for g, titles in _words().titles.items() for t in titles}


class _Forenames(gender_guesser.detector.Detector):  # type: ignore[misc]
    """gender-guesser's detector with its data file read by Python's own line reader (the
    package's ``codecs`` reader takes twice as long; the names table is the same)."""

    def _parse(self, filename: str) -> None:
        self.names: dict[str, dict[str, str]] = {}
        with open(filename, encoding="utf-8") as data:
            for line in data:
                self._eat_name_line(line.strip())


_GUESSES: dict[str, Gender] = {
    "male": "male",
    "mostly_male": "male",
    "female": "female",
    "mostly_female": "female",
}


def _forename_table() -> dict[str, Gender]:
    """Every forename (lower case) gender-guesser gives a gender, and that gender."""
    detector = _Forenames(case_sensitive=False)
    genders = ((name, _GUESSES.get(detector.get_gender(name))) for name in detector.names)
    return {name: gender for name, gender in genders if gender}


@cache
def _forenames() -> dict[str, Gender]:
    table: dict[str, Gender] = tables.derived(
        "forenames", _forename_table, ["gender-guesser"], load=dict
    )
    return table


def preload() -> None:
    """Load the speaker word lists and forename genders now rather than on first use."""
    _words()
    _title_genders()
    _forenames()


def forename_gender(name: str) -> Gender | None:
    """Gender of a forename from gender-guesser's data, None when unknown or ambiguous."""
    return _forenames().get(name.lower())


def _fold(text: str) -> str:
    return text.lower().replace("-", " ")


def _edges(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _role(head: Token, start: int) -> tuple[int, int] | None:
    """A speaker's apposition, else the title words before the name."""
    for child in head.children:
        if child.dep_ == "appos":
            tokens = [t for t in child.subtree if not t.is_punct]
            if tokens:
                return _edges(tokens)
    first = left_edge(head).i
    prefix = [t for t in head.subtree if first <= t.i and t.idx < start]
    while prefix and prefix[0].dep_ in _PREFIX_SKIP:
        prefix.pop(0)
    while prefix and prefix[-1].dep_ in _PREFIX_SKIP:
        prefix.pop()
    return _edges(prefix) if prefix else None


def _past_abbreviation(head: Token) -> Token | None:
    """The name after an abbreviated title that the tokenizer cut from its period, so that
    the parse ends the sentence there ("said Troy police Lt. Gerry Scherlinck")."""
    doc = head.doc
    i = head.i
    while (
        i + 2 < len(doc)
        and doc[i + 1].text == "."
        and doc[i].lower_ in title_words()
        and doc[i + 2].pos_ == "PROPN"
        and doc[i + 2].text[:1].isupper()
    ):
        i += 2
    if i == head.i:
        return None
    while i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" and doc[i + 1].text[:1].isupper():
        i += 1
    return doc[i]


def _named_apposition(child: Token) -> bool:
    """A name in apposition to a description ("a spokesman for the Taliban, Zabihullah
    Mujahid"), whether or not the recognizer found it."""
    return child.dep_ == "appos" and child.pos_ == "PROPN" and child.text[:1].isupper()


def _name_after_title(head: Token, child: Token) -> bool:
    """A name written right after a title, without a comma ("said disaster agency
    official Fauzi"): the parser makes it the title's apposition or modifier."""
    return (
        child.dep_ in _NAME_AFTER_DEPS
        and child.pos_ == "PROPN"
        and child.text[:1].isupper()
        and left_edge(child).i == head.i + 1
    )


class Resolver:
    """Resolves speaker tokens of one Doc to entities, remembering who spoke."""

    def __init__(self, doc: Doc, text: str, quoted: Spans) -> None:
        self.doc = doc
        self.text = text
        self.entities = {e["id"]: e for e in attrs.get_items(doc, attrs.ENTITIES)}
        self.mentions = sorted(
            (m["start"], m["end"], m["entity"])
            for m in attrs.get_items(doc, attrs.MENTIONS)
            if m["entity"] in self.entities and m.get("kind") != "pronoun"
        )
        self.mention_starts = [s for s, _, _ in self.mentions]
        self.entity_mentions: dict[str, list[int]] = {}
        for start, _, eid in self.mentions:
            self.entity_mentions.setdefault(eid, []).append(start)
        parsed = doc.has_annotation("DEP") or doc.has_annotation("SENT_START")
        self.sentence_starts = [s.start_char for s in doc.sents] if parsed else [0]
        self.roles: dict[str, list[str]] = {
            eid: [text[r["start"] : r["end"]] for r in e.get("roles") or []]
            for eid, e in self.entities.items()
        }
        self.genders: dict[str, Gender | None] = {}
        self.name_words: dict[str, list[str]] = {}
        for eid, entity in self.entities.items():
            if entity["label"] in ("PERSON", "ORG"):
                for form in (entity["name"], *entity.get("aliases", ())):
                    for word in form.split():
                        self.name_words.setdefault(word.casefold(), []).append(eid)
        self.events: list[tuple[int, int, str]] = []  # (offset, salience, entity id)
        for start, end, eid in self.mentions:
            if quoted.covers(start, start + 1):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            main = root.dep_ == "nsubj" and root.head.dep_ == "ROOT"
            self.events.append((start, _SUBJECT if main else _MENTION, eid))
            role = _role(root, start) if self.entities[eid]["label"] == "PERSON" else None
            if role:
                self.roles[eid].append(text[role[0] : role[1]])
        self.events.sort()

    def _mention(self, token: Token) -> tuple[int, int, str] | None:
        """The innermost entity mention containing ``token``."""
        k = bisect_right(self.mention_starts, token.idx)
        for start, end, eid in reversed(self.mentions[max(0, k - 3) : k]):
            if start <= token.idx < end:
                return start, end, eid
        return None

    def _payload(
        self, span: tuple[int, int], eid: str | None, resolution: str, role: str | None
    ) -> Payload:
        entity = self.entities.get(eid) if eid else None
        if role is None and entity is not None:
            role = next(iter(self.roles.get(entity["id"], [])), None)
        return {
            "start": span[0],
            "end": span[1],
            "entity_id": entity["id"] if entity else None,
            "name": entity["name"] if entity else None,
            "resolution": resolution if entity or resolution in _UNRESOLVED else "none",
            "role": role,
        }

    def resolve(self, head: Token) -> Payload:
        """Trim the speaker phrase headed by ``head`` and resolve it to an entity."""
        name = _past_abbreviation(head)
        if name is not None:
            found = self.resolve(name)
            found["role"] = self.text[left_edge(head).idx : head.idx + len(head) + 1]
            return found
        span = (head.idx, head.idx + len(head))
        mention = self._mention(head)
        if mention is not None:
            start, end, eid = mention
            if head.is_upper and len(head) > 1:  # "WALLACE:" in a transcript
                eid = self.named(head.text, head.idx) or eid
            label = self.entities[eid]["label"]
            role = _role(head, start)
            role_text = self.text[role[0] : role[1]] if role else None
            if role_text and label == "PERSON":
                self.roles[eid].insert(0, role_text)
            kind = "organization" if label in _ORGANIZATIONS else "name"
            return self._payload((start, end), eid, kind, role_text)
        name = self._name_of(head)
        if name is not None:
            found = self.resolve(name)
            words = [t for t in self.doc[left_edge(head).i : left_edge(name).i] if not t.is_punct]
            found["role"] = self.text[slice(*_edges(words))] if words else None
            return found
        if head.pos_ == "PRON":
            gender = _words().pronouns.get(head.lower_)
            antecedent = self._antecedent(head.idx, gender) if gender else None
            return self._payload(span, antecedent, "pronoun", None)
        left = left_edge(head)
        definite = left.dep_ == "det" and left.lower_ in _DEFINITE
        if (head.pos_ == "PROPN" or head.is_upper) and not definite:
            names = [t for t in head.lefts if t.dep_ in _NAME_DEPS and t.pos_ == "PROPN"]
            span = _edges([*names, head])
            return self._payload(span, self.named(head.text, head.idx), "name", None)
        return self._describe(head, definite)

    def _label(self, token: Token) -> str | None:
        mention = self._mention(token)
        return self.entities[mention[2]]["label"] if mention is not None else None

    def _name_of(self, head: Token) -> Token | None:
        """The name of a speaker written as a description: its apposition (a person, or a
        name the recognizer missed after a noun: "official Fauzi", "a spokesman, Ali"),
        or a person in apposition to the organization it speaks for ("a spokesman for
        the Taliban, Zabihullah Mujahid")."""
        for child in head.children:
            label = self._label(child) if child.dep_ == "appos" else None
            if label == "PERSON" or (
                head.pos_ == "NOUN"
                and (
                    _name_after_title(head, child)
                    or (label in (None, "ORG") and _named_apposition(child))
                )
            ):
                return child
        if head.pos_ != "NOUN":
            return None
        owners = [o for p in head.children if p.dep_ == "prep" for o in p.children]
        return next(
            (
                a
                for o in owners
                if o.dep_ == "pobj"
                for a in o.children
                if a.dep_ == "appos" and self._label(a) == "PERSON"
            ),
            None,
        )

    def _recent(self, before: int) -> list[tuple[int, int, str]]:
        """The events before offset ``before``, most recent first, within a window."""
        end = bisect_left(self.events, (before,))
        return self.events[max(0, end - _LOOKBACK_EVENTS) : end][::-1]

    def known(self, word: str) -> bool:
        """Whether ``word`` is a word of a person's or organization's name."""
        return word.casefold() in self.name_words

    def named(self, word: str, before: int) -> str | None:
        """The entity a name the recognizer missed belongs to: the most recently mentioned
        person or organization with ``word`` in its name ("Chaffetz", "WALLACE")."""
        candidates = set(self.name_words.get(word.casefold(), ()))
        if len(candidates) <= 1:
            return next(iter(candidates), None)
        for _, _, eid in self._recent(before):
            if eid in candidates:
                return eid
        return min(candidates)

    def _describe(self, head: Token, definite: bool) -> Payload:
        """A description speaker: a title held by someone ("the secretary-general"), an
        organization speaking through a mouthpiece ("a spokesman for the ministry"), else
        the description itself ("a UN official", "a witness"), without an entity."""
        right = max([head.i] + [c.right_edge.i for c in head.rights if c.dep_ == "prep"])
        tokens = list(self.doc[left_edge(head).i : right + 1])
        while len(tokens) > 1 and tokens[-1].dep_ in _LOOSE_END:
            tokens.pop()
        span = _edges(tokens)
        if definite and head.tag_ in ("NN", "NNP"):
            title = [head]
            while title[0].i > 0 and self.doc[title[0].i - 1].dep_ in _TITLE_DEPS:
                title.insert(0, self.doc[title[0].i - 1])
            eid = self._holder(_fold(self.text[slice(*_edges(title))]), head.idx)
            if eid:
                return self._payload(span, eid, "title", None)
        for tok in tokens if head.lemma_.lower() in _words().mouthpieces else ():
            inner = self._mention(tok)
            if inner and self.entities[inner[2]]["label"] in _ORGANIZATIONS:
                return self._payload(span, inner[2], "organization", None)
        return self._payload(span, None, "description", None)

    def _holder(self, title: str, before: int) -> str | None:
        """The most recently mentioned entity whose role or name contains ``title``."""
        for _, _, eid in self._recent(before):
            entity = self.entities[eid]
            texts = self.roles.get(eid, []) if entity["label"] == "PERSON" else [entity["name"]]
            if any(title in _fold(text) for text in texts):
                return eid
        return None

    def gender(self, eid: str) -> Gender | None:
        """A person's gender from a title before a mention, a role noun, or the forename."""
        if eid not in self.genders:
            found: Gender | None = None
            titles = _title_genders()
            for start in self.entity_mentions.get(eid, ()):
                before = _TITLE_BEFORE.search(self.text[max(0, start - 12) : start])
                if before and before.group(1).lower() in titles:
                    found = titles[before.group(1).lower()]
                    break
            for role in self.roles.get(eid, []):
                found = found or next(
                    (titles[w] for w in re.findall(r"\w+", role.lower()) if w in titles), None
                )
            words = self.entities[eid]["name"].split()
            if found is None and len(words) > 1:
                found = forename_gender(words[0])
            self.genders[eid] = found
        return self.genders[eid]

    def _compatible(self, eid: str, want: str) -> bool:
        label = self.entities[eid]["label"]
        if want == "org":
            return label in _ORGANIZATIONS
        return label == "PERSON" and self.gender(eid) in (want, None)

    def _antecedent(self, offset: int, want: str) -> str | None:
        if want == "plural":
            return None
        sentence = bisect_right(self.sentence_starts, offset) - 1
        for s in range(sentence, max(-1, sentence - _LOOKBACK_SENTENCES), -1):
            low = bisect_left(self.events, (self.sentence_starts[s],))
            high = bisect_left(
                self.events,
                (offset if s == sentence else self.sentence_starts[s + 1],),
            )
            window = sorted(self.events[low:high], key=lambda ev: (ev[1], -ev[0]))
            for _, _, eid in window:
                if self._compatible(eid, want):
                    return eid
        return None

    def note(self, speaker: Payload) -> None:
        """Remember a resolved speaker: the strongest antecedent for later pronouns."""
        if speaker["entity_id"]:
            insort(self.events, (speaker["start"], _SPEAKER, speaker["entity_id"]))

    @staticmethod
    def inherit(previous: Payload) -> Payload:
        """The speaker of a floating quotation: the previous quotation's speaker."""
        return {**previous, "resolution": "previous"}
