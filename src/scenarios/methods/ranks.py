"""Competition ranks of options from their scores, with ties and red-line demotion."""

from __future__ import annotations

import numpy as np

# Scores within this relative distance are tied: a sum that ties on paper can differ in the
# last bit (0.22000000000000003 vs 0.22). Same value as smaa.TIE_TOLERANCE.
TIE_TOLERANCE = 1e-12


def ranks(
    scores: np.ndarray,
    higher_is_better: bool = True,
    tol: float = TIE_TOLERANCE,
    crossed_any: np.ndarray | None = None,
) -> np.ndarray:
    """Rank options, 1 = best: rank_i = 1 + #{k : k beats i}; (…, m) → (…, m) int64.

    k beats i when its score is better by more than tol · max(1, |s_i|, |s_k|) (infinite scores
    count 0 in that scale, so +inf beats every finite score and ties with +inf). Ties share the
    better rank ("1, 1, 3", as R's smaa and `smaa.ranks`, which this matches for scores in
    [0, 1]). crossed_any: optional (…, m) bool; an option crossing a red line is beaten by every
    option crossing none, and options on the same side of the line keep their score order.
    Pairwise counting is O(m²) per draw and has no Python loop over draws.
    """
    s = np.asarray(scores, dtype=np.float64)
    if np.isnan(s).any():
        raise ValueError("scores contain NaN; no method should produce it")
    oriented = s if higher_is_better else -s
    magnitude = np.where(np.isfinite(oriented), np.abs(oriented), 0.0)
    scale = np.maximum(1.0, np.maximum(magnitude[..., :, None], magnitude[..., None, :]))
    beats = oriented[..., None, :] > oriented[..., :, None] + tol * scale  # [..., i, k]: k beats i
    if crossed_any is not None:
        crossed = np.asarray(crossed_any, dtype=bool)
        i_crossed, k_crossed = crossed[..., :, None], crossed[..., None, :]
        beats = (beats & (i_crossed == k_crossed)) | (i_crossed & ~k_crossed)
    out: np.ndarray = 1 + np.count_nonzero(beats, axis=-1).astype(np.int64)
    return out
