"""The nutrigraph command: every subcommand, JSON shapes, exit codes, help examples."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from nutrigraph.cli import build_parser, main

# The seed question: does a 500 mg magnesium oxide supplement exceed the UL for a pregnant 35-year-old?
SEED_INTAKE = [
    "check-intake",
    *("--age", "35", "--sex", "female", "--pregnant"),
    *("--supplement", "magnesium=500 mg@magnesium oxide"),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_explain_human(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's main job prints a ranked table, the context and the disclaimer within 100 columns."""
    code, out, _ = run(capsys, "explain", "fatigue", "tingling", "muscle cramps", "--drug", "omeprazole")
    assert code == 0
    lines = out.splitlines()
    assert any(re.match(r"1\s+magnesium\s", line) for line in lines)
    assert "omeprazole (as proton pump inhibitors) depletes magnesium" in out
    assert "not a diagnosis" in lines[-1]
    assert max(len(line) for line in lines) <= 100


def test_explain_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the documented shape."""
    code, out, _ = run(capsys, "explain", "fatigue", "tingling", "--json", "--top", "2")
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {"candidates", "pairs", "none_probability", "symptoms", "absent", "method", "disclaimer"}
    first = data["candidates"][0]
    assert set(first) >= {"nutrient", "name", "score", "probability", "explained", "unexplained", "context", "sources"}
    assert len(data["candidates"]) == 2


def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown names give exit status 2, a one-line message with suggestions and no traceback."""
    code, out, err = run(capsys, "explain", "fatigeu", "--drug", "omeprazol")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "did you mean 'fatigue'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["path", "magnesium", "B12", "--via", "enzyme", "--via", "metabolite"],
        ["overlap", "magnesium", "vitamin B12"],
        ["overlap", "magnesium", "B12", "folate", "--level", "category"],
        ["intake", "magnesium", "--age", "35", "--sex", "female", "--pregnant"],
        SEED_INTAKE,
        ["drug", "omeprazole"],
        ["stack", "magnesium oxide", "doxycycline"],
        ["show", "magnesium"],
        ["search", "magnesum"],
        ["export", "--format", "mermaid", "--node", "S-adenosylmethionine"],
    ],
)
def test_subcommands_run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Each subcommand succeeds on the bundled knowledge base and keeps lines within 100 columns."""
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.strip()
    if argv[0] != "export":
        assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize(
    "argv",
    [
        ["path", "magnesium", "B12", "--max-length", "2", "--json"],
        ["overlap", "magnesium", "B12", "--json"],
        ["intake", "magnesium", "--age", "35", "--sex", "female", "--json"],
        ["check-intake", "--age", "40", "--sex", "male", "--supplement", "vitamin D=4000 IU", "--json"],
        ["drug", "metformin", "--json"],
        ["stack", "iron", "levothyroxine", "--json"],
        ["show", "HP:0003401", "--json"],
        ["search", "cramp", "--kind", "symptom", "--json"],
    ],
)
def test_json_everywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Every --json output parses as JSON."""
    code, out, _ = run(capsys, *argv)
    assert code == 0
    json.loads(out)


def test_intake_answers_the_seed_question(capsys: pytest.CaptureFixture[str]) -> None:
    """500 mg magnesium oxide is about 302 mg of magnesium: within the 350 mg supplemental UL."""
    code, out, _ = run(capsys, *SEED_INTAKE)
    assert code == 0
    assert "within the UL" in out
    assert "301.5 mg" in out


def test_validate_and_export(capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path) -> None:
    """validate reports a broken file with status 1; export writes JSON and GraphML files."""
    code, out, _ = run(capsys, "validate", "--alone", str(data_dir / "broken"))
    assert code == 1
    assert "16 problems found." in out
    code, out, _ = run(capsys, "validate", "--alone", str(data_dir / "mini.toml"))
    assert code == 0
    for fmt in ("json", "graphml"):
        target = tmp_path / f"kb.{fmt}"
        assert run(capsys, "export", "--format", fmt, "--output", str(target))[0] == 0
        assert target.stat().st_size > 1000


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse errors and value errors both exit with status 2."""
    with pytest.raises(SystemExit) as info:
        main(["intake", "magnesium"])
    assert info.value.code == 2
    code, _, err = run(capsys, "check-intake", "--age", "30", "--sex", "male", "--food", "magnesium")
    assert code == 2
    assert "NUTRIENT=AMOUNT" in err


def test_every_subcommand_help_has_an_example() -> None:
    """Each subcommand's --help ends with at least one example command line."""
    parser = build_parser()
    subparsers: Any = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        text = sub.format_help()
        assert "examples:" in text, name
        assert "nutrigraph " + name in text, name


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """Piping into a reader that stops early (like `head -1`) ends without a traceback."""
    import subprocess
    import sys

    code = "import sys; from nutrigraph.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "explain", "fatigue", "tingling", "--drug", "omeprazole"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader goes away before the command writes (it is still importing)
    _, err = proc.communicate()
    assert b"Traceback" not in err
    assert b"Exception ignored" not in err
