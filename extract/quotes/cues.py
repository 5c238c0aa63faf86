"""Reporting cues: the lexicon, and who speaks to whom through a cue in the parse.

The cue lexicon is data (extract/resources/quotes_cues.json), validated when loaded. The
speaker of a cue is its subject, found through coordinated and subordinate verbs as in the
Gender Gap Tracker; the addressee is the object of a tell-like verb or "to X".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from spacy.tokens import Doc, Token

from extract.errors import ResourceError
from extract.lexicon import read_json

_SUBJECTS = frozenset({"nsubj"})
_CLIMB = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep"})
_RELATIVE = frozenset({"who", "that", "which"})
_OBJECTS = frozenset({"dobj", "dative", "iobj"})
_PREDICATES = frozenset({"acomp", "oprd", "ccomp"})
_EXPLETIVES = frozenset({"it", "there", "this", "that"})


class Phrase(BaseModel):
    """A multi-word cue ("according to"); ``speaker`` indexes the word whose object speaks."""

    model_config = ConfigDict(extra="forbid")

    words: list[str] = Field(min_length=1)
    speaker: int = Field(ge=0)


class CueLexicon(BaseModel):
    """Reporting cues (extract/resources/quotes_cues.json)."""

    model_config = ConfigDict(extra="ignore")

    verbs: frozenset[str] = Field(min_length=1)
    objects: dict[str, list[Annotated[str, Field(pattern=r"^(?:[a-z]+|prep:[a-z]+)$")]]]
    nouns: frozenset[str]
    noun_objects: dict[str, list[Annotated[str, Field(pattern=r"^prep:[a-z]+$")]]]
    light_verbs: frozenset[str]
    adjectives: dict[str, list[Annotated[str, Field(pattern=r"^(?:ccomp|xcomp|prep:[a-z]+)$")]]]
    addressee_verbs: frozenset[str]
    bare_tags: frozenset[str]
    phrases: list[Phrase]
    sources: dict[str, frozenset[str]]
    lemmas: dict[str, str]


def load(model: type[Any], name: str) -> Any:
    """A JSON resource validated as ``model``; a bad file fails fast."""
    try:
        return model.model_validate(read_json(name))
    except ValidationError as exc:
        raise ResourceError(f"{name}: {exc}") from exc


@cache
def cue_lexicon() -> CueLexicon:
    """The reporting cue lexicon, loaded and validated once."""
    lexicon: CueLexicon = load(CueLexicon, "quotes_cues.json")
    return lexicon


def cue_lemma(tok: Token) -> str:
    """The lower-cased lemma of ``tok``, with the lexicon's corrections for forms the
    model's lemmatizer gets wrong ("hoping" is not "hop")."""
    return cue_lexicon().lemmas.get(tok.lower_) or tok.lemma_.lower()


@cache
def _phrase_starts() -> frozenset[str]:
    return frozenset(p.words[0] for p in cue_lexicon().phrases)


def phrase_at(doc: Doc, i: int) -> tuple[Token, Token] | None:
    """The first and speaker tokens of a lexicon phrase starting at token ``i``."""
    if doc[i].lower_ not in _phrase_starts():
        return None
    for phrase in cue_lexicon().phrases:
        end = i + len(phrase.words)
        if end <= len(doc) and [t.lower_ for t in doc[i:end]] == phrase.words:
            return doc[i], doc[i + phrase.speaker]
    return None


def reduced_passive(tok: Token) -> bool:
    """A past participle describing a noun: "the plan announced by X", "a group called X"."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN"


def subject_of(cue: Token, allowed: Callable[[Token], bool]) -> Token | None:
    """The speaker token of a reporting cue: a passive verb's agent, a verb's subject, else
    the subject of the verb it depends on ("..., saying", "by saying", "and said"), else the
    noun a participle modifies ("a statement welcoming ..."); a noun's owner or by/from
    object, or the subject of the light verb it is the object of ("voiced support for"); the
    subject of the verb an adjective completes ("X is confident that")."""
    if cue.pos_ == "NOUN":
        owners = [c for c in cue.children if c.dep_ == "poss"]
        owners += [
            obj
            for prep in cue.children
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from")
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
        if not owners and cue.dep_ == "dobj" and cue_lemma(cue.head) in cue_lexicon().light_verbs:
            return subject_of(cue.head, allowed)  # "X voiced support for ...", "made no mention of"
        return next((o for o in owners if allowed(o)), None)
    if cue.pos_ == "ADJ":  # "X is confident that", "X made clear that"; not "it is clear"
        if cue.dep_ not in _PREDICATES:
            return None
        subject = subject_of(cue.head, allowed)
        return subject if subject is not None and subject.lower_ not in _EXPLETIVES else None
    agents = [o for c in cue.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if agents or reduced_passive(cue) or any(c.dep_ == "nsubjpass" for c in cue.children):
        return next((a for a in agents if allowed(a)), None)
    verb = cue
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and allowed(c)]
        if subjects:
            subject = min(subjects, key=lambda c: abs(c.i - verb.i))
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ == "acl" and allowed(verb.head):
            return verb.head
        if verb.dep_ not in _CLIMB or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def addressee_of(cue: Token) -> tuple[int, int] | None:
    """Who a cue addresses: the object of tell-like verbs, or "to X"."""
    targets = []
    if cue_lemma(cue) in cue_lexicon().addressee_verbs:
        targets = [c for c in cue.children if c.dep_ in _OBJECTS]
    if not targets:
        targets = [
            obj
            for prep in cue.children
            if prep.dep_ == "prep" and prep.lower_ == "to"
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
    if not targets:
        return None
    head = targets[0]
    return left_edge(head).idx, head.idx + len(head)


def left_edge(head: Token) -> Token:
    """The first token of ``head``'s phrase within its paragraph (parses cross breaks)."""
    doc = head.doc
    for i in range(head.i - 1, head.left_edge.i - 1, -1):
        if doc[i].is_space and "\n" in doc[i].text:
            return doc[i + 1]
    return head.left_edge
