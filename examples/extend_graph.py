"""Extend the bundled knowledge base with your own TOML file: a new food, its sources and amounts.

Shows the round trip for your own data: write a file in the nutrigraph data format (see
``docs/data-format.md``), check it with :func:`nutrigraph.validate`, load it on top of the bundled
knowledge base with :func:`nutrigraph.load`, and query the new entity like any other. The file
defines a new source of its own (an illustrative product label at example.org) and also cites a
bundled source key (``usda_fdc``, FoodData Central). A second, broken file shows that validation
reports every problem at once, each with its file and record, and that such a file does not load.

Everything is written to a temporary directory that is removed at the end.

Run it with::

    python examples/extend_graph.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import networkx as nx

import nutrigraph as ng

MY_FOOD = """\
# My own additions: hulled hemp seeds ("hemp hearts") and what a 30 g serving supplies.

[sources.example_hemp_hearts_label]
title = "Nutrition Facts label of a hulled hemp seed product (illustrative example)"
publisher = "nutrigraph example"
year = 2024
url = "https://example.org/hemp-hearts-label"

[[entity]]
id = "hemp_seeds_hulled"
kind = "food"
name = "hemp seeds, hulled"
synonyms = ["hemp hearts", "shelled hemp seeds"]
description = "The soft inner part of the hemp seed, eaten raw on cereal or salads."
sources = ["usda_fdc", "example_hemp_hearts_label"]
food_group = "nuts and seeds"

[[relation]]
subject = "hemp_seeds_hulled"
predicate = "source_of"
object = "magnesium"
evidence = "established"
sources = ["usda_fdc", "example_hemp_hearts_label"]
amount = "210 mg"
serving = "30 g"
serving_label = "3 tablespoons"
note = "About 700 mg per 100 g of hulled seeds."

[[relation]]
subject = "hemp_seeds_hulled"
predicate = "source_of"
object = "zinc"
evidence = "established"
sources = ["usda_fdc", "example_hemp_hearts_label"]
amount = "3 mg"
serving = "30 g"
serving_label = "3 tablespoons"
"""

BROKEN = """\
[[entity]]
id = "chia_pudding"
kind = "dish"
name = "chia pudding"
sources = ["my_recipe_book"]

[[relation]]
subject = "hemp_seeds_hulled"
predicate = "source_of"
object = "magnesum"
evidence = "established"
sources = ["usda_fdc"]
amount = "lots"
"""


def richest_sources(G: nx.MultiDiGraph[str], nutrient: str, count: int = 5) -> list[tuple[str, str, str]]:
    """The foods with the most of ``nutrient`` per serving: (name, amount, serving), best first."""
    target = ng.resolve(G, nutrient, kind="nutrient")
    found = [
        (data["amount"], str(G.nodes[food]["name"]), data.get("serving_label") or ng.format_quantity(data["serving"]))
        for food, _, key, data in G.in_edges(target, keys=True, data=True)
        if key == "source_of"
    ]
    found.sort(key=lambda item: (-item[0].to("mg").magnitude, item[1]))
    return [(name, ng.format_quantity(amount), serving) for amount, name, serving in found[:count]]


def main() -> None:
    """Write, validate, load and query a file of one's own, then validate a broken one."""
    with tempfile.TemporaryDirectory() as tmp:
        mine = Path(tmp) / "my_foods.toml"
        mine.write_text(MY_FOOD, encoding="utf-8")
        problems = ng.validate(extra=[mine])
        print(f"validate(extra=[{mine.name}]): {len(problems)} problems")

        G = ng.load(extra=[mine])
        food = ng.resolve(G, "hemp hearts")
        data = G.nodes[food]
        print(f"\nresolve('hemp hearts') -> {food!r}: {data['name']} ({data['kind']}, {data['food_group']})")
        print(f"  search('hemp harts') -> {[m.node for m in ng.search(G, 'hemp harts', kind='food', limit=1)]}")
        for _, nutrient, key, relation in G.out_edges(food, keys=True, data=True):
            if key == "source_of":
                keys = ", ".join(s.key for s in relation["sources"])
                amount, serving = ng.format_quantity(relation["amount"]), ng.format_quantity(relation["serving"])
                print(f"  source of {nutrient}: {amount} per {serving} ({relation['serving_label']}) [{keys}]")
        print("\nRichest magnesium sources per serving, now including the new food:")
        for name, amount, serving in richest_sources(G, "magnesium"):
            print(f"  {name:<28} {amount:>8}  per {serving}")
        print(f"The bundled graph is unchanged: {food!r} in ng.load() is {food in ng.load()}")

        broken = Path(tmp) / "broken.toml"
        broken.write_text(BROKEN, encoding="utf-8")
        problems = ng.validate(extra=[mine, broken])
        print(f"\nvalidate(extra=[{mine.name}, {broken.name}]) reports {len(problems)} problems at once:")
        for problem in problems:
            print(f"  {Path(problem.file).name}: {problem.record}: {problem.message}")
        try:
            ng.load(extra=[mine, broken])
        except ng.DataValidationError as exc:
            print(f"load() refuses the files: DataValidationError with {len(exc.problems)} problems")

    print("\nThis is information from published sources, not a diagnosis or dietary advice.")


if __name__ == "__main__":
    main()
