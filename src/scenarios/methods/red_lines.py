"""Red lines: scores an option must not be worse than, and the demotion of options that cross one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._arrays import as_matrix, benefit_mask
from .ranks import TIE_TOLERANCE, ranks


def crossed(
    matrix: np.ndarray | Sequence[Any], red_line: np.ndarray | Sequence[Any], better: Sequence[str]
) -> np.ndarray:
    """Where a raw score is strictly worse than its criterion's red line: (…, m, n) bool.

    matrix: (…, m, n) raw scores; red_line: (n,) on each criterion's scale, NaN = no red line;
    better: n × "higher"/"lower". For "higher" a score below the line crosses it, for "lower" a
    score above it does; a score equal to the line does not cross.
    """
    x = as_matrix(matrix)
    n = x.shape[-1]
    line = np.asarray(red_line, dtype=np.float64)
    if line.shape != (n,):
        raise ValueError(f"red_line must be ({n},), got shape {line.shape}")
    # Comparisons with NaN are False, so criteria without a red line are never crossed.
    return np.where(benefit_mask(better, n), x < line, x > line)


def demote(
    scores: np.ndarray,
    crossed_any: np.ndarray,
    higher_is_better: bool = True,
    tol: float = TIE_TOLERANCE,
) -> np.ndarray:
    """Rank keys after red-line demotion: (…, m) scores, (…, m) bool → (…, m) int64, lower = better.

    The key is the competition rank in which every option crossing a red line comes below every
    option crossing none, options on the same side keep the method's order, and ties share the
    better rank. It is its own rank: ranks(key, higher_is_better=False) == key, so rank-based
    statistics (acceptabilities, pairwise wins) can use it in place of the scores, while the
    scores themselves stay untouched for reporting.
    """
    return ranks(scores, higher_is_better=higher_is_better, tol=tol, crossed_any=crossed_any)
