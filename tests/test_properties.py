"""Invariants over generated valid models (tests/strategies.py), for every method of METHODS.

Which invariant holds for which method, and why:

- Scaling all weights by c > 0 leaves every method's ranking unchanged (additive and PROMETHEE II
  scale by c, WPM raises each product to the power c, TOPSIS's distances and VIKOR's S and R scale
  by c and cancel in the closeness and in Q). Checked on the method functions with unnormalized
  weights (the model always normalizes); WPM is compared on ln P, because P itself underflows to 0
  for large c (0.05^1024) and would then tie with a vetoed option (a floating-point limit of P;
  the model's weights sum to 1).
- Reordering options permutes the ranks the same way (equivariance), and reordering criteria
  leaves them unchanged, for every method (generated PROMETHEE thresholds are scalars, the same
  for every criterion, so they need no reordering).
- Adding a criterion of weight 0 (and no red line) changes no ranking, for every method: its
  additive contribution is 0, x⁰ = 1 in WPM (also for x = 0, by its convention), its TOPSIS
  column is all 0 after weighting (distances unchanged), its VIKOR gaps are 0 (S and R and their
  extremes unchanged), and its PROMETHEE preference is multiplied by 0.
- A dominated option (no better anywhere, worse somewhere) never ranks above its dominator, for
  every method: additive (value functions are monotone), WPM (each factor is monotone; the
  zero-score limits keep the order because the dominator's zeros sit on fewer "higher" and more
  "lower" criteria), TOPSIS (closer to the ideal and farther from the anti-ideal on every
  coordinate), VIKOR (S and R no larger, and Q is non-decreasing in both) and PROMETHEE II (the
  preference functions are non-decreasing in the difference). Red lines keep it too: a dominator
  crosses no line its dominated option does not cross.
- SMAA-2 acceptabilities: each option's row sums to 1. Tied options share the better rank, so a
  column need not sum to 1; what holds is that the ranks 1…k hold at least k options' worth of
  acceptability, and all m in total.
- Stability intervals contain the current weight; EVPI ≥ EVPPI(u) ≥ 0 for every uncertainty.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scenarios
from scenarios.analysis.futures import futures
from scenarios.methods import METHODS, ranks
from scenarios.model.decision import Criterion, Score
from scenarios.model.evaluation import Evaluation

from .strategies import model_docs, models

FAST = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))


def model_ranks(model, method=None) -> np.ndarray:
    return scenarios.rank(model, method=method).ranks.loc[list(model.option_ids)].to_numpy()


@FAST
@given(models(), st.sampled_from([0.25, 0.5, 2.0, 8.0, 1024.0]))
def test_ranking_is_invariant_to_scaling_all_weights(model, c):
    ev = Evaluation.of(model)
    raw, w = model.score_array("value"), model.weights

    def key(weights):  # WPM on ln P: P = 0.05^1024 underflows to 0 and would tie with a vetoed 0
        result = ev.result(raw, weights)
        return result.log_scores if ev.name == "weighted_product" else result.scores

    before = ranks(key(w), ev.method.higher_is_better)
    after = ranks(key(w * c), ev.method.higher_is_better)
    np.testing.assert_array_equal(before, after)


@FAST
@given(models(), st.randoms(use_true_random=False))
def test_ranking_is_equivariant_to_reordering_options(model, rnd):
    order = list(range(len(model.options)))
    rnd.shuffle(order)
    shuffled = dataclasses.replace(model, options=tuple(model.options[i] for i in order))
    np.testing.assert_array_equal(model_ranks(model)[order], model_ranks(shuffled))


@FAST
@given(models(), st.randoms(use_true_random=False))
def test_ranking_is_invariant_to_reordering_criteria(model, rnd):
    order = list(range(len(model.criteria)))
    rnd.shuffle(order)
    shuffled = dataclasses.replace(model, criteria=tuple(model.criteria[j] for j in order))
    np.testing.assert_array_equal(model_ranks(model), model_ranks(shuffled))


@FAST
@given(models(), st.integers(0, 20), st.sampled_from(["higher", "lower"]))
def test_a_zero_weight_criterion_changes_no_ranking(model, k, better):
    extra = Criterion("zero_weight", "Zero weight", better, (0.0, 20.0), 0.0)
    options = tuple(
        dataclasses.replace(o, scores={**o.scores, extra.id: Score(float((k + 3 * i) % 21), 0, 20, "fixed")})
        for i, o in enumerate(model.options)
    )
    options = tuple(  # a fixed score: low = high = value
        dataclasses.replace(
            o, scores={**o.scores, extra.id: dataclasses.replace(o.scores[extra.id], low=v, high=v)}
        )
        for o, v in ((o, o.scores[extra.id].value) for o in options)
    )
    wider = dataclasses.replace(model, criteria=(*model.criteria, extra), options=options)
    params = dict(model.method_params)
    wider = dataclasses.replace(wider, method_params=params)
    np.testing.assert_array_equal(model_ranks(model), model_ranks(wider))


def dominates(model, a: int, b: int) -> bool:
    """Option a is at least as good as b on every criterion and better on one (point scores)."""
    x = model.score_array("value")
    sign = np.array([1.0 if c.better == "higher" else -1.0 for c in model.criteria])
    da, db = x[a] * sign, x[b] * sign
    return bool(np.all(da >= db) and np.any(da > db))


@FAST
@given(model_docs(options=(2, 6)), st.data())
def test_a_dominated_option_never_ranks_above_its_dominator(docs, data):
    # make option o1 dominated by o0: copy o0's scores and worsen some of them
    o0, o1 = docs.options["o0"]["scores"], docs.options["o1"]["scores"]
    for cid, c in docs.weights["criteria"].items():
        low, high = c["scale"]
        v = o0[cid] if not isinstance(o0[cid], dict) else o0[cid]["value"]
        worse = data.draw(st.integers(0, 5)) * (high - low) / 20
        v1 = max(low, v - worse) if c["better"] == "higher" else min(high, v + worse)
        o1[cid] = v1
        o0[cid] = v
    from .strategies import load_docs

    model = load_docs(docs)
    if not dominates(model, 0, 1):
        return
    for method in METHODS:
        if METHODS[method].nonnegative_scores and any(c.scale[0] < 0 for c in model.criteria):
            continue
        r = model_ranks(model, method)
        assert r[0] <= r[1], (method, r)


@SLOW
@given(models(options=(2, 6), criteria=(2, 6)))
def test_acceptability_rows_sum_to_one_and_ranks_fill_up(model):
    result = scenarios.sensitivity(model, samples=2000, seed=1, workers=1)
    b = result.acceptability.to_numpy()
    m = len(model.options)
    np.testing.assert_allclose(b.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(b.sum(), m, atol=1e-9)
    assert np.all(np.cumsum(b.sum(axis=0)) >= np.arange(1, m + 1) - 1e-9)


@FAST
@given(models(options=(2, 6), criteria=(2, 8)))
def test_stability_intervals_contain_the_current_weight(model):
    frame = scenarios.stability(model).intervals
    w = frame["weight"]
    assert np.all(frame["top_lower"] <= w + 1e-9) and np.all(w <= frame["top_upper"] + 1e-9)
    assert np.all(frame["rank_lower"] <= w + 1e-9) and np.all(w <= frame["rank_upper"] + 1e-9)


@FAST
@given(models(futures=True))
def test_evpi_is_at_least_every_evppi_which_is_at_least_zero(model):
    result = futures(model)
    assert result.evpi >= 0
    for u, x in result.evppi.items():
        assert 0 <= x <= result.evpi + 1e-12, u
