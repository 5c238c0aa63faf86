"""Tune and check halves of every development set.

Rules are tuned on the ``tune`` half only; the numbers a resolve note states come from the
``check`` half. A document's half is fixed by a hash of its group key (an incident id for the
Gun Violence Archive, a topic for EventStoryLine, an article name elsewhere), so that several
articles about one incident never fall on both sides.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Half = Literal["tune", "check"]
HALVES: tuple[Half, ...] = ("tune", "check")


def half_of(group: str) -> Half:
    """Return the half of the development set that the group ``group`` belongs to."""
    digest = hashlib.sha256(group.encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "check"
