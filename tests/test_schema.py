"""The schema: kinds, predicates, evidence grades and CURIEs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nutrigraph.schema import (
    CURIE_PATTERNS,
    KINDS,
    PREDICATES,
    Evidence,
    normalize_curie,
)


def test_evidence_is_ordered_by_strength() -> None:
    """established > supported > limited > contested, and sorting follows that order."""
    assert Evidence.ESTABLISHED > Evidence.SUPPORTED > Evidence.LIMITED > Evidence.CONTESTED
    assert sorted(Evidence) == [Evidence.CONTESTED, Evidence.LIMITED, Evidence.SUPPORTED, Evidence.ESTABLISHED]
    assert min(Evidence.SUPPORTED, Evidence.LIMITED) is Evidence.LIMITED


def test_evidence_parse_rejects_unknown_grades() -> None:
    """An unknown grade names the valid ones."""
    assert Evidence.parse(" Established ") is Evidence.ESTABLISHED
    with pytest.raises(ValueError, match="expected one of established, supported, limited, contested"):
        Evidence.parse("strong")


def test_every_predicate_joins_known_kinds() -> None:
    """Predicates only mention kinds the schema defines, and read both ways."""
    for spec in PREDICATES.values():
        assert spec.subjects <= set(KINDS), spec.name
        assert spec.objects <= set(KINDS), spec.name
        assert spec.label
        assert spec.inverse


def test_every_kind_and_predicate_maps_to_biolink() -> None:
    """Each kind has a Biolink category and each predicate a Biolink predicate, for KGX export."""
    for spec in KINDS.values():
        assert spec.biolink.startswith("biolink:")
        assert spec.biolink[8].isupper(), "categories are CamelCase"
    for predicate in PREDICATES.values():
        assert predicate.biolink.startswith("biolink:")
        assert predicate.biolink[8].islower(), "predicates are snake_case"


def test_schema_includes_the_required_kinds_and_predicates() -> None:
    """The foundation issue's minimum vocabulary is present."""
    assert {"nutrient", "nutrient_form", "enzyme", "process", "symptom", "drug", "condition", "food"} <= set(KINDS)
    assert {"cofactor_of", "deficiency_sign", "depletes", "supports", "source_of", "form_of", "is_a"} <= set(PREDICATES)
    assert PREDICATES["cofactor_of"].inverse == "requires"
    assert PREDICATES["competes_with"].symmetric
    assert PREDICATES["deficiency_sign"].allows("nutrient", "symptom")
    assert not PREDICATES["deficiency_sign"].allows("food", "symptom")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHEBI:17439", "CHEBI:17439"),
        ("chebi:17439", "CHEBI:17439"),
        (" HP:0003401 ", "HP:0003401"),
        ("ec:2.1.1.13", "EC:2.1.1.13"),
        ("EC:7.2.2.13", "EC:7.2.2.13"),
        ("DrugBank:DB00338", "DRUGBANK:DB00338"),
        ("ATC:A02BC01", "ATC:A02BC01"),
    ],
)
def test_normalize_curie(text: str, expected: str) -> None:
    """Prefixes are canonicalised; local ids are kept."""
    assert normalize_curie(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("HP:3401", "malformed CURIE"),
        ("EC:2.1.1", "malformed CURIE"),
        ("CHEBI:", "malformed CURIE"),
        ("17439", "malformed CURIE"),
        ("FOO:1", "unknown CURIE prefix"),
    ],
)
def test_normalize_curie_rejects(text: str, message: str) -> None:
    """Malformed CURIEs and unknown prefixes are errors that say which."""
    with pytest.raises(ValueError, match=message):
        normalize_curie(text)


@given(prefix=st.sampled_from(sorted(CURIE_PATTERNS)), data=st.data())
def test_normalize_curie_is_idempotent(prefix: str, data: st.DataObject) -> None:
    """Normalising a valid CURIE twice changes nothing, whatever the prefix's case."""
    local = data.draw(st.from_regex(CURIE_PATTERNS[prefix], fullmatch=True).filter(lambda s: s.isascii()))
    once = normalize_curie(f"{prefix.lower()}:{local}")
    assert normalize_curie(once) == once
    assert once == f"{prefix}:{local}"
