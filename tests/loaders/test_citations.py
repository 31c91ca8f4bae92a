"""Every bundled statutory claim is held to a table of act, section and the words that ground it.

``data/statutory/citations.csv`` has one row per section the skeleton cites for a statutory claim
(or a statutory line this issue added): the Act, the section, the words read from the Act's text
(or, where the row says so, its Explanatory Notes) and where they were read. The tests hold the
bundled document to it: a claim citing a section the table lacks, a row the Source title does not
agree with, or words that do not say what the claim needs fail.
"""

from __future__ import annotations

import csv
import re

import pytest

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders import statutes as st
from partnership_graph.loaders.bundled import DATA_DIR

TABLE = DATA_DIR / "statutory" / "citations.csv"


def table() -> dict[str, dict[str, str]]:
    with open(TABLE, newline="", encoding="utf-8") as f:
        return {r["source_id"]: r for r in csv.DictReader(f)}


def test_every_statutory_claim_cites_a_section_in_the_table(example_doc: GraphDocument) -> None:
    rows = table()
    cited = {c.source for c in example_doc.claims if c.statutory}
    assert cited and cited <= set(rows), f"statutory claims citing sections not in the table: {cited - set(rows)}"
    # and no row is stale: each is cited by a claim, a line or the taxonomy
    used = cited | {a.source for a in example_doc.accountability} | {m.source for m in example_doc.memberships} \
        | {p.source for p in example_doc.issue_part_of}
    assert set(rows) <= used, f"rows nothing cites: {set(rows) - used}"


def test_each_row_agrees_with_the_source_the_graph_cites() -> None:
    sources = {s.id: s for s in st.STATUTE_SOURCES}
    for sid, row in table().items():
        assert row["words"].strip() and row["read_at"].startswith("http"), sid
        src = sources[sid]
        assert row["act"].split(" (")[0] in src.title, (sid, row["act"], src.title)
        first = re.search(r"\d+[A-Z]*", row["section"])
        assert first is not None and re.search(rf"\b{first.group(0)}\b", src.title), (sid, row["section"], src.title)
        # a section read only in its Explanatory Notes (or a Bill clause) says so
        if "Explanatory Notes" in row["section"] or "clause" in row["section"]:
            assert "not retrieved" in row["note"] or "Explanatory Notes" in row["note"], sid


@pytest.mark.parametrize("sid,words", [
    (st.CTSA_S26, "due regard to the need to prevent people from being drawn into terrorism"),
    (st.CTSA_S26, "A county council or district council in England"),
    (st.CTSA_S36, "panel of persons"),
    (st.ASBCPA_S104, "ASB case reviews"),
    (st.VAWDASV_S5, "must jointly prepare a strategy"),
    (st.PCSCA_S13, "domestic abuse within the meaning of the Domestic Abuse Act 2021"),
    (st.PA96_CITY, "police authority for the City of London police area"),
    (st.CSG_REGS_2007, "community safety agreement"),
    (st.WFGWA_S35, "review or scrutinise the decisions made or actions taken by the public services board"),
])
def test_the_words_ground_the_claim(sid: str, words: str) -> None:
    assert words in table()[sid]["words"]


def test_prevent_and_channel_are_kept_apart(example_doc: GraphDocument) -> None:
    """The Prevent lead cites s.26 (the duty); only the Channel panels' support cites s.36."""
    prevent = [c for c in example_doc.claims if c.end == "prevent" and c.statutory]
    assert {c.source for c in prevent if c.claim == "LEADS"} == {st.CTSA_S26}
    assert {c.start.split(":")[0] for c in prevent if c.source == st.CTSA_S36} == {"channel"}
