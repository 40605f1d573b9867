"""explain_symptoms: ranking, hierarchy, absent findings, context, calibration, pairs, errors."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nutrigraph as ng
from nutrigraph.queries.explain import METHODS


@pytest.mark.parametrize("method", METHODS)
def test_seed_question(kb: nx.MultiDiGraph[str], method: str) -> None:
    """Fatigue, tingling and muscle cramps on omeprazole point to magnesium, with the PPI as context."""
    result = ng.explain_symptoms(kb, ["fatigue", "tingling", "muscle cramps"], drugs=["omeprazole"], method=method)
    top = result[0]
    assert top.nutrient == "magnesium"
    assert {m.query for m in top.explained} == {"fatigue", "paresthesia", "muscle_cramps"}
    assert not top.unexplained
    (effect,) = [c for c in top.context if c.predicate == "depletes"]
    assert effect.factor == "omeprazole"
    assert effect.via == "proton_pump_inhibitors"
    assert top.sources


@pytest.mark.parametrize("method", METHODS)
def test_characteristic_sign_beats_shared_sign(kb: nx.MultiDiGraph[str], method: str) -> None:
    """Methylmalonic acidemia singles out B12 even beside a sign many nutrients share."""
    result = ng.explain_symptoms(kb, ["fatigue", "methylmalonic acidemia"], method=method)
    assert result[0].nutrient == "vitamin_b12"


@pytest.mark.parametrize("method", METHODS)
def test_absent_sign_counts_against(kb: nx.MultiDiGraph[str], method: str) -> None:
    """With methylmalonic acidemia absent, folate overtakes B12 for macrocytic anaemia."""
    query = ["macrocytic anemia", "fatigue", "glossitis"]
    without = ng.explain_symptoms(kb, query, method=method)
    with_absent = ng.explain_symptoms(kb, query, absent=["methylmalonic acidemia"], method=method)
    b12_before = next(c for c in without if c.nutrient == "vitamin_b12")
    b12_after = next(c for c in with_absent if c.nutrient == "vitamin_b12")
    assert b12_after.score < b12_before.score
    assert b12_after.absent_conflicts[0].query == "methylmalonic_acidemia"
    assert with_absent[0].nutrient == "folate"


def test_hierarchy_match_is_weaker_than_exact(kb: nx.MultiDiGraph[str]) -> None:
    """A query finding met through the is_a hierarchy is labelled and weighs less than an exact one."""
    exact = ng.explain_symptoms(kb, ["megaloblastic anemia"])
    via = ng.explain_symptoms(kb, ["macrocytic anemia"])
    exact_b12 = next(c for c in exact if c.nutrient == "vitamin_b12").explained[0]
    via_b12 = next(c for c in via if c.nutrient == "vitamin_b12").explained[0]
    assert exact_b12.match == "exact"
    assert via_b12.match == "subtype"
    assert via_b12.sign == "megaloblastic_anemia"
    assert via_b12.weight < exact_b12.weight


def test_context_moves_the_ranking(kb: nx.MultiDiGraph[str]) -> None:
    """A drug that depletes a nutrient raises it, and says so; a vegan diet raises B12."""
    plain = ng.explain_symptoms(kb, ["fatigue", "paresthesia"])
    on_metformin = ng.explain_symptoms(kb, ["fatigue", "paresthesia"], drugs=["metformin"])
    b12_plain = next(c for c in plain if c.nutrient == "vitamin_b12")
    b12_drug = next(c for c in on_metformin if c.nutrient == "vitamin_b12")
    assert b12_drug.probability > b12_plain.probability
    assert [c.factor for c in b12_drug.context] == ["metformin"]
    vegan = ng.explain_symptoms(kb, ["fatigue", "paresthesia"], diet="vegan")
    b12_vegan = next(c for c in vegan if c.nutrient == "vitamin_b12")
    assert b12_vegan.context[0].role == "diet"
    assert b12_vegan.probability > b12_plain.probability


def test_vague_symptoms_are_not_confident(kb: nx.MultiDiGraph[str]) -> None:
    """Fatigue and insomnia leave real weight on "none of these" and no confident candidate."""
    result = ng.explain_symptoms(kb, ["fatigue", "insomnia"])
    assert result[0].probability < 0.5
    assert result.none_probability > 0.2


def test_specific_symptoms_are_confident(kb: nx.MultiDiGraph[str]) -> None:
    """Scurvy's signs together make vitamin C the clear answer."""
    result = ng.explain_symptoms(kb, ["gum bleeding", "petechiae", "corkscrew hairs"])
    assert result[0].nutrient == "vitamin_c"
    assert result[0].probability > 0.8


@pytest.mark.parametrize("method", METHODS)
def test_probabilities_are_a_distribution(kb: nx.MultiDiGraph[str], method: str) -> None:
    """Candidate probabilities plus "none" never exceed 1 and are ordered."""
    result = ng.explain_symptoms(kb, ["fatigue", "muscle weakness", "bone pain"], method=method)
    probabilities = [c.probability for c in result]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) + result.none_probability <= 1.0 + 1e-9


def test_pairs_cover_what_no_single_nutrient_explains(kb: nx.MultiDiGraph[str]) -> None:
    """Night blindness (vitamin A) with methylmalonic acidemia (B12): a pair explains both."""
    result = ng.explain_symptoms(kb, ["night blindness", "methylmalonic acidemia"])
    assert all(c.unexplained for c in result)
    pair = result.pairs[0]
    assert set(pair.nutrients) == {"vitamin_a", "vitamin_b12"}
    assert not pair.unexplained
    assert pair.score > result[0].score


def test_ordering_is_deterministic(kb: nx.MultiDiGraph[str]) -> None:
    """The same query gives the same order every time, ties broken by node id."""
    first = [c.nutrient for c in ng.explain_symptoms(kb, ["fatigue"])]
    second = [c.nutrient for c in ng.explain_symptoms(kb, ["fatigue"])]
    assert first == second
    probabilities = [c.probability for c in ng.explain_symptoms(kb, ["fatigue"])]
    ties = [i for i in range(len(first) - 1) if probabilities[i] == probabilities[i + 1]]
    assert all(first[i] < first[i + 1] for i in ties)


def test_top_limits(kb: nx.MultiDiGraph[str]) -> None:
    """top= keeps only the best candidates."""
    assert len(ng.explain_symptoms(kb, ["fatigue"], top=2)) == 2


def test_all_unknown_inputs_in_one_error(kb: nx.MultiDiGraph[str]) -> None:
    """Every unknown symptom and drug is reported together, each with suggestions."""
    with pytest.raises(ng.UnknownEntitiesError) as info:
        ng.explain_symptoms(kb, ["fatigeu", "tingling"], drugs=["omeprazol"])
    texts = [e.text for e in info.value.errors]
    assert texts == ["fatigeu", "omeprazol"]
    assert "fatigue" in info.value.errors[0].suggestions
    assert "omeprazole" in info.value.errors[1].suggestions
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "bayes"}, "unknown method"),
        ({"top": 0}, "top must be a positive integer"),
        ({"age": -3}, "age must be"),
        ({"sex": "x"}, "sex must be"),
        ({"life_stage": "pregnancy", "sex": "male"}, "needs sex='female'"),
        ({"absent": ["fatigue"]}, "both present and absent"),
    ],
)
def test_bad_arguments(kb: nx.MultiDiGraph[str], kwargs: dict[str, object], message: str) -> None:
    """Bad arguments fail at the call with a message that names the problem."""
    with pytest.raises(ValueError, match=message):
        ng.explain_symptoms(kb, ["fatigue"], **kwargs)  # type: ignore[arg-type]


def test_no_symptoms(kb: nx.MultiDiGraph[str]) -> None:
    """An empty query is an error, not an empty answer."""
    with pytest.raises(ValueError, match="at least one symptom"):
        ng.explain_symptoms(kb, [])


def test_lay_words_and_hpo_ids_agree(kb: nx.MultiDiGraph[str]) -> None:
    """'pins and needles' and HP:0003401 give the same answer as 'tingling'."""
    words = [c.nutrient for c in ng.explain_symptoms(kb, ["pins and needles", "cramps"])]
    ids = [c.nutrient for c in ng.explain_symptoms(kb, ["HP:0003401", "cramps"])]
    assert words == ids


@given(data=st.data())
def test_every_candidate_explains_something(kb: nx.MultiDiGraph[str], data: st.DataObject) -> None:
    """For random symptom sets, each candidate explains at least one query finding, and
    explained plus unexplained is exactly the query."""
    symptoms = sorted(n for n, d in kb.nodes(data=True) if d["kind"] == "symptom")
    query = data.draw(st.lists(st.sampled_from(symptoms), min_size=1, max_size=4, unique=True))
    result = ng.explain_symptoms(kb, query)
    for candidate in result:
        assert candidate.explained
        seen = [m.query for m in candidate.explained] + list(candidate.unexplained)
        assert sorted(seen) == sorted(query)
        assert 0.0 <= candidate.probability <= 1.0
