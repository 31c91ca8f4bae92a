"""A draft joint protocol for chosen boards in one area, written from the graph for people to edit.

The LGA review found areas (Central Bedfordshire, Oldham) whose safeguarding boards, Health and
Wellbeing Board and CSP agreed joint protocols: who owns which issue, how they hold each other
to account, how they pool resources. ``protocol_draft`` drafts one from what the graph holds,
through the public question functions, so the draft says what the commands say:

1. **Parties and footprints**: the bodies of each board kind whose footprint touches the area
   (``find_bodies``), their footprint and fit to the area, their statutory members
   (``body_detail``);
2. **Coterminosity** of the parties with each other and with the police force, fire and rescue
   and ICB areas (``coterminosity``);
3. **Issue ownership**: for every issue a body covering the area claims, the leads and
   supporters (``who_leads``, with its taxonomy rule) and who prioritises it;
4. **Gaps and overlaps to agree**: every row of ``gaps`` and ``overlaps`` for the area, as an
   item to agree;
5. **Accountability and reporting lines** (``accountability``, depth 1), parties that answer to
   nobody flagged;
6. **Information sharing**: the SHARES_INFORMATION_WITH links of the parties, then what to agree;
7. **Review**: placeholders.

Every fact names its source; a claim whose source is not authoritative is marked ILLUSTRATIVE
(or NOT AUTHORITATIVE), as in every other output. The draft carries no dates or versions, so
the same graph always gives the same text. Rendering: Markdown (``to_markdown``), or Word
(``write_docx``, needs python-docx) from the same blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import ExportError, QueryError
from ..graphmodel.vocab import BodyKind
from ._io import write_atomic

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["BOARDS", "DEFAULT_BOARDS", "Block", "ProtocolDraft", "md_text", "parse_boards", "protocol_draft",
           "to_markdown", "write_docx", "write_protocol"]

# Board words -> body kind, and the name of the kind in the draft.
BOARDS: dict[str, tuple[str, str]] = {
    "csp": ("csp", "Community safety partnership"),
    "hwb": ("hwb", "Health and wellbeing board"),
    "scp": ("safeguarding_children", "Safeguarding children partnership"),
    "sab": ("safeguarding_adults", "Safeguarding adults board"),
    "csg": ("csg", "County strategy group"),
    "mash": ("mash", "Multi-agency safeguarding hub"),
    "psb": ("psb", "Public services board"),
    "pcc": ("pcc", "Police and crime commissioner"),
    "pcp": ("police_and_crime_panel", "Police and crime panel"),
    "rsb": ("regional_safeguarding_board", "Regional safeguarding board"),
    "rpb": ("regional_partnership_board", "Regional partnership board"),
}
# a board word counts only when its body kind is in the vocabulary (the regional partnership
# boards come with the Welsh register)
BOARDS = {word: v for word, v in BOARDS.items() if v[0] in BodyKind.values()}
DEFAULT_BOARDS = ("csp", "hwb", "scp", "sab")
# In Wales the boards in the same roles: the public services board (WFG(W)A 2015 s.29), the
# regional safeguarding board (SSW(W)A 2014 s.134), the regional partnership board (SSW(W)A 2014
# Part 9) and the CSP; never the English HWB, SCP or SAB, which Welsh law does not make.
WELSH_DEFAULT_BOARDS = tuple(w for w in ("psb", "rsb", "rpb", "csp") if w in BOARDS)
CONTEXT_KINDS = ("pfa", "fra", "icb")   # footprints the parties are compared with
CONTEXT_NAMES = {"PFA": "police force area", "FRA": "fire and rescue authority area", "ICB": "ICB area"}
RELATION_WORDS = {"equal": "coterminous with", "within": "lies within", "contains": "contains",
                  "straddles": "straddles (crosses the boundary of)"}
MECHANISM_WORDS = {"scrutiny": "scrutinised by", "reports_to": "reports to", "holds_to_account": "held to account by"}

# -- blocks: what the draft is made of, whatever it is rendered to ---------------------------
Style = Literal["", "b", "code"]
Inline = str | tuple[tuple[str, Style], ...]


@dataclass(frozen=True)
class Block:
    """One piece of the draft: a heading, paragraph, note, list of items, or table."""

    kind: Literal["h1", "h2", "h3", "p", "note", "bullets", "todo", "table"]
    text: Inline = ""
    items: tuple[Inline, ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass
class ProtocolDraft:
    """The draft's blocks, and the gaps and overlaps it lists (for checks)."""

    area_code: str
    area_name: str
    as_at: str = ""       # the date the draft describes (ISO)
    blocks: list[Block] = field(default_factory=list)
    gap_details: list[str] = field(default_factory=list)
    overlap_lines: list[str] = field(default_factory=list)


def parse_boards(boards: str | Iterable[str] | None) -> list[str]:
    """``"csp,hwb,scp,sab"`` -> board words, duplicates dropped; unknown words raise ``QueryError``."""
    from ..graphmodel.vocab import KIND_ALIASES, kind_key
    from ..suggest import did_you_mean

    words = DEFAULT_BOARDS if not boards else (boards.split(",") if isinstance(boards, str) else list(boards))
    by_kind = {kind: word for word, (kind, _) in BOARDS.items()}
    out: list[str] = []
    for raw in words:
        word = kind_key(raw)
        if not word:
            continue
        body_kind = KIND_ALIASES.get(word, (None, None))[1]  # the one table of kind words
        word = by_kind.get(body_kind.value if body_kind else word, word)
        if word not in BOARDS:
            raise QueryError(f"unknown board {raw.strip()!r}{did_you_mean(word, BOARDS)}; one of: {', '.join(BOARDS)}")
        if word not in out:
            out.append(word)
    if not out:
        raise QueryError(f"name at least one board: {', '.join(BOARDS)}")
    return out


# -- text helpers ------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_text(text: str) -> str:
    """Text safe to put in Markdown: markup characters escaped, lines joined.

    A name such as ``<img src=x onerror=alert(1)>`` stays text in every renderer.

    >>> md_text("A|B <b>*x*</b> &amp;")
    'A\\\\|B \\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\> \\\\&amp;'
    """
    one_line = " ".join(str(text).split())
    return _ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", one_line))


def _plain(inline: Inline) -> str:
    return inline if isinstance(inline, str) else "".join(t for t, _ in inline)


def _md_inline(inline: Inline) -> str:
    """Inline Markdown. ``md_text`` trims each piece, so the space at a piece's edge is put back
    outside the markup: ``**Board** answers to nobody``, never ``**Board**answers``."""
    if isinstance(inline, str):
        return md_text(inline)
    out = []
    for text, style in inline:
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        if style == "b":
            body = f"**{md_text(text)}**" if text.strip() else ""
        elif style == "code":
            body = f"`{' '.join(text.split())}`" if "`" not in text else md_text(text)
        else:
            body = md_text(text)
        out.append(lead + body + trail if body else lead or trail)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _basis(source: str, title: str, authoritative: bool) -> str:
    if authoritative:
        return title
    if source == "illustrative":
        return "ILLUSTRATIVE"
    return f"{title} (NOT AUTHORITATIVE)"


def _role(word: str) -> str:
    return {"co_operating": "co-operating", "co_opted": "co-opted", "vice_chair": "vice-chair"}.get(
        word, word.replace("_", " "))


def _people(n: int) -> str:
    return f"{n:,}"


# -- the draft -----------------------------------------------------------------------------------
def protocol_draft(store: Store, area: str, boards: str | Iterable[str] | None = None,
                   required: Iterable[str] = (), *, on: date | None = None) -> ProtocolDraft:
    """Draft a joint protocol for ``boards`` in ``area`` from what the store holds.

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    area : str
        GSS code, name or prefix of the area (``Oldham``, ``E06000056``).
    boards : str or iterable of str, optional
        Board words (default ``csp,hwb,scp,sab`` in England and ``psb,rsb,rpb,csp`` in Wales; also
        ``csg``, ``mash``, ``psb``, ``pcc``, ``pcp``, ``rsb``, ``rpb``).
    required : iterable of str, optional
        Issues the parties must cover (``--require``): each gets a row in the ownership table and,
        where nobody covering the area leads it, a gap to agree.
    on : date, optional
        The date the draft describes (default: today): parties, footprints and claims as at it.

    Returns
    -------
    ProtocolDraft
        Blocks to render with ``to_markdown`` or ``write_docx``.

    Raises
    ------
    QueryError
        The area does not resolve, a board word is unknown or a required issue does not resolve.
    """
    from ..queries._common import lad_shares, resolve_area, resolve_issue
    from ..queries.accountability import accountability
    from ..queries.bodies import body_detail, find_bodies
    from ..queries.coterminosity import coterminosity
    from ..queries.gaps import gaps
    from ..queries.overlaps import overlaps
    from ..queries.reader import reader
    from ..queries.who_leads import who_leads
    from ..stores.dated import iso
    from .select import CLAIM_TYPES, Selector

    day = iso(on)
    rd = reader(store, on=on)
    ref = resolve_area(rd, area)
    wales = bool(rd.lad_shares(ref.code)) and all(lad.startswith("W") for lad in rd.lad_shares(ref.code))
    words = parse_boards(boards if boards else (WELSH_DEFAULT_BOARDS if wales else DEFAULT_BOARDS))
    required_refs = list({r.id: r for r in (resolve_issue(rd, text) for text in required)}.values())
    g = rd.graph()
    selector = Selector(g)
    area_lads = selector.area_lads(ref.code)
    # people in the area: each LAD's population times the share of it inside the area, as the
    # queries count them (a legacy CSP holds a third of Bournemouth, Christchurch and Poole)
    shares = lad_shares(g, ref.code)
    population = round(sum(int(g.nodes[f"Area:{lad}"].get("population") or 0) * shares.get(lad, 1.0)
                           for lad in area_lads))
    where = f"{ref.name} ({ref.kind} {ref.code})"
    draft = ProtocolDraft(ref.code, ref.name, as_at=day)
    add = draft.blocks.append
    cited: dict[str, tuple[str, bool]] = {}

    def cite(source: str, title: str, authoritative: bool) -> str:
        cited[source] = (title, authoritative)
        return _basis(source, title, authoritative)

    board_names = [BOARDS[w][1] for w in words]
    add(Block("h1", f"Joint protocol (draft): {ref.name}"))
    add(Block("note", "DRAFT for the parties to edit and agree; it is not an agreed document. It was written "
                      "by partnership-graph from the graph of partnerships, footprints and issue claims. "
                      "Claims marked ILLUSTRATIVE were invented for the bundled example and are not statements "
                      "of fact; every other fact names its source (listed at the end)."))
    lads_word = "local authority district" + ("" if len(area_lads) == 1 else "s")
    add(Block("p", f"Area: {where}: {len(area_lads)} {lads_word}, population {_people(population)} "
                   "(ONS mid-2023 estimates)."))
    add(Block("p", f"As at {day}: the bodies, footprints and claims that hold on that date."))
    add(Block("p", "Boards: " + ", ".join(board_names) + "."))
    if required_refs:
        add(Block("p", "Issues the parties must cover (required): "
                       + ", ".join(r.name for r in required_refs) + "."))
    _transition(store, ref.code, ref.name, words, on, add, cite)
    add(Block("h2", "1. Purpose"))
    add(Block("p", f"This protocol sets out how the parties below share ownership of community safety and "
                   f"safeguarding issues in {ref.name}, hold each other to account, and share information. "
                   "[Parties to add the aims of the protocol and the date it takes effect.]"))

    # 2. parties --------------------------------------------------------------------------------
    add(Block("h2", "2. Parties and footprints"))
    parties: list[tuple[str, str, str]] = []  # (body id, name, board word)
    missing: list[str] = []
    for word in words:
        found = find_bodies(store, kind=BOARDS[word][0], area=ref.code, on=on)
        if not found:
            missing.append(word)
        parties += [(b.id, b.name, word) for b in found]
    rows = []
    members_lines: list[Inline] = []
    for body_id, name, word in parties:
        d = body_detail(store, body_id, on=on)
        fp = selector.body_lads.get(f"Body:{body_id}", frozenset())
        inside = len(fp & area_lads)
        outside = len(fp - area_lads)
        fit = "the whole area" if inside == len(area_lads) else f"{inside} of {len(area_lads)} districts"
        if outside:
            fit += f", and {outside} district{'s' if outside != 1 else ''} outside it"
        footprint = "; ".join(f"{f.name} ({f.kind} {f.code})" + (f", share {f.share:.3g}" if f.share < 1 else "")
                              for f in d.footprint) or "none recorded"
        basis = cite(d.source, d.source_title, d.authoritative)
        rows.append((f"{name} ({body_id})" + (" [derived]" if d.derived else ""), BOARDS[word][1], footprint, fit,
                     basis))
        statutory = [m for m in d.memberships if m.direction == "in" and m.statutory]
        by_source: dict[str, list[str]] = {}
        for m in statutory:
            basis = cite(m.source, m.source_title, m.authoritative)
            by_source.setdefault(basis, []).append(f"{m.other_name} ({_role(m.detail)})")
        if by_source:
            members_lines.append(((name, "b"), (": " + "; ".join(
                f"{', '.join(members)} [{basis}]" for basis, members in by_source.items()), "")))
    if rows:
        add(Block("table", headers=("Party", "Board", "Footprint", "Covers", "Source"), rows=tuple(rows)))
    for word in missing:
        add(Block("todo", items=(f"No {BOARDS[word][1].lower()} covering {ref.name} is in the graph: name the "
                                 "board that serves the area, or remove it from the protocol.",)))
    if members_lines:
        add(Block("h3", "Statutory members"))
        add(Block("bullets", items=tuple(members_lines)))

    # 3. coterminosity -------------------------------------------------------------------------
    add(Block("h2", "3. Coterminosity"))
    board_kinds = {BOARDS[w][0] for w in words} | ({"CSP"} if "csp" in words else set())
    kinds = [("csp" if w == "csp" else BOARDS[w][0]) for w in words]
    coterm = coterminosity(store, [*kinds, *CONTEXT_KINDS], area=ref.code, on=on)
    party_ids = {p[0] for p in parties}

    def label(kind: str, code: str, name: str) -> str:
        if kind in CONTEXT_NAMES or kind == "CSP":
            return f"{name} {'CSP area' if kind == 'CSP' else CONTEXT_NAMES[kind]} ({code})"
        return name

    def is_party(kind: str, code: str) -> bool:
        return kind in board_kinds and (kind == "CSP" or code in party_ids)

    between: list[tuple[str, str, str, str, str]] = []
    context: list[tuple[str, str, str, str, str]] = []
    for pair in coterm:
        a_party, b_party = is_party(pair.kind_a, pair.code_a), is_party(pair.kind_b, pair.code_b)
        cells = (label(pair.kind_a, pair.code_a, pair.name_a), RELATION_WORDS[pair.relation],
                 label(pair.kind_b, pair.code_b, pair.name_b), f"{pair.jaccard:.2f}", str(len(pair.shared_lads)))
        if a_party and b_party:
            between.append(cells)
        elif a_party and pair.kind_b in CONTEXT_NAMES:
            context.append(cells)
    if between:
        if all(r[1] == RELATION_WORDS["equal"] for r in between):
            add(Block("p", "The parties' footprints are coterminous: they cover the same districts in the same shares."))
        else:
            add(Block("p", "The parties' footprints do not all line up; agree how the protocol applies where "
                           "they differ."))
        add(Block("table", headers=("Footprint", "Relation", "Other footprint", "Jaccard", "Shared districts"),
                  rows=tuple(between)))
    elif len(parties) < 2:
        add(Block("p", "Fewer than two parties: nothing to compare between them."))
    if context:
        add(Block("p", "With the police force, fire and rescue and ICB areas (Jaccard: the share of people the "
                       "two footprints have in common, population-weighted):"))
        add(Block("table", headers=("Footprint", "Relation", "Other footprint", "Jaccard", "Shared districts"),
                  rows=tuple(_collapse(context))))

    # 4. issue ownership -----------------------------------------------------------------------
    add(Block("h2", "4. Issue ownership"))
    claimed: dict[str, str] = {}
    prioritised: dict[str, list[str]] = {}
    touching = selector.bodies_touching(ref.code)
    sources = {a["id"]: (a.get("title", a["id"]), bool(a.get("authoritative", True)))
               for _, a in g.nodes(data=True) if a.get("label") == "Source"}
    for b in sorted(touching):
        for _, v, e in g.out_edges(b, data=True):
            if e.get("type") in CLAIM_TYPES:
                claimed[g.nodes[v]["id"]] = g.nodes[v]["name"]
                if e["type"] == "PRIORITISES":
                    sid = e.get("source") or "unsourced"
                    title, auth = sources.get(sid, (sid, False))
                    basis = cite(sid, title, auth)
                    prioritised.setdefault(g.nodes[v]["id"], []).append(
                        g.nodes[b]["name"] + ("" if auth else f" ({basis})"))
    gap_rows = gaps(store, ref.code, required=[r.id for r in required_refs], on=on)
    for req in required_refs:
        claimed.setdefault(req.id, req.name)
        prioritised.setdefault(req.id, []).append("required by the parties")
    overlap_rows = overlaps(store, ref.code, on=on)
    for gap in gap_rows:
        if gap.issue_id and gap.issue_name:
            claimed.setdefault(gap.issue_id, gap.issue_name)
    party_set = {p[0] for p in parties}
    table = []
    for issue_id, issue_name in sorted(claimed.items(), key=lambda t: t[1].lower()):
        leads: list[str] = []
        supports: list[str] = []
        lead_bodies: set[str] = set()
        lead_sources: set[tuple[str, bool]] = set()
        for r in who_leads(store, issue_id, ref.code, on=on):
            if r.role == "duty":  # a duty holder is neither a lead nor a supporter
                continue
            who = r.body_name + ("" if r.body_id in party_set else " [not a party]")
            if r.derived:
                who += " [derived]"
            if r.status:
                who += f" [{r.status.upper()}: {r.status_note or 'not yet made law'}]"
            if r.held_through:
                who += f" [{r.held_through}]"
            if r.fit == "part":
                who += f" [part: {len(r.lads)} of {len(area_lads)} districts]"
            basis = cite(r.source, r.source_title, r.authoritative)
            who += f" (statutory: {basis})" if r.statutory else "" if r.authoritative else f" ({basis})"
            (leads if r.role == "lead" else supports).append(who)
            if r.role == "lead":
                lead_bodies.add(r.body_id)
                lead_sources.add((r.source, r.statutory))
        # one body with a statutory and a local claim on an issue is one lead, not an overlap; nor
        # are bodies the law makes lead jointly under one section (the community trigger's bodies)
        joint = len(lead_sources) == 1 and next(iter(lead_sources))[1]
        to_agree = ("overlap: agree one lead" if len(lead_bodies) > 1 and not joint else "gap: agree a lead"
                    if not leads else "confirm (a duty the law gives them jointly)" if len(lead_bodies) > 1
                    else "confirm")
        table.append((issue_name, "; ".join(leads) or "nobody", "; ".join(supports) or "-",
                      "; ".join(prioritised.get(issue_id, [])) or "-", to_agree))
    if table:
        add(Block("p", "Leads and supporters as the graph records them for the area (who-leads: a lead on a broader "
                       "issue counts unless a narrower lead covers the area). \"statutory\" marks a lead or support "
                       "the law assigns, citing the Act section: a local arrangement may add to it but cannot remove "
                       "it. \"derived\" marks a body assumed where no published arrangement was found (its name "
                       "says so). "
                       "Confirm each row or change it."))
        add(Block("table", headers=("Issue", "Lead", "Support", "Prioritised by", "To agree"), rows=tuple(table)))
    else:
        add(Block("p", f"No body covering {ref.name} claims any issue in the graph: the parties start the ownership "
                       "table from a blank page."))

    # 5. gaps and overlaps -----------------------------------------------------------------------
    add(Block("h2", "5. Gaps and overlaps to agree"))
    add(Block("h3", "Gaps"))
    if gap_rows:
        items: list[Inline] = []
        for gap in gap_rows:
            head = gap.issue_name if gap.gap == "ownership" else f"Statutory partner missing: {gap.missing}"
            basis = cite(gap.source, gap.source_title, gap.authoritative)
            items.append(((head or "", "b"), (f": {gap.detail} ({basis}; {_people(gap.population)} people). "
                                             "Agree: ____", "")))
            draft.gap_details.append(gap.detail)
        add(Block("todo", items=tuple(items)))
    else:
        add(Block("p", f"The graph shows no ownership or statutory gap in {ref.name}. Ownership gaps are found only "
                       "for issues someone prioritises: add any issue the parties require to lead."))
    add(Block("h3", "Overlaps"))
    if overlap_rows:
        items = []
        for o in overlap_rows:
            names = []
            for body_name, source_ids, authoritative in zip(o.body_names, o.sources, o.authoritative):
                bases = [cite(sid, *sources.get(sid, (sid, False))) for sid in source_ids.split("; ")]
                names.append(body_name + ("" if authoritative else f" ({'; '.join(bases)})"))
            both = "both" if len(names) == 2 else "all"
            lads = f"{len(o.lads)} district{'s' if len(o.lads) != 1 else ''}"
            sentence = (f": {' and '.join(names)} {both} lead it over {lads} "
                        f"({', '.join(o.lad_names or o.lads)}; {_people(o.population)} people). Agree one lead, "
                        "or how the leads divide the work: ____")
            items.append(((o.issue_name, "b"), (sentence, "")))
            draft.overlap_lines.append(o.issue_name + sentence)
        add(Block("todo", items=tuple(items)))
    else:
        add(Block("p", f"The graph shows no issue with more than one lead over the same part of {ref.name}."))

    # 6. accountability --------------------------------------------------------------------------
    add(Block("h2", "6. Accountability and reporting lines"))
    acc_rows: list[tuple[str, str, str, str]] = []
    unscrutinised = []
    for body_id, name, _ in parties:
        direct = [a for a in accountability(store, body_id, on=on) if a.depth == 1]
        if not direct:
            unscrutinised.append(name)
        for line in direct:
            acc_rows.append((name, MECHANISM_WORDS.get(line.mechanism, line.mechanism), line.accountable_to_name,
                             cite(line.source, line.source_title, line.authoritative)))
    if acc_rows:
        add(Block("table", headers=("Party", "Line", "To", "Source"), rows=tuple(acc_rows)))
    for name in unscrutinised:
        add(Block("todo", items=(((name, "b"),
                                  (" answers to nobody in the graph: agree its reporting line. ____", "")),)))
    add(Block("todo", items=("How often each party reports to the others, and on what: ____",
                             "Who chairs the joint meeting of the parties, and how often it meets: ____")))

    # 7. information sharing ------------------------------------------------------------------------
    add(Block("h2", "7. Information sharing"))
    sharing = set()
    for body_id, name, _ in parties:
        for link in body_detail(store, body_id, on=on).links:
            if link.type != "SHARES_INFORMATION_WITH":
                continue
            a, b = (name, link.other_name) if link.direction == "out" else (link.other_name, name)
            sharing.add((a, b, cite(link.source, link.source_title, link.authoritative)))
    if sharing:
        add(Block("p", "Information-sharing links the graph records:"))
        add(Block("bullets", items=tuple(f"{a} shares information with {b} ({basis})"
                                         for a, b, basis in sorted(sharing))))
    else:
        add(Block("p", "The graph records no information-sharing link of the parties."))
    add(Block("todo", items=(
        "Information-sharing agreement: reference, purposes, and the lawful basis for each flow (UK GDPR and the "
        "Data Protection Act 2018; section 115 of the Crime and Disorder Act 1998 where it applies): ____",
        "Named information governance lead for each party: ____")))

    # 8. review --------------------------------------------------------------------------------
    add(Block("h2", "8. Review"))
    add(Block("bullets", items=("Review date: [DD Month YYYY, to be agreed]",
                                "Responsible for the review: [name and role]",
                                "Signed for each party: [name, role, date]")))

    add(Block("h2", "Sources"))
    add(Block("bullets", items=tuple(
        ((sid, "code"), (f": {title}" + ("" if auth else " (not authoritative: illustrative or unsourced)"), ""))
        for sid, (title, auth) in sorted(cited.items()))))
    return draft


TRANSITION_DAYS = 365   # the Transition section looks this far ahead of the draft's date


def _transition(store: Store, code: str, name: str, words: list[str], on: date | None,
                add: Callable[[Block], None], cite: Callable[[str, str, bool], str]) -> None:
    """A Transition section when the parties' kinds of board start, end or must be redrafted within
    a year of the date: what ``queries.diff`` reports for the area (bodies created and ended,
    protocols that lapse, are new or need redrafting), with each ending board's successors and
    each new board's predecessors (boards of the same kind whose footprints meet)."""
    from datetime import timedelta

    from ..queries.diff import diff_graph
    from ..stores.dated import iso

    start = date.fromisoformat(iso(on))
    end = start + timedelta(days=TRANSITION_DAYS)
    g = store.graph()
    kinds = {BOARDS[w][0] for w in words}

    def node(body_id: str) -> dict[str, object]:
        return dict(g.nodes.get(f"Body:{body_id}", {}))

    def area_lads(key: str) -> set[str]:
        if g.nodes[key].get("kind") == "LAD":
            return {key}
        return {u for u, _, p in g.in_edges(key, data=True)
                if p.get("type") == "PART_OF" and g.nodes[u].get("kind") == "LAD"}

    def lads(body_id: str) -> set[str]:
        out: set[str] = set()
        for _, v, e in g.out_edges(f"Body:{body_id}", data=True):
            if e.get("type") == "COVERS":
                out |= area_lads(v)
        return out

    # diff compares two whole dated graphs (seconds on the national data): asked only when a body
    # meeting the area starts or ends within the window, or a board of the parties' kinds meeting
    # it gains or loses a member (what makes diff report a protocol to write, drop or redraft)
    window = (start.isoformat(), end.isoformat())

    def dated(attrs: dict[str, object]) -> bool:
        return any(window[0] < str(attrs.get(f) or "")[:10] <= window[1] for f in ("valid_from", "valid_to"))

    mine = area_lads(f"Area:{code}") if f"Area:{code}" in g else set()
    bodies = any(a.get("label") == "Body" and dated(a) and lads(str(a.get("id"))) & mine
                 for _, a in g.nodes(data=True))
    members = bodies or any(e.get("type") == "MEMBER_OF" and dated(e) and g.nodes[v].get("kind") in kinds
                            and lads(str(g.nodes[v].get("id"))) & mine for _, v, e in g.edges(data=True))
    if not members:
        return
    d = diff_graph(g, start, end, None, code, sections=("body", "protocol"), cache=store.cache)

    rows = [r for r in d.rows if r.section == "protocol" and node(r.subject).get("kind") in kinds]
    if not rows:
        return
    ending = [r.subject for r in rows if r.change == "lapses"]
    starting = [r.subject for r in rows if r.change == "new"]

    def related(body_id: str, others: list[str]) -> str:
        mine, kind = lads(body_id), node(body_id).get("kind")
        found = [str(node(o).get("name", o)) for o in others if node(o).get("kind") == kind and lads(o) & mine]
        return "; ".join(sorted(found)) or "-"

    table = []
    for r in rows:
        attrs = node(r.subject)
        basis = cite(str(attrs.get("source") or "unsourced"), *_source_of(g, attrs.get("source")))
        if r.change == "lapses":
            table.append((f"{r.name} ({r.subject})", "ends: its protocol lapses", str(attrs.get("valid_to") or "")[:10],
                          "successors: " + related(r.subject, starting), basis))
        elif r.change == "new":
            table.append((f"{r.name} ({r.subject})", "starts: a protocol to agree", str(attrs.get("valid_from") or "")[:10],
                          "predecessors: " + related(r.subject, ending), basis))
        else:
            table.append((f"{r.name} ({r.subject})", "redraft", "-", r.detail, basis))
    add(Block("h2", "Transition"))
    add(Block("p", ((f"Between {start.isoformat()} and {end.isoformat()} the graph records changes to the boards "
                     f"this protocol is for in or around {name} (what ", ""), ("partnership-graph diff", "code"),
                    (" reports for the area; a change marked decided is not yet in force). Agree how the commitments "
                     "below pass to the successors.", ""))))
    add(Block("table", headers=("Board", "Change", "On", "Predecessors or successors", "Source"), rows=tuple(table)))
    if ending:
        add(Block("todo", items=("Which successor takes over each commitment of a protocol that lapses, and from "
                                 "when: ____",)))


def _source_of(g: object, sid: object) -> tuple[str, bool]:
    nodes = getattr(g, "nodes")
    attrs = nodes.get(f"Source:{sid}", {}) if sid else {}
    return str(attrs.get("title") or sid or "no source given"), bool(attrs.get("authoritative", bool(sid)))


def _collapse(rows: list[tuple[str, str, str, str, str]]) -> list[tuple[str, str, str, str, str]]:
    """One row per other footprint when every party stands to it the same way."""
    parties = list(dict.fromkeys(r[0] for r in rows))
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for a, relation, b, jaccard, shared in rows:
        groups.setdefault((relation, b, jaccard, shared), []).append(a)
    if len(parties) < 2 or any(len(members) != len(parties) for members in groups.values()):
        return rows
    every = f"Every party ({len(parties)} footprints)"
    return [(every, relation, b, jaccard, shared) for (relation, b, jaccard, shared) in groups]


# -- rendering -----------------------------------------------------------------------------------
def _md_cell(text: str) -> str:
    return md_text(text) or " "


def to_markdown(draft: ProtocolDraft) -> str:
    """The draft as GitHub-flavoured Markdown (tables, task lists)."""
    out: list[str] = []
    for block in draft.blocks:
        if block.kind in ("h1", "h2", "h3"):
            out += ["#" * int(block.kind[1]) + " " + _md_inline(block.text), ""]
        elif block.kind == "p":
            out += [_md_inline(block.text), ""]
        elif block.kind == "note":
            out += ["> " + _md_inline(block.text), ""]
        elif block.kind in ("bullets", "todo"):
            mark = "- [ ] " if block.kind == "todo" else "- "
            out += [mark + _md_inline(item) for item in block.items] + [""]
        elif block.kind == "table":
            out.append("| " + " | ".join(_md_cell(h) for h in block.headers) + " |")
            out.append("|" + "|".join("---" for _ in block.headers) + "|")
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def docx_bytes(draft: ProtocolDraft) -> bytes:
    """The draft as a Word document (needs python-docx)."""
    import io

    try:
        from docx import Document
    except ModuleNotFoundError:
        raise ExportError("--format docx needs python-docx: pip install 'python-docx>=1.1'") from None
    doc = Document()

    def runs(paragraph: object, inline: Inline) -> None:
        parts = [(inline, "")] if isinstance(inline, str) else list(inline)
        for text, style in parts:
            run = paragraph.add_run(" ".join(text.split()))  # type: ignore[attr-defined]
            run.bold = style == "b"
            if style == "code":
                run.font.name = "Consolas"

    for block in draft.blocks:
        if block.kind in ("h1", "h2", "h3"):
            doc.add_heading(_plain(block.text), level=int(block.kind[1]) - 1 if block.kind != "h1" else 0)
        elif block.kind in ("p", "note"):
            p = doc.add_paragraph(style="Intense Quote" if block.kind == "note" else None)
            runs(p, block.text)
        elif block.kind in ("bullets", "todo"):
            for item in block.items:
                p = doc.add_paragraph(style="List Bullet")
                if block.kind == "todo":
                    p.add_run("\u2610 ")
                runs(p, item)
        elif block.kind == "table":
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = " ".join(text.split())
            doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(draft: ProtocolDraft, path: str | Path) -> Path:
    return write_atomic(path, docx_bytes(draft))


def write_protocol(draft: ProtocolDraft, path: str | Path, fmt: Literal["md", "docx"] = "md") -> Path:
    """Write the draft as Markdown (``md``) or Word (``docx``)."""
    if fmt == "docx":
        return write_docx(draft, path)
    return write_atomic(path, to_markdown(draft).encode("utf-8"))
