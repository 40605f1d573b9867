"""symptom_overlap, overlap_matrix, drug_effects and check_stack."""

from __future__ import annotations

import networkx as nx
import pytest

import nutrigraph as ng


def test_overlap_sets_partition_the_union(kb: nx.MultiDiGraph[str]) -> None:
    """shared, only_a and only_b are disjoint and cover both nutrients' signs; Jaccard follows."""
    o = ng.symptom_overlap(kb, "magnesium", "vitamin B12")
    assert not o.shared & o.only_a
    assert not o.shared & o.only_b
    assert not o.only_a & o.only_b
    union = o.shared | o.only_a | o.only_b
    assert o.jaccard == pytest.approx(len(o.shared) / len(union))
    assert {"fatigue", "paresthesia"} <= o.shared
    assert "muscle_cramps" in o.only_a
    assert "methylmalonic_acidemia" in o.only_b


def test_category_level_meets_under_neurological(kb: nx.MultiDiGraph[str]) -> None:
    """At category level, cramps and tingling meet under neurological."""
    o = ng.symptom_overlap(kb, "magnesium", "B12", level="category")
    assert "neurological" in o.shared
    assert all(kb.nodes[s]["category"] for s in o.shared | o.only_a | o.only_b)
    assert o.jaccard >= ng.symptom_overlap(kb, "magnesium", "B12").jaccard


def test_overlap_is_symmetric(kb: nx.MultiDiGraph[str]) -> None:
    """Swapping the nutrients swaps only_a and only_b."""
    ab, ba = ng.symptom_overlap(kb, "iron", "folate"), ng.symptom_overlap(kb, "folate", "iron")
    assert ab.shared == ba.shared
    assert ab.only_a == ba.only_b
    assert ab.jaccard == ba.jaccard


def test_overlap_errors(kb: nx.MultiDiGraph[str]) -> None:
    """Unknown nutrients are reported together; an unknown level is named."""
    with pytest.raises(ng.UnknownEntitiesError):
        ng.symptom_overlap(kb, "magnesum", "vitamen B12")
    with pytest.raises(ValueError, match="unknown level"):
        ng.symptom_overlap(kb, "magnesium", "B12", level="system")


def test_matrix_agrees_with_pairs(kb: nx.MultiDiGraph[str]) -> None:
    """Each cell of the matrix equals the pairwise query; the diagonal is 1."""
    names = ["magnesium", "vitamin_b12", "folate", "iron"]
    m = ng.overlap_matrix(kb, names)
    for i, a in enumerate(names):
        assert m.jaccard[i][i] == 1.0
        for j, b in enumerate(names):
            assert m.jaccard[i][j] == pytest.approx(ng.symptom_overlap(kb, a, b).jaccard)
    assert len(m.rows()) == 6
    assert "magnesium" in str(m)
    assert len(ng.overlap_matrix(kb).nutrients) == 20


def test_drug_effects_inherit_class(kb: nx.MultiDiGraph[str]) -> None:
    """Omeprazole inherits the PPI class's depletion of B12 and magnesium, with signs to watch for."""
    effects = ng.drug_effects(kb, "omeprazole")
    assert "proton_pump_inhibitors" in effects.classes
    depleted = {e.target: e for e in effects.effects if e.predicate == "depletes"}
    assert {"vitamin_b12", "magnesium"} <= set(depleted)
    assert depleted["vitamin_b12"].via == "proton_pump_inhibitors"
    assert "methylmalonic_acidemia" in depleted["vitamin_b12"].watch_for
    assert all(e.sources for e in effects.effects)


def test_drug_interactions_with_timing(kb: nx.MultiDiGraph[str]) -> None:
    """Levothyroxine lists calcium and iron as reducing its absorption, 4 hours apart."""
    effects = ng.drug_effects(kb, "levothyroxine")
    reducers = {e.target: e for e in effects.interactions if e.predicate == "reduces_absorption_of"}
    assert {"calcium", "iron"} <= set(reducers)
    assert reducers["calcium"].separation == ng.parse_quantity("4 h")


@pytest.mark.parametrize(
    ("items", "subject", "object"),
    [
        (["magnesium oxide", "doxycycline"], "magnesium", "tetracyclines"),
        (["calcium carbonate", "ciprofloxacin"], "calcium", "fluoroquinolones"),
        (["levothyroxine", "iron"], "iron", "levothyroxine"),
        (["alendronate", "calcium"], "calcium", "bisphosphonates"),
    ],
)
def test_stack_conflicts(kb: nx.MultiDiGraph[str], items: list[str], subject: str, object: str) -> None:
    """Minerals with chelating antibiotics, levothyroxine and bisphosphonates are flagged with a separation."""
    report = ng.check_stack(kb, items)
    finding = next(f for f in report.conflicts if f.subject == subject and f.object == object)
    assert finding.predicate == "reduces_absorption_of"
    assert finding.separation is not None
    assert finding.sources


def test_stack_benefit_and_errors(kb: nx.MultiDiGraph[str]) -> None:
    """Vitamin C helps iron absorption; too few or unknown items are errors."""
    report = ng.check_stack(kb, ["iron", "vitamin C"])
    assert any(f.kind == "benefit" and f.subject == "vitamin_c" for f in report.findings)
    with pytest.raises(ValueError, match="at least two"):
        ng.check_stack(kb, ["iron"])
    with pytest.raises(ng.UnknownEntityError):
        ng.check_stack(kb, ["iron", "unobtainium"])
