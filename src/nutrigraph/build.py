"""From knowledge-base files to a validated, frozen graph.

:func:`load` reads TOML files (the bundled knowledge base, a user's own, or both), validates every
record against the schema and reports **every** problem at once, each with its file and record,
in a single :class:`~nutrigraph.errors.DataValidationError`. Only a fully valid set of files becomes
a graph.

The graph is a :class:`networkx.MultiDiGraph`:

* nodes are entity ids, with attributes ``kind``, ``name``, ``synonyms``, ``xrefs``,
  ``description``, ``sources`` (a tuple of :class:`~nutrigraph.model.Source`) and the kind's own
  fields;
* edges are keyed by predicate and carry ``predicate``, ``evidence``
  (:class:`~nutrigraph.schema.Evidence`), ``sources``, ``contradicted_by``, ``note`` and the
  predicate's qualifiers, quantities as :class:`pint.Quantity`;
* ``G.graph`` holds ``sources`` (the bibliography by key), ``intakes`` (DRI tables by nutrient id)
  and ``conversions`` (unit-conversion factors).

A loaded graph is frozen: neither its structure nor its attribute dictionaries can change, so it
is safe to share between threads and to cache. :func:`editable` returns an unfrozen copy.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.resources
import json
import logging
import threading
import tomllib
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from os import PathLike
from pathlib import Path
from typing import Any, NoReturn

import attrs
import networkx as nx

from nutrigraph.errors import DataValidationError, FrozenGraphError, Problem, UnitError
from nutrigraph.model import Conversion, Entity, IntakeRow, IntakeTable, Relation, Source
from nutrigraph.resolve import normalize_text
from nutrigraph.schema import (
    AMOUNT_DIMENSIONS,
    ENTITY_FIELDS,
    GROUP_AGE_BANDS,
    KINDS,
    PREDICATES,
    RELATION_FIELDS,
    UL_SCOPES,
    FieldSpec,
    looks_like_curie,
    normalize_curie,
)
from nutrigraph.units import parse_quantity, registry

__all__ = ["editable", "freeze", "load", "validate"]

logger = logging.getLogger(__name__)

PathArg = str | PathLike[str]
_SOURCE_FIELDS = tuple(a.name for a in attrs.fields(Source) if a.name != "key")
_INTAKE_FIELDS = ("unit", "ul_unit", "ul_scope", "ul_note", "note", "sources", "rows")
_ROW_FIELDS = ("group", "ages", "rda", "ai", "ul")
_CONVERSION_FIELDS = ("nutrient", "form", "factor", "sources", "note")
_TOP_LEVEL = ("sources", "entity", "relation", "intakes", "conversion")


# --- reading files --------------------------------------------------------------------------


@attrs.frozen
class _File:
    name: str
    data: Mapping[str, Any]


def _bundled_root() -> Traversable:
    return importlib.resources.files("nutrigraph").joinpath("data")


def _toml_files(root: Traversable | Path) -> list[Traversable | Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f"no knowledge-base file or directory at {root}")
    return sorted((p for p in root.iterdir() if p.name.endswith(".toml") and p.is_file()), key=lambda p: p.name)


def _read(paths: Iterable[Traversable | Path], label: str, problems: list[Problem]) -> list[_File]:
    files = []
    for path in paths:
        name = f"{label}{path.name}" if label else str(path)
        try:
            data = tomllib.loads(path.read_bytes().decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, "file", f"is not valid TOML: {exc}"))
            continue
        for key in data:
            if key not in _TOP_LEVEL:
                problems.append(Problem(name, f"table [{key}]", _unknown("top-level table", key, _TOP_LEVEL)))
        files.append(_File(name, data))
    return files


def _unknown(what: str, value: object, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(str(value), known, n=3, cutoff=0.6)
    if close:
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?"
    elif 0 < len(known) <= 12:
        hint = f"; expected one of: {', '.join(known)}"
    else:
        hint = ""
    return f"unknown {what} {value!r}{hint}"


# --- validation -----------------------------------------------------------------------------


class _Validator:
    """Checks every record, collecting problems instead of stopping at the first."""

    def __init__(self, files: list[_File], problems: list[Problem]) -> None:
        self.files = files
        self.problems = problems
        self.sources: dict[str, Source] = {}
        self.source_file: dict[str, str] = {}
        self.entities: dict[str, Entity] = {}
        self.entity_where: dict[str, tuple[str, str]] = {}
        self.xref_owner: dict[str, str] = {}
        self.relations: list[Relation] = []
        self.relation_where: list[tuple[str, str]] = []
        self.intakes: dict[str, IntakeTable] = {}
        self.conversions: list[Conversion] = []

    def problem(self, file: str, record: str, message: str) -> None:
        self.problems.append(Problem(file, record, message))

    def run(self) -> None:
        for f in self.files:
            self._sources(f)
        for f in self.files:
            self._entities(f)
        self._name_clashes()
        for f in self.files:
            self._relations(f)
        for f in self.files:
            self._intakes(f)
            self._conversions(f)

    # sources

    def _sources(self, f: _File) -> None:
        table = f.data.get("sources", {})
        if not isinstance(table, dict):
            self.problem(f.name, "[sources]", "must be a table of [sources.<key>] entries")
            return
        for key, fields in table.items():
            where = f"source {key!r}"
            if not isinstance(fields, dict):
                self.problem(f.name, where, "must be a table with title, publisher or journal, year and a locator")
                continue
            if key in self.sources:
                self.problem(f.name, where, f"duplicate source key; already defined in {self.source_file[key]}")
                continue
            for field in fields:
                if field not in _SOURCE_FIELDS:
                    self.problem(f.name, where, _unknown("field", field, _SOURCE_FIELDS))
            try:
                source = Source(key=key, **{k: v for k, v in fields.items() if k in _SOURCE_FIELDS})
            except (TypeError, ValueError) as exc:
                self.problem(f.name, where, str(exc))
                continue
            self.sources[key] = source
            self.source_file[key] = f.name

    def _source_keys(self, file: str, where: str, keys: Any, field: str = "sources") -> tuple[str, ...]:
        if keys is None:
            return ()
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            self.problem(file, where, f"{field} must be a list of source keys")
            return ()
        for key in keys:
            if key not in self.sources:
                self.problem(file, where, _unknown(f"source in {field}", key, sorted(self.sources)))
        return tuple(keys)

    # entities

    def _entities(self, f: _File) -> None:
        records = f.data.get("entity", [])
        if not isinstance(records, list):
            self.problem(f.name, "[[entity]]", "must be an array of tables ([[entity]])")
            return
        for index, record in enumerate(records, 1):
            ident = record.get("id") if isinstance(record, dict) else None
            where = f"entity {ident!r}" if isinstance(ident, str) else f"entity #{index}"
            if not isinstance(record, dict):
                self.problem(f.name, where, "must be a table")
                continue
            self._entity(f.name, where, record)

    def _entity(self, file: str, where: str, record: dict[str, Any]) -> None:
        ok = True
        for field in ("id", "kind", "name", "sources"):
            if field not in record:
                self.problem(file, where, f"missing required field {field!r}")
                ok = False
        kind = record.get("kind")
        spec = KINDS.get(kind) if isinstance(kind, str) else None
        if kind is not None and spec is None:
            self.problem(file, where, _unknown("kind", kind, KINDS))
            ok = False
        allowed = ENTITY_FIELDS + tuple(spec.fields if spec else ())
        attributes: dict[str, Any] = {}
        for field, value in record.items():
            if field in ENTITY_FIELDS:
                continue
            if spec is None:
                continue
            if field not in spec.fields:
                self.problem(file, where, _unknown(f"field for kind {kind!r}", field, allowed))
                ok = False
                continue
            checked = self._typed(file, where, field, spec.fields[field], value)
            if checked is None:
                ok = False
            else:
                attributes[field] = checked
        xrefs = []
        raw_xrefs = record.get("xrefs", [])
        if not isinstance(raw_xrefs, list):
            self.problem(file, where, "xrefs must be a list of CURIEs")
            raw_xrefs, ok = [], False
        for raw in raw_xrefs:
            try:
                xrefs.append(normalize_curie(str(raw)))
            except ValueError as exc:
                self.problem(file, where, str(exc))
                ok = False
        sources = self._source_keys(file, where, record.get("sources"))
        if not ok or not isinstance(kind, str):
            return
        try:
            entity = Entity(
                id=record["id"],
                kind=kind,
                name=record["name"],
                synonyms=record.get("synonyms", []),
                xrefs=xrefs,
                description=record.get("description"),
                sources=sources,
                attributes=attributes,
            )
        except (TypeError, ValueError) as exc:
            self.problem(file, where, str(exc))
            return
        if entity.id in self.entities:
            first = self.entity_where[entity.id][0]
            self.problem(file, where, f"duplicate id {entity.id!r}; already defined in {first}")
            return
        for xref in entity.xrefs:
            owner = self.xref_owner.get(xref)
            if owner is not None:
                self.problem(file, where, f"xref {xref} is already given to entity {owner!r}")
            else:
                self.xref_owner[xref] = entity.id
        self.entities[entity.id] = entity
        self.entity_where[entity.id] = (file, where)

    def _name_clashes(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        for entity in self.entities.values():
            own: set[str] = set()
            for text in (entity.name, *entity.synonyms):
                norm = normalize_text(text)
                if norm in own:
                    continue
                own.add(norm)
                other = seen.setdefault((entity.kind, norm), entity.id)
                if other != entity.id:
                    file, where = self.entity_where[entity.id]
                    self.problem(file, where, f"name or synonym {text!r} is also used by {entity.kind} {other!r}")

    def _typed(self, file: str, where: str, field: str, spec: FieldSpec, value: Any) -> Any:
        """Check one typed field; return the converted value, or None after recording a problem."""
        if spec.type == "text":
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
            self.problem(file, where, f"{field} must be non-empty text")
        elif spec.type == "bool":
            if isinstance(value, bool):
                return value
            self.problem(file, where, f"{field} must be true or false")
        elif spec.type == "fraction":
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1:
                return float(value)
            self.problem(file, where, f"{field} must be a number greater than 0 and at most 1, got {value!r}")
        elif spec.type == "choice":
            if value in spec.choices:
                return value
            self.problem(file, where, _unknown(f"value for {field}", value, spec.choices))
        elif spec.type == "quantity":
            try:
                return parse_quantity(value if isinstance(value, str) else str(value), dimensions=spec.dimensions)
            except UnitError as exc:
                self.problem(file, where, f"{field}: {exc}")
        else:  # pragma: no cover - the schema defines no other types
            raise AssertionError(spec.type)
        return None

    # relations

    def _endpoint(self, file: str, where: str, role: str, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(file, where, f"{role} must be an entity id or CURIE")
            return None
        text = value.strip()
        if text in self.entities:
            return text
        if looks_like_curie(text):
            try:
                curie = normalize_curie(text)
            except ValueError as exc:
                self.problem(file, where, f"{role}: {exc}")
                return None
            owner = self.xref_owner.get(curie)
            if owner is not None:
                return owner
            self.problem(file, where, f"dangling reference: no entity has the xref {curie} ({role})")
            return None
        self.problem(file, where, "dangling reference: " + _unknown(f"{role} entity", text, self.entities))
        return None

    def _relations(self, f: _File) -> None:
        records = f.data.get("relation", [])
        if not isinstance(records, list):
            self.problem(f.name, "[[relation]]", "must be an array of tables ([[relation]])")
            return
        for index, record in enumerate(records, 1):
            if not isinstance(record, dict):
                self.problem(f.name, f"relation #{index}", "must be a table")
                continue
            label = " ".join(str(record.get(k, "?")) for k in ("subject", "predicate", "object"))
            self._relation(f.name, f"relation #{index} ({label})", record)

    def _relation(self, file: str, where: str, record: dict[str, Any]) -> None:
        ok = True
        for field in ("subject", "predicate", "object", "evidence", "sources"):
            if field not in record:
                self.problem(file, where, f"missing required field {field!r}")
                ok = False
        predicate = record.get("predicate")
        spec = PREDICATES.get(predicate) if isinstance(predicate, str) else None
        if predicate is not None and spec is None:
            self.problem(file, where, _unknown("predicate", predicate, PREDICATES))
            ok = False
        subject = self._endpoint(file, where, "subject", record.get("subject")) if "subject" in record else None
        obj = self._endpoint(file, where, "object", record.get("object")) if "object" in record else None
        if spec is not None and subject is not None and obj is not None:
            s_kind, o_kind = self.entities[subject].kind, self.entities[obj].kind
            if not spec.allows(s_kind, o_kind):
                self.problem(
                    file,
                    where,
                    f"forbidden triple ({s_kind}, {spec.name}, {o_kind}); {spec.name} joins "
                    f"{'/'.join(sorted(spec.subjects))} to {'/'.join(sorted(spec.objects))}",
                )
                ok = False
        qualifiers: dict[str, Any] = {}
        if spec is not None:
            for field, value in record.items():
                if field in RELATION_FIELDS:
                    continue
                if field not in spec.qualifiers:
                    known = [*RELATION_FIELDS, *spec.qualifiers]
                    self.problem(file, where, _unknown(f"field for predicate {spec.name!r}", field, known))
                    ok = False
                    continue
                checked = self._typed(file, where, field, spec.qualifiers[field], value)
                if checked is None:
                    ok = False
                else:
                    qualifiers[field] = checked
            for field, qspec in spec.qualifiers.items():
                if qspec.required and field not in record:
                    self.problem(file, where, f"missing required field {field!r} for predicate {spec.name!r}")
                    ok = False
        sources = self._source_keys(file, where, record.get("sources"))
        contradicted = self._source_keys(file, where, record.get("contradicted_by", []), "contradicted_by")
        if not ok or subject is None or obj is None or spec is None:
            return
        try:
            relation = Relation(
                subject=subject,
                predicate=spec.name,
                object=obj,
                evidence=record["evidence"],
                sources=sources,
                contradicted_by=contradicted,
                note=record.get("note"),
                qualifiers=qualifiers,
            )
        except (TypeError, ValueError) as exc:
            self.problem(file, where, str(exc))
            return
        self.relations.append(relation)
        self.relation_where.append((file, where))

    def duplicate_relations(self) -> None:
        seen: dict[tuple[str, str, str], str] = {}
        for relation, (file, where) in zip(self.relations, self.relation_where, strict=True):
            key = (relation.subject, relation.predicate, relation.object)
            keys = [key]
            if PREDICATES[relation.predicate].symmetric:
                keys.append((relation.object, relation.predicate, relation.subject))
            for k in keys:
                if k in seen:
                    self.problem(file, where, f"duplicate relation; already stated in {seen[k]}")
                    break
            else:
                seen[key] = f"{file} {where}"

    # intakes

    def _intakes(self, f: _File) -> None:
        table = f.data.get("intakes", {})
        if not isinstance(table, dict):
            self.problem(f.name, "[intakes]", "must be a table of [intakes.<nutrient>] entries")
            return
        for nutrient, spec in table.items():
            self._intake(f.name, f"intakes.{nutrient}", nutrient, spec)

    def _intake(self, file: str, where: str, nutrient: str, spec: Any) -> None:
        if not isinstance(spec, dict):
            self.problem(file, where, "must be a table")
            return
        ok = True
        entity = self.entities.get(nutrient)
        if entity is None or entity.kind != "nutrient":
            nutrients = [e.id for e in self.entities.values() if e.kind == "nutrient"]
            self.problem(file, where, "dangling reference: " + _unknown("nutrient", nutrient, nutrients))
            ok = False
        if nutrient in self.intakes:
            self.problem(file, where, "duplicate intake table for this nutrient")
            ok = False
        for field in spec:
            if field not in _INTAKE_FIELDS:
                self.problem(file, where, _unknown("field", field, _INTAKE_FIELDS))
                ok = False
        for field in ("unit", "ul_unit", "ul_scope", "sources", "rows"):
            if field not in spec:
                self.problem(file, where, f"missing required field {field!r}")
                ok = False
        units = {}
        for field in ("unit", "ul_unit"):
            if field in spec:
                try:
                    units[field] = parse_quantity(f"1 {spec[field]}", dimensions=AMOUNT_DIMENSIONS).units
                except UnitError as exc:
                    self.problem(file, where, f"{field}: {exc}")
                    ok = False
        if "ul_scope" in spec and spec["ul_scope"] not in UL_SCOPES:
            self.problem(file, where, _unknown("ul_scope", spec["ul_scope"], UL_SCOPES))
            ok = False
        sources = self._source_keys(file, where, spec.get("sources"))
        if "sources" in spec and not sources:
            self.problem(file, where, "sources must not be empty")
            ok = False
        rows: list[IntakeRow] = []
        seen: set[tuple[str, str]] = set()
        raw_rows = spec.get("rows", [])
        if not isinstance(raw_rows, list):
            self.problem(file, where, "rows must be an array of inline tables")
            return
        ureg = registry()
        for index, row in enumerate(raw_rows, 1):
            if not isinstance(row, dict):
                self.problem(file, f"{where} row {index}", "must be an inline table")
                ok = False
                continue
            label = f"{where} row {index} ({row.get('group', '?')} {row.get('ages', '?')})"
            row_ok = True
            for field in row:
                if field not in _ROW_FIELDS:
                    self.problem(file, label, _unknown("field", field, _ROW_FIELDS))
                    row_ok = False
            group, ages = str(row.get("group")), str(row.get("ages"))
            if group not in GROUP_AGE_BANDS:
                self.problem(file, label, _unknown("group", group, GROUP_AGE_BANDS))
                row_ok = False
            elif ages not in GROUP_AGE_BANDS[group]:
                self.problem(file, label, _unknown(f"age band for {group}", ages, GROUP_AGE_BANDS[group]))
                row_ok = False
            elif (group, ages) in seen:
                self.problem(file, label, "duplicate row")
                row_ok = False
            if ("rda" in row) == ("ai" in row):
                self.problem(file, label, "give exactly one of rda or ai")
                row_ok = False
            values: dict[str, Any] = {}
            for field in ("rda", "ai"):
                if field in row:
                    value = row[field]
                    if not _positive(value):
                        self.problem(file, label, f"{field} must be a positive number, got {value!r}")
                        row_ok = False
                    elif "unit" in units:
                        values[field] = ureg.Quantity(value, units["unit"])
            if "ul" not in row:
                self.problem(file, label, 'missing ul: give a number or "ND" when no UL is set')
                row_ok = False
            elif row["ul"] == "ND":
                values["ul"] = None
            elif not _positive(row["ul"]):
                self.problem(file, label, f'ul must be a positive number or "ND", got {row["ul"]!r}')
                row_ok = False
            elif "ul_unit" in units:
                values["ul"] = ureg.Quantity(row["ul"], units["ul_unit"])
            if row_ok and ok:
                seen.add((group, ages))
                rows.append(
                    IntakeRow(group=group, ages=ages, rda=values.get("rda"), ai=values.get("ai"), ul=values.get("ul"))
                )
            ok = ok and row_ok
        if ok:
            self.intakes[nutrient] = IntakeTable(
                nutrient=nutrient,
                ul_scope=spec["ul_scope"],
                sources=sources,
                rows=tuple(rows),
                ul_note=spec.get("ul_note"),
                note=spec.get("note"),
            )

    # conversions

    def _conversions(self, f: _File) -> None:
        records = f.data.get("conversion", [])
        if not isinstance(records, list):
            self.problem(f.name, "[[conversion]]", "must be an array of tables ([[conversion]])")
            return
        for index, record in enumerate(records, 1):
            if not isinstance(record, dict):
                self.problem(f.name, f"conversion #{index}", "must be a table")
                continue
            where = f"conversion #{index} ({record.get('nutrient', '?')} {record.get('factor', '?')})"
            self._conversion(f.name, where, record)

    def _conversion(self, file: str, where: str, record: dict[str, Any]) -> None:
        ok = True
        for field in record:
            if field not in _CONVERSION_FIELDS:
                self.problem(file, where, _unknown("field", field, _CONVERSION_FIELDS))
                ok = False
        for field in ("nutrient", "factor", "sources"):
            if field not in record:
                self.problem(file, where, f"missing required field {field!r}")
                ok = False
        nutrient = record.get("nutrient")
        if nutrient is not None and (nutrient not in self.entities or self.entities[nutrient].kind != "nutrient"):
            nutrients = [e.id for e in self.entities.values() if e.kind == "nutrient"]
            self.problem(file, where, "dangling reference: " + _unknown("nutrient", nutrient, nutrients))
            ok = False
        form = record.get("form") or None
        if form is not None and form not in self.entities:
            self.problem(file, where, "dangling reference: " + _unknown("form", form, self.entities))
            ok = False
        factor = None
        if "factor" in record:
            try:
                factor = _parse_ratio(str(record["factor"]))
            except UnitError as exc:
                self.problem(file, where, f"factor: {exc}")
                ok = False
            else:
                if factor.magnitude <= 0:
                    self.problem(file, where, "factor must be positive")
                    ok = False
        sources = self._source_keys(file, where, record.get("sources"))
        if "sources" in record and not sources:
            self.problem(file, where, "sources must not be empty")
            ok = False
        if ok and factor is not None and isinstance(nutrient, str):
            self.conversions.append(
                Conversion(nutrient=nutrient, form=form, factor=factor, sources=sources, note=record.get("note"))
            )


def _parse_ratio(text: str) -> Any:
    """Parse a factor such as ``"0.025 µg / IU"`` or ``"1 mg NE / 60 mg"``.

    pint reads ``1 mg NE / 60 mg`` as ``(1 mg NE / 60) * mg``, so the two sides of the first ``/``
    are parsed separately and divided.
    """
    numerator, slash, denominator = text.partition("/")
    if not slash:
        return parse_quantity(text)
    bottom = denominator.strip()
    if not bottom[:1].isdigit():
        bottom = f"1 {bottom}"
    return parse_quantity(numerator.strip()) / parse_quantity(bottom)


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _validate(files: list[_File], problems: list[Problem]) -> _Validator:
    validator = _Validator(files, problems)
    validator.run()
    validator.duplicate_relations()
    return validator


# --- building -------------------------------------------------------------------------------


def _build(v: _Validator) -> nx.MultiDiGraph[str]:
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    sources = v.sources
    for entity in sorted(v.entities.values(), key=lambda e: e.id):
        G.add_node(
            entity.id,
            kind=entity.kind,
            name=entity.name,
            synonyms=entity.synonyms,
            xrefs=entity.xrefs,
            description=entity.description,
            sources=tuple(sources[k] for k in entity.sources),
            **entity.attributes,
        )
    for r in sorted(v.relations, key=lambda r: (r.subject, r.predicate, r.object)):
        G.add_edge(
            r.subject,
            r.object,
            key=r.predicate,
            predicate=r.predicate,
            evidence=r.evidence,
            sources=tuple(sources[k] for k in r.sources),
            contradicted_by=tuple(sources[k] for k in r.contradicted_by),
            note=r.note,
            **r.qualifiers,
        )
    G.graph.update(
        name="nutrigraph knowledge base",
        sources=dict(sorted(sources.items())),
        intakes=dict(sorted(v.intakes.items())),
        conversions=tuple(sorted(v.conversions, key=lambda c: (c.nutrient, c.form or "", str(c.factor.units)))),
    )
    return G


def _from_files(files: list[_File], problems: list[Problem]) -> nx.MultiDiGraph[str]:
    validator = _validate(files, problems)
    if problems:
        raise DataValidationError(problems)
    G = _build(validator)
    logger.debug("built graph with %d nodes and %d edges", G.number_of_nodes(), G.number_of_edges())
    return freeze(G)


def _collect(path: PathArg | None, extra: Iterable[PathArg], problems: list[Problem]) -> list[_File]:
    files: list[_File] = []
    if path is None:
        files += _read(_toml_files(_bundled_root()), "nutrigraph/data/", problems)
    else:
        files += _read(_toml_files(Path(path)), "", problems)
    for more in extra:
        files += _read(_toml_files(Path(more)), "", problems)
    return files


_bundled_lock = threading.Lock()
_bundled: nx.MultiDiGraph[str] | None = None
COMPILED = "_compiled.json"
"""The bundled knowledge base, prebuilt by ``python -m nutrigraph._compile`` for a fast start."""


def bundled_digest() -> str:
    """SHA-256 over the names and bytes of the bundled TOML files, in load order."""
    digest = hashlib.sha256()
    for path in _toml_files(_bundled_root()):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _load_compiled() -> nx.MultiDiGraph[str] | None:
    """The prebuilt graph if it exists and matches the TOML files; None otherwise."""
    from nutrigraph.io import from_json_dict

    compiled = _bundled_root().joinpath(COMPILED)
    if not compiled.is_file():
        return None
    data = json.loads(compiled.read_bytes())
    if data.get("graph", {}).get("source_digest") != bundled_digest():
        logger.info("the prebuilt knowledge base is stale; building from the TOML files")
        return None
    return from_json_dict(data, name=f"nutrigraph/data/{COMPILED}")


def _build_bundled() -> nx.MultiDiGraph[str]:
    problems: list[Problem] = []
    G = _from_files(_collect(None, (), problems), problems)
    internal: Any = G.graph  # a frozen _ReadOnlyDict; the digest is set once, while building
    dict.__setitem__(internal, "source_digest", bundled_digest())
    return G


def load(path: PathArg | None = None, *, extra: Iterable[PathArg] = ()) -> nx.MultiDiGraph[str]:
    """Load a knowledge base as a frozen, validated graph.

    Parameters
    ----------
    path : str or path-like, optional
        A TOML file or a directory of them in the nutrigraph data format. By default, the
        knowledge base bundled with the package.
    extra : iterable of str or path-like, optional
        More files or directories to merge in, e.g. your own entities and claims on top of the
        bundled knowledge base: ``load(extra=["my_claims.toml"])``. They may cite sources and refer
        to entities of the base files.

    Returns
    -------
    networkx.MultiDiGraph
        A frozen graph. The bundled knowledge base without ``extra`` is built once per process and
        the same object is returned on every call; it comes from a prebuilt copy shipped with the
        package when that copy matches the TOML files (checked by a digest), otherwise from the
        TOML files themselves.

    Raises
    ------
    DataValidationError
        If any file is invalid; ``.problems`` lists every problem with its file and record.
    FileNotFoundError
        If ``path`` or an ``extra`` path does not exist.

    See Also
    --------
    editable : an unfrozen copy to change.
    validate : the problems, without raising.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> G = ng.load()
    >>> G.nodes["magnesium"]["kind"]
    'nutrient'
    >>> ng.load() is G
    True
    """
    global _bundled
    extra = list(extra)
    if path is None and not extra:
        with _bundled_lock:
            if _bundled is None:
                _bundled = _load_compiled() or _build_bundled()
            return _bundled
    problems: list[Problem] = []
    return _from_files(_collect(path, extra, problems), problems)


def validate(path: PathArg | None = None, *, extra: Iterable[PathArg] = ()) -> list[Problem]:
    """Validate knowledge-base files and return every problem found (empty when valid).

    Takes the same arguments as :func:`load`. Use it to check your own data files:
    ``validate(extra=["my_claims.toml"])`` checks them against the bundled knowledge base.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> ng.validate()
    []
    """
    problems: list[Problem] = []
    files = _collect(path, extra, problems)
    _validate(files, problems)
    return problems


# --- freezing -------------------------------------------------------------------------------


class _ReadOnlyDict(dict[str, Any]):
    """A dict whose contents cannot change; ``copy()`` returns a plain, editable dict."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise FrozenGraphError(
            "this graph is frozen and its attributes cannot change; work on a copy from nutrigraph.editable(G)"
        )

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        # The units marker is unpickled before the contents, so nutrigraph's units exist in pint's
        # registry before any quantity inside is rebuilt (in a fresh process, e.g. a worker).
        return (_restore, (_UnitsReady(), dict(self)))


class _UnitsReady:
    """Pickles as a call that prepares pint's application registry."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (registry, ())


def _restore(_: Any, contents: dict[str, Any]) -> _ReadOnlyDict:
    return _ReadOnlyDict(contents)


def freeze(G: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """Freeze ``G`` in place and return it: its structure and attribute dicts become read-only.

    Queries cache indexes of frozen graphs, so freeze a graph you built or edited yourself before
    querying it repeatedly.

    Examples
    --------
    >>> import networkx as nx
    >>> G = freeze(nx.MultiDiGraph())
    >>> nx.is_frozen(G)
    True
    """
    internal: Any = G  # networkx's adjacency dicts are not part of its type stubs
    for node, data in list(internal._node.items()):
        if not isinstance(data, _ReadOnlyDict):
            internal._node[node] = _ReadOnlyDict(data)
    for u, neighbours in internal._succ.items():
        for v, keyed in neighbours.items():
            for key, data in list(keyed.items()):
                if not isinstance(data, _ReadOnlyDict):
                    frozen = _ReadOnlyDict(data)
                    keyed[key] = frozen
                    internal._pred[v][u][key] = frozen
    if not isinstance(G.graph, _ReadOnlyDict):
        G.graph = _ReadOnlyDict(G.graph)
    nx.freeze(G)
    return G


def editable(G: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """Return an unfrozen copy of ``G`` whose nodes, edges and attributes can be changed.

    Attribute values themselves (tuples, sources, quantities) are immutable and shared.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> H = ng.editable(ng.load())
    >>> H.add_node("my_food", kind="food", name="my food")
    >>> "my_food" in ng.load()
    False
    """
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    H.graph.update({k: (dict(v) if isinstance(v, dict) else v) for k, v in G.graph.items()})
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **d)
    return H
