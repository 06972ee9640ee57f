"""The paper's constants, conditions and iteration counts as sympy expressions:
one source of truth for every formula the rest of avagree uses.

* :mod:`.mda` - Assumption 5, Lemmas 12-13, Theorem 3, Corollary 1, N_MDA;
* :mod:`.cva` - the CVA condition of section 5.4;
* :mod:`.icwtm` - Assumption 6, Lemma 15, Corollary 2, Theorem 8, Remark 3, N_ICwTM;
* :mod:`.broadcast` - Theorem 6;
* :mod:`.lower_bounds` - Theorems 4, 7 and 9;
* :mod:`.diameters` - Lemma 1;
* :mod:`.constants` - the per-rule summary behind ``avagree constants``;
* :mod:`.learn` - section 4: Lemmas 6-10 and Theorem 1's constants as written and as
  composed, and the T_LEARN(delta) recipe;
* :mod:`.checks` - sympy checks of the steps the proofs take (with :mod:`.learn_checks` for
  section 4: :mod:`.learn_lemmas`, :mod:`.learn_steps`, :mod:`.learn_theorems`, :mod:`.learn_edges`;
  :mod:`.corollary1` for Corollary 1's limits;
  :mod:`.check_record` holds the record and the nonnegativity test they share);
* :mod:`.exact`, :mod:`.exact_mda` - exact one-round constants as closed forms in n, f, q (issue 14;
  :mod:`.mda_family` checks MDA's lower-bound families with sympy, :mod:`.exact_rounds` counts rounds
  from an exact factor, :mod:`.exact_checks` and :mod:`.exact_mda_checks` are their audit checks);
* :mod:`.symbols` - the symbols n, f, q, h, t, d, eps and :func:`at`, which puts
  numbers into a formula: code outside proofs/ writes ``at(mda.LEMMA12_FACTOR, n=7, f=1, q=6)``
  rather than the formula again (tests/test_single_source.py enforces it).
"""

from . import broadcast, cva, diameters, icwtm, lower_bounds, mda  # noqa: F401
from .constants import Constants, constants, RULES_WITH_CONSTANTS  # noqa: F401
from .symbols import at, to_fraction  # noqa: F401
