"""JSON round trips, format versions and malformed files."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nutrigraph as ng
from nutrigraph.io import FORMAT_VERSION, from_json_dict, to_json_dict
from nutrigraph.schema import KINDS, PREDICATES, Evidence


def assert_same_graph(G: nx.MultiDiGraph[str], H: nx.MultiDiGraph[str]) -> None:
    """Nodes, keyed edges, every attribute and the graph metadata are equal."""
    assert {n: dict(d) for n, d in G.nodes(data=True)} == {n: dict(d) for n, d in H.nodes(data=True)}
    assert sorted(G.edges(keys=True)) == sorted(H.edges(keys=True))
    for u, v, k, data in G.edges(keys=True, data=True):
        assert dict(H.edges[u, v, k]) == dict(data)
    assert dict(G.graph) == dict(H.graph)


def test_mini_round_trip(mini: nx.MultiDiGraph[str], tmp_path: Path) -> None:
    """write_json then read_json gives back the same graph, frozen."""
    path = tmp_path / "kb.json"
    ng.write_json(mini, path)
    H = ng.read_json(path)
    assert_same_graph(mini, H)
    assert nx.is_frozen(H)
    assert not nx.is_frozen(ng.read_json(path, frozen=False))


def test_bundled_round_trip(kb: nx.MultiDiGraph[str], tmp_path: Path) -> None:
    """The full knowledge base survives a round trip."""
    path = tmp_path / "kb.json"
    ng.write_json(kb, path)
    assert_same_graph(kb, ng.read_json(path))


def test_source_attribute_is_not_lost(mini: nx.MultiDiGraph[str]) -> None:
    """An edge attribute literally named 'source' survives (networkx node-link would drop it)."""
    H = ng.editable(mini)
    H.edges["almonds", "magnesium", "source_of"]["source"] = "kept"
    back = from_json_dict(json.loads(json.dumps(to_json_dict(H))))
    assert back.edges["almonds", "magnesium", "source_of"]["source"] == "kept"


def test_newer_format_version_is_refused(mini: nx.MultiDiGraph[str]) -> None:
    """A file from a newer format version gives a clear error."""
    data = to_json_dict(mini)
    data["format_version"] = FORMAT_VERSION + 1
    with pytest.raises(ng.FormatError, match="newer than this nutrigraph reads"):
        from_json_dict(data)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("format"), "not a nutrigraph JSON file"),
        (lambda d: d.update(format_version="1"), "no integer format_version"),
        (lambda d: d.update(nodes={}), "'nodes' must be a JSON array"),
        (lambda d: d["edges"][0].pop("subject"), "malformed"),
    ],
)
def test_malformed_files_are_format_errors(mini: nx.MultiDiGraph[str], mutate: Any, message: str) -> None:
    """Missing or wrong top-level fields raise FormatError saying what is wrong."""
    data = to_json_dict(mini)
    mutate(data)
    with pytest.raises(ng.FormatError, match=message):
        from_json_dict(data)


def test_schema_violations_in_json_are_reported(mini: nx.MultiDiGraph[str]) -> None:
    """A JSON file with an unknown kind and a forbidden triple lists both problems."""
    data = to_json_dict(mini)
    next(n for n in data["nodes"] if n["id"] == "almonds")["kind"] = "snack"
    next(e for e in data["edges"] if e["key"] == "is_a")["key"] = "deficiency_sign"
    with pytest.raises(ng.DataValidationError) as info:
        from_json_dict(data)
    messages = [p.message for p in info.value.problems]
    assert any("unknown kind 'snack'" in m for m in messages)
    assert any("forbidden triple (symptom, deficiency_sign, symptom)" in m for m in messages)


def test_not_json_is_format_error(tmp_path: Path) -> None:
    """A file that is not JSON raises FormatError naming the file."""
    path = tmp_path / "x.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(ng.FormatError, match=r"x\.json is not valid JSON"):
        ng.read_json(path)


# --- generated graphs ------------------------------------------------------------------------

_ids = st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=8).filter(lambda s: s[0] != "_")
_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(str.strip)
_quantities = st.builds(
    lambda m, u: ng.parse_quantity(f"{m} {u}"),
    st.floats(min_value=1e-6, max_value=1e6, allow_nan=False),
    st.sampled_from(["mg", "µg", "µg DFE", "mg NE", "IU", "µg RAE"]),
)


@st.composite
def graphs(draw: st.DrawFn) -> nx.MultiDiGraph[str]:
    """Random graphs that obey the schema, with sources, grades, text and quantity qualifiers."""
    sources = {
        key: ng.Source(key=key, title=draw(_texts), publisher="P", year=2000, url="https://example.org")
        for key in draw(st.lists(_ids, min_size=1, max_size=3, unique=True))
    }
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.graph.update(name=draw(_texts), sources=sources, intakes={}, conversions=())
    source_list = st.lists(st.sampled_from(sorted(sources)), min_size=1, max_size=2, unique=True)
    for node in draw(st.lists(_ids, min_size=1, max_size=12, unique=True)):
        kind = draw(st.sampled_from(sorted(KINDS)))
        G.add_node(
            node,
            kind=kind,
            name=draw(_texts),
            synonyms=tuple(draw(st.lists(_texts, max_size=2))),
            xrefs=tuple(draw(st.lists(st.sampled_from(["CHEBI:1", "HP:0000001", "EC:1.1.1.1"]), max_size=2))),
            description=draw(st.none() | _texts),
            sources=tuple(sources[k] for k in draw(source_list)),
        )
    nodes = sorted(G.nodes)
    for _ in range(draw(st.integers(0, 20))):
        u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        allowed = [p for p in PREDICATES.values() if p.allows(G.nodes[u]["kind"], G.nodes[v]["kind"])]
        if not allowed:
            continue
        spec = draw(st.sampled_from(allowed))
        qualifiers = {"note": draw(st.none() | _texts)}
        if spec.name == "source_of":
            qualifiers.update(amount=draw(_quantities), serving=ng.parse_quantity("28 g"))
        G.add_edge(
            u,
            v,
            key=spec.name,
            predicate=spec.name,
            evidence=draw(st.sampled_from(list(Evidence))),
            sources=tuple(sources[k] for k in draw(source_list)),
            contradicted_by=tuple(sources[k] for k in draw(st.lists(st.sampled_from(sorted(sources)), max_size=1))),
            **qualifiers,
        )
    return G


@given(graphs())
def test_generated_graphs_round_trip(G: nx.MultiDiGraph[str]) -> None:
    """read(write(G)) == G for any schema-conforming graph, through real JSON text."""
    text = json.dumps(to_json_dict(G), ensure_ascii=False)
    assert_same_graph(G, from_json_dict(json.loads(text)))
