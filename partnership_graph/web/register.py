"""The open register in the web app: the ``/register`` page and ``/api/register``.

Both wrap ``exporters.datapackage``: the package a user downloads here is byte for byte the one
``partnership-graph publish`` writes for the same store, date and scenario (``publish -o x.zip``).
The page shows the counts per kind on the date beside the published counts, the downloads, and
each file with its fields as the package's own ``datapackage.json`` describes them.

Kept apart from ``app.py``: ``create_app`` calls ``add_register_routes`` with the helpers it
already has (the service, the page renderer, the date parser), and nothing else changes there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from .service import ApiError

if TYPE_CHECKING:
    from ..exporters.datapackage import DataPackage
    from .service import Service

__all__ = ["RegisterCountRow", "add_register_routes"]

ZIP = "application/zip"
CSV = "text/csv; charset=utf-8"


class RegisterCountRow(BaseModel):
    """One row of the register's counts.csv: a kind, how many the register holds on the date, and
    the count published elsewhere with its source where one was found."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    element: Literal["area", "body"]
    kind: str
    as_at: str = Field(description="The date counted (ISO).")
    count: int
    derived: int = Field(description="How many of them are derived (assumed: no published arrangement found).")
    published_count: int | None = None
    published_approximate: bool | None = None
    published_as_of: str | None = None
    published_source: str | None = None
    published_address: str | None = None
    published_notes: str | None = None


On = Annotated[date | None, Query(description="The register as at this date (ISO, YYYY-MM-DD); default today.")]
Scenario = Annotated[str | None, Query(max_length=200, description="A bundled scenario laid over the graph; "
                                       "its changes carry their status (announced: not law).")]
AllDates = Annotated[bool, Query(description="Every dated row with its validity instead of the rows that hold "
                                             "on `on` (then `on` dates counts.csv).")]


def add_register_routes(app: FastAPI, service: Callable[[], Service], render: Callable[..., HTMLResponse],
                        dates: Callable[[Request], tuple[date | None, str | None]]) -> None:
    """Add ``/register`` and ``/api/register...`` to ``app``.

    ``service`` is the app's ``svc`` (the service, refreshed), ``render`` its page renderer and
    ``dates`` its parser of a page's ``on`` and ``scenario``.
    """

    def package(on: date | None, scenario: str | None, all_dates: bool = False) -> DataPackage:
        from ..exporters.datapackage import build_package

        s = service()
        day = on or date.today()
        return s.cached(("register", day, scenario, all_dates),
                        lambda: s.call(build_package, on=day, scenario=scenario, all_dates=all_dates))

    @app.get("/api/register", tags=["register"], responses={
        200: {"description": "The package's datapackage.json (Frictionless Data Package v1)"}})
    def api_register(on: On = None, scenario: Scenario = None, all_dates: AllDates = False) -> dict[str, Any]:
        """The register's datapackage.json: every file with its Table Schema (`partnership-graph publish`)."""
        return package(on, scenario, all_dates).descriptor

    @app.get("/api/register/counts", tags=["register"], responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}},
              "description": "The rows, as JSON (default) or CSV (?format=csv)"}})
    def api_register_counts(format: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
                            on: On = None, scenario: Scenario = None) -> list[RegisterCountRow]:
        """Areas and bodies per kind on the date, beside the counts published elsewhere (counts.csv)."""
        pkg = package(on, scenario)
        if format == "csv":
            return Response(pkg.files["counts.csv"], media_type=CSV,  # type: ignore[return-value]
                            headers={"content-disposition": 'inline; filename="counts.csv"'})
        return [RegisterCountRow(**r) for r in pkg.counts]

    @app.get("/api/register/download", tags=["register"], response_class=Response, responses={
        200: {"content": {ZIP: {"schema": {"type": "string", "format": "binary"}}},
              "description": "The package as one zip: datapackage.json and the CSV files"}})
    def api_register_download(on: On = None, scenario: Scenario = None, all_dates: AllDates = False) -> Response:
        """The whole register as one zip (`partnership-graph publish -o register.zip`)."""
        from ..exporters.datapackage import package_name

        pkg = package(on, scenario, all_dates)
        return Response(pkg.zip, media_type=ZIP, headers={
            "content-disposition": f'attachment; filename="{package_name(pkg.as_at, all_dates)}"'})

    @app.get("/api/register/files/{name}", tags=["register"], response_class=Response, responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "One CSV file of the package"},
        404: {"description": "No such file in the package"}})
    def api_register_file(name: Annotated[str, Path(max_length=100, description="A file of the package: "
                                                    "bodies.csv, footprints.csv... or datapackage.json.")],
                          on: On = None, scenario: Scenario = None, all_dates: AllDates = False) -> Response:
        """One file of the register (the names are those of datapackage.json)."""
        pkg = package(on, scenario, all_dates)
        if name not in pkg.files:
            raise ApiError(404, f"the register has no file {name!r}; its files: {', '.join(pkg.files)}", "name")
        media = "application/json" if name.endswith(".json") else CSV
        return Response(pkg.files[name], media_type=media, headers={"content-disposition": f'inline; filename="{name}"'})

    @app.get("/register", include_in_schema=False)
    def register_page(request: Request) -> HTMLResponse:
        on, scenario = dates(request)
        pkg = package(on, scenario)
        # bodies first (the register), then the areas they cover; kinds the date holds none of are left out
        counts = sorted((r for r in pkg.counts if r["count"] or r["published_count"] is not None),
                        key=lambda r: r["element"] != "body")
        zip_size = len(pkg.zip)
        return render(request, "register.html", package=pkg, counts=counts, zip_size=zip_size,
                      resources=pkg.descriptor["resources"], day=pkg.as_at)
