"""Shared fixtures and the hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (set by .ci/run) keeps property tests quick; the default profile runs
more examples for local use.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, settings

import nutrigraph as ng

settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The directory of test data files."""
    return DATA


@pytest.fixture(scope="session")
def mini() -> nx.MultiDiGraph[str]:
    """The small hand-built knowledge base drawn at the top of ``tests/data/mini.toml``."""
    return ng.load(DATA / "mini.toml")


@pytest.fixture(scope="session")
def kb() -> nx.MultiDiGraph[str]:
    """The bundled knowledge base."""
    return ng.load()
