"""The JSON API: the library's own answers, the CLI's CSV, the CLI's error messages, never a traceback."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from partnership_graph.cli import cli
from partnership_graph.queries.gaps import gaps
from partnership_graph.queries.who_leads import who_leads
from partnership_graph.render import render_rows
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today

OLDHAM = "E08000004"          # ONS LAD code of Oldham (data/ons/lad_csp_pfa.csv)


def test_who_leads_answers_the_library_rows_as_json(client: TestClient, example_store: EmbeddedStore) -> None:
    with Today() as today:
        r = client.get("/api/who-leads", params={"issue": "DA", "area": "Oldham"})
    assert r.status_code == 200
    (day,) = {row["as_at"] for row in r.json()}
    rows = who_leads(example_store, "DA", "Oldham", on=date.fromisoformat(today.said(day)))
    expected = [{**row.model_dump(mode="json"), "as_at": rows.as_at} for row in rows]
    assert r.json() == expected
    # In the bundled example, Oldham CSP leads domestic abuse there, on an illustrative claim.
    lead = [row for row in r.json() if row["role"] == "lead"]
    assert [(row["body_id"], row["authoritative"], row["source"]) for row in lead] == [
        ("csp:oldham", False, "illustrative")]


def test_csv_is_the_cli_csv(client: TestClient, example_store: EmbeddedStore, _example_store_file: object) -> None:
    with Today() as today:
        r = client.get("/api/gaps", params={"area": "Central Bedfordshire", "format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    day = today.said(r.text.rstrip("\n").rpartition(",")[2])      # as_at, the last column
    rows = gaps(example_store, "Central Bedfordshire", on=date.fromisoformat(day))
    assert r.text == render_rows(rows, "csv", as_at=rows.as_at)
    assert r.text.splitlines()[0].endswith(",as_at")
    cli_out = CliRunner().invoke(cli, ["--db", str(_example_store_file), "gaps", "--area", "Central Bedfordshire",
                                       "--format", "csv", "--on", day])
    assert cli_out.exit_code == 0
    assert r.text == cli_out.stdout
    assert "modern-slavery" in r.text      # prioritised there and led by nobody (the example)


@pytest.mark.parametrize(("url", "status", "parameter", "cli_args"), [
    ("/api/areas/Oldam", 404, "area", ["area", "Oldam"]),
    ("/api/bodies/csp:oldam", 404, "body", ["body", "csp:oldam"]),
    ("/api/who-leads?issue=DA&area=Oldam", 422, "area", ["who-leads", "DA", "--area", "Oldam"]),
    ("/api/who-leads?issue=domestc%20abuse", 422, "issue", ["who-leads", "domestc abuse"]),
    ("/api/gaps?area=North", 422, "area", ["gaps", "--area", "North"]),
    ("/api/coterminosity?kinds=csp,polic", 422, "kinds", ["coterminosity", "--kinds", "csp,polic"]),
])
def test_errors_are_json_with_the_cli_message(client: TestClient, _example_store_file: object, url: str, status: int,
                                              parameter: str, cli_args: list[str]) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert body["status"] == status and body["parameter"] == parameter
    cli_out = CliRunner().invoke(cli, ["--db", str(_example_store_file), *cli_args])
    assert cli_out.exit_code == 2
    assert cli_out.stderr.strip() == f"Error: {body['error']}"
    assert "Traceback" not in r.text


def test_an_unknown_area_suggests_the_near_miss(client: TestClient) -> None:
    body = client.get("/api/areas/Oldam").json()
    assert body["error"] == "no area named 'Oldam': did you mean Oldham (LAD E08000004)?"
    assert body["suggestions"][0]["key"] == OLDHAM and body["suggestions"][0]["match"] == "near miss"


def test_a_malformed_parameter_is_a_422_in_our_error_shape(client: TestClient) -> None:
    r = client.get("/api/brokers", params={"top": "many"})
    assert r.status_code == 422
    assert r.json()["parameter"] == "top" and r.json()["error"].startswith("bad parameter: top:")
    r = client.get("/api/who-leads", params={"issue": "DA", "on": "2024-13-45"})
    assert r.status_code == 422 and r.json()["parameter"] == "on"


def test_the_app_is_read_only(client: TestClient) -> None:
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/areas/Oldham")
        assert r.status_code == 405
        assert r.json()["error"] == "this app is read-only: only GET and HEAD are answered"
        assert r.headers["allow"] == "GET, HEAD"


def test_a_bug_is_a_500_without_a_traceback(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import partnership_graph.queries.stats as stats

    def broken(store: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(stats, "stats", broken)
    r = client.get("/api/stats")
    assert r.status_code == 500
    assert r.json() == {"error": "internal error: the server log has the details", "status": 500,
                        "parameter": None, "suggestions": [], "problems": []}
    assert "passwd" not in r.text and "Traceback" not in r.text


def test_search_finds_codes_names_synonyms_and_near_misses(client: TestClient) -> None:
    def first(q: str) -> tuple[str, str, str]:
        hit = client.get("/api/search", params={"q": q}).json()[0]
        return hit["kind"], hit["key"], hit["match"]

    assert first("Oldham") == ("area", OLDHAM, "name")                  # the LAD before the CSP of the same name
    assert first("e08000004") == ("area", OLDHAM, "code")
    assert first("VAWG") == ("issue", "violence-against-women-and-girls", "synonym")
    assert first("Oldam") == ("area", OLDHAM, "near miss")
    bodies = [h["key"] for h in client.get("/api/search", params={"q": "oldham community"}).json() if h["kind"] == "body"]
    assert "csp:oldham" in bodies


def test_the_openapi_document_is_built_from_the_result_models(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"WhoLeadsRow", "GapRow", "OverlapRow", "CoterminosityRow", "AreaDetail", "BodyDetail", "DatedIssueRow",
            "ErrorBody"} <= set(schemas)
    who = spec["paths"]["/api/who-leads"]["get"]
    assert who["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"].endswith(
        "/DatedWhoLeadsRow")
    # the library's row and the date it describes, as the CLI's JSON gives them
    dated = schemas["DatedWhoLeadsRow"]
    assert set(dated["properties"]) == set(schemas["WhoLeadsRow"]["properties"]) | {"as_at"}
    assert "as_at" in dated["required"]
    assert "text/csv" in who["responses"]["200"]["content"]
    assert who["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    names = {p["name"] for p in who["parameters"]}
    assert {"issue", "area", "format", "on", "scenario"} <= names
    assert all(set(item) == {"get"} for item in spec["paths"].values())       # read-only


def test_dates_are_accepted_and_said(client: TestClient) -> None:
    meta = client.get("/api/meta", params={"on": "2025-04-01"}).json()
    assert meta["on"] == "2025-04-01"
    r = client.get("/api/who-leads", params={"issue": "DA", "area": "Oldham", "on": "2025-04-01"})
    assert r.status_code == 200 and r.json()


def test_a_scenario_answers_as_the_cli_scenario_option(client: TestClient, _example_store_file: object) -> None:
    args = ["who-leads", "DA", "--area", "Surrey"]
    web = client.get("/api/who-leads", params={"issue": "DA", "area": "Surrey", "scenario": "pcc-abolition-2028"})
    cli_out = CliRunner().invoke(cli, ["--db", str(_example_store_file), *args, "--scenario", "pcc-abolition-2028",
                                       "--format", "json"])
    assert cli_out.exit_code == 0, cli_out.output
    assert web.status_code == 200 and web.json() == json.loads(cli_out.stdout)
    plain = client.get("/api/stats").json()
    assert client.get("/api/stats", params={"scenario": "pcc-abolition-2028"}).json() != plain
    assert client.get("/api/stats").json() == plain          # the store itself is untouched


def test_an_unknown_or_file_scenario_is_a_422(client: TestClient, tmp_path: object) -> None:
    for name in ("pcc-abolition-2082", "/etc/passwd"):
        r = client.get("/api/who-leads", params={"issue": "DA", "scenario": name})
        assert r.status_code == 422 and r.json()["parameter"] == "scenario"
        assert r.json()["error"].startswith(f"no bundled scenario named {name!r}")


def test_the_area_overview_holds_the_matrix_and_the_questions(client: TestClient) -> None:
    o = client.get(f"/api/areas/{OLDHAM}/overview").json()
    assert o["detail"]["area"]["name"] == "Oldham"
    da = next(i for i in o["ownership"]["issues"] if i["issue_id"] == "domestic-abuse")
    assert [(c["body_id"], c["role"], c["authoritative"]) for c in da["cells"] if c["role"] == "lead"] == [
        ("csp:oldham", "lead", False)]
    # Oldham's CSP lies within the Greater Manchester police force area (ONS lad_csp_pfa).
    police = [r for r in o["coterminosity"] if r["kind_b"] == "PFA"]
    assert [(r["name_a"], r["relation"], r["name_b"]) for r in police] == [("Oldham", "equal", "Greater Manchester")] \
        or [(r["name_a"], r["relation"], r["name_b"]) for r in police] == [("Oldham", "within", "Greater Manchester")]
    assert json.dumps(o)  # all JSON


def test_security_headers_and_no_cdn(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    for url in ("/", "/areas/Oldham", "/network?area=Oldham", "/network/frame?area=Oldham", "/static/app.js",
                "/static/app.css", "/api"):
        text = client.get(url).text
        assert "src=\"http" not in text and "href=\"http" not in text and "url(http" not in text, url
    assert client.get("/docs").status_code == 404        # Swagger UI would load from a CDN

