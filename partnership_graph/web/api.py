"""The JSON API under ``/api``: the library's own result models as JSON, or CSV where the CLI
answers CSV, with the CLI's messages as errors (``app.py`` includes this router)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from .. import __version__
from ..changes import scenario_names
from ..errors import PartnershipGraphError
from ..queries.accountability import AccountabilityRow, UnscrutinisedRow
from ..queries.areas import AreaDetail, AreaRow
from ..queries.bodies import BodyDetail, BodyRow
from ..queries.brokers import BrokerRow
from ..queries.coterminosity import CoterminosityRow, CoterminositySummaryRow
from ..queries.gaps import GapRow
from ..queries.issues import IssueRow
from ..queries.overlaps import OverlapRow
from ..queries.stats import StatsRow
from ..queries.who_leads import WhoLeadsRow
from ._shared import (
    AreaQ, CSV, ChangeRow, DOCX, ERRORS, Fmt, IssueQ, LISTING, MAX_BROKER_SAMPLE, On, QueryDate, Scenario, Text,
    _area_kind, _body_kind, _changes_area, _changes_csv, _changes_md, _diff, _kinds_param, dated_rows, rows_out,
)
from .service import (
    ApiError, AreaOverview, IssueOverview, Meta, OwnershipMatrix, Service, Suggestion, validate_scenario,
)

__all__ = ["api_router"]


def api_router(svc: Callable[[], Service]) -> APIRouter:
    """The routes under ``/api`` over the service ``svc()`` gives (pinned to one store generation)."""
    router = APIRouter()

    @router.get("/api/meta", tags=["about"], responses=ERRORS)
    def api_meta(on: On = None, scenario: Scenario = None) -> Meta:
        """Version, store and the date the answers describe."""
        import inspect

        from ..queries.who_leads import who_leads

        s = svc()
        if scenario is not None:
            validate_scenario(scenario)
        return Meta(version=__version__, store=s.store.kind, location=s.store.location,
                    on=on.isoformat() if on else None, today=date.today().isoformat(), scenario=scenario,
                    dates="passed to the queries" if "on" in inspect.signature(who_leads).parameters
                    else "as-at view of the graph",
                    scenarios_available=bool(scenario_names()))

    @router.get("/api/search", tags=["search"], responses=ERRORS)
    def api_search(q: Annotated[str, Query(max_length=200, description="What someone typed.")],
                   limit: Annotated[int, Query(ge=1, le=100)] = 20, on: On = None,
                   scenario: Scenario = None) -> list[Suggestion]:
        """Areas, bodies and issues matching codes, names, synonyms, or near misses of them."""
        return svc().search(q, on, scenario, limit)

    @router.get("/api/stats", tags=["graph"], responses=LISTING,
            response_model=dated_rows(StatsRow))
    def api_stats(format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[StatsRow]:
        """Nodes by label and kind, relationships by type (`partnership-graph stats`)."""
        from ..queries.stats import stats

        return rows_out(svc().call(stats, on=on, scenario=scenario), format, "stats")  # type: ignore[no-any-return]

    @router.get("/api/areas", tags=["areas"], responses=LISTING,
            response_model=dated_rows(AreaRow))
    def api_areas(q: Text = None, kind: Text = None, format: Fmt = "json", on: On = None,
                  scenario: Scenario = None) -> list[AreaRow]:
        """Areas whose code is `q` or whose name contains it (`partnership-graph areas`)."""
        from ..queries.areas import find_areas

        return rows_out(svc().call(find_areas, q, _area_kind(kind), on=on, scenario=scenario),  # type: ignore[no-any-return]
                        format, "areas")

    @router.get("/api/areas/{area}", tags=["areas"], responses=ERRORS)
    def api_area(area: Annotated[str, Path(max_length=200)], on: On = None, scenario: Scenario = None) -> AreaDetail:
        """One area: what it is part of, what it contains, who covers it (`partnership-graph area`)."""
        from ..queries.areas import area_detail

        s = svc()
        ref = s.area(area, "area", 404, on, scenario)
        return s.call(area_detail, ref.code, on=on, scenario=scenario)

    @router.get("/api/areas/{area}/overview", tags=["areas"], responses=ERRORS)
    def api_area_overview(area: Annotated[str, Path(max_length=200)], on: On = None,
                          scenario: Scenario = None) -> AreaOverview:
        """Everything the area page shows: bodies, ownership matrix, gaps, overlaps, coterminosity."""
        return svc().area_overview(area, on, scenario)

    @router.get("/api/areas/{area}/ownership", tags=["areas"], responses=ERRORS)
    def api_ownership(area: Annotated[str, Path(max_length=200)], on: On = None,
                      scenario: Scenario = None) -> OwnershipMatrix:
        """Issues by bodies in the area: who leads, who supports, with sources."""
        return svc().area_overview(area, on, scenario).ownership

    @router.get("/api/areas/{area}/protocol", tags=["areas"], responses={
        **ERRORS, 200: {"content": {"text/markdown": {"schema": {"type": "string"}},
                                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                                        "schema": {"type": "string", "format": "binary"}}},
                        "description": "The draft, as Markdown or Word"}}, response_class=Response)
    def api_protocol(area: Annotated[str, Path(max_length=200)],
                     boards: Annotated[str, Query(max_length=200)] = "",  # "": by country
                     format: Annotated[Literal["md", "docx"], Query()] = "md", on: On = None,
                     scenario: Scenario = None) -> Response:
        """A joint protocol draft for the boards in the area (`partnership-graph protocol`)."""
        from ..exporters.protocol import docx_bytes, protocol_draft, to_markdown

        s = svc()
        ref = s.area(area, "area", 404, on, scenario)
        draft = s.cached(("protocol", ref.code, boards, on, scenario),
                         lambda: s.call(protocol_draft, ref.code, boards, on=on, scenario=scenario))
        name = re.sub(r"[^a-z0-9]+", "-", ref.name.lower()).strip("-") or ref.code
        if format == "docx":
            try:
                body = docx_bytes(draft)
            except PartnershipGraphError as e:
                raise ApiError(422, str(e), "format") from None
            return Response(body, media_type=DOCX,
                            headers={"content-disposition": f'attachment; filename="protocol-{name}.docx"'})
        return Response(to_markdown(draft), media_type="text/markdown; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="protocol-{name}.md"'})

    @router.get("/api/bodies", tags=["bodies"], responses=LISTING,
            response_model=dated_rows(BodyRow))
    def api_bodies(q: Text = None, kind: Text = None, area: AreaQ = None, format: Fmt = "json",
                   on: On = None, scenario: Scenario = None) -> list[BodyRow]:
        """Bodies whose id or name contains `q`, of `kind`, touching `area` (`partnership-graph bodies`)."""
        from ..queries.bodies import find_bodies

        s = svc()
        body_kind = _body_kind(kind)
        code = s.area(area, "area", 422, on, scenario).code if area else None
        return rows_out(s.call(find_bodies, q, body_kind, code, on=on, scenario=scenario), format, "bodies")  # type: ignore[no-any-return]

    @router.get("/api/bodies/{body}", tags=["bodies"], responses=ERRORS)
    def api_body(body: Annotated[str, Path(max_length=200)], on: On = None, scenario: Scenario = None) -> BodyDetail:
        """One body: footprint, memberships, accountability, links and claims with sources."""
        from ..queries.bodies import body_detail

        s = svc()
        return s.call(body_detail, s.body(body, "body", 404, on, scenario), on=on, scenario=scenario)

    @router.get("/api/bodies/{body}/accountability", tags=["bodies"], responses=LISTING,
            response_model=dated_rows(AccountabilityRow))
    def api_accountability(body: Annotated[str, Path(max_length=200)], format: Fmt = "json", on: On = None,
                           scenario: Scenario = None) -> list[AccountabilityRow]:
        """The chain from the body to whoever holds it to account (`partnership-graph accountability`)."""
        from ..queries.accountability import accountability

        s = svc()
        rows = s.call(accountability, s.body(body, "body", 404, on, scenario), on=on, scenario=scenario)
        return rows_out(rows, format, "accountability")  # type: ignore[no-any-return]

    @router.get("/api/unscrutinised", tags=["bodies"], responses=LISTING,
            response_model=dated_rows(UnscrutinisedRow))
    def api_unscrutinised(kind: Text = None, format: Fmt = "json", on: On = None,
                          scenario: Scenario = None) -> list[UnscrutinisedRow]:
        """Bodies that answer to nobody in the graph (`accountability --unscrutinised`)."""
        from ..queries.accountability import accountability_unscrutinised

        return rows_out(svc().call(accountability_unscrutinised, _body_kind(kind), on=on, scenario=scenario),  # type: ignore[no-any-return]
                        format, "unscrutinised")

    @router.get("/api/issues", tags=["issues"], responses=LISTING,
            response_model=dated_rows(IssueRow))
    def api_issues(format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[IssueRow]:
        """The issue taxonomy, depth first, with synonyms (`partnership-graph issues`)."""
        from ..queries.issues import issue_tree

        return rows_out(svc().call(issue_tree, on=on, scenario=scenario), format, "issues")  # type: ignore[no-any-return]

    @router.get("/api/issues/{issue}", tags=["issues"], responses=ERRORS)
    def api_issue(issue: Annotated[str, Path(max_length=200)], on: On = None,
                  scenario: Scenario = None) -> IssueOverview:
        """Who leads the issue across England and Wales, and where nobody does."""
        return svc().issue_overview(issue, on, scenario)

    @router.get("/api/who-leads", tags=["questions"], responses=LISTING,
            response_model=dated_rows(WhoLeadsRow))
    def api_who_leads(issue: Annotated[str, Query(max_length=200, description="Issue id, name or synonym.")],
                      area: AreaQ = None, format: Fmt = "json", on: On = None,
                      scenario: Scenario = None) -> list[WhoLeadsRow]:
        """Leads and supporters of an issue in an area (`partnership-graph who-leads`)."""
        from ..queries.who_leads import who_leads

        s = svc()
        iid = s.issue(issue, "issue", 422, on, scenario).id
        code = s.area(area, "area", 422, on, scenario).code if area else None
        return rows_out(s.call(who_leads, iid, code, on=on, scenario=scenario), format, "who-leads")  # type: ignore[no-any-return]

    @router.get("/api/gaps", tags=["questions"], responses=LISTING,
            response_model=dated_rows(GapRow))
    def api_gaps(area: AreaQ = None, issue: IssueQ = None,
                 require: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006 (FastAPI copies it)
                 format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[GapRow]:
        """Ownership and statutory gaps, ranked (`partnership-graph gaps`)."""
        from ..queries.gaps import gaps

        s = svc()
        code = s.area(area, "area", 422, on, scenario).code if area else None
        iid = s.issue(issue, "issue", 422, on, scenario).id if issue else None
        required = [s.issue(r, "require", 422, on, scenario).id for r in require]
        return rows_out(s.call(gaps, code, iid, required, on=on, scenario=scenario), format, "gaps")  # type: ignore[no-any-return]

    @router.get("/api/overlaps", tags=["questions"], responses=LISTING,
            response_model=dated_rows(OverlapRow))
    def api_overlaps(area: AreaQ = None, issue: IssueQ = None, format: Fmt = "json", on: On = None,
                     scenario: Scenario = None) -> list[OverlapRow]:
        """Two or more leads of one issue over the same LADs (`partnership-graph overlaps`)."""
        from ..queries.overlaps import overlaps

        s = svc()
        code = s.area(area, "area", 422, on, scenario).code if area else None
        iid = s.issue(issue, "issue", 422, on, scenario).id if issue else None
        return rows_out(s.call(overlaps, code, iid, on=on, scenario=scenario), format, "overlaps")  # type: ignore[no-any-return]

    @router.get("/api/coterminosity", tags=["questions"], responses=LISTING,
            response_model=dated_rows(CoterminosityRow))
    def api_coterminosity(kinds: Annotated[str, Query(max_length=200)] = "csp,pfa,fra,icb", area: AreaQ = None,
                          format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[CoterminosityRow]:
        """How footprints of two or more kinds line up (`partnership-graph coterminosity`)."""
        from ..queries.coterminosity import coterminosity

        return coterminosity_rows(coterminosity, "coterminosity", kinds, area, format, on, scenario)  # type: ignore[no-any-return]

    @router.get("/api/coterminosity/summary", tags=["questions"], responses=LISTING,
            response_model=dated_rows(CoterminositySummaryRow))
    def api_coterminosity_summary(kinds: Annotated[str, Query(max_length=200)] = "csp,pfa,fra,icb",
                                  area: AreaQ = None, format: Fmt = "json", on: On = None,
                                  scenario: Scenario = None) -> list[CoterminositySummaryRow]:
        """One line per ordered pair of kinds (`coterminosity --summary`)."""
        from ..queries.coterminosity import coterminosity_summary

        return coterminosity_rows(coterminosity_summary, "coterminosity-summary", kinds, area, format, on,  # type: ignore[no-any-return]
                                  scenario)

    def coterminosity_rows(question: Callable[..., Any], name: str, kinds: str, area: str | None, format: str,
                           on: date | None, scenario: str | None) -> Any:
        """The rows of a coterminosity question, its ``kinds`` errors naming that parameter."""
        s = svc()
        code = s.area(area, "area", 422, on, scenario).code if area else None
        rows = _kinds_param(lambda: s.call(question, kinds, code, on=on, scenario=scenario))
        return rows_out(rows, format, name)

    @router.get("/api/brokers", tags=["questions"], responses=LISTING,
            response_model=dated_rows(BrokerRow))
    def api_brokers(area: AreaQ = None, top: Annotated[int, Query(ge=1, le=1000)] = 10,
                    sample: Annotated[int | None, Query(ge=1, le=MAX_BROKER_SAMPLE, description=(
                        "Estimate betweenness from this many source bodies (fixed seed); default: exact."))] = None,
                    format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[BrokerRow]:
        """Bodies that connect the most partnerships (`partnership-graph brokers`)."""
        from ..queries.brokers import brokers

        s = svc()
        code = s.area(area, "area", 422, on, scenario).code if area else None
        key = ("brokers", code, top, sample, on, scenario)
        rows = s.cached(key, lambda: s.call(brokers, code, top, sample, on=on, scenario=scenario))
        return rows_out(rows, format, "brokers")  # type: ignore[no-any-return]

    @router.get("/api/network", tags=["network"], responses={
        **ERRORS, 200: {"content": {"application/json": {"schema": {"type": "object"}},
                                    "application/gexf+xml": {"schema": {"type": "string"}},
                                    "application/graphml+xml": {"schema": {"type": "string"}}},
                        "description": "The page's data (JSON), or the graph it shows as GEXF or GraphML"}})
    def api_network(area: AreaQ = None, issue: IssueQ = None, on: On = None, scenario: Scenario = None,
                    format: Annotated[Literal["json", "gexf", "graphml"], Query(
                        alias="format", description="json (the page's data, default), gexf (Gephi) or graphml "
                                                    "(yEd, Cytoscape): the graph the page shows")] = "json",
                    hide: Annotated[str | None, Query(max_length=2000, description=(
                        "gexf/graphml: legend groups left out, comma-separated (body kinds, Area, Issue); "
                        "default Area, as the page opens; empty: none"))] = None,
                    hide_rel: Annotated[str | None, Query(max_length=2000, description=(
                        "gexf/graphml: relationship types left out, comma-separated; default COVERS,PART_OF, "
                        "as the page opens; empty: none"))] = None,
                    within: AreaQ = None, within_issue: IssueQ = None) -> Any:
        """The data the network page draws (as the HTML export): nodes, edges, legend, filters; or, as
        GEXF or GraphML, exactly the graph the page shows (the same switches and filters)."""
        from ..exporters.html import HIDDEN_GROUPS, HIDDEN_TYPES

        s = svc()
        if format == "json":
            return s.network_data(area, issue, on, scenario)

        def listed(raw: str | None, default: Sequence[str]) -> list[str]:
            return list(default) if raw is None else [w.strip() for w in raw.split(",") if w.strip()]

        hidden, hidden_types = listed(hide, HIDDEN_GROUPS), listed(hide_rel, HIDDEN_TYPES)

        def write() -> tuple[bytes, str]:
            g, name = s.network_graph(area, issue, on, scenario, hidden, hidden_types, within, within_issue)
            if format == "gexf":
                from ..exporters.gexf import gexf_bytes

                return gexf_bytes(g, timeline=False), name
            from ..exporters.graphml import graphml_bytes

            return graphml_bytes(g), name

        body, name = s.cached(("network-file", format, area, issue, on, scenario, tuple(sorted(hidden)),
                               tuple(sorted(hidden_types)), within, within_issue), write)
        media = "application/gexf+xml" if format == "gexf" else "application/graphml+xml"
        return Response(body, media_type=media,
                        headers={"content-disposition": f'attachment; filename="{name}.{format}"'})

    @router.get("/api/changes", tags=["changes"], responses={
        **ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                    "text/markdown": {"schema": {"type": "string"}}},
                        "description": "The rows, as JSON (default), CSV or Markdown"}},
        response_model=list[ChangeRow])
    def api_changes(scenario: Scenario = None, on: On = None, area: AreaQ = None,
                    since: Annotated[date | None, QueryDate,
                                     Query(description="From this date, YYYY-MM-DD (default today).")] = None,
                    format: Annotated[Literal["json", "csv", "md"], Query(
                        alias="format", description="json (default), csv or md (Markdown), as `diff`")] = "json",
                    ) -> Any:
        """What changes between `since` and `on`, optionally under a scenario (`partnership-graph diff`)."""
        s = svc()
        code = _changes_area(s, area)
        rows = s.cached(("changes", since, on, scenario, code), lambda: _diff(s, since, on, scenario, code))
        if format == "json":
            return [ChangeRow(**r) for r in rows]
        name = "changes-" + (since or date.today()).isoformat() + "-to-" + (on or date.today()).isoformat()
        if format == "csv":
            return Response(_changes_csv(rows), media_type=CSV,
                            headers={"content-disposition": f'attachment; filename="{name}.csv"'})
        return Response(_changes_md(rows, since, on, scenario, area), media_type="text/markdown; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.md"'})

    return router
