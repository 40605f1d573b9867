"""Reference intakes and intake checks against the bundled DRI tables."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nutrigraph as ng
from nutrigraph.errors import IntakeError
from nutrigraph.queries.intake import (
    Intake,
    IntakeFinding,
    IntakeStatus,
    check_intake,
    reference_intake,
)

S = IntakeStatus


def statuses(findings: tuple[IntakeFinding, ...], nutrient: str) -> list[IntakeStatus]:
    """The statuses found for one nutrient, in order."""
    return [f.status for f in findings if f.nutrient == nutrient]


def mg(finding_amount: object) -> float:
    """A quantity's magnitude in milligrams."""
    return float(ng.parse_quantity(finding_amount).to("mg").magnitude)


# --- reference_intake ---------------------------------------------------------------------


def test_magnesium_for_a_pregnant_35_year_old(kb: nx.MultiDiGraph[str]) -> None:
    """The RDA is 360 mg and the UL 350 mg, counting supplements and medicines only."""
    ref = reference_intake(kb, "Mg", age=35, sex="female", life_stage="pregnant")
    assert (ref.nutrient, ref.group, ref.ages) == ("magnesium", "pregnancy", "31-50")
    assert ref.rda == ng.parse_quantity("360 mg")
    assert ref.ai is None
    assert ref.ul == ng.parse_quantity("350 mg")
    assert ref.ul_set
    assert ref.ul_scope == "supplemental"
    assert str(ref) == "magnesium, pregnancy 31-50 y: RDA 360 mg; UL 350 mg (supplements and medicines only)"
    assert {s.key for s in ref.sources} == {"nasem_dri_1997_ca_p_mg_vd_f", "ods_magnesium"}


@pytest.mark.parametrize("nutrient", ["vitamin B12", "potassium", "vitamin K", "thiamin", "riboflavin"])
def test_no_ul_is_none_not_zero(kb: nx.MultiDiGraph[str], nutrient: str) -> None:
    """A UL that was not determined is None with ul_set False, and the summary says so."""
    ref = reference_intake(kb, nutrient, age=40, sex="male")
    assert ref.ul is None
    assert not ref.ul_set
    assert ref.summary().endswith("no UL set")


@pytest.mark.parametrize(
    ("age", "sex", "life_stage", "group", "ages"),
    [
        (1, "female", None, "child", "1-3"),
        (3.99, "male", None, "child", "1-3"),
        (4, "male", None, "child", "4-8"),
        (8, "male", None, "child", "4-8"),
        (8.99, "female", None, "child", "4-8"),
        (9, "male", None, "male", "9-13"),
        (30.99, "female", None, "female", "19-30"),
        (31, "female", None, "female", "31-50"),
        (50.9, "female", None, "female", "31-50"),
        (51, "female", None, "female", "51-70"),
        (70.99, "male", None, "male", "51-70"),
        (71, "male", None, "male", "71+"),
        (130, "female", None, "female", "71+"),
        (12, "female", "pregnancy", "pregnancy", "14-18"),
        (16, "female", "pregnant", "pregnancy", "14-18"),
        (18.99, "female", "lactating", "lactation", "14-18"),
        (19, "female", "breastfeeding", "lactation", "19-30"),
        (50.5, "female", "Pregnancy", "pregnancy", "31-50"),
    ],
)
def test_age_band_edges(
    kb: nx.MultiDiGraph[str], age: float, sex: str, life_stage: str | None, group: str, ages: str
) -> None:
    """A band runs from its first birthday up to, not including, the birthday after its last year;
    children share one row; pregnant and lactating girls under 14 use the 14-18 row."""
    ref = reference_intake(kb, "zinc", age=age, sex=sex, life_stage=life_stage)
    assert (ref.group, ref.ages) == (group, ages)


def test_pregnant_16_year_old_uses_the_14_18_row(kb: nx.MultiDiGraph[str]) -> None:
    """A pregnant 16-year-old gets the pregnancy 14-18 values (magnesium RDA 400 mg)."""
    ref = reference_intake(kb, "magnesium", age=16, sex="f", life_stage="pregnancy")
    assert (ref.group, ref.ages, ref.rda) == ("pregnancy", "14-18", ng.parse_quantity("400 mg"))


@pytest.mark.parametrize(("sex", "expected"), [("F", "female"), (" Woman ", "female"), ("m", "male"), ("MAN", "male")])
def test_sex_spellings(kb: nx.MultiDiGraph[str], sex: str, expected: str) -> None:
    """Sex is accepted as f/m/woman/man in any case and with surrounding spaces."""
    assert reference_intake(kb, "iron", age=40, sex=sex).group == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"age": 30, "sex": "male", "life_stage": "pregnancy"}, r"applies only to sex='female'"),
        ({"age": 55, "sex": "female", "life_stage": "lactation"}, r"up to age 50 only"),
        ({"age": 0.5, "sex": "female"}, r"infants \(age under 1 year\) are not covered"),
        ({"age": -1, "sex": "female"}, r"from 1 to 130, got -1"),
        ({"age": 131, "sex": "male"}, r"from 1 to 130, got 131"),
        ({"age": float("nan"), "sex": "male"}, r"from 1 to 130"),
        ({"age": 30, "sex": "x"}, r"unknown sex 'x'; expected 'female' or 'male' \(also 'f', 'm', 'woman', 'man'\)"),
        ({"age": 30, "sex": "female", "life_stage": "menopause"}, r"unknown life stage 'menopause'.*'pregnancy'"),
    ],
)
def test_person_errors_are_clear(kb: nx.MultiDiGraph[str], kwargs: dict[str, object], message: str) -> None:
    """Bad person arguments raise IntakeError (a ValueError and NutrigraphError) saying what is wrong."""
    with pytest.raises(IntakeError, match=message) as info:
        reference_intake(kb, "folate", **kwargs)  # type: ignore[arg-type]  # kwargs are deliberately mixed
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ng.NutrigraphError)


@pytest.mark.parametrize("age", ["35", True, None])
def test_age_must_be_a_number(kb: nx.MultiDiGraph[str], age: object) -> None:
    """An age that is not a number (a string, a bool) is a TypeError."""
    with pytest.raises(TypeError, match="age must be a number"):
        reference_intake(kb, "folate", age=age, sex="f")  # type: ignore[arg-type]  # the wrong type is the test


def test_unknown_nutrient_suggests_names(kb: nx.MultiDiGraph[str]) -> None:
    """A misspelt nutrient raises UnknownEntityError suggesting the right one."""
    with pytest.raises(ng.UnknownEntityError, match=r"unknown nutrient 'magnesum'; did you mean 'magnesium'"):
        reference_intake(kb, "magnesum", age=30, sex="f")


def test_nutrient_without_dri_table(mini: nx.MultiDiGraph[str]) -> None:
    """A known nutrient without a DRI table is an IntakeError naming it and the tables that exist."""
    with pytest.raises(IntakeError, match=r"no reference intake .* for folate; tables exist for: magnesium"):
        reference_intake(mini, "folate", age=30, sex="f")
    with pytest.raises(IntakeError, match="for folate, vitamin D"):
        check_intake(mini, {"folate": "1 mg", "vitamin D": "10 µg"}, age=30, sex="f")


def test_incomplete_table_has_no_row(mini: nx.MultiDiGraph[str]) -> None:
    """A table missing the person's row says so rather than returning a neighbouring row."""
    with pytest.raises(IntakeError, match=r"has no row for group 'male' at age 40"):
        reference_intake(mini, "B12", age=40, sex="m")


@given(data=st.data())
def test_every_person_gets_exactly_one_row(kb: nx.MultiDiGraph[str], data: st.DataObject) -> None:
    """For every nutrient, sex, life stage and age from 1 to 100 there is a row whose band holds the
    age (14-18 for pregnant or lactating girls under 14), with exactly one of RDA and AI."""
    nutrient = data.draw(st.sampled_from(sorted(kb.graph["intakes"])))
    sex = data.draw(st.sampled_from(["female", "male"]))
    age = data.draw(st.floats(min_value=1, max_value=100, allow_nan=False))
    stages = [None, "pregnancy", "lactation"] if sex == "female" and age < 51 else [None]
    life_stage = data.draw(st.sampled_from(stages))
    ref = reference_intake(kb, nutrient, age=age, sex=sex, life_stage=life_stage)
    row = next(r for r in kb.graph["intakes"][nutrient].rows if (r.group, r.ages) == (ref.group, ref.ages))
    low, high = row.age_range
    band_age = max(age, 14) if life_stage else age
    assert low <= band_age
    assert high is None or band_age < high + 1
    assert ref.group == (life_stage or ("child" if age < 9 else sex))
    assert (ref.rda is None) != (ref.ai is None)


# --- Intake -------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["2 h", "-5 mg", "400", 400])
def test_intake_rejects_bad_amounts(amount: object) -> None:
    """An amount that is not a non-negative mass, IU or equivalent fails when the Intake is made."""
    with pytest.raises(ng.UnitError):
        Intake(amount)


def test_intake_normalises() -> None:
    """Strings become quantities and forms lose stray whitespace; supplemental must be a bool."""
    intake = Intake("500 mg", supplemental=True, form="  magnesium   oxide ")
    assert intake.amount == ng.parse_quantity("500 mg")
    assert intake.form == "magnesium oxide"
    with pytest.raises(TypeError):
        Intake("1 mg", supplemental="yes")  # type: ignore[arg-type]  # the wrong type is the test


# --- check_intake: magnesium and the supplemental scope -----------------------------------


def test_magnesium_oxide_counts_its_magnesium_only(kb: nx.MultiDiGraph[str]) -> None:
    """500 mg of magnesium oxide from a supplement is about 301 mg of magnesium: within the 350 mg UL."""
    pill = Intake("500 mg", supplemental=True, form="magnesium oxide")
    findings = check_intake(kb, {"magnesium": pill}, age=35, sex="female", life_stage="pregnancy")
    assert statuses(findings, "magnesium") == [S.BELOW_RDA, S.WITHIN_UL]
    assert mg(findings[0].amount) == pytest.approx(301.5)
    assert mg(findings[1].ul_amount) == pytest.approx(301.5)


def test_elemental_magnesium_supplement_exceeds_the_ul(kb: nx.MultiDiGraph[str]) -> None:
    """500 mg of elemental magnesium from a supplement is above the 350 mg UL, and meets the RDA."""
    findings = check_intake(
        kb, {"magnesium": Intake("500 mg", supplemental=True)}, age=35, sex="female", life_stage="pregnancy"
    )
    assert statuses(findings, "magnesium") == [S.MEETS_RDA, S.ABOVE_UL]
    assert "above the UL" in findings[1].message
    assert "supplements and medicines" in findings[1].message


@pytest.mark.parametrize("amount", ["100 mg", "360 mg", "2000 mg", "5 g", ng.parse_quantity("900 mg")])
def test_magnesium_from_food_never_exceeds_the_ul(kb: nx.MultiDiGraph[str], amount: object) -> None:
    """However much magnesium comes from food, the UL does not apply (UL_NOT_APPLICABLE)."""
    findings = check_intake(kb, {"magnesium": amount}, age=35, sex="female", life_stage="pregnancy")
    assert findings[1].status is S.UL_NOT_APPLICABLE
    assert findings[1].ul_amount is None
    assert "does not apply" in findings[1].message


def test_a_mineral_salt_counts_as_a_supplement(kb: nx.MultiDiGraph[str]) -> None:
    """Magnesium hydroxide not marked supplemental still counts toward the UL: food lists no salts."""
    findings = check_intake(kb, {"magnesium": Intake("1 g", form="magnesium hydroxide")}, age=40, sex="m")
    assert findings[1].status is S.ABOVE_UL
    assert mg(findings[1].ul_amount) == pytest.approx(416.8)


def test_food_and_supplement_are_added_up(kb: nx.MultiDiGraph[str]) -> None:
    """Food plus a supplement: the total meets the RDA; only the supplement is compared with the UL."""
    intakes = {"magnesium": ["300 mg", Intake("400 mg", supplemental=True)], "Mg": "20 mg"}
    findings = check_intake(kb, intakes, age=40, sex="male")
    assert statuses(findings, "magnesium") == [S.MEETS_RDA, S.ABOVE_UL]
    assert mg(findings[0].amount) == pytest.approx(720)
    assert mg(findings[1].ul_amount) == pytest.approx(400)


# --- check_intake: other scopes and units ---------------------------------------------------


def test_b12_has_no_ul(kb: nx.MultiDiGraph[str]) -> None:
    """A large B12 dose meets the RDA and reports UL_NOT_SET, not safe and not above."""
    findings = check_intake(kb, {"B12": Intake("1000 µg", supplemental=True)}, age=60, sex="f")
    assert statuses(findings, "vitamin_b12") == [S.MEETS_RDA, S.UL_NOT_SET]
    assert findings[1].reference.ul is None
    assert "does not mean that any amount is safe" in findings[1].message


@pytest.mark.parametrize(
    ("intake", "dfe", "folic_acid", "status"),
    [
        (Intake("800 µg", supplemental=True, form="folic acid with food"), 1360, 800, S.WITHIN_UL),
        (Intake("1200 µg", supplemental=True, form="folic acid with food"), 2040, 1200, S.ABOVE_UL),
        (Intake("1200 µg", supplemental=True, form="folic acid on an empty stomach"), 2400, 1200, S.ABOVE_UL),
        (Intake("680 µg DFE", form="folic acid in fortified food"), 680, 400, S.WITHIN_UL),
        (Intake("2000 µg", form="food folate"), 2000, None, S.UL_NOT_APPLICABLE),
    ],
)
def test_folate_ul_counts_folic_acid_in_micrograms(
    kb: nx.MultiDiGraph[str], intake: Intake, dfe: float, folic_acid: float | None, status: IntakeStatus
) -> None:
    """The RDA is compared in µg DFE; the UL in µg of folic acid, counting folic acid even from
    fortified food and never food folate."""
    total, ul = check_intake(kb, {"folate": intake}, age=30, sex="female")
    assert total.amount.to("µg DFE").magnitude == pytest.approx(dfe)
    assert ul.status is status
    if folic_acid is None:
        assert ul.ul_amount is None
    else:
        assert ul.ul_amount is not None
        assert ul.ul_amount.to("µg").magnitude == pytest.approx(folic_acid)
        assert f"{folic_acid} µg of synthetic folate" in ul.message


@pytest.mark.parametrize(("amount", "status"), [("4000 IU", S.WITHIN_UL), ("4400 IU", S.ABOVE_UL)])
def test_vitamin_d_iu(kb: nx.MultiDiGraph[str], amount: str, status: IntakeStatus) -> None:
    """4000 IU of vitamin D is 100 µg, exactly the UL (within it); 4400 IU is above."""
    total, ul = check_intake(kb, {"vitamin D": amount}, age=45, sex="male")
    assert total.amount.to("µg").magnitude == pytest.approx(float(amount.split()[0]) / 40)
    assert total.status is S.MEETS_RDA
    assert ul.status is status


def test_vitamin_a_ul_ignores_beta_carotene(kb: nx.MultiDiGraph[str]) -> None:
    """Beta-carotene counts toward the RDA (as RAE) but never toward the UL, which the message says."""
    carrots = Intake("36000 µg", form="beta-carotene from food")  # 3000 µg RAE
    alone = check_intake(kb, {"vitamin A": carrots}, age=40, sex="female")
    assert statuses(alone, "vitamin_a") == [S.MEETS_RDA, S.UL_NOT_APPLICABLE]
    assert alone[0].amount.to("µg RAE").magnitude == pytest.approx(3000)
    assert "beta-carotene" in alone[1].message

    liver = Intake("3500 µg", form="retinol")
    both = check_intake(kb, {"vitamin A": [carrots, liver]}, age=40, sex="female")
    assert both[0].amount.to("µg RAE").magnitude == pytest.approx(6500)
    assert both[1].status is S.ABOVE_UL
    assert both[1].ul_amount is not None
    assert both[1].ul_amount.to("µg").magnitude == pytest.approx(3500)
    assert "applies to preformed vitamin A only, so beta-carotene does not count" in both[1].message


def test_vitamin_a_supplement_of_unstated_form_counts_as_preformed(kb: nx.MultiDiGraph[str]) -> None:
    """A supplement in µg RAE with no form is counted toward the preformed UL; food without a form is not."""
    pill = check_intake(kb, {"vitamin A": Intake("3500 µg RAE", supplemental=True)}, age=40, sex="m")
    assert pill[1].status is S.ABOVE_UL
    food = check_intake(kb, {"vitamin A": "3500 µg RAE"}, age=40, sex="m")
    assert food[1].status is S.UL_NOT_APPLICABLE


def test_niacin_ul_counts_supplements_not_tryptophan(kb: nx.MultiDiGraph[str]) -> None:
    """Tryptophan counts toward niacin equivalents (60 mg = 1 mg NE) but not toward the niacin UL."""
    intakes = {
        "niacin": [
            "10 mg",
            Intake("600 mg", supplemental=True, form="tryptophan"),
            Intake("50 mg", supplemental=True, form="nicotinic acid"),
        ]
    }
    total, ul = check_intake(kb, intakes, age=40, sex="male")
    assert total.amount.to("mg NE").magnitude == pytest.approx(70)
    assert ul.status is S.ABOVE_UL
    assert ul.ul_amount is not None
    assert ul.ul_amount.to("mg").magnitude == pytest.approx(50)


def test_adequate_intake_statuses(kb: nx.MultiDiGraph[str]) -> None:
    """Nutrients with an AI report BELOW_AI or MEETS_AI, and below an AI is not called inadequate."""
    low = check_intake(kb, {"potassium": "2000 mg"}, age=30, sex="female")
    assert statuses(low, "potassium") == [S.BELOW_AI, S.UL_NOT_SET]
    assert "not shown to be inadequate" in low[0].message
    high = check_intake(kb, {"potassium": "2.6 g"}, age=30, sex="female")
    assert high[0].status is S.MEETS_AI


def test_findings_are_sorted_and_deterministic(kb: nx.MultiDiGraph[str]) -> None:
    """Findings come sorted by nutrient id, then status, whatever the order of the input."""
    intakes = {"zinc": "8 mg", "vitamin C": "20 mg", "calcium": "3 g", "vitamin B12": "3 µg"}
    forward = check_intake(kb, intakes, age=30, sex="f")
    backward = check_intake(kb, dict(reversed(list(intakes.items()))), age=30, sex="f")
    assert forward == backward
    assert [f.nutrient for f in forward] == sorted(f.nutrient for f in forward)
    assert [(f.nutrient, f.status) for f in forward][:2] == [("calcium", S.MEETS_RDA), ("calcium", S.ABOVE_UL)]
    assert check_intake(kb, {}, age=30, sex="f") == ()


# --- check_intake: errors -----------------------------------------------------------------


def test_all_unknown_nutrients_reported_at_once(kb: nx.MultiDiGraph[str]) -> None:
    """Every unknown name is listed in one UnknownEntityError, each with its suggestions."""
    with pytest.raises(ng.UnknownEntityError) as info:
        check_intake(kb, {"magnesum": "1 mg", "zinc": "1 mg", "vitamn C": "1 mg"}, age=30, sex="m")
    assert isinstance(info.value, ng.UnknownEntitiesError)
    assert [e.text for e in info.value.errors] == ["magnesum", "vitamn C"]
    assert "did you mean 'magnesium'" in str(info.value)
    assert "'vitamin C'" in str(info.value)


def test_one_unknown_form_is_the_resolver_error(kb: nx.MultiDiGraph[str]) -> None:
    """A single unknown form raises the resolver's own error, with suggestions."""
    with pytest.raises(ng.UnknownEntityError, match="magnesium oxide"):
        check_intake(kb, {"magnesium": Intake("1 g", form="magnesium oxyde")}, age=30, sex="m")


def test_unconvertible_amounts_name_the_nutrient(kb: nx.MultiDiGraph[str]) -> None:
    """Amounts that cannot be read or converted raise one UnitError naming every nutrient and amount."""
    intakes = {"vitamin A": "1000 IU", "magnesium": ["2 h", "100 mg"], "folate": "400 µg"}
    with pytest.raises(ng.UnitError) as info:
        check_intake(kb, intakes, age=30, sex="m")
    message = str(info.value)
    assert message.startswith("cannot use 3 amounts")
    assert "vitamin A 1000 IU (food)" in message
    assert "pass form=" in message
    assert "magnesium '2 h'" in message
    assert "folate 400 µg (food)" in message


def test_form_of_another_nutrient_is_an_error(kb: nx.MultiDiGraph[str]) -> None:
    """A form that belongs to another nutrient is refused, not silently converted."""
    with pytest.raises(ng.UnitError, match="'retinol' is not a form of 'folate'"):
        check_intake(kb, {"folate": Intake("400 µg", form="retinol")}, age=30, sex="m")


def test_empty_amount_list_is_an_error(kb: nx.MultiDiGraph[str]) -> None:
    """An empty list of amounts is an error rather than a silent zero."""
    with pytest.raises(IntakeError, match="no amount given for 'zinc'"):
        check_intake(kb, {"zinc": []}, age=30, sex="m")


def test_person_is_checked_before_intakes(kb: nx.MultiDiGraph[str]) -> None:
    """Bad person arguments fail first, even when the intakes are bad too."""
    with pytest.raises(IntakeError, match="infants"):
        check_intake(kb, {"nonsense": "2 h"}, age=0.2, sex="f")
