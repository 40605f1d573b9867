"""nutrigraph: nutrient metabolism as a knowledge graph.

Nutrients and their active forms, enzymes, processes, deficiency signs, drugs, conditions,
population groups and foods, joined by typed relations that each carry their sources and an
evidence grade. The output is information, never a diagnosis.

Examples
--------
>>> import nutrigraph as ng
>>> G = ng.load()
>>> ng.resolve(G, "B12")
'vitamin_b12'
>>> ng.convert("1000 IU", "µg", nutrient="vitamin D")
<Quantity(25.0, 'microgram')>
"""

from __future__ import annotations

from nutrigraph.build import editable, freeze, load, validate
from nutrigraph.display import draw, to_mermaid
from nutrigraph.errors import (
    AmbiguousEntityError,
    DataValidationError,
    FormatError,
    FrozenGraphError,
    IntakeError,
    NutrigraphError,
    Problem,
    SchemaError,
    UnitError,
    UnknownEntitiesError,
    UnknownEntityError,
)
from nutrigraph.io import read_json, write_json
from nutrigraph.model import Conversion, Entity, IntakeRow, IntakeTable, Relation, Source
from nutrigraph.queries.explain import (
    ContextEffect,
    Explanation,
    MatchedSymptom,
    NutrientExplanation,
    PairExplanation,
    explain_symptoms,
)
from nutrigraph.queries.intake import (
    Intake,
    IntakeFinding,
    IntakeReference,
    IntakeStatus,
    check_intake,
    reference_intake,
)
from nutrigraph.queries.interactions import (
    DrugEffect,
    DrugEffects,
    StackFinding,
    StackReport,
    check_stack,
    drug_effects,
)
from nutrigraph.queries.overlap import Overlap, OverlapMatrix, overlap_matrix, symptom_overlap
from nutrigraph.queries.pathways import Pathway, Pathways, Step, trace_pathways
from nutrigraph.resolve import Match, resolve, search
from nutrigraph.schema import KINDS, PREDICATES, Evidence
from nutrigraph.units import compound_amount, convert, elemental_amount, format_quantity, parse_quantity


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata on first use, not at import.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("nutrigraph")
        except PackageNotFoundError:  # pragma: no cover - only from a source tree never installed
            return "0+unknown"
    raise AttributeError(f"module 'nutrigraph' has no attribute {name!r}")


__all__ = [
    "KINDS",
    "PREDICATES",
    "AmbiguousEntityError",
    "ContextEffect",
    "Conversion",
    "DataValidationError",
    "DrugEffect",
    "DrugEffects",
    "Entity",
    "Evidence",
    "Explanation",
    "FormatError",
    "FrozenGraphError",
    "Intake",
    "IntakeError",
    "IntakeFinding",
    "IntakeReference",
    "IntakeRow",
    "IntakeStatus",
    "IntakeTable",
    "Match",
    "MatchedSymptom",
    "NutrientExplanation",
    "NutrigraphError",
    "Overlap",
    "OverlapMatrix",
    "PairExplanation",
    "Pathway",
    "Pathways",
    "Problem",
    "Relation",
    "SchemaError",
    "Source",
    "StackFinding",
    "StackReport",
    "Step",
    "UnitError",
    "UnknownEntitiesError",
    "UnknownEntityError",
    "__version__",
    "check_intake",
    "check_stack",
    "compound_amount",
    "convert",
    "draw",
    "drug_effects",
    "editable",
    "elemental_amount",
    "explain_symptoms",
    "format_quantity",
    "freeze",
    "load",
    "overlap_matrix",
    "parse_quantity",
    "read_json",
    "reference_intake",
    "resolve",
    "search",
    "symptom_overlap",
    "to_mermaid",
    "trace_pathways",
    "validate",
    "write_json",
]
