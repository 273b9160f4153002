"""Shared array plumbing for the methods: input coercion, criterion directions, safe division."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

DIRECTIONS = ("higher", "lower")


def as_matrix(matrix: np.ndarray | Sequence[Any]) -> np.ndarray:
    """The decision matrix as float64 with at least two axes: (…, m, n)."""
    x = np.asarray(matrix, dtype=np.float64)
    if x.ndim < 2:
        raise ValueError(f"matrix must be (…, m, n), got shape {x.shape}")
    return x


def as_weights(weights: np.ndarray | Sequence[Any], n: int) -> np.ndarray:
    """The weights as float64 (…, n); not renormalized (the caller makes them sum to 1)."""
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim < 1 or w.shape[-1] != n:
        raise ValueError(f"weights must be (…, {n}) to match the matrix, got shape {w.shape}")
    return w


def benefit_mask(better: Sequence[str], n: int) -> np.ndarray:
    """(n,) bool, True where a criterion's `better` is "higher" and False where it is "lower"."""
    directions = tuple(better)
    if len(directions) != n:
        raise ValueError(f"better must name a direction for each of the {n} criteria, got {len(directions)}")
    unknown = sorted({d for d in directions if d not in DIRECTIONS})
    if unknown:
        raise ValueError(f"better entries must be 'higher' or 'lower', got {unknown}")
    return np.array([d == "higher" for d in directions], dtype=bool)


def divide_or(numerator: np.ndarray, denominator: np.ndarray, fill: float) -> np.ndarray:
    """numerator / denominator where the denominator is non-zero, `fill` where it is zero.

    Shapes broadcast; no warning and no NaN is produced for the zero denominators.
    """
    numerator, denominator = np.broadcast_arrays(
        np.asarray(numerator, dtype=np.float64), np.asarray(denominator, dtype=np.float64)
    )
    out = np.full(numerator.shape, fill, dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def span_is_zero(low: np.ndarray, high: np.ndarray, rtol: float = 1e-12) -> np.ndarray:
    """True where high − low is zero up to rounding: |high − low| ≤ rtol · max(1, |low|, |high|).

    Used where a method divides by a range (VIKOR's f* − f⁻, S⁻ − S*, R⁻ − R*): a range that is
    zero on paper can come out as 1e-17 in floating point, which would turn a 0/0 into 0 or 1.
    """
    scale = np.maximum(1.0, np.maximum(np.abs(low), np.abs(high)))
    close: np.ndarray = np.abs(high - low) <= rtol * scale
    return close
