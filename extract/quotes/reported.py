"""Reported speech: a reporting cue and what it reports, found in the dependency parse.

A reporting verb governing a complement clause, a parenthetical tag inside the clause it
reports ("The test, Russia said, was its biggest"), a speech act with a noun-phrase or
infinitive content ("denied the allegations", "vowed to fight"), or "according to X": the
indirect speech rules of the Gender Gap Tracker, with the cue lexicon as data
(extract/resources/quotes_cues.json).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from extract.quotes.cues import (
    addressee_of,
    cue_lemma,
    cue_lexicon,
    phrase_at,
    reduced_passive,
    subject_of,
)
from extract.quotes.marks import Part

_JOINING = frozenset({"dobj", "nsubjpass"})  # "called [the plan a disaster]", "[he] is seen as"
_CLAUSE_PREPS = frozenset({"for", "about", "against", "on", "of"})
_NOTHING = frozenset({"nothing", "none"})  # "said nothing" says no content
_RELATIVES = frozenset({"who", "that", "which", "whom", "whose", "what"})
_SUBORDINATORS = frozenset(
    {"when", "while", "where", "as", "because", "if", "after", "before", "since"}
)


@dataclass
class Attribution:
    """A statement being assembled: content spans, cue and speaker token."""

    kind: str
    contents: list[Part]
    cue: Part | None = None
    speaker: Token | None = None
    addressee: Part | None = None
    region_end: int = -1  # end of a trailing tag: a quotation right after it continues this one

    @property
    def start(self) -> int:
        return self.contents[0][0]


def inside(spans: Iterable[Part], start: int, end: int) -> bool:
    """Whether one of a few ``spans`` contains ``[start, end)``."""
    return any(s <= start and end <= e for s, e in spans)


def words(tokens: Iterable[Token]) -> list[Token]:
    """The word and number tokens of ``tokens``."""
    return [t for t in tokens if t.is_alpha or t.like_num]


def _trim(run: list[Token]) -> list[Token]:
    def loose(t: Token) -> bool:
        return t.is_space or (t.is_punct and not t.is_quote)

    start, end = 0, len(run)
    while start < end and loose(run[start]):
        start += 1
    while end > start and loose(run[end - 1]):
        end -= 1
    return run[start:end]


def runs(tokens: list[Token]) -> list[Part]:
    """Character spans of the contiguous runs of ``tokens`` within a paragraph, trimmed of
    punctuation."""
    groups: list[list[Token]] = []
    for tok in tokens:
        if groups and tok.i == groups[-1][-1].i + 1 and not (tok.is_space and "\n" in tok.text):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return [(g[0].idx, g[-1].idx + len(g[-1])) for g in map(_trim, groups) if words(g)]


def attribution(
    kind: str, contents: list[Part], cue: Token, allowed: Callable[[Token], bool]
) -> Attribution:
    """A statement with its cue span, speaker token and addressee; ``allowed`` says which
    tokens may be the speaker (not inside the quotation itself, not in the dateline)."""
    phrase = phrase_at(cue.doc, cue.i)
    if phrase is not None:
        first, last = phrase
        objects = [c for c in last.children if c.dep_ == "pobj"]
        end = max(t.idx + len(t) for t in (first, last))
        return Attribution(kind, contents, (first.idx, end), objects[0] if objects else None)
    addressee = addressee_of(cue)
    if addressee is not None and any(s < addressee[1] and addressee[0] < e for s, e in contents):
        addressee = None  # "urged a ceasefire": the object is what was said, not to whom
    return Attribution(
        kind, contents, (cue.idx, cue.idx + len(cue)), subject_of(cue, allowed), addressee
    )


def _relation(child: Token) -> str:
    """The lexicon's name of a content relation; a clause opened by a preposition is that
    prepositional object ("called for him to resign")."""
    if child.dep_ == "advcl":
        mark = next((c for c in child.children if c.dep_ == "mark"), None)
        if mark is not None and mark.pos_ in ("ADP", "SCONJ") and mark.lower_ in _CLAUSE_PREPS:
            return f"prep:{mark.lower_}"
    return f"prep:{child.lower_}" if child.dep_ == "prep" else child.dep_


def _content(tokens: list[Token], clause: Token | None = None) -> list[Part]:
    if clause is not None and tokens and tokens[0].dep_ == "mark" and tokens[0].head.i == clause.i:
        tokens = tokens[1:]
    return runs(tokens)


def _complement(child: Token, addressed: bool) -> bool:
    """A complement clause, one the parser made adverbial ("that ...", "whether ..."), an
    indirect question ("asked workers if they planned"), or an adverbial clause with its
    own subject and no subordinator ("said after the talks he would go")."""
    if child.dep_ == "ccomp":
        return True
    marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
    if child.dep_ == "advcl" and ("that" in marks or "whether" in marks):
        return True
    if child.dep_ == "advcl" and addressed and "if" in marks:
        return True
    return (
        child.dep_ == "advcl"
        and not any(c.dep_ == "mark" or c.lower_ in _SUBORDINATORS for c in child.children)
        and any(c.dep_ == "nsubj" for c in child.children)
    )


def _noun_clause(child: Token) -> bool:
    """What a noun cue says: its complement clause ("the claim that ...", "a call to end
    the war"), not a participle or relative clause describing it ("a statement issued
    Monday", "the report that he read")."""
    if child.dep_ == "ccomp":
        return True
    if child.dep_ != "acl":
        return False
    return any(
        (c.dep_ == "mark" and c.lower_ in ("that", "whether"))
        or (c.dep_ == "aux" and c.lower_ == "to")
        for c in child.children
    )


def _that_clause(child: Token) -> bool:
    """A clause opened by "that" in any relation the parser gave it ("made clear that")."""
    return child.dep_ in ("advcl", "csubj") and any(
        c.dep_ == "mark" and c.lower_ == "that" for c in child.children
    )


def _when(child: Token) -> bool:
    """A prepositional object that is a date or time ("spoke on Wednesday")."""
    objects = [c for c in child.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _modifies(cue: Token, relations: Sequence[str], clausal: bool) -> bool:
    """Whether a cue reports what it modifies: a clause it tags with "as" ("as Reuters
    reported"), a noun it describes as said ("the plan announced by X", when its passive
    subject is a content), or a noun that is its gapped object ("the policy he opposed")."""
    children = {c.dep_: c for c in cue.children}
    if cue.dep_ == "advcl":
        mark = children.get("mark")
        return (
            clausal
            and mark is not None
            and mark.lower_ == "as"
            and "nsubj" in children
            and not children.keys() & {"dobj", "ccomp", "xcomp"}
        )
    if "dobj" in children:
        return False
    if cue.dep_ == "acl":
        return reduced_passive(cue) and "nsubjpass" in relations
    subject = children.get("nsubj")
    return (
        cue.dep_ == "relcl"
        and "dobj" in relations
        and subject is not None
        and subject.lower_ not in _RELATIVES
    )


def _reported(cue: Token) -> list[list[Part]]:
    """The contents a cue reports: a verb's complement clauses, the clause a parenthetical
    tag interrupts, or the objects its lexicon entry names; a noun's clause or the
    prepositional object its lexicon entry names; an adjective's ("confident that ...")."""
    lexicon = cue_lexicon()
    lemma = cue_lemma(cue)
    found = []
    if cue.pos_ == "NOUN":
        found = [_content(list(c.subtree), c) for c in cue.children if _noun_clause(c)]
        carriers = [c for c in cue.children if _relation(c) in lexicon.noun_objects.get(lemma, ())]
        if not any(found) and carriers:  # "his calls for a ceasefire"
            found.append(_content([t for c in carriers for t in c.subtree if t.i != c.i]))
        return found
    if cue.pos_ == "ADJ":
        relations = lexicon.adjectives.get(lemma, ())
        return [
            _content(list(c.subtree), c)
            for c in cue.children
            if _relation(c) in relations or ("ccomp" in relations and _that_clause(c))
        ]
    if lemma in lexicon.verbs:
        addressed = lemma in lexicon.addressee_verbs
        found = [_content(list(c.subtree), c) for c in cue.children if _complement(c, addressed)]
        if cue.dep_ == "parataxis" and any(c.dep_ == "nsubj" for c in cue.children):
            tag = {t.i for t in cue.subtree}
            found.append(_content([t for t in cue.head.subtree if t.i not in tag]))
    relations = lexicon.objects.get(lemma, ())
    if not any(found) and _modifies(cue, relations, lemma in lexicon.verbs):
        tag = {t.i for t in cue.subtree}
        found.append(_content([t for t in cue.head.subtree if t.i not in tag]))
    elif not any(found) and relations and not reduced_passive(cue):  # not "a group called X"
        carriers = [
            c
            for c in cue.children
            if _relation(c) in relations and c.lower_ not in _NOTHING and not _when(c)
        ]
        if not carriers:  # "accused [the rebels of shelling]": the parser put "of" on the object
            carriers = [
                c
                for c in cue.children
                if c.dep_ == "dobj" and any(_relation(g) in relations for g in c.children)
            ]
        if carriers and any(c.dep_ != "dobj" for c in carriers):
            carriers += [c for c in cue.children if c.dep_ in _JOINING and c not in carriers]
        if lemma in lexicon.addressee_verbs and len(carriers) > 1:
            carriers = [c for c in carriers if c.dep_ != "dobj"]
        objects = []
        for carrier in carriers:  # without the preposition: "for him to resign"
            objects += [
                t
                for t in carrier.subtree
                if (t.i != carrier.i or carrier.dep_ != "prep")
                and not (t.dep_ == "mark" and t.head.i == carrier.i)
            ]
        found.append(_content(sorted(objects, key=lambda t: t.i)))
    return found


def _source(prep: Token) -> Token | None:
    """The source noun of a clause told as from a source ("In the CBS poll, X leads", "X
    lashed out in a statement"): a preposition of the lexicon's ``sources`` whose object
    is one of its nouns in the singular ("rising in the polls" names no source), on a verb
    that is not a cue itself."""
    nouns = cue_lexicon().sources.get(prep.lower_)
    if nouns is None or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    lexicon = cue_lexicon()
    head = cue_lemma(prep.head)
    if head in lexicon.verbs or head in lexicon.objects:
        return None
    return next((c for c in prep.children if c.dep_ == "pobj" and c.lower_ in nouns), None)


def _teller(source: Token) -> Token | None:
    """Who speaks through a source noun: its owner ("in his speech"), the subject of the
    clause for a source it made ("In an interview, X lashed out"), else the source itself
    ("In the CBS poll")."""
    owners = [c for c in source.children if c.dep_ == "poss"]
    if owners:
        return owners[0]
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in source.children):
        return subject_of(source.head.head, lambda t: True)
    return source


@cache
def _headline_forms() -> frozenset[str]:
    """Present-tense forms of cue verbs as a title-cased headline writes them ("Says")."""
    verbs = cue_lexicon().verbs | cue_lexicon().objects.keys()
    forms = {v[:-1] + "ies" if v.endswith("y") and v[-2] not in "aeiou" else v + "s" for v in verbs}
    forms |= {v + "es" for v in verbs if v.endswith(("s", "sh", "ch", "x", "z"))}
    return frozenset(forms)


def _headline(tok: Token) -> Attribution | None:
    """A title-cased headline "Obama Warns Congress On Syria": the parser reads the cue
    verb as a name; the words before it speak, the words after it are the content."""
    sent = tok.sent
    if tok.i == sent.start or tok.lower_ not in _headline_forms() or not tok.text[:1].isupper():
        return None
    long_words = [t for t in sent if t.is_alpha and len(t) > 3]
    if not all(t.text[:1].isupper() for t in long_words):
        return None
    before = tok.nbor(-1)
    after = [t for t in sent[tok.i - sent.start + 1 :] if not (t.is_space and "\n" in t.text)]
    contents = runs(after)
    if before.pos_ != "PROPN" or not contents:
        return None
    return Attribution("indirect", contents, (tok.idx, tok.idx + len(tok)), before)


def _word_cue(tok: Token) -> bool:
    """Whether a token with a cue lemma is used as that cue: a verb, or a noun or adjective
    of the lexicon's nouns and adjectives."""
    lexicon = cue_lexicon()
    lemma = cue_lemma(tok)
    if tok.pos_ == "NOUN":
        return lemma in lexicon.nouns or lemma in lexicon.noun_objects
    return tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and lemma in lexicon.adjectives)


@cache
def _cue_ids() -> tuple[list[int], list[int]]:
    """String ids of cue lemmas, and of the first words of cue phrases and the forms whose
    lemma the lexicon corrects."""
    lexicon = cue_lexicon()
    lemmas = lexicon.verbs | lexicon.objects.keys() | lexicon.nouns | lexicon.noun_objects.keys()
    lemmas |= lexicon.adjectives.keys()
    firsts = [p.words[0] for p in lexicon.phrases] + list(lexicon.lemmas) + list(lexicon.sources)
    firsts += _headline_forms()
    return [get_string_id(w) for w in lemmas], [get_string_id(w) for w in firsts]


def find_indirect(doc: Doc, paragraph: Callable[[int], int]) -> list[Attribution]:
    """Reported speech: a cue verb and what it reports, or "according to X"; ``paragraph``
    maps an offset to its paragraph (a parse crossing a paragraph break is wrong there)."""
    if not doc.has_annotation("DEP"):
        return []
    lemmas, firsts = _cue_ids()
    table = doc.to_array(["LEMMA", "LOWER"])
    found = []
    for i in numpy.flatnonzero(numpy.isin(table[:, 0], lemmas) | numpy.isin(table[:, 1], firsts)):
        tok = doc[int(i)]
        source = _source(tok)
        if source is not None:
            tag = {t.i for t in tok.subtree}
            contents = [
                (s, e)
                for s, e in runs([t for t in tok.sent if t.i not in tag])
                if paragraph(s) == paragraph(tok.idx)
            ]
            if contents:
                cue = (tok.idx, source.idx + len(source))
                found.append(Attribution("indirect", contents, cue, _teller(source)))
            continue
        phrase = phrase_at(doc, tok.i) is not None
        if phrase:
            tag = {t.i for t in tok.subtree}
            reported = [runs([t for t in tok.sent if t.i not in tag])]
        elif _word_cue(tok):
            reported = _reported(tok)
        elif tok.pos_ == "PROPN" and (headline := _headline(tok)) is not None:
            home = paragraph(tok.idx)
            headline.contents = [(s, e) for s, e in headline.contents if paragraph(s) == home]
            if headline.contents:
                found.append(headline)
            continue
        else:
            continue
        home = paragraph(tok.idx)
        for contents in reported:
            contents = [(s, e) for s, e in contents if paragraph(s) == home]
            statement = attribution("indirect", contents, tok, lambda t: True)
            said = tok.pos_ == "VERB" or (
                tok.pos_ == "NOUN" and any(_noun_clause(c) for c in tok.children)
            )
            if contents and (statement.speaker is not None or (said and not phrase)):
                found.append(statement)
    return found
