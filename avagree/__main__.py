"""``python -m avagree``: the command line."""

from avagree.cli import main

raise SystemExit(main())
