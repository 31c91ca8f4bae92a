"""The Neo4j store: a GraphDocument written to a real server, all-or-nothing and idempotently.

A load first makes sure the four uniqueness constraints exist (schema changes cannot share a
transaction with data writes), then writes every node and relationship in ONE explicit write
transaction through ``execute_write``: batched ``UNWIND $rows ... MERGE ... SET x = row.props``
statements (``CREATE`` when the store holds no element yet), so a failure anywhere (a bad value in the last batch, a dropped connection, a
terminated transaction) rolls the whole load back, and a retry by the driver simply runs the
same idempotent unit of work again.

What is stored is exactly the projection of ``stores.base``: node properties are the
``node_rows`` attributes without ``label`` (it is the node's label), relationship properties
the ``edge_rows`` attributes without ``type`` (it is the relationship's type) but with ``key``,
the merge key that makes a relationship the same one on a second load. ``graph()`` adds
``label`` and ``type`` back, so both stores project the same networkx graph for the same data.

Labels and relationship types reach the query text only through allow-lists of literal words
that a test holds equal to the vocabulary enums; every value travels as a parameter. The password lives in the driver only:
no message, repr or ``location`` shows it.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, LiteralString

from .. import __version__
from ..errors import StoreError
from ..graphmodel.projection import edge_attrs, edge_identity, node_attrs, node_key
from .base import DatasetInfo, LoadSummary, now_utc, paused_gc, removal_document
from .cache import ProjectionCache

if TYPE_CHECKING:
    import networkx as nx
    from neo4j import Driver, ManagedTransaction

    from ..config import Settings
    from ..graphmodel import Issue, Relationship, Source
    from ..graphmodel.nodes import Node
    from ..graphmodel import GraphDocument

__all__ = ["DEFAULT_BATCH_SIZE", "KEY_PROPERTY", "LABELS", "REL_TYPES", "Batch", "Neo4jStore", "plan"]

# The driver logs dropped connections and retries at WARNING/ERROR; with no logging configured
# Python would print them to stderr beside our one-line error. A NullHandler keeps them quiet
# unless the application configures logging (they still propagate to its handlers).
logging.getLogger("neo4j").addHandler(logging.NullHandler())

# Measured with benchmarks/neo4j_load.py (2 cores, Neo4j 5.26.30, 1 GB heap): 5k-20k rows per
# statement are within a few per cent of each other; 10k keeps each statement's memory modest.
DEFAULT_BATCH_SIZE = 10_000
DEFAULT_RETRY_SECONDS = 30.0
CONNECT_TIMEOUT_SECONDS = 10.0
# Bolt only: the driver's preview HTTP transport is neither stable nor what a load needs.
BOLT_SCHEMES = ("bolt", "neo4j", "bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc")

# The allow-lists: the only words that can appear as labels, keys and relationship types in query
# text. They are literal strings (PEP 675), so the statements built from them stay LiteralString,
# and tests/stores/test_neo4j.py holds them equal to the vocabulary enums.
KEY_PROPERTY: dict[str, LiteralString] = {"Area": "code", "Body": "id", "Issue": "id", "Source": "id"}
LABELS: dict[str, LiteralString] = {"Area": "Area", "Body": "Body", "Issue": "Issue", "Source": "Source"}
REL_TYPES: dict[str, LiteralString] = {
    "PART_OF": "PART_OF", "COVERS": "COVERS", "MEMBER_OF": "MEMBER_OF", "ACCOUNTABLE_TO": "ACCOUNTABLE_TO",
    "FUNDS": "FUNDS", "COMMISSIONS": "COMMISSIONS", "SHARES_INFORMATION_WITH": "SHARES_INFORMATION_WITH",
    "LEADS": "LEADS", "SUPPORTS": "SUPPORTS", "PRIORITISES": "PRIORITISES",
    "HOLDS_DUTY": "HOLDS_DUTY",
}
_NAME = re.compile(r"^[A-Z][A-Za-z_]*$")  # the shape of every vocabulary label and type

CONSTRAINTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT area_code IF NOT EXISTS FOR (n:Area) REQUIRE n.code IS UNIQUE",
    "CREATE CONSTRAINT body_id IF NOT EXISTS FOR (n:Body) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT issue_id IF NOT EXISTS FOR (n:Issue) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (n:Dataset) REQUIRE n.name IS UNIQUE",
)

# The projection reads only our labels and types, so other data in the same database is ignored.
# It comes back as lists of up to $chunk rows per record, not a record per element: the driver's
# work per record (about 30 us: a Record, its hydration, its dict) was 90% of the projection's
# client time (0.67 s of CPU for the national graph's 23,000 elements, 0.06 s in chunks;
# benchmarks/bench_projection.py). Only references are collected whole, so the server's memory
# holds one chunk's properties at a time, as when it streamed records.
READ_CHUNK = 2000
READ_NODES: LiteralString = (
    "MATCH (n) WHERE n:Area OR n:Body OR n:Issue OR n:Source WITH collect(n) AS found "
    "UNWIND range(0, size(found) - 1, $chunk) AS i "
    "RETURN [n IN found[i..i + $chunk] | [elementId(n), labels(n), properties(n)]] AS rows"
)
# The joint bodies (``Body.replaces``) and the sources they cite: all that a load needs to read
# before it writes (``loaders.dataset.joint_arrangements``). The property is named by parameter,
# so a database where no body has it yet does not warn of an unknown property key.
READ_JOINT_BODIES: LiteralString = (
    "MATCH (b:Body) WHERE b[$replaces] IS NOT NULL "
    "OPTIONAL MATCH (s:Source {id: b.source}) "
    "RETURN properties(b) AS body, properties(s) AS source"
)
READ_RELATIONSHIPS: LiteralString = (
    "MATCH ()-[r]->() WHERE type(r) IN $types WITH collect(r) AS found "
    "UNWIND range(0, size(found) - 1, $chunk) AS i "
    "RETURN [r IN found[i..i + $chunk] | [elementId(startNode(r)), elementId(endNode(r)), type(r), properties(r)]] "
    "AS rows"
)

# One statement per label (and per start label, type and end label): what it writes depends on
# parameters, not on the statement's text. ``$names`` are the datasets this load restates whole,
# ``$stated`` the ones that state the batch's rows (the rows do not carry them: one list per
# statement, not one per row): a row's ``datasets`` becomes the names it has from other datasets
# plus ``$stated``, sorted. A row is written whole, except a "keep" row (the document's
# ``keep_existing``: the skeleton under a user dataset), whose properties are written only where
# the element is new or where ``$stated`` (the skeleton) is left as the only dataset stating it
# (``$keep_alone``), so loading dataset B never reverts what dataset A said about a skeleton body,
# while a body A stops restating gets the skeleton's version back. Unchanged elements are not
# written at all. Created elements are counted by the server (``summary.counters``); ``touched``
# counts the rows written, so changed = touched - created, without a second read per row
# (``properties(n)`` is the element MERGE just found or made). Measured (PROFILE, x1, loaded
# machine): writing a new element's properties in ``MERGE ... ON CREATE SET`` instead, to skip the
# comparison for it, was slower on the server (1.2-1.6 s against 0.8-1.3 s: 3.5x the database hits
# inside the locking MERGE and one more Eager), so every row takes the one conditional SET below.
_SORTED: LiteralString = "reduce(s = [], x IN others + $stated | [y IN s WHERE y < x] + [x] + [y IN s WHERE y > x])"
_WRITE: LiteralString = """WITH {var}, row.props AS given, properties({var}) AS old
WITH {var}, given {{.*, datasets: $stated}} AS props, old, [x IN coalesce(old.datasets, []) WHERE NOT x IN $names] AS others
WITH {var}, old, CASE
  WHEN $keep AND size(keys(old)) > 1 AND (others <> [] OR NOT $keep_alone) THEN old {{.*, datasets: SORTED}}
  WHEN others = [] THEN props
  ELSE props {{.*, datasets: SORTED}} END AS new
FOREACH (_ IN CASE WHEN new <> old THEN [1] ELSE [] END | SET {var} = new)
RETURN count(*) AS rows, sum(CASE WHEN new <> old THEN 1 ELSE 0 END) AS touched""".replace("SORTED", _SORTED)

_NODE_TEMPLATE: LiteralString = """UNWIND $rows AS row
MERGE (n:{label} {{{key}: row.key}})
""" + _WRITE.replace("{var}", "n")

_REL_TEMPLATE: LiteralString = """UNWIND $rows AS row
MATCH (a:{start_label} {{{start_key}: row.start}})
MATCH (b:{end_label} {{{end_key}: row.end}})
MERGE (a)-[r:{type} {{key: row.key}}]->(b)
""" + _WRITE.replace("{var}", "r")

# A load into a store that holds no graph element yet (the first load, the usual big one) has
# nothing to compare with and nobody else's datasets to keep: every row is new. It CREATEs them
# (the document has no duplicates: ``GraphDocument`` refuses them, and the uniqueness constraints
# would refuse a node written twice) instead of MERGE, comparing and conditionally setting. The
# same rows make the same graph either way (a test compares both paths). A load that starts
# while another is writing into the same empty store fails on the uniqueness constraint rather
# than writing anything twice.
_CREATE_SET: LiteralString = """SET {var} = row.props, {var}.datasets = $stated
RETURN count(*) AS rows, count(*) AS touched"""
_CREATE_NODE_TEMPLATE: LiteralString = """UNWIND $rows AS row
CREATE (n:{label})
""" + _CREATE_SET.replace("{var}", "n")
_CREATE_REL_TEMPLATE: LiteralString = """UNWIND $rows AS row
MATCH (a:{start_label} {{{start_key}: row.start}})
MATCH (b:{end_label} {{{end_key}: row.end}})
CREATE (a)-[r:{type}]->(b)
""" + _CREATE_SET.replace("{var}", "r")
# Whether the store holds any graph element: four reads of the label counts, no scan.
HOLDS_ELEMENTS: LiteralString = """CALL () { MATCH (n:Area) RETURN count(n) AS c UNION ALL MATCH (n:Body) RETURN count(n) AS c
  UNION ALL MATCH (n:Issue) RETURN count(n) AS c UNION ALL MATCH (n:Source) RETURN count(n) AS c }
RETURN sum(c) > 0 AS holds"""

# The registry: one (:Dataset {name}) node per loaded dataset, outside the graph's own labels (the
# projection and every query read only Area, Body, Issue and Source). The first statement of a load
# locks its datasets' registry nodes, so two loads of one dataset take turns.
DATASET_LOCK: LiteralString = """UNWIND $names AS name
MERGE (d:Dataset {name: name})
SET d.locked = true
REMOVE d.locked
RETURN d.name AS name, d.loaded_at AS loaded_at, d.source AS source, d.nodes AS nodes,
       d.relationships AS relationships"""
DATASET_SET: LiteralString = """MATCH (d:Dataset {name: $name})
SET d.loaded_at = $loaded_at, d.source = $source, d.nodes = $nodes, d.relationships = $relationships"""
DATASET_FORGET: LiteralString = "MATCH (d:Dataset {name: $name}) DELETE d"
READ_DATASETS: LiteralString = """MATCH (d:Dataset) RETURN d.name AS name, d.loaded_at AS loaded_at, d.source AS source,
       d.nodes AS nodes, d.relationships AS relationships ORDER BY name"""

# What a load's datasets no longer state: relationships first, then nodes (a node that some
# relationship still touches stays, stated by nobody), removed or, with ``$history``, end-dated.
# An element not yet in force on ``$today`` never held: with history it goes as without (ending it
# would give valid_to before valid_from).
_WITHDRAW: LiteralString = """WITH {var}, [x IN {var}.datasets WHERE NOT x IN $names] AS ds,
     $history AND coalesce({var}.valid_from <= $today, true) AS dated
WITH {var}, ds, ds = [] AND dated AS ending, ds = [] AND NOT dated AND {free} AS removing
SET {var}.datasets = ds
FOREACH (_ IN CASE WHEN ending THEN [1] ELSE [] END |
  SET {var}.valid_to = CASE WHEN {var}.valid_to IS NOT NULL AND {var}.valid_to < $today THEN {var}.valid_to
                            ELSE $today END)
FOREACH (_ IN CASE WHEN removing THEN [1] ELSE [] END | DELETE {var})
RETURN count(*) AS matched, sum(CASE WHEN ending THEN 1 ELSE 0 END) AS ended,
       sum(CASE WHEN removing THEN 1 ELSE 0 END) AS removed"""
_NODE_KEY: LiteralString = ("CASE WHEN {v}:Area THEN 'Area:' + {v}.code WHEN {v}:Body THEN 'Body:' + {v}.id "
                            "WHEN {v}:Issue THEN 'Issue:' + {v}.id ELSE 'Source:' + {v}.id END")
_WITHDRAW_NODES: LiteralString = """MATCH (n:{label}) WHERE any(x IN n.datasets WHERE x IN $names) AND NOT n.{key} IN $keys
""" + _WITHDRAW.replace("{var}", "n").replace("{free}", "NOT EXISTS {{ (n)--() }}")
_WITHDRAW_RELS: LiteralString = ("""MATCH (a)-[r:{type}]->(b) WHERE any(x IN r.datasets WHERE x IN $names)
  AND NOT (""" + _NODE_KEY.replace("{v}", "a") + " + '\u001f' + r.key + '\u001f' + "
    + _NODE_KEY.replace("{v}", "b") + ") IN $keys\n"
    + _WITHDRAW.replace("{var}", "r").replace("{free}", "true"))


#: What the driver imports when installed, for ``Result.to_df`` and vector hydration, neither of
#: which partnership-graph calls: pandas (with numpy) was 1.5 s of every Neo4j command's start-up
#: where it is installed (analysts' environments, and the test extras).
_DRIVER_OPTIONAL = ("pandas", "pyarrow", "numpy")


def _import_driver() -> None:
    """Import the neo4j driver without the optional libraries it would load, unless this process
    has them already (then the driver uses them as usual). Meant for the first import, from
    ``connect``; later imports find the driver in ``sys.modules``."""
    import sys

    if "neo4j" in sys.modules:
        return
    hidden = [name for name in _DRIVER_OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of a None entry raises ImportError
    try:
        import neo4j  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


def _label(word: str) -> LiteralString:
    if word not in LABELS or not _NAME.match(word):
        raise StoreError(f"refusing to write unknown node label {word!r}")  # a bug, never input
    return LABELS[word]


def _rel_type(word: str) -> LiteralString:
    if word not in REL_TYPES or not _NAME.match(word):
        raise StoreError(f"refusing to write unknown relationship type {word!r}")
    return REL_TYPES[word]


def node_query(label: str, *, fresh: bool = False) -> LiteralString:
    """The MERGE statement for one label (``fresh``: the CREATE for a store with no elements);
    the label is allow-listed before it is formatted in."""
    word = _label(label)
    return (_CREATE_NODE_TEMPLATE if fresh else _NODE_TEMPLATE).format(label=word, key=KEY_PROPERTY[word])


def relationship_query(start_label: str, rel_type: str, end_label: str, *, fresh: bool = False) -> LiteralString:
    """The MERGE statement for one (start label, type, end label) combination (``fresh``: CREATE)."""
    start, end, word = _label(start_label), _label(end_label), _rel_type(rel_type)
    return (_CREATE_REL_TEMPLATE if fresh else _REL_TEMPLATE).format(
        start_label=start, start_key=KEY_PROPERTY[start], end_label=end, end_key=KEY_PROPERTY[end], type=word)


def withdraw_nodes_query(label: str) -> LiteralString:
    word = _label(label)
    return _WITHDRAW_NODES.format(label=word, key=KEY_PROPERTY[word])


def withdraw_relationships_query(rel_type: str) -> LiteralString:
    return _WITHDRAW_RELS.format(type=_rel_type(rel_type))


class Rows(list[Any]):
    """A statement's rows (or keys), with a short ``repr``: the driver formats every RUN message's
    parameters for its debug log whether or not that log is on (neo4j 6.4.1,
    ``_bolt5.py``, ``" ".join(map(repr, fields))``), which for a load cost about as much as
    encoding the rows (1.2 s of 3.4 s for 206k rows)."""

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


class Batch:
    """One statement of a load: ``element`` is "node" or "relationship"; ``params`` go with ``rows``.

    ``rows`` may be given, or made on first use by ``build`` (``size`` of them): a load builds the
    next statement's rows while the server runs the current one, so building them (pydantic
    dumps, most of a load's time in Python) is off the critical path but for the first statement.
    """

    def __init__(self, element: str, query: LiteralString, rows: list[dict[str, Any]] | None = None,
                 params: dict[str, Any] | None = None, *, build: Callable[[], list[dict[str, Any]]] | None = None,
                 size: int | None = None, fresh_query: LiteralString | None = None) -> None:
        if (rows is None) == (build is None):
            raise ValueError("give a batch either its rows or how to build them")
        self.element = element
        self.query = query
        self.fresh_query = fresh_query   # the same rows' statement for a store with no elements yet
        self.params: dict[str, Any] = params if params is not None else {}
        self._rows = None if rows is None else Rows(rows)
        self._build = build
        self.size = len(rows) if rows is not None else (size or 0)

    @property
    def rows(self) -> Rows:
        if self._rows is None:
            assert self._build is not None
            self._rows = Rows(self._build())
            self._build = None
        return self._rows

    def __repr__(self) -> str:
        return f"Batch({self.element!r}, {self.size} rows)"


def _node_rows(nodes: list[Node | Issue | Source]) -> Callable[[], list[dict[str, Any]]]:
    return lambda: [{"key": node.key, "props": node_attrs(node)} for node in nodes]


def _rel_rows(rels: list[Relationship]) -> Callable[[], list[dict[str, Any]]]:
    def build() -> list[dict[str, Any]]:
        rows = []
        for rel in rels:
            attrs = edge_attrs(rel)
            rows.append({"start": rel.start, "end": rel.end, "key": attrs["key"], "props": attrs})
        return rows

    return build


def plan(doc: GraphDocument, batch_size: int = DEFAULT_BATCH_SIZE) -> list[Batch]:
    """The statements a load runs, in order: nodes by label, then relationships by type.

    Properties come from ``node_attrs`` / ``edge_attrs``, the functions the embedded store's rows
    come from, so both stores hold the same properties; ``datasets`` (the datasets the document
    says state the row) travels as the statement's ``$stated``. Rows are grouped by statement, by
    whether they are "keep" rows and by those datasets; groups keep the order of their first row.
    The rows themselves are made when a batch's ``rows`` is first read (see ``Batch``).
    """
    if batch_size < 1:
        raise StoreError("batch size must be at least 1")
    keep = doc.keep_existing
    names = doc.dataset_names()
    keep_alone = doc.base_dataset is not None
    # Without keep rows or restated base elements, every element is stated by the same datasets
    # (``stated_by`` of any identity): no identity strings to build per element.
    uniform = None if keep or doc.base_overridden else tuple(doc.stated_by(""))

    node_groups: dict[tuple[str, bool, tuple[str, ...]], list[Node | Issue | Source]] = {}
    for node in doc.nodes():
        label = node.label.value
        if uniform is None:
            ident = node_key(label, node.key)
            group = (label, ident in keep, tuple(doc.stated_by(ident)))
        else:
            group = (label, False, uniform)
        node_groups.setdefault(group, []).append(node)
    ends: dict[type[Relationship], tuple[str, str]] = {}
    rel_groups: dict[tuple[str, str, str, bool, tuple[str, ...]], list[Relationship]] = {}
    for rel in doc.relationships():
        cls = type(rel)
        if cls not in ends:
            ends[cls] = (rel.start_label.value, rel.end_label.value)
        start_label, end_label = ends[cls]
        rel_type = rel.rel_type
        if uniform is None:
            ident = edge_identity(node_key(start_label, rel.start), node_key(end_label, rel.end),
                                  f"{rel_type}|{rel.merge_key}")
            rel_group = (start_label, rel_type, end_label, ident in keep, tuple(doc.stated_by(ident)))
        else:
            rel_group = (start_label, rel_type, end_label, False, uniform)
        rel_groups.setdefault(rel_group, []).append(rel)
    batches: list[Batch] = []
    for (label, keep_rows, node_ds), nodes in node_groups.items():
        query, fresh = node_query(label), node_query(label, fresh=True)
        params = {"names": names, "stated": list(node_ds), "keep": keep_rows, "keep_alone": keep_alone}
        for i in range(0, len(nodes), batch_size):
            part = nodes[i:i + batch_size]
            batches.append(Batch("node", query, params=params, build=_node_rows(part), size=len(part),
                                 fresh_query=fresh))
    for (start_label, rel_type, end_label, keep_rows, rel_ds), rels in rel_groups.items():
        query = relationship_query(start_label, rel_type, end_label)
        fresh = relationship_query(start_label, rel_type, end_label, fresh=True)
        params = {"names": names, "stated": list(rel_ds), "keep": keep_rows, "keep_alone": keep_alone}
        for i in range(0, len(rels), batch_size):
            rel_part = rels[i:i + batch_size]
            batches.append(Batch("relationship", query, params=params, build=_rel_rows(rel_part), size=len(rel_part),
                                 fresh_query=fresh))
    return batches


def withdrawals(doc: GraphDocument) -> list[Batch]:
    """The statements that take the load's datasets off what it no longer states (``rows`` empty;
    ``params["keys"]`` holds what the load does state, per label or relationship type)."""
    node_keys: dict[str, list[str]] = {label: [] for label in LABELS}
    for node in doc.nodes():
        node_keys[node.label.value].append(node.key)
    rel_keys: dict[str, list[str]] = {t: [] for t in REL_TYPES}
    for rel in doc.relationships():
        rel_keys[rel.rel_type].append(f"{rel.start_label.value}:{rel.start}\x1f{rel.merge_key}\x1f"
                                      f"{rel.end_label.value}:{rel.end}")
    return ([Batch("relationship", withdraw_relationships_query(t), [], {"keys": Rows(keys)})
             for t, keys in rel_keys.items()]
            + [Batch("node", withdraw_nodes_query(label), [], {"keys": Rows(keys)}) for label, keys in node_keys.items()])


# The server may refuse the memory while a statement runs or only when the load commits.
TOO_BIG = ("the load does not fit in one Neo4j transaction with the server's memory limits; raise the heap and "
           "dbms.memory.transaction.total.max (see docs/neo4j.md)")


@dataclass
class _Prepared:
    """A document's write statements and the count of what each dataset it restates states."""

    doc: GraphDocument
    batches: list[Batch]
    names: list[str]
    refs: dict[str, Any]
    stated: dict[str, list[int]]


def _prepare(doc: GraphDocument, batch_size: int) -> _Prepared:
    batches = plan(doc, batch_size)
    names = doc.dataset_names()
    stated = {name: [0, 0] for name in names}
    for batch in batches:
        for name in batch.params["stated"]:
            stated[name][batch.element != "node"] += batch.size
    return _Prepared(doc, batches, names, {d.name: d for d in (doc.base_dataset, doc.dataset) if d is not None},
                     stated)


def _joint_graph(records: Iterable[Any]) -> nx.MultiDiGraph[str]:
    """The joint bodies and their sources (``READ_JOINT_BODIES``' records) as projection nodes."""
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for rec in records:
        for label, props in (("Body", rec["body"]), ("Source", rec["source"])):
            if props and KEY_PROPERTY[label] in props:
                g.add_node(node_key(label, str(props[KEY_PROPERTY[label]])), **{**props, "label": label})
    return g


class _Abort(Exception):
    """Raised inside the unit of work to roll back without a retry (not a driver error)."""


def _one_line(text: str, limit: int = 240) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _public_uri(uri: str) -> str:
    """The URI without any ``user:password@`` part, fit to show (up to the last ``@`` of the
    authority, so a password with an unencoded ``@`` does not leave its tail behind)."""
    return re.sub(r"//[^/?#\s]*@", "//", uri)


def _scrubbed(text: str, uri: str, password: str | None) -> str:
    """Driver text fit to show: the driver quotes the URI it was given, user info and all."""
    text = _public_uri(text.replace(uri, _public_uri(uri)))
    return text.replace(password, "********") if password else text


class Neo4jStore:
    """A GraphDocument store on a Neo4j 5 server, reached with the official driver.

    Open it with ``connect(settings)``; it is a context manager and owns one driver (one
    connection pool) until ``close()``.
    """

    kind = "neo4j"

    def __init__(self, driver: Driver, uri: str, user: str, database: str | None = None,
                 batch_size: int = DEFAULT_BATCH_SIZE):
        _import_driver()
        from neo4j import GraphDatabase

        self._driver = driver
        self.cache = ProjectionCache()
        self.uri = _public_uri(uri)
        self.location = self.uri
        self.user = user
        self.database = database
        self.batch_size = batch_size
        # Sessions share one bookmark manager: every read sees the writes before it, also on clusters.
        self._bookmarks = GraphDatabase.bookmark_manager()
        self._constraints_ready = False
        self._graph: nx.MultiDiGraph[str] | None = None

    # -- connecting ---------------------------------------------------------------------
    @classmethod
    def connect(cls, settings: Settings, *, batch_size: int = DEFAULT_BATCH_SIZE,
                max_retry_seconds: float = DEFAULT_RETRY_SECONDS) -> Neo4jStore:
        """Open a driver and check now that the server answers and takes the credentials.

        Failing here, with one sentence, beats failing at the first query with a driver traceback.
        ``max_retry_seconds`` bounds how long transient failures (a dropped connection, a
        deadlock, a leader switch) are retried before giving up.
        """
        _import_driver()
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

        uri = _public_uri(settings.neo4j_uri)
        password = settings.neo4j_password.get()
        if not password:
            raise StoreError("no Neo4j password: set NEO4J_PASSWORD (it is read only from the environment)")
        scheme = settings.neo4j_uri.partition("://")[0].lower()
        if scheme not in BOLT_SCHEMES:
            raise StoreError(f"invalid Neo4j URI {uri!r}: use bolt://host:port or neo4j://host:port "
                             f"(or {', '.join(s + '://' for s in BOLT_SCHEMES[2:])})")
        try:
            driver = GraphDatabase.driver(
                settings.neo4j_uri, auth=(settings.neo4j_user, password),
                connection_timeout=CONNECT_TIMEOUT_SECONDS, max_transaction_retry_time=max_retry_seconds,
                user_agent=f"partnership-graph/{__version__}")
        except (ConfigurationError, ValueError) as e:
            detail = _one_line(_scrubbed(str(e), settings.neo4j_uri, password))
            raise StoreError(f"invalid Neo4j URI {uri!r}: {detail} "
                             "(use bolt://host:port or neo4j://host:port)") from None
        try:
            driver.verify_connectivity()
        except AuthError as e:
            driver.close()
            raise StoreError(_auth_message(uri, settings.neo4j_user, e)) from None
        except ServiceUnavailable:
            driver.close()
            raise StoreError(f"cannot reach Neo4j at {uri} (is it running? start one with "
                             "tools/neo4j-local/neo4j-local start)") from None
        except Neo4jError as e:
            driver.close()
            if "AuthenticationRateLimit" in (e.code or ""):
                raise StoreError(_auth_message(uri, settings.neo4j_user, e)) from None
            raise StoreError(f"Neo4j at {uri} refused the connection: "
                             f"{e.code}: {_one_line(e.message or '')}") from None
        except Exception:
            driver.close()
            raise
        return cls(driver, settings.neo4j_uri, settings.neo4j_user, settings.neo4j_database, batch_size)

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.location!r}, user={self.user!r})"

    def close(self) -> None:
        self._graph = None
        self._driver.close()

    def _session(self) -> Any:
        return self._driver.session(database=self.database, bookmark_manager=self._bookmarks)

    # -- writing ------------------------------------------------------------------------
    def ensure_constraints(self) -> None:
        """Create the uniqueness constraints if they are missing (a no-op once they exist)."""
        if self._constraints_ready:
            return
        with self._errors("create the uniqueness constraints"), self._session() as session:
            for statement in CONSTRAINTS:
                session.run(statement).consume()
        self._constraints_ready = True

    def load(self, doc: GraphDocument, *, batch_size: int | None = None,
             on_batch: Callable[[int, int], None] | None = None, keep_history: bool = False,
             today: datetime.date | None = None, create_when_empty: bool = True,
             _forget: str | None = None) -> LoadSummary:
        """MERGE ``doc`` into the database in one transaction: all of it, or nothing.

        The datasets the document names are replaced whole, as in the embedded store: what they
        stated before and no longer do loses their name and, stated by no dataset, is removed or,
        with ``keep_history``, end-dated at ``today`` (default: the current date).
        ``on_batch(done, total)`` is called after each write statement inside the transaction
        (for progress); if the driver retries the transaction, counting starts again. Into a
        store with no graph elements the rows are CREATEd rather than merged (same result, no
        comparisons); ``create_when_empty=False`` merges them anyway (tests and benchmarks).
        ``summary.extra["created_fresh"]`` says which was done.
        """
        return self.load_with(lambda _joint: doc, batch_size=batch_size, on_batch=on_batch,
                              keep_history=keep_history, today=today, create_when_empty=create_when_empty,
                              forget=_forget, _prepared=doc)

    def load_with(self, build: Callable[[nx.MultiDiGraph[str]], GraphDocument], *, datasets: Iterable[str] = (),
                  batch_size: int | None = None, on_batch: Callable[[int, int], None] | None = None,
                  keep_history: bool = False, today: datetime.date | None = None, create_when_empty: bool = True,
                  forget: str | None = None, _prepared: GraphDocument | None = None) -> LoadSummary:
        """Load the document ``build`` makes from the joint arrangements the store holds (the graph
        ``joint_arrangements_graph`` gives), read in the write's own transaction once the
        registry nodes of ``datasets`` (what the document will restate) are locked: a load of
        another dataset restating the same skeleton waits, so neither loses the other's joint
        arrangements. ``forget`` deletes that dataset's registry node in the same transaction.
        """
        from neo4j.exceptions import TransientError

        started = time.perf_counter()
        self._graph = None
        ended = (today or datetime.date.today()).isoformat()
        self.ensure_constraints()

        size = batch_size or self.batch_size
        ready: list[_Prepared] = [_prepare(_prepared, size)] if _prepared is not None else []
        lock_first = sorted(set(datasets))

        @contextmanager
        def memory_limit() -> Iterator[None]:
            try:
                yield
            except TransientError as e:
                if "MemoryPoolOutOfMemoryError" in (e.code or ""):
                    raise _Abort(TOO_BIG) from None
                raise

        def outcome(result: Any) -> tuple[Any, Any]:
            """A statement's one record and the server's counters."""
            with memory_limit():
                return result.single(strict=True), result.consume().counters

        def run(tx: ManagedTransaction, query: LiteralString, **params: Any) -> tuple[Any, Any]:
            with memory_limit():
                result = tx.run(query, params)
            return outcome(result)

        fresh_used = [False]

        def count(summary: LoadSummary, done: int, batch: Batch, result: Any) -> None:
            record, counters = outcome(result)
            if record["rows"] != len(batch.rows):
                raise _Abort(f"{len(batch.rows) - record['rows']} {batch.element} row(s) found no "
                             "matching start or end node in the database")
            if batch.element == "node":
                created = counters.nodes_created
                summary.nodes_created += created
                summary.nodes_changed += record["touched"] - created
                summary.nodes_unchanged += record["rows"] - record["touched"]
            else:
                created = counters.relationships_created
                summary.relationships_created += created
                summary.relationships_changed += record["touched"] - created
                summary.relationships_unchanged += record["rows"] - record["touched"]
            if on_batch is not None:
                on_batch(done, len(ready[0].batches))

        def write_all(tx: ManagedTransaction) -> LoadSummary:
            summary = LoadSummary()
            if _prepared is None:  # built here, from what this transaction reads (again on a retry)
                if lock_first:
                    tx.run(DATASET_LOCK, names=lock_first).consume()
                ready[:] = [_prepare(build(_joint_graph(tx.run(READ_JOINT_BODIES, replaces="replaces"))), size)]
            prepared = ready[0]
            batches, names, refs, stated, doc = prepared.batches, prepared.names, prepared.refs, prepared.stated, prepared.doc
            registry = {r["name"]: r for r in tx.run(DATASET_LOCK, names=names).data()} if names else {}
            fresh = create_when_empty and not tx.run(HOLDS_ELEMENTS).single(strict=True)["holds"]
            fresh_used[0] = fresh
            # Pipelined: statement k+1 is encoded and sent while the server still runs statement k
            # (Bolt queues it; the driver keeps k's result), and the rows of k+2 are built while it
            # runs k+1, so the client's work is off the server's critical path but for the first
            # statement. A statement's result is read (and checked) once the next one is on its way;
            # a failure anywhere still fails the one transaction.
            pending: tuple[int, Batch, Any] | None = None
            for done, batch in enumerate(batches, start=1):
                query = batch.fresh_query if fresh and batch.fresh_query is not None else batch.query
                with memory_limit():
                    result = tx.run(query, {"rows": batch.rows, **batch.params})
                if pending is not None:
                    count(summary, *pending)
                pending = (done, batch, result)
                if done < len(batches):
                    batches[done].rows  # noqa: B018 - built now, while the server runs this statement
            if pending is not None:
                count(summary, *pending)
            known = [n for n in names if registry.get(n, {}).get("loaded_at") is not None]
            if known:  # nothing can carry a name that was never loaded: a first load skips this
                for batch in withdrawals(doc):
                    record, _ = run(tx, batch.query, names=known, history=keep_history, today=ended,
                                    **batch.params)
                    kept = record["matched"] - record["ended"] - record["removed"]
                    if batch.element == "node":
                        summary.nodes_changed += kept
                        summary.nodes_ended += record["ended"]
                        summary.nodes_removed += record["removed"]
                    else:
                        summary.relationships_changed += kept
                        summary.relationships_ended += record["ended"]
                        summary.relationships_removed += record["removed"]
            now = now_utc()
            for name in names:
                entry: dict[str, Any] = {"source": refs[name].source, "nodes": stated[name][0], "relationships": stated[name][1]}
                old = registry.get(name, {})
                if old.get("loaded_at") is None or summary.changed_anything or \
                        {k: old.get(k) for k in entry} != entry:
                    tx.run(DATASET_SET, name=name, loaded_at=now, **entry).consume()
            if forget is not None:
                tx.run(DATASET_FORGET, name=forget).consume()
            return summary

        # the rows are tens of thousands of acyclic dicts: no cyclic collection while they are made
        with self._errors("load the graph", during_write=True), self._session() as session, paused_gc():
            try:
                summary: LoadSummary = session.execute_write(write_all)
            except _Abort as e:
                raise StoreError(f"the load into Neo4j at {self.location} was rolled back: {e}; "
                                 "nothing was changed") from None
        self._graph = None
        summary.seconds = time.perf_counter() - started
        summary.extra = {"batches": len(ready[0].batches), "batch_size": size,
                         "datasets": ready[0].names, "created_fresh": fresh_used[0]}
        return summary

    def datasets(self) -> list[DatasetInfo]:
        """The datasets loaded, by name, from the (:Dataset) registry nodes."""
        return [DatasetInfo(r["name"], r["loaded_at"] or "", r["source"], r["nodes"] or 0, r["relationships"] or 0)
                for r in self.read(READ_DATASETS)]

    def remove_dataset(self, name: str, *, keep_history: bool = False, today: datetime.date | None = None,
                       restate: Callable[[nx.MultiDiGraph[str]], GraphDocument | None] | None = None,
                       ) -> LoadSummary:
        """Withdraw everything the dataset ``name`` states, as a load of it with nothing in it;
        ``restate(joint arrangements)`` gives the national skeleton to restate in the same
        transaction (``removal_document``; ``datasets.remove`` passes ``skeleton_after_removal``)."""
        from ..suggest import did_you_mean

        loaded = [d.name for d in self.datasets()]
        if name not in loaded:
            hint = did_you_mean(name, loaded) if loaded else "; none is loaded"
            raise StoreError(f"no dataset {name!r} is loaded in Neo4j at {self.location}{hint}")
        from ..loaders.dataset import SKELETON_DATASET

        def build(joint: nx.MultiDiGraph[str]) -> GraphDocument:
            return removal_document(name, restate(joint) if restate is not None else None)

        return self.load_with(build, datasets=[SKELETON_DATASET, name], keep_history=keep_history, today=today,
                              forget=name)

    # -- reading ------------------------------------------------------------------------
    def read(self, cypher: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run one read-only query in a read transaction and return its rows as plain dicts."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(cypher, params)
            rows = [record.data() for record in result]
            result.consume()
            return rows

        with self._errors("read from the database"), self._session() as session:
            rows: list[dict[str, Any]] = session.execute_read(work)
            return rows

    def joint_arrangements_graph(self) -> nx.MultiDiGraph[str]:
        """The joint bodies and their sources only, as nodes of the projection: what every load
        reads first to keep other datasets' joint arrangements, without reading the whole graph."""
        if self._graph is not None:
            return self._graph

        def work(tx: ManagedTransaction) -> nx.MultiDiGraph[str]:
            return _joint_graph(tx.run(READ_JOINT_BODIES, replaces="replaces"))

        with self._errors("read the joint arrangements"), self._session() as session:
            g: nx.MultiDiGraph[str] = session.execute_read(work)
        return g

    def graph(self) -> nx.MultiDiGraph[str]:
        """The networkx projection, identical to the embedded store's for the same data.

        Read in one transaction (element ids are only stable within one); nodes and edges are
        added in sorted order, as the embedded store does, so even iteration order matches.
        """
        if self._graph is not None:
            return self._graph
        import networkx as nx

        def work(tx: ManagedTransaction) -> tuple[list[list[Any]], list[list[Any]]]:
            nodes = [row for record in tx.run(READ_NODES, chunk=READ_CHUNK) for row in record[0]]
            rels = [row for record in tx.run(READ_RELATIONSHIPS, chunk=READ_CHUNK, types=sorted(REL_TYPES))
                    for row in record[0]]
            return nodes, rels

        # some 25,000 records and dicts, none in a cycle: the collector paused (see paused_gc)
        with paused_gc():
            with self._errors("read the graph"), self._session() as session:
                node_records, rel_records = session.execute_read(work)
            keys: dict[str, str] = {}
            nodes: dict[str, dict[str, Any]] = {}
            for eid, labels, props in node_records:
                label = next((lb for lb in labels if lb in LABELS), None)
                if label is None or KEY_PROPERTY[label] not in props:
                    continue
                key = node_key(label, str(props[KEY_PROPERTY[label]]))
                keys[eid] = key
                nodes[key] = {**props, "label": label}
            edges: dict[tuple[str, str, str], dict[str, Any]] = {}
            for start, end, rel_type, props in rel_records:
                u, v = keys.get(start), keys.get(end)
                if u is None or v is None:
                    continue
                edges[(u, v, f"{rel_type}|{props.get('key', '')}")] = {**props, "type": rel_type}
            g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
            g.add_nodes_from((k, nodes[k]) for k in sorted(nodes))
            g.add_edges_from((u, v, k, edges[(u, v, k)]) for (u, v, k) in sorted(edges))  # type: ignore[misc]  # stubs omit keyed 4-tuples
        self._graph = g
        return g

    # -- errors -------------------------------------------------------------------------
    @contextmanager
    def _errors(self, action: str, during_write: bool = False) -> Iterator[None]:
        """Turn driver errors into one-line StoreErrors; query bugs keep their traceback."""
        from neo4j.exceptions import (
            AuthError, ClientError, CypherSyntaxError, DatabaseError, IncompleteCommit, Neo4jError,
            ServiceUnavailable, SessionExpired, TransientError,
        )

        rolled_back = "; nothing was changed" if during_write else ""
        try:
            yield
        except IncompleteCommit:
            raise StoreError(f"the connection to Neo4j at {self.location} dropped while committing, so the "
                             "load may or may not have been applied; run it again (loads are idempotent)"
                             ) from None
        except (ServiceUnavailable, SessionExpired):
            raise StoreError(f"lost the connection to Neo4j at {self.location} while trying to {action}, "
                             f"and retrying did not help{rolled_back}") from None
        except AuthError as e:
            raise StoreError(_auth_message(self.location, self.user, e)) from None
        except CypherSyntaxError:
            raise  # our query text is wrong: a bug, keep the traceback
        except TransientError as e:
            if during_write and "MemoryPoolOutOfMemoryError" in (e.code or ""):
                raise StoreError(f"the load into Neo4j at {self.location} was rolled back: {TOO_BIG}"
                                 f"{rolled_back}") from None
            raise StoreError(f"Neo4j at {self.location} could not {action} even after retrying "
                             f"({e.code}: {_one_line(e.message or '')}){rolled_back}") from None
        except (ClientError, DatabaseError) as e:
            if "Transaction.Terminated" in (e.code or ""):
                raise StoreError(f"the transaction was terminated on the Neo4j server at {self.location} "
                                 f"while trying to {action}{rolled_back}") from None
            if "DatabaseNotFound" in (e.code or ""):
                raise StoreError(f"Neo4j at {self.location} has no database {self.database!r} "
                                 "(check NEO4J_DATABASE)") from None
            verb = "rejected the load" if during_write else f"could not {action}"
            raise StoreError(f"Neo4j at {self.location} {verb} ({e.code}: {_one_line(e.message or '')})"
                             f"{rolled_back}") from None
        except Neo4jError as e:
            raise StoreError(f"Neo4j at {self.location} could not {action} "
                             f"({e.code}: {_one_line(e.message or '')}){rolled_back}") from None


def _auth_message(uri: str, user: str, error: Exception) -> str:
    code = getattr(error, "code", "") or ""
    if "AuthenticationRateLimit" in code:
        return (f"Neo4j at {uri} is refusing logins for a few seconds after repeated wrong passwords "
                f"(check NEO4J_USER / NEO4J_PASSWORD, then try again)")
    return f"Neo4j at {uri} refused the credentials for user {user!r} (check NEO4J_USER / NEO4J_PASSWORD)"

