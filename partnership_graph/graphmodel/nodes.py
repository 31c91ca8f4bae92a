"""Node models: places (Area), organisations and partnerships (Body), issues and sources.

Geography and organisations are kept apart: an Area is a place with a GSS code; a Body is who
acts there and covers places through COVERS. Every model is frozen and forbids unknown fields,
so a typo in a loader is an error rather than a silently dropped value.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .vocab import AreaKind, BodyKind, CouncilType, Label

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=ID_PATTERN)]
Name = Annotated[str, Field(min_length=1, max_length=500)]


class Model(BaseModel):
    """Shared configuration: immutable, strict about unknown fields, enums kept as values."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=True, validate_default=True,
                              str_strip_whitespace=True)


class Dated(Model):
    """Validity interval for the coming "as at a date" views; ``valid_to`` is exclusive."""

    valid_from: date | None = None
    valid_to: date | None = None

    @model_validator(mode="after")
    def _interval_runs_forwards(self) -> "Dated":
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValueError("valid_to must be after valid_from")
        return self


# What an element made by a change whose status is below made / in force is marked with, in every
# output ("decided": no order made yet; "announced": policy; "proposal": a user's idea).
StatusMark = Literal["decided", "announced", "proposal"]


class Node(Dated):
    label: ClassVar[Label]

    @property
    def key(self) -> str:
        raise NotImplementedError


class Area(Node):
    """A place: LAD, county/unitary upper tier, CSP, police force area, fire area, ICB..."""

    label: ClassVar[Label] = Label.AREA
    code: Annotated[str, Field(pattern=r"^[EWSNK]\d{8}$")]
    name: Name
    kind: AreaKind
    vintage: str | None = None
    population: int | None = Field(default=None, ge=0)
    upper_tier: bool = False
    # codes that replace this one when it is retired (one county, two unitaries; a re-coding)
    successors: tuple[str, ...] = ()
    # where an area made by a change (a new unitary, a new ICB) is stated, and what to know
    # about it (a code of our own where ONS has published none)
    source: str | None = None
    notes: str | None = None
    # the status of the change that made it, when below made / in force, and that change's notes
    status: StatusMark | None = None
    status_note: str | None = None

    @property
    def key(self) -> str:
        return self.code


class Body(Node):
    """An organisation or partnership."""

    label: ClassVar[Label] = Label.BODY
    id: Id
    name: Name
    kind: BodyKind
    council_type: CouncilType | None = None
    source: str | None = None
    notes: str | None = None
    # True when we infer the body rather than read it from a register (one safeguarding board per
    # upper tier, say); ``derived_reason`` says what the inference is. Shown in every output.
    derived: bool = False
    derived_reason: str | None = None
    # A joint arrangement (a dataset's ``replaces_derived``): the ids of the derived bodies this
    # body replaced, sorted. Stored, so every later load can lay the arrangement over the fresh
    # skeleton again for as long as a dataset states this body (``loaders.dataset.skeleton_for``).
    replaces: tuple[Id, ...] = ()
    # the status of the change that made it, when below made / in force, and that change's notes
    # (Hampshire's new councils: decided, no order found, judicial review brought)
    status: StatusMark | None = None
    status_note: str | None = None

    @property
    def key(self) -> str:
        return self.id


class Issue(Model):
    """A community-safety or safeguarding issue in the taxonomy."""

    label: ClassVar[Label] = Label.ISSUE
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*$", max_length=100)]
    name: Name
    synonyms: tuple[str, ...] = ()
    description: str | None = None

    @field_validator("synonyms")
    @classmethod
    def _no_blank_synonyms(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(s.strip() for s in v if s and s.strip())
        return tuple(dict.fromkeys(cleaned))

    @property
    def key(self) -> str:
        return self.id


class Source(Model):
    """A document that states facts; a claim citing a non-authoritative one is illustrative."""

    label: ClassVar[Label] = Label.SOURCE
    id: Id
    title: Name
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    url: str | None = None
    publisher: str | None = None
    authoritative: bool = True

    @property
    def key(self) -> str:
        return self.id


def slug(name: str) -> str:
    """The id-safe form of a name: ``Devon & Cornwall`` -> ``devon-and-cornwall``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")
