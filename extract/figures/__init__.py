"""Figures: counts of people and things, with what they count, bounds and modality.

`find_figures` takes every number phrase `extract.figures.numbers.find_quantities` reads, finds
the noun it counts ("a 52-member unarmed police force" → police, "thousands of homes" →
homes), drops what is not a count (ages, measures, durations, codes, "one of the shells"),
gives it a category and modality (`extract.figures.rules`), links the entities and date of
its clause, adds zero counts ("no one was hurt") and merges repeats of one count. Rules and
word lists are documented in docs/figures.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from extract import attrs, lexicon
from extract.figures import rules as fr
from extract.figures.numbers import Quantity, find_quantities, load_lexicon
from models.record import FigureCategory, Modality

Item = tuple[int, int, dict[str, Any]]
RUN_POS = frozenset({"ADJ", "NOUN", "PROPN"})
RUN_WORDS = frozenset({"more", "other", "additional", "extra", "-", "–"})
PRONOUNS = frozenset({"them", "those", "these", "whom", "which", "us", "you"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
EVENTS = fr.CASUALTY | {"property"}
AGE_WORDS = frozenset({"both", "all", "aged", "ages", "age", "each"})
YEAR = re.compile(r"^(1[0-9]|20|21)[0-9]{2}$")


@dataclass
class Draft:
    """A figure before merging: token positions and the record fields."""

    start: int
    end: int
    head: int
    value: int | None
    low: int | None
    high: int | None
    counted: str | None
    category: FigureCategory
    modality: Modality
    approximate: bool = False
    vague: bool = False
    negated: bool = False
    entity_ids: list[str] = field(default_factory=list)
    date_id: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """Per-document lookups: which entity and date each token belongs to."""

    entities: dict[int, list[str]]
    places: frozenset[str]
    dates: dict[int, str]
    date_values: dict[str, str | None]
    located: frozenset[int]  # tokens of places under a locative preposition ('in Osh')


def _noun_run(doc: Doc, i: int, rules: fr.Rules) -> tuple[Token | None, int]:
    """The head noun of the noun phrase starting at ``i`` and the index after the phrase."""
    head, j = None, i
    while j < len(doc) and j - i < 7:
        tok = doc[j]
        if tok.is_space or (j > i and tok.is_sent_start):
            break
        verbal = tok.tag_ in ("VBN", "VBG") and tok.dep_ in ("amod", "compound")
        if not (tok.pos_ in RUN_POS or tok.lower_ in RUN_WORDS or verbal):
            break
        if tok.pos_ == "ADJ" and tok.dep_ != "amod" and fr.outcome(doc, j, rules):
            break  # 'left nine dead last year': the category word ends the phrase
        if tok.pos_ == "PROPN" and tok.is_title and j > i and fr.outcome(doc, j, rules):
            break  # a title-case headline: '3 Firefighters Hurt Battling Blaze'
        if j > i and tok.ent_iob_ == "B" and tok.ent_type_ in ("DATE", "TIME"):
            break  # 'killed 3,000 people last year': a date begins
        if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and _known(tok, rules)):
            head = tok
        j += 1
    if head is not None and fr.match(doc, head.i, rules.subject, rules) and head.i == j - 1:
        return None, head.i  # "the 80 wounded": a category word, not a counted noun
    return head, (head.i + 1 if head is not None else i)


def _known(tok: Token, rules: fr.Rules) -> bool:
    """A proper noun that counts people: 'Pirates', 'Americans', 'Palestinians'."""
    low = tok.lower_
    known = low in rules.people or low in rules.nouns or low in rules.collectives
    return known or tok.ent_type_ == "NORP"


def _counted(doc: Doc, q: Quantity, rules: fr.Rules) -> tuple[Token | None, int] | None:
    """The counted noun and the end of the figure's phrase; None if not a count."""
    end, n = q.end, len(doc)
    nxt = doc[end] if end < n else None
    if nxt is not None and nxt.text in ("-", "–") and end + 1 < n and not nxt.whitespace_:
        if doc[end + 1].lower_ not in rules.sizes:
            return None  # "17-year-old", "12-gauge", "two-day": a measure or an age
        head, stop = _noun_run(doc, end + 2, rules)
        if head is None:
            return None
        size = [t for t in doc[end + 2 : head.i] if fr.noun_category(t, rules) == "personnel"]
        return (size[-1] if head.lower_ in rules.collectives and size else head), stop
    if nxt is not None and nxt.lower_ == "of":
        if q.value == 1 and not q.vague:
            return None  # "one of the shells"
        j = end + 1
        while j < n and doc[j].pos_ in ("DET", "NUM") and doc[j].lower_ not in PRONOUNS:
            j += 1
        if j < n and doc[j].lower_ in PRONOUNS:
            head, stop = _noun_run(doc, j + 1, rules)
            return head, max(stop, j + 1)
        head, stop = _noun_run(doc, j, rules)
        return (head, stop) if head is not None else (None, end)
    head, stop = _noun_run(doc, end, rules)
    root = doc[q.root]
    if (
        head is None
        and root.dep_ in ("nummod", "quantmod")
        and root.head.pos_ == "NOUN"
        and root.head.i > root.i
        and root.head.i - end < 4
        and not fr.outcome(doc, root.head.i, rules)  # 'Thousands flee': a verb tagged NN
    ):
        head, stop = root.head, root.head.i + 1
    return head, stop


def _not_count(doc: Doc, q: Quantity, counted: Token | None, stop: int, rules: fr.Rules) -> bool:
    """Units, distances, ages in apposition, model designations, bare 'one'."""
    units = lexicon.read_words("figures_units.txt")
    if counted is not None and any(
        t.lower_ in units or t.lemma_.lower() in units for t in doc[q.end : counted.i + 1]
    ):
        return True  # "three days", "a four year spell", "the 12200 block"
    if (
        q.end == q.first + 1
        and YEAR.match(doc[q.first].text)
        and (counted is None or counted.tag_ != "NNS")
    ):
        return True  # "the 1999 incident"
    if stop < len(doc) and doc[stop].lower_ in rules.cues.measure_after and counted is not None:
        return True
    if counted is None:
        pronoun = q.written and q.value == 1 and doc[q.root].dep_ in ("nsubj", "nsubjpass")
        if pronoun and not any(t.like_num for t in doc[doc[q.start].sent.start : q.start]):
            return True  # "when one is killed": a pronoun; not "two were hurt and one died"
        if _age(doc, q, rules):
            return True
        if q.end < len(doc) and doc[q.end].lower_ in units:
            return True
    if q.start > 0:
        prev_tok = doc[q.start - 1]
        label = prev_tok.text == "." and q.start > 1 and doc[q.start - 2].lower_ in ("no", "nos")
        if label or prev_tok.lower_ in ("no.", "nos.", "#"):
            return True  # "No. 2 Detention Centre": a label
        if prev_tok.is_upper and prev_tok.is_alpha and len(prev_tok) <= 3:
            return True  # "AK 47", "M 16": a model, not a count
        if (
            prev_tok.pos_ == "PROPN"
            and prev_tok.is_title
            and (doc[q.root].head == prev_tok or prev_tok.head.i == q.root)
            and fr.match(doc, prev_tok.i, rules.patient, rules) is None
        ):
            return True  # "Interstate 75", "Flight 93"
    return False


def _word(doc: Doc, tok: Token) -> str:
    """The counted noun as written, with a hyphenated prefix: 'co-workers'."""
    start = tok.i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
        if doc[start - 1].whitespace_:
            break
        start -= 2
    return doc[start : tok.i + 1].text.lower()


def _nested(doc: Doc, q: Quantity, stop: int) -> bool:
    """'two of the three victims': the phrase holds another number, so the figure's span
    stops at its own number."""
    return any(t.like_num for t in doc[q.end : stop])


def _age(doc: Doc, q: Quantity, rules: fr.Rules) -> bool:
    """A bare number after a person and a comma, dash or bracket: "Comeaux, 49, took",
    "his two half-brothers, 17 and 22, were", "Kathryn Jenkin, 20.", "two women, both 21"."""
    root = doc[q.root]
    while root.dep_ == "conj" and root.head.like_num:
        root = root.head
    start = root.left_edge.i if root.i != q.root else q.start
    if start > 0 and doc[start - 1].lower_ in AGE_WORDS:
        start -= 1  # "two women, both 21,", "three men, ages 19 and 20"
    if start < 2 or doc[start - 1].text not in (",", "(", "—", "–"):
        return False
    if q.end < len(doc) and (doc[q.end].pos_ in ("AUX", "VERB") or doc[q.end].lower_ == "of"):
        return False  # a subject: 'of the 30 passengers, 12 were killed', ', two of whom'

    person = doc[start - 2]
    if fr.outcome(doc, person.i, rules):
        return False  # "1 Dead, 2 Injured"
    if person.ent_type_ in PLACE_LABELS and q.end < len(doc) and doc[q.end].is_alpha:
        return False  # "killed in Kandahar, two in Helmand"; not "Kafoury, 63, of Warren"
    return person.pos_ == "PROPN" or person.lower_ in rules.people or person.ent_type_ == "PERSON"


def _category(
    doc: Doc, head: Token, counted: Token | None, q: tuple[int, int], rules: fr.Rules
) -> FigureCategory:
    """The category of a figure whose phrase spans tokens ``q`` (see docs/figures.md)."""
    predicate = fr.predicate_category(doc, head, rules)
    clause = (  # its own killing beats a participle: 'beheaded four captured soldiers'
        (predicate if predicate == "killed" and head.dep_ != "conj" else None)
        or fr.modifier_category(doc, head, q[0], rules)
        or fr.with_category(head, rules)
        or predicate
        or fr.among_category(head, rules)
    )
    if clause is None and head.dep_ != "pobj":
        clause = fr.neighbour_category(doc, q[0], q[1], rules)
    own = (fr.noun_category(head, rules) if head.pos_ == "NOUN" else None) or (
        fr.noun_category(counted, rules) if counted is not None else None
    )
    of = fr.of_category(head, rules)
    if own not in fr.CASUALTY and of in fr.CASUALTY:
        own = of  # 'the death of six soldiers'
    thing = own == "property" or (counted is not None and counted.lower_ in rules.things)
    if clause in fr.CASUALTY and not thing and not (clause == "displaced" and own == "personnel"):
        return clause  # troops who cross a border or are evacuated are not displaced
    if thing and own in fr.CASUALTY:
        return "other"  # '4,000 dead wild birds'
    if own is None:
        own = of
    subject = fr.changed_subject(head, rules)
    if own is None and subject is not None:
        own = (
            fr.noun_category(subject, rules)
            or fr.of_category(subject, rules)
            or fr.of_complement(subject, rules)
        )
    if own is not None:
        return own
    person = (
        counted is None or counted.lower_ in rules.people or counted.lower_ in rules.collectives
    )
    if clause == "personnel" and person:
        return clause
    if clause == "property" and counted is not None and not person:
        return clause
    return "other"


def _context(doc: Doc, rules: fr.Rules) -> Context:
    labels = {e["id"]: e.get("label") for e in attrs.get_items(doc, attrs.ENTITIES)}
    entities: dict[int, list[str]] = {}
    for m in attrs.get_items(doc, attrs.MENTIONS):
        span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
        for tok in span or ():
            entities.setdefault(tok.i, []).append(m["entity"])
    dates: dict[int, str] = {}
    values: dict[str, str | None] = {}
    for d in attrs.get_items(doc, attrs.DATES):
        values[d["id"]] = d.get("value")
        span = doc.char_span(d["start"], d["end"], alignment_mode="expand")
        for tok in span or ():
            dates.setdefault(tok.i, d["id"])
    places = frozenset(k for k, v in labels.items() if v in PLACE_LABELS)
    located = frozenset(
        i
        for i, ids in entities.items()
        if places.intersection(ids)
        and any(a.dep_ == "prep" and a.lower_ in rules.cues.locative for a in doc[i].ancestors)
    )
    return Context(entities, places, dates, values, located)


def _link(draft: Draft, doc: Doc, verb: Token | None, ctx: Context) -> Draft:
    """Entities and date of the figure's clause. For an event count (casualties, damage)
    whose clause names none, the sentence's one date and its places under a locative
    preposition: parses of long coordinated sentences often cut the clause off from
    'in Osh ... last month'."""
    tokens = fr.clause_tokens(verb, doc[draft.head])
    ids = list(dict.fromkeys(e for i in tokens for e in ctx.entities.get(i, ())))
    date = next((ctx.dates[i] for i in tokens if i in ctx.dates), None)
    if draft.category not in EVENTS:
        return replace(draft, entity_ids=ids, date_id=date)
    sent = doc[draft.head].sent
    if date is None:
        found = [ctx.dates[i] for i in range(sent.start, sent.end) if i in ctx.dates]
        if len({ctx.date_values.get(d) for d in found}) == 1:
            date = found[0]
    if not ctx.places.intersection(ids):
        for i in range(sent.start, sent.end):
            if i in ctx.located:
                ids.extend(e for e in ctx.entities[i] if e in ctx.places and e not in ids)
    return replace(draft, entity_ids=ids, date_id=date)


def _part_of(doc: Doc, q: Quantity, head: Token) -> bool:
    """A count of some of the people just counted: 'killed 10, including four police
    officers', 'were injured, four of them seriously', 'left 14 dead, among them three
    children'."""
    j = q.end + 1 if q.end < len(doc) and doc[q.end].lower_ == "of" else None
    while j is not None and j < len(doc) and doc[j].pos_ == "DET" and doc[j].lower_ not in PRONOUNS:
        j += 1
    if j is not None and j < len(doc) and doc[j].lower_ in PRONOUNS:
        return True
    tok = fr.climb(head)
    among_them = any(
        c.dep_ == "prep" and c.lower_ == "among" and any(o.lower_ in PRONOUNS for o in c.children)
        for c in head.children
    )
    return among_them or (tok.dep_ == "pobj" and tok.head.lower_ == "including")


def _earlier(drafts: list[Draft], doc: Doc, head: Token) -> FigureCategory | None:
    """The casualty category of the last count before ``head`` in its sentence."""
    start = head.sent.start
    return next(
        (d.category for d in reversed(drafts) if d.category in fr.CASUALTY and d.head >= start),
        None,
    )


def _gapped(
    doc: Doc, q: Quantity, counted: Token | None, stop: int, before: list[Draft], rules: fr.Rules
) -> FigureCategory | None:
    """The category of a count of people whose verb is left out, being that of the count
    before it: 'four were killed in Kandahar, two in Helmand and one in Kunduz', 'killed 247
    people in Kenya and 10 in Tanzania', 'two died at the scene and another five later',
    '1,500 were killed in Libya compared to 150,000 in Syria', 'stood at 230 dead, up from
    180 a day earlier'. Only words of that count's clause may come between, a coordinator or
    comparison ('gap_before') right before, and no verb or category word of its own after."""
    if counted is not None and not fr.people_noun(counted, rules):
        return None
    sent = doc[q.start].sent
    prev = next(
        (d for d in reversed(before) if d.category in fr.CASUALTY and d.end <= q.start), None
    )
    if prev is None or prev.head < sent.start:
        return None
    cues = rules.cues
    j = q.start
    while j > prev.end and doc[j - 1].lower_ in cues.gap_skip:
        j -= 1  # 'and another five'
    cue = next(
        (
            len(words)
            for words in rules.gaps
            if j - len(words) >= prev.end and [t.lower_ for t in doc[j - len(words) : j]] == words
        ),
        None,
    )
    if cue is None:
        return None
    verb = fr.governing_verb(doc[prev.head])
    own = {verb, *verb.children} if verb is not None else set()
    if any(t.pos_ in ("VERB", "AUX") and t not in own for t in doc[prev.end : j - cue]):
        return None
    own_verb = fr.climb(doc[q.root] if counted is None else counted)
    if own_verb.dep_ in ("nsubj", "nsubjpass", "dobj") and own_verb.head != verb:
        return None
    for tok in doc[max(stop, q.end) : sent.end]:
        if tok.text in (",", ";"):
            break
        if tok.pos_ in ("VERB", "AUX") or tok.lower_ == "of":
            return None
        if tok.pos_ != "ADP" and fr.outcome(doc, tok.i, rules) in fr.CASUALTY:
            return None  # a category word of its own: 'and three more injured'
    return prev.category


def _draft(
    doc: Doc, q: Quantity, rules: fr.Rules, ctx: Context, before: list[Draft]
) -> Draft | None:
    found = _counted(doc, q, rules)
    if found is None:
        return None
    counted, stop = found
    if _not_count(doc, q, counted, stop, rules):
        return None
    if counted is None and any(i in ctx.dates for i in range(q.first, q.end)):
        return None
    partitive = counted is not None and counted.i > q.root and doc[q.end].lower_ == "of"
    head = doc[q.root] if counted is None or partitive else counted
    if (
        counted is not None
        and counted.head.i > counted.i
        and counted.head.lower_ in rules.collectives
    ):
        head = counted.head
    category = _category(doc, head, counted, (q.start, max(stop, q.end)), rules)
    if category not in fr.CASUALTY:
        category = fr.partitive_category(doc, q.end, rules) or category
    if category not in fr.CASUALTY and _part_of(doc, q, head):
        manner = rules.cues.manner.get(doc[stop].lower_) if stop < len(doc) else None
        category = manner or _earlier(before, doc, head) or category  # 'five of them fatally'
    if category in ("other", "personnel"):
        category = _gapped(doc, q, counted, stop, before, rules) or category
    if counted is None and category == "other" and fr.referred(head, rules):
        category = _earlier(before, doc, head) or category
    if category in fr.CASUALTY and fr.released(doc, head, q.start, rules):
        category = "other"
    if counted is None and category == "other":
        return None
    verb = fr.governing_verb(head)
    name = _word(doc, counted) if counted is not None else None
    if name is None and category in fr.CASUALTY:
        name = "people"
    draft = Draft(
        start=q.start,
        end=q.end if _nested(doc, q, stop) else max(stop, q.end),
        head=head.i,
        value=q.value,
        low=q.low,
        high=q.high,
        counted=name,
        category=category,
        modality=fr.modality(head, verb, q.uncertain, rules),
        approximate=q.approximate,
        vague=q.vague,
    )
    return _link(draft, doc, verb, ctx)


def _zeros(doc: Doc, rules: fr.Rules, ctx: Context) -> list[Draft]:
    """'No one was killed', 'nobody was hurt', 'no casualties': counts of zero."""
    drafts = []
    negators = rules.cues.negators
    for tok in doc:
        if tok.lower_ not in negators:
            continue
        j = tok.i + 1
        if j < len(doc) and doc[j].text in ("-", "–"):
            j += 1
        if tok.lower_ == "no" and j < len(doc) and doc[j].lower_ == "one":
            head = doc[j]
        elif tok.lower_ == "no" and tok.dep_ == "det" and tok.head.pos_ == "NOUN":
            head = tok.head
        elif tok.lower_ != "no":
            head = tok
        else:
            continue
        counted = head if head.pos_ == "NOUN" and head.lower_ != "one" else None
        if counted is not None and counted is not tok and not _known(counted, rules):
            continue  # 'no state has been hurt'
        category = _category(doc, head, counted, (tok.i, head.i + 1), rules)
        if category not in fr.CASUALTY:
            continue
        verb = fr.governing_verb(head)
        draft = Draft(
            start=tok.i,
            end=head.i + 1,
            head=head.i,
            value=0,
            low=0,
            high=0,
            counted=counted.lower_ if counted is not None else "people",
            category=category,
            modality="reported",
            negated=True,
        )
        drafts.append(_link(draft, doc, verb, ctx))
    return drafts


def _same(a: Draft, b: Draft, doc: Doc, ctx: Context) -> bool:
    """One count reported twice: same numbers and category, no conflicting place or date."""
    if (a.value, a.low, a.high, a.vague, a.category, a.negated) != (
        b.value,
        b.low,
        b.high,
        b.vague,
        b.category,
        b.negated,
    ):
        return False
    if a.category == "other" and doc[a.head].lemma_ != doc[b.head].lemma_:
        return False
    places_a, places_b = set(a.entity_ids) & ctx.places, set(b.entity_ids) & ctx.places
    if places_a and places_b and not places_a & places_b:
        return False
    va = ctx.date_values.get(a.date_id or "")
    vb = ctx.date_values.get(b.date_id or "")
    return not (va and vb and va != vb)


def _merge(drafts: list[Draft], doc: Doc, ctx: Context) -> list[Draft]:
    merged: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: d.start):
        first = next((m for m in merged if _same(m, draft, doc, ctx)), None)
        if first is None:
            merged.append(draft)
            continue
        first.mentions.append(
            (doc[draft.start].idx, doc[draft.end - 1].idx + len(doc[draft.end - 1]))
        )
        first.entity_ids.extend(e for e in draft.entity_ids if e not in first.entity_ids)
        first.date_id = first.date_id or draft.date_id
    return merged


def find_figures(doc: Doc) -> list[Item]:
    """Return the figures of ``doc`` as ``(start_char, end_char, payload)`` items."""
    rules = fr.load_rules()
    ctx = _context(doc, rules)
    negators = rules.cues.negators
    drafts: list[Draft] = []
    for q in find_quantities(doc):
        if not (q.start and doc[q.start - 1].lower_ in negators):
            draft = _draft(doc, q, rules, ctx, drafts)
            if draft is not None:
                drafts.append(draft)
    items: list[Item] = []
    for n, d in enumerate(_merge([*drafts, *_zeros(doc, rules, ctx)], doc, ctx), start=1):
        start, last = doc[d.start].idx, doc[d.end - 1]
        payload = {
            "id": f"F{n}",
            "value": d.value,
            "low": d.low,
            "high": d.high,
            "approximate": d.approximate,
            "vague": d.vague,
            "negated": d.negated,
            "counted": d.counted,
            "category": d.category,
            "modality": d.modality,
            "mentions": [list(m) for m in d.mentions],
            "entity_ids": d.entity_ids,
            "date_id": d.date_id,
        }
        items.append((start, last.idx + len(last), payload))
    return items


@Language.factory("conflict_figures", requires=["doc.ents"], assigns=["doc.spans"])
def make_figure_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_figures` results in ``doc.spans``."""
    attrs.register_extensions()
    fr.load_rules()
    load_lexicon()

    def conflict_figures(doc: Doc) -> Doc:
        attrs.set_items(doc, attrs.FIGURES, find_figures(doc))
        return doc

    return attrs.guarded(name, conflict_figures)
