"""The layout of :mod:`avagree.smt`: the command line's help loads neither z3 nor sympy; no module
imports another's private names; no import cycle among its modules (function-level imports included)."""

import ast
import subprocess
import sys
from pathlib import Path

import avagree.smt

SMT = Path(avagree.smt.__file__).parent


def test_building_the_command_line_loads_no_z3_nor_sympy():
    code = ("import sys, avagree.cli as c; c.build_parser(); "
            "assert 'z3' not in sys.modules and 'sympy' not in sys.modules, "
            "sorted(m for m in ('z3', 'sympy') if m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


def _imports() -> dict[str, tuple[set[str], list[str]]]:
    """Each module of avagree.smt: (the avagree.smt modules it imports, the private names it imports)."""
    modules = {p.stem for p in SMT.glob("*.py") if p.stem != "__init__"}
    out = {}
    for name in modules:
        deps, private = set(), []
        tree = ast.parse((SMT / f"{name}.py").read_text())
        bound = {}  # local name -> avagree.smt module
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("avagree"):
                for a in node.names:
                    if node.module == "avagree.smt" and a.name in modules:
                        deps.add(a.name)
                        bound[a.asname or a.name] = a.name
                    elif node.module.startswith("avagree.smt."):
                        deps.add(node.module.removeprefix("avagree.smt."))
                    if a.name.startswith("_") and not a.name.endswith("__"):
                        private.append(f"from {node.module} import {a.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                private.append(f"{node.value.id}.{node.attr}")
        out[name] = (deps - {name}, private)
    return out


def test_no_module_imports_private_names():
    assert {m: p for m, (_, p) in _imports().items() if p} == {}


def test_no_import_cycle_among_the_modules():
    graph = {m: d for m, (d, _) in _imports().items()}
    done: set[str] = set()

    def visit(m: str, path: tuple[str, ...]) -> None:
        assert m not in path, f"import cycle: {' -> '.join(path[path.index(m):] + (m,))}"
        if m not in done:
            for d in sorted(graph.get(m, ())):
                visit(d, path + (m,))
            done.add(m)

    for m in sorted(graph):
        visit(m, ())
