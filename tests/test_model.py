"""The frozen value objects validate on construction."""

from __future__ import annotations

import attrs
import pytest

import nutrigraph as ng


def source(**overrides: object) -> ng.Source:
    fields: dict[str, object] = {"key": "k", "title": "T", "publisher": "P", "year": 2020, "url": "https://e.org"}
    fields.update(overrides)
    return ng.Source(**fields)  # type: ignore[arg-type]


def test_source_needs_a_locator_and_a_venue() -> None:
    """A source that cannot be found again is refused."""
    with pytest.raises(ValueError, match="at least one of url, pmid, doi, isbn or seed"):
        source(url=None)
    with pytest.raises(ValueError, match="publisher or a journal"):
        source(publisher=None)
    assert source(url=None, pmid=123).pmid == "123"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("key", "Bad Key", "lowercase"),
        ("year", 1200, "out of range"),
        ("pmid", "PMC1", "digits"),
        ("url", "e.org", "https"),
    ],
)
def test_source_rejects(field: str, value: object, message: str) -> None:
    """Malformed source fields are rejected with the reason."""
    with pytest.raises(ValueError, match=message):
        source(**{field: value})


def test_citation() -> None:
    """A citation names venue, year and locators."""
    text = source(authors="Doe J", pmid="1", url=None).citation()
    assert text == "Doe J. T. P, 2020. PMID 1."


def test_entity_normalises_and_rejects() -> None:
    """Entities strip text and canonicalise CURIEs, and refuse bad ids or missing sources."""
    entity = ng.Entity(id="mg", kind="nutrient", name="  magnesium ", xrefs=["chebi:25107"], sources=["s"])
    assert entity.name == "magnesium"
    assert entity.xrefs == ("CHEBI:25107",)
    with pytest.raises(ValueError, match="lowercase"):
        ng.Entity(id="Mg", kind="nutrient", name="m", sources=["s"])
    with pytest.raises(ValueError, match="sources must not be empty"):
        ng.Entity(id="mg", kind="nutrient", name="m", sources=[])
    with pytest.raises(TypeError, match="list of strings"):
        ng.Entity(id="mg", kind="nutrient", name="m", synonyms="Mg", sources=["s"])


def test_relation_grades() -> None:
    """Evidence is parsed; a contested claim must carry its contradicting source."""
    rel = ng.Relation(subject="a", predicate="is_a", object="b", evidence="Limited", sources=["s"])
    assert rel.evidence is ng.Evidence.LIMITED
    with pytest.raises(ValueError, match="contradicted_by"):
        ng.Relation(subject="a", predicate="is_a", object="b", evidence="contested", sources=["s"])
    with pytest.raises(ValueError, match="unknown evidence grade"):
        ng.Relation(subject="a", predicate="is_a", object="b", evidence="strong", sources=["s"])


def test_records_are_frozen() -> None:
    """Value objects cannot be changed after construction."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        source().title = "x"  # type: ignore[misc]  # the point: frozen attributes refuse assignment
