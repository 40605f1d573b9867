"""Medicines and supplement stacks: effects on nutrients, conflicts and timing separations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs
import networkx as nx
import pint

from nutrigraph.model import Source
from nutrigraph.queries._index import members_and_classes, raise_unknown, resolve_all, symptom_index
from nutrigraph.schema import PREDICATES, Evidence

__all__ = ["DrugEffect", "DrugEffects", "StackFinding", "StackReport", "check_stack", "drug_effects"]

WATCH_FOR_LIMIT: Final = 8
_EFFECT_PREDICATES: Final = ("depletes", "raises_level_of", "inhibits")
_CONFLICTS: Final = ("reduces_absorption_of", "reduces_effect_of", "competes_with", "degrades", "depletes")
_BENEFITS: Final = ("enhances_absorption_of", "enhances_effect_of", "synergizes_with")
_STACK_KINDS: Final = ("nutrient", "nutrient_form", "drug", "drug_class", "food")


@attrs.frozen
class DrugEffect:
    """What a medicine (or a class it belongs to) does to a nutrient, an enzyme or another item.

    ``effect`` is the predicate read from the drug's side ("depletes", "raises the level of",
    "inhibits", "has its absorption reduced by", ...). ``via`` names the drug class that carries the
    effect when the drug inherits it. ``watch_for`` lists the most characteristic deficiency signs
    of a depleted nutrient, most specific first.
    """

    target: str
    name: str
    predicate: str
    effect: str
    evidence: Evidence
    sources: tuple[Source, ...] = attrs.field(repr=False)
    via: str | None = None
    mechanism: str | None = None
    onset: str | None = None
    separation: pint.Quantity | None = None
    separation_note: str | None = None
    watch_for: tuple[str, ...] = ()


@attrs.frozen
class DrugEffects:
    """Everything the graph records about one medicine's effects, best supported first."""

    drug: str
    name: str
    classes: tuple[str, ...]
    effects: tuple[DrugEffect, ...]
    interactions: tuple[DrugEffect, ...]

    def _repr_html_(self) -> str:
        from nutrigraph.display import html_table

        rows = [
            (e.effect, e.name, e.via or "", e.evidence.value, e.mechanism or "", ", ".join(e.watch_for))
            for e in (*self.effects, *self.interactions)
        ]
        return html_table(("effect", "on", "via", "evidence", "mechanism", "watch for"), rows, caption=self.name)


def _watch_for(G: nx.MultiDiGraph[str], nutrient: str) -> tuple[str, ...]:
    index = symptom_index(G)
    signs = index.signs.get(nutrient, {})
    # The rarest signs among nutrients first; among equally rare ones, laboratory findings (which a
    # test can confirm), then the better supported.
    ranked = sorted(
        signs,
        key=lambda s: (-index.information_content(s), not G.nodes[s].get("lab_finding"), -signs[s].weight, s),
    )
    return tuple(ranked[:WATCH_FOR_LIMIT])


def _effect(
    G: nx.MultiDiGraph[str], target: str, predicate: str, reading: str, data: Any, via: str | None
) -> DrugEffect:
    return DrugEffect(
        target=target,
        name=str(G.nodes[target]["name"]),
        predicate=predicate,
        effect=reading,
        evidence=data["evidence"],
        sources=data["sources"],
        via=via,
        mechanism=data.get("mechanism"),
        onset=data.get("onset"),
        separation=data.get("separation"),
        separation_note=data.get("separation_note"),
        watch_for=_watch_for(G, target) if predicate == "depletes" else (),
    )


def _order(effects: Iterable[DrugEffect]) -> tuple[DrugEffect, ...]:
    return tuple(sorted(effects, key=lambda e: (-e.evidence.rank, e.predicate, e.target, e.via or "")))


def drug_effects(G: nx.MultiDiGraph[str], drug: str) -> DrugEffects:
    """The nutrients a medicine affects, how, on what evidence, and what to watch for.

    A drug inherits the effects recorded for the classes it belongs to (``member_of``); each such
    effect names the class in ``via``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph.
    drug : str
        A medicine or drug class (id, name, brand or synonym, DrugBank/ATC CURIE).

    Returns
    -------
    DrugEffects
        ``effects``: what the drug does (depletes, raises the level of, inhibits), with mechanism,
        onset, evidence, sources and the signs to watch for; ``interactions``: nutrients and foods
        that change the drug's absorption or effect, with any timing separation.

    Raises
    ------
    UnknownEntityError
        If the drug is unknown; the error suggests close names.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> effects = ng.drug_effects(ng.load(), "omeprazole")
    >>> sorted({e.name for e in effects.effects if e.predicate == "depletes"})[:2]
    ['magnesium', 'vitamin B12']
    """
    found, failures = resolve_all(G, [drug], ("drug", "drug_class"), "drug")
    raise_unknown(failures)
    node = found[0]
    subjects = members_and_classes(G, node)
    effects: list[DrugEffect] = []
    interactions: list[DrugEffect] = []
    for subject, member in subjects:
        via = subject if member is not None else None
        for _, target, key, data in G.out_edges(subject, keys=True, data=True):
            if key in _EFFECT_PREDICATES:
                effects.append(_effect(G, target, key, PREDICATES[key].label, data, via))
            elif key in _CONFLICTS or key in _BENEFITS:
                interactions.append(_effect(G, target, key, PREDICATES[key].label, data, via))
        for other, _, key, data in G.in_edges(subject, keys=True, data=True):
            if key in _CONFLICTS or key in _BENEFITS:
                interactions.append(_effect(G, other, key, PREDICATES[key].inverse, data, via))
    return DrugEffects(
        drug=node,
        name=str(G.nodes[node]["name"]),
        classes=tuple(s for s, m in subjects if m is not None),
        effects=_order(effects),
        interactions=_order(interactions),
    )


@attrs.frozen
class StackFinding:
    """A conflict or benefit between two items of a stack.

    ``first`` and ``second`` are the items as given (resolved); ``subject`` and ``object`` the
    entities the relation is recorded between (a drug's class, a salt's nutrient). ``kind`` is
    ``"conflict"`` or ``"benefit"``.
    """

    first: str
    second: str
    subject: str
    predicate: str
    object: str
    kind: str
    message: str
    evidence: Evidence
    sources: tuple[Source, ...] = attrs.field(repr=False)
    separation: pint.Quantity | None = None
    separation_note: str | None = None
    mechanism: str | None = None


@attrs.frozen
class StackReport:
    """The findings of :func:`check_stack`: conflicts first, then benefits, best supported first."""

    items: tuple[str, ...]
    findings: tuple[StackFinding, ...]

    @property
    def conflicts(self) -> tuple[StackFinding, ...]:
        """The findings that argue against taking the two together, or at the same time."""
        return tuple(f for f in self.findings if f.kind == "conflict")

    def _repr_html_(self) -> str:
        from nutrigraph.display import html_table

        rows = [(f.kind, f.message, f.evidence.value, f.separation_note or "") for f in self.findings]
        return html_table(("kind", "finding", "evidence", "timing"), rows)

    @property
    def benefits(self) -> tuple[StackFinding, ...]:
        """The findings where one item helps the other."""
        return tuple(f for f in self.findings if f.kind == "benefit")


def _expand(G: nx.MultiDiGraph[str], node: str) -> list[str]:
    """An item and what it stands for: a drug's classes, a form's nutrient."""
    kind = G.nodes[node].get("kind")
    found = [node]
    if kind == "drug":
        found += [cls for cls, member in members_and_classes(G, node) if member is not None]
    elif kind == "nutrient_form":
        found += sorted(v for _, v, k in G.out_edges(node, keys=True) if k == "form_of")
    return found


def check_stack(G: nx.MultiDiGraph[str], items: Sequence[str]) -> StackReport:
    """Check a list of supplements, medicines and foods for conflicts and timing separations.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A nutrigraph knowledge graph.
    items : sequence of str
        Nutrients, supplement forms ("magnesium oxide"), medicines, drug classes or foods. A drug
        brings the relations of its classes; a form those of its nutrient.

    Returns
    -------
    StackReport
        Each conflict (reduced absorption or effect, competition, degradation, depletion) or benefit
        between two items, with the separation in time where the source gives one.

    Raises
    ------
    UnknownEntityError
        If items are unknown; one error lists them all with suggestions.
    ValueError
        If fewer than two items are given.

    Examples
    --------
    >>> import nutrigraph as ng
    >>> report = ng.check_stack(ng.load(), ["magnesium oxide", "doxycycline"])
    >>> finding = report.conflicts[0]
    >>> finding.predicate, finding.separation is not None
    ('reduces_absorption_of', True)
    """
    if isinstance(items, str) or len(items) < 2:
        raise ValueError("give at least two items to check against each other")
    found, failures = _resolve_items(G, items)
    raise_unknown(failures)
    nodes = list(dict.fromkeys(found))
    findings: dict[tuple[str, str, str, str, str], StackFinding] = {}
    for i, first in enumerate(nodes):
        for second in nodes[i + 1 :]:
            for x in _expand(G, first):
                for y in _expand(G, second):
                    for subject, obj, a, b in ((x, y, first, second), (y, x, second, first)):
                        edges: dict[Any, Any] = G.get_edge_data(subject, obj, default={})
                        for key, data in edges.items():
                            kind = "conflict" if key in _CONFLICTS else "benefit" if key in _BENEFITS else None
                            if kind is None:
                                continue
                            findings.setdefault(
                                (a, b, subject, key, obj), _finding(G, a, b, subject, key, obj, kind, data)
                            )
    ordered = sorted(
        findings.values(),
        key=lambda f: (
            f.kind != "conflict",
            -f.evidence.rank,
            nodes.index(f.first),
            nodes.index(f.second),
            f.predicate,
        ),
    )
    return StackReport(items=tuple(nodes), findings=tuple(ordered))


def _resolve_items(G: nx.MultiDiGraph[str], items: Sequence[str]) -> tuple[list[str], list[Any]]:
    return resolve_all(G, items, _STACK_KINDS, "item")


def _finding(
    G: nx.MultiDiGraph[str], first: str, second: str, subject: str, key: str, obj: str, kind: str, data: Any
) -> StackFinding:
    name = G.nodes
    message = f"{name[subject]['name']} {PREDICATES[key].label} {name[obj]['name']}"
    separation = data.get("separation")
    if separation is not None:
        message += f"; keep them at least {separation:~P} apart"
    return StackFinding(
        first=first,
        second=second,
        subject=subject,
        predicate=key,
        object=obj,
        kind=kind,
        message=message,
        evidence=data["evidence"],
        sources=data["sources"],
        separation=separation,
        separation_note=data.get("separation_note"),
        mechanism=data.get("mechanism"),
    )
