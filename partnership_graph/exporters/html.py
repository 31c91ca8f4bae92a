"""HTML export: one self-contained, offline page with the interactive network (vis-network).

pyvis 0.3.2 writes pages that fetch vis-network, Bootstrap and tom-select from CDNs (pyvis
#228, #229), and its filter menus can blank the graph (#193), so the page is our own template
(``templates/network.html``) with the vis-network build that pyvis ships
(``pyvis/lib/vis-9.1.2/vis-network.min.js``, Apache-2.0 or MIT) inlined: the page loads nothing
from the network. What the page shows:

- nodes coloured and shaped by body kind (areas grey dots, issues orange stars), edges styled by
  relationship type, and a legend whose entries switch a kind or a type on and off;
- tooltips and a details panel with each fact's source, illustrative claims marked as such;
- filters by area (a county with its districts, or one district) and by issue (with the narrower
  issues), each option's nodes worked out here by ``select.Selector``, the rule ``--area`` and
  ``--issue`` use; with both set the page shows what both show;
- readable as it opens: areas and the footprint (COVERS) and PART_OF lines start switched off
  (tick them in the legend); the layout settles for a bounded number of iterations and is then
  frozen; labels are drawn only where they do not overlap one another (the most connected nodes
  first), and the rest appear on hover or as you zoom in; every label carries the node's kind
  ("Oldham (district)", "Oldham (CSP)"); the layout settles again whenever a filter changes;
- "Find a name" offers every node whose name matches (each with its kind); "Save PNG" and
  "Save SVG" write the current view for board papers (vis-network draws on a canvas, so the SVG
  is drawn by the page from vis-network's positions: nodes, lines and visible labels).

**Escaping.** Every name reaches the page as JSON inside ``<script type="application/json">``,
with ``<``, ``>`` and ``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026`` (``json.dumps`` alone
would let ``</script>`` in a name end the block; names are not HTML-escaped first, which would
double-encode them). The page's script builds every label, tooltip and option with
``textContent`` and DOM elements, never ``innerHTML``, and vis-network 9 shows string titles as
text. The only text put into the HTML itself is the ``<title>``, through ``html.escape``.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExportError
from ._io import write_atomic
from .select import CLAIM_TYPES, Selection, Selector

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EDGE_STYLES", "LARGE_GRAPH", "NODE_SIZES", "NODE_STYLES", "counts", "html_bytes", "page_data", "script_json",
           "vis_network_js", "write_html"]

LARGE_GRAPH = 300            # past this many nodes: a shorter settle, straight lines
STABILISE_SMALL = 300        # iterations of the layout before it is frozen
STABILISE_LARGE = 120
HIDDEN_GROUPS = ("Area",)    # switched off as the page opens (legend entries tick them back on)
HIDDEN_TYPES = ("COVERS", "PART_OF")
MAX_LABEL = 40               # characters of a name drawn on the canvas; the tooltip has all of it
MAX_NOTE = 400

# (colour, vis shape, legend text). Partnerships are hexagons, organisations squares/triangles.
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "council": ("#1f77b4", "square", "Council"),
    "police_force": ("#393b79", "triangle", "Police force"),
    "pcc": ("#6b6ecf", "triangleDown", "Police and crime commissioner"),
    "police_and_crime_panel": ("#9c9ede", "hexagon", "Police and crime panel"),
    "fire_authority": ("#d62728", "triangle", "Fire and rescue authority"),
    "probation": ("#8c564b", "square", "Probation"),
    "health": ("#2ca02c", "square", "Health (ICB, health board)"),
    "csp": ("#e377c2", "hexagon", "Community safety partnership"),
    "csg": ("#f7b6d2", "hexagon", "County strategy group"),
    "hwb": ("#17becf", "hexagon", "Health and wellbeing board"),
    "safeguarding_children": ("#bcbd22", "hexagon", "Safeguarding children partnership"),
    "safeguarding_adults": ("#8f8f1f", "hexagon", "Safeguarding adults board"),
    "mash": ("#9467bd", "diamond", "Multi-agency safeguarding hub"),
    "psb": ("#c5b0d5", "hexagon", "Public services board"),
    "scrutiny_committee": ("#7f7f7f", "diamond", "Scrutiny committee"),
    "vcs": ("#98df8a", "dot", "Voluntary and community sector"),
    "national_body": ("#525252", "square", "National body"),
    "team": ("#ff9896", "diamond", "Team"),
    "other": ("#c49c94", "dot", "Other"),
    "da_partnership_board": ("#e7969c", "hexagon", "Domestic abuse local partnership board"),
    "violence_reduction_unit": ("#ad494a", "hexagon", "Violence reduction unit"),
    "youth_justice": ("#bd9e39", "diamond", "Youth justice service"),
    "channel_panel": ("#8ca252", "hexagon", "Channel panel"),
    "mappa_smb": ("#843c39", "hexagon", "MAPPA strategic management board"),
    "lcjb": ("#6b6b6b", "hexagon", "Local criminal justice board"),
    "regional_safeguarding_board": ("#a5a51a", "hexagon", "Regional safeguarding board (Wales)"),
    "healthwatch": ("#5254a3", "dot", "Local Healthwatch"),
    "regional_partnership_board": ("#637939", "hexagon", "Regional partnership board (Wales)"),
    "vawdasv_partnership": ("#ce6dbd", "hexagon", "VAWDASV regional partnership (Wales)"),
    "area_planning_board": ("#e7ba52", "hexagon", "Area planning board (Wales)"),
    "Area": ("#c8c8c8", "dot", "Area (GSS geography)"),
    "Issue": ("#ff7f0e", "star", "Issue"),
}

# The size a node is drawn at (canvas units), by label: areas small, issues large.
NODE_SIZES: dict[str, int] = {"Area": 7, "Issue": 13, "Body": 11}

# (colour, dashes (false or a dash pattern), width, legend text)
EDGE_STYLES: dict[str, tuple[str, bool | list[int], int, str]] = {
    "LEADS": ("#d62728", False, 3, "leads (issue)"),
    "SUPPORTS": ("#fd8d3c", [6, 3], 2, "supports (issue)"),
    "PRIORITISES": ("#e6a24c", [1, 4], 2, "prioritises (issue)"),
    "HOLDS_DUTY": ("#b5cf6b", [4, 2], 2, "holds a duty on (issue)"),
    "MEMBER_OF": ("#636363", False, 1, "member of"),
    "ACCOUNTABLE_TO": ("#3182bd", False, 2, "accountable to"),
    "FUNDS": ("#31a354", False, 2, "funds"),
    "COMMISSIONS": ("#74c476", [8, 4], 2, "commissions"),
    "SHARES_INFORMATION_WITH": ("#756bb1", [2, 5], 2, "shares information with"),
    "COVERS": ("#9ecae1", [6, 4], 1, "covers (footprint)"),
    "PART_OF": ("#c7c7c7", [2, 3], 1, "part of"),
}


# -- the vendored library and the template ---------------------------------------------------
@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network build pyvis ships (the newest ``lib/vis-*`` folder in its package).

    The package is found, not imported: importing pyvis loads IPython (a quarter of a second)
    for nothing we use.
    """
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("the HTML export needs pyvis (it ships the vis-network library): "
                          "pip install 'pyvis>=0.3.2'")
    found = []
    for folder in (Path(spec.submodule_search_locations[0]) / "lib").glob("vis-*"):
        m = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", folder.name)
        if m and (folder / "vis-network.min.js").is_file():
            found.append((tuple(int(x) for x in m.groups()), folder / "vis-network.min.js"))
    if not found:
        raise ExportError("pyvis is installed but ships no lib/vis-*/vis-network.min.js; "
                          "reinstall it: pip install --force-reinstall 'pyvis>=0.3.2'")
    text = max(found)[1].read_text(encoding="utf-8")
    if re.search(r"</script|<!--", text, re.I):  # would end or confuse the inline <script>
        raise ExportError("the vis-network build contains '</script' or '<!--' and cannot be inlined")
    return text


@lru_cache(maxsize=1)
def _template() -> str:
    return (resources.files("partnership_graph.exporters") / "templates" / "network.html").read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&`` as unicode escapes.

    >>> script_json({"name": "</script><b>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":") if _compact(data) else None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _compact(data: Any) -> bool:
    return isinstance(data, dict) and len(data.get("nodes", ())) > 50


# -- what the page shows -----------------------------------------------------------------------
def _sources(g: nx.MultiDiGraph[str]) -> dict[str, tuple[str, bool]]:
    return {a["id"]: (a.get("title", a["id"]), bool(a.get("authoritative", True)))
            for _, a in g.nodes(data=True) if a.get("label") == "Source"}


def _basis(sources: dict[str, tuple[str, bool]], sid: str | None) -> str:
    """A fact's source for a reader: its title, and ILLUSTRATIVE when it is not authoritative."""
    if not sid:
        return "no source given (NOT AUTHORITATIVE)"
    title, authoritative = sources.get(sid, (sid, False))
    if authoritative:
        return title
    if sid == "illustrative":
        return "ILLUSTRATIVE: invented to show the tool, not a statement of fact"
    return f"{title} (NOT AUTHORITATIVE)"


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _group(attrs: dict[str, Any]) -> str:
    label = attrs.get("label")
    if label == "Body":
        kind = str(attrs.get("kind", "other"))
        return kind if kind in NODE_STYLES else "other"
    return str(label)


# The kind shown beside a label, so "Oldham" the district and "Oldham" the CSP are told apart.
KIND_WORDS: dict[str, str] = {
    "council": "council", "police_force": "police", "pcc": "PCC", "police_and_crime_panel": "PCP",
    "fire_authority": "fire", "probation": "probation", "health": "health", "csp": "CSP", "csg": "CSG",
    "hwb": "HWB", "safeguarding_children": "SCP", "safeguarding_adults": "SAB", "mash": "MASH", "psb": "PSB",
    "scrutiny_committee": "scrutiny", "vcs": "VCS", "national_body": "national", "team": "team", "other": "other",
}


def kind_word(attrs: dict[str, Any]) -> str:
    """``district``, ``CSP area``, ``CSP``, ``council``, ``issue``: what a node is, in a word or two."""
    from ..graphmodel.vocab import AREA_KIND_WORDS

    label = attrs.get("label")
    if label == "Area":
        return AREA_KIND_WORDS.get(str(attrs.get("kind")), str(attrs.get("kind", "area")))
    if label == "Issue":
        return "issue"
    return KIND_WORDS.get(str(attrs.get("kind")), str(attrs.get("kind", "")))


def _name(attrs: dict[str, Any]) -> str:
    return str(attrs.get("name") or attrs.get("title") or attrs.get("id") or attrs.get("code") or "")


def _node_tip(g: nx.MultiDiGraph[str], key: str, attrs: dict[str, Any],
              sources: dict[str, tuple[str, bool]]) -> list[list[str]]:
    label = attrs.get("label")
    lines: list[list[str]] = [["", _name(attrs)]]
    if label == "Area":
        lines += [["Area", f"{attrs.get('kind', '')} {attrs.get('code', '')}"]]
        if attrs.get("population") is not None:
            lines += [["Population", f"{int(attrs['population']):,} (mid-2023)"]]
        return lines
    if label == "Issue":
        lines += [["Issue", str(attrs.get("id", ""))]]
        if attrs.get("synonyms"):
            lines += [["Also called", ", ".join(map(str, attrs["synonyms"]))]]
        for u, _, e in sorted(g.in_edges(key, data=True), key=lambda t: (t[2].get("type", ""), t[0])):
            if e.get("type") in CLAIM_TYPES:
                lines += [[f"{e['type'].lower()} by", f"{_name(g.nodes[u])}: {_basis(sources, e.get('source'))}"]]
        return lines
    kind = str(attrs.get("kind", ""))
    lines += [["Kind", NODE_STYLES.get(kind, ("", "", kind))[2] + (f" ({attrs['council_type']})"
                                                                   if attrs.get("council_type") else "")],
              ["Id", str(attrs.get("id", ""))],
              ["Source", _basis(sources, attrs.get("source"))]]
    if attrs.get("derived"):
        lines += [["DERIVED", _clip(str(attrs.get("derived_reason") or "inferred, not read from a register"), MAX_NOTE)]]
    if attrs.get("status"):  # made by a change not yet law (decided with no order, announced)
        lines += [[str(attrs["status"]).upper(), _clip(str(attrs.get("status_note") or "not yet made law"), MAX_NOTE)]]
    for _, v, e in sorted(g.out_edges(key, data=True), key=lambda t: (t[2].get("type", ""), t[1])):
        if e.get("type") in CLAIM_TYPES:
            scope = f" (in {e['scope']})" if e.get("scope") else ""
            statutory = " (statutory)" if e.get("statutory") else ""
            lines += [[e["type"].capitalize(),
                       f"{_name(g.nodes[v])}{scope}{statutory}: {_basis(sources, e.get('source'))}"]]
    if attrs.get("notes"):
        lines += [["Notes", _clip(attrs["notes"], MAX_NOTE)]]
    return lines


def _edge_tip(g: nx.MultiDiGraph[str], u: str, v: str, e: dict[str, Any],
              sources: dict[str, tuple[str, bool]]) -> list[list[str]]:
    rel = str(e.get("type", ""))
    lines = [["", f"{_name(g.nodes[u])} {EDGE_STYLES.get(rel, ('', False, 1, rel))[3]} {_name(g.nodes[v])}"]]
    for field, title in (("role", "Role"), ("mechanism", "Mechanism"), ("scope", "Scope"),
                         ("share", "Share"), ("amount", "Amount"), ("period", "Period"),
                         ("valid_from", "From"), ("valid_to", "Until")):
        if e.get(field) not in (None, ""):
            value = e[field]
            lines.append([title, f"{value:.4g}" if isinstance(value, float) else str(value)])
    if e.get("statutory"):
        lines.append(["Statutory", "yes"])
    lines.append(["Source", _basis(sources, e.get("source"))])
    if e.get("evidence"):
        lines.append(["Evidence", _clip(e["evidence"], MAX_NOTE)])
    return lines


def _area_options(full: nx.MultiDiGraph[str], selector: Selector, selection: Selection,
                  shown: dict[str, int]) -> list[dict[str, Any]]:
    """The page's area filter: the exported area and its LADs, or every county and district."""
    if selection.area_code:
        codes = [selection.area_code]
        if selection.area_kind != "LAD":
            codes += sorted(selector.area_lads(selection.area_code),
                            key=lambda c: str(full.nodes[f"Area:{c}"].get("name", c)))
    else:
        codes = sorted((a["code"] for _, a in full.nodes(data=True)
                        if a.get("label") == "Area" and a.get("kind") in ("CTYUA", "LAD")),
                       key=lambda c: (str(full.nodes[f"Area:{c}"].get("name", "")), c))
    options = []
    for code in codes:
        keys = selector.node_keys(code, selection.issue_id)
        members = sorted(shown[k] for k in keys if k in shown)
        if not any(full.nodes[k].get("label") == "Body" for k in keys if k in shown):
            continue
        a = full.nodes[f"Area:{code}"]
        lads = len(selector.area_lads(code))
        kind = {"CTYUA": f"county, {lads} districts", "LAD": "district or unitary"}.get(
            str(a.get("kind")), a.get("kind"))
        options.append({"value": code, "text": f"{a.get('name', code)} ({kind})", "nodes": members})
    return options


def _issue_options(full: nx.MultiDiGraph[str], selector: Selector, selection: Selection,
                   shown: dict[str, int]) -> list[dict[str, Any]]:
    """The page's issue filter: every issue some shown body claims, or a broader issue of one."""
    options = []
    issues = sorted(((a["id"], a.get("name", a["id"])) for _, a in full.nodes(data=True)
                     if a.get("label") == "Issue"), key=lambda t: t[1].lower())
    for issue_id, name in issues:
        if selection.issue_id and f"Issue:{issue_id}" not in shown:
            continue
        keys = selector.node_keys(selection.area_code, issue_id)
        if not any(full.nodes[k].get("label") == "Body" for k in keys if k in shown):
            continue
        options.append({"value": issue_id, "text": name, "nodes": sorted(shown[k] for k in keys if k in shown)})
    return options


def page_data(selection: Selection, full: nx.MultiDiGraph[str] | None = None) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able data (names are raw text).

    ``full`` is the whole projection the selection was taken from (for the filter options);
    without it the selection alone is used.
    """
    g = selection.graph
    full = full if full is not None else g
    sources = _sources(full)
    keys = [n for n, a in g.nodes(data=True) if a.get("label") != "Source"]
    shown = {k: i for i, k in enumerate(keys)}
    groups: dict[str, int] = {}
    nodes = []
    for i, key in enumerate(keys):
        attrs = g.nodes[key]
        group = _group(attrs)
        groups[group] = groups.get(group, 0) + 1
        kind = kind_word(attrs)
        nodes.append({"id": i, "key": key, "label": f"{_clip(_name(attrs), MAX_LABEL)} ({kind})", "group": group,
                      "size": NODE_SIZES.get(str(attrs.get("label")), NODE_SIZES["Body"]),
                      "name": _name(attrs), "kind": kind, "tip": _node_tip(g, key, attrs, sources)})
    types: dict[str, int] = {}
    edges = []
    for j, (u, v, e) in enumerate(g.edges(data=True)):
        if u not in shown or v not in shown:
            continue
        rel = str(e.get("type", ""))
        types[rel] = types.get(rel, 0) + 1
        edges.append({"id": j, "from": shown[u], "to": shown[v], "type": rel, "tip": _edge_tip(g, u, v, e, sources)})
    selector = Selector(full)
    large = len(nodes) > LARGE_GRAPH
    return {
        "title": f"Partnership network: {selection.description}",
        "fileName": "partnership-network-" + (_slug(selection.description) or "england-and-wales"),
        "nodes": nodes,
        "edges": edges,
        "legend": [{"group": k, "color": NODE_STYLES[k][0], "shape": NODE_STYLES[k][1], "text": NODE_STYLES[k][2],
                    "count": groups[k]} for k in NODE_STYLES if k in groups],
        "edgeLegend": [{"type": k, "color": EDGE_STYLES[k][0], "dashes": EDGE_STYLES[k][1], "width": EDGE_STYLES[k][2],
                        "text": EDGE_STYLES[k][3], "count": types[k]} for k in EDGE_STYLES if k in types],
        "areas": _area_options(full, selector, selection, shown),
        "issues": _issue_options(full, selector, selection, shown),
        "large": large,
        "stabilise": STABILISE_LARGE if large else STABILISE_SMALL,
        # Areas and footprint lines are many and say little at first sight: shown on demand.
        "hidden": [k for k in HIDDEN_GROUPS if k in groups],
        "hiddenTypes": [k for k in HIDDEN_TYPES if k in types],
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def html_bytes(selection: Selection, full: nx.MultiDiGraph[str] | None = None) -> bytes:
    """The page for ``selection`` (UTF-8)."""
    data = page_data(selection, full)
    parts = {"TITLE": html.escape(data["title"]), "VIS_NETWORK": vis_network_js(), "DATA": script_json(data)}
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _template())
    return page.encode("utf-8")


def write_html(selection: Selection, path: str | Path, full: nx.MultiDiGraph[str] | None = None) -> Path:
    return write_atomic(path, html_bytes(selection, full))


def counts(data: dict[str, Any]) -> tuple[int, int]:
    """(nodes, edges) the page reports (``data-pg-nodes``, ``data-pg-edges``): sources are not drawn."""
    return len(data["nodes"]), len(data["edges"])
