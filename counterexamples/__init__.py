"""Committed witnesses (``*.json``, schema ``avagree.witness/1``) that the test
suite and ``avagree replay`` re-run in exact arithmetic."""

from __future__ import annotations

from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


def paths() -> list[Path]:
    """Every committed witness file, sorted by name."""
    return sorted(DIRECTORY.glob("*.json"))
