"""Issue 26 items 4, 5, 7, 8, 9 through the API: a rule that raises anything (sys.exit, its own
KeyboardInterrupt) or prints gets an ERROR row with a replayable error witness; a real Ctrl-C still stops;
the witness database is replayed before any search; known properties are named; a violation shrinks to
the same witness whatever specs are checked beside it."""

import json
import signal
import sys
from fractions import Fraction
from pathlib import Path

import jsonschema
import numpy as np
import pytest

import avagree
from avagree.cli import main
from avagree.oracle.engine import spec_stream
from avagree.oracle.results import spec_record
from avagree.oracle.shrink import shrink
from avagree.specs import SPECS

RULES = '''
import signal
import sys
import numpy as np


def trimmed(received, f):
    z = np.sort(np.asarray(received, dtype=float), axis=0)
    return z[f:len(z) - f].mean(axis=0)


def exits(received, f):
    sys.exit(3)


def raises_system_exit(received, f):
    raise SystemExit("bye")


def raises_keyboard_interrupt(received, f):
    raise KeyboardInterrupt


class Mine(BaseException):
    pass


def raises_base(received, f):
    raise Mine("not an Exception")


def divides(received, f):
    z = np.asarray(received, dtype=float)
    if (np.abs(z) > 100).any():
        return 1 / 0
    return np.sort(z, axis=0)[f:len(z) - f].mean(axis=0)


def prints(received, f):
    print("debug output of the rule")
    return trimmed(received, f)


def ctrl_c(received, f):
    signal.raise_signal(signal.SIGINT)  # as the user's Ctrl-C arrives while the rule runs
    return trimmed(received, f)
'''

SCHEMA = json.loads((Path(avagree.__file__).parent / "schemas" / "witness.schema.json").read_text())


@pytest.fixture
def rules(tmp_path, monkeypatch):
    """A module of the user's rules, importable under a name unique to the test."""
    name = f"userrules_{abs(hash(str(tmp_path))) % 10**8}"
    (tmp_path / f"{name}.py").write_text(RULES)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return name


@pytest.mark.parametrize("fn, raised", [("exits", "SystemExit"), ("raises_system_exit", "SystemExit"),
                                        ("raises_keyboard_interrupt", "KeyboardInterrupt"),
                                        ("raises_base", ".Mine"), ("divides", "ZeroDivisionError")])
def test_a_rule_that_raises_anything_gets_an_error_row_and_a_replayable_witness(rules, tmp_path, fn, raised):
    rep = avagree.check(f"{rules}:{fn}", 6, 1, specs=["contraction"], examples=60, save_dir=tmp_path / "w")
    (r,) = rep.results
    assert r.status == "error" and not rep.ok and r.witness is not None and r.path is not None
    doc = json.loads(Path(r.path).read_text())
    jsonschema.validate(doc, SCHEMA)
    assert doc["outcome"] == "error" and doc["error"]["type"].endswith(raised) and "outputs" not in doc
    assert f"{fn}" in doc["error"]["traceback"] and "avagree/harness" not in doc["error"]["traceback"]
    again = avagree.replay(r.path)
    assert again.ok and again.status == "OK" and raised in again.reason
    # the failure shows the input the rule raised on and its own traceback, as a violation shows its execution
    text = rep.failure_text()
    assert "Raising execution for contraction" in text and f"raised         {doc['error']['type']}" in text
    assert f'line' in text and f"in {fn}" in text


def test_the_execution_that_made_it_raise_is_shrunk_and_named(rules, tmp_path):
    rep = avagree.check(f"{rules}:divides", 6, 1, specs=["contraction"], examples=60, save_dir=tmp_path)
    w = rep.results[0].witness
    j = w.extra["error"]["receiver"]
    byz = w.rounds[0].deliveries[j].byzantine
    assert w.params.d == 1 and max(abs(v) for v in byz.ravel()) == 128  # the smallest power of two above 100
    assert all(v == 0 for v in w.honest.ravel())  # every honest value shrunk to 0


def test_a_real_ctrl_c_still_stops_the_search(rules):
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's, as in a terminal
    try:
        with pytest.raises(KeyboardInterrupt):
            avagree.check(f"{rules}:ctrl_c", 6, 1, specs=["contraction"], examples=20)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back
    finally:
        signal.signal(signal.SIGINT, previous)


def test_prints_go_to_stderr_and_json_stays_one_document(rules, capsys, tmp_path):
    code = main(["fuzz", f"{rules}:prints", "--n", "6", "--f", "1", "--spec", "contraction", "--examples", "20",
                 "--json", "--out", str(tmp_path / "w")])
    out, err = capsys.readouterr()
    doc = json.loads(out)  # one document, not corrupted by the rule's prints
    assert code == 0 and doc["results"][0]["verdict"] == "HELD"
    assert "debug output of the rule" in err and "debug output" not in out


def test_error_witness_no_longer_reproduces_once_fixed(rules, tmp_path):
    rep = avagree.check(f"{rules}:divides", 6, 1, specs=["contraction"], examples=60, save_dir=tmp_path)
    path = rep.results[0].path
    mod = sys.modules[rules]
    assert not avagree.replay(path, rule=mod.trimmed).ok  # the fixed rule no longer raises: the witness fails
    fixed = avagree.replay(path, rule=mod.trimmed, regression=True)
    assert fixed.ok and fixed.status == "FIXED"
    still = avagree.replay(path, regression=True)
    assert not still.ok and still.status == "REPRODUCES" and "ZeroDivisionError" in still.reason
    other = avagree.replay(path, rule=mod.exits)
    assert not other.ok and "raised SystemExit instead of ZeroDivisionError" in other.reason


def test_database_is_replayed_before_any_search(tmp_path):
    first = avagree.check("mean", 5, 1, d=1, specs=["contraction"], examples=60, save_dir=tmp_path)
    (r,) = first.results
    assert r.status == "violated" and r.source == "search" and r.tried > 0
    before = Path(r.path).read_bytes()
    again = avagree.check("mean", 5, 1, d=1, specs=["contraction", "validity"], examples=1, database=tmp_path)
    old = again.results[0]
    assert (old.status, old.source, old.tried, old.path) == ("violated", "database", 0, r.path)
    assert again.results[1].source == "search"  # no saved witness for validity: searched as usual
    assert again.replayed == [{"file": r.path, "spec": "contraction", "reproduces": True}]
    assert "replayed first: 1 saved witness of this rule, 1 still reproduces" in str(again)
    assert Path(r.path).read_bytes() == before  # read only
    # another question (n, the bound) does not take it; no database, no replay
    assert avagree.check("mean", 6, 1, d=1, specs=["contraction"], examples=1, database=tmp_path).replayed == []
    other = avagree.check("mean", 5, 1, d=1, specs=["contraction"], bounds={"contraction": Fraction(1, 2)},
                          examples=1, database=tmp_path)
    assert other.replayed == [] and other.results[0].source == "search"
    assert avagree.check("mean", 5, 1, d=1, specs=["contraction"], examples=1, database=None).results[0].source == "search"


def test_a_saved_witness_that_does_not_reproduce_is_skipped(tmp_path):
    rep = avagree.check("mean", 5, 1, d=1, specs=["contraction"], examples=60, save_dir=tmp_path)
    path = Path(rep.results[0].path)
    doc = json.loads(path.read_text())
    doc["outputs"][0] = ["123"]  # no longer what the rule gives
    path.write_text(json.dumps(doc))
    (tmp_path / "junk.json").write_text("{not json")
    again = avagree.check("mean", 5, 1, d=1, specs=["contraction"], examples=60, database=tmp_path)
    assert again.replayed == [{"file": str(path), "spec": "contraction", "reproduces": False}]
    assert again.results[0].source == "search" and again.results[0].status == "violated"


def _witness(specs, **kw):
    rep = avagree.check("cwtm", 5, 1, specs=specs, examples=200, database=None, **kw)
    (r,) = [r for r in rep.results if r.spec == "contraction"]
    assert r.status == "violated"
    return r.witness.to_json()


def test_the_same_violation_shrinks_to_the_same_witness_whatever_specs_are_checked():
    alone = _witness(["contraction"])
    assert _witness(["validity", "contraction"]) == alone
    assert _witness(["averaging", "quasi-unanimity", "validity", "contraction"]) == alone
    contraction, strict, validity = (spec_record(s, Fraction(1)) for s in ("contraction", "strict-contraction", "validity"))
    assert spec_stream(contraction) == spec_stream(strict) != spec_stream(validity)
    both = avagree.check("cwtm", 5, 1, specs=["strict-contraction", "contraction"], examples=200, database=None)
    assert both.results[0].witness.to_json() == alone  # the same question, the same stream, the same witness


def test_the_shrinker_is_deterministic():
    from avagree.model.execution import Params
    from avagree.oracle.generators import attack_round, honest_family
    from avagree.harness.aggregate import model_rule
    p, rng = Params(5, 1, 4, 2, "async"), np.random.default_rng(7)
    spec = spec_record("contraction", Fraction(1))
    x = honest_family(rng, p, False)
    rnd = attack_round(rng, p, x, False)
    a = shrink(model_rule("mean"), True, spec, Fraction(1), p, x, rnd)
    b = shrink(model_rule("mean"), True, spec, Fraction(1), p, x, rnd)
    assert a[0] == b[0] and np.array_equal(a[1], b[1])
    assert all(np.array_equal(u.byzantine, v.byzantine) and u.honest == v.honest
               for u, v in zip(a[2].deliveries, b[2].deliveries))


def test_known_properties_are_named_from_the_proofs():
    from avagree.proofs.exact import exact_value

    rep = avagree.check("median", 5, 1, specs=["contraction"], examples=300, database=None)
    (r,) = rep.results
    assert r.status == "violated"
    value = exact_value("median", "contraction", 5, 1, 4)
    assert value == 1 and f"is {value}, so no contraction factor below 1 holds" in r.known
    assert "avagree formula median" in r.known and r.known in rep.failure_text()
    assert r.as_json()["known"] == r.known
    below = avagree.check("cwtm", 5, 1, specs=["contraction"], examples=200, database=None).results[0]
    assert "cwtm" in below.known and "avagree formula cwtm" in below.known  # n = 4f + 1: below the threshold
    mda = avagree.check("mda", 5, 1, d=1, specs=["contraction"], examples=200, database=None).results[0]
    assert "is 5/3, above 1" in mda.known  # Theorem 5's range, from exact_mda's closed form


def test_an_unknown_violation_says_nothing(rules):
    # a user's rule is not in the table; a registry rule violating only below its proved supremum neither
    rep = avagree.check(f"{rules}:divides", 6, 1, specs=["contraction"], examples=60, database=None)
    assert rep.results[0].known is None
    assert avagree.check("mean", 5, 1, specs=["validity"], examples=100, database=None).results[0].known is None


def test_regression_json_follows_the_report_schema(tmp_path, capsys):
    report_schema = json.loads((Path(avagree.__file__).parent / "schemas" / "report.schema.json").read_text())
    rep = avagree.check("mean", 5, 1, d=1, specs=["contraction"], examples=60, save_dir=tmp_path)
    assert main(["replay", "--regression", "--json", str(tmp_path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, report_schema)
    assert doc["params"]["regression"] is True and [r["verdict"] for r in doc["results"]] == ["REPRODUCES"]
    assert main(["fuzz", "mean", "--n", "5", "--f", "1", "--d", "1", "--spec", "contraction", "--examples", "1",
                 "--json", "--out", str(tmp_path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, report_schema)
    (row,) = doc["results"]
    assert row["source"] == "database" and row["witness"] == rep.results[0].path and row["tried"] == 0
    assert "avagree formula mean" in row["known"] and doc["replayed"][0]["reproduces"] is True


def test_where_sigint_is_ignored_a_keyboard_interrupt_is_the_rules_and_sigint_stays_ignored(rules):
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in a shell's background job
    try:
        rep = avagree.check(f"{rules}:raises_keyboard_interrupt", 6, 1, specs=["contraction"], examples=5,
                            database=None)
        assert rep.results[0].status == "error" and signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
