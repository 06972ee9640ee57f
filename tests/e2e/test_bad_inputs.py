"""Issue 26: every input a user can send gets a clear answer: the exit code (2 for usage and input errors),
one line on stderr naming the problem, no traceback, and nothing written. Run in-process through
:func:`avagree.cli.main` (a parse-time error is argparse's ``SystemExit(2)``), so each case takes well under
a second. Every command and every item of issue 26 this file covers is one row of :data:`CASES`; the
witness and replay items are in ``test_bad_inputs_replay.py``; the size limits under a real memory limit
in ``test_memory_limits.py``.
"""

import json

import numpy as np
import pytest

import avagree
from avagree.cli import main
from avagree.errors import AvagreeError

RULES_PY = '''
import numpy as np

class TrMean:
    """Keeps f as self.k: its name cannot be written back."""
    def __init__(self, f):
        self.k = f
    def __call__(self, z):
        return np.mean(np.sort(z, axis=0)[self.k:len(z) - self.k], axis=0)

class FirstOf:
    """Keeps f as self.k and outputs the first vector it hears: violates contraction."""
    def __init__(self, f):
        self.k = f
    def __call__(self, z):
        return np.asarray(z[0])

def short(z):
    return [1.0, 2.0, 3.0][: 1 + len(z) % 3]

def ragged(z):
    return [[1.0, 2.0], [3.0]]

def nan(z):
    return z[0] * float("nan")
'''

#: (id, argv, exit code, words the one-line message names)
CASES = [
    # -- item 1: sizes, refused before any work ---------------------------------------------------------
    ("check-n-huge", ["check", "cwtm", "--n", "1000000000", "--f", "1"], 2, ["n <= 500", "avagree formula cwtm"]),
    ("check-n-timeout", ["check", "cwtm", "--n", "100000", "--f", "1", "--timeout", "5"], 2, ["size limit"]),
    ("check-terms", ["check", "cwtm", "--n", "400", "--f", "30"], 2, ["terms", "size limit"]),
    ("worst-n-huge", ["worst", "mean", "--n", "1000000000", "--f", "1"], 2, ["n <= 500"]),
    ("check-averaging-terms", ["check", "cwtm", "--n", "100", "--f", "1", "--spec", "averaging", "--bound", "4"], 2,
     ["terms"]),
    ("sweep-empty-range", ["sweep", "cwtm", "--f", "2..1"], 2, ["empty range"]),
    ("sweep-n-huge", ["sweep", "cwtm", "--f", "1", "--n", "1..1000000000"], 2, ["n <= 500"]),
    ("scorecard-library", ["scorecard", "--library", "nosuch", "--n", "7", "--f", "1"], 2, ["nosuch", "byzfl, flwr"]),
    ("scorecard-rule", ["scorecard", "nosuchrule", "--n", "7", "--f", "1"], 2, ["nosuchrule"]),
    ("scorecard-f", ["scorecard", "cwtm", "--n", "7", "--f", "7"], 2, ["f=7", "< n = 7"]),
    ("fuzz-n-1e5", ["fuzz", "cwtm", "--n", "100000", "--f", "1"], 2, ["n <= 2000", "avagree formula"]),
    ("fuzz-n-1e9", ["fuzz", "cwtm", "--n", "1000000000", "--f", "1"], 2, ["n <= 2000"]),
    ("fuzz-cells", ["fuzz", "cwtm", "--n", "1000", "--f", "1", "--d", "10000"], 2, ["cells", "lower n or d"]),
    ("optimal-n-huge", ["optimal", "--n", "1000000000", "--f", "1"], 2, ["at most 500"]),
    ("simulate-n-huge", ["simulate", "broadcast", "--n", "100000", "--f", "1"], 2, ["n <= 64", "avagree constants"]),
    ("simulate-n2d", ["simulate", "broadcast", "--n", "40", "--f", "1", "--d", "700"], 2, ["n^2 d", "lower n or d"]),
    ("simulate-iterations", ["simulate", "broadcast", "--n", "4", "--f", "1", "--iterations", "1000"], 2,
     ["iterations <= 100"]),
    ("simulate-t", ["simulate", "broadcast", "--n", "4", "--f", "1", "--t", "1000"], 2, ["iterations <= 100"]),
    ("simulate-search-budget", ["simulate", "broadcast", "--n", "4", "--f", "1", "--search", "--budget", "10000000"],
     2, ["budget <= 100000"]),
    ("learn-n-huge", ["learn", "cwtm", "--n", "100000", "--f", "1"], 2, ["n <= 1000", "--task recipe"]),
    ("learn-cells", ["learn", "cwtm", "--n", "1000", "--f", "1"], 2, ["h q d", "size limit"]),
    ("learn-T", ["learn", "cwtm", "--n", "7", "--f", "1", "--T", "10000000"], 2, ["T <= 100000"]),
    ("learn-seeds", ["learn", "cwtm", "--n", "7", "--f", "1", "--seeds", "100000"], 2, ["seeds <= 1000"]),
    ("learn-digits-n", ["learn", "--task", "digits", "--n", "100", "--f", "1"], 2, ["h q d"]),
    # -- item 3: output paths, checked before any work ---------------------------------------------------
    ("check-out-file", ["check", "cwtm", "--n", "5", "--f", "1", "--out", "taken.txt"], 2, ["--out", "existing file"]),
    ("fuzz-out-file", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--out", "taken.txt"], 2, ["existing file"]),
    ("sweep-out-file", ["sweep", "cwtm", "--f", "1", "--out", "taken.txt"], 2, ["existing file"]),
    ("worst-out-file", ["worst", "cwtm", "--n", "5", "--f", "1", "--out", "taken.txt"], 2, ["existing file"]),
    ("simulate-out-file", ["simulate", "broadcast", "--n", "4", "--f", "1", "--search", "--out", "taken.txt"], 2,
     ["existing file"]),
    ("audit-report-missing-folder", ["audit", "--quick", "--report", "missing/report.json"], 2,
     ["--report", "no such folder", "missing"]),
    ("audit-report-is-folder", ["audit", "--quick", "--report", "."], 2, ["--report", "is a folder"]),
    ("audit-out-file", ["audit", "--quick", "--out", "taken.txt"], 2, ["--out", "existing file"]),
    ("tables-out-missing-folder", ["tables", "rules", "--out", "missing/rules.md"], 2, ["no such folder"]),
    ("formula-plot-missing-folder", ["formula", "cwtm", "--plot", "missing/p.png"], 2, ["--plot", "no such folder"]),
    ("learn-plot-file", ["learn", "--task", "digits", "--n", "7", "--f", "1", "--plot", "taken.txt"], 2,
     ["--plot", "existing file"]),
    ("witnesses-out-file", ["witnesses", "--out", "taken.txt"], 2, ["existing file"]),
    ("out-under-a-file", ["check", "cwtm", "--n", "5", "--f", "1", "--out", "taken.txt/sub"], 2, ["is a file"]),
    ("out-unwritable", ["check", "cwtm", "--n", "5", "--f", "1", "--out", "/proc/avagree-out"], 2, ["cannot write"]),
    # -- item 10: small things a newcomer met ---------------------------------------------------------------
    ("fuzz-bound-no-spec", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--bound", "4/5"], 2,
     ["--bound", "expected SPEC=VALUE", "contraction=4/5"]),
    ("fuzz-bound-no-value", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--bound", "contraction="], 2,
     ["expected SPEC=VALUE"]),
    ("fuzz-bound-unknown-spec", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--bound", "nosuch=1"], 2,
     ["nosuch", "contraction"]),
    ("constructor-name", ["fuzz", "myrules:TrMean(f=x)", "--n", "5", "--f", "1"], 2,
     ["must be Python literals", "'x' is a name"]),
    ("constructor-call", ["fuzz", "myrules:TrMean(f=np.int64(2))", "--n", "5", "--f", "1"], 2,
     ["'np.int64(2)' is a call"]),
    ("constructor-expression", ["fuzz", "myrules:TrMean(f=[1, a+1])", "--n", "5", "--f", "1"], 2,
     ["'a+1' is an expression"]),
    ("constructor-syntax", ["fuzz", "myrules:TrMean(f=1", "--n", "5", "--f", "1"], 2, ["not valid Python"]),
    ("witnesses-z3-needs-out", ["witnesses", "--z3"], 2, ["--z3", "--out DIR"]),
    ("audit-fail-on-unknown-word", ["audit", "--quick", "--fail-on", "bogus"], 2, ["--fail-on", "unexpected"]),
    ("audit-jobs-0", ["audit", "--quick", "--jobs", "0"], 2, ["jobs=0"]),
    ("simulate-search-scripted", ["simulate", "broadcast", "--n", "4", "--f", "1", "--search", "--byzantine",
                                  "witness"], 2, ["--search chooses", "--byzantine"]),
    # -- the developers' guide's classics ---------------------------------------------------------------
    ("f-ge-n", ["check", "cwtm", "--n", "5", "--f", "5"], 2, ["f"]),
    ("q-gt-n", ["check", "cwtm", "--n", "5", "--f", "1", "--q", "7"], 2, ["q"]),
    ("q-too-small", ["check", "cwtm", "--n", "5", "--f", "1", "--q", "2"], 2, ["q", "2f + 1"]),
    ("fuzz-q-too-small", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--q", "2"], 2, ["q", "2f + 1"]),
    ("f-negative", ["fuzz", "cwtm", "--n", "5", "--f", "-1"], 2, ["f"]),
    ("n-not-int", ["check", "cwtm", "--n", "5.5", "--f", "1"], 2, ["--n", "invalid int"]),
    ("d-zero", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--d", "0"], 2, ["d"]),
    ("examples-zero", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--examples", "0"], 2, ["examples"]),
    ("bound-nan", ["check", "cwtm", "--n", "5", "--f", "1", "--bound", "nan"], 2, ["--bound", "nan"]),
    ("bound-inf", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--bound", "contraction=inf"], 2, ["inf"]),
    ("timeout-nan", ["check", "cwtm", "--n", "5", "--f", "1", "--timeout", "nan"], 2, ["timeout"]),
    ("timeout-negative", ["check", "cwtm", "--n", "5", "--f", "1", "--timeout", "-1"], 2, ["timeout"]),
    ("averaging-needs-bound", ["check", "cwtm", "--n", "5", "--f", "1", "--spec", "averaging"], 2, ["--bound"]),
    ("unknown-rule-check", ["check", "nosuch", "--n", "5", "--f", "1"], 2, ["nosuch"]),
    ("unknown-rule-fuzz", ["fuzz", "nosuch", "--n", "5", "--f", "1"], 2, ["nosuch"]),
    ("unknown-module", ["fuzz", "nosuchmodule:rule", "--n", "5", "--f", "1"], 2, ["cannot import", "nosuchmodule"]),
    ("unknown-spec", ["check", "cwtm", "--n", "5", "--f", "1", "--spec", "nosuch"], 2, ["--spec", "invalid choice"]),
    ("unknown-fuzz-spec", ["fuzz", "cwtm", "--n", "5", "--f", "1", "--spec", "nosuch"], 2, ["invalid choice"]),
    ("lstat-malformed", ["fuzz", "lstat:0,1/2,x,1/2", "--n", "5", "--f", "1"], 2, ["lstat"]),
    ("lstat-wrong-length", ["check", "lstat:0,1/2,1/2", "--n", "5", "--f", "1"], 2, ["lstat"]),
    ("lstat-not-summing-to-1", ["check", "lstat:0,1/2,1/4,0", "--n", "5", "--f", "1"], 2, ["lstat"]),
    ("sweep-bad-range", ["sweep", "cwtm", "--f", "x..2"], 2, ["--f"]),
    ("sweep-unknown-rule", ["sweep", "nosuch", "--f", "1"], 2, ["nosuch"]),
    ("worst-unknown-spec", ["worst", "cwtm", "--n", "5", "--f", "1", "--spec", "nosuch"], 2, ["invalid choice"]),
    ("constants-f-ge-n", ["constants", "cwtm", "--n", "5", "--f", "5"], 2, ["f"]),
    ("constants-unknown-rule", ["constants", "nosuch", "--n", "5", "--f", "1"], 2, ["nosuch"]),
    ("formula-no-closed-form", ["formula", "krum"], 2, ["no closed form"]),
    ("optimal-q-too-small", ["optimal", "--n", "5", "--f", "2"], 2, ["q"]),
    ("learn-delta", ["learn", "cwtm", "--n", "7", "--f", "1", "--delta", "5", "--T", "2", "--seeds", "1"], 2,
     ["delta"]),
    ("learn-recipe-no-rule", ["learn", "--task", "recipe", "--n", "7", "--f", "1"], 2, ["recipe", "rule with constants"]),
    ("simulate-n-too-small", ["simulate", "broadcast", "--n", "3", "--f", "1"], 2, ["3f + 1"]),
    ("tables-unknown", ["tables", "nosuch"], 2, ["invalid choice"]),
    ("rules-unknown-option", ["rules", "--bogus"], 2, ["unrecognized arguments"]),
    ("replay-missing-file", ["replay", "missing.json"], 2, ["no such witness file", "missing.json"]),
    ("no-command", ["nosuch"], 2, ["invalid choice"]),
]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A user's folder: a rule module, a file where a folder is expected."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "myrules.py").write_text(RULES_PY)
    (tmp_path / "taken.txt").write_text("not a folder\n")
    return tmp_path


def _run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: one line, exit 2
        code = exc.code
    return code, capsys.readouterr()


def _listing(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts)


def test_enough_cases_and_every_command():
    from avagree.cli import SUBCOMMANDS

    assert len(CASES) >= 60 and len({c[0] for c in CASES}) == len(CASES)
    covered = {argv[0] for _, argv, _, _ in CASES}
    assert {m.__name__.rsplit(".", 1)[1] for m in SUBCOMMANDS} <= covered


@pytest.mark.parametrize("argv, code, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_at_once_with_one_line(argv, code, words, capsys, project):
    before = _listing(project)
    got, (out, err) = _run(argv, capsys)
    err = err.strip()
    assert got == code, (got, err)
    assert "\n" not in err and "Traceback" not in err + out, err
    assert err.startswith("avagree") and ": error: " in err, err
    for w in words:
        assert w in err, (w, err)
    assert _listing(project) == before  # nothing written


@pytest.mark.parametrize("argv", [
    ["check", "cwtm", "--n", "5", "--f", "1"],
    ["fuzz", "cwtm", "--n", "5", "--f", "1"],
    ["sweep", "cwtm", "--f", "1"],
    ["simulate", "broadcast", "--n", "4", "--f", "1", "--search"],
    ["audit", "--quick"],
], ids=["check", "fuzz", "sweep", "simulate-search", "audit"])
def test_default_output_folder_in_an_unwritable_directory(argv, capsys, monkeypatch):
    """No --out: the default folder (avagree-out/ under the current directory) is checked before any work too
    (sysfs takes no new files, even from root)."""
    monkeypatch.chdir("/sys")
    got, (out, err) = _run(argv, capsys)
    err = err.strip()
    assert got == 2 and "\n" not in err and "Traceback" not in out + err, err
    assert "avagree-out" in err and "cannot write" in err, err


def test_timeout_holds_while_the_formula_is_built(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "cwtm", "--n", "500", "--f", "3", "--timeout", "0.01"]) == 3
    assert "building the formula" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["[1, 2]", "not json", '{"schema": "avagree.witness/1"}', ""],
                         ids=["list", "not-json", "fields-missing", "empty"])
def test_corrupt_witness_file_is_an_input_error(text, capsys, project):
    bad = project / "bad.json"
    bad.write_text(text)
    got, (out, err) = _run(["replay", str(bad)], capsys)
    assert got == 2 and "Traceback" not in out + err
    lines = [line for line in (out + err).splitlines() if "bad.json" in line]
    assert len(lines) == 1 and lines[0].startswith("ERROR"), out + err


def test_rule_object_note_names_the_missing_attribute(project):
    """The constructor note (issue 26): 'no attribute f or _f', not a parse error of 'TrMean(?)'."""
    import myrules

    rep = avagree.check(myrules.FirstOf(1), 5, 1, d=1, examples=50, save_dir=str(project / "out"))
    notes = [json.loads(p.read_text()).get("rebuild", "") for p in (project / "out").glob("*.json")]
    assert rep.violated and notes and all(notes)
    for note in notes:
        assert "FirstOf(?)" in note and "no attribute 'f' or '_f'" in note and "self.f" in note, note
        assert "invalid syntax" not in note


@pytest.mark.parametrize("vectors", [
    [[0.0, 1.0], [1.0], [2.0, 3.0]],  # ragged
    [[0.0, float("nan")], [1.0, 1.0], [2.0, 2.0]],  # NaN
    [[0.0, float("inf")], [1.0, 1.0], [2.0, 2.0]],  # inf
    [],  # empty
], ids=["ragged", "nan", "inf", "empty"])
def test_api_rejects_malformed_vectors_with_a_typed_error(vectors):
    with pytest.raises(AvagreeError) as exc:
        avagree.aggregate("cwtm", np.array(vectors, dtype=object) if vectors and len({len(v) for v in vectors}) > 1
                          else vectors, f=1)
    assert "\n" not in str(exc.value)


# the raising execution is shrunk (issue 26 item 5) while it raises the same error: to d = 1 for "short"
@pytest.mark.parametrize("rule, why", [("short", "returned shape (2,), expected (1,)"),
                                       ("ragged", "not a vector of numbers"),
                                       ("nan", "non-finite")])
def test_a_rule_returning_a_malformed_vector_is_an_error_row_not_a_crash(rule, why, capsys, project):
    """The user's rule is at fault, not avagree: every spec gets an ERROR row naming what it returned."""
    got, (out, err) = _run(["fuzz", f"myrules:{rule}", "--n", "5", "--f", "1", "--d", "3", "--examples", "5",
                            "--out", "w"], capsys)
    assert got == 1 and "Traceback" not in out + err, out + err
    rows = [line for line in out.splitlines() if ": ERROR " in line]
    assert len(rows) == 4 and all(why in line for line in rows), out
