"""The published JSON Schemas (draft 2020-12): ``report.schema.json`` for every
command's ``--json`` document (``avagree.report/1``) and ``witness.schema.json``
for witness files (``avagree.witness/1``), and ``simulate_search.schema.json``, the fields of
``avagree simulate broadcast --search --json`` (issue 26). :func:`validate` checks a document
against one (needs ``jsonschema``, in the ``test`` extra)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).resolve().parent
SCHEMAS = {"report": "report.schema.json", "witness": "witness.schema.json",
           "simulate-search": "simulate_search.schema.json"}


def schema(name: str) -> dict[str, Any]:
    """The schema ``name`` (a key of :data:`SCHEMAS`) as a dict."""
    return json.loads((DIRECTORY / SCHEMAS[name]).read_text())


def validate(doc: Any, name: str) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``doc`` follows the schema ``name``."""
    import jsonschema  # the test extra

    jsonschema.validate(doc, schema(name), cls=jsonschema.Draft202012Validator)
