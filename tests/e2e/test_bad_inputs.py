"""Issue 26: every input a user can send gets a clear answer (exit 2, one line naming the problem, no
traceback), run in-process through :func:`avagree.cli.main`. Started with the size limits, the timeout
during the formula's build and empty ranges; the other items of issue 26 are still to come."""

import pytest

from avagree.cli import main

CASES = [  # (argv, exit code, words the one-line message names)
    (["check", "cwtm", "--n", "1000000000", "--f", "1"], 2, ["n <= 500", "avagree formula cwtm"]),
    (["check", "cwtm", "--n", "100000", "--f", "1", "--timeout", "5"], 2, ["size limit"]),
    (["check", "cwtm", "--n", "400", "--f", "30"], 2, ["terms", "size limit"]),
    (["worst", "mean", "--n", "1000000000", "--f", "1"], 2, ["n <= 500"]),
    (["check", "cwtm", "--n", "100", "--f", "1", "--spec", "averaging", "--bound", "4"], 2, ["terms"]),
    (["sweep", "cwtm", "--f", "2..1"], 2, ["empty range"]),
    (["sweep", "cwtm", "--f", "1", "--n", "1..1000000000"], 2, ["n <= 500"]),
    (["fuzz", "cwtm", "--n", "100000", "--f", "1"], 2, ["n <= 2000", "avagree formula"]),
    (["fuzz", "cwtm", "--n", "1000000000", "--f", "1"], 2, ["n <= 2000"]),
    (["fuzz", "cwtm", "--n", "1000", "--f", "1", "--d", "10000"], 2, ["cells", "lower n or d"]),
]


@pytest.mark.parametrize("argv, code, words", CASES, ids=[" ".join(c[0][:4]) for c in CASES])
def test_refused_at_once_with_one_line(argv, code, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == code
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    assert err.startswith("avagree: error: ")
    for w in words:
        assert w in err, (w, err)
    assert not any(tmp_path.iterdir())  # nothing written


def test_timeout_holds_while_the_formula_is_built(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "cwtm", "--n", "500", "--f", "3", "--timeout", "0.01"]) == 3
    assert "building the formula" in capsys.readouterr().out
