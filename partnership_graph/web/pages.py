"""The pages: Jinja2 templates over the service, with the scripts, styles and vis-network served
from ``/static`` (``app.py`` includes this router; the security headers are ``security.py``'s)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from ._shared import _COT_WORDS, _changes_area, _diff, _page_date, dates
from .security import csp, network_template
from .service import ApiError, Service

__all__ = ["pages_router"]


def pages_router(svc: Callable[[], Service], render: Callable[..., HTMLResponse]) -> APIRouter:
    """The pages and the static files they use, over ``svc()`` and rendered by ``render`` (app.py's:
    the templates with what every page shows)."""
    router = APIRouter()

    # -- static files (served from the package: nothing from the network) -----------------------
    static = resources.files("partnership_graph.web") / "static"

    @router.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((static / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})

    @router.get("/static/{name}", include_in_schema=False)
    def static_file(name: Annotated[str, Path(pattern=r"^[a-z0-9.-]+$")]) -> Response:
        types = {".css": "text/css", ".js": "text/javascript", ".png": "image/png", ".svg": "image/svg+xml"}
        if name == "vis-network.min.js":
            from ..exporters.html import vis_network_js

            body: bytes = vis_network_js().encode("utf-8")
        else:
            f = static / name
            if not f.is_file():
                raise ApiError(404, f"no static file {name!r}")
            body = f.read_bytes()
        suffix = name[name.rfind("."):]
        return Response(body, media_type=types.get(suffix, "application/octet-stream"),
                        headers={"cache-control": "public, max-age=3600"})


    @router.get("/", include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        on, scenario = dates(request)
        s = svc()
        from ..queries.issues import issue_tree

        return render(request, "index.html", issues=s.call(issue_tree, on=on, scenario=scenario))

    @router.get("/search", include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        on, scenario = dates(request)
        hits = svc().search(q[:200], on, scenario, limit=50) if q.strip() else []
        return render(request, "search.html", query=q[:200], hits=hits)

    @router.get("/areas/{area}", include_in_schema=False)
    def area_page(request: Request, area: str, issue: str = "", duties: str = "") -> HTMLResponse:
        on, scenario = dates(request)
        s = svc()
        try:
            overview = s.area_overview(area[:200], on, scenario)
        except ApiError as e:
            # an area that exists on other dates (ended, or not yet started) gets a page that says when
            known = s.area_dates(area[:200], scenario) if e.status == 404 else None
            if known is None:
                raise
            return render(request, "area_dates.html", t=known,
                          ahead=s.changes_ahead(known.code, on, scenario) if known.valid_from else [])
        code = overview.detail.area.code
        picked = s.issue(issue[:200], "issue", 422, on, scenario) if issue.strip() else None
        by_district: Sequence[Any] = []
        if picked is not None and len(overview.detail.contains) + (overview.detail.area.kind == "LAD") > 1:
            from ..queries.by_district import who_leads_by_district

            by_district = s.cached(("by-district", code, picked.id, on, scenario), lambda: s.call(
                who_leads_by_district, picked.id, code, on=on, scenario=scenario))
        return render(request, "area.html", o=overview, words=_COT_WORDS, dates=s.area_dates(code, scenario),
                      ahead=s.changes_ahead(code, on, scenario), picked=picked, by_district=by_district,
                      duties=bool(duties), parents=s.issue_parents(on, scenario))

    @router.get("/areas/{area}/protocol", include_in_schema=False)
    def protocol_page(request: Request, area: str) -> HTMLResponse:
        from ..exporters.protocol import BOARDS, DEFAULT_BOARDS, WELSH_DEFAULT_BOARDS, protocol_draft

        on, scenario = dates(request)
        s = svc()
        ref = s.area(area[:200], "area", 404, on, scenario)
        # boards come as ticked checkboxes (boards=csp&boards=hwb) or as the CLI writes them (csp,hwb)
        # by default the boards of the area's country: in Wales the PSB, the regional boards and the CSP
        given = ([w.strip() for v in request.query_params.getlist("boards") for w in v[:200].split(",") if w.strip()]
                 if "boards" in request.query_params
                 else list(WELSH_DEFAULT_BOARDS if ref.code.startswith("W") else DEFAULT_BOARDS))
        boards, chosen = ",".join(given), [w.lower() for w in given]
        try:
            if not given:
                raise ApiError(422, "tick at least one board", "boards")
            draft = s.cached(("protocol", ref.code, boards, on, scenario),
                             lambda: s.call(protocol_draft, ref.code, boards, on=on, scenario=scenario))
        except ApiError as e:   # the form stays, with what was asked and why it cannot be drafted
            page = render(request, "protocol.html", area=ref, boards=boards, chosen=chosen, all_boards=BOARDS,
                          draft=None, problem=e.message)
            page.status_code = e.status
            return page
        return render(request, "protocol.html", area=ref, boards=boards, chosen=chosen, all_boards=BOARDS,
                      draft=draft, problem=None)

    @router.get("/bodies/{body}", include_in_schema=False)
    def body_page(request: Request, body: str) -> HTMLResponse:
        from ..queries.accountability import accountability
        from ..queries.bodies import body_detail

        on, scenario = dates(request)
        s = svc()
        body_id = s.body(body[:200], "body", 404, on, scenario)
        detail = s.call(body_detail, body_id, on=on, scenario=scenario)
        chain = s.call(accountability, body_id, on=on, scenario=scenario)
        return render(request, "body.html", d=detail, chain=chain,
                      derived_reason=s.derived(on, scenario).get(body_id, "") if body_id in s.derived(on, scenario)
                      else None)

    @router.get("/issues", include_in_schema=False)
    def issues_page(request: Request) -> HTMLResponse:
        from ..queries.issues import issue_tree

        on, scenario = dates(request)
        return render(request, "issues.html", issues=svc().call(issue_tree, on=on, scenario=scenario))

    @router.get("/issues/{issue}", include_in_schema=False)
    def issue_page(request: Request, issue: str) -> HTMLResponse:
        on, scenario = dates(request)
        s = svc()
        return render(request, "issue.html", o=s.issue_overview(issue[:200], on, scenario),
                      parents=s.issue_parents(on, scenario))

    @router.get("/network", include_in_schema=False)
    def network_page(request: Request, area: str = "", issue: str = "", all: str = "") -> HTMLResponse:
        from ..queries.issues import issue_tree

        on, scenario = dates(request)
        s = svc()
        area_ref = s.area(area[:200], "area", 422, on, scenario) if area.strip() else None
        issue_ref = s.issue(issue[:200], "issue", 422, on, scenario) if issue.strip() else None
        return render(request, "network.html", area=area[:200], issue=issue[:200], area_ref=area_ref,
                      issue_ref=issue_ref, issues=s.call(issue_tree, on=on, scenario=scenario), everything=bool(all))

    @router.get("/network/frame", include_in_schema=False)
    def network_frame(request: Request, area: str = "", issue: str = "") -> HTMLResponse:
        import html as html_mod

        from ..exporters.html import script_json

        on, scenario = dates(request)
        data = svc().network_data(area[:200] or None, issue[:200] or None, on, scenario)
        template, hashes = network_template()
        parts = {"TITLE": html_mod.escape(data["title"]), "DATA": script_json(data)}
        page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)
        return HTMLResponse(page, headers={"content-security-policy": csp(hashes)})

    @router.get("/api", include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        return render(request, "api.html", spec=request.app.openapi())

    @router.get("/changes", include_in_schema=False)
    def changes_page(request: Request, since: str = "", area: str = "") -> HTMLResponse:
        on, scenario = dates(request)
        start = _page_date(since or None, "since")
        s = svc()
        code = _changes_area(s, area[:200]) if area.strip() else None
        rows = s.cached(("changes", start, on, scenario, code), lambda: _diff(s, start, on, scenario, code))
        from ..queries.diff import SECTIONS

        return render(request, "changes.html", rows=rows, since=since, area=area[:200], sections=SECTIONS,
                      change_dates=s.change_dates(scenario), code=code,
                      since_day=(start or date.today()).isoformat(), to_day=(on or date.today()).isoformat())

    return router
