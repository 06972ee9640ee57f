"""Issue 26, items 3 and 10, end to end: simulate --search follows its published schema, tables and witnesses
take --json, witnesses writes only where asked, audit --fail-on unexpected fails on a verdict that is not
the catalogue's expected one."""

import json

import pytest

from avagree.cli import main
from avagree.harness.witness import load, replay
from avagree.schemas import validate


def _json(capsys, argv):
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def test_simulate_search_follows_its_published_schema(capsys, tmp_path):
    code, doc = _json(capsys, ["simulate", "broadcast", "--n", "4", "--f", "1", "--search", "--budget", "20",
                               "--out", str(tmp_path), "--json"])
    validate(doc, "simulate-search")
    validate(doc, "report")
    assert (code, doc["verdict"], doc["violated"]) == (0, "HOLDS", [])
    assert doc["cw_ratio_bound"] == "1/2" and doc["q"] == 3 and doc["witness"].startswith(str(tmp_path))
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):  # the schema does check: a float ratio is refused
        validate({**doc, "max_cw_ratio": 0.5}, "simulate-search")


def test_tables_json_is_one_envelope(capsys, tmp_path):
    out = tmp_path / "rules.md"
    code, doc = _json(capsys, ["tables", "rules", "--json", "--out", str(out)])
    validate(doc, "report")
    assert code == 0 and doc["command"] == "tables" and doc["params"]["name"] == "rules"
    (table,) = doc["results"]
    assert table["columns"][:3] == ["rule", "title", "section"]
    assert [r[0] for r in table["rows"]][:3] == ["`mean`", "`median`", "`cwtm`"]
    assert all(len(r) == len(table["columns"]) for r in table["rows"])
    assert out.read_text() == doc["markdown"]


def test_witnesses_write_only_where_asked(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, doc = _json(capsys, ["witnesses", "--json"])
    validate(doc, "report")
    assert code == 0 and not any(tmp_path.iterdir())  # nothing written without --out
    names = [r["name"] for r in doc["results"]]
    assert len(names) == 9 and all(r["witness"] is None and r["verdict"] == "COUNTEREXAMPLE" for r in doc["results"])
    assert main(["witnesses"]) == 0
    text = capsys.readouterr().out
    assert "nothing written" in text and not any(tmp_path.iterdir())
    code, doc = _json(capsys, ["witnesses", "--out", "paper", "--json"])
    assert sorted(p.name for p in (tmp_path / "paper").iterdir()) == sorted(names)
    for r in doc["results"]:
        assert replay(load(r["witness"])).ok


def _fake_audit(verdict_of_second):
    from avagree.audit.claims import select

    claims = select(True)[:2]

    def run_audit(json_path, **_):
        rows = [{"id": c.id, "claim": c.statement, "params": {}, "verdict": v, "evidence": "e", "seconds": 0.0,
                 "witness": None, "expected": str(c.expected)}
                for c, v in zip(claims, [str(claims[0].expected), verdict_of_second])]
        odd = [{"id": r["id"], "expected": r["expected"], "verdict": r["verdict"]} for r in rows
               if r["verdict"] != r["expected"]]
        with open(json_path, "w") as fh:
            json.dump({"rows": rows, "counts": {}, "quick": True, "rlimit": 1, "z3": "z", "unexpected": odd,
                       "jobs": 1}, fh)
        return 0

    return claims, run_audit


def test_audit_fail_on_unexpected(capsys, tmp_path, monkeypatch):
    import avagree.audit

    from avagree.audit.claims import select
    from avagree.verdicts import ClaimVerdict

    other = next(str(v) for v in ClaimVerdict if v != select(True)[1].expected)
    claims, fake = _fake_audit(other)
    monkeypatch.setattr(avagree.audit, "run_audit", fake)
    argv = ["audit", "--quick", "--out", str(tmp_path), "--json"]
    code, doc = _json(capsys, argv)
    validate(doc, "report")
    assert code == 0 and doc["matches_expected"] is False and [u["id"] for u in doc["unexpected"]] == [claims[1].id]
    code, doc = _json(capsys, [*argv, "--fail-on", "unexpected"])
    assert code == 1 and doc["params"]["fail_on"] == ["UNEXPECTED"]
    assert main([*argv[:-1], "--fail-on", "unexpected", "--format", "plain"]) == 1
    (line,) = [x for x in capsys.readouterr().out.splitlines() if claims[1].id in x]
    assert "error" in line and f"(expected {claims[1].expected})" in line
    _, same = _fake_audit(str(claims[1].expected))
    monkeypatch.setattr(avagree.audit, "run_audit", same)
    code, doc = _json(capsys, [*argv, "--fail-on", "unexpected"])
    assert code == 0 and doc["matches_expected"] is True and doc["unexpected"] == []
