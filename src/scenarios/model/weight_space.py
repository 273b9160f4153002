"""The weight models' names and when a set of weight bounds leaves any weights at all.

Weights live on the simplex {w ≥ 0, Σw = 1}. The loader checks `weight_range` bounds with
`interval_feasibility`; the Monte Carlo samplers (`montecarlo.sampling`) draw from the models.
"""

from __future__ import annotations

import math

import numpy as np

WEIGHT_MODELS = ("dirichlet", "intervals", "ordinal", "uniform")
TOL = 1e-12  # weight units: bounds closer than this count as equal


def interval_feasibility(lower: np.ndarray, upper: np.ndarray) -> str | None:
    """None if {w on the simplex: lower <= w <= upper} is non-empty, else why not (plain words).

    lower, upper: (n,) weights. Bounds below 0 or above 1 are read as 0 and 1.
    """
    lower, upper = bounds(lower, upper)
    for j, (lo, hi) in enumerate(zip(lower, upper, strict=True)):
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return f"bounds for criterion index {j} are not finite numbers"
        if lo > hi + TOL:
            return f"lower {lo:g} above upper {hi:g} for criterion index {j}"
        if hi < -TOL:
            return f"upper {hi:g} below 0 for criterion index {j}"
    lo_sum = float(np.maximum(lower, 0).sum())
    hi_sum = float(np.minimum(upper, 1).sum())
    if lo_sum > 1 + 1e-9:
        return f"lower bounds sum to {lo_sum:g} > 1"
    if hi_sum < 1 - 1e-9:
        return f"upper bounds sum to {hi_sum:g} < 1"
    return None


def bounds(lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    if lower.ndim != 1 or lower.shape != upper.shape:
        raise ValueError(f"weight bounds must be two (n,) arrays, got {lower.shape}, {upper.shape}")
    return lower, upper
