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
named with ``--out``. Like pytest's ``.pytest_cache``, ``avagree-out/`` gets a
``.gitignore`` holding ``*`` when avagree creates it (also when the folder was
named, ``--out avagree-out/...``, ``--avagree-out avagree-out/witnesses``, and by
``avagree audit``'s pictures), so ``git status`` stays clean in any repository.
"""

from __future__ import annotations

import re
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
