"""The register of published arrangements in the national skeleton (loaders/register.py).

Every expectation here is read from the bundled rows (partnership_graph/data/register), not
written by hand: a row's arrangement must be the one body covering its councils on its dates,
citing the row, and a derived body must exist only where no row covers a council, named as assumed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders.register import (
    ASSUMED, ENDED_BY, LOW, RegisterRow, day, register_rows,
)

SG, SINGLE = "safeguarding/scp_sab_arrangements.csv", "safeguarding/confirmed_single.csv"
YJ, YJ_WALES = "justice/youth_justice_services.csv", "wales/youth_justice_wales.csv"
KIND = {"scp": "safeguarding_children", "sab": "safeguarding_adults"}


@pytest.fixture(scope="module")
def doc(skeleton: GraphDocument) -> GraphDocument:
    return skeleton


def _on(x: object, when: date) -> bool:
    start, end = getattr(x, "valid_from"), getattr(x, "valid_to")
    return (start is None or start <= when) and (end is None or when < end)


@pytest.fixture(scope="module")
def covering(doc: GraphDocument) -> dict[tuple[str, str], list[tuple[str, date | None, date | None]]]:
    """(kind, area) -> [(body, from, to)] of every footprint edge."""
    kinds = {b.id: b.kind for b in doc.bodies}
    out: dict[tuple[str, str], list[tuple[str, date | None, date | None]]] = defaultdict(list)
    for c in doc.covers:
        out[(kinds[c.start], c.end)].append((c.start, c.valid_from, c.valid_to))
    return out


def _who(covering: dict[tuple[str, str], list[tuple[str, date | None, date | None]]], kind: str, area: str,
         when: date) -> list[str]:
    return sorted(b for b, s, e in covering[(kind, area)] if (s is None or s <= when) and (e is None or when < e))


def _by_source(doc: GraphDocument, row: RegisterRow) -> list[str]:
    return sorted(b.id for b in doc.bodies if b.source == row.source_id)


def _inside(start: date | None, end: date | None) -> date:
    """A day the row's arrangement is in force: its start, or the day before its end."""
    if start is not None:
        return start
    return (end - timedelta(days=1)) if end is not None else date(2026, 12, 7)


def _dates(row: RegisterRow) -> tuple[date | None, date | None]:
    start, _ = day(row["valid_from"])
    end, _ = day(row["valid_to"])
    if end is None and row["status"] == "ended":
        end = ENDED_BY[row["arrangement_name"]][0]
    return start, end


# -- safeguarding children partnerships and adults boards ---------------------------------------

@pytest.mark.parametrize("row", register_rows(SG), ids=lambda r: r.where)
def test_a_joint_row_is_the_one_body_over_its_councils_on_its_dates(
        row: RegisterRow, doc: GraphDocument, covering: dict) -> None:
    kind = KIND[row["kind"]]
    (body,) = _by_source(doc, row)
    b = {x.id: x for x in doc.bodies}[body]
    start, end = _dates(row)
    assert (b.kind, b.valid_from, b.valid_to, b.derived) == (kind, start, end, False)
    assert {c.end for c in doc.covers if c.start == body} == set(row.codes("council_codes"))
    inside = _inside(start, end)
    for code in row.codes("council_codes"):
        assert _who(covering, kind, code, inside) == [body], (code, inside)
        # either side of its dates another body covers the council: the change holds on its date
        for edge in (start - timedelta(days=1) if start else None, end):
            if edge is not None:
                other = _who(covering, kind, code, edge)
                assert len(other) == 1 and other != [body], (code, edge, other)
    if row.low:
        assert (b.notes or "").startswith(LOW)
    assert row["excerpt"] in (b.notes or "")


@pytest.mark.parametrize("row", register_rows(SINGLE), ids=lambda r: r.where)
def test_a_council_with_its_own_arrangement_is_covered_by_it_from_its_date(
        row: RegisterRow, doc: GraphDocument, covering: dict) -> None:
    kind = KIND[row["kind"]]
    code = row["council_code"]
    since, _ = day(row["single_since"])
    today = date(2026, 12, 7)
    found = _by_source(doc, row)
    if not found:
        # an undated own arrangement under a joint row still in force: the joint row is applied
        # and says so (Havering under the BHR partnership, low confidence)
        (joint,) = _who(covering, kind, code, today)
        notes = {b.id: b.notes or "" for b in doc.bodies}[joint]
        assert row.where in notes and row["single_since"] == ""
        return
    (body,) = found
    assert _who(covering, kind, code, since or today) == [body]
    if since is not None:
        before = _who(covering, kind, code, since - timedelta(days=1))
        assert len(before) == 1 and before != [body]


def test_every_english_council_has_one_partnership_and_one_board_on_every_date_the_rows_change(
        doc: GraphDocument, covering: dict) -> None:
    english = sorted(a.code for a in doc.areas if a.upper_tier and a.code.startswith("E") and a.valid_from is None)
    assert len(english) == 153
    dates = {date(2010, 1, 1), date(2026, 12, 7)}
    for row in (*register_rows(SG), *register_rows(SINGLE)):
        for text in (row["valid_from"], row["valid_to"], row["single_since"]):
            if text:
                d, _ = day(text)
                assert d is not None
                dates |= {d, d - timedelta(days=1)}
    for kind in KIND.values():
        for when in sorted(dates):
            counts = {code: len(_who(covering, kind, code, when)) for code in english}
            assert set(counts.values()) == {1}, (kind, when, {c: n for c, n in counts.items() if n != 1})


# -- youth justice --------------------------------------------------------------------------------

def test_every_joint_youth_justice_row_is_one_service_over_its_councils(doc: GraphDocument, covering: dict) -> None:
    rows = [r for r in register_rows(YJ) if r["row_type"] in ("joint_service", "ended_joint_service")]
    rows += [r for r in register_rows(YJ_WALES) if r["yot_type"] in ("joint", "merged_historic")]
    assert len(rows) == 16 + 6
    for row in rows:
        codes = row.codes()
        end, _ = day(row["valid_to"])
        # the day before its end (a service in both files takes the more precise start of the two)
        when = end - timedelta(days=1) if end else date(2026, 12, 7)
        (body,) = {b for code in codes for b in _who(covering, "youth_justice", code, when)}
        b = {x.id: x for x in doc.bodies}[body]
        # a service in both files is one body citing one row and noting the other
        assert not b.derived and (b.source == row.source_id or row.where in (b.notes or ""))
        assert {c.end for c in doc.covers if c.start == body} == set(codes)


def test_cumbria_youth_justice_split_on_its_date_and_western_bay_ended(doc: GraphDocument, covering: dict) -> None:
    split = next(r for r in register_rows(YJ) if r["row_type"] == "change_split")
    end, _ = day(split["valid_to"])
    assert end is not None
    before = {b for code in split.codes() for b in _who(covering, "youth_justice", code, end - timedelta(days=1))}
    after = [_who(covering, "youth_justice", code, end) for code in split.codes()]
    assert len(before) == 1 and all(len(a) == 1 for a in after) and len({a[0] for a in after}) == len(split.codes())
    wb = next(r for r in register_rows(YJ_WALES) if r["yot_type"] == "merged_historic")
    start, _ = day(wb["valid_from"])
    stop, _ = day(wb["valid_to"])
    assert start and stop
    (joint,) = {b for c in wb.codes() for b in _who(covering, "youth_justice", c, start)}
    for code in wb.codes():
        assert _who(covering, "youth_justice", code, stop - timedelta(days=1)) == [joint]
        assert _who(covering, "youth_justice", code, stop) != [joint]
        assert _who(covering, "youth_justice", code, start - timedelta(days=1)) != [joint]


def test_youth_justice_services_today_are_the_register_s_estimate(doc: GraphDocument) -> None:
    # the register's own estimate (published_count row): 175 councils less the 19 absorbed into
    # its 15 current joint services
    estimate = next(r for r in register_rows(YJ) if r["name"].startswith("Published count: 142"))
    assert "= 156 services" in estimate["notes"]
    today = date(2026, 12, 7)
    assert sum(1 for b in doc.bodies if b.kind == "youth_justice" and _on(b, today)) == 156


# -- MAPPA, criminal justice boards ---------------------------------------------------------------

def test_one_mappa_body_per_area_and_london_is_one_area(doc: GraphDocument) -> None:
    rows = register_rows("justice/mappa_areas.csv")
    bodies = [b for b in doc.bodies if b.kind == "mappa_smb"]
    assert len(bodies) == len(rows) == 42
    for row in rows:
        (body,) = _by_source(doc, row)
        assert {c.end for c in doc.covers if c.start == body} == set(row.codes())
    london = next(r for r in rows if r["criminal_justice_area"] == "London")
    assert len(london.codes()) == 2
    lads = {e.start for e in doc.area_part_of
            if e.end in london.codes() and e.start[:3] in ("E06", "E07", "E08", "E09")}
    assert len(lads) == 33
    # MAPPA lines cite the section that makes the arrangements
    smb = _by_source(doc, london)[0]
    assert {m.source for m in doc.memberships if m.end == smb} == {"cja-2003-s325"}
    assert {m.start for m in doc.memberships if m.end == smb} == {
        "police:metropolitan-police", "police:london-city-of", "probation:probation-service"}


def test_criminal_justice_boards_per_the_rows(doc: GraphDocument) -> None:
    rows = register_rows("justice/local_criminal_justice_boards.csv")
    lcjb = [r for r in rows if r["row_type"] == "lcjb"]
    assert len(lcjb) == sum(1 for b in doc.bodies if b.kind == "lcjb") == 42
    for row in lcjb:
        (body,) = _by_source(doc, row)
        b = {x.id: x for x in doc.bodies}[body]
        assert {c.end for c in doc.covers if c.start == body} == set(row.codes())
        assert str(b.valid_from) == row["valid_from"] or row["valid_from"] == "2003-04"
        assert (b.notes or "").startswith(LOW) == row.low
    for merged in (r for r in rows if r["row_type"] == "merged_board"):
        noted = [b.id for b in doc.bodies if b.kind == "lcjb" and merged.where in (b.notes or "")]
        assert len(noted) == len(merged.codes())
    assert not any(b.derived for b in doc.bodies if b.kind in ("lcjb", "mappa_smb"))


# -- domestic abuse local partnership boards -----------------------------------------------------

def test_domestic_abuse_boards_of_the_tier_one_authorities_and_the_joint_boards(doc: GraphDocument,
                                                                                 covering: dict) -> None:
    rows = register_rows("justice/domestic_abuse_boards.csv")
    today = date(2026, 12, 7)
    london = next(r for r in rows if r["row_type"] == "statutory_category" and "London" in r["name"])
    leads = {c.start for c in doc.claims if c.end == "domestic-abuse-safe-accommodation" and c.claim == "LEADS"
             and _on(c, today)}
    councils = {c.end: c.start for c in doc.covers
                if c.start.startswith("council:") and c.start != "council:greater-london-authority"}
    assert "council:greater-london-authority" in leads
    assert not {councils[c] for c in london.codes() if c in councils} & leads   # not the boroughs
    for row in rows:
        if row["row_type"] == "joint_board":
            (body,) = _by_source(doc, row)
            for code in row.codes():
                assert _who(covering, "da_partnership_board", code, today) == [body]
            assert {m.start for m in doc.memberships if m.end == body} == {councils[c] for c in row.codes()}
        elif row["row_type"] == "board" and row is not london:
            (body,) = _by_source(doc, row)
            assert {b.name for b in doc.bodies if b.id == body} == {row["name"]}


# -- Wales ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("file,kind,filter_", [
    ("wales/regional_partnership_boards.csv", "regional_partnership_board", None),
    ("wales/vawdasv.csv", "vawdasv_partnership", "regional_partnership"),
    ("wales/area_planning_boards.csv", "area_planning_board", None),
])
def test_welsh_bodies_with_their_members(file: str, kind: str, filter_: str | None, doc: GraphDocument) -> None:
    rows = [r for r in register_rows(file) if filter_ is None or r["row_type"] == filter_]
    assert sum(1 for b in doc.bodies if b.kind == kind) == len(rows)
    bodies = {b.id: b for b in doc.bodies}
    health = {a.code: b.start for b in doc.covers for a in doc.areas if b.end == a.code and a.kind == "LHB"}
    for row in rows:
        (body,) = _by_source(doc, row)
        assert bodies[body].kind == kind and not bodies[body].derived
        assert {c.end for c in doc.covers if c.start == body} == set(row.codes())
        members = {m.start for m in doc.memberships if m.end == body}
        council_of = {c.end: c.start for c in doc.covers if c.start.startswith("council:") and c.end in row.codes()}
        expected = {council_of[c] for c in row.codes()} | {health[c] for c in row.codes("health_board_codes")}
        assert members == expected
        assert (bodies[body].notes or "").startswith(LOW) == row.low


def test_joint_welsh_csps(doc: GraphDocument) -> None:
    rows = [r for r in register_rows("wales/community_safety_wales.csv") if r["row_type"] == "joint_csp"]
    bodies = {b.id: b for b in doc.bodies}
    for row in rows:
        (body,) = _by_source(doc, row)
        areas = [c.split()[0] for c in row["csp_codes_ons"].split(";")]
        assert bodies[body].kind == "csp" and {c.end for c in doc.covers if c.start == body} == set(areas)
        start, _ = day(row["valid_from"])
        singles = {c.start for c in doc.covers if c.end in areas and c.start != body and bodies[c.start].kind == "csp"}
        # the CSPs it joined end on its start, or are not in the graph where no start is published
        assert all(bodies[s].valid_to == start for s in singles) if start else not singles
        councils = {c.start for c in doc.covers if c.start.startswith("council:") and c.end in row.codes()}
        assert councils <= {m.start for m in doc.memberships if m.end == body}


# -- derived bodies: only where nothing is published, and named as assumed --------------------------

def test_every_derived_body_says_it_is_assumed_and_nothing_sourced_is_derived(doc: GraphDocument) -> None:
    derived = [b for b in doc.bodies if b.derived]
    assert len(derived) > 300
    assert [b.id for b in derived if "(assumed" not in b.name or not b.derived_reason] == []
    sourced = [b for b in doc.bodies if (b.source or "").startswith("register:")]
    assert len(sourced) > 300 and not any(b.derived for b in sourced)
    assert not any(ASSUMED in b.name for b in doc.bodies if not b.derived)


def test_the_data_answers_from_the_date_the_cases_assume(doc: GraphDocument) -> None:
    from ..queries._register_cases import DATA_FROM

    (data_from,) = [s.date for s in doc.sources if s.id == "bundled-data-from"]
    assert data_from == DATA_FROM.isoformat()


def test_the_published_names_are_the_rows_names(doc: GraphDocument) -> None:
    names = Counter(b.name for b in doc.bodies if (b.source or "").startswith("register:"))
    for row in register_rows(SG):
        assert any(n.startswith(row["arrangement_name"].split(" - period")[0]) for n in names), row.where
