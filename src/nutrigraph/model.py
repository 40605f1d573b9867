"""Frozen value objects: sources, entities, relations, reference intakes and conversion factors.

These records are what the data files describe and what the graph carries. They validate on
construction, so an invalid one cannot exist.

Examples
--------
>>> from nutrigraph.model import Source
>>> s = Source(key="ods_magnesium", title="Magnesium: Fact Sheet for Health Professionals",
...            publisher="NIH Office of Dietary Supplements", year=2022,
...            url="https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/")
>>> s.citation()
'Magnesium: Fact Sheet for Health Professionals. NIH Office of Dietary Supplements, 2022. https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import pint

from nutrigraph.schema import ID_PATTERN, Evidence, normalize_curie

__all__ = ["Conversion", "Entity", "IntakeRow", "IntakeTable", "Relation", "Source"]


def _strip(value: str) -> str:
    return " ".join(str(value).split())


def _optional_strip(value: str | None) -> str | None:
    return None if value is None else _strip(value) or None


def _evidence(value: Evidence | str) -> Evidence:
    return Evidence.parse(value)


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _tuple_of_str(values: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise TypeError(f"expected a list of strings, got the string {values!r}")
    return tuple(_strip(v) for v in values)


def _curies(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(normalize_curie(v) for v in _tuple_of_str(values))


def _check_id(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(f"{attribute.name} {value!r} must use only lowercase letters, digits and underscores")


def _non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must not be empty")


def _readonly(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@attrs.frozen
class Source:
    """A bibliography entry that claims cite by ``key``.

    Needs a title, a publisher or journal, and at least one locator: ``url``, ``pmid``, ``doi``,
    ``isbn`` or ``seed`` (the number of a seed article in ``shared/seeds/``).
    """

    key: str = attrs.field(validator=_check_id)
    title: str = attrs.field(converter=_strip, validator=_non_empty)
    publisher: str | None = attrs.field(default=None, converter=_optional_strip)
    journal: str | None = attrs.field(default=None, converter=_optional_strip)
    year: int | None = attrs.field(default=None)
    url: str | None = attrs.field(default=None, converter=_optional_strip)
    pmid: str | None = attrs.field(default=None, converter=_optional_text)
    doi: str | None = attrs.field(default=None, converter=_optional_strip)
    isbn: str | None = attrs.field(default=None, converter=_optional_strip)
    seed: str | None = attrs.field(default=None, converter=_optional_strip)
    authors: str | None = attrs.field(default=None, converter=_optional_strip)

    def __attrs_post_init__(self) -> None:
        if not (self.publisher or self.journal):
            raise ValueError("a source needs a publisher or a journal")
        if not (self.url or self.pmid or self.doi or self.isbn or self.seed):
            raise ValueError("a source needs at least one of url, pmid, doi, isbn or seed")
        if self.year is not None and not (1800 <= self.year <= 2100):
            raise ValueError(f"year {self.year} is out of range")
        if self.pmid is not None and not self.pmid.isdigit():
            raise ValueError(f"pmid {self.pmid!r} must be digits")
        if self.url is not None and not self.url.startswith(("https://", "http://")):
            raise ValueError(f"url {self.url!r} must start with https:// or http://")

    def citation(self) -> str:
        """A one-line citation: authors, title, journal or publisher, year, then locators."""
        parts = [f"{self.authors}."] if self.authors else []
        parts.append(f"{self.title}.")
        venue = self.journal or self.publisher
        parts.append(f"{venue}, {self.year}." if self.year else f"{venue}.")
        if self.pmid:
            parts.append(f"PMID {self.pmid}.")
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        if self.isbn:
            parts.append(f"ISBN {self.isbn}.")
        if self.seed:
            parts.append(f"Seed article {self.seed} (shared/seeds).")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)


@attrs.frozen
class Entity:
    """A node of the graph: a nutrient, enzyme, symptom, drug, food, ...

    ``attributes`` holds the kind-specific fields (``elemental_fraction``, ``hpo_label``, ...).
    """

    id: str = attrs.field(validator=_check_id)
    kind: str
    name: str = attrs.field(converter=_strip, validator=_non_empty)
    synonyms: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    xrefs: tuple[str, ...] = attrs.field(default=(), converter=_curies)
    description: str | None = attrs.field(default=None, converter=_optional_strip)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str, validator=_non_empty)
    attributes: Mapping[str, Any] = attrs.field(factory=dict, converter=_readonly, hash=False)


@attrs.frozen
class Relation:
    """An edge of the graph: a sourced, graded claim ``subject -[predicate]-> object``.

    ``qualifiers`` holds the predicate-specific fields (``frequency``, ``amount``, ...), with
    quantities as :class:`pint.Quantity`.
    """

    subject: str
    predicate: str
    object: str
    evidence: Evidence = attrs.field(converter=_evidence)
    sources: tuple[str, ...] = attrs.field(converter=_tuple_of_str, validator=_non_empty)
    contradicted_by: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    note: str | None = attrs.field(default=None, converter=_optional_strip)
    qualifiers: Mapping[str, Any] = attrs.field(factory=dict, converter=_readonly, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.evidence is Evidence.CONTESTED and not self.contradicted_by:
            raise ValueError("a contested relation must list the contradicting sources in contradicted_by")


@attrs.frozen
class IntakeRow:
    """One life-stage row of a DRI table.

    Exactly one of ``rda`` and ``ai`` is set. ``ul`` is None when no UL has been set (``ul_set`` is
    then False): "not determined" is neither zero nor infinity.
    """

    group: str
    ages: str
    rda: pint.Quantity | None
    ai: pint.Quantity | None
    ul: pint.Quantity | None

    @property
    def ul_set(self) -> bool:
        """Whether a Tolerable Upper Intake Level exists for this row."""
        return self.ul is not None

    @property
    def age_range(self) -> tuple[int, int | None]:
        """``(first year, last year)`` of the band; the last is None for ``"71+"``."""
        if self.ages.endswith("+"):
            return int(self.ages[:-1]), None
        low, high = self.ages.split("-")
        return int(low), int(high)


@attrs.frozen
class IntakeTable:
    """The Dietary Reference Intakes of one nutrient, with the scope of its UL and its sources."""

    nutrient: str
    ul_scope: str
    sources: tuple[str, ...]
    rows: tuple[IntakeRow, ...]
    ul_note: str | None = None
    note: str | None = None


@attrs.frozen
class Conversion:
    """A nutrient-specific conversion factor, e.g. ``0.025 µg/IU`` for vitamin D.

    ``form`` is None when the factor applies to the nutrient in general.
    """

    nutrient: str
    form: str | None
    factor: pint.Quantity = attrs.field(hash=False)
    sources: tuple[str, ...]
    note: str | None = None
