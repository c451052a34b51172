"""Industries as real extracts write them map to their sector: a French CRM's list and an English/US one
(HubSpot's and Salesforce's names, SIC and NAICS codes), typed by hand, through the dbt project's staging
(seeds, base_crm__* and stg_crm__accounts). At least 98% of the values that carry a real value map, and each
maps where an analyst expects it; values that carry none stay unmapped."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb

from tests.support import DbtRunner

# As French teams' CRMs write the industry: names, NAF codes in their spellings, NAF labels.
FRENCH: dict[str, str | None] = {
    "Industrie": "manufacturing",
    "Édition de logiciels": "technology",
    "Banque": "financial_services",
    "Conseil": "professional_services",
    "62.02A": "technology",
    "7022Z": "professional_services",
    "Commerce de gros": "wholesale",
    "BTP": "construction_real_estate",
    "Agroalimentaire": "food_beverage",
    "Transport et logistique": "logistics",
    "Informatique": "technology",
    "ESN": "technology",
    "Services informatiques": "technology",
    "Assurance": "financial_services",
    "Banque et assurance": "financial_services",
    "Santé": "healthcare",
    "Industrie pharmaceutique": "healthcare",
    "Hôtellerie": "hospitality_leisure",
    "Restauration": "hospitality_leisure",
    "Tourisme": "hospitality_leisure",
    "Immobilier": "construction_real_estate",
    "Télécommunications": "telecommunications",
    "Énergie": "energy_utilities",
    "Automobile": "automotive",
    "Grande distribution": "retail",
    "Commerce de détail": "retail",
    "Enseignement": "education",
    "Formation": "education",
    "Administration publique": "public_sector",
    "Collectivités": "public_sector",
    "Associations": "non_profit",
    "Publicité": "media",
    "Médias": "media",
    "Chimie": "manufacturing",
    "Aéronautique": "manufacturing",
    "Agriculture": "agriculture",
    "Recrutement": "professional_services",
    "Ingénierie": "professional_services",
    "Programmation informatique": "technology",
    "Conseil en systèmes et logiciels informatiques": "technology",
    "Activités juridiques": "professional_services",
    "Activités comptables": "professional_services",
    "Transports routiers de fret": "logistics",
    "Fabrication de machines et équipements n.c.a.": "manufacturing",
    "NAF 47.11F": "retail",
    "4711F": "retail",
    "86.10Z": "healthcare",
    "Code APE 6201Z": "technology",
    "85.42Z - Enseignement supérieur": "education",
    "70.22Z Conseil pour les affaires et autres conseils de gestion": "professional_services",
    "  SANTE  ": "healthcare",
    "hotellerie": "hospitality_leisure",
}

# As US-built CRMs and data vendors write it: HubSpot's labels and internal values, Salesforce's picklist,
# SIC and NAICS codes (NAICS 2017 and 2022).
ENGLISH: dict[str, str | None] = {
    "Computer Software": "technology",
    "Information Technology and Services": "technology",
    "COMPUTER_SOFTWARE": "technology",
    "MARKETING_AND_ADVERTISING": "media",
    "Hospital & Health Care": "healthcare",
    "Financial Services": "financial_services",
    "Marketing and Advertising": "media",
    "Management Consulting": "professional_services",
    "Higher Education": "education",
    "Real Estate": "construction_real_estate",
    "Oil & Energy": "energy_utilities",
    "Food & Beverages": "food_beverage",
    "Logistics and Supply Chain": "logistics",
    "Non-Profit Organization Management": "non_profit",
    "Government Administration": "public_sector",
    "Restaurants": "hospitality_leisure",
    "Staffing and Recruiting": "professional_services",
    "Mechanical or Industrial Engineering": "manufacturing",
    "Wholesale": "wholesale",
    "Technology": "technology",
    "Finance": "financial_services",
    "Consulting": "professional_services",
    "Healthcare": "healthcare",
    "Not For Profit": "non_profit",
    "Utilities": "energy_utilities",
    "Shipping": "logistics",
    "Communications": "telecommunications",
    "Engineering": "professional_services",
    "Apparel": "manufacturing",
    "Electronics": "manufacturing",
    "Recreation": "hospitality_leisure",
    "Biotechnology": "healthcare",
    "7372": "technology",
    "7373": "technology",
    "8742": "professional_services",
    "6021": "financial_services",
    "6311": "financial_services",
    "5411": "retail",
    "4213": "logistics",
    "3714": "automotive",
    "2834": "healthcare",
    "1521": "construction_real_estate",
    "4911": "energy_utilities",
    "5812": "hospitality_leisure",
    "8111": "professional_services",
    "7372 - Prepackaged Software": "technology",
    "SIC 7372": "technology",
    "541511": "technology",
    "541512": "technology",
    "511210": "technology",
    "513210": "technology",
    "522110": "financial_services",
    "236220": "construction_real_estate",
    "221122": "energy_utilities",
    "484121": "logistics",
    "622110": "healthcare",
    "611310": "education",
    "722511": "hospitality_leisure",
    "423430": "wholesale",
    "541810": "media",
    "325412": "healthcare",
    "336111": "automotive",
    "921110": "public_sector",
    "NAICS 813410": "non_profit",
}

# Values that carry no industry: they stay unmapped (and are not counted in the mapped share).
NO_VALUE = ("N/A", "Other", "Autre", "-", "Misc.")


def write_extract(raw_dir: Path, values: list[str]) -> None:
    """crm_accounts.csv of the small sample with its first rows' industries replaced by the values."""
    path = raw_dir / "crm_accounts.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > len(values)
    for row, value in zip(rows, values, strict=False):
        row["industry"] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def staged_industries(
    run_dbt: DbtRunner, project_dir: Path, tmp_path: Path, raw_source: Path
) -> dict[str, str | None]:
    """What staging maps each hand-typed value to, built on a copy of the project."""
    raw_dir = tmp_path / "raw"
    shutil.copytree(raw_source, raw_dir)
    values = [*FRENCH, *ENGLISH, *NO_VALUE]
    write_extract(raw_dir, values)
    # Cautious: tests that also read a seed outside the selection (country_group_members -> countries)
    # are left out rather than run on a missing table.
    result = run_dbt(
        project_dir, raw_dir, "build", "--select", "+stg_crm__accounts", "--exclude", "test_type:singular",
        "--indirect-selection", "cautious",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select industry_raw, industry from staging.stg_crm__accounts where industry_raw in "
            "(select unnest(?))",
            [values],
        ).fetchall()
    return dict(rows)


def test_french_and_english_industry_lists_map_to_their_sectors(
    run_dbt: DbtRunner, project_copy: Path, tmp_path: Path, small_raw_dir: Path
) -> None:
    found = staged_industries(run_dbt, project_copy, tmp_path, small_raw_dir)
    for name, expected in (("French", FRENCH), ("English/US", ENGLISH)):
        share = sum(found.get(value) is not None for value in expected) / len(expected)
        print(f"{name}: {share:.1%} of {len(expected)} values mapped")
        assert share >= 0.98, f"{name} list: {share:.1%} mapped"
        wrong = {value: found.get(value) for value, sector in expected.items() if found.get(value) != sector}
        assert not wrong, f"{name} values mapped elsewhere than expected: {wrong}"
    assert all(found.get(value) is None for value in NO_VALUE), {
        value: found.get(value) for value in NO_VALUE
    }
