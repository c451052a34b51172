"""Analysts cannot break the grid silently: each broken seed CSV fails `dbt build` with a message that
names the file, the offending row or value, and the fix.

Breakages that do not hide each other share one build (BUILDS; a seed that fails to load would skip the tests
of its table, so those get builds of their own); each rule still has its own test.

Every build of this file runs in one copy of the project, edited before the build and restored after it, into
a fresh warehouse file at the same path: dbt then parses the whole project once and afterwards only the seed
files an edit changed (partial parsing; measured: 55 s of CPU less for the file, 239 s before).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from icp_scoring.warehouse import wal_path
from tests.support import SAMPLE_AS_OF, folder_link, link_test_folder, reuse_project_folder

GRID = "seeds/scoring_grid"
REFERENCE = "seeds/reference"

# (file, old line or None to append, new line or None to delete)
Edit = tuple[str, str | None, str | None]

BREAKAGES: dict[str, list[Edit]] = {
    "many_rules": [
        (
            f"{GRID}/icp_criteria.csv",
            "default,industry,firmographic,industry,25,",
            "default,industry,firmographic,industry,30,",
        ),
        (f"{GRID}/icp_criteria.csv", None, "default,region,firmo,country,0,Pillar misspelled."),
        (f"{GRID}/icp_criteria.csv", None, "default,region2,firmographic,contry,0,Attribute misspelled."),
        (f"{GRID}/icp_criterion_value_points.csv", None, "default,compatible_crm,hubspot,25"),
        (
            f"{GRID}/icp_criterion_value_points.csv",
            "default,industry,education,0",
            "default,industry,education,-5",
        ),
        (f"{GRID}/icp_criterion_value_points.csv", None, "default,industry,aerospace,5"),
        (f"{GRID}/icp_criterion_value_points.csv", None, "enterprise,industry,technology,10"),
        (
            f"{GRID}/icp_criterion_band_points.csv",
            "default,company_size,50-200,50,201,20",
            "default,company_size,50-200,60,201,20",
        ),
        (f"{GRID}/icp_grade_bands.csv", "default,B,60,80,1,", "default,B,65,80,1,"),
        (
            f"{GRID}/icp_intent_signal_points.csv",
            "default,buying_intent,demo_request,35,21,35",
            "default,buying_intent,demo_request,35,0,35",
        ),
        (
            f"{GRID}/icp_intent_signal_points.csv",
            "default,buying_intent,pricing_page_visit,35,14,35,,",
            "default,buying_intent,pricing_page_visit,35,14,35,40,90",
        ),
        (
            f"{GRID}/icp_intent_signal_points.csv",
            "default,buying_intent,content_download,5,30,15,,",
            "default,buying_intent,content_download,5,30,15,2,",
        ),
        (f"{REFERENCE}/industry_aliases.csv", None, "TECH,media"),
        (f"{REFERENCE}/industry_aliases.csv", None, "Fintech,fintech"),
        # CRM fields (icp_crm_fields.csv): five rows of their test, and the other files' rules on them.
        (f"{GRID}/icp_crm_fields.csv", None, "industry,Secteur,text,Shadows the built-in industry."),
        (f"{GRID}/icp_crm_field_aliases.csv", None, "company_age_years,vingt ans,20"),
        (f"{GRID}/icp_criteria.csv", None, "default,legal,firmographic,legal_form,0,Legal form."),
        (f"{GRID}/icp_criterion_value_points.csv", None, "default,legal,SAS,0"),
        (f"{GRID}/icp_criterion_value_points.csv", None, "default,legal,sas,0"),
        (f"{GRID}/icp_criterion_value_points.csv", None, "default,legal,(unmapped),0"),
        (f"{GRID}/icp_criterion_band_points.csv", None, "default,legal,small,0,10,0"),
        (f"{GRID}/icp_persona_title_rules.csv", None, "default,economic_buyr,VP Revenue,"),
        (f"{GRID}/icp_personas.csv", None, "default,partner,,influencer,,Partner manager."),
        (f"{GRID}/icp_persona_title_rules.csv", None, "default,champion,V.P. Sales,"),
        (f"{GRID}/icp_persona_title_rules.csv", None, "default,economic_buyer,Owner,0"),
        (f"{GRID}/icp_personas.csv", None, "default,procurement,Procurement,evaluator,true,Buys."),
        (f"{GRID}/icp_personas.csv", None, "default,end_user,End user,usr,false,Uses it."),
    ],
    "overlaps_and_order": [
        (
            f"{GRID}/icp_criterion_band_points.csv",
            "default,company_size,201-999,201,1000,10",
            "default,company_size,201-999,150,1000,10",
        ),
        (f"{GRID}/icp_grade_bands.csv", "default,D,30,45,3,", "default,D,30,50,3,"),
        (f"{GRID}/icp_grade_bands.csv", "default,A,80,100,1,", "default,Z,80,100,1,"),
    ],
    "grades_out_of_order": [
        (f"{GRID}/icp_grade_bands.csv", "default,A,80,100,1,", "default,C,80,100,1,"),
        (f"{GRID}/icp_grade_bands.csv", "default,C,45,60,2,", "default,A,45,60,2,"),
    ],
    "not_a_number": [
        (
            f"{GRID}/icp_criteria.csv",
            "default,company_size,firmographic,employee_count,20,",
            "default,company_size,firmographic,employee_count,twenty,",
        ),
    ],
    "unbalanced_quote": [
        (
            f"{GRID}/icp_criteria.csv",
            "default,compatible_crm,technographic,technology,20,CRM",
            'default,compatible_crm,technographic,technology,20,"CRM',
        ),
    ],
    "review_interval": [
        (f"{GRID}/icp_profiles.csv", "2026-12-04,6", "2026-12-04,0"),
    ],
    "review_date_as_excel_fr": [
        (f"{GRID}/icp_profiles.csv", "2026-12-04,6", "04/12/2026,6"),
    ],
    "pillar_weights": [
        (f"{GRID}/icp_pillar_weights.csv", None, "default,firmographic,0.4"),
        (f"{GRID}/icp_pillar_weights.csv", None, "default,technographic,0.3"),
        (f"{GRID}/icp_pillar_weights.csv", None, "default,intnt,0.2"),
    ],
    "criterion_weights": [
        (f"{GRID}/icp_criterion_weights.csv", None, "default,industry,0.3"),
        (f"{GRID}/icp_criterion_weights.csv", None, "default,company_sise,0.2"),
        (f"{GRID}/icp_criterion_weights.csv", None, "default,compatible_crm,0.2"),
        (f"{GRID}/icp_criterion_weights.csv", None, "default,buying_intent,0.35"),
    ],
    "weighed_both_ways": [
        (f"{GRID}/icp_pillar_weights.csv", None, "default,firmographic,0.4"),
        (f"{GRID}/icp_pillar_weights.csv", None, "default,technographic,0.3"),
        (f"{GRID}/icp_pillar_weights.csv", None, "default,intent,0.3"),
        (f"{GRID}/icp_criterion_weights.csv", None, "default,industry,1.5"),
    ],
    "fit_only_plays": [
        (f"{GRID}/icp_profiles.csv", None, "fit_only,Fit only,A fit model.,2026-12-01,6"),
        (f"{GRID}/icp_criteria.csv", None, "fit_only,industry,firmographic,industry,100,Industry."),
        (f"{GRID}/icp_criterion_value_points.csv", None, "fit_only,industry,technology,100"),
        (f"{GRID}/icp_grade_bands.csv", None, "fit_only,A,50,100,1,Fit."),
        (f"{GRID}/icp_grade_bands.csv", None, "fit_only,F,0,50,3,No fit."),
        (f"{GRID}/icp_engagement_levels.csv", None, "fit_only,fit,high,50,100"),
        (f"{GRID}/icp_engagement_levels.csv", None, "fit_only,fit,low,0,50"),
        (f"{GRID}/icp_plays.csv", None, "fit_only,high,,call,Call,false"),
        (f"{GRID}/icp_plays.csv", None, "fit_only,low,high,nurture,Nurture,false"),
    ],
    "knockouts": [
        (f"{GRID}/icp_knockouts.csv", None, "default,rivals,domain,is,rival.com,competitor"),
        (f"{GRID}/icp_knockouts.csv", None, "default,rivals,domain,is,rival.fr,rival"),
        (f"{GRID}/icp_knockouts.csv", None, "default,small,industry,below,10,too_small"),
        (f"{GRID}/icp_knockouts.csv", None, "default,tiny,employee_count,below,dix,too_small"),
        (f"{GRID}/icp_knockouts.csv", None, "default,typo,country,equals,FR,typo"),
    ],
    # A build of its own: a test prints its first 5 failing rows.
    "knockout_values": [
        (f"{GRID}/icp_knockouts.csv", None, "default,sector,industry,is,aerospace,not_our_market"),
        (f"{GRID}/icp_knockouts.csv", None, "default,clients,won_deal,is,yes,existing_customer"),
        (f"{GRID}/icp_knockouts.csv", None, "default,young,company_age_years,is,5,too_young"),
        (f"{GRID}/icp_knockouts.csv", None, "default,form,legal_form,below,5,odd"),
    ],
    "empty_criteria": [],
    "no_icp": [],
}

HEADER_ONLY = {
    "empty_criteria": f"{GRID}/icp_criteria.csv",
    "no_icp": f"{GRID}/icp_profiles.csv",
}

# The builds: the breakages above that do not hide each other share one (checked: every rule of each group's
# breakages is found in its build's output, as in a build of their own). Kept apart: the breakages of one file
# that conflict (grade bands, weights), the seeds that fail to load (a seed that does not load skips the tests
# of its table; two of different files share a build), the header-only files, knockout_values (a test prints
# its first 5 failing rows).
BUILDS: dict[str, tuple[str, ...]] = {
    "many_rules": ("many_rules", "knockouts", "fit_only_plays", "review_interval"),
    "overlaps_and_order": ("overlaps_and_order",),
    "grades_out_of_order": ("grades_out_of_order", "pillar_weights"),
    "not_loading": ("not_a_number", "review_date_as_excel_fr"),
    "unbalanced_quote": ("unbalanced_quote",),
    "knockout_values": ("knockout_values", "criterion_weights"),
    "weighed_both_ways": ("weighed_both_ways",),
    "empty_criteria": ("empty_criteria",),
    "no_icp": ("no_icp",),
}

# rule -> (breakage, fragments that must all appear on one line of the output of its build)
EXPECTED_MESSAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "weights_add_up_to_100": ("many_rules", ("icp_criteria.csv", 'ICP "default" add up to 105.00, not 100')),
    "unknown_pillar": ("many_rules", ("icp_criteria.csv", 'column pillar has "firmo"', "icp_pillars")),
    "unknown_attribute": (
        "many_rules",
        ("icp_criteria.csv, row (default, region2)", 'account_attribute "contry" is neither a built-in'),
    ),
    "criterion_without_points": ("many_rules", ('Criterion "region" of ICP "default"', "has no rows")),
    "duplicated_key": (
        "many_rules",
        ("icp_criterion_value_points", "(default, compatible_crm, hubspot)", "2 times"),
    ),
    "points_above_maximum": (
        "many_rules",
        ("icp_criterion_value_points.csv", "hubspot): points = 25.00 is outside 0..20.00"),
    ),
    "negative_points": (
        "many_rules",
        ("icp_criterion_value_points.csv", "education): points = -5.00 is outside"),
    ),
    "unknown_canonical_value": (
        "many_rules",
        ("icp_criterion_value_points.csv", '"aerospace" is not a canonical industry'),
    ),
    "unknown_icp": ("many_rules", ("icp_criterion_value_points.csv", 'column icp_id has "enterprise"')),
    "size_band_gap": ("many_rules", ("icp_criterion_band_points.csv", "gap between band")),
    "grade_band_gap": (
        "many_rules",
        ("icp_grade_bands.csv", "gap between grade C (ends at 60.00) and grade B"),
    ),
    "half_life_not_positive": (
        "many_rules",
        ("icp_intent_signal_points.csv", "demo_request): half_life_days = 0.00"),
    ),
    "floor_above_points": (
        "many_rules",
        ("icp_intent_signal_points.csv", "pricing_page_visit): floor_points = 40.00 must be from 0"),
    ),
    "floor_without_maximum_age": (
        "many_rules",
        ("icp_intent_signal_points.csv", "content_download): floor_points = 2.00 needs max_age_days"),
    ),
    "ambiguous_alias": ("many_rules", ('the spelling "tech"', "media, technology")),
    "alias_to_unknown_value": (
        "many_rules",
        ("industry_aliases.csv", 'column industry has "fintech"', "industries"),
    ),
    "size_band_overlap": ("overlaps_and_order", ("icp_criterion_band_points.csv", "overlaps band")),
    "grade_band_overlap": (
        "overlaps_and_order",
        ("icp_grade_bands.csv", "grade D (ends at 50.00) overlaps grade C"),
    ),
    "unknown_grade": ("overlaps_and_order", ("icp_grade_bands.csv", 'column icp_grade has "Z"')),
    "grades_out_of_order": ("grades_out_of_order", ("icp_grade_bands.csv", "better grades (A before B)")),
    "not_a_number": (
        "not_a_number",
        ("icp_criteria.csv, line 3, column max_points", '"twenty" is not a decimal'),
    ),
    "unbalanced_quote": ("unbalanced_quote", ("icp_criteria.csv, line 4: unbalanced double quote",)),
    "review_interval": ("review_interval", ("icp_profiles.csv: review_every_months is a number of months",)),
    "review_date_not_a_date": (
        "review_date_as_excel_fr",
        ("icp_profiles.csv, line 2, column last_reviewed_on", '"04/12/2026" is not a date', "2026-12-04"),
    ),
    "pillar_weights_add_up_to_1": (
        "pillar_weights",
        ("icp_pillar_weights.csv", 'the weights of ICP "default" add up to 0.9000, not 1'),
    ),
    "unknown_weighed_pillar": ("pillar_weights", ("icp_pillar_weights.csv", 'column pillar has "intnt"')),
    "pillar_without_weight": (
        "pillar_weights",
        (
            "icp_pillar_weights.csv",
            'criteria in pillar "intent" but no weight',
            "(default, intent, <weight>)",
        ),
    ),
    "criterion_weights_add_up_to_1": (
        "criterion_weights",
        ("icp_criterion_weights.csv", 'the weights of ICP "default" add up to 1.0500, not 1'),
    ),
    "weighed_criterion_unknown": (
        "criterion_weights",
        ("icp_criterion_weights.csv, row (default, company_sise)", 'no criteria in criterion "company_sise"'),
    ),
    "criterion_without_weight": (
        "criterion_weights",
        ("icp_criterion_weights.csv", 'criteria in criterion "company_size" but no weight'),
    ),
    "weighed_both_ways": (
        "weighed_both_ways",
        ("icp_pillar_weights.csv and icp_criterion_weights.csv both",),
    ),
    "weight_out_of_range": (
        "weighed_both_ways",
        ("icp_criterion_weights.csv: a criterion_weight is above 0 and at most 1",),
    ),
    "fit_only_play_naming_intent": (
        "fit_only_plays",
        ("icp_plays.csv, row (fit_only, low, high)", "has no criteria or no levels in is left empty"),
    ),
    "fit_only_play_missing": (
        "fit_only_plays",
        ('icp_plays.csv has no play for ICP "fit_only", fit low, intent (empty)',),
    ),
    "knockout_rows_disagree": (
        "knockouts",
        ("icp_knockouts.csv, row (default, rivals, rival.fr)", 'rows of knock-out "rivals" differ'),
    ),
    "knockout_below_on_text": ("knockouts", ("row (default, small, 10)", "operator below compares numbers")),
    "knockout_not_a_number": ("knockouts", ("row (default, tiny, dix)", '"dix" is not a number')),
    "knockout_unknown_value": (
        "knockout_values",
        ("row (default, sector, aerospace)", "not a canonical industry"),
    ),
    "knockout_won_deal_value": (
        "knockout_values",
        ("row (default, clients, yes)", "won_deal takes the value true"),
    ),
    "knockout_unknown_operator": ("knockouts", ("icp_knockouts", 'column operator has "equals"')),
    "crm_field_named_like_a_built_in": ("many_rules", ("icp_crm_fields.csv, row (industry)", "built-in")),
    "crm_alias_of_a_years_field": (
        "many_rules",
        ("icp_crm_field_aliases.csv, row (company_age_years, vingt ans)", "is read as years_since"),
    ),
    "crm_value_listed_twice": ("many_rules", ("row (default, legal, sas)", "more than once")),
    "crm_value_unmapped_row": ("many_rules", ("row (default, legal, (unmapped))", "no vocabulary")),
    "crm_bands_on_a_text_field": (
        "many_rules",
        ("icp_criterion_band_points.csv", 'criterion "legal"', "this file is for employee_count"),
    ),
    "crm_knockout_is_on_years": (
        "knockout_values",
        ("row (default, young, 5)", "compare it with below / above"),
    ),
    "crm_knockout_below_on_text": ("knockout_values", ("row (default, form, 5)", "below compares numbers")),
    "persona_rule_unknown_persona": (
        "many_rules",
        (
            "icp_persona_title_rules.csv, row (default, economic_buyr, VP Revenue)",
            'not a persona of ICP "default"',
        ),
    ),
    "persona_rule_written_twice": (
        "many_rules",
        ("row (default, champion, V.P. Sales)", 'the words "vp sales" are written 2 times'),
    ),
    "persona_rule_max_employees": ("many_rules", ("row (default, economic_buyer, Owner)", "1 or more")),
    "required_persona_without_rules": (
        "many_rules",
        (
            "icp_personas.csv, row (default, procurement)",
            "no row of icp_persona_title_rules.csv recognises it",
        ),
    ),
    "persona_unknown_buying_role": (
        "many_rules",
        ("icp_personas.csv", 'column buying_role has "usr"', "buying_roles"),
    ),
    "values_left_empty": (
        "many_rules",
        (
            "seeds/scoring_grid/icp_personas.csv: columns persona_name, is_required empty in a row",
            "persona_id=partner",
        ),
    ),
    "empty_grid": ("empty_criteria", ("icp_criteria.csv has no criteria for ICP", "default")),
    "no_icp_defined": ("no_icp", ("icp_profiles.csv defines no ICP",)),
}


def run_grid_build(project: Path, warehouse: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`dbt build` of the seeds and the grid tests only: what an analyst's edit of the grid can break."""
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "build",
            "--select",
            "path:seeds",
            "path:tests/scoring_grid",
            "--indirect-selection",
            "cautious",
            "--vars",
            f"{{scoring_date: '{SAMPLE_AS_OF.isoformat()}'}}",
            *extra,
        ],
        cwd=project,
        env={**os.environ, "ICP_DUCKDB_PATH": str(warehouse), "DBT_PROFILES_DIR": str(project)},
        capture_output=True,
        text=True,
        check=False,
    )


@contextmanager
def edited(project: Path, edits: list[Edit], header_only: str | None = None) -> Iterator[None]:
    """The project with edits applied (and the file header_only cut to its header), restored byte for byte
    afterwards."""
    touched = {relative_path for relative_path, _, _ in edits} | ({header_only} if header_only else set())
    originals = {relative_path: (project / relative_path).read_bytes() for relative_path in touched}
    try:
        for relative_path, old, new in edits:
            path = project / relative_path
            text = path.read_text(encoding="utf-8")
            if old is None:
                text = text.rstrip("\n") + "\n" + (new or "") + "\n"
            else:
                assert old in text, f"{relative_path} no longer holds {old!r}: update this test"
                text = text.replace(old, new or "", 1)
            path.write_text(text, encoding="utf-8")
        if header_only:
            path = project / header_only
            path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        yield
    finally:
        for relative_path, content in originals.items():
            (project / relative_path).write_bytes(content)


@pytest.fixture(scope="module")
def grid_project(project_folders: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy of the project (working grid) every build of this file edits in turn, and restores; its
    warehouse in a folder of the module's (link_test_folder)."""
    project = reuse_project_folder(project_folders / "module", grid=None)
    link_test_folder(project, tmp_path_factory.mktemp("grid"))
    return project


def fresh_build(project: Path) -> subprocess.CompletedProcess[str]:
    """run_grid_build into a new, empty warehouse file, always at the same path (the path is part of what
    dbt compares to reuse its last parse), in the module's folder through the project's link."""
    warehouse = folder_link(project) / "warehouse.duckdb"
    for path in (warehouse, wal_path(warehouse)):
        path.unlink(missing_ok=True)
    return run_grid_build(project, warehouse)


@pytest.fixture(scope="module")
def broken_builds(grid_project: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Run each build of BUILDS once, on the project with the edits of its breakages only; the outcome of
    each breakage."""
    assert sorted(name for names in BUILDS.values() for name in names) == sorted(BREAKAGES)
    outcomes: dict[str, subprocess.CompletedProcess[str]] = {}
    for names in BUILDS.values():
        edits = [edit for name in names for edit in BREAKAGES[name]]
        header_only = [HEADER_ONLY[name] for name in names if name in HEADER_ONLY]
        assert len(header_only) <= 1, names
        with edited(grid_project, edits, *header_only):
            finished = fresh_build(grid_project)
        outcomes.update(dict.fromkeys(names, finished))
    return outcomes


@pytest.mark.parametrize("rule", sorted(EXPECTED_MESSAGES))
def test_broken_grid_fails_with_a_message_naming_file_row_and_fix(
    rule: str, broken_builds: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    build, fragments = EXPECTED_MESSAGES[rule]
    outcome = broken_builds[build]
    assert outcome.returncode != 0, f"build '{build}' passed although the grid is broken"
    lines = outcome.stdout.splitlines()
    assert any(all(fragment in line for fragment in fragments) for line in lines), (
        f"no line of build '{build}' holds all of {fragments}:\n" + "\n".join(lines[-80:])
    )


def test_the_shipped_grid_passes_the_same_checks(grid_project: Path) -> None:
    """The control: the untouched grid (the project copy with every edit above restored) passes the same
    selection, so the failures above are the edits'."""
    finished = fresh_build(grid_project)
    assert finished.returncode == 0, finished.stdout[-3000:]


def test_a_criterion_that_cannot_be_earned_in_full_builds_with_a_warning(grid_project: Path) -> None:
    """A best row below max_points (a model whose best value is worth 95 of 100) warns; the build goes on."""
    lowered = (
        f"{GRID}/icp_criterion_value_points.csv",
        "default,compatible_crm,hubspot,20\n",
        "default,compatible_crm,hubspot,19\n",
    )
    with edited(grid_project, [lowered]):
        finished = fresh_build(grid_project)
    assert finished.returncode == 0, finished.stdout[-3000:]
    assert any(
        'Criterion "compatible_crm" of ICP "default" has max_points 20.00 but its best row gives only 19.00'
        in line
        for line in finished.stdout.splitlines()
    ), finished.stdout[-3000:]
