"""Notebook reprs, Mermaid text and drawings."""

from __future__ import annotations

import re

import networkx as nx
import pytest

import nutrigraph as ng
from nutrigraph.display import neighbourhood, to_mermaid


def test_mermaid_for_pathways_is_well_formed(kb: nx.MultiDiGraph[str]) -> None:
    """Every node line is id["label"], every edge id -->|"label"| id, and labels with brackets are quoted."""
    paths = ng.trace_pathways(kb, "magnesium", "B12", via=("enzyme", "metabolite"))
    text = paths.to_mermaid()
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    node = re.compile(r'    n_\w+\["[^"]*"\]')
    style = re.compile(r"    style n_\w+ fill:#[0-9a-f]{6},color:#fff")
    edge = re.compile(r'    n_\w+ (-->|-\.->)\|"[^"]*"\| n_\w+')
    for line in lines[1:]:
        assert node.fullmatch(line) or style.fullmatch(line) or edge.fullmatch(line), line
    assert '"is a cofactor of (contested)"' in text
    assert "-.->" in text


def test_mermaid_quotes_parentheses(kb: nx.MultiDiGraph[str]) -> None:
    """Names with parentheses, such as 'tingling and numbness (paresthesia)', stay inside quotes."""
    text = to_mermaid(neighbourhood(kb, "paresthesia"))
    assert '["tingling and numbness (paresthesia)"]' in text


def test_neighbourhood_radius(kb: nx.MultiDiGraph[str]) -> None:
    """Radius 0 is the node itself; radius 1 adds its direct neighbours."""
    assert list(neighbourhood(kb, "magnesium", radius=0)) == ["magnesium"]
    one = neighbourhood(kb, "magnesium", radius=1)
    assert "methionine_adenosyltransferase" in one
    with pytest.raises(ValueError, match="radius"):
        neighbourhood(kb, "magnesium", radius=-1)


def test_reprs(kb: nx.MultiDiGraph[str]) -> None:
    """Result records print readably and render as HTML tables in notebooks."""
    explanation = ng.explain_symptoms(kb, ["fatigue", "tingling"])
    assert repr(explanation).startswith("Explanation(method='lr'")
    assert "<table>" in explanation._repr_html_()
    paths = ng.trace_pathways(kb, "magnesium", "B12", max_length=2, limit=3)
    assert repr(paths).startswith("  1. [")
    assert "<table>" in paths._repr_html_()
    assert "<table>" in ng.symptom_overlap(kb, "magnesium", "B12")._repr_html_()
    assert "<table>" in ng.overlap_matrix(kb, ["magnesium", "B12"])._repr_html_()
    assert "<table>" in ng.drug_effects(kb, "omeprazole")._repr_html_()
    assert "<table>" in ng.check_stack(kb, ["iron", "levothyroxine"])._repr_html_()
    escaped = ng.display.html_table(["a"], [["<b>"]])
    assert "<td>&lt;b&gt;</td>" in escaped
    assert "<b>" not in escaped


def test_draw_pathways(kb: nx.MultiDiGraph[str]) -> None:
    """draw() returns matplotlib axes with one label per node (skipped without matplotlib)."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    paths = ng.trace_pathways(kb, "magnesium", "B12", via=("enzyme", "metabolite"))
    ax = ng.draw(paths, G=kb)
    labels = {t.get_text() for t in ax.texts}
    assert {"magnesium", "vitamin B12", "methionine synthase"} <= labels
