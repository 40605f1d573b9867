"""Reference intakes: what the DRI tables give for a person, and how a day's intake compares.

The Dietary Reference Intakes (DRIs, US/Canada) set, for each life-stage group, either a
Recommended Dietary Allowance (RDA) or, where the evidence is too thin for one, an Adequate Intake
(AI), and often a Tolerable Upper Intake Level (UL). :func:`reference_intake` picks the row that
applies to a person; :func:`check_intake` compares amounts eaten or taken with it.

A UL does not always cover every source: for magnesium it counts supplements and medicines only,
for folate only synthetic folic acid, for vitamin A only preformed retinol. ``G.graph["intakes"]``
records this as the table's ``ul_scope``, and :func:`check_intake` counts toward the UL only the part
of an intake that the UL applies to.

The output is information, not dietary or medical advice.

Examples
--------
>>> import nutrigraph as ng
>>> from nutrigraph.queries.intake import Intake, check_intake, reference_intake
>>> G = ng.load()
>>> print(reference_intake(G, "Mg", age=35, sex="female", life_stage="pregnant"))
magnesium, pregnancy 31-50 y: RDA 360 mg; UL 350 mg (supplements and medicines only)
>>> food_and_pill = ["250 mg", Intake("500 mg", supplemental=True, form="magnesium oxide")]
>>> meets, within = check_intake(G, {"magnesium": food_and_pill}, age=35, sex="female")
>>> meets.status, meets.amount
(<IntakeStatus.MEETS_RDA: 'meets_rda'>, <Quantity(551.5, 'milligram')>)
>>> within.status, within.ul_amount
(<IntakeStatus.WITHIN_UL: 'within_ul'>, <Quantity(301.5, 'milligram')>)
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from typing import Final, TypeAlias

import attrs
import networkx as nx
import pint

from nutrigraph.errors import IntakeError, UnitError, UnknownEntityError
from nutrigraph.model import IntakeRow, IntakeTable, Source
from nutrigraph.queries._index import LIFE_STAGES, SEXES, raise_unknown
from nutrigraph.resolve import resolve
from nutrigraph.schema import PREDICATES
from nutrigraph.units import convert, format_quantity, parse_quantity, resolve_form

__all__ = [
    "Intake",
    "IntakeFinding",
    "IntakeReference",
    "IntakeStatus",
    "check_intake",
    "reference_intake",
]

# --- the person -------------------------------------------------------------------------------

_MAX_AGE: Final = 130
_CHILD_UNTIL: Final = 9  # the "child" rows cover ages 1-8 for both sexes
# The DRI tables' pregnancy and lactation rows start at "≤18 y"; the KB labels that row 14-18.
_LIFE_STAGE_FROM: Final = 14
_LIFE_STAGE_UNTIL: Final = 51


@attrs.frozen
class _Person:
    age: float
    sex: str
    life_stage: str | None

    @property
    def group(self) -> str:
        if self.life_stage is not None:
            return self.life_stage
        return "child" if self.age < _CHILD_UNTIL else self.sex

    @property
    def band_age(self) -> float:
        """The age used to choose the age band: pregnant girls under 14 use the 14-18 row."""
        return max(self.age, _LIFE_STAGE_FROM) if self.life_stage is not None else self.age


def _person(age: float, sex: str, life_stage: str | None) -> _Person:
    if isinstance(age, bool) or not isinstance(age, int | float):
        raise TypeError(f"age must be a number of years, got {type(age).__name__}")
    if not math.isfinite(age) or not 0 <= age <= _MAX_AGE:
        raise IntakeError(f"age must be a number of years from 1 to {_MAX_AGE}, got {age!r}")
    if age < 1:
        raise IntakeError(
            f"infants (age under 1 year) are not covered: the knowledge base holds reference intakes from "
            f"age 1 only; got age {age!r}"
        )
    if not isinstance(sex, str) or sex.strip().casefold() not in SEXES:
        raise IntakeError(f"unknown sex {sex!r}; expected 'female' or 'male' (also 'f', 'm', 'woman', 'man')")
    canonical_sex = SEXES[sex.strip().casefold()]
    if life_stage is None:
        return _Person(float(age), canonical_sex, None)
    if not isinstance(life_stage, str) or life_stage.strip().casefold() not in LIFE_STAGES:
        choices = ", ".join(repr(s) for s in LIFE_STAGES)
        raise IntakeError(f"unknown life stage {life_stage!r}; expected None or one of {choices}")
    stage = LIFE_STAGES[life_stage.strip().casefold()]
    if canonical_sex != "female":
        raise IntakeError(f"life stage {life_stage!r} applies only to sex='female', got sex={sex!r}")
    if age >= _LIFE_STAGE_UNTIL:
        raise IntakeError(f"the DRI tables give {stage} values up to age 50 only; got age {age!r}")
    return _Person(float(age), canonical_sex, stage)


# --- the reference ----------------------------------------------------------------------------


@attrs.frozen
class _Scope:
    label: str  # what the UL covers, for the one-line summary
    counted: str  # how to describe the amount counted toward the UL; {name} is the nutrient
    nothing: str  # why no amount counted, for UL_NOT_APPLICABLE


_SCOPES: Final = {
    "total": _Scope("all sources", "of {name} from all sources", "no amount was given"),
    "supplemental": _Scope(
        "supplements and medicines only",
        "of {name} from supplements and medicines",
        "no amount given is a supplement or medicine (supplemental=True) or a mineral salt, and {name} "
        "in food does not count",
    ),
    "synthetic": _Scope(
        "synthetic forms only",
        "of synthetic {name} from supplements, fortified foods and medicines",
        "no amount given is a supplement, fortificant or medicine (supplemental=True) or folic acid, and "
        "{name} occurring naturally in food does not count",
    ),
    "preformed": _Scope(
        "preformed vitamin A only",
        "of preformed {name} (retinol and retinyl esters)",
        "no amount given is preformed (retinol, a retinyl ester, or a supplement of unstated form), and "
        "beta-carotene and other carotenoids do not count",
    ),
}

# Forms that are synthetic or preformed whatever the source; other forms count toward such a UL
# only when taken as a supplement.
_FOLIC_ACID_FORMS: Final = frozenset({"folic_acid", "folic_acid_with_food", "folic_acid_empty_stomach"})
_PREFORMED_FORMS: Final = frozenset({"retinol", "retinyl_palmitate"})
# 1 µg RAE is 1 µg of retinol by definition; the UL for preformed vitamin A is in µg of retinol.
_RETINOL: Final = "retinol"


@attrs.frozen(repr=False)
class IntakeReference:
    """The DRI row that applies to one person, for one nutrient.

    Attributes
    ----------
    nutrient : str
        The nutrient's node id.
    name : str
        The nutrient's display name.
    group : str
        The DRI life-stage group: ``"child"``, ``"male"``, ``"female"``, ``"pregnancy"`` or
        ``"lactation"``.
    ages : str
        The age band of the row, e.g. ``"31-50"`` or ``"71+"``.
    rda, ai : pint.Quantity or None
        The Recommended Dietary Allowance or the Adequate Intake; exactly one is set.
    ul : pint.Quantity or None
        The Tolerable Upper Intake Level, or None when none has been set ("ND"), which means
        neither zero nor unlimited.
    ul_scope : str
        What the UL counts: ``"total"`` (all sources), ``"supplemental"`` (supplements and
        medicines), ``"synthetic"`` (folic acid, added niacin) or ``"preformed"`` (retinol).
    ul_note, note : str or None
        The knowledge base's notes on the UL and on the table.
    sources : tuple of Source
        The DRI report and fact sheets the values come from.
    """

    nutrient: str
    name: str
    group: str
    ages: str
    rda: pint.Quantity | None
    ai: pint.Quantity | None
    ul: pint.Quantity | None
    ul_scope: str
    ul_note: str | None
    note: str | None
    sources: tuple[Source, ...]

    @property
    def ul_set(self) -> bool:
        """Whether a UL has been set for this row."""
        return self.ul is not None

    @property
    def kind(self) -> str:
        """Which of the two the row gives, ``"RDA"`` or ``"AI"``."""
        return "RDA" if self.rda is not None else "AI"

    @property
    def target(self) -> pint.Quantity:
        """The RDA, or the AI where there is no RDA."""
        return self.rda if self.rda is not None else self.ai

    def summary(self) -> str:
        """One line: nutrient, group and ages, the RDA or AI, and the UL with what it counts.

        Examples
        --------
        >>> import nutrigraph as ng
        >>> reference_intake(ng.load(), "B12", age=70, sex="m").summary()
        'vitamin B12, male 51-70 y: RDA 2.4 µg; no UL set'
        """
        line = f"{self.name}, {self.group} {self.ages} y: {self.kind} {format_quantity(self.target)}"
        if self.ul is None:
            return f"{line}; no UL set"
        return f"{line}; UL {format_quantity(self.ul)} ({_SCOPES[self.ul_scope].label})"

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<IntakeReference {self.summary()}>"


def reference_intake(
    G: nx.MultiDiGraph[str], nutrient: str, *, age: float, sex: str, life_stage: str | None = None
) -> IntakeReference:
    """The Dietary Reference Intake of ``nutrient`` for a person of this age, sex and life stage.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph with DRI tables in ``G.graph["intakes"]``.
    nutrient : str
        The nutrient: an id, name, synonym or CURIE (``"Mg"``, ``"vitamin B-12"``).
    age : int or float
        Age in years, from 1 to 130. A band such as 31-50 runs from the 31st birthday up to, not
        including, the 51st, so 50.9 falls in 31-50.
    sex : str
        ``"female"`` or ``"male"`` (also ``"f"``, ``"m"``, ``"woman"``, ``"man"``; any case).
        Children aged 1 to 8 share one row whatever their sex.
    life_stage : str, optional
        ``"pregnancy"`` (or ``"pregnant"``) or ``"lactation"`` (or ``"lactating"``,
        ``"breastfeeding"``); only for females under 51. The DRI row for pregnant and lactating
        girls is "≤18 y", so ages under 14 use the 14-18 row.

    Returns
    -------
    IntakeReference

    Raises
    ------
    IntakeError
        If the age is under 1 (infants are not covered) or outside 0 to 130, the sex or life stage
        is unknown, a life stage is given for a male or from age 51, or the nutrient has no DRI
        table (or no row for this group).
    TypeError
        If ``age`` is not a number.
    UnknownEntityError
        If ``nutrient`` names no nutrient; the message suggests close names.

    See Also
    --------
    check_intake : compare amounts with the reference.

    Notes
    -----
    The tables cover the US/Canadian DRIs from age 1; infant values and the extra needs the DRI
    reports describe in words (smokers' vitamin C, vegetarians' iron) are not applied.

    References
    ----------
    National Academies of Sciences, Engineering, and Medicine (Institute of Medicine), Dietary
    Reference Intakes reports, 1997-2019; NIH Office of Dietary Supplements fact sheets. Each
    reference carries its own ``sources``.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> G = ng.load()
    >>> ref = reference_intake(G, "magnesium", age=35, sex="female", life_stage="pregnancy")
    >>> ref.rda, ref.ul, ref.ul_scope
    (<Quantity(360, 'milligram')>, <Quantity(350, 'milligram')>, 'supplemental')
    >>> reference_intake(G, "vitamin K", age=50.9, sex="M")
    <IntakeReference vitamin K, male 31-50 y: AI 120 µg; no UL set>
    >>> reference_intake(G, "folate", age=16, sex="f", life_stage="pregnant").summary()
    'folate, pregnancy 14-18 y: RDA 600 µg DFE; UL 800 µg (synthetic forms only)'
    >>> reference_intake(G, "iron", age=0.5, sex="female")
    Traceback (most recent call last):
    ...
    nutrigraph.errors.IntakeError: infants (age under 1 year) are not covered: ...
    """
    person = _person(age, sex, life_stage)
    nutrient_id = resolve(G, nutrient, kind="nutrient")
    return _reference(G, _table(G, nutrient_id), person)


def _tables(G: nx.MultiDiGraph[str]) -> Mapping[str, IntakeTable]:
    tables: Mapping[str, IntakeTable] = G.graph.get("intakes", {})
    return tables


def _table(G: nx.MultiDiGraph[str], nutrient_id: str) -> IntakeTable:
    table = _tables(G).get(nutrient_id)
    if table is None:
        raise _no_table(G, [nutrient_id])
    return table


def _no_table(G: nx.MultiDiGraph[str], nutrient_ids: Sequence[str]) -> IntakeError:
    names = ", ".join(G.nodes[n]["name"] for n in nutrient_ids)
    known = ", ".join(G.nodes[n]["name"] for n in sorted(_tables(G))) or "none"
    return IntakeError(f"no reference intake (DRI table) in the knowledge base for {names}; tables exist for: {known}")


def _row(G: nx.MultiDiGraph[str], table: IntakeTable, person: _Person) -> IntakeRow:
    group, age = person.group, person.band_age
    for row in table.rows:
        low, high = row.age_range
        if row.group == group and low <= age and (high is None or age < high + 1):
            return row
    name = G.nodes[table.nutrient]["name"]
    raise IntakeError(f"the DRI table for {name} has no row for group {group!r} at age {person.age:g}")


def _reference(G: nx.MultiDiGraph[str], table: IntakeTable, person: _Person) -> IntakeReference:
    row = _row(G, table, person)
    sources: Mapping[str, Source] = G.graph.get("sources", {})
    return IntakeReference(
        nutrient=table.nutrient,
        name=G.nodes[table.nutrient]["name"],
        group=row.group,
        ages=row.ages,
        rda=row.rda,
        ai=row.ai,
        ul=row.ul,
        ul_scope=table.ul_scope,
        ul_note=table.ul_note,
        note=table.note,
        sources=tuple(sources[key] for key in table.sources),
    )


# --- intakes ----------------------------------------------------------------------------------

_AMOUNT_DIMENSIONS: Final = PREDICATES["source_of"].qualifiers["amount"].dimensions


def _amount(value: str | pint.Quantity) -> pint.Quantity:
    quantity = parse_quantity(value, dimensions=_AMOUNT_DIMENSIONS)
    if not math.isfinite(quantity.magnitude) or quantity.magnitude < 0:
        raise UnitError(f"an intake must be a finite amount of zero or more, got {value!r}")
    return quantity


def _form(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"form must be a string naming a form such as 'magnesium oxide', got {type(value).__name__}")
    return " ".join(value.split()) or None


@attrs.frozen
class Intake:
    """An amount of a nutrient taken in one way: with food, or as a supplement, in some form.

    Parameters
    ----------
    amount : str or pint.Quantity
        E.g. ``"500 mg"``, ``"4000 IU"``, ``"400 µg DFE"``. For a mineral salt form, the mass of
        the salt as on the label's ingredient list; it is converted to the element.
    supplemental : bool, default False
        True for a supplement, a medicine (antacid, laxative), or a nutrient added to a fortified
        food: what a UL of scope ``"supplemental"`` or ``"synthetic"`` counts.
    form : str, optional
        The form: a vitamer, salt or intake context (``"magnesium oxide"``, ``"retinol"``,
        ``"beta-carotene from food"``, ``"folic acid with food"``). Needed where the conversion or
        the UL depends on it.

    Raises
    ------
    UnitError
        If ``amount`` does not parse, is negative, or is not a mass, IU or a nutrient equivalent.

    Examples
    --------
    >>> Intake("500 mg", supplemental=True, form=" magnesium  oxide")
    Intake(amount=<Quantity(500, 'milligram')>, supplemental=True, form='magnesium oxide')
    """

    amount: pint.Quantity = attrs.field(converter=_amount)
    supplemental: bool = attrs.field(default=False, kw_only=True, validator=attrs.validators.instance_of(bool))
    form: str | None = attrs.field(default=None, kw_only=True, converter=_form)

    def describe(self) -> str:
        """The intake in words, e.g. ``"500 mg (supplement, magnesium oxide)"``."""
        details = ["supplement" if self.supplemental else "food", *([self.form] if self.form else [])]
        return f"{format_quantity(self.amount)} ({', '.join(details)})"


_Amount: TypeAlias = str | pint.Quantity | Intake


# --- findings ---------------------------------------------------------------------------------


class IntakeStatus(enum.Enum):
    """How an intake compares with one part of the reference; findings sort in this order.

    ``BELOW_RDA``, ``MEETS_RDA``, ``BELOW_AI``, ``MEETS_AI``
        The total against the RDA or the AI. Below an AI is not shown to be inadequate: an AI is a
        level assumed adequate where no requirement could be set.
    ``WITHIN_UL``, ``ABOVE_UL``
        The part of the intake that the UL counts, against the UL (equal to it is within).
    ``UL_NOT_SET``
        No UL has been set ("ND"); this does not mean that any amount is safe.
    ``UL_NOT_APPLICABLE``
        A UL exists, but none of the amounts given is of the kind it counts (e.g. magnesium from
        food only).
    """

    BELOW_RDA = "below_rda"
    MEETS_RDA = "meets_rda"
    BELOW_AI = "below_ai"
    MEETS_AI = "meets_ai"
    WITHIN_UL = "within_ul"
    ABOVE_UL = "above_ul"
    UL_NOT_SET = "ul_not_set"
    UL_NOT_APPLICABLE = "ul_not_applicable"


_STATUS_ORDER: Final = {status: index for index, status in enumerate(IntakeStatus)}


@attrs.frozen(repr=False)
class IntakeFinding:
    """One comparison of a nutrient's intake with its reference.

    Attributes
    ----------
    nutrient : str
        The nutrient's node id.
    status : IntakeStatus
        The outcome.
    amount : pint.Quantity
        The total intake in the units of the RDA or AI (e.g. µg DFE, µg RAE, mg NE).
    ul_amount : pint.Quantity or None
        The part of the intake that the UL counts, in the UL's units (for folate, µg of folic
        acid); None when no UL is set or none of the intake counts toward it.
    reference : IntakeReference
        The DRI row compared with.
    message : str
        The finding as one plain sentence.
    sources : tuple of Source
        Where the reference values come from.
    """

    nutrient: str
    status: IntakeStatus
    amount: pint.Quantity
    ul_amount: pint.Quantity | None
    reference: IntakeReference
    message: str
    sources: tuple[Source, ...]

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"<IntakeFinding {self.nutrient} {self.status.name}: {self.message}>"


def check_intake(
    G: nx.MultiDiGraph[str],
    intakes: Mapping[str, _Amount | Sequence[_Amount]],
    *,
    age: float,
    sex: str,
    life_stage: str | None = None,
) -> tuple[IntakeFinding, ...]:
    """Compare daily intakes of nutrients with the person's RDA or AI and UL.

    Each nutrient gets two findings: its total against the RDA or AI, and the part of its intake
    that the UL counts against the UL (or why there is no such comparison).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph with DRI tables.
    intakes : Mapping
        Nutrient (id, name, synonym or CURIE) to a daily amount: a string or pint quantity (counted
        as food, no form), an :class:`Intake`, or a sequence of these, which are added up (e.g.
        food plus a supplement). Keys naming the same nutrient are added up too.
    age, sex, life_stage
        The person, as for :func:`reference_intake`.

    Returns
    -------
    tuple of IntakeFinding
        Sorted by nutrient id, then by status in :class:`IntakeStatus` order.

    Raises
    ------
    UnknownEntityError
        If a nutrient or form names nothing in the knowledge base; with several unknown names, an
        :class:`~nutrigraph.errors.UnknownEntitiesError` lists them all, each with suggestions.
    UnitError
        If an amount does not parse or cannot be converted to the DRI units (e.g. vitamin A in IU
        without a form); one error lists every such amount with its nutrient.
    IntakeError
        If the person's arguments are invalid (see :func:`reference_intake`), a nutrient has no DRI
        table, or a nutrient is given an empty list of amounts.
    TypeError
        If ``intakes`` is not a mapping or ``age`` not a number.

    See Also
    --------
    reference_intake : the reference row alone.

    Notes
    -----
    Amounts are converted with :func:`nutrigraph.units.convert`: IU, dietary folate equivalents,
    retinol activity equivalents and niacin equivalents use the knowledge base's factors, and a
    mineral salt form counts its element only (500 mg of magnesium oxide is about 301 mg of
    magnesium). Nothing is guessed: where the conversion depends on a form that is not given, the
    call fails and says which forms are known.

    What counts toward the UL follows the table's ``ul_scope``:

    - ``total``: every amount.
    - ``supplemental`` (magnesium, vitamin E): amounts with ``supplemental=True``, and amounts of a
      mineral salt form (magnesium oxide), which are taken as supplements or medicines.
    - ``synthetic`` (folate, niacin): amounts with ``supplemental=True``, and any amount whose form
      is folic acid (fortified food included). Folate is compared in µg of folic acid, not DFE.
      A precursor that is not a form of the nutrient (tryptophan for niacin) never counts.
    - ``preformed`` (vitamin A): amounts in retinol or a retinyl ester, and supplements of
      unstated form; beta-carotene never counts. Counted amounts are converted to µg RAE, which
      for preformed vitamin A equals µg of retinol, the UL's unit.

    An intake equal to the UL is within it. Comparisons allow a relative rounding error of 1e-9.
    The check looks at one day's amounts against the tables; it does not judge long-term intake,
    absorption, or conditions that change needs.

    References
    ----------
    Institute of Medicine, Dietary Reference Intakes reports (1997-2011) and NASEM (2019); NIH
    Office of Dietary Supplements fact sheets on the UL scope of magnesium, folate, niacin,
    vitamin A and vitamin E.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> G = ng.load()
    >>> findings = check_intake(
    ...     G,
    ...     {"vitamin D": "4000 IU", "folate": Intake("1200 µg", supplemental=True, form="folic acid with food")},
    ...     age=40, sex="man",
    ... )
    >>> from nutrigraph.units import format_quantity
    >>> for f in findings:
    ...     counted = format_quantity(f.ul_amount) if f.ul_amount is not None else "-"
    ...     print(f.nutrient, f.status.name, format_quantity(f.amount), counted)
    folate MEETS_RDA 2040 µg DFE -
    folate ABOVE_UL 2040 µg DFE 1200 µg
    vitamin_d MEETS_RDA 100 µg -
    vitamin_d WITHIN_UL 100 µg 100 µg
    >>> import textwrap
    >>> print(textwrap.fill(findings[1].message, 100))
    1200 µg of synthetic folate from supplements, fortified foods and medicines is above the UL
    (Tolerable Upper Intake Level) of 1000 µg for males aged 31-50.
    >>> check_intake(G, {"magnesium": "300 mg"}, age=35, sex="f")[1].status
    <IntakeStatus.UL_NOT_APPLICABLE: 'ul_not_applicable'>
    """
    person = _person(age, sex, life_stage)
    if not isinstance(intakes, Mapping):
        raise TypeError(f"intakes must be a mapping of nutrient to amount, got {type(intakes).__name__}")
    problems: list[str] = []
    grouped = _group_intakes(G, intakes, problems)
    missing = [n for n in grouped if n not in _tables(G)]
    if missing:
        raise _no_table(G, missing)
    findings: list[IntakeFinding] = []
    for nutrient_id, items in grouped.items():
        reference = _reference(G, _tables(G)[nutrient_id], person)
        total, ul_amount = _add_up(G, reference, items, problems)
        findings += [_target_finding(reference, total), _ul_finding(reference, total, ul_amount)]
    if problems:
        count = f"{len(problems)} amount{'s' if len(problems) != 1 else ''}"
        raise UnitError(f"cannot use {count}: " + "; ".join(problems))
    return tuple(sorted(findings, key=lambda f: (f.nutrient, _STATUS_ORDER[f.status])))


@attrs.frozen
class _Item:
    intake: Intake
    form: str | None  # the form's node id


def _group_intakes(
    G: nx.MultiDiGraph[str], intakes: Mapping[str, _Amount | Sequence[_Amount]], problems: list[str]
) -> dict[str, list[_Item]]:
    """Resolve nutrients and forms and parse amounts, grouped by nutrient id.

    Every unknown name is raised at once; every amount that does not parse is added to ``problems``.
    """
    unknown: list[UnknownEntityError] = []
    grouped: dict[str, list[_Item]] = {}
    for text, value in intakes.items():
        nutrient_id: str | None = None
        try:
            nutrient_id = resolve(G, text, kind="nutrient")
        except UnknownEntityError as exc:
            unknown.append(exc)
        values = _as_list(value)
        if not values:
            raise IntakeError(f"no amount given for {text!r}; pass an amount such as '400 mg' or leave it out")
        for raw in values:
            try:
                intake = raw if isinstance(raw, Intake) else Intake(raw)
            except UnitError as exc:
                problems.append(f"{text} {raw!r}: {exc}")
                continue
            form_id: str | None = None
            if intake.form is not None:
                try:
                    # The same lookup convert() does: a nutrient_form, or a precursor metabolite (tryptophan).
                    form_id = resolve_form(G, intake.form)
                except UnknownEntityError as exc:
                    unknown.append(exc)
            if nutrient_id is not None:
                grouped.setdefault(nutrient_id, []).append(_Item(intake, form_id))
    raise_unknown(unknown)
    return grouped


def _as_list(value: _Amount | Sequence[_Amount]) -> list[_Amount]:
    if isinstance(value, str | pint.Quantity | Intake) or not isinstance(value, Sequence):
        return [value]
    return list(value)


def _counts_toward_ul(G: nx.MultiDiGraph[str], scope: str, item: _Item) -> bool:
    form, supplemental = item.form, item.intake.supplemental
    if scope == "supplemental":
        # Food does not state its minerals as salts: a salt form means a supplement or medicine.
        return supplemental or (form is not None and G.nodes[form].get("elemental_fraction") is not None)
    if scope == "synthetic":
        is_form = form is None or G.nodes[form]["kind"] == "nutrient_form"
        return is_form and (supplemental or form in _FOLIC_ACID_FORMS)
    if scope == "preformed":
        return form in _PREFORMED_FORMS or (form is None and supplemental)
    return True


def _add_up(
    G: nx.MultiDiGraph[str], reference: IntakeReference, items: Sequence[_Item], problems: list[str]
) -> tuple[pint.Quantity, pint.Quantity | None]:
    """The total in the RDA/AI unit and the part the UL counts in the UL unit (None if no part).

    Every amount that cannot be converted is added to ``problems``.
    """
    nutrient, scope = reference.nutrient, reference.ul_scope
    total = reference.target * 0
    ul_parts: list[pint.Quantity] = []
    for item in items:
        try:
            amount = convert(item.intake.amount, reference.target.units, nutrient=nutrient, form=item.form, graph=G)
            if reference.ul is not None and _counts_toward_ul(G, scope, item):
                # Preformed vitamin A: µg RAE of retinol or a retinyl ester is µg of retinol by definition.
                source, form = (amount, _RETINOL) if scope == "preformed" else (item.intake.amount, item.form)
                ul_parts.append(convert(source, reference.ul.units, nutrient=nutrient, form=form, graph=G))
        except UnitError as exc:
            problems.append(f"{reference.name} {item.intake.describe()}: {exc}")
            continue
        total = total + amount
    return total, (sum(ul_parts[1:], ul_parts[0]) if ul_parts else None)


def _who(reference: IntakeReference) -> str:
    ages = reference.ages.replace("+", " and over")
    return {
        "child": f"children aged {ages}",
        "male": f"males aged {ages}",
        "female": f"females aged {ages}",
        "pregnancy": f"pregnancy at ages {ages}",
        "lactation": f"lactation at ages {ages}",
    }[reference.group]


def _compare(amount: pint.Quantity, limit: pint.Quantity) -> int:
    """-1, 0 or 1 as ``amount`` is below, equal to (within rounding error) or above ``limit``."""
    a, b = float(amount.to(limit.units).magnitude), float(limit.magnitude)
    if math.isclose(a, b, rel_tol=1e-9):
        return 0
    return -1 if a < b else 1


def _target_finding(reference: IntakeReference, total: pint.Quantity) -> IntakeFinding:
    target = reference.target
    below = _compare(total, target) < 0
    caveat = ""
    if reference.rda is not None:
        status = IntakeStatus.BELOW_RDA if below else IntakeStatus.MEETS_RDA
        label = "the RDA (Recommended Dietary Allowance)"
        verb = f"is {format_quantity(target - total.to(target.units))} below" if below else "meets"
    else:
        status = IntakeStatus.BELOW_AI if below else IntakeStatus.MEETS_AI
        label = "the AI (Adequate Intake)"
        verb = "is below" if below else "meets"
        if below:
            caveat = "; an AI is a level assumed adequate, not a requirement, so less is not shown to be inadequate"
    message = (
        f"{format_quantity(total)} of {reference.name} {verb} {label} of {format_quantity(target)} "
        f"for {_who(reference)}{caveat}."
    )
    return _finding(reference, status, total, None, message)


def _ul_finding(reference: IntakeReference, total: pint.Quantity, ul_amount: pint.Quantity | None) -> IntakeFinding:
    name, who, scope = reference.name, _who(reference), _SCOPES[reference.ul_scope]
    if reference.ul is None:
        return _finding(
            reference,
            IntakeStatus.UL_NOT_SET,
            total,
            None,
            f"No UL (Tolerable Upper Intake Level) has been set for {name} for {who}, which does not mean that "
            "any amount is safe.",
        )
    label = f"UL (Tolerable Upper Intake Level) of {format_quantity(reference.ul)} for {who}"
    if ul_amount is None:
        return _finding(
            reference,
            IntakeStatus.UL_NOT_APPLICABLE,
            total,
            None,
            f"The {label} counts {scope.label}; {scope.nothing.format(name=name)}, so it does not apply.",
        )
    above = _compare(ul_amount, reference.ul) > 0
    status = IntakeStatus.ABOVE_UL if above else IntakeStatus.WITHIN_UL
    caveat = (
        "; the UL applies to preformed vitamin A only, so beta-carotene does not count"
        if reference.ul_scope == "preformed"
        else ""
    )
    message = (
        f"{format_quantity(ul_amount)} {scope.counted.format(name=name)} is {'above' if above else 'within'} "
        f"the {label}{caveat}."
    )
    return _finding(reference, status, total, ul_amount, message)


def _finding(
    reference: IntakeReference,
    status: IntakeStatus,
    total: pint.Quantity,
    ul_amount: pint.Quantity | None,
    message: str,
) -> IntakeFinding:
    return IntakeFinding(reference.nutrient, status, total, ul_amount, reference, message, reference.sources)
