"""How alike are the deficiency pictures of the nutrients? Pairwise overlap of their signs.

Shows :func:`nutrigraph.overlap_matrix` over every nutrient with deficiency signs (20 in the
bundled knowledge base) at two levels: the signs themselves, and the body-system categories they
fall under (neurological, gastrointestinal, ...). Overlap is the Jaccard index, shared signs over
all signs of the two. The most similar pairs are the deficiencies hardest to tell apart by symptoms
alone; :func:`nutrigraph.symptom_overlap` then lists what the top pair shares and what sets the two
apart.

Run it with::

    python examples/overlap_matrix.py
"""

from __future__ import annotations

import nutrigraph as ng

TOP = 8


def print_matrix(matrix: ng.OverlapMatrix) -> None:
    """The Jaccard matrix in percent; columns are numbered like the rows to stay narrow."""
    what = "signs" if matrix.level is None else "body-system categories"
    width = max(len(name) for name in matrix.names)
    print(f"Overlap of {what}, Jaccard in percent (diagonal left blank):")
    print(" " * (width + 4) + "".join(f"{j:>4}" for j in range(1, len(matrix.names) + 1)))
    for i, (name, row) in enumerate(zip(matrix.names, matrix.jaccard, strict=True)):
        cells = "".join("   ." if i == j else f"{round(100 * value):>4}" for j, value in enumerate(row))
        print(f"{i + 1:>2}. {name:<{width}}{cells}")


def print_top_pairs(matrix: ng.OverlapMatrix) -> tuple[str, str]:
    """Print the ``TOP`` most similar pairs of ``matrix`` and return the first as node ids."""
    names = dict(zip(matrix.nutrients, matrix.names, strict=True))
    pairs = sorted(matrix.rows(), key=lambda row: (-row["jaccard"], row["a"], row["b"]))[:TOP]
    what = "signs" if matrix.level is None else "body-system categories"
    print(f"Most similar pairs by shared {what} (Jaccard, shared count):")
    for row in pairs:
        pair = f"{names[row['a']]} + {names[row['b']]}"
        print(f"  {pair:<28} {row['jaccard']:.2f}  ({row['shared']} shared)")
    return pairs[0]["a"], pairs[0]["b"]


def main() -> None:
    """Compute both matrices, print the most similar pairs, then compare the top pair in detail."""
    G = ng.load()
    by_sign = ng.overlap_matrix(G)
    by_category = ng.overlap_matrix(G, level="category")
    print(f"{len(by_sign.nutrients)} nutrients with deficiency signs\n")

    for matrix in (by_sign, by_category):
        print_matrix(matrix)
        print()
    a, b = print_top_pairs(by_sign)
    print()
    print_top_pairs(by_category)

    detail = ng.symptom_overlap(G, a, b)
    print(f"\n{G.nodes[a]['name']} and {G.nodes[b]['name']} share: {', '.join(sorted(detail.shared))}")
    print(f"  only {G.nodes[a]['name']}: {', '.join(sorted(detail.only_a))}")
    print(f"  only {G.nodes[b]['name']}: {', '.join(sorted(detail.only_b))}")
    for x, y in detail.related:
        print(f"  related: {x} ({G.nodes[a]['name']}) and {y} ({G.nodes[b]['name']}), one a kind of the other")

    print("\nThis is information from published sources, not a diagnosis; overlapping symptoms are why")
    print("a deficiency is confirmed by tests and a health professional, not by symptoms alone.")


if __name__ == "__main__":
    main()
