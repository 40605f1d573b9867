"""Which nutrient deficiencies could explain fatigue, tingling and muscle cramps in someone on omeprazole?

Shows :func:`nutrigraph.explain_symptoms`: the ranked candidates, which symptom each explains and
through which deficiency sign, the context that moved each one (omeprazole, a proton pump
inhibitor, depletes magnesium and vitamin B12), the pairs of nutrients that together explain more
than one alone, and the sources behind the leading candidate.

Run it with::

    python examples/explain_symptoms.py
"""

from __future__ import annotations

import nutrigraph as ng

SYMPTOMS = ["fatigue", "tingling", "muscle cramps"]
DRUGS = ["omeprazole"]
SHOWN = 5


def describe_match(match: ng.MatchedSymptom, asked: dict[str, str]) -> str:
    """One explained symptom: the words asked, the sign that accounts for it and how they match."""
    words = asked[match.query]
    query = words if words == match.query.replace("_", " ") else f"{words} ({match.query})"
    frequency = f", {match.frequency.replace('_', ' ')}" if match.frequency else ""
    return f"{query} through the {match.match} sign {match.sign} [{match.evidence.value}{frequency}]"


def main() -> None:
    """Rank the candidates and print what each explains, its context, the pairs and the sources."""
    G = ng.load()
    result = ng.explain_symptoms(G, SYMPTOMS, drugs=DRUGS)
    asked = dict(zip(result.symptoms, SYMPTOMS, strict=True))  # the query ids, in the order given

    print(f"Symptoms: {', '.join(SYMPTOMS)} (resolved as {', '.join(result.symptoms)}); taking {', '.join(DRUGS)}")
    print(f"Probability that none of these deficiencies is behind them: {result.none_probability:.2f}\n")

    for rank, candidate in enumerate(result[:SHOWN], 1):
        print(f"{rank}. {candidate.name} (p={candidate.probability:.2f}, score {candidate.score:.2f})")
        for match in candidate.explained:
            print(f"     explains {describe_match(match, asked)}")
        if candidate.unexplained:
            print(f"     does not explain {', '.join(asked[s] for s in candidate.unexplained)}")
        for effect in candidate.context:
            via = f" (as a member of {effect.via})" if effect.via else ""
            mechanism = f": {effect.mechanism}" if effect.mechanism else ""
            print(
                f"     context: {effect.factor}{via} {effect.predicate} {candidate.name}{mechanism} "
                f"[{effect.evidence.value}, prior x{effect.multiplier:g}]"
            )
    if len(result) > SHOWN:
        print(f"   ... and {len(result) - SHOWN} more candidates with lower probability")

    print()
    if result.pairs:
        for pair in result.pairs:
            left = f"; leaves {', '.join(asked[s] for s in pair.unexplained)} unexplained" if pair.unexplained else ""
            explained = ", ".join(asked[m.query] for m in pair.explained)
            print(f"Pair: {pair.names[0]} + {pair.names[1]} (score {pair.score:.2f}) explains {explained}{left}")
    else:
        print("Pairs: none; no two nutrients together explain the symptoms better than the best one alone.")

    best = result[0]
    print(f"\nSources for {best.name}:")
    for source in best.sources:
        print(f"  [{source.key}] {source.citation()}")

    print(f"\n{result.disclaimer}")


if __name__ == "__main__":
    main()
