"""Accuracy of explain_symptoms on the clinical vignettes in benchmarks/vignettes.toml.

Usage::

    python benchmarks/evaluate.py            # top-1 / top-3 accuracy per method and benchmark file
    python benchmarks/evaluate.py --details  # also each vignette's top three per method

Two files: ``vignettes.toml`` (written with the knowledge base in view, and used to find data gaps,
so its figures are optimistic) and ``vignettes_heldout.toml`` (written from case reports without
looking at the recorded signs, never used for tuning).

A vignette counts as a top-1 hit when the first candidate is its expected nutrient (or one of its
``acceptable`` alternatives), and as a top-3 hit when one of those is among the first three. A
``must_not_top`` nutrient ranked first is counted as a violation.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import networkx as nx

import nutrigraph as ng
from nutrigraph.queries.explain import METHODS

VIGNETTES = Path(__file__).with_name("vignettes.toml")


@attrs.frozen
class Vignette:
    """One benchmark case: findings and context, and the nutrient an expert ranks first."""

    id: str
    symptoms: tuple[str, ...]
    absent: tuple[str, ...]
    drugs: tuple[str, ...]
    conditions: tuple[str, ...]
    diet: str | None
    age: float | None
    sex: str | None
    life_stage: str | None
    expected: frozenset[str]
    must_not_top: frozenset[str]
    source: str


@attrs.frozen
class Outcome:
    """How one method did on one vignette."""

    vignette: str
    ranking: tuple[str, ...]
    top1: bool
    top3: bool
    violation: bool


def load_vignettes(path: Path = VIGNETTES) -> list[Vignette]:
    """Read the benchmark file."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))["vignette"]
    out = []
    for v in raw:
        out.append(
            Vignette(
                id=v["id"],
                symptoms=tuple(v["symptoms"]),
                absent=tuple(v.get("absent", ())),
                drugs=tuple(v.get("drugs", ())),
                conditions=tuple(v.get("conditions", ())),
                diet=v.get("diet") or None,
                age=v.get("age"),
                sex=v.get("sex") or None,
                life_stage=v.get("life_stage") or None,
                expected=frozenset([v["expected"], *v.get("acceptable", ())]),
                must_not_top=frozenset(v.get("must_not_top", ())),
                source=v["source"],
            )
        )
    return out


def run(G: nx.MultiDiGraph[str], vignette: Vignette, method: str) -> Outcome:
    """Explain one vignette with one method and score the ranking."""
    result = ng.explain_symptoms(
        G,
        vignette.symptoms,
        absent=vignette.absent,
        drugs=vignette.drugs,
        conditions=vignette.conditions,
        diet=vignette.diet,
        age=vignette.age,
        sex=vignette.sex,
        life_stage=vignette.life_stage,
        method=method,
    )
    ranking = tuple(c.nutrient for c in result)
    return Outcome(
        vignette=vignette.id,
        ranking=ranking,
        top1=bool(ranking) and ranking[0] in vignette.expected,
        top3=bool(vignette.expected & set(ranking[:3])),
        violation=bool(ranking) and ranking[0] in vignette.must_not_top,
    )


def accuracy(G: nx.MultiDiGraph[str], vignettes: Sequence[Vignette], method: str) -> dict[str, Any]:
    """Top-1 and top-3 accuracy and violations of one method over all vignettes."""
    outcomes = [run(G, v, method) for v in vignettes]
    n = len(outcomes)
    return {
        "method": method,
        "n": n,
        "top1": sum(o.top1 for o in outcomes) / n,
        "top3": sum(o.top3 for o in outcomes) / n,
        "violations": sum(o.violation for o in outcomes),
        "outcomes": outcomes,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print each vignette's top three")
    args = parser.parse_args(argv)
    G = ng.load()
    print(f"{'benchmark':<24} {'n':>3} {'method':<7} {'top-1':>7} {'top-3':>7} {'violations':>11}")
    for name in ("vignettes.toml", "vignettes_heldout.toml"):
        vignettes = load_vignettes(VIGNETTES.with_name(name))
        results = [accuracy(G, vignettes, m) for m in METHODS]
        for r in results:
            print(f"{name:<24} {r['n']:>3} {r['method']:<7} {r['top1']:>7.1%} {r['top3']:>7.1%} {r['violations']:>11}")
        if args.details:
            for r in results:
                print(f"\n{name}, {r['method']}:")
                for o in r["outcomes"]:
                    mark = "ok " if o.top1 else ("top3" if o.top3 else "MISS")
                    print(f"  {mark:<4} {o.vignette:<40} {', '.join(o.ranking[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
