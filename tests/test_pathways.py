"""trace_pathways against the bundled graph and against a brute-force oracle."""

from __future__ import annotations

import itertools
import string
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nutrigraph as ng
from nutrigraph.queries.pathways import trace_pathways
from nutrigraph.schema import KINDS, PREDICATES, Evidence


def test_magnesium_to_b12_routes(kb: nx.MultiDiGraph[str]) -> None:
    """The MAT -> SAM -> methionine synthase route is found, established, and reads as a sentence;
    the popular 'cofactor of methionine synthase' claim is shown with its contested grade."""
    paths = trace_pathways(kb, "magnesium", "vitamin B12", via=("enzyme", "metabolite"))
    sam = [p for p in paths if "s_adenosylmethionine" in p.nodes]
    assert sam
    route = sam[0]
    assert route.nodes == (
        "magnesium",
        "methionine_adenosyltransferase",
        "s_adenosylmethionine",
        "methionine_synthase",
        "vitamin_b12",
    )
    assert route.evidence is Evidence.ESTABLISHED
    assert route.relations[-1].direction == "backward"
    assert route.describe().endswith("which requires vitamin B12")
    claim = next(p for p in paths if p.nodes == ("magnesium", "methionine_synthase", "vitamin_b12"))
    assert claim.evidence is Evidence.CONTESTED
    assert paths.index(claim) > paths.index(route)


def test_ranking_order(kb: nx.MultiDiGraph[str]) -> None:
    """Pathways come sorted by weakest evidence, then length, then specificity."""
    paths = trace_pathways(kb, "magnesium", "vitamin B12", max_length=3)
    keys = [(-p.evidence.rank, p.length, -p.specificity) for p in paths]
    assert keys == sorted(keys)


def test_min_evidence_and_limit(kb: nx.MultiDiGraph[str]) -> None:
    """min_evidence drops weaker steps; limit keeps the best few."""
    paths = trace_pathways(kb, "magnesium", "vitamin B12", min_evidence="established", limit=5)
    assert len(paths) == 5
    assert all(step.evidence is Evidence.ESTABLISHED for p in paths for step in p.relations)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"max_length": 0}, ValueError, "max_length"),
        ({"limit": -1}, ValueError, "limit"),
        ({"via": ["enzymes"]}, ng.SchemaError, "neither a kind nor a predicate"),
        ({"via": []}, ValueError, "at least one"),
        ({"min_evidence": "strong"}, ValueError, "unknown evidence grade"),
    ],
)
def test_arguments_are_checked_first(
    kb: nx.MultiDiGraph[str], kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    """Bad arguments fail at the call, before any search."""
    with pytest.raises(error, match=message):
        trace_pathways(kb, "magnesium", "B12", **kwargs)  # type: ignore[arg-type]


def test_same_entity_and_unknown(kb: nx.MultiDiGraph[str]) -> None:
    """Source equal to target, or an unknown name, is an error."""
    with pytest.raises(ValueError, match="same entity"):
        trace_pathways(kb, "B12", "cobalamin")
    with pytest.raises(ng.UnknownEntityError):
        trace_pathways(kb, "magnesum", "B12")


# --- the oracle --------------------------------------------------------------------------------


def brute_force(
    G: nx.MultiDiGraph[str], source: str, target: str, max_length: int, via: set[str] | None, min_rank: int
) -> set[tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]]:
    """Every simple path via networkx.all_simple_paths on the undirected view, expanded to each
    choice of relation between consecutive nodes, then filtered."""
    kinds = {v for v in via or () if v in KINDS} or None
    predicates = {v for v in via or () if v in PREDICATES} or None
    undirected: nx.Graph[str] = nx.Graph(G.to_undirected(as_view=True))
    found = set()
    for nodes in nx.all_simple_paths(undirected, source, target, cutoff=max_length):
        if kinds and any(G.nodes[n]["kind"] not in kinds for n in nodes[1:-1]):
            continue
        options: list[list[tuple[str, str, str]]] = []
        for u, v in itertools.pairwise(nodes):
            forward: dict[Any, Any] = G.get_edge_data(u, v, default={})
            backward: dict[Any, Any] = G.get_edge_data(v, u, default={})
            choices: list[tuple[str, str, str]] = [
                (u, k, v) for k, d in forward.items() if d["evidence"].rank >= min_rank
            ]
            choices += [(v, k, u) for k, d in backward.items() if d["evidence"].rank >= min_rank]
            if predicates:
                choices = [c for c in choices if c[1] in predicates]
            options.append(choices)
        stack: list[tuple[tuple[str, str, str], ...]] = [()]
        for choices in options:
            stack = [(*prefix, c) for prefix in stack for c in choices]
        for steps in stack:
            found.add((tuple(nodes), steps))
    return found


_names = st.text(string.ascii_lowercase, min_size=1, max_size=3)


@st.composite
def small_graphs(draw: st.DrawFn) -> nx.MultiDiGraph[str]:
    """Random schema-conforming graphs with parallel relations and mixed evidence."""
    source = ng.Source(key="s", title="t", publisher="p", url="https://example.org")
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    kinds = ["nutrient", "nutrient_form", "enzyme", "metabolite", "symptom", "process"]
    for node in draw(st.lists(_names, min_size=2, max_size=9, unique=True)):
        G.add_node(node, kind=draw(st.sampled_from(kinds)), name=node, synonyms=(), xrefs=())
    nodes = sorted(G)
    for _ in range(draw(st.integers(1, 22))):
        u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        if u == v:
            continue
        allowed = sorted(p.name for p in PREDICATES.values() if p.allows(G.nodes[u]["kind"], G.nodes[v]["kind"]))
        if allowed:
            key = draw(st.sampled_from(allowed))
            G.add_edge(u, v, key=key, evidence=draw(st.sampled_from(list(Evidence))), sources=(source,))
    return ng.freeze(G)


@given(
    G=small_graphs(),
    data=st.data(),
    max_length=st.integers(1, 4),
    min_rank=st.integers(0, 3),
    via=st.sampled_from(
        [None, {"enzyme", "metabolite"}, {"cofactor_of", "produces", "substrate_of"}, {"symptom", "is_a"}]
    ),
)
def test_matches_brute_force(
    G: nx.MultiDiGraph[str], data: st.DataObject, max_length: int, min_rank: int, via: set[str] | None
) -> None:
    """The bidirectional tracer returns exactly the filtered simple paths that a brute force finds."""
    source, target = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=2, max_size=2, unique=True))
    grade = next(g for g in Evidence if g.rank == min_rank)
    fast = trace_pathways(G, source, target, max_length=max_length, via=via, min_evidence=grade)
    got = [(p.nodes, tuple((s.subject, s.predicate, s.object) for s in p.relations)) for p in fast]
    assert len(got) == len(set(got)), "a path was produced twice"
    assert set(got) == brute_force(G, source, target, max_length, via, min_rank)
