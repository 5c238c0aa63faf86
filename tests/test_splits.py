from __future__ import annotations

from collections import Counter

from benchmarks.splits import half_of


def test_splits_half_of_is_stable_and_balanced() -> None:
    halves = Counter(half_of(f"doc-{i}") for i in range(2000))
    assert half_of("doc-1") == half_of("doc-1")
    assert set(halves) == {"tune", "check"}
    assert 900 < halves["tune"] < 1100
