"""Telling the user's Ctrl-C from a rule that raises :class:`KeyboardInterrupt` (issue 26).

A user's rule may raise anything, ``KeyboardInterrupt`` and ``SystemExit`` included; that is the rule's
failure, reported as an ERROR row like any other exception (:func:`avagree.harness.user_rules.as_model_rule`).
A real Ctrl-C must still stop avagree. The two are told apart by who raised: while
:func:`watching` is active (the oracle's search, a replay), SIGINT goes through a handler that records
the key press before raising ``KeyboardInterrupt`` (then calls the handler it replaced, if any); a
``KeyboardInterrupt`` that reaches a rule call without that record was raised by the rule's own code.
Where no handler can be installed (not the main thread), every ``KeyboardInterrupt`` counts as the
user's: stopping is the safe side. Where SIGINT is ignored or left to the system (``SIG_IGN``, as in a
shell's background job, or ``SIG_DFL``), no Ctrl-C can become a ``KeyboardInterrupt``, so every one is
the rule's, and SIGINT keeps its disposition.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterator

_state = {"depth": 0, "pressed": False}


def _handler(signum: int, frame: Any, previous: Any = None) -> None:
    _state["pressed"] = True
    if callable(previous) and previous is not signal.default_int_handler:
        previous(signum, frame)
    raise KeyboardInterrupt


@contextmanager
def watching() -> Iterator[None]:
    """``with watching():`` record real Ctrl-C presses while user rules run (nests; main thread only)."""
    if _state["depth"]:  # already watched by an outer call
        _state["depth"] += 1
        try:
            yield
        finally:
            _state["depth"] -= 1
        return
    if threading.current_thread() is not threading.main_thread():  # no handler can be set: nothing watched
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    ours = callable(previous)  # SIG_IGN or SIG_DFL: a Ctrl-C never becomes a KeyboardInterrupt, so any is the rule's
    if ours:
        signal.signal(signal.SIGINT, lambda s, fr: _handler(s, fr, previous))
    _state["depth"], _state["pressed"] = 1, False
    try:
        yield
    finally:
        if ours:
            signal.signal(signal.SIGINT, previous)
        _state["depth"] = 0


def raised_by_rule(exc: BaseException) -> bool:
    """Was ``exc`` raised by a rule's own code (True), not by a Ctrl-C of the user (False)?
    Only a ``KeyboardInterrupt`` can be the user's, and only while nothing watched or a key press was seen."""
    if not isinstance(exc, KeyboardInterrupt):
        return True
    return _state["depth"] > 0 and not _state["pressed"]
