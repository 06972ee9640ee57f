"""The execution model shared by every path (numpy float, exact Fraction, Z3):
parameters, deliveries, rounds and executions (:mod:`.execution`), number modes
(:mod:`.numbers`), diameters (:mod:`.diameters`), the validated aggregation
entry point (:mod:`.aggregate`), user rules (:mod:`.user_rules`) and witness
files (:mod:`.witness`)."""

from .execution import (  # noqa: F401
    MODELS, Adversary, Delivery, Execution, ModelRule, Params, Round, as_family, check_int, convert_round,
    default_q, execute, execute_round, full_delivery, make_delivery, received, validate_delivery, validate_round,
)
