"""The core of the execution model shared by every path (numpy float, exact
Fraction, Z3): parameters, deliveries, rounds and executions (:mod:`.execution`),
number modes (:mod:`.numbers`) and diameters (:mod:`.diameters`). It is the bottom
layer: it imports nothing of avagree but :mod:`avagree.errors`; the rules
(:mod:`avagree.algorithms`) and specs (:mod:`avagree.specs`) build on it, and the
services that run them (:mod:`avagree.harness`) on those."""

from .execution import (  # noqa: F401
    MODELS, Adversary, Delivery, Execution, ModelRule, Params, Round, as_family, check_int, convert_round,
    default_q, execute, execute_round, full_delivery, make_delivery, received, validate_delivery, validate_round,
)
