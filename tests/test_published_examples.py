"""Published worked examples, pinned with the numbers their sources print.

Each test names the source it read: a document (title, section) or a repository and file.
Monte Carlo results are compared within 4 combined standard errors (ours and, where the
published number is itself a Monte Carlo estimate, its own) plus the published rounding.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import scenarios
from scenarios import load_model

from .conftest import write_model

# ---- 1. Weighted sum model: Wikipedia, "Weighted sum model", § Example ----------------------
# Decision matrix and "WSM Score" column as printed in the article's example table (read in the
# copies at wikiclassic.com/wiki/Weighted_sum_model and cryer.org.uk/weighted_sum_model):
# weights C1..C4 = 0.20, 0.15, 0.40, 0.25; A1 = 25, 20, 15, 30 → 21.50; A2 = 10, 30, 20, 30
# → 22.00; A3 = 30, 10, 30, 10 → 22.00. The article sums raw performances (all criteria "in
# exactly the same unit", higher is better). Our criteria map a score to a value in [0, 1]
# through their scale, so every criterion gets the same scale [0, 100]: the value is the
# performance / 100 and our score is the WSM score / 100, the same ordering and ties.
WSM_WEIGHTS = (0.20, 0.15, 0.40, 0.25)
WSM_MATRIX = {"A1": (25, 20, 15, 30), "A2": (10, 30, 20, 30), "A3": (30, 10, 30, 10)}
WSM_PRINTED = {"A1": 21.50, "A2": 22.00, "A3": 22.00}
WSM_SCALE = 100.0


def wsm_model(tmp_path):
    crits = {
        f"c{j + 1}": {"label": f"C{j + 1}", "better": "higher", "scale": [0, WSM_SCALE], "weight": w}
        for j, w in enumerate(WSM_WEIGHTS)
    }
    options = {
        a: {"label": a, "scores": {f"c{j + 1}": float(x) for j, x in enumerate(row)}}
        for a, row in WSM_MATRIX.items()
    }
    return load_model(write_model(tmp_path / "wsm", {"title": "WSM example", "criteria": crits}, options))


def test_weighted_sum_example_scores_match_the_printed_wsm_scores(tmp_path):
    """Wikipedia, "Weighted sum model", § Example: the WSM scores 21.50, 22.00 and 22.00 of
    A1, A2 and A3, reproduced to the printed two decimals (here to floating-point rounding)."""
    r = scenarios.rank(wsm_model(tmp_path))
    np.testing.assert_allclose(r.weights.to_numpy(), WSM_WEIGHTS)
    for option, printed in WSM_PRINTED.items():
        assert round(r.scores[option] * WSM_SCALE, 2) == printed
        assert r.scores[option] * WSM_SCALE == pytest.approx(printed, abs=1e-9)
        # the article's formula, A_i = Σ_j w_j a_ij, term by term
        terms = np.array(WSM_WEIGHTS) * np.array(WSM_MATRIX[option]) / WSM_SCALE
        np.testing.assert_allclose(r.contributions.loc[option].to_numpy(), terms, atol=1e-15)
    assert r.ranks["A1"] == 3  # last, behind both 22.00s


def test_weighted_sum_example_tie_shares_the_first_rank(tmp_path):
    """Wikipedia, "Weighted sum model", § Example: A2 and A3 both score 22.00, so under our tie
    rule ("ties share the better rank", README) both rank 1 and A1 ranks 3."""
    r = scenarios.rank(wsm_model(tmp_path))
    assert r.ranks.to_dict() == {"A1": 3, "A2": 1, "A3": 1}


# ---- 2. Piecewise-linear value functions: R package smaa, smaa.pvf -----------------------------
# gertvv/rsmaa, smaa/tests/pvf.R (cutoffs, values and the stopifnot() expectations) and
# smaa/man/smaa.pvf.Rd (its example: x = 50, 90, 100 → 1.0, 0.5, 0.0 on the same function as
# pvf4). Cutoffs run over the whole scale, so these are our `value_function` points exactly.
PVF_CASES = {
    "pvf1": ("higher", [(-0.15, 0.0), (0.35, 1.0)], {0.35: 1.0, -0.15: 0.0, 0.1: 0.5}),
    "pvf2": ("lower", [(50, 1.0), (100, 0.0)], {50: 1.0, 100: 0.0, 75: 0.5}),
    "pvf3": (
        "higher",
        [(-0.15, 0.0), (0.0, 0.1), (0.25, 0.9), (0.35, 1.0)],
        {0.35: 1.0, -0.15: 0.0, 0.0: 0.1, 0.25: 0.9, 0.1: 2 / 5 * 0.8 + 0.1},
    ),
    "pvf4": (
        "lower",
        [(50, 1.0), (75, 0.8), (90, 0.5), (100, 0.0)],
        {50: 1.0, 60: 1 - (2 / 5 * 0.2), 75: 0.8, 90: 0.5, 100: 0.0},
    ),
}


@pytest.mark.parametrize("case", list(PVF_CASES))
def test_piecewise_linear_values_match_r_smaa_pvf(tmp_path, case):
    """R smaa's smaa.pvf (gertvv/rsmaa, smaa/tests/pvf.R; smaa/man/smaa.pvf.Rd example): each
    score's value on the piecewise-linear function equals R's asserted value. Two-point cases
    are read as plain linear criteria (scale and `better`); the others as `value_function`."""
    better, points, expected = PVF_CASES[case]
    xs = [x for x, _ in points]
    crit = {"label": case, "better": better, "scale": [xs[0], xs[-1]], "weight": 1}
    if len(points) > 2:
        crit["value_function"] = [[float(x), float(v)] for x, v in points]
    options = {f"x{i}": {"scores": {"c": float(x)}} for i, x in enumerate(expected)}
    m = load_model(write_model(tmp_path / case, {"title": case, "criteria": {"c": crit}}, options))
    values = scenarios.rank(m).values["c"]
    for i, v in enumerate(expected.values()):
        assert values[f"x{i}"] == pytest.approx(v, abs=1e-12)


# ---- 3. SMAA-2: JSMAA's antidepressant benefit-risk model --------------------------------------
# tommite/jsmaa, lib/src/test/java/fi/smaa/jsmaa/simulator/SMAA2SimulationTest.java,
# testCorrectResultsWithBRModel: four antidepressants on efficacy (HAM-D response, an odds
# ratio, LogNormalMeasurement(mean, sd) of its log) and five adverse-event rates in %
# (GaussianMeasurement(mean, sd), lower is better), no preference information (weights uniform
# on the simplex), 10,000 iterations; it asserts the rank acceptabilities and central weights
# below to ±0.02 and the confidence factors to ±0.03. (The same criteria, with Placebo added,
# are rsmaa's itest/hansen-*.txt.)
#
# How JSMAA evaluates, read from its sources (same repository, lib/src/main/java/fi/smaa/jsmaa/):
# - model/GaussianMeasurement.getRange(): mean ± 1.96 sd; model/LogNormalMeasurement:
#   exp(mean ± 1.96 sd), sampled as exp(Gaussian);
# - model/ImpactMatrix.updateScales(): a criterion's scale is the enclosing interval of its
#   alternatives' ranges;
# - model/maut/UtilityFunction.utility(): linear from the scale's worst (0) to best (1) end,
#   extrapolated linearly beyond it (draws are not truncated);
# - simulator/SMAA2Simulation: central weights are the mean weights of the draws ranking first;
#   confidence factors re-sample the measurements and count an alternative first unless
#   another scores strictly higher under its central weights (our tie rule too).
#
# Adapting it honestly to our model format:
# - Our normal scores are truncated to the criterion scale and values must lie in [0, 1]. So
#   each scale is JSMAA's, widened by WIDEN times its length on both sides: a draw outside it
#   is more than 9 sd from its mean. A common widening maps every criterion's JSMAA value u to
#   (WIDEN + u)/(1 + 2·WIDEN): the same positive factor on every criterion plus a constant per
#   criterion, which adds Σ_j w_j·const_j to every option alike in a draw, so every ranking,
#   hence every acceptability, central weight and confidence factor, is unchanged.
# - Efficacy: our score is the log odds ratio, drawn normal(mean, sd) as JSMAA draws it, with a
#   piecewise-linear value function through EFFICACY_POINTS points of exp(), i.e. linear in the
#   odds ratio as JSMAA's (interpolation error below 1e-6 in value).
# - Our `range` for a normal score is read as mean ± 1.96 sd (sampling.NORMAL_RANGE_Z = 3.92).
Z95 = 1.96
WIDEN = 2.0
EFFICACY_POINTS = 1001
BR_OPTIONS = ("fluoxetine", "paroxetine", "sertraline", "venlafaxine")
BR_EFFICACY = {  # LogNormalMeasurement(mean, sd) of the odds ratio
    "fluoxetine": (0.0, 0.0),
    "paroxetine": (0.086, 0.056),
    "sertraline": (0.095, 0.044),
    "venlafaxine": (0.113, 0.048),
}
BR_ADVERSE = {  # GaussianMeasurement(mean, sd), % of patients; order: fluox, parox, sert, ven
    "diarrhea": ((11.7, 2.5), (9.2, 1.86), (15.4, 2.65), (5.5, 2.32)),
    "dizziness": ((7.2, 1.45), (10.6, 1.58), (7.5, 1.48), (15.7, 4.44)),
    "headache": ((16.6, 3.27), (21.2, 5.15), (20.2, 3.78), (12.8, 2.45)),
    "insomnia": ((13.7, 1.89), (14.3, 2.93), (15.0, 3.21), (11.2, 3.98)),
    "nausea": ((18.6, 1.79), (18.3, 3.7), (19.5, 2.6), (31.0, 1.68)),
}
BR_CRITERIA = ("efficacy", *BR_ADVERSE)
# The asserted values of testCorrectResultsWithBRModel (ranks 1..4; criteria as BR_CRITERIA).
JSMAA_ACCEPTABILITY = {
    "fluoxetine": (0.20, 0.28, 0.30, 0.22),
    "paroxetine": (0.25, 0.29, 0.27, 0.19),
    "sertraline": (0.17, 0.25, 0.29, 0.30),
    "venlafaxine": (0.39, 0.18, 0.15, 0.29),
}
JSMAA_CENTRAL_WEIGHTS = {
    "fluoxetine": (0.08, 0.14, 0.23, 0.18, 0.16, 0.22),
    "paroxetine": (0.18, 0.17, 0.15, 0.13, 0.15, 0.22),
    "sertraline": (0.21, 0.10, 0.22, 0.13, 0.15, 0.20),
    "venlafaxine": (0.18, 0.21, 0.12, 0.21, 0.19, 0.09),
}
JSMAA_CONFIDENCE = {"fluoxetine": 0.48, "paroxetine": 0.44, "sertraline": 0.34, "venlafaxine": 0.74}
JSMAA_DRAWS = 10_000
PRINTED_ROUNDING = 0.005  # two decimals
BR_DRAWS = 200_000


def _normal(mean: float, sd: float):
    if sd == 0:
        return mean
    return {"value": mean, "range": [mean - Z95 * sd, mean + Z95 * sd], "distribution": "normal"}


def _widened(lo: float, hi: float) -> list[float]:
    return [lo - WIDEN * (hi - lo), hi + WIDEN * (hi - lo)]


def br_model(tmp_path):
    # efficacy: JSMAA's odds-ratio scale [lo, hi], widened, mapped to our log-odds-ratio score
    lo = min(math.exp(m - Z95 * s) for m, s in BR_EFFICACY.values())
    hi = max(math.exp(m + Z95 * s) for m, s in BR_EFFICACY.values())
    or_lo, or_hi = _widened(lo, hi)
    xs = np.linspace(math.log(or_lo), math.log(or_hi), EFFICACY_POINTS)
    vs = np.clip((np.exp(xs) - or_lo) / (or_hi - or_lo), 0.0, 1.0)
    vs[0], vs[-1] = 0.0, 1.0
    crits = {
        "efficacy": {
            "better": "higher",
            "scale": [float(xs[0]), float(xs[-1])],
            "weight": 1,
            "value_function": [[float(x), float(v)] for x, v in zip(xs, vs, strict=True)],
        }
    }
    for cid, rows in BR_ADVERSE.items():
        lo = min(m - Z95 * s for m, s in rows)
        hi = max(m + Z95 * s for m, s in rows)
        crits[cid] = {"better": "lower", "scale": _widened(lo, hi), "weight": 1}
    options = {
        oid: {
            "scores": {
                "efficacy": _normal(*BR_EFFICACY[oid]),
                **{cid: _normal(*rows[i]) for cid, rows in BR_ADVERSE.items()},
            }
        }
        for i, oid in enumerate(BR_OPTIONS)
    }
    weights = {"title": "JSMAA BR model", "criteria": crits, "weight_uncertainty": {"model": "uniform"}}
    return load_model(write_model(tmp_path / "br", weights, options))


def _binomial_se(p, n):
    p = np.asarray(p, dtype=float)
    return np.sqrt(p * (1 - p) / n)


def test_smaa2_benefit_risk_model_matches_jsmaa(tmp_path):
    """JSMAA (tommite/jsmaa), SMAA2SimulationTest.testCorrectResultsWithBRModel: rank
    acceptabilities, central weights and confidence factors of the four antidepressants with
    no preference information. JSMAA's numbers are Monte Carlo estimates from 10,000 draws
    printed to two decimals, so each comparison allows 4 combined standard errors (ours and
    theirs) plus 0.005 of rounding."""
    m = br_model(tmp_path)
    assert m.criterion_ids == BR_CRITERIA
    r = scenarios.sensitivity(m, samples=BR_DRAWS, seed=2011, workers=1)
    opts = list(BR_OPTIONS)

    # rank acceptabilities: binomial standard errors, exact for a share
    b = r.acceptability.loc[opts].to_numpy()
    ref = np.array([JSMAA_ACCEPTABILITY[o] for o in opts])
    tol = 4 * np.hypot(_binomial_se(b, BR_DRAWS), _binomial_se(ref, JSMAA_DRAWS)) + PRINTED_ROUNDING
    assert np.all(np.abs(b - ref) <= tol), (b.round(4), ref)

    # central weights: the mean of the weights of the draws in which the option is first, so
    # SE = sd / sqrt(first-rank draws). The per-draw sd of one component is at most 0.25 here
    # (measured ≤ 0.19 across 40 seeds; a uniform-simplex component over 6 criteria has 0.14).
    first = b[:, 0]
    cw = r.central_weights.loc[opts, list(BR_CRITERIA)].to_numpy()
    ref_cw = np.array([JSMAA_CENTRAL_WEIGHTS[o] for o in opts])
    se = np.hypot(0.25 / np.sqrt(first * BR_DRAWS), 0.25 / np.sqrt(ref[:, 0] * JSMAA_DRAWS))
    tol = 4 * se[:, None] + PRINTED_ROUNDING
    assert np.all(np.abs(cw - ref_cw) <= tol), (cw.round(3), ref_cw)

    # confidence factors: a share of fresh draws, but judged with central weights that are
    # themselves estimates, which spreads them up to 1.6× their binomial SE across seeds at
    # 10,000 draws; allow twice the binomial SE on each side
    cf = r.confidence.loc[opts].to_numpy()
    ref_cf = np.array([JSMAA_CONFIDENCE[o] for o in opts])
    se = np.hypot(2 * _binomial_se(cf, BR_DRAWS), 2 * _binomial_se(ref_cf, JSMAA_DRAWS))
    assert np.all(np.abs(cf - ref_cf) <= 4 * se + PRINTED_ROUNDING), (cf.round(3), ref_cf)


def test_identical_options_share_first_and_central_weights_are_the_simplex_centre(tmp_path):
    """JSMAA (tommite/jsmaa), SMAA2SimulationTest.testEqualRanks: two alternatives measured
    alike on three criteria, no preference information; both central weight vectors are
    0.333 on every criterion (asserted ±0.01). That holds only if tied alternatives both count
    as first in every draw, as our tie rule (and R smaa's) has it."""
    crits = {f"c{j}": {"better": "higher", "scale": [0, 1], "weight": 1} for j in range(3)}
    options = {o: {"scores": {f"c{j}": 0.0 for j in range(3)}} for o in ("alt1", "alt2")}
    weights = {"title": "equal", "criteria": crits, "weight_uncertainty": {"model": "uniform"}}
    m = load_model(write_model(tmp_path / "equal", weights, options))
    n = 50_000
    r = scenarios.sensitivity(m, samples=n, seed=5, workers=1)
    assert (r.acceptability[1] == 1.0).all()
    # SE of a mean of uniform-simplex components (sd sqrt(2/36/4) = 0.236 for 3 criteria)
    tol = 4 * math.sqrt(2 / 36 / 4) / math.sqrt(n) + 0.0005  # 0.333 printed to three decimals
    np.testing.assert_allclose(r.central_weights.to_numpy(), 1 / 3, atol=tol)
    assert abs(r.central_weights.to_numpy() - 0.333).max() <= 0.01  # JSMAA's own assertion
