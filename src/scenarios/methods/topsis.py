"""TOPSIS: closeness to the ideal option (Hwang & Yoon 1981, Multiple Attribute Decision Making).

Degenerate cases, none of which gives NaN:
- a criterion whose scores are all 0 has norm 0: its normalized column is 0 and it counts for
  nothing (every option is equal on it, so ideal = anti-ideal there);
- when every option sits at both the ideal and the anti-ideal (all options equal on every
  weighted criterion, including the single-option case), S⁺ + S⁻ = 0 and the closeness is
  defined as 0.5 for all: nothing separates the options, and 0.5 is the midpoint of [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import as_matrix, as_weights, benefit_mask, divide_or

# Closeness when an option is at zero distance from both the ideal and the anti-ideal.
NO_SEPARATION = 0.5


@dataclass(frozen=True)
class TopsisResult:
    """TOPSIS scores and intermediates (higher score is better).

    scores: (…, m) closeness C_i = S⁻_i / (S⁺_i + S⁻_i) in [0, 1];
    normalized: (…, m, n) r_ij = x_ij / sqrt(Σ_i x_ij²);
    weighted: (…, m, n) v_ij = w_j r_ij;
    ideal, anti_ideal: (…, n) best and worst v_ij per criterion, by its direction;
    d_plus, d_minus: (…, m) Euclidean distances S⁺_i to the ideal and S⁻_i to the anti-ideal.
    """

    scores: np.ndarray
    normalized: np.ndarray
    weighted: np.ndarray
    ideal: np.ndarray
    anti_ideal: np.ndarray
    d_plus: np.ndarray
    d_minus: np.ndarray


def topsis(
    matrix: np.ndarray | Sequence[Any], weights: np.ndarray | Sequence[Any], better: Sequence[str]
) -> TopsisResult:
    """TOPSIS with vector normalization and Euclidean distances (Hwang & Yoon 1981).

    matrix: (…, m, n) raw scores; weights: (…, n), summing to 1; better: n × "higher"/"lower".
    r_ij = x_ij / ‖x_·j‖, v_ij = w_j r_ij, A⁺ = best v per criterion, A⁻ = worst,
    S±_i = ‖v_i − A±‖₂, C_i = S⁻_i / (S⁺_i + S⁻_i). Scores depend on the whole option set.
    """
    x = as_matrix(matrix)
    n = x.shape[-1]
    w = as_weights(weights, n)
    benefit = benefit_mask(better, n)
    normalized = divide_or(x, np.sqrt(np.sum(x * x, axis=-2, keepdims=True)), fill=0.0)
    weighted = normalized * w[..., None, :]
    top, bottom = weighted.max(axis=-2), weighted.min(axis=-2)
    ideal = np.where(benefit, top, bottom)
    anti_ideal = np.where(benefit, bottom, top)
    d_plus = _distance(weighted, ideal)
    d_minus = _distance(weighted, anti_ideal)
    scores = divide_or(d_minus, d_plus + d_minus, fill=NO_SEPARATION)
    return TopsisResult(scores, normalized, weighted, ideal, anti_ideal, d_plus, d_minus)


def _distance(weighted: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Euclidean distance of each option to a point: (…, m, n), (…, n) → (…, m)."""
    gap = weighted - point[..., None, :]
    distance: np.ndarray = np.sqrt(np.sum(gap * gap, axis=-1))
    return distance
