"""The front pictures of docs/optimality.md (issue 25 item 7): drawn by `avagree audit` (front_pictures) and by
`avagree optimal --plot`, one per instance."""

from avagree.audit.plots import FRONT_INSTANCES, front_picture
from avagree.cli import main


def test_front_picture_and_the_optimal_plot_option(tmp_path, capsys):
    path = front_picture(7, 1, 6, "async", tmp_path / "front.png", samples=40)
    assert path.stat().st_size > 10_000
    assert main(["optimal", "--n", "13", "--f", "2", "--q", "9", "--plot", str(tmp_path / "f2.png")]) == 0
    assert f"picture: {tmp_path / 'f2.png'}" in capsys.readouterr().out
    assert (tmp_path / "f2.png").stat().st_size > 10_000


def test_the_docs_instances_cover_both_models_and_q_below_n_minus_f():
    assert {m for *_, m in FRONT_INSTANCES} == {"async", "sync"}
    assert any(m == "async" and q < n - f for n, f, q, m in FRONT_INSTANCES)
