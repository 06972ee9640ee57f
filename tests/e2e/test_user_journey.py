"""A new user, end to end, in a temporary directory: their own rule file and
their own pytest test with the ``avagree_check`` fixture; the failure message
names the worst receiver's inputs and the paste-back line; the saved witness
replays from that directory through the ``avagree`` command with no
environment variable; the same with a ByzFL-style rule object. And files only
where asked: ``check`` and ``fuzz`` leave ``git status`` clean. Issue 26: a
fixed bug stays fixed (the witness database is replayed first, ``replay
--regression``)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AVAGREE = str(Path(sys.executable).parent / "avagree")  # the console script, as a user runs it

RULES = '''import numpy as np


def trimmed_mean(received, f):
    z = np.sort(np.asarray(received, dtype=float), axis=0)
    return z[f:len(z) - f].mean(axis=0)


def buggy_trimmed_mean(received, f):  # trims f - 1 values per side
    z = np.sort(np.asarray(received, dtype=float), axis=0)
    return z[f - 1:len(z) - f + 1].mean(axis=0)


class TrMean:  # ByzFL style: configured by its constructor, applied by calling it
    def __init__(self, f):
        self.f = f

    def __call__(self, vectors):
        z = np.sort(np.asarray(vectors), axis=0)
        return z[self.f - 1:len(z) - self.f + 1].mean(axis=0)
'''

TESTS = '''from myrules import TrMean, buggy_trimmed_mean, trimmed_mean


def test_correct(avagree_check):
    avagree_check(trimmed_mean, n=6, f=1, specs=["contraction"])


def test_buggy(avagree_check):
    avagree_check(buggy_trimmed_mean, n=11, f=2, specs=["contraction"])


def test_object(avagree_check):
    avagree_check(TrMean(f=2), n=11, f=2, specs=["contraction"])
'''


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    return env


def _run(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=_env())


@pytest.fixture
def project(tmp_path):
    (tmp_path / "myrules.py").write_text(RULES)
    (tmp_path / "test_myrules.py").write_text(TESTS)
    return tmp_path


def test_user_rule_failure_is_explained_saved_and_replayable(project):
    p = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"], project)
    assert "1 passed" in p.stdout and "2 failed" in p.stdout, p.stdout + p.stderr
    assert "Falsifying execution for contraction" in p.stdout and "worst receiver" in p.stdout
    assert "avagree/oracle" not in p.stdout  # library frames hidden
    # distinct paths: with CI set, pytest repeats each failure's whole message in its short summary
    replays = list(dict.fromkeys(re.findall(r"replay:  avagree replay (\S+)", p.stdout)))
    assert len(replays) == 2 and any("TrMean" in r for r in replays)
    assert re.search(r"python:  avagree\.replay\('[^']+'\)\.ok", p.stdout)
    for path in replays:
        doc = Path(path).read_text()
        assert '"rebuild"' not in doc  # both rules rebuild from their names
        r = _run([AVAGREE, "replay", path], project)  # no PYTHONPATH: the current directory is importable
        assert r.returncode == 0 and r.stdout.split()[0] in ("OK", "FLOAT-ONLY"), r.stdout + r.stderr
    assert '"rule": "python:myrules:TrMean(f=2)"' in Path(next(r for r in replays if "TrMean" in r)).read_text()
    # outside the project (no pyproject.toml or .git above), the module is not importable: a one-line error
    r = _run([AVAGREE, "replay", replays[0]], project.parent)
    assert r.returncode == 2 and "cannot import" in r.stdout and "Traceback" not in r.stderr  # issue 26: not loadable


def test_fuzz_a_rule_object_from_the_current_directory(project):
    r = _run([AVAGREE, "fuzz", "myrules:TrMean(f=2)", "--n", "11", "--f", "2", "--spec", "contraction",
              "--examples", "100"], project)
    assert r.returncode == 1 and "VIOLATED" in r.stdout, r.stdout + r.stderr
    path = re.search(r"replay:  avagree replay (\S+)", r.stdout).group(1)
    assert path.startswith(str(project / "avagree-out" / "witnesses"))
    assert _run([AVAGREE, "replay", path], project).returncode == 0
    plain = _run([AVAGREE, "fuzz", "myrules:buggy_trimmed_mean", "--n", "5", "--f", "1", "--spec", "contraction",
                  "--format", "plain"], project)
    assert plain.returncode == 1 and re.match(r"myrules\.py:9: error: avagree: contraction violated", plain.stdout)


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_check_and_fuzz_leave_git_status_clean(tmp_path):
    """From the repository root (counterexamples/ and the package untouched), and in a
    fresh repository that ignores nothing (avagree-out/ ignores itself)."""
    if (ROOT / ".git").exists():
        before = _git(ROOT, "status", "--porcelain", "--untracked-files=all")
        for args in (["check", "cwtm", "--n", "5", "--f", "1"], ["fuzz", "mean", "--n", "5", "--f", "1", "--examples", "30"]):
            assert _run([AVAGREE, *args], ROOT).returncode == 1
        assert _git(ROOT, "status", "--porcelain", "--untracked-files=all") == before
        assert _git(ROOT, "status", "--porcelain", "--ignored", "counterexamples", "avagree").count("!! ") == \
            _git(ROOT, "status", "--porcelain", "--ignored", "counterexamples", "avagree").count("__pycache__")
    _git(tmp_path, "init", "-q")
    for args in (["check", "cwtm", "--n", "5", "--f", "1"], ["fuzz", "mean", "--n", "5", "--f", "1", "--examples", "30"]):
        assert _run([AVAGREE, *args], tmp_path).returncode == 1
    assert len(list((tmp_path / "avagree-out" / "witnesses").glob("*.json"))) >= 2
    assert _git(tmp_path, "status", "--porcelain", "--untracked-files=all") == ""


JOURNEY_BUGGY = '''import numpy as np


def rule(received, f):  # the bug: trims f - 1 values per side
    z = np.sort(np.asarray(received, dtype=float), axis=0)
    return z[f - 1:len(z) - f + 1].mean(axis=0)
'''
JOURNEY_FIXED = JOURNEY_BUGGY.replace("f - 1:len(z) - f + 1", "f:len(z) - f").replace("the bug", "fixed")
JOURNEY_TEST = '''from journeyrules import rule


def test_rule(avagree_check):
    print(avagree_check(rule, n=11, f=2, specs=["contraction"]))
'''


def test_a_fixed_bug_stays_fixed(tmp_path):
    """Issue 26's journey: a buggy rule fails with a saved witness; fixed, the next run replays that
    witness first and passes; `avagree replay --regression` on it exits 0 from any folder of the project;
    un-fixed, the first run fails with the old witness before any search."""
    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "tests").mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "proj"\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\n')
    (project / "src" / "journeyrules.py").write_text(JOURNEY_BUGGY)
    (project / "tests" / "test_rule.py").write_text(JOURNEY_TEST)
    pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-p", "no:randomly", "tests"]

    first = _run(pytest_cmd, project)
    assert "1 failed" in first.stdout and "Falsifying execution for contraction" in first.stdout, first.stdout
    (path,) = set(re.findall(r"replay:  avagree replay (\S+)", first.stdout))
    path = Path(path)
    assert path.parent == project / "avagree-out" / "witnesses" and (project / "avagree-out" / ".gitignore").exists()
    saved = path.read_bytes()
    assert json.loads(saved)["import_from"] == "src"  # where the module came from, relative to the project

    (project / "src" / "journeyrules.py").write_text(JOURNEY_FIXED)
    fixed = _run(pytest_cmd, project)
    assert "1 passed" in fixed.stdout, fixed.stdout + fixed.stderr
    assert "replayed first: 1 saved witness of this rule, 0 still reproduce" in fixed.stdout
    # from a subfolder, src/ not on the path: the witness says where the module is
    regression = _run([AVAGREE, "replay", "--regression", str(path)], project / "tests")
    assert regression.returncode == 0 and regression.stdout.startswith("FIXED"), regression.stdout + regression.stderr
    assert _run([AVAGREE, "replay", str(path)], project / "tests").returncode == 1  # it no longer reproduces

    (project / "src" / "journeyrules.py").write_text(JOURNEY_BUGGY)
    again = _run(pytest_cmd, project)
    assert "1 failed" in again.stdout and "(a saved witness, replayed before any search)" in again.stdout
    assert "replayed first: 1 saved witness of this rule, 1 still reproduces" in again.stdout
    assert set(re.findall(r"replay:  avagree replay (\S+)", again.stdout)) == {str(path)}
    assert path.read_bytes() == saved  # the old witness, untouched
    still = _run([AVAGREE, "replay", "--regression", str(path)], project / "tests")
    assert still.returncode == 1 and still.stdout.startswith("REPRODUCES")
