"""Corrections of the statistical model's entity spans, before clustering.

General rules, each a function over spans of one Doc:

- no name spans a line break, and none keeps an opening parenthesis ("Conference (OIC");
- a leading determiner, a person's leading titles and honorifics, an infinitive verb and a
  trailing possessive are trimmed ("the OSCE's" -> "OSCE", "Mr. Salber" -> "Salber",
  "President Obama" -> "Obama", "to Send Police" -> "Police"), and a place's possessive
  that starts a name is a place of its own ("Venezuela's Ecological Mining"), as is a
  place before a title and a person's full name ("Manitoba Premier Brian Pallister");
- coordinated places are split ("Osh and Jalal-Abad" -> two GPEs) when each part is in
  the gazetteer and the whole is not ("Bosnia and Herzegovina" stays), as are coordinated
  full person names and nationalities, and nationalities joined by hyphens
  ("Austro-Hungarian", "anti-Russian"); a country or first-level unit the model cut at
  its "and" is joined ("Trinidad" and "Tobago");
- a name labelled ORG or PERSON that is an admin unit or a town of a country the article
  names is a GPE ("Harare" in an article naming Zimbabwe);
- demonyms and ethnic groups become NORP ("Uzbeks" was ORG), country and continent names
  GPE or LOC (never ORG);
- each comma-separated part of the dateline is a GPE ("ALMATY, Kazakhstan");
- a name is extended over "in/of/for ..." words when that makes its initials spell an
  acronym used in the article ("Organization for Security and Cooperation" + "in Europe"
  = OSCE);
- an acronym right after a clock time is a time zone ("16:30 UTC"), not an organization;
- names the model missed are added: acronyms of the article's names ("CSTO"), acronyms
  defined in parentheses, repeats of a name found elsewhere in the article, demonyms, and
  proper nouns that are a country, a first-level unit or a town of 100,000 (15,000 in
  a country the article names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import get_args

from spacy.tokens import Doc, Span, Token

from extract import attrs
from extract.entities.gazetteer import gazetteer, strip_admin_terms
from extract.entities.names import abbreviates, initials, is_acronym, rules, surname, titles
from extract.entities.nationalities import nationality, region_of
from models.record import EntityLabel

NAME_LABELS = frozenset(get_args(EntityLabel))
_FROM_NORP = frozenset({"ORG", "GPE", "LOC", "PERSON", "FAC", "PRODUCT", "WORK_OF_ART"})
_TO_PLACE = frozenset({"ORG", "PERSON", "NORP", "FAC"})
_PROPAGATED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_MAX_EXTENSION = 4
_MAX_JOINED = 4
_JOINING = frozenset({"and", "&", "of", "the"})
ADMINS = ("admin1", "admin2")
TOWN_PEOPLE = 15_000
CITY_PEOPLE = 100_000
"""A name the model labelled ORG or PERSON is a town of the article's countries if this
large (`_local_place`)."""
_CLOCK = re.compile(r"\d{1,2}[:.]\d\d|[ap]\.?m\.?")


@dataclass(frozen=True)
class Context:
    """What the article's other entities tell about a name."""

    people: set[str]  # the full names of people and their surnames
    companies: set[str]  # first words of organizations' names of several words
    countries: set[str]  # codes of the countries named


def dateline_span(doc: Doc) -> tuple[int, int] | None:
    """The dateline's character range, from ``doc._.ce_dateline``."""
    value = getattr(doc._, attrs.DATELINE, None) if Doc.has_extension(attrs.DATELINE) else None
    return (int(value[0]), int(value[1])) if value else None


def _relabel(span: Span, label: str) -> Span:
    return span if span.label_ == label else Span(span.doc, span.start, span.end, label=label)


def _split_lines(span: Span) -> Iterator[Span]:
    """The pieces of ``span`` between whitespace tokens (line and paragraph breaks)."""
    start = span.start
    for token in span:
        if token.is_space:
            if start < token.i:
                yield Span(span.doc, start, token.i, label=span.label)
            start = token.i + 1
    if start < span.end:
        yield Span(span.doc, start, span.end, label=span.label)


def _trim(span: Span) -> Span | None:
    """Drop parentheses, determiners, titles, infinitives, possessives and edge punctuation."""
    words = rules()
    start, end = span.start, span.end
    doc = span.doc
    for token in span:
        if token.text == "(":
            end = token.i
            break
    while start < end and (
        doc[start].is_punct
        or (
            doc[start].lower_ in words.determiners
            and span.label_ != "WORK_OF_ART"
            and not gazetteer().is_place(span.text)
        )
        or (span.label_ == "PERSON" and start + 1 < end and _is_title(doc[start]))
        or _infinitive(doc[start])
    ):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    trimmed = Span(doc, start, end, label=span.label)
    if trimmed.text.islower() or not any(c.isalnum() for c in trimmed.text):
        return None
    if span.label_ == "PERSON" and all(_is_title(t) or t.is_punct for t in trimmed):
        return None  # "Sgt" alone
    return trimmed


def _infinitive(token: Token) -> bool:
    """A verb after infinitival "to": the model's "Send Police" in "OSCE to Send Police"."""
    return token.tag_ == "VB" and token.i > 0 and token.doc[token.i - 1].tag_ == "TO"


def _is_title(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in rules().honorifics or word in titles() or token.text == "-"


def _parts(span: Span) -> list[Span]:
    coordinators = rules().coordinators
    parts, start = [], span.start
    for token in span:
        if token.lower_ in coordinators:
            parts.append(Span(span.doc, start, token.i, label=span.label))
            start = token.i + 1
    parts.append(Span(span.doc, start, span.end, label=span.label))
    return [p for p in parts if len(p)]


def _split_coordination(span: Span, people: set[str]) -> list[Span]:
    parts = _parts(span)
    if len(parts) < 2:
        return [span]
    places = gazetteer()
    if all(places.is_place(p.text) for p in parts) and not places.is_place(span.text):
        label = "LOC" if span.label_ == "LOC" else "GPE"
        return [_relabel(p, label) for p in parts]
    if all(p.text in people or (span.label_ == "PERSON" and len(p) >= 2) for p in parts):
        return [_relabel(p, "PERSON") for p in parts]
    if all(nationality(p.text) for p in parts):
        return [_relabel(p, "NORP") for p in parts]
    return [span]


def _split_possessive(span: Span) -> list[Span]:
    """A name that starts with a place's possessive is the place and the rest: the
    model's "Venezuela's Ecological Mining" -> "Venezuela" (GPE), "Ecological Mining"."""
    if span.label_ not in ("ORG", "PERSON", "FAC"):
        return [span]
    for token in span[1:-1]:
        if token.text in _POSSESSIVE:
            head = Span(span.doc, span.start, token.i, label="GPE")
            if gazetteer().is_region(head.text) or gazetteer().is_place(head.text):
                return [head, Span(span.doc, token.i + 1, span.end, label=span.label)]
            break
    return [span]


def _split_place_title(span: Span) -> list[Span]:
    """A name that starts with a place, titles and a person's full name is the place and
    the titled person: the model's "Manitoba Premier Brian Pallister" -> "Manitoba"
    (GPE), "Premier Brian Pallister" (PERSON); not "Colchester General Hospital"."""
    if span.label_ not in ("ORG", "PERSON") or len(span) < 4:
        return [span]
    for k in range(1, min(_MAX_JOINED, len(span))):
        if not (span[k].is_alpha and _is_title(span[k])):
            continue
        head = Span(span.doc, span.start, span.start + k, label="GPE")
        name = [t for t in span[k:] if not _is_title(t)]
        if (
            len(name) >= 2
            and all(t.is_alpha and t.text.istitle() for t in name)
            and (gazetteer().is_region(head.text) or gazetteer().is_place(head.text))
        ):
            return [head, Span(span.doc, span.start + k, span.end, label="PERSON")]
        break
    return [span]


def _split_hyphenated(span: Span) -> list[Span]:
    """The nationalities joined by hyphens in a NORP name ("Austro-Hungarian" ->
    "Hungarian", "anti-Russian" -> "Russian", "Russian-European" -> both), else the name."""
    if span.label_ != "NORP" or not any(t.text == "-" for t in span):
        return [span]
    parts, start = [], span.start
    for token in [*span, None]:
        if token is None or token.text == "-":
            end = token.i if token is not None else span.end
            if start < end:
                parts.append(Span(span.doc, start, end, label="NORP"))
            start = end + 1
    kept = [p for p in parts if nationality(p.text) or region_of(p.text)]
    return kept if kept and not nationality(span.text) else [span]


def _article_countries(doc: Doc) -> set[str]:
    """The countries the model's entities name: as places, by demonym, or by the own
    name of admin units of one country ("Leicestershire", "Florida")."""
    found: set[str | None] = set()
    for ent in doc.ents:
        if ent.label_ == "NORP" and (norp := nationality(ent.text)) and norp.country_code:
            found.add(norp.country_code)
        elif ent.label_ in ("GPE", "LOC"):
            cands = gazetteer().lookup(ent.text)
            found.update(c.place.country_code for c in cands if c.place.feature == "country")
            units = {
                c.place.country_code
                for c in cands
                if c.primary and c.place.feature in ("admin1", "admin2")
            }
            if len(units) == 1:
                found.update(units)
    return {code for code in found if code}


def _local_place(span: Span, others: Context) -> bool:
    """Whether a name the model labelled ORG or PERSON is a place of the article's
    countries: the own name of an admin unit or a town of `TOWN_PEOPLE` there ("Harare
    and London" in an article naming Zimbabwe, "Qamishli" in one naming Syria), and not
    a person's name, a company's first word or the start of a longer name."""
    doc = span.doc
    if (
        (span.label_ == "PERSON" and len(span) > 1)
        or span.text in others.people
        or span.text in others.companies
        or (
            span.end < len(doc) and doc[span.end].text.istitle() and not doc[span.end].is_sent_start
        )
    ):
        return False
    return any(
        c.place.country_code in others.countries
        and (
            (c.primary and (c.place.feature in ADMINS or c.place.population >= TOWN_PEOPLE))
            or c.place.population >= CITY_PEOPLE  # "Misrata" is Misratah's other name
        )
        for c in gazetteer().lookup(strip_admin_terms(span.text))
        if c.place.feature in ("city", *ADMINS)
    )


def _fix_label(span: Span, others: Context) -> Span:
    if span.label_ in _FROM_NORP:
        found = nationality(span.text)
        if found and (span.label_ != "PERSON" or found.demonym or found.plural):
            return _relabel(span, "NORP")
    if span.label_ not in _TO_PLACE or is_acronym(span.text):
        return span
    matches = gazetteer().lookup(span.text)
    features = {c.place.feature for c in matches}
    if "continent" in features:
        return _relabel(span, "LOC")
    if "country" in features:
        return _relabel(span, "GPE")
    before = span.doc[span.start - 1].lower_ if span.start else ""
    named = any(c.primary for c in matches)
    if named and (
        (span.label_ == "PERSON" and len(span) > 1)
        or (span.label_ != "FAC" and before in rules().locative_prepositions)
    ):
        return _relabel(span, "GPE")  # "Bandar Abbas" as PERSON, "in Huntsville" as ORG
    if span.label_ in ("ORG", "PERSON") and _local_place(span, others):
        return _relabel(span, "GPE")
    return span


def _join_coordinated(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name and the words after it ("and", "of", "the" and capitalized words), when
    together they are the own name of a country or first-level unit that the model cut:
    "Trinidad" + "and Tobago", "Democratic Republic" + "of the Congo"."""
    joined = []
    for span in spans:
        if span.label_ in ("DATE", "CARDINAL") or span.end >= len(doc):
            continue
        longest = None
        for end in range(span.end + 1, min(span.end + 1 + _MAX_JOINED, len(doc) + 1)):
            word = doc[end - 1]
            if word.lower_ in _JOINING:
                continue
            if not word.text[:1].isupper() or word.is_sent_start:
                break
            if any(
                c.primary and c.place.feature in ("country", "admin1")
                for c in gazetteer().lookup(doc[span.start : end].text)
            ):
                longest = end
        if longest is not None:
            joined.append(Span(doc, span.start, longest, label="GPE"))
    return [s for s in spans if not any(_overlaps(s, j.start, j.end) for j in joined)] + joined


def _overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < end and start < span.end


def _with_dateline(doc: Doc, spans: list[Span]) -> list[Span]:
    found = dateline_span(doc)
    if found is None:
        return spans
    start, end = found
    parts = []
    offset = start
    for piece in doc.text[start:end].split(","):
        left = offset + len(piece) - len(piece.lstrip())
        right = offset + len(piece.rstrip())
        part = _char_span(doc, left, right)
        if part is not None:
            parts.append(part)
        offset += len(piece) + 1
    if not parts:
        return spans
    first, last = parts[0].start, parts[-1].end
    return [s for s in spans if not _overlaps(s, first, last)] + parts


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    """The GPE span of the tokens overlapping ``[start, end)``, None if there is none."""
    tokens = []
    for token in doc:
        if token.idx >= end:
            break
        if start < token.idx + len(token) and not token.is_space:
            tokens.append(token.i)
    return Span(doc, tokens[0], tokens[-1] + 1, label="GPE") if tokens else None


def _acronyms(doc: Doc, skip: tuple[int, int] | None) -> set[str]:
    return {
        t.text.replace(".", "")
        for t in doc
        if is_acronym(t.text) and not (skip and skip[0] <= t.idx < skip[1])
    }


def _extend(span: Span, acronyms: set[str]) -> Span:
    """Extend ``span`` rightwards over function and capitalized words, to where its
    initials spell an acronym of the article ("Organization for Security and Cooperation"
    + "in Europe" = OSCE) or an acronym defined right after it abbreviates it ("African
    Union Mission" + "in Somalia" before "(AMISOM)")."""
    doc = span.doc
    function = rules().function_words
    words = [t.text for t in span]
    end = span.end
    while end < min(span.end + _MAX_EXTENSION, len(doc)):
        token = doc[end]
        if token.is_sent_start or not (token.lower_ in function or token.text.istitle()):
            break
        words.append(token.text)
        end += 1
        if token.text.istitle() and (initials(words) & acronyms or _defined_at(doc, end, words)):
            while end < len(doc) and _continues_name(doc[end]):
                end += 1  # "European Aeronautic Defence and Space" + "Company"
            return Span(doc, span.start, end, label=span.label)
    return span


def _defined_at(doc: Doc, i: int, words: list[str]) -> bool:
    """Whether "( ACRONYM )" at token ``i`` abbreviates ``words``."""
    return (
        i + 2 < len(doc)
        and doc[i].text == "("
        and doc[i + 2].text == ")"
        and is_acronym(doc[i + 1].text)
        and abbreviates(doc[i + 1].text, words)
    )


def _continues_name(token: Token) -> bool:
    return (
        token.text.istitle()
        and token.pos_ in ("PROPN", "")
        and not token.is_sent_start
        and token.ent_type_ in ("", "ORG")
    )


def _extend_to_acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    acronyms = _acronyms(doc, dateline_span(doc))
    if not acronyms:
        return spans
    extended = [_extend(s, acronyms) if s.label_ == "ORG" else s for s in spans]
    grown = [s for s, old in zip(extended, spans, strict=True) if s.end != old.end]
    return [
        s for s in extended if s in grown or not any(_overlaps(s, g.start, g.end) for g in grown)
    ]


def _known_forms(spans: Iterable[Span]) -> dict[tuple[str, ...], str]:
    """Word sequences that name something in this article, with their labels: names of
    several words, surnames of people and acronyms of organizations and places (a lone
    word the model labelled is too often its mistake to repeat)."""
    forms: dict[tuple[str, ...], str] = {}
    for span in spans:
        if span.label_ not in _PROPAGATED:
            continue
        if len(span) > 1:
            forms.setdefault(tuple(t.text for t in span), span.label_)
        if span.label_ == "PERSON" and len(span) > 1:
            forms.setdefault((span[-1].text,), "PERSON")
        if span.label_ in ("ORG", "GPE") and len(span) > 1:
            for acronym in initials([t.text for t in span]):
                forms.setdefault((acronym,), span.label_)
    return forms


def _defined(doc: Doc, token: Token, ends: dict[int, Span]) -> str | None:
    """The label of the name an acronym is defined for: "Treaty Organization (CSTO)"."""
    i = token.i
    if 1 < i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text == ")":
        defined = ends.get(i - 1)
        if defined is not None and abbreviates(token.text, [t.text for t in defined]):
            return defined.label_
    return None


def _missed(doc: Doc, spans: list[Span]) -> Iterator[Span]:
    taken = {i for s in spans for i in range(s.start, s.end)}
    forms = _known_forms(spans)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(forms, key=len, reverse=True):
        by_first.setdefault(words[0], []).append(words)
    ends = {s.end: s for s in spans if s.label_ in _PROPAGATED}
    i = 0
    while i < len(doc):
        token = doc[i]
        label, size = None, 1
        if i not in taken and (token.text.istitle() or token.text.isupper()):
            for words in by_first.get(token.text, ()):
                if tuple(t.text for t in doc[i : i + len(words)]) == words and not any(
                    j in taken for j in range(i, i + len(words))
                ):
                    label, size = forms[words], len(words)
                    break
            if label is None and is_acronym(token.text):
                label = _defined(doc, token, ends)
            if label is None and token.pos_ in ("PROPN", "ADJ", "NOUN", ""):
                label = "NORP" if nationality(token.text) else None
        if label is not None:
            yield Span(doc, i, i + size, label=label)
        i += size


def _missed_places(doc: Doc, taken: Iterable[Span], context: Context) -> Iterator[Span]:
    """Runs of capitalized proper nouns the model left out that are the own name of a
    country or first-level unit, of another admin unit or town of `CITY_PEOPLE`, or of
    one of `TOWN_PEOPLE` in a country the article names ("Azerbaijan puts pressure",
    "Douma is surrounded"); not people's names or companies, nor part of a longer run
    of capitalized words."""
    used = {i for s in taken for i in range(s.start, s.end)}
    i = 0
    while i < len(doc):
        end = i
        while end < len(doc) and end - i < _MAX_JOINED and _proper(doc[end]) and end not in used:
            end += 1
        run = doc[i:end]
        if (
            len(run)
            and (end == len(doc) or not doc[end].text[:1].isupper())
            and (i == 0 or not doc[i - 1].text[:1].isupper() or doc[i].is_sent_start)
            and run.text not in context.people
            and run.text not in context.companies
            and _known_place(run.text, context.countries)
        ):
            yield Span(doc, i, end, label="GPE")
        i = max(end, i + 1)


def _proper(token: Token) -> bool:
    return (
        (token.tag_ in ("NNP", "NNPS") or token.pos_ == "PROPN")
        and token.text.istitle()
        and token.text.isalpha()
    )


def _known_place(text: str, countries: set[str]) -> bool:
    for cand in gazetteer().lookup(text):
        place = cand.place
        if place.feature in ("continent", "region"):
            continue
        if not cand.primary:
            # another name of a city of the article's countries ("Douma" of Duma)
            if place.country_code in countries and place.population >= CITY_PEOPLE:
                return True
            continue
        if place.feature in ("country", "admin1") or place.population >= CITY_PEOPLE:
            return True
        if place.country_code in countries and place.population >= TOWN_PEOPLE:
            return True
    return False


def _time_zone(span: Span) -> bool:
    """An acronym right after a clock time is its time zone, not an organization."""
    if len(span) != 1 or not is_acronym(span.text) or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.text == "(" and before.i > 0:
        before = span.doc[before.i - 1]
    return before.ent_type_ == "TIME" or bool(_CLOCK.fullmatch(before.lower_))


def correct_ents(doc: Doc) -> list[Span]:
    """Return the Doc's entities with the corrections above applied, in order.

    Entities of other labels (DATE, CARDINAL, ...) are kept unless a corrected name
    overlaps them.
    """
    names: list[Span] = []
    others: list[Span] = []
    people: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            people.update(w for w in (ent.text, surname(ent.text.split())) if w)
    context = Context(
        people={
            w
            for e in doc.ents
            if e.label_ == "PERSON" and len(e) > 1
            for w in (e.text, surname(e.text.split()))
            if w
        },
        companies={e[0].text for e in doc.ents if e.label_ == "ORG" and len(e) > 1},
        countries=_article_countries(doc),
    )
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            others.append(ent)
            continue
        for piece in (p for line in _split_lines(ent) for p in _split_place_title(line)):
            trimmed = _trim(piece)
            if trimmed is not None and not _time_zone(trimmed):
                names.extend(
                    _fix_label(p, context)
                    for owned in _split_possessive(trimmed)
                    for part in _split_hyphenated(owned)
                    for p in _split_coordination(part, people)
                )
    names = _join_coordinated(doc, names)
    names = _with_dateline(doc, names)
    names = _extend_to_acronyms(doc, names)
    names.extend(_missed(doc, names))
    names.extend(_missed_places(doc, [*names, *others], context))
    kept = [o for o in others if not any(_overlaps(o, n.start, n.end) for n in names)]
    return sorted(names + kept, key=lambda s: s.start)
