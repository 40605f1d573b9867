"""The generated documentation pages are up to date and included by the hand-written ones.

``docs/_generate.py`` derives the schema tables, the coverage figures, the bibliography, the
conversion table, the seed-claim table and the command-line help and JSON shapes from the
installed package. The pages are checked in; these tests fail when a change to the code or the
knowledge base leaves one stale. Fix that by running ``python docs/_generate.py`` and committing
the result.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
GENERATOR = DOCS / "_generate.py"
FIX = "run `python docs/_generate.py` and commit the result"


def _load_generator() -> ModuleType:
    name = "nutrigraph_docs_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs: attrs and typing resolve the module's annotations through sys.modules.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    """``docs/_generate.py``, imported from its path."""
    return _load_generator()


@pytest.fixture(scope="module")
def pages(generator: ModuleType) -> dict[str, str]:
    """Every generated page as the generator renders it now, keyed by its path under docs/."""
    rendered: dict[str, str] = generator.render_pages()
    return rendered


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def test_generated_pages_are_up_to_date(generator: ModuleType, pages: dict[str, str]) -> None:
    """Each checked-in generated page equals what the generator renders from the installed package."""
    checked = {name: text for name, text in pages.items() if name not in generator.PYTHON_DEPENDENT}
    stale = [name for name, text in sorted(checked.items()) if _read(DOCS / name) != text]
    assert not stale, f"stale documentation pages {stale}: {FIX}"


def test_command_line_help_is_up_to_date(generator: ModuleType, pages: dict[str, str]) -> None:
    """The checked-in ``--help`` texts match the parser, on the Python version that generated them.

    argparse words and wraps help differently between Python versions, so on another version the
    comparison would only measure the interpreter.
    """
    for name in sorted(generator.PYTHON_DEPENDENT):
        on_disk = _read(DOCS / name) or ""
        found = re.search(re.escape(generator.PYTHON_MARKER) + r" (\d+\.\d+)", on_disk)
        running = f"{sys.version_info.major}.{sys.version_info.minor}"
        if found is not None and found.group(1) != running:
            pytest.skip(f"{name} was generated with Python {found.group(1)}; this is Python {running}")
        assert on_disk == pages[name], f"stale documentation page {name}: {FIX}"


def test_rendering_is_deterministic(generator: ModuleType, pages: dict[str, str]) -> None:
    """Rendering twice gives the same text, so regenerating the pages does not churn them."""
    assert generator.render_pages() == pages


def test_every_generated_page_is_included(pages: dict[str, str]) -> None:
    """Each generated page is pulled into a hand-written page with a MyST include."""
    included: set[str] = set()
    for page in DOCS.rglob("*.md"):
        if "_build" in page.parts or "_generated" in page.parts:
            continue
        for target in re.findall(r"```\{include\}\s+(\S+)", page.read_text(encoding="utf-8")):
            path = (page.parent / target).resolve()
            if path.is_relative_to(DOCS):
                included.add(path.relative_to(DOCS).as_posix())
    assert sorted(set(pages) - included) == []
