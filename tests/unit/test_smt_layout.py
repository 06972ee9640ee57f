"""No import cycle among the modules of :mod:`avagree.smt`, function-level imports included: the engine's
parts (problem, line, rounds, geometry, bounds) call one another's public functions, never back up into
the entry (``engine.py``). Between packages, private names and the light ``--help`` are held by
``tests/quality/test_layers.py``."""

import ast
from pathlib import Path

import avagree.smt

SMT = Path(avagree.smt.__file__).parent


def smt_imports() -> dict[str, set[str]]:
    """Each module of avagree.smt (by file stem) and the avagree.smt modules it imports, anywhere in it."""
    modules = {p.stem for p in SMT.glob("*.py") if p.stem != "__init__"}
    out = {}
    for name in modules:
        deps = set()
        for node in ast.walk(ast.parse((SMT / f"{name}.py").read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "avagree.smt":
                deps |= {a.name for a in node.names if a.name in modules}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("avagree.smt."):
                deps.add(node.module.removeprefix("avagree.smt."))
        out[name] = deps - {name}
    return out


def test_no_import_cycle_among_the_modules():
    graph = smt_imports()
    done: set[str] = set()

    def visit(m: str, path: tuple[str, ...]) -> None:
        assert m not in path, f"import cycle: {' -> '.join(path[path.index(m):] + (m,))}"
        if m not in done:
            for d in sorted(graph.get(m, ())):
                visit(d, path + (m,))
            done.add(m)

    for m in sorted(graph):
        visit(m, ())
