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
from ..model.futures import apply_effects
from ..model.prepare import prepare
from .futures_math import FuturesResult, futures_result


def conditioned(model: Model, given: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray, dict]:
    """The futures consistent with `given` ({uncertainty: outcome}) and their probabilities given it.

    Returns codes (F, U) outcome indices, p (F,) summing to 1, and every uncertainty's outcome
    probabilities after conditioning (a given outcome has probability 1, its siblings 0).
    """
    fut = model.futures
    fut.check_outcomes(given)
    codes, p = fut.codes()
    keep = np.ones(len(p), dtype=bool)
    probabilities = fut.probabilities()
    for k, u in enumerate(fut.uncertainties):
        if u.id in given:
            keep &= codes[:, k] == u.outcome_ids.index(given[u.id])
            probabilities[u.id] = {o: float(o == given[u.id]) for o in u.outcome_ids}
    return codes[keep], p[keep] / p[keep].sum(), probabilities


def future_scores(model: Model, ev: Evaluation, codes: np.ndarray) -> np.ndarray:
    """(F, m, n) raw point scores in each future (rows of `codes`), effects applied and clipped."""
    fut, value = model.futures, model.score_array("value")
    out = np.empty((len(codes), *value.shape))
    for f, row in enumerate(codes):
        outcomes = {u.id: u.outcomes[c].id for u, c in zip(fut.uncertainties, row, strict=True)}
        out[f] = apply_effects(
            fut, outcomes, model.option_ids, model.criterion_ids, value, value, value, *model.scale
        )[0]
    return out


def futures(
    model: Model,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
    given: Mapping[str, str] | None = None,
) -> FuturesResult:
    """Every future's point-estimate scores and what follows from them (DESIGN.md, "Futures").

    `given` conditions on known outcomes: only the futures where they hold are kept, their
    probabilities renormalized. A model without futures has one future, the plain ranking.
    """
    model, method = prepare(model, weights, profile, method)
    ev = Evaluation.of(model, method)
    codes, p, probabilities = conditioned(model, dict(given or {}))
    scores = ev.utility(ev.result(future_scores(model, ev, codes), model.weights))
    labels = {o.id: o.label for o in model.options}
    weights_by_id = dict(zip(model.criterion_ids, model.weights.tolist(), strict=True))
    return futures_result(scores, p, codes, probabilities, labels, method, weights_by_id)
