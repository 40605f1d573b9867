"""A large random knowledge graph with the schema of the bundled one, for timing queries.

:func:`generate` builds a frozen :class:`networkx.MultiDiGraph` laid out exactly as
:func:`nutrigraph.load` lays out the curated knowledge base (node and edge attributes, edges keyed
by predicate, every triple allowed by :data:`nutrigraph.PREDICATES`), with kinds in proportions like
the real data, an ``is_a`` DAG among symptoms under a few dozen body-system categories, tens of
deficiency signs per nutrient, and hubs: within each kind, endpoints are drawn with a skewed
distribution so that a few nodes collect a large share of the relations, as magnesium or fatigue do
in the curated graph. :func:`pick_queries` chooses realistic inputs for the explain and pathway
queries.

Usage::

    from synthetic import generate, pick_queries

    G = generate(100_000, 1_000_000, seed=0)
    q = pick_queries(G, seed=0)
"""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs
import networkx as nx

import nutrigraph as ng
from nutrigraph.schema import FREQUENCIES, KINDS, PREDICATES, Evidence

__all__ = ["EDGE_MIX", "KIND_SHARES", "Queries", "generate", "pick_queries"]

KIND_SHARES: Final[Mapping[str, float]] = {
    "symptom": 0.325,
    "food": 0.17,
    "enzyme": 0.16,
    "metabolite": 0.15,
    "nutrient_form": 0.06,
    "drug": 0.05,
    "process": 0.04,
    "condition": 0.02,
    "nutrient": 0.01,
    "drug_class": 0.01,
    "population_group": 0.005,
}
"""Share of the nodes of each kind (the remainder after rounding goes to symptoms)."""

EDGE_MIX: Final[tuple[tuple[str, str, str, float], ...]] = (
    ("food", "source_of", "nutrient", 14.0),
    ("food", "source_of", "nutrient_form", 4.0),
    ("enzyme", "participates_in", "process", 8.0),
    ("nutrient", "cofactor_of", "enzyme", 3.0),
    ("nutrient_form", "cofactor_of", "enzyme", 3.0),
    ("metabolite", "cofactor_of", "enzyme", 2.0),
    ("metabolite", "substrate_of", "enzyme", 10.0),
    ("nutrient_form", "substrate_of", "enzyme", 3.0),
    ("nutrient", "substrate_of", "enzyme", 1.0),
    ("enzyme", "produces", "metabolite", 10.0),
    ("enzyme", "produces", "nutrient_form", 3.0),
    ("nutrient", "supports", "process", 3.0),
    ("metabolite", "supports", "process", 3.0),
    ("nutrient_form", "supports", "process", 1.0),
    ("metabolite", "activates", "enzyme", 2.0),
    ("nutrient", "activates", "nutrient", 0.2),
    ("drug", "inhibits", "enzyme", 4.0),
    ("drug_class", "inhibits", "enzyme", 1.0),
    ("metabolite", "inhibits", "enzyme", 2.0),
    ("nutrient", "excess_sign", "symptom", 2.0),
    ("nutrient_form", "excess_sign", "symptom", 1.0),
    ("condition", "risk_factor_for", "nutrient", 2.0),
    ("population_group", "risk_factor_for", "nutrient", 1.0),
    ("drug", "depletes", "nutrient", 1.5),
    ("drug_class", "depletes", "nutrient", 1.0),
    ("drug_class", "raises_level_of", "nutrient", 0.3),
    ("drug", "reduces_absorption_of", "nutrient", 0.5),
    ("nutrient", "reduces_absorption_of", "drug", 1.0),
    ("food", "reduces_absorption_of", "drug", 0.5),
    ("food", "reduces_effect_of", "drug", 0.5),
    ("nutrient_form", "enhances_effect_of", "drug", 0.3),
    ("food", "enhances_absorption_of", "nutrient", 0.5),
    ("nutrient", "degrades", "nutrient_form", 0.1),
    ("nutrient", "competes_with", "nutrient", 0.2),
    ("nutrient_form", "synergizes_with", "nutrient_form", 0.2),
    ("process", "part_of", "process", 1.0),
)
"""Relative frequency of each ``(subject kind, predicate, object kind)`` among the relations left
after the structural ones (``is_a``, ``deficiency_sign``, ``form_of``, ``member_of``)."""

HUB_EXPONENT: Final = 2.0
"""Endpoint skew: the node of popularity rank ``r`` of ``n`` is drawn with probability growing like
``(r/n) ** (1/HUB_EXPONENT - 1)``, so the top 1 % of a kind takes about 10 % of its relations."""

CATEGORY_ROOTS: Final = 40
SIGNS_PER_NUTRIENT: Final = (10, 60)
LAB_FINDING_SHARE: Final = 0.15
FREQUENCY_SHARE: Final = 0.5  # deficiency signs whose source gives a frequency class
EVIDENCE_MIX: Final = (
    (Evidence.ESTABLISHED, 0.6),
    (Evidence.SUPPORTED, 0.2),
    (Evidence.LIMITED, 0.15),
    (Evidence.CONTESTED, 0.05),
)
N_SOURCES: Final = 200

Edge = tuple[str, str, str, dict[str, Any]]  # subject, object, predicate (the key), attributes


@attrs.frozen
class Queries:
    """Realistic query inputs for one generated graph.

    ``symptoms`` are deficiency signs of ``nutrient`` (and the ``is_a`` parent of one of them, so
    that a subtype match is exercised) plus one sign of another nutrient; ``drugs`` deplete
    ``nutrient`` when the graph has such a drug. ``source`` and ``target`` are three undirected hops
    apart, the source a nutrient form of ordinary degree. ``hubs`` are the two nutrients of median
    degree, the shape of the seed question "magnesium to vitamin B12", whose walks run through hubs.
    """

    nutrient: str
    symptoms: tuple[str, ...]
    drugs: tuple[str, ...]
    source: str
    target: str
    distance: int
    hubs: tuple[str, str]


def _check_mix() -> None:
    """Refuse a mix entry the schema does not allow, before generating anything."""
    for subject, predicate, obj, _ in EDGE_MIX:
        if not PREDICATES[predicate].allows(subject, obj):
            raise ValueError(f"{subject} -[{predicate}]-> {obj} is not allowed by the schema")
    for kind in KIND_SHARES:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")


def _counts(n_nodes: int) -> dict[str, int]:
    counts = {kind: max(2, int(n_nodes * share)) for kind, share in KIND_SHARES.items() if kind != "symptom"}
    counts["symptom"] = max(CATEGORY_ROOTS + 2, n_nodes - sum(counts.values()))
    return counts


def _sources() -> list[ng.Source]:
    return [
        ng.Source(
            key=f"synthetic_{i:03d}",
            title=f"Synthetic reference {i}",
            publisher="nutrigraph benchmarks",
            year=2000 + i % 25,
            url=f"https://example.org/synthetic/{i}",
        )
        for i in range(N_SOURCES)
    ]


class _Picker:
    """Draws nodes of one kind with a skewed popularity, hubs at random positions."""

    def __init__(self, rng: random.Random, nodes: Sequence[str]) -> None:
        self.rng = rng
        self.pool = list(nodes)
        rng.shuffle(self.pool)
        self.size = len(self.pool)

    def __call__(self) -> str:
        return self.pool[int(self.size * self.rng.random() ** HUB_EXPONENT)]


def generate(n_nodes: int = 100_000, n_edges: int = 1_000_000, seed: int = 0) -> nx.MultiDiGraph[str]:
    """A frozen random graph with the schema and attribute layout of the bundled knowledge base.

    Parameters
    ----------
    n_nodes, n_edges : int
        Size of the graph. The edge count is met exactly unless the structural relations alone
        (``is_a``, deficiency signs, forms, drug classes) exceed it.
    seed : int
        Seed of the :class:`random.Random` that drives every choice; equal seeds give equal graphs.

    Returns
    -------
    networkx.MultiDiGraph
        Frozen with :func:`nutrigraph.freeze`.
    """
    if n_nodes < 200 or n_edges < n_nodes:
        raise ValueError(f"need at least 200 nodes and as many edges as nodes, got {n_nodes} and {n_edges}")
    _check_mix()
    rng = random.Random(seed)
    sources = _sources()
    node_sources = [(s,) for s in sources]
    edge_sources = [(s,) for s in sources] + [(a, b) for a, b in itertools.pairwise(sources)]
    grades = [g for g, _ in EVIDENCE_MIX]
    grade_weights = [w for _, w in EVIDENCE_MIX]
    amounts = [ng.parse_quantity(text) for text in ("2.4 µg", "15 µg", "120 µg", "1.5 mg", "8 mg", "60 mg", "310 mg")]
    servings = [ng.parse_quantity(text) for text in ("30 g", "85 g", "100 g", "250 mL")]

    counts = _counts(n_nodes)
    ids = {kind: [f"{kind}_{i}" for i in range(count)] for kind, count in counts.items()}
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.add_nodes_from(_nodes(rng, ids, node_sources))

    seen: set[tuple[str, str, str]] = set()

    def edge(u: str, v: str, predicate: str, **qualifiers: Any) -> Edge | None:
        if u == v or (u, v, predicate) in seen:
            return None
        if PREDICATES[predicate].symmetric and (v, u, predicate) in seen:
            return None
        seen.add((u, v, predicate))
        grade = rng.choices(grades, grade_weights)[0]
        source = edge_sources[int(len(edge_sources) * rng.random())]
        data = {
            "predicate": predicate,
            "evidence": grade,
            "sources": source,
            # A contested claim names what contradicts it, as the data model requires.
            "contradicted_by": (sources[0],) if grade is Evidence.CONTESTED else (),
            "note": None,
            **qualifiers,
        }
        return (u, v, predicate, data)

    structural = list(_structural(rng, ids, edge))
    G.add_edges_from(structural)  # type: ignore[arg-type]  # the stubs lack keyed (u, v, key, data) edges
    pickers = {kind: _Picker(rng, nodes) for kind, nodes in ids.items()}
    pickers["symptom"] = _Picker(rng, ids["symptom"][CATEGORY_ROOTS:])
    cum_weights = list(itertools.accumulate(weight for *_, weight in EDGE_MIX))
    remaining = n_edges - len(structural)
    while remaining > 0:
        batch = []
        for subject, predicate, obj, _ in rng.choices(EDGE_MIX, cum_weights=cum_weights, k=remaining):
            if predicate == "source_of":
                made = edge(
                    pickers[subject](),
                    pickers[obj](),
                    predicate,
                    amount=amounts[int(len(amounts) * rng.random())],
                    serving=servings[int(len(servings) * rng.random())],
                )
            else:
                made = edge(pickers[subject](), pickers[obj](), predicate)
            if made is not None:
                batch.append(made)
        if not batch:
            raise ValueError(f"{n_nodes} nodes cannot hold {n_edges} distinct relations of this mix")
        G.add_edges_from(batch)  # type: ignore[arg-type]  # the stubs lack keyed (u, v, key, data) edges
        remaining -= len(batch)
    G.graph.update(
        name=f"synthetic nutrigraph ({n_nodes} nodes, {n_edges} edges, seed {seed})",
        sources={s.key: s for s in sources},
        intakes={},
        conversions=(),
    )
    return ng.freeze(G)


def _nodes(
    rng: random.Random, ids: Mapping[str, list[str]], node_sources: Sequence[tuple[ng.Source]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    classes = ("vitamin", "mineral", "other")
    for kind, nodes in ids.items():
        for i, node in enumerate(nodes):
            data: dict[str, Any] = {
                "kind": kind,
                "name": node.replace("_", " "),
                "synonyms": (),
                "xrefs": (),
                "description": None,
                "sources": node_sources[i % len(node_sources)],
            }
            if kind == "symptom":
                data["lab_finding"] = i >= CATEGORY_ROOTS and rng.random() < LAB_FINDING_SHARE
                if i < CATEGORY_ROOTS:
                    data["category"] = True
            elif kind == "nutrient":
                data["nutrient_class"] = classes[i % len(classes)]
            yield node, data


def _structural(rng: random.Random, ids: Mapping[str, list[str]], edge: Callable[..., Edge | None]) -> Iterator[Edge]:
    """The relations every graph has in a fixed shape: the symptom DAG, signs, forms, classes."""
    symptoms = ids["symptom"]
    # Each symptom has one or two parents of smaller index, so the hierarchy is acyclic and every
    # symptom descends from one of the category roots.
    for i in range(CATEGORY_ROOTS, len(symptoms)):
        for _ in range(1 if rng.random() < 0.7 else 2):
            made = edge(symptoms[i], symptoms[int(i * rng.random())], "is_a")
            if made is not None:
                yield made
    signs = _Picker(rng, symptoms[CATEGORY_ROOTS:])
    low, high = SIGNS_PER_NUTRIENT
    for nutrient in ids["nutrient"]:
        for _ in range(low + int((high - low) * rng.random() ** 2)):
            frequency = FREQUENCIES[int(len(FREQUENCIES) * rng.random())] if rng.random() < FREQUENCY_SHARE else None
            made = edge(nutrient, signs(), "deficiency_sign", **({"frequency": frequency} if frequency else {}))
            if made is not None:
                yield made
    nutrients = _Picker(rng, ids["nutrient"])
    for form in ids["nutrient_form"]:
        made = edge(form, nutrients(), "form_of")
        if made is not None:
            yield made
    classes = _Picker(rng, ids["drug_class"])
    for drug in ids["drug"]:
        for _ in range(1 if rng.random() < 0.8 else 2):
            made = edge(drug, classes(), "member_of")
            if made is not None:
                yield made


def _undirected_distances(G: nx.MultiDiGraph[str], start: str, cutoff: int) -> dict[str, int]:
    distance = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if distance[node] == cutoff:
            continue
        for neighbour in (*G.successors(node), *G.predecessors(node)):
            if neighbour not in distance:
                distance[neighbour] = distance[node] + 1
                queue.append(neighbour)
    return distance


def pick_queries(G: nx.MultiDiGraph[str], seed: int = 0, distance: int = 3) -> Queries:
    """Choose realistic explain and trace inputs in ``G`` (a graph from :func:`generate`).

    The explain query takes a nutrient of median out-degree and three of its signs: two as they
    are, one replaced by its ``is_a`` parent (a broader query term, matched through a subtype), plus
    one sign of a different nutrient. The trace pair joins a nutrient form of median degree to a
    node of a metabolic kind exactly ``distance`` undirected hops away; the hub pair is the two
    nutrients of median degree.
    """
    rng = random.Random(seed)
    by_kind: dict[str, list[str]] = {}
    for node, data in G.nodes(data=True):
        by_kind.setdefault(data["kind"], []).append(node)
    nutrients = sorted(by_kind["nutrient"], key=lambda n: (G.out_degree(n), n))
    nutrient = nutrients[len(nutrients) // 2]
    signs = sorted(v for _, v, k in G.out_edges(nutrient, keys=True) if k == "deficiency_sign")
    chosen = rng.sample(signs, 3)
    parents = sorted(
        v for _, v, k in G.out_edges(chosen[2], keys=True) if k == "is_a" and not G.nodes[v].get("category")
    )
    query = [chosen[0], chosen[1], parents[0] if parents else chosen[2]]
    other = nutrients[(len(nutrients) // 2 + 1) % len(nutrients)]
    query += sorted(v for _, v, k in G.out_edges(other, keys=True) if k == "deficiency_sign" and v not in query)[:1]
    drugs = sorted(u for u, _, k in G.in_edges(nutrient, keys=True) if k == "depletes" and G.nodes[u]["kind"] == "drug")

    forms = sorted(by_kind["nutrient_form"], key=lambda n: (G.degree(n), n))
    metabolic = {"enzyme", "metabolite", "nutrient_form", "process"}
    for offset in range(len(forms)):
        source = forms[(len(forms) // 2 + offset) % len(forms)]
        reached = _undirected_distances(G, source, distance)
        far = sorted(n for n, d in reached.items() if d == distance and G.nodes[n]["kind"] in metabolic)
        if far:
            target = rng.choice(far)
            by_degree = sorted(by_kind["nutrient"], key=lambda n: (G.degree(n), n))
            middle = len(by_degree) // 2
            hubs = (by_degree[middle], by_degree[middle + 1])
            return Queries(nutrient, tuple(query), tuple(drugs[:1]), source, target, distance, hubs)
    raise ValueError(f"no nutrient form has a metabolic node {distance} hops away")
