"""Which nutrient deficiencies could explain a set of symptoms, and why.

:func:`explain_symptoms` ranks the nutrients of a knowledge graph by how well their deficiency
signs account for the symptoms given, shifted by context (medicines that deplete a nutrient,
conditions, diets and life stages that raise deficiency risk), and says for each nutrient which
symptoms it explains, through which sign, and on what sources.

The output is information for a conversation with a health professional, not a diagnosis: the
probabilities are relative to the nutrients in the graph and a "none of these" alternative, not
to every possible cause.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, Literal, overload

import attrs
import networkx as nx

from nutrigraph.model import Source
from nutrigraph.queries._index import (
    EVIDENCE_WEIGHT,
    LIFE_STAGES,
    SEXES,
    Sign,
    SymptomIndex,
    members_and_classes,
    raise_unknown,
    resolve_all,
    symptom_index,
)
from nutrigraph.resolve import resolve
from nutrigraph.schema import Evidence

__all__ = [
    "METHODS",
    "ContextEffect",
    "Explanation",
    "MatchedSymptom",
    "NutrientExplanation",
    "PairExplanation",
    "explain_symptoms",
]

DISCLAIMER: Final = (
    "This ranking is information drawn from published sources about nutrient deficiencies, not a "
    "diagnosis; symptoms like these have many other causes. Talk to a health professional."
)

Method = Literal["lr", "ic"]
METHODS: Final[tuple[str, ...]] = ("lr", "ic")
DEFAULT_METHOD: Final = "lr"

# Match kinds, by how a query symptom meets a deficiency sign in the is_a hierarchy.
EXACT: Final = "exact"
SUBTYPE: Final = "subtype"  # the sign is a kind of the queried finding (query broader)
BROADER: Final = "broader"  # the sign is a broader finding than the query (query more specific)
RELATED: Final = "related"  # the two share an informative ancestor (IC method only)

SUBTYPE_FACTOR: Final = 0.9
BROADER_FACTOR: Final = 0.3
UNEXPLAINED_PROBABILITY: Final = 0.02  # P(symptom | deficiency) when no sign accounts for it
BACKGROUND_SCALE: Final = 0.3
BACKGROUND_FLOOR: Final = 0.1  # symptoms people report are common whatever their cause
LAB_BACKGROUND_FLOOR: Final = 0.01  # abnormal laboratory findings are rarer in the background
BASE_PRIOR_TOTAL: Final = 0.5  # prior mass of "some nutrient deficiency" versus "none of these"
PAIR_PRIOR_FACTOR: Final = 0.5
CONTEXT_MULTIPLIER: Final = {
    Evidence.ESTABLISHED: 3.0,
    Evidence.SUPPORTED: 2.0,
    Evidence.LIMITED: 1.3,
    Evidence.CONTESTED: 1.0,
}
LEVEL_FACTOR: Final = 0.5  # a drug that raises a nutrient's level makes its deficiency less likely
OLDER_ADULT_AGE: Final = 51


@attrs.frozen
class MatchedSymptom:
    """How one query symptom is accounted for by one nutrient's deficiency sign.

    ``match`` is ``"exact"``; ``"subtype"`` when the sign is a kind of the queried finding;
    ``"broader"`` when the sign is a broader finding than the query; or ``"related"`` when they only
    share an informative ancestor ``via`` (IC method). ``weight`` is the sign's contribution.
    """

    query: str
    sign: str
    match: str
    weight: float
    evidence: Evidence
    frequency: str | None
    sources: tuple[Source, ...] = attrs.field(repr=False)
    via: str | None = None


@attrs.frozen
class ContextEffect:
    """A drug, condition, diet, life stage or age group that shifted a nutrient's prior.

    ``multiplier`` > 1 raises the nutrient's prior (a drug that depletes it, a risk condition),
    < 1 lowers it (a drug that raises its level). ``via`` names the drug class through which a
    drug's effect applies.
    """

    factor: str
    role: str
    predicate: str
    multiplier: float
    evidence: Evidence
    mechanism: str | None
    sources: tuple[Source, ...] = attrs.field(repr=False)
    via: str | None = None


@attrs.frozen
class NutrientExplanation:
    """One candidate nutrient: its score, probability, what it explains and what moved it."""

    nutrient: str
    name: str
    score: float
    probability: float
    explained: tuple[MatchedSymptom, ...]
    unexplained: tuple[str, ...]
    absent_conflicts: tuple[MatchedSymptom, ...]
    context: tuple[ContextEffect, ...]
    sources: tuple[Source, ...] = attrs.field(repr=False)

    def describe(self) -> str:
        """One line in words, e.g. ``"magnesium (p=0.41): explains fatigue, muscle cramps; ..."``."""
        parts = [f"{self.name} (p={self.probability:.2f})"]
        if self.explained:
            shown = ", ".join(
                m.query if m.match == EXACT else f"{m.query} (via {m.match} sign {m.sign})" for m in self.explained
            )
            parts.append(f"explains {shown}")
        if self.unexplained:
            parts.append("does not explain " + ", ".join(self.unexplained))
        if self.context:
            parts.append("context: " + ", ".join(f"{c.factor} {c.predicate}" for c in self.context))
        return "; ".join(parts)


@attrs.frozen
class PairExplanation:
    """Two nutrients whose deficiencies together explain the symptoms better than any one alone."""

    nutrients: tuple[str, str]
    names: tuple[str, str]
    score: float
    explained: tuple[MatchedSymptom, ...]
    unexplained: tuple[str, ...]
    sources: tuple[Source, ...] = attrs.field(repr=False)


@attrs.frozen
class Explanation(Sequence[NutrientExplanation]):
    """The ranked answer of :func:`explain_symptoms`; iterate it for the candidates.

    Attributes
    ----------
    candidates : tuple of NutrientExplanation
        Nutrients that explain at least one symptom, best first.
    pairs : tuple of PairExplanation
        Up to three pairs of nutrients that together beat every single candidate.
    none_probability : float
        Probability that none of the graph's nutrient deficiencies is behind the symptoms.
    symptoms, absent : tuple of str
        The query as resolved node ids.
    method : str
        The scoring method used.
    """

    candidates: tuple[NutrientExplanation, ...]
    pairs: tuple[PairExplanation, ...]
    none_probability: float
    symptoms: tuple[str, ...]
    absent: tuple[str, ...]
    method: str
    disclaimer: str = DISCLAIMER

    @overload
    def __getitem__(self, index: int) -> NutrientExplanation: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[NutrientExplanation]: ...
    def __getitem__(self, index: int | slice) -> NutrientExplanation | Sequence[NutrientExplanation]:
        return self.candidates[index]

    def __len__(self) -> int:
        return len(self.candidates)

    def __iter__(self) -> Iterator[NutrientExplanation]:
        return iter(self.candidates)

    def __repr__(self) -> str:
        header = (
            f"Explanation(method={self.method!r}, symptoms={list(self.symptoms)!r}, "
            f"none_probability={self.none_probability:.2f})"
        )
        lines = [header]
        lines += [f"  {i}. {c.describe()}" for i, c in enumerate(self.candidates[:10], 1)]
        if len(self.candidates) > 10:
            lines.append(f"  ... {len(self.candidates) - 10} more")
        lines += [f"  pair: {p.names[0]} + {p.names[1]} (score {p.score:.2f})" for p in self.pairs]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from nutrigraph.display import html_table

        rows = [
            (
                i,
                c.name,
                f"{c.probability:.2f}",
                ", ".join(m.query if m.match == EXACT else f"{m.query} ({m.match}: {m.sign})" for m in c.explained),
                ", ".join(c.unexplained),
                ", ".join(f"{e.factor} {e.predicate}" for e in c.context),
            )
            for i, c in enumerate(self.candidates, 1)
        ]
        table = html_table(("#", "nutrient", "probability", "explains", "does not explain", "context"), rows)
        return f"{table}<p>None of these: {self.none_probability:.2f}. {DISCLAIMER}</p>"


# --- inputs ---------------------------------------------------------------------------------


@attrs.frozen
class _Query:
    symptoms: tuple[str, ...]
    absent: tuple[str, ...]
    context: Mapping[str, tuple[ContextEffect, ...]]  # nutrient -> effects


def _as_list(value: Iterable[str] | str, name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} must be strings, got {type(item).__name__}")
    return items


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _parse_query(
    G: nx.MultiDiGraph[str],
    symptoms: Iterable[str] | str,
    absent: Iterable[str] | str,
    drugs: Iterable[str] | str,
    conditions: Iterable[str] | str,
    diet: str | None,
    age: float | None,
    sex: str | None,
    life_stage: str | None,
) -> _Query:
    symptom_texts = _as_list(symptoms, "symptoms")
    if not symptom_texts:
        raise ValueError("give at least one symptom")
    found, failures = resolve_all(G, symptom_texts, ("symptom",), "symptom")
    absent_found, more = resolve_all(G, _as_list(absent, "absent"), ("symptom",), "symptom")
    failures += more
    drug_found, more = resolve_all(G, _as_list(drugs, "drugs"), ("drug", "drug_class"), "drug")
    failures += more
    condition_found, more = resolve_all(
        G, _as_list(conditions, "conditions"), ("condition", "population_group"), "condition"
    )
    failures += more
    diet_found, more = resolve_all(G, [] if diet is None else [diet], ("population_group", "condition"), "diet")
    failures += more
    raise_unknown(failures)

    if age is not None and (not isinstance(age, int | float) or isinstance(age, bool) or not 0 <= age <= 130):
        raise ValueError(f"age must be a number of years from 0 to 130, got {age!r}")
    sex_key = None
    if sex is not None:
        sex_key = SEXES.get(str(sex).strip().casefold())
        if sex_key is None:
            raise ValueError(f"sex must be 'female' or 'male', got {sex!r}")
    stage = None
    if life_stage is not None:
        stage = LIFE_STAGES.get(str(life_stage).strip().casefold())
        if stage is None:
            raise ValueError(f"life_stage must be 'pregnancy' or 'lactation', got {life_stage!r}")
        if sex_key == "male":
            raise ValueError(f"life_stage {stage!r} needs sex='female' (or no sex given)")

    symptoms_t = _unique(found)
    overlap = set(symptoms_t) & set(absent_found)
    if overlap:
        raise ValueError(f"symptoms listed as both present and absent: {', '.join(sorted(overlap))}")

    roles: list[tuple[str, str]] = [(d, "drug") for d in _unique(drug_found)]
    roles += [(c, "condition") for c in condition_found]
    roles += [(d, "diet") for d in diet_found]
    if stage is not None:
        roles += [(node, "life_stage") for node in _optional_group(G, stage)]
    if age is not None and age >= OLDER_ADULT_AGE:
        roles += [(node, "age") for node in _optional_group(G, "older adults")]
    return _Query(symptoms_t, _unique(absent_found), _context(G, _unique_pairs(roles)))


def _unique_pairs(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for node, role in items:
        if node not in seen:
            seen.add(node)
            out.append((node, role))
    return out


def _optional_group(G: nx.MultiDiGraph[str], text: str) -> list[str]:
    """The population group for a life stage or age band, if the graph has one."""
    try:
        return [resolve(G, text, kind="population_group")]
    except KeyError:
        return []


def _context(G: nx.MultiDiGraph[str], roles: list[tuple[str, str]]) -> dict[str, tuple[ContextEffect, ...]]:
    effects: dict[str, list[ContextEffect]] = {}
    for node, role in roles:
        subjects = members_and_classes(G, node) if role == "drug" else [(node, None)]
        for subject, member in subjects:
            for _, nutrient, key, data in G.out_edges(subject, keys=True, data=True):
                if key in ("depletes", "risk_factor_for"):
                    multiplier = CONTEXT_MULTIPLIER[data["evidence"]]
                elif key == "raises_level_of":
                    multiplier = LEVEL_FACTOR
                else:
                    continue
                effects.setdefault(nutrient, []).append(
                    ContextEffect(
                        factor=node,
                        role=role,
                        predicate=key,
                        multiplier=multiplier,
                        evidence=data["evidence"],
                        mechanism=data.get("mechanism"),
                        sources=data["sources"],
                        via=subject if member is not None else None,
                    )
                )
    return {n: tuple(sorted(e, key=lambda c: (c.factor, c.via or "", c.predicate))) for n, e in effects.items()}


# --- scoring --------------------------------------------------------------------------------


def _background(G: nx.MultiDiGraph[str], index: SymptomIndex, symptom: str) -> float:
    """P(symptom | none of these deficiencies): larger for findings many deficiencies share."""
    total = len(index.nutrients)
    count = len(index.annotated.get(symptom, ()))
    floor = LAB_BACKGROUND_FLOOR if G.nodes[symptom].get("lab_finding") else BACKGROUND_FLOOR
    return min(0.9, max(floor, BACKGROUND_SCALE * (count + 1) / (total + 2)))


def _match(index: SymptomIndex, query: str, nutrient: str) -> MatchedSymptom | None:
    """The best exact, subtype or broader match of ``query`` among ``nutrient``'s signs."""
    best: tuple[float, MatchedSymptom] | None = None
    sign = index.below.get(query, {}).get(nutrient)
    if sign is not None:
        kind, factor = (EXACT, 1.0) if sign.symptom == query else (SUBTYPE, SUBTYPE_FACTOR)
        best = (sign.weight * factor, _matched(query, sign, kind, sign.weight * factor))
    for ancestor in index.ancestors.get(query, ()):
        if ancestor == query:
            continue
        broader = index.exact.get(ancestor, {}).get(nutrient)
        if broader is not None:
            weight = broader.weight * BROADER_FACTOR
            if best is None or (weight, broader.symptom) > (best[0], best[1].sign):
                best = (weight, _matched(query, broader, BROADER, weight))
    return None if best is None else best[1]


def _matched(query: str, sign: Sign, match: str, weight: float, via: str | None = None) -> MatchedSymptom:
    return MatchedSymptom(query, sign.symptom, match, weight, sign.evidence, sign.frequency, sign.sources, via)


def _absent_match(index: SymptomIndex, absent: str, nutrient: str) -> MatchedSymptom | None:
    """A sign of ``nutrient`` that the absence of ``absent`` argues against (it or a subtype)."""
    sign = index.below.get(absent, {}).get(nutrient)
    if sign is None:
        return None
    kind = EXACT if sign.symptom == absent else SUBTYPE
    return _matched(absent, sign, kind, sign.weight)


def _ic_match(index: SymptomIndex, query: str, nutrient: str, ic: Mapping[str, float]) -> MatchedSymptom | None:
    """The most informative common ancestor of ``query`` and a sign of ``nutrient`` (Phenomizer)."""
    best: tuple[float, str, MatchedSymptom] | None = None
    for ancestor in index.ancestors.get(query, ()):
        sign = index.below.get(ancestor, {}).get(nutrient)
        if sign is None:
            continue
        if ancestor == query:
            kind, factor = (EXACT, 1.0) if sign.symptom == query else (SUBTYPE, SUBTYPE_FACTOR)
        elif ancestor == sign.symptom:
            kind, factor = BROADER, 1.0
        else:
            kind, factor = RELATED, 1.0
        if kind == RELATED and ic[ancestor] < IC_RELATED_MINIMUM:
            continue
        value = ic[ancestor] * factor * EVIDENCE_WEIGHT[sign.evidence]
        if value <= 0:
            continue
        candidate = (value, ancestor, _matched(query, sign, kind, value, None if kind != RELATED else ancestor))
        if best is None or (candidate[0], candidate[1]) > (best[0], best[1]):
            best = candidate
    return None if best is None else best[2]


@attrs.frozen
class _Scored:
    nutrient: str
    log_weight: float  # log prior + log likelihood (unnormalised log posterior)
    explained: tuple[MatchedSymptom, ...]
    unexplained: tuple[str, ...]
    absent_conflicts: tuple[MatchedSymptom, ...]
    per_symptom: Mapping[str, float]  # query symptom -> its log-likelihood term


def _score_lr(index: SymptomIndex, q: _Query, nutrient: str, log_prior: float) -> _Scored:
    explained, unexplained, terms = [], [], {}
    for symptom in q.symptoms:
        m = _match(index, symptom, nutrient)
        if m is None or m.weight <= 0:
            unexplained.append(symptom)
            terms[symptom] = math.log(UNEXPLAINED_PROBABILITY)
        else:
            explained.append(m)
            terms[symptom] = math.log(max(m.weight, UNEXPLAINED_PROBABILITY))
    conflicts = []
    absent_term = 0.0
    for symptom in q.absent:
        m = _absent_match(index, symptom, nutrient)
        if m is not None:
            conflicts.append(m)
            absent_term += math.log(max(1.0 - m.weight, 1e-6))
    total = log_prior + sum(terms.values()) + absent_term
    return _Scored(nutrient, total, tuple(explained), tuple(unexplained), tuple(conflicts), terms)


def _score_ic(index: SymptomIndex, q: _Query, nutrient: str, log_prior: float, ic: Mapping[str, float]) -> _Scored:
    explained, unexplained, terms = [], [], {}
    for symptom in q.symptoms:
        m = _ic_match(index, symptom, nutrient, ic)
        if m is None:
            unexplained.append(symptom)
            terms[symptom] = 0.0
        else:
            explained.append(m)
            terms[symptom] = m.weight
    conflicts = []
    penalty = 0.0
    for symptom in q.absent:
        m = _absent_match(index, symptom, nutrient)
        if m is not None:
            conflicts.append(m)
            penalty += ic[symptom] * m.weight
    # sum of IC over matches approximates the log likelihood ratio against the background when
    # the sign is always present; the agnostic sign probability is charged per symptom.
    charge = math.log(2.0) * len(q.symptoms)
    total = log_prior + sum(terms.values()) - penalty - charge
    return _Scored(nutrient, total, tuple(explained), tuple(unexplained), tuple(conflicts), terms)


def _log_priors(index: SymptomIndex, q: _Query) -> tuple[dict[str, float], float]:
    count = max(len(index.nutrients), 1)
    base = BASE_PRIOR_TOTAL / count
    priors = {}
    for nutrient in index.nutrients:
        multiplier = math.prod(c.multiplier for c in q.context.get(nutrient, ()))
        priors[nutrient] = math.log(base * multiplier)
    return priors, math.log(1.0 - BASE_PRIOR_TOTAL)


def _sources(*groups: Iterable[Any]) -> tuple[Source, ...]:
    found: dict[str, Source] = {}
    for group in groups:
        for item in group:
            for source in item.sources:
                found.setdefault(source.key, source)
    return tuple(found[k] for k in sorted(found))


def _logsumexp(values: Sequence[float]) -> float:
    peak = max(values)
    return peak + math.log(sum(math.exp(v - peak) for v in values))


def explain_symptoms(
    G: nx.MultiDiGraph[str],
    symptoms: Iterable[str] | str,
    *,
    absent: Iterable[str] | str = (),
    drugs: Iterable[str] | str = (),
    conditions: Iterable[str] | str = (),
    diet: str | None = None,
    age: float | None = None,
    sex: str | None = None,
    life_stage: str | None = None,
    method: str = DEFAULT_METHOD,
    top: int | None = None,
) -> Explanation:
    r"""Rank the nutrient deficiencies that could explain a set of symptoms.

    Each nutrient is scored by how well its deficiency signs account for the symptoms given,
    through the symptom hierarchy where there is no exact match, and by what its context makes
    more or less likely. The answer lists, for each candidate, the symptoms it explains and through
    which sign, the symptoms it leaves unexplained, each context factor that moved it, and the
    sources; and the pairs of nutrients that together explain the set better than any one alone.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph, e.g. ``nutrigraph.load()``.
    symptoms : str or iterable of str
        Present findings: ids, names, lay words or HPO ids ("tingling", "HP:0003401").
    absent : str or iterable of str, optional
        Findings known to be absent; they count against nutrients whose signs include them.
    drugs : str or iterable of str, optional
        Medicines or drug classes taken; those that deplete a nutrient raise its prior, and a
        drug inherits the effects of its classes.
    conditions : str or iterable of str, optional
        Conditions or population groups that raise deficiency risk ("Crohn's disease", "vegans").
    diet : str, optional
        A diet group, e.g. ``"vegan"``; treated like a condition.
    age : float, optional
        Age in years; from 51 on, the risks of the "older adults" group apply when the graph has it.
    sex : {"female", "male"}, optional
        Checked against ``life_stage``.
    life_stage : {"pregnancy", "lactation"}, optional
        Applies the risks recorded for that group.
    method : {"lr", "ic"}, default "lr"
        The scoring method (see Notes). The default was chosen by the vignette benchmark.
    top : int, optional
        Return at most this many candidates.

    Returns
    -------
    Explanation
        Candidates best first (highest probability; ties broken by score, then node id), the best
        pairs, and the probability of "none of these".

    Raises
    ------
    UnknownEntityError
        If any symptom, drug, condition or diet is unknown; one error lists them all
        (:class:`~nutrigraph.errors.UnknownEntitiesError` when there are several), each with
        suggestions.
    ValueError
        For no symptoms, an unknown ``method``, a bad ``age``, ``sex``, ``life_stage`` or ``top``,
        or a symptom given as both present and absent.

    Notes
    -----
    **Likelihood ratio ("lr")**, after LIRICAL [2]_. For nutrient :math:`D` and query findings
    :math:`Q`, with absent findings :math:`A`,

    .. math::

        \log \Pr(D \mid Q) \propto \log \pi_D + \sum_{q \in Q} \log \Pr(q \mid D)
            + \sum_{a \in A} \log\bigl(1 - \Pr(a \mid D)\bigr)

    where :math:`\Pr(q \mid D)` is the frequency class of the matching sign (HPO class midpoints,
    0.5 when no source gives one) times an evidence weight (1, 0.8, 0.5, 0.2 for established to
    contested), times 0.9 when the sign is a subtype of ``q`` and 0.3 when it is a broader finding;
    an unexplained finding has probability 0.02. The alternative "none of these" uses background
    probabilities :math:`\max(f, 0.3 (n_q + 1)/(N + 2))`, where :math:`n_q` of the :math:`N`
    nutrients have ``q`` (or a subtype) as a sign and the floor :math:`f` is 0.1 for a symptom and
    0.01 for a laboratory finding: shared or subjective findings such as fatigue are common in the
    background, so a vague symptom set leaves much of the probability on "none of these". These
    background rates are modelling assumptions, not measured prevalences.

    **Information content ("ic")**, after Phenomizer [1]_. With
    :math:`IC(t) = -\ln(n_t / N)`, a finding scores the IC of its most informative common ancestor
    with any sign of :math:`D` (0.9 of it for a subtype match), weighted by evidence; the log weight
    is :math:`\log \pi_D + \sum_q IC(\text{MICA}) - \sum_a IC(a)\Pr(a \mid D) - |Q|\ln 2`,
    treating the summed IC as a log likelihood ratio against the background.

    Priors: "some deficiency" and "none of these" share probability 0.5 each, split evenly across
    nutrients; each context factor multiplies a nutrient's prior by 3, 2, 1.3 or 1 for established,
    supported, limited or contested evidence (0.5 for a drug that raises the nutrient's level).
    Probabilities are normalised over all nutrients with signs plus "none of these".

    Pairs: among the eight best candidates, a pair explains each finding through whichever member
    explains it better; its prior is the product of the members' priors over the base prior, halved.
    A pair is offered when it scores above every single candidate.

    Complexity: for each query finding, the candidates come from precomputed per-symptom indexes,
    so the cost grows with the number of nutrients sharing the findings, not with the graph size.

    References
    ----------
    .. [1] Köhler S, et al. Clinical diagnostics in human genetics with semantic similarity searches
       in ontologies. Am J Hum Genet. 2009;85(4):457-64. PMID 19800049.
    .. [2] Robinson PN, et al. Interpretable clinical genomics with a likelihood ratio paradigm.
       Am J Hum Genet. 2020;107(3):403-17. PMID 32755546.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> G = ng.load()
    >>> result = ng.explain_symptoms(G, ["fatigue", "tingling", "muscle cramps"], drugs=["omeprazole"])
    >>> result[0].nutrient
    'magnesium'
    >>> [m.query for m in result[0].explained]
    ['fatigue', 'paresthesia', 'muscle_cramps']
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of: {', '.join(METHODS)}")
    if top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1):
        raise ValueError(f"top must be a positive integer, got {top!r}")
    q = _parse_query(G, symptoms, absent, drugs, conditions, diet, age, sex, life_stage)
    index = symptom_index(G)
    priors, none_prior = _log_priors(index, q)

    touched = _touched(index, q, method)
    touched &= set(priors)

    if method == "lr":
        ic: Mapping[str, float] = {}
        scored = {n: _score_lr(index, q, n, priors[n]) for n in sorted(touched)}
        untouched_log_likelihood = len(q.symptoms) * math.log(UNEXPLAINED_PROBABILITY)
        none_log = none_prior + sum(math.log(_background(G, index, s)) for s in q.symptoms)
        none_log += sum(math.log(1.0 - _background(G, index, s)) for s in q.absent)
    else:
        ic = _ic_table(index, q)
        scored = {n: _score_ic(index, q, n, priors[n], ic) for n in sorted(touched)}
        untouched_log_likelihood = -math.log(2.0) * len(q.symptoms)
        none_log = none_prior

    untouched = [priors[n] + untouched_log_likelihood for n in priors if n not in touched]
    everything = [s.log_weight for s in scored.values()] + untouched + [none_log]
    normaliser = _logsumexp(everything)

    candidates = []
    for s in scored.values():
        if not s.explained:
            continue
        context = q.context.get(s.nutrient, ())
        candidates.append(
            NutrientExplanation(
                nutrient=s.nutrient,
                name=G.nodes[s.nutrient]["name"],
                score=s.log_weight - none_log,
                probability=math.exp(s.log_weight - normaliser),
                explained=s.explained,
                unexplained=s.unexplained,
                absent_conflicts=s.absent_conflicts,
                context=context,
                sources=_sources(s.explained, context, s.absent_conflicts),
            )
        )
    candidates.sort(key=lambda c: (-c.probability, -c.score, c.nutrient))
    pairs = _pairs(G, index, q, scored, priors, none_log, method, ic)
    if top is not None:
        candidates = candidates[:top]
    return Explanation(
        candidates=tuple(candidates),
        pairs=pairs,
        none_probability=math.exp(none_log - normaliser),
        symptoms=q.symptoms,
        absent=q.absent,
        method=method,
    )


IC_RELATED_MINIMUM: Final = 0.5
"""Common ancestors less informative than this (nats) do not make a related match: at the level of
body-system categories nearly every nutrient would match and the score would be noise."""


def _touched(index: SymptomIndex, q: _Query, method: str) -> set[str]:
    """The nutrients whose score differs from a nutrient that explains nothing.

    For "lr" these have a sign that is a query finding, a subtype or a broader finding of one; for
    "ic" also a sign sharing an informative ancestor with one. Every other nutrient explains
    nothing and is scored in aggregate, so the cost does not grow with the number of nutrients.
    """
    found: set[str] = set(q.context)
    for symptom in (*q.symptoms, *q.absent):
        found.update(index.below.get(symptom, {}))
        for ancestor in index.ancestors.get(symptom, ()):
            found.update(index.exact.get(ancestor, {}))
            if method == "ic" and index.information_content(ancestor) >= IC_RELATED_MINIMUM:
                found.update(index.below.get(ancestor, {}))
    return found


def _ic_table(index: SymptomIndex, q: _Query) -> dict[str, float]:
    table: dict[str, float] = {}
    for symptom in (*q.symptoms, *q.absent):
        for ancestor in index.ancestors.get(symptom, frozenset({symptom})):
            table.setdefault(ancestor, index.information_content(ancestor))
    return table


def _pairs(
    G: nx.MultiDiGraph[str],
    index: SymptomIndex,
    q: _Query,
    scored: Mapping[str, _Scored],
    priors: Mapping[str, float],
    none_log: float,
    method: str,
    ic: Mapping[str, float],
) -> tuple[PairExplanation, ...]:
    if len(q.symptoms) < 2:
        return ()
    pool = sorted((s for s in scored.values() if s.explained), key=lambda s: (-s.log_weight, s.nutrient))[:8]
    if len(pool) < 2:
        return ()
    best_single = pool[0].log_weight
    base = math.log(BASE_PRIOR_TOTAL / max(len(index.nutrients), 1))
    found = []
    for i, a in enumerate(pool):
        for b in pool[i + 1 :]:
            explained = {m.query: m for m in a.explained}
            for m in b.explained:
                if m.query not in explained or m.weight > explained[m.query].weight:
                    explained[m.query] = m
            covered = set(explained)
            if covered <= {m.query for m in a.explained} or covered <= {m.query for m in b.explained}:
                continue  # one member explains everything the pair does
            terms = sum(max(a.per_symptom[s], b.per_symptom[s]) for s in q.symptoms)
            absent_term = _pair_absent(a, b, method, ic)
            charge = math.log(2.0) * len(q.symptoms) if method == "ic" else 0.0
            prior = priors[a.nutrient] + priors[b.nutrient] - base + math.log(PAIR_PRIOR_FACTOR)
            total = prior + terms + absent_term - charge
            if total <= best_single:
                continue
            ordered = [explained[s] for s in q.symptoms if s in explained]
            found.append(
                PairExplanation(
                    nutrients=(a.nutrient, b.nutrient),
                    names=(G.nodes[a.nutrient]["name"], G.nodes[b.nutrient]["name"]),
                    score=total - none_log,
                    explained=tuple(ordered),
                    unexplained=tuple(s for s in q.symptoms if s not in covered),
                    sources=_sources(ordered),
                )
            )
    found.sort(key=lambda p: (-p.score, p.nutrients))
    return tuple(found[:3])


def _pair_absent(a: _Scored, b: _Scored, method: str, ic: Mapping[str, float]) -> float:
    """Absent findings count against a pair through whichever member has them as signs."""
    total = 0.0
    for m in (*a.absent_conflicts, *b.absent_conflicts):
        if method == "lr":
            total += math.log(max(1.0 - m.weight, 1e-6))
        else:
            total -= ic[m.query] * m.weight
    return total
