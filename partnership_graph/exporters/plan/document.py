"""The pack as a document: headings, paragraphs, checklists and captioned tables, once for every format.

``pack_blocks(pack)`` lays the sections out in order (Summary, Transition, Partnerships, Joint
protocols, Issue ownership, Boundaries, Decisions needed, Open questions, Sources, then the
appendices); the Markdown, Word and HTML renderers only turn blocks into their own syntax, so the
three carry the same words. ``links`` says how a fresh protocol draft that is not attached is
reached: the command that writes it (``cli``) or the web page that shows it (``web``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlencode

from .model import STATUS_WORDS, BodyRef, DocBlock, PlanPack, Span

if TYPE_CHECKING:
    from ..protocol import Inline, ProtocolDraft

__all__ = ["appendix_anchor", "pack_blocks", "pack_title", "plain", "protocol_blocks"]

Links = Literal["cli", "web"]
SECTIONS = ("Summary", "Transition", "Partnerships to establish or re-establish", "Joint protocols to redraft",
            "Issue ownership", "Boundaries", "Decisions needed", "Open questions", "Sources")
OUTCOME_WORDS = {"passes": "passes to a successor", "lapses": "lapses: nobody leads it after",
                 "gains": "a new lead"}
KIND_NAMES = {"LAD": "district", "CTYUA": "county or unitary area", "PFA": "police force area",
              "FRA": "fire and rescue area", "ICB": "ICB area", "CSP": "CSP area", "LHB": "health board area",
              "UTLA": "council area", "SICBL": "sub-ICB location", "RGN": "region", "CTRY": "country"}


def plain(spans: Iterable[Span]) -> str:
    return "".join(s.text for s in spans)


def _t(text: str, **kw: object) -> list[Span]:
    return [Span(text=text, **kw)]  # type: ignore[arg-type]


def _cell(text: str, href: str | None = None) -> list[Span]:
    return [Span(text=text, href=href)]


def _refs(refs: Iterable[int | None]) -> str:
    nums = sorted({r for r in refs if r})
    return "".join(f"[{n}]" for n in nums)


def _body(b: BodyRef) -> str:
    marks = []
    if b.derived:
        marks.append("DERIVED")
    if b.status and b.status != "made":
        marks.append(f"{b.change}: {b.status.upper()}" if b.change else b.status.upper())
    return b.name + (f" ({', '.join(marks)})" if marks else "")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def appendix_anchor(code: str) -> str:
    return f"appendix-{_slug(code)}"


def pack_title(pack: PlanPack) -> str:
    s = pack.summary
    span = s.date_from if s.date_from == s.date_to else f"{s.date_from} to {s.date_to}"
    return f"Planning pack: {s.area_name}, {span}" + (f" (scenario {s.scenario})" if s.scenario else "")


def pack_blocks(pack: PlanPack, links: Links = "cli") -> list[DocBlock]:
    """The whole pack as blocks, in reading order."""
    s = pack.summary
    out: list[DocBlock] = []
    add = out.append

    def h2(n: int, title: str) -> None:
        add(DocBlock(kind="h2", text=_t(f"{n}. {title}"), anchor=_slug(title)))

    def table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[list[Span]]]) -> None:
        add(DocBlock(kind="table", caption=caption, headers=list(headers), rows=[list(r) for r in rows]))

    add(DocBlock(kind="h1", text=_t(pack_title(pack)), anchor="top"))
    add(DocBlock(kind="note", text=_t(
        "DRAFT for planning, written by partnership-graph from its graph of partnerships, footprints, duties and "
        "dated changes. Each fact cites a numbered source (listed under Sources). DERIVED marks a body the graph "
        "assumes because no published arrangement was found; DECIDED, ANNOUNCED and SCENARIO mark what rests on "
        "a change the change rows do not record as made law.")))
    where = f"{s.area_name} ({KIND_NAMES.get(s.area_kind, s.area_kind)} {s.area_code})"
    add(DocBlock(kind="p", text=[Span(text="Area: ", strong=True), Span(text=where + ". "),
                                 Span(text="Dates: ", strong=True),
                                 Span(text=f"from {s.date_from} to {s.date_to}"
                                      + (" (the area's next recorded change)" if s.default_to and s.changes else "")
                                      + ". "),
                                 *([Span(text="Scenario: ", strong=True),
                                    Span(text=f"{s.scenario}: {s.scenario_title}.")] if s.scenario else [])]))
    if s.changes:
        add(DocBlock(kind="toc", text=_t("Contents"),
                     items=[[Span(text=f"{n}. {title}", href=f"#{_slug(title)}")] for n, title in enumerate(SECTIONS, 1)]
                     + [[Span(text=f"Appendix {_letter(i)}: joint protocol draft for {a.area_name}",
                              href=f"#{appendix_anchor(a.area_code)}")] for i, a in enumerate(pack.appendices)]))

    # 1. summary ----------------------------------------------------------------------------------
    h2(1, SECTIONS[0])
    add(DocBlock(kind="p", text=_t(s.account)))
    if not s.changes:
        return out + _unchanged(pack)
    table(f"Changes that touch {s.area_name} between {s.date_from} and {s.date_to}, with their status and source",
          ("Date", "Status", "What changes", "Source"),
          [[_cell(r.date), _cell(STATUS_WORDS[r.status] + (f"; confidence {r.confidence}" if r.confidence else "")),
            _cell(r.what + (f" Notes: {r.notes}" if r.notes else "")), _cell(_refs([r.source]))]
           for r in s.changes])
    add(DocBlock(kind="p", text=_t(
        "Statuses, as the change rows record them: made (the law that makes the change is made, or it has "
        "happened); decided (a final decision or order the rows do not record as made); announced (policy, "
        "not law); scenario (a proposal laid over the graph).")))

    # 2. transition ---------------------------------------------------------------------------------
    h2(2, SECTIONS[1])
    add(DocBlock(kind="p", text=_t(
        f"For each kind of statutory body, the bodies whose footprint meets {s.area_name} on {s.date_from} and on "
        f"{s.date_to}, and who holds each statutory duty or lead on each date, citing the section.")))
    if not pack.transition:
        add(DocBlock(kind="p", text=_t("The graph holds none of these kinds of body for the area.")))
    for t in pack.transition:
        add(DocBlock(kind="h3", text=_t(t.label)))
        add(DocBlock(kind="p", text=_t(t.summary)))
        if t.ended or t.started:
            table(f"{t.label}: bodies on {s.date_from} and on {s.date_to}", (f"On {s.date_from}", f"On {s.date_to}"),
                  [[_cell("; ".join(_body(b) + _refs([b.source]) for b in t.before) or "none"),
                    _cell("; ".join(_body(b) + _refs([b.source]) for b in t.after) or "none")]])
        changed = [d for d in t.duties if d.before != d.after]
        if changed:
            table(f"{t.label}: statutory duties and leads, before and after", ("Duty or lead", "Section", "Before",
                                                                                  "After"),
                  [[_cell(d.issue_name + (" (duty)" if d.claim == "HOLDS_DUTY" else "")),
                    _cell(d.section + " " + _refs([d.source])), _cell("; ".join(d.before) or "nobody"),
                    _cell("; ".join(d.after) or "nobody")] for d in changed])
        elif t.duties:
            add(DocBlock(kind="p", text=_t("Statutory duties and leads held the same way on both dates: " + "; ".join(
                f"{d.issue_name} ({d.section}) {_refs([d.source])}" for d in t.duties) + ".")))

    # 3. partnerships ----------------------------------------------------------------------------
    h2(3, SECTIONS[2])
    if not pack.partnerships:
        add(DocBlock(kind="p", text=_t("No statutory body or partnership starts, or changes its footprint, in the "
                                       "range: nothing to establish.")))
    by_label: dict[str, list[int]] = {}
    for i, p in enumerate(pack.partnerships):
        by_label.setdefault(p.label, []).append(i)
    for label, idx in by_label.items():
        first = pack.partnerships[idx[0]]
        add(DocBlock(kind="h3", text=_t(label)))
        add(DocBlock(kind="p", text=[Span(text="Timing: ", strong=True),
                                     Span(text=first.timing + " " + _refs(first.timing_sources))]))
        table(f"{label}: to establish or re-establish, with the members the statute names",
              ("Body", "Change", "Replaces", "Footprint", "Members the statute names"),
              [[_cell(_body(p.body) + _refs([p.body.source])),
                _cell(p.change + (f" from {p.starts}" if p.starts else "")),
                _cell("; ".join(_body(r) for r in p.replaces) or "-"), _cell(p.footprint),
                _cell("; ".join(f"{m.name} ({m.role}, {m.section}) {_refs([m.source])}" for m in p.members)
                      or "none recorded in the graph")]
               for p in (pack.partnerships[i] for i in idx)])
    if pack.reorganisation_note:
        add(DocBlock(kind="p", text=_t(
            "Councils change in the range: the transitional regulations for statutory plans, reviews, schemes, "
            "statements and strategies apply where the order making the change does not provide otherwise "
            f"{_refs([pack.reorganisation_note])}.")))

    # 4. protocols ---------------------------------------------------------------------------------
    h2(4, SECTIONS[3])
    if not pack.protocols:
        add(DocBlock(kind="p", text=_t("No partnership's parties or footprint change in the range: no joint protocol "
                                       "to redraft.")))
    else:
        letters = {a.area_code: _letter(i) for i, a in enumerate(pack.appendices)}
        rows = []
        for r in pack.protocols:
            if r.attached and r.draft_area in letters:
                draft = _cell(f"Appendix {letters[r.draft_area]}: {r.draft_area_name}",
                              f"#{appendix_anchor(r.draft_area)}")
            elif r.draft_area:
                draft = _draft_link(r.draft_area, r.draft_area_name or r.draft_area, r.draft_on or s.date_to,
                                    links, s.scenario)
            else:
                draft = _cell("-")
            rows.append([_cell(_body(r.body)), _cell(r.change), _cell(r.reason), draft])
        table("Joint protocols to write, redraft or close, with a fresh draft for each new footprint",
              ("Partnership", "Change", "Why", "Fresh draft"), rows)

    # 5. issue ownership -----------------------------------------------------------------------------
    h2(5, SECTIONS[4])
    add(DocBlock(kind="h3", text=_t("Leads that pass, lapse or start")))
    if pack.leads:
        table("Issues whose leads change between the dates", ("Issue", "Before", "After", "Outcome", "Sources"),
              [[_cell(r.issue_name), _cell("; ".join(r.before) or "nobody"), _cell("; ".join(r.after) or "nobody"),
                _cell(OUTCOME_WORDS[r.outcome]), _cell(_refs(r.sources))] for r in pack.leads])
    else:
        add(DocBlock(kind="p", text=_t("No lead changes hands in the range.")))
    add(DocBlock(kind="h3", text=_t("Gaps opened and closed")))
    if pack.gaps:
        table("Gaps the change opens or closes", ("Change", "Body or issue", "Gap", "Source"),
              [[_cell(g.change), _cell(g.name), _cell(g.detail), _cell(_refs([g.source]))] for g in pack.gaps])
    else:
        add(DocBlock(kind="p", text=_t("No ownership or statutory gap opens or closes in the range.")))
    add(DocBlock(kind="h3", text=_t("Overlaps created and resolved")))
    if pack.overlaps:
        table("Overlapping leads the change creates or resolves", ("Change", "Issue", "Leads", "Districts"),
              [[_cell(o.change), _cell(o.issue_name), _cell("; ".join(o.bodies)), _cell("; ".join(o.districts))]
               for o in pack.overlaps])
    else:
        add(DocBlock(kind="p", text=_t("No overlap of leads is created or resolved in the range.")))

    # 6. boundaries ------------------------------------------------------------------------------------
    h2(6, SECTIONS[5])
    add(DocBlock(kind="p", text=_t(
        "How the council areas that meet the area line up with the police force, fire and rescue, health (ICB) and "
        "community safety partnership footprints on each date. Jaccard: the share of people the two footprints have "
        "in common (1 is coterminous).")))
    for when, day in (("before", s.date_from), ("after", s.date_to)):
        rows_b = [b for b in pack.boundaries if b.when == when]
        if not rows_b:
            continue
        table(f"Council footprints on {day}", ("Council area", "Relation", "Other footprint", "Jaccard"),
              [[_cell(b.council_name), _cell(RELATION.get(b.relation, b.relation) + (" (uncertain)" if b.uncertain
                                                                                     else "")),
                _cell(f"{b.other_name} ({KIND_NAMES.get(b.other_kind, b.other_kind)})"), _cell(f"{b.jaccard:.2f}")]
               for b in rows_b])

    # 7. decisions -------------------------------------------------------------------------------------
    h2(7, SECTIONS[6])
    if pack.decisions:
        add(DocBlock(kind="p", text=_t("Derived from the sections above; each names who must decide and the "
                                       "sources it rests on.")))
        add(DocBlock(kind="checklist", items=[
            [Span(text=f"{d.n}. ", strong=True), Span(text=d.decision + " "),
             Span(text="Who decides: ", strong=True), Span(text=names_or_none(d.who) + ". "),
             *([Span(text="When: ", strong=True), Span(text=d.when + ". ")] if d.when else []),
             Span(text=f"({d.topic}) {_refs(d.sources)}".rstrip())] for d in pack.decisions]))
    else:
        add(DocBlock(kind="p", text=_t("Nothing to decide: no change touches the area in the range.")))

    # 8. open questions --------------------------------------------------------------------------------
    h2(8, SECTIONS[7])
    if pack.questions:
        add(DocBlock(kind="p", text=_t("Every place this pack relies on a derived or assumed arrangement, or on a "
                                       "change not recorded as made law: confirm each before relying on it.")))
        add(DocBlock(kind="checklist", items=[
            [Span(text=f"{q.n}. ", strong=True), Span(text=f"{q.topic.capitalize()}: ", strong=True),
             Span(text=(q.question + " " + _refs(q.sources)).rstrip())] for q in pack.questions]))
    else:
        add(DocBlock(kind="p", text=_t("None: the pack rests on no derived body and no change not recorded as made.")))

    # 9. sources ---------------------------------------------------------------------------------------
    h2(9, SECTIONS[8])
    table("Every source cited, with its title, date and address", ("Ref", "Title", "Date", "Address"),
          [[_cell(f"[{r.ref}]"), _cell(r.title + ("" if r.authoritative else " (not authoritative)")),
            _cell(r.date or "n.d."), _cell(r.url or "none published", r.url)] for r in pack.sources])

    for i, a in enumerate(pack.appendices):
        add(DocBlock(kind="h2", text=_t(f"Appendix {_letter(i)}: joint protocol draft for {a.area_name} "
                                        f"(as at {a.on})"), anchor=appendix_anchor(a.area_code)))
        out.extend(a.blocks)
    return out


def _unchanged(pack: PlanPack) -> list[DocBlock]:
    """A short pack: what holds on the date, for each kind, and the sources; nothing to plan."""
    s = pack.summary
    out = [DocBlock(kind="h2", text=_t(f"What holds on {s.date_to}"), anchor="what-holds"),
           DocBlock(kind="bullets", items=[[Span(text=f"{t.label}: ", strong=True),
                                            Span(text="; ".join(_body(b) + _refs([b.source]) for b in t.after)
                                                 or "none")] for t in pack.transition]),
           DocBlock(kind="p", text=_t("Nothing to establish, redraft, decide or confirm: no partnership starts or "
                                      "ends, no joint protocol changes, no lead passes or lapses.")),
           DocBlock(kind="h2", text=_t("Sources"), anchor="sources")]
    out.append(DocBlock(kind="table", caption="Every source cited, with its title, date and address",
                        headers=["Ref", "Title", "Date", "Address"],
                        rows=[[_cell(f"[{r.ref}]"), _cell(r.title + ("" if r.authoritative else " (not authoritative)")),
                               _cell(r.date or "n.d."), _cell(r.url or "none published", r.url)]
                              for r in pack.sources]))
    return out


RELATION = {"equal": "coterminous with", "within": "lies within", "contains": "contains", "straddles": "straddles"}


def names_or_none(names: Sequence[str]) -> str:
    return "; ".join(names) if names else "not recorded in the graph"


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"A{i}"


def _draft_link(code: str, name: str, on: str, links: Links, scenario: str | None) -> list[Span]:
    if links == "web":
        query = {"on": on, **({"scenario": scenario} if scenario else {})}
        return [Span(text=f"Draft for {name}", href=f"/areas/{quote(code)}/protocol?{urlencode(query)}")]
    scen = f" --scenario {scenario}" if scenario else ""
    return [Span(text=f"{name}: "), Span(text=f"partnership-graph protocol --area {code} --on {on}{scen}", code=True)]


# -- a protocol draft's blocks, as blocks of the pack --------------------------------------------
def _spans(inline: Inline) -> list[Span]:
    if isinstance(inline, str):
        return [Span(text=inline)]
    return [Span(text=text, strong=style == "b", code=style == "code") for text, style in inline]


def protocol_blocks(draft: ProtocolDraft) -> list[DocBlock]:
    """``exporters.protocol`` blocks one level down (the draft's title is the appendix heading)."""
    out: list[DocBlock] = []
    last_heading = ""
    for b in draft.blocks:
        if b.kind == "h1":
            continue
        if b.kind in ("h2", "h3"):
            last_heading = "".join(s.text for s in _spans(b.text))
            out.append(DocBlock(kind="h3" if b.kind == "h2" else "h4", text=_spans(b.text)))
        elif b.kind in ("p", "note"):
            out.append(DocBlock(kind=b.kind, text=_spans(b.text)))
        elif b.kind in ("bullets", "todo"):
            out.append(DocBlock(kind="checklist" if b.kind == "todo" else "bullets",
                                items=[_spans(i) for i in b.items]))
        elif b.kind == "table":
            out.append(DocBlock(kind="table", caption=f"{draft.area_name}: {last_heading}", headers=list(b.headers),
                                rows=[[_cell(c) for c in row] for row in b.rows]))
    return out
