"""Near matches for a word someone mistyped: the "did you mean" every message gives.

Below everything else (it imports nothing of the package), so the vocabulary, the resolvers, the
loaders and the stores all suggest the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]


def _suggest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Close matches, best first: only those nearly as close as the best, so a clear typo gets
    one suggestion rather than a list of distant relatives."""
    pool = {c.lower(): c for c in dict.fromkeys(candidates)}
    target = word.lower()
    scored = []
    for low, original in pool.items():
        m = difflib.SequenceMatcher(None, target, low)
        if m.real_quick_ratio() >= 0.7 and m.quick_ratio() >= 0.7:
            ratio = m.ratio()
            if ratio >= 0.7:
                scored.append((ratio, original))
    if not scored:
        return []
    scored.sort(key=lambda t: (-t[0], t[1]))
    best = scored[0][0]
    return [c for r, c in scored if r >= best - 0.08][:n]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    hits = _suggest(word, candidates)
    if not hits:
        return ""
    return " (did you mean " + " or ".join(repr(h) for h in hits) + "?)"
