"""Input -> GraphDocument: the bundled geography and skeleton, and user datasets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graphmodel import GraphDocument


def national_skeleton() -> "GraphDocument":
    from .skeleton import national_skeleton as build

    return build()


def load_dataset(path: str, base: "GraphDocument | None" = None,
                 notes: "list[str] | None" = None) -> "GraphDocument":
    from .dataset import load_dataset as load

    return load(path, base, notes)


def example_document() -> "GraphDocument":
    """The national skeleton with the bundled LGA-review example dataset laid over it."""
    from .bundled import EXAMPLE_DATASET
    from .dataset import load_dataset as load

    return load(EXAMPLE_DATASET)


__all__ = ["example_document", "load_dataset", "national_skeleton"]
