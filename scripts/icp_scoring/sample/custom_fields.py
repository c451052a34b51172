"""Two custom fields of the CRM accounts extract, beyond the raw contract, as a team's CRM carries them: the
company's legal form (`Legal Form`: `SAS`, `S.A.S.`, `Société par actions simplifiée`, `GmbH`...) and when
it was founded (`Year Founded`: `2009`, `2009-03-15` or `15/03/2009`). A grid can score such columns
(icp_crm_fields.csv, docs/scoring-grid.md); the shipped grid declares both and scores neither, so they change
no score.

Each value is derived from the row's account id (a CRC-32 of it), not drawn from the generator's random
streams: a seed's accounts, feeds and figures stay those it gave before the fields existed, and every record
of an account carries the same values.
"""

import datetime as dt
import zlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from icp_scoring.sample.vectorised import as_text, choose

LEGAL_FORM_COLUMN = "Legal Form"
FOUNDED_COLUMN = "Year Founded"
CUSTOM_COLUMNS = (LEGAL_FORM_COLUMN, FOUNDED_COLUMN)
# Per legal form, its share of accounts and the spellings an export shows for it (the first, most often).
LEGAL_FORMS = (
    ("SAS", 0.22, ("SAS", "S.A.S.", "sas", "Société par actions simplifiée")),
    ("SARL", 0.12, ("SARL", "S.A.R.L.", "Société à responsabilité limitée")),
    ("SA", 0.08, ("SA", "S.A.")),
    ("GmbH", 0.14, ("GmbH", "Gesellschaft mit beschränkter Haftung")),
    ("Ltd", 0.14, ("Ltd", "Limited", "Private limited company")),
    ("Inc.", 0.12, ("Inc.", "Incorporated")),
    ("LLC", 0.06, ("LLC",)),
    ("B.V.", 0.04, ("B.V.", "BV")),
    ("Association", 0.02, ("Association loi 1901", "Association")),
    ("EI", 0.02, ("EI", "Entreprise individuelle")),
)
LEGAL_FORM_BLANK_SHARE = 0.08
# Founded 1 to 60 years before the as-of date: the year alone, an ISO date, a French date, or blank.
MAX_AGE_YEARS = 60
FOUNDED_FORM_SHARES = (0.70, 0.15, 0.10, 0.05)  # year, ISO date, dd/mm/yyyy, blank


def id_hashes(account_ids: pa.Array) -> np.ndarray:
    """A CRC-32 of each account id (a blank id: of the empty string), as uint32."""
    return np.array(
        [zlib.crc32((account_id or "").encode("utf-8")) for account_id in account_ids.to_pylist()],
        dtype=np.uint32,
    )


def draw(hashes: np.ndarray, salt: int) -> np.ndarray:
    """A number in [0, 1) per hash, independent from one salt to the next (an integer hash finaliser)."""
    mask = np.uint64(0xFFFFFFFF)
    mixed = hashes.astype(np.uint64) ^ np.uint64((salt * 0x9E3779B9) & 0xFFFFFFFF)
    for _ in range(2):
        mixed = ((mixed ^ (mixed >> np.uint64(16))) * np.uint64(0x45D9F3B)) & mask
    mixed ^= mixed >> np.uint64(16)
    return mixed.astype(np.float64) / 2**32


def legal_forms(hashes: np.ndarray, names: pa.Array) -> pa.Array:
    """The legal form of each row, in one of its spellings (about 8% blank); a company whose name ends with
    a legal form's first spelling (`Garnet Wood SAS`) has that form."""
    shares = np.array([share for _, share, _ in LEGAL_FORMS])
    family = np.searchsorted(np.cumsum(shares / shares.sum()), draw(hashes, 1), side="right")
    family = np.minimum(family, len(LEGAL_FORMS) - 1)
    for index, (_, _, forms) in enumerate(LEGAL_FORMS):
        in_name = pc.fill_null(pc.ends_with(names, f" {forms[0]}"), False)
        family = np.where(in_name.to_numpy(zero_copy_only=False), index, family)
    spelling_draw = draw(hashes, 2)
    codes = np.zeros(len(hashes), dtype=np.int64)
    spellings: list[str] = []
    for index, (_, _, forms) in enumerate(LEGAL_FORMS):
        # Half the rows show the first spelling, the others one of the rest.
        rest = max(len(forms) - 1, 1)
        choice = np.where(spelling_draw < 0.5, 0, 1 + ((spelling_draw - 0.5) * 2 * rest).astype(np.int64))
        codes = np.where(family == index, len(spellings) + 1 + np.minimum(choice, len(forms) - 1), codes)
        spellings += forms
    codes = np.where(draw(hashes, 3) < LEGAL_FORM_BLANK_SHARE, 0, codes)
    return choose(codes, [None, *spellings])


def founded(hashes: np.ndarray, as_of: dt.date) -> pa.Array:
    """When each row's company was founded: a year, an ISO date or a French date, or blank."""
    years = as_of.year - 1 - (draw(hashes, 4) * MAX_AGE_YEARS).astype(np.int64)
    day_of_year = (draw(hashes, 5) * 365).astype(np.int64)
    dates = np.array([f"{year}-01-01" for year in years], dtype="datetime64[D]") + day_of_year
    iso = pa.array(np.datetime_as_string(dates, unit="D"))
    french = pa.array([f"{text[8:10]}/{text[5:7]}/{text[0:4]}" for text in iso.to_pylist()])
    form = np.searchsorted(np.cumsum(FOUNDED_FORM_SHARES), draw(hashes, 6), side="right")
    return choose(np.minimum(form, 3), [as_text(years), iso, french, None])


def with_custom_fields(crm: pa.Table, as_of: dt.date) -> pa.Table:
    """The CRM accounts rows with the two custom fields appended after the contract's columns."""
    hashes = id_hashes(crm["account_id"].combine_chunks())
    names = crm["account_name"].combine_chunks()
    return crm.append_column(LEGAL_FORM_COLUMN, legal_forms(hashes, names)).append_column(
        FOUNDED_COLUMN, founded(hashes, as_of)
    )


def with_blank_custom_fields(line: bytes) -> bytes:
    """An injected raw CRM line (bytes written as they are, ending with a line feed) with the custom fields
    left blank, so that it has as many fields as the header."""
    return line.removesuffix(b"\n") + b"," * len(CUSTOM_COLUMNS) + b"\n"
