"""Which deficiency signs two nutrients share, exactly or by body system."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs
import networkx as nx

from nutrigraph.queries._index import raise_unknown, resolve_all, symptom_index

__all__ = ["LEVELS", "Overlap", "OverlapMatrix", "overlap_matrix", "symptom_overlap"]

LEVELS: Final = (None, "category")
"""Levels at which signs are compared: the signs themselves, or their body-system categories."""


@attrs.frozen
class Overlap:
    """The deficiency signs of two nutrients, compared.

    Attributes
    ----------
    a, b : str
        The two nutrients (node ids).
    shared, only_a, only_b : frozenset of str
        Symptom node ids (categories when ``level="category"``).
    jaccard : float
        ``|shared| / |shared ∪ only_a ∪ only_b|``; 0 when neither has signs.
    related : tuple of tuple of str
        With ``level=None``: pairs ``(sign of a, sign of b)`` that are not identical but one is a
        kind of the other (e.g. anaemia and megaloblastic anaemia).
    level : str or None
    """

    a: str
    b: str
    shared: frozenset[str]
    only_a: frozenset[str]
    only_b: frozenset[str]
    jaccard: float
    related: tuple[tuple[str, str], ...]
    level: str | None

    def _repr_html_(self) -> str:
        from nutrigraph.display import html_table

        rows = [
            ("shared", len(self.shared), ", ".join(sorted(self.shared))),
            (f"only {self.a}", len(self.only_a), ", ".join(sorted(self.only_a))),
            (f"only {self.b}", len(self.only_b), ", ".join(sorted(self.only_b))),
        ]
        return html_table(("", "count", "symptoms"), rows, caption=f"Jaccard {self.jaccard:.2f}")


def _check_level(level: str | None) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected None or 'category'")


def _signs(G: nx.MultiDiGraph[str], nutrient: str, level: str | None) -> frozenset[str]:
    index = symptom_index(G)
    own = index.signs.get(nutrient, {})
    if level is None:
        return frozenset(own)
    found: set[str] = set()
    for symptom in own:
        found |= index.categories.get(symptom, frozenset())
    return frozenset(found)


def _nutrients(G: nx.MultiDiGraph[str], texts: Iterable[str]) -> list[str]:
    found, failures = resolve_all(G, texts, ("nutrient",), "nutrient")
    raise_unknown(failures)
    return found


def symptom_overlap(G: nx.MultiDiGraph[str], a: str, b: str, *, level: str | None = None) -> Overlap:
    """Compare the deficiency signs of two nutrients.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph.
    a, b : str
        Two nutrients (id, name, synonym or CURIE).
    level : {None, "category"}, default None
        ``None`` compares the signs themselves; ``"category"`` compares the body-system categories
        they fall under (so magnesium's cramps and B12's tingling meet under "neurological").

    Returns
    -------
    Overlap

    Raises
    ------
    UnknownEntityError
        If either nutrient is unknown (both are reported together).
    ValueError
        For an unknown ``level``.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> G = ng.load()
    >>> o = ng.symptom_overlap(G, "magnesium", "B12")
    >>> {"fatigue", "paresthesia"} <= o.shared
    True
    >>> "neurological" in ng.symptom_overlap(G, "magnesium", "B12", level="category").shared
    True
    """
    _check_level(level)
    first, second = _nutrients(G, [a, b])
    signs_a, signs_b = _signs(G, first, level), _signs(G, second, level)
    union = signs_a | signs_b
    related: list[tuple[str, str]] = []
    if level is None:
        ancestors = symptom_index(G).ancestors
        for x in sorted(signs_a - signs_b):
            for y in sorted(signs_b - signs_a):
                if x in ancestors.get(y, ()) or y in ancestors.get(x, ()):
                    related.append((x, y))
    return Overlap(
        a=first,
        b=second,
        shared=signs_a & signs_b,
        only_a=signs_a - signs_b,
        only_b=signs_b - signs_a,
        jaccard=len(signs_a & signs_b) / len(union) if union else 0.0,
        related=tuple(related),
        level=level,
    )


@attrs.frozen
class OverlapMatrix:
    """Pairwise overlap of several nutrients' deficiency signs.

    ``jaccard[i][j]`` and ``shared[i][j]`` (a count) compare ``nutrients[i]`` with ``nutrients[j]``.
    """

    nutrients: tuple[str, ...]
    names: tuple[str, ...]
    jaccard: tuple[tuple[float, ...], ...]
    shared: tuple[tuple[int, ...], ...]
    level: str | None

    def rows(self) -> list[dict[str, Any]]:
        """One dict per pair (i < j), for a table or a DataFrame."""
        out = []
        for i, a in enumerate(self.nutrients):
            for j in range(i + 1, len(self.nutrients)):
                out.append({"a": a, "b": self.nutrients[j], "jaccard": self.jaccard[i][j], "shared": self.shared[i][j]})
        return out

    def _repr_html_(self) -> str:
        from nutrigraph.display import html_table

        rows = [(name, *(f"{v:.2f}" for v in row)) for name, row in zip(self.names, self.jaccard, strict=True)]
        return html_table(("", *self.names), rows, caption="Jaccard overlap of deficiency signs")

    def to_pandas(self) -> Any:
        """The Jaccard matrix as a pandas DataFrame (needs pandas installed)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("OverlapMatrix.to_pandas needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.jaccard, index=list(self.names), columns=list(self.names))

    def __str__(self) -> str:
        width = max(len(n) for n in self.names) if self.names else 0
        short = [n[:6] for n in self.names]
        lines = [" " * width + " " + " ".join(f"{s:>6}" for s in short)]
        for name, row in zip(self.names, self.jaccard, strict=True):
            lines.append(f"{name:<{width}} " + " ".join(f"{v:6.2f}" for v in row))
        return "\n".join(lines)


def overlap_matrix(
    G: nx.MultiDiGraph[str], nutrients: Sequence[str] | None = None, *, level: str | None = None
) -> OverlapMatrix:
    """Jaccard overlap of deficiency signs for every pair of ``nutrients``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph.
    nutrients : sequence of str, optional
        The nutrients, in the order wanted; by default every nutrient with deficiency signs, by id.
    level : {None, "category"}, default None
        As for :func:`symptom_overlap`.

    Returns
    -------
    OverlapMatrix

    Examples
    --------
    >>> import nutrigraph as ng
    >>> m = ng.overlap_matrix(ng.load(), ["magnesium", "B12", "folate"])
    >>> m.jaccard[0][0]
    1.0
    >>> m.jaccard[1][2] == m.jaccard[2][1]
    True
    """
    _check_level(level)
    ids = _nutrients(G, nutrients) if nutrients is not None else list(symptom_index(G).nutrients)
    if not ids:
        raise ValueError("give at least one nutrient")
    signs = [_signs(G, n, level) for n in ids]
    jaccard: list[tuple[float, ...]] = []
    shared: list[tuple[int, ...]] = []
    for x in signs:
        jaccard.append(tuple((len(x & y) / len(x | y)) if (x | y) else 0.0 for y in signs))
        shared.append(tuple(len(x & y) for y in signs))
    return OverlapMatrix(
        nutrients=tuple(ids),
        names=tuple(G.nodes[n]["name"] for n in ids),
        jaccard=tuple(jaccard),
        shared=tuple(shared),
        level=level,
    )
