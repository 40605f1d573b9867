"""Writing a graph to JSON and reading it back, losslessly.

The file is a single JSON object::

    {"format": "nutrigraph-json", "format_version": 1,
     "graph": {"name": ..., "sources": {key: {...}}, "intakes": {...}, "conversions": [...]},
     "nodes": [{"id": ..., "kind": ..., "name": ..., "sources": [keys], ...}],
     "edges": [{"subject": ..., "object": ..., "key": ..., "evidence": ..., "sources": [keys], ...}]}

Sources are written once, in ``graph.sources``, and referred to by key. A quantity is written as
``{"$quantity": [magnitude, "units"]}``. Edge endpoints are named ``subject`` and ``object`` so that
no attribute name is shadowed (networkx's node-link format silently drops an edge attribute named
``source``). Reading checks the format version and the schema and reports every problem at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Final

import attrs
import networkx as nx
import pint

from nutrigraph.build import freeze
from nutrigraph.errors import DataValidationError, FormatError, Problem
from nutrigraph.model import Conversion, IntakeRow, IntakeTable, Source
from nutrigraph.schema import KINDS, PREDICATES, Evidence
from nutrigraph.units import parse_unit, registry

__all__ = ["FORMAT", "FORMAT_VERSION", "from_json_dict", "read_json", "to_json_dict", "write_json"]

FORMAT: Final = "nutrigraph-json"
FORMAT_VERSION: Final = 1
_SOURCE_LISTS: Final = ("sources", "contradicted_by")


def _encode(value: Any) -> Any:
    if isinstance(value, pint.Quantity):
        return {"$quantity": [value.magnitude, str(value.units)]}
    if isinstance(value, Evidence):
        return value.value
    if isinstance(value, Source):
        return value.key
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot write a value of type {type(value).__name__} to JSON: {value!r}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"$quantity"}:
            magnitude, units = value["$quantity"]
            ureg = registry()
            return ureg.Quantity(magnitude, parse_unit(units))
        return {k: _decode(v) for k, v in value.items()}
    return value


def _source_dict(source: Source) -> dict[str, Any]:
    return {k: v for k, v in attrs.asdict(source).items() if v is not None and k != "key"}


def to_json_dict(G: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The JSON-ready dictionary that :func:`write_json` writes."""
    graph: dict[str, Any] = {}
    for key, value in G.graph.items():
        if key == "sources":
            graph[key] = {k: _source_dict(s) for k, s in value.items()}
        elif key == "intakes":
            graph[key] = {
                nutrient: {
                    "ul_scope": table.ul_scope,
                    "ul_note": table.ul_note,
                    "note": table.note,
                    "sources": list(table.sources),
                    "rows": [_encode(attrs.asdict(row, recurse=False)) for row in table.rows],
                }
                for nutrient, table in value.items()
            }
        elif key == "conversions":
            graph[key] = [_encode(attrs.asdict(c, recurse=False)) for c in value]
        else:
            graph[key] = _encode(value)
    nodes = [{"id": node, **_encode(dict(data))} for node, data in G.nodes(data=True)]
    edges = [
        {"subject": u, "object": v, "key": k, **_encode(dict(data))} for u, v, k, data in G.edges(keys=True, data=True)
    ]
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "graph": graph, "nodes": nodes, "edges": edges}


def write_json(G: nx.MultiDiGraph[str], path: str | PathLike[str]) -> None:
    """Write ``G`` to ``path`` as nutrigraph JSON (UTF-8).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph graph (frozen or not).
    path : str or path-like
        The file to write; it is replaced if it exists.

    Raises
    ------
    TypeError
        If an attribute holds a value JSON cannot represent.

    Examples
    --------
    >>> import nutrigraph as ng, tempfile, os
    >>> G = ng.load()
    >>> path = os.path.join(tempfile.mkdtemp(), "kb.json")
    >>> ng.write_json(G, path)
    >>> H = ng.read_json(path)
    >>> sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    True
    """
    text = json.dumps(to_json_dict(G), ensure_ascii=False, indent=1, sort_keys=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


def read_json(path: str | PathLike[str], *, frozen: bool = True) -> nx.MultiDiGraph[str]:
    """Read a graph written by :func:`write_json`.

    Parameters
    ----------
    path : str or path-like
        The JSON file.
    frozen : bool, default True
        Return a frozen graph, as :func:`~nutrigraph.load` does; pass False for an editable one.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    FormatError
        If the file is not nutrigraph JSON, is malformed, or was written by a newer format version.
    DataValidationError
        If nodes or edges break the schema (unknown kind or predicate, forbidden triple, unknown
        source key); every problem is listed.
    """
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{name} is not valid JSON: {exc}") from None
    return from_json_dict(data, name=name, frozen=frozen)


def from_json_dict(data: Any, *, name: str = "<json>", frozen: bool = True) -> nx.MultiDiGraph[str]:
    """Build a graph from the dictionary :func:`to_json_dict` returns; see :func:`read_json`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FormatError(f'{name} is not a nutrigraph JSON file (expected "format": "{FORMAT}")')
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError(f"{name} has no integer format_version")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"{name} uses format version {version}, newer than this nutrigraph reads ({FORMAT_VERSION}); "
            "upgrade nutrigraph to read it"
        )
    for field in ("graph", "nodes", "edges"):
        expected = dict if field == "graph" else list
        if not isinstance(data.get(field), expected):
            raise FormatError(f"{name}: {field!r} must be a JSON {'object' if expected is dict else 'array'}")
    try:
        return _from_valid_dict(data, name, frozen)
    except (KeyError, TypeError, ValueError, pint.errors.PintError) as exc:
        if isinstance(exc, DataValidationError):
            raise
        raise FormatError(f"{name} is malformed: {type(exc).__name__}: {exc}") from None


def _conversion(fields: dict[str, Any]) -> Conversion:
    return Conversion(
        nutrient=fields["nutrient"],
        form=fields["form"],
        factor=fields["factor"],
        sources=tuple(fields["sources"]),
        note=fields.get("note"),
    )


def _from_valid_dict(data: dict[str, Any], name: str, frozen: bool) -> nx.MultiDiGraph[str]:
    problems: list[Problem] = []
    raw_graph = data["graph"]
    sources = {key: Source(key=key, **fields) for key, fields in raw_graph.get("sources", {}).items()}

    def source_tuple(keys: Any, where: str) -> tuple[Source, ...]:
        found = []
        for key in keys:
            if key in sources:
                found.append(sources[key])
            else:
                problems.append(Problem(name, where, f"unknown source key {key!r}"))
        return tuple(found)

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for key, value in raw_graph.items():
        if key == "sources":
            G.graph[key] = sources
        elif key == "intakes":
            G.graph[key] = {
                nutrient: IntakeTable(
                    nutrient=nutrient,
                    ul_scope=table["ul_scope"],
                    ul_note=table.get("ul_note"),
                    note=table.get("note"),
                    sources=tuple(table["sources"]),
                    rows=tuple(IntakeRow(**_decode(row)) for row in table["rows"]),
                )
                for nutrient, table in value.items()
            }
        elif key == "conversions":
            G.graph[key] = tuple(_conversion(_decode(c)) for c in value)
        else:
            G.graph[key] = _decode(value)

    for record in data["nodes"]:
        attrs_ = {k: v for k, v in record.items() if k != "id"}
        node = record["id"]
        where = f"node {node!r}"
        kind = attrs_.get("kind")
        if kind not in KINDS:
            problems.append(Problem(name, where, f"unknown kind {kind!r}"))
        decoded = {k: (source_tuple(v, where) if k in _SOURCE_LISTS else _decode(v)) for k, v in attrs_.items()}
        G.add_node(node, **decoded)

    for record in data["edges"]:
        u, v, key = record["subject"], record["object"], record["key"]
        where = f"edge {u} {key} {v}"
        attrs_ = {k: val for k, val in record.items() if k not in ("subject", "object", "key")}
        spec = PREDICATES.get(key)
        if spec is None:
            problems.append(Problem(name, where, f"unknown predicate {key!r}"))
        elif u not in G or v not in G:
            problems.append(Problem(name, where, "edge refers to a node that is not in the file"))
        elif not spec.allows(str(G.nodes[u].get("kind")), str(G.nodes[v].get("kind"))):
            problems.append(
                Problem(name, where, f"forbidden triple ({G.nodes[u].get('kind')}, {key}, {G.nodes[v].get('kind')})")
            )
        decoded = {}
        for field, value in attrs_.items():
            if field in _SOURCE_LISTS:
                decoded[field] = source_tuple(value, where)
            elif field == "evidence":
                decoded[field] = Evidence.parse(value)
            else:
                decoded[field] = _decode(value)
        if u in G and v in G:
            G.add_edge(u, v, key=key, **decoded)
    if problems:
        raise DataValidationError(problems)
    return freeze(G) if frozen else G
