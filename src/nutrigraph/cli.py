"""The ``nutrigraph`` command: a thin shell over the public functions.

Bad input exits with status 2 and a one-line message (with suggestions where there are some),
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

import nutrigraph as ng
from nutrigraph.errors import NutrigraphError, UnknownEntityError
from nutrigraph.units import format_quantity

DISCLAIMER = "Information from published sources, not a diagnosis: talk to a health professional."


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _graph(args: argparse.Namespace) -> nx.MultiDiGraph[str]:
    extra = getattr(args, "data", None) or ()
    return ng.load(extra=extra)


def _value(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, ng.Source):
        return value.key
    if isinstance(value, ng.Evidence):
        return value.value
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return format_quantity(value)
    return str(value)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check knowledge-base files and list every problem."""
    if args.partial:
        # Files of the bundled knowledge base under curation: check the whole bundle and show only
        # the problems of the files named.
        names = {Path(p).name for p in args.paths}
        problems = [p for p in ng.validate() if Path(p.file).name in names]
    elif args.alone:
        problems = []
        for path in args.paths:
            problems += ng.validate(path)
    else:
        problems = ng.validate(extra=args.paths)
    if args.json:
        print(json.dumps([{"file": p.file, "record": p.record, "message": p.message} for p in problems], indent=1))
    else:
        for problem in problems:
            print(problem)
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found." if count else "valid: no problems found.")
    return 1 if problems else 0


def cmd_show(args: argparse.Namespace) -> int:
    """Show everything about one entity, with sources."""
    G = _graph(args)
    node = ng.resolve(G, args.entity)
    data = G.nodes[node]
    if args.json:
        from nutrigraph.io import _encode

        out = {
            "id": node,
            **_encode(dict(data)),
            "relations": [
                {"subject": u, "predicate": k, "object": v, **_encode(dict(d))}
                for u, v, k, d in sorted(
                    [*G.out_edges(node, keys=True, data=True), *G.in_edges(node, keys=True, data=True)],
                    key=lambda e: (e[2], e[0], e[1]),
                )
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{data['name']}  [{data['kind']}]  id: {node}")
    for field in ("synonyms", "xrefs", "description"):
        if data.get(field):
            print(f"  {field}: {_value(data[field])}")
    for field, value in sorted(data.items()):
        if field not in ("kind", "name", "synonyms", "xrefs", "description", "sources") and value is not None:
            print(f"  {field}: {_value(value)}")
    print(f"  sources: {_value(data['sources'])}")
    rows = []
    for _, v, key, d in G.out_edges(node, keys=True, data=True):
        rows.append((ng.PREDICATES[key].label, G.nodes[v]["name"], d))
    for u, _, key, d in G.in_edges(node, keys=True, data=True):
        rows.append((ng.PREDICATES[key].inverse, G.nodes[u]["name"], d))
    rows.sort(key=lambda r: (r[0], -r[2]["evidence"].rank, r[1]))
    if rows:
        width = min(max(len(r[0]) for r in rows), 34)
        print()
        for reading, other, d in rows:
            keys = ", ".join(s.key for s in d["sources"])
            print(f"  {reading:<{width}}  {other[:36]:<36}  {d['evidence'].value:<11}  {keys}"[:100])
    print()
    print(DISCLAIMER)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Fuzzy lookup of entities by name, synonym or id."""
    G = _graph(args)
    matches = ng.search(G, args.text, kind=args.kind, limit=args.limit)
    if args.json:
        print(json.dumps([_match(m) for m in matches], indent=1))
        return 0
    for m in matches:
        print(f"{m.score:5.1f}  {m.node:<34} {m.kind:<16} {m.name}"[:100])
    if not matches:
        print("no matches")
    return 0


def _match(m: ng.Match) -> dict[str, Any]:
    return {"node": m.node, "kind": m.kind, "name": m.name, "matched": m.matched, "score": m.score}


def _add(
    sub: Any, name: str, func: Callable[[argparse.Namespace], int], example: str, **kwargs: Any
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=(func.__doc__ or "").strip().splitlines()[0],
        description=(func.__doc__ or "").strip(),
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kwargs,
    )
    parser.set_defaults(func=func)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``nutrigraph`` command."""
    parser = _Parser(
        prog="nutrigraph",
        description="Query a knowledge graph of nutrients, enzymes, symptoms, drugs and foods. " + DISCLAIMER,
    )
    parser.add_argument("--version", action="version", version=f"nutrigraph {ng.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = _add(sub, "validate", cmd_validate, "nutrigraph validate my_claims.toml")
    p.add_argument("paths", nargs="+", help="TOML files or directories in the nutrigraph data format")
    p.add_argument("--alone", action="store_true", help="validate without the bundled knowledge base")
    p.add_argument(
        "--partial", action="store_true", help="the paths are files of the bundled knowledge base; show their problems"
    )
    p.add_argument("--json", action="store_true", help="print problems as JSON")

    p = _add(sub, "show", cmd_show, "nutrigraph show magnesium")
    p.add_argument("entity", help="id, name, synonym or CURIE")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--data", action="append", metavar="PATH", help="extra knowledge-base file (repeatable)")

    p = _add(sub, "search", cmd_search, "nutrigraph search magnesum")
    p.add_argument("text")
    p.add_argument("--kind", choices=sorted(ng.KINDS))
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--data", action="append", metavar="PATH", help="extra knowledge-base file (repeatable)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UnknownEntityError as exc:
        print(f"nutrigraph: error: {exc}", file=sys.stderr)
        return 2
    except NutrigraphError as exc:
        message = str(exc)
        first = message.splitlines()[0] if message else type(exc).__name__
        print(f"nutrigraph: error: {first}", file=sys.stderr)
        for line in message.splitlines()[1:]:
            print(line, file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"nutrigraph: error: {exc}", file=sys.stderr)
        return 2
