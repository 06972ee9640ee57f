"""The verdict vocabulary behaves exactly like the bare strings it replaced."""

import json
import pickle

from avagree.smt import COUNTEREXAMPLE, PROVED, UNKNOWN
from avagree.verdicts import ClaimVerdict, OracleStatus, Verdict


def test_members_are_their_strings():
    assert PROVED is Verdict.PROVED and PROVED == "PROVED" and UNKNOWN == ClaimVerdict.UNKNOWN == "UNKNOWN"
    assert COUNTEREXAMPLE == "COUNTEREXAMPLE" and OracleStatus.NOT_EXERCISED == "not exercised"
    assert {"PROVED": 0}[Verdict.PROVED] == 0 and {Verdict.PROVED: 0}["PROVED"] == 0
    assert Verdict("PROVED") is Verdict.PROVED


def test_printing_and_json_are_unchanged():
    assert str(ClaimVerdict.CONFIRMED) == "CONFIRMED"
    assert f"{ClaimVerdict.REFUTED:<9}|" == "REFUTED  |"
    assert f"{OracleStatus.HELD}" == "held"
    assert json.dumps({ClaimVerdict.UNKNOWN: [Verdict.PROVED, OracleStatus.VIOLATED]}) == '{"UNKNOWN": ["PROVED", "violated"]}'
    assert pickle.loads(pickle.dumps(Verdict.COUNTEREXAMPLE)) is Verdict.COUNTEREXAMPLE
