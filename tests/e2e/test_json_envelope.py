"""Every command's --json is one envelope that validates against the published
schema (avagree/schemas/report.schema.json), with the same keys and types
everywhere; every witness file validates against witness.schema.json."""

import json

import pytest

from avagree.cli import main
from avagree.counterexamples import paths
from avagree.schemas import validate

COMMANDS = {
    "check": ["check", "cwtm", "--n", "5", "--f", "1"],
    "worst": ["worst", "cwtm", "--n", "6", "--f", "1"],
    "sweep": ["sweep", "cwtm", "--f", "1", "--n", "4f..5f"],
    "fuzz": ["fuzz", "mean", "--n", "5", "--f", "1", "--d", "1", "--examples", "40", "--spec", "contraction"],
    "scorecard": ["scorecard", "mean", "cwtm", "--n", "5", "--f", "1", "--d", "1", "--examples", "20"],
    "constants": ["constants", "icwtm", "--n", "6", "--f", "1"],
    "rules": ["rules"],
    "formula": ["formula", "cwtm", "--spec", "contraction"],
    "optimal": ["optimal", "--n", "7", "--f", "1"],
    "simulate": ["simulate", "broadcast", "--n", "4", "--f", "1", "--iterations", "2"],
    "learn": ["learn", "mean", "--n", "4", "--f", "1", "--T", "2", "--seeds", "1", "--d", "2"],
    "tables": ["tables", "rules"],
    "witnesses": ["witnesses"],
}


def _json(capsys, argv):
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_prints_one_envelope(command, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default witness folder lands here, not in the checkout
    code, doc = _json(capsys, [*COMMANDS[command], "--json"])
    validate(doc, "report")
    assert doc["command"] == command and doc["schema"] == "avagree.report/1" and isinstance(doc["params"], dict)
    assert ("verdict" in doc) != ("results" in doc) or command == "simulate"
    for row in doc.get("results") or []:
        for key, value in row.items():
            if key.endswith("_float"):
                assert value is None or isinstance(value, float), (key, value)


def test_constants_are_strings_with_a_float_beside(capsys):
    _, doc = _json(capsys, ["constants", "cwtm", "--n", "6", "--f", "1", "--json"])
    assert doc["eps_max"] == "0" and doc["eps_max_float"] == 0.0  # was a bare number 0
    assert doc["averaging_constant"] == "4*sqrt(5)/5" and abs(doc["averaging_constant_float"] - 4 * 5 ** 0.5 / 5) < 1e-12
    _, mda = _json(capsys, ["constants", "mda", "--n", "7", "--f", "1", "--json"])
    assert mda["averaging_constant"] == "8/3"  # a string for MDA as for CwTM


def test_replay_json_and_every_witness_follows_the_schema(capsys, tmp_path):
    committed = paths()
    for path in committed:
        validate(json.loads(path.read_text()), "witness")
    code, doc = _json(capsys, ["replay", *map(str, committed[:3]), "--json"])
    validate(doc, "report")
    assert code == 0 and [r["verdict"] for r in doc["results"]] == ["OK"] * 3
    assert [r["file"] for r in doc["results"]] == [str(p) for p in committed[:3]]


def test_fuzz_and_check_speak_one_spec_vocabulary(capsys, tmp_path):
    """contraction at c = 1 is strict in both (no contraction at all is a violation):
    CwTM at n = 5, f = 1 never expands, yet both report it."""
    code_c, check = _json(capsys, ["check", "cwtm", "--n", "5", "--f", "1", "--out", str(tmp_path), "--json"])
    code_f, fuzz = _json(capsys, ["fuzz", "cwtm", "--n", "5", "--f", "1", "--d", "1", "--spec", "contraction",
                                  "--examples", "100", "--out", str(tmp_path), "--json"])
    assert (code_c, check["verdict"], check["params"]["strict"]) == (1, "COUNTEREXAMPLE", True)
    assert (code_f, fuzz["results"][0]["verdict"]) == (1, "VIOLATED")
    for w in (check["witness"], fuzz["results"][0]["witness"]):
        doc = json.loads(open(w).read())
        validate(doc, "witness")
        assert doc["spec"] == "contraction" and doc["spec_args"] == {"strict": "1"}


def test_github_and_plain_formats_point_at_the_witness_of_a_registry_rule(capsys, tmp_path):
    argv = ["fuzz", "mean", "--n", "5", "--f", "1", "--d", "1", "--spec", "contraction", "--examples", "40",
            "--out", str(tmp_path)]
    assert main([*argv, "--format", "github"]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("::error "))
    assert "title=avagree%3A contraction violated by mean" in line and f"file={tmp_path}" in line.replace("%3A", ":")
    assert main([*argv, "--format", "plain"]) == 1
    (plain,) = capsys.readouterr().out.splitlines()
    assert plain.startswith(str(tmp_path)) and ":1: error: avagree: contraction violated by mean" in plain


@pytest.mark.parametrize("argv", [
    ["check", "cwtm", "--n", "5", "--f", "1"],
    ["fuzz", "mean", "--n", "5", "--f", "1", "--d", "1", "--spec", "contraction", "--examples", "40"],
], ids=["check", "fuzz"])
def test_json_with_annotations_keeps_stdout_one_document(argv, capsys, tmp_path):
    """--json --format github: the envelope alone on stdout, the annotations on stderr."""
    assert main([*argv, "--out", str(tmp_path), "--json", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    validate(json.loads(out), "report")
    assert err.count("::error ") == 1 and "::error" not in out


def test_replay_json_of_a_file_that_is_not_a_witness(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    assert main(["replay", str(bad), "--json", "--format", "plain"]) == 2
    out, err = capsys.readouterr()
    doc = json.loads(out)
    validate(doc, "report")
    assert [r["verdict"] for r in doc["results"]] == ["ERROR"] and err.startswith(f"{bad}:1: error: ")
