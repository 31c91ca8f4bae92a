"""The planning pack in the web app: the ``/plan`` page, its downloads and ``/api/plan``.

All three wrap ``exporters.plan``: the page shows the same sections as ``partnership-graph plan``
(rendered by the same HTML renderer, the fresh protocol drafts of new footprints attached as in
the files, others linked to the protocol page), and the downloads are the CLI's files byte for
byte, sent as attachments. The page and its downloads share one cached pack.

Kept apart from ``app.py``, as ``web/register.py`` is: ``create_app`` calls ``add_plan_routes``
with the helpers it already has (the service, the page renderer) and nothing else changes there.
A scenario is a bundled scenario's name only: a web parameter never names a file on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import PartnershipGraphError
from ..exporters.plan.model import PlanPack   # the API's response model (the OpenAPI document declares it)
from .service import ApiError, validate_scenario

if TYPE_CHECKING:
    from .service import Service

__all__ = ["add_plan_routes"]

AreaQ = Annotated[str, Query(min_length=1, max_length=200, description="The area: GSS code, name or prefix "
                                                                       "(a council, CSP area, police force area...).")]
FromQ = Annotated[date | None, Query(alias="from", description="The earlier date (ISO); default today.")]
ToQ = Annotated[date | None, Query(alias="to", description="The later date (ISO); default the area's next "
                                                          "recorded change.")]
ScenarioQ = Annotated[str | None, Query(max_length=200, description="A bundled scenario laid over the graph "
                                                                    "(`partnership-graph scenario list`).")]
DownloadFormat = Literal["md", "docx", "html", "json"]


def add_plan_routes(app: FastAPI, service: Callable[[], Service], render: Callable[..., HTMLResponse]) -> None:
    """Add ``/plan``, ``/plan/download`` and ``/api/plan`` to ``app`` (``service`` is the app's ``svc``)."""

    def pack(area: str, date_from: date | None, date_to: date | None, scenario: str | None,
             drafts: bool) -> PlanPack:
        from ..exporters.plan import plan_pack

        if scenario is not None:
            validate_scenario(scenario)
        if date_from is not None and date_to is not None and date_to < date_from:
            raise ApiError(422, f"to {date_to} is before from {date_from}", "to")
        s = service()
        key = ("plan", area.strip().lower(), date_from, date_to, scenario, drafts, date.today())
        return s.cached(key, lambda: plan_pack(s.store, area, date_from, date_to, scenario, drafts=drafts))

    @app.get("/api/plan", tags=["plan"], responses={
        404: {"description": "Not found"}, 422: {"description": "A parameter is invalid or does not resolve"}})
    def api_plan(area: AreaQ, date_from: FromQ = None, date_to: ToQ = None, scenario: ScenarioQ = None) -> PlanPack:
        """The planning pack for an area across a change (`partnership-graph plan --format json`)."""
        return pack(area, date_from, date_to, scenario, drafts=True)

    @app.get("/plan/download", include_in_schema=False)
    def plan_download(area: AreaQ, date_from: FromQ = None, date_to: ToQ = None, scenario: ScenarioQ = None,
                      format: DownloadFormat = "docx") -> Response:
        from ..exporters.plan import MEDIA_TYPES, file_name, render as render_pack

        p = pack(area, date_from, date_to, scenario, drafts=True)
        return Response(render_pack(p, format), media_type=MEDIA_TYPES[format],
                        headers={"content-disposition": f'attachment; filename="{file_name(p, format)}"'})

    @app.get("/plan", include_in_schema=False)
    def plan_page(request: Request) -> HTMLResponse:
        from urllib.parse import urlencode

        params = request.query_params
        area = (params.get("area") or "").strip()[:200]
        scenario = params.get("scenario") or None
        days: dict[str, date | None] = {}
        for name in ("from", "to"):
            raw = params.get(name) or ""
            try:
                days[name] = date.fromisoformat(raw) if raw else None
            except ValueError:
                raise ApiError(422, f"bad date {raw!r}: use YYYY-MM-DD", name) from None
        form = {"area": area, "from": params.get("from") or "", "to": params.get("to") or ""}
        if not area:
            return render(request, "plan.html", pack=None, form=form, body="", title="", downloads=[])
        from markupsafe import Markup

        from ..exporters.plan import pack_blocks, pack_title
        from ..exporters.plan.formats import html_fragment

        try:
            p = pack(area, days["from"], days["to"], scenario, drafts=True)
        except (ApiError, PartnershipGraphError) as e:   # the form stays, with the message under it
            page = render(request, "plan.html", pack=None, form=form, body="", title="", downloads=[],
                          error=e.message if isinstance(e, ApiError) else str(e))
            page.status_code = e.status if isinstance(e, ApiError) else 422 if e.exit_code == 2 else 503
            return page
        s = p.summary
        query = {"area": area, "from": s.date_from, "to": s.date_to, **({"scenario": scenario} if scenario else {})}
        downloads = [(label, f"/plan/download?{urlencode({**query, 'format': fmt})}")
                     for label, fmt in (("Word", "docx"), ("Markdown", "md"), ("HTML", "html"), ("JSON", "json"))]
        blocks = pack_blocks(p, links="web")[1:]   # the page's own h1 carries the pack's title
        return render(request, "plan.html", pack=p, form=form, body=Markup(html_fragment(blocks)),  # noqa: S704
                      title=pack_title(p), downloads=downloads)
