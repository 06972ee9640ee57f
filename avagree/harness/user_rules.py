"""Turn any aggregation rule into a rule of the execution model, with its output
validated, and name it so that another process can rebuild it.

A rule is one of:

* a registry name (``"cwtm"``; ``"icwtm"`` and ``"imda"``, the paper's names of
  the iterated rules, mean the rule iterated round after round, so one round of
  ``icwtm`` is one round of ``cwtm``: :data:`ALIASES`), or an L-statistic by its
  weights, ``"lstat:0,1/3,1/3,1/3,0"`` (:mod:`avagree.algorithms.lstatistic`);
* ``"module:function"`` (also ``"python:module:function"``, as witness files write it);
* ``"module:Class(f=2)"``: a rule object built from literal constructor arguments,
  as ByzFL's aggregators are (``TrMean(f=2)`` applied by calling it);
* any callable: a function, or an object with ``__call__``, taking the received
  (q, d) array and optionally ``f=`` and ``own=`` keywords.

:func:`rule_name` writes a callable back as such a string. For a rule object it
reads the constructor's parameters from the object's attributes (``f`` from
``self.f`` or ``self._f``); the string is trusted only once a witness replays
through it (:func:`avagree.harness.witness.from_execution` checks).
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import os
import sys
import traceback
from pathlib import Path
from fractions import Fraction
from typing import Any, Callable

import numpy as np

from avagree.algorithms.registry import built_on_the_fly, get_rule, known
from avagree.harness.aggregate import check_output, model_rule
from avagree.harness.interrupts import raised_by_rule
from avagree.errors import RuleError
from avagree.model.execution import ModelRule
from avagree.model.numbers import mode_of

#: the paper's names of the iterated rules (ICwTM, section 7; iterated MDA,
#: section 5): one round of each is one round of the registry rule.
ALIASES = {"icwtm": "cwtm", "imda": "mda"}

_LITERALS = (bool, int, float, str, type(None))


def resolve_name(rule: Any) -> Any:
    """``rule`` with the paper's iterated names (:data:`ALIASES`) mapped to registry names, and a
    weights rule string or ``select:k=K`` in its canonical form (ParameterError when malformed)."""
    if built_on_the_fly(rule):
        return get_rule(rule).name
    return ALIASES.get(rule, rule) if isinstance(rule, str) else rule


def _literal(v: Any) -> bool:
    if isinstance(v, (list, tuple)):
        return all(_literal(x) for x in v)
    return isinstance(v, _LITERALS) and not (isinstance(v, float) and v != v)


def _read_args(obj: Any) -> tuple[dict[str, Any] | None, str]:
    """(the keyword arguments that rebuild ``obj``, "") or (None, why they cannot be read)."""
    cls = type(obj).__qualname__
    try:
        params = inspect.signature(type(obj)).parameters
    except (TypeError, ValueError) as exc:
        return None, f"the signature of {cls}'s constructor cannot be read ({exc})"
    state = getattr(obj, "__dict__", {})
    out: dict[str, Any] = {}
    for name, prm in params.items():
        if prm.kind in (prm.VAR_POSITIONAL, prm.VAR_KEYWORD):
            continue
        for key in (name, f"_{name}"):
            if key in state:
                value = state[key]
                break
        else:
            if prm.default is prm.empty:
                return None, (f"{cls}'s constructor takes {name!r}, but the object has no attribute {name!r} or "
                              f"'_{name}' to read it back from (store it as self.{name} or self._{name})")
            continue
        if not _literal(value):
            return None, (f"{cls}'s attribute {key!r} holds a {type(value).__name__}, not a Python literal "
                          f"(bool, int, float, str, None, or a list or tuple of them), so it cannot be written "
                          f"into the rule's name")
        if prm.default is prm.empty or value != prm.default:
            out[name] = value
    return out, ""


def constructor_args(obj: Any) -> dict[str, Any] | None:
    """The keyword arguments that rebuild the rule object ``obj`` (read from its
    attributes ``name`` or ``_name``), or None when some required one is not
    found or is not a literal (:func:`constructor_problem` says which).
    Parameters left at their default are omitted."""
    return _read_args(obj)[0]


def constructor_problem(obj: Any) -> str:
    """Why :func:`constructor_args` cannot rebuild the rule object ``obj`` ("" when it can): the
    parameter without an attribute ``name`` or ``_name``, or the attribute that is not a literal."""
    return _read_args(obj)[1]


#: why the last rule objects named ``...Class(?)`` could not be read (:func:`rule_name`), so that
#: rebuilding such a name in this process names the real cause (bounded: the latest few)
_UNREAD: dict[str, str] = {}


def rule_name(rule: Any) -> str:
    """The rule as a string :func:`load_callable` rebuilds: a registry name,
    ``python:module:qualname``, or ``python:module:Class(arg=value, ...)`` for a
    rule object (``python:module:Class(?)`` when its arguments cannot be read)."""
    if isinstance(rule, str):
        return resolve_name(rule)
    if inspect.isfunction(rule) or inspect.isbuiltin(rule) or inspect.isclass(rule) or inspect.ismethod(rule):
        mod = getattr(rule, "__module__", None) or "?"
        return f"python:{mod}:{getattr(rule, '__qualname__', None) or type(rule).__qualname__}"
    cls = type(rule)
    args, why = _read_args(rule)
    text = "?" if args is None else ", ".join(f"{k}={v!r}" for k, v in args.items())
    name = f"python:{cls.__module__}:{cls.__qualname__}({text})"
    if args is None:
        _UNREAD.pop(name, None)
        _UNREAD[name] = why
        while len(_UNREAD) > 64:
            _UNREAD.pop(next(iter(_UNREAD)))
    return name


def _describe(node: ast.AST, source: str) -> str:
    """An argument that is not a literal, as the user wrote it, and what it is."""
    text = ast.get_source_segment(source, node) or ast.unparse(node)
    kind = {ast.Name: "a name", ast.Call: "a call", ast.Attribute: "an attribute", ast.BinOp: "an expression",
            ast.Lambda: "a lambda", ast.Subscript: "a subscript"}.get(type(node), "not a literal")
    return f"{text!r} is {kind}" if kind != "not a literal" else f"{text!r} is not a literal"


def _literal_arg(node: ast.AST, source: str, spec: str) -> Any:
    """``node``'s value when it is a Python literal, else RuleError quoting the offending part."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        fine = (ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.UnaryOp, ast.expr_context, ast.unaryop)
        bad = next((n for n in ast.walk(node) if not isinstance(n, fine)), node)  # outermost offending part
        raise RuleError(f"rule={spec!r}: constructor arguments must be Python literals (numbers, strings, True, "
                        f"False, None, lists or tuples of them); {_describe(bad, source)}") from None


def _parse(spec: str) -> tuple[str, str, tuple | None, dict[str, Any]]:
    """'module:attr' or 'module:Attr(1, f=2)' -> (module, attr, args or None, kwargs); literals only."""
    text = spec[len("python:"):] if spec.startswith("python:") else spec
    mod, _, rest = text.partition(":")
    attr, paren, call = rest.partition("(")
    if not mod or not attr:
        raise RuleError(f"rule={spec!r}: expected a registry name, 'module:function' or 'module:Class(arg=value)'")
    if not paren:
        return mod, attr.strip(), None, {}
    if call.strip() == "?)":  # rule_name could not read the object's arguments (a witness's rule string)
        why = _UNREAD.get(spec if spec.startswith("python:") else f"python:{spec}")
        raise RuleError(f"rule={spec!r}: the rule object's constructor arguments were not recorded when it was "
                        f"named: " + (why or "avagree reads each constructor parameter back from the object's "
                                             "attribute of the same name or with a leading underscore, and one was "
                                             "missing or not a literal"))
    source = f"_({call}"
    try:
        node = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise RuleError(f"rule={spec!r}: the constructor call is not valid Python ({exc.msg}); write it as "
                        f"'{mod}:{attr.strip()}(arg=value, ...)'") from None
    if not isinstance(node, ast.Call) or any(k.arg is None for k in node.keywords) or \
            any(isinstance(a, ast.Starred) for a in node.args):
        raise RuleError(f"rule={spec!r}: expected 'module:Class(arg=value, ...)' with literal arguments")
    args = tuple(_literal_arg(a, source, spec) for a in node.args)
    kwargs = {k.arg: _literal_arg(k.value, source, spec) for k in node.keywords}
    return mod, attr.strip(), args, kwargs


def cwd_importable() -> None:
    """Put the current directory first on ``sys.path``, as ``python -m`` and pytest
    do, so that ``module:function`` finds the user's own files (``fuzz``, ``replay``)."""
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)


def load_callable(spec: str) -> Callable:
    """'module:function', 'module:Class(args)' (or with a 'python:' prefix) -> the callable rule."""
    mod, attr, args, kwargs = _parse(spec)
    try:
        obj: Any = importlib.import_module(mod)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        top = mod.split(".")[0]
        lost = isinstance(exc, ModuleNotFoundError) and exc.name == top  # not found at all: say where we looked
        hint = f"; is the current directory the one holding {top}?" if lost else ""
        raise RuleError(f"rule={spec!r}: cannot import ({exc}{hint})") from None
    except (Exception, SystemExit) as exc:  # the module fails as it is imported (SyntaxError, a raise, sys.exit)
        raise RuleError(f"rule={spec!r}: cannot import ({type(exc).__name__} while importing {mod}: {exc})") from None
    if args is not None or inspect.isclass(obj):
        try:
            obj = obj(*(args or ()), **kwargs)
        except Exception as exc:  # the user's constructor: its failure is their message, on one line
            hint = "" if args is not None else f"; give its constructor arguments, e.g. '{mod}:{attr}(f=1)'"
            raise RuleError(f"rule={spec!r}: cannot build the rule object ({type(exc).__name__}: {exc}){hint}") from None
    if not callable(obj):
        raise RuleError(f"rule={spec!r}: not callable")
    return obj


def resolve(rule: Any) -> Any:
    """A registry name (aliases resolved) or a weights rule string stays a name; a 'module:...'
    string becomes its callable."""
    rule = resolve_name(rule)
    if isinstance(rule, str) and not known(rule):
        return load_callable(rule)
    return rule


def as_model_rule(rule: Any) -> ModelRule:
    """A registry name, a 'module:function' or 'module:Class(args)' string, or a
    callable taking the received (q, d) array and optionally ``f=`` and ``own=``."""
    rule = resolve(rule)
    if isinstance(rule, str):
        return model_rule(rule)
    if not callable(rule):
        raise RuleError(f"rule={rule!r}: not a registry name or a callable")
    try:
        params = inspect.signature(rule).parameters
    except (TypeError, ValueError):
        params = {}
    wants_f, wants_own = "f" in params, "own" in params
    name = rule_name(rule)

    def apply(z: np.ndarray, f: int, own: np.ndarray) -> np.ndarray:
        kw: dict[str, Any] = {}
        if wants_f:
            kw["f"] = f
        if wants_own:
            kw["own"] = own
        try:
            with contextlib.redirect_stdout(sys.stderr):  # a rule's prints must not corrupt --json on stdout
                out = rule(z, **kw)
        except BaseException as exc:  # a user's rule failing (sys.exit included) is a finding, not our crash
            if not raised_by_rule(exc):
                raise  # the user's Ctrl-C: stop
            raise RuleRaised(name, exc, z, f) from None
        try:
            out = np.asarray(out)
        except (ValueError, TypeError) as exc:  # a ragged list: a finding about the rule, as a wrong shape is
            raise RuleError(f"rule {name} returned a {type(out).__name__} that is not a vector of numbers "
                            f"({exc})") from None
        if mode_of(z) == "float" and out.dtype.kind in "iu":
            out = out.astype(np.float64)
        return check_output(out.reshape(-1) if out.ndim == 2 and 1 in out.shape else out, z.shape[1], mode_of(z), name)

    apply.__name__ = name
    return apply


class RuleRaised(RuleError):
    """A user's rule raised (any exception: ``SystemExit`` from ``sys.exit``, ``KeyboardInterrupt`` raised
    by its own code, ...; a real Ctrl-C is not caught: :mod:`.interrupts`).

    Attributes: ``rule`` (its name), ``exc_type`` (the exception's type, ``module.Name`` unless a builtin),
    ``exc_message``, ``user_traceback`` (the formatted traceback of the rule's own frames, avagree's call
    frame removed), ``received`` (the (q, d) array the rule was called with, a copy) and ``f``."""

    def __init__(self, rule: str, exc: BaseException, received: np.ndarray, f: int):
        self.rule, self.received, self.f = rule, np.array(received, copy=True), f
        self.exc_type = exception_type(exc)
        self.exc_message = str(exc)
        why = " (the rule called sys.exit)" if isinstance(exc, SystemExit) else ""
        frames = traceback.extract_tb(exc.__traceback__)[1:]  # the first frame is avagree's call of the rule
        self.user_traceback = "".join(traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc))
        super().__init__(f"rule {rule} raised {self.exc_type}: {exc}{why}")


def exception_type(exc: BaseException) -> str:
    """``ZeroDivisionError`` for a builtin, else ``module.QualName``: how witnesses record what a rule raised."""
    cls = type(exc)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


#: files that mark a project's root, looked for upward (:func:`project_root`)
ROOT_MARKERS = ("pyproject.toml", ".git")


def project_root(start: str | Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``pyproject.toml`` or ``.git``, or None."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if any((folder / m).exists() for m in ROOT_MARKERS):
            return folder
    return None


def import_root(rule_text: str) -> str | None:
    """Where the module of a ``python:module:...`` rule was imported from: the folder that must be on
    ``sys.path`` for ``import module`` to find it, relative to its project's root (:func:`project_root`,
    ``"."`` for the root itself), in POSIX form; None for a registry rule, a module not loaded, an installed
    package (``site-packages``) or a file outside any project."""
    if not rule_text.startswith("python:"):
        return None
    mod = rule_text[len("python:"):].partition(":")[0]
    module = sys.modules.get(mod)
    file = getattr(module, "__file__", None)
    if not file or "site-packages" in Path(file).parts or "dist-packages" in Path(file).parts:
        return None
    path = Path(file).resolve()
    if path.name == "__init__.py":
        path = path.parent
    parts = mod.split(".")
    if len(path.parents) < len(parts):
        return None
    where = path.parents[len(parts) - 1]
    root = project_root(where)
    if root is None:
        return None
    return where.relative_to(root).as_posix() or "."


def find_import_root(relative: str, starts: list[Path]) -> Path | None:
    """The folder ``relative`` (:func:`import_root`) under the project root of the first of ``starts``
    (the current directory, the witness file's folder) that has it."""
    for start in starts:
        root = project_root(start)
        if root is not None and (root / relative).is_dir():
            return (root / relative).resolve()
    return None


def supports_exact(rule: ModelRule, d: int) -> bool:
    """Does the rule accept exact (Fraction) input and stay exact?"""
    z = np.array([[Fraction(k, 3) for _ in range(d)] for k in range(5)], dtype=object)
    try:
        rule(z, 1, z[0])
    except Exception:
        return False
    return True
