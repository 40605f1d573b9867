"""The ``nutrigraph`` command: a thin shell over the public functions.

Human output is aligned tables that fit 100 columns, with evidence grades and a one-line reminder
that this is information, not a diagnosis. ``--json`` prints the documented shapes of
``docs/reference/cli-json.md``. Bad input exits with status 2 and a one-line message (with suggestions where
there are some), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

import nutrigraph as ng
from nutrigraph.errors import NutrigraphError
from nutrigraph.queries.explain import DEFAULT_METHOD, METHODS
from nutrigraph.units import format_quantity

DISCLAIMER = "Information from published sources, not a diagnosis: talk to a health professional."
WIDTH = 100


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


# --- output helpers -------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Values of result records as JSON: quantities as {"value", "unit"}, sources as keys."""
    if isinstance(value, ng.Source):
        return value.key
    if isinstance(value, ng.Evidence):
        return value.value
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return {"value": float(value.magnitude), "unit": format_quantity(value).split(" ", 1)[1]}
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "__attrs_attrs__"):
        return {a.name: _jsonable(getattr(value, a.name)) for a in value.__attrs_attrs__}
    if hasattr(value, "value") and hasattr(value, "name"):  # enums
        return value.value
    return value


def _print_json(value: Any) -> None:
    print(json.dumps(_jsonable(value), ensure_ascii=False, indent=1))


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Columns sized to their content; the last column is cut so lines fit WIDTH."""
    body = [[str(c) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in body:
        for i, c in enumerate(r[:-1]):
            widths[i] = max(widths[i], min(len(c), 38))
    lines = []
    for r in [list(headers), *body]:
        cells = [f"{c[:38]:<{widths[i]}}" for i, c in enumerate(r[:-1])]
        line = "  ".join([*cells, r[-1]])
        lines.append(line if len(line) <= WIDTH else line[: WIDTH - 1] + "…")
    return "\n".join(lines)


def _echo(text: str, indent: str = "  ") -> None:
    """Print free text wrapped to WIDTH columns."""
    print(textwrap.fill(text, WIDTH, subsequent_indent=indent, break_on_hyphens=False))


def _done() -> int:
    """End human output with the reminder that this is not a diagnosis; exit status 0."""
    print()
    print(DISCLAIMER)
    return 0


def _graph(args: argparse.Namespace) -> nx.MultiDiGraph[str]:
    extra = getattr(args, "data", None) or ()
    return ng.load(extra=extra)


def _name(G: nx.MultiDiGraph[str], node: str) -> str:
    return str(G.nodes[node]["name"])


def _keys(sources: Iterable[ng.Source]) -> str:
    return ", ".join(s.key for s in sources)


def _life_stage(args: argparse.Namespace) -> str | None:
    if getattr(args, "pregnant", False):
        return "pregnancy"
    if getattr(args, "lactating", False):
        return "lactation"
    return None


# --- commands -------------------------------------------------------------------------------


def cmd_explain(args: argparse.Namespace) -> int:
    """Rank the nutrient deficiencies that could explain a set of symptoms."""
    G = _graph(args)
    result = ng.explain_symptoms(
        G,
        args.symptoms,
        absent=args.absent or (),
        drugs=args.drug or (),
        conditions=args.condition or (),
        diet=args.diet,
        age=args.age,
        sex=args.sex,
        life_stage=_life_stage(args),
        method=args.method,
        top=args.top,
    )
    if args.json:
        _print_json(result)
        return 0
    _echo("Symptoms: " + ", ".join(_name(G, s) for s in result.symptoms))
    if result.absent:
        _echo("Absent: " + ", ".join(_name(G, s) for s in result.absent))
    print()
    rows = []
    for rank, c in enumerate(result, 1):
        explained = ", ".join(_name(G, m.query) + ("" if m.match == "exact" else "*") for m in c.explained)
        grade = min(m.evidence for m in c.explained).value
        rows.append((rank, c.name, f"{c.probability:.2f}", grade, explained))
    print(_table(("#", "nutrient", "prob.", "evidence", "explains (* = through a related sign)"), rows))
    print(f"   none of these: {result.none_probability:.2f}")
    context = [(c.name, e) for c in result for e in c.context]
    if context:
        print("\nContext:")
        for name, e in context:
            via = f" (as {_name(G, e.via)})" if e.via else ""
            _echo(f"  {_name(G, e.factor)}{via} {ng.PREDICATES[e.predicate].label} {name} [{e.evidence.value}]", "    ")
    if result.pairs:
        print("\nTogether:")
        for p in result.pairs:
            _echo(f"  {p.names[0]} + {p.names[1]} explain " + ", ".join(_name(G, m.query) for m in p.explained), "    ")
    return _done()


def cmd_path(args: argparse.Namespace) -> int:
    """Trace the chains of relations that connect two entities."""
    G = _graph(args)
    paths = ng.trace_pathways(
        G,
        args.source,
        args.target,
        max_length=args.max_length,
        via=args.via,
        min_evidence=args.min_evidence,
        limit=args.limit,
    )
    if args.json:
        _print_json(
            [
                {
                    "nodes": p.nodes,
                    "evidence": p.evidence,
                    "specificity": p.specificity,
                    "description": p.describe(),
                    "relations": p.relations,
                }
                for p in paths
            ]
        )
        return 0
    if not paths:
        print("No pathway found; try a larger --max-length or fewer restrictions.")
    for i, p in enumerate(paths, 1):
        print(textwrap.fill(f"{i:>3}. [{p.evidence.value}] {p.describe()}", WIDTH, subsequent_indent="     "))
    return _done()


def cmd_overlap(args: argparse.Namespace) -> int:
    """Compare the deficiency signs of two or more nutrients."""
    G = _graph(args)
    level = args.level
    if len(args.nutrients) > 2:
        matrix = ng.overlap_matrix(G, args.nutrients, level=level)
        if args.json:
            _print_json(matrix)
        else:
            print(matrix)
        return 0
    if len(args.nutrients) < 2:
        raise ValueError("give at least two nutrients")
    o = ng.symptom_overlap(G, args.nutrients[0], args.nutrients[1], level=level)
    if args.json:
        _print_json(o)
        return 0
    a, b = _name(G, o.a), _name(G, o.b)
    _echo(f"{a} and {b}: Jaccard {o.jaccard:.2f}" + (" (body-system categories)" if level else ""))
    for label, items in ((f"shared ({len(o.shared)})", o.shared), (f"only {a}", o.only_a), (f"only {b}", o.only_b)):
        names = ", ".join(sorted(_name(G, s) for s in items)) or "-"
        _echo(f"  {label}: {names}", "    ")
    return _done()


def cmd_intake(args: argparse.Namespace) -> int:
    """Show the Dietary Reference Intakes of a nutrient for one person."""
    G = _graph(args)
    ref = ng.reference_intake(G, args.nutrient, age=args.age, sex=args.sex, life_stage=_life_stage(args))
    if args.json:
        _print_json(ref)
        return 0
    _echo(str(ref))
    _echo(f"  sources: {_keys(ref.sources)}", "    ")
    return _done()


def _parse_amounts(values: Sequence[str] | None, supplemental: bool) -> list[tuple[str, Any]]:
    out = []
    for value in values or ():
        nutrient, sep, rest = value.partition("=")
        if not sep or not nutrient.strip() or not rest.strip():
            raise ValueError(
                f"write amounts as NUTRIENT=AMOUNT[@FORM], e.g. 'magnesium=500 mg@magnesium oxide'; got {value!r}"
            )
        amount, _, form = rest.partition("@")
        out.append((nutrient.strip(), ng.Intake(amount.strip(), supplemental=supplemental, form=form.strip() or None)))
    return out


def cmd_check_intake(args: argparse.Namespace) -> int:
    """Compare intakes from food and supplements with the RDA/AI and the UL."""
    G = _graph(args)
    items = _parse_amounts(args.food, False) + _parse_amounts(args.supplement, True)
    if not items:
        raise ValueError("give at least one --food or --supplement amount")
    intakes: dict[str, list[Any]] = {}
    for nutrient, intake in items:
        intakes.setdefault(nutrient, []).append(intake)
    findings = ng.check_intake(G, intakes, age=args.age, sex=args.sex, life_stage=_life_stage(args))
    if args.json:
        _print_json(findings)
        return 0
    for f in findings:
        _echo(f"{f.status.value:<18} {f.message}", " " * 19)
    return _done()


def cmd_drug(args: argparse.Namespace) -> int:
    """Show what a medicine does to nutrients and what interacts with it."""
    G = _graph(args)
    d = ng.drug_effects(G, args.drug)
    if args.json:
        _print_json(d)
        return 0
    classes = f" (member of {', '.join(_name(G, c) for c in d.classes)})" if d.classes else ""
    _echo(f"{d.name}{classes}")
    if d.effects:
        print()
        rows = [(e.effect, e.name, e.evidence.value, e.mechanism or "") for e in d.effects]
        print(_table(("effect", "on", "evidence", "mechanism"), rows))
        for e in d.effects:
            if e.watch_for:
                _echo(f"  watch for ({e.name}): " + ", ".join(_name(G, s) for s in e.watch_for), "    ")
    if d.interactions:
        print()
        rows = [
            (e.effect, e.name, e.evidence.value, format_quantity(e.separation) if e.separation is not None else "")
            for e in d.interactions
        ]
        print(_table(("interaction", "with", "evidence", "separate by"), rows))
    return _done()


def cmd_stack(args: argparse.Namespace) -> int:
    """Check supplements and medicines taken together for conflicts and timing."""
    G = _graph(args)
    report = ng.check_stack(G, args.items)
    if args.json:
        _print_json(report)
        return 0
    if not report.findings:
        print("No recorded conflicts or benefits between these items.")
    for f in report.findings:
        note = f" ({f.separation_note})" if f.separation_note else ""
        _echo(f"{f.kind:<8} [{f.evidence.value}] {f.message}{note}", " " * 9)
    return _done()


def cmd_show(args: argparse.Namespace) -> int:
    """Show everything about one entity, with sources."""
    G = _graph(args)
    node = ng.resolve(G, args.entity)
    data = G.nodes[node]
    edges = sorted(
        [*G.out_edges(node, keys=True, data=True), *G.in_edges(node, keys=True, data=True)],
        key=lambda e: (e[2], e[0], e[1]),
    )
    if args.json:
        _print_json(
            {
                "id": node,
                **dict(data),
                "relations": [{"subject": u, "predicate": k, "object": v, **d} for u, v, k, d in edges],
            }
        )
        return 0
    print(f"{data['name']}  [{data['kind']}]  id: {node}")
    for field in ("synonyms", "xrefs", "description"):
        if data.get(field):
            value = data[field]
            _echo(f"  {field}: {', '.join(value) if isinstance(value, tuple) else value}", "    ")
    for field, value in sorted(data.items()):
        if field not in ("kind", "name", "synonyms", "xrefs", "description", "sources") and value is not None:
            _echo(f"  {field}: {value}", "    ")
    _echo(f"  sources: {_keys(data['sources'])}", "    ")
    rows = []
    for u, v, key, d in edges:
        reading, other = (ng.PREDICATES[key].label, v) if u == node else (ng.PREDICATES[key].inverse, u)
        rows.append((reading, _name(G, other), d["evidence"].value, _keys(d["sources"])))
    rows.sort(key=lambda r: (r[0], r[1]))
    if rows:
        print()
        print(_table(("relation", "with", "evidence", "sources"), rows))
    return _done()


def cmd_search(args: argparse.Namespace) -> int:
    """Fuzzy lookup of entities by name, synonym or id."""
    G = _graph(args)
    matches = ng.search(G, args.text, kind=args.kind, limit=args.limit)
    if args.json:
        _print_json(matches)
        return 0
    if not matches:
        print("no matches")
        return 0
    print(_table(("score", "id", "kind", "name"), [(f"{m.score:.0f}", m.node, m.kind, m.name) for m in matches]))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check knowledge-base files and list every problem (exit status 1 if any)."""
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
        _print_json([{"file": p.file, "record": p.record, "message": p.message} for p in problems])
    else:
        for problem in problems:
            print(problem)
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found." if count else "valid: no problems found.")
    return 1 if problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the knowledge base (or a neighbourhood of it) as JSON, GraphML or Mermaid."""
    from nutrigraph import display

    G = _graph(args)
    if args.format == "json":
        if not args.output:
            raise ValueError("--format json needs --output FILE")
        ng.write_json(G, args.output)
        return 0
    if args.format == "graphml":
        if not args.output:
            raise ValueError("--format graphml needs --output FILE")
        display.write_graphml(G, args.output)
        return 0
    sub = display.neighbourhood(G, args.node, radius=args.radius) if args.node else G
    text = display.to_mermaid(sub)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


# --- parser ---------------------------------------------------------------------------------


def _add(
    sub: Any, name: str, func: Callable[[argparse.Namespace], int], examples: Sequence[str], **kwargs: Any
) -> argparse.ArgumentParser:
    doc = (func.__doc__ or "").strip()
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=doc.splitlines()[0],
        description=doc + " " + DISCLAIMER,
        epilog="examples:\n" + "\n".join(f"  {e}" for e in examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kwargs,
    )
    parser.set_defaults(func=func)
    return parser


def _common(parser: argparse.ArgumentParser, json_flag: bool = True) -> None:
    if json_flag:
        parser.add_argument(
            "--json", action="store_true", help="print the result as JSON (see docs/reference/cli-json.md)"
        )
    parser.add_argument("--data", action="append", metavar="PATH", help="extra knowledge-base file (repeatable)")


def _person(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--age", type=float, required=required, help="age in years")
    parser.add_argument("--sex", choices=("female", "male"), required=required)
    stage = parser.add_mutually_exclusive_group()
    stage.add_argument("--pregnant", action="store_true")
    stage.add_argument("--lactating", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``nutrigraph`` command."""
    parser = _Parser(
        prog="nutrigraph",
        description="Query a knowledge graph of nutrients, enzymes, symptoms, drugs and foods. " + DISCLAIMER,
    )
    parser.add_argument("--version", action="version", version=f"nutrigraph {ng.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")

    p = _add(
        sub,
        "explain",
        cmd_explain,
        [
            'nutrigraph explain fatigue tingling "muscle cramps" --drug omeprazole',
            'nutrigraph explain "macrocytic anemia" glossitis --absent "methylmalonic acidemia" --json',
        ],
    )
    p.add_argument("symptoms", nargs="+", metavar="SYMPTOM", help="symptom names, lay words or HPO ids")
    p.add_argument("--absent", action="append", metavar="SYMPTOM", help="a finding known to be absent (repeatable)")
    p.add_argument("--drug", action="append", metavar="DRUG", help="a medicine taken (repeatable)")
    p.add_argument("--condition", action="append", metavar="CONDITION", help="a condition or group (repeatable)")
    p.add_argument("--diet", help="a diet, e.g. vegan")
    _person(p, required=False)
    p.add_argument(
        "--method", choices=METHODS, default=DEFAULT_METHOD, help=f"scoring method (default {DEFAULT_METHOD})"
    )
    p.add_argument("--top", type=int, help="show at most N candidates")
    _common(p)

    p = _add(
        sub,
        "path",
        cmd_path,
        [
            'nutrigraph path magnesium "vitamin B12" --via enzyme --via metabolite',
            "nutrigraph path magnesium B12 --max-length 3 --min-evidence supported --json",
        ],
    )
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("--max-length", type=int, default=4)
    p.add_argument("--min-evidence", choices=[e.value for e in ng.Evidence])
    p.add_argument("--via", action="append", metavar="KIND_OR_PREDICATE", help="restrict the walk (repeatable)")
    p.add_argument("--limit", type=int, default=20, help="show at most N pathways (default 20)")
    _common(p)

    p = _add(
        sub,
        "overlap",
        cmd_overlap,
        ['nutrigraph overlap magnesium "vitamin B12"', "nutrigraph overlap magnesium B12 folate iron --level category"],
    )
    p.add_argument("nutrients", nargs="+", metavar="NUTRIENT")
    p.add_argument("--level", choices=("category",), help="compare body-system categories instead of signs")
    _common(p)

    p = _add(sub, "intake", cmd_intake, ["nutrigraph intake magnesium --age 35 --sex female --pregnant"])
    p.add_argument("nutrient")
    _person(p, required=True)
    _common(p)

    p = _add(
        sub,
        "check-intake",
        cmd_check_intake,
        [
            'nutrigraph check-intake --age 35 --sex female --pregnant --supplement "magnesium=500 mg@magnesium oxide"',
            'nutrigraph check-intake --age 40 --sex male --food "vitamin D=5 µg" --supplement "vitamin D=4000 IU"',
        ],
    )
    p.add_argument("--food", action="append", metavar="NUTRIENT=AMOUNT", help="intake from food (repeatable)")
    p.add_argument(
        "--supplement", action="append", metavar="NUTRIENT=AMOUNT[@FORM]", help="intake from supplements (repeatable)"
    )
    _person(p, required=True)
    _common(p)

    p = _add(sub, "drug", cmd_drug, ["nutrigraph drug omeprazole", "nutrigraph drug levothyroxine --json"])
    p.add_argument("drug")
    _common(p)

    p = _add(sub, "stack", cmd_stack, ['nutrigraph stack "magnesium oxide" doxycycline levothyroxine iron'])
    p.add_argument("items", nargs="+", metavar="ITEM")
    _common(p)

    p = _add(sub, "show", cmd_show, ["nutrigraph show magnesium", 'nutrigraph show "HP:0003401" --json'])
    p.add_argument("entity", help="id, name, synonym or CURIE")
    _common(p)

    p = _add(sub, "search", cmd_search, ["nutrigraph search magnesum", "nutrigraph search cramp --kind symptom"])
    p.add_argument("text")
    p.add_argument("--kind", choices=sorted(ng.KINDS))
    p.add_argument("--limit", type=int, default=10)
    _common(p)

    p = _add(
        sub, "validate", cmd_validate, ["nutrigraph validate my_claims.toml", "nutrigraph validate --alone my_kb/"]
    )
    p.add_argument("paths", nargs="+", help="TOML files or directories in the nutrigraph data format")
    p.add_argument("--alone", action="store_true", help="validate without the bundled knowledge base")
    p.add_argument(
        "--partial", action="store_true", help="the paths are files of the bundled knowledge base; show their problems"
    )
    p.add_argument("--json", action="store_true", help="print problems as JSON")

    p = _add(
        sub,
        "export",
        cmd_export,
        [
            "nutrigraph export --format json --output kb.json",
            "nutrigraph export --format mermaid --node magnesium --radius 1",
        ],
    )
    p.add_argument("--format", choices=("json", "graphml", "mermaid"), required=True)
    p.add_argument("--output", metavar="FILE")
    p.add_argument("--node", help="mermaid: only this entity's neighbourhood")
    p.add_argument("--radius", type=int, default=1, help="mermaid: neighbourhood radius (default 1)")
    _common(p, json_flag=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # inside the try, so a reader that went away is handled below
        return status
    except BrokenPipeError:
        # The reader went away (e.g. `nutrigraph explain ... | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (NutrigraphError, ValueError, FileNotFoundError) as exc:
        message = str(exc) if not isinstance(exc, KeyError) or isinstance(exc, NutrigraphError) else exc.args[0]
        lines = message.splitlines() or [type(exc).__name__]
        print(f"nutrigraph: error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(line, file=sys.stderr)
        return 2
