"""Additive value model: the weighted sum of criterion values (Keeney & Raiffa 1976)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import as_matrix, as_weights


@dataclass(frozen=True)
class AdditiveResult:
    """Scores and their per-criterion parts.

    scores: (…, m) V_i = Σ_j w_j v_ij, higher is better;
    contributions: (…, m, n) w_j v_ij, summing over the last axis to `scores`.
    """

    scores: np.ndarray
    contributions: np.ndarray


def additive(
    matrix: np.ndarray | Sequence[Any],
    weights: np.ndarray | Sequence[Any],
    better: Sequence[str] | None = None,
) -> AdditiveResult:
    """Weighted sum V_i = Σ_j w_j v_ij (Keeney & Raiffa 1976, ch. 3; Belton & Stewart 2002, §5.2).

    matrix: (…, m, n) criterion VALUES, i.e. scores already passed through the model's value
    functions, so 1 is best and 0 worst on every criterion; weights: (…, n), summing to 1.
    better: accepted so every method shares one signature, and ignored: the value functions have
    already turned "lower is better" criteria around. Raw scores work too (the Wikipedia
    weighted-sum example uses them) as long as every criterion is "higher is better".
    """
    values = as_matrix(matrix)
    w = as_weights(weights, values.shape[-1])
    contributions = values * w[..., None, :]
    return AdditiveResult(scores=contributions.sum(axis=-1), contributions=contributions)
