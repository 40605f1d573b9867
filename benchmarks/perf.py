"""Latency of explain_symptoms and trace_pathways, against naive baselines, and of import + load.

Usage::

    python benchmarks/perf.py                  # bundled graph and a 100k-node / 1M-edge synthetic one
    python benchmarks/perf.py --quick          # 20k nodes / 200k edges, for a fast check
    python benchmarks/perf.py --json out.json  # also dump every figure ("-" for stdout)
    python benchmarks/perf.py --hubs           # also trace nutrient -> nutrient on the synthetic graph

For each query the table gives the first call on a freshly frozen graph (which builds the cached
indexes), then the median and 90th percentile of repeated warm calls, and the same for a baseline
without any index: a naive "lr" scorer that scans every nutrient's relations and walks the
``is_a`` hierarchy on the fly, and the brute-force pathway search of ``tests/test_pathways.py``
(``networkx.all_simple_paths`` on the undirected graph, relations expanded, ranked). The pathway
baseline runs in a forked process and is abandoned after ``--timeout`` seconds per call, so the
script always ends. Timing is a benchmark, run on demand, never part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import multiprocessing
import multiprocessing.connection
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import networkx as nx
from synthetic import generate, pick_queries

import nutrigraph as ng
from nutrigraph.queries._index import EVIDENCE_WEIGHT, FREQUENCY_PROBABILITY, UNKNOWN_FREQUENCY
from nutrigraph.queries.explain import (
    BACKGROUND_FLOOR,
    BACKGROUND_SCALE,
    BASE_PRIOR_TOTAL,
    BROADER_FACTOR,
    CONTEXT_MULTIPLIER,
    LAB_BACKGROUND_FLOOR,
    LEVEL_FACTOR,
    SUBTYPE_FACTOR,
    UNEXPLAINED_PROBABILITY,
)

FULL_SIZE: Final = (100_000, 1_000_000)
QUICK_SIZE: Final = (20_000, 200_000)
SEED_SYMPTOMS: Final = ("fatigue", "tingling", "muscle cramps")
SEED_DRUGS: Final = ("omeprazole",)
SEED_PAIR: Final = ("magnesium", "vitamin B12")
MAX_LENGTH: Final = 4
LIMIT: Final = 20
IMPORT_LOAD: Final = "import nutrigraph; nutrigraph.load()"
IMPORT_DEPS: Final = "import networkx, pint"

EXPLAIN_TARGET_MS: Final = 5.0
TRACE_TARGET_MS: Final = 20.0
TRACE_SPEEDUP_TARGET: Final = 20.0
IMPORT_RATIO_TARGET: Final = 1.5


# --- timing ---------------------------------------------------------------------------------


@attrs.frozen
class Timing:
    """Warm latency in seconds over ``runs`` calls; ``timed_out`` when one call hit the limit."""

    median: float | None
    p90: float | None
    runs: int
    timed_out: bool = False
    limit: float | None = None


def _timing(samples: Sequence[float], *, timed_out: bool = False, limit: float | None = None) -> Timing:
    if timed_out or not samples:
        return Timing(None, None, len(samples), timed_out=True, limit=limit)
    p90 = statistics.quantiles(samples, n=10)[8] if len(samples) > 1 else samples[0]
    return Timing(statistics.median(samples), p90, len(samples))


def measure(fn: Callable[[], object], reps: int, warmup: int) -> Timing:
    """Median and p90 of ``reps`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return _timing(samples)


def _timed_loop(
    fn: Callable[[], object], reps: int, warmup: int, budget: float, out: multiprocessing.connection.Connection
) -> None:
    for _ in range(warmup):
        fn()
        out.send(None)
    spent = 0.0
    for i in range(reps):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        out.send(elapsed)
        spent += elapsed
        if i >= 2 and spent > budget:
            break
    out.close()


def measure_bounded(fn: Callable[[], object], reps: int, warmup: int, timeout: float, budget: float) -> Timing:
    """Like :func:`measure`, in a forked process killed when one call takes over ``timeout`` s.

    Stops after ``budget`` seconds of timed calls (at least three), so slow baselines run fewer times.
    """
    context = multiprocessing.get_context("fork")  # the child shares the graphs instead of pickling them
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_timed_loop, args=(fn, reps, warmup, budget, send), daemon=True)
    child.start()
    send.close()
    samples: list[float] = []
    timed_out = False
    while True:
        if not receive.poll(timeout):
            timed_out = True
            child.kill()
            break
        try:
            message = receive.recv()
        except EOFError:
            break
        if message is not None:
            samples.append(message)
    child.join()
    if not timed_out and child.exitcode != 0:
        raise RuntimeError(f"the baseline process failed with exit code {child.exitcode}")
    return _timing(samples, timed_out=timed_out, limit=timeout)


def first_call(fn: Callable[[], object]) -> float:
    """Time one call, after collecting the garbage of earlier work so that it is not charged here."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def subprocess_median(code: str, runs: int) -> float:
    """Median wall time of ``python -c code`` in fresh interpreters, after one untimed run."""
    command = [sys.executable, "-c", code]
    subprocess.run(command, check=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


# --- baselines ------------------------------------------------------------------------------


def _walk(G: nx.MultiDiGraph[str], start: str, neighbours: Callable[[str], Iterable[str]]) -> set[str]:
    found = {start}
    stack = [start]
    while stack:
        for other in neighbours(stack.pop()):
            if other not in found:
                found.add(other)
                stack.append(other)
    return found


def naive_explain(
    G: nx.MultiDiGraph[str], symptoms: Sequence[str], drugs: Sequence[str] = ()
) -> list[tuple[str, float]]:
    """The "lr" ranking of ``explain_symptoms`` computed from scratch, without any index.

    Every nutrient's out-edges are scanned for deficiency signs, and each query symptom's ``is_a``
    ancestors (walking parents) and descendants (walking children) are found on the fly. Returns
    ``(nutrient, probability)`` for the nutrients that explain at least one symptom, best first.
    Pairs are not computed, which only flatters the baseline.
    """
    query = [ng.resolve(G, s, kind="symptom") for s in symptoms]
    taken = [ng.resolve(G, d) for d in drugs]

    def parents(node: str) -> Iterable[str]:
        return (v for _, v, k in G.out_edges(node, keys=True) if k == "is_a")

    def children(node: str) -> Iterable[str]:
        return (u for u, _, k in G.in_edges(node, keys=True) if k == "is_a")

    above = {q: _walk(G, q, parents) - {q} for q in query}
    below = {q: _walk(G, q, children) - {q} for q in query}

    signs: dict[str, dict[str, float]] = {}
    for node, attributes in G.nodes(data=True):
        if attributes["kind"] != "nutrient":
            continue
        for _, symptom, key, data in G.out_edges(node, keys=True, data=True):
            if key == "deficiency_sign":
                frequency = data.get("frequency")
                probability = FREQUENCY_PROBABILITY[frequency] if frequency else UNKNOWN_FREQUENCY
                signs.setdefault(node, {})[symptom] = probability * EVIDENCE_WEIGHT[data["evidence"]]

    multiplier: dict[str, float] = {}
    for drug in taken:
        subjects = [drug, *(v for _, v, k in G.out_edges(drug, keys=True) if k == "member_of")]
        for subject in subjects:
            for _, nutrient, key, data in G.out_edges(subject, keys=True, data=True):
                if key == "depletes":
                    factor = CONTEXT_MULTIPLIER[data["evidence"]]
                elif key == "raises_level_of":
                    factor = LEVEL_FACTOR
                else:
                    continue
                multiplier[nutrient] = multiplier.get(nutrient, 1.0) * factor

    total = len(signs)
    log_base = math.log(BASE_PRIOR_TOTAL / max(total, 1))
    annotated = dict.fromkeys(query, 0)
    scores: dict[str, float] = {}
    explains: set[str] = set()
    for nutrient, own in signs.items():
        score = log_base + math.log(multiplier.get(nutrient, 1.0))
        for q in query:
            best = own.get(q)
            if best is None:
                subtypes = [w for s, w in own.items() if s in below[q]]
                best = max(subtypes) * SUBTYPE_FACTOR if subtypes else None
            if best is not None:
                annotated[q] += 1
            broader = [w * BROADER_FACTOR for s, w in own.items() if s in above[q]]
            if broader and (best is None or max(broader) > best):
                best = max(broader)
            if best is None:
                score += math.log(UNEXPLAINED_PROBABILITY)
            else:
                explains.add(nutrient)
                score += math.log(max(best, UNEXPLAINED_PROBABILITY))
        scores[nutrient] = score

    none = math.log(1.0 - BASE_PRIOR_TOTAL)
    for q in query:
        floor = LAB_BACKGROUND_FLOOR if G.nodes[q].get("lab_finding") else BACKGROUND_FLOOR
        none += math.log(min(0.9, max(floor, BACKGROUND_SCALE * (annotated[q] + 1) / (total + 2))))
    values = [*scores.values(), none]
    peak = max(values)
    normaliser = peak + math.log(sum(math.exp(v - peak) for v in values))
    ranked = sorted(explains, key=lambda n: (-scores[n], n))
    return [(n, math.exp(scores[n] - normaliser)) for n in ranked]


def naive_trace(
    G: nx.MultiDiGraph[str], undirected: nx.Graph[str], source: str, target: str, max_length: int, limit: int
) -> list[ng.Pathway]:
    """``trace_pathways`` by brute force, as the oracle of ``tests/test_pathways.py`` does.

    Every simple path of ``networkx.all_simple_paths`` on the undirected graph, expanded to each
    choice of relation between consecutive nodes, ranked like the library, best ``limit`` returned
    as :class:`~nutrigraph.Pathway` records.
    """
    start, end = ng.resolve(G, source), ng.resolve(G, target)
    degree: dict[str, int] = {}

    def degree_of(node: str) -> int:
        if node not in degree:
            degree[node] = G.degree(node)
        return degree[node]

    found: list[tuple[tuple[int, int, float, tuple[str, ...], tuple[str, ...]], tuple[_Relation, ...]]] = []
    for path in nx.all_simple_paths(undirected, start, end, cutoff=max_length):
        nodes = tuple(path)
        options = [_relations(G, u, v) for u, v in itertools.pairwise(nodes)]
        specificity = math.prod((degree_of(u) * degree_of(v)) ** -0.5 for u, v in itertools.pairwise(nodes))
        for steps in itertools.product(*options):
            weakest = min(step[4]["evidence"].rank for step in steps)
            found.append(((-weakest, len(steps), -specificity, nodes, tuple(step[1] for step in steps)), steps))
    found.sort(key=lambda item: item[0])
    pathways = []
    for key, steps in found[:limit]:
        relations = tuple(
            ng.Step(s, p, o, direction, d["evidence"], d["sources"], d.get("note")) for s, p, o, direction, d in steps
        )
        names = tuple(str(G.nodes[n].get("name", n)) for n in key[3])
        pathways.append(ng.Pathway(key[3], relations, min(r.evidence for r in relations), -key[2], names))
    return pathways


_Relation = tuple[str, str, str, str, Mapping[str, Any]]  # subject, predicate, object, direction, data


def _relations(G: nx.MultiDiGraph[str], u: str, v: str) -> list[_Relation]:
    """Every relation between ``u`` and ``v``, walked from ``u``."""
    found: list[_Relation] = []
    for subject, obj, direction in ((u, v, "forward"), (v, u, "backward")):
        keyed: dict[Any, Mapping[str, Any]] = G.get_edge_data(subject, obj, default={})
        found += [(subject, str(key), obj, direction, data) for key, data in keyed.items()]
    return found


def _signature(pathways: Sequence[ng.Pathway]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(p.nodes, tuple(r.predicate for r in p.relations)) for p in pathways]


def explain_agrees(library: ng.Explanation, naive: Sequence[tuple[str, float]]) -> bool:
    """The same candidates with the same probabilities (to 1e-9 relative).

    The order is not compared: candidates whose probabilities differ only in the last bits of a
    float, summed in another order, may swap places.
    """
    ours = {c.nutrient: c.probability for c in library}
    theirs = dict(naive)
    return ours.keys() == theirs.keys() and all(math.isclose(p, theirs[n], rel_tol=1e-9) for n, p in ours.items())


# --- the benchmark --------------------------------------------------------------------------


@attrs.frozen
class Row:
    """One query on one graph: first call, warm library latency, and the baseline's."""

    query: str
    graph: str
    first_call: float | None
    library: Timing
    baseline: Timing | None
    agrees: bool | None

    @property
    def speedup(self) -> float | None:
        """Baseline median over library median; a lower bound when the baseline timed out."""
        if self.baseline is None or self.library.median is None:
            return None
        slow = self.baseline.median if self.baseline.median is not None else self.baseline.limit
        return None if slow is None else slow / self.library.median


def bench_graph(
    G: nx.MultiDiGraph[str],
    label: str,
    symptoms: Sequence[str],
    drugs: Sequence[str],
    pairs: Sequence[tuple[str, tuple[str, str]]],
    args: argparse.Namespace,
) -> tuple[list[Row], dict[str, float]]:
    """Explain and trace on one freshly frozen graph, with their baselines.

    ``pairs`` are ``(row label, (source, target))``; the first trace row's first call builds the
    pathway index, later rows are timed with at most five warm calls (they are the slow cases).
    """

    def explain() -> ng.Explanation:
        return ng.explain_symptoms(G, symptoms, drugs=drugs)

    def explain_naive() -> list[tuple[str, float]]:
        return naive_explain(G, symptoms, drugs)

    explain_first = first_call(explain)
    rows = [
        Row(
            query=f"explain ({len(symptoms)} symptoms, {len(drugs)} drug{'' if len(drugs) == 1 else 's'})",
            graph=label,
            first_call=explain_first,
            library=measure(explain, args.reps, args.warmup),
            baseline=measure(explain_naive, max(5, args.reps // 5), 1),
            agrees=explain_agrees(explain(), explain_naive()),
        )
    ]
    undirected: nx.Graph[str] | None = None
    setup: dict[str, float] = {}
    for n, (name, pair) in enumerate(pairs):

        def trace(pair: tuple[str, str] = pair) -> Sequence[ng.Pathway]:
            return ng.trace_pathways(G, *pair, max_length=MAX_LENGTH, limit=LIMIT)

        trace_first = first_call(trace) if n == 0 else None
        library = measure(trace, args.reps, args.warmup) if n == 0 else measure(trace, min(args.reps, 5), 1)
        if undirected is None:
            start = time.perf_counter()
            undirected = nx.Graph(G.to_undirected(as_view=True))
            setup["baseline_undirected_copy"] = time.perf_counter() - start

        def trace_naive(pair: tuple[str, str] = pair, undirected: nx.Graph[str] = undirected) -> list[ng.Pathway]:
            return naive_trace(G, undirected, *pair, MAX_LENGTH, LIMIT)

        baseline = measure_bounded(trace_naive, args.reps, 1, args.timeout, args.budget)
        agrees = None if baseline.timed_out else _signature(trace()) == _signature(trace_naive())
        rows.append(Row(f"{name} (L={MAX_LENGTH}, limit {LIMIT})", label, trace_first, library, baseline, agrees))
    return rows, setup


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    ms = seconds * 1000
    if ms >= 1000:
        return f"{seconds:.2f} s"
    return f"{ms:.3g} ms" if ms < 100 else f"{ms:.0f} ms"


def _cell(timing: Timing | None) -> str:
    if timing is None:
        return "-"
    if timing.timed_out:
        return f">{timing.limit:g} s"
    return f"{_ms(timing.median)} / {_ms(timing.p90)}"


def print_table(rows: Sequence[Row]) -> None:
    header = ("query", "graph", "first call", "warm median / p90", "baseline median / p90", "speed-up", "same")
    table = [header]
    for r in rows:
        speedup = r.speedup
        shown = (
            "-"
            if speedup is None
            else (f"≥{speedup:,.0f}×" if r.baseline and r.baseline.timed_out else f"{speedup:,.1f}×")
        )
        same = {True: "yes", False: "NO", None: "-"}[r.agrees]
        table.append((r.query, r.graph, _ms(r.first_call), _cell(r.library), _cell(r.baseline), shown, same))
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for n, line in enumerate(table):
        print(
            "  ".join(
                cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a {:,}-node / {:,}-edge synthetic graph".format(*QUICK_SIZE)
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic graph and its queries")
    parser.add_argument("--reps", type=int, default=50, help="timed calls per measurement (default 50)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls before timing (default 3)")
    parser.add_argument("--timeout", type=float, default=30.0, help="abandon a baseline call after this (s)")
    parser.add_argument("--budget", type=float, default=20.0, help="stop timing a baseline after this much (s)")
    parser.add_argument("--imports", type=int, default=5, help="subprocess runs for the import timing")
    parser.add_argument(
        "--hubs", action="store_true", help="also trace between two nutrients on the synthetic graph (slow)"
    )
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON to PATH ('-' for stdout)")
    args = parser.parse_args(argv)
    n_nodes, n_edges = QUICK_SIZE if args.quick else FULL_SIZE

    start = time.perf_counter()
    kb = ng.load()
    load_time = time.perf_counter() - start
    rows, kb_setup = bench_graph(kb, "bundled", SEED_SYMPTOMS, SEED_DRUGS, [("trace", SEED_PAIR)], args)

    start = time.perf_counter()
    G = generate(n_nodes, n_edges, seed=args.seed)
    generation = time.perf_counter() - start
    q = pick_queries(G, seed=args.seed)
    pairs = [("trace", (q.source, q.target))]
    if args.hubs:
        pairs.append(("trace hubs", q.hubs))
    big_rows, big_setup = bench_graph(G, "synthetic", q.symptoms, q.drugs, pairs, args)
    rows += big_rows

    python_only = subprocess_median("pass", args.imports)
    import_load = subprocess_median(IMPORT_LOAD, args.imports)
    import_deps = subprocess_median(IMPORT_DEPS, args.imports)
    ratio = import_load / import_deps

    max_degree = max(d for _, d in G.degree())
    print(
        f"synthetic graph: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges, max degree {max_degree:,}, "
        f"seed {args.seed}; generated and frozen in {generation:.1f} s"
    )
    print(f"  explain query {', '.join(q.symptoms)} with {', '.join(q.drugs) or 'no drug'} (signs of {q.nutrient})")
    print(f"  trace pair {q.source} -> {q.target} ({q.distance} undirected hops); hubs {' -> '.join(q.hubs)}")
    print(
        f"bundled graph: {kb.number_of_nodes():,} nodes, {kb.number_of_edges():,} edges, load() {_ms(load_time)}; "
        f"seed query {', '.join(SEED_SYMPTOMS)} with {', '.join(SEED_DRUGS)}; trace {' -> '.join(SEED_PAIR)}"
    )
    print(
        f"baseline setup (undirected copy for all_simple_paths): bundled {_ms(kb_setup['baseline_undirected_copy'])}, "
        f"synthetic {_ms(big_setup['baseline_undirected_copy'])}\n"
    )
    print_table(rows)
    print(
        f"\nfresh interpreter, median of {args.imports}: `{IMPORT_LOAD}` {_ms(import_load)}, "
        f"`{IMPORT_DEPS}` {_ms(import_deps)}, ratio {ratio:.2f} (bare python {_ms(python_only)})\n"
    )

    explain_big, trace_big = big_rows[:2]

    def times(value: float) -> str:
        return f"{value:,.1f}×"

    # (what, value, bound, higher is better, how to show it)
    targets: list[tuple[str, float | None, float, bool, Callable[[float], str]]] = [
        ("explain median, synthetic", explain_big.library.median, EXPLAIN_TARGET_MS / 1000, False, _ms),
        ("trace median, synthetic", trace_big.library.median, TRACE_TARGET_MS / 1000, False, _ms),
        ("trace speed-up over baseline, synthetic", trace_big.speedup, TRACE_SPEEDUP_TARGET, True, times),
        ("import + load() / import networkx, pint", ratio, IMPORT_RATIO_TARGET, False, times),
    ]
    print("targets")
    verdicts = []
    for name, value, bound, higher, show in targets:
        ok = value is not None and (value >= bound if higher else value <= bound)
        verdicts.append({"target": name, "bound": bound, "value": value, "met": ok})
        wording = f"{'≥' if higher else '≤'} {show(bound)}"
        print(f"  {name:<42} {wording:>9}  {'-' if value is None else show(value):>10}  {'met' if ok else 'MISSED'}")

    if args.json:
        figures = {
            "mode": "quick" if args.quick else "full",
            "seed": args.seed,
            "reps": args.reps,
            "synthetic": {
                "nodes": G.number_of_nodes(),
                "edges": G.number_of_edges(),
                "max_degree": max_degree,
                "generation_s": generation,
                "queries": attrs.asdict(q),
            },
            "bundled": {"nodes": kb.number_of_nodes(), "edges": kb.number_of_edges(), "load_s": load_time},
            "baseline_setup_s": {"bundled": kb_setup, "synthetic": big_setup},
            "rows": [{**attrs.asdict(r), "speedup": r.speedup} for r in rows],
            "imports": {
                "python_s": python_only,
                "import_load_s": import_load,
                "import_deps_s": import_deps,
                "ratio": ratio,
            },
            "targets": verdicts,
        }
        text = json.dumps(figures, indent=2)
        if args.json == "-":
            print(text)
        else:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
