"""How likely each option is to cross each red line, exactly, from the score distributions.

A red line depends on the scores alone, never on the weights, so the chance that option i
crosses criterion j's line is one distribution's tail: P(X_ij < L_j) when higher is better,
P(X_ij > L_j) when lower is (continuous distributions; a fixed score crosses or not). Scores are
independent, so P(i crosses any) = 1 − Π_j (1 − p_ij). Drawing a future per draw mixes these
over the futures (each shifts the distributions); that is exactly the share of Monte Carlo
draws that cross, which the run's counts would only estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..model.decision import Model
from ..model.distributions import score_cdf


@dataclass(frozen=True)
class RedLineRisk:
    """crossing: (m, n) P(option crosses the criterion's red line), NaN where it has none;
    any: (m,) P(option crosses at least one)."""

    crossing: pd.DataFrame
    any: pd.Series

    def to_frame(self) -> pd.DataFrame:
        lines = self.crossing.dropna(axis=1, how="all")
        return lines.assign(any=self.any)

    def to_dict(self) -> dict[str, Any]:
        return {
            o: {"any": float(self.any[o])}
            | {c: float(p) for c, p in self.crossing.loc[o].items() if not np.isnan(p)}
            for o in self.crossing.index
        }


def red_line_risk(
    model: Model,
    fixed_scores: bool = False,
    over_futures: bool = False,
    given: Mapping[str, str] | None = None,
) -> RedLineRisk:
    """The exact chance of crossing each red line in force: with the scores' uncertainty (or at
    the point scores with `fixed_scores`), in the model's future or mixed over its futures
    where `given` holds."""
    value, low, high = (model.score_array(a) for a in ("value", "low", "high"))
    dist = model.score_array("distribution")
    if fixed_scores:
        low, high, dist = value, value, np.full(dist.shape, "fixed", dtype=object)
    shifts, p = np.zeros((1, *value.shape)), np.ones(1)
    if over_futures:
        codes, p, _ = model.futures.conditioned(dict(given or {}))
        shifts = model.values_in_futures(codes) - value
    line = model.red_lines  # (n,)
    higher = np.array([c.better == "higher" for c in model.criteria])
    if fixed_scores:  # a point score crosses or not; one equal to the line does not
        x = np.clip(value + shifts, *model.scale)
        cross = np.where(higher, x < line, x > line).astype(float)
    else:  # X + δ crosses L exactly when X crosses L − δ
        below = score_cdf(np.nan_to_num(line - shifts), value, low, high, dist, *model.scale)
        cross = np.where(higher, below, 1.0 - below)
    cross = np.where(np.isnan(line), 0.0, cross)  # (F, m, n)
    each = np.einsum("f,fmn->mn", p, cross)
    any_ = p @ (1.0 - np.prod(1.0 - cross, axis=-1))
    opts, crits = pd.Index(model.option_ids, name="option"), pd.Index(model.criterion_ids, name="criterion")
    crossing = pd.DataFrame(np.where(np.isnan(line), np.nan, each), index=opts, columns=crits)
    return RedLineRisk(crossing, pd.Series(any_, index=opts, name="any"))
