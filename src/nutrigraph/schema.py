"""The schema: entity kinds, predicates, qualifiers, evidence grades and identifier formats.

This module is the one place that says what the knowledge graph may contain. A relation's
``(subject kind, predicate, object kind)`` must appear in :data:`PREDICATES`; building a graph
with any other triple is an error. Every kind and predicate maps to a Biolink Model category or
predicate so that a graph can later be exported as KGX.

Examples
--------
>>> from nutrigraph.schema import PREDICATES, Evidence
>>> PREDICATES["cofactor_of"].inverse
'requires'
>>> PREDICATES["cofactor_of"].allows("nutrient", "enzyme")
True
>>> Evidence.ESTABLISHED > Evidence.LIMITED
True
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

__all__ = [
    "AGE_BANDS",
    "AMOUNT_DIMENSIONS",
    "CURIE_PATTERNS",
    "FREQUENCIES",
    "INTAKE_GROUPS",
    "KINDS",
    "PREDICATES",
    "UL_SCOPES",
    "Evidence",
    "FieldSpec",
    "KindSpec",
    "PredicateSpec",
    "normalize_curie",
]


@functools.total_ordering
class Evidence(enum.Enum):
    """How well a relation is supported, ordered from strongest to weakest.

    ``established``
        An authoritative reference (NIH ODS, the DRI reports, IUBMB/ExPASy, HPO) or consensus.
    ``supported``
        Peer-reviewed evidence short of consensus.
    ``limited``
        Weak or preliminary evidence, or a popular claim without primary support.
    ``contested``
        Authoritative sources contradict it; the relation lists them in ``contradicted_by``.

    Grades compare by strength: ``Evidence.ESTABLISHED > Evidence.SUPPORTED > Evidence.LIMITED >
    Evidence.CONTESTED``.

    Examples
    --------
    >>> Evidence.parse("Supported")
    <Evidence.SUPPORTED: 'supported'>
    >>> min(Evidence.ESTABLISHED, Evidence.LIMITED)
    <Evidence.LIMITED: 'limited'>
    """

    ESTABLISHED = "established"
    SUPPORTED = "supported"
    LIMITED = "limited"
    CONTESTED = "contested"

    @property
    def rank(self) -> int:
        """Strength as an integer, from 3 for established down to 0 for contested."""
        return _EVIDENCE_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Evidence):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, value: Evidence | str) -> Evidence:
        """Return the grade named by ``value`` (case-insensitive).

        Raises
        ------
        ValueError
            If ``value`` names no grade; the message lists the grades.
        """
        if isinstance(value, Evidence):
            return value
        text = str(value).strip().casefold()
        for grade in cls:
            if grade.value == text:
                return grade
        names = ", ".join(g.value for g in cls)
        raise ValueError(f"unknown evidence grade {value!r}; expected one of {names}")


_EVIDENCE_RANK: Final = {
    Evidence.ESTABLISHED: 3,
    Evidence.SUPPORTED: 2,
    Evidence.LIMITED: 1,
    Evidence.CONTESTED: 0,
}


def _frozen_fields(fields: Mapping[str, FieldSpec]) -> Mapping[str, FieldSpec]:
    return MappingProxyType(dict(fields))


@attrs.frozen
class FieldSpec:
    """The type of an extra field on an entity or a qualifier on a relation.

    ``type`` is one of ``"text"``, ``"bool"``, ``"fraction"`` (a number from 0 to 1),
    ``"choice"`` (one of ``choices``) or ``"quantity"`` (a pint quantity whose dimensionality is
    one of ``dimensions``, written as pint dimensionality strings such as ``"[mass]"``).
    """

    type: str
    description: str
    choices: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    required: bool = False


@attrs.frozen
class KindSpec:
    """An entity kind: its meaning, its Biolink category and the extra fields it may carry."""

    name: str
    description: str
    biolink: str
    fields: Mapping[str, FieldSpec] = attrs.field(factory=dict, converter=_frozen_fields)


@attrs.frozen
class PredicateSpec:
    """A predicate: the kinds it joins, how it reads both ways, and its qualifiers.

    Attributes
    ----------
    name : str
        The predicate, also the edge key in the graph.
    subjects, objects : frozenset of str
        Allowed subject and object kinds.
    label : str
        Forward reading, as in "magnesium *is a cofactor of* methionine adenosyltransferase".
    inverse : str
        Reading when the edge is walked backwards, as in "methionine synthase *requires* B12".
    biolink : str
        The Biolink Model predicate used for export.
    qualifiers : Mapping[str, FieldSpec]
        Extra fields a relation with this predicate may (or must) carry.
    symmetric : bool
        Whether the relation holds both ways (stored once).
    """

    name: str
    subjects: frozenset[str]
    objects: frozenset[str]
    label: str
    inverse: str
    biolink: str
    qualifiers: Mapping[str, FieldSpec] = attrs.field(factory=dict, converter=_frozen_fields)
    symmetric: bool = False

    def allows(self, subject_kind: str, object_kind: str) -> bool:
        """Whether ``subject_kind -[name]-> object_kind`` is a permitted triple."""
        return subject_kind in self.subjects and object_kind in self.objects


# --- qualifier and field types --------------------------------------------------------------

FREQUENCIES: Final = ("obligate", "very_frequent", "frequent", "occasional", "very_rare")
"""HPO frequency classes for ``frequency`` (HP:0040280 to HP:0040284), the most frequent first."""

_MECHANISM = FieldSpec("text", "how the effect comes about")
_FREQUENCY = FieldSpec("choice", "HPO frequency class of the sign", choices=FREQUENCIES)
_STAGE = FieldSpec("choice", "stage of deficiency at which the sign appears", choices=("early", "late", "severe"))
AMOUNT_DIMENSIONS: Final = (
    "[mass]",
    "[mass] * [dietary_folate_equivalent]",
    "[mass] * [retinol_activity_equivalent]",
    "[mass] * [niacin_equivalent]",
    "[international_unit]",
)
"""Dimensions of an amount of a nutrient: a mass, an equivalent (µg DFE, µg RAE, mg NE) or IU.
Conversions between them depend on the nutrient (and sometimes its form)."""

# --- kinds ----------------------------------------------------------------------------------

_CHEMICAL = ("nutrient", "nutrient_form", "metabolite")

KINDS: Final[Mapping[str, KindSpec]] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            KindSpec(
                "nutrient",
                "an essential nutrient as a whole, e.g. magnesium or vitamin B12",
                "biolink:ChemicalEntity",
                {"nutrient_class": FieldSpec("choice", "broad class", choices=("vitamin", "mineral", "other"))},
            ),
            KindSpec(
                "nutrient_form",
                "a vitamer, coenzyme form or supplement salt of a nutrient",
                "biolink:SmallMolecule",
                {"elemental_fraction": FieldSpec("fraction", "mass fraction of the element in a mineral salt")},
            ),
            KindSpec(
                "enzyme",
                "an enzyme or transporter",
                "biolink:Protein",
                {"gene": FieldSpec("text", "HGNC gene symbol")},
            ),
            KindSpec("metabolite", "an intermediate or product that is not itself a nutrient", "biolink:SmallMolecule"),
            KindSpec("process", "a physiological process", "biolink:BiologicalProcess"),
            KindSpec(
                "symptom",
                "a sign, symptom or laboratory finding, or a body-system category of them",
                "biolink:PhenotypicFeature",
                {
                    "hpo_label": FieldSpec("text", "the HPO label of the HP cross-reference"),
                    "no_hpo_reason": FieldSpec("text", "why there is no HP cross-reference"),
                    "category": FieldSpec("bool", "a body-system grouping node"),
                    "lab_finding": FieldSpec("bool", "a laboratory finding rather than a symptom"),
                },
            ),
            KindSpec("drug", "a medicine", "biolink:Drug"),
            KindSpec("drug_class", "a class of medicines whose members share its effects", "biolink:ChemicalEntity"),
            KindSpec(
                "condition", "a disease or state that raises deficiency risk", "biolink:DiseaseOrPhenotypicFeature"
            ),
            KindSpec(
                "population_group",
                "a life stage, diet or group of people",
                "biolink:PopulationOfIndividualOrganisms",
            ),
            KindSpec("food", "a food", "biolink:Food", {"food_group": FieldSpec("text", "food group")}),
        )
    }
)


def _predicate(
    name: str,
    subjects: tuple[str, ...],
    objects: tuple[str, ...],
    label: str,
    inverse: str,
    biolink: str,
    qualifiers: Mapping[str, FieldSpec] | None = None,
    *,
    symmetric: bool = False,
) -> PredicateSpec:
    return PredicateSpec(
        name, frozenset(subjects), frozenset(objects), label, inverse, biolink, qualifiers or {}, symmetric
    )


PREDICATES: Final[Mapping[str, PredicateSpec]] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            _predicate("form_of", ("nutrient_form",), ("nutrient",), "is a form of", "has form", "biolink:subclass_of"),
            _predicate(
                "cofactor_of",
                _CHEMICAL,
                ("enzyme",),
                "is a cofactor of",
                "requires",
                "biolink:related_to",
                {"role": FieldSpec("text", "in what form or role the cofactor acts")},
            ),
            _predicate("substrate_of", _CHEMICAL, ("enzyme",), "is a substrate of", "acts on", "biolink:is_input_of"),
            _predicate("produces", ("enzyme",), _CHEMICAL, "produces", "is produced by", "biolink:has_output"),
            _predicate(
                "activates",
                _CHEMICAL,
                ("enzyme", "nutrient", "nutrient_form"),
                "activates",
                "is activated by",
                "biolink:increases_amount_or_activity_of",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "inhibits",
                ("drug", "drug_class", *_CHEMICAL),
                ("enzyme",),
                "inhibits",
                "is inhibited by",
                "biolink:decreases_amount_or_activity_of",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "participates_in", ("enzyme",), ("process",), "takes part in", "involves", "biolink:participates_in"
            ),
            _predicate("supports", _CHEMICAL, ("process",), "supports", "is supported by", "biolink:contributes_to"),
            _predicate("part_of", ("process",), ("process",), "is part of", "has part", "biolink:part_of"),
            _predicate(
                "deficiency_sign",
                ("nutrient",),
                ("symptom",),
                "when deficient can cause",
                "can result from a deficiency of",
                "biolink:has_phenotype",
                {"frequency": _FREQUENCY, "stage": _STAGE},
            ),
            _predicate(
                "excess_sign",
                ("nutrient", "nutrient_form"),
                ("symptom",),
                "in excess can cause",
                "can result from an excess of",
                "biolink:has_adverse_event",
                {"frequency": _FREQUENCY, "context": FieldSpec("text", "the intake or form that causes it")},
            ),
            _predicate("is_a", ("symptom",), ("symptom",), "is a kind of", "has subtype", "biolink:subclass_of"),
            _predicate(
                "depletes",
                ("drug", "drug_class"),
                ("nutrient",),
                "depletes",
                "is depleted by",
                "biolink:decreases_amount_or_activity_of",
                {"mechanism": _MECHANISM, "onset": FieldSpec("text", "how long use takes to matter")},
            ),
            _predicate(
                "raises_level_of",
                ("drug", "drug_class"),
                ("nutrient",),
                "raises the level of",
                "has its level raised by",
                "biolink:increases_amount_or_activity_of",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "reduces_absorption_of",
                ("nutrient", "nutrient_form", "drug", "drug_class", "food"),
                ("drug", "drug_class", "nutrient", "nutrient_form"),
                "reduces the absorption of",
                "has its absorption reduced by",
                "biolink:interacts_with",
                {
                    "mechanism": _MECHANISM,
                    "separation": FieldSpec("quantity", "how far apart to take the two", dimensions=("[time]",)),
                    "separation_note": FieldSpec("text", "which to take first, and how long before or after"),
                },
            ),
            _predicate(
                "reduces_effect_of",
                ("nutrient", "nutrient_form", "food"),
                ("drug", "drug_class"),
                "reduces the effect of",
                "has its effect reduced by",
                "biolink:interacts_with",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "enhances_effect_of",
                ("nutrient", "nutrient_form", "food"),
                ("drug", "drug_class"),
                "enhances the effect of",
                "has its effect enhanced by",
                "biolink:interacts_with",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "enhances_absorption_of",
                ("nutrient", "nutrient_form", "food"),
                ("nutrient", "nutrient_form"),
                "enhances the absorption of",
                "has its absorption enhanced by",
                "biolink:interacts_with",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "degrades",
                ("nutrient", "nutrient_form"),
                ("nutrient", "nutrient_form"),
                "degrades",
                "is degraded by",
                "biolink:decreases_amount_or_activity_of",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "competes_with",
                ("nutrient", "nutrient_form"),
                ("nutrient", "nutrient_form"),
                "competes with",
                "competes with",
                "biolink:interacts_with",
                {"mechanism": _MECHANISM},
                symmetric=True,
            ),
            _predicate(
                "synergizes_with",
                ("nutrient", "nutrient_form"),
                ("nutrient", "nutrient_form"),
                "works together with",
                "works together with",
                "biolink:coexists_with",
                {"mechanism": _MECHANISM},
                symmetric=True,
            ),
            _predicate("member_of", ("drug",), ("drug_class",), "is a member of", "has member", "biolink:member_of"),
            _predicate(
                "risk_factor_for",
                ("condition", "population_group"),
                ("nutrient",),
                "raises the risk of a deficiency of",
                "has its deficiency risk raised by",
                "biolink:affects_likelihood_of",
                {"mechanism": _MECHANISM},
            ),
            _predicate(
                "source_of",
                ("food",),
                ("nutrient", "nutrient_form"),
                "is a source of",
                "is found in",
                "biolink:has_part",
                {
                    "amount": FieldSpec("quantity", "amount per serving", dimensions=AMOUNT_DIMENSIONS, required=True),
                    "serving": FieldSpec(
                        "quantity", "serving size", dimensions=("[mass]", "[length] ** 3"), required=True
                    ),
                    "serving_label": FieldSpec("text", "the serving as a household measure"),
                },
            ),
        )
    }
)

# Every relation may carry these besides its predicate's qualifiers.
RELATION_FIELDS: Final = ("subject", "predicate", "object", "evidence", "sources", "contradicted_by", "note")
ENTITY_FIELDS: Final = ("id", "kind", "name", "synonyms", "xrefs", "description", "sources")

# --- reference intakes ----------------------------------------------------------------------

INTAKE_GROUPS: Final = ("child", "male", "female", "pregnancy", "lactation")
"""Life-stage groups of the Dietary Reference Intake tables."""

AGE_BANDS: Final = ("1-3", "4-8", "9-13", "14-18", "19-30", "31-50", "51-70", "71+")
"""Age bands (years) of the DRI tables; ``"71+"`` is open-ended."""

UL_SCOPES: Final = ("total", "supplemental", "synthetic", "preformed")
"""What a Tolerable Upper Intake Level applies to, in order: all sources, supplements and medicines
only, synthetic forms only (folic acid, added niacin), or preformed vitamin A only."""

GROUP_AGE_BANDS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "child": ("1-3", "4-8"),
        "male": ("9-13", "14-18", "19-30", "31-50", "51-70", "71+"),
        "female": ("9-13", "14-18", "19-30", "31-50", "51-70", "71+"),
        "pregnancy": ("14-18", "19-30", "31-50"),
        "lactation": ("14-18", "19-30", "31-50"),
    }
)
"""The (group, age band) rows a complete DRI table has: 20 in all (infants are not covered)."""

# --- identifiers ----------------------------------------------------------------------------

ID_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9_]*")
"""Entity ids and source keys: lowercase letters, digits and underscores."""

CURIE_PATTERNS: Final[Mapping[str, re.Pattern[str]]] = MappingProxyType(
    {
        prefix: re.compile(pattern, re.ASCII)
        for prefix, pattern in {
            "ATC": r"[A-V](\d\d([A-Z]([A-Z](\d\d)?)?)?)?",
            "CHEBI": r"\d+",
            "DOID": r"\d+",
            "DRUGBANK": r"DB\d{5}",
            "EC": r"\d+\.(\d+|-)\.(\d+|-)\.(n?\d+|-)",
            "FDC": r"\d+",
            "FOODON": r"\d{8}",
            "GO": r"\d{7}",
            "HGNC": r"\d+",
            "HP": r"\d{7}",
            "MESH": r"[CD]\d+",
            "MONDO": r"\d{7}",
            "NCIT": r"C\d+",
            "PUBCHEM.COMPOUND": r"\d+",
            "RXNORM": r"\d+",
            "SNOMEDCT": r"\d+",
            "UMLS": r"C\d{7}",
        }.items()
    }
)
"""Known CURIE prefixes and the pattern of their local ids."""


def normalize_curie(text: str) -> str:
    """Return ``text`` as a CURIE with a canonical prefix, or raise ``ValueError``.

    The prefix is matched case-insensitively and whitespace around the parts is dropped.

    Examples
    --------
    >>> normalize_curie(" chebi:17439 ")
    'CHEBI:17439'
    >>> normalize_curie("hp:0003401")
    'HP:0003401'
    >>> normalize_curie("HP:3401")
    Traceback (most recent call last):
    ...
    ValueError: malformed CURIE 'HP:3401': the local id of HP must match \\d{7}
    """
    prefix, sep, local = text.strip().partition(":")
    if not sep or not prefix or not local:
        raise ValueError(f"malformed CURIE {text!r}: expected PREFIX:LOCAL_ID, e.g. 'CHEBI:17439'")
    canonical = prefix.strip().upper()
    pattern = CURIE_PATTERNS.get(canonical)
    if pattern is None:
        known = ", ".join(sorted(CURIE_PATTERNS))
        raise ValueError(f"unknown CURIE prefix in {text!r}; known prefixes: {known}")
    local = local.strip()
    if not pattern.fullmatch(local):
        raise ValueError(f"malformed CURIE {text!r}: the local id of {canonical} must match {pattern.pattern}")
    return f"{canonical}:{local}"


def looks_like_curie(text: str) -> bool:
    """Whether ``text`` has a known CURIE prefix (its local part may still be malformed)."""
    prefix, sep, _ = text.strip().partition(":")
    return bool(sep) and prefix.strip().upper() in CURIE_PATTERNS
