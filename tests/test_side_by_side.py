"""Stakeholder groups and methods side by side: members' runs, their mixture, and agreement."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios import load_model, sensitivity
from scenarios.analysis.side_by_side import by_method, by_profile
from scenarios.errors import UsageError

from .conftest import write_model

RUN = {"samples": 20_000, "seed": 11, "workers": 1}


@pytest.fixture
def group_model(tmp_path, small_docs):
    w, o = small_docs
    w["profiles"] = {
        "cheap": {"label": "Cost first", "weights": {"cost": 8, "safety": 1, "speed": 1}},
        "safe": {"label": "Safety first", "weights": {"cost": 1, "safety": 8, "speed": 1}},
    }
    return load_model(write_model(tmp_path / "g", w, o))


def test_each_member_is_its_own_run_with_the_same_seed(group_model):
    g = by_profile(group_model, ["cheap", "safe"], **RUN)
    alone = sensitivity(group_model, profile="safe", **RUN)
    assert g.runs["safe"].acceptability.equals(alone.acceptability)
    np.testing.assert_allclose(g.first["safe"], alone.acceptability[1])


def test_the_mixture_is_the_share_weighted_acceptability_with_stratified_se(group_model):
    g = by_profile(group_model, ["cheap", "safe"], shares=[3, 1], **RUN)
    a, b = g.runs["cheap"], g.runs["safe"]
    np.testing.assert_allclose(g.acceptability, 0.75 * a.acceptability + 0.25 * b.acceptability)
    np.testing.assert_allclose(
        g.acceptability_se, np.sqrt(0.75**2 * a.acceptability_se**2 + 0.25**2 * b.acceptability_se**2)
    )
    np.testing.assert_allclose(g.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(g.acceptability.sum(axis=0), 1.0)


def test_mixture_matches_a_run_that_draws_the_member_each_time_within_4_se(group_model):
    """With fixed scores and the model's Dirichlet around each profile, the mixture estimates what
    drawing a profile per draw would: check against two independent runs pooled by hand."""
    g = by_profile(group_model, ["cheap", "safe"], fixed_scores=True, **RUN)
    other = {
        k: sensitivity(group_model, profile=k, fixed_scores=True, samples=20_000, seed=99, workers=1)
        for k in ("cheap", "safe")
    }
    pooled = 0.5 * other["cheap"].acceptability[1] + 0.5 * other["safe"].acceptability[1]
    se = np.sqrt(
        g.first_se["mixed"] ** 2
        + 0.25 * (other["cheap"].acceptability_se[1] ** 2 + other["safe"].acceptability_se[1] ** 2)
    )
    assert np.all(np.abs(g.first["mixed"] - pooled) <= 4 * se + 1e-12)


def test_splits_and_picks_show_where_the_group_disagrees(group_model):
    g = by_profile(group_model, ["cheap", "safe"], **RUN)
    assert list(g.splits.index[:2]) == ["cost", "safety"] or list(g.splits.index[:2]) == ["safety", "cost"]
    assert g.splits["speed"] == pytest.approx(0.0)
    assert g.picks["cheap"] == "gamma" and g.picks["safe"] == "beta"  # cheapest, safest
    assert not g.agree
    d = g.to_dict()
    assert d["members"]["cheap"]["pick"] == "gamma" and d["kind"] == "profile"


def test_methods_side_by_side_use_the_same_draws(small_model_dir):
    m = load_model(small_model_dir)
    s = by_method(m, ["additive", "topsis"], **RUN)
    assert s.runs["topsis"].method == "topsis"
    np.testing.assert_allclose(s.first["mixed"], 0.5 * s.first["additive"] + 0.5 * s.first["topsis"])


@pytest.mark.parametrize(
    "members, shares, fragment",
    [
        (["cheap"], None, "two or more"),
        (["cheap", "cheap"], None, "two or more"),
        (["cheap", "nope"], None, "unknown profile"),
        (["cheap", "safe"], [1], "one share per member"),
        (["cheap", "safe"], [1, -1], "non-negative"),
        (["cheap", "safe"], [0, 0], "not all 0"),
    ],
)
def test_bad_groups_are_refused(group_model, members, shares, fragment):
    with pytest.raises(UsageError, match=fragment):
        by_profile(group_model, members, shares=shares, **RUN)
