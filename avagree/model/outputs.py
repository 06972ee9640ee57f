"""Where avagree writes files it was not told where to write: one folder,
``avagree-out/witnesses/`` under the current directory.

``check``, ``fuzz`` and ``sweep`` save the counterexamples they find there
unless ``--out DIR`` is given; ``Report.assert_ok()`` saves there when the run
had no ``save_dir``. Nothing is ever written into the package or the
checked-out ``counterexamples/`` (the committed witnesses) unless that folder is
named with ``--out``. Like pytest's ``.pytest_cache``, ``avagree-out/`` gets a
``.gitignore`` holding ``*`` when avagree creates it, so ``git status`` stays
clean in any repository.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

#: the default folder (relative to the current directory) and the witnesses' subfolder
OUT_ROOT = Path("avagree-out")
WITNESS_DIR = OUT_ROOT / "witnesses"

_IGNORE = "# created by avagree: its outputs are not meant to be committed\n*\n"


@contextmanager
def witness_dir(out: str | Path | None = None) -> Iterator[Path]:
    """``with witness_dir(out) as folder:`` ``out`` if given, else :data:`WITNESS_DIR`,
    created only by what saves into it; when this run created ``avagree-out/``,
    it gets its ``.gitignore`` on the way out."""
    if out is not None:
        yield Path(out)
        return
    fresh = not OUT_ROOT.exists()
    try:
        yield WITNESS_DIR
    finally:
        if fresh and OUT_ROOT.is_dir():
            (OUT_ROOT / ".gitignore").write_text(_IGNORE)


def save_witness(w: Any, name: str, out: str | Path | None = None) -> Path:
    """Save ``w`` as ``name`` under ``out`` (default :data:`WITNESS_DIR`); its path."""
    with witness_dir(out) as folder:
        return w.save(Path(folder) / name)
