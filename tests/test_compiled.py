"""The prebuilt copy of the bundled knowledge base is fresh and equal to a build from TOML."""

from __future__ import annotations

import importlib.resources
import json
import pickle
import subprocess
import sys
from pathlib import Path

import nutrigraph as ng
from nutrigraph._compile import compiled_text
from nutrigraph.build import COMPILED, _build_bundled, bundled_digest
from nutrigraph.io import to_json_dict


def test_compiled_copy_is_fresh() -> None:
    """The shipped _compiled.json is exactly what `python -m nutrigraph._compile` writes now.

    If this fails after a data change, run `python -m nutrigraph._compile` and commit the result.
    """
    shipped = importlib.resources.files("nutrigraph").joinpath("data", COMPILED).read_text(encoding="utf-8")
    assert json.loads(shipped)["graph"]["source_digest"] == bundled_digest()
    assert shipped == compiled_text()


def test_load_equals_a_build_from_toml() -> None:
    """load() (from the prebuilt copy) and a fresh build from the TOML files give the same graph."""
    assert to_json_dict(ng.load()) == to_json_dict(_build_bundled())


def test_pickled_graph_loads_in_a_fresh_process(tmp_path: Path) -> None:
    """A pickled frozen graph unpickles in a new interpreter that has not touched nutrigraph's units."""
    path = tmp_path / "kb.pickle"
    path.write_bytes(pickle.dumps(ng.load()))
    code = (
        "import pickle, sys; G = pickle.loads(open(sys.argv[1], 'rb').read()); "
        "print(G.edges['almonds', 'magnesium', 'source_of']['amount'])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert "milligram" in out.stdout
