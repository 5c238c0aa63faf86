"""Readers for the development corpora in ``../shared/data`` (see its README).

Every reader returns `GoldDoc` objects: the exact text to pass to the extractor and the gold
annotations as character offsets into that text.

- TimeML (TimeBank, AQUAINT): the ``<TEXT>`` element with its tags removed, leading and
  trailing whitespace trimmed; ``<TIMEX3>`` spans; the ``<DCT>`` date is the publication date.
- BRAT (PolNeAR): the article text as is; ``Attribution`` events with their ``Source``,
  ``Cue`` and ``Content`` spans (possibly discontinuous); one annotator per article (the
  first in name order) when several annotated it; the date from ``metadata.tsv``.
- CAT XML (MEANTIME, EventStoryLine): only tokens are stored, so the text is rebuilt from
  them (`detokenize`); mentions are token ranges mapped to character offsets.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Offsets = tuple[int, int]

ESC_TIME_TYPES = {
    "TIME_DATE": "DATE",
    "TIME_OF_THE_DAY": "TIME",
    "TIME_DURATION": "DURATION",
    "TIME_REPETITION": "SET",
}
ESC_ENTITY_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART", "LOC_")
MEANTIME_LAST_ANNOTATED_SENTENCE = 5
"""MEANTIME annotates the title, the date line and the first four body sentences
(sentences 0-5) at document level; later sentences only carry cross-document mentions."""


@dataclass(frozen=True)
class Timex:
    """A gold TIMEX3 expression."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class Attribution:
    """A gold attribution: what was said (content), by whom (source), through which cue."""

    content: tuple[Offsets, ...]
    source: tuple[Offsets, ...] = ()
    cue: tuple[Offsets, ...] = ()


@dataclass(frozen=True)
class GoldMention:
    """A gold entity mention with the corpus's own label; ``named`` if it is a proper name."""

    start: int
    end: int
    label: str
    named: bool


@dataclass(frozen=True)
class GoldDoc:
    """One annotated document: the text to extract from and its gold annotations."""

    corpus: str
    name: str
    text: str
    published: str | None
    timexes: tuple[Timex, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    mentions: tuple[GoldMention, ...] = ()
    regions: tuple[Offsets, ...] | None = None
    """Parts of the text that are exhaustively annotated; None means the whole text."""
    tokens: Mapping[str, Offsets] = field(default_factory=dict)
    """CAT token id -> character offsets in ``text``."""
    title: str | None = None
    """The headline, when the corpus gives it apart from the text."""


def _iso_date(value: str | None) -> str | None:
    """Return the ``YYYY-MM-DD`` prefix of ``value`` if it is a calendar date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _trim(text: str, spans: list[Timex]) -> tuple[str, list[Timex]]:
    lead = len(text) - len(text.lstrip())
    shifted = [Timex(t.start - lead, t.end - lead, t.type, t.value) for t in spans]
    return text.strip(), shifted


def parse_timeml(xml: str | bytes, name: str, corpus: str = "timebank") -> GoldDoc:
    """Read one TimeML document: the ``<TEXT>`` body, its TIMEX3s and the DCT."""
    root = ET.fromstring(xml)
    dct = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{name}: no <TEXT> element")
    pieces: list[str] = []
    timexes: list[Timex] = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        if element.text:
            pieces.append(element.text)
            length += len(element.text)
        for child in element:
            start = length
            walk(child)
            if child.tag == "TIMEX3" and length > start:
                timexes.append(Timex(start, length, child.get("type", ""), child.get("value", "")))
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)

    walk(body)
    text, timexes = _trim("".join(pieces), timexes)
    published = _iso_date(dct.get("value") if dct is not None else None)
    return GoldDoc(corpus=corpus, name=name, text=text, published=published, timexes=tuple(timexes))


def read_timeml(root: Path, data: Path) -> Iterator[GoldDoc]:
    """Read every ``.tml`` file under ``root``, named by its path relative to ``data``."""
    for path in sorted(root.rglob("*.tml")):
        yield parse_timeml(path.read_bytes(), path.relative_to(data).as_posix())


_BRAT_SPAN = re.compile(r"T\d+")
_BRAT_EVENT = re.compile(r"E\d+")
_ROLE = re.compile(r"([A-Za-z-]+?)\d*:(\S+)")


def parse_brat(ann: str) -> tuple[Attribution, ...]:
    """Read the ``Attribution`` events of a BRAT ``.ann`` file (lines of other kinds and
    the continuation lines of multi-line span texts are skipped)."""
    spans: dict[str, tuple[Offsets, ...]] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if _BRAT_SPAN.fullmatch(fields[0]):
            _, _, offsets = fields[1].partition(" ")
            try:
                spans[fields[0]] = tuple(
                    (int(a), int(b)) for a, b in (seg.split() for seg in offsets.split(";"))
                )
            except ValueError:
                continue
        elif _BRAT_EVENT.fullmatch(fields[0]):
            roles: dict[str, list[str]] = {}
            for found in _ROLE.finditer(fields[1]):
                roles.setdefault(found.group(1), []).append(found.group(2))
            events.append(roles)

    def joined(ids: list[str]) -> tuple[Offsets, ...]:
        return tuple(sorted(seg for i in ids for seg in spans.get(i, ())))

    return tuple(
        Attribution(
            content=joined(roles["Content"]),
            source=joined(roles.get("Source", [])),
            cue=joined(roles.get("Cue", [])),
        )
        for roles in events
        if ("Attribution" in roles or "Attribution-no-source" in roles) and "Content" in roles
    )


_ANN_NAME = re.compile(r"(?P<stem>.+)_(?P<annotator>[0-9a-f]{4})\.ann")


def read_polnear(root: Path, split: str, data: Path) -> Iterator[GoldDoc]:
    """Read the PolNeAR ``split`` (train or dev): text, attributions, publication date."""
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        dates = {
            row["filename"]: row["publication_date"]
            for row in csv.DictReader(handle, delimiter="\t")
        }
    annotations: dict[str, Path] = {}
    for path in sorted((root / split / "attributions").glob("*.ann")):
        found = _ANN_NAME.fullmatch(path.name)
        if found:
            annotations.setdefault(found.group("stem"), path)
    for text_path in sorted((root / split / "text").glob("*.txt")):
        ann = annotations.get(text_path.stem)
        if ann is None:
            continue
        yield GoldDoc(
            corpus=f"polnear-{split}",
            name=text_path.relative_to(data).as_posix(),
            text=text_path.read_text(encoding="utf-8"),
            published=_iso_date(dates.get(text_path.stem)),
            attributions=parse_brat(ann.read_text(encoding="utf-8")),
        )


_TOKEN_MAP = {"``": "“", "''": "”", "-LRB-": "(", "-RRB-": ")"}
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "”", "’", "n't"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "‘", "$", "#"})
_CLITIC = re.compile(r"['’](s|S|re|ve|ll|d|m|t)")
_INITIAL = re.compile(r"[A-Z]")
_THOUSANDS = re.compile(r"\d{3}")
_SENTENCE_END = re.compile(r"[.!?\"”’')]$")


def detokenize(sentences: Sequence[Sequence[str]]) -> tuple[str, list[list[Offsets]]]:
    """Join tokenized sentences into readable text and return each token's offsets.

    Punctuation and clitics attach to the previous token, opening brackets and quotes to
    the next; `_joins` closes up "90 - day", "4 : 59", "120 , 000" and initials "U. S.";
    straight double quotes alternate open/close; PTB quotes become curly ones. A sentence
    that does not end like a sentence (a headline, a date line) is followed by a blank
    line, other sentences by a space.
    """
    text: list[str] = []
    offsets: list[list[Offsets]] = []
    length = 0
    quote_open = False
    for sentence in sentences:
        spans: list[Offsets] = []
        glue = True
        for i, raw in enumerate(sentence):
            token = _TOKEN_MAP.get(raw, raw)
            joiner = _joins(sentence, i)
            initials = _INITIAL.fullmatch(token) and i > 1 and sentence[i - 1] == "."
            attach = (
                glue
                or (initials and _INITIAL.fullmatch(sentence[i - 2]) is not None)
                or token in _NO_SPACE_BEFORE
                or _CLITIC.fullmatch(token) is not None
                or (token == '"' and quote_open)
                or joiner
            )
            if not attach:
                text.append(" ")
                length += 1
            spans.append((length, length + len(token)))
            text.append(token)
            length += len(token)
            glue = token in _NO_SPACE_AFTER or (token == '"' and not quote_open) or joiner
            if token == '"':
                quote_open = not quote_open
        offsets.append(spans)
        if sentence:
            separator = " " if _SENTENCE_END.search(text[-1]) else "\n\n"
            text.append(separator)
            length += len(separator)
    return "".join(text).rstrip(), offsets


def _joins(sentence: Sequence[str], i: int) -> bool:
    """The token at ``i`` joins its neighbours: a hyphen or slash between two words
    ("90 - day", "24 / 7"), a colon or point between two numbers ("4 : 59", "6 . 1"), a
    comma before a group of three digits ("120 , 000")."""
    if not 0 < i < len(sentence) - 1:
        return False
    token, before, after = sentence[i], sentence[i - 1], sentence[i + 1]
    if token in ("-", "/"):
        return before[-1:].isalnum() and after[:1].isalnum()
    if not before[-1:].isdigit():
        return False
    if token in (":", "."):
        return after[:1].isdigit()
    return token == "," and _THOUSANDS.fullmatch(after) is not None


def _cat_tokens(root: ET.Element) -> tuple[str, dict[str, Offsets], dict[int, Offsets]]:
    """Rebuild a CAT document's text; URL sentences (ECB+ source lines) are left out."""
    grouped: dict[int, list[tuple[str, str]]] = {}
    for token in root.iter("token"):
        grouped.setdefault(int(token.get("sentence", "0")), []).append(
            (token.get("t_id", ""), token.text or "")
        )
    kept = [
        (number, toks)
        for number, toks in sorted(grouped.items())
        if not toks[0][1].lower().startswith("http")
    ]
    text, offsets = detokenize([[t for _, t in toks] for _, toks in kept])
    tokens: dict[str, Offsets] = {}
    sentences: dict[int, Offsets] = {}
    for (number, toks), spans in zip(kept, offsets, strict=True):
        tokens.update((tid, span) for (tid, _), span in zip(toks, spans, strict=True))
        if spans:
            sentences[number] = (spans[0][0], spans[-1][1])
    return text, tokens, sentences


def _anchored(element: ET.Element, tokens: Mapping[str, Offsets]) -> Offsets | None:
    spans = [
        tokens[tid] for a in element.iter("token_anchor") if (tid := a.get("t_id", "")) in tokens
    ]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _sentence_of(tokens_in_sentences: dict[int, Offsets], span: Offsets) -> int | None:
    return next((n for n, (s, e) in tokens_in_sentences.items() if s <= span[0] < e), None)


def _merge(spans: Iterable[Offsets]) -> tuple[Offsets, ...]:
    merged: list[Offsets] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def parse_meantime(xml: str | bytes, name: str) -> GoldDoc:
    """Read one MEANTIME CAT document: TIMEX3s and entity mentions of sentences 0-5."""
    root = ET.fromstring(xml)
    text, tokens, sentences = _cat_tokens(root)
    markables = root.find("Markables")
    relations = root.find("Relations")
    if markables is None:
        raise ValueError(f"{name}: no <Markables>")
    entity_types = {e.get("m_id"): e.get("ent_type", "") for e in markables.iter("ENTITY")}
    refers: dict[str | None, str] = {}
    for rel in relations.iter("REFERS_TO") if relations is not None else ():
        target = rel.find("target")
        if target is not None and target.get("m_id") in entity_types:
            for source in rel.iter("source"):
                refers[source.get("m_id")] = entity_types[target.get("m_id")]
    timexes: list[Timex] = []
    published = None
    for element in markables.iter("TIMEX3"):
        span = _anchored(element, tokens)
        if element.get("functionInDocument") == "CREATION_TIME" and published is None:
            published = _iso_date(element.get("value"))
        if span is not None:
            timexes.append(Timex(*span, element.get("type", ""), element.get("value", "")))
    if published is None and 1 in sentences:
        line_start, line_end = sentences[1]
        published = next(
            (
                _iso_date(t.value)
                for t in timexes
                if line_start <= t.start < line_end and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value)
            ),
            None,
        )
    mentions = [
        GoldMention(
            *span,
            label=refers.get(element.get("m_id"), ""),
            named=element.get("syntactic_type") == "NAM",
        )
        for element in markables.iter("ENTITY_MENTION")
        if (span := _anchored(element, tokens)) is not None
    ]
    annotated = [s for n, s in sentences.items() if n <= MEANTIME_LAST_ANNOTATED_SENTENCE]
    return GoldDoc(
        corpus="meantime",
        name=name,
        text=text,
        published=published,
        timexes=tuple(sorted(timexes, key=lambda t: t.start)),
        mentions=tuple(sorted(mentions, key=lambda m: m.start)),
        regions=_merge(annotated),
        tokens=tokens,
    )


_WORD = re.compile(r"\S+")


def name_span(text: str, span: Offsets, sentence_start: int) -> Offsets | None:
    """Approximate a proper name in a corpus without a name/nominal distinction.

    Leading lowercase words ("at", "the") are dropped; what is left is a name if every
    word that starts with a letter is capitalized, one word is longer than a letter, and
    it is not a lone word at the start of its sentence. Returns the name's offsets or None.
    """
    words = [(m.start() + span[0], m.end() + span[0]) for m in _WORD.finditer(text[slice(*span)])]
    while words and text[slice(*words[0])].islower():
        words.pop(0)
    alpha = [text[s:e] for s, e in words if text[s].isalpha()]
    if not alpha or any(not w[0].isupper() for w in alpha) or max(map(len, alpha)) < 2:
        return None
    if len(words) == 1 and words[0][0] == sentence_start:
        return None
    return words[0][0], words[-1][1]


def parse_esc(xml: str | bytes, name: str) -> GoldDoc:
    """Read one EventStoryLine CAT document: time expressions, participant and location
    mentions (``named`` approximated by `name_span`, never in headlines), annotated
    sentences as regions."""
    root = ET.fromstring(xml)
    text, tokens, sentences = _cat_tokens(root)
    markables = root.find("Markables")
    if markables is None:
        raise ValueError(f"{name}: no <Markables>")
    headlines = {n for n, (_, end) in sentences.items() if text.startswith("\n\n", end)}
    timexes: list[Timex] = []
    mentions: list[GoldMention] = []
    annotated: set[int] = set()
    published = None
    for element in markables:
        span = _anchored(element, tokens)
        if span is None:
            continue
        sentence = _sentence_of(sentences, span)
        if sentence is not None:
            annotated.add(sentence)
        if element.tag in ESC_TIME_TYPES:
            if element.get("DCT") == "TRUE" and published is None:
                published = _iso_date(element.get("value"))
            value = element.get("value", "")
            timexes.append(Timex(*span, ESC_TIME_TYPES[element.tag], value))
        elif element.tag.startswith(ESC_ENTITY_PREFIXES):
            proper = None
            if sentence is not None and sentence not in headlines:
                proper = name_span(text, span, sentences[sentence][0])
            mentions.append(GoldMention(*(proper or span), element.tag, named=proper is not None))
    return GoldDoc(
        corpus="esc",
        name=name,
        text=text,
        published=published,
        timexes=tuple(sorted(timexes, key=lambda t: t.start)),
        mentions=tuple(sorted(mentions, key=lambda m: m.start)),
        regions=_merge(sentences[n] for n in annotated),
        tokens=tokens,
    )


def read_cat(root: Path, data: Path, corpus: str) -> Iterator[GoldDoc]:
    """Read every CAT ``.xml`` file under ``root`` as MEANTIME or EventStoryLine."""
    parse = parse_meantime if corpus == "meantime" else parse_esc
    for path in sorted(root.rglob("*.xml"), key=_natural):
        yield parse(path.read_bytes(), path.relative_to(data).as_posix())


def _natural(path: Path) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.as_posix())]


def read_labels(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Hand-made labels, one JSON object per line with its ``doc``: ``{doc: [labels]}``."""
    found: dict[str, list[dict[str, Any]]] = {}
    if not path.exists():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            found.setdefault(item["doc"], []).append(item)
    return found
