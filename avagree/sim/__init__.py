"""Simulations of the paper's protocols: the broadcast-based algorithm of
section 6 (:mod:`.broadcast`), LEARN on the Theorem 2 instance (:mod:`.learn`)
and LEARN on scikit-learn's digits (:mod:`.digits`)."""
