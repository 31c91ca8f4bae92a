"""Finding areas, issues and bodies by what people type: codes, names, prefixes, synonyms.

One resolver serves loaders (references in a dataset) and queries (command arguments), so a name
that works in a file works on the command line. Exact names are often shared by several kinds of
area (Oldham is a LAD and a CSP; Surrey a county, a police force area and a fire area): an exact
match is settled by ``AREA_PRIORITY`` (the place people usually mean first), and ``kind:name``
asks for one kind explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .graphmodel.vocab import AREA_KIND_ALIASES, AreaKind
from .suggest import _suggest, did_you_mean

AREA_PRIORITY = [AreaKind.LAD, AreaKind.CTYUA, AreaKind.CSP, AreaKind.PFA, AreaKind.FRA,
                 AreaKind.ICB, AreaKind.LHB, AreaKind.SICBL, AreaKind.RGN, AreaKind.CTRY]
_RANK = {k.value: i for i, k in enumerate(AREA_PRIORITY)}


class ResolveError(LookupError):
    """A reference that does not resolve; the message says why and suggests what might."""


# GSS codes ONS has retired, with their successors and the year (data/changes/README.md): the
# bundled 2024 lookups use the old codes, so either code finds the area, with a note.
RECODED: dict[str, tuple[str, str]] = {"E08000016": ("E08000038", "2025"),  # Barnsley
                                       "E08000019": ("E08000039", "2025")}  # Sheffield


@dataclass(frozen=True)
class AreaRef:
    code: str
    name: str
    kind: str
    note: str | None = None  # how the reference was resolved, when it was not as typed (a retired code)

    def __str__(self) -> str:
        return f"{self.name} ({self.kind} {self.code})"


# Short names practitioners write for counties and police areas (the usual postal and
# newspaper abbreviations); each stands for the full name, resolved as if typed.
AREA_NICKNAMES: dict[str, str] = {
    "notts": "Nottinghamshire", "lancs": "Lancashire", "glos": "Gloucestershire", "gloucs": "Gloucestershire",
    "herts": "Hertfordshire", "bucks": "Buckinghamshire", "beds": "Bedfordshire", "cambs": "Cambridgeshire",
    "leics": "Leicestershire", "lincs": "Lincolnshire", "northants": "Northamptonshire",
    "staffs": "Staffordshire", "wilts": "Wiltshire", "worcs": "Worcestershire", "warks": "Warwickshire",
    "oxon": "Oxfordshire", "hants": "Hampshire", "derbys": "Derbyshire", "salop": "Shropshire",
    "yorks": "North Yorkshire", "n yorks": "North Yorkshire", "s yorks": "South Yorkshire",
    "w yorks": "West Yorkshire", "gm": "Greater Manchester", "gmca": "Greater Manchester",
    "brum": "Birmingham", "bcp": "Bournemouth, Christchurch and Poole",
}

# A council's own name ("Kent County Council", "London Borough of Camden", "Nottingham City
# Council") stands for the area it governs: the district or county of that name.
_COUNCIL_PREFIX = re.compile(r"^(?:the\s+)?(?:royal\s+borough\s+of|london\s+borough\s+of|city\s+and\s+county\s+of|"
                             r"county\s+borough\s+of|metropolitan\s+borough\s+of|borough\s+of|city\s+of|"
                             r"council\s+of\s+the\s+city\s+of)\s+", re.I)
_COUNCIL_SUFFIX = re.compile(r"\s+(?:(?:metropolitan\s+)?(?:borough|district|county|city|unitary)\s+|"
                             r"county\s+borough\s+|city\s+and\s+district\s+)?council$", re.I)


def council_stem(text: str) -> str | None:
    """The place a council's name names, or None when ``text`` is not a council's name.

    >>> council_stem("Kent County Council"), council_stem("London Borough of Camden"), council_stem("Kent")
    ('Kent', 'Camden', None)
    """
    stem = _COUNCIL_SUFFIX.sub("", text.strip())
    stem = _COUNCIL_PREFIX.sub("", stem)
    return stem.strip() if stem.strip() and stem.strip().lower() != text.strip().lower() else None


class AreaIndex:
    """Areas by code and name; ``containing`` (code -> codes of the areas it is PART_OF), when
    given, lets ``csp:gedling`` suggest the CSP that holds Gedling."""

    def __init__(self, areas: Iterable[AreaRef], containing: Mapping[str, Iterable[str]] | None = None):
        self.by_code: dict[str, AreaRef] = {}
        self.by_name: dict[str, list[AreaRef]] = {}
        for a in areas:
            self.by_code[a.code.upper()] = a
            self.by_name.setdefault(a.name.lower(), []).append(a)
        for refs in self.by_name.values():
            refs.sort(key=lambda a: (_RANK.get(a.kind, 99), a.code))
        self.containing = {k.upper(): sorted(v) for k, v in (containing or {}).items()}

    def resolve(self, text: str) -> AreaRef:
        query = text.strip()
        if not query:
            raise ResolveError("empty area reference")
        kind: str | None = None
        if ":" in query:
            head, rest = query.split(":", 1)
            word = head.strip().lower().replace("-", "_").replace(" ", "_")
            if word in AREA_KIND_ALIASES:
                kind, query = AREA_KIND_ALIASES[word].value, rest.strip()
        full = AREA_NICKNAMES.get(" ".join(query.lower().replace(".", "").split()))
        if full is not None and query.lower() not in self.by_name and full.lower() in self.by_name:
            query = full  # before prefixes: "Herts" is Hertfordshire, not Hertsmere
        try:
            return self._resolve(text, query, kind)
        except ResolveError:
            alias = self._alias(query, kind)
            if alias is not None:
                return alias
            hint = self._holding(query, kind)
            if hint:
                raise ResolveError(hint) from None
            raise

    def _alias(self, query: str, kind: str | None) -> AreaRef | None:
        """A council's own name (Kent County Council), if it names an area."""
        stem = council_stem(query)
        if stem is None:
            return None
        county = re.search(r"\bcounty\s+council$", query, re.I) is not None
        kinds = [kind] if kind else (["CTYUA", "LAD"] if county else ["LAD", "CTYUA"])
        for candidate in (stem, f"County {stem}", f"City of {stem}", f"{stem} City"):
            for k in kinds:
                hit = [a for a in self.by_name.get(candidate.lower(), []) if a.kind == k]
                if hit:
                    return hit[0]
        return None

    def _holding(self, query: str, kind: str | None) -> str | None:
        """For ``csp:gedling``: Gedling is not a CSP, but it lies in one; say which."""
        if kind is None or not self.containing:
            return None
        others = [a for a in self.by_name.get(query.lower(), []) if a.kind != kind]
        if not others:
            return None
        place = others[0]
        holders = [self.by_code[c.upper()] for c in self.containing.get(place.code.upper(), ())
                   if c.upper() in self.by_code and self.by_code[c.upper()].kind == kind]
        if not holders:
            return None
        listed = " or ".join(f"{kind.lower()}:{h.name} ({h.code})" for h in holders)
        return f"no {kind} area named {query!r}: {place.name} ({place.kind} {place.code}) lies in {listed}"

    def _resolve(self, text: str, query: str, kind: str | None) -> AreaRef:
        if query.upper() in self.by_code:
            found = self.by_code[query.upper()]
            if kind is None or found.kind == kind:
                return found
        recoded = self._recoded(query.upper())
        if recoded is not None and kind in (None, recoded.kind):
            return recoded
        exact = [a for a in self.by_name.get(query.lower(), []) if kind in (None, a.kind)]
        if exact:
            return exact[0]
        low = query.lower()
        prefixed = [a for name, refs in self.by_name.items() if name.startswith(low)
                    for a in refs if kind in (None, a.kind)]
        names = sorted({a.name for a in prefixed})
        if len(names) == 1:
            return sorted(prefixed, key=lambda a: (_RANK.get(a.kind, 99), a.code))[0]
        what = f"{kind} area" if kind else "area"
        if len(names) > 1:
            shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
            raise ResolveError(f"{text!r} matches {len(names)} {what}s: {shown}; "
                               "give more of the name or a GSS code")
        pool = [a for a in self.by_code.values() if kind in (None, a.kind)]
        hits = _suggest(query, [a.name for a in pool])
        if hits:
            best = [self._resolve(h, h, kind) for h in hits]
            return_msg = " or ".join(str(b) for b in best)
            raise ResolveError(f"no {what} named {text!r}: did you mean {return_msg}?")
        raise ResolveError(f"no {what} named {text!r}")


    def _recoded(self, code: str) -> AreaRef | None:
        """A retired code finds its successor; a successor finds the retired code the data holds."""
        from dataclasses import replace

        for old, (new, year) in RECODED.items():
            if code == old and new in self.by_code:
                ref = self.by_code[new]
                return replace(ref, note=f"{old} was retired by ONS in {year}; its successor is {new} ({ref.name})")
            if code == new and old in self.by_code:
                ref = self.by_code[old]
                return replace(ref, note=f"{new} is the {year} ONS code of {ref.name}; the bundled 2024 "
                                         f"lookups hold it under its previous code {old}")
        return None


@dataclass(frozen=True)
class IssueRef:
    id: str
    name: str
    synonyms: tuple[str, ...] = ()


class IssueIndex:
    def __init__(self, issues: Iterable[IssueRef]):
        self.words: dict[str, IssueRef] = {}
        for i in issues:
            for word in (i.id, i.name, *i.synonyms):
                self.words.setdefault(word.lower(), i)

    def resolve(self, text: str) -> IssueRef:
        query = text.strip().lower()
        if query in self.words:
            return self.words[query]
        prefixed = {i.id: i for w, i in self.words.items() if w.startswith(query)} if query else {}
        if len(prefixed) == 1:
            return next(iter(prefixed.values()))
        if len(prefixed) > 1:
            names = sorted(i.name for i in prefixed.values())
            raise ResolveError(f"{text!r} matches {len(names)} issues: {', '.join(names[:8])}; "
                               "give more of the name")
        hits = _suggest(text, list(self.words), n=6)
        names = list(dict.fromkeys(self.words[h.lower()].name for h in hits))[:3]
        hint = " (did you mean " + " or ".join(repr(n) for n in names) + "?)" if names else ""
        raise ResolveError(f"unknown issue {text!r}{hint}")


class BodyIndex:
    """Bodies resolve by exact id; names are accepted on the command line when unambiguous."""

    def __init__(self, bodies: Iterable[tuple[str, str]]):
        self.ids: dict[str, str] = {}
        self.names: dict[str, list[str]] = {}
        for id_, name in bodies:
            self.ids[id_] = name
            self.names.setdefault(name.lower(), []).append(id_)

    def resolve_id(self, text: str) -> str:
        query = text.strip()
        if query in self.ids:
            return query
        raise ResolveError(f"unknown body {text!r}{did_you_mean(query, self.ids)}")

    def resolve(self, text: str) -> str:
        query = text.strip()
        if query in self.ids:
            return query
        named = self.names.get(query.lower(), [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise ResolveError(f"{text!r} names {len(named)} bodies: {', '.join(sorted(named))}; use an id")
        hint = did_you_mean(query, [*self.ids, *(n for n in self.ids.values())])
        raise ResolveError(f"unknown body {text!r}{hint}")
