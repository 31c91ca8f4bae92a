"""Property: whatever text a spreadsheet holds, loading either succeeds or reports placed problems.

No input may raise anything but LoadError, and every problem names its file and, where it has
one, its row and column.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership_graph.errors import LoadError
from partnership_graph.graphmodel import GraphDocument
from partnership_graph.national import national_skeleton
from partnership_graph.loaders.dataset import TABLES, load_dataset

SKELETON: GraphDocument = national_skeleton()
PLACED = re.compile(r"^.+?(:\d+(:\d+)?)?: .+")

cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "csp:oldham", "council:oldham", "Oldham", "DA", "leads", "team", "mash", "member",
                     "2024-04-01", "2023-01-01", "true", "0.5", "=1+1", "illustrative", "E08000004", "x", "y"]),
)
table_name = st.sampled_from(sorted(TABLES))


@st.composite
def tables(draw: st.DrawFn) -> dict[str, list[list[str]]]:
    out = {}
    for name in draw(st.sets(table_name, min_size=1, max_size=3)):
        columns = [c.name for c in TABLES[name]]
        header = draw(st.lists(st.sampled_from(columns + ["junk"]), min_size=1, max_size=len(columns) + 1))
        rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 1), max_size=6))
        out[name] = [header, *rows]
    return out


@settings(max_examples=settings.default.max_examples * 3 // 2, suppress_health_check=[HealthCheck.too_slow])  # profile: 150 in ci
@given(tables())
def test_any_csv_content_loads_or_fails_with_placed_problems(data: dict[str, list[list[str]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, rows in data.items():
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(rows)
            (folder / f"{name}.csv").write_text(buf.getvalue(), encoding="utf-8")
        try:
            doc = load_dataset(folder, SKELETON)
        except LoadError as e:
            assert e.problems
            for p in e.problems:
                assert PLACED.match(str(p)), str(p)
                assert str(p).startswith(str(folder))
        else:
            assert doc.counts()["areas"] == SKELETON.counts()["areas"]


@settings()  # the profile's count: 100 in ci, 25 in dev
@given(st.binary(max_size=300))
def test_any_bytes_in_a_csv_file_never_escape_as_a_crash(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bodies.csv").write_bytes(raw)
        try:
            load_dataset(tmp, SKELETON)
        except LoadError as e:
            assert all(PLACED.match(str(p)) for p in e.problems)


@settings()  # the profile's count: 100 in ci, 25 in dev
@given(st.text(max_size=300))
def test_any_yaml_text_never_escapes_as_a_crash(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_dataset(path, SKELETON)
        except LoadError as e:
            assert all(PLACED.match(str(p)) for p in e.problems)
