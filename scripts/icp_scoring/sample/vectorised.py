"""Small vectorised helpers the generator is built from: weighted draws and exact quotas (numpy), text
columns assembled element-wise (pyarrow), dictionary-encoded columns, dates, timestamps and record ids."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SECONDS_PER_DAY = 86_400
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class WeightedGroups:
    """Weighted values grouped by a key, sampled per row with one vectorised searchsorted."""

    values: tuple[str, ...]
    cumulative: np.ndarray
    group_end: np.ndarray

    @classmethod
    def build(cls, groups: Sequence[Sequence[tuple[str, float]]]) -> "WeightedGroups":
        """Group g owns cumulative weights in (g, g + 1]; the last one is exactly g + 1."""
        values: list[str] = []
        cumulative: list[np.ndarray] = []
        ends: list[int] = []
        for group, members in enumerate(groups):
            weights = np.array([weight for _, weight in members], dtype=np.float64)
            share = np.cumsum(weights) / weights.sum()
            share[-1] = 1.0
            values.extend(value for value, _ in members)
            cumulative.append(group + share)
            ends.append(len(values))
        return cls(tuple(values), np.concatenate(cumulative), np.array(ends, dtype=np.int64))

    def sample(self, rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
        """Index into ``values`` of one weighted draw within each row's group."""
        groups = np.asarray(groups, dtype=np.int64)
        picked = np.searchsorted(self.cumulative, groups + rng.random(len(groups)), side="right")
        return np.minimum(picked, self.group_end[groups] - 1)

    def strings(self) -> pa.Array:
        """The values as an Arrow string array (for dictionary encoding and ``take``)."""
        return pa.array(self.values, type=pa.string())


def categorical(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    """Draw ``size`` category indices with the given (unnormalised) weights."""
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    picked = np.searchsorted(cumulative / cumulative[-1], rng.random(size), side="right")
    return np.minimum(picked, len(cumulative) - 1)


def quota_codes(rng: np.random.Generator, size: int, shares: Sequence[float]) -> np.ndarray:
    """Give codes 1..len(shares) to exactly round(share * size) random rows each; 0 elsewhere.

    Exact quotas (rather than independent coin flips) make rare messiness classes reliably present.
    """
    counts = [round(share * size) for share in shares]
    total = min(sum(counts), size)
    chosen = rng.choice(size, size=total, replace=False) if total else np.empty(0, dtype=np.int64)
    codes = np.zeros(size, dtype=np.int8)
    start = 0
    for code, count in enumerate(counts, start=1):
        codes[chosen[start : start + count]] = code
        start += count
    return codes


def as_text(values: np.ndarray) -> pa.Array:
    """Integers as decimal strings."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise string concatenation (a null part gives a null result)."""
    return pc.binary_join_element_wise(*parts, "")


def choose(codes: np.ndarray, options: Sequence[pa.Array | str | None]) -> pa.Array:
    """Pick, per row, the option given by ``codes`` (arrays are row-aligned; strings/None are constants)."""
    values = [
        pa.scalar(option, pa.string()) if option is None or isinstance(option, str) else option
        for option in options
    ]
    return pc.choose(pa.array(np.asarray(codes, dtype=np.int8)), *values)


def pick(strings: Sequence[str], indices: np.ndarray) -> pa.Array:
    """Look ``indices`` up in a small list of strings."""
    return pa.array(list(strings), type=pa.string()).take(pa.array(np.asarray(indices, dtype=np.int64)))


def with_thousands(values: np.ndarray, separator: str = ",") -> pa.Array:
    """Non-negative integers with a thousands separator (``1200`` -> ``1,200``)."""
    values = np.asarray(values, dtype=np.int64)
    groups = []
    rest = values.copy()
    while True:
        groups.append(rest % 1000)
        rest //= 1000
        if not rest.any():
            break
    text = pa.nulls(len(values), pa.string())
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        padded = join(separator, pc.utf8_lpad(as_text(group), 3, "0"))
        started = pc.is_valid(text)
        leading = pa.array(values >= 1000**power) if power else pa.array(np.ones(len(values), dtype=bool))
        text = pc.if_else(started, join(text, padded), pc.if_else(leading, as_text(group), text))
    return text


def one_decimal(tenths: np.ndarray, decimal_mark: str = ".") -> pa.Array:
    """Tenths as a number with at most one decimal: 25 -> ``2.5``, 30 -> ``3``."""
    tenths = np.asarray(tenths, dtype=np.int64)
    whole = as_text(tenths // 10)
    fraction = join(decimal_mark, as_text(tenths % 10))
    return pc.if_else(pa.array(tenths % 10 == 0), whole, join(whole, fraction))


def compact_amount(values: np.ndarray, decimal_mark: str = ".", unit_gap: str = "") -> pa.Array:
    """Amounts as ``12k``, ``2.5M`` or ``1.2B``."""
    values = np.asarray(values, dtype=np.float64)
    billions = join(one_decimal(np.rint(values / 1e8), decimal_mark), unit_gap, "B")
    millions = join(one_decimal(np.rint(values / 1e5), decimal_mark), unit_gap, "M")
    thousands = join(as_text(np.maximum(np.rint(values / 1e3), 1)), unit_gap, "k")
    codes = np.where(values >= 1e9, 2, np.where(values >= 1e6, 1, 0))
    return choose(codes, [thousands, millions, billions])


def later_duplicates(values: pa.Array) -> np.ndarray:
    """True for every occurrence of a value after its first one."""
    codes = pc.dictionary_encode(values).indices.to_numpy(zero_copy_only=False)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    duplicate = np.empty(len(codes), dtype=bool)
    duplicate[order] = ~first
    return duplicate


def days_to_dates(days: np.ndarray) -> pa.Array:
    """Days since 1970-01-01 as an Arrow date32 array."""
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32())


def seconds_to_timestamps(seconds: np.ndarray) -> pa.Array:
    """Seconds since the epoch as an Arrow timestamp array (written as ``YYYY-MM-DD HH:MM:SS``)."""
    return pa.array(np.asarray(seconds, dtype=np.int64), type=pa.timestamp("s"))


def dictionary(indices: np.ndarray, values: pa.Array, mask: np.ndarray | None = None) -> pa.DictionaryArray:
    """A dictionary-encoded column (cheap for repeated strings); ``mask`` marks nulls."""
    index_array = pa.array(np.asarray(indices, dtype=np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(index_array, values)


def epoch_day(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def record_ids(prefix: bytes, indices: np.ndarray) -> pa.Array:
    """15-character ids: the 10-byte prefix and 5 base-62 characters scrambled one-to-one from the index."""
    alphabet = np.frombuffer(
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8
    )
    space = 62**5
    scrambled = (np.asarray(indices, dtype=np.int64) * 387_420_489 + 12_345_678) % space
    chars = np.empty((len(scrambled), 15), dtype=np.uint8)
    chars[:, :10] = np.frombuffer(prefix, dtype=np.uint8)
    for position in range(5):
        chars[:, 14 - position] = alphabet[(scrambled // 62**position) % 62]
    return pc.cast(pa.array(chars.view("S15").ravel()), pa.string())
