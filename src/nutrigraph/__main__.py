"""``python -m nutrigraph``: the same as the ``nutrigraph`` command."""

from __future__ import annotations

from nutrigraph.cli import main

raise SystemExit(main())
