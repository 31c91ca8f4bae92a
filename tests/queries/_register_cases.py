"""Dated arrangements of the bundled register (issue 20), read from its rows: each with the council
it covers, the kind and issue, and the day it ends (and starts, where that is on the timeline).

Shared by the CLI acceptance tests and the parity tests, so both ask about what the rows say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from partnership_graph.loaders.register import ENDED_BY, RegisterRow, day, register_rows

# The first date the bundled data answers for (loaders/dates.py: the last of the 2024 lookups'
# councils began on 1 April 2023; earlier questions are refused). A register row's earlier
# periods are in the document (tests/loaders/test_register.py holds them) but cannot be asked
# about; tests/loaders/test_register.py checks this constant against the skeleton's.
DATA_FROM = date(2023, 4, 1)

SG, YJ, YJ_WALES = "safeguarding/scp_sab_arrangements.csv", "justice/youth_justice_services.csv", \
    "wales/youth_justice_wales.csv"


@dataclass(frozen=True)
class Dated:
    """One dated arrangement: ``row`` states it; ``council`` is one council it covers."""

    label: str
    row: RegisterRow
    kind: str            # body kind
    word: str            # the kind as `bodies --kind` takes it
    issue: str           # the issue its statutory lead is on
    council: str
    start: date | None
    end: date

    @property
    def before_end(self) -> date:
        return self.end - timedelta(days=1)

    def answerable(self, on: date) -> bool:
        """Whether the bundled data answers as at ``on`` (from ``DATA_FROM``)."""
        return on >= DATA_FROM


def _one(file: str, match: Callable[[RegisterRow], bool]) -> RegisterRow:
    (row,) = [r for r in register_rows(file) if match(r)]
    return row


def _dated(label: str, file: str, match: Callable[[RegisterRow], bool], kind: str, word: str, issue: str,
           codes: str = "council_codes") -> Dated:
    row = _one(file, match)
    start, _ = day(row["valid_from"])
    end, _ = day(row["valid_to"])
    if end is None:
        end = ENDED_BY[row["arrangement_name"]][0]
    return Dated(label, row, kind, word, issue, row.codes(codes)[0], start, end)


def _sg(label: str, kind: str, prefix: str) -> Dated:
    word, issue = ("scp", "safeguarding children") if kind == "scp" else ("sab", "safeguarding adults")
    return _dated(label, SG, lambda r: r["kind"] == kind and r["arrangement_name"].startswith(prefix),
                  "safeguarding_children" if kind == "scp" else "safeguarding_adults", word, issue)


# The dated changes the issue names: Cumbria's SCP (joint 2023-04-01 to 2025-04-01), pan-Dorset (to
# 2024), pan-Lancashire (to 2023-09-01), the Tri-borough SCP (to 2021-04-01), the Merseyside SAB
# (to 2021), Western Bay youth justice (2014-2019), Cumbria youth justice (2023-04-01).
DATED: list[Dated] = [
    _sg("cumbria-scp", "scp", "Cumbria Safeguarding Children Partnership"),
    _sg("pan-dorset-scp", "scp", "Pan-Dorset"),
    _sg("pan-lancashire-scp", "scp", "Children’s Safeguarding Assurance Partnership"),
    _sg("tri-borough-scp", "scp", "Tri-borough"),
    _sg("merseyside-sab", "sab", "Merseyside"),
    _dated("western-bay-yjs", YJ_WALES, lambda r: r["yot_type"] == "merged_historic", "youth_justice",
           "youth_justice", "youth justice", "codes"),
    _dated("cumbria-yjs", YJ, lambda r: r["row_type"] == "change_split", "youth_justice", "youth_justice",
           "youth justice", "codes"),
]

# Joint arrangements in force today, one question each (the acceptance points of the issue)
CITY_AND_HACKNEY = _one(SG, lambda r: r["kind"] == "scp" and "E09000001" in r.codes("council_codes"))
TEESWIDE = _one(SG, lambda r: r["kind"] == "sab" and "E06000004" in r.codes("council_codes"))
WEST_MERCIA = _one(YJ, lambda r: r["row_type"] == "joint_service" and "E06000051" in r.codes())
LONDON_MAPPA = _one("justice/mappa_areas.csv", lambda r: r["criminal_justice_area"] == "London")
