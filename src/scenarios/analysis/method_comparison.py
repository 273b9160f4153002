"""Does the method matter? Every option ranked under every aggregation method, at the point estimate.

Compensatory (additive, weighted product) and set-dependent methods (TOPSIS, VIKOR, PROMETHEE II,
whose scores depend on which other options are in the set) can order the same options differently;
when they agree the choice does not hang on the method.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..methods import METHODS
from ..model.decision import Model
from .ranking import Ranking, rank


@dataclass(frozen=True)
class MethodComparison:
    """The rankings of one model's options under several methods (same weights, scores, red lines).

    ranks, scores: (m, methods) frames indexed by option id (model order), one column per method
    in `METHODS` order; scores are each method's index as published (VIKOR's Q: lower is better).
    skipped: method → why it could not rank this model (e.g. the weighted product on a scale
    below 0).
    """

    rankings: Mapping[str, Ranking]
    skipped: Mapping[str, str] = field(default_factory=dict)

    @property
    def methods(self) -> list[str]:
        return list(self.rankings)

    @property
    def ranks(self) -> pd.DataFrame:
        return pd.DataFrame({k: r.ranks for k, r in self.rankings.items()}).rename_axis(
            index="option", columns="method"
        )

    @property
    def scores(self) -> pd.DataFrame:
        return pd.DataFrame({k: r.scores for k, r in self.rankings.items()}).rename_axis(
            index="option", columns="method"
        )

    @property
    def option_labels(self) -> pd.Series:
        return next(iter(self.rankings.values())).option_labels

    def first(self) -> dict[str, list[str]]:
        """Method → the option ids it ranks first (several when tied), in model order."""
        return {k: [o for o in r.order() if r.ranks[o] == 1] for k, r in self.rankings.items()}

    def agree(self) -> bool:
        """True when every method puts the same option(s) first."""
        firsts = {tuple(v) for v in self.first().values()}
        return len(firsts) == 1

    def to_frame(self) -> pd.DataFrame:
        """One column per method, each cell "rank (score)"; options in the first method's order."""
        first = next(iter(self.rankings.values()))
        cells = {
            k: [f"{int(r.ranks[o])} ({r.scores[o]:.3f})" for o in first.order()]
            for k, r in self.rankings.items()
        }
        return pd.DataFrame(cells, index=pd.Index(first.order(), name="option"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "methods": {
                k: {
                    "higher_is_better": METHODS[k].higher_is_better,
                    "options": [
                        {"id": o, "rank": int(r.ranks[o]), "score": float(r.scores[o])} for o in r.order()
                    ],
                }
                for k, r in self.rankings.items()
            },
            "first": self.first(),
            "skipped": dict(self.skipped),
        }


def compare_methods(
    model: Model,
    methods: list[str] | None = None,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
) -> MethodComparison:
    """Rank `model` under each of `methods` (default: every method in `METHODS`) with `rank()`;
    a method that refuses the model (a UsageError) is left out and its reason kept in `skipped`."""
    rankings: dict[str, Ranking] = {}
    skipped: dict[str, str] = {}
    for name in methods or list(METHODS):
        try:
            rankings[name] = rank(model, weights=weights, profile=profile, method=name)
        except UsageError as e:
            if name not in METHODS:
                raise
            skipped[name] = e.problems[0].message if e.problems else str(e)
    if not rankings:
        raise UsageError.at("--method", ",".join(methods or METHODS), "no method could rank this model")
    return MethodComparison(rankings, skipped)
