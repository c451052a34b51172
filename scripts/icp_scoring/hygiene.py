"""Check the rules a reviewer checks, on dbt's manifest (and catalog, when `dbt docs generate` wrote one).

Rules:
- every model has a primary-key test: `unique` and `not_null` on one column, or
  `unique_combination_of_columns`;
- no mart reads a source (marts read staging through intermediate models);
- no staging model reads another staging model;
- every model, seed, source and source table has a description, and so has every column declared in YAML;
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
PRIMARY_KEY_TESTS = {"unique_combination_of_columns"}


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


def project_nodes(manifest: dict[str, Any], resource_type: str) -> Iterator[Node]:
    project = manifest["metadata"].get("project_name")
    for node in manifest["nodes"].values():
        if node["resource_type"] == resource_type and node["package_name"] == project:
            yield node


def tests_by_model(manifest: dict[str, Any]) -> dict[str, list[Node]]:
    attached: dict[str, list[Node]] = {}
    for test in project_nodes(manifest, "test"):
        target = test.get("attached_node")
        if target:
            attached.setdefault(target, []).append(test)
    return attached


def has_primary_key_test(tests: list[Node]) -> bool:
    names_by_column: dict[str, set[str]] = {}
    for test in tests:
        metadata = test.get("test_metadata") or {}
        if metadata.get("name") in PRIMARY_KEY_TESTS:
            return True
        column = test.get("column_name")
        if column:
            names_by_column.setdefault(column, set()).add(metadata.get("name", ""))
    return any({"unique", "not_null"} <= names for names in names_by_column.values())


def layer(node: Node) -> str:
    """staging, intermediate or marts: the first folder under models/."""
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" else ""


def check_primary_keys(manifest: dict[str, Any]) -> list[str]:
    attached = tests_by_model(manifest)
    return [
        f"{model['original_file_path']}: model {model['name']} has no primary-key test "
        "(unique + not_null on a column, or unique_combination_of_columns)."
        for model in project_nodes(manifest, "model")
        if not has_primary_key_test(attached.get(model["unique_id"], []))
    ]


def check_layers(manifest: dict[str, Any]) -> list[str]:
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
                f"{nodes[parent]['name']}; staging models read only sources and seeds."
                for parent in parents
                if parent in nodes
                and nodes[parent]["resource_type"] == "model"
                and layer(nodes[parent]) == "staging"
            ]
    return problems


def check_descriptions(manifest: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    documented = [*project_nodes(manifest, "model"), *project_nodes(manifest, "seed")]
    project = manifest["metadata"].get("project_name")
    documented += [source for source in manifest["sources"].values() if source["package_name"] == project]
    for node in documented:
        label = f"{node['resource_type']} {node['name']}"
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


def check_catalog_columns(manifest: dict[str, Any], catalog: dict[str, Any]) -> list[str]:
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


def check(target_dir: Path) -> list[str]:
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    problems = check_primary_keys(manifest) + check_layers(manifest) + check_descriptions(manifest)
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
