"""Running rules in the execution model: the services above the rules and specs.

The validated aggregation entry point (:mod:`.aggregate`), user rules given as
functions, objects or ``module:function`` strings (:mod:`.user_rules`), recorded
tie choices (:mod:`.choices`), witness files and their exact replay
(:mod:`.witness`) and the output folders avagree writes to (:mod:`.outputs`).
They read the rule registry (:mod:`avagree.algorithms`) and the specs
(:mod:`avagree.specs`); the engines (Z3, oracle, simulations, audit) sit above.
"""
