"""Pictures and exports: Mermaid diagrams, matplotlib drawings, GraphML, HTML tables for notebooks.

matplotlib is imported only when :func:`draw` is called (install the ``plot`` extra). Nothing here
changes a graph.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from os import PathLike
from typing import Any, Final

import networkx as nx

from nutrigraph.queries.pathways import FORWARD, Pathway
from nutrigraph.schema import PREDICATES, Evidence

__all__ = ["draw", "html_table", "neighbourhood", "to_mermaid", "write_graphml"]

KIND_COLOURS: Final = {
    "nutrient": "#2b8cbe",
    "nutrient_form": "#7bccc4",
    "enzyme": "#f03b20",
    "metabolite": "#feb24c",
    "process": "#78c679",
    "symptom": "#c51b8a",
    "drug": "#756bb1",
    "drug_class": "#9e9ac8",
    "condition": "#636363",
    "population_group": "#969696",
    "food": "#a6761d",
}
"""Node colour per entity kind, shared by :func:`draw` and :func:`to_mermaid`."""

EVIDENCE_STYLES: Final = {
    Evidence.ESTABLISHED: "solid",
    Evidence.SUPPORTED: "dashed",
    Evidence.LIMITED: "dotted",
    Evidence.CONTESTED: "dotted",
}


def html_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], caption: str | None = None) -> str:
    """A small HTML table with escaped cells, for ``_repr_html_`` methods."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def neighbourhood(G: nx.MultiDiGraph[str], node: str, *, radius: int = 1) -> nx.MultiDiGraph[str]:
    """The subgraph of entities within ``radius`` relations of ``node`` (in either direction).

    Examples
    --------
    >>> import nutrigraph as ng
    >>> from nutrigraph.display import neighbourhood
    >>> sub = neighbourhood(ng.load(), "S-adenosylmethionine")
    >>> "methionine_adenosyltransferase" in sub
    True
    """
    from nutrigraph.resolve import resolve

    if not isinstance(radius, int) or radius < 0:
        raise ValueError(f"radius must be a non-negative integer, got {radius!r}")
    centre = resolve(G, node)
    nodes = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), centre, cutoff=radius)
    return G.subgraph(nodes)


_ID: Final = re.compile(r"[^A-Za-z0-9_]")


def _mermaid_id(node: str) -> str:
    return "n_" + _ID.sub("_", node)


def _mermaid_label(text: str) -> str:
    # Mermaid reads a quoted label literally, so parentheses and commas are safe; only the quote
    # character itself needs an entity.
    return '"' + text.replace('"', "#quot;") + '"'


def to_mermaid(item: nx.MultiDiGraph[str] | Pathway | Sequence[Pathway], *, direction: str = "LR") -> str:
    """Mermaid flowchart text for a (sub)graph, a pathway or a list of pathways.

    Labels are quoted, so names with parentheses are safe. Relations graded below "established"
    are drawn dashed, and each edge is labelled with its predicate reading (for pathways, in the
    direction walked) and its evidence grade where it is not established.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> from nutrigraph.display import to_mermaid
    >>> paths = ng.trace_pathways(ng.load(), "magnesium", "B12", via=("enzyme", "metabolite"), limit=1)
    >>> print(to_mermaid(paths).splitlines()[0])
    flowchart LR
    """
    if direction not in ("LR", "TD", "RL", "BT"):
        raise ValueError(f"direction must be LR, TD, RL or BT, got {direction!r}")
    lines = [f"flowchart {direction}"]
    nodes: dict[str, tuple[str, str]] = {}
    edges: list[tuple[str, str, str, Evidence]] = []
    if isinstance(item, nx.MultiDiGraph):
        for node, data in item.nodes(data=True):
            nodes[node] = (str(data.get("name", node)), str(data.get("kind", "")))
        for u, v, key, data in item.edges(keys=True, data=True):
            edges.append((u, v, PREDICATES[key].label if key in PREDICATES else key, data["evidence"]))
    else:
        pathways = [item] if isinstance(item, Pathway) else list(item)
        for p in pathways:
            for node, name in zip(p.nodes, p.names, strict=True):
                nodes.setdefault(node, (name, ""))
            for i, step in enumerate(p.relations):
                edge = (p.nodes[i], p.nodes[i + 1], step.reading, step.evidence)
                if edge not in edges:
                    edges.append(edge)
    for node, (name, kind) in sorted(nodes.items()):
        lines.append(f"    {_mermaid_id(node)}[{_mermaid_label(name)}]")
        if kind in KIND_COLOURS:
            lines.append(f"    style {_mermaid_id(node)} fill:{KIND_COLOURS[kind]},color:#fff")
    for u, v, reading, evidence in edges:
        label = reading if evidence is Evidence.ESTABLISHED else f"{reading} ({evidence.value})"
        arrow = "-->" if evidence is Evidence.ESTABLISHED else "-.->"
        lines.append(f"    {_mermaid_id(u)} {arrow}|{_mermaid_label(label)}| {_mermaid_id(v)}")
    return "\n".join(lines)


def write_graphml(G: nx.MultiDiGraph[str], path: str | PathLike[str]) -> None:
    """Write ``G`` as GraphML, with sources as semicolon-separated keys and quantities as text.

    GraphML holds only scalar attributes, so tuples become ``"; "``-joined text; use
    :func:`nutrigraph.write_json` for a lossless copy.
    """

    def scalar(value: Any) -> Any:
        if isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, Evidence):
            return value.value
        if isinstance(value, tuple):
            return "; ".join(str(getattr(v, "key", v)) for v in value)
        return str(value)

    H: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: scalar(v) for k, v in data.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **{k: scalar(val) for k, val in data.items() if val is not None})
    nx.write_graphml(H, path)


def draw(
    item: nx.MultiDiGraph[str] | Pathway | Sequence[Pathway],
    *,
    G: nx.MultiDiGraph[str] | None = None,
    ax: Any = None,
    seed: int = 0,
) -> Any:
    """Draw a (sub)graph or pathways with matplotlib: nodes coloured by kind, edges styled by evidence.

    Solid edges are established, dashed supported, dotted limited, and red dotted contested.

    Parameters
    ----------
    item : networkx.MultiDiGraph, Pathway or sequence of Pathway
        What to draw; for a nutrient's neighbourhood pass ``neighbourhood(G, "magnesium")``.
    G : networkx.MultiDiGraph, optional
        The graph the pathways come from, for node kinds (colours); without it pathway nodes are grey.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    seed : int, default 0
        Layout seed, for reproducible pictures.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install 'nutrigraph[plot]'``).
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError("nutrigraph.draw needs matplotlib: pip install 'nutrigraph[plot]'") from exc

    picture: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    if isinstance(item, nx.MultiDiGraph):
        picture = item
        kinds = {n: str(d.get("kind", "")) for n, d in item.nodes(data=True)}
        names = {n: str(d.get("name", n)) for n, d in item.nodes(data=True)}
        styled = [(u, v, d["evidence"], PREDICATES[k].label) for u, v, k, d in item.edges(keys=True, data=True)]
    else:
        pathways = [item] if isinstance(item, Pathway) else list(item)
        kinds, names, styled = {}, {}, []
        for p in pathways:
            for node, name in zip(p.nodes, p.names, strict=True):
                names[node] = name
                kinds[node] = str(G.nodes[node].get("kind", "")) if G is not None and node in G else ""
                picture.add_node(node)
            for i, step in enumerate(p.relations):
                u, v = (p.nodes[i], p.nodes[i + 1]) if step.direction == FORWARD else (p.nodes[i + 1], p.nodes[i])
                picture.add_edge(u, v, key=step.predicate)
                styled.append((u, v, step.evidence, PREDICATES[step.predicate].label))
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 6))
    layout: dict[str, Any] = nx.spring_layout(nx.Graph(picture), seed=seed) if len(picture) else {}
    colours = [KIND_COLOURS.get(kinds.get(n, ""), "#bdbdbd") for n in picture.nodes]
    nx.draw_networkx_nodes(picture, layout, node_color=colours, node_size=600, ax=ax)
    nx.draw_networkx_labels(picture, layout, labels={n: names.get(n, n) for n in picture.nodes}, font_size=8, ax=ax)
    for evidence in Evidence:
        chosen = [(u, v) for u, v, e, _ in styled if e is evidence]
        if chosen:
            nx.draw_networkx_edges(
                nx.DiGraph(chosen),
                layout,
                style=EVIDENCE_STYLES[evidence],
                edge_color="#d7301f" if evidence is Evidence.CONTESTED else "#444444",
                arrows=True,
                ax=ax,
            )
    readings: dict[tuple[str, str], list[str]] = {}
    for u, v, _, reading in styled:
        # Relations between the same two entities (either way round) share one label position.
        pair = (u, v) if (v, u) not in readings else (v, u)
        found = readings.setdefault(pair, [])
        if reading not in found:
            found.append(reading)
    labels = {pair: "; ".join(found) for pair, found in readings.items()}
    nx.draw_networkx_edge_labels(nx.DiGraph(list(labels)), layout, edge_labels=labels, font_size=7, ax=ax)
    ax.set_axis_off()
    return ax
