"""Roles of people: titles before a name and appositions after it.

Read from the dependency parse: a title is the run of the name's own left dependents
("OSCE Secretary-General Marc Perrin de Brichambaut", "Kyrgyz interim leader Roza
Otunbayeva", "U.S. Secretary of State Hillary Clinton"), stopping at a determiner,
possessive, verb or punctuation ("whose President Kurmanbek Bakiyev" -> "President");
an apposition is a common-noun phrase set off by a comma on either side of the name
("Herbert Salber, director of the OSCE Conflict Prevention Center, said", "the head of
the mission, John Smith, said"), cut at the next comma. Leading determiners are trimmed,
so role text reads as a title: "director of the OSCE Conflict Prevention Center".
A role needs a word that is not part of a name, and honorifics ("Mr.") are not roles; a
role of capitalized words only needs a title among them ("Palmer Public Safety Director",
not the "Jamal" of a "Jamal Williams" the model cut short).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extract.entities.names import rules, titles

_STOP_DEPS = frozenset({"det", "poss", "predet", "case", "nummod", "cc", "punct", "prep"})
_STOP_POS = frozenset({"DET", "PRON", "VERB", "AUX", "SCONJ", "CCONJ", "NUM", "PUNCT", "SPACE"})
_EDGE_POS = frozenset({"ADP", "CCONJ", "DET", "PART", "PUNCT"})
_BREAKS = frozenset({",", ";", ":", "(", ")", '"', "“", "”", "—", "–"})
_NOUNS = frozenset({"NOUN", "PROPN"})


def _joins_title(token: Token, name: Span) -> bool:
    if token.text == "-" and token.whitespace_ == "":
        return True  # "Secretary-General"
    if (
        token.dep_ == "prep"
        and token.head.i < name.start
        and token.lower_ in rules().function_words
    ):
        return True  # "Secretary of State"
    return token.dep_ not in _STOP_DEPS and token.pos_ not in _STOP_POS


def _clean(doc_span: Span) -> tuple[int, int] | None:
    """Trim function words and punctuation at the edges; None if no role word is left."""
    start, end = doc_span.start, doc_span.end
    doc = doc_span.doc
    while start < end and (doc[start].pos_ in _EDGE_POS or doc[start].text in _BREAKS):
        start += 1
    while end > start and (
        doc[end - 1].pos_ in _EDGE_POS - {"PART"} or doc[end - 1].text in _BREAKS
    ):
        end -= 1
    tokens = doc[start:end]
    honorifics = rules().honorifics
    if not len(tokens) or len(tokens) > rules().max_role_tokens:
        return None
    if all(t.lower_.rstrip(".") in honorifics for t in tokens):
        return None
    if not any(t.pos_ in _NOUNS and not t.ent_type_ for t in tokens):
        return None
    words = [t for t in tokens if any(c.isalpha() for c in t.text)]
    if all(t.pos_ == "PROPN" for t in words) and not any(_is_title(t) for t in words):
        return None  # capitalized words that are no title: the rest of a name ("Jamal")
    return start, end


def _is_title(token: Token) -> bool:
    return token.lower_.rstrip(".") in titles()


def _title_before(name: Span) -> tuple[int, int] | None:
    head = name.root
    start = name.start
    while start > head.left_edge.i and _joins_title(name.doc[start - 1], name):
        if name.doc[start - 1].ent_type_ == "PERSON":
            break
        start -= 1
    return _clean(name.doc[start : name.start]) if start < name.start else None


def _cut(doc_span: Span) -> Span:
    for token in doc_span[1:]:
        if token.text in _BREAKS or token.dep_ == "relcl":
            return doc_span.doc[doc_span.start : token.i]
    return doc_span


def _apposition(name: Span) -> tuple[int, int] | None:
    doc = name.doc
    head = name.root
    if name.end < len(doc) and doc[name.end].text == ",":
        for child in head.rights:
            if child.dep_ == "appos" and child.i > name.end and child.pos_ == "NOUN":
                return _clean(_cut(doc[child.left_edge.i : child.right_edge.i + 1]))
    if head.dep_ == "appos" and head.head.i < name.start and name.start > 0:
        noun = head.head
        if doc[name.start - 1].text == "," and noun.pos_ == "NOUN":
            return _clean(_cut(doc[noun.left_edge.i : name.start - 1]))
    return None


def find_roles(name: Span) -> list[tuple[int, int]]:
    """Return the token ranges ``(start, end)`` of the roles given to the person ``name``."""
    return [r for r in (_title_before(name), _apposition(name)) if r is not None]
