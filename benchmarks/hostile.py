"""Time of hostile inputs: the full pipeline against bare spaCy tokenization of the raw text.

    python -m benchmarks.hostile [--json FILE] [--bare-limit CHARS]

Each case is a good sentence plus junk (long runs of one character, of quote marks, of
digits, of combining marks, 150 KB and 10 MB files). ``full`` is
``Extractor().extract_text`` (the run cutting of `extract.text` included); ``bare`` is
``nlp.make_doc`` of the uncut text, only for cases up to ``--bare-limit`` characters
(the quadratic ones take minutes above that). The machine's load average is recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

GOOD = "Three people were killed in Osh, Kyrgyzstan on Friday, police spokesman Ivan Petrov said."
CASES = {
    "quote marks x2,000": '"' * 2_000,
    "quote marks x5,000": '"' * 5_000,
    "quote marks x20,000": '"' * 20_000,
    "quote marks x50,000": '"' * 50_000,
    "150 KB of quote marks": '"' * 150_000,
    "'s x5,000": "'s" * 5_000,
    "one letter x150,000": "x" * 150_000,
    "digits x4,000": f"Police fired {'7' * 4_000} rounds.",
    "combining marks x20,000": "a" + "\u0301" * 20_000,
    "spaced quote marks, 30 KB (not cut)": '" ' * 15_000,
    "10 MB without whitespace": "x" * 10_000_000,
    "10 MB of words": "killed in Osh " * 750_000,
}


def run(bare_limit: int) -> dict[str, Any]:
    """Time every case; returns the report."""
    from extract import ExtractError, Extractor

    extractor = Extractor()
    extractor.extract_text(GOOD)  # warm-up
    rows = []
    for name, junk in CASES.items():
        text = f"{GOOD}\n\n{junk}"
        bare = None
        if len(text) <= bare_limit:
            started = time.perf_counter()
            extractor.nlp.make_doc(text)
            bare = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        try:
            record = extractor.extract_text(text, published="2016-11-22", title="Clashes")
        except ExtractError as exc:
            outcome, kept = f"error: {str(exc)[:70]}", False
        else:
            outcome = f"record, {len(record.warnings)} warning(s)"
            kept = any(f.value == 3 and f.category == "killed" for f in record.figures)
        rows.append(
            {
                "case": name,
                "chars": len(text),
                "bare_tokenizer_s": bare,
                "full_s": round(time.perf_counter() - started, 2),
                "outcome": outcome,
                "good_facts_kept": kept,
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return {"rows": rows, "load_after": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> int:
    """Run the cases and print (or write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json")
    parser.add_argument("--bare-limit", type=int, default=6_000)
    args = parser.parse_args(argv)
    load = [round(x, 2) for x in os.getloadavg()]
    report = {"load_before": load, **run(args.bare_limit)}
    text = json.dumps(report, indent=2)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
