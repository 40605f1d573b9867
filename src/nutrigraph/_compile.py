"""Prebuild the bundled knowledge base: ``python -m nutrigraph._compile``.

Writes ``src/nutrigraph/data/_compiled.json`` (the graph in nutrigraph JSON, with the digest of the
TOML files it came from) so that :func:`nutrigraph.load` starts without parsing and validating the
TOML files. Run it after changing any data file; ``tests/test_compiled.py`` fails while the copy is
stale, and a stale copy is never used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nutrigraph.build import COMPILED, _build_bundled
from nutrigraph.io import to_json_dict


def compiled_text() -> str:
    """The text of the prebuilt file, freshly built from the TOML files."""
    data = to_json_dict(_build_bundled())
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> int:
    """Write the prebuilt file next to the TOML files of a source checkout."""
    import nutrigraph

    target = Path(nutrigraph.__file__).parent / "data" / COMPILED
    target.write_text(compiled_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
