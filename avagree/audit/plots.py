"""Pictures of the audit: a threshold map per rule (n against f, each cell
proved to contract, refuted, or unknown, with the paper's claimed threshold)."""

from __future__ import annotations

from fractions import Fraction
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
        draw_measured(ax, ts, np.array(diam))
        ax.set_xlabel("iteration t")
        ax.set_ylabel("honest diameter Delta (d = 1, Delta_0 = 1)")
        ax.set_title(f"{rule}, n = {n}, f = {f}, q = {q}, async")
        ax.legend(fontsize=8)
        paths.append(_save(fig, out_dir / f"diameter_{rule}_n{n}_f{f}.png"))
    return paths


def draw_measured(ax, ts: np.ndarray, diam: np.ndarray) -> None:
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


#: the instances of the front pictures in docs/optimality.md: (n, f, q, model), synchronous ones and q < n - f
FRONT_INSTANCES = ((7, 1, 6, "async"), (13, 2, 11, "async"), (13, 2, 10, "async"), (40, 5, 30, "async"),
                   (13, 2, 13, "sync"), (40, 5, 40, "sync"))


def _paper_bounds(n: int, f: int, q: int, model: str) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """The paper's one-round bounds at (n, f, q) where their hypotheses hold: contraction factors (Lemma 12's
    (4f+h-q)/(q-f) under Assumption 5, Lemma 15's 1 - eps_tilde under Assumption 6) and averaging bounds
    (eq. (200)'s (2f+h-q)/h for CwTM; Lemma 13's per-output bound for MDA under Assumption 5)."""
    from avagree.proofs import at, constants, icwtm, mda

    cs, avs = [], []
    if constants("mda", n, f, q, model).feasible:
        cs.append((float(at(mda.LEMMA12_FACTOR, n=n, f=f, q=q)), "Lemma 12 (MDA)"))
        alpha = mda.LEMMA13_ALPHA_SYNC if model == "sync" else mda.LEMMA13_ALPHA
        avs.append((float(at(alpha, n=n, f=f, q=q)), "Lemma 13 (MDA, per output)"))
    c = constants("cwtm", n, f, q, model)
    if c.feasible:
        cs.append((float(c.contraction_factor), "Lemma 15's 1 - eps_tilde (CwTM)"))
    avs.append((float(at(icwtm.THEOREM8_ONE_ROUND, n=n, f=f, q=q)), "eq. (200) (CwTM)"))
    return cs, avs


def front_picture(n: int, f: int, q: int, model: str, path: Path, samples: int = 300, seed: int = 0) -> Path:
    """One instance's (contraction factor, averaging error) plane, one round, d = 1: the certified front and the
    region no L-statistic of the class reaches (:mod:`avagree.optimal`), exact values of random weights and of each
    single order statistic, the named rules, MDA's exact d = 1 point (contraction factor and averaging error, closed
    forms of :mod:`avagree.proofs.exact_mda`; a line where only the factor is known), and the paper's bounds where their hypotheses hold. UNKNOWN (no certificate): no front is drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from avagree.optimal import optimal
    from avagree.proofs import lstat
    from avagree.proofs.exact import closed_value

    res = optimal(n, f, q, model)
    inst = res.inst
    pos = list(inst.positions)
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(9.6, 4.8))
    cloud = []
    for _ in range(samples):
        raw = rng.dirichlet(np.full(len(pos), 0.3)) * (rng.random(len(pos)) < 0.6)
        if raw.sum() == 0:
            continue
        w = [Fraction(0)] * inst.q
        for p, x in zip(pos, raw / raw.sum()):
            w[p - 1] = Fraction(round(float(x) * 1000), 1000)
        total = sum(w)
        w = [x / total for x in w]
        cloud.append((float(lstat.contraction(w, inst)), float(lstat.averaging(w, inst))))
    ax.scatter(*zip(*cloud), s=6, color="#bbbbbb", label="random weights on f+1..q-f (exact values)")
    singles = [(float(lstat.contraction(e, inst)), float(lstat.averaging(e, inst))) for e in
               ([Fraction(int(p == r)) for p in range(1, inst.q + 1)] for r in pos)]
    ax.scatter(*zip(*singles), s=18, marker="s", color="#7f7f7f", label="single order statistics")
    xs = [p[0] for p in cloud + singles]
    ys = [p[1] for p in cloud + singles]
    value = closed_value("mda", "contraction", n, f, q, model)
    mda_avg = closed_value("mda", "averaging", n, f, q, model)
    cs, avs = _paper_bounds(n, f, q, model)
    right = max(xs + [value or 0] + [v for v, _ in cs]) * 1.05
    top = max(ys + [v for v, _ in avs]) * 1.08
    if res.front.ok:
        vs = res.front.vertices
        cx = [float(v.contraction) for v in vs]
        ay = [float(v.averaging) for v in vs]
        ax.fill([0, right, right, *cx[::-1], cx[0], 0], [0, 0, ay[-1], *ay[::-1], top, top], color="#d62728",
                alpha=0.08, lw=0, label="no L-statistic of the class here (certified)")
        ax.plot([cx[0], *cx, right], [top, *ay, ay[-1]], color="#d62728", lw=1.2)
        ax.plot(cx, ay, "*", ms=15, color="#d62728", zorder=2,
                label=f"optimum ({vs[0].contraction}, {vs[0].averaging})" if len(vs) == 1 else "front vertices")
    markers = {"cwtm": ("o", "C0"), "trimmed-middle": ("^", "C1"), "median": ("v", "C2"), "mean": ("x", "C4"),
               "select": ("D", "C5")}
    for r in res.named:
        if r.contraction is None:
            continue
        m, col = markers.get(r.rule.split(":")[0], ("o", "k"))
        ax.plot(float(r.contraction), float(r.averaging), m, ms=8, color=col, mfc="none", mew=1.6, zorder=3,
                label=f"{r.rule} ({r.contraction}, {r.averaging})")
    if value is not None and mda_avg is not None:
        ax.plot(float(value), float(mda_avg), "P", ms=10, color="C3", zorder=3,
                label=f"MDA ({value}, {mda_avg}): its d = 1 suprema (not an L-statistic)")
    elif value is not None:
        ax.axvline(float(value), color="C3", lw=3, alpha=0.5, label=f"MDA (d = 1): contraction {value}; "
                   "no closed form for its averaging error here")
    for (v, label), style in zip(cs, (":", "-.")):
        ax.axvline(v, color="k", ls=style, lw=1, label=f"paper: {label} = {v:.3g}")
    for (v, label), style in zip(avs, ("--", (0, (1, 3)))):
        ax.axhline(v, color="k", ls=style, lw=1, label=f"paper: {label} = {v:.3g}")
    ax.set_xlabel("one-round contraction factor C (d = 1, each coordinate)")
    ax.set_ylabel("one-round averaging error A")
    ax.set_xlim(0, right)
    ax.set_ylim(0, top)
    ax.set_title(f"L-statistics with weights on positions {f + 1}..{q - f}: n = {n}, f = {f}, q = {q}, {model}",
                 fontsize=9)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _save(fig, path)


def front_pictures(out_dir: Path, instances=FRONT_INSTANCES) -> list[Path]:
    """:func:`front_picture` for each instance, as ``front_n{n}_f{f}_q{q}_{model}.png`` (docs/optimality.md)."""
    return [front_picture(n, f, q, model, out_dir / f"front_n{n}_f{f}_q{q}_{model}.png")
            for n, f, q, model in instances]
