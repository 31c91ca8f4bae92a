"""The dataset `areas` table: a user's own area from LADs or shares of them, dated like every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.errors import LoadError
from partnership_graph.national import load_dataset


def write(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_a_locality_from_a_lad_and_half_another_is_an_area_others_can_cover(tmp_path: Path) -> None:
    ds = write(tmp_path / "ds",
               areas="code,name,kind,lads,valid_from\n"
                     "E06999101,North Oxfordshire locality,lad,Cherwell; West Oxfordshire=0.5,2027-04-01\n",
               bodies="id,name,kind,covers\nnox-team,North Oxfordshire team,team,North Oxfordshire locality\n")
    doc = load_dataset(ds)
    area = next(a for a in doc.areas if a.code == "E06999101")
    assert str(area.valid_from) == "2027-04-01"
    parts = {e.start: (e.share, str(e.share_basis)) for e in doc.area_part_of if e.end == "E06999101"}
    assert parts == {"E07000177": (1.0, "whole"), "E07000181": (0.5, "stated")}
    pops = {a.code: a.population for a in doc.areas}
    assert area.population == round(pops["E07000177"] + 0.5 * pops["E07000181"])
    assert [c.end for c in doc.covers if c.start == "nox-team"] == ["E06999101"]


def test_area_rows_are_checked_at_their_cells(tmp_path: Path) -> None:
    ds = write(tmp_path / "ds", areas="code,name,kind,lads,valid_from\n"
                                      "E06000001,Dup,lad,Cherwell,2027-04-01\n"
                                      "X1,Bad,distrct,Oxfordshire=2,2027-02-30\n")
    with pytest.raises(LoadError) as e:
        load_dataset(ds)
    where = [(p.row, p.column) for p in e.value.problems]
    assert where == [(2, 1), (3, 1), (3, 3), (3, 4), (3, 5)]
    text = str(e.value)
    assert "already in the national skeleton" in text and "did you mean 'district'" in text
    assert "'Oxfordshire' is a CTYUA, not a LAD" in text
