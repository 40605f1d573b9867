"""The example scripts and the tour notebook run to the end and print what they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).parents[1] / "examples"

# script -> a line (or part of one) its output must contain
SCRIPTS = {
    "explain_symptoms.py": "1. magnesium (p=",  # the first candidate
    "trace_magnesium_b12.py": 'The claim "magnesium is a cofactor of methionine synthase" is graded contested.',
    "overlap_matrix.py": "20 nutrients with deficiency signs",
    "check_intake.py": "Does the tablet exceed the UL? no",
    "extend_graph.py": "resolve('hemp hearts') -> 'hemp_seeds_hulled'",
    "web_service.py": "16 concurrent requests on one shared graph: 1 distinct response(s)",
}
DISCLAIMER_WORDS = ("information", "not a diagnosis")


def run_script(name: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``examples/<name>`` as a program in ``cwd`` with a non-interactive matplotlib backend."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_every_script_is_listed() -> None:
    """Each script in examples/ has a test below, so a new example cannot go untested."""
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(SCRIPTS)


@pytest.mark.parametrize(("name", "expected"), sorted(SCRIPTS.items()))
def test_script_runs(name: str, expected: str, tmp_path: Path) -> None:
    """The script exits with success, prints its key line and ends with the disclaimer."""
    result = run_script(name, tmp_path)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    tail = " ".join(result.stdout.strip().splitlines()[-2:]).casefold()
    assert all(word in tail for word in DISCLAIMER_WORDS), tail
    assert list(tmp_path.iterdir()) == [], "examples must not leave files behind"


def test_web_service_reports_bad_input_with_suggestions(tmp_path: Path) -> None:
    """The service turns unknown names into a 400 JSON error mapping each bad input to suggestions."""
    output = run_script("web_service.py", tmp_path).stdout
    assert '"status": 400' in output
    assert '"fatige": ["fatigue"' in output
    assert '"explian": ["explain"]' in output


def test_tour_notebook_runs(tmp_path: Path) -> None:
    """Every cell of examples/tour.ipynb runs without error offline, and the notebook is stored without outputs."""
    # nbformat ships without type hints
    notebook = nbformat.read(EXAMPLES / "tour.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code), "clear the outputs"

    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()

    errors = [output for cell in code for output in cell.outputs if output.output_type == "error"]
    assert errors == []
    images = [output for cell in code for output in cell.outputs if "image/png" in output.get("data", {})]
    assert images, "the draw cell shows a picture"
