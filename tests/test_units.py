"""Quantities: parsing, the application registry, and nutrient-specific conversions."""

from __future__ import annotations

import math

import networkx as nx
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nutrigraph as ng
from nutrigraph.units import format_quantity, registry


@pytest.mark.parametrize("text", ["2.4 mcg", "2.4 µg", "2.4 μg", "2.4 ug", "2.4  microgram", "0.0024 mg"])
def test_microgram_spellings(text: str) -> None:
    """Every common spelling of micrograms parses to the same amount."""
    assert ng.parse_quantity(text).to("µg").magnitude == pytest.approx(2.4)


def test_parse_rejects_unitless_and_thousands_separators() -> None:
    """A bare number or "1,000 IU" is an error that says how to write it."""
    with pytest.raises(ng.UnitError, match="no unit"):
        ng.parse_quantity("400")
    with pytest.raises(ng.UnitError, match="thousands separators"):
        ng.parse_quantity("1,000 IU")
    with pytest.raises(ng.UnitError, match="cannot parse"):
        ng.parse_quantity("four hundred mg")


def test_wrong_dimension_is_unit_error() -> None:
    """A quantity of the wrong dimension raises UnitError (also a ValueError)."""
    with pytest.raises(ng.UnitError, match=r"expected \[mass\]"):
        ng.parse_quantity("2 h", dimensions=("[mass]",))
    with pytest.raises(ValueError):
        ng.convert("2 h", "mg")


def test_quantities_mix_with_the_users_own() -> None:
    """Our quantities live in pint's application registry, so they combine with the user's."""
    user = pint.get_application_registry().Quantity(100, "mg")
    total = user + ng.parse_quantity("0.3 g")
    assert total.to("mg").magnitude == pytest.approx(400)


def test_registry_setup_is_idempotent() -> None:
    """Preparing the registry twice defines nothing twice."""
    first = registry()
    second = registry()
    assert first is second
    assert ng.parse_quantity("1 IU").units == ng.parse_quantity("1 IU").units


def test_format_quantity() -> None:
    """Nutrition-style formatting: the equivalent marker follows the mass unit."""
    assert format_quantity(ng.parse_quantity("400 mcg DFE")) == "400 µg DFE"
    assert format_quantity(ng.parse_quantity("16 mg NE")) == "16 mg NE"
    assert format_quantity(ng.parse_quantity("2.4 µg")) == "2.4 µg"


def test_plain_conversion_needs_no_nutrient() -> None:
    """mg to µg is pint's job alone."""
    assert ng.convert("0.5 mg", "µg").magnitude == pytest.approx(500)


def test_iu_conversion(mini: nx.MultiDiGraph[str]) -> None:
    """IU of vitamin D convert with the nutrient's factor, both ways."""
    assert ng.convert("1000 IU", "µg", nutrient="vitamin D", graph=mini).magnitude == pytest.approx(25)
    assert ng.convert("25 µg", "IU", nutrient="calciferol", graph=mini).magnitude == pytest.approx(1000)


def test_iu_without_nutrient_is_refused(mini: nx.MultiDiGraph[str]) -> None:
    """IU mean nothing without the nutrient: the error asks for it instead of guessing."""
    with pytest.raises(ng.UnitError, match="depends on the nutrient"):
        ng.convert("1000 IU", "µg", graph=mini)


def test_no_factor_is_refused(mini: nx.MultiDiGraph[str]) -> None:
    """A nutrient without a factor for the requested dimensions is an error, not a guess."""
    with pytest.raises(ng.UnitError, match="magnesium has no conversion factors"):
        ng.convert("1000 IU", "mg", nutrient="magnesium", graph=mini)


def test_form_factor_dfe(mini: nx.MultiDiGraph[str]) -> None:
    """Folic acid taken with food counts 1.7 times in dietary folate equivalents."""
    dfe = ng.convert("400 µg", "µg DFE", nutrient="folate", form="folic acid with food", graph=mini)
    assert dfe.magnitude == pytest.approx(680)
    back = ng.convert(dfe, "µg", nutrient="folate", form="folic_acid_with_food", graph=mini)
    assert back.magnitude == pytest.approx(400)


def test_salt_to_elemental(mini: nx.MultiDiGraph[str]) -> None:
    """A salt's mass becomes the element's mass through the form's elemental fraction."""
    assert ng.convert("500 mg", "mg", nutrient="magnesium", form="MgO", graph=mini).magnitude == pytest.approx(300)
    assert ng.elemental_amount("1 g", "magnesium oxide", graph=mini).to("mg").magnitude == pytest.approx(600)


def test_form_must_belong_to_the_nutrient(mini: nx.MultiDiGraph[str]) -> None:
    """A form of another nutrient is an error."""
    with pytest.raises(ng.UnitError, match="not a form of"):
        ng.convert("500 mg", "mg", nutrient="vitamin B12", form="magnesium oxide", graph=mini)


def test_form_without_fraction_is_not_a_salt(mini: nx.MultiDiGraph[str]) -> None:
    """elemental_amount refuses a form that is not a mineral salt."""
    with pytest.raises(ng.UnitError, match="no elemental fraction"):
        ng.elemental_amount("1 mg", "methylcobalamin", graph=mini)


def test_unknown_nutrient_is_unknown_entity(mini: nx.MultiDiGraph[str]) -> None:
    """An unknown nutrient name is an UnknownEntityError with suggestions."""
    with pytest.raises(ng.UnknownEntityError) as info:
        ng.convert("1000 IU", "µg", nutrient="vitamin DD", graph=mini)
    assert "vitamin D" in info.value.suggestions


amounts = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(amount=amounts)
def test_iu_conversion_is_invertible(mini: nx.MultiDiGraph[str], amount: float) -> None:
    """IU -> µg -> IU returns the starting amount."""
    there = ng.convert(f"{amount} IU", "µg", nutrient="vitamin_d", graph=mini)
    back = ng.convert(there, "IU", nutrient="vitamin_d", graph=mini)
    assert math.isclose(back.magnitude, amount, rel_tol=1e-9)


@given(amount=amounts, unit=st.sampled_from(["µg", "mg", "g"]))
def test_dfe_conversion_is_invertible(mini: nx.MultiDiGraph[str], amount: float, unit: str) -> None:
    """µg folic acid -> µg DFE -> the starting unit returns the starting amount."""
    start = ng.parse_quantity(f"{amount} {unit}")
    there = ng.convert(start, "µg DFE", nutrient="folate", form="folic_acid_with_food", graph=mini)
    back = ng.convert(there, unit, nutrient="folate", form="folic_acid_with_food", graph=mini)
    assert math.isclose(back.magnitude, amount, rel_tol=1e-9)


@given(amount=amounts)
def test_elemental_and_compound_are_inverse(mini: nx.MultiDiGraph[str], amount: float) -> None:
    """compound_amount undoes elemental_amount."""
    element = ng.elemental_amount(f"{amount} mg", "magnesium_oxide", graph=mini)
    compound = ng.compound_amount(element, "magnesium_oxide", graph=mini)
    assert math.isclose(compound.to("mg").magnitude, amount, rel_tol=1e-9)
