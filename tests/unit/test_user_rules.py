"""User rules: the string forms, rule objects named so that they rebuild, the
paper's iterated names, and the shrinker's simpler values."""

from fractions import Fraction

import numpy as np
import pytest

from avagree.errors import RuleError
from avagree.harness.user_rules import as_model_rule, constructor_args, load_callable, resolve_name, rule_name
from avagree.oracle.shrink import simpler


class Scaled:
    def __init__(self, factor, f=1):
        self._factor = factor
        self.f = f

    def __call__(self, vectors):
        return np.asarray(vectors).mean(axis=0) * self._factor


class Opaque:
    def __init__(self, factor):
        self.k = factor  # stored under another name: cannot be read back

    def __call__(self, vectors):
        return np.asarray(vectors).mean(axis=0)


def test_rule_objects_are_named_by_their_constructor_arguments():
    assert constructor_args(Scaled(2, f=3)) == {"factor": 2, "f": 3}
    assert constructor_args(Scaled(2)) == {"factor": 2}  # a default left at its default is omitted
    assert rule_name(Scaled(Fraction(1, 2))).endswith("Scaled(?)")  # not a literal
    assert constructor_args(Opaque(2)) is None and rule_name(Opaque(2)).endswith("Opaque(?)")
    name = rule_name(Scaled(2, f=3))
    assert name == f"python:{__name__}:Scaled(factor=2, f=3)"


def test_module_class_strings_build_the_object():
    z = np.array([[3.0, 1.0], [0.0, 2.0], [5.0, 5.0]])
    first = as_model_rule("operator:itemgetter(0)")  # a callable object from literal constructor arguments
    assert first(z, 1, z[0]).tolist() == [3.0, 1.0]
    with pytest.raises(RuleError, match="not callable"):
        as_model_rule("fractions:Fraction(3, 4)")
    with pytest.raises(RuleError, match="literals"):
        load_callable("os:getcwd(__import__('os'))")
    with pytest.raises(RuleError, match="cannot build"):
        load_callable("collections:OrderedDict(1, 2, 3)")


def test_the_papers_iterated_names():
    assert resolve_name("icwtm") == "cwtm" and resolve_name("imda") == "mda" and resolve_name("median") == "median"
    z = np.array([[0.0], [1.0], [2.0], [9.0], [-5.0]])
    assert as_model_rule("icwtm")(z, 1, z[0]).tolist() == as_model_rule("cwtm")(z, 1, z[0]).tolist() == [1.0]


@pytest.mark.parametrize("v, simplest", [(Fraction(7, 3), Fraction(0)), (Fraction(1, 1024), Fraction(0)),
                                         (Fraction(5), Fraction(0))])
def test_simpler_values_are_dyadic_and_strictly_simpler(v, simplest):
    options = simpler(v)
    assert options[0] == simplest
    for c in options:
        assert (c.denominator, abs(c.numerator)) < (v.denominator, abs(v.numerator))
        assert c.denominator & (c.denominator - 1) == 0  # a power of two: the same number in float


def test_import_errors_say_what_is_missing(tmp_path, monkeypatch):
    """The hint about the current directory only when the rule's module itself is not found."""
    (tmp_path / "needs_dep.py").write_text("import not_installed_dep_xyz\n")
    (tmp_path / "has_mod.py").write_text("def f(x):\n    return x.mean(axis=0)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RuleError, match=r"No module named 'no_such_mod_xyz'; is the current directory the one holding"):
        load_callable("no_such_mod_xyz:f")
    for spec, missing in (("needs_dep:f", "not_installed_dep_xyz"), ("has_mod:g", "has no attribute 'g'")):
        with pytest.raises(RuleError) as info:
            load_callable(spec)
        assert missing in str(info.value) and "current directory" not in str(info.value)
