"""The FastAPI application: the JSON API under ``/api`` and the pages, both over ``service.Service``.

Read-only: every route is a GET. The API answers with the library's own pydantic result models
(the OpenAPI document at ``/api/openapi.json`` is generated from them), CSV where the CLI answers
CSV (``?format=csv``), and errors as JSON ``{"error", "status", "parameter", "suggestions",
"problems"}`` with the CLI's messages: 404 for a thing named in the path that does not exist, 422
for a bad parameter, never a traceback. Pages are Jinja2 templates with autoescaping on; every
script, style and the vis-network library are served from ``/static`` (no CDN), and a Content
Security Policy forbids any other script. FastAPI's own Swagger and ReDoc pages are switched off
(they load from a CDN); ``/api`` lists the endpoints instead.

HEAD is answered wherever GET is (the headers alone). Requests from other sites are refused
(403): a foreign ``Origin``, or ``Sec-Fetch-Site`` cross-site or same-site, unless it is a
top-level navigation the user made (a link followed from another site). Error pages never read
the store, so a store that cannot be read is a 503 page with the same security headers as any
other. The headers and the refusal are ``web/security.py``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from html import escape as html_escape
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..changes import scenario_names
from ..dates import DateError, parse_date
from ..errors import PartnershipGraphError, StoreError
from ..national import load_scenario
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
from .security import Guard, Headers, csp, network_template, secure
from .service import (
    ApiError, AreaOverview, IssueOverview, Meta, OwnershipMatrix, Service, Suggestion,
    store_name, validate_scenario,
)

log = logging.getLogger("partnership_graph.web")

__all__ = ["ErrorBody", "create_app"]

CSV = "text/csv; charset=utf-8"
MAX_BROKER_SAMPLE = 100         # a sampled estimate runs one BFS per source: bounded for a server
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ErrorBody(BaseModel):
    """Every error the API returns: the CLI's message, and near matches when a name did not resolve."""

    model_config = ConfigDict(extra="forbid")

    error: str
    status: int
    parameter: str | None = None
    suggestions: list[Suggestion] = []
    problems: list[str] = []


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found: an area, body or issue in the path does not resolve"},
    422: {"model": ErrorBody, "description": "A parameter is invalid or does not resolve"},
    503: {"model": ErrorBody, "description": "The store cannot be read (unreachable Neo4j, unreadable file)"},
}
LISTING = {**ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                           "description": "The rows, as JSON (default) or CSV (?format=csv)"}}

@lru_cache(maxsize=None)
def dated(row: type[BaseModel]) -> type[BaseModel]:
    """A result row as the API (and the CLI's JSON) answers it: the library's row plus ``as_at``,
    the ISO date it describes, so the OpenAPI document declares the field the answers carry."""
    return create_model(f"Dated{row.__name__}", __base__=row, __module__=__name__, __doc__=row.__doc__,
                        as_at=(str, Field(description="The date the row describes (ISO, YYYY-MM-DD).")))


def dated_rows(row: type[BaseModel]) -> Any:
    """The response model of a listing: ``list`` of the dated row (for FastAPI, not for mypy)."""
    return list[dated(row)]  # type: ignore[misc]


def _query_date(value: Any) -> Any:
    """A date parameter, read by ``dates.parse_date`` as the pages and the CLI read it."""
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except DateError as e:
        raise PydanticCustomError("date_format", "{reason}", {"reason": str(e)}) from None


QueryDate = BeforeValidator(_query_date)
On = Annotated[date | None, QueryDate,
               Query(description="Answer as at this date (YYYY-MM-DD); default today.")]
Scenario = Annotated[str | None, Query(max_length=200, description="A bundled scenario laid over the graph "
                                       "(`partnership-graph scenario list`); never written to the store.")]
Fmt = Annotated[Literal["json", "csv"], Query(alias="format", description="json (default) or csv, as the CLI.")]
AreaQ = Annotated[str | None, Query(max_length=200, description="GSS code, name or prefix (csp:Oldham picks a kind).")]
IssueQ = Annotated[str | None, Query(max_length=200, description="Issue id, name or synonym (DA, VAWG...).")]
Text = Annotated[str | None, Query(max_length=200)]

def local_link(path: str, query: Sequence[tuple[str, str]] = ()) -> str:
    """A link to ``path`` that stays in this app: one leading slash (a browser reads ``//host/x``
    and ``/\\host/x`` as another site), the path percent-encoded, ``query`` appended."""
    link = "/" + quote(path.lstrip("/\\"), safe="/:@!$&'()*+,;=-._~")
    return link + ("?" + urlencode(list(query)) if query else "")


_pinned: ContextVar[Service | None] = ContextVar("partnership_graph_pinned_service", default=None)


# -- the app ------------------------------------------------------------------------------------
def create_app(service: Service, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The app over ``service``. ``allowed_hosts`` (Host header names) guards a loopback server
    against DNS rebinding; ``None`` accepts any host."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    app = FastAPI(title="partnership-graph", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Who leads what among England and Wales community-safety and safeguarding "
                              "partnerships. Read-only. Every row carries its source; `authoritative` is "
                              "false for illustrative or unsourced claims.")
    app.state.service = service
    env = Environment(loader=PackageLoader("partnership_graph.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["version"] = __version__
    env.globals["long_date"] = long_date
    env.globals["previous_day"] = previous_day
    for name in env.list_templates(extensions=["html"]):   # compiled at start-up, not on a first request
        env.get_template(name)

    app.add_middleware(Guard)
    if allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(Headers)

    # -- errors ------------------------------------------------------------------------------
    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api")

    def error_response(request: Request, body: ErrorBody) -> Response:
        """The error as JSON (API) or a page that reads nothing from the store, with the security
        headers set here: an answer made by the outermost error handler bypasses the middleware."""
        if is_api(request):
            return secure(JSONResponse(body.model_dump(mode="json"), status_code=body.status))
        try:
            page: Response = render(request, "error.html", error_page=True, status=body.status, error=body)
        except Exception:  # noqa: BLE001 - the error page itself failed: say the error plainly
            log.exception("rendering the error page for %s", request.url.path)
            page = HTMLResponse(_PLAIN_ERROR.format(status=body.status, message=html_escape(body.error)))
        page.status_code = body.status
        return secure(page)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, ErrorBody(error=exc.message, status=exc.status, parameter=exc.parameter,
                                                 suggestions=exc.suggestions))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        parameter = None
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path")]
            parameter = parameter or (loc[0] if loc else None)
            problems.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
        message = "bad parameter: " + "; ".join(problems) if problems else "bad request"
        return error_response(request, ErrorBody(error=message, status=422, parameter=parameter, problems=problems))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: f"no page at {request.url.path}",
                   405: "this app is read-only: only GET and HEAD are answered"}.get(exc.status_code, str(exc.detail))
        response = error_response(request, ErrorBody(error=message, status=exc.status_code))
        if exc.headers:
            response.headers.update(exc.headers)
        if exc.status_code == 405:
            response.headers["allow"] = "GET, HEAD"
        return response

    @app.exception_handler(PartnershipGraphError)
    async def library_error(request: Request, exc: PartnershipGraphError) -> Response:
        status = 503 if isinstance(exc, StoreError) else (422 if exc.exit_code == 2 else 500)
        return error_response(request, ErrorBody(error=str(exc), status=status))

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("internal error answering %s", request.url.path)
        return error_response(request, ErrorBody(error="internal error: the server log has the details", status=500))

    # -- helpers -----------------------------------------------------------------------------
    def svc() -> Service:
        """The service pinned to the store's generation in force, for this request (and its page)."""
        pinned = service.current()
        _pinned.set(pinned)
        return pinned

    def rows_out(rows: Sequence[BaseModel], fmt: str, name: str) -> Any:
        """JSON or CSV exactly as the CLI writes them, ``as_at`` (the date described) included."""
        from ..render import render_rows

        day = getattr(rows, "as_at", None) or None
        if fmt == "csv":
            return Response(render_rows(rows, "csv", as_at=day), media_type=CSV,
                            headers={"content-disposition": f'inline; filename="{name}.csv"'})
        return Response(render_rows(rows, "json", as_at=day), media_type="application/json")

    def link(request: Request) -> Callable[..., str]:
        keep = {k: request.query_params.get(k) for k in ("on", "scenario") if request.query_params.get(k)}

        def make(path: str, **params: Any) -> str:
            # an address with its own query (a search hit for an area that starts later names its
            # date) keeps it: its parameters win over the page's
            path, _, own = path.partition("?")
            query = {**keep, **dict(parse_qsl(own)), **{k: v for k, v in params.items() if v not in (None, "", False)}}
            return path + ("?" + urlencode(query, doseq=True) if query else "")

        return make

    def render(request: Request, template: str, error_page: bool = False, **context: Any) -> HTMLResponse:
        """A page; an error page (``error_page``) reads nothing from the store, which may be the error."""
        on = request.query_params.get("on") or ""
        scenario = request.query_params.get("scenario") or ""
        s = _pinned.get() or service
        back = local_link(request.url.path, [(k, v) for k, v in request.query_params.multi_items()
                                             if k not in ("on", "scenario")])
        page = env.get_template(template).render(
            request=request, link=link(request), q=quote, on=on, scenario=scenario, today_link=back,
            scenarios=_scenarios(),
            today=date.today().isoformat(), store_kind=s.store.kind, store_name=store_name(s.store),
            derived={} if error_page else s.derived(), **context)
        return HTMLResponse(page)

    # -- static files (served from the package: nothing from the network) -----------------------
    static = resources.files("partnership_graph.web") / "static"

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((static / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})

    @app.get("/static/{name}", include_in_schema=False)
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

    # -- the API -------------------------------------------------------------------------------
    @app.get("/api/meta", tags=["about"], responses=ERRORS)
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

    @app.get("/api/search", tags=["search"], responses=ERRORS)
    def api_search(q: Annotated[str, Query(max_length=200, description="What someone typed.")],
                   limit: Annotated[int, Query(ge=1, le=100)] = 20, on: On = None,
                   scenario: Scenario = None) -> list[Suggestion]:
        """Areas, bodies and issues matching codes, names, synonyms, or near misses of them."""
        return svc().search(q, on, scenario, limit)

    @app.get("/api/stats", tags=["graph"], responses=LISTING,
            response_model=dated_rows(StatsRow))
    def api_stats(format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[StatsRow]:
        """Nodes by label and kind, relationships by type (`partnership-graph stats`)."""
        from ..queries.stats import stats

        return rows_out(svc().call(stats, on=on, scenario=scenario), format, "stats")  # type: ignore[no-any-return]

    @app.get("/api/areas", tags=["areas"], responses=LISTING,
            response_model=dated_rows(AreaRow))
    def api_areas(q: Text = None, kind: Text = None, format: Fmt = "json", on: On = None,
                  scenario: Scenario = None) -> list[AreaRow]:
        """Areas whose code is `q` or whose name contains it (`partnership-graph areas`)."""
        from ..queries.areas import find_areas

        return rows_out(svc().call(find_areas, q, _area_kind(kind), on=on, scenario=scenario),  # type: ignore[no-any-return]
                        format, "areas")

    @app.get("/api/areas/{area}", tags=["areas"], responses=ERRORS)
    def api_area(area: Annotated[str, Path(max_length=200)], on: On = None, scenario: Scenario = None) -> AreaDetail:
        """One area: what it is part of, what it contains, who covers it (`partnership-graph area`)."""
        from ..queries.areas import area_detail

        s = svc()
        ref = s.area(area, "area", 404, on, scenario)
        return s.call(area_detail, ref.code, on=on, scenario=scenario)

    @app.get("/api/areas/{area}/overview", tags=["areas"], responses=ERRORS)
    def api_area_overview(area: Annotated[str, Path(max_length=200)], on: On = None,
                          scenario: Scenario = None) -> AreaOverview:
        """Everything the area page shows: bodies, ownership matrix, gaps, overlaps, coterminosity."""
        return svc().area_overview(area, on, scenario)

    @app.get("/api/areas/{area}/ownership", tags=["areas"], responses=ERRORS)
    def api_ownership(area: Annotated[str, Path(max_length=200)], on: On = None,
                      scenario: Scenario = None) -> OwnershipMatrix:
        """Issues by bodies in the area: who leads, who supports, with sources."""
        return svc().area_overview(area, on, scenario).ownership

    @app.get("/api/areas/{area}/protocol", tags=["areas"], responses={
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

    @app.get("/api/bodies", tags=["bodies"], responses=LISTING,
            response_model=dated_rows(BodyRow))
    def api_bodies(q: Text = None, kind: Text = None, area: AreaQ = None, format: Fmt = "json",
                   on: On = None, scenario: Scenario = None) -> list[BodyRow]:
        """Bodies whose id or name contains `q`, of `kind`, touching `area` (`partnership-graph bodies`)."""
        from ..queries.bodies import find_bodies

        s = svc()
        body_kind = _body_kind(kind)
        code = s.area(area, "area", 422, on, scenario).code if area else None
        return rows_out(s.call(find_bodies, q, body_kind, code, on=on, scenario=scenario), format, "bodies")  # type: ignore[no-any-return]

    @app.get("/api/bodies/{body}", tags=["bodies"], responses=ERRORS)
    def api_body(body: Annotated[str, Path(max_length=200)], on: On = None, scenario: Scenario = None) -> BodyDetail:
        """One body: footprint, memberships, accountability, links and claims with sources."""
        from ..queries.bodies import body_detail

        s = svc()
        return s.call(body_detail, s.body(body, "body", 404, on, scenario), on=on, scenario=scenario)

    @app.get("/api/bodies/{body}/accountability", tags=["bodies"], responses=LISTING,
            response_model=dated_rows(AccountabilityRow))
    def api_accountability(body: Annotated[str, Path(max_length=200)], format: Fmt = "json", on: On = None,
                           scenario: Scenario = None) -> list[AccountabilityRow]:
        """The chain from the body to whoever holds it to account (`partnership-graph accountability`)."""
        from ..queries.accountability import accountability

        s = svc()
        rows = s.call(accountability, s.body(body, "body", 404, on, scenario), on=on, scenario=scenario)
        return rows_out(rows, format, "accountability")  # type: ignore[no-any-return]

    @app.get("/api/unscrutinised", tags=["bodies"], responses=LISTING,
            response_model=dated_rows(UnscrutinisedRow))
    def api_unscrutinised(kind: Text = None, format: Fmt = "json", on: On = None,
                          scenario: Scenario = None) -> list[UnscrutinisedRow]:
        """Bodies that answer to nobody in the graph (`accountability --unscrutinised`)."""
        from ..queries.accountability import accountability_unscrutinised

        return rows_out(svc().call(accountability_unscrutinised, _body_kind(kind), on=on, scenario=scenario),  # type: ignore[no-any-return]
                        format, "unscrutinised")

    @app.get("/api/issues", tags=["issues"], responses=LISTING,
            response_model=dated_rows(IssueRow))
    def api_issues(format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[IssueRow]:
        """The issue taxonomy, depth first, with synonyms (`partnership-graph issues`)."""
        from ..queries.issues import issue_tree

        return rows_out(svc().call(issue_tree, on=on, scenario=scenario), format, "issues")  # type: ignore[no-any-return]

    @app.get("/api/issues/{issue}", tags=["issues"], responses=ERRORS)
    def api_issue(issue: Annotated[str, Path(max_length=200)], on: On = None,
                  scenario: Scenario = None) -> IssueOverview:
        """Who leads the issue across England and Wales, and where nobody does."""
        return svc().issue_overview(issue, on, scenario)

    @app.get("/api/who-leads", tags=["questions"], responses=LISTING,
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

    @app.get("/api/gaps", tags=["questions"], responses=LISTING,
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

    @app.get("/api/overlaps", tags=["questions"], responses=LISTING,
            response_model=dated_rows(OverlapRow))
    def api_overlaps(area: AreaQ = None, issue: IssueQ = None, format: Fmt = "json", on: On = None,
                     scenario: Scenario = None) -> list[OverlapRow]:
        """Two or more leads of one issue over the same LADs (`partnership-graph overlaps`)."""
        from ..queries.overlaps import overlaps

        s = svc()
        code = s.area(area, "area", 422, on, scenario).code if area else None
        iid = s.issue(issue, "issue", 422, on, scenario).id if issue else None
        return rows_out(s.call(overlaps, code, iid, on=on, scenario=scenario), format, "overlaps")  # type: ignore[no-any-return]

    @app.get("/api/coterminosity", tags=["questions"], responses=LISTING,
            response_model=dated_rows(CoterminosityRow))
    def api_coterminosity(kinds: Annotated[str, Query(max_length=200)] = "csp,pfa,fra,icb", area: AreaQ = None,
                          format: Fmt = "json", on: On = None, scenario: Scenario = None) -> list[CoterminosityRow]:
        """How footprints of two or more kinds line up (`partnership-graph coterminosity`)."""
        from ..queries.coterminosity import coterminosity

        s = svc()
        code = s.area(area, "area", 422, on, scenario).code if area else None
        rows = _kinds_param(lambda: s.call(coterminosity, kinds, code, on=on, scenario=scenario))
        return rows_out(rows, format, "coterminosity")  # type: ignore[no-any-return]

    @app.get("/api/coterminosity/summary", tags=["questions"], responses=LISTING,
            response_model=dated_rows(CoterminositySummaryRow))
    def api_coterminosity_summary(kinds: Annotated[str, Query(max_length=200)] = "csp,pfa,fra,icb",
                                  area: AreaQ = None, format: Fmt = "json", on: On = None,
                                  scenario: Scenario = None) -> list[CoterminositySummaryRow]:
        """One line per ordered pair of kinds (`coterminosity --summary`)."""
        from ..queries.coterminosity import coterminosity_summary

        s = svc()
        code = s.area(area, "area", 422, on, scenario).code if area else None
        rows = _kinds_param(lambda: s.call(coterminosity_summary, kinds, code, on=on, scenario=scenario))
        return rows_out(rows, format, "coterminosity-summary")  # type: ignore[no-any-return]

    @app.get("/api/brokers", tags=["questions"], responses=LISTING,
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

    @app.get("/api/network", tags=["network"], responses={
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

    @app.get("/api/changes", tags=["changes"], responses={
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

    # -- pages -----------------------------------------------------------------------------------
    def dates(request: Request) -> tuple[date | None, str | None]:
        raw_on = request.query_params.get("on") or None
        scenario = request.query_params.get("scenario") or None
        on = _page_date(raw_on, "on")
        if scenario is not None and len(scenario) > 200:
            raise ApiError(422, "scenario name too long", "scenario")
        return on, scenario

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        on, scenario = dates(request)
        s = svc()
        from ..queries.issues import issue_tree

        return render(request, "index.html", issues=s.call(issue_tree, on=on, scenario=scenario))

    @app.get("/search", include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        on, scenario = dates(request)
        hits = svc().search(q[:200], on, scenario, limit=50) if q.strip() else []
        return render(request, "search.html", query=q[:200], hits=hits)

    @app.get("/areas/{area}", include_in_schema=False)
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

    @app.get("/areas/{area}/protocol", include_in_schema=False)
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

    @app.get("/bodies/{body}", include_in_schema=False)
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

    @app.get("/issues", include_in_schema=False)
    def issues_page(request: Request) -> HTMLResponse:
        from ..queries.issues import issue_tree

        on, scenario = dates(request)
        return render(request, "issues.html", issues=svc().call(issue_tree, on=on, scenario=scenario))

    @app.get("/issues/{issue}", include_in_schema=False)
    def issue_page(request: Request, issue: str) -> HTMLResponse:
        on, scenario = dates(request)
        s = svc()
        return render(request, "issue.html", o=s.issue_overview(issue[:200], on, scenario),
                      parents=s.issue_parents(on, scenario))

    @app.get("/network", include_in_schema=False)
    def network_page(request: Request, area: str = "", issue: str = "", all: str = "") -> HTMLResponse:
        from ..queries.issues import issue_tree

        on, scenario = dates(request)
        s = svc()
        area_ref = s.area(area[:200], "area", 422, on, scenario) if area.strip() else None
        issue_ref = s.issue(issue[:200], "issue", 422, on, scenario) if issue.strip() else None
        return render(request, "network.html", area=area[:200], issue=issue[:200], area_ref=area_ref,
                      issue_ref=issue_ref, issues=s.call(issue_tree, on=on, scenario=scenario), everything=bool(all))

    @app.get("/network/frame", include_in_schema=False)
    def network_frame(request: Request, area: str = "", issue: str = "") -> HTMLResponse:
        import html as html_mod

        from ..exporters.html import script_json

        on, scenario = dates(request)
        data = svc().network_data(area[:200] or None, issue[:200] or None, on, scenario)
        template, hashes = network_template()
        parts = {"TITLE": html_mod.escape(data["title"]), "DATA": script_json(data)}
        page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)
        return HTMLResponse(page, headers={"content-security-policy": csp(hashes)})

    @app.get("/api", include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        return render(request, "api.html", spec=app.openapi())

    @app.get("/changes", include_in_schema=False)
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

    from .register import add_register_routes  # the open register: /register and /api/register...

    add_register_routes(app, svc, render, dates)
    from .plan import add_plan_routes  # the planning pack: /plan, /plan/download and /api/plan

    add_plan_routes(app, svc, render)
    return app


def _page_date(text: str | None, parameter: str) -> date | None:
    """A page's date parameter, read as the API and the CLI read dates (``dates.parse_date``)."""
    if text is None:
        return None
    try:
        return parse_date(text)
    except DateError as e:
        raise ApiError(422, str(e), parameter) from None


_PLAIN_ERROR = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status} · partnership-graph"
                "</title></head><body><main><h1>{status}</h1><p id=\"pg-error\">{message}</p>"
                "<p><a href=\"/\">partnership-graph home</a></p></main></body></html>\n")


def long_date(value: date | str | None) -> str:
    """``2027-04-01`` -> ``1 April 2027``, as people write dates (an unreadable value is shown as it is)."""
    if value is None or value == "":
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B} {day.year}"


def previous_day(value: str) -> str:
    """The day before an ISO date (the last day of something that ends on ``value``)."""
    from datetime import timedelta

    return (date.fromisoformat(value) - timedelta(days=1)).isoformat()


_COT_WORDS = {"PFA": "Police", "FRA": "Fire", "ICB": "Health (ICB)", "LHB": "Health (LHB)", "UTLA": "Council"}


def _area_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    from ..graphmodel.vocab import area_kind_filter

    try:
        return area_kind_filter(kind)
    except KeyError as e:
        raise ApiError(422, str(e.args[0]), "kind") from None


def _body_kind(kind: str | None) -> str | None:
    """The body kind ``kind`` names, read as the CLI's ``--kind`` reads it (``scp``, ``police``...)."""
    if kind is None:
        return None
    from ..graphmodel.vocab import parse_body_kind

    try:
        return parse_body_kind(kind).value
    except KeyError as e:
        raise ApiError(422, str(e.args[0]), "kind") from None


def _kinds_param(run: Callable[[], Any]) -> Any:
    try:
        return run()
    except ApiError as e:
        e.parameter = e.parameter or "kinds"
        raise


def _scenarios() -> list[str]:
    try:
        return scenario_names()
    except Exception:  # noqa: BLE001 - a picker without entries is better than no page
        log.exception("listing scenarios")
        return []


class ChangeRow(BaseModel):
    """One row of ``queries.diff``: what is created, ends or changes between two dates."""

    model_config = ConfigDict(extra="allow")

    section: str
    change: str
    subject: str
    name: str
    detail: str
    derived: bool = False
    source: str = ""


def _changes_area(s: Service, text: str | None) -> str | None:
    """The area a changes report is narrowed to: as today, or else on any date (East Surrey, 2027)."""
    if not text:
        return None
    try:
        return s.area(text, "area", 422).code
    except ApiError:
        known = s.area_dates(text)
        if known is None:
            raise
        return known.code


CHANGE_FIELDS = ("section", "change", "subject", "name", "detail", "derived", "source")


def _changes_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as CSV, as ``diff --format csv`` writes them; cells a spreadsheet would run are quoted."""
    import csv
    import io

    from ..render import csv_safe

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CHANGE_FIELDS)
    for r in rows:
        w.writerow([csv_safe("yes" if r.get(f) is True else "no" if r.get(f) is False else str(r.get(f) or ""))
                    for f in CHANGE_FIELDS])
    return buf.getvalue()


def _changes_md(rows: Sequence[dict[str, Any]], since: date | None, on: date | None, scenario: str | None,
                area: str | None) -> str:
    from ..queries.diff import Diff, DiffRow, render_markdown

    d = Diff((since or date.today()).isoformat(), (on or date.today()).isoformat(), scenario, area,
             tuple(DiffRow(**{k: r[k] for k in CHANGE_FIELDS if k in r}) for r in rows))
    return render_markdown(d)


def _diff(service: Service, since: date | None, on: date | None, scenario: str | None,
          area: str | None = None) -> list[dict[str, Any]]:
    """Rows of ``queries.diff.diff`` between ``since`` (default today) and ``on`` (default today)."""
    from ..queries import diff as diff_module

    store = service.store
    start, end = since or date.today(), on or date.today()
    try:
        changeset = None
        if scenario is not None:
            validate_scenario(scenario)
            changeset = load_scenario(scenario, store.graph())
        d = diff_module.diff(store, start, end, changeset, area)
    except PartnershipGraphError as e:
        raise ApiError(422, str(e)) from None
    return [dict(r) for r in diff_module.diff_rows(d)]
