"""proofs/ is the only place a formula of the paper is written.

Two guards, both reading the package source (avagree/ and the folders mapped
into it: algorithms/, specs/, proofs/, counterexamples/):

* every public formula of proofs/ (a module-level UPPER_CASE name bound to a
  sympy expression) is read somewhere in the package: a formula nothing uses is
  either dead or retyped elsewhere;
* a known formula's characteristic shape (e.g. Lemma 12's ``4 * f + h - q``)
  occurs in proofs/ and nowhere else in the package. The shapes are matched
  with any spacing; they are code shapes (with ``*``), so prose in docstrings
  ("2 sqrt(h)", "(4f+h-q)") does not trip them.

To add a formula: write it once in proofs/ and use it through
``avagree.proofs.at``; to guard it against retyping, add its shape below.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
import sympy as sp

from avagree.proofs.symbols import BY_NAME, at

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIRS = ("avagree", "algorithms", "specs", "proofs", "counterexamples")
#: every module of proofs/, read from the folder (a new module is guarded without touching this file)
PROOF_MODULES = tuple(sorted(p.stem for p in (ROOT / "proofs").glob("*.py") if p.stem != "__init__"))


def _sources(outside_proofs: bool = False) -> dict[Path, str]:
    dirs = [d for d in PACKAGE_DIRS if not (outside_proofs and d == "proofs")]
    return {p: p.read_text() for d in dirs for p in sorted((ROOT / d).rglob("*.py"))}


def _read_names() -> set[str]:
    """Every name the package reads (``NAME`` or ``module.NAME``, load context)."""
    names: set[str] = set()
    for text in _sources().values():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                names.add(node.attr)
    return names


def _public_formulas() -> list[tuple[str, str]]:
    """(module, NAME) for each UPPER_CASE name a proofs/ module itself assigns a sympy value."""
    out = []
    for mod in PROOF_MODULES:
        module = importlib.import_module(f"avagree.proofs.{mod}")
        tree = ast.parse((ROOT / "proofs" / f"{mod}.py").read_text())
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper() and isinstance(getattr(module, target.id), sp.Basic):
                    out.append((mod, target.id))
    return out


def test_the_guard_sees_the_formulas():
    found = {f"{m}.{n}" for m, n in _public_formulas()}
    assert {"mda.N_MDA", "mda.THEOREM3_C", "icwtm.N_ICWTM", "icwtm.LEMMA15_FACTOR", "icwtm.THEOREM8_ONE_ROUND",
            "lower_bounds.THEOREM4_ASYNC", "lower_bounds.THEOREM4_SYNC", "mda.N_CONDITION", "cva.Q_CONDITION",
            "broadcast.N_BROADCAST", "diameters.LEMMA1_UPPER_L2"} <= found
    assert len(found) == len(set(found)) >= 35


def test_every_formula_in_proofs_is_used():
    read = _read_names()
    unused = [f"avagree.proofs.{m}.{n}" for m, n in _public_formulas() if n not in read]
    assert unused == [], f"formulas defined in proofs/ and read nowhere in the package: {unused}"


def _loose(shape: str) -> re.Pattern[str]:
    """``shape`` with any whitespace between its characters."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in shape.replace(" ", "")))


#: (shape, where the formula is written in proofs/): each occurs once in proofs/ (twice for the
#: numerator 2f + h - q that Lemma 13 and Theorem 8 share) and nowhere else in the package.
WRITTEN_ONCE = [
    ("4 * f + h - q", "Lemma 12, mda.LEMMA12_FACTOR"),
    ("2 * f + h - q", "Lemma 13 and Theorem 8, mda.LEMMA13_ALPHA, icwtm.THEOREM8_ONE_ROUND"),
    ("(q - 2 * f) * f", "Lemma 13, mda.LEMMA13_ALPHA"),
    ("log(2) /", "N_MDA and N_ICwTM"),
    ("n - 6 * f", "Assumption 5 solved for eps, mda.EPS_MAX_FROM_N"),
    ("n - 7 * f", "the CVA condition solved for eps, cva.EPS_MAX_FROM_N"),
    ("n - 1 - 4 * f", "Assumption 6 solved for eps, icwtm.EPS_MAX_FROM_N"),
    ("2 * eps / (1 + eps)", "Assumption 5's eps_tilde, mda.EPS_TILDE"),
    ("2 * eps * h + sp.Rational(1, 2)", "Assumption 6's eps_tilde, icwtm.EPS_TILDE"),
    ("h + 2 * f - q) / h", "Theorem 4, lower_bounds.THEOREM4_ASYNC"),
    ("sp.log(h, 2)", "Theorem 6's t + ceil(log2 h), broadcast.N_BROADCAST"),
]

#: Shapes the formulas above were once retyped in outside proofs/ (must not come back).
RETYPED_SHAPES = [
    "(n - f) - f",  # Lemma 12's q - f at q = h, in the audit's paper bounds
    "* math.sqrt(h)",  # Theorem 6's 2 sqrt(h)
    "* sp.sqrt(h)",
    "4 * h * d0sq",  # Theorem 6's C^2 = 4h
    "sp.Rational(F, H)",  # Theorem 4, synchronous
    "H + 2 * F - Q",  # Theorem 4, asynchronous
    "sp.ceiling(T *",  # N_MDA
]


@pytest.mark.parametrize("shape, where", WRITTEN_ONCE, ids=[s for s, _ in WRITTEN_ONCE])
def test_formula_written_once_in_proofs(shape, where):
    pattern = _loose(shape)
    in_proofs = sum(len(pattern.findall(text)) for p, text in _sources().items() if p.parent.name == "proofs")
    assert in_proofs == (2 if shape == "2 * f + h - q" else 1), f"{shape!r} ({where}): {in_proofs} times in proofs/"
    elsewhere = [str(p.relative_to(ROOT)) for p, text in _sources(outside_proofs=True).items() if pattern.search(text)]
    assert elsewhere == [], f"{where} is retyped outside proofs/ in {elsewhere}: use avagree.proofs.at instead"


@pytest.mark.parametrize("shape", RETYPED_SHAPES)
def test_no_retyped_formula_outside_proofs(shape):
    pattern = _loose(shape)
    elsewhere = [str(p.relative_to(ROOT)) for p, text in _sources(outside_proofs=True).items() if pattern.search(text)]
    assert elsewhere == [], f"{shape!r} retypes a proofs/ formula in {elsewhere}: use avagree.proofs.at instead"


def test_the_shape_matcher_ignores_spacing_only():
    assert _loose("4 * f + h - q").search("(4*f + h  -q)")
    assert not _loose("4 * f + h - q").search("4 * f + h + q")


@pytest.mark.parametrize("values", [dict(n=7, f=1, q=6, t=2, d=3, eps=sp.Rational(1, 12)),
                                    dict(n=13, f=2, q=13, t=5, d=1, eps=sp.Rational(2, 7)),
                                    dict(n=4, f=1, q=2, t=1, d=2, eps=0)])
def test_at_equals_sympy_subs_on_every_formula(values):
    """:func:`avagree.proofs.symbols.at` replaces symbols with ``xreplace`` (fast): on every
    formula of proofs/ it gives what sympy's ``subs`` gives, including the zoo/nan of a zero
    denominator."""
    compared = 0
    for mod, name in _public_formulas():
        expr = getattr(importlib.import_module(f"avagree.proofs.{mod}"), name)
        fast = at(expr, **values)
        slow = expr.subs({BY_NAME[k]: v for k, v in {**values, "h": values["n"] - values["f"]}.items()})
        assert fast == slow or sp.simplify(fast - slow) == 0, (mod, name, fast, slow)
        compared += 1
    assert compared >= 35
