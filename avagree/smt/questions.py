"""What the Z3 engine answers, without z3: the specs :func:`avagree.smt.decide` decides, the
quantities :func:`avagree.smt.worst` computes, and the encodings of a first round's receivers.
The command line builds its ``--help`` from these names, so this module must not load z3
(nor sympy)."""

from __future__ import annotations

from avagree.specs import Z3_SPECS

#: the specs the Z3 engine decides: those whose record has a Z3 violation predicate
SPECS = Z3_SPECS

#: the one-round quantities :func:`avagree.smt.worst` maximises: the contraction factor, the averaging
#: error, and a single receiver's deviation from the honest mean
WORST_SPECS = ("contraction", "averaging", "deviation")

#: encodings of the first round's receivers (:mod:`avagree.smt.encode`)
ENCODINGS = ("merge", "rank", "interleave")
