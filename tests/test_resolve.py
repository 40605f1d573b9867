"""Resolving what people type to node ids."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nutrigraph as ng
from nutrigraph.resolve import normalize_text


@pytest.mark.parametrize(
    "text",
    ["vitamin_b12", "vitamin B12", "Vitamin-B12", "  VITAMIN   b12 ", "B12", "cobalamin", "CHEBI:30411", "chebi:30411"],
)
def test_every_name_reaches_b12(mini: nx.MultiDiGraph[str], text: str) -> None:
    """Id, name, synonym and CURIE, in any case and spacing, reach the same node."""
    assert ng.resolve(mini, text) == "vitamin_b12"


@pytest.mark.parametrize("text", ["tingling", "pins and needles", "Pins-and-needles", "HP:0003401", "paresthesia"])
def test_symptom_words_reach_the_same_node(mini: nx.MultiDiGraph[str], text: str) -> None:
    """Lay words and the HPO id of a symptom reach one node."""
    assert ng.resolve(mini, text) == "paresthesia"


def test_unknown_has_suggestions(mini: nx.MultiDiGraph[str]) -> None:
    """An unknown name raises UnknownEntityError, a KeyError, with close suggestions."""
    with pytest.raises(KeyError) as info:
        ng.resolve(mini, "magnesum")
    error = info.value
    assert isinstance(error, ng.UnknownEntityError)
    assert isinstance(error, ng.NutrigraphError)
    assert error.suggestions[0] == "magnesium"
    assert "did you mean 'magnesium'" in str(error)


def test_kind_restricts(mini: nx.MultiDiGraph[str]) -> None:
    """With kind=, a name of another kind is unknown."""
    assert ng.resolve(mini, "magnesium", kind="nutrient") == "magnesium"
    with pytest.raises(ng.UnknownEntityError, match="unknown drug 'magnesium'"):
        ng.resolve(mini, "magnesium", kind="drug")


def test_unknown_kind_is_schema_error(mini: nx.MultiDiGraph[str]) -> None:
    """A misspelt kind is a SchemaError naming the kinds."""
    with pytest.raises(ng.SchemaError, match="unknown kind 'nutrients'"):
        ng.resolve(mini, "magnesium", kind="nutrients")


def test_ambiguous_lists_candidates(mini: nx.MultiDiGraph[str]) -> None:
    """A name shared by entities of two kinds is ambiguous until a kind is given."""
    H = ng.editable(mini)
    H.add_node("mg_drug", kind="drug", name="Mg tablets", synonyms=("Mg",), xrefs=())
    with pytest.raises(ng.AmbiguousEntityError) as info:
        ng.resolve(H, "mg")
    assert [c[0] for c in info.value.candidates] == ["magnesium", "mg_drug"]
    assert "Pass kind=" in str(info.value)
    assert ng.resolve(H, "mg", kind="drug") == "mg_drug"


def test_non_string_is_type_error(mini: nx.MultiDiGraph[str]) -> None:
    """Passing a non-string is a TypeError, not a silent miss."""
    with pytest.raises(TypeError):
        ng.resolve(mini, 12)  # type: ignore[arg-type]


def test_normalize_text() -> None:
    """Case, spacing, hyphens and micro spellings do not matter."""
    assert normalize_text("Folic-Acid  ") == "folic acid"
    assert normalize_text("5 mcg") == normalize_text("5 µg") == normalize_text("5 μg") == "5 ug"


def test_search_ranks_and_filters(mini: nx.MultiDiGraph[str]) -> None:
    """Fuzzy search puts the closest name first and honours kind=."""
    hits = ng.search(mini, "methionin synthase")
    assert hits[0].node == "ms"
    assert all(h.kind == "symptom" for h in ng.search(mini, "cramp", kind="symptom"))


@given(data=st.data())
def test_resolve_is_idempotent(mini: nx.MultiDiGraph[str], data: st.DataObject) -> None:
    """Resolving any name of an entity, then resolving the result, gives the same id."""
    node = data.draw(st.sampled_from(sorted(mini.nodes)))
    attrs = mini.nodes[node]
    text = data.draw(st.sampled_from([node, attrs["name"], *attrs["synonyms"], *attrs["xrefs"]]))
    variant = data.draw(st.sampled_from([text, text.upper(), f"  {text} ", text.replace(" ", "-")]))
    first = ng.resolve(mini, variant)
    assert first == node
    assert ng.resolve(mini, first) == first
