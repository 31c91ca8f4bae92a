"""The pack's blocks as Markdown, Word and HTML: the same words in each, in each format's own structure.

- Markdown: GitHub-flavoured (headings, pipe tables with a caption line, task lists); every text
  escaped with ``exporters.protocol.md_text``, so a name stays text.
- Word (python-docx): real heading styles (Heading 1-3), a table of contents field that Word fills
  in on opening (``updateFields``), tables with a header row that repeats across pages and a
  caption paragraph above each, links as hyperlinks.
- HTML: headings in order, one ``section`` per heading, tables with ``caption`` and ``th scope``,
  links kept to ``http(s)``, in-page and site paths; everything escaped. ``html_document`` is a
  standalone page with a print stylesheet; ``html_fragment`` is what the web page embeds.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from typing import Any

from ...errors import ExportError
from ..protocol import md_text
from .model import DocBlock, Span

__all__ = ["PRINT_CSS", "docx_bytes", "html_document", "html_fragment", "markdown"]


# -- Markdown -----------------------------------------------------------------------------------
def _gh_anchor(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def _md_url(url: str) -> str:
    return (url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
            .replace(">", "%3E"))


def _md_spans(spans: Sequence[Span], anchors: dict[str, str]) -> str:
    out = []
    for s in spans:
        text = " ".join(s.text.split())
        if not text:
            continue
        if s.code and "`" not in text:
            piece = f"`{text}`"
        else:
            piece = md_text(text)
            if s.strong:
                piece = f"**{piece}**"
        href = _safe_href(s.href)   # a javascript: or data: address stays text
        if href and href == s.text and href.startswith(("http://", "https://")):
            piece = f"<{_md_url(href)}>"   # an address shown as itself: an autolink
        elif href:
            target = "#" + anchors.get(href[1:], href[1:]) if href.startswith("#") else _md_url(href)
            piece = f"[{piece}]({target})"
        lead = " " if s.text[:1].isspace() else ""
        trail = " " if s.text[-1:].isspace() else ""
        out.append(lead + piece + trail)
    # numbered references stay readable: [3] is text in Markdown unless a link definition names it
    return _REF.sub(r"[\1]", re.sub(r" {2,}", " ", "".join(out)).strip())


_REF = re.compile(r"\\\[(\d+)\\\]")


def markdown(blocks: Sequence[DocBlock]) -> str:
    """The blocks as GitHub-flavoured Markdown."""
    anchors = {b.anchor: _gh_anchor(_plain(b.text)) for b in blocks if b.anchor}
    out: list[str] = []
    n = 0
    for b in blocks:
        if b.kind in ("h1", "h2", "h3", "h4"):
            out += ["#" * int(b.kind[1]) + " " + _md_spans(b.text, anchors), ""]
        elif b.kind == "p":
            out += [_md_spans(b.text, anchors), ""]
        elif b.kind == "note":
            out += ["> " + _md_spans(b.text, anchors), ""]
        elif b.kind == "toc":
            out += [f"**{md_text(_plain(b.text))}**", ""]
            out += ["- " + _md_spans(item, anchors) for item in b.items] + [""]
        elif b.kind in ("bullets", "checklist"):
            mark = "- [ ] " if b.kind == "checklist" else "- "
            out += [mark + _md_spans(item, anchors) for item in b.items] + [""]
        elif b.kind == "table":
            n += 1
            out += [f"*Table {n}: {md_text(b.caption)}*", ""]
            out.append("| " + " | ".join(md_text(h) or " " for h in b.headers) + " |")
            out.append("|" + "|".join("---" for _ in b.headers) + "|")
            out += ["| " + " | ".join(_md_spans(c, anchors) or " " for c in row) + " |" for row in b.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _plain(spans: Sequence[Span]) -> str:
    return "".join(s.text for s in spans)


# -- Word -----------------------------------------------------------------------------------------
def docx_bytes(blocks: Sequence[DocBlock], title: str) -> bytes:
    """The blocks as a Word document (needs python-docx)."""
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt
    except ModuleNotFoundError:
        raise ExportError("--format docx needs python-docx: pip install 'partnership-graph[docx]'") from None
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "partnership-graph"
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")   # Word fills in the table of contents when it opens the file
    update.set(qn("w:val"), "true")
    settings.append(update)
    anchors = {b.anchor: _bookmark(b.anchor) for b in blocks if b.anchor}
    bookmark_id = [0]

    def hyperlink(paragraph: Any, text: str, href: str, bold: bool = False) -> None:
        link = OxmlElement("w:hyperlink")
        if href.startswith("#"):
            link.set(qn("w:anchor"), anchors.get(href[1:], _bookmark(href[1:])))
        else:
            rel = paragraph.part.relate_to(href, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                                 "hyperlink", is_external=True)
            link.set(qn("r:id"), rel)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        props.append(style)
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "0563C1")
        props.append(color)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.append(underline)
        if bold:
            props.append(OxmlElement("w:b"))
        run.append(props)
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    def runs(paragraph: Any, spans: Sequence[Span]) -> None:
        for s in spans:
            text = " ".join(s.text.split())
            if s.text[:1].isspace() and paragraph.runs:
                text = " " + text
            if s.text[-1:].isspace():
                text += " "
            if not text:
                continue
            if s.href and (s.href.startswith(("http://", "https://", "#"))):
                hyperlink(paragraph, text, s.href, s.strong)
                continue
            run = paragraph.add_run(text)
            run.bold = s.strong
            if s.code:
                run.font.name = "Consolas"
                run.font.size = Pt(9)

    def bookmark(paragraph: Any, name: str) -> None:
        bookmark_id[0] += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(bookmark_id[0]))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(bookmark_id[0]))
        paragraph._p.insert(0, start)
        paragraph._p.append(end)

    def toc_field(paragraph: Any, entries: Sequence[str]) -> None:
        """A TOC field (levels 1-2, hyperlinked); until Word updates it, it shows the section list."""
        def fld(kind: str) -> Any:
            r = OxmlElement("w:r")
            f = OxmlElement("w:fldChar")
            f.set(qn("w:fldCharType"), kind)
            r.append(f)
            return r

        paragraph._p.append(fld("begin"))
        r = OxmlElement("w:r")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = 'TOC \\o "1-2" \\h \\z \\u'
        r.append(instr)
        paragraph._p.append(r)
        paragraph._p.append(fld("separate"))
        for i, entry in enumerate(entries):
            r = OxmlElement("w:r")
            if i:
                r.append(OxmlElement("w:br"))
            t = OxmlElement("w:t")
            t.text = entry
            r.append(t)
            paragraph._p.append(r)
        paragraph._p.append(fld("end"))

    n = 0
    for b in blocks:
        if b.kind in ("h1", "h2", "h3", "h4"):
            level = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}[b.kind]
            if b.kind == "h2" and b.anchor and b.anchor.startswith("appendix-"):
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            p = doc.add_heading(_plain(b.text), level=level)
            if b.anchor:
                bookmark(p, anchors[b.anchor])
        elif b.kind in ("p", "note"):
            p = doc.add_paragraph(style="Intense Quote" if b.kind == "note" else None)
            runs(p, b.text)
        elif b.kind == "toc":
            p = doc.add_paragraph()
            p.add_run(_plain(b.text)).bold = True
            toc_field(doc.add_paragraph(), [_plain(i) for i in b.items])
        elif b.kind in ("bullets", "checklist"):
            for item in b.items:
                p = doc.add_paragraph(style="List Bullet")
                if b.kind == "checklist":
                    p.add_run("\u2610 ")
                runs(p, item)
        elif b.kind == "table":
            n += 1
            cap = doc.add_paragraph(style="Caption")
            cap.add_run(f"Table {n}: {b.caption}")
            table = doc.add_table(rows=1, cols=len(b.headers))
            table.style = "Table Grid"
            header = table.rows[0]
            tr_pr = header._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")   # the header row repeats on each page
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
            for cell, text in zip(header.cells, b.headers):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in b.rows:
                cells = table.add_row().cells
                for cell, spans in zip(cells, row):
                    cell.text = ""
                    runs(cell.paragraphs[0], spans)
            doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _bookmark(anchor: str) -> str:
    """A Word bookmark name: letters, digits and underscores, starting with a letter, at most 40."""
    name = "_".join(re.findall(r"[A-Za-z0-9]+", anchor)) or "x"
    return ("b_" + name)[:40]


# -- HTML -----------------------------------------------------------------------------------------
def _safe_href(href: str | None) -> str | None:
    if href and href.startswith(("http://", "https://", "#", "/")) and not href.startswith("//"):
        return href
    return None


def _html_spans(spans: Sequence[Span]) -> str:
    out = []
    for s in spans:
        text = html.escape(s.text)
        if s.code:
            text = f"<code>{text}</code>"
        if s.strong:
            text = f"<strong>{text}</strong>"
        href = _safe_href(s.href)
        if href:
            text = f'<a href="{html.escape(href, quote=True)}">{text}</a>'
        out.append(text)
    return "".join(out)


def html_fragment(blocks: Sequence[DocBlock], heading_offset: int = 0) -> str:
    """The blocks as HTML: one ``section`` per h2 (labelled by it), captioned tables, escaped text.

    ``heading_offset`` shifts heading levels (1: the pack's h1 becomes h2 under a page's own h1).
    """
    out: list[str] = []
    open_section = False
    n = 0
    for b in blocks:
        if b.kind in ("h1", "h2", "h3", "h4"):
            level = min(6, int(b.kind[1]) + heading_offset)
            ident = f' id="{html.escape(b.anchor, quote=True)}"' if b.anchor else ""
            if b.kind == "h2":
                if open_section:
                    out.append("</section>")
                label = f' aria-labelledby="{html.escape(b.anchor, quote=True)}"' if b.anchor else ""
                out.append(f"<section{label}>")
                open_section = True
            out.append(f"<h{level}{ident}>{_html_spans(b.text)}</h{level}>")
        elif b.kind == "p":
            out.append(f"<p>{_html_spans(b.text)}</p>")
        elif b.kind == "note":
            out.append(f'<p class="note">{_html_spans(b.text)}</p>')
        elif b.kind == "toc":
            # the entries carry their own numbers ("1. Summary"), so the list adds none
            out.append('<nav class="toc" aria-label="Contents"><p class="toc-title"><strong>'
                       f"{html.escape(_plain(b.text))}</strong></p><ul>"
                       + "".join(f"<li>{_html_spans(item)}</li>" for item in b.items) + "</ul></nav>")
        elif b.kind in ("bullets", "checklist"):
            cls = ' class="checklist"' if b.kind == "checklist" else ""
            out.append(f"<ul{cls}>" + "".join(f"<li>{_html_spans(item)}</li>" for item in b.items) + "</ul>")
        elif b.kind == "table":
            n += 1
            head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in b.headers)
            body = "".join("<tr>" + "".join(
                (f'<th scope="row">{_html_spans(c)}</th>' if i == 0 else f"<td>{_html_spans(c)}</td>")
                for i, c in enumerate(row)) + "</tr>" for row in b.rows)
            out.append(f'<div class="table-wrap"><table><caption>Table {n}: {html.escape(b.caption)}</caption>'
                       f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
    if open_section:
        out.append("</section>")
    return "\n".join(out) + "\n"


#: Screen and print styles of the standalone page (the web page links the same rules from /static).
PRINT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.45;
       color: #1b1b1b; max-width: 72rem; margin: 0 auto; padding: 1rem; }
a { color: #0b5cad; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.25rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
thead th { background: #e9eef4; }
tbody th { font-weight: 600; background: #f7f9fb; }
.note { border-left: 4px solid #0b5cad; padding: 0.4rem 0.75rem; background: #f1f6fc; }
ul.checklist { list-style: none; padding-left: 0.5rem; }
ul.checklist li::before { content: "\\2610\\00a0"; }
ul.checklist li { margin: 0.35rem 0; }
nav.toc ul { list-style: none; padding-left: 0.5rem; }
.table-wrap { overflow-x: auto; }
code { font-size: 0.9em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; color: #000; }
  header.top, footer, nav.site, form, .downloads, .asat, .skip { display: none !important; }
  .table-wrap { overflow: visible; }
  section { break-before: auto; }
  h2, h3, h4 { break-after: avoid; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 80%; word-break: break-all; }
  h2[id^="appendix-"] { break-before: page; }
}
"""


def html_document(blocks: Sequence[DocBlock], title: str) -> str:
    """A standalone, accessible HTML page of the blocks, with a print stylesheet."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<main>\n"
            + html_fragment(blocks) + "</main>\n</body>\n</html>\n")
