"""Indexes derived from a graph that several queries share.

Each is built lazily on first use and, for a frozen graph, kept for the graph's lifetime (see
:mod:`nutrigraph._cache`). They are plain dicts and tuples, read-only after construction, so
threads can share them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import networkx as nx

from nutrigraph._cache import cached
from nutrigraph.errors import UnknownEntitiesError, UnknownEntityError
from nutrigraph.resolve import resolve, search
from nutrigraph.schema import Evidence

FREQUENCY_PROBABILITY: Final = {
    "obligate": 1.0,
    "very_frequent": 0.895,
    "frequent": 0.545,
    "occasional": 0.17,
    "very_rare": 0.025,
}
"""Midpoints of the HPO frequency classes (HP:0040280 to HP:0040284)."""

UNKNOWN_FREQUENCY: Final = 0.5
"""Probability of a sign whose source gives no frequency: agnostic."""

EVIDENCE_WEIGHT: Final = {
    Evidence.ESTABLISHED: 1.0,
    Evidence.SUPPORTED: 0.8,
    Evidence.LIMITED: 0.5,
    Evidence.CONTESTED: 0.2,
}
"""How much a claim counts, by its evidence grade."""


@attrs.frozen
class Sign:
    """A deficiency sign of a nutrient, as the explain query uses it."""

    symptom: str
    probability: float  # P(sign | deficiency), from the frequency class, before evidence weighting
    evidence: Evidence
    frequency: str | None
    sources: tuple[Any, ...]

    @property
    def weight(self) -> float:
        """The sign's probability discounted by the strength of its evidence."""
        return self.probability * EVIDENCE_WEIGHT[self.evidence]


@attrs.frozen
class SymptomIndex:
    """The symptom hierarchy and the nutrients' deficiency signs, precomputed."""

    ancestors: Mapping[str, frozenset[str]]  # symptom -> itself and every is_a ancestor
    categories: Mapping[str, frozenset[str]]  # symptom -> body-system category ancestors
    signs: Mapping[str, Mapping[str, Sign]]  # nutrient -> symptom -> sign
    annotated: Mapping[str, frozenset[str]]  # symptom -> nutrients with it or a descendant as a sign
    nutrients: tuple[str, ...]  # nutrients with at least one deficiency sign, sorted
    below: Mapping[str, Mapping[str, Sign]]  # symptom -> nutrient -> its best sign that is the symptom or a subtype
    exact: Mapping[str, Mapping[str, Sign]]  # symptom -> nutrient -> the sign that is exactly the symptom

    def information_content(self, symptom: str) -> float:
        """``-ln(n_t / N)``: how rare a finding is among the nutrients' annotations.

        ``n_t`` counts the nutrients with the symptom or any of its descendants as a deficiency sign
        and ``N`` all nutrients with signs. An unannotated symptom gets the IC of a single
        annotation, the largest possible.
        """
        total = max(len(self.nutrients), 1)
        count = max(len(self.annotated.get(symptom, ())), 1)
        return math.log(total / count)


def symptom_index(G: nx.MultiDiGraph[str]) -> SymptomIndex:
    """The :class:`SymptomIndex` of ``G``, cached for frozen graphs."""

    def build() -> SymptomIndex:
        symptoms = [n for n, d in G.nodes(data=True) if d.get("kind") == "symptom"]
        parents: dict[str, list[str]] = {s: [] for s in symptoms}
        for u, v, key in G.edges(keys=True):
            if key == "is_a":
                parents[u].append(v)
        ancestors: dict[str, frozenset[str]] = {}

        def walk(node: str) -> frozenset[str]:
            if node in ancestors:
                return ancestors[node]
            ancestors[node] = frozenset({node})  # guards against cycles in user data
            found = {node}
            for parent in parents.get(node, ()):
                found |= walk(parent)
            ancestors[node] = frozenset(found)
            return ancestors[node]

        for symptom in symptoms:
            walk(symptom)
        categories = {s: frozenset(a for a in ancestors[s] if G.nodes[a].get("category")) for s in symptoms}
        signs: dict[str, dict[str, Sign]] = {}
        for u, v, key, data in G.edges(keys=True, data=True):
            if key != "deficiency_sign":
                continue
            frequency = data.get("frequency")
            probability = FREQUENCY_PROBABILITY[frequency] if frequency else UNKNOWN_FREQUENCY
            signs.setdefault(u, {})[v] = Sign(v, probability, data["evidence"], frequency, data["sources"])
        annotated: dict[str, set[str]] = {}
        below: dict[str, dict[str, Sign]] = {}
        exact: dict[str, dict[str, Sign]] = {}
        for nutrient in sorted(signs):
            for symptom, sign in sorted(signs[nutrient].items()):
                exact.setdefault(symptom, {})[nutrient] = sign
                for ancestor in ancestors.get(symptom, frozenset({symptom})):
                    annotated.setdefault(ancestor, set()).add(nutrient)
                    best = below.setdefault(ancestor, {})
                    current = best.get(nutrient)
                    # Prefer the exact sign, then the strongest; ties go to the smaller id.
                    rank = (symptom == ancestor, sign.weight)
                    if current is None or rank > (current.symptom == ancestor, current.weight):
                        best[nutrient] = sign
        return SymptomIndex(
            ancestors=ancestors,
            categories=categories,
            signs=signs,
            annotated={k: frozenset(v) for k, v in annotated.items()},
            nutrients=tuple(sorted(signs)),
            below=below,
            exact=exact,
        )

    return cached(G, "symptom_index", build)


SEXES: Final = {"female": "female", "f": "female", "woman": "female", "male": "male", "m": "male", "man": "male"}
"""Accepted spellings of sex, case-insensitive."""

LIFE_STAGES: Final = {
    "pregnancy": "pregnancy",
    "pregnant": "pregnancy",
    "lactation": "lactation",
    "lactating": "lactation",
    "breastfeeding": "lactation",
}
"""Accepted spellings of the life stages that have their own DRI rows and risks."""


def resolve_all(
    G: nx.MultiDiGraph[str], texts: Iterable[str], kinds: Sequence[str], role: str
) -> tuple[list[str], list[UnknownEntityError]]:
    """Resolve each text to a node of one of ``kinds``; collect failures instead of raising."""
    found: list[str] = []
    failures: list[UnknownEntityError] = []
    for text in texts:
        node = None
        for kind in kinds:
            try:
                node = resolve(G, text, kind=kind)
                break
            except UnknownEntityError:
                continue
        if node is None:
            suggestions: list[str] = []
            for kind in kinds:
                suggestions += [m.name for m in search(G, text, kind=kind, limit=3)]
            failures.append(UnknownEntityError(text, kind=role, suggestions=suggestions[:5]))
        else:
            found.append(node)
    return found, failures


def raise_unknown(failures: Sequence[UnknownEntityError]) -> None:
    """Raise one error naming every unknown input, with suggestions for each."""
    if not failures:
        return
    if len(failures) == 1:
        raise failures[0]
    raise UnknownEntitiesError(failures)


def members_and_classes(G: nx.MultiDiGraph[str], node: str) -> list[tuple[str, str | None]]:
    """A drug together with the classes it belongs to: ``[(node, None), (class, node), ...]``."""
    found: list[tuple[str, str | None]] = [(node, None)]
    for _, cls, key in G.out_edges(node, keys=True):
        if key == "member_of":
            found.append((cls, node))
    return found
