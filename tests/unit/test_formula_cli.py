"""``avagree formula`` and the exact fields of ``avagree constants``, in process."""

import json
from fractions import Fraction as Fr

import sympy as sp

from avagree.cli import main


def test_formula_json_is_proved_and_parses(capsys):
    assert main(["formula", "cwtm", "--spec", "contraction", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (entry,) = doc["results"]
    assert (doc["command"], entry["verdict"]) == ("formula", "PROVED")
    assert entry["proof"] == "parameterised" and all(o["status"] == "proved" for o in entry["obligations"])
    n, f, q = sp.symbols("n f q")
    assert sp.sympify(entry["expression"], locals={"n": n, "f": f, "q": q}).subs({n: 6, f: 1, q: 5}) == sp.Rational(2, 3)


def test_constants_exact_fields(capsys):
    assert main(["constants", "cwtm", "--n", "100", "--f", "17", "--q", "80", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # by hand: (n - q + f)/(q - 2f) = 37/46 and (n - q + f)/(n - f) = 37/83
    assert (Fr(out["exact_contraction_factor"]), Fr(out["exact_averaging_error"])) == (Fr(37, 46), Fr(37, 83))
    assert out["exact_contraction_factor_proof"] == out["exact_averaging_error_proof"] == "parameterised"
    assert main(["constants", "mda", "--n", "7", "--f", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # by hand: (n - q + 3f)/(q - f) = 4/5 (q = 6); 4/5 ** 4 = 256/625 <= 1/2 < 4/5 ** 3;
    # averaging: (2fm + s(m + f))/(hm) = (10 + 6)/30 (m = 5, s = 1, h = 6)
    assert (Fr(out["exact_contraction_factor"]), out["exact_contraction_factor_proof"]) == (Fr(4, 5), "parameterised")
    assert (Fr(out["exact_averaging_error"]), out["exact_averaging_error_proof"]) == (Fr(8, 15), "parameterised")
    assert out["exact_iterations"] == 4
    assert out["exact_iterations_kind"].startswith("exact")
    assert main(["constants", "mda", "--n", "7", "--f", "2", "--q", "4", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["exact_contraction_factor"] is None and out["exact_note"].startswith("unbounded")


def test_formula_mda_is_proved(capsys):
    assert main(["formula", "mda", "--json"]) == 0
    entry, averaging = json.loads(capsys.readouterr().out)["results"]
    assert entry["proof"] == averaging["proof"] == "parameterised" and entry["ties"]["attained"] == ["adversary"]
    assert entry["composition"]["proof"] == "parameterised" and "composition" not in averaging
    n, f, q = sp.symbols("n f q")
    expr = sp.sympify(entry["expression"], locals={"n": n, "f": f, "q": q})
    assert [expr.subs({n: 7, f: 1, q: Q}) for Q in (5, 6)] == [sp.Rational(3, 2), sp.Rational(4, 5)]
    expr = sp.sympify(averaging["expression"], locals={"n": n, "f": f, "q": q})
    # Lemma 13's alpha by hand at n = 6, f = 1, q = 5: ((2f + h - q) q + (q - 2f) f)/(h (q - f)) = 13/20
    assert (averaging["spec"], expr.subs({n: 6, f: 1, q: 5})) == ("averaging", sp.Rational(13, 20))
    assert main(["formula", "mda", "--spec", "averaging", "--sync", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["results"]
    assert sp.sympify(entry["expression"], locals={"n": n, "f": f}).subs({n: 6, f: 1}) == sp.Rational(2, 5)


def test_formula_cva_is_proved(capsys):
    assert main(["formula", "cva", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["results"]
    assert entry["proof"] == "parameterised" and entry["ties"]["approached"] == ["first"] and entry["d"] == 1
    assert entry["composition"]["proof"] == "parameterised" and "c^T" in entry["composition"]["statement"]
    n, f, q = sp.symbols("n f q")
    expr = sp.sympify(entry["expression"], locals={"n": n, "f": f, "q": q})
    # by hand: (5f + h - q)/(q - f) = 5/6 at (8, 1, 7); (q + f)/(q - f) = 3/2 at q = 5; q = 2: 1 (own value)
    assert [expr.subs({n: 8, f: 1, q: Q}) for Q in (7, 5, 2)] == [sp.Rational(5, 6), sp.Rational(3, 2), 1]
    assert main(["constants", "cva", "--n", "8", "--f", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # (5/6)**4 = 625/1296 <= 1/2 < (5/6)**3: four rounds, exact (the family composes)
    assert (out["exact_contraction_factor"], out["exact_iterations"]) == ("5/6", 4)
    assert out["exact_iterations_kind"].startswith("exact") and out["exact_averaging_error"] is None
    assert main(["formula", "cva", "--spec", "averaging"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_formula_unknown_rule_is_one_line(capsys):
    assert main(["formula", "krum"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_formula_takes_the_iterated_names_and_lists_every_rule_it_has(capsys):
    assert main(["formula", "icwtm", "--spec", "contraction", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["params"]["rule"] == "cwtm" and doc["results"][0]["rule"] == "cwtm"
    assert main(["formula", "krum"]) == 2
    err = capsys.readouterr().err
    assert "no closed form" in err and "mda" in err and "cwtm" in err
