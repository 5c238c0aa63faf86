"""Accuracy harness: run the public API over the annotated corpora and print one table.

    python -m benchmarks.evaluate [--data ../shared/data] [--only dates,quotes]
        [--limit N] [--jobs 2] [--json benchmarks/eval.json] [--compare benchmarks/baseline.json]

Corpora (see ../shared/data/README.md and benchmarks/corpora.py):
- dates: TimeBank+AQUAINT (TimeML), MEANTIME (sentences 0-5, the part annotated at
  document level) and EventStoryLine (its annotated sentences only).
- quotes: PolNeAR dev (also per half, `benchmarks.splits`) and train (BRAT attributions), and
  the direct-quote speakers gold set benchmarks/quotes_gold.jsonl on EventStoryLine, per half
  (see QUOTES-GOLD.md).
- entities: MEANTIME named mentions (``syntactic_type="NAM"``) mapped to classes by
  `MEANTIME_CLASSES`; EventStoryLine mentions shaped like names (approximate, see
  `corpora.name_span`), recall only: ESC annotates event participants, not every entity.
- figures: the hand-made gold set benchmarks/figures_gold.jsonl (see FIGURES-GOLD.md), and
  the wide set benchmarks/figures_gold_wide.jsonl on EventStoryLine, TimeBank+AQUAINT,
  PolNeAR and GeoWebNews, by corpus group and tune/check half (`benchmarks.figures_wide`).
- incidents: Gun Violence Archive articles, per-article tallies, place and date, and the
  figures gold set, each by tune/check half (benchmarks/incidents.py).
- places: GeoWebNews and GeoVirus end-to-end geoparsing, with the published geoparsers'
  GeoWebNews outputs as reference rows (see benchmarks/geoparsing.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks import corpora, figures_wide, geoparsing, incidents, quotes_gold, scoring
from benchmarks.corpora import GoldDoc
from benchmarks.scoring import ALL, Counts, DateScores, QuoteKindScores
from benchmarks.splits import HALVES, half_of

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
FIGURES_GOLD = HERE / "figures_gold.jsonl"
FIGURES_GOLD_WIDE = HERE / "figures_gold_wide.jsonl"
QUOTES_GOLD = HERE / "quotes_gold.jsonl"
TASKS = ("dates", "quotes", "entities", "figures", "incidents", "places")

MEANTIME_CLASSES: Mapping[str, str] = {
    "PER": "PERSON",
    "ORG": "ORG",
    "LOC": "PLACE",
    "PRO": "PRODUCT",
}
"""MEANTIME ``ent_type`` -> scored class; FIN (markets, indices, currencies) and MIX have
no counterpart among the project's labels and are not scored."""
ESC_CLASSES: Mapping[str, str] = {
    "HUMAN_PART_PER": "PERSON",
    "HUMAN_PART_ORG": "ORG",
    "HUMAN_PART_GPE": "PLACE",
    "LOC_GEO": "PLACE",
    "LOC_FAC": "PLACE",
    "LOC_OTHER": "PLACE",
}
"""EventStoryLine tag -> scored class; vehicles, generic and non-human participants are
not scored."""
NAME_MENTIONS = frozenset({"name", "alias", "acronym"})
"""Record mention kinds comparable to a corpus's named mentions."""

Row = dict[str, Any]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_gold(data: Path, tasks: Sequence[str], limit: int | None) -> dict[str, list[GoldDoc]]:
    """Read the corpora the tasks need: ``{corpus: documents}``, at most ``limit`` each.

    ``esc-figures`` and ``esc-quotes`` hold the EventStoryLine documents of the figures and
    quote speakers gold sets, ``figures-wide`` the documents of the wide figures gold set.
    """
    readers: dict[str, Callable[[], Iterator[GoldDoc]]] = {
        "timebank": lambda: corpora.read_timeml(data / "timebank-aquaint", data),
        "meantime": lambda: corpora.read_cat(data / "meantime-en", data, "meantime"),
        "esc": lambda: corpora.read_cat(data / "esc-dev", data, "esc"),
        "polnear-dev": lambda: corpora.read_polnear(data / "polnear", "dev", data),
        "polnear-train": lambda: corpora.read_polnear(data / "polnear", "train", data),
        "gva": lambda: (doc for doc, _ in incidents.read_gva(data / incidents.GVA)),
    }
    needs = {
        "dates": ("timebank", "meantime", "esc"),
        "quotes": ("polnear-dev", "polnear-train", "esc-quotes"),
        "entities": ("meantime", "esc"),
        "figures": ("esc-figures", "figures-wide"),
        "incidents": ("gva", "esc-figures"),
        "places": ("geowebnews", "geovirus"),
    }
    labelled = read_figures_gold(FIGURES_GOLD)
    readers["esc-figures"] = lambda: (d for d in readers["esc"]() if d.name in labelled)
    for corpus, read in geoparsing.READERS.items():
        readers[corpus] = lambda read=read: (
            corpora.GoldDoc(d.corpus, d.name, d.text, None) for d in read(data)
        )
    speakers = quotes_gold.read_quotes_gold(QUOTES_GOLD)
    readers["esc-quotes"] = lambda: (d for d in readers["esc"]() if d.name in speakers)
    wide = figures_wide.read_wide(FIGURES_GOLD_WIDE)
    sources = ("esc", "timebank", "polnear-dev", "polnear-train", "geowebnews")
    readers["figures-wide"] = lambda: (
        d for source in sources for d in readers[source]() if d.name in wide
    )
    wanted = [c for c in readers if any(c in needs[t] for t in tasks)]
    return {corpus: list(islice(readers[corpus](), limit)) for corpus in wanted}


def read_figures_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The figures gold set: ``{document name: [labelled figures]}`` (see FIGURES-GOLD.md)."""
    return corpora.read_labels(path)


def gold_figures(doc: GoldDoc, items: Sequence[Mapping[str, Any]]) -> list[scoring.GoldFigure]:
    """Place labelled figures in the rebuilt text through their token ids; the stored
    character offsets must agree, or the text reconstruction changed."""
    figures = []
    for item in items:
        first, last = item["tokens"]
        start, end = doc.tokens[str(first)][0], doc.tokens[str(last)][1]
        if (start, end) != (item["start"], item["end"]):
            raise ValueError(f"{doc.name}: figure {item} is at {start}-{end} in the rebuilt text")
        figures.append(scoring.gold_label(item, start, end))
    return figures


RETRY_WINDOW = 256
"""Documents run one at a time after an exception escaped the stream: the failing one is
among the documents in flight, which is fewer than this."""


def extract_all(docs: Sequence[GoldDoc], jobs: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Run the documents through ``Extractor.extract_many`` (verbatim, with their publication
    dates). Returns records and errors by document name.

    An exception that escapes the stream (an extractor bug in older code) is recorded for
    the document that raised it: the next `RETRY_WINDOW` documents run one at a time, then
    the stream resumes.
    """
    from extract import Article, Extractor

    extractor = Extractor()
    options: dict[str, Any] = {}
    if "n_process" in inspect.signature(extractor.extract_many).parameters:
        options["n_process"] = jobs
    records: dict[str, Any] = {}
    errors: dict[str, str] = {}
    started = time.perf_counter()

    def run(batch: Sequence[GoldDoc], **kwargs: Any) -> Iterator[None]:
        articles = (
            Article(text=d.text, title=d.title, published=d.published, verbatim=True, path=d.name)
            for d in batch
        )
        for outcome in extractor.extract_many(articles, **kwargs):
            name = outcome.article.path or ""
            if outcome.record is None:
                errors[name] = outcome.error or "no record"
            else:
                records[name] = outcome.record
            yield

    done = 0
    while done < len(docs):
        try:
            for _ in run(docs[done:], **options):
                done += 1
                if done % 100 == 0 or done == len(docs):
                    _log(f"  extracted {done}/{len(docs)} ({time.perf_counter() - started:.0f} s)")
        except Exception:  # an extractor bug: found and recorded one document at a time
            for doc in docs[done : done + RETRY_WINDOW]:
                try:
                    list(run([doc]))
                except Exception as exc:
                    errors[doc.name] = f"{type(exc).__name__}: {exc}"
            done += RETRY_WINDOW
    return records, errors


def _row(task: str, corpus: str, subset: str, metric: str, counts: Counts, **extra: Any) -> Row:
    return {
        "task": task,
        "corpus": corpus,
        "subset": subset,
        "metric": metric,
        **counts.as_dict(),
        "extra": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in extra.items()},
    }


def date_rows(corpus: str, docs: Sequence[GoldDoc], records: Mapping[str, Any]) -> list[Row]:
    """Score the dates of one corpus."""
    total = DateScores()
    for doc in docs:
        record = records.get(doc.name)
        pred = [
            scoring.PredTimex(d.start, d.end, d.type, d.value)
            for d in (record.dates if record else [])
        ]
        total.add(scoring.score_dates(doc.timexes, pred, doc.regions))
    rows = []
    for kind in (ALL, *scoring.TIMEX_TYPES):
        relaxed = total.relaxed[kind]
        if not relaxed.gold and not relaxed.pred:
            continue
        found_any = total.found_any_type.get(kind)
        extra = {"type_acc": total.type_accuracy.value} if kind == ALL else {}
        if found_any is not None:
            extra["recall_any_type"] = found_any.value
        value = total.value[kind]
        accuracy = value.found / relaxed.found if relaxed.found else None
        rows += [
            _row("dates", corpus, kind, "span strict", total.strict[kind]),
            _row("dates", corpus, kind, "span relaxed", relaxed, **extra),
            _row("dates", corpus, kind, "value", value, value_acc=accuracy),
        ]
    return rows


def _pred_quotes(record: Any) -> list[scoring.PredQuote]:
    mentions = {e.id: tuple((m.start, m.end) for m in e.mentions) for e in record.entities}
    quotes = []
    for q in record.quotes:
        speaker = q.speaker
        quotes.append(
            scoring.PredQuote(
                kind=q.kind,
                contents=tuple((c.start, c.end) for c in q.contents),
                speaker=(speaker.start, speaker.end) if speaker else None,
                speaker_name=speaker.name if speaker else None,
                entity_mentions=mentions.get(speaker.entity_id, ()) if speaker else (),
            )
        )
    return quotes


def quote_rows(corpus: str, docs: Sequence[GoldDoc], records: Mapping[str, Any]) -> list[Row]:
    """Score the quotes of one corpus, direct and indirect apart."""
    total = {kind: QuoteKindScores() for kind in scoring.QUOTE_KINDS}
    for doc in docs:
        record = records.get(doc.name)
        pred = _pred_quotes(record) if record else []
        for kind, scores in scoring.score_quotes(doc.text, doc.attributions, pred).items():
            total[kind].add(scores)
    return [
        _row(
            "quotes",
            corpus,
            kind,
            "content overlap",
            scores.content,
            speaker_acc=scores.speaker.value,
            no_speaker=scores.no_speaker.value,
            content_char_f1=scores.content_char_f1.value,
        )
        for kind, scores in total.items()
    ]


def quote_speaker_rows(docs: Sequence[GoldDoc], records: Mapping[str, Any]) -> list[Row]:
    """Score the direct-quote speakers of the quotes gold set, per half and speaker kind."""
    predicted = {d.name: _pred_quotes(records[d.name]) for d in docs if d.name in records}
    halves = quotes_gold.score_halves(docs, quotes_gold.read_quotes_gold(QUOTES_GOLD), predicted)
    return [
        _row(
            "quotes",
            f"esc-gold-{half}",
            kind,
            "direct speaker",
            scores.found[kind],
            speaker_acc=scores.right[kind].value if kind in scores.right else None,
            no_speaker=scores.missing[kind].value if kind in scores.missing else None,
        )
        for half, scores in sorted(halves.items(), key=lambda item: item[0] != "tune")
        for kind in (ALL, *quotes_gold.SPEAKER_KINDS)
        if kind in scores.found
    ]


def entity_rows(corpus: str, docs: Sequence[GoldDoc], records: Mapping[str, Any]) -> list[Row]:
    """Score the named entity mentions of one corpus."""
    classes = MEANTIME_CLASSES if corpus == "meantime" else ESC_CLASSES
    recall_only = corpus == "esc"
    total: dict[str, dict[str, Counts]] = {}
    for doc in docs:
        record = records.get(doc.name)
        pred = [
            scoring.PredMention(m.start, m.end, e.label)
            for e in (record.entities if record else [])
            for m in e.mentions
            if m.kind in NAME_MENTIONS
        ]
        scores = scoring.score_entities(doc.mentions, pred, classes.get, doc.regions)
        for mode, tallies in scores.items():
            for kind, counts in tallies.items():
                total.setdefault(mode, {}).setdefault(kind, Counts()).add(counts)
    rows = []
    for kind in (ALL, *scoring.ENTITY_CLASSES):
        for mode in ("strict", "relaxed"):
            counts = total.get(mode, {}).get(kind, Counts())
            if not counts.gold and (recall_only or not counts.pred):
                continue
            row = _row("entities", corpus, kind, f"mention {mode}", counts)
            if recall_only:
                row.update(precision=None, f1=None)
                row["extra"]["note"] = "recall only"
            rows.append(row)
    return rows


def figure_rows(
    docs: Sequence[GoldDoc], records: Mapping[str, Any], subset: str = ALL
) -> list[Row]:
    """Score the figures of the documents in the figures gold set."""
    labelled = read_figures_gold(FIGURES_GOLD)
    total: dict[str, Counts] = {}
    for doc in docs:
        if doc.name not in labelled:
            continue
        record = records.get(doc.name)
        pred = [
            scoring.PredFigure(f.start, f.end, f.value, f.vague, f.category, f.counted)
            for f in (record.figures if record else [])
        ]
        for name, counts in scoring.score_figures(
            gold_figures(doc, labelled[doc.name]), pred
        ).items():
            total.setdefault(name, Counts()).add(counts)
    return [_row("figures", "esc-gold", subset, name, counts) for name, counts in total.items()]


def wide_figure_rows(docs: Sequence[GoldDoc], records: Mapping[str, Any]) -> list[Row]:
    """Score the wide figures gold set: by half over all corpora (``wide-gold``), then by
    corpus group and half (``wide-<group>``)."""
    labelled = figures_wide.read_wide(FIGURES_GOLD_WIDE)
    total = figures_wide.score({d.name: d.text for d in docs}, labelled, records)
    rows = []
    for subset in (*HALVES, ALL):
        parts = [t for (_, half), t in total.items() if subset in (half, ALL)]
        for metric in ("span", "value+category", "value+counted"):
            counts = Counts()
            for part in parts:
                counts.add(part.get(metric, Counts()))
            rows.append(_row("figures", "wide-gold", subset, metric, counts))
    for group in figures_wide.GROUPS:
        for half in HALVES:
            for metric, counts in total.get((group, half), {}).items():
                rows.append(_row("figures", f"wide-{group}", half, metric, counts))
    return rows


def place_rows(data: Path, limits: Mapping[str, int], records: Mapping[str, Any]) -> list[Row]:
    """Score the geoparsing corpora end to end, by half, with the published systems' rows."""
    rows = []
    for corpus, read in geoparsing.READERS.items():
        docs = read(data)[: limits[corpus]]
        systems = {"conflict-extract": geoparsing.predictions(docs, records)}
        if corpus == "geowebnews":
            systems.update(geoparsing.published(data, docs))
        for half, part in geoparsing.halves(docs):
            for system, predicted in systems.items():
                total = geoparsing.system_scores(part, predicted)
                if not total.gold:
                    continue
                rates = total.rates()
                counts = Counts(total.gold, total.found, total.right, total.right)
                rows.append(_row("places", corpus, half, system, counts, found=rates["found"]))
    return rows


def evaluate(data: Path, tasks: Sequence[str], limit: int | None, jobs: int) -> dict[str, Any]:
    """Run the harness; returns the report (metadata and table rows)."""
    started = time.perf_counter()
    gold = load_gold(data, tasks, limit)
    unique = {d.name: d for docs in gold.values() for d in docs}
    _log(f"evaluating {', '.join(tasks)} on {len(unique)} documents from {data}")
    records, errors = extract_all(list(unique.values()), jobs)
    for name, error in list(errors.items())[:5]:
        _log(f"  error in {name}: {error.splitlines()[0]}")
    failed = {c: sum(d.name in errors for d in docs) for c, docs in gold.items()}
    rows: list[Row] = []
    if "dates" in tasks:
        for corpus in ("timebank", "meantime", "esc"):
            rows += date_rows(corpus, gold[corpus], records)
    if "quotes" in tasks:
        for corpus in ("polnear-dev", "polnear-train"):
            rows += quote_rows(corpus, gold[corpus], records)
        for half in HALVES:  # PolNeAR dev halves by article stem, as rules are tuned
            docs = [d for d in gold["polnear-dev"] if half_of(Path(d.name).stem) == half]
            rows += quote_rows(f"polnear-dev-{half}", docs, records)
        rows += quote_speaker_rows(gold["esc-quotes"], records)
    if "entities" in tasks:
        for corpus in ("meantime", "esc"):
            rows += entity_rows(corpus, gold[corpus], records)
    if "figures" in tasks:
        rows += figure_rows(gold["esc-figures"], records)
        rows += wide_figure_rows(gold["figures-wide"], records)
    if "incidents" in tasks:
        for half in HALVES:
            docs = [d for d in gold["esc-figures"] if incidents.topic_half(d.name) == half]
            rows += figure_rows(docs, records, half)
        rows += incidents.esc_rows(gold["esc-figures"], read_figures_gold(FIGURES_GOLD), records)
        names = {d.name for d in gold["gva"]}
        coded = [item for item in incidents.read_gva(data / incidents.GVA) if item[0].name in names]
        rows += incidents.gva_rows(coded, records)
    if "places" in tasks:
        rows += place_rows(data, {c: len(gold[c]) for c in geoparsing.READERS}, records)
    meta = _meta(data, tasks, limit, len(unique), errors, started)
    meta["errors_by_corpus"] = {c: n for c, n in failed.items() if n}
    return {"meta": meta, "rows": rows}


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip()


def code_commit() -> str:
    """The commit of the ``extract`` package that runs (it may come from another worktree),
    with ``+changes`` when its ``extract/`` or ``models/`` differ from that commit."""
    import extract

    root = Path(extract.__file__).resolve().parent.parent
    changed = _git(root, "status", "--porcelain", "--", "extract", "models")
    return _git(root, "rev-parse", "--short", "HEAD") + ("+changes" if changed else "")


def _meta(
    data: Path,
    tasks: Sequence[str],
    limit: int | None,
    n_docs: int,
    errors: Mapping[str, str],
    started: float,
) -> dict[str, Any]:
    import extract

    return {
        "commit": code_commit(),
        "extract_package": str(Path(extract.__file__).resolve().parent),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()} {platform.machine()} Python {platform.python_version()}",
        "data": str(data),
        "tasks": list(tasks),
        "limit": limit,
        "documents": n_docs,
        "errors": len(errors),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def _key(row: Row) -> tuple[str, str, str, str]:
    return row["task"], row["corpus"], row["subset"], row["metric"]


def _change(now: Row, then: Row | None) -> str:
    """The change of F1 in points, or of recall (marked R) when either row has no F1."""
    if then is None:
        return "—"
    for key, mark in (("f1", ""), ("recall", " R")):
        if now[key] is not None and then[key] is not None:
            return f"{100 * (now[key] - then[key]):+.1f}{mark}"
    return "—"


def format_table(rows: Sequence[Row], reference: Sequence[Row] = ()) -> str:
    """Render report rows as one Markdown table (rates in percent); with ``reference``
    rows (an earlier report), a last column gives the change of F1 in points (of recall,
    marked R, when F1 is missing on either side)."""
    before = {_key(r): r for r in reference}
    header = "| task | corpus | subset | metric | gold | pred | P | R | F1 | notes |"
    if reference:
        header += " Δ |"
    lines = [header, "|" + "---|" * header.count(" |")]
    for r in rows:
        notes = ", ".join(
            f"{k}={_pct(v) if isinstance(v, float) else ('—' if v is None else v)}"
            for k, v in r["extra"].items()
        )
        cells = [
            r["task"],
            r["corpus"],
            r["subset"],
            r["metric"],
            str(r["gold"]),
            str(r["pred"]),
            _pct(r["precision"]),
            _pct(r["recall"]),
            _pct(r["f1"]),
            notes,
        ]
        if reference:
            cells.append(_change(r, before.get(_key(r))))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="corpora folder")
    parser.add_argument(
        "--only", default=",".join(TASKS), help=f"comma-separated tasks [{','.join(TASKS)}]"
    )
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per corpus")
    parser.add_argument("--jobs", type=int, default=2, help="extraction processes [2]")
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="an earlier report (e.g. benchmarks/baseline.json): adds the change in points",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    tasks = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = sorted(set(tasks) - set(TASKS))
    if unknown or not tasks:
        parser.error(f"unknown task(s) {unknown}; choose from {', '.join(TASKS)}")
    if not args.data.is_dir():
        parser.error(f"no corpora folder at {args.data}")
    reference = []
    if args.compare:
        reference = json.loads(args.compare.read_text(encoding="utf-8"))["rows"]
    report = evaluate(args.data, tasks, args.limit, args.jobs)
    print(format_table(report["rows"], reference))
    meta = report["meta"]
    _log(
        f"{meta['documents']} documents, {meta['errors']} failed "
        f"{meta['errors_by_corpus'] or ''} (scored as extracting nothing), {meta['seconds']} s"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
