"""What-if plumbing shared by stability, tornado and Sobol: the analysed model, the one-way
weight path, and scoring a batch of (values, weights) variants in one call."""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from ..errors import UsageError
from ..model.decision import Model
from .ranking import rank


def point_order(model: Model, method: str) -> np.ndarray:
    """(m,) option indices best first at the point estimate, exactly as `rank()` orders them
    (ties in model order), so every analysis names the same leader as the ranking."""
    ids = list(model.option_ids)
    return np.array([ids.index(o) for o in rank(model, method=method).order()], dtype=int)


def rescaled_weights(weights: np.ndarray, j: int, t: np.ndarray | float) -> np.ndarray:
    """(n,) weights, criterion j, (k,) values t in [0, 1] → (k, n) weights with w_j = t and the
    others rescaled in proportion, w_k(t) = w_k·(1 − t)/(1 − w_j), so they keep their ratios and
    the row sums to 1 — the path of weight stability intervals (Mareschal, "Weight stability
    intervals in multicriteria decision aid", EJOR 33 (1988) 54–64).

    When w_j = 1 the others have no ratios to keep; they then share 1 − t equally. With a single
    criterion its weight is 1 whatever t is.
    """
    weights = np.asarray(weights, dtype=float)
    t = np.atleast_1d(np.asarray(t, dtype=float))
    n = weights.size
    if n == 1:
        return np.ones((t.size, 1))
    return cast(np.ndarray, t[:, None] * np.eye(n)[j] + (1.0 - t)[:, None] * other_shares(weights, j))


def other_shares(weights: np.ndarray, j: int) -> np.ndarray:
    """(n,) how the weight left over by criterion j is split among the others (0 at j, sums to 1)."""
    share = np.array(weights, dtype=float)
    share[j] = 0.0
    rest = share.sum()
    if rest <= 1e-12:
        share = np.full(share.size, 1.0 / (share.size - 1))
        share[j] = 0.0
        return share
    return cast(np.ndarray, share / rest)


def leader_margin(scores: np.ndarray, leader: int) -> np.ndarray:
    """scores (…, m), leader index → (…,) score(leader) − best score of the others (negative when
    the leader has been overtaken)."""
    others = np.delete(scores, leader, axis=-1)
    return cast(np.ndarray, scores[..., leader] - others.max(axis=-1))


def need_two_options(model: Model, analysis: str) -> None:
    if len(model.options) < 2:
        where = str(model.path) if model.path else "model"
        raise UsageError.at(where, "", f"{analysis} needs at least two options to compare")


def plain(v: Any) -> Any:
    """A frame cell as a JSON-ready Python value: NaN and None → None, numpy numbers → float/int."""
    if v is None or (isinstance(v, float | np.floating) and np.isnan(v)):
        return None
    if isinstance(v, np.floating | float):
        return float(v)
    if isinstance(v, np.integer):
        return int(v)
    return v
