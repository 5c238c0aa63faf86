"""Times every regular expression of the package on adversarial strings (run by a test).

Prints the number of patterns, then one line per pattern: seconds and name. Patterns are
module-level compiled patterns of ``extract.*`` and regex-looking strings in the resources.
"""

from __future__ import annotations

import json
import pkgutil
import re
import time
from collections.abc import Iterator
from importlib import import_module, resources
from typing import Any

import extract

REGEX_HINTS = set("\\()[]+*?|^$")
ATTACKS = [c * 20000 for c in ("a", "A", " ", "1", ",", ".", "-", "\n", '"', "'", "—")] + [
    "ALMATY " * 3000 + "!",
    "a1 " * 6000 + "\x00",
    "The " * 5000 + "x",
    "Mr. " * 4000,
    "1,0" * 6000,
    "at least " * 2500,
    '" ' * 9000 + "x",
    "A. " * 6000,
    "\n\n" * 9000 + "x",
    "aA-" * 6000 + "!",
]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled module-level pattern and every compilable regex in the resources."""
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(extract.__path__, "extract."):
        if info.name.endswith(".__main__"):  # importing it would run the command line
            continue
        module = import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{info.name}.{name}"] = value
    for entry in resources.files("extract.resources").iterdir():
        if not entry.name.endswith((".json", ".jsonl")):
            continue
        raw = entry.read_text("utf-8")
        docs = (
            [json.loads(line) for line in raw.splitlines() if line.strip()]
            if entry.name.endswith(".jsonl")
            else [json.loads(raw)]
        )
        for doc in docs:
            for i, string in enumerate(_strings(doc)):
                if REGEX_HINTS & set(string):
                    try:
                        found[f"{entry.name}#{i}"] = re.compile(string)
                    except re.error:
                        continue
    return found


def main() -> None:
    """Print the timings."""
    found = patterns()
    print(len(found), flush=True)
    for name, pattern in sorted(found.items()):
        start = time.perf_counter()
        for attack in ATTACKS:
            pattern.search(attack)
            for _ in pattern.finditer(attack):
                pass
        print(f"{time.perf_counter() - start:.3f} {name}", flush=True)


if __name__ == "__main__":
    main()
