"""How is magnesium connected to vitamin B12? Ranked pathways, the grade of each step, and a contested claim.

Shows :func:`nutrigraph.trace_pathways` twice: restricted with ``via`` to enzymes and metabolites
(the biochemistry), and unrestricted, where hubs such as foods and population groups make many
short but uninformative connections. Every step carries its evidence grade; a pathway is only as
well supported as its weakest step. The popular claim that magnesium is a cofactor of methionine
synthase is graded "contested": the script prints who states it, who contradicts it, and why.
Finally it prints the biochemical pathways as Mermaid flowchart text (paste it into any Mermaid
viewer, e.g. https://mermaid.live, or a Markdown file that renders Mermaid).

Run it with::

    python examples/trace_magnesium_b12.py
"""

from __future__ import annotations

import textwrap

import nutrigraph as ng

SOURCE, TARGET = "magnesium", "vitamin B12"
VIA = ("enzyme", "metabolite")
UNRESTRICTED_SHOWN = 5


def print_steps(pathway: ng.Pathway) -> None:
    """Each step of a pathway as stored, with its grade and source keys."""
    for step in pathway.relations:
        arrow = "->" if step.direction == "forward" else "<-"
        keys = ", ".join(s.key for s in step.sources)
        print(f"       {arrow} {step.subject} {step.predicate} {step.object}  [{step.evidence.value}; {keys}]")


def main() -> None:
    """Trace the pathways with and without ``via`` and examine the contested step."""
    G = ng.load()

    biochemical = ng.trace_pathways(G, SOURCE, TARGET, via=VIA)
    print(f"{SOURCE} -> {TARGET} through {' and '.join(VIA)}s: {len(biochemical)} pathways, strongest first\n")
    for rank, pathway in enumerate(biochemical, 1):
        print(f"{rank:>2}. [{pathway.evidence.value}] {pathway.describe()}")
        print_steps(pathway)

    everything = ng.trace_pathways(G, SOURCE, TARGET)
    print(f"\nWithout via: {len(everything)} pathways of up to 4 steps; the first {UNRESTRICTED_SHOWN}:")
    for rank, pathway in enumerate(everything[:UNRESTRICTED_SHOWN], 1):
        print(f"{rank:>2}. [{pathway.evidence.value}, specificity {pathway.specificity:.4f}] {pathway.describe()}")
    print("   Foods, groups and shared symptoms link almost any two nutrients; via keeps the mechanism.")

    contested = [
        step
        for pathway in biochemical
        for step in pathway.relations
        if (step.subject, step.predicate, step.object) == ("magnesium", "cofactor_of", "methionine_synthase")
    ]
    step = contested[0]
    record = G.edges[step.subject, step.object, step.predicate]
    print(f'\nThe claim "magnesium is a cofactor of methionine synthase" is graded {step.evidence.value}.')
    print("  Stated by:")
    for source in step.sources:
        print(f"    [{source.key}] {source.citation()}")
    print("  Contradicted by:")
    for source in record["contradicted_by"]:
        print(f"    [{source.key}] {source.citation()}")
    print(textwrap.fill(f"Note: {step.note}", 100, initial_indent="  ", subsequent_indent="    "))

    print("\nMermaid flowchart of the biochemical pathways (dotted arrows are below established):\n")
    print(ng.to_mermaid(biochemical))

    print("\nThis is information from published sources, not a diagnosis or medical advice.")


if __name__ == "__main__":
    main()
