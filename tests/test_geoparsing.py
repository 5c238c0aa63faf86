"""The geoparsing harness: reading the corpus format and end-to-end scoring (no corpus)."""

from __future__ import annotations

import pytest

from benchmarks.geoparsing import RIGHT_KM, Toponym, km, parse_line, score


def test_geoparsing_km_between_known_cities() -> None:
    # Paris to London is about 344 km
    assert 330 < km(48.8566, 2.3522, 51.5074, -0.1278) < 360
    assert km(10.0, 20.0, 10.0, 20.0) == 0.0


def test_geoparsing_parse_line_reads_items_and_skips_bad_offsets() -> None:
    line = "A, B,,Alpha,,1.5,,2.5,,0,,5||X,,Xi,,,,,,7,,9||Y,,Ypsilon,,3.0,,4.0,,-9,,-2||"
    assert parse_line(line) == (Toponym(0, 5, 1.5, 2.5), Toponym(7, 9, None, None))


@pytest.mark.parametrize(
    ("pred", "found", "right"),
    [
        ([], 0, 0),  # nothing predicted: missed
        ([Toponym(20, 25, 0.0, 0.0)], 0, 0),  # no overlap: missed
        ([Toponym(0, 6, 0.0, 0.0)], 1, 1),  # overlap, same point
        ([Toponym(2, 4, 1.0, 0.0)], 1, 1),  # partial overlap, 111 km away
        ([Toponym(0, 6, 2.0, 0.0)], 1, 0),  # 222 km away: found, wrong
        ([Toponym(0, 6, None, None)], 1, 0),  # found without coordinates
    ],
)
def test_geoparsing_score_found_and_right(pred: list[Toponym], found: int, right: int) -> None:
    scores = score([Toponym(0, 6, 0.0, 0.0)], pred, "Ankara is far")
    assert (scores.gold, scores.found, scores.right) == (1, found, right)


def test_geoparsing_largest_overlap_decides() -> None:
    gold = [Toponym(0, 10, 0.0, 0.0)]
    pred = [Toponym(0, 2, 5.0, 5.0), Toponym(2, 10, 0.5, 0.0)]
    assert score(gold, pred).right == 1
    assert RIGHT_KM == 161.0
