"""Events: the incidents an article reports, with type, date, place, actors and tallies.

`find_events` reads what the other components left on the Doc (entities, dates, figures),
finds incident triggers (extract/resources/events_types.json), splits the sentences about
the reported incident from those about earlier incidents or running statistics, and adds up,
per incident, the casualty figures and the singular victims (`extract.events.victims`) into
UCDP-style best / low / high tallies. A count in a sentence about several incidents ("eight
people were killed in shootings across the city") is a statistic, not a tally; a roundup
that opens with one tells its incidents one after the other, the first told is the main one.
The rules are documented in docs/events.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import pairwise
from operator import attrgetter
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract import attrs
from extract.article import SENTENCE_END
from extract.events import headline
from extract.events import rules as er
from extract.events.headline import SHOT, Counts, read_headline, with_headline
from extract.events.victims import BACK, DEFINITE, Victim, count, find_victims, fired_at
from extract.figures import rules as fr
from extract.lexicon import longest_phrase
from extract.quotes.marks import scan_marks
from models.record import EventType

Item = tuple[int, int, dict[str, Any]]
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
SPECIFIC = {"city": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4, "continent": 5}
SAME_DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)
MAIN = "main"
CLAUSE = "background-clause-"  # key prefix of a clause about an earlier incident (`Clause`)
OTHER_CLAUSE = "other-clause-"  # key prefix of a clause marked as another incident
FURNITURE = "furniture"
FURNITURE_WORDS = 10  # a line that opens the list of other stories is short
LINK_WORDS = 30  # a line that links one other story: its cue and a headline
HEADLINE_WORDS = 15  # a line of another story's headline, printed in the text
TEASERS = 3  # teasers of other stories, each printed twice, that make a block of them
VIDEO = re.compile(r"\d{1,2}:\d{2}")  # a video's length before its title: '1:01 Jury still out'
DESCRIBING = frozenset({"relcl", "acl"})  # clauses that describe a noun
ADVERBIAL = DESCRIBING | {"advcl"}  # clauses that describe a noun or the circumstances
TIMES = frozenset({"DATE", "TIME"})
VIOLENT = 4  # the rank of the last violent incident type (explosion ... violence against civilians)
EARLIER = ("background-", "date-", "other-")  # key prefixes of earlier or other incidents
HURT = frozenset({"killed", "injured", "harmed"})
DURATIONS = frozenset({"minute", "hour", "day", "week", "month", "year", "decade"})
DEFINITE_COUNTS = frozenset({"the", "both", "all", "these", "those"})  # 'all four women'
SEVERAL = frozenset({"several", "multiple", "numerous"})  # 'several shootings'


@dataclass(frozen=True)
class Found:
    """A trigger: token range, type and sub-type."""

    start: int
    end: int
    type: EventType
    sub_type: str


@dataclass
class Group:
    """The sentences of one incident and what they hold."""

    key: str
    sentences: list[int] = field(default_factory=list)
    triggers: list[Found] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    date_id: str | None = None  # a clause's own date (`Clause`)


@dataclass(frozen=True)
class Clause:
    """A clause about another, earlier incident inside a sentence about the reported one
    ('a vigil for a man killed last month', 'Jalen Brooks, who was killed in April', 'a year
    after his brother was killed'): an event of its own, which a follow-up story may join
    (`_follow_up`). A person the clause describes goes with it only when the clause alone
    says what happened to them ('a man who was shot last year was hit again')."""

    verb: int
    tokens: frozenset[int]
    noun: int | None = None  # the person or count the clause describes
    prefix: str = CLAUSE  # `OTHER_CLAUSE`: marked as another incident, which no follow-up joins

    @property
    def key(self) -> str:
        """The key of the clause's event."""
        return f"{self.prefix}{self.verb}"


@dataclass(frozen=True)
class Context:
    """Per-document lookups from the entities and dates components."""

    entity_of: dict[int, list[str]]
    labels: dict[str, str]
    specific: dict[str, int]
    dates: dict[int, list[dict[str, Any]]]  # sentence index -> date payloads


def _context(doc: Doc, sent_of: Sequence[int]) -> Context:
    entity_of: dict[int, list[str]] = {}
    for m in attrs.get_items(doc, attrs.MENTIONS):
        for tok in doc.char_span(m["start"], m["end"], alignment_mode="expand") or ():
            entity_of.setdefault(tok.i, []).append(m["entity"])
    entities = attrs.get_items(doc, attrs.ENTITIES)
    labels = {e["id"]: e["label"] for e in entities}
    specific = {e["id"]: SPECIFIC.get((e.get("geo") or {}).get("feature", ""), 6) for e in entities}
    dates: dict[int, list[dict[str, Any]]] = {}
    for d in attrs.get_items(doc, attrs.DATES):
        span = doc.char_span(d["start"], d["end"], alignment_mode="expand")
        if span is not None:
            dates.setdefault(sent_of[span.start], []).append(d)
    return Context(entity_of, labels, specific, dates)


def find_triggers(doc: Doc) -> list[Found]:
    """Words that name an incident ('shooting', 'opened fire', 'airstrike'), longest first."""
    rules = er.load_rules()
    lowers = [t.lower_ for t in doc]
    found: list[Found] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        hit = None
        if skip := longest_phrase(lowers, i, rules.not_triggers):
            i += skip  # 'shell casings', 'the fire department'
            continue
        if tok.pos_ in ("NOUN", "VERB", "PROPN", "ADJ"):
            for key in dict.fromkeys((tok.lemma_.lower(), tok.lower_)):
                if tok.pos_ == "VERB" and key in rules.nouns_only:
                    kind = rules.nouns_only[key]  # 'fired into her apartment' is no fire
                    hit = Found(i, i + 1, *kind) if kind else None
                    break
                for t in rules.triggers.get(key, ()):
                    end = i + 1 + len(t.rest)
                    words = doc[i + 1 : end]
                    if end <= len(doc) and all(
                        w in (x.lower_, x.lemma_.lower())
                        for w, x in zip(t.rest, words, strict=True)
                    ):
                        hit = Found(i, end, t.type, t.sub_type)
                        break
                if hit:
                    break
        if hit is not None:
            found.append(hit)
            i = hit.end
        else:
            i += 1
    return found


def _period(d: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    period = d.get("period")
    if d.get("type") not in ("DATE", "TIME") or not period:
        return None
    return dt.date.fromisoformat(period[0]), dt.date.fromisoformat(period[1])


def _day(d: dict[str, Any]) -> dt.date | None:
    found = _period(d)
    return found[0] if found is not None and found[0] == found[1] else None


def _has(words: Sequence[str], phrases: Sequence[tuple[str, ...]], at_start: bool = False) -> bool:
    """Whether ``words`` contain (or, ``at_start``, begin with) one of ``phrases``."""
    starts = range(1 if at_start else len(words))
    return any(tuple(words[i : i + len(p)]) == p for p in phrases for i in starts)


def _cue(sent: Span, rules: er.Rules) -> tuple[bool, list[Clause]]:
    """Whether a background cue makes the sentence background, and the describing clauses
    and added noun phrases (`_added`) that hold the other cues: in 'shot on the block where a
    man was killed last year' only 'the block where ...' is background; so is what a noun of
    remembrance is of or for ('the anniversary of the massacre that killed nine', 'a vigil
    for a teen who died')."""
    words = [t.lower_ for t in sent]
    whole, clauses = False, list[Clause]()
    for i in range(len(words)):
        if not (size := longest_phrase(words, i, rules.background)):
            continue
        cue = range(sent[i].i, sent[i].i + size)
        scopes = (a for a in sent[i].ancestors if a.i not in cue)
        clause = next((a for a in scopes if a.dep_ in DESCRIBING or _added(a)), None)
        if clause is None:
            whole = True
        elif clause.dep_ in DESCRIBING:
            clauses.append(_describing(clause))
        else:  # 'fired into a home on Sunday, the second time this year the house was hit'
            clauses.append(Clause(clause.i, frozenset(t.i for t in clause.subtree)))
    clauses += [
        Clause(t.i, frozenset(x.i for x in t.subtree))
        for t in sent
        if t.pos_ == "NOUN"
        and t.lemma_.lower() in rules.remembrance
        and any(c.dep_ in ("prep", "acl", "relcl") for c in t.children)
    ]  # 'the anniversary of the massacre that killed nine', 'a vigil for a teen who died'
    return whole, clauses


def _added(tok: Token) -> bool:
    """A noun phrase added to a clause ('a man was killed on Sunday, the city's 30th homicide
    this year'): a cue inside it makes only it background."""
    return tok.pos_ == "NOUN" and tok.dep_ in ("npadvmod", "appos") and tok.ent_type_ not in TIMES


def _describing(clause: Token) -> Clause:
    """A describing clause with the noun it describes ('104 people shot this year')."""
    return Clause(clause.i, frozenset(t.i for t in clause.head.subtree), clause.head.i)


def _earlier_clauses(
    doc: Doc,
    keys: Sequence[str],
    ctx: Context,
    day: dt.date | None,
    victims: Sequence[Victim],
    hurt: frozenset[int],
) -> list[Clause]:
    """Describing clauses that tell what befell a person, or hold people hurt (``hurt``, the
    tokens of victims and casualty figures) and describe no incident, in sentences about the
    reported incident, and hold a date ending before its day ('the family of Jalen Brooks, who
    was killed in April, urged ...', 'a woman whose son was killed in 2011 was wounded', 'the
    corner where a man was killed in 2014'; not 'arrested for the shooting that left 15 people
    injured on Sept. 28', a follow-up's own incident)."""
    if day is None:
        return []
    telling = {v.clause for v in victims}
    incidents = er.load_rules().incident_nouns
    found = []
    for n, key in enumerate(keys):
        for d in ctx.dates.get(n, ()) if key == MAIN else ():
            tok = doc[_token(doc, d)]
            clause = next((a for a in tok.ancestors if a.dep_ in DESCRIBING), None)
            if clause is None or not _earlier(d, day):
                continue
            inside = any(t.i in hurt for t in clause.subtree)
            if clause.i in telling or (inside and clause.head.lemma_.lower() not in incidents):
                found.append(_describing(clause))
    return found


def _after_clauses(doc: Doc, victims: Sequence[Victim]) -> list[Clause]:
    """'Shot a year after his brother was killed', 'wounded two days after the killing of
    ...': what a span of time separates from people hurt in the same sentence is an earlier
    incident with people of its own (in 'died days after he was shot' the person who died is
    the one shot; in 'two years after three people were shot dead, a man has been charged' it
    is the story's)."""
    hurt = [v for v in victims if v.category in HURT]
    found = []
    for tok in doc:
        if tok.lower_ != "after" or tok.dep_ not in ("mark", "prep"):
            continue
        clause = tok.head if tok.dep_ == "mark" else tok
        span = any(
            c.dep_ == "npadvmod" and c.i < tok.i and c.lemma_.lower() in DURATIONS
            for c in clause.children
        )
        if not span or (clause is not tok and clause.i < tok.i):
            continue
        tokens = frozenset(t.i for t in clause.subtree)
        outside = any(v.sentence == tok.sent.start and v.token not in tokens for v in hurt)
        if outside and any(v.token in tokens and not v.definite for v in hurt):
            found.append(Clause(clause.i, tokens))
    return found


@dataclass(frozen=True)
class Layout:
    """Where the page's lines are: the line of each token, photo captions, links to other
    stories ('RELATED: Man shot in ...'), the titles of a video playlist ('1:01 Jury still out
    in murder trial', one of which may be the story's own) and where the list of other
    stories begins ('Related Stories:'), as a token index."""

    line: list[int]
    captions: frozenset[int]  # line numbers
    links: frozenset[int]  # line numbers
    furniture: int
    described: frozenset[int] = frozenset()  # tokens of clauses placing it by another (`_nearby`)
    videos: frozenset[int] = frozenset()  # line numbers

    def dropped(self, i: int) -> bool:
        """Whether token ``i`` is page furniture, not the article's text, or in a clause that
        places the incident by another one: it is evidence of no event."""
        return i >= self.furniture or self.line[i] in self.links or i in self.described

    def uncounted(self, i: int) -> bool:
        """Whether token ``i`` tells no one's fate: dropped, or in a playlist's title (whose
        trigger may still name the story's incident, 'Police investigate scene of shooting')."""
        return self.dropped(i) or self.line[i] in self.videos


def _layout(doc: Doc, rules: er.Rules) -> Layout:
    line_of: list[int] = []
    lines: list[list[Token]] = [[]]
    for tok in doc:
        line_of.append(len(lines) - 1)
        if not tok.is_space:
            lines[-1].append(tok)
        if "\n" in tok.text:
            lines.append([])
    captions, links, videos = set(), set(), set()
    furniture = len(doc)
    block = False  # inside a block of other headlines ('Trending now', then headlines)
    prose = False  # after a line of prose: a headline-like line there is another story's
    for n, toks in enumerate(lines):
        words = [t.lower_ for t in toks]
        ends = bool(toks) and SENTENCE_END.search(toks[-1].text) is not None
        headline = prose and 1 < len(toks) <= HEADLINE_WORDS and toks[0].text[:1].isupper()
        prose = prose or (ends and len(toks) > FURNITURE_WORDS)
        if _has(words, rules.captions):
            captions.add(n)
        if len(toks) > 1 and VIDEO.fullmatch(toks[0].text) and toks[1].text[:1].isupper():
            videos.add(n)
            continue
        if toks and len(toks) <= FURNITURE_WORDS and _has(words, rules.blocks, at_start=True):
            links.add(n)
            block = True
            continue
        if block and toks:
            block = len(toks) <= LINK_WORDS and not SENTENCE_END.search(toks[-1].text)
            if block:
                links.add(n)  # a headline of the block: short, no full stop
                continue
        if not toks or not _has(words, rules.furniture, at_start=True):
            if headline and not ends and _tells_a_toll(toks):
                links.add(n)  # 'Woman killed in crash on Route 8' between paragraphs
            continue
        if ":" in words[:-1] and len(toks) <= LINK_WORDS:
            links.add(n)  # 'RELATED: headline' is one link inside the article
        elif len(toks) <= FURNITURE_WORDS:
            furniture = toks[0].i  # 'Related Stories:' opens the list that ends the page
            break
    links |= _teasers(lines)
    return Layout(
        line_of, frozenset(captions), frozenset(links), furniture, videos=frozenset(videos)
    )


def _tells_a_toll(toks: Sequence[Token]) -> bool:
    """Whether a line, read as a headline, counts people hurt ('Woman killed in crash on
    Route 8'; not 'DOWNLOAD: our app for Apple or Android')."""
    return read_headline(toks[0].doc[toks[0].i : toks[-1].i + 1].as_doc()).hurt()


def _teasers(lines: Sequence[Sequence[Token]]) -> set[int]:
    """The lines of a block of other stories' teasers, each printed twice in a row ('A man
    was killed in a crash ... A man was killed in a crash ...'), when the page has at least
    `TEASERS` of them (a lead or a title repeated once is the story's own)."""
    told = [(n, " ".join(t.text for t in toks)) for n, toks in enumerate(lines) if toks]
    pairs = [
        (a, b)
        for (a, text), (b, again) in pairwise(told)
        if text == again and len(lines[a]) > FURNITURE_WORDS
    ]
    return {n for pair in pairs for n in pair} if len(pairs) >= TEASERS else set()


def _other_incident(sent: Span, rules: er.Rules) -> Token | None:
    """'In a separate shooting', 'another homicide': the sentence is about one incident other
    than the reported one (a plural, 'in separate shootings', is a statistic over incidents;
    one in a clause that describes something, 'the block that was the scene of a similar
    shooting', is background inside a sentence about the reported one). Returns the head of
    what tells it: the clause of 'in a separate crash', the incident a motive answers ('in
    retaliation for a killing the night before'), else the sentence's root (`_part`)."""
    for t in sent:
        if (
            t.lower_ in rules.other_incident
            and t.dep_ in ("amod", "det")
            and t.head.tag_ == "NN"
            and t.head.lemma_.lower() in rules.incident_nouns
            and not any(a.dep_ in DESCRIBING for a in t.head.ancestors)
        ):
            return fr.governing_verb(t.head) or sent.root
        if (answered := _motive(t, rules)) is not None:
            return answered
        if _sequel(t, rules) or _unrelated(t, rules) or _same_place(t, rules):
            return sent.root
    return None


def _part(head: Token, sent: Span, hurt: frozenset[int], prefix: str) -> Clause | None:
    """The part of a sentence headed by ``head`` that tells another incident, as a clause of
    its own when a clause above it tells people hurt (``hurt``: 'A man was shot on Saturday
    in what police believe was retaliation for a killing the night before', 'a man was shot
    ..., and a woman died in a separate crash'); None when it is the whole sentence's."""
    tokens = frozenset(t.i for t in head.subtree)
    above = set(head.ancestors)
    told = (fr.governing_verb(sent.doc[i]) for i in hurt if sent.start <= i < sent.end)
    return Clause(head.i, tokens, prefix=prefix) if above.intersection(told) else None


def _same_place(tok: Token, rules: er.Rules) -> bool:
    """'Her husband was shot and killed at the same gas station', 'a clerk at the same station
    was shot to death': a place said to be the reported incident's, in the main clause, tells
    another incident there (not 'the same block where ...', compared inside the sentence, nor
    'who lived on the same block', nor 'died in a shooting on the same block', where the
    place is the shooting's; not 'in the same car', where the people were)."""
    place = tok.head
    return (
        tok.lower_ == "same"
        and tok.dep_ == "amod"
        and place.dep_ == "pobj"
        and place.head.lower_ in rules.place_preps
        and (place.head.head.pos_ == "VERB" or place.head.head.dep_ in ("nsubj", "nsubjpass"))
        and place.lemma_.lower() in rules.scenes
        and not any(c.dep_ in DESCRIBING for c in place.children)
        and not any(a.dep_ in ADVERBIAL for a in place.ancestors)
    )


def _over_a_span(sent: Span, rules: er.Rules) -> bool:
    """'Six people were hurt in a violent weekend', '18 people shot in a 48-hour span', 'four
    killed across the city since Friday', 'the city has recorded 40 shooting deaths', '38
    people have been killed in the city so far': a count
    over a span of time or a whole place is a
    statistic over incidents, unless the sentence names one ('in a shooting over the
    weekend')."""
    if any(
        t.tag_ == "NN"
        and t.dep_ != "compound"
        and t.head.lower_ != "to"
        and t.lemma_.lower() in rules.incident_nouns
        for t in sent
    ):
        return False  # 'shooting deaths' names no one incident, nor 'shot to death'
    if _has([t.lower_ for t in sent], rules.span_adverbs):
        return True  # '38 people have been killed in the city so far'
    for t in sent:
        if t.lemma_.lower() in rules.span_words and t.dep_ != "compound":
            return True  # not 'a Memorial Day weekend cookout', one event
        objects = [c for c in t.children if c.dep_ == "pobj"]
        if t.lower_ == "since" and any(c.ent_type_ in ("DATE", "TIME") for c in objects):
            return True
        if t.lower_ in rules.span_preps and any(_whole_place(c, rules) for c in objects):
            return True
        if t.lemma_.lower() in rules.tally_verbs and any(
            c.dep_ == "nsubj" and _whole_place(c, rules) for c in t.children
        ):
            return True  # 'the city has recorded 40 shooting deaths'
    return False


def _whole_place(tok: Token, rules: er.Rules) -> bool:
    return tok.ent_type_ == "GPE" or tok.lemma_.lower() in rules.span_places


def _definite(noun: Token) -> bool:
    """'The shootings', 'Friday's shootings': a plural that refers back to what the story is
    about, often one incident with several victims ('the shootings that left two dead'),
    not several incidents ('eight killed in shootings across the city')."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children)


def _unrelated(tok: Token, rules: er.Rules) -> bool:
    """'Police do not believe it is related to the killing of a man', 'whether the shooting
    is connected to the killing of ...': an incident the reported one is set apart from or
    compared with (not 'arrested in connection with the killing', which is the story's)."""
    if tok.lower_ not in rules.relation:
        return False
    to = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("to", "with")
        for p in c.children
        if p.dep_ == "pobj" and p.lemma_.lower() in rules.incident_nouns
    ]
    holder = tok.head if tok.dep_ in ("acomp", "attr") else tok
    verbs = (holder, *(c for c in holder.children if c.pos_ == "AUX"))  # 'was' may hold it
    subjects = [c for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    compared = any(c.lower_ == "it" or c.lemma_.lower() in rules.incident_nouns for c in subjects)
    negated = tok.lower_ == "unrelated" or any(
        c.dep_ == "neg" for a in (tok, *tok.ancestors) for c in a.children
    )
    if not to:  # 'police said his death was not related': the death is another incident
        return negated and any(c.lemma_.lower() in rules.incident_nouns for c in subjects)
    return negated or compared


def _also_charged(tok: Token, rules: er.Rules) -> Token | None:
    """'He is also charged with the murder of a clerk', 'also wanted in (connection with) the
    killing of ...', 'police are also investigating the death of ...': a case the law holds
    against someone besides the reported one (not 'the gunman also killed a man', the same
    incident). Returns the verb that holds it."""
    if tok.lower_ != "also" or tok.dep_ != "advmod":
        return None
    verb = tok.head
    holders = [verb, *(c for c in verb.children if c.dep_ == "attr")]  # 'is also a suspect in'
    if not any(h.lemma_.lower() in rules.also_verbs for h in holders):
        return None
    cases = [c for h in holders for c in h.children if c.dep_ == "dobj"] + [
        p for h in holders for p in _objects_of(h)
    ]
    cases += [p for c in cases for p in _objects_of(c)]  # 'in connection with the killing'
    return verb if any(c.lemma_.lower() in rules.incident_nouns for c in cases) else None


def _objects_of(tok: Token) -> list[Token]:
    """The objects of the prepositions under ``tok``."""
    return [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]


def _motive(tok: Token, rules: er.Rules) -> Token | None:
    """'In retaliation for a homicide on Thursday', 'revenge for the killing of his brother':
    the incident answered, an earlier one."""
    if tok.lemma_.lower() not in rules.motives:
        return None
    return next(
        (
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in ("for", "to")
            for p in c.children
            if p.dep_ == "pobj" and p.lemma_.lower() in rules.incident_nouns
        ),
        None,
    )


def _sequel(tok: Token, rules: er.Rules) -> bool:
    """'The shooting came two days after a man was killed', 'happened hours after the
    killing of ...': what follows 'after' is an earlier incident the reported one is compared
    with (not a time: 'happened shortly before 2 p.m.')."""
    verb = tok.head if tok.dep_ == "prep" else tok.head.head  # 'mark' of the advcl
    when = tok.ent_type_ in TIMES or any(
        c.dep_ == "pobj" and c.ent_type_ in TIMES for c in tok.children
    )
    return (
        tok.lower_ in ("after", "before")
        and (tok.dep_ == "prep" or (tok.dep_ == "mark" and tok.head.dep_ == "advcl"))
        and not when
        and verb.lemma_.lower() in rules.sequel_verbs
        and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in rules.incident_nouns for c in verb.children
        )
    )


def _of_another_kind(
    sent: Span, triggers: Sequence[Found], told: set[str], words: fr.Rules
) -> bool:
    """'A woman died in a car crash a mile away' in a story about a shooting: people hurt in
    a new incident ('in a ...') of a kind the violent incident told so far is not is another
    incident (an arrest story's 'the man died in a shooting' is no violent incident told)."""
    doc = sent.doc
    for t in triggers:
        noun = doc[t.end - 1]
        prep = noun.head
        if not sent.start <= t.start < sent.end or t.type in told or noun.dep_ != "pobj":
            continue
        new = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children) and not any(
            c.dep_ in DESCRIBING for c in noun.children
        )  # not 'killed in a fire that broke out' after a bombing: what it caused
        if new and prep.lower_ == "in" and fr.outcome(doc, prep.head.i, words) in fr.CASUALTY:
            return True
    return False


def _partitive(sent: Span) -> bool:
    """'In one of them', 'two of those were fatal': a part of what the sentence before told."""
    return any(
        t.lower_ == "of" and any(c.dep_ == "pobj" and c.lower_ in BACK for c in t.children)
        for t in sent
    )


def _earlier(d: dict[str, Any], day: dt.date) -> bool:
    """A date before the incident's ``day``: a day or period ending before it, or a week at
    most that begins days before it and takes it in ('a teenager killed last week' in a
    story of Sunday published on Monday: the incident is told by its day, the week is what
    came before); later dates (a death days after the shooting, an arrest) belong to the same
    incident."""
    found = _period(d)
    if found is None:
        return False
    start, end = found
    week = start < day - SAME_DAY and day <= end < start + WEEK
    return end < day - SAME_DAY or week


def _main_day(
    doc: Doc,
    ctx: Context,
    evidence: set[int],
    keys: Sequence[str],
    layout: Layout,
    clauses: frozenset[int],
) -> tuple[dt.date | None, str | None]:
    """The day of the reported incident: the first day-precise date, no later than
    publication, in a sentence with a trigger or a count, outside background sentences and
    ``clauses``, the earliest of the sentence's but one in a clause about a place
    (`_of_a_place`) last; a date in a photo caption only when no other is found (a caption
    may show another story)."""
    published = getattr(doc._, attrs.PUBLISHED)
    limit = dt.date.fromisoformat(published) if published else None
    candidates = [n for n in range(len(keys)) if n in evidence] + list(range(len(keys)))
    for captions in (False, True):
        for n in candidates:
            if keys[n] != MAIN:
                continue
            days = [
                (_of_a_place(doc[_token(doc, d)]), day, d["id"])
                for d in ctx.dates.get(n, ())
                if (day := _day(d)) is not None
                and (limit is None or day <= limit)
                and not layout.uncounted(_token(doc, d))
                and _token(doc, d) not in clauses
                and (captions or layout.line[_token(doc, d)] not in layout.captions)
            ]
            if days:
                return min(days)[1:]
    return None, None


def _of_a_place(tok: Token) -> bool:
    """Whether ``tok`` is in a clause that tells what happened at a place ('on Grand Street,
    where two men were found dead on July 1'), not when the reported incident did."""
    clause = next((a for a in tok.ancestors if a.dep_ in DESCRIBING), None)
    return clause is not None and any(c.lower_ == "where" for c in clause.children)


def _token(doc: Doc, item: dict[str, Any]) -> int:
    """The first token of an item's characters."""
    span = doc.char_span(item["start"], item["end"], alignment_mode="expand")
    return span.start if span is not None else 0


def _harm_figure(doc: Doc, f: dict[str, Any], ev: er.Rules, words: fr.Rules) -> bool:
    """'Three people were shot', 'found two people shot', 'the four victims': a count of people
    only said to be shot or stabbed, or of everyone hurt."""
    if f["category"] not in ("other", "injured") or f.get("modality") != "reported":
        return False
    if f.get("counted") not in words.people and f.get("counted") is not None:
        return False
    span = doc.char_span(f["start"], f["end"], alignment_mode="expand")
    if span is None:
        return False
    if f.get("counted") in ev.victim_counts:
        return True  # 'the four victims were taken to hospitals'
    if any(c.dep_ in ("acl", "relcl") and c.lemma_ in ev.harm for c in span.root.children):
        return True  # 'two people shot', 'two people who had been shot'
    head = fr.climb(span.root)
    patient = head.dep_ in ("nsubjpass", "dobj") or (
        head.dep_ == "nsubj" and head.head.tag_ == "VBN"  # 'found two people shot'
    )
    return patient and head.head.lemma_ in ev.harm and not fired_at(head.head)


def _tally(
    figs: Sequence[dict[str, Any]], implicit: tuple[int, list[Victim]] | None
) -> dict[str, Any] | None:
    """Best / low / high for one category: a stated total wins over the singular victims it
    includes (the larger is best); conflicting reported totals give low and high."""
    reported = [f for f in figs if f.get("modality") == "reported"]
    values = [
        v for f in reported if (v := f["value"] if f["value"] is not None else f["low"]) is not None
    ]
    highs = [
        v for f in figs if (v := f["high"] if f["high"] is not None else f["value"]) is not None
    ]
    n, victims = implicit if implicit is not None else (0, [])
    if not values and not n:
        return None
    best = max([*values, n])
    positive = [v for v in values if v > 0] if best > 0 else values
    low = max(min(positive, default=best), n) if positive else best
    low = min(low, best)
    return {
        "best": best,
        "low": low,
        "high": max([*highs, best]),
        "figure_ids": [f["id"] for f in reported],
        "mentions": [[v.start, v.end] for v in victims],
    }


NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def _coordination(tok: Token) -> frozenset[int]:
    """The tokens of the nouns coordinated with ``tok`` ('a father and two children')."""
    first = tok
    while first.dep_ == "conj" and first.head.pos_ in NOMINAL_POS:
        first = first.head
    found, todo = {first.i}, [first]
    while todo:
        for c in todo.pop().children:
            if c.dep_ == "conj" and c.pos_ in NOMINAL_POS and c.i not in found:
                found.add(c.i)
                todo.append(c)
    return frozenset(found)


def _with_conjoined(
    doc: Doc, figs: Sequence[dict[str, Any]], victims: Sequence[Victim]
) -> list[dict[str, Any]]:
    """The figures, each with the singular victims coordinated with it added: 'a father and
    two children were killed' is three, 'killed four classmates and himself' five (the parts
    of one list, not a total and one of its parts)."""
    result = []
    for f in figs:
        span = doc.char_span(f["start"], f["end"], alignment_mode="expand")
        listed = _coordination(span.root) if span is not None else frozenset()
        extra = len({v.token for v in victims if v.token in listed})
        if extra and len(listed) > 1:
            f = {
                k: (v + extra if k in ("value", "low", "high") and v is not None else v)
                for k, v in f.items()
            }
        result.append(f)
    return result


def _tallies(doc: Doc, group: Group, ev: er.Rules, words: fr.Rules) -> dict[str, Any]:
    implicit = count(group.victims)
    result: dict[str, Any] = {}
    for category in fr.CASUALTY:
        counted = implicit.get(category)  # type: ignore[arg-type]
        figs = [f for f in group.figures if f["category"] == category]
        figs = _with_conjoined(doc, figs, counted[1] if counted else [])
        tally = _tally(figs, counted)
        if tally is not None:
            result[category] = tally
    shot = [f for f in group.figures if _harm_figure(doc, f, ev, words)]
    if shot:
        total = max(f["value"] or f["low"] or 0 for f in shot)
        killed = result.get("killed", {}).get("best", 0)
        injured = result.get("injured")
        if total - killed > (injured["best"] if injured else 0):
            ids = [f["id"] for f in shot]
            if injured is None:
                result["injured"] = {
                    "best": total - killed,
                    "low": total - killed,
                    "high": total - killed,
                    "figure_ids": ids,
                    "mentions": [],
                }
            else:
                injured["best"] = total - killed
                injured["high"] = max(injured["high"], injured["best"])
                injured["figure_ids"] = [*injured["figure_ids"], *ids]
            result["injured"][SHOT] = total
    return result


def _roles(doc: Doc, trigger: Found, ctx: Context) -> tuple[list[str], list[str]]:
    """Actor and target entities of a verbal trigger: subject / 'by' agent, object."""
    tok = doc[trigger.start]
    actors: list[str] = []
    targets: list[str] = []
    if tok.pos_ != "VERB":
        return actors, targets
    for child in tok.children:
        if child.dep_ == "nsubj":
            bucket = actors
        elif child.dep_ in ("dobj", "nsubjpass"):
            bucket = targets
        elif child.dep_ == "agent":
            bucket = actors
        else:
            continue
        for t in child.subtree:
            bucket.extend(
                e for e in ctx.entity_of.get(t.i, ()) if ctx.labels.get(e) in ACTOR_LABELS
            )
    return list(dict.fromkeys(actors)), list(dict.fromkeys(targets))


def _places(doc: Doc, group: Group, sents: Sequence[Span], ctx: Context) -> list[str]:
    found: list[str] = []
    dateline = getattr(doc._, attrs.DATELINE)
    tokens: list[Token] = []
    in_dateline: frozenset[int] = frozenset()
    if dateline:
        span = doc.char_span(dateline[0], dateline[1], alignment_mode="expand") or ()
        in_dateline = frozenset(t.i for t in span)
        if group.key == MAIN:
            tokens += list(span)
    for n in group.sentences:
        tokens += [t for t in sents[n] if t.i not in in_dateline]
    for tok in tokens:
        found.extend(e for e in ctx.entity_of.get(tok.i, ()) if ctx.labels.get(e) in PLACE_LABELS)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda e: ctx.specific.get(e, 6))


NEAR = frozenset({("from",), ("near",), ("close", "to"), ("next", "to")})


def _nearby(doc: Doc) -> frozenset[int]:
    """The tokens of a clause that places the incident by another one: 'a block from where a
    teen was killed Thursday', 'near where two men were shot' (not 'a hospital, where he
    died', which tells what became of the victim, nor 'responded to where a man was shot')."""
    found: set[int] = set()
    for tok in doc[1:]:
        before = tuple(t.lower_ for t in doc[max(tok.i - 2, 0) : tok.i])
        near = before[-1:] in NEAR or before in NEAR
        if tok.lower_ == "where" and near and tok.head is not tok:
            found.update(t.i for t in tok.head.subtree if t.i > tok.i)
    return frozenset(found)


def _first_keys(
    sents: Sequence[Span], layout: Layout, rules: er.Rules, hurt: frozenset[int]
) -> tuple[list[str], list[Clause]]:
    """Keys that do not depend on the incident's day: the list of other stories
    (`FURNITURE`), a sentence naming another incident ('in a separate shooting') with the rest
    of its paragraph, a sentence with a background cue (keyed by its earliest date), and
    `MAIN` for the rest, to be split by date; and the background clauses inside those
    (`_cue`), and the parts of sentences that tell another incident besides people hurt
    (``hurt``, the tokens of victims and casualty figures; `_part`)."""
    keys: list[str] = []
    described: list[Clause] = []
    other: tuple[int, str] | None = None  # the line of the last other-incident sentence
    for n, sent in enumerate(sents):
        first = next((t for t in sent if not t.is_space), sent[0])
        line = layout.line[first.i]
        if layout.dropped(first.i) and all(layout.dropped(t.i) for t in sent if not t.is_space):
            keys.append(FURNITURE)
            continue
        head = _other_incident(sent, rules)
        part = _part(head, sent, hurt, OTHER_CLAUSE) if head is not None else None
        if head is not None and part is None:
            other = (line, f"other-{n}")
        if other is not None and other[0] == line:
            keys.append(other[1])
            continue
        whole, clauses = _cue(sent, rules)
        clauses += [part] if part is not None else []
        for verb in filter(None, (_also_charged(t, rules) for t in sent)):
            case = _part(verb, sent, hurt, CLAUSE)
            whole = whole or case is None
            clauses += [case] if case is not None else []
        keys.append(f"background-{n}" if whole else MAIN)
        described += clauses if not whole else []
    return keys, described


def _group_key(key: str, dates: Sequence[dict[str, Any]], day: dt.date | None) -> str:
    """The final key of a sentence: a background sentence goes with others of its earliest
    date; a sentence whose days (or, without any, dates) all end before the incident's day is
    an earlier incident."""
    dates = [d for d in dates if _period(d) is not None]
    if key.startswith("background-"):
        earliest = min(dates, key=lambda d: _period(d) or (dt.date.max,), default=None)
        return f"date-{earliest.get('value')}" if earliest else key
    days = [d for d in dates if _day(d) is not None] or dates
    if key == MAIN and day is not None and days and all(_earlier(d, day) for d in days):
        return f"date-{days[0].get('value')}"
    return key


def _lead(keys: Sequence[str], people: dict[int, bool]) -> int | None:
    """The reported incident's first sentence with a count or a victim."""
    return next((n for n, k in enumerate(keys) if k == MAIN and n in people), None)


def _opens_with_several(
    keys: Sequence[str], sents: Sequence[Span], several: set[int], lead: int | None
) -> bool:
    """Whether the reported incident opens with several incidents: its first sentence with a
    count or a victim (``lead``) is a count over several ('eight people were killed in
    shootings across the city'), or a sentence before it counts several ('police investigated
    at least four shootings overnight'; not 'Feds to assist investigation of shootings')."""
    if lead is None:
        return False
    if lead in several:
        return True
    rules = er.load_rules()
    return any(
        t.tag_ == "NNS"
        and t.lemma_.lower() in rules.incident_nouns
        and any(c.dep_ == "nummod" or c.lower_ in SEVERAL for c in t.children)
        for n, k in enumerate(keys[:lead])
        if k == MAIN and n in several
        for t in sents[n]
    )


def _roundup(
    keys: Sequence[str],
    sents: Sequence[Span],
    layout: Layout,
    ctx: Context,
    several: set[int],
    people: dict[int, bool],
    acts: tuple[set[int], set[int], dt.date | None],
) -> list[str]:
    """The incidents of a roundup: when the reported incident's first sentence with a count
    or a victim is a count over several incidents ('eight people were killed in shootings
    across the city') or comes after a sentence that names several ('police investigated at
    least four shootings overnight'; `_opens_with_several`), each later paragraph that opens
    with a date or time and new people ('a 23-year-old man was shot', 'three people were
    shot') once the story so far has its own victims tells another incident (an event of its
    own, `incident-<n>`): the main incident is the first one told. In any story whose
    incident has no one killed so far, so does such a paragraph that tells a violent act
    with people killed on another day than the incident's ('On Monday, a woman was shot and
    killed on Ridge Road' after a man shot on Sunday; not 'On Saturday, a 19-year-old died of
    his wounds'), as does a sentence that opens with its date and tells such an act.
    ``people`` maps a sentence with victims or counts of people to whether they are all known
    already (named, definite); ``acts`` are the sentences with a violent trigger, those with
    people killed, and the incident's day."""
    main = [n for n, k in enumerate(keys) if k == MAIN]
    lead = _lead(keys, people)
    violent, deaths, day = acts
    over = _opens_with_several(keys, sents, several, lead)
    if lead is None or (not over and day is None):
        return list(keys)
    result, current, known = list(keys), MAIN, lead not in several
    dead = any(n in deaths for n in main if n <= lead)
    lead_line = layout.line[sents[lead].start]
    for n in main:
        line = layout.line[sents[n].start]
        if n <= lead or line == lead_line:
            continue
        opens = n == 0 or layout.line[sents[n - 1].start] != line
        days = {_day(d) for d in ctx.dates.get(n, ())} - {None}
        dated = any(_period(d) is not None for d in ctx.dates.get(n, ()))
        killing = n in violent and n in deaths and bool(days) and day not in days
        new = over or (killing and current == MAIN and not dead)
        told = any(_token(sents[n].doc, d) < sents[n].start + 3 for d in ctx.dates.get(n, ()))
        opens = opens or (killing and told)  # '... over the weekend. On Friday night, a man ...'
        if opens and known and people.get(n) is False and dated and new:
            current, known = f"incident-{n}", False
        dead = dead or n in deaths
        known = known or n in people
        result[n] = current
    return result


def find_events(doc: Doc, headline: Counts | None = None) -> list[Item]:
    """Return the incidents of ``doc`` as ``(start_char, end_char, payload)`` items, the
    reported incident first; ``headline`` counts fill in the main incident's (`with_headline`)
    unless the story opens with a count over several incidents (a roundup's headline counts
    them all)."""
    if not doc.has_annotation("DEP"):
        return []  # victims and roles need the parse
    ev, words = er.load_rules(), fr.load_rules()
    sents = list(doc.sents)
    sent_of = [0] * len(doc)
    for n, s in enumerate(sents):
        for i in range(s.start, s.end):
            sent_of[i] = n
    ctx = _context(doc, sent_of)
    figures = [
        (f, doc.char_span(f["start"], f["end"], alignment_mode="expand"))
        for f in attrs.get_items(doc, attrs.FIGURES)
    ]
    covered = frozenset(t.i for _, span in figures for t in span or ())
    victims = find_victims(doc, ctx.entity_of, covered)
    triggers = find_triggers(doc)
    evidence = {sent_of[t.start] for t in triggers} | {sent_of[v.token] for v in victims}
    evidence |= {
        sent_of[s.start] for f, s in figures if s is not None and f["category"] in fr.CASUALTY
    }
    layout = _layout(doc, ev)
    hurt = frozenset(v.token for v in victims) | frozenset(
        t.i for f, span in figures if f["category"] in fr.CASUALTY for t in span or ()
    )
    initial, clauses = _first_keys(sents, layout, ev, hurt)
    layout = replace(layout, described=_nearby(doc))
    cued = frozenset(i for c in clauses for i in c.tokens)
    day, day_id = _main_day(doc, ctx, evidence, initial, layout, cued)
    clauses += _earlier_clauses(doc, initial, ctx, day, victims, hurt)
    clauses += _after_clauses(doc, victims)
    several = {
        sent_of[t.start]
        for t in triggers
        if t.sub_type in ev.separate
        and doc[t.end - 1].tag_ == "NNS"
        and doc[t.end - 1].lemma_.lower() in ev.incident_nouns  # not 'gunmen', 'shots'
        and not _definite(doc[t.end - 1])  # 'the shootings that left two dead': one incident
    } | {  # 'in separate attacks', 'in other shootings'
        sent_of[t.i]
        for t in doc
        if t.lower_ in ev.other_incident
        and t.head.tag_ == "NNS"
        and t.head.lemma_.lower() in ev.incident_nouns
    }
    several |= {n for n, sent in enumerate(sents) if _over_a_span(sent, ev)}
    groups: dict[str, Group] = {MAIN: Group(MAIN)}
    keys = [_group_key(k, ctx.dates.get(n, ()), day) for n, k in enumerate(initial)]
    for n in range(1, len(keys)):
        if keys[n] == MAIN and keys[n - 1].startswith(EARLIER) and _partitive(sents[n]):
            keys[n] = keys[n - 1]  # 'It was the fourth shooting since April. In one of them ...'
    kinds: set[str] = set()  # the kinds of violent incident the story has told so far
    for n, key in enumerate(keys):
        if key != MAIN:
            continue
        if kinds and _of_another_kind(sents[n], triggers, kinds, words):
            keys[n] = f"other-{n}"
        else:
            kinds |= {
                t.type
                for t in triggers
                if sents[n].start <= t.start < sents[n].end and ev.rank[t.type] <= VIOLENT
            }
    people: dict[int, bool] = {}  # sentence -> whether all its victims are known already
    for v in victims:
        n = sent_of[v.token]
        people[n] = people.get(n, True) and (v.definite or v.key is not None)
    for f, span in figures:
        if span is not None and (f["category"] in fr.CASUALTY or _harm_figure(doc, f, ev, words)):
            people[sent_of[span.start]] = False
    lead = _lead(keys, people)
    violent = {sent_of[t.start] for t in triggers if ev.rank[t.type] <= VIOLENT}
    deaths = {sent_of[v.token] for v in victims if v.category == "killed"} | {
        sent_of[span.start] for f, span in figures if span is not None and f["category"] == "killed"
    }
    keys = _roundup(keys, sents, layout, ctx, several, people, (violent, deaths, day))
    by_sentence: dict[int, list[Clause]] = {}
    for c in clauses:
        if keys[sent_of[c.verb]] == MAIN:
            by_sentence.setdefault(sent_of[c.verb], []).append(c)
    token_key: dict[int, str] = {}
    for n, key in enumerate(keys):
        groups.setdefault(key, Group(key)).sentences.append(n)
        for c in by_sentence.get(n, ()):
            name = c.key
            when = [d for d in ctx.dates.get(n, ()) if _token(doc, d) in c.tokens]
            groups.setdefault(name, Group(name, [n], date_id=when[0]["id"] if when else None))
            token_key |= {i: name for i in c.tokens if i not in token_key}
    groups.pop(FURNITURE, None)

    def group_of(i: int) -> Group:
        return groups[token_key.get(i) or keys[sent_of[i]]]

    nouns = {c.noun for cs in by_sentence.values() for c in cs}
    home: dict[str, str] = {}  # a person -> the group of the incident they were first told in
    for t in triggers:
        if not layout.dropped(t.start):
            group_of(t.start).triggers.append(t)
    quoted = _quoted(doc)
    for f, span in figures:
        if (
            span is not None
            and not layout.uncounted(span.start)
            and sent_of[span.start] not in several
        ):
            group_of(span.start).figures.append(f)
    for v in victims:
        if layout.uncounted(v.token) or (v.token in quoted and not (v.definite or v.key)):
            continue  # '"My cousin was murdered two blocks from here," a neighbor said'
        group = group_of(v.token)
        if v.token in nouns:  # with the clause only if it alone tells what befell them
            group = groups.get(f"{CLAUSE}{v.clause}", groups[keys[sent_of[v.token]]])
        told = home.setdefault(v.key, group.key) if v.key is not None else group.key
        if group.key == MAIN and told != MAIN and not ctx.dates.get(sent_of[v.token]):
            group = groups[told]  # 'the killing of Marcus Lee' ... 'Lee was found shot dead'
        group.victims.append(v)
    if headline is not None and _no_one_hurt(doc, groups[MAIN], sent_of):
        headline = headline.unhurt()  # 'No one was hurt' under a headline's 'fatal shooting'
    if headline is None or not headline.people.get("killed"):
        _unlinked_deaths(doc, groups, (sents, sent_of), (layout, ctx, day), (ev, words))
    if not _own_act(doc, groups[MAIN], day_id, ctx, sent_of, ev):
        _follow_up(doc, groups, ctx, ev, words)
    items: list[Item] = []
    for group in groups.values():
        tallies = _tallies(doc, group, ev, words)
        if "displaced" not in tallies:  # 'the president fled abroad' is no displacement
            group.triggers = [t for t in group.triggers if t.type != "displacement"]
        main = group.key == MAIN
        if not group.triggers and not (main and tallies):
            continue
        if group.key.startswith((CLAUSE, OTHER_CLAUSE)) and not tallies:
            continue  # 'a man who was shot last month has died': his death is the news
        trigger = min(group.triggers, key=lambda t: (ev.rank[t.type], t.start), default=None)
        if trigger is not None:
            tok_start, tok_end = trigger.start, trigger.end
            sentence = sents[sent_of[trigger.start]]
        else:
            first = sents[min(sent_of[i] for i in _evidence_tokens(group, doc))]
            tok_start, tok_end, sentence = first.start, first.end, first
        actors, targets = _roles(doc, trigger, ctx) if trigger else ([], [])
        date_id = day_id if main else _group_date(group, ctx)
        start, end = doc[tok_start].idx, doc[tok_end - 1].idx + len(doc[tok_end - 1])
        payload = {
            "id": f"V{len(items) + 1}",
            "type": trigger.type if trigger else "other",
            "sub_type": trigger.sub_type if trigger else None,
            "main": main,
            "trigger": [start, end] if trigger else None,
            "sentence": [sentence.start_char, sentence.end_char],
            "date_id": date_id,
            "place_ids": _places(doc, group, sents, ctx),
            "actor_ids": actors,
            "target_ids": targets,
            "tallies": tallies,
        }
        items.append((start, end, payload))
    if headline is not None and (lead is None or lead not in several):
        items = with_headline(items, headline)
    for item in items:
        counted: dict[str, dict[str, Any]] = item[2]["tallies"]
        for tally in counted.values():
            tally.pop(SHOT, None)  # internal: how many were shot, for the headline's dead
    return items


def _no_one_hurt(doc: Doc, main: Group, sent_of: Sequence[int]) -> bool:
    """Whether the reported incident's first sentence with people hurt or killed says no one
    at all was hurt ('No one was hurt', 'Nobody was injured'; not 'no one else', 'no one
    inside', 'no officers'): the story has its toll, and a death its headline names is
    another incident's ('Man who served time for fatal shooting arrested with loaded gun')."""
    told: set[int] = {sent_of[v.token] for v in main.victims if v.category in HURT}
    zeros: set[int] = set()
    killed = {sent_of[v.token] for v in main.victims if v.category == "killed"}
    for f in main.figures:
        span = doc.char_span(f["start"], f["end"], alignment_mode="expand")
        if span is None or f["category"] not in ("killed", "injured"):
            continue
        n = sent_of[span.start]
        told.add(n)
        whole = f["counted"] in (None, "people") and all(
            c.dep_ == "det" for c in span.root.children
        )
        if f["category"] == "killed":
            killed.add(n)
        elif f["value"] == 0 and whole:
            zeros.add(n)
    lead = min(told, default=None)
    return lead in zeros and lead not in killed


def _unlinked_deaths(
    doc: Doc,
    groups: dict[str, Group],
    text: tuple[Sequence[Span], Sequence[int]],
    where: tuple[Layout, Context, dt.date | None],
    rules: tuple[er.Rules, fr.Rules],
) -> None:
    """In a story whose lead (the reported incident's first sentence with people hurt) tells
    no one killed ('a man was shot in the leg on Sunday'), a later sentence that tells of
    people killed with no link to the incident (`_deaths`) is another incident with the rest
    of its paragraph ('Last week, a 40-year-old man was shot and killed four blocks away',
    'his mother died when he was 6'). ``text`` is the sentences and the sentence of each
    token."""
    (sents, sent_of), layout, main = text, where[0], groups[MAIN]
    hurt, linked = _deaths(doc, main, sent_of, where[1:], rules)
    lead = min(hurt.keys() | linked.keys(), default=None)
    if lead is None or lead in linked:
        return
    told_at: dict[str, Callable[[Any], int]] = {
        "triggers": attrgetter("start"),
        "figures": partial(_token, doc),
        "victims": attrgetter("token"),
    }
    for n in sorted(linked):
        if linked[n] or n not in main.sentences:
            continue
        line = layout.line[sents[n].start]
        moved = {m for m in main.sentences if m >= n and layout.line[sents[m].start] == line}
        other = groups.setdefault(f"other-{n}", Group(f"other-{n}"))
        other.sentences += sorted(moved)
        main.sentences = [m for m in main.sentences if m not in moved]
        for name in told_at:
            at, items = told_at[name], getattr(main, name)
            getattr(other, name).extend(x for x in items if sent_of[at(x)] in moved)
            setattr(main, name, [x for x in items if sent_of[at(x)] not in moved])


def _deaths(
    doc: Doc,
    main: Group,
    sent_of: Sequence[int],
    when: tuple[Context, dt.date | None],
    rules: tuple[er.Rules, fr.Rules],
) -> tuple[dict[int, int], dict[int, bool]]:
    """The people hurt and not killed each sentence of the main incident tells, and whether
    a death each tells is linked to the incident: of people told of before ('he', 'the
    victim', a name, 'another man', 'both', 'one man' of three shot), as the story's incident
    (`_linked`), or on its day or a later one in its own clause ('on Monday, a 40-year-old man
    died at a hospital'; not 'speaking on Sunday, he said three of his friends have died');
    never one whose own clause is dated before that day ('where a man killed his girlfriend in
    2016')."""
    ctx, day = when
    hurt: dict[int, int] = {}
    linked: dict[int, bool] = {}

    def link(n: int, tok: Token, told: bool) -> None:
        dates = ctx.dates.get(n, ())
        inside = {t.i for t in (fr.governing_verb(tok) or tok).subtree}
        before = any(
            (found := _period(d)) and day and found[1] < day and _token(doc, d) in inside
            for d in dates
        )
        since = any(
            (on := _day(d)) and day and on >= day and _token(doc, d) in inside for d in dates
        )
        ok = not before and (told or since or _linked(tok, rules[0]))
        linked[n] = linked.get(n, False) or ok

    for v in sorted(main.victims, key=lambda v: v.token):
        n = sent_of[v.token]
        if v.category == "killed":
            link(n, doc[v.token], v.definite or v.key is not None or v.other)
        elif v.category in HURT:
            hurt[n] = hurt.get(n, 0) + 1
    for f in sorted(main.figures, key=lambda f: f["start"]):
        n = sent_of[_token(doc, f)]
        span = doc.char_span(f["start"], f["end"], alignment_mode="expand")
        value = f["value"] if f["value"] is not None else f["low"]
        if f["category"] == "killed" and span is not None:
            shot = max((k for m, k in hurt.items() if m < n), default=0)
            told = any(t.lower_ in DEFINITE_COUNTS for t in span) or (value or 0) <= shot
            link(n, span.root, told)
        elif f["category"] == "injured" or _harm_figure(doc, f, *rules):
            hurt[n] = max(hurt.get(n, 0), value or 0)
    return hurt, linked


def _linked(tok: Token, rules: er.Rules) -> bool:
    """Whether a death is told as the story's incident: killed 'in the shooting' (a definite
    incident, not 'the killing of ...'), or the case someone is arrested, charged or wanted
    for ('arrested ... in connection with the shooting death of a teen'). People told of
    before ('he', 'the victim', 'both') and the incident's day link a death too
    (`_unlinked_deaths`)."""
    verb = fr.governing_verb(tok)
    told = verb is not None and any(
        c.dep_ == "prep"
        and c.lower_ == "in"
        and any(
            p.dep_ == "pobj"
            and p.lemma_.lower() in rules.incident_nouns
            and any(d.dep_ == "det" and d.lower_ in DEFINITE for d in p.children)
            and not any(d.dep_ == "prep" and d.lower_ == "of" for d in p.children)
            for p in c.children
        )
        for c in verb.children
    )
    return told or any(a.lemma_.lower() in rules.also_verbs for a in tok.ancestors)


def _quoted(doc: Doc) -> frozenset[int]:
    """The tokens inside direct quotations ('"My cousin was murdered two blocks from here," a
    neighbor said'): a person a speaker tells of for the first time, unnamed ('my cousin', 'a
    boy', 'another child'), is someone of the speaker's own account, not a victim the story
    counts; named and definite ones ('he was dead', 'the victim') are those it tells of."""
    marked, _ = scan_marks(doc.text)
    parts = [p for m in marked if m.closed and not m.single for p in m.parts]
    return frozenset(
        t.i for a, b in parts for t in doc.char_span(a, b, alignment_mode="expand") or ()
    )


def _own_act(
    doc: Doc, main: Group, day_id: str | None, ctx: Context, sent_of: Sequence[int], ev: er.Rules
) -> bool:
    """Whether the sentence that dates the reported incident tells a violent act of its own
    ('someone fired several shots into a home early Sunday', 'shots were fired on Monday'): an
    incident in which no one was hurt, not a follow-up ('police arrested a man Monday in the
    shooting' names the incident by a noun)."""
    dated = {n for n in main.sentences for d in ctx.dates.get(n, ()) if d["id"] == day_id}
    return any(
        ev.rank[t.type] <= VIOLENT
        and (doc[t.start].pos_ == "VERB" or doc[t.start].lemma_.lower() in ev.acts)
        and sent_of[t.start] in dated
        for t in main.triggers
    )


def _follow_up(
    doc: Doc, groups: dict[str, Group], ctx: Context, ev: er.Rules, words: fr.Rules
) -> None:
    """A follow-up story (an arrest, charges, a funeral) tells its incident as earlier: when
    the reported incident has no one killed or hurt of its own, the first earlier incident
    told with casualties (its victims or its day) is the one the story is about, and joins
    it."""
    hurt = ("killed", "injured")
    if any(c in _tallies(doc, groups[MAIN], ev, words) for c in hurt):
        return
    for key, group in groups.items():
        if not key.startswith(("date-", "background-")) or not group.triggers:
            continue
        told = group.victims or any(
            _day(d) is not None for n in group.sentences for d in ctx.dates.get(n, ())
        )  # one incident: its victims or its day, not a running count ('so far this year')
        if told and any(c in _tallies(doc, group, ev, words) for c in hurt):
            main = groups[MAIN]
            for name in ("sentences", "triggers", "figures", "victims"):
                getattr(main, name).extend(getattr(group, name))
            del groups[key]
            return


def _evidence_tokens(group: Group, doc: Doc) -> list[int]:
    toks = [v.token for v in group.victims]
    for f in group.figures:
        span = doc.char_span(f["start"], f["end"], alignment_mode="expand")
        if span is not None:
            toks.append(span.start)
    return toks


def _group_date(group: Group, ctx: Context) -> str | None:
    if group.date_id is not None:
        return group.date_id
    for n in group.sentences:
        for d in ctx.dates.get(n, ()):
            if _period(d) is not None:
                return str(d["id"])
    return None


@Language.factory(
    "conflict_events", requires=["doc.ents"], assigns=["doc.spans"], default_config={}
)
def make_event_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_events` results in ``doc.spans``."""
    attrs.register_extensions()
    er.load_rules()
    headline.load_rules()

    def conflict_events(doc: Doc) -> Doc:
        title = getattr(doc._, attrs.TITLE)
        counts = read_headline(nlp.make_doc(title)) if title else None
        attrs.set_items(doc, attrs.EVENTS, find_events(doc, counts))
        return doc

    return attrs.guarded(name, conflict_events)
