"""How a model turns raw scores and weights into option scores: value functions, method, red lines.

One `Evaluation` serves every analysis — the ranking, futures, stability, tornado, Sobol' and
each Monte Carlo draw — so they all score options the same way. Arrays: raw scores
`(…, m, n)` on each criterion's scale, weights `(…, n)` summing to 1, scores `(…, m)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import UsageError
from ..methods import METHODS, Method, check_params, crossed, ranks
from .decision import Model
from .values import ValueFunctions

DEMOTION = 2.0  # subtracted from a red-line crosser's 0–1 utility: below every option that crosses none


@dataclass(frozen=True)
class Evaluation:
    """A model's scoring rule, prepared once; small and picklable for worker processes."""

    method: Method
    params: Mapping[str, Any]
    values_of: ValueFunctions
    better: tuple[str, ...]
    red_lines: np.ndarray  # (n,) on each criterion's scale, NaN = none
    scale: tuple[np.ndarray, np.ndarray] = field(repr=False)

    @classmethod
    def of(cls, model: Model, method: str | None = None, where: str = "--method") -> Evaluation:
        name = method or model.method
        if name not in METHODS:
            raise UsageError.at(where, name, f"unknown method (expected one of {', '.join(METHODS)})")
        if METHODS[name].nonnegative_scores:
            below = [c.id for c in model.criteria if c.scale[0] < 0]
            if below:
                raise UsageError.at(
                    where,
                    name,
                    f"needs scores ≥ 0 (ratio scale), but the scale of {', '.join(below)} goes below 0; "
                    "choose another method",
                )
        params = model.method_params.get(name) or check_params(name, {}, n=len(model.criteria))
        return cls(
            method=METHODS[name],
            params=params,
            values_of=ValueFunctions.of(model.criteria),
            better=tuple(c.better for c in model.criteria),
            red_lines=model.red_lines,
            scale=model.scale,
        )

    @property
    def name(self) -> str:
        return self.method.name

    @property
    def has_red_lines(self) -> bool:
        return bool(np.isfinite(self.red_lines).any())

    def matrix(self, raw: np.ndarray) -> np.ndarray:
        """What the method reads: values in [0, 1] (additive) or the raw scores (the others)."""
        return self.values_of(np.array(raw, dtype=float)) if self.method.uses_values else raw

    def result(self, raw: np.ndarray, weights: np.ndarray) -> Any:
        """The method's full result (scores and its intermediates) for raw scores and weights."""
        return self.method.function(self.matrix(raw), weights, self.better, **self.params)

    def scores(self, raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """(…, m) the method's index as published (VIKOR's Q: lower is better)."""
        scores: np.ndarray = self.result(raw, weights).scores
        return scores

    def utility(self, result: Any) -> np.ndarray:
        """(…, m) a method's result on one 0–1 scale where higher is better, the scale every
        analysis compares on: additive and TOPSIS as published, VIKOR 1 − Q, the weighted
        product relative to the draw's best (P / max P), PROMETHEE II (φ + 1)/2."""
        name = self.method.name
        out: np.ndarray
        if name == "weighted_product":
            out = result.relative
        elif name == "promethee_ii":
            out = (result.scores + 1.0) / 2.0
        else:
            out = result.scores if self.method.higher_is_better else 1.0 - result.scores
        return out

    def parts(self, result: Any, raw: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, str]:
        """(…, m, n) each criterion's part in an option's score under the method, and what the
        parts are (what `explain` shows and `rank --format json` calls contributions)."""
        name = self.method.name
        if name == "topsis":
            return result.weighted, "weight × vector-normalized score (TOPSIS's weighted matrix)"
        if name == "vikor":
            return result.gaps, "weighted regret w·(best − score)/(best − worst); sums to S"
        if name == "promethee_ii":
            w = np.asarray(weights, dtype=float)[..., None, :]
            return w * result.criterion_flows, "weight × single-criterion net flow; sums to the net flow"
        if name == "weighted_product":
            sign = np.where(np.array(self.better) == "higher", 1.0, -1.0)
            w = np.asarray(weights, dtype=float)[..., None, :]
            with np.errstate(divide="ignore", invalid="ignore"):  # ln 0 = −inf; 0 · −inf is masked
                logs = np.log(np.asarray(raw, dtype=float))
                return np.where(w == 0, 0.0, sign * w * logs), "±weight × ln score; sums to ln P"
        return result.contributions, "weight × value; sums to the score"

    def intermediates(self, result: Any) -> dict[str, np.ndarray]:
        """The method's per-option intermediates worth showing beside the score, by name."""
        wanted = {
            "topsis": ("d_plus", "d_minus"),
            "vikor": ("S", "R"),
            "promethee_ii": ("positive", "negative"),
            "weighted_product": ("log_scores", "relative"),
        }.get(self.method.name, ())
        return {k: getattr(result, k) for k in wanted}

    def crossed(self, raw: np.ndarray) -> np.ndarray:
        """(…, m, n) bool: which scores are strictly worse than their criterion's red line."""
        return crossed(raw, self.red_lines, self.better)

    def keys(self, raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """(…, m) what ranking compares, higher = better: the utility, less DEMOTION for an
        option crossing any red line, so it falls below every option crossing none (utilities
        lie in [0, 1]) while options on the same side keep the method's order."""
        if self.method.name == "additive":  # the hot path: one matmul, no intermediates
            values = self.values_of(np.array(raw, dtype=float))
            keys = (values @ np.asarray(weights, dtype=float)[..., :, None])[..., 0]
        else:
            keys = self.utility(self.result(raw, weights))
        out: np.ndarray = np.asarray(keys, dtype=float)
        if self.has_red_lines:
            out = out - DEMOTION * self.crossed(raw).any(axis=-1)
        return out

    def ranks(self, raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """(…, m) ranks, 1 = best, ties sharing the better rank, red-line crossers last."""
        return ranks(self.keys(raw, weights))
