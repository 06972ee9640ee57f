"""The command line: exit codes, JSON output, one-line errors and no tracebacks."""

import json
import subprocess
import sys

import pytest


def run(*args, cwd=None):
    p = subprocess.run([sys.executable, "-m", "avagree", *args], capture_output=True, text=True, cwd=cwd, timeout=600)
    return p.returncode, p.stdout, p.stderr


def test_help_lists_subcommands():
    code, out, _ = run("--help")
    assert code == 0
    for cmd in ("audit", "check", "worst", "sweep", "constants", "replay", "rules"):
        assert cmd in out


@pytest.mark.parametrize("args, msg", [
    (["constants", "mda", "--n", "5", "--f", "5"], "f=5"),
    (["constants", "mda", "--n", "x", "--f", "1"], "invalid int"),
    (["constants", "bogus", "--n", "7", "--f", "1"], "bogus"),
    (["constants", "mda", "--n", "7", "--f", "1", "--q", "9"], "q=9"),
    (["worst", "multi-krum", "--n", "7", "--f", "1"], "linear arithmetic only"),
    (["check", "cwtm", "--n", "7", "--f", "1", "--bound", "abc"], "not a rational"),
    (["check", "cwtm", "--n", "7", "--f", "1", "--spec", "averaging"], "--bound"),
    (["sweep", "cwtm", "--f", "1..x"], "--f"),
    (["check", "cwtm", "--n", "6", "--f", "2"], "q="),
    (["check", "mda", "--n", "7", "--f", "1", "--rounds", "0"], "rounds=0"),
    (["check", "mda", "--n", "7", "--f", "1", "--timeout", "nan"], "timeout="),
    (["worst", "mda", "--n", "7", "--f", "1", "--timeout", "-5"], "timeout="),
    (["check", "cwtm", "--n", "7", "--f", "1", "--bound", "-1"], "bound="),
    (["fuzz", "cwtm", "--n", "6", "--f", "1", "--examples", "0"], "examples=0"),
    (["fuzz", "cwtm", "--n", "6", "--f", "1", "--bound", "contraction=-2"], "bound contraction"),
    (["audit", "--quick", "--jobs", "0"], "jobs=0"),
    (["fuzz", "krum", "--n", "5", "--f", "1"], "q=4"),
    (["sweep", "cwtm", "--f", "1", "--timeout", "0"], "timeout="),
    (["check", "mda", "--n", "7", "--f", "1", "--rlimit", "0"], "rlimit="),
    (["worst", "mda", "--n", "7", "--f", "1", "--rlimit", "12abc"], "--rlimit"),
    (["sweep", "cwtm", "--f", "1", "--rlimit", "-3"], "rlimit="),
    (["audit", "--quick", "--rlimit", "0"], "rlimit="),
])
def test_usage_errors_are_one_line_exit_2(args, msg):
    code, out, err = run(*args)
    assert code == 2
    assert msg in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content, msg", [
    (b'{"schema": "avagree.witness/1"}', "missing field"),
    (b'{"schema": "avagree.witness/1", "rule": "mean"', "not valid JSON"),
    (b"\xff\xfe\x00binary", "not UTF-8 text"),
], ids=["field", "json", "binary"])
def test_replay_corrupt_file_is_one_line_and_exit_2(tmp_path, content, msg):
    """A file that is not a witness is an input error (exit 2, one ERROR line), not a failed replay."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run("replay", str(bad))
    assert code == 2 and "Traceback" not in err
    (line,) = out.strip().splitlines()
    assert line.split()[:2] == ["ERROR", f"{bad}:"] and msg in line


def test_replay_committed_ok():
    code, out, _ = run("replay")
    assert code == 0 and out.count("OK") >= 9


def test_check_exit_codes_and_json(tmp_path):
    code, out, _ = run("check", "cwtm", "--n", "5", "--f", "1", "--json", "--out", str(tmp_path))
    doc = json.loads(out)
    assert code == 1 and doc["verdict"] == "COUNTEREXAMPLE" and doc["witness"]
    code, out, _ = run("replay", doc["witness"])
    assert code == 0
    code, out, _ = run("check", "cwtm", "--n", "6", "--f", "1", "--json")
    assert code == 0 and json.loads(out)["verdict"] == "PROVED"
    code, out, _ = run("check", "mda", "--n", "19", "--f", "3", "--timeout", "0.05", "--json")
    assert code == 3 and json.loads(out)["verdict"] == "UNKNOWN"


def test_constants_json_infeasible_says_why():
    code, out, _ = run("constants", "cwtm", "--n", "5", "--f", "1", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["feasible"] is False and doc["failed"] and doc["averaging_constant"] is None
    code, out, _ = run("constants", "mda", "--n", "7", "--f", "1", "--t", "3", "--json")
    doc = json.loads(out)
    assert doc["eps_max"] == "1/9" and doc["eps_tilde"] == "1/5" and doc["averaging_constant"] == "8/3"
    assert doc["contraction_factor"] == "4/5" and doc["iterations"] == "11" and doc["averaging_constant_float"] == 8 / 3


def test_worst_json(tmp_path):
    code, out, _ = run("worst", "cwtm", "--n", "6", "--f", "1", "--json", "--out", str(tmp_path))
    doc = json.loads(out)
    assert code == 0 and doc["value"] == "2/3" and doc["attained"] and doc["witness"]


def test_sweep_json():
    code, out, _ = run("sweep", "cwtm", "--f", "1", "--n", "4f..5f+1", "--json")
    doc = json.loads(out)
    rows = doc["results"]
    assert [(r["n"], r["verdict"]) for r in rows] == [(4, "COUNTEREXAMPLE"), (5, "COUNTEREXAMPLE"), (6, "PROVED")]
    assert {r["rlimit"] for r in rows} == {doc["params"]["rlimit"]} and doc["params"]["z3"]  # the default budget, recorded
    assert code == 1


def test_one_module_per_subcommand():
    import avagree.cli as cli

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert list(sub.choices) == ["audit", "constants", "formula", "optimal", "replay", "witnesses", "check", "worst",
                                 "sweep", "fuzz", "scorecard", "learn", "simulate", "tables", "rules"]
    for module in cli.SUBCOMMANDS:
        name = module.__name__.rsplit(".", 1)[1]
        assert sub.choices[name].get_default("func") is module.run


def test_every_subcommand_documents_its_options_examples_and_exit_codes():
    import argparse

    import avagree.cli as cli

    sub = next(a for a in cli.build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        assert "examples:\n  avagree " in parser.epilog and "exit codes: 0 " in parser.epilog, name
        bare = [a.dest for a in parser._actions if not isinstance(a, argparse._HelpAction) and not a.help]
        assert bare == [], (name, bare)  # every option and positional says what it is


def test_version_missing_witness_and_broken_pipe(tmp_path):
    import avagree

    p = subprocess.run([sys.executable, "-m", "avagree", "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.strip() == f"avagree {avagree.__version__}"
    p = subprocess.run([sys.executable, "-m", "avagree", "replay", str(tmp_path / "missing.json")], capture_output=True, text=True)
    assert p.returncode == 2 and "no such witness file" in p.stderr and "Traceback" not in p.stderr
    # the reader is gone before avagree writes (it takes a second to start): EPIPE on the first write
    proc = subprocess.Popen([sys.executable, "-m", "avagree", "rules", "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0 and "Traceback" not in err and "BrokenPipe" not in err, err
