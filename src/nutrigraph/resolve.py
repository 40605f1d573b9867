"""Finding entities by what people call them.

Every public function that takes an entity funnels it through :func:`resolve`, which accepts a node
id, a name, a synonym or any cross-reference CURIE. Case, repeated whitespace, hyphens versus
spaces, and the spelling of micro (µ, μ, u, mc) do not matter. An unknown text raises
:class:`~nutrigraph.errors.UnknownEntityError` with fuzzy suggestions; a text that names entities of
several kinds raises :class:`~nutrigraph.errors.AmbiguousEntityError` listing them. It never returns
None.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Mapping
from typing import Final

import attrs
import networkx as nx

from nutrigraph._cache import cached
from nutrigraph.errors import AmbiguousEntityError, SchemaError, UnknownEntityError
from nutrigraph.schema import KINDS, looks_like_curie, normalize_curie

__all__ = ["Match", "normalize_text", "resolve", "search"]

_SEPARATORS: Final = re.compile(r"[\s_\-‐‑–—]+")
_MICRO: Final = re.compile(r"\b(mcg|µg|μg)\b")


def normalize_text(text: str) -> str:
    """The form in which names are compared: casefolded, one space between words.

    Hyphens, underscores and runs of whitespace become one space; the micro sign and Greek mu
    become ``u`` and ``mcg`` becomes ``ug``.

    Examples
    --------
    >>> normalize_text("  Vitamin-B12 ")
    'vitamin b12'
    >>> normalize_text("Pins and  needles")
    'pins and needles'
    >>> normalize_text("2.4 mcg") == normalize_text("2.4 µg") == normalize_text("2.4 ug")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _MICRO.sub("ug", folded).replace("µ", "u").replace("μ", "u")
    return _SEPARATORS.sub(" ", folded).strip()


@attrs.frozen
class _Index:
    exact: Mapping[str, tuple[str, ...]]  # normalised text -> node ids
    choices: tuple[str, ...]  # every normalised text, for fuzzy matching
    labels: Mapping[str, str]  # normalised text -> a display form


def _index(G: nx.MultiDiGraph[str]) -> _Index:
    def build() -> _Index:
        exact: dict[str, set[str]] = {}
        labels: dict[str, str] = {}
        for node, data in G.nodes(data=True):
            texts = [str(node), data.get("name", ""), *data.get("synonyms", ()), *data.get("xrefs", ())]
            for text in texts:
                if not text:
                    continue
                norm = normalize_text(text)
                exact.setdefault(norm, set()).add(node)
                labels.setdefault(norm, text)
        return _Index(
            exact={k: tuple(sorted(v)) for k, v in exact.items()},
            choices=tuple(sorted(exact)),
            labels=labels,
        )

    return cached(G, "resolver_index", build)


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise SchemaError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")


def resolve(G: nx.MultiDiGraph[str], text: str, kind: str | None = None) -> str:
    """Return the node id of the entity that ``text`` names.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph.
    text : str
        A node id, name, synonym or cross-reference CURIE (``"B12"``, ``"cobalamin"``,
        ``"CHEBI:30411"``, ``"pins and needles"``, ``"HP:0003401"``).
    kind : str, optional
        Restrict the match to one entity kind, e.g. ``"nutrient"``.

    Returns
    -------
    str
        The node id; resolving it again returns it unchanged.

    Raises
    ------
    UnknownEntityError
        If nothing matches; ``.suggestions`` holds close names.
    AmbiguousEntityError
        If the text names several entities; ``.candidates`` lists them.
    SchemaError
        If ``kind`` is not a known kind.
    TypeError
        If ``text`` is not a string.

    Notes
    -----
    The lookup index is built once per frozen graph and reused; for an unfrozen graph it is built
    on every call (O(number of names)), since the graph may have changed.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> G = ng.load()
    >>> ng.resolve(G, "Vitamin B-12")
    'vitamin_b12'
    >>> ng.resolve(G, "pins and needles")
    'paresthesia'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected an entity name or id as a string, got {type(text).__name__}")
    _check_kind(kind)
    if text in G and (kind is None or G.nodes[text].get("kind") == kind):
        return text
    index = _index(G)
    keys = [normalize_text(text)]
    if looks_like_curie(text):
        with contextlib.suppress(ValueError):  # a malformed CURIE is still matched as plain text
            keys.insert(0, normalize_text(normalize_curie(text)))
    for key in keys:
        nodes = index.exact.get(key, ())
        if kind is not None:
            nodes = tuple(n for n in nodes if G.nodes[n].get("kind") == kind)
        if len(nodes) == 1:
            return nodes[0]
        if len(nodes) > 1:
            raise AmbiguousEntityError(text, [(n, G.nodes[n]["kind"], G.nodes[n]["name"]) for n in nodes])
    raise UnknownEntityError(text, kind=kind, suggestions=[m.name for m in search(G, text, kind=kind, limit=5)])


@attrs.frozen
class Match:
    """A fuzzy-search hit: the entity, its kind and name, the text that matched, and a 0-100 score."""

    node: str
    kind: str
    name: str
    matched: str
    score: float


def search(G: nx.MultiDiGraph[str], text: str, *, kind: str | None = None, limit: int = 10) -> list[Match]:
    """Entities whose names, synonyms or ids resemble ``text``, best first.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph.
    text : str
        What to look for; spelling mistakes are tolerated.
    kind : str, optional
        Restrict the search to one kind.
    limit : int, default 10
        At most this many entities.

    Returns
    -------
    list of Match
        One entry per entity (its best-matching name), sorted by score, then node id.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> ng.search(ng.load(), "magnesum", limit=1)[0].node
    'magnesium'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text as a string, got {type(text).__name__}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    _check_kind(kind)
    from rapidfuzz import fuzz, process  # only needed for suggestions; keeps `import nutrigraph` light

    index = _index(G)
    query = normalize_text(text)
    best: dict[str, Match] = {}
    hits = process.extract(query, index.choices, scorer=fuzz.WRatio, limit=max(limit * 8, 40), score_cutoff=70)
    for choice, score, _ in hits:
        for node in index.exact[choice]:
            data = G.nodes[node]
            if kind is not None and data.get("kind") != kind:
                continue
            current = best.get(node)
            if current is None or score > current.score:
                best[node] = Match(node, data["kind"], data["name"], index.labels[choice], float(score))
    ranked = sorted(best.values(), key=lambda m: (-m.score, m.node))
    return ranked[:limit]
