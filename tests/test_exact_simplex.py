"""The exact 3-criterion geometry that test_smaa.py checks the Monte Carlo estimates against."""

from __future__ import annotations

import numpy as np
import pytest

from .exact_simplex import (
    area,
    centroid,
    clip,
    exact_smaa,
    interval_region,
    ordinal_region,
    to_weights,
    uniform_region,
    weight_halfplane,
)

TRIANGLE_AREA = 0.5


def test_whole_simplex_has_area_half_and_centroid_at_equal_weights():
    region = uniform_region()
    assert area(region) == pytest.approx(TRIANGLE_AREA)
    np.testing.assert_allclose(to_weights(centroid(region)), [1 / 3, 1 / 3, 1 / 3])


def test_identity_values_split_the_simplex_into_thirds_with_closed_form_centroids():
    # Option i wins where w_i is the largest weight: the kite with corners e_i, (e_i + e_k)/2
    # and the barycentre. Splitting it into two triangles of equal area gives the centroid
    # w_i = 11/18, others 7/36 each.
    result = exact_smaa(np.eye(3), uniform_region())
    np.testing.assert_allclose(result["first"], [1 / 3] * 3)
    np.testing.assert_allclose(result["last"], [1 / 3] * 3)
    expected = np.full((3, 3), 7 / 36)
    np.fill_diagonal(expected, 11 / 18)
    np.testing.assert_allclose(result["central"], expected)
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose(result["pairwise"][off], 0.5)
    assert np.isnan(np.diag(result["pairwise"])).all()


def test_ordinal_region_is_one_sixth_of_the_simplex_with_rank_order_centroid():
    # Its corners are e_top, (e_top + e_mid)/2 and the barycentre, so its centroid is the
    # rank-order-centroid weight vector (11/18, 5/18, 2/18) (Barron & Barrett 1996,
    # Management Science 42(11):1515–1523).
    region = ordinal_region([2, 0, 1])
    assert area(region) == pytest.approx(TRIANGLE_AREA / 6)
    np.testing.assert_allclose(to_weights(centroid(region)), [5 / 18, 2 / 18, 11 / 18])


def test_lower_bounds_leave_a_scaled_simplex():
    # {w_j ≥ l_j} is the simplex shrunk by 1 − Σl about the point l + (1 − Σl)/3.
    lower = np.array([0.1, 0.2, 0.3])
    region = interval_region(lower, [1.0, 1.0, 1.0])
    slack = 1 - lower.sum()
    assert area(region) == pytest.approx(TRIANGLE_AREA * slack**2)
    np.testing.assert_allclose(to_weights(centroid(region)), lower + slack / 3)


def test_upper_bounds_of_one_half_leave_the_medial_triangle():
    region = interval_region([0, 0, 0], [0.5, 0.5, 0.5])
    assert area(region) == pytest.approx(TRIANGLE_AREA / 4)
    np.testing.assert_allclose(to_weights(centroid(region)), [1 / 3, 1 / 3, 1 / 3])


def test_cutting_off_one_corner_removes_a_quarter():
    a, b = weight_halfplane([1, 0, 0], 0.5)  # w1 ≤ 1/2
    clipped = clip(uniform_region(), a, b)
    assert area(clipped) == pytest.approx(TRIANGLE_AREA * 3 / 4)


def test_zero_normal_constraint_keeps_all_or_nothing_and_strictness_excludes_ties():
    region = uniform_region()
    assert area(clip(region, [0, 0], 0.0)) == pytest.approx(TRIANGLE_AREA)  # 0 ≤ 0
    assert area(clip(region, [0, 0], 0.0, strict=True)) == 0.0  # 0 < 0
    assert area(clip(region, [0, 0], -0.1)) == 0.0


def test_constraint_missing_the_region_leaves_it_empty():
    a, b = weight_halfplane([-1, 0, 0], -1.5)  # w1 ≥ 1.5
    clipped = clip(uniform_region(), a, b)
    assert area(clipped) == 0.0
    assert np.isnan(centroid(clipped)).all()


def test_exact_shares_are_consistent_for_a_generic_matrix():
    values = np.array([[0.9, 0.2, 0.4], [0.3, 0.8, 0.5], [0.5, 0.5, 0.6], [0.6, 0.1, 0.3]])
    result = exact_smaa(values, uniform_region())
    assert result["first"].sum() == pytest.approx(1.0)
    assert result["last"].sum() == pytest.approx(1.0)
    p = result["pairwise"]
    off = ~np.eye(4, dtype=bool)
    np.testing.assert_allclose((p + p.T)[off], 1.0)
    # Option 3 is dominated by option 0 on every criterion.
    assert result["first"][3] == 0.0
    assert np.isnan(result["central"][3]).all()
    assert p[0, 3] == pytest.approx(1.0)
