"""How each option fares across the futures of `futures.toml`: scores, regret, robust choices,
where each option breaks, and what is worth finding out before choosing (EVPI, EVPPI).

The arithmetic over the (futures × options) score table lives in `futures_math` and `breaks`;
this module builds that table from a model: every future's effects applied to the point
scores, then the model's method (VIKOR's Q turned into 1 − Q so that higher is better).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..model.decision import Model
from ..model.evaluation import Evaluation
from ..model.prepare import prepare
from .futures_math import FuturesResult, futures_result


def futures(
    model: Model,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
    given: Mapping[str, str] | None = None,
) -> FuturesResult:
    """Every future's point-estimate scores and what follows from them (docs/model-format.md, "Futures").

    `given` conditions on known outcomes: only the futures where they hold are kept, their
    probabilities renormalized. A model without futures has one future, the plain ranking.
    """
    model, method = prepare(model, weights, profile, method)
    ev = Evaluation.of(model, method)
    codes, p, probabilities = model.futures.conditioned(dict(given or {}))
    scores = ev.utility(ev.result(model.values_in_futures(codes), model.weights))
    labels = {o.id: o.label for o in model.options}
    weights_by_id = dict(zip(model.criterion_ids, model.weights.tolist(), strict=True))
    return futures_result(scores, p, codes, probabilities, labels, method, weights_by_id)
