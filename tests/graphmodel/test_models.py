"""The graph model refuses what cannot be true and keeps what the skeleton needs."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from partnership_graph.graphmodel import (
    Area, Body, Claim, Covers, GraphDocument, Issue, IssuePartOf, MemberOf, Source, slug,
)


def test_slug_reads_ampersand_as_and() -> None:
    assert slug("Devon & Cornwall") == "devon-and-cornwall"
    assert slug("London, City of") == "london-city-of"


def test_unknown_fields_and_kinds_are_refused() -> None:
    with pytest.raises(ValidationError):
        Body(id="x", name="X", kind="polce_force")
    with pytest.raises(ValidationError):
        Body(id="x", name="X", kind="csp", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Area(code="Oldham", name="Oldham", kind="LAD")


def test_validity_must_run_forwards() -> None:
    with pytest.raises(ValidationError, match="valid_to must be after valid_from"):
        MemberOf(start="a", end="b", valid_from="2024-01-01", valid_to="2023-01-01")


def test_a_document_must_be_closed_and_unique() -> None:
    with pytest.raises(ValidationError) as info:
        GraphDocument.build(
            bodies=[Body(id="a", name="A", kind="csp"), Body(id="a", name="A2", kind="csp")],
            covers=[Covers(start="a", end="E08000004")],
            claims=[Claim(start="a", end="da", claim="LEADS", source="nowhere")])
    text = str(info.value)
    for fragment in ("duplicate Body 'a'", "COVERS refers to unknown Area 'E08000004'",
                     "LEADS refers to unknown Issue 'da'", "LEADS cites unknown Source 'nowhere'"):
        assert fragment in text


def test_issue_cycles_are_refused() -> None:
    with pytest.raises(ValidationError, match="issue PART_OF cycle: a -> b -> a"):
        GraphDocument.build(issues=[Issue(id="a", name="A"), Issue(id="b", name="B")],
                            issue_part_of=[IssuePartOf(start="a", end="b"), IssuePartOf(start="b", end="a")])


def test_overlay_replaces_same_identity_and_keeps_the_rest() -> None:
    base = GraphDocument.build(sources=[Source(id="s", title="S")],
                               bodies=[Body(id="a", name="A", kind="csp"), Body(id="b", name="B", kind="hwb")])
    merged = base.as_defaults().overlay(bodies=[Body(id="a", name="A renamed", kind="csp")])
    assert {b.id: b.name for b in merged.bodies} == {"a": "A renamed", "b": "B"}
    assert merged.keep_existing == {"Source:s", "Body:b"}


def test_the_taxonomy_has_the_issues_the_review_names(skeleton: GraphDocument) -> None:
    issues = {i.id: i for i in skeleton.issues}
    assert len(issues) >= 25
    owners: dict[str, set[str]] = {}
    for i in issues.values():
        for w in (i.id, i.name, *i.synonyms):
            owners.setdefault(w.lower(), set()).add(i.id)
    assert {w: o for w, o in owners.items() if len(o) > 1} == {}, "each word names one issue"
    for needed in ("domestic-abuse", "anti-social-behaviour", "child-sexual-exploitation", "modern-slavery",
                   "serious-and-organised-crime", "prevent", "substance-misuse", "county-lines",
                   "serious-violence", "hate-crime", "youth-justice", "violence-against-women-and-girls"):
        assert needed in issues
    parents: dict[str, set[str]] = {}
    for e in skeleton.issue_part_of:
        parents.setdefault(e.start, set()).add(e.end)
    # a DAG: domestic abuse is VAWG and, by the 2023 serious violence guidance, serious violence
    assert parents["domestic-abuse"] == {"violence-against-women-and-girls", "serious-violence"}
    assert parents["child-sexual-exploitation"] == {"child-exploitation", "safeguarding-children"}
    synonyms = {s.lower(): i.id for i in issues.values() for s in i.synonyms}
    assert synonyms["da"] == "domestic-abuse" and synonyms["vawg"] == "violence-against-women-and-girls"
    assert synonyms["soc"] == "serious-and-organised-crime" and synonyms["cse"] == "child-sexual-exploitation"
