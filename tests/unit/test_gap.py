"""The gap to the class optimum (issue 25 item 4) in ``avagree formula --n`` and ``avagree constants``:
the rule's exact value, the certified least value over the L-statistics, their exact ratio, the scope;
UNKNOWN (no number) when the LP does not certify; an empty class said so."""

import json
from fractions import Fraction as Fr

import pytest

from avagree.cli import main
from avagree.errors import ParameterError
from avagree.optimal import gap


def _doc(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_formula_at_an_instance_gives_value_optimum_and_ratio(capsys):
    doc = _doc(capsys, ["formula", "cwtm", "--n", "40", "--f", "5", "--json"])
    assert (doc["params"]["n"], doc["params"]["f"]) == (40, 5)
    by_spec = {e["spec"]: e["gap"] for e in doc["results"]}
    c, a = by_spec["contraction"]["contraction"], by_spec["averaging"]["averaging"]
    # CwTM by hand: (n - q + f)/(q - 2f) = 10/25 and (n - q + f)/(n - f) = 10/35; the optimum 1/3 is
    # Dolev et al.'s 1/c(n - 3f, 2f) = 1/(floor(29/10) + 1), the least averaging error CwTM's own
    assert (Fr(c["rule_value"]), Fr(c["optimum"]), Fr(c["ratio"]), c["verdict"]) == (Fr(2, 5), Fr(1, 3), Fr(6, 5), "PROVED")
    assert (Fr(a["rule_value"]), Fr(a["optimum"]), Fr(a["ratio"])) == (Fr(2, 7), Fr(2, 7), 1)
    g = by_spec["contraction"]
    assert (g["d"], g["rounds"], g["model"], g["q"]) == (1, 1, "async", 35) and "f+1..q-f" in g["class"]
    assert "note" not in g


def test_mda_is_compared_and_said_not_in_the_class(capsys):
    doc = _doc(capsys, ["formula", "mda", "--n", "13", "--f", "2", "--json"])
    entry, averaging = doc["results"]
    c = entry["gap"]["contraction"]
    a = averaging["gap"]["averaging"]
    # MDA's exact d = 1 averaging error (Lemma 13's alpha, issue 29) against CwTM's k/h = 4/11: 93/99 / (4/11)
    assert (Fr(a["rule_value"]), Fr(a["optimum"])) == (Fr(((2 * 2 + 11 - 11) * 11 + (11 - 4) * 2), 11 * 9), Fr(4, 11))
    # Lemma 12's (4f + h - q)/(q - f) = 8/9 is MDA's exact d = 1 factor; the class reaches 1/2
    assert (Fr(c["rule_value"]), Fr(c["optimum"]), Fr(c["ratio"])) == (Fr(8, 9), Fr(1, 2), Fr(16, 9))
    assert "not an L-statistic" in entry["gap"]["note"]
    assert main(["formula", "mda", "--n", "13", "--f", "2"]) == 0
    text = capsys.readouterr().out
    assert "mda/optimum = 16/9" in text and "not an L-statistic" in text


def test_constants_prints_and_reports_the_gap(capsys):
    doc = _doc(capsys, ["constants", "cwtm", "--n", "13", "--f", "2", "--json"])
    g = doc["class_optimum"]
    assert (Fr(g["contraction"]["ratio"]), Fr(g["averaging"]["ratio"])) == (Fr(8, 7), 1)
    assert doc["exact_contraction_factor"] == "4/7"  # the existing field is unchanged
    assert main(["constants", "cwtm", "--n", "13", "--f", "2", "--sync"]) == 0
    text = capsys.readouterr().out
    # synchronously CwTM's 2/9 against the least 1/5 (Dolev et al.'s 1/c(n - 2f, f) = 1/(floor(8/2) + 1))
    assert "least contraction factor over the class: 1/5" in text and "cwtm/optimum = 10/9" in text
    doc = _doc(capsys, ["constants", "cva", "--n", "8", "--f", "1", "--json"])
    c = doc["class_optimum"]["contraction"]  # CVA's (5f + h - q)/(q - f) = 5/6 against select's 1/3
    assert (Fr(c["rule_value"]), Fr(c["optimum"]), Fr(c["ratio"])) == (Fr(5, 6), Fr(1, 3), Fr(5, 2))
    assert "CVA is not an L-statistic" in doc["class_optimum"]["note"] and "averaging" not in doc["class_optimum"]


def test_an_uncertified_optimum_is_unknown_never_a_number(capsys, monkeypatch):
    monkeypatch.setattr("avagree.optimal.gap.best", lambda inst, quantity, front: None)
    doc = _doc(capsys, ["formula", "cwtm", "--spec", "contraction", "--n", "13", "--f", "2", "--json"])
    c = doc["results"][0]["gap"]["contraction"]
    assert (c["verdict"], c["optimum"], c["ratio"], c["rule_value"]) == ("UNKNOWN", None, None, "4/7")
    assert main(["formula", "cwtm", "--spec", "contraction", "--n", "13", "--f", "2"]) == 0
    assert "UNKNOWN (no exact certificate)" in capsys.readouterr().out
    doc = _doc(capsys, ["constants", "cwtm", "--n", "600", "--f", "5", "--json"])  # above the LP's size limit; CwTM 10/585
    assert doc["exact_contraction_factor"] == "2/117" and doc["class_optimum"]["contraction"]["optimum"] is None
    assert doc["class_optimum"]["contraction"]["verdict"] == "UNKNOWN" and "600 > 500" in doc["class_optimum"]["failures"][0]


def test_empty_class_and_bad_input(capsys):
    opt = gap.class_optimum(13, 2, 4)
    assert opt.verdict("contraction") == "EMPTY" and opt.contraction is None and "2f + 1" in opt.reason
    assert main(["formula", "cwtm", "--n", "13"]) == 2
    assert "give both --n and --f" in capsys.readouterr().err
    assert main(["formula", "cwtm", "--n", "13", "--f", "2", "--q", "12"]) == 2  # q > n - f
    with pytest.raises(ParameterError):
        gap.class_optimum(5, 5)  # f >= n


def test_ratio_and_least_contraction_rule():
    assert gap.ratio(Fr(2, 5), Fr(1, 3)) == Fr(6, 5)
    assert gap.ratio(Fr(0), Fr(0)) == 1 and gap.ratio(Fr(1), Fr(0)) is None and gap.ratio(None, Fr(1)) is None
    rule = gap.least_contraction_rule(7, 1)
    from avagree.proofs.lstat import Instance, contraction

    weights = [Fr(w) for w in rule.removeprefix("lstat:").split(",")]
    assert contraction(weights, Instance(7, 1, 6)) == gap.class_optimum(7, 1).contraction == Fr(1, 2)
