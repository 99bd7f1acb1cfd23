"""The layering of the package (docs/architecture.md), checked on the import graph.

Every ``import`` and ``from ... import`` counts, wherever it stands: at the top of a module, inside a
function, or under ``if TYPE_CHECKING:``.  Three rules, as networkx and sympy check their own code:

1. no import circle between modules;
2. a module imports only from its own room or from rooms of lower layers (``LAYERS``); rooms of the
   same layer do not import each other;
3. at most 10 modules at the top level beside the subpackages, and no module over 800 lines.
"""

from __future__ import annotations

import ast
import pathlib

import networkx as nx
import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "compmech"

#: The rooms of compmech, lowest layer first.  A room is a top-level module or subpackage.
LAYERS = [
    {"errors"},
    {"kernel"},
    {"models"},
    {"presentations"},
    {"algebra"},
    {"processes", "measures"},
    {"io", "plot", "inference", "testing", "abc"},
    {"spec"},
    {"nn"},
    {"cli"},
    {"__init__"},  # the package itself re-exports the public API
]
MAX_TOP_LEVEL_MODULES = 10
MAX_MODULE_LINES = 800


def modules(package: pathlib.Path = PACKAGE) -> dict[str, tuple[pathlib.Path, bool]]:
    """``{dotted name: (path, is a package __init__)}`` of every module under ``package``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return out


def import_graph(package: pathlib.Path = PACKAGE) -> nx.DiGraph:
    """Module -> module edges of every import inside the package (functions and TYPE_CHECKING included)."""
    mods = modules(package)
    root = package.name
    G = nx.DiGraph()
    G.add_nodes_from(mods)
    for name, (path, is_pkg) in mods.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_pkg else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                targets = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in mods else prefix for a in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] != root:
                    continue
                while target not in mods and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target != name:
                    G.add_edge(name, target, line=node.lineno)
    return G


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_of(module: str) -> int:
    for i, rooms in enumerate(LAYERS):
        if room(module) in rooms:
            return i
    raise AssertionError(f"{module}: its room {room(module)!r} is in no layer of LAYERS (docs/architecture.md)")


def circles(G: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.strongly_connected_components(G) if len(c) > 1)


def layer_violations(G: nx.DiGraph) -> list[str]:
    out = []
    for a, b, data in G.edges(data=True):
        if room(a) == room(b):
            continue
        la, lb = layer_of(a), layer_of(b)
        if lb > la or (lb == la):
            out.append(f"{a}:{data['line']} imports {b} (layer {la} {room(a)!r} -> layer {lb} {room(b)!r})")
    return sorted(out)


def test_no_import_circles():
    assert circles(import_graph()) == []


def test_every_import_goes_down_the_layers():
    assert layer_violations(import_graph()) == []


def test_top_level_and_module_sizes():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top
    long = [
        f"{p.relative_to(PACKAGE.parent)}: {n} lines"
        for p, _ in modules().values()
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []


def test_every_room_is_in_the_architecture_page():
    rooms = {room(m) for m in modules()}
    assert rooms == set().union(*LAYERS)
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text()
    for name in rooms - {"__init__"}:
        assert f"`{name}" in page, name


@pytest.fixture
def fake_package(tmp_path):
    pkg = tmp_path / "compmech"
    for rel, text in {
        "__init__.py": "from . import models\n",
        "errors.py": "",
        "models/__init__.py": "",
        "models/hmm.py": "def f():\n    from ..presentations.msp import g\n",
        "presentations/__init__.py": "",
        "presentations/msp.py": "from ..models.hmm import f\n",
        "kernel/__init__.py": "",
        "kernel/exact.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..errors import X\n",
    }.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text)
    return pkg


def test_the_checks_can_fail(fake_package):
    G = import_graph(fake_package)
    assert circles(G) == [["compmech.models.hmm", "compmech.presentations.msp"]]
    assert layer_violations(G) == [
        "compmech.models.hmm:2 imports compmech.presentations.msp (layer 2 'models' -> layer 3 'presentations')"
    ]
    assert G.has_edge("compmech.kernel.exact", "compmech.errors")  # TYPE_CHECKING imports count too
