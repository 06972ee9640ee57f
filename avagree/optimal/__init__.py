"""The optimal L-statistics (issue 25, item 2): over every rule y = sum_p w_p z_(p) with weights
on positions f + 1 .. q - f, the least one-round contraction factor, the least averaging error
and the exact Pareto front between them (d = 1, asynchronous or synchronous), each number
certified in exact arithmetic by a primal point and dual multipliers (docs/optimality.md).

* :mod:`.problem` - the LPs over the weights (from the count model of :mod:`avagree.proofs.lstat`)
  and the exact check of a certificate (weak duality);
* :mod:`.solve` - HiGHS proposes, rationalisation or the exact active-set solve recovers, the check decides;
* :mod:`.exact_linear` - exact Gauss-Jordan elimination in Fractions;
* :mod:`.front` - the dichotomic weighted-sum front and the check of the whole front;
* :mod:`.report` - the named rules against the optimum and the composition bound;
* beyond the class (issue 25 item 5, docs/optimality_beyond.md): :mod:`.own_weight` (lam * own +
  (1 - lam) * L-statistic), :mod:`.any_rule` (a certified lower bound for every deterministic rule, by
  indistinguishability), :mod:`.any_rule_front` (the exact front of all deterministic rules and threshold
  rules attaining it), :mod:`.plane_lift` (d = 2, Delta_2: the lift of the optimum against MDA).
"""

from .report import MAX_N, Optimal, instance, optimal  # noqa: F401
