"""The incident harness: per-article scoring of events and figures against an archive coding."""

from __future__ import annotations

from benchmarks.incidents import GvaGold, Reading, from_events, from_figures, score_article
from tests.test_db import make_record

GOLD = GvaGold(incident="1", killed=12, injured=0, city="Aleppo", state=None, date="2010-07-12")


def test_incidents_readings_of_one_record() -> None:
    record = make_record()
    events, figures = from_events(record), from_figures(record)
    assert (events.killed, events.injured) == (12, 0)
    assert "aleppo" in events.places and events.dates == {"2010-07-12"}
    assert figures.killed == 12 and "aleppo" in figures.places


def test_incidents_score_article() -> None:
    right = score_article(GOLD, Reading(12, 0, frozenset({"aleppo"}), frozenset({"2010-07-12"})))
    assert right == {
        "killed exact": True,
        "injured exact": True,
        "killed over-claim": None,
        "city": True,
        "state": None,
        "date": True,
    }
    none_killed = GvaGold("2", 0, 1, "Osh", "Osh Region", None)
    claimed = score_article(none_killed, Reading(3, 1, frozenset({"osh"}), frozenset()))
    assert claimed["killed over-claim"] is True and claimed["killed exact"] is False
    assert claimed["state"] is False and claimed["date"] is None


def test_incidents_no_record_reads_as_nothing() -> None:
    assert from_events(None) == Reading(0, 0, frozenset(), frozenset())
