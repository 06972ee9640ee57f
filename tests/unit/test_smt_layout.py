"""The layout of :mod:`avagree.smt`: the command line's help loads neither z3 nor sympy."""

import subprocess
import sys


def test_building_the_command_line_loads_no_z3_nor_sympy():
    code = ("import sys, avagree.cli as c; c.build_parser(); "
            "assert 'z3' not in sys.modules and 'sympy' not in sys.modules, "
            "sorted(m for m in ('z3', 'sympy') if m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
