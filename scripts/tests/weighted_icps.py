"""Two weighted ICPs the tests add to a project copy by CSV rows only.

- PEER_FIT_ROWS: a public ICP scorer's fit model typed exactly as it is stated (issue #17): fit = 0.30 x
  revenue band + 0.20 x headcount band + 0.35 x industry group + 0.15 x region, each term 0-100; grades A from
  82, B from 58, C below; fit only (no intent criterion, no levels, no plays). Its industry groups are written
  as our canonical industries; its bands "up to N" (inclusive) as the grid's half-open bands.
- method_weighted_rows(): the shipped default ICP's rows under another id, with the method's pillar weights
  (firmographic 0.4, technographic 0.3, intent 0.3).
"""

from __future__ import annotations

from pathlib import Path

PEER_FIT = "peer_fit"
METHOD_WEIGHTED = "method_weighted"

# (label, lower bound included, upper bound excluded or "", points of 100): the model's bands, "up to N"
# inclusive. Headcounts are whole numbers: up to 9 is [0, 10). Revenue is in cents: up to 200k is
# [0, 200000.01).
PEER_REVENUE_BANDS = (
    ("up to 200k", "0", "200000.01", 20),
    ("up to 1M", "200000.01", "1000000.01", 55),
    ("up to 10M", "1000000.01", "10000000.01", 100),
    ("up to 50M", "10000000.01", "50000000.01", 85),
    ("above 50M", "50000000.01", "", 45),
)
PEER_HEADCOUNT_BANDS = (
    ("up to 9", "0", "10", 25),
    ("up to 49", "10", "50", 60),
    ("up to 249", "50", "250", 100),
    ("up to 999", "250", "1000", 80),
    ("above 999", "1000", "", 40),
)
PEER_INDUSTRY_GROUPS = {
    "technology": 100,
    "professional_services": 85,
    "financial_services": 85,
    "manufacturing": 70,
    "automotive": 70,
    "energy_utilities": 70,
    "construction_real_estate": 70,
    "retail": 40,
    "wholesale": 40,
    "(other)": 15,
}
PEER_REGIONS = {
    "uk_ireland": 95,
    "dach": 90,
    "benelux": 85,
    "nordics": 80,
    "cee": 75,
    "iberia": 60,
    "southern_europe": 55,
    "(other)": 30,
}
PEER_WEIGHTS = {"revenue": 0.30, "headcount": 0.20, "industry_group": 0.35, "region": 0.15}
PEER_GRADES = (("A", 82, 100, 1), ("B", 58, 82, 2), ("C", 0, 58, 3))


def _band_rows(criterion_id: str, bands: tuple[tuple[str, str, str, int], ...]) -> list[str]:
    return [
        f"{PEER_FIT},{criterion_id},{label},{lower},{upper},{points}" for label, lower, upper, points in bands
    ]


PEER_FIT_ROWS: dict[str, list[str]] = {
    "icp_profiles.csv": [
        f'{PEER_FIT},Peer fit model,"A public fit model: weights x band scores, each 0-100.",2026-12-01,6'
    ],
    "icp_criteria.csv": [
        f"{PEER_FIT},revenue,firmographic,annual_revenue,100,Revenue band (EUR).",
        f"{PEER_FIT},headcount,firmographic,employee_count,100,Headcount band.",
        f"{PEER_FIT},industry_group,firmographic,industry,100,Industry group.",
        f"{PEER_FIT},region,firmographic,country_group,100,Region.",
    ],
    "icp_criterion_weights.csv": [
        f"{PEER_FIT},{criterion},{weight}" for criterion, weight in PEER_WEIGHTS.items()
    ],
    "icp_criterion_band_points.csv": [
        *_band_rows("revenue", PEER_REVENUE_BANDS),
        *_band_rows("headcount", PEER_HEADCOUNT_BANDS),
    ],
    "icp_criterion_value_points.csv": [
        *(f"{PEER_FIT},industry_group,{value},{points}" for value, points in PEER_INDUSTRY_GROUPS.items()),
        *(f"{PEER_FIT},region,{value},{points}" for value, points in PEER_REGIONS.items()),
    ],
    "icp_grade_bands.csv": [
        f"{PEER_FIT},{grade},{low},{high},{tier},Peer grade {grade}."
        for grade, low, high, tier in PEER_GRADES
    ],
}


def method_weighted_rows(grid_dir: Path) -> dict[str, list[str]]:
    """The default ICP's rows of every grid file of grid_dir, as ICP METHOD_WEIGHTED, with pillar weights."""
    rows: dict[str, list[str]] = {}
    for path in sorted(grid_dir.glob("icp_*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        copied = [
            f"{METHOD_WEIGHTED},{line.removeprefix('default,')}"
            for line in lines
            if line.startswith("default,")
        ]
        if copied:
            rows[path.name] = copied
    rows["icp_pillar_weights.csv"] = [
        f"{METHOD_WEIGHTED},firmographic,0.4",
        f"{METHOD_WEIGHTED},technographic,0.3",
        f"{METHOD_WEIGHTED},intent,0.3",
    ]
    return rows
