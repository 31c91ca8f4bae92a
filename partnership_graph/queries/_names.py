"""Names for the codes a result lists, and hints for references that name a place instead of a body.

Result rows keep GSS codes (stable, joinable) and carry the names beside them (``lad_names``
beside ``lads``), so every table, CSV and Markdown output can name the places it lists. The names
are read from the store the rows came from, the same way for both stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from ._common import Row, as_reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Reader

R = TypeVar("R", bound=Row)

GSS = re.compile(r"\b[EWSNK]\d{8}\b")


def area_names(source: Store | Reader) -> dict[str, str]:
    """GSS code -> name of every area in the store (as at the reader's date; a store: today)."""
    return {ref.code: ref.name for ref in as_reader(source).area_index().by_code.values()}


def names_of(codes: Iterable[str], names: Mapping[str, str]) -> list[str]:
    """The names of ``codes``, in the same order (a code without a name stands for itself)."""
    return [names.get(c, c) for c in codes]


def name_codes(text: str, names: Mapping[str, str]) -> str:
    """Every GSS code in a sentence replaced by the place's name ("in E07000173" -> "in Gedling")."""
    return GSS.sub(lambda m: names.get(m.group(0), m.group(0)), text)


def with_names(store: Store | Reader, rows: Sequence[R], fields: Mapping[str, str], text_fields: Iterable[str] = (),
               names: Mapping[str, str] | None = None) -> list[R]:
    """Rows with each ``fields`` target (e.g. ``lad_names``) filled from its code list (``lads``),
    and codes in ``text_fields`` (sentences such as ``detail``) replaced by names."""
    if not rows:
        return list(rows)
    known = area_names(store) if names is None else names
    texts = tuple(text_fields)
    out = []
    for r in rows:
        update: dict[str, object] = {target: names_of(getattr(r, source), known) for source, target in fields.items()}
        for t in texts:
            value = getattr(r, t)
            if isinstance(value, str):
                update[t] = name_codes(value, known)
        out.append(r.model_copy(update=update))
    return out


def listed(codes: Sequence[str], names: Mapping[str, str], limit: int = 3, noun: str = "districts") -> str:
    """"Gedling; Rushcliffe" or "7 districts" for a table cell."""
    if len(codes) <= limit:
        return "; ".join(names_of(codes, names))
    return f"{len(codes)} {noun}"
