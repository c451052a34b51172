"""The scoring grid as data: read an ICP's grid from a folder of seed CSVs (or from the seed tables of a
warehouse dbt built), and write a grid folder.

Used by icp_scoring.grid.learn, which starts from a grid and writes its proposal as seed CSVs; the rules that
turn a grid into scores live in the dbt models (icp_scoring.grid.scoring holds the few that learning varies).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from icp_scoring.console import UserError
from icp_scoring.grid.seed_csv import seed_column_types, seed_problem

# The tables that hold an ICP's criteria, points and grade bands (the other grid files are shared settings).
ICP_GRID_TABLES = (
    "icp_criteria.csv",
    "icp_criterion_value_points.csv",
    "icp_criterion_band_points.csv",
    "icp_intent_signal_points.csv",
    "icp_grade_bands.csv",
    "icp_pillar_weights.csv",
    "icp_criterion_weights.csv",
)
# The weights of ICPs written with weights (docs/scoring-grid.md); optional in a grid folder.
WEIGHTS_TABLES = ("icp_pillar_weights.csv", "icp_criterion_weights.csv")
# The CRM fields a grid may score (icp_crm_fields.csv, shared by the ICPs); optional in a grid folder.
CRM_FIELDS_TABLE = "icp_crm_fields.csv"
# The kinds of account_attribute (icp_criteria.csv): points per value (icp_criterion_value_points.csv) or
# per band (icp_criterion_band_points.csv); `technology` has points per value too, `intent_signal` per signal.
# A `country_group` criterion's value is the best listed region of the account's country, as dbt matched it.
VALUE_ATTRIBUTES = ("industry", "country", "country_group")
BAND_ATTRIBUTES = ("employee_count", "annual_revenue")
# A CRM field read as `text` has points per value; read as a number or years, per band.
CRM_BAND_READINGS = ("number", "years_since")


class GridError(UserError):
    """A grid or a warehouse cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Criterion:
    """A row of icp_criteria.csv."""

    criterion_id: str
    pillar: str
    account_attribute: str
    max_points: float
    criterion_description: str


@dataclass(frozen=True)
class Band:
    """A row of icp_criterion_band_points.csv: lower bound in, upper bound out (None: no limit)."""

    band_label: str
    lower_bound: float
    upper_bound: float | None
    points: float


@dataclass(frozen=True)
class Signal:
    """A row of icp_intent_signal_points.csv."""

    signal_type: str
    points: float
    half_life_days: float | None  # None: the signal does not decay
    max_points: float
    floor_points: float | None = None  # the points a signal keeps until max_age_days
    max_age_days: float | None = None  # older signals do not count

    def decay_text(self) -> str:
        """The decay rules in a few words: "14d", "no decay", "14d, floor 5 until 90d"."""
        text = "no decay" if self.half_life_days is None else f"{self.half_life_days:g}d"
        if self.floor_points is not None:
            text += f", floor {self.floor_points:g}"
        if self.max_age_days is not None:
            text += f" until {self.max_age_days:g}d"
        return text


@dataclass(frozen=True)
class GradeBand:
    """A row of icp_grade_bands.csv."""

    icp_grade: str
    min_score: float
    max_score: float
    icp_tier: int
    grade_description: str


@dataclass(frozen=True)
class IcpGrid:
    """The grid of one ICP: criteria, then the points of their values, bands or signals; grades best first."""

    icp_id: str
    criteria: tuple[Criterion, ...]
    values: dict[str, dict[str, float]]
    bands: dict[str, tuple[Band, ...]]
    signals: dict[str, tuple[Signal, ...]]
    grade_bands: tuple[GradeBand, ...]
    # Pillar weights (icp_pillar_weights.csv) or criterion weights (icp_criterion_weights.csv) of an ICP
    # written with weights (one of the two); both empty for an ICP written in points.
    pillar_weights: dict[str, float] = field(default_factory=dict)
    criterion_weights: dict[str, float] = field(default_factory=dict)
    # The CRM fields the grid declares (icp_crm_fields.csv): account_attribute -> read_as.
    crm_fields: dict[str, str] = field(default_factory=dict)

    def scores_by_band(self, criterion: Criterion) -> bool:
        """True for a criterion with points per band: a headcount, a revenue, a CRM number or years."""
        attribute = criterion.account_attribute
        return attribute in BAND_ATTRIBUTES or self.crm_fields.get(attribute) in CRM_BAND_READINGS

    def scores_by_value(self, criterion: Criterion) -> bool:
        """True for a criterion with points per value matched as dbt matched it (not a technology)."""
        attribute = criterion.account_attribute
        return attribute in VALUE_ATTRIBUTES or self.crm_fields.get(attribute) == "text"


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """A seed CSV's rows by column name (a BOM is skipped); GridError in one sentence when dbt would not read
    the file as meant (saved by Excel with `;` or decimal commas)."""
    problem = seed_problem(path, seed_column_types().get(path.stem, {}))
    if problem is not None:
        raise GridError(problem)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    return float(text)


def optional_number(text: str) -> float | None:
    """A number of a column that may be left empty."""
    return float(text) if text.strip() else None


# The rows of one grid table (e.g. "icp_criteria.csv"), every value as text (empty: none).
TableRows = Callable[[str], list[dict[str, str]]]


def read_icp_grid(folder: Path, icp_id: str) -> IcpGrid:
    """The grid of icp_id from a folder of scoring-grid seed CSVs."""
    if not (folder / "icp_criteria.csv").is_file():
        raise GridError(f"{folder} has no icp_criteria.csv: give a folder of scoring-grid seed CSVs.")

    def table_rows(name: str) -> list[dict[str, str]]:
        # A grid folder written before weights (CRM fields) existed has no such file: its ICPs are written
        # in points (score no CRM field).
        if name in (*WEIGHTS_TABLES, CRM_FIELDS_TABLE) and not (folder / name).is_file():
            return []
        return read_csv_rows(folder / name)

    return icp_grid_from_rows(table_rows, icp_id, f"{folder}/icp_criteria.csv")


def icp_grid_from_rows(table_rows: TableRows, icp_id: str, criteria_source: str) -> IcpGrid:
    """The grid of icp_id from the rows of the grid tables (criteria_source: where its criteria are read)."""

    def rows(name: str) -> list[dict[str, str]]:
        return [row for row in table_rows(name) if row["icp_id"] == icp_id]

    criteria = tuple(
        Criterion(
            row["criterion_id"],
            row["pillar"],
            row["account_attribute"],
            number(row["max_points"]),
            row["criterion_description"],
        )
        for row in rows("icp_criteria.csv")
    )
    if not criteria:
        defined = sorted({row["icp_id"] for row in table_rows("icp_criteria.csv")})
        raise GridError(f'{criteria_source} has no criteria for ICP "{icp_id}" (ICPs: {defined}).')
    values: dict[str, dict[str, float]] = {}
    for row in rows("icp_criterion_value_points.csv"):
        values.setdefault(row["criterion_id"], {})[row["matched_value"]] = number(row["points"])
    bands: dict[str, list[Band]] = {}
    for row in rows("icp_criterion_band_points.csv"):
        upper = row["upper_bound"].strip()
        bands.setdefault(row["criterion_id"], []).append(
            Band(
                row["band_label"],
                number(row["lower_bound"]),
                number(upper) if upper else None,
                number(row["points"]),
            )
        )
    signals: dict[str, list[Signal]] = {}
    for row in rows("icp_intent_signal_points.csv"):
        signals.setdefault(row["criterion_id"], []).append(
            Signal(
                row["signal_type"],
                number(row["points"]),
                optional_number(row["half_life_days"]),
                number(row["max_points"]),
                optional_number(row.get("floor_points", "")),
                optional_number(row.get("max_age_days", "")),
            )
        )
    grade_bands = sorted(
        (
            GradeBand(
                row["icp_grade"],
                number(row["min_score"]),
                number(row["max_score"]),
                int(row["icp_tier"]),
                row["grade_description"],
            )
            for row in rows("icp_grade_bands.csv")
        ),
        key=lambda band: -band.min_score,
    )
    return IcpGrid(
        icp_id,
        criteria,
        values,
        {
            criterion: tuple(sorted(items, key=lambda band: band.lower_bound))
            for criterion, items in bands.items()
        },
        {criterion: tuple(items) for criterion, items in signals.items()},
        tuple(grade_bands),
        {row["pillar"]: number(row["pillar_weight"]) for row in rows("icp_pillar_weights.csv")},
        {row["criterion_id"]: number(row["criterion_weight"]) for row in rows("icp_criterion_weights.csv")},
        {row["account_attribute"]: row["read_as"] for row in table_rows(CRM_FIELDS_TABLE)},
    )


def write_csv(path: Path, header: Iterable[str], rows: Iterable[dict]) -> None:
    """A seed-style CSV: comma separated, minimal quoting, LF line ends."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def format_number(value: float) -> str:
    """A grid number as an analyst writes it: 25, 12.5."""
    return f"{value:g}"


def format_optional_number(value: float | None) -> str:
    """A number of a column that may be left empty: 25, or an empty cell."""
    return "" if value is None else format_number(value)


def criterion_rows(grid: IcpGrid, criterion: Criterion) -> dict[str, list[dict[str, str]]]:
    """The rows of one criterion in icp_criteria.csv and in its points table."""
    key = {"icp_id": grid.icp_id, "criterion_id": criterion.criterion_id}
    return {
        "icp_criteria.csv": [
            {
                **key,
                "pillar": criterion.pillar,
                "account_attribute": criterion.account_attribute,
                "max_points": format_number(criterion.max_points),
                "criterion_description": criterion.criterion_description,
            }
        ],
        "icp_criterion_value_points.csv": [
            {**key, "matched_value": value, "points": format_number(points)}
            for value, points in grid.values.get(criterion.criterion_id, {}).items()
        ],
        "icp_criterion_band_points.csv": [
            {
                **key,
                "band_label": band.band_label,
                "lower_bound": format_number(band.lower_bound),
                "upper_bound": "" if band.upper_bound is None else format_number(band.upper_bound),
                "points": format_number(band.points),
            }
            for band in grid.bands.get(criterion.criterion_id, ())
        ],
        "icp_intent_signal_points.csv": [
            {
                **key,
                "signal_type": signal.signal_type,
                "points": format_number(signal.points),
                "half_life_days": format_optional_number(signal.half_life_days),
                "max_points": format_number(signal.max_points),
                "floor_points": format_optional_number(signal.floor_points),
                "max_age_days": format_optional_number(signal.max_age_days),
            }
            for signal in grid.signals.get(criterion.criterion_id, ())
        ],
    }


def grid_rows(grid: IcpGrid) -> dict[str, list[dict[str, str]]]:
    """The ICP's rows of each table a grid of one ICP defines (criteria, points, grade bands)."""
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in ICP_GRID_TABLES}
    for criterion in grid.criteria:
        for name, table_rows in criterion_rows(grid, criterion).items():
            rows[name] += table_rows
    rows["icp_grade_bands.csv"] = [
        {
            "icp_id": grid.icp_id,
            "icp_grade": band.icp_grade,
            "min_score": format_number(band.min_score),
            "max_score": format_number(band.max_score),
            "icp_tier": str(band.icp_tier),
            "grade_description": band.grade_description,
        }
        for band in grid.grade_bands
    ]
    rows["icp_pillar_weights.csv"] = [
        {"icp_id": grid.icp_id, "pillar": pillar, "pillar_weight": format_number(weight)}
        for pillar, weight in grid.pillar_weights.items()
    ]
    rows["icp_criterion_weights.csv"] = [
        {"icp_id": grid.icp_id, "criterion_id": criterion_id, "criterion_weight": format_number(weight)}
        for criterion_id, weight in grid.criterion_weights.items()
    ]
    return rows


def write_grid_folder(source: Path, grid: IcpGrid, output_dir: Path) -> None:
    """Every CSV of the source grid folder into output_dir, the ICP's rows replaced by the grid's.

    The files the grid does not define (profiles, pillars, tier capacities, plays, ...) are copied as they
    are, and so are the rows of the other ICPs.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    replaced = grid_rows(grid)
    for path in sorted(source.glob("*.csv")):
        if path.name not in replaced:
            shutil.copy2(path, output_dir / path.name)
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        kept = [row for row in read_csv_rows(path) if row["icp_id"] != grid.icp_id]
        write_csv(output_dir / path.name, header, [*kept, *replaced[path.name]])
