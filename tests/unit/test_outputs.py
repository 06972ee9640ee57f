"""avagree-out/ ignores itself (a .gitignore holding *) whenever avagree creates it, whether
by default or named (--out avagree-out/..., --avagree-out avagree-out/witnesses, the audit's
pictures); a folder elsewhere, or an avagree-out/ the user made, is left as it is."""

from pathlib import Path

from avagree.harness.outputs import OUT_ROOT, output_dir, witness_dir


def _write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "w.json").write_text("{}")


def test_default_and_named_folders_under_avagree_out_ignore_themselves(tmp_path, monkeypatch):
    for how in (None, "avagree-out/witnesses", "avagree-out", str(tmp_path / "avagree-out" / "deep")):
        monkeypatch.chdir(tmp_path)
        with witness_dir(how) as folder:
            _write(folder)
        assert (tmp_path / OUT_ROOT / ".gitignore").read_text().splitlines()[-1] == "*", how
        (tmp_path / OUT_ROOT / ".gitignore").unlink()
        for p in sorted((tmp_path / OUT_ROOT).rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        (tmp_path / OUT_ROOT).rmdir()


def test_other_folders_and_the_users_own_avagree_out_are_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with output_dir("results") as folder:
        _write(folder)
    assert not (tmp_path / "results" / ".gitignore").exists() and not (tmp_path / OUT_ROOT).exists()
    (tmp_path / OUT_ROOT).mkdir()  # made by the user: not avagree's to mark
    with witness_dir() as folder:
        _write(folder)
    assert not (tmp_path / OUT_ROOT / ".gitignore").exists()
