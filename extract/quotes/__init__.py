"""Quotes: direct, split, mixed and indirect statements with their cue and speaker.

Direct quotations come from quote marks (`extract.quotes.marks`); their tag is searched after
and before the marks, like the first sieve of CoreNLP's quote attribution (Muzny et al.
2017), and a quotation split by its tag (``"...," he said. "..."``) is one quote with two
content spans. A quotation with no tag of its own is tagged by a bare tag sentence right after
it (or right before it) in the same or the adjacent paragraph ("Deng told reporters in
Bentiu."), else inherits the previous statement's speaker when that one was resolved to an
entity or is a description. Indirect speech comes from the parse
(`extract.quotes.reported`); a quoted fragment inside reported speech makes it mixed.
Paragraphs opening with a speaker label ("PENCE: ...") are transcripts. Speakers are
resolved in `extract.quotes.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract import attrs
from extract.entities.names import title_words
from extract.quotes.cues import cue_lemma, cue_lexicon, phrase_at, subject_of
from extract.quotes.marks import Marked, Part, Spans, paragraphs, scan_marks
from extract.quotes.reported import Attribution, attribution, find_indirect, inside, words
from extract.quotes.speakers import Payload, Resolver, preload

Item = tuple[int, int, dict[str, Any]]

_TERMINATORS = frozenset(".!?")
_BREAKS = frozenset(".!?,;:\n")
_CLAUSE_WORDS = 3  # a shorter quotation needs its own tag: else a scare quote or a title
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at"})
_REGION = 40  # tokens searched for a tag on each side of a quotation
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CLAUSES = frozenset({"ccomp", "xcomp"})
_DASHES = frozenset({"―", "—", "–", "--"})
_LABEL = re.compile(r"[\"“]?([A-Z][\w.'’-]{0,30}(?: [A-Z][\w.'’-]{0,30}){0,3}):[ \t]+(?=\S)")
_MARKS = "\"'“”‘’«»„‚‹›"


def _abbreviated(region: list[Token]) -> bool:
    """Whether the period that ends ``region`` ends an abbreviated title before a name
    ("army spokesman Brig. Gen. Yahya Rasool said"), not the sentence."""
    if len(region) < 2 or region[-1].text != "." or region[-2].lower_ not in title_words():
        return False
    following = region[-1].nbor(1) if region[-1].i + 1 < len(region[-1].doc) else None
    return following is not None and following.text[:1].isupper()


def _nearest_name(region: list[Token], cue: Token) -> Token | None:
    """The name nearest a tag's cue, when the parse gave the cue no subject."""
    names = [t for t in region if t.pos_ == "PROPN"]
    return min(
        names, key=lambda t: (t.ent_type_ not in _SPEAKER_LABELS, abs(t.i - cue.i)), default=None
    )


class _Finder:
    """Direct quotations of one Doc: classification, tags and split quotations."""

    def __init__(self, doc: Doc, text: str, marked: list[Marked]) -> None:
        self.doc = doc
        self.text = text
        self.starts = doc.to_array("IDX").tolist()
        self.quoted = Spans(part for quote in marked for part in quote.parts)
        self.paragraphs = paragraphs(text)
        self.paragraph_starts = [s for s, _ in self.paragraphs]
        dateline = getattr(doc._, attrs.DATELINE) or (0, 0)
        self.dateline = (dateline[0], dateline[1])

    def paragraph(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def labelled(self, known: Callable[[str], bool]) -> list[Attribution]:
        """Paragraphs opening with a speaker label: transcripts ("PENCE: Well, ...") and
        headlines ("Sanders: Clinton needs to ..."); the label is a recognized name or a
        word of a known person's or organization's name."""
        found = []
        for start, end in self.paragraphs:
            match = _LABEL.match(self.text, start, end)
            if match is None:
                continue
            label = self.doc[
                bisect_left(self.starts, match.start(1)) : bisect_left(self.starts, match.end(1))
            ]
            if len(label) and (
                any(t.ent_type_ in ("PERSON", "ORG") for t in label) or known(label[-1].text)
            ):
                kind = "direct" if match.group(1).isupper() else "indirect"
                colon = (match.end(1), match.end(1) + 1)
                found.append(Attribution(kind, [(match.end(), end)], colon, label[-1]))
        return found

    def _stop(self, tok: Token) -> bool:
        return (
            tok.text in _TERMINATORS
            or (tok.is_space and "\n" in tok.text)
            or self.quoted.covers(tok.idx, tok.idx + len(tok))
        )

    def _after(self, quote: Marked) -> list[Token]:
        """Tokens after a quotation up to the end of its sentence, the terminator included."""
        region: list[Token] = []
        for tok in self.doc[bisect_left(self.starts, quote.end) :]:
            if len(region) >= _REGION or (self._stop(tok) and tok.text not in _TERMINATORS):
                break
            region.append(tok)
            if tok.text in _TERMINATORS and not _abbreviated(region):
                break
        return region

    def _before(self, quote: Marked) -> list[Token]:
        """Tokens before a quotation, nearest first, back to its sentence start; a colon
        ending the previous paragraph introduces a quotation that opens a paragraph."""
        region: list[Token] = []
        i = bisect_left(self.starts, quote.start) - 1
        while i >= 0 and len(region) < _REGION:
            tok = self.doc[i]
            if self._stop(tok):
                intro = tok.is_space and not words(region) and i > 0 and self.doc[i - 1].text == ":"
                if not intro:
                    break
            region.append(tok)
            i -= 1
        return region

    def _allowed(self, quote: Marked) -> Callable[[Token], bool]:
        def allowed(tok: Token) -> bool:
            start, end = tok.idx, tok.idx + len(tok)
            return not inside(quote.parts, start, end) and not inside([self.dateline], start, end)

        return allowed

    def _cue(self, region: list[Token], quote: Marked, colon: bool) -> Token | None:
        """The nearest cue in a tag region; after a colon, any verb with a subject, else the
        colon itself ("Name: ...")."""
        verbs = cue_lexicon().verbs
        for tok in region:
            if phrase_at(self.doc, tok.i) is not None:
                return tok
            if tok.pos_ == "VERB" and cue_lemma(tok) in verbs and self._tags(tok, quote):
                return tok
        if colon:
            verbs_with_subject = (
                t for t in region if t.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in t.children)
            )
            return next(verbs_with_subject, next((t for t in region if t.text == ":"), None))
        return None

    @staticmethod
    def _dash(region: list[Token]) -> Token | None:
        """The dash of a byline-style attribution: ``"..." ― Name``."""
        words = [t for t in region if not t.is_space][:2]
        if len(words) == 2 and words[0].text in _DASHES and words[1].pos_ == "PROPN":
            return words[0]
        return None

    def _bare_tag(self, sentence: Span) -> Token | None:
        """The cue of a sentence that only says who spoke ("Deng told reporters in
        Bentiu."): a reporting verb with a subject, no quotation and nothing reported."""
        if len(sentence) > _REGION or any(
            self.quoted.covers(t.idx, t.idx + len(t)) for t in sentence
        ):
            return None
        tags = cue_lexicon().bare_tags
        addressed = cue_lexicon().addressee_verbs
        for tok in sentence:
            deps = {c.dep_ for c in tok.children}
            if tok.pos_ != "VERB" or cue_lemma(tok) not in tags or "neg" in deps:
                continue
            if tok.dep_ == "parataxis":  # "The museum, he said, celebrated ...": it reports
                continue
            said = deps & _CLAUSES or ("dobj" in deps and cue_lemma(tok) not in addressed)
            if not said and subject_of(tok, lambda t: True) is not None:
                return tok
        return None

    def _floating_tag(self, quote: Marked) -> Token | None:
        """The tag of a quotation without one, written as a sentence of its own right
        after it (then right before it), in the same or the adjacent paragraph."""
        if not self.doc.has_annotation("DEP"):
            return None
        last = self.paragraph(quote.end - 1)
        first = self.paragraph(quote.start)
        k = bisect_left(self.starts, quote.end)
        after = next((t for t in self.doc[k : k + 4] if not t.is_space), None)
        if after is not None and self.paragraph(after.idx) <= last + 1:
            lead = self.doc[after.sent.start : after.i]
            if all(t.is_space or t.is_quote for t in lead):  # the parse may open on the mark
                found = self._bare_tag(self.doc[after.i : after.sent.end])
                if found is not None:
                    return found
        k = bisect_left(self.starts, quote.start) - 1
        before = next(
            (self.doc[i] for i in range(k, max(-1, k - 4), -1) if not self.doc[i].is_space), None
        )
        if before is None or before.text not in _TERMINATORS:
            return None
        if self.paragraph(before.idx) < first - 1:
            return None
        return self._bare_tag(self.doc[before.sent.start : before.i + 1])

    def _tags(self, cue: Token, quote: Marked) -> bool:
        """A cue tags a quotation unless it governs a clause of its own, outside quotes,
        that follows it without a break ("Trump said the deal was bad")."""
        doc = cue.doc
        return not any(
            c.dep_ == "ccomp"
            and c.i > cue.i
            and not self.quoted.covers(c.idx, c.idx + len(c))
            and not any(t.text in _BREAKS for t in doc[cue.i + 1 : c.left_edge.i])
            for c in cue.children
        )

    def _shape(self, quote: Marked) -> tuple[bool, str]:
        """Whether a quotation is a clause (not a scare quote or a title), and its last
        character before the closing marks."""
        inner = self.doc[
            bisect_left(self.starts, quote.start) : bisect_left(self.starts, quote.end)
        ]
        quoted_words = words(inner)
        text = self.text[quote.start + 1 : quote.end - 1 if quote.closed else quote.end]
        last = text.rstrip(_MARKS + " ")[-1:]
        capitals = all(w.text[0].isupper() for w in quoted_words if w.lower_ not in _SMALL_WORDS)
        clause = len(quote.parts) > 1 or (
            len(quoted_words) >= _CLAUSE_WORDS
            and any(t.pos_ in ("VERB", "AUX") for t in inner)
            and not (capitals and last.isalnum())
        )
        return clause, last

    def fragment(self, quote: Marked) -> bool:
        """A quotation inside a sentence (after a word) or too short to be a clause."""
        before = self.text[self.paragraphs[self.paragraph(quote.start)][0] : quote.start]
        return before.rstrip()[-1:].isalnum() or not self._shape(quote)[0]

    def direct(self, quote: Marked) -> Attribution | None:
        """The quotation as a direct quote with its tag, or None for a scare quote or title."""
        clause, last = self._shape(quote)
        after = self._after(quote) if quote.closed else []
        before = self._before(quote)
        lead_end = next((t.text for t in before if not t.is_space), "")
        trailing = self._dash(after)
        if trailing is None and last != ".":
            trailing = self._cue(after, quote, colon=False)
        leading = self._cue(before, quote, colon=lead_end == ":")
        use_leading = leading is not None and (
            trailing is None or (lead_end in (":", ",") and leading.text != ":")
        )
        cue = leading if use_leading else trailing
        if cue is None:
            if self.fragment(quote):
                return None
            cue = self._floating_tag(quote)
            if cue is None:
                return Attribution("direct", list(quote.parts))
            return attribution("direct", list(quote.parts), cue, self._allowed(quote))
        if not clause and last not in ",?!—–-…:;.":
            return None
        found = attribution("direct", list(quote.parts), cue, self._allowed(quote))
        if found.speaker is None:  # not the addressee ("..., told Sky News:"), not the dateline
            allowed = self._allowed(quote)
            region = after if cue in after else before
            addressee = [found.addressee] if found.addressee else []
            candidates = [
                t for t in region if allowed(t) and not inside(addressee, t.idx, t.idx + 1)
            ]
            found.speaker = _nearest_name(candidates, cue)
        if trailing is not None and cue.i == trailing.i and after:
            found.region_end = after[-1].idx + len(after[-1])
        return found

    def merge(self, quotes: list[Attribution]) -> list[Attribution]:
        """Join a quotation split by its tag into one quote with several content spans."""
        merged: list[Attribution] = []
        for quote in quotes:
            previous = merged[-1] if merged else None
            if previous is not None and (
                (quote.cue is not None and quote.cue == previous.cue)
                or (
                    quote.cue is None
                    and previous.region_end >= 0
                    and self.paragraph(previous.region_end) == self.paragraph(quote.start)
                    and not self.text[previous.region_end : quote.start].strip()
                )
            ):
                previous.contents.extend(quote.contents)
                continue
            merged.append(quote)
        return merged


def _host(quote: Marked, indirect: list[Attribution], doc: Doc) -> Attribution | None:
    """The reported speech a quoted fragment belongs to, making it mixed."""
    for candidate in indirect:
        if not inside(candidate.contents, quote.start, quote.end):
            continue
        outside = [
            t
            for s, e in candidate.contents
            for t in words(doc.char_span(s, e, alignment_mode="expand") or [])
            if not (quote.start <= t.idx < quote.end)
        ]
        if outside:
            return candidate
    return None


def _covered(candidate: Attribution, quoted: Spans, cues: set[Part | None]) -> bool:
    """Reported speech that is a direct quotation's own clause, or inside one."""
    if candidate.cue in cues or (candidate.cue is not None and quoted.covers(*candidate.cue)):
        return True
    return any(quoted.covers(s, e) for s, e in candidate.contents)


def _outermost(statements: list[Attribution]) -> list[Attribution]:
    """Drop a statement nested in another one by the same speaker ("refused to pledge to
    release ...": one statement, not three)."""
    by_speaker: dict[int, list[Attribution]] = {}
    for found in statements:
        if found.speaker is not None:
            by_speaker.setdefault(found.speaker.i, []).append(found)

    def nested(found: Attribution) -> bool:
        if found.cue is None or found.speaker is None:
            return False
        peers = by_speaker[found.speaker.i]
        return any(other is not found and inside(other.contents, *found.cue) for other in peers)

    return [found for found in statements if not nested(found)]


def _payload(number: int, found: Attribution, speaker: Payload | None) -> Item:
    parts = [*found.contents]
    parts.extend(p for p in (found.cue, found.addressee) if p is not None)
    if speaker is not None and speaker["resolution"] != "previous":
        parts.append((speaker["start"], speaker["end"]))
    return (
        min(s for s, _ in parts),
        max(e for _, e in parts),
        {
            "id": f"Q{number}",
            "kind": found.kind,
            "contents": [list(c) for c in found.contents],
            "cue": list(found.cue) if found.cue else None,
            "addressee": list(found.addressee) if found.addressee else None,
            "speaker": speaker,
        },
    )


def find_quotes(doc: Doc) -> tuple[list[Item], list[str]]:
    """Return the quotes of ``doc`` as QUOTES payload items, and warnings about odd marks."""
    text = doc.text
    marked, warnings = scan_marks(text)
    finder = _Finder(doc, text, marked)
    resolver = Resolver(doc, text, finder.quoted)
    labels = finder.labelled(resolver.known)
    transcript = {finder.paragraph(label.start) for label in labels}
    indirect = find_indirect(doc, finder.paragraph)
    direct = []
    for quote in marked:
        parts = tuple(p for p in quote.parts if finder.paragraph(p[0]) not in transcript)
        if parts != quote.parts:
            quote = Marked(parts, quote.closed, quote.single)
        if not parts:
            continue
        host = _host(quote, indirect, doc) if finder.fragment(quote) else None
        if host is not None:
            host.kind = "mixed"
        elif (found := finder.direct(quote)) is not None:
            direct.append(found)
    direct = [*finder.merge(direct), *labels]
    quoted = Spans(c for quote in direct for c in quote.contents)
    cues = {quote.cue for quote in direct}
    statements = sorted(
        [*direct, *(c for c in indirect if not _covered(c, quoted, cues))], key=lambda a: a.start
    )
    items: list[Item] = []
    taken: set[tuple[int, int]] = set()
    previous: tuple[Payload | None, int] = (None, -2)
    for found in _outermost(statements):
        speaker = None
        if found.speaker is not None:
            speaker = resolver.resolve(found.speaker)
            resolver.note(speaker)
        elif (
            found.cue is None
            and previous[0] is not None
            and (previous[0]["entity_id"] is not None or previous[0]["resolution"] == "description")
            and finder.paragraph(found.start) - previous[1] <= 1
        ):
            speaker = Resolver.inherit(previous[0])
        previous = (speaker, finder.paragraph(found.contents[-1][1]))
        item = _payload(len(items) + 1, found, speaker)
        span = doc.char_span(item[0], item[1], alignment_mode="expand")
        key = (span.start, span.end) if span is not None else item[:2]
        if key not in taken:  # two attributions over the same tokens are one
            taken.add(key)
            items.append(item)
    return items, warnings


@Language.factory("conflict_quotes", requires=["doc.spans"], assigns=["doc.spans"])
def make_quote_finder(nlp: Language, name: str) -> Any:
    """Build the component that stores `find_quotes` results in ``doc.spans``."""
    attrs.register_extensions()
    cue_lexicon()
    preload()

    def conflict_quotes(doc: Doc) -> Doc:
        items, warnings = find_quotes(doc)
        for warning in warnings:
            attrs.add_warning(doc, warning)
        attrs.set_items(doc, attrs.QUOTES, items)
        return doc

    return attrs.guarded(name, conflict_quotes)
