"""The web app marks what the register does not publish: a derived body is DERIVED on its page and in
the area's listing, and a published arrangement is not (issue 20)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ..queries._register_cases import TEESWIDE


def test_a_derived_board_is_marked_on_its_page_and_its_name_says_it_is_assumed(client: TestClient) -> None:
    page = client.get("/bodies/sab:luton")
    assert page.status_code == 200
    assert "Safeguarding adults board for Luton (assumed: no published arrangement found)" in page.text
    assert 'class="badge derived">DERIVED</span>' in page.text and "no row of the bundled register" in page.text
    api = client.get("/api/bodies/sab:luton").json()
    assert api["derived"] is True


def test_a_published_joint_board_is_not_marked_derived(client: TestClient) -> None:
    answer = client.get("/api/bodies", params={"kind": "safeguarding_adults", "area": "Stockton-on-Tees"})
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert [(r["derived"], r["source"]) for r in found] == [(False, TEESWIDE.source_id)]
    page = client.get(f"/bodies/{found[0]['id']}")
    assert page.status_code == 200 and 'class="badge derived"' not in page.text.split("<main", 1)[1].split("</h1>")[0]
    assert TEESWIDE["excerpt"][:60].replace("&", "&amp;") in page.text or "Teeswide" in page.text
