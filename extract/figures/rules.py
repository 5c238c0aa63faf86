"""What a figure counts: category and modality from the dependency parse and the words around.

The taxonomy (docs/figures.md) follows GDELT's count types and ACLED/UCDP practice. A
category comes, in this order, from the predicate of the counted noun ("300 people were
killed", "gunmen killed nine", "4 dead", "have fled"), the words right next to it in
headlines and lists ("1 dead, 2 hurt"), and then from the noun itself ("refugees",
"troops", "homes"). The words live in extract/resources/figures_categories.json and
figures_cues.json.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import get_args

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Token

from extract import lexicon
from models.record import FigureCategory, Modality

CASUALTY: frozenset[FigureCategory] = frozenset(
    {"killed", "injured", "missing", "displaced", "arrested", "kidnapped"}
)
CLAUSAL = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "acl"})
PASSIVE_OR_OBJECT = frozenset({"dobj", "nsubjpass", "oprd"})
COMPLEMENTS = frozenset(
    {"acomp", "attr", "oprd", "xcomp", "ccomp", "prep", "advcl", "amod", "dobj"}
)
VERBAL_TAGS = frozenset({"VBN", "JJ", "VBD"})
MODALS = frozenset({"should", "must", "could", "would", "might", "may", "can", "will", "shall"})
DETERMINERS = frozenset({"a", "an", "the", "their", "his", "her", "its", "our"})
RELATIVES = frozenset({"that", "which", "whom", "who"})

Table = dict[str, tuple[tuple[tuple[str, ...], FigureCategory], ...]]


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid")
    patient: list[str]
    subject: list[str]
    nouns: list[str]


class _Categories(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: dict[FigureCategory, _Words]
    people: list[str]
    things: list[str]


class _Cues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sizes: list[str]
    collectives: list[str]
    change_verbs: list[str]
    linking: list[str]
    skip: list[str]
    measure_after: list[str]
    negators: list[str]
    potential: list[str]
    planned: list[str]
    planning_verbs: list[str]
    planning_nouns: list[str]
    planning_adjectives: list[str]
    uncertain: list[str]
    manner: dict[str, FigureCategory]
    manner_adjectives: dict[str, FigureCategory]
    near_miss: list[str]
    harm_verbs: list[str]
    locative: frozenset[str]
    experience_verbs: frozenset[str]
    life_verbs: frozenset[str]
    injuries: frozenset[str]
    lost: frozenset[str]
    aggregates: frozenset[str]
    among: frozenset[str]
    gap_before: list[str]
    gap_skip: frozenset[str]
    release_verbs: frozenset[str]
    taking_verbs: frozenset[str]
    captors: dict[str, FigureCategory]
    superseded: frozenset[str]
    report_verbs: frozenset[str]


def _table(entries: Iterable[tuple[str, FigureCategory]]) -> Table:
    """Index phrases by first word, longest first, without articles and possessives."""
    table: dict[str, list[tuple[tuple[str, ...], FigureCategory]]] = {}
    for phrase, category in entries:
        first, *rest = (w for w in phrase.split() if w not in DETERMINERS)
        table.setdefault(first, []).append((tuple(rest), category))
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in table.items()}


@dataclass(frozen=True)
class Rules:
    """The validated figure lexicons as lookup tables."""

    patient: Table
    subject: Table
    nouns: dict[str, FigureCategory]
    people: frozenset[str]
    things: frozenset[str]
    cues: _Cues
    sizes: frozenset[str]
    collectives: frozenset[str]
    gaps: tuple[list[str], ...]  # 'gap_before' split into words


def _without_doc(data: object) -> object:
    return {k: v for k, v in data.items() if k != "_doc"} if isinstance(data, dict) else data


@cache
def load_rules() -> Rules:
    """Load and validate the category and cue lexicons once."""
    cats = _Categories.model_validate(_without_doc(lexicon.read_json("figures_categories.json")))
    cues = _Cues.model_validate(_without_doc(lexicon.read_json("figures_cues.json")))
    missing = set(get_args(FigureCategory)) - {"other"} - set(cats.categories)
    if missing:
        raise ValueError(f"figures_categories.json lacks categories {sorted(missing)}")
    words = cats.categories.items()
    return Rules(
        patient=_table((w, c) for c, ws in words for w in ws.patient),
        subject=_table((w, c) for c, ws in words for w in ws.subject),
        nouns={w: c for c, ws in words for w in ws.nouns},
        people=frozenset(cats.people),
        things=frozenset(cats.things),
        cues=cues,
        sizes=frozenset(cues.sizes),
        collectives=frozenset(cues.collectives),
        gaps=tuple(phrase.split() for phrase in cues.gap_before),
    )


def match(doc: Doc, i: int, table: Table, rules: Rules) -> FigureCategory | None:
    """The category of the (possibly multi-word) entry of ``table`` at token ``i``, turned
    by an adverb: 'fatally shot' → killed, 'nearly killed' → injured."""
    category = _lookup(doc, i, table)
    tok, cues = doc[i], rules.cues
    adverbs = {c.lower_ for c in tok.children if c.dep_ == "advmod" and c.i < i}
    if i:
        adverbs.add(doc[i - 1].lower_)
    if category == "killed" and adverbs & set(cues.near_miss):
        return "injured"
    if category in (None, "injured") and (tok.lemma_ in cues.harm_verbs or category):
        turned = [cues.manner[a] for a in adverbs if a in cues.manner]
        if turned:
            return turned[0]
    return category


def outcome(doc: Doc, i: int, rules: Rules) -> FigureCategory | None:
    """The category word at token ``i`` in either use ('dead', 'wounded', 'killed')."""
    return match(doc, i, rules.subject, rules) or match(doc, i, rules.patient, rules)


def _lookup(doc: Doc, i: int, table: Table) -> FigureCategory | None:
    found = _entry(doc, i, table)
    return found[1] if found else None


def _entry(doc: Doc, i: int, table: Table) -> tuple[tuple[str, ...], FigureCategory] | None:
    """The entry of ``table`` written at token ``i``: its words after the first, and category."""
    tok = doc[i]
    keys = [tok.lemma_.lower(), tok.lower_]
    if tok.pos_ == "PROPN":  # title-case headlines: "Kills", "Wounded"
        keys += [tok.lower_.removesuffix(end) for end in ("s", "ed", "d")]
    for key in keys:
        for rest, category in table.get(key, ()):
            if _follows(rest, doc[i + 1 :]):
                return rest, category
    return None


def _follows(rest: tuple[str, ...], tokens: Iterable[Token]) -> bool:
    """Whether ``tokens`` begin with the words ``rest``, articles, possessives and other
    adjectives passed over ('in a critical condition', 'admitted to the hospital', 'lost
    their homes', 'in temporary shelters')."""
    words = iter(rest)
    word = next(words, None)
    for tok in tokens:
        if word is None:
            break
        if word in (tok.lower_, tok.lemma_.lower()):
            word = next(words, None)
        elif not (tok.lower_ in DETERMINERS or (tok.pos_ == "ADJ" and tok.dep_ == "amod")):
            return False
    return word is None


def noun_category(tok: Token, rules: Rules) -> FigureCategory | None:
    """The category a noun names by itself ("refugees", "troops"), or through a compound
    modifier ("death toll", "police force", "CSTO observers"; not a place of people, 'church
    volunteers')."""
    person = tok.lower_ in rules.people
    for t in (tok, *(c for c in tok.children if c.dep_ in ("compound", "amod", "nmod"))):
        category = rules.nouns.get(t.lower_) or rules.nouns.get(t.lemma_.lower())
        if person and category == "property":
            continue  # 'church volunteers', 'shop workers' are people
        if category == "killed" and any(
            c.dep_ == "amod" and c.lower_ in rules.cues.near_miss for c in tok.children
        ):
            return None  # 'a dozen attempted murders'
        if category:
            return category
    return None


def _complement(doc: Doc, head: Token, after: int, rules: Rules) -> FigureCategory | None:
    """A category word among the complements of a linking verb ("were dead", "left 3 dead")."""
    for child in head.children:
        if child.i > after and child.dep_ in COMPLEMENTS:
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                continue  # a clause about someone else: 'the coroner confirmed a man died'
            if child.lower_ == "as":  # 'listed as missing', 'confirmed as dead'
                child = next(
                    (c for c in child.children if c.dep_ in ("pcomp", "pobj", "amod")), child
                )
            category = outcome(doc, child.i, rules)
            verbal = child.tag_ in VERBAL_TAGS or (child.tag_ == "VBG" and child.dep_ == "oprd")
            if category and (verbal or child.pos_ in ("ADJ", "ADP") or child.dep_ == "pcomp"):
                return category  # 'left two missing'
    return None


def climb(tok: Token) -> Token:
    """From a conjunct or apposition up to the noun phrase the clause is about, and from
    'a total of 43 militants' up to 'total'."""
    aggregates = load_rules().cues.aggregates
    for _ in range(3):
        if tok.dep_ in ("conj", "appos") or (
            tok.dep_ in ("nsubj", "nmod", "npadvmod") and tok.head.pos_ in ("NOUN", "PROPN")
        ):
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in aggregates:
            tok = tok.head.head
        else:
            break
    return tok


def predicate_category(doc: Doc, head: Token, rules: Rules) -> FigureCategory | None:
    """The category the clause gives the noun phrase headed by ``head``."""
    tok = climb(head)
    pred, dep = tok.head, tok.dep_
    if pred is tok:
        return None
    if pred.dep_ in ("aux", "auxpass") and pred.head.i > pred.i:
        pred = pred.head  # 'four are missing' parsed with 'are' as the subject's head
    if dep in PASSIVE_OR_OBJECT and (category := _patient_category(doc, pred, rules)):
        return category
    if dep == "dobj":  # 'forced 30,000 people to flee'
        for clause in pred.children:
            if clause.dep_ == "xcomp" and (category := match(doc, clause.i, rules.subject, rules)):
                return category
    if dep in ("nsubj", "nsubjpass"):  # 'two people had to be evacuated'
        raised = pred.lemma_ in ("seem", "appear") or any(
            c.dep_ == "auxpass" for c in pred.children
        )
        for clause in pred.children:
            if clause.dep_ != "xcomp":
                continue
            passive = any(c.dep_ == "auxpass" for c in clause.children)
            category = match(doc, clause.i, rules.patient, rules) if passive else None
            if raised and clause.lemma_ in rules.cues.linking:  # 'are known to be in custody'
                category = category or _complement(doc, clause, clause.i, rules)
            if category:
                return category
    phrase = (_entry(doc, pred.i, rules.subject) or ((), None))[0]  # 'commit suicide'
    active = dep == "nsubj" and any(
        c.dep_ == "dobj" and not {c.lower_, c.lemma_} & set(phrase) for c in pred.children
    )
    if dep in ("nsubj", "nsubjpass") and not active:  # not 'gunmen killed nine'
        category = match(doc, pred.i, rules.subject, rules)
        if category:
            return category
    linked = dep in ("nsubj", "nsubjpass", "dobj") and pred.lemma_ in rules.cues.linking
    if linked and (category := _complement(doc, pred, tok.i, rules)):
        return category
    if dep == "nsubj" and pred.lemma_ in rules.cues.experience_verbs:
        return _casualty_noun((c for c in pred.children if c.dep_ == "dobj"), rules)
    return _with_others(doc, tok, rules) or lives_category(tok, rules)


def _with_others(doc: Doc, tok: Token, rules: Rules) -> FigureCategory | None:
    """'died with nine other adults', 'was arrested with two others': people with
    someone who died, fled or was taken share the fate of a verb without an object."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "with" or prep.dep_ != "prep":
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or any(c.dep_ == "dobj" for c in verb.children):
        return None
    if any(c.dep_ == "auxpass" for c in verb.children):
        return match(doc, verb.i, rules.patient, rules)
    return match(doc, verb.i, rules.subject, rules)


def _patient_category(doc: Doc, verb: Token, rules: Rules) -> FigureCategory | None:
    """The category a verb gives its object or passive subject, written next to it or with
    its prepositional phrase apart ('had taken 25 people into custody'), or given by a
    verb conjoined to it as their fate ('were shot and wounded'; not one with an object of
    its own)."""
    verbs = [verb, *(c for c in verb.conjuncts if c.i > verb.i and c.pos_ == "VERB")]
    for v in verbs:
        if v is not verb and any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in v.children):
            continue
        category = match(doc, v.i, rules.patient, rules) or _taken(v, rules)
        if category and (v is verb or category in ("killed", "injured")):
            return category  # not 'were shot and arrested': the shot are harmed
        for prep in v.children:
            if prep.dep_ == "prep" and prep.i > v.i + 1:
                for rest, category in _entries(v, rules.patient):
                    if rest and _follows(rest, prep.subtree):
                        return category
    return None


def _taken(verb: Token, rules: Rules) -> FigureCategory | None:
    """People seized, held or picked up, kidnapped or arrested by who took them ('gunmen are
    holding nine people', 'were being held by the gunman', 'police seized two men'); by
    anyone else or no one named, no category ('picked up all 66 delegates')."""
    if verb.lemma_ not in rules.cues.taking_verbs:
        return None
    taken = [t for c in verb.children if c.dep_ in ("dobj", "nsubjpass") for t in (c, *c.conjuncts)]
    nouns = [t for t in taken if t.pos_ in ("NOUN", "PROPN")]
    if nouns and not any(
        people_noun(t, rules) or noun_category(t, rules) in CASUALTY for t in nouns
    ):
        return None  # 'rebels held five towns', 'held three meetings'
    takers = [c for c in verb.children if c.dep_ == "nsubj"] or [
        o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
    ]
    if not takers and verb.dep_ == "conj":  # 'freed three but still hold seven'
        takers = [c for c in verb.head.children if c.dep_ == "nsubj"]
    captors = rules.cues.captors
    for taker in takers:
        for word in (taker, *(c for c in taker.children if c.dep_ == "compound")):
            category = captors.get(word.lemma_.lower()) or captors.get(word.lower_)
            if category:
                return category  # 'gunmen', 'hostage-takers', 'security forces'
    return None


def people_noun(tok: Token, rules: Rules) -> bool:
    """A noun for people: 'men', 'Americans', 'soldiers'."""
    known = tok.lower_ in rules.people or tok.ent_type_ == "NORP"
    return known or noun_category(tok, rules) == "personnel"


def _entries(tok: Token, table: Table) -> tuple[tuple[tuple[str, ...], FigureCategory], ...]:
    return table.get(tok.lemma_.lower(), ()) or table.get(tok.lower_, ())


def lives_category(tok: Token, rules: Rules) -> FigureCategory | None:
    """Lives claimed, cost, taken or lost are deaths: 'claimed 40 lives', 'claimed the lives
    of 15 people', 'eleven people lost their lives', 'we lost 3,000 people' (not 'saved 40
    lives')."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ == "life":
        tok = tok.head.head
    verb = tok.head
    if tok.dep_ == "dobj" and tok.lemma_ != "life":
        return lost_category(tok, verb, rules)  # 'we lost 3,000 people', 'lost four Americans'
    lives = tok.dep_ == "dobj" or (
        tok.dep_ == "nsubj" and any(c.dep_ == "dobj" and c.lemma_ == "life" for c in verb.children)
    )
    if not lives or verb.lemma_ not in rules.cues.life_verbs or _auxiliaries(verb) & MODALS:
        return None  # 'no child should lose his life'
    return "killed"


def lost_people(tok: Token, rules: Rules) -> bool:
    """People, a nationality or personnel, whom to 'lose' is to lose to death."""
    people = tok.lower_ in rules.cues.lost or tok.ent_type_ == "NORP"
    return people or noun_category(tok, rules) == "personnel"


def lost_category(noun: Token, verb: Token, rules: Rules) -> FigureCategory | None:
    """'the four Americans that we lost': deaths (not under a modal)."""
    if verb.lemma_ == "lose" and lost_people(noun, rules) and not _auxiliaries(verb) & MODALS:
        return "killed"
    return None


def among_category(head: Token, rules: Rules) -> FigureCategory | None:
    """A count placed among a group that has a category: 'three policemen were among the
    dead', 'among the wounded were 12 children', 'the dead included five foreigners',
    'two soldiers were among those killed'."""
    tok = climb(head)
    verb = tok.head
    if tok.dep_ not in ("nsubj", "attr", "dobj") or verb.pos_ not in ("AUX", "VERB"):
        return None
    if verb.lemma_ in rules.cues.among:
        return next(
            (
                c
                for s in verb.children
                if s.dep_ in ("nsubj", "nsubjpass") and s is not tok
                for c in [group_category(s, rules)]
                if c
            ),
            None,
        )
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "among":
            for group in prep.children:
                if group.dep_ == "pobj" and (category := group_category(group, rules)):
                    return category
    return None


def group_category(tok: Token, rules: Rules) -> FigureCategory | None:
    """The casualty category of a group named by a category word ('the dead', 'the
    wounded', 'the casualties' is not one), by a noun ('the hostages', 'the refugees'), or
    by a clause on a pronoun ('those killed', 'those who were injured')."""
    category = outcome(tok.doc, tok.i, rules) or noun_category(tok, rules)
    if category is None and tok.lower_ in ("those", "them", "people"):
        category = _described(tok, rules)
    return category if category in CASUALTY else None


def _described(tok: Token, rules: Rules) -> FigureCategory | None:
    """The category of a clause or phrase on ``tok``: 'those killed', 'the number in custody'."""
    return next(
        (
            c
            for child in tok.children
            if child.dep_ in ("acl", "relcl") or (child.dep_ == "prep" and child.lower_ != "of")
            for c in [outcome(tok.doc, child.i, rules)]
            if c
        ),
        None,
    )


def partitive_category(doc: Doc, end: int, rules: Rules) -> FigureCategory | None:
    """'five of the dead', 'seven of the injured', 'three of the hostages': the category of
    the group a number is part of (token ``end`` follows the number)."""
    if end >= len(doc) or doc[end].lower_ != "of":
        return None
    j = end + 1
    while j < len(doc) and doc[j].pos_ in ("DET", "NUM", "ADJ") and not outcome(doc, j, rules):
        j += 1
    return group_category(doc[j], rules) if j < len(doc) else None


def _casualty_noun(tokens: Iterable[Token], rules: Rules) -> FigureCategory | None:
    """The casualty category of the first noun that names one, turned by an adjective:
    'a fatal gunshot wound', 'mortal injuries' are deaths; 'cuts and bruises' (kinds of
    injury are injuries only here: '3,000 job cuts' counts no one)."""
    for tok in (t for first in tokens for t in (first, *first.conjuncts)):
        kind = tok.lower_ in rules.cues.injuries or tok.lemma_.lower() in rules.cues.injuries
        category = noun_category(tok, rules) or ("injured" if kind else None)
        if category in CASUALTY:
            turned = (
                rules.cues.manner_adjectives.get(c.lower_) for c in tok.children if c.dep_ == "amod"
            )
            return next((t for t in turned if t), category)
    return None


def with_category(head: Token, rules: Rules) -> FigureCategory | None:
    """'50 people with injuries', 'two men with gunshot wounds', 'were taken to hospital
    with injuries'."""
    words = list(head.children)
    tok = climb(head)
    if tok.dep_ in ("nsubjpass", "dobj"):
        words += tok.head.children
    preps = (c for c in words if c.dep_ == "prep" and c.lower_ == "with")
    return _casualty_noun((o for p in preps for o in p.children if o.dep_ == "pobj"), rules)


def subject_of(verb: Token, but: Token) -> Token | None:
    """What ``verb`` changes, other than ``but``: its object ('officials put the number of
    dead at 89') or else its subject ('the toll rose to 45')."""
    for deps in (("dobj",), ("nsubj", "nsubjpass")):
        for child in verb.children:
            if child.dep_ in deps and child != but:
                return child
    return None


def changed_subject(head: Token, rules: Rules) -> Token | None:
    """In 'the death toll rose to 45', 'the death toll tops 500' or 'the group could be
    expanded to 102 members', the noun whose new value the figure is."""
    tok = climb(head)
    if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "at"):
        verb = tok.head.head
    elif tok.dep_ in ("attr", "dobj"):
        verb = tok.head
    else:
        return None
    if verb.lemma_ not in rules.cues.change_verbs:
        return None
    if tok.dep_ == "dobj":
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject_of(verb, tok.head if tok.dep_ == "pobj" else tok)


def referred(head: Token, rules: Rules) -> bool:
    """'later raised the figure to nine', 'bringing the total to 45': the new value of a total
    that names no group, so of the count before it."""
    subject = changed_subject(head, rules)
    return (
        subject is not None
        and subject.lemma_ in rules.cues.aggregates
        and of_complement(subject, rules) is None
    )


def released(doc: Doc, head: Token, start: int, rules: Rules) -> bool:
    """People freed, released, rescued or escaped ('freed three of the hostages', '41
    hostages were released', '450 inmates escaped'): the count set free is not the count
    taken or harmed, unless the phrase says what befell them ('five aid workers kidnapped
    last month were freed', 'released from hospital')."""
    tok = climb(head.head if head.dep_ == "nummod" else head)  # '12 hostages': a category word
    verb = tok.head
    escaped = tok.dep_ == "nsubj" and not any(c.dep_ == "dobj" for c in verb.children)
    return (
        (tok.dep_ in ("dobj", "nsubjpass") or escaped)
        and verb.lemma_ in rules.cues.release_verbs
        and _patient_category(doc, verb, rules) is None
        and modifier_category(doc, head, start, rules) is None
    )


def of_complement(noun: Token, rules: Rules) -> FigureCategory | None:
    """'the number of dead', 'the total of refugees': the category of the group counted."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and (category := group_category(obj, rules)):
                    return category
    category = _described(noun, rules)  # 'the number of people in custody'
    return category if category in CASUALTY else None


def of_category(head: Token, rules: Rules) -> FigureCategory | None:
    """'the deaths of 300 people', 'a death toll of 45'; 'the attempted murder of a man' is
    a near miss (injured)."""
    tok = climb(head)
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        noun = tok.head.head
        category = noun_category(noun, rules)
        near = any(c.dep_ == "amod" and c.lower_ in rules.cues.near_miss for c in noun.children)
        return "injured" if category == "killed" and near else category  # 'attempted murder'
    return None


def neighbour_category(doc: Doc, before: int, after: int, rules: Rules) -> FigureCategory | None:
    """A category word right after the phrase ("85 wounded", "1 dead, 2 hurt", "80 Hurt")
    or an active verb right before it ("Kills 10")."""
    if before > 0 and doc[before - 1].pos_ in ("VERB", "PROPN", "NOUN"):
        category = match(doc, before - 1, rules.patient, rules)
        if category:
            return category
    i = after
    while i < len(doc) and (doc[i].lower_ in rules.cues.skip or doc[i].lemma_ in rules.cues.skip):
        i += 1
    if i < len(doc) and doc[i].tag_ in VERBAL_TAGS | {"NNP", "NN", "NNS", "VBG"}:
        has_object = any(c.dep_ == "dobj" for c in doc[i].children)
        category = outcome(doc, i, rules)
        if category and not (has_object and doc[i].tag_ == "VBD"):
            return category
    return None


def modifier_category(doc: Doc, head: Token, start: int, rules: Rules) -> FigureCategory | None:
    """A participle or adjective on the noun: 'wounded men', 'houses damaged', '4 dead'
    (only after ``start``, where the figure's phrase begins)."""
    for child in head.children:
        if child.i < start:
            continue
        if child.dep_ in ("amod", "acl", "relcl", "advmod") and child.tag_ in VERBAL_TAGS:
            if child.dep_ == "relcl" and _object_gap(child):
                category = _patient_category(doc, child, rules) or lost_category(head, child, rules)
                if category:
                    return category  # 'the 21 crew members they seized', 'Americans we lost'
            if child.dep_ == "relcl" and (transitive(child) or own_subject(child)):
                continue  # who acted: 'two officers who shot and killed a man'
            category = outcome(doc, child.i, rules) or next(
                (
                    outcome(doc, c.i, rules)
                    for c in child.children
                    if c.dep_ == "xcomp" and not any(o.dep_ == "dobj" for o in c.children)
                ),
                None,
            )  # 'believed to be trapped', 'forced to flee'; not 'needed to capture the nomination'
            if category:
                return category
    return None


def _object_gap(verb: Token) -> bool:
    """A describing clause with a subject of its own and an active verb without an object
    but its relative pronoun: what it describes is its object ('the 40 people the militia
    killed', 'the four Americans that we lost')."""
    return (
        own_subject(verb)
        and verb.tag_ != "VBN"
        and not any(
            c.dep_ in ("dobj", "auxpass", "ccomp", "xcomp") and c.lower_ not in RELATIVES
            for c in verb.children
        )
    )


def own_subject(verb: Token) -> bool:
    """A describing clause about someone else: '14 people, two of whom were injured'."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WP", "WDT") for c in verb.children
    )


def transitive(verb: Token) -> bool:
    """An active verb with an object, itself or a verb conjoined to it ('shot and killed a
    man'): its subject is who acted, not who was hurt."""
    if verb.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in verb.children):
        return False
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    return any(c.dep_ in ("dobj", "ccomp") for v in verbs for c in v.children)


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above ``tok`` (the clause the figure belongs to)."""
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _auxiliaries(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def modality(head: Token, verb: Token | None, uncertain: bool, rules: Rules) -> Modality:
    """Reported, planned ("would send"), potential ("could be expanded to") or uncertain
    ("as many as", "feared dead", "may have been killed", "police initially said two were
    killed": a report since corrected)."""
    cues = rules.cues
    said = verb.head if verb is not None and verb.dep_ == "ccomp" else None
    if (
        said is not None
        and said.lemma_ in cues.report_verbs
        and any(c.dep_ == "advmod" and c.lower_ in cues.superseded for c in said.children)
    ):
        return "uncertain"
    if any(c.dep_ == "amod" and c.lower_ in cues.planning_adjectives for c in head.children):
        return "planned"
    for level, clause in enumerate((verb, verb.head if verb is not None else None)):
        if clause is None or (level and verb is not None and verb.dep_ not in ("xcomp", "conj")):
            break
        aux = _auxiliaries(clause)
        if aux & set(cues.potential):
            return "uncertain" if "have" in aux else "potential"
        if aux & set(cues.planned) and "have" not in aux:
            return "planned"
        if (
            "to" in aux
            and clause.dep_ in ("xcomp", "advcl", "acl")
            and (
                clause.head.lemma_ in cues.planning_verbs
                or clause.head.lower_ in cues.planning_nouns
            )
        ):
            return "planned"
    words = [head, *(c for c in head.children if c.dep_ != "amod")]  # 'suspected militants'
    if verb is not None:
        words += [verb, *verb.children]
    if uncertain or any(w.lower_ in cues.uncertain or w.lemma_ in cues.uncertain for w in words):
        return "uncertain"
    return "reported"


def clause_tokens(verb: Token | None, head: Token) -> list[int]:
    """Token indices of the clause around a figure, without its subordinate clauses."""
    top = verb if verb is not None else head
    out, stack = [], [top]
    while stack:
        tok = stack.pop()
        out.append(tok.i)
        stack.extend(
            c
            for c in tok.children
            if not (c.dep_ in CLAUSAL or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")))
            or c.i == head.i
            or c.is_ancestor(head)
        )
    return sorted(out)
