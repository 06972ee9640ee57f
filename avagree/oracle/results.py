"""What the search oracle returns: :class:`Report` (one run of :func:`avagree.check`,
``avagree fuzz``, the pytest fixture ``avagree_check``) made of one :class:`SpecResult`
per spec searched.

A search never proves: ``held`` only says that none of the executions tried
violated the spec. Z3's decisions (PROVED in a stated scope) are :mod:`avagree.smt`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from avagree.harness.outputs import file_safe, save_witness
from avagree.harness.witness import Witness
from avagree.model.execution import Params
from avagree.model.numbers import rational_str
from avagree.oracle.failure import falsifying, paste_back
from avagree.specs import SPECS, Spec


def spec_record(name: str, bound: Fraction) -> Spec:
    """The record the search runs for ``name`` at ``bound`` (user units). One vocabulary
    with ``avagree check``: ``contraction`` at c = 1 is strict (a violation is
    Delta_2(out) >= Delta_2(in), no contraction at all); below 1 it is
    Delta_2(out) > c Delta_2(in). ``strict-contraction`` is strict at every c."""
    if name == "contraction" and bound == 1:
        return replace(SPECS["strict-contraction"], name="contraction")
    return SPECS[name]


def witness_file_name(rule: str, spec: str, w: Witness) -> str:
    """The file name of the witness ``w`` of a violation of ``spec`` by ``rule``:
    ``oracle_<rule>[_average]_<spec>_n.._f.._q.._<model>_d...json`` with the rule's name
    made safe for any file system (``_average`` when the witness is averaged over ties)
    and the parameters of the (shrunk) witness."""
    stem = rule + ("_average" if w.extra.get("ties") == "average" else "")
    safe = file_safe(stem.removeprefix("python:"))
    p = w.params
    return f"oracle_{safe}_{spec}_n{p.n}_f{p.f}_q{p.q}_{p.model}_d{p.d}.json"


@dataclass
class SpecResult:
    """The search's answer for one spec.

    * ``spec``: the spec's name, as asked (``contraction``, ``averaging``, ...).
    * ``status``: ``"violated"`` (a witness replayed), ``"held"`` (no execution tried
      violated it: not a proof), ``"not exercised"`` (no execution tried could test it,
      e.g. quasi-unanimity needs a receiver that hears q - f equal vectors) or
      ``"error"`` (the rule raised, or returned a wrong shape, NaN or inf).
    * ``bound``: the bound checked, exact, in the user's units (the factor c, the
      constant C, ...; 0 for quasi-unanimity and validity).
    * ``best``: the largest measured value found, in the spec's units (squared where the
      spec squares its bound), as a float: the witness's value when violated, the best
      over the executions tried when held; ``None`` when nothing was measured.
    * ``tried``: executions run for this spec (at most ``examples``; fewer when a
      violation or an error stopped the search).
    * ``exercised``: how many of those could test the spec.
    * ``witness``: the :class:`~avagree.harness.witness.Witness` of a violation
      (replayed; shrunk when the shrunk execution replayed too), else ``None``.
    * ``path``: where that witness is saved, once saved (:meth:`Report.save`), else ``None``.
    * ``replay``: how the witness replayed: ``"exact"`` (the rule takes Fractions) or
      ``"float"`` (bit for bit); ``None`` unless violated.
    * ``error``: the error's message when ``status`` is ``"error"``, else ``None``; the witness of an
      error (``"outcome": "error"``) holds the execution that made the rule raise.
    * ``known``: for a violation that is a property avagree's proofs already know (the median does not
      strictly contract asynchronously, a rule below its threshold: :mod:`avagree.oracle.known`), the line
      that says so and names the command that shows it; else None.
    * ``source``: ``"search"``, or ``"database"`` when the result is a saved witness that reproduced
      before any search (:func:`avagree.check`'s ``database``).

    Methods: :meth:`as_json` (the row of ``avagree fuzz --json``), :meth:`line` (the row
    of the text report).
    """

    spec: str
    status: str  # "violated" | "held" | "not exercised" | "error"
    bound: Fraction
    best: float | None
    tried: int
    exercised: int
    witness: Witness | None = None
    path: str | None = None
    replay: str | None = None
    error: str | None = None
    source: str = "search"
    known: str | None = None

    def as_json(self) -> dict[str, Any]:
        """One result row: the spec, its verdict (VIOLATED, HELD, NOT EXERCISED, ERROR), the bound, the witness."""
        measured = None if self.witness is None else self.witness.measured
        return {"spec": self.spec, "verdict": str(self.status).upper(), "bound": rational_str(self.bound),
                "bound_float": float(self.bound), "measured": None if measured is None else rational_str(measured),
                "measured_float": None if measured is None else float(measured), "best_float": self.best,
                "tried": self.tried, "exercised": self.exercised, "witness": self.path, "replay": self.replay,
                "error": self.error, "source": self.source, "known": self.known}

    def line(self) -> str:
        """One line of text: the verdict, with the measured value against the bound when
        violated, the executions tried and the best value when held ("not a proof")."""
        if self.status == "violated":
            where = f" -> {self.path}" if self.path else ""
            record = spec_record(self.spec, self.bound)
            rel = ">=" if record.strict else ">"
            units = " (squared)" if record.squared else ""
            old = " (a saved witness, replayed before any search)" if self.source == "database" else ""
            return (f"{self.spec}: VIOLATED (measured{units} {float(self.witness.measured):.6g} {rel} "
                    f"{float(record.to_units(self.bound)):.6g}, {self.replay} replay){old}{where}")
        if self.status == "held":  # best is in the spec's units: the bound too, said as the violated line says it
            record = spec_record(self.spec, self.bound)
            units = " (squared)" if record.squared else ""
            best = f"best{units} {self.best:.6g}" if self.best is not None and self.best > 0 else "never deviated"
            return (f"{self.spec}: held in {self.tried} executions tried ({best} vs bound{units} "
                    f"{float(record.to_units(self.bound)):.6g}); not a proof")
        if self.status == "error":
            old = " (a saved witness, replayed before any search)" if self.source == "database" else ""
            return f"{self.spec}: ERROR {self.error}{old}" + (f" -> {self.path}" if self.path else "")
        return f"{self.spec}: not exercised in {self.tried} executions"


@dataclass
class Report:
    """One run of the search oracle (:func:`avagree.check`): a search, never a proof.

    * ``rule``: the rule's name as witnesses record it (a registry name, or
      ``python:module:function`` / ``python:module:Class(args)`` for your own).
    * ``params``: the :class:`~avagree.model.execution.Params` searched (n, f, q, d, model).
    * ``results``: one :class:`SpecResult` per spec, in the order asked.
    * ``seconds``: the run's wall-clock time.
    * ``seed``: the seed; the same seed and arguments give the same report.
    * ``ties``: how a registry rule that picks among optimal choices ran (``"first"``,
      ``"average"`` or ``"adversary"``); ``"none"`` for a rule without such choices.
    * ``replayed``: the saved witnesses replayed before any search, each ``{"file", "spec",
      "reproduces"}`` (:func:`avagree.check`'s ``database``).

    Properties: :attr:`violated` (the results violated or in error), :attr:`ok` (none is).
    Methods: ``str(report)`` (the text report), :meth:`save` (save the witnesses),
    :meth:`failure_text` (the report with each falsifying execution), :meth:`assert_ok`
    (raise with that text on a violation), :meth:`as_json` and :meth:`params_json` (what
    ``avagree fuzz --json`` prints).
    """

    rule: str
    params: Params
    results: list[SpecResult]
    seconds: float
    seed: int
    ties: str = "none"
    #: the saved witnesses replayed before any search (:func:`avagree.check`'s ``database``):
    #: ``{"file", "spec", "reproduces"}`` each
    replayed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def violated(self) -> list[SpecResult]:
        """The results whose status is ``violated`` or ``error``."""
        return [r for r in self.results if r.status in ("violated", "error")]

    @property
    def ok(self) -> bool:
        """No spec violated and no error (not a proof that none can be)."""
        return not self.violated

    def __str__(self) -> str:
        head = f"avagree oracle: {self.rule} at {self.params.describe()} (seed {self.seed}, {self.seconds:.1f}s)"
        lines = [head]
        if self.replayed:
            again = sum(r["reproduces"] for r in self.replayed)
            lines.append(f"  replayed first: {len(self.replayed)} saved witness{'es' if len(self.replayed) > 1 else ''} "
                         f"of this rule, {again} still reproduce{'s' if again == 1 else ''}")
        return "\n".join(lines + ["  " + r.line() for r in self.results])

    def save(self, save_dir: str | Path | None = None) -> list[str]:
        """Save every violation's witness not saved yet under ``save_dir`` (default
        ``avagree-out/witnesses``, :mod:`avagree.harness.outputs`); the paths of all of them."""
        for r in self.results:
            if r.witness is not None and r.path is None:
                r.path = str(save_witness(r.witness, witness_file_name(self.rule, r.spec, r.witness), save_dir))
        return [r.path for r in self.results if r.path]

    def failure_text(self) -> str:
        """The report, then per violation the falsifying execution (shrunk), its
        witness file and the lines that replay it (save first: :meth:`save`)."""
        lines = [str(self)]
        for r in self.results:
            if r.witness is not None:
                lines += ["", *falsifying(r.witness, r.spec), *(paste_back(r.witness, r.path) if r.path else []),
                          *([f"known:   {r.known}"] if r.known else [])]
        return "\n".join(lines)

    def assert_ok(self, save_dir: str | Path | None = None) -> None:
        """Fail (AssertionError) when a spec is violated, with the report, the
        falsifying execution and the paste-back lines; the witness is saved first
        (under ``save_dir``, default ``avagree-out/witnesses``)."""
        __tracebackhide__ = True  # pytest: the failure is the user's rule, not this frame
        if not self.ok:
            self.save(save_dir)
            raise AssertionError(self.failure_text())

    def as_json(self) -> dict[str, Any]:
        """params and results as ``avagree fuzz --json`` prints them inside its envelope
        (exact values as strings, each with a ``_float``; ``verdict`` upper case)."""
        return {"params": self.params_json(), "results": [r.as_json() for r in self.results],
                "seconds": round(self.seconds, 3), "replayed": self.replayed}

    def params_json(self) -> dict[str, Any]:
        """What was searched: the rule, n, f, q, d, model, seed, ties and the specs."""
        p = self.params
        return {"rule": self.rule, "n": p.n, "f": p.f, "q": p.q, "d": p.d, "model": p.model, "seed": self.seed,
                "ties": self.ties, "specs": [r.spec for r in self.results]}
