"""Pictures of the audit: a threshold map per rule (n against f, each cell
proved to contract, refuted, or unknown, with the paper's claimed threshold)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from avagree.adversaries.split import spread_attack_round
from avagree.audit.row import Row
from avagree.verdicts import Verdict

CLAIMED = {"mda": (6, 1, "paper: n >= 6f + 1"), "cwtm": (4, 1, "paper: n >= 4f + 1")}
COLORS = {Verdict.PROVED: "#2ca02c", Verdict.COUNTEREXAMPLE: "#d62728", Verdict.UNKNOWN: "#bbbbbb"}


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def threshold_maps(rows: list[Row], out_dir: Path) -> list[Path]:
    """One map per rule, delivery model and tie rule of the audit's d = 1 contraction rows."""
    import matplotlib

    matplotlib.use("Agg")
    paths = []
    for model in ("async", "sync"):
        for rule, (a, b, label) in CLAIMED.items():
            rule_rows = [r for r in rows if r.group == "z3" and r.params.get("rule") == rule
                         and r.params.get("model") == model and "z3" in r.data and r.params.get("spec") is None
                         and r.params.get("d", 1) == 1 and r.params["n"] >= 3 * r.params["f"] + 1]
            tie_of = {id(r): r.params.get("ties") or "none" for r in rule_rows}  # "none": the rule makes no choice
            for ties in sorted(set(tie_of.values())):  # one map per tie rule
                tied = ties != "none"
                cells = [(r.params["f"], r.params["n"], r.data["z3"]) for r in rule_rows if tie_of[id(r)] == ties]
                name = f"threshold_{rule}_{model}" + (f"_{ties}" if tied else "")
                paths.append(_threshold_map(cells, rule, model, ties if tied else None, (a, b, label),
                                            out_dir / f"{name}.png"))
    return paths


def _threshold_map(cells: list, rule: str, model: str, ties: str | None, claimed: tuple, path: Path) -> Path:
    """One map: a cell per (f, n), coloured by the Z3 verdict, with the claimed threshold."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    fig, ax = plt.subplots(figsize=(4.5, 5.5))
    for f, n, v in cells:
        ax.add_patch(plt.Rectangle((f - 0.4, n - 0.5), 0.8, 1, color=COLORS[v], ec="white"))
    fmax = max(f for f, _, _ in cells)
    nmax = max(n for _, n, _ in cells)
    a, b, label = claimed
    ca, cb, clabel = (a, b, label) if model == "async" else (3, 1, "paper: n >= 3f + 1 (sync)")
    for f in range(1, fmax + 1):  # the claimed threshold: cells above the line are claimed to work
        ax.plot([f - 0.45, f + 0.45], [ca * f + cb - 0.5] * 2, "k-", lw=3, label=clabel if f == 1 else None)
    ax.set_xlim(0.5, fmax + 0.5)
    ax.set_ylim(3, nmax + 1)
    ax.set_xticks(range(1, fmax + 1))
    ax.set_xlabel("f")
    ax.set_ylabel("n")
    tie_text = f", ties={ties}" if ties else ""
    ax.set_title(f"{rule}, {model} (q = {'n' if model == 'sync' else 'n - f'}), one round, d = 1{tie_text}", fontsize=9)
    handles = [Patch(color=COLORS[Verdict.PROVED], label="proved to contract"),
               Patch(color=COLORS[Verdict.COUNTEREXAMPLE], label="no contraction (witness)"),
               Patch(color=COLORS[Verdict.UNKNOWN], label="unknown")]
    line = ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles + line, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    return _save(fig, path)


def diameter_curves(out_dir: Path, cases=(("cwtm", 6, 1), ("mda", 7, 1)), rounds: int = 25) -> list[Path]:
    """Honest diameter over iterations under the spread attack, against the paper's
    per-round factor and the exact one-round worst case (Z3)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from avagree.harness.aggregate import model_rule
    from avagree.model.execution import Params, execute
    from avagree.proofs import constants
    from avagree.smt import worst

    paths = []
    for rule, n, f in cases:
        q = n - f
        p = Params(n, f, q, 1)
        x0 = np.linspace(0.0, 1.0, p.h)[:, None]
        ex = execute(model_rule(rule), p, x0, lambda s, x: spread_attack_round(x, q, f), rounds=rounds)
        diam = [float(fam.max() - fam.min()) for fam in ex.families]
        c = constants(rule, n, f, q)
        paper = float(c.contraction_factor)
        w = worst(rule, n, f, q, timeout=30, ties="first" if rule == "mda" else None)  # the simulated (reference) rule
        ts = np.arange(rounds + 1)
        fig, ax = plt.subplots(figsize=(5.5, 4))
        ax.semilogy(ts, paper ** ts, "k--", label=f"paper's bound ({c.contraction_factor})^t")
        if w.value is not None and w.value > 0:
            ax.semilogy(ts, float(w.value) ** ts, ":", color="#d62728", label=f"exact one-round worst ({w.value})^t")
        _measured(ax, ts, np.array(diam))
        ax.set_xlabel("iteration t")
        ax.set_ylabel("honest diameter Delta (d = 1, Delta_0 = 1)")
        ax.set_title(f"{rule}, n = {n}, f = {f}, q = {q}, async")
        ax.legend(fontsize=8)
        paths.append(_save(fig, out_dir / f"diameter_{rule}_n{n}_f{f}.png"))
    return paths


def _measured(ax, ts: np.ndarray, diam: np.ndarray) -> None:
    """The measured diameters on the log axis: positive ones as a line; an exact 0
    (which a log axis cannot show) as a marker on the axis floor, labelled, instead
    of a tiny number that would stretch the axis over hundreds of decades."""
    positive = diam > 0
    ax.semilogy(ts[positive], diam[positive], "o-", ms=3, label="spread attack (measured)")
    if positive.all():
        return
    low, high = ax.get_ylim()
    floor = min(low, diam[positive].min() if positive.any() else 1.0) / 10
    ax.set_ylim(floor / 2, high)
    ax.plot(ts[~positive], np.full((~positive).sum(), floor), "v", color="C0", ms=6, clip_on=False,
            label="measured diameter exactly 0")


def learning_curves(result: dict, out_dir: Path) -> list[Path]:
    """LEARN on digits (avagree.sim.digits.experiment): test accuracy and honest-model
    disagreement over steps, one panel per attack, one line per method."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    attacks = list(dict.fromkeys(c["attack"] for c in result["curves"]))
    methods = list(dict.fromkeys(c["method"] for c in result["curves"]))
    colors = dict(zip(methods, plt.rcParams["axes.prop_cycle"].by_key()["color"]))
    title = (f"digits, non-iid, n = {result['n']}, f = {result['f']}, q = {result['q']}, {result['model']}, "
             f"eta = {result['eta']:.3g}")
    paths = []
    for key, ylabel, log in (("accuracy", "mean test accuracy of honest models", False),
                             ("disagreement", "Delta_2 of honest models (0 drawn at 1e-12)", True)):
        fig, axes = plt.subplots(1, len(attacks), figsize=(3.2 * len(attacks), 3.4), sharey=True, squeeze=False)
        for ax, attack in zip(axes[0], attacks):
            for c in result["curves"]:
                if c["attack"] != attack:
                    continue
                ys = np.asarray(c[key], dtype=float)
                if log:
                    ys = np.maximum(ys, 1e-12)  # exact agreement (0) drawn at the floor
                (ax.semilogy if log else ax.plot)(c["steps"], ys, label=c["method"], color=colors[c["method"]])
            ax.set_title(f"attack: {attack}", fontsize=9)
            ax.set_xlabel("step t")
        axes[0][0].set_ylabel(ylabel)
        axes[0][-1].legend(fontsize=8)
        fig.suptitle(title, fontsize=9)
        paths.append(_save(fig, out_dir / f"digits_{key}.png"))
    return paths
