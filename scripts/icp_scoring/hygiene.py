"""Check the rules a reviewer checks on dbt's manifest (and catalog, when `dbt docs generate` wrote one) that
neither dbt-score (`make lint`: descriptions and owners of models and seeds) nor sqlfluff covers.

Rules:
- every model, seed, snapshot and source table has a primary-key test: `unique` on a column that is also
  tested not null (`not_null`, or one of the column_names of the node's `columns_are_not_null`), or
  `unique_combination_of_columns`; on DuckDB, a source table read from landed Parquet with
  `file_row_number = true` is keyed by the reader, which numbers each file's rows (its key test runs on the
  engines that load the files into a table, where a load could repeat a row);
- no mart reads a source (marts read staging through intermediate models);
- no staging model reads another staging model, except a base model (`base_<source>__<what>`, in the source's
  `base/` folder: dbt Labs' base models, which prepare what one staging model joins);
- every source, source table and snapshot has a description, and so has every column declared in their YAML;
- every source table has freshness (warn_after or error_after, and a loaded_at_field or loaded_at_query);
- no model, seed, snapshot or source feeds more than MAX_LEAF_CHILDREN leaf models (models nothing reads):
  one intermediate model reads it for them instead (dbt-project-evaluator's model fanout);
- no model reads a node both directly and through a model that only it reads (rejoining of upstream concepts:
  join the node in that model, or read it only through it), except through a base model (which maps, once,
  the distinct values of a column of the source its staging model reads);
- no model has more than MAX_PARENTS direct parents (too many joins: split it);
- the score never reads the contacts or the personas: none of them is upstream of SCORE_MODEL, the model that
  carries score, grade, tier and play (personas say who to reach in an account, never how well it fits);
- no model, seed, snapshot or unit test has a relation name longer than MAX_RELATION_NAME characters
  (PostgreSQL refuses it; dbt names a unit test's temporary table after the unit test);
- with a catalog: every column of every model and seed is declared, with a description.

    dbt parse && icp check-project --target-dir target
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Node = dict[str, Any]
Manifest = dict[str, Any]
PRIMARY_KEY_TESTS = {"unique_combination_of_columns"}
# The project's not-null test of several columns at once (macros/generic_tests/test_columns_are_not_null.sql).
NOT_NULL_COLUMNS_TEST = "columns_are_not_null"
# dbt-project-evaluator flags a node with 3 or more leaf children (models_fanout_threshold: 3).
MAX_LEAF_CHILDREN = 2
# dbt-project-evaluator's too_many_joins_threshold.
MAX_PARENTS = 7
# The model holding every account's score, grade, tier and play, and what it must never read (by name).
SCORE_MODEL = "int_account_plays__assigned"
PERSONA_INPUTS = {"contacts", "icp_personas", "icp_persona_title_rules"}
# PostgreSQL's longest identifier (NAMEDATALEN - 1 bytes): dbt-postgres refuses a longer relation name.
MAX_RELATION_NAME = 63


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="icp check-project",
        description="Check project hygiene rules on dbt's manifest.json (and catalog.json if present).",
    )
    parser.add_argument(
        "--target-dir",
        type=Path,
        default=Path("target"),
        help="dbt's target folder holding manifest.json (run `dbt parse` first); default: %(default)s",
    )
    return parser.parse_args(argv)


def project_nodes(manifest: Manifest, resource_type: str) -> Iterator[Node]:
    """The project's nodes of one resource type (model, seed, snapshot, test, unit_test or source)."""
    project = manifest["metadata"].get("project_name")
    tables = {"source": manifest["sources"], "unit_test": manifest.get("unit_tests", {})}
    table = tables.get(resource_type, manifest["nodes"])
    for node in table.values():
        if node["resource_type"] == resource_type and node["package_name"] == project:
            yield node


def model_parents(manifest: Manifest) -> dict[str, list[str]]:
    """Each project model's direct parents (models, seeds, snapshots, sources), by unique_id."""
    return {model["unique_id"]: model["depends_on"]["nodes"] for model in project_nodes(manifest, "model")}


def model_children(manifest: Manifest) -> dict[str, list[str]]:
    """Each node's direct children that are project models."""
    children: dict[str, list[str]] = {}
    for model, parents in model_parents(manifest).items():
        for parent in parents:
            children.setdefault(parent, []).append(model)
    return children


def node_label(manifest: Manifest, unique_id: str) -> str:
    node = manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id)
    if node is None:
        return unique_id
    if node["resource_type"] == "source":
        return f"source {node['source_name']}.{node['name']}"
    return f"{node['resource_type']} {node['name']}"


def tests_by_node(manifest: Manifest) -> dict[str, list[Node]]:
    """The generic tests attached to each node (a test on a source has no attached_node: its one parent)."""
    attached: dict[str, list[Node]] = {}
    for test in project_nodes(manifest, "test"):
        parents = test["depends_on"]["nodes"]
        target = test.get("attached_node") or (parents[0] if len(parents) == 1 else None)
        if target:
            attached.setdefault(target, []).append(test)
    return attached


def has_primary_key_test(tests: list[Node]) -> bool:
    unique_columns: set[str] = set()
    not_null_columns: set[str] = set()
    for test in tests:
        metadata = test.get("test_metadata") or {}
        name = metadata.get("name")
        if name in PRIMARY_KEY_TESTS:
            return True
        column = test.get("column_name")
        if name == "unique" and column:
            unique_columns.add(column)
        elif name == "not_null" and column:
            not_null_columns.add(column)
        elif name == NOT_NULL_COLUMNS_TEST:
            not_null_columns.update((metadata.get("kwargs") or {}).get("column_names") or [])
    return bool(unique_columns & not_null_columns)


def layer(node: Node) -> str:
    """staging, intermediate or marts: the first folder under models/."""
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" else ""


def is_keyed_by_its_reader(manifest: Manifest, node: Node) -> bool:
    """A source table DuckDB reads from Parquet with file_row_number = true: the reader numbers each file's
    rows, so (file, row) cannot repeat and a key test could not fail."""
    location = (node.get("meta") or {}).get("external_location") or ""
    return (
        manifest["metadata"].get("adapter_type") == "duckdb"
        and node["resource_type"] == "source"
        and "read_parquet(" in location
        and "file_row_number = true" in location
    )


def check_primary_keys(manifest: Manifest) -> list[str]:
    attached = tests_by_node(manifest)
    keyed = [
        *project_nodes(manifest, "model"),
        *project_nodes(manifest, "seed"),
        *project_nodes(manifest, "snapshot"),
        *project_nodes(manifest, "source"),
    ]
    return [
        f"{node['original_file_path']}: {node_label(manifest, node['unique_id'])} has no primary-key test "
        "(unique on a column tested not null, or unique_combination_of_columns)."
        for node in keyed
        if not has_primary_key_test(attached.get(node["unique_id"], []))
        and not is_keyed_by_its_reader(manifest, node)
    ]


def check_layers(manifest: Manifest) -> list[str]:
    problems: list[str] = []
    nodes = manifest["nodes"]
    for model in project_nodes(manifest, "model"):
        parents = model["depends_on"]["nodes"]
        if layer(model) == "marts":
            problems += [
                f"{model['original_file_path']}: mart {model['name']} reads the source {parent}; "
                "read it through staging."
                for parent in parents
                if parent.startswith("source.")
            ]
        if layer(model) == "staging":
            problems += [
                f"{model['original_file_path']}: staging model {model['name']} reads the staging model "
                f"{nodes[parent]['name']}; staging models read only sources, seeds and base models."
                for parent in parents
                if parent in nodes
                and nodes[parent]["resource_type"] == "model"
                and layer(nodes[parent]) == "staging"
                and not is_base_model(manifest, parent)
            ]
    return problems


def check_descriptions(manifest: Manifest) -> list[str]:
    """Sources and snapshots (dbt-score checks the descriptions of models and seeds)."""
    problems: list[str] = []
    documented = [*project_nodes(manifest, "source"), *project_nodes(manifest, "snapshot")]
    for node in documented:
        label = node_label(manifest, node["unique_id"])
        if not node.get("description", "").strip():
            problems.append(f"{node['original_file_path']}: {label} has no description.")
        if node["resource_type"] == "source" and not node.get("source_description", "").strip():
            problems.append(f"{node['original_file_path']}: source {node['source_name']} has no description.")
        problems += [
            f"{node['original_file_path']}: column {column} of {label} has no description."
            for column, properties in node.get("columns", {}).items()
            if not properties.get("description", "").strip()
        ]
    return problems


def has_freshness(source: Node) -> bool:
    freshness = source.get("freshness") or {}
    has_threshold = any((freshness.get(key) or {}).get("count") for key in ("warn_after", "error_after"))
    return has_threshold and bool(source.get("loaded_at_field") or source.get("loaded_at_query"))


def check_source_freshness(manifest: Manifest) -> list[str]:
    return [
        f"{source['original_file_path']}: {node_label(manifest, source['unique_id'])} has no freshness "
        "(warn_after or error_after, and loaded_at_field or loaded_at_query)."
        for source in project_nodes(manifest, "source")
        if not has_freshness(source)
    ]


def check_fanout(manifest: Manifest) -> list[str]:
    children = model_children(manifest)
    problems: list[str] = []
    for parent, direct_children in sorted(children.items()):
        leaves = sorted(child for child in direct_children if not children.get(child))
        if len(leaves) > MAX_LEAF_CHILDREN:
            names = ", ".join(manifest["nodes"][leaf]["name"] for leaf in leaves)
            problems.append(
                f"{node_label(manifest, parent)} feeds {len(leaves)} leaf models ({names}); at most "
                f"{MAX_LEAF_CHILDREN}: let one intermediate model read it for them."
            )
    return problems


def is_base_model(manifest: Manifest, unique_id: str) -> bool:
    """A staging base model (dbt Labs' `base_<source>__<what>`), prepared for one staging model."""
    node = manifest["nodes"].get(unique_id, {})
    return node.get("resource_type") == "model" and str(node.get("name", "")).startswith("base_")


def check_rejoins(manifest: Manifest) -> list[str]:
    parents = model_parents(manifest)
    children = model_children(manifest)
    problems: list[str] = []
    for model, direct_parents in sorted(parents.items()):
        for middle in direct_parents:
            if middle not in parents or children.get(middle) != [model] or is_base_model(manifest, middle):
                continue
            problems += [
                f"{node_label(manifest, model)} reads {node_label(manifest, upstream)} directly and through "
                f"{node_label(manifest, middle)}, which only it reads: join it there, or read it only "
                "through that model."
                for upstream in parents[middle]
                if upstream in direct_parents
            ]
    return problems


def check_parent_counts(manifest: Manifest) -> list[str]:
    parents = model_parents(manifest)
    return [
        f"{model['original_file_path']}: model {model['name']} has {len(parents[model['unique_id']])} "
        f"direct parents; at most {MAX_PARENTS}: split it into models that each join a few."
        for model in project_nodes(manifest, "model")
        if len(parents[model["unique_id"]]) > MAX_PARENTS
    ]


def check_score_reads_no_persona(manifest: Manifest) -> list[str]:
    parents = model_parents(manifest)
    score_models = [
        model["unique_id"] for model in project_nodes(manifest, "model") if model["name"] == SCORE_MODEL
    ]
    upstream: set[str] = set()
    pending = list(score_models)
    while pending:
        for parent in parents.get(pending.pop(), []):
            if parent not in upstream:
                upstream.add(parent)
                pending.append(parent)
    nodes = {**manifest["nodes"], **manifest["sources"]}
    return [
        f"{SCORE_MODEL} (score, grade, tier, play) reads {node_label(manifest, unique_id)}: the contacts and "
        "the personas must never change a score; read them beside the scores, not upstream of them."
        for unique_id in sorted(upstream)
        if nodes.get(unique_id, {}).get("name") in PERSONA_INPUTS
    ]


def check_relation_names(manifest: Manifest) -> list[str]:
    nodes = [
        node for kind in ("model", "seed", "snapshot", "unit_test") for node in project_nodes(manifest, kind)
    ]
    problems = []
    for node in nodes:
        name = node.get("alias") or node["name"]
        if len(name.encode("utf-8")) > MAX_RELATION_NAME:
            kind = node["resource_type"].replace("_", " ")
            problems.append(
                f"{node['original_file_path']}: {kind} {node['name']}: its relation name has "
                f"{len(name.encode('utf-8'))} characters; at most {MAX_RELATION_NAME} (PostgreSQL refuses a "
                "longer one, and dbt names a unit test's table after the unit test): shorten it."
            )
    return problems


def check_catalog_columns(manifest: Manifest, catalog: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for node in [*project_nodes(manifest, "model"), *project_nodes(manifest, "seed")]:
        entry = catalog.get("nodes", {}).get(node["unique_id"])
        if not entry:
            continue
        declared = {name.lower() for name in node.get("columns", {})}
        problems += [
            f"{node['original_file_path']}: column {column} of {node['name']} is not documented in YAML."
            for column in entry["columns"]
            if column.lower() not in declared
        ]
    return problems


def check_manifest(manifest: Manifest) -> list[str]:
    """Every manifest rule's problems, one sentence each."""
    return [
        *check_primary_keys(manifest),
        *check_layers(manifest),
        *check_descriptions(manifest),
        *check_source_freshness(manifest),
        *check_fanout(manifest),
        *check_rejoins(manifest),
        *check_parent_counts(manifest),
        *check_score_reads_no_persona(manifest),
        *check_relation_names(manifest),
    ]


def check(target_dir: Path) -> list[str]:
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    problems = check_manifest(manifest)
    catalog_path = target_dir / "catalog.json"
    if catalog_path.is_file():
        problems += check_catalog_columns(manifest, json.loads(catalog_path.read_text(encoding="utf-8")))
    return problems


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.target_dir / "manifest.json").is_file():
        print(
            f"error: no manifest.json in {args.target_dir}: run `dbt parse` (or a build) first.",
            file=sys.stderr,
        )
        return 2
    problems = check(args.target_dir)
    for problem in problems:
        print(f"hygiene: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} hygiene problem(s).", file=sys.stderr)
        return 1
    scope = "manifest and catalog" if (args.target_dir / "catalog.json").is_file() else "manifest"
    print(f"hygiene: all rules hold ({scope} in {args.target_dir}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
