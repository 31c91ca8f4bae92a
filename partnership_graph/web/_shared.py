"""What the API and the page routes share: the parameters they take, their error body, how a
row listing is answered, and the changes report both show (``api.py``, ``pages.py``, ``app.py``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError

from ..changes import scenario_names
from ..dates import DateError, parse_date
from ..errors import PartnershipGraphError
from ..national import load_scenario
from .service import ApiError, Service, Suggestion, validate_scenario

log = logging.getLogger("partnership_graph.web")

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


def dates(request: Request) -> tuple[date | None, str | None]:
    """A page's ``on`` and ``scenario`` parameters, read as the API reads them."""
    raw_on = request.query_params.get("on") or None
    scenario = request.query_params.get("scenario") or None
    on = _page_date(raw_on, "on")
    if scenario is not None and len(scenario) > 200:
        raise ApiError(422, "scenario name too long", "scenario")
    return on, scenario


def rows_out(rows: Sequence[BaseModel], fmt: str, name: str) -> Any:
    """JSON or CSV exactly as the CLI writes them, ``as_at`` (the date described) included."""
    from ..render import render_rows

    day = getattr(rows, "as_at", None) or None
    if fmt == "csv":
        return Response(render_rows(rows, "csv", as_at=day), media_type=CSV,
                        headers={"content-disposition": f'inline; filename="{name}.csv"'})
    return Response(render_rows(rows, "json", as_at=day), media_type="application/json")


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
