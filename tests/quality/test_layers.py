"""The package's layers: no cycle between packages, no reach into another module's
private names, and an ``import avagree`` that loads neither z3 nor sympy.

The import graph is built from the sources with setuptools' ``package-dir``
mapping applied (``algorithms/`` is ``avagree.algorithms``, and so on), which
static import-graph tools cannot see through. Every import counts, at module
level or inside a function: a function-level import is still a dependency.
A node is a subpackage of ``avagree`` (``avagree.smt``, ``avagree.algorithms``,
...) or a module of the root package (``avagree.errors``, the API facade
``avagree``, ...).

:data:`LAYERS` is the architecture, bottom up; an import may only point to the
same layer or a lower one, and the graph between packages must have no cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: bottom up: each layer may import only from its own layer and the ones below
LAYERS: tuple[tuple[str, ...], ...] = (
    ("avagree.errors", "avagree.verdicts", "avagree.counterexamples", "avagree.schemas"),
    ("avagree.model",),  # the execution model's core: numbers, execution, diameters
    ("avagree.algorithms", "avagree.specs", "avagree.proofs"),  # rules, specs, formulas
    ("avagree.harness",),  # services that run rules and specs: aggregate, user rules, choices, witnesses
    ("avagree.smt", "avagree.adversaries"),  # the Z3 engine; attacks and the paper's constructions
    ("avagree.oracle", "avagree.sim", "avagree.optimal"),  # the search oracle; simulations (broadcast, AVG_t,
    # LEARN); the optimal L-statistics (LPs certified exactly)
    ("avagree.audit", "avagree.scorecard"),  # the claims catalogue and its jobs; the scorecard of rules x specs
    ("avagree.cli", "avagree", "avagree.strategies"),  # the command line, the public API facade
    ("avagree.__main__",),
)


def _modules() -> tuple[dict[str, Path], list[str]]:
    """{module name: file} of every module of the installed package, from pyproject.toml."""
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping, packages = cfg["package-dir"], cfg["packages"]

    def folder(pkg: str) -> Path:
        parts = pkg.split(".")
        for i in range(len(parts), 0, -1):
            if ".".join(parts[:i]) in mapping:
                return ROOT / mapping[".".join(parts[:i])] / Path(*parts[i:])
        return ROOT / Path(*parts)

    mods = {}
    for pkg in packages:
        for file in sorted(folder(pkg).glob("*.py")):
            mods[pkg if file.stem == "__init__" else f"{pkg}.{file.stem}"] = file
    return mods, packages


def node_of(module: str, packages: list[str]) -> str:
    """The graph node of ``module``: its subpackage, or itself for a module of the root package."""
    if module == "avagree" or module.count(".") == 1 and module not in packages:
        return module
    return ".".join(module.split(".")[:2])


def _imported(module: str, file: Path, tree: ast.AST) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import statement in ``tree``."""
    base = module if file.stem == "__init__" else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base.split(".")
                parts = parts[: len(parts) - node.level + 1]
                target = ".".join(parts + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, [a.name for a in node.names]))
    return out


def module_edges() -> tuple[dict[str, set[str]], list[str], list[tuple[str, str]]]:
    """(module -> modules it imports, packages, (module, what) for each private name taken from another module)."""
    mods, packages = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    private = []
    for module, file in mods.items():
        tree = ast.parse(file.read_text(encoding="utf-8"))
        aliases = {}
        for target, names in _imported(module, file, tree):
            for cand in [target] + [f"{target}.{n}" for n in names]:
                if cand in mods and cand != module:
                    edges[module].add(cand)
            if target in mods and target != module:
                private += [(module, f"{target}.{n}") for n in names if n.startswith("_") and not n.startswith("__")]
                aliases.update({n: f"{target}.{n}" for n in names if f"{target}.{n}" in mods})
        for node in ast.walk(tree):  # ``engine._Problem`` through an imported module
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                private.append((module, f"{aliases[node.value.id]}.{node.attr}"))
    return edges, packages, private


def package_edges(edges: dict[str, set[str]], packages: list[str]) -> dict[str, dict[str, list[str]]]:
    """node -> node it imports -> the module imports behind that edge."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for module, targets in edges.items():
        for target in targets:
            a, b = node_of(module, packages), node_of(target, packages)
            if a != b:
                out[a][b].append(f"{module} -> {target}")
    return out


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found = []
    nodes = set(graph) | {b for a in graph for b in graph[a]}

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return found


def _explain(graph: dict[str, dict[str, list[str]]], comp: list[str]) -> str:
    return "; ".join(f"{a} -> {b} ({graph[a][b][0]})" for a in comp for b in comp if b in graph.get(a, {}))


@pytest.fixture(scope="module")
def graph():
    edges, packages, private = module_edges()
    return package_edges(edges, packages), private


def test_no_cycle_between_packages(graph):
    g, _ = graph
    assert cycles(g) == [], "\n".join(_explain(g, c) for c in cycles(g))


def test_a_back_edge_is_caught(graph):
    """The check is live: one import from the model's core up to the rules makes a cycle."""
    g, _ = graph
    assert "avagree.model" in g["avagree.algorithms"]  # the rules use the model's core
    g2 = {a: dict(b) for a, b in g.items()}
    g2.setdefault("avagree.model", {})["avagree.algorithms"] = ["avagree.model.execution -> avagree.algorithms.registry"]
    assert ["avagree.algorithms", "avagree.model"] in cycles(g2)


def test_every_import_points_down_the_layers(graph):
    g, _ = graph
    layer = {node: i for i, nodes in enumerate(LAYERS) for node in nodes}
    assert set(g) | {b for a in g for b in g[a]} <= set(layer), "a package is missing from LAYERS"
    upward = [f"{a} (layer {layer[a]}) -> {b} (layer {layer[b]}): {g[a][b][0]}"
              for a in g for b in g[a] if layer[b] > layer[a]]
    assert upward == []


def test_no_module_reaches_into_another_modules_private_names(graph):
    _, private = graph
    assert private == []


def test_import_avagree_and_the_help_load_neither_z3_nor_sympy():
    code = ("import sys, avagree, avagree.strategies; from avagree.cli import build_parser; build_parser(); "
            "heavy = [m for m in ('z3', 'sympy', 'numba', 'matplotlib', 'sklearn') if m in sys.modules]; "
            "assert not heavy, heavy")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
