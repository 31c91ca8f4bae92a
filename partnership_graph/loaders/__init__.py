"""Input -> GraphDocument: the bundled geography and skeleton, and user datasets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graphmodel import GraphDocument


def national_skeleton() -> "GraphDocument":
    """The national skeleton as the dataset ``national-skeleton`` (cached)."""
    from .skeleton import skeleton_dataset

    return skeleton_dataset()


def load_dataset(path: str, base: "GraphDocument | None" = None, name: str | None = None,
                 notes: "list[str] | None" = None) -> "GraphDocument":
    from .dataset import load_dataset as load

    return load(path, base, name, notes)


def example_document(base: "GraphDocument | None" = None) -> "GraphDocument":
    """The national skeleton (or ``base``: ``dataset.skeleton_for`` a store) with the bundled
    LGA-review example dataset laid over it."""
    from .bundled import EXAMPLE_DATASET
    from .dataset import load_dataset as load

    return load(EXAMPLE_DATASET, base)


__all__ = ["example_document", "load_dataset", "national_skeleton"]
