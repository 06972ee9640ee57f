"""One call of a library rule, bounded in time: a rule whose loop never ends on some input becomes
an ERROR cell naming that input, not a scorecard that never finishes."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

#: seconds one call of a library rule may take before it counts as not returning (a loop that does not end)
CALL_SECONDS = 5.0


@contextmanager
def call_limit(label: str, seconds: float = CALL_SECONDS) -> Iterator[None]:
    """Raise TimeoutError inside a call that runs longer than ``seconds`` (SIGALRM; in the main thread
    only, elsewhere no limit): a library loop that never ends becomes an ERROR cell with its input."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum, frame):
        raise TimeoutError(f"{label} did not return within {seconds:g} s on this input (a loop that does not end?)")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
