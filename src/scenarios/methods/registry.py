"""Aggregation methods: criterion values and weights → option scores, with intermediates.

Every method is a pure function `(values (…, m, n), weights (…, n)) → Aggregation` whose
leading axes are Monte Carlo samples (absent for the deterministic ranking).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Aggregation:
    scores: np.ndarray  # (…, m) overall score of each option, in [0, 1]
    contributions: np.ndarray  # (…, m, n) each criterion's part of the score; sums to `scores`


def additive(values: np.ndarray, weights: np.ndarray) -> Aggregation:
    """Weighted sum V_i = Σ_j w_j v_ij (Keeney & Raiffa 1976, ch. 3; Belton & Stewart 2002, §5.2).

    values: (…, m, n) in [0, 1]; weights: (…, n) summing to 1. Contribution_ij = w_j v_ij.
    """
    contributions = values * weights[..., None, :]
    return Aggregation(contributions.sum(axis=-1), contributions)


def additive_scores(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The Monte Carlo hot path of `additive`: (…, m, n), (…, n) → (…, m) via one matmul."""
    return (values @ weights[..., :, None])[..., 0]


METHODS: dict[str, Callable[[np.ndarray, np.ndarray], Aggregation]] = {"additive": additive}
FAST_SCORES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {"additive": additive_scores}


def score(method: str, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """values (…, m, n), weights (…, n) → scores (…, m) under `method` (its fast path if any)."""
    fast = FAST_SCORES.get(method)
    return fast(values, weights) if fast else METHODS[method](values, weights).scores
