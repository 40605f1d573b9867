"""Loading, validation, freezing and editing of knowledge-base files."""

from __future__ import annotations

import pickle
from pathlib import Path

import networkx as nx
import pint
import pytest

import nutrigraph as ng
from nutrigraph.schema import Evidence

EXPECTED_BROKEN = [
    ("a.toml", "source 'no_locator'", "at least one of url, pmid, doi, isbn or seed"),
    ("a.toml", "entity 'zinc'", "unknown kind 'nutrent'; did you mean 'nutrient'"),
    ("a.toml", "entity 'cramps'", "malformed CURIE 'HP:3394'"),
    ("b.toml", "entity 'magnesium'", "duplicate id 'magnesium'; already defined in"),
    ("b.toml", "entity 'iron'", "missing required field 'sources'"),
    ("a.toml", "entity 'manganese'", "'Mg' is also used by nutrient 'magnesium'"),
    ("a.toml", "relation #1 (magnesium cofactor tingling)", "unknown predicate 'cofactor'; did you mean 'cofactor_of'"),
    ("a.toml", "relation #2 (almonds deficiency_sign tingling)", "forbidden triple (food, deficiency_sign, symptom)"),
    ("a.toml", "relation #3 (almonds source_of magnesium)", "'2 h' has dimension [time]"),
    ("a.toml", "relation #4 (magnesium deficiency_sign tingling)", "unknown source in sources 'nonexistent_source'"),
    ("b.toml", "relation #1 (magnesium deficiency_sign no_such_symptom)", "dangling reference"),
    ("b.toml", "relation #2 (magnesium deficiency_sign tingling)", "must list the contradicting sources"),
    ("b.toml", "relation #3 (almonds source_of magnesium)", "missing required field 'sources'"),
    ("b.toml", "intakes.magnesium row 1 (female 31-50)", "missing ul"),
    ("b.toml", "intakes.magnesium row 2 (woman 31-50)", "unknown group 'woman'"),
    ("b.toml", "intakes.magnesium row 3 (male 31-50)", "exactly one of rda or ai"),
]


def test_broken_files_report_every_problem_with_file_and_record(data_dir: Path) -> None:
    """Validation of the broken fixtures finds each planted problem, where it was planted, and nothing else."""
    with pytest.raises(ng.DataValidationError) as info:
        ng.load(data_dir / "broken")
    problems = info.value.problems
    found = [(Path(p.file).name, p.record, p.message) for p in problems]
    assert len(found) == len(EXPECTED_BROKEN), "\n".join(map(str, problems))
    for file, record, fragment in EXPECTED_BROKEN:
        matches = [m for f, r, m in found if f == file and r == record and fragment in m]
        assert matches, f"no problem {fragment!r} reported for {file} {record}"
    assert str(info.value).startswith(f"{len(EXPECTED_BROKEN)} problems in the knowledge-base files:")


def test_validate_returns_the_same_problems_without_raising(data_dir: Path) -> None:
    """validate() lists what load() would raise."""
    problems = ng.validate(data_dir / "broken")
    assert len(problems) == len(EXPECTED_BROKEN)
    assert ng.validate(data_dir / "mini.toml") == []


def test_invalid_toml_is_reported_with_its_file(tmp_path: Path) -> None:
    """A file that is not TOML at all is a problem of that file, not a crash."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[[entity]\nid = 'x'\n", encoding="utf-8")
    problems = ng.validate(bad)
    assert len(problems) == 1
    assert problems[0].file == str(bad)
    assert "not valid TOML" in problems[0].message


def test_unknown_fields_are_problems_with_suggestions(tmp_path: Path) -> None:
    """A misspelt field is reported, not silently dropped."""
    path = tmp_path / "kb.toml"
    path.write_text(
        """
[sources.s]
title = "t"
publisher = "p"
url = "https://example.org"

[[entity]]
id = "mg"
kind = "nutrient"
name = "magnesium"
synonym = ["Mg"]
sources = ["s"]
""",
        encoding="utf-8",
    )
    (problem,) = ng.validate(path)
    assert "unknown field for kind 'nutrient' 'synonym'; did you mean 'synonyms'" in problem.message


def test_mini_graph_shape(mini: nx.MultiDiGraph[str]) -> None:
    """Nodes carry kind, name, synonyms and xrefs; edges are keyed by predicate with typed attributes."""
    assert mini.number_of_nodes() == 20
    assert mini.number_of_edges() == 21
    mg = mini.nodes["magnesium"]
    assert mg["kind"] == "nutrient"
    assert mg["synonyms"] == ("Mg",)
    assert mg["xrefs"] == ("CHEBI:25107",)
    assert mg["nutrient_class"] == "mineral"
    edge = mini.edges["almonds", "magnesium", "source_of"]
    assert isinstance(edge["amount"], pint.Quantity)
    assert edge["amount"] == ng.parse_quantity("80 mg")
    assert edge["evidence"] is Evidence.ESTABLISHED
    assert [s.key for s in edge["sources"]] == ["ref_a"]
    contested = mini.edges["magnesium", "ms", "cofactor_of"]
    assert contested["evidence"] is Evidence.CONTESTED
    assert [s.key for s in contested["contradicted_by"]] == ["ref_a"]


def test_every_edge_has_sources_and_evidence(mini: nx.MultiDiGraph[str]) -> None:
    """No edge lacks sources or a grade, and every key names its predicate."""
    for _, _, key, data in mini.edges(keys=True, data=True):
        assert data["sources"]
        assert isinstance(data["evidence"], Evidence)
        assert data["predicate"] == key


def test_relation_endpoint_may_be_an_xref(mini: nx.MultiDiGraph[str]) -> None:
    """``object = "EC:2.5.1.6"`` in the data file reaches the enzyme with that xref."""
    assert mini.has_edge("magnesium", "mat", key="cofactor_of")
    assert mini.has_edge("vitamin_b12", "paresthesia", key="deficiency_sign")


def test_intakes_and_conversions_are_typed(mini: nx.MultiDiGraph[str]) -> None:
    """DRI rows hold quantities, "ND" becomes no UL, and conversion factors are quantities."""
    table = mini.graph["intakes"]["magnesium"]
    assert table.ul_scope == "supplemental"
    row = next(r for r in table.rows if r.group == "pregnancy" and r.ages == "31-50")
    assert row.rda == ng.parse_quantity("360 mg")
    assert row.ul == ng.parse_quantity("350 mg")
    b12 = mini.graph["intakes"]["vitamin_b12"].rows[0]
    assert b12.ul is None
    assert not b12.ul_set
    factors = {c.nutrient: c.factor for c in mini.graph["conversions"]}
    assert factors["vitamin_d"] == ng.parse_quantity("0.025 µg/IU")


def test_loaded_graph_is_frozen(mini: nx.MultiDiGraph[str]) -> None:
    """Neither the structure nor the attribute dicts of a loaded graph can change."""
    assert nx.is_frozen(mini)
    with pytest.raises(nx.NetworkXError):
        mini.add_node("x")
    with pytest.raises(ng.FrozenGraphError, match="editable"):
        mini.nodes["magnesium"]["name"] = "changed"
    with pytest.raises(ng.FrozenGraphError):
        mini.edges["almonds", "magnesium", "source_of"]["evidence"] = Evidence.LIMITED
    with pytest.raises(ng.FrozenGraphError):
        mini.graph["sources"] = {}
    assert mini.nodes["magnesium"]["name"] == "magnesium"


def test_editable_copy_is_independent(mini: nx.MultiDiGraph[str]) -> None:
    """An editable copy can change without touching the frozen original."""
    H = ng.editable(mini)
    assert not nx.is_frozen(H)
    H.nodes["magnesium"]["name"] = "Mg!"
    H.add_node("x", kind="food", name="x")
    H.remove_edge("almonds", "magnesium", key="source_of")
    assert mini.nodes["magnesium"]["name"] == "magnesium"
    assert "x" not in mini
    assert mini.has_edge("almonds", "magnesium", key="source_of")
    assert ng.resolve(H, "Mg!") == "magnesium"


def test_frozen_graph_pickles(mini: nx.MultiDiGraph[str]) -> None:
    """A frozen graph survives pickling (e.g. to a worker process) with its attributes intact."""
    copy = pickle.loads(pickle.dumps(mini))
    assert copy.nodes["magnesium"] == mini.nodes["magnesium"]
    assert copy.edges["almonds", "magnesium", "source_of"] == mini.edges["almonds", "magnesium", "source_of"]


def test_extra_files_extend_a_base(tmp_path: Path, data_dir: Path) -> None:
    """``load(path, extra=[...])`` merges a user's file, which may cite the base's sources and entities."""
    extra = tmp_path / "mine.toml"
    extra.write_text(
        """
[[entity]]
id = "pumpkin_seeds"
kind = "food"
name = "pumpkin seeds"
sources = ["ref_a"]

[[relation]]
subject = "pumpkin_seeds"
predicate = "source_of"
object = "magnesium"
evidence = "established"
sources = ["ref_a"]
amount = "156 mg"
serving = "28 g"
""",
        encoding="utf-8",
    )
    G = ng.load(data_dir / "mini.toml", extra=[extra])
    assert G.edges["pumpkin_seeds", "magnesium", "source_of"]["amount"] == ng.parse_quantity("156 mg")


def test_missing_path_is_file_not_found(tmp_path: Path) -> None:
    """A path that does not exist is a FileNotFoundError naming it."""
    with pytest.raises(FileNotFoundError, match="nope"):
        ng.load(tmp_path / "nope")


def test_bundled_load_is_cached() -> None:
    """``load()`` builds the bundled knowledge base once per process."""
    assert ng.load() is ng.load()


def test_bundled_knowledge_base_is_valid() -> None:
    """The shipped data passes validation."""
    assert ng.validate() == []


def test_freeze_is_idempotent() -> None:
    """Freezing twice is harmless."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.add_node("a", kind="food", name="a")
    ng.freeze(ng.freeze(G))
    assert nx.is_frozen(G)
    with pytest.raises(ng.FrozenGraphError):
        G.nodes["a"]["name"] = "b"
