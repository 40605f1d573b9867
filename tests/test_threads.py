"""One loaded graph shared by many threads gives the same answers as serial use."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import networkx as nx

import nutrigraph as ng

QUERIES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("explain", (["fatigue", "tingling", "muscle cramps"],), {"drugs": ["omeprazole"]}),
    ("explain", (["macrocytic anemia", "glossitis"],), {"absent": ["methylmalonic acidemia"], "method": "ic"}),
    ("trace", ("magnesium", "vitamin B12"), {"max_length": 3}),
    ("overlap", ("magnesium", "vitamin B12"), {"level": "category"}),
    ("convert", ("1000 IU", "µg"), {"nutrient": "vitamin D"}),
    ("resolve", ("pins and needles",), {}),
]


def _run(G: nx.MultiDiGraph[str], name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if name == "explain":
        return [(c.nutrient, round(c.probability, 12)) for c in ng.explain_symptoms(G, *args, **kwargs)]
    if name == "trace":
        return [p.describe() for p in ng.trace_pathways(G, *args, **kwargs)]
    if name == "overlap":
        return ng.symptom_overlap(G, *args, **kwargs)
    if name == "convert":
        return ng.convert(*args, graph=G, **kwargs).magnitude
    return ng.resolve(G, *args)


def test_concurrent_queries_match_serial() -> None:
    """Eight threads running mixed queries on a freshly loaded graph (cold caches) agree with serial runs."""
    G = ng.load(extra=[])  # the cached bundled graph; its lazy indexes may be built concurrently here
    fresh = ng.freeze(ng.editable(G))  # same data, new object: every index is built under contention
    jobs = QUERIES * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda q: _run(fresh, *q), jobs))
    serial = [_run(G, *q) for q in jobs]
    assert parallel == serial


def test_load_is_cheap_after_the_first_call() -> None:
    """Later load() calls return the same frozen object without rebuilding."""
    first = ng.load()
    assert all(ng.load() is first for _ in range(100))
