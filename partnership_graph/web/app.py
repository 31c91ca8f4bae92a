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

This module makes the app: the templates, the middleware, the error handlers and what every
page shows (``render``); the routes are routers of their own, ``api.py`` (``/api``) and
``pages.py`` (the pages and static files), with ``register.py`` and ``plan.py``, and
``_shared.py`` holds the parameters and helpers they share.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import date
from html import escape as html_escape
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import PartnershipGraphError, StoreError
from ._shared import ErrorBody, _PLAIN_ERROR, _scenarios, dates, local_link, long_date, previous_day
from .api import api_router
from .pages import pages_router
from .security import Guard, Headers, secure
from .service import ApiError, Service, store_name

log = logging.getLogger("partnership_graph.web")

__all__ = ["ErrorBody", "create_app", "long_date"]


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

    app.include_router(api_router(svc))
    app.include_router(pages_router(svc, render))
    from .register import add_register_routes  # the open register: /register and /api/register...

    add_register_routes(app, svc, render, dates)
    from .plan import add_plan_routes  # the planning pack: /plan, /plan/download and /api/plan

    add_plan_routes(app, svc, render)
    return app
