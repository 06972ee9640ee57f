"""Issue 26, items 4 to 7: bad witness files, rules that cannot be loaded and rules that exit, raise or
print, each answered with the right exit code, one line naming the problem and no traceback (run
in-process through :func:`avagree.cli.main`). ``replay`` exits 2 when the witness, its rule or its spec
cannot be loaded, 1 only when the file loads and does not reproduce; ``--regression`` never passes a
witness it could not load. The other bad-input cases are in ``test_bad_inputs.py``."""

import json
import sys
from pathlib import Path

import pytest

import avagree
from avagree.cli import main

GOOD_RULES = '''import numpy as np


def mean(received, f):
    return np.asarray(received, dtype=float).mean(axis=0)
'''


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A witness of the mean's violation of contraction (n = 5, f = 1, d = 1), as a dict."""
    folder = tmp_path_factory.mktemp("base")
    rep = avagree.check("mean", 5, 1, d=1, specs=["contraction"], examples=60, save_dir=folder, database=None)
    return json.loads(Path(rep.results[0].path).read_text())


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))  # replay makes the current directory importable
    return tmp_path


def _edit(doc, **changes):
    out = dict(doc)
    for k, v in changes.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def _module(folder, name, body):
    (folder / f"{name}.py").write_text(body)
    return name


# (name, how to make the file in the folder given the base witness, extra argv, exit code, words)
def _json_file(doc):
    return lambda folder, base: json.dumps(doc(folder, base)) if callable(doc) else json.dumps(doc)


CASES = [
    ("corrupt JSON", lambda d, b: "{not json", [], 2, ["not valid JSON"]),
    ("empty file", lambda d, b: "", [], 2, ["not valid JSON"]),
    ("top level a list", lambda d, b: "[1, 2]", [], 2, ["top level must be a JSON object"]),
    ("wrong schema", lambda d, b: json.dumps(_edit(b, schema="avagree.witness/9")), [], 2, ["field 'schema'"]),
    ("missing field", lambda d, b: json.dumps(_edit(b, rounds=None)), [], 2, ["missing field 'rounds'"]),
    ("n not an integer", lambda d, b: json.dumps(_edit(b, n="5")), [], 2, ["'n' must be an integer"]),
    ("a value not rational", lambda d, b: json.dumps(_edit(b, bound="1.5.2")), [], 2, ["bound"]),
    ("sender out of range", lambda d, b: json.dumps(_edit(b, rounds=[{"deliveries": [[9, 1, 2]] * 4,
                                                                        "byzantine": b["rounds"][0]["byzantine"]}])),
     [], 2, ["rounds[0]"]),
    ("unknown outcome", lambda d, b: json.dumps(_edit(b, outcome="maybe")), [], 2, ["'outcome'"]),
    ("error witness without its error", lambda d, b: json.dumps(_edit(b, outcome="error")), [], 2,
     ["missing field 'error'"]),
    ("error without a type", lambda d, b: json.dumps(_edit(b, outcome="error", error={"message": "x"})), [], 2,
     ["'error' must be an object"]),
    ("unknown ties", lambda d, b: json.dumps(_edit(b, ties="sometimes")), [], 2, ["'ties'"]),
    ("unknown registry rule", lambda d, b: json.dumps(_edit(b, rule="nosuchrule")), [], 2,
     ["cannot load the rule", "nosuchrule"]),
    ("module not importable", lambda d, b: json.dumps(_edit(b, rule="python:nosuchmodule_xyz:f")), [], 2,
     ["cannot import", "nosuchmodule_xyz"]),
    ("function not in the module", lambda d, b: json.dumps(_edit(
        b, rule=f"python:{_module(d, 'rb_nofn', GOOD_RULES)}:nosuchfunction")), [], 2, ["cannot import", "nosuchfunction"]),
    ("module with a syntax error", lambda d, b: json.dumps(_edit(
        b, rule=f"python:{_module(d, 'rb_syntax', 'def (:')}:f")), [], 2, ["cannot import", "SyntaxError"]),
    ("module exits on import", lambda d, b: json.dumps(_edit(
        b, rule=f"python:{_module(d, 'rb_exit', 'import sys; sys.exit(3)')}:f")), [], 2, ["cannot import", "SystemExit"]),
    ("module raises on import", lambda d, b: json.dumps(_edit(
        b, rule=f"python:{_module(d, 'rb_raise', 'raise RuntimeError(42)')}:f")), [], 2, ["cannot import", "RuntimeError"]),
    ("unknown spec", lambda d, b: json.dumps(_edit(b, spec="nosuchspec")), [], 2, ["unknown spec 'nosuchspec'"]),
    ("unknown replay mode", lambda d, b: json.dumps(_edit(b, replay="quantum")), [], 2, ["unknown replay mode"]),
    ("negative bound", lambda d, b: json.dumps(_edit(b, bound="-1")), [], 2, ["negative"]),
    ("unknown spec argument", lambda d, b: json.dumps(_edit(b, spec_args={"loose": "1"})), [], 2,
     ["unknown spec argument 'loose'"]),
    ("regression: module not importable", lambda d, b: json.dumps(_edit(b, rule="python:nosuchmodule_xyz:f")),
     ["--regression"], 2, ["cannot import"]),
    ("regression: corrupt JSON", lambda d, b: "{", ["--regression"], 2, ["not valid JSON"]),
    ("regression: unknown spec", lambda d, b: json.dumps(_edit(b, spec="nosuchspec")), ["--regression"], 2,
     ["unknown spec"]),
    ("loads, does not reproduce", lambda d, b: json.dumps(_edit(b, outputs=[["123"]] * 4)), [], 1, ["outputs differ"]),
    ("loads, measured differs", lambda d, b: json.dumps(_edit(b, measured="7")), [], 1, ["measured differs"]),
    ("regression: still reproduces", lambda d, b: json.dumps(b), ["--regression"], 1, ["REPRODUCES", "not fixed"]),
]


@pytest.mark.parametrize("make, extra, code, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_replay_answers_each_bad_witness_in_one_line(make, extra, code, words, base, here, capsys):
    path = here / "w.json"
    path.write_text(make(here, base))
    assert main(["replay", *extra, str(path)]) == code
    out, err = capsys.readouterr()
    text = (out + err).strip()
    assert "\n" not in text and "Traceback" not in text, text
    for w in words:
        assert w in text, (w, text)


@pytest.mark.parametrize("argv, words", [
    (["replay", "no/such/witness.json"], ["no such witness file"]),
    (["replay", "--regression", "no/such/witness.json"], ["no such witness file"]),
    (["replay", "emptydir"], ["no witness files (*.json) in folder"]),
], ids=["missing file", "regression: missing file", "empty folder"])
def test_replay_refuses_missing_paths(argv, words, here, capsys):
    (here / "emptydir").mkdir()
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("avagree: error: ") and "\n" not in err and all(w in err for w in words)


def test_a_folder_with_one_unloadable_witness_is_exit_2(base, here, capsys):
    (here / "ws").mkdir()
    (here / "ws" / "good.json").write_text(json.dumps(base))
    (here / "ws" / "bad.json").write_text(json.dumps(_edit(base, rule="python:nosuchmodule_xyz:f")))
    assert main(["replay", "ws"]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert [ln.split()[0] for ln in lines] == ["ERROR", "OK"]  # both replayed, sorted by name


RAISING = '''import sys


def exits0(received, f):
    sys.exit(0)


def exits3(received, f):
    sys.exit(3)


def interrupts(received, f):
    raise KeyboardInterrupt
'''


@pytest.mark.parametrize("fn, raised", [("exits0", "SystemExit: 0"), ("exits3", "SystemExit: 3"),
                                        ("interrupts", "KeyboardInterrupt")])
def test_fuzz_a_rule_that_exits_is_an_error_row_never_exit_0_or_3(fn, raised, here, capsys):
    mod = _module(here, f"rb_raising_{fn}", RAISING)
    assert main(["fuzz", f"{mod}:{fn}", "--n", "6", "--f", "1", "--spec", "contraction", "--examples", "20",
                 "--format", "plain"]) == 1
    out, err = capsys.readouterr()
    (line,) = out.strip().splitlines()  # one line per violation in the plain format
    assert f"contraction violated by {mod}:{fn}" in line and raised in line and "Traceback" not in out + err
    (path,) = (here / "avagree-out" / "witnesses").glob("*.json")
    assert json.loads(path.read_text())["outcome"] == "error"
    assert main(["replay", str(path)]) == 0  # the rule raises the same again
    assert main(["replay", "--regression", str(path)]) == 1


@pytest.mark.parametrize("argv, words", [
    (["fuzz", "nosuchmodule_xyz:f", "--n", "6", "--f", "1"], ["cannot import", "nosuchmodule_xyz"]),
    (["fuzz", "rb_fz_syntax:f", "--n", "6", "--f", "1"], ["cannot import", "SyntaxError"]),
    (["fuzz", "rb_fz_exit:f", "--n", "6", "--f", "1"], ["cannot import", "SystemExit"]),
], ids=["not importable", "syntax error", "exits on import"])
def test_fuzz_refuses_a_rule_it_cannot_load(argv, words, here, capsys):
    _module(here, "rb_fz_syntax", "def (:")
    _module(here, "rb_fz_exit", "import sys\nsys.exit(0)")
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("avagree: error: ") and "\n" not in err and all(w in err for w in words), err
