"""Run the examples in the docstrings of the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import nutrigraph

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(nutrigraph.__path__, "nutrigraph.") if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every example in the module's docstrings runs and prints what it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
