"""Singular victims written without a numeral: 'a 12-year-old boy was shot and killed', 'was
pronounced dead', 'the shooting death of a man', 'Christian Dawson died'.

Each is one person of a category (killed, injured, missing, arrested, kidnapped, displaced),
or ``harmed`` when the clause only says the person was shot, stabbed or hit. `count` adds them
up per category without counting one person twice (docs/events.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

from extract.events import rules as er
from extract.figures import rules as fr
from extract.lexicon import longest_phrase
from models.record import TALLY_CATEGORIES, TallyCategory

VictimCategory = TallyCategory | Literal["harmed"]
PRONOUNS = frozenset({"he", "she", "him", "her", "himself", "herself"})
SUICIDE = "suicide"  # the description of a shooter who killed himself
REFLEXIVE = frozenset({"himself", "herself", "his", "her"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
INDEFINITE = frozenset({"a", "an", "another"})
OTHER_WORDS = frozenset({"another", "other", "second", "third", "fourth", "fifth"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
DESCRIBING = frozenset({"acl", "relcl"})  # clauses that describe a noun
NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj"})
AGE_UNITS = frozenset({"year", "month", "week", "day"})
CASUALTY: frozenset[str] = frozenset(TALLY_CATEGORIES)
BACK = frozenset({"them", "those", "these", "ones"})  # what a partitive refers back to


@dataclass(frozen=True)
class Victim:
    """One person mention with the category its clause gives it."""

    token: int
    start: int
    end: int
    category: VictimCategory
    key: str | None  # the entity the mention resolves to, if any
    definite: bool  # 'the man', 'he': refers back to a victim already introduced
    name: str  # how an unnamed person is described: the noun, or 'a:<token>' for 'a man'
    sentence: int = 0
    gender: str | None = None  # 'male' / 'female' by the noun: 'a boy' and 'a woman' are two
    names: frozenset[str] = frozenset()  # words of a name: 'Malik' and 'Malik Padgett' are one
    other: bool = False  # said to be someone else: 'another man', 'a second victim', 'also'
    clause: int | None = None  # the describing clause that gives the category, if only it does


def _person(tok: Token, ev: er.Rules, words: fr.Rules) -> bool:
    if tok.lower_ in PRONOUNS:
        return True
    if tok.ent_type_ == "PERSON":
        last = tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_type_ != "PERSON"
        return last or tok.doc[tok.i + 1].ent_iob_ == "B"
    if _age(tok) or _one_of(tok, words):
        return True
    if tok.pos_ != "NOUN" or tok.tag_ != "NN":
        return False
    lemma = tok.lemma_.lower()
    if lemma in ev.collective:
        return False  # 'the family', 'a crew' are several people, not one
    personnel = words.nouns.get(lemma) == "personnel"
    return lemma in words.people or lemma in ev.victims or personnel


def _one_of(tok: Token, words: fr.Rules) -> bool:
    """'One of them died', 'one of the victims was killed': one person of those told of, as
    a subject (in 'two shootings, one of them fatal' the one is a shooting)."""
    verb = tok.dep_ in SUBJECTS and tok.head.pos_ in ("VERB", "AUX")
    return (
        tok.lower_ == "one"
        and verb
        and any(
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(
                p.dep_ == "pobj" and (p.lower_ in BACK or p.lemma_.lower() in words.people)
                for p in c.children
            )
            for c in tok.children
        )
    )


def _age(tok: Token) -> bool:
    """'a 16-year-old was shot', 'killed an 11-year-old': an age used as a noun is a person."""
    return (
        tok.lower_ == "old"
        and tok.dep_ in NOMINAL
        and any(c.dep_ == "npadvmod" and c.lemma_.lower() in AGE_UNITS for c in tok.children)
    )


def _suicide(tok: Token, ev: er.Rules) -> bool:
    """'turned the gun on himself', 'took his own life': the person who killed himself (the
    Gun Violence Archive counts a shooter who dies as killed)."""
    if tok.lower_ not in REFLEXIVE:
        return False
    head = tok.head
    if tok.dep_ == "pobj":
        return (head.head.lemma_.lower(), head.lower_) in ev.suicide
    if tok.dep_ == "poss":
        return (head.head.lemma_.lower(), head.lemma_.lower()) in ev.suicide
    if tok.dep_ == "dobj":  # 'shot herself to death'
        return any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
            for c in head.children
        )
    return False


def _clause_category(
    doc: Doc, tok: Token, ev: er.Rules, words: fr.Rules
) -> tuple[VictimCategory | None, int | None]:
    """The category the clause gives the person, and the describing clause it comes from
    when only a clause after the person gives it ('the woman who died on Friday');
    conjoined predicates ('was shot and later died', 'was listed in critical condition but
    died') count, the strongest (killed) first."""
    found = fr.predicate_category(doc, tok, words) or fr.of_category(tok, words)
    described = _described_as(doc, tok, ev, words)
    verbs, harmed = _verb_category(doc, tok, ev, words)
    told: list[tuple[VictimCategory, int | None]] = []
    if found in CASUALTY:
        told.append((found, None))  # type: ignore[arg-type]
    if described is not None and described[0] in CASUALTY:
        told.append(described)
    if verbs is not None:
        told.append((verbs, None))
    if told:
        return next((t for t in told if t[0] == "killed"), told[0])
    if harmed:  # by the verb; a describing clause's harm ('the man, who was shot ...') after
        return "harmed", None
    return described if described is not None else (None, None)


def _verb_category(
    doc: Doc, tok: Token, ev: er.Rules, words: fr.Rules
) -> tuple[VictimCategory | None, bool]:
    """The category the person's verb or a verb conjoined with it gives (killed first), and
    whether one only says they were shot or hit."""
    harmed, first = False, None
    head = fr.climb(tok)
    pred, dep = head.head, head.dep_
    conjoined = (c for c in pred.children if c.dep_ == "conj" and c.pos_ == "VERB")
    for verb in () if pred is head else (pred, *conjoined):
        if verb is not pred and any(c.dep_ in SUBJECTS for c in verb.children):
            continue  # a clause of its own: 'he said and she died'
        if dep == "nsubj" and fr.transitive(verb):
            continue  # who acted: 'a deputy shot and killed a man', 'the sheriff said'
        if verb is not pred and _hedged(tok, verb, ev, words):
            continue  # 'he remains in critical condition and could die'
        table = words.subject if dep == "nsubj" or verb is not pred else words.patient
        category = fr.match(doc, verb.i, table, words) or fr.match(
            doc, verb.i, words.patient, words
        )
        if category in CASUALTY and (verb is pred or dep in SUBJECTS):
            if category == "killed":
                return "killed", harmed
            first = first or category
        if verb.lemma_ in ev.harm and dep in ("nsubjpass", "dobj") and not fired_at(verb):
            harmed = True
    return first, harmed  # type: ignore[return-value]


def _described_as(
    doc: Doc, tok: Token, ev: er.Rules, words: fr.Rules
) -> tuple[VictimCategory, int] | None:
    """A clause after the person that says what happened to them, and its verb: 'the boy
    fatally shot in ...', 'the woman who died on Friday', 'a man who was shot' (harmed); not
    who acted ('the man who shot his wife'), a negated or hedged clause ('a man who was not
    hurt'), nor what befell someone else ('a woman whose son was killed')."""
    for clause in tok.children:
        if clause.i < tok.i or clause.dep_ not in DESCRIBING or fr.transitive(clause):
            continue
        if _negated_or_hedged(clause, ev, words) or _own_subject(clause):
            continue
        category = fr.outcome(doc, clause.i, words)
        if category in CASUALTY:
            return category, clause.i  # type: ignore[return-value]
        if clause.lemma_ in ev.harm and not fired_at(clause):
            return "harmed", clause.i
    return None


def _natural(tok: Token, ev: er.Rules) -> bool:
    """'Died of natural causes', 'was found dead of an apparent overdose', 'a teacher who died
    of cancer': a death of a cause no one inflicted (`natural`), no incident's toll."""
    verb = fr.governing_verb(tok)
    if verb is None:
        return False
    heads = [verb, *(c for c in verb.children if c.dep_ in ("acomp", "oprd", "conj"))]
    for prep in (c for h in heads for c in h.children if c.dep_ == "prep"):
        cause = [t.lower_ for t in prep.subtree][1:] if prep.lower_ in ("of", "from") else []
        if any(longest_phrase(cause, k, ev.natural) for k in range(len(cause))):
            return True
    return False


def _own_subject(clause: Token) -> bool:
    """'A woman whose son was killed': the clause tells what befell someone else (its subject
    is no relative pronoun standing for the person described)."""
    return any(c.dep_ in SUBJECTS and c.tag_ not in ("WP", "WDT") for c in clause.children)


def fired_at(verb: Token) -> bool:
    """'She was shot at by her ex-husband': fired upon, not hit ('at' with no object)."""
    return any(
        c.dep_ in ("prep", "prt") and c.lower_ == "at" and not any(c.children)
        for c in verb.children
    )


def _definite(tok: Token, keyed: bool) -> bool:
    if tok.lower_ == "one":
        return True  # 'one of them': one of those told of
    if tok.lower_ in PRONOUNS:
        return not keyed
    if tok.ent_type_ == "PERSON" or keyed:
        return False
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)


def _someone_else(tok: Token) -> bool:
    """'Another man', 'a second victim', 'a woman was also wounded': not a person told of
    before."""
    if any(c.lower_ in OTHER_WORDS for c in tok.children if c.dep_ in ("det", "amod")):
        return True
    verb = fr.governing_verb(tok)
    return verb is not None and any(c.lower_ == "also" for c in verb.children)


def _description(tok: Token) -> str:
    if any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in tok.children):
        return f"a:{tok.i}"
    return tok.lemma_.lower()


def _negated_or_hedged(tok: Token, ev: er.Rules, words: fr.Rules) -> bool:
    """'was not hurt', 'could have been killed', 'would have died', 'wants her son not to
    die'; a story's 'he would later die' is told, not hedged."""
    verb = fr.governing_verb(tok)
    return verb is not None and _hedged(tok, verb, ev, words)


def _hedged(tok: Token, verb: Token, ev: er.Rules, words: fr.Rules) -> bool:
    """Whether ``verb``, said of ``tok``, is negated or hedged ('was not hurt', 'could
    die')."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if "to" in aux and "have" not in aux:
        return True  # an infinitive: 'expected to die', 'I don't want my son to die'
    if aux & set(words.cues.planned):
        told = any(c.dep_ == "advmod" and c.lower_ in ev.narrative for c in verb.children)
        return "have" in aux or not told
    return fr.modality(tok, verb, False, words) != "reported"


def find_victims(
    doc: Doc, entity_of: Mapping[int, Sequence[str]], covered: frozenset[int]
) -> list[Victim]:
    """The singular victims of ``doc``; ``covered`` are tokens inside figures (counted there)."""
    ev, words = er.load_rules(), fr.load_rules()
    found = []
    for tok in doc:
        suicide = _suicide(tok, ev)
        if tok.i in covered or not (suicide or _person(tok, ev, words)):
            continue
        if any(c.dep_ == "nummod" or c.lower_ in ("no", "each", "every") for c in tok.children):
            continue
        category, clause = ("killed", None) if suicide else _clause_category(doc, tok, ev, words)
        if category is None or category not in (*ev.implicit, "harmed"):
            continue
        if category == "killed" and _natural(doc[clause] if clause else tok, ev):
            continue  # 'his wife died of natural causes'
        if _negated_or_hedged(tok, ev, words):
            continue
        ids = entity_of.get(tok.i, ())
        key = ids[0] if ids else None
        phrase = tok.pos_ == "NOUN" or _age(tok)
        span = doc[tok.left_edge.i : tok.i + 1] if phrase else doc[tok.i : tok.i + 1]
        if tok.ent_type_ == "PERSON":
            first = tok.i
            while first > 0 and doc[first - 1].ent_type_ == "PERSON" and doc[first].ent_iob_ != "B":
                first -= 1
            span = doc[first : tok.i + 1]
        found.append(
            Victim(
                token=tok.i,
                start=span.start_char,
                end=span.end_char,
                category=category,
                key=key,
                definite=not suicide and _definite(tok, key is not None),
                name=SUICIDE if suicide else _description(tok),
                sentence=tok.sent.start,
                gender=ev.gender.get(tok.lemma_.lower()),
                names=frozenset(t.lower_ for t in span if t.pos_ == "PROPN" and len(t) > 2),
                other=_someone_else(tok),
                clause=clause,
            )
        )
    return found


STRENGTH: dict[VictimCategory, int] = {"killed": 3, "injured": 2, "harmed": 1}


def _named(victims: Sequence[Victim]) -> int:
    """Distinct named people: entities, joined when one name's words are all in the other's
    ('Malik' and 'Malik Padgett'; not 'Betty Mungin' and 'Alexis Mungin', and a bare 'Mungin'
    that fits both adds no one)."""
    groups: list[tuple[set[str], set[str]]] = []
    for v in victims:
        if v.key is None:
            continue
        same = [g for g in groups if v.key in g[0]] or [
            g for g in groups if v.names and g[1] and (v.names <= g[1] or g[1] <= v.names)
        ]
        if len(same) > 1 and not any(v.key in g[0] for g in same):
            continue  # a short form that fits several people is one of them
        keys: set[str] = {v.key}
        words = set(v.names)
        for g in same:
            keys |= g[0]
            words |= g[1]
            groups.remove(g)
        groups.append((keys, words))
    return len(groups)


def _described(victims: Sequence[Victim]) -> int:
    """Distinct unnamed people: the most in one sentence ('a man and a woman', 'his wife and
    son'), or the genders among them across sentences ('a man ...', later 'a woman'); the
    same person is often introduced twice ('a child ...', 'a nine-year-old boy'). A shooter
    who killed himself is one more."""
    described = [v for v in victims if v.key is None and not v.definite]
    per_sentence: dict[int, set[str]] = {}
    for v in described:
        if v.name != SUICIDE:
            per_sentence.setdefault(v.sentence, set()).add(v.name)
    genders = {v.gender for v in described if v.gender}
    others = max([len(genders), *(len(n) for n in per_sentence.values())], default=0)
    return others + any(v.name == SUICIDE for v in described)  # the shooter is none of them


def _people(victims: Sequence[Victim]) -> int:
    """How many people the mentions name: distinct named people or distinct descriptions,
    whichever is more; definite ones ('the man') and pronouns add none unless alone."""
    return max(_named(victims), _described(victims), 1 if victims else 0)


def _same_one(killed: int, dead: list[Victim], injured: int, wounded: list[Victim]) -> bool:
    """Whether the one person told of as injured is one of the killed, told of before or after
    in other words ('Amaya Shafi was rushed to a hospital' ... 'the toddler fatally shot'):
    not in a sentence with the killed ('a man was killed and a teen wounded'), not said to be
    someone else ('another man'), not of another gender."""
    if injured != 1 or any(v.other for v in wounded):
        return False
    if {v.sentence for v in wounded} & {v.sentence for v in dead}:
        return False
    genders = {v.gender for v in wounded if v.gender}
    return (
        not genders
        or bool(genders & {v.gender for v in dead if v.gender})
        or not any(v.gender for v in dead)
    )


def count(victims: Sequence[Victim]) -> dict[TallyCategory, tuple[int, list[Victim]]]:
    """People per category: one person once (a named person killed is not also injured;
    injured mentions that are only pronouns, 'she', are the killed), and the people
    hurt (injured or only shot) count as injured beyond those the killed account for."""
    strongest: dict[str, Victim] = {}
    for v in victims:
        if v.key is None or v.category not in STRENGTH:
            continue
        held = strongest.get(v.key)
        if held is None or STRENGTH[v.category] > STRENGTH[held.category]:
            strongest[v.key] = v
    kept = [
        v
        for v in victims
        if v.key is None or v.category not in STRENGTH or strongest[v.key].category == v.category
    ]
    result: dict[TallyCategory, tuple[int, list[Victim]]] = {}
    for category in TALLY_CATEGORIES:
        group = [v for v in kept if v.category == category]
        if group:
            result[category] = (_people(group), group)
    dead, wounded = result.get("killed"), result.get("injured")
    if (
        dead
        and wounded
        and (
            all(v.definite and v.name in PRONOUNS for v in wounded[1]) or _same_one(*dead, *wounded)
        )
    ):
        del result["injured"]  # 'she was in critical condition' of the girl who was killed
    harmed = [v for v in kept if v.category == "harmed"]
    if harmed:
        killed, slain = result.get("killed", (0, []))
        genders = {v.gender for v in harmed} if all(v.gender for v in harmed) else set()
        if all(v.other or (v.gender and genders and v.gender not in genders) for v in slain):
            killed = 0  # 'a man was shot ... a second man (a woman) was found dead': another
        injured, evidence = result.get("injured", (0, []))
        hurt = _people([*evidence, *harmed]) - killed
        if hurt > injured:
            result["injured"] = (hurt, [*evidence, *harmed])
    return result
