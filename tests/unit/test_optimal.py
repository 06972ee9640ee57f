"""avagree.optimal: the certified optimum and front of the L-statistics with weights on f+1..q-f. Values
on known points, certificates that verify and tampered ones that do not, the exact recovery when the
rationalised float solution is withheld, UNKNOWN (never a number) when nothing certifies, a two-vertex
front (f = 0), and the command line (JSON schema, bad input, help)."""

import json
import random
from fractions import Fraction as Fr

import pytest

from avagree.algorithms.lstatistic import reduce_select_weights
from avagree.cli import build_parser, main
from avagree.errors import ParameterError
from avagree.optimal import optimal, solve
from avagree.optimal.front import compute
from avagree.optimal.problem import problem, verify
from avagree.proofs import lstat
from avagree.schemas import validate


@pytest.mark.parametrize("n, f, q, model, best_c, best_a", [
    (7, 1, 6, "async", Fr(1, 2), Fr(1, 3)), (13, 2, 11, "async", Fr(1, 2), Fr(4, 11)),
    (40, 5, 35, "async", Fr(1, 3), Fr(2, 7)), (7, 1, 7, "sync", Fr(1, 5), Fr(1, 6)),
    (40, 5, 40, "sync", Fr(1, 6), Fr(1, 7)), (13, 2, 9, "async", Fr(1), Fr(6, 11))])
def test_known_optima(n, f, q, model, best_c, best_a):
    res = optimal(n, f, q, model)
    assert res.verdict == "PROVED" and (res.best_contraction, res.best_averaging) == (best_c, best_a)
    inst = res.inst
    for v in res.front.vertices:  # each vertex's weights give its values, by the count model itself
        assert (lstat.contraction(v.weights, inst), lstat.averaging(v.weights, inst)) == (v.contraction, v.averaging)
    assert res.front.edges == [] or len(res.front.vertices) > 1
    for r in res.named:  # no named rule of the class beats a certified optimum
        assert r.contraction is None or r.contraction >= best_c and r.averaging >= best_a


def test_cwtm_is_optimal_at_7_1_and_reduce_select_at_the_least_contraction():
    res = optimal(7, 1)
    by = {r.rule: r for r in res.named}
    assert by["cwtm"].on_front and by["cwtm"].ratio_contraction == by["cwtm"].ratio_averaging == 1
    assert by["mean"].contraction is None and not by["median"].on_front
    big = {r.rule: r for r in optimal(40, 5).named}
    assert big["select:k=10"].contraction == Fr(1, 3) and big["select:k=10"].averaging == Fr(2, 5)
    assert big["cwtm"].ratio_contraction == Fr(6, 5)


def test_least_contraction_is_dlpsw_reduce_and_select_at_q_n_minus_f_and_sync():
    """On this grid the optimum over the class equals DLPSW's 1/c(n - 3f, 2f) (async, q = n - f) and
    1/c(n - 2f, f) (sync), c(m, k) = floor((m - 1)/k) + 1; their rule attains it. Per instance, not a proof."""
    for f in (1, 2, 3):
        for n in range(3 * f + 1, 7 * f + 2):
            for model, k, m in (("async", 2 * f, n - 3 * f), ("sync", f, n - 2 * f)):
                res = optimal(n, f, model=model)
                inst = res.inst
                assert res.best_contraction == Fr(1, (m - 1) // k + 1), (n, f, model)
                assert lstat.contraction(reduce_select_weights(inst.q, f, k), inst) == res.best_contraction


def test_random_weights_never_beat_the_certified_optimum():
    rng = random.Random(3)
    for n, f, q, model in [(9, 2, 7, "async"), (10, 1, 10, "sync"), (6, 0, 4, "async"), (5, 0, 3, "async")]:
        res = optimal(n, f, q, model)
        inst = res.inst
        for _ in range(200):
            w = [Fr(0)] * q
            for p in inst.positions:
                w[p - 1] = Fr(rng.randint(0, 4))
            w[inst.f] += 1
            w = [x / sum(w) for x in w]
            c, a = lstat.contraction(w, inst), lstat.averaging(w, inst)
            assert c >= res.best_contraction and a >= res.best_averaging
            for edge in res.front.edges:  # and no point lies below the front's supporting lines
                lam = {g.quantity: g.weight for g in edge.problem.groups}
                assert lam["contraction"] * c + lam["averaging"] * a >= edge.bound


def test_tampered_certificates_do_not_verify():
    inst = lstat.Instance(40, 5, 35)
    prob = problem(inst, "min contraction", {"contraction": Fr(1)})
    cert = solve.certify(prob)
    assert cert is not None and cert.ok and cert.value == Fr(1, 3)
    cwtm = [Fr(0)] * 5 + [Fr(1, 25)] * 25 + [Fr(0)] * 5
    assert not verify(prob, cwtm, cert.multipliers, cert.mu).ok  # 2/5 is not the dual bound 1/3
    ys = list(cert.multipliers)
    i = next(j for j, y in enumerate(ys) if y)
    ys[i] += Fr(1, 100)
    assert not verify(prob, cert.weights, ys, cert.mu).ok  # multipliers no longer sum to 1
    assert not verify(prob, cert.weights, cert.multipliers, cert.mu + Fr(1, 100)).ok  # mu too high: dual infeasible
    outside = list(cert.weights)
    j = next(p for p, w in enumerate(outside) if w)
    outside[0], outside[j] = outside[j], Fr(0)  # the same weights, one moved to position 1 (outside 6..30)
    assert not verify(prob, outside, cert.multipliers, cert.mu).ok


def test_exact_recovery_when_rationalisation_is_withheld(monkeypatch):
    monkeypatch.setattr(solve, "DENOMINATORS", ())
    for n, f, q, model in [(13, 2, 11, "async"), (4, 0, 3, "async"), (10, 2, 10, "sync")]:
        fr = compute(lstat.Instance(n, f, q, model))
        assert fr.ok, fr.failures
    assert compute(lstat.Instance(13, 2, 11)).best_contraction.value == Fr(1, 2)


def test_nothing_certified_is_unknown_not_a_number(monkeypatch, capsys):
    monkeypatch.setattr(solve, "DENOMINATORS", ())
    monkeypatch.setattr(solve, "TOLERANCES", ())
    res = optimal(7, 1)
    assert res.verdict == "UNKNOWN" and res.best_contraction is None and res.front.vertices == []
    assert main(["optimal", "--n", "7", "--f", "1", "--json"]) == 3
    doc = json.loads(capsys.readouterr().out)
    validate(doc, "report")
    assert doc["verdict"] == "UNKNOWN" and doc["best_contraction"] is None and doc["front"] == []


def test_a_two_vertex_front_and_its_edge_certificate():
    res = optimal(4, 0, 3)
    vs = [(v.contraction, v.averaging) for v in res.front.vertices]
    assert vs == [(Fr(1, 3), Fr(1, 6)), (Fr(2, 5), Fr(3, 20))]
    edge = res.front.edges[0]
    assert edge.ok and edge.bound == edge.value
    lam = {g.quantity: g.weight for g in edge.problem.groups}
    assert all(lam["contraction"] * c + lam["averaging"] * a == edge.bound for c, a in vs)
    assert res.composition[0] == min(a / (1 - c) for c, a in vs) == Fr(1, 4)
    by = {r.rule: r for r in res.named}
    assert by["mean"].on_front and by["cwtm"].on_front and not by["trimmed-middle"].on_front


def test_cli_json_follows_the_schema(capsys):
    assert main(["optimal", "--n", "13", "--f", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    validate(doc, "report")
    assert doc["best_contraction"] == "1/2" and doc["best_averaging"] == "4/11" and doc["best_contraction_float"] == 0.5
    assert len(doc["front"]) == 1 and len(doc["front"][0]["weights"]) == 11
    assert doc["front"][0]["rule"] == "lstat:" + ",".join(doc["front"][0]["weights"])
    cert = doc["certificate"]["best_contraction"]
    assert cert["certified"] and cert["value"] == cert["dual_bound"] == "1/2" and cert["multipliers"]
    assert doc["composition"]["bound"] == "8/11" and "upper bound by composition" in doc["composition"]["label"]


@pytest.mark.parametrize("argv, words", [
    (["--n", "5", "--f", "5"], "f=5"), (["--n", "7", "--f", "1", "--q", "2"], "q >= 2f + 1"),
    (["--n", "7", "--f", "1", "--q", "7"], "n - f"), (["--n", "600", "--f", "1"], "at most 500"),
    (["--n", "7", "--f", "1", "--sync", "--q", "6"], "q = n"), (["--n", "x", "--f", "1"], "invalid int")])
def test_bad_input_is_one_line_and_exit_2(argv, words, capsys):
    with pytest.raises(SystemExit) if words == "invalid int" else _nothing() as _:
        code = main(["optimal", *argv])
        assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_api_errors_are_typed():
    with pytest.raises(ParameterError):
        optimal(7, 1, 2)
    with pytest.raises(ParameterError):
        optimal(7, True)


def test_help_lists_examples_and_exit_codes():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    text = sub.choices["optimal"].format_help()
    assert "avagree optimal --n 40 --f 5 --json" in text and "exit codes: 0" in text and "3 UNKNOWN" in text
