"""The libraries the scorecard knows (``--library``): how to load their rules, what to
``pip install`` for them, their versions and the minimum size each rule declares.

Neither library is an avagree dependency: a library is used only when it imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, Callable

from avagree.errors import RuleError


@dataclass(frozen=True)
class Library:
    """One library: its ``--library`` name, its adapter module (``rules(seed)``, ``version()``,
    ``declared_min_q(rule, f)``), what to pip install, and how its declared minimum reads."""
    name: str
    module: str
    pip: str
    declared_text: Callable[[Any], str]

    def adapter(self) -> Any:
        return import_module(self.module)

    def rules(self, seed: int = 0) -> list[Any]:
        """The library's rules as avagree rule objects; RuleError naming what to pip install when it
        does not import."""
        try:
            return self.adapter().rules(seed)
        except ImportError as exc:
            raise RuleError(f"library {self.name!r} is not installed or does not import ({exc}): "
                            f"pip install {self.pip}") from None

    def version(self) -> str | None:
        return self.adapter().version()

    def declared_min_q(self, rule: Any, f: int) -> int:
        return self.adapter().declared_min_q(rule, f)


def _byzfl_text(rule: Any) -> str:
    return "2f + 1 (ByzFL checks 2f < n)"


def _flwr_text(rule: Any) -> str:
    from avagree.scorecard.flower import DECLARED

    return DECLARED[rule.name][2]


LIBRARIES: dict[str, Library] = {
    "byzfl": Library("byzfl", "avagree.scorecard.byzfl", "byzfl torch", _byzfl_text),
    "flwr": Library("flwr", "avagree.scorecard.flower", "flwr", _flwr_text),
}


def get_library(name: str) -> Library:
    """The library ``name``; RuleError naming the known ones otherwise."""
    try:
        return LIBRARIES[name]
    except KeyError:
        raise RuleError(f"library {name!r}: unknown; known libraries: {', '.join(LIBRARIES)}") from None
