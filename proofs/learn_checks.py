"""Every check of section 4 (LEARN) and Lemma 11, in the paper's order: one list for the
audit (:data:`avagree.audit.proof_checks.ALL_CHECKS` through :mod:`.checks`) and for the
generated table of docs/learn.md (``avagree tables learn``)."""

from __future__ import annotations

from typing import Callable

from .check_record import Check
from .learn_edges import (check_theorem1_c_zero, check_theorem1_delta_ends, check_theorem1_h_one, check_theorem1_k_zero,
                          check_theorem1_sigma_zero, check_theorem2_delta_choice, check_theorem2_h2_t1,
                          check_theorem2_zero_diameter)
from .learn_lemmas import (check_lemma3, check_lemma4, check_lemma6, check_lemma7, check_lemma8_as_written,
                           check_lemma8_composed, check_lemma9, check_lemma10_as_written, check_lemma10_composed)
from .learn_steps import (check_avg_guarantees, check_eq31, check_eq35, check_lemma5, check_lemma7_correlated,
                          check_lemma11, check_theorem1_eq102, check_theorem1_eq104, check_theorem1_eq107,
                          check_theorem1_eq109, check_theorem1_t6)
from .learn_theorems import (check_learn_alpha_condition, check_learn_final_step, check_remark3,
                             check_theorem1_corrected_final, check_theorem1_descent, check_theorem1_eq106,
                             check_theorem1_kappa, check_theorem1_t8, check_theorem2_eq116, check_theorem2_reduction)

LEARN_CHECKS: tuple[Callable[[], Check], ...] = (
    check_avg_guarantees,
    check_lemma3, check_eq31, check_lemma4, check_eq35, check_lemma5,
    check_lemma6, check_lemma7, check_lemma7_correlated, check_lemma8_as_written, check_lemma8_composed,
    check_lemma9, check_lemma10_as_written, check_lemma10_composed,
    check_theorem1_descent, check_theorem1_eq102, check_theorem1_eq104, check_theorem1_eq106, check_theorem1_kappa,
    check_learn_alpha_condition, check_theorem1_eq107, check_theorem1_eq109, check_theorem1_t6, check_learn_final_step,
    check_theorem1_corrected_final, check_theorem1_t8,
    check_theorem1_k_zero, check_theorem1_c_zero, check_theorem1_h_one, check_theorem1_sigma_zero,
    check_theorem1_delta_ends,
    check_theorem2_reduction, check_theorem2_eq116, check_theorem2_delta_choice, check_theorem2_zero_diameter,
    check_theorem2_h2_t1,
    check_remark3, check_lemma11,
)
