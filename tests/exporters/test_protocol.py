"""Joint protocol drafts: pinned by golden files, and holding every gap and overlap the queries find.

The golden files are the drafts for the two areas the LGA review names as having joint protocols
(Oldham, Central Bedfordshire), from the bundled data. After a deliberate change, regenerate them
with ``PARTNERSHIP_GRAPH_UPDATE_GOLDEN=1 python -m pytest tests/exporters/test_protocol.py`` and
read the diff.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.exporters.protocol import md_text, parse_boards, protocol_draft, to_markdown, write_protocol
from partnership_graph.queries.gaps import gaps
from partnership_graph.queries.overlaps import overlaps
from partnership_graph.stores.embedded import EmbeddedStore

from .conftest import IMG_NAME, SCRIPT_NAME

if TYPE_CHECKING:
    from partnership_graph.stores.neo4j import Neo4jStore

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def example_store(lookup_example_store: EmbeddedStore) -> EmbeddedStore:
    """The drafts are pinned on the 2024 lookups as published (before the dated changes)."""
    return lookup_example_store
AREAS = {"oldham": "Oldham", "central-bedfordshire": "Central Bedfordshire"}
GOLDEN_DATE = date(2026, 11, 29)  # the draft says the date it describes, so the golden files pin one


@pytest.mark.parametrize("slug", sorted(AREAS))
def test_the_draft_matches_its_golden_file(example_store: EmbeddedStore, slug: str) -> None:
    text = to_markdown(protocol_draft(example_store, AREAS[slug], "csp,hwb,scp,sab", on=GOLDEN_DATE))
    golden = GOLDEN / f"protocol-{slug}.md"
    if os.environ.get("PARTNERSHIP_GRAPH_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.neo4j
def test_the_draft_is_the_same_from_neo4j(neo4j_example: Neo4jStore) -> None:
    # The queries run their Cypher twins on Neo4j; the draft must not notice.
    text = to_markdown(protocol_draft(neo4j_example, "Oldham", "csp,hwb,scp,sab", on=GOLDEN_DATE))
    assert text == (GOLDEN / "protocol-oldham.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("area", ["Oldham", "Central Bedfordshire", "Nottinghamshire", "North Yorkshire"])
def test_every_gap_and_overlap_the_queries_find_is_in_the_draft(example_store: EmbeddedStore, area: str) -> None:
    text = to_markdown(protocol_draft(example_store, area))
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    found_gaps, found_overlaps = gaps(example_store, area), overlaps(example_store, area)
    for gap in found_gaps:
        assert any(md_text(gap.detail) in line for line in items), gap.detail
    for overlap in found_overlaps:
        wanted = [md_text(overlap.issue_name), *(md_text(name) for name in overlap.body_names)]
        assert any(all(w in line for w in wanted) for line in items), overlap


def test_the_example_areas_have_something_to_agree(example_store: EmbeddedStore) -> None:
    # Illustrative claims in the bundled example: Oldham's CSP and SCP both lead CSE; Central
    # Bedfordshire's CSP prioritises modern slavery, which nobody there leads.
    assert [o.issue_id for o in overlaps(example_store, "Oldham")] == ["child-sexual-exploitation"]
    assert [g.issue_id for g in gaps(example_store, "Central Bedfordshire")] == ["modern-slavery"]


def test_illustrative_claims_are_marked(example_store: EmbeddedStore) -> None:
    text = to_markdown(protocol_draft(example_store, "Oldham"))
    ownership = text.split("## 4. Issue ownership", 1)[1].split("## 5.", 1)[0]
    domestic_abuse = next(line for line in ownership.splitlines() if line.startswith("| Domestic abuse |"))
    assert "Oldham Community Safety Partnership (ILLUSTRATIVE)" in domestic_abuse
    soc = next(line for line in ownership.splitlines() if line.startswith("| Serious and organised crime |"))
    assert "ILLUSTRATIVE" not in soc  # stated by the LGA review itself
    assert "ILLUSTRATIVE" in text.split("> ", 1)[1].split("\n", 1)[0]


def test_names_are_text_in_markdown(hostile_store: EmbeddedStore) -> None:
    text = to_markdown(protocol_draft(hostile_store, "Oldham"))
    assert IMG_NAME not in text and md_text(IMG_NAME) in text
    body = re.sub(r"(?m)^> ", "", text)  # the note's blockquote marker is ours
    assert re.search(r"(?<!\\)[<>]", body) is None  # every angle bracket from a name is escaped
    assert re.search(r"(?<!\\)[<>]", md_text(SCRIPT_NAME)) is None


def test_a_board_with_no_body_in_the_area_is_an_item_to_agree(example_store: EmbeddedStore) -> None:
    text = to_markdown(protocol_draft(example_store, "Oldham", "csp,psb"))
    assert "- [ ] No public services board covering Oldham is in the graph" in text


def test_board_words(example_store: EmbeddedStore) -> None:
    assert parse_boards("csp, HWB,safeguarding_children,sab,csp") == ["csp", "hwb", "scp", "sab"]
    with pytest.raises(QueryError, match="unknown board 'hwbb'.*did you mean 'hwb'"):
        parse_boards("csp,hwbb")


def test_word_documents(example_store: EmbeddedStore, tmp_path: Path) -> None:
    import docx  # python-docx, a test dependency: missing, the test fails rather than skips
    path = write_protocol(protocol_draft(example_store, "Central Bedfordshire"), tmp_path / "cb.docx", "docx")
    doc = docx.Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.startswith("Joint protocol (draft): Central Bedfordshire")
    assert "Modern slavery: Central Bedfordshire Community Safety Partnership prioritises modern slavery" in text
    assert len(doc.tables) >= 4


def test_the_draft_weights_population_by_share(example_store: EmbeddedStore) -> None:
    # Poole's legacy CSP holds a third of Bournemouth, Christchurch and Poole (E06000058): the
    # draft counts a third of its people, as the queries do, not all of them.
    from partnership_graph.loaders.bundled import read_ons

    bcp = next(int(r["All ages"]) for r in read_ons("population_mid2023_lad.csv") if r["Code"] == "E06000058")
    text = to_markdown(protocol_draft(example_store, "E22000067", "csp"))
    assert f"population {round(bcp / 3):,} (ONS mid-2023 estimates)" in text
