"""The earliest date the bundled data describes truthfully, recorded in the graph it builds.

The skeleton is built from the 2024 lookups: their councils, health bodies and boundaries. Before
the last of those councils existed (Cumberland, North Yorkshire, Somerset and Westmorland and
Furness councils, 1 April 2023, by mySociety's start dates) the lookups describe a map that was
not yet there, so an answer as at an earlier date would show bodies before they existed (a mayor
before the mayoralty, BCP Council before 2019). The date is worked out from the bodies' own start
dates and stored as one Source node, ``DATA_FROM``, whose ``date`` it is; ``queries.reader``
refuses a question asked before it (exit 2, naming the date). A graph without that node (a
user's own data on an empty store, a test graph) answers on any date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..graphmodel import BodyKind, Source

if TYPE_CHECKING:
    from .skeleton import _SkeletonBuilder

DATA_FROM = "bundled-data-from"


def record_data_from(b: _SkeletonBuilder) -> None:
    """Add the ``DATA_FROM`` source: the latest start of a council or health body in the lookups."""
    starts = [x.valid_from for x in b.bodies.values()
              if x.kind in (BodyKind.COUNCIL, BodyKind.HEALTH) and x.valid_from is not None and x.valid_to is None]
    if not starts:
        return
    day = max(starts).isoformat()
    first = sorted(x.name for x in b.bodies.values() if x.valid_from is not None and x.valid_from.isoformat() == day
                   and x.kind in (BodyKind.COUNCIL, BodyKind.HEALTH))
    b.sources[DATA_FROM] = Source(
        id=DATA_FROM, date=day, publisher="partnership-graph (worked out from mySociety's council start dates)",
        title=(f"The bundled data describes England and Wales from {day}: the 2024 lookups' councils and health "
               f"bodies all exist from then ({', '.join(first[:4])}{'...' if len(first) > 4 else ''} started that "
               "day); answers as at an earlier date are refused"))
