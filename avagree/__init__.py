"""avagree: a checker and test oracle for Byzantine-resilient averaging agreement.

The public API is re-exported here; modules behind it may move.
"""

from avagree.harness.aggregate import aggregate, model_rule  # noqa: F401
from avagree.errors import AvagreeError, DeliveryError, InputError, ParameterError, RuleError, WitnessError  # noqa: F401
from avagree.oracle.engine import check  # noqa: F401
from avagree.model.execution import Delivery, Execution, Params, Round, execute, execute_round, make_delivery  # noqa: F401
from avagree.harness.witness import Replay, Witness, replay  # noqa: F401

__version__ = "0.1.0"
