"""The hygiene rules on small hand-made manifests: each fails on a bad project and holds on a good one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from icp_scoring import hygiene

PROJECT = "shop"
FRESHNESS = {"warn_after": {"count": 1, "period": "day"}, "error_after": {"count": None, "period": None}}


def model(name: str, parents: list[str], layer: str = "intermediate") -> dict[str, Any]:
    return {
        "unique_id": f"model.{PROJECT}.{name}",
        "resource_type": "model",
        "package_name": PROJECT,
        "name": name,
        "original_file_path": f"models/{layer}/{name}.sql",
        "depends_on": {"nodes": parents},
        "description": f"The {name} model.",
        "columns": {},
    }


def seed(name: str) -> dict[str, Any]:
    return {
        "unique_id": f"seed.{PROJECT}.{name}",
        "resource_type": "seed",
        "package_name": PROJECT,
        "name": name,
        "original_file_path": f"seeds/{name}.csv",
        "depends_on": {"nodes": []},
        "description": f"The {name} seed.",
        "columns": {},
    }


def source(name: str, freshness: dict[str, Any] | None = FRESHNESS) -> dict[str, Any]:
    return {
        "unique_id": f"source.{PROJECT}.crm.{name}",
        "resource_type": "source",
        "package_name": PROJECT,
        "source_name": "crm",
        "name": name,
        "original_file_path": "models/staging/crm/_crm__sources.yml",
        "description": f"The {name} extract.",
        "source_description": "The CRM.",
        "columns": {"row_id": {"description": "The row."}},
        "freshness": freshness,
        "loaded_at_field": None,
        "loaded_at_query": "select current_timestamp",
    }


def unique_test(node: dict[str, Any], kind: str, column: str | None = "row_id") -> dict[str, Any]:
    """A generic test on node: `unique`/`not_null` on column, or `unique_combination_of_columns`."""
    name = f"{kind}_{node['name']}"
    test: dict[str, Any] = {
        "unique_id": f"test.{PROJECT}.{name}",
        "resource_type": "test",
        "package_name": PROJECT,
        "name": name,
        "depends_on": {"nodes": [node["unique_id"]]},
        "test_metadata": {"name": kind},
        "column_name": column,
        # dbt sets attached_node for tests on models, seeds and snapshots; not for tests on sources.
        "attached_node": None if node["resource_type"] == "source" else node["unique_id"],
    }
    return test


def not_null_columns_test(node: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The project's columns_are_not_null test of columns (its kwargs as dbt writes them in the manifest)."""
    test = unique_test(node, "columns_are_not_null", column=None)
    test["test_metadata"]["kwargs"] = {"column_names": columns, "model": "{{ get_where_subquery(ref('x')) }}"}
    return test


def with_primary_key(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, unique_test(node, "unique"), unique_test(node, "not_null")]


def manifest(*nodes: dict[str, Any]) -> dict[str, Any]:
    """A manifest of the given nodes, each with a primary-key test unless it is a test itself."""
    entries: list[dict[str, Any]] = []
    for node in nodes:
        entries += [node] if node["resource_type"] == "test" else with_primary_key(node)
    return {
        "metadata": {"project_name": PROJECT},
        "nodes": {node["unique_id"]: node for node in entries if node["resource_type"] != "source"},
        "sources": {node["unique_id"]: node for node in entries if node["resource_type"] == "source"},
    }


def uid(node: dict[str, Any]) -> str:
    return str(node["unique_id"])


def good_project() -> dict[str, Any]:
    """source -> staging -> intermediate -> two marts; a seed read by the intermediate model."""
    accounts = source("accounts")
    grid = seed("grid")
    staged = model("stg_crm__accounts", [uid(accounts)], layer="staging")
    scored = model("int_accounts__scored", [uid(staged), uid(grid)])
    marts = [model(name, [uid(scored)], layer="marts") for name in ("scores", "score_breakdown")]
    return manifest(accounts, grid, staged, scored, *marts)


def test_the_good_project_holds_every_rule() -> None:
    assert hygiene.check_manifest(good_project()) == []


@pytest.mark.parametrize("resource", ["model", "seed", "snapshot", "source"])
def test_a_node_without_a_primary_key_test_fails(resource: str) -> None:
    project = good_project()
    node = {
        "model": model("int_orphan", []),
        "seed": seed("aliases"),
        "snapshot": {**model("scores_history", []), "resource_type": "snapshot"},
        "source": source("activities"),
    }[resource]
    table = "sources" if resource == "source" else "nodes"
    project[table][uid(node)] = node
    problems = hygiene.check_primary_keys(project)
    assert len(problems) == 1 and "has no primary-key test" in problems[0] and node["name"] in problems[0]
    # unique alone is not a key, nor with another column not null; unique + not null on one column, or a
    # unique combination, is.
    project["nodes"]["test.unique"] = unique_test(node, "unique")
    assert len(hygiene.check_primary_keys(project)) == 1
    project["nodes"]["test.not_null"] = not_null_columns_test(node, ["other_id"])
    assert len(hygiene.check_primary_keys(project)) == 1
    project["nodes"]["test.not_null"] = not_null_columns_test(node, ["other_id", "row_id"])
    assert hygiene.check_primary_keys(project) == []
    del project["nodes"]["test.not_null"]
    project["nodes"]["test.combination"] = unique_test(node, "unique_combination_of_columns", column=None)
    assert hygiene.check_primary_keys(project) == []


def test_a_source_duckdb_numbers_the_rows_of_needs_no_key_test_on_duckdb_only() -> None:
    project = good_project()
    landed = {
        **source("activities"),
        "meta": {"external_location": "read_parquet('x.parquet', file_row_number = true)"},
    }
    project["sources"][uid(landed)] = landed
    project["metadata"]["adapter_type"] = "duckdb"
    assert hygiene.check_primary_keys(project) == []
    project["metadata"]["adapter_type"] = "postgres"
    assert len(hygiene.check_primary_keys(project)) == 1
    project["metadata"]["adapter_type"] = "duckdb"
    landed["meta"]["external_location"] = "read_parquet('x.parquet')"
    assert len(hygiene.check_primary_keys(project)) == 1


def test_a_source_without_freshness_fails() -> None:
    project = good_project()
    stale = source("activities", freshness={"warn_after": {"count": None}, "error_after": {"count": None}})
    project["sources"][uid(stale)] = stale
    assert hygiene.check_source_freshness(project) == [
        "models/staging/crm/_crm__sources.yml: source crm.activities has no freshness "
        "(warn_after or error_after, and loaded_at_field or loaded_at_query)."
    ]
    stale["freshness"] = FRESHNESS
    stale["loaded_at_query"] = None
    # A threshold without a loaded-at time checks nothing.
    assert len(hygiene.check_source_freshness(project)) == 1
    stale["loaded_at_field"] = "extracted_at"
    assert hygiene.check_source_freshness(project) == []


def test_a_node_feeding_more_leaf_models_than_the_threshold_fails() -> None:
    project = good_project()
    scored = "model.shop.int_accounts__scored"
    third = model("score_movers", [scored], layer="marts")
    project["nodes"][uid(third)] = third
    problems = hygiene.check_fanout(project)
    assert problems == [
        "model int_accounts__scored feeds 3 leaf models (score_breakdown, score_movers, scores); at most 2: "
        "let one intermediate model read it for them."
    ]
    # A model that reads the third leaf's input for it ends the fan-out: score_movers is no leaf's parent now.
    versions = model("int_score_versions__dated", [scored])
    third["depends_on"]["nodes"] = [uid(versions)]
    project["nodes"][uid(versions)] = versions
    assert hygiene.check_fanout(project) == []


def test_rejoining_an_upstream_model_fails() -> None:
    project = good_project()
    scored = "model.shop.int_accounts__scored"
    plays = model("int_account_plays__assigned", [scored])
    final = model("account_plays", [scored, uid(plays)], layer="marts")
    project["nodes"].update({uid(plays): plays, uid(final): final})
    problems = hygiene.check_rejoins(project)
    assert problems == [
        "model account_plays reads model int_accounts__scored directly and through model "
        "int_account_plays__assigned, which only it reads: join it there, or read it only through that model."
    ]
    # Reading the upstream model only through the middle one is fine.
    final["depends_on"]["nodes"] = [uid(plays)]
    assert hygiene.check_rejoins(project) == []


def test_a_staging_model_may_rejoin_its_source_through_its_base_model() -> None:
    project = good_project()
    accounts = "source.shop.crm.accounts"
    industries = model("base_crm__account_industries", [accounts], layer="staging")
    staged = model("stg_crm__leads", [accounts, uid(industries)], layer="staging")
    project["nodes"].update({uid(industries): industries, uid(staged): staged})
    assert hygiene.check_rejoins(project) == []
    assert hygiene.check_layers(project) == []


def test_a_model_with_more_than_seven_parents_fails() -> None:
    project = good_project()
    seeds = [seed(f"grid_{number}") for number in range(8)]
    wide = model("int_grid__versions", [uid(grid) for grid in seeds])
    for node in [*seeds, wide]:
        project["nodes"][uid(node)] = node
        for test in with_primary_key(node)[1:]:
            project["nodes"][uid(test)] = test
    problems = hygiene.check_parent_counts(project)
    assert problems == [
        "models/intermediate/int_grid__versions.sql: model int_grid__versions has 8 direct parents; "
        "at most 7: split it into models that each join a few."
    ]
    wide["depends_on"]["nodes"] = wide["depends_on"]["nodes"][:7]
    assert hygiene.check_parent_counts(project) == []


def test_a_mart_reading_a_source_and_staging_reading_staging_fail() -> None:
    project = good_project()
    accounts = "source.shop.crm.accounts"
    staged = "model.shop.stg_crm__accounts"
    project["nodes"]["model.shop.scores"]["depends_on"]["nodes"].append(accounts)
    base = model("base_crm__industry_vocabulary", [], layer="staging")
    project["nodes"][uid(base)] = base
    other = model("stg_crm__contacts", [staged, uid(base)], layer="staging")
    project["nodes"][uid(other)] = other
    problems = hygiene.check_layers(project)
    assert len(problems) == 2
    assert "mart scores reads the source" in problems[0]
    assert "staging model stg_crm__contacts reads the staging model stg_crm__accounts" in problems[1]


def test_undocumented_sources_and_snapshots_fail() -> None:
    project = good_project()
    project["sources"]["source.shop.crm.accounts"]["columns"]["row_id"]["description"] = ""
    snapshot = {**model("scores_history", []), "resource_type": "snapshot", "description": " "}
    project["nodes"][uid(snapshot)] = snapshot
    problems = hygiene.check_descriptions(project)
    assert problems == [
        "models/staging/crm/_crm__sources.yml: column row_id of source crm.accounts has no description.",
        "models/intermediate/scores_history.sql: snapshot scores_history has no description.",
    ]


def test_a_name_postgresql_cannot_hold_fails() -> None:
    project = good_project()
    project["nodes"][f"model.{PROJECT}.scores"]["alias"] = "s" * 63
    unit_test = {
        "unique_id": f"unit_test.{PROJECT}.scores.{'u' * 64}",
        "resource_type": "unit_test",
        "package_name": PROJECT,
        "name": "u" * 64,
        "original_file_path": "models/marts/_marts__unit_tests.yml",
    }
    project["unit_tests"] = {unit_test["unique_id"]: unit_test}
    assert hygiene.check_manifest(project) == [
        f"models/marts/_marts__unit_tests.yml: unit test {'u' * 64}: its relation name has 64 characters; at "
        "most 63 (PostgreSQL refuses a longer one, and dbt names a unit test's table after the unit test): "
        "shorten it."
    ]


def test_main_reads_the_target_folder_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert hygiene.main(["--target-dir", str(tmp_path)]) == 2
    project = good_project()
    (tmp_path / "manifest.json").write_text(json.dumps(project), encoding="utf-8")
    assert hygiene.main(["--target-dir", str(tmp_path)]) == 0
    project["sources"]["source.shop.crm.accounts"]["freshness"] = None
    (tmp_path / "manifest.json").write_text(json.dumps(project), encoding="utf-8")
    assert hygiene.main(["--target-dir", str(tmp_path)]) == 1
    assert "has no freshness" in capsys.readouterr().err
