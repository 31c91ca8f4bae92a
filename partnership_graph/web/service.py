"""What the web app asks of the library: one object over one open store, no web framework here.

Every page and every API answer comes from a method of ``Service``, which calls the public query
functions (``queries.*``, ``exporters.*``) and returns their own pydantic result models, so the
JSON a browser gets is the JSON the CLI prints. What this layer adds is only what a long-running
server needs:

- **Arguments resolved once, per parameter.** Areas, issues and bodies are resolved with the
  library's own resolvers (``resolve.AreaIndex`` and friends, the same messages and "did you
  mean" as the CLI) before a query runs, so an error says *which* parameter failed:
  ``ApiError(404)`` for a thing named in the path, ``ApiError(422)`` for a query parameter.
- **Dates and scenarios, passed through.** ``on`` (a date) is handed to a library function as
  ``on=`` when its signature has that keyword; a function without it, and any ``scenario`` (a
  bundled scenario's name), is asked over ``queries.view.view``, the one builder of a dated or
  scenario view that the CLI's ``--scenario``, the planning pack and ``diff`` also use, cached here
  per date and scenario; an unknown name is a 422 that says so.
- **A store that changes under a running server.** The embedded store's file is watched (size
  and modification time). The first request that sees it changed reads the new file into a new
  *generation* (the store, its views, indexes and cached answers, together) and swaps it in,
  once, under a lock; requests already running, and any arriving while the file is read, are
  answered from the generation they started with, which is never closed under them (it goes
  when the last request holding it ends). ``current()`` pins a request to one generation, so
  every call of one request reads one graph. A file that cannot be read is a ``StoreError``
  (503) until it changes again. A Neo4j store is read when the server starts; restart ``serve``
  after loading into Neo4j.
- **Bounded caches.** Per-date and per-scenario views, search indexes and finished answers (the
  area overview, the network page data) live in LRU caches bounded by entries and by estimated
  size (``Limits``, ``web.cache``), so a client walking through dates cannot grow the server
  without bound.
"""

from __future__ import annotations

import difflib
import inspect
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from .. import changes
from ..errors import PartnershipGraphError, QueryError, StoreError
from ..national import load_scenario
from ..queries.areas import AreaDetail, AreaRow
from ..queries.bodies import BodyDetail, BodyRow, ClaimRow
from ..queries.coterminosity import CoterminosityRow
from ..queries.gaps import GapRow
from ..queries.overlaps import OverlapRow
from ..queries.who_leads import WhoLeadsRow
from ..resolve import AREA_NICKNAMES, AreaIndex, AreaRef, BodyIndex, IssueIndex, IssueRef, ResolveError
from .cache import BoundedCache, CacheStats, approx_size, graph_size

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store

T = TypeVar("T")

__all__ = ["ApiError", "AreaDates", "AreaOverview", "DatedChange", "IssueOverview", "Limits", "MatrixBody", "MatrixCell",
           "MatrixIssue", "Meta", "OwnershipMatrix", "Service", "Suggestion", "store_name", "validate_scenario"]

# What the area page compares an area's partnerships with: police, fire, health, council footprints.
COTERMINOSITY_KINDS = ("csp", "pfa", "fra", "icb", "lhb", "utla")
COTERMINOSITY_WORDS = {"PFA": "police", "FRA": "fire", "ICB": "health (ICB)", "LHB": "health (LHB)",
                       "UTLA": "council (upper tier)"}
CLAIMS = ("LEADS", "SUPPORTS", "PRIORITISES")


class ApiError(Exception):
    """A request the app cannot answer as asked: ``status`` 404 (not found) or 422 (bad parameter)."""

    def __init__(self, status: int, message: str, parameter: str | None = None,
                 suggestions: list[Suggestion] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter
        self.suggestions = suggestions or []


# -- result models the web layer adds (composites of the library's own rows) ----------------------
class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Suggestion(_Model):
    """One search hit: an area, a body or an issue, and how the text matched it."""

    kind: Literal["area", "body", "issue"]
    key: str                 # GSS code, body id or issue id
    name: str
    detail: str              # area kind, body kind or the issue's synonyms
    match: Literal["code", "name", "synonym", "near miss"]
    derived: bool = False    # a body the skeleton infers (Body.derived)
    url: str


class MatrixBody(_Model):
    id: str
    name: str
    kind: str
    derived: bool = False


class MatrixCell(_Model):
    """One body's lead, support or statutory duty on one issue in the area (a ``who_leads`` row,
    condensed); ``duty`` is a duty the law shares without naming a lead (neither lead nor support)."""

    body_id: str
    role: Literal["lead", "support", "duty"]
    claimed_issue: str       # the issue the claim is on (a broader one when ``inherited``)
    inherited: bool
    fit: Literal["whole", "part"]
    scope: str | None
    source: str
    source_title: str
    authoritative: bool
    statutory: bool = False


class MatrixIssue(_Model):
    issue_id: str
    issue_name: str
    led: bool                # some body leads it here
    cells: list[MatrixCell]


class OwnershipMatrix(_Model):
    """Issues (rows) by bodies (columns) in an area: who leads and who supports, with sources.

    The rows are the issues a body whose footprint touches the area claims (leads, supports or
    prioritises); each row is ``who_leads(issue, area)``, so the taxonomy rule applies.
    """

    area: AreaRow
    bodies: list[MatrixBody]
    issues: list[MatrixIssue]


class AreaOverview(_Model):
    """Everything the area page shows, from the library's own answers."""

    detail: AreaDetail
    bodies: list[BodyRow]                    # every body whose footprint touches the area
    ownership: OwnershipMatrix
    gaps: list[GapRow]
    overlaps: list[OverlapRow]
    coterminosity: list[CoterminosityRow]    # the area's CSPs against police, fire, health, council


class NamedArea(_Model):
    code: str
    name: str


class IssueOverview(_Model):
    issue_id: str
    issue_name: str
    synonyms: list[str]
    parent: str | None
    parents: list[str] = []                  # every broader issue (the taxonomy is a DAG)
    parent_names: list[str] = []
    parent_sources: list[str] = []           # the section that puts it under each parent, or ""
    narrower: list[str]
    leads: list[WhoLeadsRow]                 # who leads or supports it across England and Wales
    unled: GapRow | None                     # where nobody leads it (LADs and people), if anywhere
    unled_lads: list[NamedArea]              # those LADs with their names, by name


class AreaDates(_Model):
    """When an area exists, and what it came from and became (the area page across dates).

    ``successors`` are the areas a change states (``successors`` on the area) or else the areas of
    the same kind that start the day it ends over its districts; ``predecessors`` the reverse."""

    code: str
    name: str
    kind: str
    valid_from: str | None
    valid_to: str | None
    successors: list[NamedArea]
    predecessors: list[NamedArea]


class DatedChange(_Model):
    """Changes that touch an area on one date ahead: a sentence, and the bodies and areas named."""

    date: str
    what: list[str]


class Meta(_Model):
    version: str
    store: str
    location: str
    on: str | None
    today: str
    scenario: str | None
    dates: Literal["passed to the queries", "as-at view of the graph"]
    scenarios_available: bool


# -- the service ------------------------------------------------------------------------------------
@dataclass
class _Indexes:
    areas: AreaIndex
    issues: IssueIndex
    bodies: BodyIndex
    area_rows: list[tuple[str, str, str]]          # (code, name, kind)
    body_rows: list[tuple[str, str, str, bool]]    # (id, name, kind, derived)
    issue_rows: list[tuple[str, str, tuple[str, ...]]]
    derived: dict[str, str | None]                 # body id -> reason, for derived bodies
    csp_of_lad: dict[str, list[tuple[str, str]]]   # LAD code -> the CSP areas (code, name) it is part of
    csp_bodies: dict[str, list[tuple[str, str]]]   # CSP area code -> the CSP bodies (id, name) covering it


MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one generation of the store may keep, as (entries, estimated bytes) per cache.

    A dated view of the national graph is about 9 MB and a whole-graph network answer about
    17 MB (tracemalloc; ``web.cache`` weighs them at 8.6 and 20 MB); ``benchmarks/
    bench_serve_load.py`` measures the server's memory under these limits.
    """

    overlays: tuple[int, int] = (2, 96 * MB)   # the graph with a scenario laid over it
    views: tuple[int, int] = (4, 64 * MB)      # read-only stores as at a date and/or under a scenario
    indexes: tuple[int, int] = (8, 32 * MB)    # search and name indexes, per date and scenario
    answers: tuple[int, int] = (256, 64 * MB)  # area overviews, network data, protocol drafts...


class _Generation:
    """One read of the store and everything worked out from it; replaced whole, never changed."""

    def __init__(self, store: Store, number: int, stamp: tuple[int, int] | None, limits: Limits):
        self.store = store
        self.number = number
        self.stamp = stamp
        self.overlays: BoundedCache[nx.MultiDiGraph[str]] = BoundedCache("overlays", *limits.overlays,
                                                                         weigh=graph_size)
        self.views: BoundedCache[Store] = BoundedCache("views", *limits.views, weigh=lambda v: graph_size(v.graph()))
        self.indexes: BoundedCache[_Indexes] = BoundedCache("indexes", *limits.indexes, weigh=approx_size)
        self.answers: BoundedCache[Any] = BoundedCache("answers", *limits.answers, weigh=approx_size)

    def caches(self) -> list[BoundedCache[Any]]:
        return [self.overlays, self.views, self.indexes, self.answers]


class _Shared:
    """What every pinned copy of one ``Service`` shares: the generation in force and how to reopen."""

    def __init__(self, opener: Callable[[], Store] | None, limits: Limits):
        self.opener = opener
        self.limits = limits
        self.reloading = threading.Lock()
        self.current: _Generation
        self.failed: tuple[tuple[int, int] | None, StoreError] | None = None


def _file_stamp(store: Store) -> tuple[int, int] | None:
    """(mtime, size) of the embedded store's file; None for other stores or a missing file."""
    path = getattr(store, "path", None)
    if store.kind != "embedded" or not isinstance(path, Path):
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def store_name(store: Store) -> str:
    """What pages call the store: the embedded store's file name (never its folder) or the Neo4j
    database's name, so a page does not show where on the server the data lives."""
    if store.kind == "neo4j":
        return str(getattr(store, "database", None) or "neo4j")
    return Path(store.location).name or store.location


def validate_scenario(scenario: str) -> list[str]:
    """Refuse (422) anything but a bundled scenario's name; return the bundled names."""
    try:
        changes.bundled_scenario_name(scenario)
    except QueryError as e:
        raise ApiError(422, str(e), "scenario") from None
    return changes.scenario_names()


class Service:
    """The library as the web app uses it, over one open store (never written to).

    ``opener`` reopens the store when its file changes (the embedded store); ``current()`` gives a
    copy pinned to the generation in force, for one request. Safe to share between threads.
    """

    def __init__(self, store: Store, opener: Callable[[], Store] | None = None, limits: Limits | None = None):
        self._shared = _Shared(opener, limits or Limits())
        self._shared.current = _Generation(store, 0, _file_stamp(store), self._shared.limits)
        self._pin: _Generation | None = None

    # -- the store and its generations ----------------------------------------------------------
    @property
    def _gen(self) -> _Generation:
        return self._pin or self._shared.current

    @property
    def store(self) -> Store:
        return self._gen.store

    @property
    def generation(self) -> int:
        """How many times the store has been read afresh since the server started."""
        return self._gen.number

    def cache_stats(self) -> list[CacheStats]:
        """Entries and estimated bytes of each cache of the generation in use."""
        return [c.stats() for c in self._gen.caches()]

    def current(self) -> Service:
        """The service pinned to the generation in force (after ``refresh``): what one request uses."""
        self.refresh()
        pinned = object.__new__(Service)
        pinned._shared = self._shared
        pinned._pin = self._shared.current
        return pinned

    def refresh(self) -> None:
        """Read the embedded store afresh if its file changed since it was read (another load).

        One thread reads; requests arriving meanwhile go on with the generation in force rather
        than wait or read the file again. The old store is never closed: requests may still hold
        it. A file that cannot be read raises ``StoreError`` until it changes again.
        """
        shared = self._shared
        if shared.opener is None:
            return
        gen = shared.current
        stamp = _file_stamp(gen.store)
        if stamp == gen.stamp:
            return
        if shared.failed is not None and shared.failed[0] == stamp:
            raise StoreError(str(shared.failed[1]))   # a fresh one: re-raising one object grows its traceback
        if not shared.reloading.acquire(blocking=False):
            return  # another request is reading the new file; answer from the graph in hand
        try:
            if shared.current is not gen:
                return
            try:
                store = shared.opener()
                store.graph()   # read now, before any request is given it
            except StoreError as e:
                shared.failed = (stamp, e)
                raise
            shared.failed = None
            shared.current = _Generation(store, gen.number + 1, stamp, shared.limits)
        finally:
            shared.reloading.release()

    def warm(self) -> None:
        """Read the graph and build the search indexes now rather than on the first request, and
        today's reader with every body's footprint and the name indexes (``queries.reader``
        keeps one reader per projection and date): what the first area or issue page would
        otherwise work out while a user waits."""
        from ..queries.bodies import find_bodies

        self.store.graph()
        self._index(None, None)
        find_bodies(self.store)

    def view(self, on: date | None, scenario: str | None) -> Store:
        """The store as asked: ``scenario`` laid over it, then as at ``on`` (each only when given).
        A date before the earliest the bundled data describes is refused (422), as on the CLI."""
        gen = self._gen
        if on is None and scenario is None:
            return gen.store
        if on is not None:
            from ..queries.reader import refuse_before_data

            try:
                refuse_before_data(gen.store, on.isoformat())
            except QueryError as e:
                raise ApiError(422, str(e), "on") from None
        if scenario is not None:
            validate_scenario(scenario)

        def make() -> Store:
            from ..queries.view import view

            # the overlay is cut once per scenario name, the dated cut once per date (the readers' own)
            return view(gen.store, on=on, scenario=scenario, overlay=None if scenario is None else (
                lambda g: gen.overlays.get_or_make(scenario, lambda: self._overlay(g, scenario))))

        return gen.views.get_or_make((on.isoformat() if on else None, scenario), make)

    def _overlay(self, g: nx.MultiDiGraph[str], scenario: str) -> nx.MultiDiGraph[str]:
        """The projection with a bundled scenario applied (``changes.apply_to_graph`` copies it).

        Only bundled scenarios, by name: ``load_scenario`` would also read a file path, and a web
        parameter must not name files on the server.
        """
        validate_scenario(scenario)
        try:
            return changes.apply_to_graph(g, load_scenario(scenario, g))
        except PartnershipGraphError as e:
            raise ApiError(422, str(e), "scenario") from None

    def call(self, fn: Callable[..., T], *args: Any, on: date | None = None, scenario: str | None = None,
             **kwargs: Any) -> T:
        """``fn(store, *args, **kwargs)`` with ``on``/``scenario`` passed on as the function can take them.

        A ``QueryError`` the function raises (an argument this layer did not pre-resolve) is a 422.
        """
        params = inspect.signature(fn).parameters
        takes_on = "on" in params
        if on is not None and takes_on:
            kwargs["on"] = on
        # A query's ``scenario=`` is an overlay function (``queries.reader.Overlay``), not a name:
        # the scenario is laid over the projection here, once per name, in a cached view.
        store = self.view(None if takes_on else on, scenario)
        try:
            return fn(store, *args, **kwargs)
        except QueryError as e:
            raise ApiError(422, str(e)) from None

    def cached(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """``make()``, kept in this generation's bounded cache of answers under ``key``."""
        value: T = self._gen.answers.get_or_make(key, make)
        return value

    # -- resolving what people type ------------------------------------------------------------
    def _index(self, on: date | None, scenario: str | None) -> _Indexes:
        # names resolve among what exists on the date, today when none is given, as in the CLI
        day = on or date.today()
        return self._gen.indexes.get_or_make((day.isoformat(), scenario), lambda: self._make_index(day, scenario))

    def _make_index(self, day: date, scenario: str | None) -> _Indexes:
        g = self.view(day, scenario).graph()
        area_rows, body_rows, issue_rows = [], [], []
        derived: dict[str, str | None] = {}
        for _, a in g.nodes(data=True):
            label = a.get("label")
            if label == "Area":
                area_rows.append((str(a["code"]), str(a["name"]), str(a["kind"])))
            elif label == "Body":
                body_rows.append((str(a["id"]), str(a["name"]), str(a["kind"]), bool(a.get("derived"))))
                if a.get("derived"):
                    derived[str(a["id"])] = a.get("derived_reason")
            elif label == "Issue":
                issue_rows.append((str(a["id"]), str(a["name"]), tuple(str(s) for s in a.get("synonyms", ()))))
        csp_of_lad: dict[str, list[tuple[str, str]]] = {}
        csp_bodies: dict[str, list[tuple[str, str]]] = {}
        for u, v, e in g.edges(data=True):
            if e.get("type") == "PART_OF" and g.nodes[v].get("kind") == "CSP" and g.nodes[u].get("kind") == "LAD":
                csp_of_lad.setdefault(str(g.nodes[u]["code"]), []).append((str(g.nodes[v]["code"]), str(g.nodes[v]["name"])))
            elif e.get("type") == "COVERS" and g.nodes[v].get("kind") == "CSP" and g.nodes[u].get("kind") == "csp":
                csp_bodies.setdefault(str(g.nodes[v]["code"]), []).append((str(g.nodes[u]["id"]), str(g.nodes[u]["name"])))
        # the resolvers are the queries' own (the reader's indexes of this view), so a name
        # resolves, or fails with the same hint, as on the CLI
        from ..queries.reader import reader

        rd = reader(self.view(day, scenario), on=day)
        return _Indexes(
            areas=rd.area_index(), issues=rd.issue_index(), bodies=rd.body_index(),
            area_rows=area_rows, body_rows=body_rows, issue_rows=issue_rows, derived=derived,
            csp_of_lad=csp_of_lad, csp_bodies=csp_bodies)

    def derived(self, on: date | None = None, scenario: str | None = None) -> dict[str, str | None]:
        """Body id -> the reason it is derived, for every derived body (``Body.derived``)."""
        return self._index(on, scenario).derived

    def area(self, text: str, parameter: str, status: int = 422, on: date | None = None,
             scenario: str | None = None) -> AreaRef:
        try:
            return self._index(on, scenario).areas.resolve(text)
        except ResolveError as e:
            from ..queries.areas import area_elsewhere

            # an area that ended (or starts later) says so, with its successors or its start date
            elsewhere = area_elsewhere(self.store, text, (on or date.today()).isoformat()) if scenario is None else None
            raise ApiError(status, elsewhere or str(e), parameter,
                           self.search(text, on, scenario, limit=5, kinds=("area",))) from None

    def issue(self, text: str, parameter: str, status: int = 422, on: date | None = None,
              scenario: str | None = None) -> IssueRef:
        try:
            return self._index(on, scenario).issues.resolve(text)
        except ResolveError as e:
            raise ApiError(status, str(e), parameter, self.search(text, on, scenario, limit=5, kinds=("issue",))) from None

    def body(self, text: str, parameter: str, status: int = 422, on: date | None = None,
             scenario: str | None = None) -> str:
        try:
            return self._index(on, scenario).bodies.resolve(text)
        except ResolveError as e:
            raise ApiError(status, str(e), parameter, self.search(text, on, scenario, limit=5, kinds=("body",))) from None

    # -- search --------------------------------------------------------------------------------
    def search(self, text: str, on: date | None = None, scenario: str | None = None, limit: int = 20,
               kinds: Iterable[str] = ("area", "body", "issue")) -> list[Suggestion]:
        """Areas, bodies and issues for what someone typed: codes and ids, names (whole, start of the
        name or of a word, anywhere in it), issue synonyms, and near misses (typos) when nothing
        else matches. Best first: exact, then prefix, then word start, then substring."""
        q = " ".join(text.split()).lower()
        if not q:
            return []
        idx = self._index(on, scenario)
        wanted = set(kinds)
        scored: list[tuple[int, int, str, Suggestion]] = []
        kind_rank = {"area": 0, "issue": 1, "body": 2}

        def rank_name(name: str) -> int | None:
            low = name.lower()
            if low == q:
                return 0
            if low.startswith(q):
                return 1
            if any(w.startswith(q) for w in low.replace("-", " ").replace("(", " ").split()):
                return 2
            if q in low:
                return 3
            return None

        def add(score: int, s: Suggestion) -> None:
            scored.append((score, kind_rank[s.kind], s.name.lower(), s))

        if "area" in wanted:
            # a short name people write (Notts, Bucks, BCP: resolve.AREA_NICKNAMES) finds its area
            full = AREA_NICKNAMES.get(q.replace(".", ""))
            # "Gedling CSP": the words naming a kind are left out to find the place
            bare = re.sub(r"\s+(csp|community safety partnership)$", "", q)
            for code, name, kind in idx.area_rows:
                r = 0 if code.lower() == q else rank_name(name)
                match: Literal["code", "name", "synonym"] = "code" if code.lower() == q else "name"
                if r is None and full is not None and name.lower() == full.lower():
                    r, match = 0, "synonym"
                if r is not None:
                    add(r * 10 + _AREA_RANK.get(kind, 9), Suggestion(
                        kind="area", key=code, name=name, detail=f"{kind} {code}",
                        match=match, url=f"/areas/{code}"))
            # a CSP found from any of its districts' names (South Nottinghamshire CSP from Gedling)
            for lad_code, lad_name in ((c, n) for c, n, k in idx.area_rows if k == "LAD"):
                r = rank_name(lad_name) if bare == q else (0 if lad_name.lower() == bare else None)
                if r is None or r > 1:
                    continue
                for csp_code, csp_name in idx.csp_of_lad.get(lad_code, []):
                    if csp_name.lower() == lad_name.lower():
                        continue
                    add(r * 10 + 2, Suggestion(kind="area", key=csp_code, name=csp_name,
                                               detail=f"CSP {csp_code}, holds {lad_name}", match="synonym",
                                               url=f"/areas/{csp_code}"))
                    for body_id, body_name in idx.csp_bodies.get(csp_code, []):
                        add(r * 10 + 3, Suggestion(kind="body", key=body_id, name=body_name,
                                                   detail=f"csp, covers {lad_name}", match="synonym",
                                                   url=f"/bodies/{body_id}"))
            # areas that exist on another date of the bundled range (Surrey's unitaries before 2027)
            present = {c for c, _, _ in idx.area_rows}
            day = (on or date.today()).isoformat()
            for code, name, kind, start, end in self._dated_areas(scenario):
                if code in present:
                    continue
                r = 0 if code.lower() == q else rank_name(name)
                if r is None:
                    continue
                when = (f"from {_long(start)}" if start and start > day else
                        f"until {_long(end)}" if end else "on other dates")
                add(r * 10 + 8, Suggestion(kind="area", key=code, name=name, detail=f"{kind} {code}, {when}",
                                           match="code" if code.lower() == q else "name",
                                           url=f"/areas/{code}" + (f"?on={start}" if start and start > day else "")))
        if "issue" in wanted:
            for iid, name, synonyms in idx.issue_rows:
                r = 0 if iid == q else rank_name(name)
                match = "code" if iid == q else "name"
                if r is None:
                    hits = [rank_name(s) for s in synonyms]
                    best = min((h for h in hits if h is not None), default=None)
                    if best is not None:
                        r, match = best, "synonym"
                if r is not None:
                    add(r * 10, Suggestion(kind="issue", key=iid, name=name, detail=", ".join(synonyms),
                                           match=match, url=f"/issues/{iid}"))
        if "body" in wanted:
            for bid, name, kind, derived in idx.body_rows:
                r = 0 if bid.lower() == q else rank_name(name)
                if r is None and q in bid.lower():
                    r = 3
                if r is not None:
                    add(r * 10 + 5, Suggestion(kind="body", key=bid, name=name, detail=kind,
                                               match="code" if bid.lower() == q else "name", derived=derived,
                                               url=f"/bodies/{bid}"))
        if not scored:
            return self._near_misses(q, idx, wanted, limit)
        scored.sort(key=lambda t: (t[0], t[1], t[2], t[3].key))
        out: list[Suggestion] = []
        seen: set[tuple[str, str]] = set()
        for *_, s in scored:
            if (s.kind, s.key) not in seen:
                seen.add((s.kind, s.key))
                out.append(s)
            if len(out) >= limit:
                break
        return out

    def _near_misses(self, q: str, idx: _Indexes, wanted: set[str], limit: int) -> list[Suggestion]:
        pool: dict[str, list[Suggestion]] = {}
        if "area" in wanted:
            for code, name, kind in idx.area_rows:
                pool.setdefault(name.lower(), []).append(Suggestion(
                    kind="area", key=code, name=name, detail=f"{kind} {code}", match="near miss", url=f"/areas/{code}"))
        if "issue" in wanted:
            for iid, name, synonyms in idx.issue_rows:
                for word in (name, *synonyms):
                    pool.setdefault(word.lower(), []).append(Suggestion(
                        kind="issue", key=iid, name=name, detail=", ".join(synonyms), match="near miss",
                        url=f"/issues/{iid}"))
        if "body" in wanted:
            for bid, name, kind, derived in idx.body_rows:
                pool.setdefault(name.lower(), []).append(Suggestion(
                    kind="body", key=bid, name=name, detail=kind, match="near miss", derived=derived,
                    url=f"/bodies/{bid}"))
        words = difflib.get_close_matches(q, list(pool), n=limit, cutoff=0.7)
        out: list[Suggestion] = []
        seen: set[tuple[str, str]] = set()
        for w in words:
            for s in sorted(pool[w], key=lambda s: (_AREA_RANK.get(s.detail.split(" ")[0], 9), s.key)):
                if (s.kind, s.key) not in seen:
                    seen.add((s.kind, s.key))
                    out.append(s)
        return out[:limit]

    # -- composites for the pages ----------------------------------------------------------------
    def area_overview(self, area: str, on: date | None = None, scenario: str | None = None) -> AreaOverview:
        ref = self.area(area, "area", 404, on, scenario)
        return self.cached(("area", ref.code, on, scenario), lambda: self._area_overview(ref, on, scenario))

    def _area_overview(self, ref: AreaRef, on: date | None, scenario: str | None) -> AreaOverview:
        from ..queries.areas import area_detail
        from ..queries.bodies import find_bodies
        from ..queries.coterminosity import coterminosity
        from ..queries.gaps import gaps
        from ..queries.overlaps import overlaps
        from ..queries.who_leads import who_leads

        kw: dict[str, Any] = {"on": on, "scenario": scenario}
        detail = self.call(area_detail, ref.code, **kw)
        bodies = self.call(find_bodies, None, None, ref.code, **kw)
        derived = self.derived(on, scenario)
        claimed = self._claimed_issues([b.id for b in bodies], on, scenario)
        issues: list[MatrixIssue] = []
        columns: dict[str, MatrixBody] = {}
        for issue_id, issue_name in sorted(claimed.items(), key=lambda t: t[1].lower()):
            rows = self.call(who_leads, issue_id, ref.code, **kw)
            cells = []
            for r in rows:
                columns.setdefault(r.body_id, MatrixBody(id=r.body_id, name=r.body_name, kind=r.body_kind,
                                                         derived=bool(getattr(r, "derived", False))
                                                         or r.body_id in derived))
                cells.append(MatrixCell(body_id=r.body_id, role=r.role, claimed_issue=r.issue_name,
                                        inherited=r.inherited, fit=r.fit, scope=r.scope, source=r.source,
                                        source_title=r.source_title, authoritative=r.authoritative,
                                        statutory=bool(getattr(r, "statutory", False))))
            issues.append(MatrixIssue(issue_id=issue_id, issue_name=issue_name,
                                      led=any(c.role == "lead" for c in cells), cells=cells))
        order = {b.id: i for i, b in enumerate(bodies)}
        matrix = OwnershipMatrix(area=detail.area, issues=issues,
                                 bodies=sorted(columns.values(), key=lambda b: (order.get(b.id, 1 << 30), b.id)))
        cot = self.call(coterminosity, ",".join(COTERMINOSITY_KINDS), ref.code, **kw)
        return AreaOverview(
            detail=detail, bodies=bodies, ownership=matrix,
            gaps=self.call(gaps, ref.code, None, None, **kw),
            overlaps=self.call(overlaps, ref.code, None, **kw),
            coterminosity=[r for r in cot if r.kind_a == "CSP" and r.kind_b != "CSP"])

    def _claimed_issues(self, body_ids: Iterable[str], on: date | None, scenario: str | None) -> dict[str, str]:
        """Issue id -> name of every issue these bodies lead, support or prioritise (read from the
        store's projection, as ``body_detail`` reads claims)."""
        g = self.view(on, scenario).graph()
        out: dict[str, str] = {}
        for body_id in body_ids:
            key = f"Body:{body_id}"
            if key not in g:
                continue
            for _, v, e in g.out_edges(key, data=True):
                if e.get("type") in CLAIMS:
                    issue = g.nodes[v]
                    out.setdefault(str(issue["id"]), str(issue.get("name", issue["id"])))
        return out

    def issue_overview(self, issue: str, on: date | None = None, scenario: str | None = None) -> IssueOverview:
        ref = self.issue(issue, "issue", 404, on, scenario)
        return self.cached(("issue", ref.id, on, scenario), lambda: self._issue_overview(ref, on, scenario))

    def _issue_overview(self, ref: IssueRef, on: date | None, scenario: str | None) -> IssueOverview:
        from ..queries.gaps import gaps
        from ..queries.issues import issue_tree
        from ..queries.who_leads import who_leads

        kw: dict[str, Any] = {"on": on, "scenario": scenario}
        tree = self.call(issue_tree, **kw)
        me = next(r for r in tree if r.id == ref.id)
        leads = self.call(who_leads, ref.id, None, **kw)
        required = [g for g in self.call(gaps, None, ref.id, [ref.id], **kw) if g.body_id is None and g.issue_id == ref.id]
        unled = required[0] if required else None
        names = {c: n for c, n, _ in self._index(on, scenario).area_rows}
        return IssueOverview(
            issue_id=ref.id, issue_name=ref.name, synonyms=list(me.synonyms), parent=me.parent,
            parents=list(me.parents), parent_names=list(me.parent_names), parent_sources=list(me.parent_sources),
            narrower=[r.id for r in tree if ref.id in r.parents], leads=leads, unled=unled,
            unled_lads=sorted((NamedArea(code=c, name=names.get(c, c)) for c in (unled.lads if unled else [])),
                              key=lambda a: (a.name.lower(), a.code)))

    def network_data(self, area: str | None, issue: str | None, on: date | None = None,
                     scenario: str | None = None) -> dict[str, Any]:
        """The HTML export's page data (``exporters.html.page_data``) for the selection."""
        area_code = self.area(area, "area", 422, on, scenario).code if area else None
        issue_id = self.issue(issue, "issue", 422, on, scenario).id if issue else None

        def make() -> dict[str, Any]:
            from ..exporters.html import page_data
            from ..exporters.select import select

            store = self.view(on, scenario)
            return page_data(select(store, area_code, issue_id), store.graph())

        return self.cached(("network", area_code, issue_id, on, scenario), make)

    def network_graph(self, area: str | None, issue: str | None, on: date | None = None,
                      scenario: str | None = None, hide: Iterable[str] = (), hide_types: Iterable[str] = (),
                      within: str | None = None, within_issue: str | None = None) -> tuple[nx.MultiDiGraph[str], str]:
        """The graph the network page shows, for GEXF and GraphML: the page's nodes and relationships
        (``exporters.html.page_data``: sources are attributes, not nodes), less the legend groups
        (``hide``: body kinds, ``Area``, ``Issue``) and relationship types (``hide_types``) switched
        off, and narrowed to the page's own area and issue filters (``within``, ``within_issue``)
        when set. Returns the graph as files for people hold it (``select.for_people``) and a name
        for the file."""
        from ..exporters.html import _group, _slug
        from ..exporters.select import Selector, for_people, select

        area_code = self.area(area, "area", 422, on, scenario).code if area else None
        issue_id = self.issue(issue, "issue", 422, on, scenario).id if issue else None
        store = self.view(on, scenario)
        selection = self.cached(("network-selection", area_code, issue_id, on, scenario),
                                lambda: select(store, area_code, issue_id))
        g = selection.graph
        keep = {n for n, a in g.nodes(data=True) if a.get("label") != "Source" and _group(a) not in set(hide)}
        if within or within_issue:      # the page's own filters, by the page's rule (html._area_options)
            selector = self.cached(("network-selector", on, scenario), lambda: Selector(store.graph()))
            if within:
                keep &= selector.node_keys(self.area(within, "within", 422, on, scenario).code, issue_id)
            if within_issue:
                keep &= selector.node_keys(area_code, self.issue(within_issue, "within_issue", 422, on, scenario).id)
        hidden_types = set(hide_types)
        shown = g.subgraph(keep).copy()
        shown.remove_edges_from([(u, v, k) for u, v, k, e in shown.edges(keys=True, data=True)
                                 if e.get("type") in hidden_types])
        for n, a in g.nodes(data=True):     # sources stay available to for_people for their titles
            if a.get("label") == "Source":
                shown.add_node(n, **a)
        return for_people(shown, node_type=True), "partnership-network-" + (
            _slug(selection.description) or "england-and-wales")

    def issue_parents(self, on: date | None = None, scenario: str | None = None) -> dict[str, list[NamedArea]]:
        """Issue id -> every broader issue it is part of (``Issue PART_OF`` edges: the taxonomy may
        give an issue more than one parent), by name."""
        def make() -> dict[str, list[NamedArea]]:
            g = self.view(on or date.today(), scenario).graph()
            out: dict[str, list[NamedArea]] = {}
            for u, v, e in g.edges(data=True):
                if e.get("type") == "PART_OF" and g.nodes[u].get("label") == "Issue" and g.nodes[v].get("label") == "Issue":
                    out.setdefault(str(g.nodes[u]["id"]), []).append(
                        NamedArea(code=str(g.nodes[v]["id"]), name=str(g.nodes[v].get("name", v))))
            return {k: sorted(v, key=lambda n: n.name.lower()) for k, v in out.items()}
        return self.cached(("issue-parents", on, scenario), make)

    # -- areas across dates ------------------------------------------------------------------------
    def _all_dates(self, scenario: str | None) -> tuple[nx.MultiDiGraph[str], AreaIndex, dict[str, set[str]]]:
        """The undated graph (every element whatever its dates), an index of every area in it, and
        each area's districts (LADs) on any date: what the area pages need to speak across dates."""
        def make() -> tuple[nx.MultiDiGraph[str], AreaIndex, dict[str, set[str]]]:
            g = self.view(None, scenario).graph()
            areas = [AreaRef(str(a["code"]), str(a["name"]), str(a["kind"]))
                     for _, a in g.nodes(data=True) if a.get("label") == "Area"]
            lads: dict[str, set[str]] = {}
            for u, v, e in g.edges(data=True):
                if e.get("type") == "PART_OF" and g.nodes[u].get("kind") == "LAD" and g.nodes[v].get("label") == "Area":
                    lads.setdefault(str(g.nodes[v]["code"]), set()).add(str(g.nodes[u]["code"]))
            for a in areas:
                if a.kind == "LAD":
                    lads.setdefault(a.code, set()).add(a.code)
            return g, AreaIndex(areas), lads
        return self.cached(("all-dates", scenario), make)

    def _dated_areas(self, scenario: str | None) -> list[tuple[str, str, str, str, str]]:
        """(code, name, kind, valid_from, valid_to) of every area with a date: the ones search may
        find on another date than the one asked."""
        def make() -> list[tuple[str, str, str, str, str]]:
            g, _, _ = self._all_dates(scenario)
            return [(str(a["code"]), str(a.get("name", "")), str(a.get("kind", "")),
                     str(a.get("valid_from") or "")[:10], str(a.get("valid_to") or "")[:10])
                    for _, a in g.nodes(data=True)
                    if a.get("label") == "Area" and (a.get("valid_from") or a.get("valid_to"))]
        return self.cached(("dated-areas", scenario), make)

    def area_dates(self, text: str, scenario: str | None = None) -> AreaDates | None:
        """The area ``text`` names on any date (code, name or prefix), or None when none is named."""
        g, index, lads = self._all_dates(scenario)
        try:
            ref = index.resolve(text)
        except ResolveError:
            return None
        return self.cached(("area-dates", ref.code, scenario), lambda: self._area_dates(ref.code, g, lads))

    def _area_dates(self, code: str, g: nx.MultiDiGraph[str], lads: dict[str, set[str]]) -> AreaDates:
        a = g.nodes[f"Area:{code}"]

        def named(codes: Iterable[str]) -> list[NamedArea]:
            return sorted((NamedArea(code=c, name=str(g.nodes[f"Area:{c}"].get("name", c)))
                           for c in codes if f"Area:{c}" in g), key=lambda n: (n.name.lower(), n.code))

        def same_kind(day: Any, field: str) -> list[str]:
            mine = lads.get(code, set())
            return [str(b["code"]) for _, b in g.nodes(data=True)
                    if b.get("label") == "Area" and b.get("kind") == a.get("kind") and b.get(field) == day
                    and b.get("code") != code and lads.get(str(b["code"]), set()) & mine]

        valid_to, valid_from = a.get("valid_to"), a.get("valid_from")
        successors = [str(c) for c in a.get("successors") or []] or (same_kind(valid_to, "valid_from") if valid_to else [])
        stated = [str(b["code"]) for _, b in g.nodes(data=True)
                  if b.get("label") == "Area" and code in (b.get("successors") or [])]
        predecessors = stated or (same_kind(valid_from, "valid_to") if valid_from else [])
        return AreaDates(code=code, name=str(a.get("name", code)), kind=str(a.get("kind", "")),
                         valid_from=str(valid_from)[:10] if valid_from else None,
                         valid_to=str(valid_to)[:10] if valid_to else None,
                         successors=named(successors), predecessors=named(predecessors))

    def change_dates(self, scenario: str | None = None) -> list[str]:
        """Every date after today on which something in the graph starts or ends (ISO, in order)."""
        def make() -> list[str]:
            g, _, _ = self._all_dates(scenario)
            today = date.today().isoformat()
            found = {str(a.get(f))[:10] for _, a in g.nodes(data=True) for f in ("valid_from", "valid_to") if a.get(f)}
            found |= {str(e.get(f))[:10] for _, _, e in g.edges(data=True) for f in ("valid_from", "valid_to") if e.get(f)}
            return sorted(d for d in found if d > today)
        return self.cached(("change-dates", scenario, date.today()), make)

    def changes_ahead(self, code: str, on: date | None = None, scenario: str | None = None) -> list[DatedChange]:
        """Dated changes after ``on`` (default today) that touch the area: the area itself, the bodies
        whose footprint meets its districts, and its districts moving between areas; by date."""
        day = (on or date.today()).isoformat()

        def make() -> list[DatedChange]:
            g, _, lads = self._all_dates(scenario)
            mine = lads.get(code, set())
            events: dict[str, list[str]] = {}

            def add(when: Any, text: str) -> None:
                if when and str(when)[:10] > day:
                    events.setdefault(str(when)[:10], []).append(text)

            area = g.nodes.get(f"Area:{code}", {})
            add(area.get("valid_to"), f"{area.get('name', code)} ends")
            touching: set[str] = set()
            for u, v, e in g.edges(data=True):
                if e.get("type") == "COVERS" and lads.get(str(g.nodes[v].get("code")), set()) & mine:
                    touching.add(u)
                elif (e.get("type") == "PART_OF" and str(g.nodes[u].get("code")) in mine
                      and g.nodes[u].get("kind") == "LAD" and g.nodes[v].get("kind") != "CSP"):
                    what = f"{g.nodes[u].get('name')} joins {g.nodes[v].get('name')} ({g.nodes[v].get('kind')})"
                    add(e.get("valid_from"), what)
            for b in sorted(touching):
                attrs = g.nodes[b]
                add(attrs.get("valid_from"), f"{attrs.get('name')} starts")
                add(attrs.get("valid_to"), f"{attrs.get('name')} ends")
            return [DatedChange(date=d, what=sorted(set(w), key=str.lower)) for d, w in sorted(events.items())]

        return self.cached(("changes-ahead", code, day, scenario), make)

    def claims_of(self, detail: BodyDetail) -> list[ClaimRow]:
        return detail.claims


def _long(iso_day: str) -> str:
    day = date.fromisoformat(iso_day)
    return f"{day.day} {day:%B} {day.year}"


_AREA_RANK = {k: i for i, k in enumerate(("LAD", "CTYUA", "CSP", "PFA", "FRA", "ICB", "LHB", "SICBL", "RGN", "CTRY"))}
