"""Exact SMAA-2 answers for 3 criteria and fixed criterion values, by plane geometry.

The weight simplex {w ≥ 0, w1 + w2 + w3 = 1} is mapped to the triangle
{(w1, w2) : w1 ≥ 0, w2 ≥ 0, w1 + w2 ≤ 1} with w3 = 1 − w1 − w2. The map is affine, so a
uniform density on the simplex is uniform on the triangle and area ratios are probabilities.
Every weight model used here (uniform, ordinal, interval) and every "option i beats option k"
set is an intersection of half-planes, so each first-rank region is a convex polygon obtained
by Sutherland–Hodgman clipping; shares are shoelace areas and central weights are centroids
(the definitions of Lahdelma & Salminen 2001, Operations Research 49(3):444–454).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

Polygon = np.ndarray  # (k, 2) vertices (w1, w2) in order; k = 0 for the empty polygon
HalfPlane = tuple[np.ndarray, float]  # (a, b) meaning a · (w1, w2) ≤ b


def clip(polygon: Polygon, a: Sequence[float], b: float, *, strict: bool = False) -> Polygon:
    """Sutherland–Hodgman: the part of a convex polygon with a·x ≤ b (a·x < b if strict).

    polygon: (k, 2); a: (2,). Strictness changes the area only when a = 0 (the constraint is
    then all-or-nothing), which is how ties between identical options are excluded.
    """
    a = np.asarray(a, dtype=np.float64)
    if len(polygon) == 0:
        return polygon
    slack = b - polygon @ a  # (k,): > 0 strictly inside
    inside = slack > 0 if strict else slack >= 0
    out: list[np.ndarray] = []
    k = len(polygon)
    for j in range(k):
        p, q = polygon[j], polygon[(j + 1) % k]
        sp, sq = slack[j], slack[(j + 1) % k]
        if inside[j]:
            out.append(p)
        if inside[j] != inside[(j + 1) % k]:
            out.append(p + (q - p) * (sp / (sp - sq)))
    return np.array(out).reshape(-1, 2)


def area(polygon: Polygon) -> float:
    """Shoelace area of a simple polygon (k, 2); 0 for fewer than 3 vertices."""
    if len(polygon) < 3:
        return 0.0
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))


def centroid(polygon: Polygon) -> np.ndarray:
    """Area centroid (2,) of a simple polygon (k, 2); NaN if its area is 0."""
    if area(polygon) == 0.0:
        return np.full(2, np.nan)
    x, y = polygon[:, 0], polygon[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    signed = cross.sum() / 2.0
    return np.array([((x + x1) * cross).sum(), ((y + y1) * cross).sum()]) / (6.0 * signed)


def to_weights(point: np.ndarray) -> np.ndarray:
    """(…, 2) triangle coordinates → (…, 3) weights with w3 = 1 − w1 − w2."""
    point = np.asarray(point, dtype=np.float64)
    return np.concatenate([point, 1.0 - point.sum(axis=-1, keepdims=True)], axis=-1)


def weight_halfplane(c: Sequence[float], d: float) -> HalfPlane:
    """The constraint c · w ≤ d on 3 weights, written in triangle coordinates.

    c·w = c1 w1 + c2 w2 + c3 (1 − w1 − w2) ≤ d  ⇔  (c1 − c3, c2 − c3) · (w1, w2) ≤ d − c3.
    """
    c1, c2, c3 = (float(x) for x in c)
    return np.array([c1 - c3, c2 - c3]), float(d) - c3


def clip_all(polygon: Polygon, halfplanes: Sequence[HalfPlane], *, strict: bool = False) -> Polygon:
    """Clip by every half-plane in turn."""
    for a, b in halfplanes:
        polygon = clip(polygon, a, b, strict=strict)
    return polygon


def uniform_region() -> Polygon:
    """The whole weight simplex: triangle (0,0), (1,0), (0,1), i.e. w = e3, e1, e2."""
    return np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])


def ordinal_region(order: Sequence[int]) -> Polygon:
    """Weights ranked w[order[0]] ≥ w[order[1]] ≥ w[order[2]] (criterion indices 0..2)."""
    constraints = []
    for hi, lo in pairwise(order):
        c = np.zeros(3)
        c[lo], c[hi] = 1.0, -1.0  # w_lo − w_hi ≤ 0
        constraints.append(weight_halfplane(c, 0.0))
    return clip_all(uniform_region(), constraints)


def interval_region(lower: Sequence[float], upper: Sequence[float]) -> Polygon:
    """Weights with lower[j] ≤ w_j ≤ upper[j] for each of the 3 criteria."""
    constraints = []
    for j in range(3):
        e = np.zeros(3)
        e[j] = 1.0
        constraints.append(weight_halfplane(-e, -float(lower[j])))
        constraints.append(weight_halfplane(e, float(upper[j])))
    return clip_all(uniform_region(), constraints)


def first_region(values: np.ndarray, i: int, region: Polygon) -> Polygon:
    """region ∩ {w : v_i · w ≥ v_k · w for all k}; values (m, 3)."""
    planes = [weight_halfplane(values[k] - values[i], 0.0) for k in range(len(values)) if k != i]
    return clip_all(region, planes)


def last_region(values: np.ndarray, i: int, region: Polygon) -> Polygon:
    """region ∩ {w : v_i · w ≤ v_k · w for all k}; values (m, 3)."""
    planes = [weight_halfplane(values[i] - values[k], 0.0) for k in range(len(values)) if k != i]
    return clip_all(region, planes)


def exact_smaa(values: np.ndarray, region: Polygon) -> dict[str, np.ndarray]:
    """Exact SMAA-2 indices for fixed values (m, 3) and weights uniform on ``region``.

    Returns first: (m,) first-rank acceptability b(i, 1); last: (m,) b(i, m);
    central: (m, 3) central weights, NaN rows where the first-rank area is 0;
    pairwise: (m, m) P(v_i · w > v_k · w), diagonal NaN.
    """
    values = np.asarray(values, dtype=np.float64)
    m = len(values)
    total = area(region)
    first = np.empty(m)
    last = np.empty(m)
    central = np.full((m, 3), np.nan)
    pairwise = np.full((m, m), np.nan)
    for i in range(m):
        poly = first_region(values, i, region)
        first[i] = area(poly) / total
        if first[i] > 0:
            central[i] = to_weights(centroid(poly))
        last[i] = area(last_region(values, i, region)) / total
        for k in range(m):
            if k != i:
                # v_i·w > v_k·w  ⇔  (v_k − v_i)·w < 0
                a, b = weight_halfplane(values[k] - values[i], 0.0)
                pairwise[i, k] = area(clip(region, a, b, strict=True)) / total
    return {"first": first, "last": last, "central": central, "pairwise": pairwise}
