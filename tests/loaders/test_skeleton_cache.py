"""The disk cache of the built national skeleton gives back exactly what a fresh build gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders import _cache
from partnership_graph.loaders.skeleton import lookup_skeleton


def fresh() -> GraphDocument:
    from partnership_graph.changes.ops import apply_to_document
    from partnership_graph.national import bundled_register

    return apply_to_document(lookup_skeleton(), bundled_register())


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARTNERSHIP_GRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PARTNERSHIP_GRAPH_CACHE", raising=False)
    return tmp_path


def test_a_cached_skeleton_equals_a_fresh_build(cache_dir: Path) -> None:
    built = fresh()
    first = _cache.cached_document("national-skeleton", fresh)
    files = list(cache_dir.glob("national-skeleton-*.json"))
    assert len(files) == 1 and _cache.inputs_digest() in files[0].name
    again = _cache.cached_document("national-skeleton", lambda: pytest.fail("the cache was not read"))
    assert first == again == built
    # the same counts a strategist sees: 43 police force areas, every element's dates kept
    assert sum(1 for a in again.areas if a.kind == "PFA") == 43
    surrey = [b for b in again.bodies if b.id == "council:surrey"]
    assert len(surrey) == 1 and surrey[0].valid_to is not None     # ends with the 2027 reorganisation


def test_a_damaged_cache_is_rebuilt_not_trusted(cache_dir: Path) -> None:
    path = cache_dir / f"national-skeleton-{_cache.inputs_digest()}.json"
    path.write_text('{"areas": [{"code": "not an area"}]}')
    calls = []
    doc = _cache.cached_document("national-skeleton", lambda: calls.append(1) or fresh())  # type: ignore[func-returns-value]
    assert calls == [1] and doc == fresh()
    assert path.read_bytes().startswith(b"{") and len(path.read_bytes()) > 1_000_000


def test_documents_built_from_other_inputs_are_cleared(cache_dir: Path) -> None:
    stale = cache_dir / "national-skeleton-000000000000000000000000.json"
    stale.write_text("{}")
    _cache.cached_document("national-skeleton", fresh)
    assert not stale.exists()


def test_the_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERSHIP_GRAPH_CACHE", "off")
    assert _cache.cache_dir() is None
    _cache.cached_document("national-skeleton", fresh)
    assert list(cache_dir.iterdir()) == []


def _modules_the_build_imports() -> list[Path]:
    """The files of every module the skeleton's build imports, directly or not (grimp reads the
    import statements, those inside functions too), and of the packages that hold them."""
    import grimp

    graph = grimp.build_graph("partnership_graph", cache_dir=None)
    build = {"partnership_graph.national", "partnership_graph.loaders._cache",
             "partnership_graph.loaders.skeleton", "partnership_graph.changes.bundled"}
    modules = set(build)
    for module in build:
        modules |= graph.find_upstream_modules(module)
    files = []
    for module in sorted(modules):
        path = _cache.PACKAGE.parent / Path(*module.split("."))
        files.append(path / "__init__.py" if path.is_dir() else path.with_suffix(".py"))
    return files


def test_the_key_changes_with_every_module_the_build_imports_and_the_data() -> None:
    files = _cache.input_files()
    base = _cache.digest_of(files, _cache.file_digest)
    assert base == _cache.inputs_digest()
    imported = _modules_the_build_imports()
    # the modules that a key on loaders/changes/graphmodel alone missed are among them
    assert {"stores/dated.py", "graphmodel/projection.py", "national.py", "changes/ops.py"} <= {
        p.relative_to(_cache.PACKAGE).as_posix() for p in imported}
    data = [p for p in files if p.is_relative_to(_cache.PACKAGE / "data")]
    assert any(p.suffix == ".csv" for p in data) and (_cache.PACKAGE / "data" / "ons").is_dir()
    for edited in [*imported, data[0], data[-1]]:
        assert edited in files, edited

        def digest(path: Path, edited: Path = edited) -> bytes:   # the file as if edited
            return _cache.file_digest(path) + (b"edited" if path == edited else b"")

        assert _cache.digest_of(files, digest) != base, edited
