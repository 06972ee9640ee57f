"""docs/ci.md is a working workflow: its files, and the `run:` steps of its
workflow (after the install step), run in a fresh directory with the exit codes
the page states (0 for the correct rule and the PROVED check)."""

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "ci.md"
BIN = Path(sys.executable).parent


def _blocks(text, lang):
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def test_the_documented_workflow_runs(tmp_path):
    text = DOC.read_text()
    rules, test = _blocks(text, "python")
    (tmp_path / "myrules.py").write_text(rules)
    (tmp_path / "test_myrules.py").write_text(test)
    (workflow,) = _blocks(text, "yaml")
    steps = re.findall(r"^\s*- run: (.+)$", workflow, re.M)
    assert steps[0].startswith("pip install avagree")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"  # the venv's python and avagree, as in the workflow
    for step in steps[1:]:
        args = step.split()
        args[0] = str(BIN / args[0]) if (BIN / args[0]).exists() else args[0]
        p = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600, env=env)
        assert p.returncode == 0, (step, p.stdout, p.stderr)
        assert "Traceback" not in p.stderr
