"""`icp sample --style fr`: the same accounts as a French team's CRM exports them (NAF codes and French labels
from the reference seeds, countries in French, amounts and dates in French formats), in Excel FR's CSV; the
default style is untouched (its md5s are pinned in test_files.py)."""

import csv
import pathlib
import re

import pytest

from icp_scoring.sample import generation
from icp_scoring.sample.command import main
from icp_scoring.sample.french import (
    NAF_CODES,
    NARROW_NBSP,
    NBSP,
    SAMPLE_FRENCH_COUNTRY_NAMES,
    euro_text,
    industry_names_fr,
    industry_variants,
    naf_labels,
    sample_amount,
)
from icp_scoring.sample.vocabulary import COUNTRY_VARIANTS, INDUSTRIES, INDUSTRY_VARIANTS
from tests.sample.helpers import AS_OF, FILES

ACCOUNTS, SEED = 600, 11


def read_french(path: pathlib.Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    output_dir = tmp_path_factory.mktemp("french")
    generation.generate(ACCOUNTS, SEED, AS_OF, output_dir, style="fr")
    return output_dir


def test_files_are_excel_fr_csv_with_the_rows_of_the_default_style(
    french: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    english = generation.generate(ACCOUNTS, SEED, AS_OF, tmp_path / "en")
    for name in FILES:
        data = (french / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        header = data[3:].split(b"\r\n", 1)[0]
        assert b";" in header and b"," not in header, name
        assert data.count(b"\n") == data.count(b"\r\n"), name
        assert len(read_french(french / name)) == english[name], name


def test_the_same_arguments_give_the_same_bytes(french: pathlib.Path, tmp_path: pathlib.Path) -> None:
    generation.generate(ACCOUNTS, SEED, AS_OF, tmp_path, style="fr")
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (french / name).read_bytes(), name


def test_industries_are_naf_codes_and_french_labels_from_the_reference_seeds(french: pathlib.Path) -> None:
    labels = naf_labels()
    assert all(code in labels for codes in NAF_CODES.values() for code in codes)
    assert set(NAF_CODES) == set(INDUSTRIES)
    written = {row["industry"].strip() for row in read_french(french / "crm_accounts.csv") if row["industry"]}
    french_values = {value for industry in INDUSTRIES for value, _ in industry_variants(industry)}
    english_values = {value for members in INDUSTRY_VARIANTS for value, _ in members}
    assert "62.01Z" in written and "6201Z" in written and "62.01" in written
    assert labels["62.01Z"] in written
    assert industry_names_fr()["manufacturing"] in written
    assert not written & (english_values - french_values)


def test_countries_are_in_french(french: pathlib.Path) -> None:
    written = {row["country"].strip() for row in read_french(french / "crm_accounts.csv") if row["country"]}
    english_names = {value for members in COUNTRY_VARIANTS for value, _ in members if len(value) > 3}
    assert {"Allemagne", "Royaume-Uni", "États-Unis"} <= written
    assert not written & (english_names - set(SAMPLE_FRENCH_COUNTRY_NAMES.values()))


def test_amounts_and_dates_are_in_french_formats(french: pathlib.Path) -> None:
    accounts = read_french(french / "crm_accounts.csv")
    revenue = [row["annual_revenue"] for row in accounts if row["annual_revenue"]]
    assert any(NARROW_NBSP in value and value.endswith(f"{NBSP}€") for value in revenue)
    assert any(value.endswith("M€") for value in revenue)
    assert not [value for value in revenue if "$" in value or "USD" in value]
    created = [row["created_date"] for row in accounts if row["created_date"]]
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", value) for value in created)
    modified = [row["last_modified_at"] for row in accounts]
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", value) for value in modified)
    events = [row["occurred_at"] for row in read_french(french / "intent_signals.csv")]
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", value) for value in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200000", (1_200_000.0, False)),
        ("1,200,000", (1_200_000.0, False)),
        ("$2.5M", (2_500_000.0, False)),
        ("USD 1200", (1200.0, False)),
        ("1200.00", (1200.0, False)),
        ("€3,5 M", (3_500_000.0, True)),
        ("confidential", None),
    ],
)
def test_the_english_sample_amounts_are_read_back(text: str, expected: tuple[float, bool] | None) -> None:
    assert sample_amount(text) == expected


def test_euros_as_french_formatting_writes_them() -> None:
    assert euro_text(1_200_000, 0) == f"1{NARROW_NBSP}200{NARROW_NBSP}000{NBSP}€"
    assert euro_text(1_200_000, 1) == f"1{NBSP}200{NBSP}000{NBSP}€"
    assert euro_text(1_200_000, 2) == f"1{NARROW_NBSP}200{NARROW_NBSP}000,00{NBSP}€"
    assert euro_text(1_250_000, 3) == f"1,2{NBSP}M€"
    assert euro_text(850_000, 3) == f"850{NBSP}K€"


def test_style_fr_refuses_injections(capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--style", "fr", "--inject", "all", "--output-dir", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "use it without --style fr" in capsys.readouterr().err
