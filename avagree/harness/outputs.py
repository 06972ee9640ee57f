"""Where avagree writes files it was not told where to write: one folder,
``avagree-out/witnesses/`` under the current directory.

``check``, ``fuzz`` and ``sweep`` save the counterexamples they find there
unless ``--out DIR`` is given; ``Report.assert_ok()`` saves there when the run
had no ``save_dir``; the pytest fixture ``avagree_check`` saves into
``avagree-out/witnesses/`` under pytest's root directory unless
``--avagree-out DIR`` is given. The same folder is read back as the witness
database: :func:`avagree.check`, ``fuzz`` and the fixture replay the saved
witnesses of the rule under test there before any search (read only). Nothing is ever written into the package or the
checked-out ``counterexamples/`` (the committed witnesses) unless that folder is
named with ``--out``. Every path a command will write is checked before any work
(:func:`check_out_dir`, :func:`check_out_file`; issue 26), so that a wrong one is
refused at once, not after a whole audit has run. Like pytest's ``.pytest_cache``, ``avagree-out/`` gets a
``.gitignore`` holding ``*`` when avagree creates it (also when the folder was
named, ``--out avagree-out/...``, ``--avagree-out avagree-out/witnesses``, and by
``avagree audit``'s pictures), so ``git status`` stays clean in any repository.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Iterator

#: the default folder (relative to the current directory) and the witnesses' subfolder
OUT_ROOT = Path("avagree-out")
WITNESS_DIR = OUT_ROOT / "witnesses"

_IGNORE = "# created by avagree: its outputs are not meant to be committed\n*\n"


@contextmanager
def output_dir(path: str | Path) -> Iterator[Path]:
    """``with output_dir(path) as folder:`` ``path``, created only by what writes into it;
    when ``path`` is ``avagree-out/`` or inside it and this run created ``avagree-out/``,
    that folder gets its ``.gitignore`` on the way out."""
    path = Path(path)
    root = OUT_ROOT.resolve()
    ours = path.resolve() == root or root in path.resolve().parents
    fresh = ours and not root.exists()
    try:
        yield path
    finally:
        if fresh and root.is_dir():
            (root / ".gitignore").write_text(_IGNORE)


def witness_dir(out: str | Path | None = None) -> AbstractContextManager[Path]:
    """``with witness_dir(out) as folder:`` ``out`` if given, else :data:`WITNESS_DIR`
    (:func:`output_dir`: ``avagree-out/`` gets its ``.gitignore`` when this run creates it)."""
    return output_dir(WITNESS_DIR if out is None else out)


def save_witness(w: Any, name: str, out: str | Path | None = None) -> Path:
    """Save ``w`` as ``name`` under ``out`` (default :data:`WITNESS_DIR`); its path."""
    with witness_dir(out) as folder:
        return w.save(Path(folder) / name)


def file_safe(rule: str) -> str:
    """A rule's name as part of a file name on any file system: every run of characters other
    than letters, digits and ``_.=-`` becomes ``_`` (``lstat:0,1/2,1/2,0`` -> ``lstat_0_1_2_1_2_0``;
    registry names are unchanged). The file itself records the rule's real name."""
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", rule).strip("_")


# -- output paths, checked before any work (issue 26) ------------------------------------------------


def _writable(folder: Path) -> str | None:
    """Why a file cannot be created in the existing folder ``folder`` (None when it can): tried for real
    (a temporary file, removed at once), since permission bits do not tell for root or read-only mounts."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return os.strerror(exc.errno) if exc.errno else str(exc)
    return None


def _existing_ancestor(path: Path) -> Path:
    """The nearest of ``path`` and its parents that exists (the current directory at worst)."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_out_dir(path: str | Path, what: str = "--out") -> Path:
    """``path`` as a folder avagree may create and write into, else :class:`~avagree.errors.InputError`
    naming the problem: an existing file, not a folder; or a folder (or the nearest existing parent it
    would be created in) where no file can be written."""
    from avagree.errors import InputError

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{what} {path}: is an existing file, not a folder (name a new or existing folder)")
    base = _existing_ancestor(path)
    if not base.is_dir():
        raise InputError(f"{what} {path}: {base} is a file, so the folder cannot be created")
    why = _writable(base)
    if why:
        where = "the folder" if base == path.absolute() else f"its parent {base}"
        raise InputError(f"{what} {path}: cannot write into {where} ({why})")
    return path


def check_out_file(path: str | Path, what: str = "--out") -> Path:
    """``path`` as a file avagree may write (an existing file is replaced), in a folder that exists and
    takes files, else :class:`~avagree.errors.InputError` naming the folder or the problem."""
    from avagree.errors import InputError

    path = Path(path)
    if path.is_dir():
        raise InputError(f"{what} {path}: is a folder; name a file in it")
    folder = path.absolute().parent
    if not folder.is_dir():
        raise InputError(f"{what} {path}: no such folder {folder} (create it first)")
    why = _writable(folder)
    if why is None and path.exists() and not os.access(path, os.W_OK):
        why = os.strerror(errno.EACCES)
    if why:
        raise InputError(f"{what} {path}: cannot write there ({why})")
    return path
